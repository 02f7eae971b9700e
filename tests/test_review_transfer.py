"""Reviews travel back: engineer exports -> auditor verifies, reviews, signs -> engineer imports."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from bundle_support import AUDITOR, ENGINEER, populate
from click.testing import Result
from test_evidence import make_site

from tierassess.cli.interactive.questionnaire import select_criteria
from tierassess.core.models import ReviewVerdict
from tierassess.storage.workspace import Workspace

Cli = Callable[..., Result]
PASSPHRASE = "mật khẩu đủ dài"

REVIEWS = """\
PWR-GEN-01: {verdict: accepted}
PWR-GEN-02: {verdict: rejected, comment: "Sơ đồ không khớp hiện trạng"}
PWR-UPS-03: {verdict: needs_evidence, comment: "Thiếu biên bản đo"}
"""


def _new_key(cli: Cli, workspace: Path, name: str) -> str:
    made = cli("key", "new", "--as", name, workspace=workspace)
    assert made.exit_code == 0, made.output
    return made.output.split()[2].rstrip(".")


def _trust(cli: Cli, source: Path, target: Path, key_id: str, folder: Path) -> None:
    public = folder / f"{key_id}.json"
    public.write_text(cli("key", "export", key_id, workspace=source).output, encoding="utf-8")
    assert cli("key", "import", str(public), workspace=target).exit_code == 0


@pytest.fixture
def round_trip(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> tuple[Workspace, Path, Path, str]:
    """Up to the auditor's signed review file; returns engineer ws, auditor root, file, key id."""
    monkeypatch.setenv("TIERASSESS_PASSPHRASE", PASSPHRASE)
    engineer, site = make_site(tmp_path / "engineer")
    populate(engineer, site, tmp_path / "files")
    engineer_key = _new_key(cli, engineer.root, ENGINEER)
    bundle = tmp_path / "bundle.zip"
    assert (
        cli(
            "bundle",
            "export",
            site,
            "-o",
            str(bundle),
            "--sign",
            "--as",
            ENGINEER,
            workspace=engineer.root,
        ).exit_code
        == 0
    )

    auditor = tmp_path / "auditor"
    auditor.mkdir()
    auditor_key = _new_key(cli, auditor, AUDITOR)
    _trust(cli, engineer.root, auditor, engineer_key, tmp_path)
    verified = cli("bundle", "verify", str(bundle), workspace=auditor)
    assert verified.exit_code == 0 and f"Validly signed by {ENGINEER}" in verified.output
    assert cli("bundle", "import", str(bundle), "--as", AUDITOR, workspace=auditor).exit_code == 0
    answers = tmp_path / "reviews.yaml"
    answers.write_text(REVIEWS, encoding="utf-8")
    reviewed = cli("review", site, "--as", AUDITOR, "--answers", str(answers), workspace=auditor)
    assert reviewed.exit_code == 0, reviewed.output
    out = tmp_path / "reviews.json"
    exported = cli("review", "export", site, "-o", str(out), "--as", AUDITOR, workspace=auditor)
    assert exported.exit_code == 0, exported.output
    assert "Wrote 3 review decision(s)" in exported.output
    return engineer, auditor, out, auditor_key


def test_full_round_trip_brings_the_reviews_home(
    round_trip: tuple[Workspace, Path, Path, str], cli: Cli, tmp_path: Path
) -> None:
    engineer, auditor, reviews, auditor_key = round_trip
    site = "test-dc"
    unknown = cli("review", "import", str(reviews), workspace=engineer.root)
    assert unknown.exit_code == 1 and "UNKNOWN KEY" in unknown.output
    assert engineer.load_assessment(site).answers["PWR-GEN-02"].review is None

    _trust(cli, auditor, engineer.root, auditor_key, tmp_path)
    imported = cli("review", "import", str(reviews), "--format", "json", workspace=engineer.root)
    assert imported.exit_code == 0, imported.output
    report = json.loads(imported.output)
    assert report["applied"] == {
        "PWR-GEN-01": "accepted",
        "PWR-GEN-02": "rejected",
        "PWR-UPS-03": "needs_evidence",
    }
    assert (report["signed_by"], report["key"]) == (AUDITOR, auditor_key)
    answer = engineer.load_assessment(site).answers["PWR-GEN-02"]
    assert answer.review is not None and answer.review.verdict is ReviewVerdict.REJECTED
    assert (answer.review.reviewer, answer.review.key_id) == (AUDITOR, auditor_key)
    log = cli("log", site, "--format", "json", workspace=engineer.root)
    assert "review.import" in {e["action"] for e in json.loads(log.output)["entries"]}

    assessment = engineer.load_assessment(site)
    ids = [c.id for c in select_criteria(engineer.load_checklist(), assessment, only="rejected")]
    assert ids == ["PWR-GEN-02", "PWR-UPS-03"] or sorted(ids) == ["PWR-GEN-02", "PWR-UPS-03"]

    again = cli("review", "import", str(reviews), workspace=engineer.root)
    assert again.exit_code == 0 and "0 review(s), 3 already recorded" in again.output


