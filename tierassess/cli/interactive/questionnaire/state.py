"""What every step of a questionnaire walk shares: the site session, the criteria, who and how.

One ``WalkState`` is made per walk and handed to each collaborator (navigation, the screen, the
menu, the prompts, the recorder, the evidence step), so none of them holds its own copy of the
assessment: they all change the session's, and the recorder saves it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tierassess.cli.interactive.questionnaire.output import TextOutput
from tierassess.core.models import (
    Answer,
    AnswerKind,
    Assessment,
    Checklist,
    Criterion,
    WorkflowState,
)
from tierassess.storage.answers import is_answered

if TYPE_CHECKING:
    from tierassess.storage.session import SiteSession

__all__ = ["SessionOutcome", "WalkState"]


@dataclass
class SessionOutcome:
    """What a session did, for the closing summary."""

    recorded: list[str] = field(default_factory=list)
    finished: bool = False
    position: str | None = None


@dataclass
class WalkState:
    """One walk through a list of criteria for one site, as the steps of the walk see it."""

    session: SiteSession
    checklist: Checklist
    criteria: list[Criterion]
    actor: str
    lang: str
    out: TextOutput
    outcome: SessionOutcome = field(default_factory=SessionOutcome)
    assessment: Assessment = field(init=False)
    all_applicable: list[Criterion] = field(init=False)

    def __post_init__(self) -> None:
        self.assessment = self.session.assessment
        self.all_applicable = self.checklist.applicable(self.assessment.site)

    def answer(self, criterion_id: str) -> Answer:
        """The stored answer to a criterion (a blank one when there is none)."""
        return self.assessment.answer(criterion_id)

    def is_answered(self, criterion: Criterion) -> bool:
        """Whether the criterion has a result (not one given before its question changed)."""
        answer = self.answer(criterion.id)
        return is_answered(answer) and not criterion.asked_anew_in(self.assessment)

    def is_flagged(self, criterion: Criterion) -> bool:
        """Whether the criterion's answer is flagged for review."""
        return self.answer(criterion.id).state is WorkflowState.FLAGGED

    def unit(self, spec: AnswerKind) -> str:
        """The unit the criterion's answer is given in, as the reader reads it."""
        return self.checklist.unit_label(spec.answer_unit, self.lang)
