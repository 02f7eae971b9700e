"""`evidence add` and the questionnaire's attach step, driven in a pseudo-terminal with keystrokes.

The installed command runs under pexpect, in both languages: the kind and the capture date are
asked with the file's own as defaults (the type, the photo's EXIF date), which Enter confirms; an
empty file is refused before anything is asked; a file whose content is not its extension is
flagged and stored only when the engineer says so; and a criterion that asks for a test record is
not backed by a photo, only by a file the engineer called a test record.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from assess_support import SITE, make_workspace
from click.testing import CliRunner

from tierassess.cli import build_app
from tierassess.storage.workspace import Workspace

pexpect = pytest.importorskip("pexpect")

DOWN = "\x1b[B"
WORDS = {
    "en": {
        "kind": "What kind of evidence is",
        "photo_default": "(Enter = Photo, as the file type suggests)",
        "date": "was taken or made",
        "exif": "(Enter = 2025-02-03, from EXIF",
        "empty": "an empty file (0 bytes)",
        "mismatch": "the content is not the .pdf its name says",
        "anyway": "Attach it anyway?",
        "no": "n",
        "yes": "y",
        "record_asked": "Test record (asked for by PWR-UPS-01)",
        "asked": "(asked for by",
        "no_criterion": "no criterion KHONG-CO-01",
    },
    "vi": {
        "kind": "là loại bằng chứng nào?",
        "photo_default": "(Enter = Ảnh chụp, theo loại tệp)",
        "date": "Ngày chụp hoặc lập",
        "exif": "(Enter = 03/02/2025, theo EXIF",
        "empty": "tệp trống (0 byte)",
        "mismatch": "nội dung tệp không phải là .pdf như tên tệp cho biết",
        "anyway": "Vẫn đính kèm tệp này?",
        "no": "k",
        "yes": "c",
        "record_asked": "Biên bản thử nghiệm (PWR-UPS-01 cần)",
        "asked": " cần)",
        "no_criterion": "không có tiêu chí KHONG-CO-01",
    },
}


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """The inline site, whose PWR-UPS-01 asks for a test record, claimed as met."""
    workspace = make_workspace(tmp_path / "ws")
    criteria = workspace.root / "checklists" / "tier3-inline.yaml"
    text = criteria.read_text(encoding="utf-8")
    marker = text.index("\n", text.index('guidance: {vi: "Hướng dẫn PWR-UPS-01"')) + 1
    criteria.write_text(
        text[:marker] + "    evidence:\n      - {kind: test_record}\n" + text[marker:],
        encoding="utf-8",
    )
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers:\n  PWR-UPS-01: {result: met}\n", encoding="utf-8")
    _run_in_process(workspace, "answers", "import", SITE, str(answers), "--as", "Nam")
    return workspace


def _run_in_process(workspace: Workspace, *args: str) -> str:
    result = CliRunner().invoke(
        build_app(), ["--workspace", str(workspace.root), "--lang", "en", *args]
    )
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _command() -> list[str]:
    beside = Path(sys.executable).parent / "tierassess"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("tierassess")
    return [found] if found else [sys.executable, "-m", "tierassess"]


def _spawn(workspace: Workspace, lang: str, *args: str) -> Any:
    # PROMPT_TOOLKIT_NO_CPR: a real terminal answers cursor-position requests, pexpect does not.
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    command, *first = _command()
    argv = [*first, "--workspace", str(workspace.root), "--lang", lang, *args]
    return pexpect.spawn(command, argv, env=env, encoding="utf-8", timeout=30, dimensions=(40, 200))


def _finish(child: Any) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus)


def _photo(folder: Path) -> Path:
    from PIL import Image

    photo = folder / "tu-ats.jpg"
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = "2025:02:03 08:00:00"  # DateTimeOriginal
    Image.new("RGB", (16, 16), (10, 120, 200)).save(photo, "JPEG", exif=exif)
    return photo


def _items(workspace: Workspace) -> dict[str, Any]:
    return {i.original_name: i for i in workspace.load_evidence_index(SITE).items}


def _status(workspace: Workspace, criterion_id: str) -> str:
    """The evidence status of a claimed criterion ("ok" when `evidence stale` lists it not)."""
    report = json.loads(_run_in_process(workspace, "evidence", "stale", SITE, "--format", "json"))
    statuses = {row["criterion_id"]: row["status"] for row in report["criteria"]}
    return str(statuses.get(criterion_id, "ok"))


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_enter_confirms_the_kind_the_file_type_suggests_and_the_exif_date(
    ws: Workspace, tmp_path: Path, lang: str
) -> None:
    words = WORDS[lang]
    photo = _photo(tmp_path)
    child = _spawn(ws, lang, "evidence", "add", SITE, str(photo), "-c", "PWR-UPS-01")
    child.expect(re.escape(words["kind"]))
    child.expect(re.escape(words["photo_default"]))
    child.send("\r")
    child.expect(re.escape(words["date"]))
    child.expect(re.escape(words["exif"]))
    child.send("\r")
    assert _finish(child) == 0
    item = _items(ws)["tu-ats.jpg"]
    assert item.kind.value == "photo" and item.captured_at == date(2025, 2, 3)
    # a photo is not the test record PWR-UPS-01 asks for
    assert _status(ws, "PWR-UPS-01") == "missing"


def test_the_engineer_overrides_kind_and_date_and_a_test_record_backs_the_claim(
    ws: Workspace, tmp_path: Path
) -> None:
    assert _status(ws, "PWR-UPS-01") == "missing"
    record = tmp_path / "bien-ban.pdf"
    record.write_bytes(b"%PDF-1.4 " + bytes(range(256)))
    child = _spawn(ws, "vi", "evidence", "add", SITE, str(record), "-c", "PWR-UPS-01")
    child.expect(re.escape(WORDS["vi"]["kind"]))
    child.send("\r")  # no suggestion for a PDF: Enter on "choose…" asks again
    child.expect(re.escape(WORDS["vi"]["kind"]))
    child.send(DOWN * 3 + "\r")  # photo, drawing, test record
    child.expect(re.escape(WORDS["vi"]["date"]))
    child.send("31/02/2026\r")  # no such day: asked again
    child.send("\x15" + "02/01/2026\r")  # Ctrl-U clears the line
    assert _finish(child) == 0
    item = _items(ws)["bien-ban.pdf"]
    assert item.kind.value == "test_record" and item.captured_at == date(2026, 1, 2)
    assert _status(ws, "PWR-UPS-01") == "ok"


def test_a_given_kind_leaves_only_the_date_to_ask(ws: Workspace, tmp_path: Path) -> None:
    record = tmp_path / "bien-ban.pdf"
    record.write_bytes(b"%PDF-1.4 " + bytes(range(256)))
    child = _spawn(
        ws, "en", "evidence", "add", SITE, str(record), "--kind", "test_record", "-c", "PWR-UPS-01"
    )
    child.expect(re.escape(WORDS["en"]["date"]))
    child.send("2026-01-05\r")
    assert _finish(child) == 0
    assert "What kind" not in (child.before or "")
    item = _items(ws)["bien-ban.pdf"]
    assert item.kind.value == "test_record" and item.captured_at == date(2026, 1, 5)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_an_empty_file_is_refused_before_anything_is_asked(
    ws: Workspace, tmp_path: Path, lang: str
) -> None:
    empty = tmp_path / "bien-ban.pdf"
    empty.write_bytes(b"")
    child = _spawn(ws, lang, "evidence", "add", SITE, str(empty))
    child.expect(re.escape(WORDS[lang]["empty"]))
    assert _finish(child) == 2
    assert WORDS[lang]["kind"] not in (child.before or "")
    assert _items(ws) == {}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_file_that_is_not_its_extension_is_flagged_and_stored_only_when_confirmed(
    ws: Workspace, tmp_path: Path, lang: str
) -> None:
    words = WORDS[lang]
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"0123456789")
    child = _spawn(ws, lang, "evidence", "add", SITE, str(fake))
    child.expect(re.escape(words["mismatch"]))
    child.expect(re.escape(words["anyway"]))
    child.send("\r")  # no default: Enter alone asks again
    child.send(words["no"] + "\r")
    assert _finish(child) == 2
    assert _items(ws) == {}

    child = _spawn(ws, lang, "evidence", "add", SITE, str(fake))
    child.expect(re.escape(words["anyway"]))
    child.send(words["yes"] + "\r")
    child.expect(re.escape(words["kind"]))
    child.send(DOWN * 5 + "\r")  # document
    child.expect(re.escape(words["date"]))
    child.send("\r")
    assert _finish(child) == 0
    assert _items(ws)["fake.pdf"].kind.value == "document"


def test_the_questionnaire_asks_kind_and_date_and_refuses_an_empty_file(
    ws: Workspace, tmp_path: Path
) -> None:
    empty = tmp_path / "trong.pdf"
    empty.write_bytes(b"")
    record = tmp_path / "bien-ban.pdf"
    record.write_bytes(b"%PDF-1.4 " + bytes(range(256)))
    child = _spawn(ws, "vi", "assess", SITE, "--as", "Nam")
    try:
        child.expect(r"Kết quả\?|Kết quả")
        child.send("s\r")  # skip PWR-GEN-01: PWR-UPS-01 asks for a test record
        child.expect("Yêu cầu PWR-UPS-01")
        child.send("e\r")
        child.expect(re.escape("Tệp bằng chứng (đã chọn 0)"))
        child.send(f"{empty}\r")
        child.expect("tệp trống")
        child.send("\x15" + f"{record}\r")
        child.expect(re.escape("Tệp bằng chứng (đã chọn 1)"))
        child.send("\r")
        child.expect(re.escape(WORDS["vi"]["kind"]))
        child.expect(re.escape("Biên bản thử nghiệm (PWR-UPS-01 cần)"))
        child.send(DOWN * 3 + "\r")
        child.expect(re.escape(WORDS["vi"]["date"]))
        child.send("05/01/2026\r")
        child.expect("Dùng các tệp này cho cả các tiêu chí khác")
        child.send("\r")
        child.expect(re.escape("Đã ghi nhận 1 tệp cho 1 tiêu chí."))
        child.send("q\r")
        assert _finish(child) == 0
    finally:
        child.close(force=True)
    items = _items(ws)
    assert list(items) == ["bien-ban.pdf"]
    assert items["bien-ban.pdf"].kind.value == "test_record"
    assert items["bien-ban.pdf"].captured_at == date(2026, 1, 5)
    assert _status(ws, "PWR-UPS-01") == "ok"


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_kind_the_criterion_asks_for_is_marked_as_in_the_questionnaire(
    ws: Workspace, tmp_path: Path, lang: str
) -> None:
    words = WORDS[lang]
    record = tmp_path / "bien-ban.pdf"
    record.write_bytes(b"%PDF-1.4 " + bytes(range(256)))
    child = _spawn(ws, lang, "evidence", "add", SITE, str(record), "-c", "pwr-ups-01")
    child.expect(re.escape(words["kind"]))
    child.expect(re.escape(words["record_asked"]))
    child.send(DOWN * 3 + "\r")
    child.expect(re.escape(words["date"]))
    child.send("\r")
    assert _finish(child) == 0
    assert _status(ws, "PWR-UPS-01") == "ok"

    # two criteria linked: the mark names the one that asks for the kind
    child = _spawn(
        ws,
        lang,
        "evidence",
        "add",
        SITE,
        str(record),
        "--force",
        "-c",
        "PWR-UPS-01",
        "-c",
        "CLG-CRAC-01",
    )
    child.expect(re.escape(words["kind"]))
    child.expect(re.escape(words["record_asked"]))
    child.sendintr()
    assert _finish(child) == 130

    # no criterion named (or one asking for nothing): no kind is marked
    for criteria in ([], ["-c", "CLG-CRAC-01"]):
        child = _spawn(ws, lang, "evidence", "add", SITE, str(_photo(tmp_path)), *criteria)
        child.expect(re.escape(words["kind"]))
        child.expect(re.escape(words["photo_default"]))
        assert words["asked"] not in (child.before or "")
        child.sendintr()
        assert _finish(child) == 130


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_an_unknown_criterion_is_refused_before_anything_is_asked(
    ws: Workspace, tmp_path: Path, lang: str
) -> None:
    child = _spawn(ws, lang, "evidence", "add", SITE, str(_photo(tmp_path)), "-c", "KHONG-CO-01")
    child.expect(re.escape(WORDS[lang]["no_criterion"]))
    assert _finish(child) == 2
    assert WORDS[lang]["kind"] not in (child.before or "")
