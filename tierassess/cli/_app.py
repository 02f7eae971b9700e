"""The root command group: global options, error handling, and the command families."""

from __future__ import annotations

from typing import Any

import click

from tierassess import __version__
from tierassess.cli.click_words import install as install_click_words
from tierassess.errors import os_reason
from tierassess.i18n import LANGS, set_lang, t

install_click_words()  # before the decorators below: they ask Click for words at import


class UserFacingError(click.ClickException):
    """A TierassessError as click shows it: message lines and a hint, no traceback."""

    def __init__(self, lines: list[str], hint: str | None, exit_code: int) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        self.hint = hint
        self.exit_code = exit_code  # type: ignore[misc]

    def show(self, file: Any = None) -> None:
        from tierassess.textsafe import for_terminal

        # a message may quote a file's text: its escape sequences are shown, never obeyed
        for line in self.lines:
            click.echo(f"{t('common.error')}: {for_terminal(line)}", err=True)
        if self.hint:
            click.echo(f"{t('common.hint')}: {for_terminal(self.hint)}", err=True)


def _os_error(exc: OSError) -> UserFacingError:
    """An operating-system error as one line naming the file and the reason."""
    import errno

    where = exc.filename if exc.filename is not None else ""
    why = os_reason(exc)
    hint = None
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = t("common.os_error_hint_permission")
    elif exc.errno == errno.ENOSPC:
        hint = t("common.os_error_hint_space")
    return UserFacingError([t("common.os_error", path=where, why=why)], hint, 2)


def _validation_lines(exc: Exception) -> list[str] | None:
    """A pydantic ValidationError as ``field: problem`` lines; None for any other error."""
    import sys

    pydantic = sys.modules.get("pydantic")  # not imported for --help: only look if loaded
    if pydantic is None or not isinstance(exc, pydantic.ValidationError):
        return None
    from tierassess.validation_words import error_lines

    return error_lines(exc.errors(include_url=False)) or [str(exc)]


def _short(text: str, limit: int) -> str:
    """The first sentence of a help text, cut at a word to fit ``limit`` (as click does)."""
    first = text.split(". ")[0].rstrip(".")
    if len(first) <= limit:
        return first
    return first[: limit - 3].rsplit(" ", 1)[0] + "..."


class RootGroup(click.Group):
    """Maps the library's error tree and Ctrl-C to messages and ``diff``-style exit codes.

    Commands are loaded lazily from ``tierassess.cli.commands.COMMANDS``: ``--help`` lists them
    from that table, and only the family of the command being run is imported.
    """

    loaded_families: set[str]

    def list_commands(self, ctx: click.Context) -> list[str]:
        from tierassess.cli.commands import COMMANDS

        return sorted(set(self.commands) | set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from tierassess.cli.commands import COMMANDS, load_families

        if cmd_name in COMMANDS:
            load_families(self, COMMANDS[cmd_name][0], self.loaded_families)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from tierassess.cli.commands import COMMANDS

        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, _short(t(key), limit)) for name, (_, key) in sorted(COMMANDS.items())]
        with formatter.section(t("common.commands")):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        from tierassess.errors import TierassessError

        try:
            return super().invoke(ctx)
        except TierassessError as exc:
            raise UserFacingError(exc.lines(), exc.hint, exc.exit_code) from None
        except OSError as exc:
            # an unwritable workspace or output folder, a full disk, a file gone meanwhile
            raise _os_error(exc) from None
        except KeyboardInterrupt as exc:
            if not getattr(exc, "reported", False):  # the session said it already (one message)
                click.echo(f"\n{t('common.interrupted')}", err=True)
            raise click.exceptions.Exit(130) from None
        except click.exceptions.Abort:
            click.echo(f"\n{t('common.interrupted')}", err=True)
            raise click.exceptions.Exit(130) from None
        except Exception as exc:
            validation = _validation_lines(exc)
            if validation is None:
                raise
            # data that a boundary should have refused with a line number: still no traceback
            raise UserFacingError(validation, None, 2) from None


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
    from tierassess.cli._common import CliState  # not needed for --help: imported here

    set_lang(lang)
    ctx.obj = CliState(workspace_root=workspace, lang=lang)


app.loaded_families = set()


def build_app(*, eager: bool = False) -> click.Group:
    """The root group; ``eager`` registers every command family at once (for tools and tests)."""
    if eager:
        from tierassess.cli.commands import register

        register(app)
    return app