def test_a_replayed_review_of_a_changed_answer_is_refused_and_named(
    round_trip: tuple[Workspace, Path, Path, str], cli: Cli, tmp_path: Path
) -> None:
    engineer, auditor, reviews, auditor_key = round_trip
    _trust(cli, auditor, engineer.root, auditor_key, tmp_path)
    assessment = engineer.load_assessment("test-dc")
    assessment.answers["PWR-GEN-02"].notes = "đã sửa sơ đồ"
    engineer.save_assessment(assessment)
    result = cli("review", "import", str(reviews), workspace=engineer.root)
    assert result.exit_code == 1
    assert "REFUSED PWR-GEN-02: the answer has changed since it was reviewed" in result.output
    after = engineer.load_assessment("test-dc").answers
    assert after["PWR-GEN-02"].review is None
    assert after["PWR-GEN-01"].review is not None  # the unchanged answers still take theirs


def test_a_tampered_review_file_is_a_bad_signature(
    round_trip: tuple[Workspace, Path, Path, str], cli: Cli, tmp_path: Path
) -> None:
    engineer, auditor, reviews, auditor_key = round_trip
    _trust(cli, auditor, engineer.root, auditor_key, tmp_path)
    data = json.loads(reviews.read_text(encoding="utf-8"))
    data["document"]["reviews"][1]["verdict"] = "accepted"
    reviews.write_text(json.dumps(data), encoding="utf-8")
    result = cli("review", "import", str(reviews), workspace=engineer.root)
    assert result.exit_code == 1 and "BAD SIGNATURE" in result.output
    assert engineer.load_assessment("test-dc").answers["PWR-GEN-02"].review is None


def test_reviews_of_a_bundle_the_site_never_exported_are_refused(
    round_trip: tuple[Workspace, Path, Path, str], cli: Cli, tmp_path: Path
) -> None:
    engineer, auditor, reviews, auditor_key = round_trip
    _trust(cli, auditor, engineer.root, auditor_key, tmp_path)
    other = make_site(tmp_path / "other")[0]
    (other.root / "keyring").mkdir(exist_ok=True)
    for path in (engineer.root / "keyring").iterdir():
        (other.root / "keyring" / path.name).write_bytes(path.read_bytes())
    populate(other, "test-dc", tmp_path / "files2")
    result = cli("review", "import", str(reviews), workspace=other.root)
    assert result.exit_code == 1 and "which site test-dc never exported" in result.output
    assert all(a.review is None for a in other.load_assessment("test-dc").answers.values())


def test_the_assessor_signing_as_a_variant_of_their_name_is_refused(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key made for 'nguyen van ky' reviews answers of 'Nguyễn Văn Kỹ': refused on import."""
    monkeypatch.setenv("TIERASSESS_PASSPHRASE", PASSPHRASE)
    engineer, site = make_site(tmp_path / "engineer")
    populate(engineer, site, tmp_path / "files")
    bundle = tmp_path / "bundle.zip"
    cli("bundle", "export", site, "-o", str(bundle), "--as", ENGINEER, workspace=engineer.root)
    auditor = tmp_path / "auditor"
    auditor.mkdir()
    _new_key(cli, auditor, "nguyen  van KY")
    cli("bundle", "import", str(bundle), "--allow-unsigned", "--as", "x", workspace=auditor)
    answers = tmp_path / "reviews.yaml"
    answers.write_text(REVIEWS, encoding="utf-8")
    refused = cli(
        "review", site, "--as", "nguyen  van KY", "--answers", str(answers), workspace=auditor
    )
    assert refused.exit_code == 2 and "someone else must review it" in refused.output


def test_no_file_opener_is_said_not_silently_ignored(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from tierassess.cli.review import _file_opener

    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr("sys.platform", "linux")
    assert _file_opener() is None
    assert "no program to open files" in capsys.readouterr().err
