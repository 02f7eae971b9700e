"""The ``tierassess`` command; only click is imported at start-up.

Each command imports the core library (pydantic, pandas, reportlab, ...) inside its own body so
that ``--help`` answers at once.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import click

__all__ = ["build_app", "main"]


def preselect_language(args: list[str]) -> None:
    """Pick the message language before the commands are built, so help comes out in it."""
    from tierassess.i18n import set_lang

    lang = os.environ.get("TIERASSESS_LANG")
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            lang = args[index + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    if lang:
        set_lang(lang)


def build_app(*, eager: bool = False) -> click.Group:
    """The root command group (see ``tierassess.cli._app``)."""
    from tierassess.cli._app import build_app as build

    return build(eager=eager)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    args = sys.argv[1:] if argv is None else argv
    # pydantic looks for plugins among every installed distribution the first time a model is
    # built (~20 ms before the first question); tierassess uses none. Set the variable to
    # override.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    preselect_language(args)
    build_app().main(args, prog_name="tierassess")
