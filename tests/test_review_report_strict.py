"""The report states missing, stale or rejected evidence and a broken chain; --strict exits 1."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from pypdf import PdfReader

from tierassess.core.models import Answer, Review, ReviewVerdict, utc_now
from tierassess.core.models import Result as Outcome
from tierassess.storage.workspace import Workspace

Cli = Callable[..., Result]


def _claims(workspace: Path, site: str) -> tuple[str, str]:
    """Two criteria that need evidence, claimed met with none; the second rejected by a reviewer."""
    ws = Workspace.at(workspace)
    assessment = ws.load_assessment(site)
    checklist = ws.load_checklist()
    needing = [c for c in checklist.applicable(assessment.site) if c.evidence][:2]
    for criterion in needing:
        assessment.answers[criterion.id] = Answer(
            result=Outcome.MET, answered_by="Kỹ", answered_at=utc_now()
        )
    assessment.answers[needing[1].id].review = Review(
        verdict=ReviewVerdict.REJECTED, reviewer="Đào", at=utc_now(), comment="Không đủ"
    )
    ws.save_assessment(assessment)
    return needing[0].id, needing[1].id


def _pdf_text(folder: Path) -> str:
    pdf = next(folder.glob("*-report-en.pdf"))
    return " ".join((page.extract_text() or "") for page in PdfReader(pdf).pages[:4])


def test_missing_and_rejected_evidence_are_stated_and_strict_exits_1(
    workspace: Path, site: str, cli: Cli, tmp_path: Path
) -> None:
    missing, rejected = _claims(workspace, site)
    out = tmp_path / "out"
    plain = cli(
        "report", site, "--format", "pdf", "--lang", "en", "-o", str(out), workspace=workspace
    )
    assert plain.exit_code == 0, plain.output
    assert "Warning: " in plain.output and missing in plain.output
    text = " ".join(_pdf_text(out).split())
    assert "How far this report can be trusted" in text
    assert "lack the evidence they require" in text and "a reviewer rejected" in text
    assert missing in text and rejected in text

    strict = cli(
        "report", site, "--format", "json", "--strict", "-o", str(out), workspace=workspace
    )
    assert strict.exit_code == 1 and "--strict: exit 1" in strict.output


def test_a_broken_chain_and_a_lost_file_are_stated(
    workspace: Path, site: str, cli: Cli, tmp_path: Path
) -> None:
    photo = tmp_path / "p.txt"
    photo.write_text("biên bản", encoding="utf-8")
    assert cli("evidence", "add", site, str(photo), workspace=workspace).exit_code == 0
    site_dir = workspace / "evidence" / site
    next((site_dir / "files").glob("??/*")).unlink()
    log = site_dir / "audit.log"
    tampered = log.read_text(encoding="utf-8").replace('"at":"2', '"at":"1', 1)
    log.write_text(tampered, encoding="utf-8")
    out = tmp_path / "out"
    result = cli(
        "report",
        site,
        "--format",
        "pdf",
        "--lang",
        "en",
        "--strict",
        "-o",
        str(out),
        workspace=workspace,
    )
    assert result.exit_code == 1, result.output
    text = " ".join(_pdf_text(out).split())
    assert "hash chain is broken" in text, result.output
    assert "gone from the store" in text and "p.txt" in text


def test_a_clean_site_passes_strict(workspace: Path, site: str, cli: Cli, tmp_path: Path) -> None:
    result = cli(
        "report", site, "--format", "json", "--strict", "-o", str(tmp_path), workspace=workspace
    )
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output


def test_the_topology_model_is_not_taken_for_a_lost_evidence_file(
    workspace: Path, site: str, cli: Cli, tmp_path: Path
) -> None:
    # Computed answers cite the site's topology.yaml as their evidence; it lives beside the
    # assessment, not in the store, and must not be reported as gone from it.
    made = cli("topology", "init", site, "--template", "2n-electrical", workspace=workspace)
    assert made.exit_code == 0, made.output
    result = cli("report", site, "--format", "json", "-o", str(tmp_path), workspace=workspace)
    assert result.exit_code == 0, result.output
    assert "topology.yaml" not in result.output, result.output


def test_a_warning_line_is_in_the_report_language_from_prefix_to_end(
    workspace: Path, site: str, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from tierassess.cli import build_app

    missing, _ = _claims(workspace, site)
    out = str(tmp_path / "out")
    for tool_lang, report_lang, prefix, other, words in (
        ("en", "vi", "Lưu ý: ", "Warning", "thiếu bằng chứng"),
        ("vi", "en", "Warning: ", "Lưu ý", "lack the evidence"),
    ):
        args = ["--workspace", str(workspace), "--lang", tool_lang, "report", site]
        args += ["--lang", report_lang, "--format", "json", "-o", out]
        result = CliRunner().invoke(build_app(), args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        lines = [line for line in result.stderr.splitlines() if missing in line]
        assert lines and all(line.startswith(prefix) and words in line for line in lines)
        assert other not in result.stderr
