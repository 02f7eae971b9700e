"""Prompts that never answer for the user, and speak the reader's language.

questionary's own prompts put the pointer on the first option (a stray Enter records "Đạt"), and
print English hints ("(Use arrow keys)", "(Y/n)"). These wrappers start on a "choose…" line that
is not an answer, so Enter alone asks again; every hint comes from the locale files; yes/no takes
c/k (có/không) as well as y/n and has no default.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from tierassess.exchange.identity.keys import PASSPHRASE_ENV
from tierassess.i18n import t

_YES = {"c", "có", "co", "y", "yes"}
_NO = {"k", "không", "khong", "n", "no"}
_PICK = "\0pick"  # the value of the line that is not an answer


def required(answer: Any) -> Any:
    """Questionary returns None when the prompt is cancelled (Ctrl-C): stop the session."""
    if answer is None:
        raise KeyboardInterrupt
    return answer


def choose(
    message: str,
    choices: Sequence[Any],
    *,
    use_shortcuts: bool = False,
    instruction: str | None = None,
    on_empty: Callable[[], None] | None = None,
    default: Any = None,
) -> Any:
    """The value of the option chosen; Enter on the first line ("choose…") asks again.

    ``default`` (a choice's value) places the cursor on that choice, for a suggestion the person
    confirms with Enter; without it the cursor starts on "choose…".
    """
    import questionary

    pick = questionary.Choice(t("prompts.pick"), value=_PICK, shortcut_key=False)
    hint = instruction or t(
        "prompts.select_shortcuts" if use_shortcuts else "prompts.select_instruction"
    )
    while True:
        value = required(
            questionary.select(
                message,
                choices=[pick, *choices],
                use_shortcuts=use_shortcuts,
                use_jk_keys=False,
                instruction=hint,
                default=default,
            ).unsafe_ask()
        )
        if value != _PICK:
            return value
        if on_empty is not None:
            on_empty()


def yes_no_value(text: str) -> bool | None:
    """True for c/có/y/yes, False for k/không/n/no, None for anything else (case-insensitive)."""
    word = text.strip().casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    return None


def ask_yes_no(message: str) -> bool:
    """Yes or no, typed as c/k or y/n; there is no default, Enter alone asks again."""
    import questionary

    def validate(text: str) -> bool | str:
        return yes_no_value(text) is not None or t("prompts.yes_no_again")

    answer = required(
        questionary.text(message, validate=validate, instruction=t("prompts.yes_no")).unsafe_ask()
    )
    return bool(yes_no_value(str(answer)))


def checkbox(message: str, choices: Sequence[Any]) -> list[Any]:
    """Several options ticked with Space (none is fine)."""
    import questionary

    return list(
        required(
            questionary.checkbox(
                message, choices=list(choices), instruction=t("prompts.checkbox")
            ).unsafe_ask()
        )
    )


def ask_passphrase() -> str:
    """The key passphrase inside a prompt walk: ``TIERASSESS_PASSPHRASE``, else asked, hidden."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given is not None:
        return given
    import questionary

    return str(required(questionary.password(t("identity.key.passphrase")).unsafe_ask()))
