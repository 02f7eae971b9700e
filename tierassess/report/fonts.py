"""The report fonts: DejaVu Sans, shipped in the package because it has every Vietnamese glyph.

reportlab's built-in Type 1 fonts and its bundled Vera lack glyphs such as ạ ả ẩ ậ ệ ồ ờ ữ; DejaVu
has them all, precomposed. The family is registered once per process, with bold mapped so that
``<b>`` in a Paragraph works. There is no shipped italic: italic and bold-italic fall back to the
upright faces, and the few places that must slant (the date line of an administrative document)
draw an oblique with a skew transform instead.
"""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path

FAMILY = "DejaVuSans"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
_lock = threading.Lock()
_registered = [False]


def font_path(name: str) -> Path:
    """The shipped TrueType file of a registered face name."""
    return Path(str(resources.files("tierassess") / "assets" / "fonts" / _FILES[name]))


def register_fonts() -> str:
    """Register DejaVu Sans (regular and bold) as one family; safe to call any number of times.

    Returns the family name to use in paragraph styles.
    """
    if _registered[0]:
        return FAMILY
    with _lock:
        if _registered[0]:
            return FAMILY
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        from tierassess.errors import TierassessError

        for name in (REGULAR, BOLD):
            path = font_path(name)
            if not path.is_file():
                raise TierassessError(
                    f"the report font {path} is missing from the installation",
                    hint="reinstall tierassess (the font ships inside the package)",
                )
            pdfmetrics.registerFont(TTFont(name, str(path)))
        for bold, italic, face in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD)):
            addMapping(FAMILY, bold, italic, face)
        _registered[0] = True
    return FAMILY
