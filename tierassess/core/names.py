"""One person, one name: the comparison used for segregation of duties.

"Nguyễn Văn Kỹ", "nguyen van ky" and "NGUYEN  VAN KY" are one person. Names are compared after
Unicode compatibility normalisation, case folding, removal of diacritics and collapsing of
whitespace. Vietnamese đ/Đ is a letter of its own, not d with a combining mark, so Unicode does
not decompose it: it is mapped to d by hand.
"""

from __future__ import annotations

import unicodedata

# Letters with a stroke or ligature that no Unicode decomposition reduces to a base letter.
_UNDECOMPOSED = str.maketrans({"đ": "d", "ð": "d", "ł": "l", "ø": "o", "ħ": "h", "ß": "ss"})


def person_key(name: str | None) -> str:
    """The form of a name that two spellings of one person share."""
    text = unicodedata.normalize("NFKD", name or "").casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return " ".join(text.split())


def same_person(first: str | None, second: str | None) -> bool:
    """True when two names are spellings of one person (an empty name matches nobody)."""
    key = person_key(first)
    return bool(key) and key == person_key(second)
