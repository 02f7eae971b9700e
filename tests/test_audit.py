"""The audit log: every entry chained to the previous one; any edit, removal or reorder shows."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tierassess.storage.audit import (
    GENESIS,
    append_event,
    chain_head,
    read_log,
    verify_chain,
    verify_lines,
)

ENTRIES = 6


_made: dict[str, bytes] = {}


def _log(folder: Path) -> Path:
    """A log of ENTRIES real entries (made once, then copied: hypothesis runs this many times)."""
    path = folder / "audit.log"
    if "log" not in _made:
        scratch = folder / "first.log"
        for n in range(ENTRIES):
            append_event(
                scratch,
                "Nguyễn Văn An",
                "answer.set",
                f"PWR-GEN-{n:02d}",
                {"result": "met", "n": n},
            )
        _made["log"] = scratch.read_bytes()
    path.write_bytes(_made["log"])
    return path


def test_a_fresh_log_is_intact_and_chained(tmp_path: Path) -> None:
    path = _log(tmp_path)
    entries = read_log(path)
    assert [e.seq for e in entries] == list(range(1, ENTRIES + 1))
    assert entries[0].prev == GENESIS
    assert all(b.prev == a.hash for a, b in itertools.pairwise(entries))
    assert verify_chain(path) == []
    assert chain_head(path) == (ENTRIES, entries[-1].hash)
    assert "Nguyễn Văn An" in path.read_text(encoding="utf-8")  # kept readable, not \\u-escaped


FIELDS = ("seq", "at", "actor", "action", "subject", "details", "prev", "hash")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    line=st.integers(0, ENTRIES - 1),
    field=st.sampled_from(FIELDS),
    text=st.text(min_size=1, max_size=8),
)
def test_editing_any_field_of_any_entry_is_detected(
    tmp_path: Path, line: int, field: str, text: str
) -> None:
    path = _log(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[line])
    original = entry[field]
    if isinstance(original, int):
        entry[field] = original + 1 + len(text)
    elif isinstance(original, dict):
        entry[field] = {**original, "n": text}
    else:
        entry[field] = original + text
    lines[line] = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    breaks = verify_chain(path)
    assert breaks, f"editing {field} of entry {line + 1} went unnoticed"
    assert breaks[0].line == line + 1


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.integers(0, ENTRIES - 1), byte=st.integers(0, 10_000), value=st.integers(1, 255))
def test_flipping_any_byte_of_the_log_is_detected(
    tmp_path: Path, position: int, byte: int, value: int
) -> None:
    path = _log(tmp_path)
    data = bytearray(path.read_bytes())
    lines = data.split(b"\n")
    target = lines[position]
    index = byte % len(target)
    target[index] ^= value
    changed = b"\n".join(lines)
    path.write_bytes(bytes(changed))
    try:
        changed.decode("utf-8")
    except UnicodeDecodeError:
        assert verify_chain(path), "a log that is no longer UTF-8 is reported"
        return
    assert verify_chain(path), f"flipping byte {index} of entry {position + 1} went unnoticed"


@pytest.mark.parametrize("how", ["delete", "swap", "duplicate", "insert"])
def test_removing_reordering_or_inserting_entries_is_detected(tmp_path: Path, how: str) -> None:
    path = _log(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    if how == "delete":
        del lines[2]
    elif how == "swap":
        lines[2], lines[3] = lines[3], lines[2]
    elif how == "duplicate":
        lines.insert(3, lines[2])
    else:
        forged = json.loads(lines[2])
        forged["subject"] = "FORGED-01"
        lines.insert(3, json.dumps(forged))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert verify_chain(path)


def test_garbage_lines_are_reported_with_their_line(tmp_path: Path) -> None:
    path = _log(tmp_path)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("this is not json\n")
    assert [b.line for b in verify_chain(path)] == [ENTRIES + 1]
    assert verify_lines(["\ufffd"])


def test_appending_after_an_unterminated_last_line_keeps_entries_apart(tmp_path: Path) -> None:
    path = _log(tmp_path)
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    append_event(path, "An", "evidence.add", "x")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == ENTRIES + 1
    assert verify_chain(path) == []


def test_a_missing_log_is_empty_and_intact(tmp_path: Path) -> None:
    path = tmp_path / "none.log"
    assert verify_chain(path) == [] and read_log(path) == []
    assert chain_head(path) == (0, GENESIS)


def test_cutting_the_last_entries_off_is_detected(tmp_path: Path) -> None:
    log = tmp_path / "audit.log"
    for number in range(5):
        append_event(log, "An", "answer.set", f"PWR-UPS-0{number}")
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text("".join(lines[:3]), encoding="utf-8")  # a clean cut: the chain itself is intact
    breaks = verify_chain(log)
    assert len(breaks) == 1 and "entry 5 was written" in breaks[0].reason


def test_a_replaced_last_entry_is_detected(tmp_path: Path) -> None:
    log = tmp_path / "audit.log"
    for number in range(3):
        append_event(log, "An", "answer.set", f"PWR-UPS-0{number}")
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text("".join(lines[:2]), encoding="utf-8")
    head = (tmp_path / "audit.log.head").read_text(encoding="utf-8")
    append_event(log, "Mallory", "answer.set", "PWR-UPS-09")  # a different entry 3, chained
    (tmp_path / "audit.log.head").write_text(head, encoding="utf-8")  # the old head put back
    assert any("not the entry that was written" in b.reason for b in verify_chain(log))
