"""The Vietnamese ``--help`` of every command holds no English sentence.

The help goldens (tests/golden/help/, pinned to the live help by test_help_pins.py) are read
sentence by sentence: an option's or a command's description is joined across the lines click
wraps it onto, so an English sentence cut by wrapping is still one sentence. The first column
(the options with their metavars, the command names) is left out, and so is the usage line's
command path; file names and metavars in the prose are skipped by the detector of test_lang_vi.py.

The English help of the same command is read the same way and must show English: that proves
the reading reaches the text it means to check.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from golden_support import GOLDEN
from test_lang_vi import english_lines

_VI = sorted((GOLDEN / "help" / "vi").glob("*.txt"))
_SECTION = re.compile(r"^(\S[^:]*):\s*$")  # "Tùy chọn:", "Lệnh:", "Options:", "Commands:"
_ROW = re.compile(r"^  (\S.*?)(?: {2,}(\S.*))?$")  # a row: its first column, then its text
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")


def _paragraphs(text: str) -> list[str]:
    """The help's prose, each paragraph or each row's description joined into one line."""
    found: list[list[str]] = []
    in_table = False
    usage, _, rest = text.partition("\n")
    found.append([usage.split(":")[0]])  # "Cách dùng": the command names after it are not prose
    for line in rest.splitlines():
        if not line.strip():
            found.append([])
            continue
        if _SECTION.match(line):
            in_table = True
            found.append([line])
            found.append([])
            continue
        row = _ROW.match(line)
        if in_table and row:  # a new option or command: its first column is not prose
            found.append([row.group(2) or ""])
        elif found and found[-1]:
            found[-1].append(line.strip())
        else:
            found.append([line.strip()])
    return [_join(lines) for lines in found if any(lines)]


def _join(lines: list[str]) -> str:
    text = ""
    for line in lines:
        glue = "" if text.endswith("-") or not text else " "  # click wraps after a hyphen
        text += glue + line
    return text


def english_sentences(text: str) -> list[str]:
    sentences = [s for p in _paragraphs(text) for s in _SENTENCE_END.split(p)]
    return [s for s in sentences if english_lines(s)]


def test_the_reading_joins_what_click_wrapped() -> None:
    text = (
        "Usage: tierassess x [OPTIONS] SITE\n\n  Một đoạn văn\n  dài hai dòng.\n\n"
        "Options:\n  --as NAME   Tên người\n              trả lời.\n  -h, --help  Hiện.\n"
    )
    assert _paragraphs(text) == [
        "Usage",
        "Một đoạn văn dài hai dòng.",
        "Options:",
        "Tên người trả lời.",
        "Hiện.",
    ]
    # two English words on two lines: each line alone would pass
    wrapped = "Cách dùng: x\n\nTùy chọn:\n  --as NAME   Người trả lời, the\n              answer is kept.\n"
    assert english_lines(wrapped) == []
    assert english_sentences(wrapped) == ["Người trả lời, the answer is kept."]


@pytest.mark.parametrize("path", _VI, ids=[p.stem for p in _VI])
def test_vietnamese_help_has_no_english_sentence(path: Path) -> None:
    assert english_sentences(path.read_text(encoding="utf-8")) == []
    english = path.parent.parent / "en" / path.name
    assert english_sentences(english.read_text(encoding="utf-8"))
