"""The questionnaire's loop: show a criterion, take the action chosen, move on.

The loop only dispatches; each step has its own collaborator, all sharing one ``WalkState``:
``navigation`` (where to start, jump, the end of the list), ``screen`` (what is shown),
``menu`` (the action chosen), ``asking`` (the follow-up prompts), ``recording`` (the answer
recorded and saved) and ``evidence_step`` (files attached). Where the walk stands is written to
``.questionnaire.json`` whenever it reaches a new criterion, so that the next run resumes there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tierassess.cli.interactive.questionnaire.asking import AnswerPrompts
from tierassess.cli.interactive.questionnaire.evidence_step import EvidenceStep
from tierassess.cli.interactive.questionnaire.menu import choose_action
from tierassess.cli.interactive.questionnaire.navigation import Navigator, write_cursor
from tierassess.cli.interactive.questionnaire.output import TextOutput
from tierassess.cli.interactive.questionnaire.recording import Recorder
from tierassess.cli.interactive.questionnaire.screen import show_criterion
from tierassess.cli.interactive.questionnaire.state import SessionOutcome, WalkState
from tierassess.core.models import Checklist, Criterion
from tierassess.i18n import t

if TYPE_CHECKING:
    from tierassess.storage.session import SiteSession

__all__ = ["Questionnaire"]


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
        self.walk = WalkState(session, checklist, list(criteria), actor, lang, out)
        self.navigator = Navigator(self.walk)
        self.prompts = AnswerPrompts(self.walk)
        self.recorder = Recorder(self.walk)
        self.evidence = EvidenceStep(self.walk)

    def run(self, resume_at: str | None = None) -> SessionOutcome:
        """Ask until the user saves and quits or the list is done; Ctrl-C propagates."""
        walk = self.walk
        if not walk.criteria:
            walk.out.line(t("assess.q.nothing_to_ask"))
            walk.outcome.finished = True
            return walk.outcome
        index = self.navigator.start_index(resume_at)
        last_written: str | None = None
        while True:
            if index >= len(walk.criteria):
                next_index = self.navigator.at_end()
                if next_index is None:
                    walk.outcome.finished = True
                    return walk.outcome
                index = next_index
                continue
            criterion = walk.criteria[index]
            if criterion.id != last_written:
                write_cursor(walk.session.site_dir, criterion.id, walk.actor)
                last_written = criterion.id
            walk.outcome.position = criterion.id
            show_criterion(walk, index, criterion)
            move = self._ask(criterion, index)
            if move is None:
                return walk.outcome
            index = move

    def _ask(self, criterion: Criterion, index: int) -> int | None:
        """Handle one criterion until it moves on; the next index, or None to stop."""
        while True:
            action = choose_action(self.walk, criterion)
            if action == "quit":
                return None
            if action == "skip":
                return index + 1
            if action == "back":
                if index == 0:
                    self.walk.out.line(t("assess.q.at_first"))
                    continue
                return index - 1
            if action == "jump":
                target = self.navigator.jump()
                if target is None:
                    continue
                return target
            if action == "guidance":
                self.walk.out.guidance(self.walk.checklist, criterion, self.walk.lang)
            elif action == "note":
                previous = self.walk.answer(criterion.id)
                self.recorder.save_note(criterion, self.prompts.note(previous))
            elif action == "evidence":
                self.evidence.attach(criterion)
            elif action == "flag":
                if self.recorder.toggle_flag(criterion):
                    return index + 1
            elif self._answer(criterion, action):
                return index + 1

    def _answer(self, criterion: Criterion, action: str) -> bool:
        """Record the answer chosen in the menu; False when the user backed out of a follow-up."""
        fields = self.prompts.ask(criterion, action)
        if fields is None:
            return False
        return self.recorder.record(criterion, fields)
