"""``tierassess log [SITE]``: the site's audit log, and whether its hash chain holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from tierassess.cli._common import (
    CliState,
    console,
    echo_json,
    format_option,
    pass_state,
    path_for_display,
)
from tierassess.i18n import t
from tierassess.textsafe import for_terminal

if TYPE_CHECKING:
    from tierassess.storage.audit import AuditEntry


@click.command("log", help=t("evidence.help.log"))
@click.argument("site", required=False)
@click.option("--limit", "-n", type=click.IntRange(min=1), help=t("evidence.help.opt.limit"))
@click.option("--subject", metavar="ID", help=t("evidence.help.opt.subject"))
@format_option("text", "json", default="text")
@pass_state
def log(
    state: CliState, site: str | None, limit: int | None, subject: str | None, output_format: str
) -> None:
    from tierassess.reports.logview import select_entries
    from tierassess.storage.audit import read_log, verify_chain

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    path = workspace.audit_log_path(site_id)
    entries = select_entries(read_log(path), subject, limit)
    breaks = verify_chain(path)
    if output_format == "json":
        echo_json(
            {
                "site": site_id,
                "intact": not breaks,
                "breaks": [{"line": b.line, "reason": b.reason} for b in breaks],
                "entries": [e.model_dump() for e in entries],
            }
        )
        if breaks:
            raise click.exceptions.Exit(1)
        return
    if not entries:
        click.echo(t("evidence.log.empty", site=site_id))
    else:
        _print_log(entries, site_id, state.lang)
    if breaks:
        for chain_break in breaks:
            click.echo(
                t(
                    "evidence.verify.chain_break",
                    path=path_for_display(path),
                    line=chain_break.line,
                    reason=chain_break.reason,
                ),
                err=True,
            )
        click.echo(t("logview.broken", count=len(breaks)), err=True)
        raise click.exceptions.Exit(1)
    if entries:
        click.echo(t("evidence.log.intact"), err=True)


def _print_log(entries: list[AuditEntry], site_id: str, lang: str) -> None:
    from rich.table import Table

    from tierassess.reports.logview import log_rows

    table = Table(title=t("logview.title", lang, site=site_id), title_justify="left")
    for key in ("seq", "when", "who", "what", "subject", "detail"):
        table.add_column(t(f"logview.col_{key}", lang), overflow="fold")
    from rich.text import Text

    for row in log_rows(entries, lang):
        # a tampered entry's escapes and [markup] are shown as text, never obeyed
        cells = (str(row.seq), row.when, row.who, row.what, row.subject, row.detail)
        table.add_row(*(Text(for_terminal(cell)) for cell in cells))
    console().print(table)


def register(group: click.Group) -> None:
    """Add ``log`` to ``group``."""
    group.add_command(log)
