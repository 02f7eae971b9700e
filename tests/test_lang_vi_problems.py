"""Problems a reader meets deep inside a file, answered in Vietnamese only.

`test_lang_vi.py` walks every command against wrong arguments. This file goes further in: a
tampered or hostile bundle (every member's problem is its own line), a catalogue with cross-file
mistakes and a YAML file that does not parse. Each case is run in English too, where the same
detector must find English: that proves the case reaches the messages it means to test.
"""

from __future__ import annotations

import stat
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from bundle_support import reseal
from click.testing import CliRunner
from test_lang_vi import english_lines

from tierassess.cli import build_app


def _run(root: Path, lang: str, *args: str) -> tuple[int, str]:
    from tierassess.i18n import set_lang

    set_lang(lang)
    try:
        result = CliRunner().invoke(build_app(), ["--workspace", str(root), "--lang", lang, *args])
    finally:
        set_lang("en")
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.output + result.stderr


def _assert_vietnamese_only(root: Path, *args: str, code: int) -> str:
    """The command's output in Vietnamese has no English line; in English it has some."""
    exit_code, output = _run(root, "vi", *args)
    assert exit_code == code, output
    assert english_lines(output) == [], output
    exit_code, english = _run(root, "en", *args)
    assert exit_code == code, english
    assert english_lines(english), english  # the case reaches translated messages
    return output


