"""User-interface strings in Vietnamese and English.

They live in one place, ``tierassess/locale/*.toml`` (one file per command family, keys prefixed
by that family), read with the standard library's TOML parser so that ``--help`` stays fast.
"""

from __future__ import annotations

import json
import os
import zlib
from functools import cache
from typing import Any

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
_current = [os.environ.get("TIERASSESS_LANG", DEFAULT_LANG)]


def set_lang(lang: str) -> None:
    """Choose the language of messages for the rest of this process."""
    _current[0] = lang if lang in LANGS else DEFAULT_LANG


def current_lang() -> str:
    """The language messages are given in now (``vi`` unless set)."""
    return _current[0] if _current[0] in LANGS else DEFAULT_LANG


def _flatten(prefix: str, table: dict[str, Any], out: dict[str, dict[str, str]]) -> None:
    for key, value in table.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and set(value) <= set(LANGS) and value:
            out[name] = {k: str(v) for k, v in value.items()}
        elif isinstance(value, dict):
            _flatten(name, value, out)


# os.path rather than pathlib here: pathlib costs ~7 ms to import, on every start.
LOCALE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")
COMPILED = os.path.join(LOCALE_DIR, "compiled.json")


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _sources() -> tuple[list[str], str]:
    # A checksum, not a cryptographic hash: it only tells a stale compiled copy from a fresh one,
    # and zlib is already loaded where hashlib would cost milliseconds on every start.
    files = sorted(
        os.path.join(LOCALE_DIR, n) for n in os.listdir(LOCALE_DIR) if n.endswith(".toml")
    )
    checksum = 0
    for path in files:
        checksum = zlib.crc32(os.path.basename(path).encode() + b"\0" + _read(path), checksum)
    return files, f"crc32:{checksum:08x}:{len(files)}"


def parse_sources(files: list[str]) -> dict[str, dict[str, str]]:
    """The messages of the ``locale/*.toml`` files, flattened to dotted keys per language."""
    import tomllib  # only when the compiled copy is stale: it costs time on every start

    out: dict[str, dict[str, str]] = {}
    for path in files:
        _flatten("", tomllib.loads(_read(path).decode("utf-8")), out)
    return out


@cache
def messages() -> dict[str, dict[str, str]]:
    """Every message, by dotted key, in both languages.

    The TOML files are the source. Parsing them costs more than the rest of ``--help``, so a
    compiled JSON copy (``python -m tierassess.i18n``) is read instead while it matches them.
    """
    files, digest = _sources()
    try:
        compiled = json.loads(_read(COMPILED).decode("utf-8"))
        if compiled.get("sources") == digest:
            return dict(compiled["messages"])
    except (OSError, ValueError):
        pass
    return parse_sources(files)


def compile_messages() -> str:
    """Write the compiled copy of the TOML sources; return its path."""
    files, digest = _sources()
    data = {"sources": digest, "messages": parse_sources(files)}
    with open(COMPILED, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n")
    return COMPILED


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The message ``key`` in ``lang`` (default: the current language), formatted with values.

    An unknown key prints as itself, or raises KeyError when TIERASSESS_STRICT_MESSAGES is set
    (as the tests set it).
    """
    entry = messages().get(key)
    if entry is None:
        if os.environ.get("TIERASSESS_STRICT_MESSAGES"):  # the tests: a missing key is a bug
            raise KeyError(f"no message {key!r} in tierassess/locale/*.toml")
        return key
    text = entry.get(lang or current_lang()) or entry.get("en") or key
    return text.format(**values) if values else text


def tier_label(tier: int, lang: str | None = None) -> str:
    """A tier as readers expect it: "Tier III", or "below Tier I" (dưới Tier I) for 0."""
    if tier <= 0:
        return t("common.tier_none", lang)
    return "Tier " + {1: "I", 2: "II", 3: "III", 4: "IV"}.get(tier, str(tier))


if __name__ == "__main__":
    print(compile_messages())
