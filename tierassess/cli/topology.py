"""``tierassess topology check | validate | schema | init | import | diagram``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tierassess.cli._common import (
    CliState,
    console,
    echo_json,
    format_option,
    pass_state,
    path_for_display,
)
from tierassess.formats import format_number
from tierassess.i18n import t, tier_label

if TYPE_CHECKING:
    from rich.console import Console

    from tierassess.core.topology.model import Topology
    from tierassess.core.topology.result import TopologyReport


def _template_names() -> list[str]:
    from tierassess.core.topology.templates import template_names

    return template_names()


@click.group("topology", help=t("topology.help.group"))
def topology_group() -> None:
    pass


def _model_path(state: CliState, site: str) -> Path:
    from tierassess.core.topology.loader import TOPOLOGY_FILE, site_topology_path
    from tierassess.errors import WorkspaceError

    workspace = state.workspace()
    path = site_topology_path(workspace.evidence_dir, site)
    if path is None:
        expected = workspace.evidence_dir / site / TOPOLOGY_FILE
        raise WorkspaceError(
            t("topology.no_model", site=site, path=path_for_display(expected)),
            hint=t("topology.no_model_hint", site=site),
        )
    return path


def _load(state: CliState, site: str) -> tuple[Path, Topology]:
    from tierassess.core.topology.loader import load_topology

    path = _model_path(state, site)
    return path, load_topology(path)


@topology_group.command("check", help=t("topology.help.check"))
@click.argument("site", metavar="SITE")
@click.option("--without", "without", multiple=True, metavar="ID", help=t("topology.help.without"))
@click.option(
    "--change",
    "changes",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=t("topology.help.change"),
)
@format_option("table", "json")
@pass_state
def check(
    state: CliState,
    site: str,
    without: tuple[str, ...],
    changes: tuple[Path, ...],
    output_format: str,
) -> None:
    from tierassess.core.topology.change import apply_change, load_change
    from tierassess.core.topology.check import check_topology
    from tierassess.errors import CheckFailed

    path, model = _load(state, site)
    for change in changes:
        model = apply_change(model, load_change(change), origin=str(change))
    report = check_topology(model, list(without))
    if output_format == "json":
        echo_json(report.model_dump(mode="json"))
    else:
        _print_report(path, report)
    if not report.target_met:
        raise CheckFailed(
            t(
                "topology.verdict_not_met",
                tier=tier_label(report.site_tier),
                target=tier_label(min(report.target_tier, 3)),
            )
        )


def _print_report(path: Path, report: TopologyReport) -> None:
    """The check on the terminal: tiers, capacity, single points of failure, rules, verdict."""
    from rich.text import Text

    from tierassess.core.topology.describe import describe_failure

    out = console()
    out.print(
        Text(
            t("topology.title", source=path_for_display(path), digest=report.digest[:12]),
            style="bold",
        )
    )
    if report.without:
        out.print(t("topology.without_note", ids=", ".join(report.without)), style="yellow")
    out.print(_subsystem_table(report))
    out.print(_capacity_table(report))
    if report.baseline_failures:
        out.print(t("topology.baseline"), style="bold red")
        for failure in report.baseline_failures:
            out.print(f"  • {describe_failure(failure)}", soft_wrap=True)
    if report.points_of_failure:
        out.print(_points_table(report))
    else:
        out.print(t("topology.no_points"), style="green")
    out.print(_rules_table(report))
    _print_autonomy(out, report)
    out.print(t("topology.tested", count=report.elements_tested))
    target = tier_label(min(report.target_tier, 3))
    key = "topology.verdict_met" if report.target_met else "topology.verdict_not_met"
    out.print(
        Text(
            t(key, tier=tier_label(report.site_tier), target=target),
            style="bold green" if report.target_met else "bold red",
        )
    )
    out.print(t("topology.tier_iv"))
    out.print(t("common.disclaimer"), style="dim")


def _subsystem_table(report: TopologyReport) -> Any:
    """Each subsystem's tier and what limits it."""
    from rich.table import Table

    from tierassess.core.topology.describe import describe_reason

    table = Table(title=t("topology.table.subsystems"))
    for column in ("subsystem", "tier", "limited_by"):
        table.add_column(t(f"topology.col.{column}"))
    for row in report.subsystems:
        table.add_row(
            t(f"topology.subsystem.{row.subsystem}"),
            tier_label(row.tier),
            ", ".join(describe_reason(r) for r in row.reasons),
        )
    return table


def _capacity_table(report: TopologyReport) -> Any:
    """Each stage's units, the load they carry, what is installed and the redundancy."""
    from rich.table import Table

    from tierassess.core.topology.result import listing

    table = Table(title=t("topology.table.capacity"))
    for column in ("stage", "units", "need", "installed", "n", "redundancy"):
        table.add_column(t(f"topology.col.{column}"))
    for group in report.capacity:
        table.add_row(
            group.stage,
            listing(group.units),
            format_number(group.need_kw, decimals=1),
            format_number(group.installed_kw, decimals=1),
            "-" if group.n is None else str(group.n),
            group.redundancy,
        )
    return table


def _points_table(report: TopologyReport) -> Any:
    """Each single point of failure: the loads it takes down and why."""
    from rich.table import Table

    from tierassess.core.topology.describe import describe_failure
    from tierassess.core.topology.result import listing

    table = Table(title=t("topology.table.points"))
    for column in ("element", "kind", "loads_down", "finding"):
        table.add_column(t(f"topology.col.{column}"))
    for point in report.points_of_failure:
        table.add_row(
            point.element,
            point.kind,
            listing(point.loads_down),
            "; ".join(describe_failure(f) for f in point.failures),
        )
    return table


