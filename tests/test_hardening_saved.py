"""What a commit writes is clean, whatever path changed it: no control character reaches disk.

The files are read back raw (plain YAML and JSON, no pydantic), so text that a load would strip
again still counts as written. Hypothesis places control characters anywhere in the notes and
justifications of ``answers import``; the questionnaire's record path gets the same text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from assess_support import SITE, make_workspace
from assess_support import isolated_cache as isolated_cache  # autouse: the cache in tmp_path
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from test_session import snapshot

from tierassess.cli.interactive.questionnaire import TextOutput, run_session
from tierassess.cli.interactive.questionnaire.asking import AnswerPrompts
from tierassess.core.models import Result as Outcome
from tierassess.errors import FileProblems
from tierassess.storage.session import open_site
from tierassess.storage.workspace import Workspace

# every control character but line breaks and tabs, which notes keep (CR is the CSV's own)
_UNCLEAN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# drawn from exactly the characters _UNCLEAN names (filtering Cc/Cf down to them discarded so many
# draws that Hypothesis's health check failed now and then)
_CONTROL = st.sampled_from(
    [
        chr(code)
        for code in [*range(0x00, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
        if _UNCLEAN.match(chr(code)) and chr(code) not in "\r\n\t"
    ]
)
_HOSTILE = st.lists(
    st.one_of(st.text(alphabet="Hà Nội UPS 2N ", min_size=1, max_size=6), _CONTROL),
    min_size=1,
    max_size=8,
).map("".join)


def _ws(root: Path) -> Workspace:
    ws = make_workspace(root)
    with open_site(ws, SITE, "Lan") as site:
        site.commit("site.init", SITE)
    return ws


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def unclean_on_disk(ws: Workspace) -> list[str]:
    """Every stored text (assessment, evidence index, audit log) holding a control character."""
    site_dir = ws.site_dir(SITE)
    found: list[str] = []
    for name in ("assessment.yaml", "evidence.yaml"):
        path = site_dir / name
        if path.exists():
            found += [
                s for s in _strings(yaml.safe_load(path.read_text("utf-8"))) if _UNCLEAN.search(s)
            ]
    for line in (site_dir / "audit.log").read_text("utf-8").splitlines():
        found += [s for s in _strings(json.loads(line)) if _UNCLEAN.search(s)]
    return found


def _csv(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@given(notes=_HOSTILE, justification=_HOSTILE)
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_answers_import_writes_no_control_character(
    tmp_path_factory: pytest.TempPathFactory, cli: object, notes: str, justification: str
) -> None:
    root = tmp_path_factory.mktemp("ws")
    ws = _ws(root / "ws")
    answers = root / "answers.csv"
    text = _csv(
        [
            {"id": "PWR-UPS-01", "result": "met", "notes": notes, "justification": ""},
            {
                "id": "CLG-CRAC-01",
                "result": "not_applicable",
                "notes": "",
                "justification": f"x {justification}",
            },
        ]
    )
    answers.write_text(text, encoding="utf-8", newline="")
    result: Result = cli("answers", "import", SITE, str(answers), workspace=ws.root)  # type: ignore[operator]
    assert result.exit_code == 0, result.output
    assert unclean_on_disk(ws) == []
    saved = ws.load_assessment(SITE)
    assert saved.answers["CLG-CRAC-01"].justification is not None
    # what is on disk is what a load gives: a load has nothing left to strip
    raw = yaml.safe_load((ws.site_dir(SITE) / "assessment.yaml").read_text("utf-8"))
    assert (
        raw["answers"]["CLG-CRAC-01"]["justification"] == saved.answers["CLG-CRAC-01"].justification
    )


@pytest.mark.parametrize(
    "justification", ["no CRAC\x1b[2J units", "in-row\x00 only\u202e", "\x07ok\x9b"]
)
def test_the_questionnaire_saves_a_justification_without_control_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, justification: str
) -> None:
    ws = _ws(tmp_path / "ws")
    # the text as a paste would deliver it (a pipe cannot type an escape into a text field)
    monkeypatch.setattr(AnswerPrompts, "justification", lambda self, previous: justification)
    keys = "1\r14\r2\r2\r4\r1\r24\r\r"
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        run_session(ws, SITE, lang="en", out=TextOutput(io.StringIO(), width=120), actor=None)
    assert unclean_on_disk(ws) == []
    saved = ws.load_assessment(SITE).answers["CLG-CRAC-01"]
    assert saved.justification == _UNCLEAN.sub("", justification)


def test_a_name_given_a_control_character_after_loading_refuses_the_commit(
    tmp_path: Path,
) -> None:
    ws = _ws(tmp_path / "ws")
    before = snapshot(ws.root)
    with open_site(ws, SITE, "Lan") as site:
        site.assessment.site.operator = "EVN\x1b]0;pwned\x07"  # assignment skips validation
        with pytest.raises(FileProblems) as refused:
            site.commit("site.edit", SITE)
    assert "assessment.yaml: site.operator: must not hold control characters" in str(
        refused.value.lines()
    )
    assert refused.value.hint is not None and "nothing was written" in refused.value.hint
    assert snapshot(ws.root) == before


# --- unreadable evidence -------------------------------------------------------------------------


def test_evidence_unreadable_midway_leaves_every_file_of_the_workspace_unchanged(
    tmp_path: Path, cli: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from tierassess.storage.evidence import store as evidence

    ws = _ws(tmp_path / "ws")
    folder = tmp_path / "import"
    folder.mkdir()
    (folder / "first.txt").write_bytes(b"a" * (evidence.CHUNK_SIZE + 10))
    (folder / "second.txt").write_bytes(b"b" * (3 * evidence.CHUNK_SIZE))
    answers = folder / "answers.csv"
    answers.write_text(
        "id,result,choice,evidence\nPWR-UPS-01,met,,first.txt\nPWR-ATS-01,,manual,second.txt\n",
        encoding="utf-8",
    )
    copies: list[str] = []
    real_copy = evidence._copy_hashing

    class FailingMidway:
        """The second file's reader: one chunk comes through, then the disk fails."""

        def __init__(self, source: Any) -> None:
            self.source, self.name, self.chunks = source, source.name, 0

        def readinto(self, buffer: bytearray) -> int:
            self.chunks += 1
            if self.chunks == 2:
                raise OSError(errno.EIO, "Input/output error")
            return int(self.source.readinto(buffer))

    def copy(source: Any, target: int, progress: Any) -> tuple[str, int]:
        copies.append(Path(source.name).name)
        reader = FailingMidway(source) if len(copies) == 2 else source
        return real_copy(reader, target, progress)

    monkeypatch.setattr(evidence, "_copy_hashing", copy)
    before = snapshot(ws.root)
    result: Result = cli("answers", "import", SITE, str(answers), workspace=ws.root)  # type: ignore[operator]
    assert copies == ["first.txt", "second.txt"]  # the first was stored before the failure
    assert result.exit_code == 2
    assert "cannot read evidence file" in result.stderr and "second.txt" in result.stderr
    assert "Input/output error" in result.stderr and "nothing was changed" in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(ws.root) == before
    # and the same import, readable, goes through
    monkeypatch.setattr(evidence, "_copy_hashing", real_copy)
    result = cli("answers", "import", SITE, str(answers), workspace=ws.root)  # type: ignore[operator]
    assert result.exit_code == 0, result.output
    assert len(ws.load_evidence_index(SITE).items) == 2


