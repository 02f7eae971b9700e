"""Shared fixtures: a throw-away workspace with the shipped catalogue, and an in-process CLI."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from golden_support import Golden

from tierassess.i18n import set_lang

REPO = Path(__file__).resolve().parent.parent
CHECKLISTS = REPO / "checklists"
SAMPLE_SITE = "sample-provincial-dc"

MINIMAL_PROFILE = """\
name: Test DC
operator: Test operator
address: 1 Test street
target_tier: 3
cooling_technology: dx_air_cooled
design_it_load_kw: 200
halls: 1
assessor: Tester
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current code (see tests/golden/README.md)",
    )


@pytest.fixture(scope="session")
def golden(request: pytest.FixtureRequest) -> Golden:
    """The golden files (tests/golden/), rewritten instead of compared with --update-golden."""
    return Golden(update=bool(request.config.getoption("--update-golden")))


@pytest.fixture(scope="session")
def _catalogue_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("catalogue-cache")


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch: pytest.MonkeyPatch, _catalogue_cache: Path) -> Iterator[None]:
    # Tests assert on English messages unless they choose Vietnamese themselves, and never write
    # to the user's cache (one cache for the session keeps them fast).
    monkeypatch.setenv("TIERASSESS_CACHE_DIR", str(_catalogue_cache))
    monkeypatch.setenv("TIERASSESS_LANG", "en")
    monkeypatch.setenv("TIERASSESS_STRICT_MESSAGES", "1")  # t() raises on a key with no message
    monkeypatch.delenv("TIERASSESS_WORKSPACE", raising=False)
    set_lang("en")
    yield
    set_lang("en")


@pytest.fixture(autouse=True)
def _private_keys(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # Signing keys made by tests go to a throw-away folder, never to the user's own key folder.
    monkeypatch.setenv("TIERASSESS_KEY_DIR", str(tmp_path_factory.mktemp("keys")))
    monkeypatch.delenv("TIERASSESS_PASSPHRASE", raising=False)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """An empty workspace holding a copy of the repository's catalogue."""
    root = tmp_path / "ws"
    shutil.copytree(CHECKLISTS, root / "checklists")
    (root / "evidence").mkdir()
    (root / "output").mkdir()
    return root


@pytest.fixture
def sample_workspace(workspace: Path) -> Path:
    """The workspace with a copy of the shipped sample site."""
    shutil.copytree(REPO / "evidence" / SAMPLE_SITE, workspace / "evidence" / SAMPLE_SITE)
    return workspace


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run ``tierassess ARGS`` in-process; exceptions other than SystemExit propagate."""
    from tierassess.cli import build_app

    def run(*args: str, workspace: Path | None = None, input: str | None = None) -> Result:
        full = (["--workspace", str(workspace)] if workspace else []) + ["--lang", "en", *args]
        return CliRunner().invoke(build_app(), full, input=input, catch_exceptions=False)

    return run


@pytest.fixture
def site(workspace: Path, cli: Callable[..., Result], tmp_path: Path) -> str:
    """A fresh site 'test-dc' in the workspace (DX cooling, target Tier III)."""
    profile = tmp_path / "profile.yaml"
    profile.write_text(MINIMAL_PROFILE, encoding="utf-8")
    result = cli("init", "test-dc", "--profile", str(profile), workspace=workspace)
    assert result.exit_code == 0, result.output
    return "test-dc"