def _rules_table(report: TopologyReport) -> Any:
    """Each Tier III rule's status and finding."""
    from rich.table import Table
    from rich.text import Text

    from tierassess.core.topology.describe import describe_rule

    table = Table(title=t("topology.table.rules"))
    for column in ("rule", "status", "finding"):
        table.add_column(t(f"topology.col.{column}"))
    for finding in report.rules:
        style = {"met": "green", "not_met": "red"}.get(finding.status.value, "")
        table.add_row(
            t(f"topology.rule.{finding.rule}"),
            Text(t(f"topology.status.{finding.status.value}"), style=style),
            describe_rule(finding),
        )
    return table


def _print_autonomy(out: Console, report: TopologyReport) -> None:
    """Hours of fuel and of make-up water, normal and worst case, against the minimum."""
    if report.fuel_hours is not None:
        out.print(
            t(
                "topology.fuel",
                hours=format_number(report.fuel_hours, decimals=1),
                worst=format_number(report.fuel_hours_worst or 0.0, decimals=1),
                min=format_number(report.fuel_hours_min, decimals=0),
            )
        )
    if report.makeup_water_hours is not None:
        out.print(
            t(
                "topology.water",
                hours=format_number(report.makeup_water_hours, decimals=1),
                worst=format_number(report.makeup_water_hours_worst or 0.0, decimals=1),
                min=format_number(report.makeup_water_hours_min, decimals=0),
            )
        )


@topology_group.command("validate", help=t("topology.help.validate"))
@click.argument("site", metavar="SITE")
@pass_state
def validate(state: CliState, site: str) -> None:
    path, model = _load(state, site)
    click.echo(
        t(
            "topology.valid",
            path=path_for_display(path),
            elements=len(model.elements),
            connections=sum(len(c.to) for c in model.connections),
        )
    )


@topology_group.command("schema", help=t("topology.help.schema"))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=t("help.opt.output_file"),
)
def schema(output: Path | None) -> None:
    from tierassess.core.topology.loader import json_schema
    from tierassess.yamlio import atomic_write_text

    text = json_schema()
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write_text(output, text)
        click.echo(t("topology.wrote", path=path_for_display(output)), err=True)


@topology_group.command("init", help=t("topology.help.init"))
@click.argument("site")
@click.option(
    "--template",
    type=click.Choice(_template_names()),
    required=True,
    help=t("topology.help.template"),
)
@click.option("--force", is_flag=True, help=t("topology.help.force"))
@pass_state
def init(state: CliState, site: str, template: str, force: bool) -> None:
    from tierassess.core.topology.loader import TOPOLOGY_FILE
    from tierassess.core.topology.templates import template_text
    from tierassess.errors import InputError
    from tierassess.yamlio import atomic_write_text

    path = state.workspace().evidence_dir / site / TOPOLOGY_FILE
    if path.exists() and not force:
        raise InputError(t("topology.exists", path=path_for_display(path)))
    atomic_write_text(path, template_text(template, site))
    click.echo(t("topology.wrote", path=path_for_display(path)))


@topology_group.command("import", help=t("topology.help.import"))
@click.argument("site")
@click.argument(
    "schedule", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--elements",
    "elements_csv",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=t("topology.help.elements"),
)
@click.option(
    "--connections",
    "connections_csv",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=t("topology.help.connections"),
)
@click.option("--force", is_flag=True, help=t("topology.help.force"))
@click.option("--dry-run", is_flag=True, help=t("assess.help.dry_run"))
@pass_state
def import_schedule(
    state: CliState,
    site: str,
    schedule: Path | None,
    elements_csv: Path | None,
    connections_csv: Path | None,
    force: bool,
    dry_run: bool,
) -> None:
    from tierassess.core.topology.loader import TOPOLOGY_FILE
    from tierassess.core.topology.schedule import read_schedule, schedule_yaml
    from tierassess.errors import InputError

    if schedule is not None:
        model = read_schedule(schedule, None)
    elif elements_csv is not None and connections_csv is not None:
        model = read_schedule(elements_csv, connections_csv)
    else:
        raise click.UsageError(t("topology.import_needs"))
    path = state.workspace().evidence_dir / site / TOPOLOGY_FILE
    if path.exists() and not force and not dry_run:
        raise InputError(t("topology.exists", path=path_for_display(path)))
    if not dry_run:
        from tierassess.yamlio import atomic_write_text

        atomic_write_text(path, schedule_yaml(model, site))
    click.echo(
        t(
            "topology.imported",
            elements=len(model.elements),
            connections=sum(len(c.to) for c in model.connections),
            path=path_for_display(path),
        )
    )


@topology_group.command("diagram", help=t("topology.help.diagram"))
@click.argument("site", metavar="SITE")
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=t("topology.help.output_dir"),
)
@click.option("--without", "without", multiple=True, metavar="ID", help=t("topology.help.without"))
@pass_state
def diagram(state: CliState, site: str, output_dir: Path | None, without: tuple[str, ...]) -> None:
    from tierassess.core.topology.check import check_topology
    from tierassess.core.topology.svg import diagrams
    from tierassess.yamlio import atomic_write_text

    path, model = _load(state, site)
    report = check_topology(model, list(without))
    name = model.site or path.parent.name
    folder = output_dir or state.workspace().output_dir
    for view, text in diagrams(model, report, name).items():
        target = folder / f"{name}-{view}.svg"
        atomic_write_text(target, text)
        click.echo(t("topology.wrote", path=path_for_display(target)))


def register(group: click.Group) -> None:
    """Add ``topology`` and its subcommands to ``group``."""
    group.add_command(topology_group)
