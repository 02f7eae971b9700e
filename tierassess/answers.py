"""Recording answers: validation against the criterion, history, workflow state, and import.

Every way an answer enters an assessment (the questionnaire, ``answers import``) goes through
``record_answer``, so the rules are the same everywhere:

* a measured value carries the criterion's unit, lies within its plausible bounds, and earns its
  result from the threshold (``MeasuredAnswer.result_for``), never from what someone typed;
* a choice earns the result of its option;
* ``not_applicable`` needs a justification;
* changing an answer keeps the earlier one in ``Answer.history``; an auditor's review of the
  earlier one no longer applies and is dropped (the audit log keeps it).

Import reads YAML, CSV or XLSX rows, validates every row and reports every problem (row, column,
why) before anything changes: all rows are applied, or none.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tierassess.answer_files import (
    ANSWER_KEYS,
    IMPORT_COLUMNS,
    RawRow,
    cell_text,
    column_key,
    column_title,
    read_answer_file,
)
from tierassess.errors import FileProblems, InputError, Problem
from tierassess.formats import format_number
from tierassess.formats import parse_number as parse_text_number
from tierassess.i18n import current_lang, t
from tierassess.models import (
    Answer,
    Assessment,
    Checklist,
    ChoiceAnswer,
    ChoiceOption,
    Criterion,
    EvidenceKind,
    MeasuredAnswer,
    Result,
    WorkflowState,
    utc_now,
)
from tierassess.quantities import QuantityError as AnswerError
from tierassess.quantities import (
    check_measured,
    read_measured,
    unit_matches,
)
from tierassess.session import Event, acting_name
from tierassess.textsafe import strip_controls

if TYPE_CHECKING:
    from tierassess.session import SiteSession
    from tierassess.workspace import Workspace

# The answer rules and their import; AnswerError and the file columns are re-exported so that
# callers need one module (the files themselves are read by answer_files).
__all__ = [
    "ANSWERABLE",
    "IMPORT_COLUMNS",
    "AnswerError",
    "ImportPlan",
    "ImportSummary",
    "PlannedAnswer",
    "RawRow",
    "annotate",
    "answer_details",
    "apply_import",
    "check_unit",
    "check_value",
    "column_key",
    "column_title",
    "default_actor",
    "evidence_label",
    "import_answers",
    "is_answered",
    "measured_value",
    "parse_number",
    "parse_result",
    "plan_import",
    "record_answer",
    "resolve_choice",
    "set_flag",
    "store_evidence_files",
]

ANSWERABLE = (Result.MET, Result.PARTIAL, Result.NOT_MET, Result.NOT_APPLICABLE)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


# --- values --------------------------------------------------------------------------------------


def parse_number(text: str | float | int, convention: str | None = None) -> float:
    """A number as engineers type it ("12", "12,5", "1.500", "1 200"); raises AnswerError.

    Without ``convention`` a text that reads differently in Vietnamese and English ("1.500") is
    refused as ambiguous; with it, the text is read in that convention.
    """
    if isinstance(text, bool):
        raise AnswerError("value", t("assess.err.not_a_number", text=text))
    if isinstance(text, int | float):
        if not math.isfinite(text):
            raise AnswerError("value", t("assess.err.not_a_number", text=text))
        return float(text)
    try:
        return parse_text_number(str(text), convention)
    except InputError as exc:
        raise AnswerError("value", exc.message, hint=exc.hint) from None


def _fmt(number: float) -> str:
    return format_number(number)


def check_value(spec: MeasuredAnswer, value: float, unit_label: str | None = None) -> float:
    """The value if it is plausible (and whole, for a count); raises AnswerError saying why not.

    ``unit_label`` is the unit as the reader reads it (``Checklist.unit_label``).
    """
    return check_measured(spec, value, unit_label)


def check_unit(spec: MeasuredAnswer, unit: str | None) -> str:
    """The criterion's own unit; a different unit given with the value is refused (no conversion)."""
    parts = [unit, *unit.split(" / ")] if unit is not None else []
    if unit is not None and unit.strip() and not any(unit_matches(spec, p) for p in parts):
        raise AnswerError("unit", t("assess.err.wrong_unit", unit=unit.strip(), expected=spec.unit))
    return spec.unit


