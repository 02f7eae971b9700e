"""The ``tierassess`` command. Only click is imported at start-up; each command imports the core
library (pydantic, pandas, reportlab, ...) inside its own body so that ``--help`` answers at once.
"""

from __future__ import annotations

import sys

from tierassess.cli._app import build_app, preselect_language

__all__ = ["build_app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    args = sys.argv[1:] if argv is None else argv
    preselect_language(args)
    app = build_app()
    app.main(args, prog_name="tierassess")
