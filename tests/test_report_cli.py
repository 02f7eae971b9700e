"""``tierassess report`` in-process, on the shipped catalogue: real scoring, planning and files."""

from __future__ import annotations

import io
import shutil
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import Result
from conftest import CHECKLISTS, MINIMAL_PROFILE, REPO, SAMPLE_SITE
from pypdf import PdfReader

from tierassess.core.models import Answer, WorkflowState
from tierassess.core.models import Result as Outcome
from tierassess.reports.export import prepare_report_data
from tierassess.storage.workspace import Workspace

Cli = Callable[..., Result]
OUTCOMES = [Outcome.MET, Outcome.NOT_MET, Outcome.PARTIAL, Outcome.MET]


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    return unicodedata.normalize("NFC", " ".join(pages))


@pytest.fixture(scope="module")
def module_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One workspace for the whole module: reports only read the site, so tests can share it."""
    from click.testing import CliRunner

    from tierassess.cli import build_app

    root = tmp_path_factory.mktemp("report-cli") / "ws"
    shutil.copytree(CHECKLISTS, root / "checklists")
    profile = root.parent / "profile.yaml"
    profile.write_text(MINIMAL_PROFILE, encoding="utf-8")
    result = CliRunner().invoke(
        build_app(),
        ["--workspace", str(root), "--lang", "en", "init", "test-dc", "--profile", str(profile)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def workspace(module_workspace: Path) -> Path:
    return module_workspace


@pytest.fixture
def site(module_workspace: Path) -> str:
    return "test-dc"


@pytest.fixture(scope="module")
def _answered(module_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    from click.testing import CliRunner

    from tierassess.cli import build_app

    workspace, site = module_workspace, "test-dc"
    tmp_path = tmp_path_factory.mktemp("evidence")

    def cli(*args: str, workspace: Path) -> Result:
        full = ["--workspace", str(workspace), "--lang", "en", *args]
        return CliRunner().invoke(build_app(), full, catch_exceptions=False)

    store = Workspace.at(workspace)
    assessment = store.load_assessment(site)
    checklist = store.load_checklist()
    applicable = checklist.applicable(assessment.site)
    for index, criterion in enumerate(applicable):
        if criterion.answer.kind == "yes_no" and index % 7 != 6:
            assessment.answers[criterion.id] = Answer(
                result=OUTCOMES[index % 4], state=WorkflowState.ANSWERED, answered_by="Kỹ sư"
            )
    store.save_assessment(assessment)
    document = tmp_path / "biên-bản-thử-tải-UPS.pdf"
    document.write_bytes(b"%PDF-1.4 test record\n")
    first = next(c.id for c in applicable if c.answer.kind == "yes_no")
    result = cli(
        "evidence", "add", site, str(document), "-c", first, "--captured", "2026-10-01",
        "--kind", "test_record", workspace=workspace,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return site


@pytest.fixture
def answered(_answered: str) -> str:
    """The test site with a yes/no answer on most criteria and one evidence file stored."""
    return _answered


def test_help_lists_the_options(cli: Cli) -> None:
    result = cli("report", "--help")
    assert result.exit_code == 0
    for option in ("--lang", "--format", "--layout", "--output", "--as-of", "--admin-info"):
        assert option in result.output


def test_default_writes_the_pdf_into_output(workspace: Path, answered: str, cli: Cli) -> None:
    result = cli("report", "--format", "pdf", workspace=workspace)
    assert result.exit_code == 0, result.output
    path = workspace / "output" / "test-dc-report-vi.pdf"
    assert result.stdout.strip().endswith("test-dc-report-vi.pdf")
    assert path.is_file()
    text = pdf_text(path)
    data = prepare_report_data(Workspace.at(workspace), answered)
    assert data.plan_rows, "the answers leave gaps to plan"
    # Catalogue strings (Vietnamese) come out of the PDF exactly as they are in the YAML.
    for row in data.plan_rows:
        assert f"{row.task} ({row.criterion_id})" in text, row.criterion_id
    for gap in data.gaps:
        assert gap.title in text, gap.criterion_id
    assert "biên-bản-thử-tải-UPS.pdf" in text
    reader = PdfReader(path)
    assert reader.metadata is not None and reader.metadata.author == "Tester"


def test_all_formats_in_english_into_a_folder(
    workspace: Path, answered: str, cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    result = cli(  # every format is the default
        "report", answered, "--lang", "en", "-o", str(out),
        "--as-of", "2027-01-15", workspace=workspace,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "test-dc-en-evidence.csv",
        "test-dc-en-gaps.csv",
        "test-dc-en-plan.csv",
        "test-dc-en-scorecard.csv",
        "test-dc-report-en.json",
        "test-dc-report-en.pdf",
        "test-dc-report-en.xlsx",
    ]
    assert len(result.stdout.strip().splitlines()) == 7
    data = prepare_report_data(
        Workspace.at(workspace), answered, lang="en", as_of=date(2027, 1, 15)
    )
    plan = pd.read_excel(out / "test-dc-report-en.xlsx", sheet_name="Plan")
    assert list(plan["Action id"]) == [row.action_id for row in data.plan_rows]
    assert list(plan["Task"]) == [row.task for row in data.plan_rows]
    text = pdf_text(out / "test-dc-report-en.pdf")
    assert "Tier III readiness report" in text and "2027-01-15" in text
    reader = PdfReader(out / "test-dc-report-en.pdf")
    assert str(reader.metadata["/CreationDate"]).startswith("D:20270115")


def test_same_inputs_give_byte_identical_pdfs(
    workspace: Path, answered: str, cli: Cli, tmp_path: Path
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        result = cli("report", answered, "--format", "pdf", "-o", str(folder), workspace=workspace)
        assert result.exit_code == 0, result.output
    name = "test-dc-report-vi.pdf"
    assert (first / name).read_bytes() == (second / name).read_bytes()


def test_administrative_layout_with_details_from_a_file(
    workspace: Path, answered: str, cli: Cli, tmp_path: Path
) -> None:
    info = tmp_path / "admin.yaml"
    info.write_text(
        "parent_body: UBND tỉnh Quảng Ngãi\n"
        "issuer_code: TTCDS\n"
        "signer_title: Giám đốc\n"
        "signer_name: Lê Thị Ánh\n"
        "recipients: [Sở Khoa học và Công nghệ, 'Lưu: VT']\n",
        encoding="utf-8",
    )
    result = cli(
        "report", answered, "--layout", "administrative", "--admin-info", str(info),
        "--format", "pdf", workspace=workspace,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = pdf_text(workspace / "output" / "test-dc-plan-administrative-vi.pdf")
    for phrase in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND TỈNH QUẢNG NGÃI",
        "/KH-TTCDS",
        "Nơi nhận:",
        "- Sở Khoa học và Công nghệ;",
        "Lê Thị Ánh",
        "PHỤ LỤC",
        "Đơn vị chủ trì",
    ):
        assert phrase in text, phrase


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("report", "nowhere"), "no site 'nowhere'"),
        (("report", "test-dc", "--as-of", "2026-11-31"), "Invalid value for '--as-of'"),
        (("report", "test-dc", "--format", "docx"), "Invalid value for '--format'"),
    ],
)
def test_bad_input_exits_2(
    workspace: Path, site: str, cli: Cli, args: tuple[str, ...], message: str
) -> None:
    result = cli(*args, workspace=workspace)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_admin_info_problems_exit_2(workspace: Path, site: str, cli: Cli, tmp_path: Path) -> None:
    info = tmp_path / "admin.yaml"
    info.write_text("signer: Someone\n", encoding="utf-8")
    only = cli("report", site, "--admin-info", str(info), workspace=workspace)
    assert only.exit_code == 2
    assert "--admin-info only applies with --layout administrative" in only.output
    bad = cli(
        "report", site, "--layout", "administrative", "--admin-info", str(info), workspace=workspace
    )
    assert bad.exit_code == 2
    assert "admin.yaml:1: signer: unknown key" in bad.output


def test_output_that_is_a_file_exits_2(
    workspace: Path, site: str, cli: Cli, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    result = cli("report", site, "-o", str(blocker / "sub"), workspace=workspace)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.skipif(
    not (REPO / "evidence" / SAMPLE_SITE).is_dir(),
    reason="the sample site is not in the repository",
)
def test_sample_site_report(sample_workspace: Path, cli: Cli) -> None:
    result = cli(
        "report", SAMPLE_SITE, "--format", "pdf", "--format", "xlsx", workspace=sample_workspace
    )
    assert result.exit_code == 0, result.output
    pdf = sample_workspace / "output" / f"{SAMPLE_SITE}-report-vi.pdf"
    text = pdf_text(pdf)
    data = prepare_report_data(Workspace.at(sample_workspace), SAMPLE_SITE, lang="vi")
    assert "MẪU MINH HỌA" in text
    for row in data.plan_rows:
        assert f"{row.task} ({row.criterion_id})" in text, row.criterion_id
    book = pd.read_excel(
        sample_workspace / "output" / f"{SAMPLE_SITE}-report-vi.xlsx", sheet_name=None
    )
    assert set(book) == {"Tổng quan", "Bảng điểm", "Tồn tại", "Kế hoạch", "Bằng chứng"}
    assert list(book["Kế hoạch"]["Mã nhiệm vụ"]) == [row.action_id for row in data.plan_rows]
    assert len(PdfReader(io.BytesIO(pdf.read_bytes())).outline) >= 4


def test_report_shows_the_budgeted_plan(
    workspace: Path, answered: str, cli: Cli, tmp_path: Path
) -> None:
    import json

    out = tmp_path / "budget"
    result = cli(
        "report", answered, "--format", "json", "--format", "pdf", "-o", str(out),
        "--budget-per-year", "1 tỷ", "--as-of", "2027-01-15", workspace=workspace,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads((out / "test-dc-report-vi.json").read_text(encoding="utf-8"))
    assert data["budget_per_year_vnd"] == 1_000_000_000
    # the same figures as `plan` with the same budget and date: one as-of rule, one loader
    plan = cli(
        "plan", answered, "--format", "json", "--budget-per-year", "1.000.000.000",
        "--as-of", "2027-01-15", workspace=workspace,
    )  # fmt: skip
    years = json.loads(plan.stdout)["years"]
    assert [(y["year"], y["cost_max_vnd"]) for y in years] == [
        (y["year"], y["cost_max_vnd"]) for y in data["years"]
    ]
    assert years[0]["year"] == 2027  # the plan starts at the as-of year, not at 2025
    bad = cli("report", answered, "--budget-per-year", "nhiều tiền", workspace=workspace)
    assert bad.exit_code == 2
