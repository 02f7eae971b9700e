"""``tierassess checklist list | show ID | validate [PATH] | schema``."""

from __future__ import annotations

from pathlib import Path

import click

from tierassess.cli._common import CliState, console, echo_json, format_option, pass_state
from tierassess.i18n import t


@click.group("checklist", help=t("help.checklist.group"))
def checklist_group() -> None:
    pass


@checklist_group.command("list", help=t("help.checklist.list"))
@click.option("--domain", help=t("help.opt.domain"))
@click.option("--tier", type=click.IntRange(1, 4), help=t("help.opt.tier"))
@format_option("table", "json", "csv")
@pass_state
def list_criteria(
    state: CliState, domain: str | None, tier: int | None, output_format: str
) -> None:
    from tierassess.errors import InputError

    checklist = state.workspace().load_checklist()
    domains = [d.id for d in checklist.header.domains]
    if domain is not None and domain not in domains:
        raise InputError(t("assess.unknown_domain", domain=domain, known=", ".join(domains)))
    criteria = [
        c
        for c in checklist.criteria
        if (domain is None or c.domain == domain) and (tier is None or c.min_tier <= tier)
    ]
    lang = state.lang
    if output_format == "json":
        echo_json([c.model_dump(mode="json", exclude_none=True) for c in criteria])
        return
    if output_format == "csv":
        import csv
        import sys

        from tierassess.cells import csv_row

        writer = csv.writer(sys.stdout)
        writer.writerow(["id", "domain", "subsystem", "min_tier", "severity", "must_pass", "title"])
        for c in criteria:
            writer.writerow(
                csv_row(
                    [
                        c.id,
                        c.domain,
                        c.subsystem,
                        c.min_tier,
                        c.severity.value,
                        c.must_pass,
                        c.title.get(lang),
                    ]
                )
            )
        return
    from rich.table import Table

    table = Table(
        title=f"{checklist.header.title.get(lang)} — v{checklist.version}",
        caption=t("checklist.count", count=len(criteria)),
    )
    for column in (
        "ID",
        t("checklist.col.domain"),
        "Tier",
        t("checklist.col.severity"),
        t("checklist.col.title"),
    ):
        table.add_column(column)
    for c in criteria:
        mark = " ◆" if c.must_pass else ""
        table.add_row(
            c.id,
            checklist.domain(c.domain).title.get(lang),
            str(c.min_tier),
            t(f"severity.{c.severity.value}") + mark,
            c.title.get(lang),
        )
    out = console()
    out.print(table)
    out.print(t("checklist.must_pass_legend"))


@checklist_group.command(
    "show", help=t("help.checklist.show"), short_help=t("help.checklist.show_short")
)
@click.argument("criterion_id")
@format_option("text", "json", default="text")
@pass_state
def show_criterion(state: CliState, criterion_id: str, output_format: str) -> None:
    from tierassess.cli.interactive.render_text import criterion_text
    from tierassess.errors import InputError

    checklist = state.workspace().load_checklist()
    wanted = criterion_id.strip().upper()
    try:
        criterion = checklist.criterion(wanted)
    except KeyError:
        close = [c.id for c in checklist.criteria if c.id.startswith(wanted.split("-")[0])][:8]
        raise InputError(
            t("checklist.unknown_id", id=criterion_id),
            hint=t("checklist.did_you_mean", ids=", ".join(close)) if close else None,
        ) from None
    if output_format == "json":
        echo_json(criterion.model_dump(mode="json", exclude_none=True))
        return
    console().print(criterion_text(checklist, criterion, state.lang))


@checklist_group.command("validate", help=t("help.checklist.validate"))
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@format_option("text", "json", default="text")
@pass_state
def validate(state: CliState, path: Path | None, output_format: str) -> None:
    from tierassess.storage.catalogue import validate_path

    target = path or state.workspace().checklists_dir
    problems, checklist = validate_path(target)
    if output_format == "json":
        echo_json(
            {
                "path": str(target),
                "ok": not problems,
                "problems": [
                    {"file": str(p.path), "line": p.line, "field": p.field, "message": p.message}
                    for p in problems
                ],
                "criteria": len(checklist.criteria) if checklist else None,
            }
        )
    else:
        for problem in problems:
            click.echo(str(problem), err=True)
        if not problems:
            count = len(checklist.criteria) if checklist else 0
            click.echo(t("checklist.valid", path=target, count=count))
        else:
            click.echo(t("checklist.invalid", count=len(problems)), err=True)
    if problems:
        raise click.exceptions.Exit(1)


@checklist_group.command("schema", help=t("help.checklist.schema"))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=t("help.opt.output_file"),
)
def schema(output: Path | None) -> None:
    import json

    from tierassess.core.models import json_schema_for_catalogue_file
    from tierassess.yamlio import atomic_write_text

    text = json.dumps(json_schema_for_catalogue_file(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write_text(output, text)
        click.echo(t("common.wrote", path=output))


def register(group: click.Group) -> None:
    """Add ``checklist`` and its subcommands to ``group``."""
    # `checklist export` (the field sheet) lives with the other answer-file commands.
    from tierassess.cli.assess import export_command

    checklist_group.add_command(export_command)
    group.add_command(checklist_group)
