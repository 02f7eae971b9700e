"""Step 2 of an imported answer: every row of an answers file checked before anything changes.

``tierassess.exchange.answer_import.files`` reads the file (YAML, CSV or XLSX) into text cells; here each row is
read against its criterion: the id is known and applies to the site, the flag and the number
convention are understood, the evidence files exist (inside the file's folder), and the answer
passes the same rules as a typed one (``tierassess.storage.answers.record``, tried on a copy). Every
problem is reported (row, column, why) in one ``FileProblems``; only a clean file yields an
``ImportPlan``, which ``tierassess.exchange.answer_import.apply`` then applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tierassess.core.models import Answer, Assessment, Checklist, Criterion, WorkflowState
from tierassess.errors import FileProblems, InputError, Problem, os_reason
from tierassess.exchange.answer_import.files import ANSWER_KEYS, RawRow, cell_text, read_answer_file
from tierassess.i18n import t
from tierassess.storage.answers.record import annotate, record_answer, set_flag, unique_refs
from tierassess.storage.answers.values import AnswerError

if TYPE_CHECKING:
    from tierassess.storage.workspace import Workspace

__all__ = ["ImportPlan", "PlannedAnswer", "apply_planned", "plan_import"]

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
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
    catalogue_version: str | None = None  # the catalogue the row was read against


@dataclass
class ImportPlan:
    """Every row validated; nothing is changed until ``apply_import``."""

    source: Path
    rows: list[PlannedAnswer]
    skipped_empty: int = 0


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
        return None, t("answers.file.evidence_unreadable", name=item, why=os_reason(exc))
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


def _row_value(row: RawRow) -> str | float | None:
    """The value cell as written: a number stays a number, text stays text, blank is None."""
    raw_value = row.cells.get("value")
    if isinstance(raw_value, int | float) and not isinstance(raw_value, bool):
        return float(raw_value)
    return cell_text(raw_value) or None


@dataclass
class _Planner:
    """One answers file being checked: what its rows are read against, and what was found."""

    path: Path
    assessment: Assessment
    by_id: dict[str, Criterion]
    applicable: set[str]
    names: dict[str, str]  # stored evidence: SHA-256 -> original file name
    convention: str | None
    allow_outside: bool
    trial: Assessment  # a copy the rows are recorded into, to find what the rules refuse
    catalogue_version: str | None = None
    problems: list[Problem] = field(default_factory=list)
    seen: dict[str, str] = field(default_factory=dict)  # criterion id -> the row that named it
    planned: list[PlannedAnswer] = field(default_factory=list)
    skipped: int = 0

    def problem(self, row: RawRow, key: str, message: str) -> None:
        """Note a problem with one cell: line and key for YAML, row and column for tables."""
        column = row.columns.get(key, key)
        if row.line is not None and self.path.suffix.lower() in (".yaml", ".yml"):
            self.problems.append(Problem(self.path, row.line, column, message))
        else:
            where = f"{row.where}, {t('assess.import.column')} {column}"
            self.problems.append(Problem(self.path, None, where, message))

    def plan_row(self, row: RawRow) -> None:
        """Check one row; a row without problems joins the plan."""
        criterion = self._criterion_of(row)
        if criterion is None:
            return
        cells = {k: cell_text(row.cells.get(k)) for k in ANSWER_KEYS}
        if self._says_nothing(criterion.id, cells):
            self.skipped += (
                1  # nothing to say about this criterion (a "no" flag on an unflagged row)
            )
            return
        if criterion.id not in self.applicable:
            self.problem(row, "id", t("assess.import.not_applicable_here", id=criterion.id))
            return
        entry, row_ok = self._entry(row, criterion, cells)
        if entry.result or entry.value is not None or entry.choice:
            try:
                apply_planned(self.trial, entry, [], actor="import-check")
            except AnswerError as exc:
                message = f"{exc.message} ({exc.hint})" if exc.hint else exc.message
                self.problem(row, exc.field, message)
                row_ok = False
        if row_ok:
            self.planned.append(entry)

    def _criterion_of(self, row: RawRow) -> Criterion | None:
        """The criterion a row names; None (and a problem noted) when missing, repeated, unknown."""
        criterion_id = cell_text(row.cells.get("id")).upper()
        if not criterion_id:
            self.problem(row, "id", t("assess.import.missing_id"))
            return None
        if criterion_id in self.seen:
            first = self.seen[criterion_id]
            self.problem(row, "id", t("assess.import.duplicate_id", id=criterion_id, first=first))
            return None
        self.seen[criterion_id] = row.where
        criterion = self.by_id.get(criterion_id)
        if criterion is None:
            self.problem(row, "id", t("assess.import.unknown_id", id=criterion_id))
        return criterion

    def _says_nothing(self, criterion_id: str, cells: dict[str, str]) -> bool:
        """Whether the row is blank, a "no" flag on an answer that is not flagged counting as blank."""
        try:
            only_unflagged = _parse_flag(cells["flagged"]) is False
        except AnswerError:
            only_unflagged = False
        content = {k: v for k, v in cells.items() if not (k == "flagged" and only_unflagged)}
        unflags = only_unflagged and (
            self.assessment.answer(criterion_id).state is WorkflowState.FLAGGED
        )
        return not any(content.values()) and not unflags

    def _entry(
        self, row: RawRow, criterion: Criterion, cells: dict[str, str]
    ) -> tuple[PlannedAnswer, bool]:
        """The row as a planned answer, and whether its flag, convention and evidence are sound."""
        row_ok = True
        try:
            flagged = _parse_flag(cells["flagged"])
            row_convention = _row_convention(row, self.convention)
        except AnswerError as exc:
            self.problem(row, exc.field, exc.message)
            row_ok = False
            flagged, row_convention = None, self.convention
        keep, new_files, evidence_problems = _row_evidence(
            cells["evidence"],
            self.assessment.answer(criterion.id).evidence,
            self.names,
            self.path.parent,
            self.allow_outside,
        )
        for message in evidence_problems:
            self.problem(row, "evidence", message)
            row_ok = False
        entry = PlannedAnswer(
            criterion=criterion,
            row=row,
            result=cells["result"] or None,
            value=_row_value(row),
            unit=cell_text(row.cells.get("unit")) or None,
            choice=cells["choice"] or None,
            justification=cells["justification"] or None,
            notes=cells["notes"] or None,
            flagged=flagged,
            keep_evidence=keep,
            new_files=new_files,
            convention=row_convention,
            catalogue_version=self.catalogue_version,
        )
        return entry, row_ok


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
    planner = _Planner(
        path=path,
        assessment=assessment,
        by_id=checklist.by_id(),
        applicable={c.id for c in checklist.applicable(assessment.site)},
        names=_evidence_names(workspace, assessment.site.id),
        convention=answers_file.convention or convention,
        allow_outside=allow_outside,
        trial=copy.deepcopy(assessment),
        catalogue_version=checklist.version,
    )
    marker = answers_file.site
    if marker is not None and marker != assessment.site.id:
        message = t("assess.import.other_site", sheet_site=marker, site=assessment.site.id)
        planner.problems.append(Problem(path, None, "", message))
    for row in answers_file.rows:
        planner.plan_row(row)
    if planner.problems:
        raise FileProblems(planner.problems, hint=t("assess.import.nothing_changed"))
    return ImportPlan(path, planner.planned, planner.skipped)


def apply_planned(
    assessment: Assessment,
    entry: PlannedAnswer,
    new_refs: list[str],
    actor: str,
    at: datetime | None = None,
) -> Answer:
    """Record one planned row in ``assessment``, ``new_refs`` being its newly stored files."""
    criterion = entry.criterion
    previous = assessment.answer(criterion.id)
    evidence = unique_refs([*previous.evidence, *entry.keep_evidence, *new_refs])
    if entry.result or entry.value is not None or entry.choice:
        # A unit cell on a row that takes no value is harmless; only measured rows read it.
        unit = entry.unit if criterion.answer.answer_unit is not None else None
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
            catalogue_version=entry.catalogue_version,
        )
    answer = annotate(
        assessment, criterion.id, notes=entry.notes, add_evidence=evidence, actor=actor, at=at
    )
    if entry.flagged is not None and (answer.state is WorkflowState.FLAGGED) != entry.flagged:
        answer = set_flag(assessment, criterion.id, entry.flagged)
    return answer
