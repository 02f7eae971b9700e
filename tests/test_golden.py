"""Golden outputs of the shipped sample site, taken before the refactors of #15.

A refactor must keep these identical: the JSON of ``score`` and ``plan``, both PDF layouts byte
for byte, the bundle's manifest, and the tables ``score`` and ``plan`` print (100 columns, as
when the output is not a terminal). Each runs the real command in-process on a copy of the
sample site (the repository is never written), with a fixed ``--as-of`` so that no output
depends on today. A deliberate change is regenerated with ``--update-golden``
(tests/golden/README.md).
"""

from __future__ import annotations

import json
import shutil
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from golden_support import Golden

from tierassess.cli import build_app

REPO = Path(__file__).resolve().parent.parent
SAMPLE_SITE = "sample-provincial-dc"
AS_OF = "2026-01-15"
BUDGET = "5000000000"  # 5 billion VND a year: the scheduler leaves some work undated


@pytest.fixture(scope="module")
def _env(_catalogue_cache: Path) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIERASSESS_CACHE_DIR", str(_catalogue_cache))
        patch.setenv("TIERASSESS_LANG", "en")
        patch.setenv("TIERASSESS_STRICT_MESSAGES", "1")
        patch.setenv("NO_COLOR", "1")
        patch.setenv("COLUMNS", "100")
        patch.delenv("TIERASSESS_WORKSPACE", raising=False)
        yield


def _sample_copy(root: Path) -> Path:
    shutil.copytree(REPO / "checklists", root / "checklists")
    shutil.copytree(REPO / "evidence" / SAMPLE_SITE, root / "evidence" / SAMPLE_SITE)
    (root / "output").mkdir()
    return root


def _run(workspace: Path, *args: str, lang: str = "en") -> str:
    result = CliRunner().invoke(
        build_app(),
        ["--workspace", str(workspace), "--lang", lang, *args],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def workspace(_env: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample site that the read-only commands and the reports run on."""
    return _sample_copy(tmp_path_factory.mktemp("golden-ws"))


def test_score_json(workspace: Path, golden: Golden) -> None:
    out = _run(workspace, "score", SAMPLE_SITE, "--format", "json", "--as-of", AS_OF)
    golden.json("score.json", json.loads(out))


def test_plan_json(workspace: Path, golden: Golden) -> None:
    out = _run(workspace, "plan", SAMPLE_SITE, "--format", "json", "--as-of", AS_OF)
    golden.json("plan.json", json.loads(out))


def test_plan_with_a_yearly_budget_json(workspace: Path, golden: Golden) -> None:
    out = _run(
        workspace,
        *("plan", SAMPLE_SITE, "--format", "json", "--as-of", AS_OF),
        *("--budget-per-year", BUDGET),
    )
    golden.json("plan-budget.json", json.loads(out))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_score_table(lang: str, workspace: Path, golden: Golden) -> None:
    out = _run(workspace, "score", SAMPLE_SITE, "--as-of", AS_OF, lang=lang)
    golden.text(f"score-table-{lang}.txt", out)


def test_plan_table_and_csv(workspace: Path, golden: Golden) -> None:
    golden.text(
        "plan-table-vi.txt", _run(workspace, "plan", SAMPLE_SITE, "--as-of", AS_OF, lang="vi")
    )
    out = _run(workspace, "plan", SAMPLE_SITE, "--format", "csv", "--as-of", AS_OF)
    golden.text("plan.csv", out)


@pytest.mark.parametrize("layout", ["standard", "administrative"])
def test_pdf_is_byte_identical(
    layout: str, workspace: Path, golden: Golden, tmp_path: Path
) -> None:
    _run(
        workspace,
        *("report", SAMPLE_SITE, "--lang", "vi", "--format", "pdf", "--layout", layout),
        *("--as-of", AS_OF, "-o", str(tmp_path)),
    )
    (pdf,) = tmp_path.glob("*.pdf")
    golden.pdf(f"report-{layout}-vi.pdf", pdf.read_bytes())


# The manifest states when the bundle was made, and index.html shows that moment and each
# evidence file's freshness at that moment. The clock is stopped for the export instead: every
# loaded tierassess module's ``utc_now`` answers EXPORTED (modules imported later take it from
# the patched ones). Then the bundle is reproducible byte for byte, and the whole manifest and
# the page are pinned.
EXPORTED = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def _stopped() -> datetime:
    return EXPORTED


def _swap_clock(old: object, new: object) -> None:
    for name, module in list(sys.modules.items()):
        if name.startswith("tierassess") and getattr(module, "utc_now", None) is old:
            module.utc_now = new  # type: ignore[attr-defined]


@contextmanager
def _clock_stopped() -> Iterator[None]:
    """Every tierassess module's utc_now answers EXPORTED, and the real one again afterwards,
    also in the modules first imported meanwhile (they took the stopped one)."""
    from tierassess.core.models import utc_now

    _swap_clock(utc_now, _stopped)
    try:
        yield
    finally:
        _swap_clock(_stopped, utc_now)


def test_bundle_manifest_and_page(
    _env: None, golden: Golden, tmp_path_factory: pytest.TempPathFactory
) -> None:
    workspace = _sample_copy(tmp_path_factory.mktemp("golden-bundle"))  # export logs: own copy
    bundle = workspace / "bundle.zip"
    with _clock_stopped():
        _run(workspace, "bundle", "export", SAMPLE_SITE, "-o", str(bundle))
    with zipfile.ZipFile(bundle) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        page = archive.read("index.html").decode("utf-8")
        golden.text("bundle-members.txt", "".join(f"{name}\n" for name in archive.namelist()))
    assert manifest["created_at"] == "2026-01-15T09:00:00Z", (
        "the export did not take the stopped clock: does it still ask utc_now for the time?"
    )
    golden.text("bundle-index.html", page)  # first: its diff says more than its hash would
    golden.json("bundle-manifest.json", manifest)
