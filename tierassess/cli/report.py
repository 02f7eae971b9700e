"""``tierassess report [SITE]``: the PDF, XLSX, CSV and JSON reports of a site."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from tierassess.cli._common import (
    CliState,
    as_of_option,
    budget_option,
    console,
    pass_state,
    path_for_display,
    site_argument,
)
from tierassess.i18n import LANGS, t

_FORMATS = ("pdf", "xlsx", "csv", "json")


@click.command("report", help=t("report.help.command"))
@site_argument()
@click.option("--lang", "report_lang", type=click.Choice(LANGS), help=t("report.help.lang"))
@click.option(
    "--format",
    "formats",
    type=click.Choice([*_FORMATS, "all"]),
    multiple=True,
    default=("all",),
    show_default=True,
    help=t("report.help.format"),
)
@click.option(
    "--layout",
    type=click.Choice(["standard", "administrative"]),
    default="standard",
    show_default=True,
    help=t("report.help.layout"),
)
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=t("report.help.output"),
)
@as_of_option("report.help.as_of")
@budget_option
@click.option(
    "--admin-info",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=t("report.help.admin_info"),
)
@click.option("--strict", is_flag=True, help=t("report_integrity.help_strict"))
@pass_state
def report(
    state: CliState,
    site: str | None,
    report_lang: str | None,
    formats: tuple[str, ...],
    layout: str,
    output_dir: Path | None,
    as_of: date | None,
    admin_info: Path | None,
    strict: bool,
    budget: int | None,
) -> None:
    from tierassess.reports.export import ReportOptions, prepare_report_data, write_reports

    chosen = _FORMATS if "all" in formats else tuple(f for f in _FORMATS if f in formats)
    options = ReportOptions(
        lang=report_lang,
        formats=chosen,
        layout=layout,
        output_dir=output_dir,
        as_of=as_of,
        admin_info=admin_info,
        budget_per_year_vnd=budget,
    )
    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    notes: list[str] = []

    def work(step: Callable[[str], None]) -> list[Path]:
        # export_reports' two steps, so that the report's own warnings can be printed too.
        data = prepare_report_data(
            workspace, site_id, options.lang, options.as_of, step, options.budget_per_year_vnd
        )
        # a note is in the report's language: so is its "Warning:", whatever --lang the tool runs in
        warning = t("report_integrity.warning", data.meta.lang)
        notes.extend(
            f"{warning}: {n.text}" + (f" {', '.join(n.ids)}" if n.ids else "")
            for n in data.integrity
        )
        return write_reports(data, options, options.output_dir or workspace.output_dir, step)

    if sys.stderr.isatty():
        written = _with_progress(work, 3 + len(chosen))
    else:
        written = work(lambda _step: None)
    for path in written:
        click.echo(path_for_display(path))
    for note in notes:
        click.echo(note, err=True)
    if strict and notes:
        click.echo(t("report_integrity.strict_failed", count=len(notes)), err=True)
        raise click.exceptions.Exit(1)


def _with_progress(work: Callable[[Callable[[str], None]], list[Path]], steps: int) -> list[Path]:
    """Run ``work`` under a rich progress bar on stderr (only drawn on a terminal)."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        console=console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task(t("report.cli.step_load"), total=steps)

        def step(name: str) -> None:
            progress.update(task, description=t(f"report.cli.step_{name}"))
            if name != "load":
                progress.advance(task)

        written = work(step)
        progress.update(task, completed=steps)
    return written


def register(group: click.Group) -> None:
    """Add ``report`` to ``group``."""
    group.add_command(report)
