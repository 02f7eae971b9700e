"""Every command family, run normally and against a wrong input with ``--lang vi``, speaks Vietnamese.

`test_lang_vi.py` walks every command against bogus arguments. Here each family (the CLI's
top-level commands and groups) also does its real work on a small site: answers imported and
signed, evidence stored, scored (a criterion that cannot be judged for want of a design
condition), planned under a budget (the scheduler's reasons), bundled, reviewed from another
workspace and the reviews brought back, snapshots compared, the profile edited. And each family
meets a wrong input that reaches its own messages (not only click's). A family added to the CLI
fails here until it has both.

Every output is read by the English-sentence detector of test_lang_vi.py.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import assess_support
import pytest
from assess_support import _criterion, make_workspace
from click.testing import CliRunner
from test_lang_vi import APP, english_lines

from tierassess.cli import build_app

SITE = assess_support.SITE

ANSWERER = "Nguyễn Văn An"
REVIEWER = "Trần Thị Bình"
PASSPHRASE = "mật khẩu đủ dài 123"
RECORD = ["--kind", "test_record", "--captured", "2026-01-02", "--as", ANSWERER]

# a criterion whose threshold is the site's flood level: the inline site has none, so its answer
# cannot be judged
FLOOD = _criterion(
    "SIT-FLD-01",
    "site",
    "architectural",
    "Floor above the flood level",
    """\
      kind: measured
      unit: m
      comparator: ">="
      threshold: 1
      threshold_from: flood_level_m
      threshold_offset: 1
      plausible_min: -10
      plausible_max: 100""",
)

# met, partial and not met, measured values, a choice, the criterion that cannot be judged
ANSWERS = """\
answers:
  PWR-GEN-01: {result: met, value: 14, unit: h}
  PWR-UPS-01: {result: met}
  PWR-ATS-01: {choice: manual}
  CLG-CRAC-01: {result: not_met, notes: một máy đang sửa}
  SIT-FLD-01: {value: 2, unit: m}
"""
PROFILE = """\
name: Trung tâm thử
operator: Sở KH&CN
address: Quảng Ngãi
target_tier: 3
cooling_technology: dx_air_cooled
design_it_load_kw: 200
assessor: Nguyễn Văn An
"""


def _run(root: Path, *args: str, lang: str = "vi") -> tuple[int, str]:
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


def _vi(root: Path, *args: str, code: int | tuple[int, ...] = 0) -> str:
    exit_code, output = _run(root, *args)
    codes = code if isinstance(code, tuple) else (code,)
    assert exit_code in codes, output
    assert english_lines(output) == [], output
    return output


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The inline site answered by An, with a test record, and a signing key each for An and Bình."""
    root = tmp_path_factory.mktemp("ws-runs")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIERASSESS_CACHE_DIR", str(root / "cache"))
        patch.setenv("TIERASSESS_PASSPHRASE", PASSPHRASE)
        patch.setenv("TIERASSESS_KEY_DIR", str(root.parent / f"{root.name}-keys"))
        patch.chdir(root)
        make_workspace(root, assessor=ANSWERER)
        with (root / "checklists" / "tier3-inline.yaml").open("a", encoding="utf-8") as out:
            out.write(FLOOD)
        (root / "profile.yaml").write_text(PROFILE, encoding="utf-8")
        (root / "answers.yaml").write_text(ANSWERS, encoding="utf-8")
        (root / "bien-ban.pdf").write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 8)
        for args in (
            ["answers", "import", SITE, "answers.yaml", "--as", ANSWERER],
            ["evidence", "add", SITE, "bien-ban.pdf", "-c", "PWR-UPS-01", *RECORD],
            ["key", "new", "--as", ANSWERER],
            ["key", "new", "--as", REVIEWER],
        ):
            code, output = _run(root, *args, lang="en")
            assert code == 0, output
        yield root


