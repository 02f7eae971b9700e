"""The evidence store: hashing while copying, dedup, metadata, links kept in step, verification."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date
from pathlib import Path

import pytest
from click.testing import Result
from session_support import add_evidence_as, link_evidence_as, unlink_evidence_as

from tierassess.core.models import SiteProfile
from tierassess.storage.workspace import Workspace

HEADER = """\
kind: checklist
id: tier3
version: "1.0.0"
title: {vi: Đánh giá thử, en: Test assessment}
disclaimer: {vi: Không phải chứng nhận., en: Not a certification.}
standards:
  - id: uptime-topology
    publisher: Uptime Institute
    title: {vi: Cấu trúc hạ tầng, en: Topology}
subsystems:
  - id: electrical
    title: {vi: Hệ thống điện, en: Electrical}
domains:
  - id: power
    code: PWR
    title: {vi: Cung cấp điện, en: Power}
"""

CRITERION = """\
  - id: {id}
    domain: power
    subsystem: electrical
    min_tier: {tier}
    title: {{vi: "Máy phát điện {n} – thử tải", en: "Generator {n} load test"}}
    requirement: {{vi: Có biên bản thử tải., en: A load-test record exists.}}
    guidance: {{vi: Xem biên bản., en: Read the record.}}
    answer: {{kind: yes_no}}
    severity: major
    must_pass: {must_pass}
    evidence:
      - kind: test_record
        max_age_days: 365
      - kind: photo
    references:
      - {{standard: uptime-topology, clause: "3.1"}}
    remediation:
      action: {{vi: Thử tải máy phát., en: Load-test the generator.}}
      cost_band: S
      duration_weeks: 2
