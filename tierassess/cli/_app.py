"""The root command group: global options, error handling, and the command families."""

from __future__ import annotations

import os
from typing import Any

import click

from tierassess import __version__
from tierassess.cli._common import CliState
from tierassess.i18n import LANGS, set_lang, t


def preselect_language(args: list[str]) -> None:
    """Pick the message language before commands are built, so help texts come out in it."""
    lang = os.environ.get("TIERASSESS_LANG")
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            lang = args[index + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    if lang:
        set_lang(lang)


class UserFacingError(click.ClickException):
    """A TierassessError as click shows it: message lines and a hint, no traceback."""

    def __init__(self, lines: list[str], hint: str | None, exit_code: int) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        self.hint = hint
        self.exit_code = exit_code  # type: ignore[misc]

    def show(self, file: Any = None) -> None:
        for line in self.lines:
            click.echo(f"{t('common.error')}: {line}", err=True)
        if self.hint:
            click.echo(f"{t('common.hint')}: {self.hint}", err=True)


class RootGroup(click.Group):
    """Maps the library's error tree and Ctrl-C to messages and ``diff``-style exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        from tierassess.errors import TierassessError

        try:
            return super().invoke(ctx)
        except TierassessError as exc:
            raise UserFacingError(exc.lines(), exc.hint, exc.exit_code) from None
        except KeyboardInterrupt:
            click.echo(f"\n{t('common.interrupted')}", err=True)
            raise click.exceptions.Exit(130) from None
        except click.exceptions.Abort:
            click.echo(f"\n{t('common.interrupted')}", err=True)
            raise click.exceptions.Exit(130) from None


@click.group(
    cls=RootGroup, help=t("help.root"), context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, "-V", "--version", prog_name="tierassess")
@click.option(
    "--workspace",
    "-w",
    type=click.Path(file_okay=False, path_type=str),
    envvar="TIERASSESS_WORKSPACE",
    help=t("help.opt.workspace"),
)
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    envvar="TIERASSESS_LANG",
    default="vi",
    show_default=True,
    help=t("help.opt.lang"),
)
@click.pass_context
def app(ctx: click.Context, workspace: str | None, lang: str) -> None:
    set_lang(lang)
    ctx.obj = CliState(workspace_root=workspace, lang=lang)


def build_app() -> click.Group:
    """The root group with every command family registered."""
    from tierassess.cli import commands

    commands.register(app)
    return app
