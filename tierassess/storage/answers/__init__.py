"""Answers: how one answer is read, judged and recorded, whether typed or imported from a file.

Follow an answer through one module per step:

1. where it comes from: the questionnaire's prompts (``tierassess.cli.interactive.questionnaire``)
   or an answers file (``tierassess.exchange.answer_import``: read into rows by ``files``,
   checked row by row by ``plan``);
2. the input read by the criterion's answer kind (a number and its unit, an option: ``accept``
   in ``tierassess.core.models.answer_kinds``); a result or a number as people write them:
   ``values``;
3. ``record``: the rules that make it the stored ``Answer`` (result earned, history, flag);
4. ``evidence_files``: files attached to it put in the site's evidence store;
5. saved by the site session's ``commit`` (``tierassess.storage.session``), with its audit event;
   ``tierassess.exchange.answer_import.apply`` does steps 3 to 5 for a whole checked file, all
   rows or none.

The public names are re-exported here, so callers import from ``tierassess.storage.answers``; the
modules of this package import from each other directly.
"""

from tierassess.storage.answers.evidence_files import evidence_label, store_evidence_files
from tierassess.storage.answers.record import (
    annotate,
    answer_details,
    is_answered,
    record_answer,
    set_flag,
)
from tierassess.storage.answers.values import ANSWERABLE, AnswerError, parse_number, parse_result

__all__ = [
    "ANSWERABLE",
    "AnswerError",
    "annotate",
    "answer_details",
    "evidence_label",
    "is_answered",
    "parse_number",
    "parse_result",
    "record_answer",
    "set_flag",
    "store_evidence_files",
]