# --- bundles -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import MINIMAL_PROFILE

    root = tmp_path_factory.mktemp("bundle-origin")
    profile = root / "profile.yaml"
    profile.write_text(MINIMAL_PROFILE, encoding="utf-8")
    record = root / "bien-ban.pdf"
    record.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 8)
    path = root / "goi.zip"
    for args in (
        ["init", "dc", "--profile", str(profile)],
        ["evidence", "add", "dc", str(record), "--kind", "test_record", "--captured", "2026-01-02"],
        ["bundle", "export", "dc", "-o", str(path)],
    ):
        code, output = _run(root, "en", *args)
        assert code == 0, output
    return path


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def _write(path: Path, members: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are on purpose
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members:
                archive.writestr(name, data)
    return path


def _symlink(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def _bomb() -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo("files/00/" + "0" * 64 + ".bin")
    info.compress_type = zipfile.ZIP_DEFLATED
    return info, bytes(4 * 1024 * 1024)


Members = dict[str, bytes]
ADDED: dict[str, Callable[[], list[tuple[str | zipfile.ZipInfo, bytes]]]] = {
    "zip slip": lambda: [("../../evil.txt", b"x"), ("catalogue/../../evil.yaml", b"x")],
    "absolute and windows paths": lambda: [("/tmp/evil.txt", b"x"), ("C:/evil.txt", b"x")],
    "backslashes": lambda: [("..\\..\\evil.txt", b"x")],
    "symlink": lambda: [_symlink("plan.yaml", "/etc/passwd")],
    "duplicate and case twin": lambda: [("assessment.yaml", b"x"), ("Assessment.yaml", b"x")],
    "zip bomb": lambda: [_bomb()],
    "stranger": lambda: [("run-me.sh", b"#!/bin/sh\n")],
    "extra evidence": lambda: [("files/ab/" + "ab" * 32 + ".pdf", b"%PDF-1.4 extra")],
}


def _replace(name: str, change: Callable[[bytes], bytes]) -> Callable[[Members], Members]:
    return lambda members: {**members, name: change(members[name])}


def _drop(name: str) -> Callable[[Members], Members]:
    return lambda members: {k: v for k, v in members.items() if k != name}


def _chain_cut(members: Members) -> Members:
    lines = members["audit.log"].decode().splitlines(keepends=True)
    edited = lines[0].replace('"dc"', '"dc2"', 1)
    return reseal({**members, "audit.log": "".join([edited, *lines[2:]]).encode()})


def _other_site(members: Members) -> Members:
    text = members["assessment.yaml"].decode().replace("id: dc", "id: dc-khac", 1)
    return reseal({**members, "assessment.yaml": text.encode()})


def _evidence_renamed(members: Members) -> Members:
    """An evidence file whose SHA-256 no longer matches its name, resealed."""
    name = next(k for k in members if k.startswith("files/"))
    return reseal({**members, name: members[name] + b"changed"})


def _index_dropped(members: Members) -> Members:
    text = members["evidence.yaml"].decode().split("items:")[0] + "items: []\n"
    return reseal({**members, "evidence.yaml": text.encode()})


CHANGED: dict[str, Callable[[Members], Members]] = {
    "member changed": _replace("assessment.yaml", lambda b: b + b"# sua\n"),
    "member missing": _drop("evidence.yaml"),
    "manifest missing": _drop("manifest.json"),
    "manifest not json": _replace("manifest.json", lambda b: b"{}"),
    "manifest altered": _replace("manifest.json", lambda b: b.replace(b'"dc"', b'"dc2"', 1)),
    "digest file garbled": _replace("manifest.sha256", lambda b: b"khong phai\n"),
    "audit chain broken": _chain_cut,
    "site differs": _other_site,
    "evidence hash not its name": _evidence_renamed,
    "evidence not described": _index_dropped,
}


@pytest.mark.parametrize("case", sorted(ADDED) + sorted(CHANGED))
def test_a_bad_bundle_is_explained_in_vietnamese(bundle: Path, tmp_path: Path, case: str) -> None:
    members = _members(bundle)
    if case in ADDED:
        hostile = _write(tmp_path / "goi.zip", [*members.items(), *ADDED[case]()])
    else:
        hostile = _write(tmp_path / "goi.zip", list(CHANGED[case](members).items()))
    output = _assert_vietnamese_only(tmp_path, "bundle", "verify", str(hostile), code=1)
    assert "gói hồ sơ" in output
    (tmp_path / "evidence").mkdir()
    _assert_vietnamese_only(tmp_path, "bundle", "import", str(hostile), code=1)
    assert not list((tmp_path / "evidence").iterdir())


def test_a_wrong_digest_and_a_second_import_are_explained_in_vietnamese(
    bundle: Path, tmp_path: Path
) -> None:
    _assert_vietnamese_only(tmp_path, "bundle", "verify", str(bundle), "--expect", "0" * 16, code=1)
    code, output = _run(tmp_path, "vi", "bundle", "import", str(bundle), "--allow-unsigned")
    assert code == 0, output
    _assert_vietnamese_only(tmp_path, "bundle", "import", str(bundle), "--allow-unsigned", code=2)


def test_a_broken_audit_log_is_explained_in_vietnamese(bundle: Path, tmp_path: Path) -> None:
    code, output = _run(tmp_path, "vi", "bundle", "import", str(bundle), "--allow-unsigned")
    assert code == 0, output
    log = next((tmp_path / "evidence").glob("*/audit.log"))
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text(lines[0].replace('"dc"', '"dc2"', 1) + "".join(lines[1:]), encoding="utf-8")
    _assert_vietnamese_only(tmp_path, "evidence", "verify", "dc", code=1)


# --- catalogues ----------------------------------------------------------------------------------


def _criterion(cid: str, **overrides: str) -> str:
    from test_catalogue_validate import criterion

    return criterion(cid, **overrides)


def disruptive_remediation(outage: str) -> str:
    from test_catalogue_validate import disruptive_remediation

    return disruptive_remediation(outage)


def _remediation(band: str = "S", depends: str = "[]") -> str:
    return f"{{action: {{vi: Làm, en: Do}}, cost_band: {band}, duration_weeks: 4, depends_on: {depends}}}"


# field of each problem line -> criterion text that causes it
CROSS_FILE = {
    "criteria[1].id": _criterion("PWR-UPS-01"),  # a duplicate of the first
    "criteria[2].domain": _criterion("PWR-UPS-03", domain="cooling"),
    "criteria[3].id": _criterion("CLG-UPS-04"),
    "criteria[4].subsystem": _criterion("PWR-UPS-05", subsystem="plumbing"),
    "criteria[5].references[0].standard": _criterion(
        "PWR-UPS-06", references="[{standard: nfpa-9999, clause: x}]"
    ),
    "criteria[6].remediation.cost_band": _criterion("PWR-UPS-07", remediation=_remediation("XXL")),
    "criteria[7].remediation.depends_on[0]": _criterion(
        "PWR-UPS-08", remediation=_remediation(depends="[PWR-GEN-01]")
    ),
    # a cycle of two, reported once, at its second criterion
    "": _criterion("PWR-UPS-09", remediation=_remediation(depends="[PWR-UPS-10]")),
    "criteria[9].remediation.depends_on": _criterion(
        "PWR-UPS-10", remediation=_remediation(depends="[PWR-UPS-09]")
    ),
    "criteria[10].counts_for[0]": _criterion(
        "PWR-UPS-11", counts_for="[{yardstick: khong-co, level: 3, must_pass: false}]"
    ),
    "criteria[11].applies_if[0].field": _criterion(
        "PWR-UPS-12", applies_if="[{field: colour, value: red}]"
    ),
    "criteria[12].remediation.affects[0]": _criterion(
        "PWR-UPS-13", remediation=disruptive_remediation("outage_weeks: 1, affects: [it_network]")
    ),
    "criteria[13].remediation": _criterion(
        "PWR-UPS-14", remediation=disruptive_remediation("outage_weeks: 9")
    ),
}


def test_a_catalogue_with_cross_file_mistakes_is_explained_in_vietnamese(tmp_path: Path) -> None:
    from test_catalogue_validate import criterion, write_catalogue

    folder = tmp_path / "c"
    path = write_catalogue(folder, criterion() + "".join(CROSS_FILE.values()))
    (folder / "planning-2.yaml").write_text(
        (folder / "planning.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "other.yaml").write_text(
        "kind: criteria\nchecklist: khong-co\ncriteria: []\n", encoding="utf-8"
    )
    output = _assert_vietnamese_only(tmp_path, "checklist", "validate", str(folder), code=1)
    for field in filter(None, CROSS_FILE):
        assert any(
            line.startswith(f"{path}:") and f" {field}" in line for line in output.split("\n")
        ), field
    assert ":1: kind: bảng kế hoạch (kind: planning) thứ hai" in output
    assert f"{folder / 'other.yaml'}:2: checklist:" in output
    _, english = _run(tmp_path, "en", "checklist", "validate", str(folder))
    problem_lines = [line for line in english.splitlines() if line.startswith(str(folder))]
    assert len(problem_lines) >= len(CROSS_FILE) + 1
    assert [line for line in problem_lines if not english_lines(line)] == []


# --- YAML syntax ---------------------------------------------------------------------------------

BROKEN_YAML = {
    "colon in a value": "kind: criteria\nchecklist: mini\ncriteria: a: b\n",
    "unclosed list": "kind: criteria\ncriteria: [a, b\n",
    "unclosed mapping": "kind: criteria\ncriteria: {a: 1\n",
    "indentation": "kind: criteria\ncriteria:\n  - a\n b: 1\n",
    "unclosed quote": "kind: 'criteria\n",
    "bad escape": 'kind: "criteria\\q"\n',
    "tab": "kind: criteria\ncriteria:\n\t- 1\n",
    "undefined alias": "kind: *khong-co\n",
    "python tag": "kind: !!python/object/apply:os.system ['true']\n",
    "two documents": "kind: criteria\n---\nkind: criteria\n",
    "list as key": "? [a, b]\n: 1\n",
    "stray bracket": "{kind: criteria}}\n",
    "sequence after a key": "kind: - criteria\n",
    "missing key": "kind: criteria\n  checklist: x\n bad: 1\n",
}


@pytest.mark.parametrize("case", sorted(BROKEN_YAML))
def test_a_yaml_syntax_error_is_explained_in_vietnamese(tmp_path: Path, case: str) -> None:
    from test_catalogue_validate import criterion, write_catalogue

    folder = tmp_path / "c"
    write_catalogue(folder, criterion())
    broken = folder / "broken.yaml"
    broken.write_text(BROKEN_YAML[case], encoding="utf-8")
    output = _assert_vietnamese_only(tmp_path, "checklist", "validate", str(folder), code=1)
    assert f"{broken}:" in output and "lỗi cú pháp YAML (cột " in output
    assert "libyaml" not in output  # every case here has its own explanation


def test_an_unknown_yaml_problem_quotes_libyaml_in_a_vietnamese_sentence() -> None:
    from tierassess.i18n import set_lang
    from tierassess.yamlio import syntax_problem

    set_lang("vi")
    try:
        text = syntax_problem("found something never seen before")
    finally:
        set_lang("en")
    assert text.startswith("không đọc được cấu trúc YAML") and english_lines(text) == []


def test_a_site_that_cannot_be_bundled_is_explained_in_vietnamese(
    bundle: Path, tmp_path: Path
) -> None:
    code, output = _run(tmp_path, "vi", "bundle", "import", str(bundle), "--allow-unsigned")
    assert code == 0, output
    stored = next((tmp_path / "evidence" / "dc" / "files").glob("*/*"))
    stored.chmod(0o644)
    stored.unlink()
    out = str(tmp_path / "lai.zip")
    output = _assert_vietnamese_only(tmp_path, "bundle", "export", "dc", "-o", out, code=1)
    assert "bien-ban.pdf" in output
    log = tmp_path / "evidence" / "dc" / "audit.log"
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text(lines[0].replace('"dc"', '"dc2"', 1) + "".join(lines[1:]), encoding="utf-8")
    _assert_vietnamese_only(tmp_path, "bundle", "export", "dc", "-o", out, code=1)
