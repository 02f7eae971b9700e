"""The field sheet: an XLSX workbook engineers fill offline, then bring back with ``answers import``.

One row per applicable criterion, its text in Vietnamese and English, how it is answered, and the
columns to fill: result (a dropdown), measured value and unit, choice (a dropdown of the
criterion's options), justification, notes, evidence file names, review flag. Answers already given
are filled in, so a sheet exported mid-assessment round-trips without changing anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tierassess.cells import set_text
from tierassess.core.models import (
    Answer,
    AnswerKind,
    Assessment,
    Checklist,
    Criterion,
    Result,
    WorkflowState,
)
from tierassess.exchange.answer_import.files import (
    IMPORT_COLUMNS,
    INFORMATION_COLUMNS,
    SHEET_NAME,
    SITE_MARKER,
    column_title,
)
from tierassess.formats import format_datetime
from tierassess.i18n import t
from tierassess.textsafe import xml_safe

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

LISTS_SHEET = "Lists"
GUIDE_SHEET = "Huong dan - Guide"
ANSWER_RESULTS = (Result.MET, Result.PARTIAL, Result.NOT_MET, Result.NOT_APPLICABLE)
FLAG_VALUES = ("Có / yes", "Không / no")

# (key, title vi, title en, width); keys in IMPORT_COLUMNS are read back by the import,
# INFORMATION_COLUMNS are there to be read (the import accepts and skips them).
_COLUMNS: tuple[tuple[str, str, str, int], ...] = (
    ("id", *IMPORT_COLUMNS["id"], 14),
    ("domain", *INFORMATION_COLUMNS["domain"], 18),
    ("title_vi", *INFORMATION_COLUMNS["title_vi"], 40),
    ("title_en", *INFORMATION_COLUMNS["title_en"], 40),
    ("requirement_vi", *INFORMATION_COLUMNS["requirement_vi"], 60),
    ("requirement_en", *INFORMATION_COLUMNS["requirement_en"], 60),
    ("how", *INFORMATION_COLUMNS["how"], 36),
    ("must_pass", *INFORMATION_COLUMNS["must_pass"], 10),
    ("result", *IMPORT_COLUMNS["result"], 22),
    ("value", *IMPORT_COLUMNS["value"], 12),
    ("unit", *IMPORT_COLUMNS["unit"], 10),
    ("choice", *IMPORT_COLUMNS["choice"], 30),
    ("justification", *IMPORT_COLUMNS["justification"], 30),
    ("notes", *IMPORT_COLUMNS["notes"], 40),
    ("evidence", *IMPORT_COLUMNS["evidence"], 30),
    ("flagged", *IMPORT_COLUMNS["flagged"], 14),
)


def unit_text(checklist: Checklist, unit: str) -> str:
    """A unit as both languages name it ("tổ máy / sets"); the import reads either part."""
    vi, en = checklist.unit_label(unit, "vi"), checklist.unit_label(unit, "en")
    return vi if vi == en else f"{vi} / {en}"


def result_label(result: Result) -> str:
    """How a result reads in the sheet's dropdown: ``Đạt / met`` (the import reads either part)."""
    return f"{t(f'result.{result.value}', 'vi')} / {result.value}"


def choice_label(criterion: Criterion, option_id: str) -> str:
    """How an option reads in the sheet's dropdown: ``label / id`` (the import reads either)."""
    label = criterion.answer.option_label(option_id, "vi")
    return f"{label} / {option_id}" if label is not None else option_id


def _header_title(key: str, vi: str, en: str) -> str:
    return column_title(key) if key in IMPORT_COLUMNS else f"{vi} / {en}"


def _row_values(
    checklist: Checklist, criterion: Criterion, answer: Answer, names: dict[str, str]
) -> dict[str, Any]:
    domain = checklist.domain(criterion.domain).title
    spec = criterion.answer
    how = f"{criterion.answer.spec_text(checklist, 'vi')}\n{criterion.answer.spec_text(checklist, 'en')}"
    asked_vi, asked_en = spec.asks("vi"), spec.asks("en")
    if asked_vi is not None and asked_en is not None:
        how = f"{asked_vi}\n{asked_en}\n{how}"
    answered = answer.result is not Result.NOT_ASSESSED
    # A result earned from the value or the option is not typed, so the sheet shows only those.
    show_result = answered and (
        not spec.result_from_entry or answer.result is Result.NOT_APPLICABLE
    )
    return {
        "id": criterion.id,
        "domain": f"{domain.vi} / {domain.en}",
        "title_vi": criterion.title.vi,
        "title_en": criterion.title.en,
        "requirement_vi": criterion.requirement.vi,
        "requirement_en": criterion.requirement.en,
        "how": how,
        "must_pass": "◆" if criterion.must_pass else "",
        "result": result_label(answer.result) if show_result else None,
        "value": answer.value,
        "unit": unit_text(checklist, spec.answer_unit) if spec.answer_unit is not None else None,
        "choice": choice_label(criterion, answer.choice) if answer.choice else None,
        "justification": answer.justification,
        "notes": answer.notes,
        "evidence": "; ".join(names.get(ref, ref) for ref in answer.evidence) or None,
        "flagged": FLAG_VALUES[0] if answer.state is WorkflowState.FLAGGED else None,
    }