def measured_value(
    spec: MeasuredAnswer, value: str | float, convention: str | None = None
) -> float:
    """A measured value typed or read from a file, with an optional unit after the number."""
    if isinstance(value, str):
        reading = read_measured(spec, value)
        try:
            number = reading.value(convention)
        except InputError as exc:
            raise AnswerError("value", exc.message, hint=exc.hint) from None
        return check_measured(spec, number)
    return check_measured(spec, parse_number(value))


def resolve_choice(spec: ChoiceAnswer, choice: str) -> ChoiceOption:
    """The option named by its id or by its label in either language (case-insensitive)."""
    wanted = choice.strip().casefold()
    for option in spec.options:
        names = {option.id, option.label.vi, option.label.en, f"{option.label.vi} / {option.id}"}
        if wanted in {n.casefold() for n in names}:
            return option
    lang = current_lang()
    known = ", ".join(f"{o.label.get(lang)} ({o.id})" for o in spec.options)
    raise AnswerError("choice", t("assess.err.unknown_choice", choice=choice, known=known))


def parse_result(text: str | Result) -> Result:
    """A result from its id (``met``) or its label in either language (``Đạt``, ``Met``)."""
    if isinstance(text, Result):
        return text
    wanted = str(text).strip().casefold()
    for result in Result:
        names = {
            result.value,
            result.value.replace("_", " "),
            t(f"result.{result.value}", "vi"),
            t(f"result.{result.value}", "en"),
        }
        names.add(f"{t(f'result.{result.value}', 'vi')} / {result.value}")
        if wanted in {n.casefold() for n in names}:
            return result
    if wanted in {"partially_met", "partially met"}:
        return Result.PARTIAL
    known = ", ".join(r.value for r in ANSWERABLE)
    raise AnswerError("result", t("assess.err.unknown_result", result=text, known=known))


# --- recording -----------------------------------------------------------------------------------


def _has_content(answer: Answer) -> bool:
    return (
        answer.result is not Result.NOT_ASSESSED
        or bool(answer.notes)
        or bool(answer.evidence)
        or answer.value is not None
    )


def _same_content(a: Answer, b: Answer) -> bool:
    fields = ("result", "value", "unit", "choice", "justification", "notes", "evidence")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def _finish(
    assessment: Assessment,
    criterion_id: str,
    previous: Answer,
    updated: Answer,
    state: WorkflowState,
    actor: str,
    at: datetime,
) -> Answer:
    if _same_content(previous, updated):
        if previous.state is state:
            return previous
        result = previous.model_copy(update={"state": state})
        assessment.answers[criterion_id] = result
        return result
    history = list(previous.history)
    if _has_content(previous):
        history.append(previous.revision())
    judged_changed = (previous.result, previous.value, previous.choice, previous.evidence) != (
        updated.result,
        updated.value,
        updated.choice,
        updated.evidence,
    )
    final = updated.model_copy(
        update={
            "answered_by": actor,
            "answered_at": at,
            "state": state,
            "history": history,
            "review": None if judged_changed else previous.review,
        }
    )
    assessment.answers[criterion_id] = final
    return final


def _state_after(previous: Answer, result: Result, flagged: bool | None) -> WorkflowState:
    if flagged is True or (flagged is None and previous.state is WorkflowState.FLAGGED):
        return WorkflowState.FLAGGED
    return WorkflowState.TODO if result is Result.NOT_ASSESSED else WorkflowState.ANSWERED


