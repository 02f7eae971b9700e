"""Answers: how one answer is read, judged and recorded, whether typed or imported from a file.

Follow an answer through one module per step:

1. where it comes from: the questionnaire's prompts (``tierassess.questionnaire``) or an answers
   file read into rows (``tierassess.answer_files``) and checked row by row (``import_plan``);
2. the input read by the criterion's answer kind (a number and its unit, an option: ``accept``
   in ``tierassess.models.answer_kinds``); a result or a number as people write them: ``values``;
3. ``record``: the rules that make it the stored ``Answer`` (result earned, history, flag);
4. ``evidence_files``: files attached to it put in the site's evidence store;
5. saved by the site session's ``commit`` (``tierassess.session``), with its audit event;
   ``import_apply`` does steps 3 to 5 for a whole checked file, all rows or none.

The public names are re-exported here, so callers import from ``tierassess.answers``; the modules
of this package import from each other directly.
"""

from tierassess.answer_files import IMPORT_COLUMNS, RawRow, column_key, column_title
from tierassess.answers.evidence_files import evidence_label, store_evidence_files
from tierassess.answers.import_apply import ImportSummary, apply_import, import_answers
from tierassess.answers.import_plan import ImportPlan, PlannedAnswer, plan_import
from tierassess.answers.record import (
    annotate,
    answer_details,
    is_answered,
    record_answer,
    set_flag,
)
from tierassess.answers.values import ANSWERABLE, AnswerError, parse_number, parse_result

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
    "column_key",
    "column_title",
    "evidence_label",
    "import_answers",
    "is_answered",
    "parse_number",
    "parse_result",
    "plan_import",
    "record_answer",
    "set_flag",
    "store_evidence_files",
]
