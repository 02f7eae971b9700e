"""Where the questionnaire writes between prompts: plain text, or styled lines on a terminal.

The terminal flavour styles lines through prompt_toolkit, which the prompts load anyway; rich is
imported only when a criterion's guidance is shown, so the first prompt comes fast.
"""

from __future__ import annotations

import sys
from typing import IO

from tierassess.core.models import Checklist, Criterion

__all__ = ["TerminalOutput", "TextOutput"]


class TextOutput:
    """Where the questionnaire writes between prompts: plain lines into a text file.

    The terminal flavour (``TerminalOutput``) styles them through prompt_toolkit, which the prompts
    load anyway; rich is imported only when the guidance is shown, so the first prompt comes fast.
    """

    def __init__(self, file: IO[str] | None = None, width: int = 100) -> None:
        self.file = file
        self.width = width

    def _target(self) -> IO[str]:
        return self.file if self.file is not None else sys.stdout

    def wrap(self, text: str) -> str:
        """Long lines broken between words, to the terminal's width.

        The terminal would break them inside a word.
        """
        if len(text) <= self.width:
            return text
        import textwrap

        return "\n".join(
            textwrap.fill(part, self.width, break_on_hyphens=False) for part in text.splitlines()
        )

    def line(self, text: str, style: str = "") -> None:
        """Print one line of ``text`` (``style`` is for terminals; plain text has none)."""
        print(self.wrap(text), file=self._target(), flush=True)

    def rule(self, text: str) -> None:
        """Print a horizontal rule with ``text`` in its middle."""
        side = max(self.width - len(text) - 2, 4)
        left = side // 2
        self.line(f"{'─' * left} {text} {'─' * (side - left)}", "rule")

    def guidance(self, checklist: Checklist, criterion: Criterion, lang: str) -> None:
        """Print the criterion's full text (requirement, how to answer, evidence) in ``lang``."""
        from tierassess.cli.interactive.render_text import SafeConsole, criterion_text

        SafeConsole(file=self._target(), width=self.width, no_color=True).print(
            criterion_text(checklist, criterion, lang)
        )


_STYLES = {
    "rule": "fg:ansicyan",
    "title": "bold",
    "must_pass": "bold fg:ansired",
    "quantity": "italic",
    "current": "fg:ansigreen",
    "error": "fg:ansired",
}


class TerminalOutput(TextOutput):
    """Styled lines on the terminal (colours only where NO_COLOR is not set)."""

    def __init__(self) -> None:
        import shutil

        super().__init__(None, min(shutil.get_terminal_size((100, 24)).columns, 160))

    def line(self, text: str, style: str = "") -> None:
        """Print one line of ``text`` in ``style``'s colours."""
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        print_formatted_text(FormattedText([(_STYLES.get(style, ""), self.wrap(text))]))

    def guidance(self, checklist: Checklist, criterion: Criterion, lang: str) -> None:
        """Print the criterion's full text (requirement, how to answer, evidence) in ``lang``."""
        import os

        from tierassess.cli.interactive.render_text import SafeConsole, criterion_text

        SafeConsole(no_color="NO_COLOR" in os.environ, highlight=False).print(
            criterion_text(checklist, criterion, lang)
        )