"""

CRITERIA_IDS = ("PWR-GEN-01", "PWR-GEN-02", "PWR-UPS-03")


def write_catalogue(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tier3.yaml").write_text(HEADER, encoding="utf-8")
    body = "kind: criteria\nchecklist: tier3\ncriteria:\n" + "".join(
        CRITERION.format(id=cid, n=n, tier=3, must_pass="true" if n == 1 else "false")
        for n, cid in enumerate(CRITERIA_IDS, start=1)
    )
    (folder / "tier3-power.yaml").write_text(body, encoding="utf-8")


def make_site(root: Path, site_id: str = "test-dc") -> tuple[Workspace, str]:
    """A workspace with a three-criterion catalogue and one site (Vietnamese name)."""
    write_catalogue(root / "checklists")
    (root / "evidence").mkdir(parents=True, exist_ok=True)
    workspace = Workspace.at(root)
    profile = SiteProfile(
        id=site_id,
        name="Trung tâm dữ liệu tỉnh Quảng Ngãi (thử)",
        operator="Sở Khoa học và Công nghệ",
        address="Quảng Ngãi",
        cooling_technology="dx_air_cooled",
        design_it_load_kw=200,
    )
    workspace.create_site(profile, workspace.load_checklist())
    return workspace, site_id


@pytest.fixture
def ws(tmp_path: Path) -> tuple[Workspace, str]:
    return make_site(tmp_path / "ws")


Cli = Callable[..., Result]


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _jpeg_with_exif(path: Path, taken: str) -> Path:
    from PIL import Image

    image = Image.new("RGB", (8, 8), (200, 30, 30))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = taken
    image.save(path, "JPEG", exif=exif)
    return path


# --- the store -----------------------------------------------------------------------------------


def test_add_stores_by_content_and_records_metadata(
    ws: tuple[Workspace, str], tmp_path: Path
) -> None:
    import hashlib

    from tierassess.storage.audit import read_log

    workspace, site = ws
    data = b"%PDF-1.4 generator load test " * 5000
    source = _write(tmp_path / "Biên bản thử tải.pdf", data)
    item = add_evidence_as(
        workspace,
        site,
        source,
        "Nguyễn Văn An",
        criteria=["pwr-gen-01"],
        captured="31/03/2025",
        note="Máy phát 1",
    )
    sha = hashlib.sha256(data).hexdigest()
    stored = workspace.evidence_file(site, sha)
    assert item.sha256 == sha
    assert stored == workspace.site_dir(site) / "files" / sha[:2] / sha
    assert stored.read_bytes() == data
    assert not stored.stat().st_mode & 0o222, "stored evidence is read-only"
    assert item.original_name == "Biên bản thử tải.pdf"
    assert item.media_type == "application/pdf"
    assert item.size == len(data)
    assert item.captured_at == date(2025, 3, 31)
    assert item.captured_source == "given"
    assert item.added_by == "Nguyễn Văn An"
    assert item.description == "Máy phát 1"
    assert item.criteria == ["PWR-GEN-01"]
    assert workspace.load_evidence_index(site).items == [item]
    assert workspace.load_assessment(site).answers["PWR-GEN-01"].evidence == [sha]
    [entry] = read_log(workspace.audit_log_path(site))
    assert (entry.action, entry.subject, entry.actor) == ("evidence.add", sha, "Nguyễn Văn An")
    leftovers = [p for p in (workspace.site_dir(site) / "files").iterdir() if p.is_file()]
    assert leftovers == [], "no temporary file is left in the store"


def test_same_content_is_stored_once_and_links_merge(
    ws: tuple[Workspace, str], tmp_path: Path
) -> None:
    from tierassess.storage.audit import read_log

    workspace, site = ws
    first = _write(tmp_path / "a" / "photo.txt", b"same bytes")
    second = _write(tmp_path / "b" / "copy.txt", b"same bytes")
    one = add_evidence_as(workspace, site, first, "An", criteria=["PWR-GEN-01"])
    two = add_evidence_as(
        workspace, site, second, "Bình", criteria=["PWR-GEN-02"], note="later note"
    )
    assert one.sha256 == two.sha256
    index = workspace.load_evidence_index(site)
    assert len(index.items) == 1
    assert index.items[0].original_name == "photo.txt"  # the first metadata is kept
    assert index.items[0].criteria == ["PWR-GEN-01", "PWR-GEN-02"]
    assert index.items[0].description == "later note"  # filled in where it was missing
    files = list((workspace.site_dir(site) / "files").glob("??/*"))
    assert len(files) == 1
    assessment = workspace.load_assessment(site)
    assert assessment.answers["PWR-GEN-02"].evidence == [one.sha256]
    assert [e.details["duplicate"] for e in read_log(workspace.audit_log_path(site))] == [
        False,
        True,
    ]


def test_captured_date_from_exif_then_file_date(ws: tuple[Workspace, str], tmp_path: Path) -> None:
    import os
    from datetime import UTC, datetime

    workspace, site = ws
    photo = _jpeg_with_exif(tmp_path / "tủ điện.jpg", "2024:07:15 09:30:00")
    item = add_evidence_as(workspace, site, photo, "An")
    assert (item.captured_at, item.captured_source) == (date(2024, 7, 15), "exif")
    assert item.kind == "photo" and item.media_type == "image/jpeg"

    plain = _write(tmp_path / "nhat-ky.csv", b"time,load\n")
    moment = datetime(2023, 5, 6, 12, 0, tzinfo=UTC).timestamp()
    os.utime(plain, (moment, moment))
    item = add_evidence_as(workspace, site, plain, "An")
    assert (item.captured_at, item.captured_source) == (date(2023, 5, 6), "file")
    assert item.kind is None  # not guessed: the kind decides which freshness rule applies

    ahead = _jpeg_with_exif(tmp_path / "clock-ahead.jpg", "2099:01:01 00:00:00")
    assert add_evidence_as(workspace, site, ahead, "An").captured_source == "file"

    given = _jpeg_with_exif(tmp_path / "other.jpg", "2024:01:02 10:00:00")
    item = add_evidence_as(workspace, site, given, "An", captured=date(2024, 2, 3), kind="document")
    assert (item.captured_at, item.captured_source, item.kind) == (
        date(2024, 2, 3),
        "given",
        "document",
    )


def test_a_damaged_jpeg_falls_back_to_the_file_date(
    ws: tuple[Workspace, str], tmp_path: Path
) -> None:

    workspace, site = ws
    broken = _write(tmp_path / "broken.jpg", b"\xff\xd8\xff\xe1 not really a jpeg")
    item = add_evidence_as(workspace, site, broken, "An")
    assert item.captured_source == "file"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"criteria": ["PWR-XXX-99"]}, "no criterion PWR-XXX-99"),
        ({"criteria": ["not an id"]}, "is not a criterion id"),
        ({"captured": "2999-01-01"}, "in the future"),
        ({"captured": "yesterday"}, "is not a date"),
        ({"kind": "selfie"}, "unknown evidence kind"),
    ],
)
def test_bad_input_is_refused_before_anything_is_stored(
    ws: tuple[Workspace, str], tmp_path: Path, kwargs: dict[str, object], message: str
) -> None:
    from tierassess.errors import InputError

    workspace, site = ws
    source = _write(tmp_path / "x.pdf", b"x")
    with pytest.raises(InputError, match=message):
        add_evidence_as(workspace, site, source, "An", **kwargs)  # type: ignore[arg-type]
    assert not (workspace.site_dir(site) / "files").exists()
    assert workspace.load_evidence_index(site).items == []


def test_an_interrupted_copy_leaves_nothing_behind(
    ws: tuple[Workspace, str], tmp_path: Path
) -> None:
    from tierassess.storage.evidence import CHUNK_SIZE

    workspace, site = ws
    source = _write(tmp_path / "big.bin", b"\x01" * (3 * CHUNK_SIZE + 5))
    seen = []

    def interrupt(count: int) -> None:
        seen.append(count)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        add_evidence_as(workspace, site, source, "An", progress=interrupt)
    store = workspace.site_dir(site) / "files"
    assert [p for p in store.rglob("*") if p.is_file()] == []
    assert workspace.load_evidence_index(site).items == []


def test_progress_counts_every_byte(ws: tuple[Workspace, str], tmp_path: Path) -> None:
    from tierassess.storage.evidence import CHUNK_SIZE

    workspace, site = ws
    size = 2 * CHUNK_SIZE + 17
    source = _write(tmp_path / "big.bin", bytes(range(256)) * (size // 256) + b"x" * (size % 256))
    counted: list[int] = []
    item = add_evidence_as(workspace, site, source, "An", progress=counted.append)
    assert sum(counted) == size == item.size
    assert workspace.evidence_file(site, item.sha256).read_bytes() == source.read_bytes()


# --- links ---------------------------------------------------------------------------------------


def test_link_and_unlink_keep_answers_and_index_in_step(
    ws: tuple[Workspace, str], tmp_path: Path
) -> None:
    from tierassess.errors import InputError
    from tierassess.storage.audit import read_log
    from tierassess.storage.evidence import link_mismatches

    workspace, site = ws
    item = add_evidence_as(workspace, site, _write(tmp_path / "a.txt", b"a"), "An")
    link_evidence_as(workspace, site, item.sha256[:6], ["PWR-GEN-01", "PWR-GEN-02"], "An")
    assessment = workspace.load_assessment(site)
    assert assessment.answers["PWR-GEN-01"].evidence == [item.sha256]
    assert workspace.load_evidence_index(site).items[0].criteria == ["PWR-GEN-01", "PWR-GEN-02"]
    unlink_evidence_as(workspace, site, item.sha256, ["PWR-GEN-01"], "Bình")
    assessment = workspace.load_assessment(site)
    assert assessment.answers["PWR-GEN-01"].evidence == []
    assert assessment.answers["PWR-GEN-02"].evidence == [item.sha256]
    assert workspace.load_evidence_index(site).items[0].criteria == ["PWR-GEN-02"]
    assert link_mismatches(assessment, workspace.load_evidence_index(site)) == []
    with pytest.raises(InputError, match="not linked to PWR-UPS-03"):
        unlink_evidence_as(workspace, site, item.sha256, ["PWR-UPS-03"], "An")
    actions = [e.action for e in read_log(workspace.audit_log_path(site))]
    assert actions == ["evidence.add", "evidence.link", "evidence.unlink"]


def test_sha_prefixes_must_be_long_enough_and_unique(
    ws: tuple[Workspace, str], tmp_path: Path
) -> None:
    from tierassess.core.models import EvidenceIndex, EvidenceItem, utc_now
    from tierassess.errors import InputError
    from tierassess.storage.evidence import resolve_sha

    def item(sha: str) -> EvidenceItem:
        return EvidenceItem(
            sha256=sha, original_name="f", media_type="x", size=1, added_at=utc_now(), added_by="a"
        )

    index = EvidenceIndex(items=[item("abcd" + "0" * 60), item("abce" + "0" * 60)])
    assert resolve_sha(index, "ABCD").sha256.startswith("abcd")
    with pytest.raises(InputError, match="not a SHA-256") as short:
        resolve_sha(index, "abc")
    assert "at least 4" in (short.value.hint or "")
    twins = EvidenceIndex(items=[item("abcd" + "0" * 60), item("abcd" + "1" * 60)])
    with pytest.raises(InputError, match="several"):
        resolve_sha(twins, "abcd")
    with pytest.raises(InputError, match="no evidence item"):
        resolve_sha(index, "ffff")


def test_link_mismatches_are_found_both_ways(ws: tuple[Workspace, str], tmp_path: Path) -> None:
    from tierassess.core.models import Answer
    from tierassess.storage.evidence import link_mismatches

    workspace, site = ws
    item = add_evidence_as(
        workspace, site, _write(tmp_path / "a.txt", b"a"), "An", criteria=["PWR-GEN-01"]
    )
    assessment = workspace.load_assessment(site)
    assessment.answers["PWR-GEN-01"].evidence = []
    assessment.answers["PWR-GEN-02"] = Answer(evidence=[item.sha256, "/home/an/not-stored.jpg"])
    reasons = {
        (m.criterion_id, m.reason)
        for m in link_mismatches(assessment, workspace.load_evidence_index(site))
    }
    assert reasons == {
        ("PWR-GEN-01", "linked in evidence.yaml, not in the answer"),
        ("PWR-GEN-02", "cited by the answer, not linked in evidence.yaml"),
        ("PWR-GEN-02", "the answer cites evidence not in the store"),
    }


# --- verify --------------------------------------------------------------------------------------


def test_verify_names_missing_and_altered_files_and_chain_breaks(
    ws: tuple[Workspace, str], tmp_path: Path, cli: Cli
) -> None:
    from tierassess.storage.evidence import verify_site

    workspace, site = ws
    kept = add_evidence_as(workspace, site, _write(tmp_path / "kept.txt", b"kept"), "An")
    altered = add_evidence_as(workspace, site, _write(tmp_path / "altered.txt", b"original"), "An")
    gone = add_evidence_as(workspace, site, _write(tmp_path / "gone.txt", b"gone"), "An")
    assert verify_site(workspace, site).ok
    result = cli("evidence", "verify", site, workspace=workspace.root)
    assert result.exit_code == 0, result.output
    assert "3 file(s)" in result.output

    path = workspace.evidence_file(site, altered.sha256)
    path.chmod(0o644)
    path.write_bytes(b"origina1")
    workspace.evidence_file(site, gone.sha256).unlink()
    log = workspace.audit_log_path(site)
    lines = log.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace('"actor":"An"', '"actor":"Eve"')
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")

    report = verify_site(workspace, site)
    assert not report.ok
    assert [a.item.sha256 for a in report.altered] == [altered.sha256]
    assert [m.sha256 for m in report.missing] == [gone.sha256]
    assert [b.line for b in report.chain_breaks] == [1]
    assert kept.sha256 not in {a.item.sha256 for a in report.altered}

    result = cli("evidence", "verify", site, workspace=workspace.root)
    assert result.exit_code == 1
    assert f"ALTERED: altered.txt ({altered.sha256})" in result.output
    assert f"MISSING: gone.txt ({gone.sha256})" in result.output
    assert "LOG CHAIN BROKEN" in result.output and "line 1" in result.output
    as_json = cli("evidence", "verify", site, "--format", "json", workspace=workspace.root)
    assert as_json.exit_code == 1
    import json

    data = json.loads(as_json.stdout)
    assert data["ok"] is False and len(data["chain_breaks"]) == 1


def test_adding_a_damaged_file_again_repairs_the_store(
    ws: tuple[Workspace, str], tmp_path: Path
) -> None:
    from tierassess.storage.evidence import verify_site

    workspace, site = ws
    source = _write(tmp_path / "a.txt", b"precious")
    item = add_evidence_as(workspace, site, source, "An")
    stored = workspace.evidence_file(site, item.sha256)
    stored.chmod(0o644)
    stored.write_bytes(b"precioUs")  # damaged in place, same size
    assert not verify_site(workspace, site).ok
    add_evidence_as(workspace, site, source, "An")
    assert stored.read_bytes() == b"precious"
    assert verify_site(workspace, site).ok


# --- command line --------------------------------------------------------------------------------


def test_cli_add_list_show_link(ws: tuple[Workspace, str], tmp_path: Path, cli: Cli) -> None:
    import json

    workspace, site = ws
    a = _write(tmp_path / "ảnh tủ UPS.png", b"\x89PNG\r\n\x1a\n fake")
    b = _write(tmp_path / "report.pdf", b"%PDF-1.4 fake")
    result = cli(
        "evidence",
        "add",
        site,
        str(a),
        str(b),
        "-c",
        "PWR-GEN-01",
        "--captured",
        "2025-01-02",
        "--note",
        "Phòng UPS",
        "--as",
        "Lan",
        "--format",
        "json",
        workspace=workspace.root,
    )
    assert result.exit_code == 0, result.output
    added = json.loads(result.stdout)
    assert [x["original_name"] for x in added] == ["ảnh tủ UPS.png", "report.pdf"]
    assert added[0]["kind"] == "photo" and added[0]["captured_source"] == "given"

    listed = cli("evidence", "list", site, "--format", "json", workspace=workspace.root)
    assert [x["sha256"] for x in json.loads(listed.stdout)] == [x["sha256"] for x in added]
    table = cli("evidence", "list", site, workspace=workspace.root)
    assert "ảnh tủ UPS.png" in table.output and "2 file(s)" in table.output

    sha = added[1]["sha256"]
    shown = cli("evidence", "show", site, sha[:8], workspace=workspace.root)
    assert shown.exit_code == 0 and sha in shown.output and "PWR-GEN-01" in shown.output
    from click.testing import CliRunner

    from tierassess.cli import build_app

    root = ["--workspace", str(workspace.root), "--lang", "vi"]
    in_vi = CliRunner().invoke(build_app(), [*root, "evidence", "show", site, sha[:8]]).output
    stored = workspace.load_evidence_index(site).get(sha)
    assert stored is not None
    added_at = stored.added_at.astimezone(UTC)
    assert f"{added_at:%d/%m/%Y %H:%M} UTC · " in in_vi  # dates and times through formats
    linked = cli(
        "evidence", "link", site, sha[:8], "PWR-UPS-03", "--as", "Lan", workspace=workspace.root
    )
    assert linked.exit_code == 0 and "PWR-GEN-01, PWR-UPS-03" in linked.output
    unlinked = cli("evidence", "unlink", site, sha[:8], "PWR-GEN-01", workspace=workspace.root)
    assert unlinked.exit_code == 0 and "now backs: PWR-UPS-03" in unlinked.output

    bad = cli("evidence", "add", site, str(a), "-c", "PWR-NOPE-01", workspace=workspace.root)
    assert bad.exit_code == 2 and "no criterion PWR-NOPE-01" in bad.output
    assert "Traceback" not in bad.output


def test_cli_log_shows_entries_and_the_chain(
    ws: tuple[Workspace, str], tmp_path: Path, cli: Cli
) -> None:
    import json

    workspace, site = ws
    cli(
        "evidence",
        "add",
        site,
        str(_write(tmp_path / "a.txt", b"a")),
        "--as",
        "Lan",
        workspace=workspace.root,
    )
    text = cli("log", site, workspace=workspace.root)
    assert text.exit_code == 0 and "Evidence added" in text.output and "Lan" in text.output
    data = json.loads(cli("log", site, "--format", "json", workspace=workspace.root).stdout)
    assert data["intact"] is True and data["entries"][0]["action"] == "evidence.add"


def test_cli_refuses_while_a_questionnaire_holds_the_site(
    ws: tuple[Workspace, str], tmp_path: Path, cli: Cli
) -> None:
    from tierassess.storage.locking import acquire_site_lock

    workspace, site = ws
    lock = acquire_site_lock(workspace.site_dir(site), "someone-else")
    try:
        result = cli(
            "evidence", "add", site, str(_write(tmp_path / "a.txt", b"a")), workspace=workspace.root
        )
    finally:
        lock.release()
    assert result.exit_code == 2
    assert workspace.load_evidence_index(site).items == []


def test_peak_memory_stays_flat_for_a_large_file(ws: tuple[Workspace, str], tmp_path: Path) -> None:
    """A smaller cousin of benchmarks/bench_evidence.py: 256 MB through the real command."""
    import resource
    import subprocess
    import sys

    workspace, site = ws
    big = tmp_path / "big.bin"
    with big.open("wb") as handle:
        handle.truncate(256 * 1024 * 1024)
    script = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    command = [
        sys.executable,
        "-m",
        "tierassess",
        "-w",
        str(workspace.root),
        "evidence",
        "add",
        site,
        str(big),
    ]
    out = subprocess.run(
        [sys.executable, "-c", script, *command], check=True, capture_output=True, text=True
    )
    peak_mb = int(out.stdout.strip()) / 1024
    assert peak_mb < 100, f"peak RSS {peak_mb:.0f} MB"
    [item] = workspace.load_evidence_index(site).items
    assert item.size == 256 * 1024 * 1024
    del resource


# --- freshness -----------------------------------------------------------------------------------


def test_stale_report_uses_the_freshness_rule(
    ws: tuple[Workspace, str], tmp_path: Path, cli: Cli
) -> None:
    import json
    from datetime import timedelta

    from tierassess.core.models import Answer, Result, utc_now
    from tierassess.storage.evidence import stale_report
    from tierassess.storage.evidence.present import stale_expected_text

    workspace, site = ws
    today = utc_now().date()
    old_day, fresh_day = today - timedelta(days=500), today - timedelta(days=30)
    old = add_evidence_as(
        workspace,
        site,
        _write(tmp_path / "old.pdf", b"old"),
        "An",
        ["PWR-GEN-01"],
        captured=old_day,
        kind="test_record",
    )
    photo = _jpeg_with_exif(tmp_path / "p.jpg", fresh_day.strftime("%Y:%m:%d 08:00:00"))
    add_evidence_as(workspace, site, photo, "An", ["PWR-GEN-01", "PWR-GEN-02"])
    fresh = add_evidence_as(
        workspace,
        site,
        _write(tmp_path / "new.pdf", b"new"),
        "An",
        ["PWR-GEN-02"],
        captured=fresh_day,
        kind="test_record",
    )
    assessment = workspace.load_assessment(site)
    for criterion_id in ("PWR-GEN-01", "PWR-GEN-02", "PWR-UPS-03"):
        assessment.answers.setdefault(criterion_id, Answer()).result = Result.MET
    workspace.save_assessment(assessment)

    report = stale_report(workspace, site)
    rows = {row.criterion_id: row for row in report.rows}
    assert set(rows) == {"PWR-GEN-01", "PWR-UPS-03"}  # GEN-02 has a fresh record and a photo
    assert rows["PWR-GEN-01"].status == "stale"
    assert rows["PWR-UPS-03"].status == "missing"
    assert old.sha256 in {i.sha256 for i in rows["PWR-GEN-01"].items}
    expired = (old_day + timedelta(days=365)).isoformat()
    assert f"(expired {expired})" in stale_expected_text(rows["PWR-GEN-01"], "en")
    in_vi = stale_expected_text(rows["PWR-GEN-01"], "vi")
    assert f"{old_day + timedelta(days=365):%d/%m/%Y}" in in_vi  # a date read in the reader's way
    assert fresh.sha256 not in {i.sha256 for r in report.rows for i in r.items}

    result = cli("evidence", "stale", site, "--format", "json", workspace=workspace.root)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [c["criterion_id"] for c in data["criteria"]] == ["PWR-GEN-01", "PWR-UPS-03"]
    assert data["criteria"][0]["evidence"][0]["age_days"] == 500
    table = cli("evidence", "stale", site, workspace=workspace.root)
    assert table.exit_code == 1 and "Stale" in table.output and "Missing" in table.output

    # As of yesterday none of these files had been added: every claim lacked evidence.
    yesterday = (today - timedelta(days=1)).isoformat()
    before = cli(
        "evidence",
        "stale",
        site,
        "--as-of",
        yesterday,
        "--format",
        "json",
        workspace=workspace.root,
    )
    assert {c["status"] for c in json.loads(before.stdout)["criteria"]} == {"missing"}


@pytest.mark.parametrize(
    "command",
    [
        ["evidence"],
        ["evidence", "add"],
        ["evidence", "list"],
        ["evidence", "show"],
        ["evidence", "link"],
        ["evidence", "unlink"],
        ["evidence", "verify"],
        ["evidence", "stale"],
        ["bundle"],
        ["bundle", "export"],
        ["bundle", "verify"],
        ["bundle", "import"],
        ["review"],
        ["log"],
    ],
)
def test_every_command_has_help(command: list[str], cli: Cli) -> None:
    result = cli(*command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output


def test_help_speaks_vietnamese() -> None:
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "tierassess", "evidence", "add", "--help"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TIERASSESS_LANG": "vi"},
    )
    assert done.returncode == 0, done.stderr
    assert "Lưu một hoặc nhiều tệp" in done.stdout and "--criterion" in done.stdout


def test_kind_word_is_the_one_label_of_an_evidence_kind() -> None:
    from tierassess.core.models import EvidenceKind
    from tierassess.storage.evidence.present import kind_word

    assert kind_word(EvidenceKind.PHOTO, "vi") == "Ảnh chụp"
    assert kind_word(EvidenceKind.PHOTO, "en") == "Photo"
    assert kind_word(None, "vi") == "-"
    assert kind_word(None, "en", missing="image/jpeg") == "image/jpeg"


def test_stale_and_score_agree_on_the_day_and_the_stale_claims(
    cli: Cli, sample_workspace: Path
) -> None:
    """One as-of rule: without --as-of both judge as of the assessment's last update."""
    import json

    site = "sample-provincial-dc"
    # last updated on a later day than today: "today" would judge fewer claims stale than score
    assessment = sample_workspace / "evidence" / site / "assessment.yaml"
    text = assessment.read_text(encoding="utf-8")
    assessment.write_text(
        re.sub(r"updated_at: .*", "updated_at: '2027-06-01T08:00:00Z'", text), encoding="utf-8"
    )
    score = json.loads(cli("score", site, "--format", "json", workspace=sample_workspace).stdout)
    stale = json.loads(
        cli("evidence", "stale", site, "--format", "json", workspace=sample_workspace).stdout
    )
    assert stale["as_of"] == score["as_of"] == "2027-06-01"
    claims = {"met", "partial"}
    stale_in_score = {
        c["criterion_id"]
        for c in score["criteria"]
        if c["result"] in claims and c["evidence_status"] == "stale"
    }
    assert stale_in_score
    assert stale_in_score == {
        c["criterion_id"] for c in stale["criteria"] if c["status"] == "stale"
    }
