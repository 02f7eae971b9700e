"""Auditor bundles: export, verify (every discrepancy) and a suspicious import."""

from __future__ import annotations

import hashlib
import json
import stat
import warnings
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from bundle_support import export_as as export_bundle
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st
from session_support import add_evidence_as, record_review_as
from test_evidence import make_site

from tierassess.core.models import Answer, Review, ReviewVerdict, utc_now
from tierassess.core.models import Result as Outcome
from tierassess.errors import CheckFailed, WorkspaceError
from tierassess.exchange.bundle import ImportLimits, import_bundle, verify_bundle
from tierassess.storage.workspace import Workspace

Cli = Callable[..., Result]


def _populate(workspace: Workspace, site: str, folder: Path) -> None:
    """Answers, evidence (one photo with EXIF, one PDF) and a review, as a real site has."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    photo = folder / "Tủ ATS tầng 1.jpg"
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = "2025:02:03 08:00:00"
    Image.new("RGB", (16, 16), (10, 120, 200)).save(photo, "JPEG", exif=exif)
    record = folder / "bien-ban-thu-tai.pdf"
    record.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 40)
    add_evidence_as(workspace, site, photo, "Nguyễn Văn An", criteria=["PWR-GEN-01"])
    add_evidence_as(
        workspace,
        site,
        record,
        "Nguyễn Văn An",
        criteria=["PWR-GEN-01", "PWR-GEN-02"],
        captured=date(2025, 1, 20),
        kind="test_record",
        note="Biên bản thử tải máy phát",
    )
    assessment = workspace.load_assessment(site)
    first = assessment.answers["PWR-GEN-01"]
    first.result, first.answered_by, first.answered_at = Outcome.MET, "Nguyễn Văn An", utc_now()
    first.notes = "Đã thử tải 100% trong 4 giờ"
    first.review = Review(
        verdict=ReviewVerdict.ACCEPTED, reviewer="Trần Thị Bình", at=utc_now(), comment="Đủ"
    )
    assessment.answers["PWR-GEN-02"].result = Outcome.PARTIAL
    assessment.answers["PWR-UPS-03"] = Answer(result=Outcome.NOT_MET, answered_by="Nguyễn Văn An")
    workspace.save_assessment(assessment)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("origin")
    workspace, site = make_site(root / "ws")
    _populate(workspace, site, root / "files")
    return export_bundle(workspace, site, root / "out" / "bundle.zip", "Nguyễn Văn An").path


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _write_zip(path: Path, members: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns on the duplicate names some tests need
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members:
                archive.writestr(name, data)
    return path


# --- export and verify ---------------------------------------------------------------------------


def test_a_fresh_bundle_verifies_and_holds_everything(bundle: Path) -> None:
    report = verify_bundle(bundle)
    assert report.ok, report.discrepancies
    members = _members(bundle)
    names = set(members)
    assert {
        "assessment.yaml",
        "evidence.yaml",
        "audit.log",
        "index.html",
        "manifest.json",
        "manifest.sha256",
    } <= names
    assert {"catalogue/tier3.yaml", "catalogue/tier3-power.yaml"} <= names
    manifest = json.loads(members["manifest.json"])
    assert manifest["site_id"] == "test-dc" and manifest["created_by"] == "Nguyễn Văn An"
    listed = {m["path"]: m for m in manifest["members"]}
    assert set(listed) == names - {"manifest.json", "manifest.sha256"}
    for name, entry in listed.items():
        assert entry["size"] == len(members[name])
        assert entry["sha256"] == hashlib.sha256(members[name]).hexdigest()
    digest = hashlib.sha256(members["manifest.json"]).hexdigest()
    assert report.digest == digest
    sums = members["manifest.sha256"].decode()
    assert sums.splitlines()[0] == f"{digest}  manifest.json"  # sha256sum -c works on it
    evidence = [n for n in names if n.startswith("files/")]
    assert len(evidence) == 2 and any(n.endswith(".jpg") for n in evidence)
    for name in evidence:
        assert Path(name).stem == hashlib.sha256(members[name]).hexdigest()
    assert verify_bundle(bundle, expect_digest=digest.upper()).ok


def test_the_index_page_serves_an_auditor_without_tierassess(bundle: Path) -> None:
    from html.parser import HTMLParser

    members = _members(bundle)
    page = members["index.html"].decode("utf-8")
    assert '<meta charset="utf-8">' in page
    assert "Trung tâm dữ liệu tỉnh Quảng Ngãi" in page  # Vietnamese, unescaped
    assert page.count("Không phải chứng nhận.") == 1  # the catalogue's disclaimer, once, in vi
    assert "Đã thử tải 100% trong 4 giờ" in page
    assert "Chấp nhận" in page and "Trần Thị Bình" in page and "Chưa rà soát" in page
    assert "2025-02-03" in page and "theo EXIF của ảnh" in page
    assert "Tình trạng bằng chứng:" in page  # the freshness rule's verdict per criterion

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.hrefs: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "a":
                self.hrefs.append(dict(attrs)["href"] or "")

    parser = Links()
    parser.feed(page)
    files = [h for h in parser.hrefs if not h.startswith("#")]
    assert files and all(h in members for h in files), "every evidence link opens a member"
    for name in files:
        assert hashlib.sha256(members[name]).hexdigest() in page


def test_english_index_on_request(tmp_path: Path) -> None:
    workspace, site = make_site(tmp_path / "ws")
    _populate(workspace, site, tmp_path / "files")
    result = export_bundle(workspace, site, tmp_path / "b.zip", "An", lang="en")
    page = _members(result.path)["index.html"].decode()
    assert page.count("Not a certification.") == 1 and 'lang="en"' in page


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_change_to_any_member_is_detected(
    bundle: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    members = _members(bundle)
    names = sorted(members)
    action = data.draw(st.sampled_from(["flip", "delete", "add", "manifest"]))
    changed = dict(members)
    if action == "flip":
        name = data.draw(st.sampled_from(names))
        content = bytearray(changed[name])
        position = data.draw(st.integers(0, len(content) - 1))
        content[position] ^= data.draw(st.integers(1, 255))
        changed[name] = bytes(content)
    elif action == "delete":
        del changed[data.draw(st.sampled_from(names))]
    elif action == "add":
        name = data.draw(
            st.sampled_from(
                [
                    "notes.txt",
                    "catalogue/tier3-extra.yaml",
                    "files/ab/" + "ab" * 32 + ".pdf",
                    "plan.yaml",
                ]
            )
            | st.text(
                st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\x00"),
                min_size=1,
                max_size=30,
            )
        )
        if name in changed:
            name = name + ".x"
        changed[name] = data.draw(st.binary(max_size=64))
    else:
        manifest = json.loads(changed["manifest.json"])
        entry = data.draw(st.sampled_from(manifest["members"]))
        what = data.draw(st.sampled_from(["size", "sha256", "path", "drop", "site"]))
        if what == "size":
            entry["size"] += data.draw(st.integers(1, 1000))
        elif what == "sha256":
            entry["sha256"] = hashlib.sha256(entry["sha256"].encode()).hexdigest()
        elif what == "path":
            entry["path"] = entry["path"] + ".bak"
        elif what == "drop":
            manifest["members"].remove(entry)
        else:
            manifest["site_id"] = "other-site"
        changed["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    assert changed != members
    target = tmp_path_factory.getbasetemp() / "tampered.zip"
    _write_zip(target, list(changed.items()))
    report = verify_bundle(target)
    assert not report.ok, f"{action} went unnoticed"


def test_a_recomputed_manifest_still_betrays_changed_evidence(bundle: Path, tmp_path: Path) -> None:
    """An editor who swaps a photo and rewrites manifest and digest is caught three ways."""
    members = _members(bundle)
    original_digest = hashlib.sha256(members["manifest.json"]).hexdigest()
    photo = next(n for n in members if n.endswith(".jpg"))
    members[photo] = b"another picture"
    manifest = json.loads(members["manifest.json"])
    for entry in manifest["members"]:
        if entry["path"] == photo:
            entry["size"], entry["sha256"] = (
                len(members[photo]),
                hashlib.sha256(members[photo]).hexdigest(),
            )
    members["manifest.json"] = json.dumps(manifest, indent=2).encode()
    digest = hashlib.sha256(members["manifest.json"]).hexdigest()
    sums = [f"{digest}  manifest.json"] + [
        f"{m['sha256']}  {m['path']}" for m in manifest["members"]
    ]
    members["manifest.sha256"] = ("\n".join(sums) + "\n").encode()
    target = _write_zip(tmp_path / "forged.zip", list(members.items()))
    report = verify_bundle(target)
    assert [d.kind for d in report.discrepancies] == ["content"]
    assert "not the one in its name" in report.discrepancies[0].detail
    assert not verify_bundle(bundle.parent / bundle.name, expect_digest=digest).ok
    assert verify_bundle(bundle, expect_digest=original_digest).ok


@pytest.mark.parametrize(
    "edit", [(b"\n", b"\x0b"), (b"  manifest.json", b" *manifest.json"), (b"\n", b"\r\n")]
)
def test_any_edit_of_the_digest_file_is_detected(
    bundle: Path, tmp_path: Path, edit: tuple[bytes, bytes]
) -> None:
    members = _members(bundle)
    members["manifest.sha256"] = members["manifest.sha256"].replace(*edit, 1)
    report = verify_bundle(_write_zip(tmp_path / "sums.zip", list(members.items())))
    assert [d.member for d in report.discrepancies] == ["manifest.sha256"]


def test_a_log_cut_short_in_the_bundle_is_detected(bundle: Path, tmp_path: Path) -> None:
    members = _members(bundle)
    lines = members["audit.log"].decode().splitlines(keepends=True)
    members["audit.log"] = "".join(lines[:-1]).encode()
    manifest = json.loads(members["manifest.json"])
    for entry in manifest["members"]:
        if entry["path"] == "audit.log":
            entry["size"], entry["sha256"] = (
                len(members["audit.log"]),
                hashlib.sha256(members["audit.log"]).hexdigest(),
            )
    members["manifest.json"] = json.dumps(manifest, indent=2).encode()
    digest = hashlib.sha256(members["manifest.json"]).hexdigest()
    sums = [f"{digest}  manifest.json"] + [
        f"{m['sha256']}  {m['path']}" for m in manifest["members"]
    ]
    members["manifest.sha256"] = ("\n".join(sums) + "\n").encode()
    report = verify_bundle(_write_zip(tmp_path / "short.zip", list(members.items())))
    assert any(
        d.member == "audit.log" and "entries ending in" in d.detail for d in report.discrepancies
    )


def test_export_refuses_altered_evidence_and_a_broken_log(tmp_path: Path) -> None:
    workspace, site = make_site(tmp_path / "ws")
    _populate(workspace, site, tmp_path / "files")
    item = workspace.load_evidence_index(site).items[1]
    stored = workspace.evidence_file(site, item.sha256)
    stored.chmod(0o644)
    stored.write_bytes(b"%PDF-1.4 edited")
    target = tmp_path / "out" / "b.zip"
    with pytest.raises(CheckFailed, match="was altered"):
        export_bundle(workspace, site, target, "An")
    assert not target.exists() and list(target.parent.iterdir()) == []

    workspace, site = make_site(tmp_path / "ws2")
    _populate(workspace, site, tmp_path / "files2")
    log = workspace.audit_log_path(site)
    log.write_text(
        log.read_text(encoding="utf-8").replace("Nguyễn Văn An", "Someone", 1), encoding="utf-8"
    )
    with pytest.raises(CheckFailed, match="audit log"):
        export_bundle(workspace, site, target, "An")
    assert not target.exists()


def test_export_logs_its_digest(tmp_path: Path) -> None:
    from tierassess.storage.audit import read_log

    workspace, site = make_site(tmp_path / "ws")
    result = export_bundle(workspace, site, tmp_path / "b.zip", "An")
    last = read_log(workspace.audit_log_path(site))[-1]
    assert (last.action, last.details["digest"]) == ("bundle.export", result.digest)
    assert verify_bundle(result.path).ok  # an empty site bundles too


# --- hostile bundles -----------------------------------------------------------------------------


def _snapshot(folder: Path) -> set[tuple[str, int]]:
    return {
        (str(p.relative_to(folder)), p.stat().st_size if p.is_file() else -1)
        for p in folder.rglob("*")
    }


def _symlink(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def _bomb() -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo("files/00/" + "0" * 64 + ".bin")
    info.compress_type = zipfile.ZIP_DEFLATED
    return info, bytes(16 * 1024 * 1024)


HOSTILE: dict[str, Callable[[], list[tuple[str | zipfile.ZipInfo, bytes]]]] = {
    "zip-slip": lambda: [("../../evil.txt", b"pwned")],
    "nested zip-slip": lambda: [("catalogue/../../../evil.yaml", b"pwned")],
    "absolute path": lambda: [("/tmp/evil.txt", b"pwned")],
    "windows drive": lambda: [("C:/evil.txt", b"pwned")],
    "backslashes": lambda: [("..\\..\\evil.txt", b"pwned")],
    "symlink": lambda: [_symlink("plan.yaml", "/etc/passwd")],
    "duplicate name": lambda: [("assessment.yaml", b"site: {}\n")],
    "case twin": lambda: [("Assessment.yaml", b"x")],
    "zip bomb": lambda: [_bomb()],
    "stranger": lambda: [("run-me.sh", b"#!/bin/sh\n")],
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_bundles_are_refused_with_nothing_written(
    bundle: Path, tmp_path: Path, kind: str
) -> None:
    hostile = list(_members(bundle).items()) + HOSTILE[kind]()
    path = _write_zip(tmp_path / "hostile.zip", hostile)
    target = tmp_path / "reviewer"
    (target / "evidence").mkdir(parents=True)
    before = _snapshot(tmp_path)
    with pytest.raises(CheckFailed, match="refused"):
        import_bundle(path, Workspace.at(target), "Auditor")
    assert _snapshot(tmp_path) == before
    assert not (tmp_path.parent / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        (ImportLimits(max_members=5), "members, over the limit"),
        (ImportLimits(max_member_bytes=2000), "over the limit of 2.0 KB"),
        (ImportLimits(max_total_bytes=10_000), "in all, over the limit"),
    ],
)
def test_oversized_bundles_are_refused(
    bundle: Path, tmp_path: Path, limits: ImportLimits, message: str
) -> None:
    target = tmp_path / "reviewer"
    with pytest.raises(CheckFailed, match=message):
        import_bundle(bundle, Workspace.at(target), "Auditor", limits=limits)
    assert not target.exists()


def test_a_tampered_bundle_is_not_imported(bundle: Path, tmp_path: Path) -> None:
    members = _members(bundle)
    members["assessment.yaml"] = members["assessment.yaml"].replace(b"not_met", b"met")
    path = _write_zip(tmp_path / "t.zip", list(members.items()))
    target = tmp_path / "reviewer"
    with pytest.raises(CheckFailed, match="does not verify"):
        import_bundle(path, Workspace.at(target), "Auditor")
    assert not (target / "evidence" / "test-dc").exists()


# --- import and the round trip -------------------------------------------------------------------


def test_import_rebuilds_the_site_and_reviews_travel(bundle: Path, tmp_path: Path) -> None:
    from tierassess.storage.audit import read_log
    from tierassess.storage.evidence import verify_site

    reviewer = Workspace.at(tmp_path / "reviewer")
    result = import_bundle(bundle, reviewer, "Lê Kiểm Toán")
    assert result.site_id == "test-dc" and result.catalogue_installed
    assert verify_site(reviewer, "test-dc").ok
    assert (reviewer.root / "checklists" / "tier3-power.yaml").is_file()
    assert (result.site_dir / "bundle" / "index.html").is_file()
    assert read_log(reviewer.audit_log_path("test-dc"))[-1].action == "bundle.import"
    assert not [p for p in reviewer.evidence_dir.iterdir() if p.name.startswith(".import-")]

    record_review_as(
        reviewer, "test-dc", "PWR-UPS-03", "needs_evidence", "Lê Kiểm Toán", "Thiếu ảnh UPS"
    )
    second = export_bundle(reviewer, "test-dc", tmp_path / "reviewed.zip", "Lê Kiểm Toán")
    third = Workspace.at(tmp_path / "department")
    import_bundle(second.path, third, "Sở TT&TT")
    review = third.load_assessment("test-dc").answers["PWR-UPS-03"].review
    assert (
        review is not None
        and review.verdict == "needs_evidence"
        and review.reviewer == "Lê Kiểm Toán"
    )

    with pytest.raises(WorkspaceError, match="already exists"):
        import_bundle(bundle, reviewer, "Lê Kiểm Toán")


def test_cli_export_verify_import(tmp_path: Path, cli: Cli) -> None:
    workspace, site = make_site(tmp_path / "ws")
    _populate(workspace, site, tmp_path / "files")
    out = tmp_path / "b.zip"
    exported = cli("bundle", "export", site, "-o", str(out), "--as", "An", workspace=workspace.root)
    assert exported.exit_code == 0, exported.output
    digest = hashlib.sha256(_members(out)["manifest.json"]).hexdigest()
    assert digest in exported.output

    unsigned = cli("bundle", "verify", str(out), "--expect", digest)
    assert unsigned.exit_code == 1 and "UNSIGNED" in unsigned.output
    ok = cli("bundle", "verify", str(out), "--expect", digest, "--allow-unsigned")
    assert ok.exit_code == 0 and ok.output.startswith("OK:")

    members = _members(out)
    photo = next(n for n in members if n.endswith(".jpg"))
    members[photo] = members[photo][:-1] + b"\x00"
    del members["evidence.yaml"]
    members["extra.txt"] = b"hello"
    bad = _write_zip(tmp_path / "bad.zip", list(members.items()))
    failed = cli("bundle", "verify", str(bad))
    assert failed.exit_code == 1
    assert f"CHANGED: {photo}" in failed.output
    assert "MISSING: evidence.yaml" in failed.output
    assert "EXTRA: extra.txt: not a member a tierassess bundle has" in failed.output
    as_json = json.loads(cli("bundle", "verify", str(bad), "--format", "json").stdout)
    assert as_json["ok"] is False and {d["kind"] for d in as_json["discrepancies"]} >= {
        "changed",
        "missing",
    }

    not_zip = tmp_path / "nope.zip"
    not_zip.write_bytes(b"not a zip at all")
    assert cli("bundle", "verify", str(not_zip)).exit_code == 2  # not a bundle at all: bad input

    refused = cli("bundle", "import", str(out), "--as", "Auditor", workspace=tmp_path / "reviewer")
    assert refused.exit_code == 1 and "UNSIGNED" in refused.output
    assert not (tmp_path / "reviewer" / "evidence").exists()
    imported = cli(
        "bundle",
        "import",
        str(out),
        "--allow-unsigned",
        "--as",
        "Auditor",
        workspace=tmp_path / "reviewer",
    )
    assert imported.exit_code == 0, imported.output
    assert "tierassess review test-dc" in imported.output
