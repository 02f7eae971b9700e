"""Step 5 of a typed answer: recording it by the answer rules and saving it at once.

The fields the prompts gathered go through ``record_answer`` (``tierassess.storage.answers.record``), the
same rules as an imported answer; a changed answer is saved straight away by the site session's
``commit`` (the assessment and its audit entry, all or nothing), so a killed process loses at most
the answer being typed. The verdict it earned is then said, as its kind says it. Notes and review flags are saved here
in the same way.
"""

from __future__ import annotations

from typing import Any

from tierassess.cli.interactive.questionnaire.state import WalkState
from tierassess.core.models import Criterion
from tierassess.i18n import t
from tierassess.storage.answers import (
    AnswerError,
    annotate,
    answer_details,
    record_answer,
    set_flag,
)

__all__ = ["Recorder"]


class Recorder:
    """Records answers, notes and flags in the walk's assessment and commits each one."""

    def __init__(self, walk: WalkState) -> None:
        self.walk = walk

    def record(self, criterion: Criterion, fields: dict[str, Any]) -> bool:
        """Record the answer ``fields`` describe and say what it earned; False when refused."""
        walk = self.walk
        previous = walk.answer(criterion.id)
        try:
            answer = record_answer(
                walk.assessment,
                criterion,
                flagged=False,
                actor=walk.actor,
                catalogue_version=walk.checklist.version,
                **fields,
            )
        except AnswerError as exc:  # the prompts validate first; this is a last guard
            walk.out.line(exc.message, "error")
            return False
        if answer is not previous:
            walk.session.commit("answer.set", criterion.id, answer_details(answer))
            walk.outcome.recorded.append(criterion.id)
        verdict = criterion.answer.verdict_text(
            answer, walk.checklist, walk.lang, walk.assessment.site
        )
        if verdict is not None:
            walk.out.line(verdict)
        walk.out.line(t("assess.q.saved", id=criterion.id))
        return True

    def save_note(self, criterion: Criterion, text: str) -> None:
        """Store the note as typed (control characters dropped, and the user told)."""
        from tierassess.textsafe import clean_note, removed_controls

        walk = self.walk
        previous = walk.answer(criterion.id)
        if removed_controls(text):  # a pasted escape sequence is dropped, and the user told
            walk.out.line(t("text.controls_removed", count=removed_controls(text)))
        text = clean_note(text) or ""
        answer = annotate(walk.assessment, criterion.id, notes=text, actor=walk.actor)
        if answer is not previous:
            walk.session.commit("answer.note", criterion.id, {"notes": answer.notes})
            walk.out.line(t("assess.q.note_saved"))

    def toggle_flag(self, criterion: Criterion) -> bool:
        """Flag the answer for review, or clear its flag; whether it is flagged now."""
        walk = self.walk
        flagged = not walk.is_flagged(criterion)
        set_flag(walk.assessment, criterion.id, flagged)
        walk.session.commit("answer.flag" if flagged else "answer.unflag", criterion.id)
        walk.out.line(t("assess.q.flagged" if flagged else "assess.q.unflagged", id=criterion.id))
        return flagged
