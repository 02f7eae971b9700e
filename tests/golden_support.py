"""Compare an output with its golden file in ``tests/golden/``, or rewrite it on request.

``pytest tests/test_golden.py tests/test_help_pins.py --update-golden`` rewrites the goldens from
the current code (see ``tests/golden/README.md``). Without the option a difference fails with
what a reader needs: a unified diff for text and JSON; for a PDF, that the bytes differ and a
diff of the text of its pages.
"""

from __future__ import annotations

import difflib
import io
import json
from pathlib import Path
from typing import Any

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = (
    ".venv/bin/python -m pytest -q -p no:cacheprovider "
    "tests/test_golden.py tests/test_help_pins.py --update-golden"
)


class Golden:
    """The golden files, read for comparison or written when ``--update-golden`` is given."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def _expected(self, name: str, actual: bytes) -> bytes | None:
        """The golden bytes; None after writing ``actual`` in their place (update mode)."""
        path = GOLDEN / name
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_bytes() != actual:
                path.write_bytes(actual)
            return None
        if not path.exists():
            pytest.fail(f"no golden file tests/golden/{name}: create it with\n    {REGENERATE}")
        return path.read_bytes()

    def text(self, name: str, actual: str) -> None:
        """``actual`` must equal the golden text ``name``."""
        expected = self._expected(name, actual.encode("utf-8"))
        if expected is None or expected == actual.encode("utf-8"):
            return
        diff = difflib.unified_diff(
            expected.decode("utf-8").splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"tests/golden/{name}",
            tofile="now",
        )
        pytest.fail(
            f"output differs from tests/golden/{name}:\n{''.join(diff)}\n"
            f"If the change is deliberate, regenerate with\n    {REGENERATE}\n"
            "and say in the commit message which golden changed and why.",
            pytrace=False,
        )

    def json(self, name: str, data: Any) -> None:
        """``data`` as indented JSON must equal the golden file ``name``."""
        self.text(name, json.dumps(data, indent=2, ensure_ascii=False) + "\n")

    def pdf(self, name: str, actual: bytes) -> None:
        """``actual`` must be byte-identical to the golden PDF ``name``."""
        expected = self._expected(name, actual)
        if expected is None or expected == actual:
            return
        first = next(
            (i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b),
            min(len(expected), len(actual)),
        )
        old, new = pdf_text(expected), pdf_text(actual)
        diff = "".join(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                fromfile=f"tests/golden/{name} (text)",
                tofile="now (text)",
            )
        )
        pytest.fail(
            f"PDF bytes differ from tests/golden/{name} ({len(expected)} bytes golden, "
            f"{len(actual)} now, first difference at byte {first}).\n"
            + (diff or "The text of every page is the same: drawing, fonts or metadata differ.\n")
            + f"If the change is deliberate, regenerate with\n    {REGENERATE}\n"
            "and say in the commit message which golden changed and why.",
            pytrace=False,
        )


def pdf_text(data: bytes) -> str:
    """The text of every page, each page under a ``--- page N ---`` line."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "".join(
        f"--- page {number} ---\n{page.extract_text()}\n"
        for number, page in enumerate(reader.pages, start=1)
    )
