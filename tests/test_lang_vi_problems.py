"""Problems a reader meets deep inside a file, answered in Vietnamese only.

`test_lang_vi.py` walks every command against wrong arguments. This file goes further in: a
tampered or hostile bundle (every member's problem is its own line), a catalogue with cross-file
mistakes and a YAML file that does not parse. Each case is run in English too, where the same
detector must find English: that proves the case reaches the messages it means to test.
"""

from __future__ import annotations

import hashlib
import json
import stat
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
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


def _reseal(content: dict[str, bytes]) -> dict[str, bytes]:
    """The manifest's hashes recomputed, as a careful forger would."""
    manifest = json.loads(content["manifest.json"])
    for entry in manifest["members"]:
        data = content[entry["path"]]
        entry["size"], entry["sha256"] = len(data), hashlib.sha256(data).hexdigest()
    raw = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()
    digest = hashlib.sha256(raw).hexdigest()
    sums = [f"{digest}  manifest.json"] + [
        f"{m['sha256']}  {m['path']}" for m in manifest["members"]
    ]
    return {**content, "manifest.json": raw, "manifest.sha256": ("\n".join(sums) + "\n").encode()}


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
    return _reseal({**members, "audit.log": "".join([edited, *lines[2:]]).encode()})


def _other_site(members: Members) -> Members:
    text = members["assessment.yaml"].decode().replace("id: dc", "id: dc-khac", 1)
    return _reseal({**members, "assessment.yaml": text.encode()})


def _evidence_renamed(members: Members) -> Members:
    """An evidence file whose SHA-256 no longer matches its name, resealed."""
    name = next(k for k in members if k.startswith("files/"))
    return _reseal({**members, name: members[name] + b"changed"})


def _index_dropped(members: Members) -> Members:
    text = members["evidence.yaml"].decode().split("items:")[0] + "items: []\n"
    return _reseal({**members, "evidence.yaml": text.encode()})


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