# --- printing stored text ------------------------------------------------------------------------


def _hand_edit(ws: Workspace, old: str, new: str, name: str = "assessment.yaml") -> None:
    path = ws.site_dir(SITE) / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_review_panel_prints_hand_edited_fields_without_their_escapes(tmp_path: Path) -> None:
    from tierassess.cli.interactive.render_text import SafeConsole
    from tierassess.cli.interactive.review_walk import target_panel
    from tierassess.storage.review import review_targets

    ws = _ws(tmp_path / "ws")
    with open_site(ws, SITE, "Lan") as site:
        site.assessment.answers["PWR-UPS-01"] = site.assessment.answer("PWR-UPS-01").model_copy(
            update={"result": Outcome.MET, "notes": "NOTE", "answered_by": "WHO"}
        )
        site.commit("answer.set", "PWR-UPS-01")
    # written straight into the file: YAML's own escapes put ESC, BEL and CSI into the fields
    _hand_edit(ws, "notes: NOTE", 'notes: "two UPS\\e[2J\\e]0;pwned\\a"')
    _hand_edit(ws, "answered_by: WHO", 'answered_by: "Lan\\e[31m\\x9b"')
    [target] = review_targets(ws, SITE, "Chi", only=["PWR-UPS-01"])
    buffer = io.StringIO()
    SafeConsole(file=buffer, width=120, no_color=True).print(target_panel(target, "en"))
    printed = buffer.getvalue()
    assert "\x1b" not in printed and "\x07" not in printed and "\x9b" not in printed
    assert "Lan\\x1b[31m\\x9b" in printed  # shown, not obeyed
    assert "two UPS" in printed


def test_checklist_show_and_sites_print_stored_text_without_its_escapes(
    tmp_path: Path, cli: object
) -> None:
    ws = _ws(tmp_path / "ws")
    catalogue = ws.root / "checklists" / "tier3-inline.yaml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(
        text.replace("look at the nameplate", "look\\e]0;pwned\\a at the\\e[2J nameplate"),
        encoding="utf-8",
    )
    result: Result = cli("checklist", "show", "PWR-UPS-01", workspace=ws.root)  # type: ignore[operator]
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    # shown, not obeyed (rich itself drops the BEL)
    assert "look\\x1b]0;pwned at the\\x1b[2J nameplate" in result.output
    _hand_edit(ws, "name: Inline DC", 'name: "Inline\\e[8m DC"')
    result = cli("sites", workspace=ws.root)  # type: ignore[operator]
    assert result.exit_code == 2  # a name is refused at load; nothing raw reaches the screen
    assert "site.name: must not hold control characters" in result.output
    assert "\x1b" not in result.output


def test_a_table_keeps_its_columns_when_a_cell_holds_an_escape() -> None:
    from rich.table import Table

    from tierassess.cli.interactive.render_text import SafeConsole

    table = Table("name", "size")
    table.add_row("plain", "1")
    table.add_row("odd\x1b[31m", "2")
    buffer = io.StringIO()
    SafeConsole(file=buffer, width=60, no_color=True).print(table)
    lines = buffer.getvalue().splitlines()
    assert "\x1b" not in buffer.getvalue() and "odd\\x1b[31m" in buffer.getvalue()
    assert len({len(line) for line in lines}) == 1  # every row as wide as the frame
