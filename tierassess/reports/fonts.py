"""The report fonts, shipped in the package because reportlab's own lack Vietnamese letters.

reportlab's built-in Type 1 fonts and its bundled Vera lack glyphs such as ạ ả ẩ ậ ệ ồ ờ ữ. Two
families ship instead, each with every Vietnamese glyph precomposed:

- DejaVu Sans (``FAMILY``), regular and bold, for the standard (engineering) report. It has no
  shipped italic: italic and bold-italic fall back to the upright faces.
- Liberation Serif (``SERIF_FAMILY``), regular, bold, italic and bold-italic, for the
  administrative layout: Decree 30/2020/NĐ-CP prescribes Times New Roman, and Liberation Serif has
  the same metrics (SIL Open Font License, so it may be redistributed and embedded).

Each family is registered once per process, on first use, with its faces mapped so that ``<b>``
and ``<i>`` in a Paragraph pick the right one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

FAMILY = "DejaVuSans"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

SERIF_FAMILY = "LiberationSerif"
SERIF_REGULAR = "LiberationSerif"
SERIF_BOLD = "LiberationSerif-Bold"
SERIF_ITALIC = "LiberationSerif-Italic"
SERIF_BOLD_ITALIC = "LiberationSerif-BoldItalic"


@dataclass(frozen=True)
class Faces:
    """A registered family: the face name for each (bold, italic) combination."""

    family: str
    regular: str
    bold: str
    italic: str
    bold_italic: str


SANS = Faces(FAMILY, REGULAR, BOLD, REGULAR, BOLD)
SERIF = Faces(SERIF_FAMILY, SERIF_REGULAR, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC)

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    SERIF_REGULAR: "LiberationSerif-Regular.ttf",
    SERIF_BOLD: "LiberationSerif-Bold.ttf",
    SERIF_ITALIC: "LiberationSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}
_lock = threading.Lock()
_registered: set[str] = set()


def font_path(name: str) -> Path:
    """The shipped TrueType file of a registered face name."""
    return Path(str(resources.files("tierassess") / "assets" / "fonts" / _FILES[name]))


def register_family(faces: Faces) -> str:
    """Register the faces of one family and map bold/italic onto them; once per process."""
    if faces.family in _registered:
        return faces.family
    with _lock:
        if faces.family in _registered:
            return faces.family
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        from tierassess.errors import TierassessError
        from tierassess.i18n import t

        for name in dict.fromkeys((faces.regular, faces.bold, faces.italic, faces.bold_italic)):
            path = font_path(name)
            if not path.is_file():
                raise TierassessError(
                    t("report.cli.problem.font_missing", path=path),
                    hint=t("report.cli.problem.font_hint"),
                )
            pdfmetrics.registerFont(TTFont(name, str(path)))
        for bold, italic, face in (
            (0, 0, faces.regular),
            (1, 0, faces.bold),
            (0, 1, faces.italic),
            (1, 1, faces.bold_italic),
        ):
            addMapping(faces.family, bold, italic, face)
        _registered.add(faces.family)
    return faces.family


def register_fonts() -> str:
    """Register DejaVu Sans (regular and bold) as one family; safe to call any number of times.

    Returns the family name to use in paragraph styles.
    """
    return register_family(SANS)


def register_serif_fonts() -> str:
    """Register Liberation Serif (regular, bold, italic, bold-italic) as one family.

    Safe to call any number of times; returns the family name to use in paragraph styles.
    """
    return register_family(SERIF)
