"""Step 1 of a typed answer: which criterion the questionnaire is at, and where it goes next.

The criteria a session walks (all that apply, or only the unanswered, flagged or rejected ones of
a domain), where it starts (the criterion the last session stopped at, kept in
``.questionnaire.json`` in the site folder, else the first unanswered), jumping to a domain, and
what happens at the end of the list.
"""

from __future__ import annotations

import json
from pathlib import Path

from tierassess.cli.interactive.prompts import required
from tierassess.cli.interactive.questionnaire.state import WalkState
from tierassess.core.models import Assessment, Checklist, Criterion, WorkflowState, utc_now
from tierassess.core.reviews import needs_rework
from tierassess.i18n import t
from tierassess.storage.answers import is_answered

__all__ = [
    "CURSOR_FILE",
    "ONLY_CHOICES",
    "Navigator",
    "read_cursor",
    "select_criteria",
    "write_cursor",
]

CURSOR_FILE = ".questionnaire.json"
#: The values of ``select_criteria``'s ``only``.
ONLY_CHOICES = ("unanswered", "flagged", "rejected")


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
        chosen = [
            c
            for c in chosen
            if not is_answered(assessment.answer(c.id)) or c.asked_anew_in(assessment)
        ]
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


class Navigator:
    """Moves through the walk's criteria: the start, a jump to a domain, the end of the list."""

    def __init__(self, walk: WalkState) -> None:
        self.walk = walk

    def start_index(self, resume_at: str | None) -> int:
        """Where to begin: the criterion the last session stopped at, else the first unanswered."""
        criteria = self.walk.criteria
        ids = [c.id for c in criteria]
        if resume_at in ids:
            return ids.index(resume_at)
        for index, criterion in enumerate(criteria):
            if not self.walk.is_answered(criterion):
                return index
        return 0

    def domains(self) -> list[str]:
        """The domains of the walk's criteria, in their order."""
        seen: dict[str, None] = {}
        for criterion in self.walk.criteria:
            seen.setdefault(criterion.domain, None)
        return list(seen)

    def jump(self) -> int | None:
        """The first unanswered criterion of the domain chosen (else its first); None to cancel."""
        import questionary

        walk = self.walk
        choices = []
        for domain_id in self.domains():
            members = [c for c in walk.criteria if c.domain == domain_id]
            done = sum(1 for c in members if walk.is_answered(c))
            title = walk.checklist.domain(domain_id).title.get(walk.lang)
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
        indexes = [i for i, c in enumerate(walk.criteria) if c.domain == chosen]
        for i in indexes:
            if not walk.is_answered(walk.criteria[i]):
                return i
        return indexes[0]

    def at_end(self) -> int | None:
        """Past the last criterion: where to go on (first unanswered, last, a domain), or None."""
        import questionary

        walk = self.walk
        left = [i for i, c in enumerate(walk.criteria) if not walk.is_answered(c)]
        walk.out.rule(t("assess.q.end", count=len(walk.criteria), left=len(left)))
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
            return len(walk.criteria) - 1
        if chosen == "jump":
            return self.jump() if len(self.domains()) else None
        return None
