"""Scoring: answers to a scorecard (``card``) and each yardstick's own verdict (``yardsticks``).

The public API, for the CLI, the report, planning and the route to a target:

* ``score_assessment(checklist, assessment, evidence_index, settings, computed_answers)`` ->
  ``Scorecard`` (one site); ``score_many`` for several sites in one pass.
* ``score_yardsticks(...)`` -> ``list[YardstickVerdict]``: each yardstick's level or pass/fail,
  its blockers (criterion, subsystem, first failing level, reason) and the rule that decides it.
* ``computed_answers``: a hook ``(checklist, assessment) -> {criterion id: Answer}`` whose answers
  replace the recorded ones, so an analysis (e.g. the topology) can feed the verdicts.
* ``answer_result``, ``level_result``, ``block_reason``: how one answer is judged, overall and at
  one level of one yardstick.
"""

from tierassess.core.scoring.card import (
    COMPLIANCE,
    SEVERITY_FACTOR,
    ComputedAnswers,
    answer_result,
    score_assessment,
    score_many,
    score_yardsticks,
)
from tierassess.core.scoring.yardsticks import (
    ScoredAnswer,
    block_reason,
    level_result,
    yardstick_verdict,
    yardstick_verdicts,
)

__all__ = [
    "COMPLIANCE",
    "SEVERITY_FACTOR",
    "ComputedAnswers",
    "ScoredAnswer",
    "answer_result",
    "block_reason",
    "level_result",
    "score_assessment",
    "score_many",
    "score_yardsticks",
    "yardstick_verdict",
    "yardstick_verdicts",
]
