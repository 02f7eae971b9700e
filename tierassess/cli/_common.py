"""What every command shares: the state from global options, shared options, output helpers.

Imports here stay light (click only); the core library is imported lazily by the methods that
need it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tierassess.i18n import t

if TYPE_CHECKING:
    from rich.console import Console

    from tierassess.workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class CliState:
    """Global options, passed to every command through the click context."""

    workspace_root: str | None
    lang: str
    _workspace: Workspace | None = field(default=None, repr=False)

    def workspace(self) -> Workspace:
        if self._workspace is None:
            from tierassess.workspace import Workspace

            self._workspace = Workspace.at(self.workspace_root)
        return self._workspace


pass_state = click.make_pass_decorator(CliState)


def format_option(*choices: str, default: str = "table") -> Callable[[F], F]:
    """``--format`` spelled the same way by every command that prints scriptable output."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help=t("help.opt.format"),
    )


def site_argument(required: bool = False) -> Callable[[F], F]:
    """SITE: may be omitted when the workspace holds exactly one site."""
    return click.argument("site", required=required, metavar="[SITE]" if not required else "SITE")


def color_enabled() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return "NO_COLOR" not in os.environ and sys.stdout.isatty()


def console(stderr: bool = False) -> Console:
    """A rich console that respects NO_COLOR and prints stored text without its escapes.

    100 columns when output is not a terminal.
    """
    from tierassess.render_text import SafeConsole

    stream = sys.stderr if stderr else sys.stdout
    return SafeConsole(
        stderr=stderr,
        no_color="NO_COLOR" in os.environ,
        highlight=False,
        width=None if stream.isatty() else 100,
    )


def echo_json(data: Any) -> None:
    """Print JSON for scripts: UTF-8, keys in model order, two-space indent."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def path_for_display(path: Path) -> str:
    """A path relative to the current folder when it is below it, else absolute."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