def record_answer(
    assessment: Assessment,
    criterion: Criterion,
    *,
    result: Result | str | None = None,
    value: float | str | None = None,
    unit: str | None = None,
    choice: str | None = None,
    justification: str | None = None,
    notes: str | None = None,
    evidence: Sequence[str] | None = None,
    flagged: bool | None = None,
    actor: str,
    at: datetime | None = None,
    convention: str | None = None,
) -> Answer:
    """Validate an answer against ``criterion`` and store it in ``assessment``; return it.

    ``result`` may be left out where the value or the choice decides it; when given as well, it
    must agree. ``notes``/``justification`` left as None keep what was there (pass "" to clear);
    ``evidence`` replaces the list when given. ``flagged`` None keeps a review flag. An answer equal
    to the stored one changes nothing (no history entry, no new timestamp). A value given as text
    is read in ``convention`` ("vi": 1.500 is 1500; "en": 1.5); without one, an ambiguous text
    is refused.
    """
    previous = assessment.answer(criterion.id)
    spec = criterion.answer
    wanted = parse_result(result) if result is not None else None
    if wanted is Result.NOT_ASSESSED:
        raise AnswerError("result", t("assess.err.not_assessed"))

    new_value: float | None = None
    new_unit: str | None = None
    new_choice: str | None = None
    if wanted is Result.NOT_APPLICABLE:
        final_result = Result.NOT_APPLICABLE
        if value is not None and str(value).strip():
            raise AnswerError("value", t("assess.err.value_with_na"))
    elif isinstance(spec, MeasuredAnswer):
        if choice is not None and choice.strip():
            raise AnswerError("choice", t("assess.err.no_choice_here"))
        if value is None or not str(value).strip():
            raise AnswerError("value", t("assess.err.value_required", unit=spec.unit))
        new_unit = check_unit(spec, unit)
        new_value = measured_value(spec, value, convention)
        final_result = spec.result_for(new_value, assessment.site)
        if wanted is not None and wanted is not final_result:
            raise AnswerError(
                "result",
                t(
                    "assess.err.result_disagrees",
                    result=wanted.value,
                    value=_fmt(new_value),
                    unit=spec.unit,
                    earned=final_result.value,
                    rule=f"{spec.comparator.value} {_fmt(spec.threshold)}",
                ),
            )
    elif isinstance(spec, ChoiceAnswer):
        if value is not None and str(value).strip():
            raise AnswerError("value", t("assess.err.no_value_here"))
        if choice is None or not choice.strip():
            raise AnswerError("choice", t("assess.err.choice_required"))
        option = resolve_choice(spec, choice)
        new_choice = option.id
        final_result = Result(option.result)
        if wanted is not None and wanted is not final_result:
            raise AnswerError(
                "result",
                t(
                    "assess.err.choice_disagrees",
                    result=wanted.value,
                    choice=option.id,
                    earned=final_result.value,
                ),
            )
    else:
        if value is not None and str(value).strip():
            raise AnswerError("value", t("assess.err.no_value_here"))
        if choice is not None and choice.strip():
            raise AnswerError("choice", t("assess.err.no_choice_here"))
        if wanted is None:
            raise AnswerError("result", t("assess.err.result_required"))
        final_result = wanted

    # cleaned as stored (FreeText), so "needs a justification" judges what will be kept
    new_justification = previous.justification if justification is None else _free(justification)
    if final_result is Result.NOT_APPLICABLE and not (new_justification or "").strip():
        raise AnswerError("justification", t("assess.err.justification_required"))
    if final_result is not Result.NOT_APPLICABLE and justification is None:
        new_justification = None
    new_notes = previous.notes if notes is None else _free(notes)
    new_evidence = list(previous.evidence) if evidence is None else _unique(evidence)

    updated = previous.model_copy(
        update={
            "result": final_result,
            "value": new_value,
            "unit": new_unit,
            "choice": new_choice,
            "justification": new_justification,
            "notes": new_notes,
            "evidence": new_evidence,
        }
    )
    return _finish(
        assessment,
        criterion.id,
        previous,
        updated,
        _state_after(previous, final_result, flagged),
        actor,
        at or utc_now(),
    )


def annotate(
    assessment: Assessment,
    criterion_id: str,
    *,
    notes: str | None = None,
    add_evidence: Sequence[str] = (),
    actor: str,
    at: datetime | None = None,
) -> Answer:
    """Change the notes and/or add evidence references, leaving the result as it is."""
    previous = assessment.answer(criterion_id)
    updated = previous.model_copy(
        update={
            "notes": previous.notes if notes is None else _free(notes),
            "evidence": _unique([*previous.evidence, *add_evidence]),
        }
    )
    return _finish(
        assessment, criterion_id, previous, updated, previous.state, actor, at or utc_now()
    )


