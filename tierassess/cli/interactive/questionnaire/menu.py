"""Step 3 of a typed answer: the one menu each criterion offers, and the action chosen in it.

The criterion's answers come first, as its answer kind offers them (enter a value, its options, or
met / partly met / not met: ``menu_choices`` in ``tierassess.core.models.answer_kinds``), then not
applicable, then notes, evidence, guidance, flag, skip, back, jump and quit. The value
returned names the action: ``value``, ``option:<id>``, a result id, or one of the other actions.
"""

from __future__ import annotations

from typing import Any

from tierassess.cli.interactive.prompts import choose
from tierassess.cli.interactive.questionnaire.state import WalkState
from tierassess.core.models import Criterion
from tierassess.i18n import t

__all__ = ["choose_action"]

# the actions that do not answer, with their shortcut keys, in the order the menu lists them
_OTHER_ACTIONS = (
    ("n", "note"),
    ("e", "evidence"),
    ("g", "guidance"),
    ("f", "flag"),
    ("s", "skip"),
    ("b", "back"),
    ("d", "jump"),
    ("q", "quit"),
)


def _answer_choices(walk: WalkState, criterion: Criterion) -> list[tuple[str, str]]:
    """(title, action) of each way to answer the criterion: its kind's, then not applicable."""
    choices = criterion.answer.menu_choices(walk.checklist, walk.lang)
    return [(c.title, c.action) for c in choices] + [
        (t("assess.q.not_applicable"), "not_applicable")
    ]


def choose_action(walk: WalkState, criterion: Criterion) -> str:
    """The action chosen for this criterion.

    The pointer starts on "choose…", not on an answer, so a stray Enter records nothing.
    """
    import questionary

    choices: list[Any] = []
    for number, (title, value) in enumerate(_answer_choices(walk, criterion), start=1):
        # digits 1-9 for the answers; any beyond that are reached with the arrows
        key: str | bool = str(number) if number <= 9 else False
        choices.append(questionary.Choice(title, value=value, shortcut_key=key))
    flagged = walk.is_flagged(criterion)
    choices.append(questionary.Separator())
    for key, value in _OTHER_ACTIONS:
        label = t("assess.q.unflag") if value == "flag" and flagged else t(f"assess.q.{value}")
        choices.append(questionary.Choice(label, value=value, shortcut_key=key))
    return str(
        choose(
            t("assess.q.prompt"),
            choices,
            # questionary allows 36 shortcuts; a criterion with very many options does
            # without them rather than fail
            use_shortcuts=len(choices) <= 35,
            instruction=t("assess.q.instruction"),
        )
    )