def build_field_sheet(
    checklist: Checklist,
    criteria: list[Criterion],
    assessment: Assessment | None,
    evidence_names: dict[str, str] | None = None,
) -> Workbook:
    """The field sheet as an openpyxl workbook (one row per criterion given)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_NAME
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    guide = book.create_sheet(GUIDE_SHEET)
    letter = _write_header(sheet, len(criteria))
    rows = _RowWriter(sheet, lists, letter)
    for row, criterion in enumerate(criteria, start=2):
        answer = assessment.answer(criterion.id) if assessment else Answer()
        anew = assessment is not None and criterion.asked_anew_in(assessment)
        if anew:
            # An answer to the question's old meaning is not written back: loaded again as it
            # stood, it would be recorded as an answer to the new question without anyone
            # answering it. The row says why it is empty.
            answer = Answer()
        values = _row_values(checklist, criterion, answer, evidence_names or {})
        if anew:
            values["how"] = (
                "\n".join(
                    "⚠ "
                    + t(
                        "design.asked_anew.line",
                        lang,
                        id=criterion.id,
                        version=criterion.asked_since,
                    )
                    for lang in ("vi", "en")
                )
                + "\n"
                + values["how"]
            )
        rows.write(row, criterion, values)
    _write_guide(guide, checklist, assessment, len(criteria))
    book.properties.creator = "tierassess"
    book.properties.title = xml_safe(f"{checklist.header.title.vi} / {checklist.header.title.en}")
    if assessment is not None:
        book.properties.identifier = SITE_MARKER + assessment.site.id
    return book


def _write_header(sheet: Worksheet, count: int) -> dict[str, str]:
    """The header row, column widths, frozen panes and filter; each column key's letter."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    keys = [c[0] for c in _COLUMNS]
    letter = {key: get_column_letter(i + 1) for i, key in enumerate(keys)}
    header_fill = PatternFill("solid", fgColor="1F4E79")
    for index, (key, vi, en, width) in enumerate(_COLUMNS, start=1):
        cell = set_text(sheet.cell(row=1, column=index), _header_title(key, vi, en))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{letter[keys[-1]]}{max(count + 1, 2)}"
    return letter