def set_flag(assessment: Assessment, criterion_id: str, flagged: bool) -> Answer:
    """Flag an answer for review, or clear the flag; the answer itself is untouched."""
    previous = assessment.answer(criterion_id)
    if flagged:
        state = WorkflowState.FLAGGED
    else:
        state = (
            WorkflowState.TODO if previous.result is Result.NOT_ASSESSED else WorkflowState.ANSWERED
        )
    updated = previous.model_copy(update={"state": state})
    assessment.answers[criterion_id] = updated
    return updated


def _free(text: str) -> str | None:
    """A note or justification as stored: no control characters, trimmed, None when empty."""
    return strip_controls(text).strip() or None


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)


def is_answered(answer: Answer) -> bool:
    """Whether the answer has a result (anything but not assessed)."""
    return answer.result is not Result.NOT_ASSESSED


def answer_details(answer: Answer) -> dict[str, Any]:
    """What the audit log records about an answer."""
    details: dict[str, Any] = {"result": answer.result.value, "state": answer.state.value}
    for name in ("value", "unit", "choice", "justification", "notes"):
        if getattr(answer, name) is not None:
            details[name] = getattr(answer, name)
    if answer.evidence:
        details["evidence"] = list(answer.evidence)
    return details


# --- saving --------------------------------------------------------------------------------------


def store_evidence_files(
    session: SiteSession,
    paths: Sequence[Path],
    criteria: Sequence[str],
    checklist: Checklist | None = None,
    details: Mapping[Path, tuple[EvidenceKind | None, date | None]] | None = None,
) -> tuple[list[str], list[Event]]:
    """Put files in the site's evidence store, linked to ``criteria``; their SHA-256 and events.

    The links are made in the session's data; they are written (with the events) by its commit.
    ``details`` gives a file's confirmed kind and capture date (else they are guessed).
    """
    from tierassess.evidence import stage_evidence

    for path in paths:  # every file readable before any is staged, so a refusal stages nothing
        try:
            with Path(path).open("rb") as handle:
                handle.read(1)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    refs: list[str] = []
    events: list[Event] = []
    for path in paths:
        kind, captured = (details or {}).get(path, (None, None))
        item, event = stage_evidence(
            session, path, list(criteria), captured, None, kind, checklist=checklist
        )
        refs.append(str(item.sha256))
        events.append(event)
    return refs, events


def evidence_label(ref: str, names: dict[str, str]) -> str:
    """How an evidence reference reads to a person: the stored file's name, or the path."""
    return names.get(ref, ref)


# --- import --------------------------------------------------------------------------------------

_TRUE = {"yes", "y", "true", "1", "x", "có", "co", "c", "flag", "flagged"}
_FALSE = {"no", "n", "false", "0", "không", "khong", "k", ""}


@dataclass
class PlannedAnswer:
    """One row of an answers file read against its criterion, before it is recorded."""

    criterion: Criterion
    row: RawRow
    result: str | None
    value: str | float | None
    unit: str | None
    choice: str | None
    justification: str | None
    notes: str | None
    flagged: bool | None
    keep_evidence: list[str]
    new_files: list[Path]
    convention: str | None = None


@dataclass
class ImportPlan:
    """Every row validated; nothing is changed until ``apply_import``."""

    source: Path
    rows: list[PlannedAnswer]
    skipped_empty: int = 0


@dataclass
class ImportSummary:
    """What an import changed, left as it was, skipped, and how many files it stored."""

    changed: list[str]
    unchanged: list[str]
    skipped_empty: int
    files_stored: int

    def as_dict(self) -> dict[str, Any]:
        """The summary as plain data for ``--format json``."""
        return {
            "changed": self.changed,
            "unchanged": self.unchanged,
            "skipped_empty": self.skipped_empty,
            "files_stored": self.files_stored,
        }