@pytest.fixture(autouse=True)
def _in_workspace(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ws)
    monkeypatch.setenv("TIERASSESS_CACHE_DIR", str(ws / "cache"))
    monkeypatch.setenv("TIERASSESS_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("TIERASSESS_KEY_DIR", str(ws.parent / f"{ws.name}-keys"))


def _sha(ws: Path) -> str:
    found = re.search(r"[0-9a-f]{64}", (ws / "evidence" / SITE / "evidence.yaml").read_text())
    assert found
    return found.group(0)


def _key_id(ws: Path, name: str) -> str:
    _, output = _run(ws, "key", "list", lang="en")
    line = next(line for line in output.splitlines() if name in line)
    found = re.search(r"\b[0-9a-f]{16}\b", line)
    assert found, line
    return found.group(0)


# --- normal runs, one family each ------------------------------------------------------------------


def run_answers(ws: Path) -> None:
    _vi(ws, "answers", "import", SITE, "answers.yaml", "--as", ANSWERER, "--dry-run")


def run_assess(ws: Path) -> None:
    _vi(ws, "assess", SITE, "--answers", "answers.yaml", "--as", ANSWERER)


def run_checklist(ws: Path) -> None:
    _vi(ws, "checklist", "list", "--domain", "power")
    _vi(ws, "checklist", "show", "PWR-GEN-01")
    _vi(ws, "checklist", "export", "--xlsx", "phieu.xlsx", "--site", SITE)


def run_score(ws: Path) -> None:
    output = _vi(ws, "score", SITE, "--as-of", "2026-01-15")
    assert "SIT-FLD-01" in output  # cannot be judged: the profile has no flood level


def run_plan(ws: Path) -> None:
    _vi(ws, "plan", SITE, "--as-of", "2026-01-15")
    _vi(ws, "plan", SITE, "--as-of", "2026-01-15", "--budget-per-year", "1.000.000.000")
    _vi(ws, "plan", SITE, "--as-of", "2026-01-15", "--budget-per-year", "1 triệu")  # funds nothing


def run_route(ws: Path) -> None:
    _vi(ws, "route", SITE, "--as-of", "2026-01-15")


def run_report(ws: Path) -> None:
    _vi(ws, "report", SITE, "--format", "json", "--format", "csv", "-o", "out")


def run_evidence(ws: Path) -> None:
    sha = _sha(ws)
    _vi(ws, "evidence", "list", SITE)
    _vi(ws, "evidence", "show", SITE, sha[:12])
    _vi(ws, "evidence", "link", SITE, sha[:12], "PWR-GEN-01", "--as", ANSWERER)
    _vi(ws, "evidence", "unlink", SITE, sha[:12], "PWR-GEN-01", "--as", ANSWERER)
    _vi(ws, "evidence", "stale", SITE, code=(0, 1))
    _vi(ws, "evidence", "verify", SITE)


def run_sign(ws: Path) -> None:
    _vi(ws, "sign", SITE, "--as", ANSWERER)


def run_signatures(ws: Path) -> None:
    _vi(ws, "signatures", SITE)


def run_key(ws: Path) -> None:
    _vi(ws, "key", "list")
    _vi(ws, "key", "export", _key_id(ws, REVIEWER))


def run_log(ws: Path) -> None:
    _vi(ws, "log", SITE)


def run_snapshot(ws: Path) -> None:
    _vi(ws, "snapshot", "take", SITE, "--as-of", "2026-01-15", "--note", "lần đầu")
    _vi(ws, "snapshot", "list", SITE)


def run_compare(ws: Path) -> None:
    _vi(ws, "snapshot", "take", SITE, "--as-of", "2026-01-15")
    _vi(ws, "compare", SITE)


def run_bundle(ws: Path) -> None:
    _vi(ws, "bundle", "export", SITE, "-o", "goi.zip", "--sign", "--as", ANSWERER)
    _vi(ws, "bundle", "verify", "goi.zip")


def run_review(ws: Path) -> None:
    """Bình reviews the bundle in her own workspace; the signed reviews come back to the site."""
    if not (ws / "goi.zip").exists():
        run_bundle(ws)
    other = ws / "ban-ra-soat"
    shutil.rmtree(other, ignore_errors=True)
    (other / "evidence").mkdir(parents=True)
    for name in (ANSWERER, REVIEWER):
        public = ws / f"khoa-{_key_id(ws, name)}.json"
        public.write_text(_vi(ws, "key", "export", _key_id(ws, name)), encoding="utf-8")
        _vi(other, "key", "import", str(public))
    _vi(other, "bundle", "import", str(ws / "goi.zip"))
    decisions = other / "ket-luan.yaml"
    decisions.write_text(
        "PWR-UPS-01: {verdict: accepted}\nCLG-CRAC-01: {verdict: rejected, comment: thiếu biên bản}\n",
        encoding="utf-8",
    )
    _vi(other, "review", SITE, "--answers", str(decisions), "--as", REVIEWER)
    _vi(other, "review", "export", SITE, "-o", str(ws / "ket-luan.json"), "--as", REVIEWER)
    _vi(ws, "review", "import", "ket-luan.json", "--as", ANSWERER)


def run_site(ws: Path) -> None:
    edited = ws / "profile-sua.yaml"
    edited.write_text(PROFILE.replace("design_it_load_kw: 200", "design_it_load_kw: 250"), "utf-8")
    _vi(ws, "site", "edit", SITE, "--profile", str(edited))


def run_sites(ws: Path) -> None:
    _vi(ws, "sites")


def run_init(ws: Path) -> None:
    _vi(ws, "init", "moi", "--profile", "profile.yaml")


def run_topology(ws: Path) -> None:
    _vi(ws, "topology", "init", SITE, "--template", "2n-electrical", "--force")
    _vi(ws, "topology", "check", SITE, code=(0, 1))
    _vi(ws, "topology", "validate", str(ws / "evidence" / SITE / "topology.yaml"))
    _vi(ws, "topology", "diagram", SITE, "-o", "so-do")


NORMAL = {name.removeprefix("run_"): f for name, f in dict(globals()).items() if name[:4] == "run_"}
FAMILIES = sorted(APP.list_commands(__import__("click").Context(APP)))


def test_every_family_has_a_normal_run_and_a_wrong_input() -> None:
    assert sorted(NORMAL) == FAMILIES
    assert sorted(WRONG) == FAMILIES


@pytest.mark.parametrize("family", FAMILIES)
def test_a_normal_run_speaks_vietnamese(family: str, ws: Path) -> None:
    NORMAL[family](ws)


# --- wrong input that reaches each family's own messages -------------------------------------------


def _wrong(root: Path, *args: str, code: int = 2) -> None:
    """Vietnamese only; the same in English shows English, so the case reaches real messages."""
    _vi(root, *args, code=code)
    exit_code, english = _run(root, *args, lang="en")
    assert exit_code == code, english
    assert english_lines(english), english


def _copy(ws: Path, tmp_path: Path) -> Path:
    """A copy of the workspace, for a wrong input made by damaging it."""
    copy = tmp_path / "ban-sao"
    shutil.copytree(ws, copy, ignore=shutil.ignore_patterns("cache", "out", "so-do"))
    return copy


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def wrong_answers(ws: Path, tmp_path: Path) -> None:
    bad = _write(tmp_path / "sai.yaml", "answers:\n  PWR-GEN-01: {value: 1.500}\n  KHONG-01: {}\n")
    _wrong(ws, "answers", "import", SITE, bad, "--as", ANSWERER)


def wrong_assess(ws: Path, tmp_path: Path) -> None:
    bad = _write(tmp_path / "sai.yaml", "answers:\n  PWR-ATS-01: {choice: khong-co}\n")
    _wrong(ws, "assess", SITE, "--answers", bad, "--as", ANSWERER)


def wrong_bundle(ws: Path, tmp_path: Path) -> None:
    if not (ws / "goi.zip").exists():
        run_bundle(ws)
    _wrong(ws, "bundle", "verify", "goi.zip", "--expect", "0" * 16, code=1)


def wrong_checklist(ws: Path, tmp_path: Path) -> None:
    _wrong(ws, "checklist", "list", "--domain", "khong-co")
    folder = tmp_path / "c"
    shutil.copytree(ws / "checklists", folder)
    text = (folder / "tier3-inline.yaml").read_text(encoding="utf-8")
    _write(folder / "tier3-inline.yaml", text.replace("cost_band: S", "cost_band: XXL", 1))
    _wrong(ws, "checklist", "validate", str(folder), code=1)


def wrong_compare(ws: Path, tmp_path: Path) -> None:
    _wrong(ws, "compare", SITE, "--from", "khong-co")


def wrong_evidence(ws: Path, tmp_path: Path) -> None:
    empty = _write(tmp_path / "trong.pdf", "")
    _wrong(ws, "evidence", "add", SITE, empty, "-c", "PWR-UPS-01", "--kind", "document")
    copy = _copy(ws, tmp_path)
    index = copy / "evidence" / SITE / "evidence.yaml"
    text = index.read_text(encoding="utf-8")
    _write(index, text.replace("PWR-UPS-01", "CLG-CRAC-01"))  # the answers still cite it
    _wrong(copy, "evidence", "verify", SITE, code=0)


def wrong_init(ws: Path, tmp_path: Path) -> None:
    _wrong(ws, "init", SITE, "--profile", "profile.yaml")


def wrong_key(ws: Path, tmp_path: Path) -> None:
    _wrong(ws, "key", "import", _write(tmp_path / "khoa.json", "{}"))


def wrong_log(ws: Path, tmp_path: Path) -> None:
    copy = _copy(ws, tmp_path)
    log = copy / "evidence" / SITE / "audit.log"
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    _write(log, "".join([lines[0], *lines[2:]]))
    _wrong(copy, "log", SITE, code=1)


def wrong_plan(ws: Path, tmp_path: Path) -> None:
    _wrong(ws, "plan", SITE, "--budget-per-year", "nhiều tiền")
    _wrong(ws, "plan", SITE, "--budget-per-year", "1.000")  # a thousand đồng: millions meant?


def wrong_report(ws: Path, tmp_path: Path) -> None:
    _wrong(ws, "report", SITE, "--format", "json", "-o", _write(tmp_path / "tep", "x"))


def wrong_review(ws: Path, tmp_path: Path) -> None:
    """An reviews her own answer, rejects without a reason and names an unanswered criterion."""
    bad = tmp_path / "ket-luan.yaml"
    _write(bad, "PWR-UPS-01: {verdict: rejected}\nPWR-NOG-01: {verdict: accepted}\n")
    _wrong(ws, "review", SITE, "--answers", str(bad), "--as", ANSWERER)
    _write(bad, "")
    _wrong(ws, "review", SITE, "--answers", str(bad), "--as", REVIEWER)
    _wrong(ws, "review", "import", _write(tmp_path / "ket-luan.json", "{}"))


def wrong_route(ws: Path, tmp_path: Path) -> None:
    _wrong(ws, "route", SITE, "--standard", "khong-co")


def wrong_score(ws: Path, tmp_path: Path) -> None:
    _wrong(ws, "score", SITE, "--standard", "khong-co")


def wrong_sign(ws: Path, tmp_path: Path) -> None:
    _wrong(ws, "sign", SITE, "--as", "Người Lạ")


def wrong_signatures(ws: Path, tmp_path: Path) -> None:
    copy = _copy(ws, tmp_path)
    _vi(copy, "sign", SITE, "--as", ANSWERER, code=(0, 2))
    assessment = copy / "evidence" / SITE / "assessment.yaml"
    text = assessment.read_text(encoding="utf-8")
    _write(assessment, text.replace("value: 14", "value: 15", 1))
    _wrong(copy, "signatures", SITE, code=0)


def wrong_site(ws: Path, tmp_path: Path) -> None:
    bad = _write(tmp_path / "ho-so.yaml", PROFILE.replace("target_tier: 3", "target_tier: 9"))
    _wrong(ws, "site", "edit", SITE, "--profile", bad)
    _, output = _run(ws, "site", "edit", SITE)  # no terminal: the hint names the command run
    assert f"`tierassess site edit {SITE} --profile profile.yaml`" in output


def wrong_sites(ws: Path, tmp_path: Path) -> None:
    copy = _copy(ws, tmp_path)
    _write(copy / "evidence" / SITE / "assessment.yaml", "site: [hỏng\n")
    _wrong(copy, "sites")


def wrong_snapshot(ws: Path, tmp_path: Path) -> None:
    _wrong(ws, "snapshot", "take", SITE, "--as-of", "31/02/2026")


def wrong_topology(ws: Path, tmp_path: Path) -> None:
    _wrong(ws, "topology", "init", SITE, "--template", "2n-electrical")


WRONG = {
    name.removeprefix("wrong_"): f for name, f in dict(globals()).items() if name[:6] == "wrong_"
}


@pytest.mark.parametrize("family", FAMILIES)
def test_a_wrong_input_is_answered_in_vietnamese(family: str, ws: Path, tmp_path: Path) -> None:
    WRONG[family](ws, tmp_path)


def test_the_catalogue_problem_count_is_in_the_readers_language() -> None:
    from tierassess.errors import CatalogueError, Problem
    from tierassess.i18n import set_lang

    problems = [Problem("a.yaml", 3, "id", "x"), Problem("b.yaml", None, "", "y")]
    set_lang("vi")
    try:
        summary = CatalogueError(problems).message
    finally:
        set_lang("en")
    assert summary == "2 lỗi trong các tệp bộ tiêu chí"
    assert CatalogueError(problems).message == "2 problem(s) in the checklist files"


def test_the_operating_systems_reason_is_in_the_readers_language(tmp_path: Path) -> None:
    import errno

    from tierassess.errors import os_reason
    from tierassess.i18n import set_lang

    gone = FileNotFoundError(errno.ENOENT, "No such file or directory")
    odd = OSError(errno.EXDEV, "Invalid cross-device link")
    set_lang("vi")
    try:
        assert os_reason(gone) == "không có tệp hoặc thư mục này"
        assert os_reason(odd) == "Invalid cross-device link"  # the system's own words otherwise
    finally:
        set_lang("en")
    assert os_reason(gone) == "No such file or directory"

    from tierassess.errors import InputError
    from tierassess.yamlio import parse_yaml

    folder = tmp_path / "ho-so.yaml"
    folder.mkdir()  # a folder where a file is expected
    set_lang("vi")
    try:
        with pytest.raises(InputError) as refused:
            parse_yaml(folder)
    finally:
        set_lang("en")
    assert refused.value.message.endswith("không đọc được (đây là thư mục, không phải tệp)")