class _RowWriter:
    """Writes criterion rows with their dropdowns; the dropdowns' lists go in a hidden sheet.

    The results and flag lists are shared by every row; each choice criterion gets its own list
    column (from C on), and each measured one a bounds check on its value cell.
    """

    def __init__(self, sheet: Worksheet, lists: Worksheet, letter: dict[str, str]) -> None:
        from openpyxl.styles import Alignment, PatternFill
        from openpyxl.worksheet.datavalidation import DataValidation

        self.sheet, self.lists, self.letter = sheet, lists, letter
        self.fill_here = PatternFill("solid", fgColor="FFF2CC")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        for row, value in enumerate((result_label(r) for r in ANSWER_RESULTS), start=1):
            set_text(lists.cell(row=row, column=1), value)
        for row, value in enumerate(FLAG_VALUES, start=1):
            set_text(lists.cell(row=row, column=2), value)
        self.results = DataValidation(
            type="list", formula1=f"={LISTS_SHEET}!$A$1:$A${len(ANSWER_RESULTS)}", allow_blank=True
        )
        self.results.error = (
            t("assess.sheet.result_error", "vi") + " / " + t("assess.sheet.result_error", "en")
        )
        self.results.showErrorMessage = True
        self.flags = DataValidation(
            type="list", formula1=f"={LISTS_SHEET}!$B$1:$B$2", allow_blank=True
        )
        sheet.add_data_validation(self.results)
        sheet.add_data_validation(self.flags)
        self.list_column = 3

    def write(self, row: int, criterion: Criterion, values: dict[str, Any]) -> None:
        """One criterion's row: its cells, shaded where they are to be filled, and its dropdowns."""
        for index, key in enumerate(self.letter, start=1):
            # every text a person wrote is a string cell: a note "=HYPERLINK(...)" never runs
            cell = set_text(self.sheet.cell(row=row, column=index), values[key])
            cell.alignment = self.wrap
            if key in IMPORT_COLUMNS and key != "id":
                cell.fill = self.fill_here
        self.results.add(f"{self.letter['result']}{row}")
        self.flags.add(f"{self.letter['flagged']}{row}")
        self._value_bounds(criterion.answer, row)
        self._choice_list(criterion.answer, row)

    def _value_bounds(self, spec: AnswerKind, row: int) -> None:
        """A bounds check on the value cell, for a kind that takes a value."""
        from openpyxl.worksheet.datavalidation import DataValidation

        bounds = spec.value_bounds()
        if bounds is None:
            return
        lower, highest = bounds
        upper = highest if highest is not None else 1e12
        value_dv = DataValidation(
            type="decimal",
            operator="between",
            formula1=f"{lower:g}",
            formula2=f"{upper:g}",
            allow_blank=True,
        )
        value_dv.error = t(
            "assess.sheet.value_error",
            "vi",
            min=f"{lower:g}",
            max=f"{upper:g}",
            unit=spec.answer_unit,
        )
        value_dv.showErrorMessage = True
        self.sheet.add_data_validation(value_dv)
        value_dv.add(f"{self.letter['value']}{row}")

    def _choice_list(self, spec: AnswerKind, row: int) -> None:
        """A dropdown of the options on the choice cell, for a kind that has options."""
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation

        ids = spec.option_ids()
        if not ids:
            return
        column = get_column_letter(self.list_column)
        for option_row, option_id in enumerate(ids, start=1):
            set_text(
                self.lists.cell(row=option_row, column=self.list_column),
                f"{spec.option_label(option_id, 'vi')} / {option_id}",
            )
        choice_dv = DataValidation(
            type="list",
            formula1=f"={LISTS_SHEET}!${column}$1:${column}${len(ids)}",
            allow_blank=True,
        )
        choice_dv.showErrorMessage = True
        self.sheet.add_data_validation(choice_dv)
        choice_dv.add(f"{self.letter['choice']}{row}")
        self.list_column += 1


def _write_guide(
    sheet: Any, checklist: Checklist, assessment: Assessment | None, count: int
) -> None:
    from openpyxl.styles import Alignment, Font

    from tierassess.core.models import utc_now

    lines: list[tuple[str, str]] = [
        (checklist.header.title.vi, checklist.header.title.en),
        (
            t("assess.sheet.site", "vi", site=assessment.site.name if assessment else "—"),
            t("assess.sheet.site", "en", site=assessment.site.name if assessment else "—"),
        ),
        (
            t(
                "assess.sheet.exported",
                "vi",
                at=format_datetime(utc_now(), "vi"),
                version=checklist.version,
                count=count,
            ),
            t(
                "assess.sheet.exported",
                "en",
                at=format_datetime(utc_now(), "en"),
                version=checklist.version,
                count=count,
            ),
        ),
    ]
    for key in ("fill", "result", "measured", "choice", "na", "evidence", "flag", "import"):
        lines.append((t(f"assess.sheet.guide.{key}", "vi"), t(f"assess.sheet.guide.{key}", "en")))
    lines.append((checklist.header.disclaimer.vi, checklist.header.disclaimer.en))
    sheet.column_dimensions["A"].width = 90
    sheet.column_dimensions["B"].width = 90
    for row, (vi, en) in enumerate(lines, start=1):
        for column, text in ((1, vi), (2, en)):
            cell = set_text(sheet.cell(row=row, column=column), text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if row == 1:
                cell.font = Font(bold=True, size=13)


def export_field_sheet(
    checklist: Checklist,
    path: Path,
    assessment: Assessment | None = None,
    evidence_names: dict[str, str] | None = None,
) -> int:
    """Write the field sheet atomically; return how many criteria it lists.

    With an assessment: the criteria that apply to its site, answers filled in. Without: every
    criterion of the checklist (a blank sheet to plan a visit).
    """
    import io

    from tierassess.yamlio import atomic_write_bytes

    criteria = checklist.applicable(assessment.site) if assessment else list(checklist.criteria)
    book = build_field_sheet(checklist, criteria, assessment, evidence_names)
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())
    return len(criteria)