def _parse_flag(text: str) -> bool | None:
    low = text.strip().casefold()
    if low == "":
        return None
    parts = {low, *(p.strip() for p in low.split("/"))}
    if parts & _TRUE:
        return True
    if parts & _FALSE:
        return False
    raise AnswerError("flagged", t("assess.err.not_yes_no", text=text))


def _evidence_names(workspace: Workspace, site_id: str) -> dict[str, str]:
    """Stored evidence: SHA-256 -> original file name."""
    try:
        index = workspace.load_evidence_index(site_id)
    except InputError:
        return {}
    return {item.sha256: item.original_name for item in index.items}


def _evidence_file(item: str, base: Path, allow_outside: bool) -> tuple[Path | None, str | None]:
    """A new evidence file named in an answers file, or why it cannot be used.

    A relative name is taken from the answers file's folder, and (unless ``allow_outside``) the
    file must lie inside that folder: a shared sheet cannot make the import pick up
    ``../../home/user/.ssh/id_rsa``. The file must be readable and not empty.
    """
    candidate = Path(item).expanduser()
    candidate = candidate if candidate.is_absolute() else base / candidate
    if not candidate.is_file():
        return None, t("assess.import.no_evidence_file", name=item, folder=base)
    resolved = candidate.resolve()
    if not allow_outside and not resolved.is_relative_to(base.resolve()):
        return None, t("answers.file.outside_folder", name=item, folder=base)
    try:
        with resolved.open("rb") as handle:
            empty = handle.read(1) == b""
    except OSError as exc:
        return None, t("answers.file.evidence_unreadable", name=item, why=exc.strerror or exc)
    if empty:
        return None, t("answers.file.evidence_empty", name=item)
    return resolved, None


def _row_evidence(
    text: str, current: list[str], names: dict[str, str], base: Path, allow_outside: bool
) -> tuple[list[str], list[Path], list[str]]:
    """The evidence a row keeps, the new files it adds, and the problems with it."""
    keep: list[str] = []
    new_files: list[Path] = []
    problems: list[str] = []
    by_name = {names.get(ref, ref): ref for ref in current}
    for item in (p.strip() for p in re.split(r"[;\n]", text)):
        if not item:
            continue
        if item in current:
            keep.append(item)
        elif item in by_name:
            keep.append(by_name[item])
        elif _SHA256.match(item.lower()) and item.lower() in names:
            keep.append(item.lower())
        else:
            found, why = _evidence_file(item, base, allow_outside)
            if found is not None:
                new_files.append(found)
            if why is not None:
                problems.append(why)
    return keep, new_files, problems


def _row_convention(row: RawRow, default: str | None) -> str | None:
    stated = cell_text(row.cells.get("number_format")).casefold()
    if not stated:
        return default
    if stated not in ("vi", "en"):
        raise AnswerError("number_format", t("answers.file.bad_convention"))
    return stated


