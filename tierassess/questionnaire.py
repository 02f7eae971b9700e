"""The interactive questionnaire: walk the applicable criteria, save every answer as it is given.

The loop is deliberately small: each criterion offers one menu (its answers first, then notes,
evidence, guidance, flag, skip, back, jump and quit), and every confirmed answer goes straight to
disk through the site session's ``commit`` (the assessment and its audit entry, all or nothing).
A killed process therefore loses at most the answer being typed. Where the session stands is kept in
``.questionnaire.json`` in the site folder so that the next run resumes there.

Prompts are questionary's; they read from prompt_toolkit's current app session, so tests drive them
through a pipe input and a ``DummyOutput``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from tierassess.answers import (
    AnswerError,
    annotate,
    answer_details,
    is_answered,
    record_answer,
    set_flag,
    store_evidence_files,
)
from tierassess.errors import InputError
from tierassess.formats import format_number
from tierassess.i18n import t
from tierassess.models import (
    Answer,
    Assessment,
    Checklist,
    ChoiceAnswer,
    Criterion,
    EvidenceKind,
    MeasuredAnswer,
    Result,
    WorkflowState,
    utc_now,
)
from tierassess.prompts import ask_yes_no, choose, required
from tierassess.quantities import check_measured, read_measured
from tierassess.review.rules import needs_rework

if TYPE_CHECKING:
    from tierassess.locking import LockHolder
    from tierassess.session import SiteSession
    from tierassess.workspace import Workspace

CURSOR_FILE = ".questionnaire.json"


class ReportedInterrupt(KeyboardInterrupt):
    """Ctrl-C after the session said what was saved: the CLI adds no second message."""

    reported = True


ONLY_CHOICES = ("unanswered", "flagged")


class TextOutput:
    """Where the questionnaire writes between prompts: plain lines into a text file.

    The terminal flavour (``TerminalOutput``) styles them through prompt_toolkit, which the prompts
    load anyway; rich is imported only when the guidance is shown, so the first prompt comes fast.
    """

    def __init__(self, file: IO[str] | None = None, width: int = 100) -> None:
        self.file = file
        self.width = width

    def _target(self) -> IO[str]:
        return self.file if self.file is not None else sys.stdout

    def wrap(self, text: str) -> str:
        """Long lines broken between words, to the terminal's width.

        The terminal would break them inside a word.
        """
        if len(text) <= self.width:
            return text
        import textwrap

        return "\n".join(
            textwrap.fill(part, self.width, break_on_hyphens=False) for part in text.splitlines()
        )

    def line(self, text: str, style: str = "") -> None:
        """Print one line of ``text`` (``style`` is for terminals; plain text has none)."""
        print(self.wrap(text), file=self._target(), flush=True)

    def rule(self, text: str) -> None:
        """Print a horizontal rule with ``text`` in its middle."""
        side = max(self.width - len(text) - 2, 4)
        left = side // 2
        self.line(f"{'─' * left} {text} {'─' * (side - left)}", "rule")

    def guidance(self, checklist: Checklist, criterion: Criterion, lang: str) -> None:
        """Print the criterion's full text (requirement, how to answer, evidence) in ``lang``."""
        from tierassess.render_text import SafeConsole, criterion_text

        SafeConsole(file=self._target(), width=self.width, no_color=True).print(
            criterion_text(checklist, criterion, lang)
        )


_STYLES = {
    "rule": "fg:ansicyan",
    "title": "bold",
    "must_pass": "bold fg:ansired",
    "quantity": "italic",
    "current": "fg:ansigreen",
    "error": "fg:ansired",
}


class TerminalOutput(TextOutput):
    """Styled lines on the terminal (colours only where NO_COLOR is not set)."""

    def __init__(self) -> None:
        import shutil

        super().__init__(None, min(shutil.get_terminal_size((100, 24)).columns, 160))

    def line(self, text: str, style: str = "") -> None:
        """Print one line of ``text`` in ``style``'s colours."""
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        print_formatted_text(FormattedText([(_STYLES.get(style, ""), self.wrap(text))]))

    def guidance(self, checklist: Checklist, criterion: Criterion, lang: str) -> None:
        """Print the criterion's full text (requirement, how to answer, evidence) in ``lang``."""
        import os

        from tierassess.render_text import SafeConsole, criterion_text

        SafeConsole(no_color="NO_COLOR" in os.environ, highlight=False).print(
            criterion_text(checklist, criterion, lang)
        )


