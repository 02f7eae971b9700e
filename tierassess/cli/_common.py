"""What every command shares: the state from global options, shared options, output helpers.

The shared options are ``--format`` and ``[SITE]`` for every command, and ``--as-of``,
``--target`` and ``--budget-per-year`` (with ``MoneyType``) for score, plan, report and route.

Imports here stay light (click only); the core library is imported lazily by the methods that
need it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tierassess.i18n import t

if TYPE_CHECKING:
    from rich.console import Console

    from tierassess.storage.workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class CliState:
    """Global options, passed to every command through the click context."""

    workspace_root: str | None
    lang: str
    _workspace: Workspace | None = field(default=None, repr=False)

    def workspace(self) -> Workspace:
        if self._workspace is None:
            from tierassess.storage.workspace import Workspace

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
    from tierassess.cli.interactive.render_text import SafeConsole

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


# --- options shared by the commands that score and plan a site ---------------------------------


class MoneyType(click.ParamType):  # type: ignore[type-arg]
    """An amount of VND in either language's notation (5.000.000.000, 5 tỷ, 5 billion)."""

    name = "VND"

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        """The option's value as whole đồng; a typo or an ambiguous amount is a usage error."""
        from tierassess.errors import InputError
        from tierassess.formats import AmbiguousNumber, parse_money
        from tierassess.i18n import current_lang

        if isinstance(value, int):
            amount = value
        else:
            try:
                try:
                    amount = parse_money(str(value))
                except AmbiguousNumber:  # "1.500 triệu": read as the reader writes numbers
                    amount = parse_money(str(value), current_lang())
            except InputError as exc:
                self.fail(str(exc), param, ctx)
        if amount <= 0:
            self.fail(t("scoring.error.budget", value=value), param, ctx)
        if amount < 1_000_000:
            # "1.000" is a thousand đồng; no remediation budget is that small, so the writer most
            # likely meant millions (the unit every plan table is in): say so instead of planning.
            from tierassess.formats import format_money

            meant = format_money(amount * 1_000_000)
            written = t("scoring.budget_written", amount=f"{value}".strip())
            self.fail(
                t(
                    "scoring.error.budget_tiny",
                    value=value,
                    amount=format_money(amount),
                    meant=meant,
                    written=written,
                ),
                param,
                ctx,
            )
        return amount


def budget_option(function: Any) -> Any:
    """``--budget-per-year VND``, shared by ``plan`` and ``report``."""
    return click.option(
        "--budget-per-year",
        "budget",
        type=MoneyType(),
        metavar="VND",
        help=t("scoring.help.budget"),
    )(function)


class DateType(click.ParamType):  # type: ignore[type-arg]
    """A day written as the reader writes it: ISO 2026-11-30 or 30/11/2026 (also with - or .)."""

    name = "DATE"

    def convert(self, value: Any, param: Any, ctx: Any) -> date:
        """The option's value as a date; a typo or a day that does not exist is a usage error."""
        from tierassess.errors import InputError
        from tierassess.formats import parse_date

        if isinstance(value, date):
            return value
        try:
            return parse_date(str(value))
        except InputError as exc:
            self.fail(str(exc), param, ctx)


def as_of_option(help_key: str = "scoring.help.as_of") -> Callable[[F], F]:
    """``--as-of DATE`` of every command that judges a site as of a day (the rule: site.as_of_for)."""
    return click.option("--as-of", "as_of", type=DateType(), help=t(help_key))


def target_option(help_key: str = "scoring.help.target") -> Callable[[F], F]:
    """``--target N`` (a tier, 1 to 4) of ``score``, ``plan`` and ``route``."""
    return click.option("--target", type=click.IntRange(1, 4), help=t(help_key))