def plan_import(
    workspace: Workspace,
    assessment: Assessment,
    checklist: Checklist,
    path: Path,
    *,
    convention: str | None = None,
    allow_outside: bool = False,
) -> ImportPlan:
    """Read and validate every row of an answers file; raise FileProblems listing every problem.

    A text number that reads differently in the two conventions ("1.500") is refused unless the
    file states its convention (YAML ``number_format:``, a Number format column) or ``convention``
    is given; evidence files must lie in the answers file's folder unless ``allow_outside``.
    """
    import copy

    answers_file = read_answer_file(path)
    rows, marker = answers_file.rows, answers_file.site
    convention = answers_file.convention or convention
    problems: list[Problem] = []
    if marker is not None and marker != assessment.site.id:
        problems.append(
            Problem(
                path,
                None,
                "",
                t("assess.import.other_site", sheet_site=marker, site=assessment.site.id),
            )
        )
    by_id = checklist.by_id()
    applicable = {c.id for c in checklist.applicable(assessment.site)}
    names = _evidence_names(workspace, assessment.site.id)
    trial = copy.deepcopy(assessment)
    seen: dict[str, str] = {}
    planned: list[PlannedAnswer] = []
    skipped = 0

    def problem(row: RawRow, key: str, message: str) -> None:
        column = row.columns.get(key, key)
        if row.line is not None and path.suffix.lower() in (".yaml", ".yml"):
            problems.append(Problem(path, row.line, column, message))
        else:
            problems.append(
                Problem(path, None, f"{row.where}, {t('assess.import.column')} {column}", message)
            )

    for row in rows:
        criterion_id = cell_text(row.cells.get("id")).upper()
        if not criterion_id:
            problem(row, "id", t("assess.import.missing_id"))
            continue
        if criterion_id in seen:
            problem(
                row,
                "id",
                t("assess.import.duplicate_id", id=criterion_id, first=seen[criterion_id]),
            )
            continue
        seen[criterion_id] = row.where
        criterion = by_id.get(criterion_id)
        if criterion is None:
            problem(row, "id", t("assess.import.unknown_id", id=criterion_id))
            continue
        answer_cells = {k: cell_text(row.cells.get(k)) for k in ANSWER_KEYS}
        try:
            only_unflagged = _parse_flag(answer_cells["flagged"]) is False
        except AnswerError:
            only_unflagged = False
        content = {k: v for k, v in answer_cells.items() if not (k == "flagged" and only_unflagged)}
        if not any(content.values()) and not (
            only_unflagged and assessment.answer(criterion_id).state is WorkflowState.FLAGGED
        ):
            skipped += 1  # nothing to say about this criterion (a "no" flag on an unflagged row)
            continue
        if criterion_id not in applicable:
            problem(row, "id", t("assess.import.not_applicable_here", id=criterion_id))
            continue
        row_ok = True
        try:
            flagged = _parse_flag(answer_cells["flagged"])
            row_convention = _row_convention(row, convention)
        except AnswerError as exc:
            problem(row, exc.field, exc.message)
            row_ok = False
            flagged, row_convention = None, convention
        keep, new_files, evidence_problems = _row_evidence(
            answer_cells["evidence"],
            assessment.answer(criterion_id).evidence,
            names,
            path.parent,
            allow_outside,
        )
        for message in evidence_problems:
            problem(row, "evidence", message)
            row_ok = False
        raw_value = row.cells.get("value")
        value: str | float | None = None
        if isinstance(raw_value, int | float) and not isinstance(raw_value, bool):
            value = float(raw_value)
        elif cell_text(raw_value):
            value = cell_text(raw_value)
        entry = PlannedAnswer(
            criterion=criterion,
            row=row,
            result=answer_cells["result"] or None,
            value=value,
            unit=cell_text(row.cells.get("unit")) or None,
            choice=answer_cells["choice"] or None,
            justification=answer_cells["justification"] or None,
            notes=answer_cells["notes"] or None,
            flagged=flagged,
            keep_evidence=keep,
            new_files=new_files,
            convention=row_convention,
        )
        if entry.result or entry.value is not None or entry.choice:
            try:
                _apply_entry(trial, entry, [], actor="import-check")
            except AnswerError as exc:
                problem(row, exc.field, f"{exc.message} ({exc.hint})" if exc.hint else exc.message)
                row_ok = False
        if row_ok:
            planned.append(entry)
    if problems:
        raise FileProblems(problems, hint=t("assess.import.nothing_changed"))
    return ImportPlan(path, planned, skipped)


def _apply_entry(
    assessment: Assessment,
    entry: PlannedAnswer,
    new_refs: list[str],
    actor: str,
    at: datetime | None = None,
) -> Answer:
    criterion = entry.criterion
    previous = assessment.answer(criterion.id)
    evidence = _unique([*previous.evidence, *entry.keep_evidence, *new_refs])
    if entry.result or entry.value is not None or entry.choice:
        # A unit cell on a row that takes no value is harmless; only measured rows read it.
        unit = entry.unit if isinstance(criterion.answer, MeasuredAnswer) else None
        return record_answer(
            assessment,
            criterion,
            result=entry.result,
            value=entry.value,
            unit=unit,
            choice=entry.choice,
            justification=entry.justification,
            notes=entry.notes,
            evidence=evidence,
            flagged=entry.flagged,
            actor=actor,
            at=at,
            convention=entry.convention,
        )
    answer = annotate(
        assessment, criterion.id, notes=entry.notes, add_evidence=evidence, actor=actor, at=at
    )
    if entry.flagged is not None and (answer.state is WorkflowState.FLAGGED) != entry.flagged:
        answer = set_flag(assessment, criterion.id, entry.flagged)
    return answer