@dataclass
class SessionOutcome:
    """What a session did, for the closing summary."""

    recorded: list[str] = field(default_factory=list)
    finished: bool = False
    position: str | None = None


def select_criteria(
    checklist: Checklist,
    assessment: Assessment,
    *,
    only: str | None = None,
    domain: str | None = None,
) -> list[Criterion]:
    """The criteria this session walks, in questionnaire order."""
    chosen = checklist.applicable(assessment.site)
    if domain is not None:
        chosen = [c for c in chosen if c.domain == domain]
    if only == "unanswered":
        chosen = [c for c in chosen if not is_answered(assessment.answer(c.id))]
    elif only == "flagged":
        chosen = [c for c in chosen if assessment.answer(c.id).state is WorkflowState.FLAGGED]
    elif only == "rejected":  # an auditor rejected it or asked for more evidence
        chosen = [c for c in chosen if needs_rework(assessment.answer(c.id))]
    return chosen


def read_cursor(site_dir: Path) -> str | None:
    """The criterion the last session was at."""
    try:
        data = json.loads((site_dir / CURSOR_FILE).read_text(encoding="utf-8"))
        return str(data["criterion"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_cursor(site_dir: Path, criterion_id: str, actor: str) -> None:
    """Record where the questionnaire stopped (criterion, who, when), to resume there."""
    from tierassess.yamlio import atomic_write_text

    data = {"criterion": criterion_id, "by": actor, "at": utc_now().isoformat()}
    atomic_write_text(site_dir / CURSOR_FILE, json.dumps(data, ensure_ascii=False) + "\n")


def _clean_path(text: str) -> str:
    # Terminals quote dragged-in files; engineers paste paths with stray spaces.
    return text.strip().strip("'\"").strip()


class Questionnaire:
    """One walk through a list of criteria for one site."""

    def __init__(
        self,
        session: SiteSession,
        checklist: Checklist,
        criteria: Sequence[Criterion],
        *,
        actor: str,
        lang: str,
        out: TextOutput,
    ) -> None:
        self.session = session
        self.workspace = session.workspace
        self.assessment = session.assessment
        self.checklist = checklist
        self.criteria = list(criteria)
        self.actor = actor
        self.lang = lang
        self.out = out
        self.site_dir = session.site_dir
        self.all_applicable = checklist.applicable(self.assessment.site)
        self.outcome = SessionOutcome()

    # --- the loop --------------------------------------------------------------------------------

    def start_index(self, resume_at: str | None) -> int:
        """Where to begin: the criterion the last session stopped at, else the first unanswered."""
        ids = [c.id for c in self.criteria]
        if resume_at in ids:
            return ids.index(resume_at)
        for index, criterion in enumerate(self.criteria):
            if not is_answered(self.assessment.answer(criterion.id)):
                return index
        return 0

    def run(self, resume_at: str | None = None) -> SessionOutcome:
        """Ask until the user saves and quits or the list is done; Ctrl-C propagates."""
        if not self.criteria:
            self.out.line(t("assess.q.nothing_to_ask"))
            self.outcome.finished = True
            return self.outcome
        index = self.start_index(resume_at)
        last_written: str | None = None
        while True:
            if index >= len(self.criteria):
                next_index = self._at_end()
                if next_index is None:
                    self.outcome.finished = True
                    return self.outcome
                index = next_index
                continue
            criterion = self.criteria[index]
            if criterion.id != last_written:
                write_cursor(self.site_dir, criterion.id, self.actor)
                last_written = criterion.id
            self.outcome.position = criterion.id
            self._show(index, criterion)
            move = self._ask(criterion, index)
            if move is None:
                return self.outcome
            index = move

    def _ask(self, criterion: Criterion, index: int) -> int | None:
        """Handle one criterion until it moves on; the next index, or None to stop."""
        while True:
            action = self._menu(criterion)
            if action == "quit":
                return None
            if action == "skip":
                return index + 1
            if action == "back":
                if index == 0:
                    self.out.line(t("assess.q.at_first"))
                    continue
                return index - 1
            if action == "jump":
                target = self._jump()
                if target is None:
                    continue
                return target
            if action == "guidance":
                self.out.guidance(self.checklist, criterion, self.lang)
                continue
            if action == "note":
                self._note(criterion)
                continue
            if action == "evidence":
                self._evidence(criterion)
                continue
            if action == "flag":
                flagged = self.assessment.answer(criterion.id).state is not WorkflowState.FLAGGED
                set_flag(self.assessment, criterion.id, flagged)
                self.session.commit(
                    "answer.flag" if flagged else "answer.unflag",
                    criterion.id,
                )
                self.out.line(
                    t("assess.q.flagged" if flagged else "assess.q.unflagged", id=criterion.id)
                )
                if flagged:
                    return index + 1
                continue
            if self._answer(criterion, action):
                return index + 1

    # --- showing ---------------------------------------------------------------------------------

    def _progress(self) -> tuple[int, int, int]:
        answered = sum(1 for c in self.all_applicable if is_answered(self.assessment.answer(c.id)))
        flagged = sum(
            1
            for c in self.all_applicable
            if self.assessment.answer(c.id).state is WorkflowState.FLAGGED
        )
        return answered, len(self.all_applicable), flagged

    def _show(self, index: int, criterion: Criterion) -> None:
        in_domain = [c for c in self.criteria if c.domain == criterion.domain]
        position = in_domain.index(criterion) + 1
        answered, total, flagged = self._progress()
        percent = round(100 * answered / total) if total else 0
        domain = self.checklist.domain(criterion.domain).title.get(self.lang)
        header = t(
            "assess.q.header",
            domain=domain,
            n=position,
            m=len(in_domain),
            index=index + 1,
            count=len(self.criteria),
            answered=answered,
            total=total,
            percent=percent,
        )
        if flagged:
            header += " · " + t("assess.q.header_flagged", count=flagged)
        self.out.rule(header)
        title = f"{criterion.id}  {criterion.title.get(self.lang)}"
        if criterion.must_pass:
            title += f"  ◆ {t('criterion.must_pass')}"
        self.out.line(title, "must_pass" if criterion.must_pass else "title")
        self.out.line(criterion.requirement.get(self.lang))
        spec = criterion.answer
        if isinstance(spec, MeasuredAnswer) and spec.quantity is not None:
            self.out.line(spec.quantity.get(self.lang), "quantity")
        answer = self.assessment.answer(criterion.id)
        if is_answered(answer) or answer.notes or answer.evidence:
            self.out.line(self._answer_summary(criterion, answer), "current")

    def _answer_summary(self, criterion: Criterion, answer: Answer) -> str:
        parts = [t(f"result.{answer.result.value}")]
        if answer.value is not None:
            unit = self.checklist.unit_label(answer.unit, self.lang)
            parts.append(f"{format_number(answer.value, self.lang)} {unit}".strip())
        if answer.choice and isinstance(criterion.answer, ChoiceAnswer):
            for option in criterion.answer.options:
                if option.id == answer.choice:
                    parts.append(option.label.get(self.lang))
        if answer.justification:
            parts.append(answer.justification)
        text = t("assess.q.current", answer=" · ".join(parts))
        if answer.answered_by and answer.answered_at:
            text += " " + t(
                "assess.q.by",
                who=answer.answered_by,
                at=answer.answered_at.strftime("%Y-%m-%d %H:%M UTC"),
            )
        if answer.notes:
            text += "\n" + t("assess.q.notes_line", notes=answer.notes)
        if answer.evidence:
            text += "\n" + t("assess.q.evidence_line", count=len(answer.evidence))
        if answer.state is WorkflowState.FLAGGED:
            text += "\n" + t("assess.q.is_flagged")
        return text

    # --- the menu --------------------------------------------------------------------------------

    def _menu(self, criterion: Criterion) -> str:
        """The action chosen for this criterion.

        The pointer starts on "choose…", not on an answer, so a stray Enter records nothing.
        """
        import questionary

        answer = self.assessment.answer(criterion.id)
        choices: list[Any] = []
        spec = criterion.answer
        number = 1

        def add(title: str, value: str) -> None:
            nonlocal number
            # digits 1-9 for the answers; any beyond that are reached with the arrows
            key: str | bool = str(number) if number <= 9 else False
            choices.append(questionary.Choice(title, value=value, shortcut_key=key))
            number += 1

        if isinstance(spec, MeasuredAnswer):
            add(t("assess.q.enter_value", unit=self._unit(spec)), "value")
        elif isinstance(spec, ChoiceAnswer):
            for option in spec.options:
                add(option.label.get(self.lang), f"option:{option.id}")
        else:
            for result in (Result.MET, Result.PARTIAL, Result.NOT_MET):
                add(t(f"result.{result.value}"), result.value)
        add(t("assess.q.not_applicable"), "not_applicable")
        flagged = answer.state is WorkflowState.FLAGGED
        choices.append(questionary.Separator())
        for key, value in (
            ("n", "note"),
            ("e", "evidence"),
            ("g", "guidance"),
            ("f", "flag"),
            ("s", "skip"),
            ("b", "back"),
            ("d", "jump"),
            ("q", "quit"),
        ):
            label = t("assess.q.unflag") if value == "flag" and flagged else t(f"assess.q.{value}")
            choices.append(questionary.Choice(label, value=value, shortcut_key=key))
        return str(
            choose(
                t("assess.q.prompt"),
                choices,
                # questionary allows 36 shortcuts; a criterion with very many options does
                # without them rather than fail
                use_shortcuts=len(choices) <= 35,
                instruction=t("assess.q.instruction"),
            )
        )

    # --- answering -------------------------------------------------------------------------------

    def _answer(self, criterion: Criterion, action: str) -> bool:
        """Record the answer chosen in the menu; False when the user backed out of a follow-up."""
        spec = criterion.answer
        previous = self.assessment.answer(criterion.id)
        kwargs: dict[str, Any] = {}
        if action == "not_applicable":
            justification = self._justification(previous)
            if justification is None:
                return False
            kwargs = {"result": Result.NOT_APPLICABLE, "justification": justification}
        elif action == "value":
            assert isinstance(spec, MeasuredAnswer)
            value = self._measured_value(spec, previous)
            if value is None:
                return False
            kwargs = {"value": value, "unit": spec.unit}
        elif action.startswith("option:"):
            kwargs = {"choice": action.removeprefix("option:")}
        else:
            kwargs = {"result": action}
        try:
            answer = record_answer(
                self.assessment, criterion, flagged=False, actor=self.actor, **kwargs
            )
        except AnswerError as exc:  # the prompts validate first; this is a last guard
            self.out.line(exc.message, "error")
            return False
        if answer is not previous:
            self.session.commit(
                "answer.set",
                criterion.id,
                answer_details(answer),
            )
            self.outcome.recorded.append(criterion.id)
        if isinstance(spec, MeasuredAnswer) and answer.value is not None:
            self.out.line(self._measured_verdict(spec, answer.value))
        if isinstance(spec, ChoiceAnswer) and answer.choice is not None:
            option = next(o for o in spec.options if o.id == answer.choice)
            self.out.line(
                t(
                    "assess.q.choice_result",
                    choice=option.label.get(self.lang),
                    result=t(f"result.{answer.result.value}"),
                )
            )
        self.out.line(t("assess.q.saved", id=criterion.id))
        return True

    def _unit(self, spec: MeasuredAnswer) -> str:
        return self.checklist.unit_label(spec.unit, self.lang)

    def _unit_labels(self, spec: MeasuredAnswer) -> tuple[str, ...]:
        return tuple(self.checklist.unit_label(spec.unit, lang) for lang in ("vi", "en"))

    def _measured_verdict(self, spec: MeasuredAnswer, value: float) -> str:
        threshold, _ = spec.thresholds_for(self.assessment.site)  # the site's design condition
        rule = f"{spec.comparator.value} {format_number(threshold, self.lang)} {self._unit(spec)}"
        return t(
            "assess.q.measured_result",
            value=format_number(value, self.lang),
            unit=self._unit(spec),
            result=t(f"result.{spec.result_for(value, self.assessment.site).value}"),
            rule=rule,
        )

    def _plausible_readings(self, spec: MeasuredAnswer, text: str) -> dict[str, float]:
        """Each convention's reading of ``text`` that the criterion accepts.

        Raises AnswerError with the reason when none does.
        """
        reading = read_measured(spec, text, self._unit_labels(spec), self._unit(spec))
        plausible: dict[str, float] = {}
        refusal: AnswerError | None = None
        # the reader's own convention first: it is the reading offered first when both apply
        for convention in sorted(reading.values, key=lambda c: c != self.lang):
            try:
                value = check_measured(
                    spec, reading.values[convention], self._unit(spec), self.lang
                )
            except AnswerError as exc:
                refusal = refusal or exc
                continue
            if value not in plausible.values():
                plausible[convention] = value
        if not plausible:
            assert refusal is not None
            raise refusal
        return plausible

    def _measured_value(self, spec: MeasuredAnswer, previous: Answer) -> float | None:
        """The value typed, confirmed when it reads differently in the two conventions.

        Nothing is pre-filled: typing replaces the old value (a pre-filled 1.5 plus a typed 12
        read 1.512). The current value is shown in the hint instead.
        """
        import questionary

        def validate(text: str) -> bool | str:
            if not text.strip():
                return True  # empty goes back to the menu
            try:
                self._plausible_readings(spec, text)
            except AnswerError as exc:
                return exc.message
            return True

        label = spec.quantity.get(self.lang) if spec.quantity else t("assess.q.value")
        hint = t("assess.q.empty_back")
        if previous.value is not None:
            current = format_number(previous.value, self.lang)
            hint = t("assess.q.replace_value", value=current, unit=self._unit(spec)) + " " + hint
        while True:
            text = str(
                required(
                    questionary.text(
                        t("assess.q.value_prompt", quantity=label, unit=self._unit(spec)),
                        validate=validate,
                        instruction=hint,
                    ).unsafe_ask()
                )
            )
            if not text.strip():
                return None
            readings = self._plausible_readings(spec, text)
            if len(readings) == 1:
                return next(iter(readings.values()))
            chosen = self._which_reading(spec, text, readings)
            if chosen is not None:
                return chosen

    def _which_reading(
        self, spec: MeasuredAnswer, text: str, readings: dict[str, float]
    ) -> float | None:
        """Ask which reading was meant, showing the verdict each one earns; None to retype."""
        import questionary

        choices = [
            questionary.Choice(
                f"{self._measured_verdict(spec, value).removeprefix('→ ')}"
                f"  ({t(f'quantities.ask.reading_{convention}')})",
                value=convention,
            )
            for convention, value in readings.items()
        ]
        choices.append(questionary.Choice(t("quantities.ask.retype"), value=""))
        convention = str(choose(t("quantities.ask.which", text=text.strip()), choices))
        return readings[convention] if convention else None

    def _justification(self, previous: Answer) -> str | None:
        import questionary

        text = str(
            required(
                questionary.text(
                    t("assess.q.justification"),
                    default=previous.justification or "",
                    instruction=t("assess.q.empty_back"),
                ).unsafe_ask()
            )
        ).strip()
        return text or None

    def _note(self, criterion: Criterion) -> None:
        import questionary

        previous = self.assessment.answer(criterion.id)
        text = str(
            required(
                questionary.text(
                    t("assess.q.note_prompt"),
                    default=previous.notes or "",
                    instruction=t("assess.q.note_instruction"),
                ).unsafe_ask()
            )
        )
        from tierassess.textsafe import clean_note, removed_controls

        if removed_controls(text):  # a pasted escape sequence is dropped, and the user told
            self.out.line(t("text.controls_removed", count=removed_controls(text)))
        text = clean_note(text) or ""
        answer = annotate(self.assessment, criterion.id, notes=text, actor=self.actor)
        if answer is not previous:
            self.session.commit(
                "answer.note",
                criterion.id,
                {"notes": answer.notes},
            )
            self.out.line(t("assess.q.note_saved"))

    def _evidence(self, criterion: Criterion) -> None:
        import questionary

        def validate(text: str) -> bool | str:
            cleaned = _clean_path(text)
            if not cleaned:
                return True
            path = Path(cleaned).expanduser()
            if not path.is_file():
                return t("assess.q.no_such_file", path=cleaned)
            if path.stat().st_size == 0:
                return t("evidence.err.empty", path=cleaned)
            return True

        files: list[Path] = []
        self.out.line(t("assess.q.evidence_instruction"))
        while True:
            text = str(
                required(
                    questionary.path(
                        t("assess.q.evidence_prompt", count=len(files)),
                        validate=validate,
                    ).unsafe_ask()
                )
            )
            cleaned = _clean_path(text)
            if not cleaned:
                break
            path = Path(cleaned).expanduser().resolve()
            if path not in files and self._evidence_content_ok(path):
                files.append(path)
        if not files:
            return
        details = {path: self._evidence_details(criterion, path) for path in files}
        targets = [criterion.id]
        others = [
            c for c in self.all_applicable if c.domain == criterion.domain and c.id != criterion.id
        ]
        if others:
            extra = required(
                questionary.checkbox(
                    t("assess.q.evidence_others"),
                    choices=[
                        questionary.Choice(f"{c.id}  {c.title.get(self.lang)}", value=c.id)
                        for c in others
                    ],
                    instruction=t("assess.q.checkbox_instruction"),
                ).unsafe_ask()
            )
            targets.extend(str(x) for x in extra)
        from tierassess.errors import TierassessError

        try:
            refs, stored = store_evidence_files(
                self.session, files, targets, self.checklist, details
            )
        except TierassessError as exc:  # e.g. the file went away: say so, keep the session
            self.out.line(exc.message, "error")
            return
        except OSError as exc:
            self.out.line(t("assess.q.evidence_failed", why=exc.strerror or exc), "error")
            return
        for target in targets:
            annotate(self.assessment, target, add_evidence=refs, actor=self.actor)
        from tierassess.session import Event

        self.session.commit_events(
            [*stored, *(Event("answer.evidence", target, {"evidence": refs}) for target in targets)]
        )
        self.out.line(t("assess.q.evidence_saved", files=len(files), criteria=len(targets)))

    def _evidence_content_ok(self, path: Path) -> bool:
        """Whether to attach the file: yes when its content matches its extension, else as asked."""
        from tierassess.evidence_entry import content_mismatch

        claimed = content_mismatch(path)
        if claimed is None:
            return True
        self.out.line(t("assess.q.evidence_mismatch", name=path.name, ext=claimed), "error")
        return ask_yes_no(t("assess.q.evidence_attach_anyway"))

    def _evidence_details(self, criterion: Criterion, path: Path) -> tuple[EvidenceKind, date]:
        """The kind and capture date of one file, suggested from the file and confirmed."""
        from tierassess.evidence_entry import ask_kind_and_date

        return ask_kind_and_date(path, [e.kind for e in criterion.evidence])

    # --- navigation ------------------------------------------------------------------------------

    def _domains(self) -> list[str]:
        seen: dict[str, None] = {}
        for criterion in self.criteria:
            seen.setdefault(criterion.domain, None)
        return list(seen)

    def _jump(self) -> int | None:
        import questionary

        choices = []
        for domain_id in self._domains():
            members = [c for c in self.criteria if c.domain == domain_id]
            done = sum(1 for c in members if is_answered(self.assessment.answer(c.id)))
            title = self.checklist.domain(domain_id).title.get(self.lang)
            choices.append(questionary.Choice(f"{title} ({done}/{len(members)})", value=domain_id))
        choices.append(questionary.Choice(t("assess.q.cancel"), value=""))
        chosen = str(
            required(
                questionary.select(
                    t("assess.q.jump_prompt"),
                    choices=choices,
                    instruction=t("prompts.select_instruction"),
                ).unsafe_ask()
            )
        )
        if not chosen:
            return None
        indexes = [i for i, c in enumerate(self.criteria) if c.domain == chosen]
        for i in indexes:
            if not is_answered(self.assessment.answer(self.criteria[i].id)):
                return i
        return indexes[0]

    def _at_end(self) -> int | None:
        import questionary

        left = [
            i for i, c in enumerate(self.criteria) if not is_answered(self.assessment.answer(c.id))
        ]
        self.out.rule(t("assess.q.end", count=len(self.criteria), left=len(left)))
        choices = [questionary.Choice(t("assess.q.finish"), value="quit")]
        if left:
            choices.append(
                questionary.Choice(
                    t("assess.q.first_unanswered", count=len(left)), value="unanswered"
                )
            )
        choices.append(questionary.Choice(t("assess.q.last_question"), value="last"))
        choices.append(questionary.Choice(t("assess.q.jump"), value="jump"))
        chosen = str(
            required(
                questionary.select(
                    t("assess.q.end_prompt"),
                    choices=choices,
                    instruction=t("prompts.select_instruction"),
                ).unsafe_ask()
            )
        )
        if chosen == "unanswered":
            return left[0]
        if chosen == "last":
            return len(self.criteria) - 1
        if chosen == "jump":
            return self._jump() if len(self._domains()) else None
        return None


# --- a whole session -----------------------------------------------------------------------------


@dataclass
class SessionReport:
    """How a questionnaire session ended, and how many criteria were answered."""

    site_id: str
    outcome: SessionOutcome
    answered: int
    total: int


def recovery_message(
    assessment: Assessment, applicable: Sequence[Criterion], cleared: LockHolder | None
) -> str | None:
    """What the last session left behind, said plainly; None for a site not yet started."""
    answers = [assessment.answer(c.id) for c in applicable]
    answered = [a for a in answers if is_answered(a)]
    if not answered and cleared is None:
        return None
    latest = max((a.answered_at for a in answers if a.answered_at), default=None)
    when = latest.strftime("%Y-%m-%d %H:%M UTC") if latest else "—"
    if cleared is not None:
        since = cleared.since
        if cleared.pid <= 0:  # the lock file was damaged: who held it is not known
            return t(
                "assess.recovered_damaged_lock",
                count=len(answered),
                total=len(applicable),
                when=when,
            )
        in_session = sum(
            1
            for a in answers
            if a.answered_at and a.answered_at.isoformat().replace("+00:00", "Z") >= since
        )
        return t(
            "assess.recovered_crash",
            holder=cleared.describe(),
            session=in_session,
            count=len(answered),
            total=len(applicable),
            when=when,
        )
    return t("assess.recovered", count=len(answered), total=len(applicable), when=when)


def _file_state(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def run_session(
    workspace: Workspace,
    site: str | None,
    *,
    actor: str | None,
    lang: str,
    only: str | None = None,
    domain: str | None = None,
    out: TextOutput | None = None,
    on_start: Callable[[], None] | None = None,
    sign: bool = False,
) -> SessionReport:
    """Lock the site, say what was recovered, walk the criteria, release the lock.

    ``sign``: the person's key is looked up now and, once the walk ends, their answers are signed
    (``tierassess.identity.attest.sign_at_end``); a walk cut short stays saved and unsigned.
    """
    from tierassess.session import SiteSession, acting_name

    out = out or TerminalOutput()
    site_id = workspace.resolve_site(site)
    assessment = workspace.load_assessment(site_id)
    checklist = workspace.load_checklist(assessment.checklist_id)
    if domain is not None and domain not in {d.id for d in checklist.header.domains}:
        known = ", ".join(d.id for d in checklist.header.domains)
        raise InputError(t("assess.unknown_domain", domain=domain, known=known))
    who = acting_name(actor, assessment)
    from tierassess.identity import signing_key

    key = signing_key(workspace, who) if sign else None  # before the walk: no key, no walk lost
    with SiteSession.open(workspace, site_id, who) as session:
        lock = session.lock
        for notice in session.notices:
            out.line(notice)
        assessment = session.assessment  # read again under the lock
        applicable = checklist.applicable(assessment.site)
        message = recovery_message(assessment, applicable, lock.cleared)
        if message:
            out.line(message)
        criteria = select_criteria(checklist, assessment, only=only, domain=domain)
        questionnaire = Questionnaire(session, checklist, criteria, actor=who, lang=lang, out=out)
        if on_start is not None:
            on_start()
        resume = read_cursor(workspace.site_dir(site_id))
        try:
            outcome = questionnaire.run(resume)
            if key is not None:
                from tierassess.identity.attest import sign_at_end

                sign_at_end(session, key, out.line)
        except KeyboardInterrupt:
            answered = sum(1 for c in applicable if is_answered(assessment.answer(c.id)))
            out.line(
                t("assess.interrupted_saved", count=answered, total=len(applicable), site=site_id)
            )
            if key is not None:
                out.line(t("identity.attest.unsigned", site=site_id, name=who))
            raise ReportedInterrupt from None
    answered = sum(1 for c in applicable if is_answered(assessment.answer(c.id)))
    return SessionReport(site_id, outcome, answered, len(applicable))