def apply_import(
    session: SiteSession, plan: ImportPlan, checklist: Checklist | None = None
) -> ImportSummary:
    """Apply a validated plan: store new evidence files, update answers, save and log at once.

    All or nothing: a file that cannot be read (even midway, after others were stored) ends the
    import with the files it stored removed again, before anything else is written.
    """
    with _store_undone_on_failure(session, any(entry.new_files for entry in plan.rows)):
        return _apply_rows(session, plan, checklist)


@contextmanager
def _store_undone_on_failure(session: SiteSession, storing: bool) -> Iterator[None]:
    """Remove the files stored within the block when it fails before its commit began."""
    from tierassess.session import JOURNAL_FILE
    from tierassess.workspace import EVIDENCE_FILES_DIR

    store = session.site_dir / EVIDENCE_FILES_DIR
    before = set(store.rglob("*")) if storing else set()
    try:
        yield
    except BaseException as exc:
        if storing and not (session.site_dir / JOURNAL_FILE).exists():
            # deepest first, so a folder made for a new file is empty when its turn comes
            for added in sorted(set(store.rglob("*")) - before, reverse=True):
                with suppress(OSError):
                    added.rmdir() if added.is_dir() else added.unlink()
            if isinstance(exc, OSError):
                name = exc.filename or t("answers.file.an_evidence_file")
                why = exc.strerror or str(exc)
                raise InputError(
                    t("answers.file.evidence_unreadable", name=name, why=why),
                    hint=t("assess.import.nothing_changed"),
                ) from None
        raise


def _apply_rows(
    session: SiteSession, plan: ImportPlan, checklist: Checklist | None
) -> ImportSummary:
    assessment = session.assessment
    actor = session.actor
    at = utc_now()
    changed: list[str] = []
    unchanged: list[str] = []
    events: list[Event] = []
    files = 0
    before = {e.criterion.id: assessment.answer(e.criterion.id) for e in plan.rows}
    for entry in plan.rows:
        refs: list[str] = []
        if entry.new_files:
            refs, stored = store_evidence_files(
                session, entry.new_files, [entry.criterion.id], checklist
            )
            events += stored
        files += len(refs)
        after = _apply_entry(assessment, entry, refs, actor, at)
        (unchanged if after == before[entry.criterion.id] else changed).append(entry.criterion.id)
    for criterion_id in changed:
        events.append(
            Event(
                "answer.import",
                criterion_id,
                {**answer_details(assessment.answer(criterion_id)), "source": plan.source.name},
            )
        )
    session.commit_events(events)
    return ImportSummary(changed, unchanged, plan.skipped_empty, files)


def import_answers(
    session: SiteSession,
    path: Path,
    *,
    dry_run: bool = False,
    convention: str | None = None,
    allow_outside: bool = False,
) -> ImportSummary:
    """Import an answers file into a site's assessment: every row valid, or nothing changes."""
    assessment = session.assessment
    workspace = session.workspace
    checklist = workspace.load_checklist(assessment.checklist_id)
    plan = plan_import(
        workspace, assessment, checklist, path, convention=convention, allow_outside=allow_outside
    )
    if dry_run:
        import copy

        trial = copy.deepcopy(assessment)
        before = {e.criterion.id: trial.answer(e.criterion.id) for e in plan.rows}
        changed: list[str] = []
        unchanged: list[str] = []
        for entry in plan.rows:
            after = _apply_entry(trial, entry, [str(p) for p in entry.new_files], session.actor)
            (unchanged if after == before[entry.criterion.id] else changed).append(
                entry.criterion.id
            )
        return ImportSummary(changed, unchanged, plan.skipped_empty, 0)
    return apply_import(session, plan, checklist)


def default_actor(assessment: Assessment, given: str | None = None) -> str:
    """Who is answering: ``--as NAME``, else the profile's assessor, else the login name."""
    return acting_name(given, assessment)
