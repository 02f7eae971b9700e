"""``tierassess route``, ``compare`` and ``snapshot``.

``route``: the least to fund for the target verdict; ``compare`` and ``snapshot``: progress
between two dated, hashed states of a site.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from tierassess.cli._common import (
    CliState,
    as_of_option,
    console,
    echo_json,
    format_option,
    pass_state,
    site_argument,
    target_option,
)
from tierassess.formats import format_cost_range, format_millions, format_number, format_percent
from tierassess.i18n import t, tier_label

if TYPE_CHECKING:
    from rich.console import Console

    from tierassess.core.models import Checklist
    from tierassess.core.route import MarginalRoute, Route, RouteStep
    from tierassess.reports.compare import Comparison
    from tierassess.storage.site import LoadedSite
    from tierassess.storage.snapshots import Snapshot


_LISTED = 30  # ids listed on one line of the terminal; --format json has them all


def _site_inputs(state: CliState, site: str | None) -> LoadedSite:
    """The site as every command loads it (its topology model's answers merged in)."""
    from tierassess.storage.site import load_site

    workspace = state.workspace()
    return load_site(workspace, workspace.resolve_site(site))


def _as_of(assessment: Any, given: date | None) -> Any:
    """The one as-of rule of every command (tierassess.storage.site): given, else the last update."""
    from tierassess.storage.site import as_of_for

    return as_of_for(assessment, given)[0]


@click.command("route", help=t("route.help.route"))
@site_argument()
@target_option("route.help.target")
@click.option("--standard", metavar="YARDSTICK", help=t("route.help.standard"))
@as_of_option("route.help.as_of")
@format_option("table", "json")
@pass_state
def route(
    state: CliState,
    site: str | None,
    target: int | None,
    standard: str | None,
    as_of: date | None,
    output_format: str,
) -> None:
    from tierassess.core.models import ScoringSettings
    from tierassess.core.route import route_for_site

    loaded = _site_inputs(state, site)
    settings = ScoringSettings(as_of=_as_of(loaded.assessment, as_of), target_tier=target)
    found, _, _ = route_for_site(
        loaded.checklist,
        loaded.assessment,
        loaded.evidence,
        settings,
        loaded.overrides,
        standard,
        loaded.topology,
    )
    if output_format == "json":
        echo_json(found.model_dump(mode="json"))
        return
    _route_table(found, loaded.checklist, loaded.assessment.site.name, state.lang)


def _step_rows(table: Any, steps: list[RouteStep], lang: str) -> None:
    for step in steps:
        text = step.title.get(lang)
        if step.combined:
            text += "\n" + t("route.combined", ids=", ".join(step.closes))
        if step.reasons:
            why = t("route.reason_closes", ids=", ".join(step.reasons))
        else:
            why = t("route.reason_needed_by", ids=", ".join(step.needed_by))
        if step.status.value == "done":
            why += "\n" + t("route.done")
        table.add_row(
            step.id,
            text,
            why,
            format_cost_range(step.cost_min_vnd, step.cost_max_vnd),
            format_millions(step.cost_expected_vnd),
        )


def _target_label(checklist: Checklist, standard: str | None, level: int, lang: str) -> str:
    """A target as its yardstick names it ("Tier III — Uptime Tier Topology", "Rated-3 …")."""
    from tierassess.core.models import YardstickKind

    yardstick = next((y for y in checklist.header.yardsticks if y.id == standard), None)
    if yardstick is None:
        return tier_label(level)
    title = yardstick.title.get(lang)
    if yardstick.kind is YardstickKind.PASS_FAIL:
        return title
    from tierassess.core.scoring.explain import level_text

    return f"{level_text(yardstick, level, lang)} — {title}"


def _route_table(found: Route, checklist: Checklist, site_name: str, lang: str) -> None:
    from rich.table import Table
    from rich.text import Text

    from tierassess.formats import format_date

    out = console()
    target = _target_label(checklist, found.standard, found.target_tier, lang)
    out.print(
        Text(
            t("route.title", target=target, site=site_name, as_of=format_date(found.as_of, lang)),
            style="bold",
        )
    )
    if found.reached:
        out.print(t("route.reached", target=target), style="green")
    if found.steps:
        table = Table(show_lines=True, expand=True)
        table.add_column(t("route.col.action"), no_wrap=True)
        table.add_column(t("route.col.title"), ratio=3, min_width=24)
        table.add_column(t("route.col.reason"), ratio=1, min_width=14)
        table.add_column(t("route.col.range"), justify="right", min_width=11)
        table.add_column(t("route.col.expected"), justify="right", no_wrap=True)
        _step_rows(table, found.steps, lang)
        out.print(table)
    elif not found.reached:
        out.print(t("route.nothing_to_fund", target=target))
    out.print(
        Text(
            t(
                "route.total",
                count=len(found.steps),
                range=format_cost_range(found.cost_min_vnd, found.cost_max_vnd),
                expected=format_millions(found.cost_expected_vnd),
            ),
            style="bold",
        )
    )
    out.print(
        t(
            "route.full_plan",
            plan=format_cost_range(found.plan_cost_min_vnd, found.plan_cost_max_vnd),
            count=len(found.beyond_route),
            beyond=format_cost_range(found.beyond_cost_min_vnd, found.beyond_cost_max_vnd),
        ),
        soft_wrap=True,
    )
    for key, ids in (
        ("uncovered", found.uncovered),
        ("to_assess", found.to_assess),
        ("to_verify", found.to_verify),
    ):
        if ids:
            out.print(t(f"route.{key}", ids=", ".join(ids)), style="yellow", soft_wrap=True)
    for marginal in found.marginal:
        label = _target_label(checklist, marginal.standard, marginal.target_tier, lang)
        out.print(_marginal_line(marginal, label), soft_wrap=True)
    out.print(t("route.solver", solver=found.solver), style="dim", soft_wrap=True)


def _marginal_line(marginal: MarginalRoute, target: str) -> str:
    if marginal.beyond_catalogue:
        return t("route.marginal_beyond", target=target)
    if marginal.reachable and not marginal.steps:
        return t("route.marginal_nothing", target=target)
    line = t(
        "route.marginal",
        target=target,
        count=len(marginal.steps),
        range=format_cost_range(marginal.cost_min_vnd, marginal.cost_max_vnd),
        expected=format_millions(marginal.cost_expected_vnd),
        ids=", ".join(s.id for s in marginal.steps) or "—",
    )
    if marginal.uncovered:
        line += " " + t("route.marginal_uncovered", ids=", ".join(marginal.uncovered))
    return line


@click.group("snapshot", help=t("route.help.snapshot"))
def snapshot() -> None:
    pass


@snapshot.command("take", help=t("route.help.snapshot_take"))
@site_argument()
@as_of_option("route.help.as_of")
@click.option("--note", help=t("route.help.note"))
@pass_state
def snapshot_take(state: CliState, site: str | None, as_of: date | None, note: str | None) -> None:
    from tierassess.cli._common import path_for_display

    kept, path = _keep_snapshot(state, site, as_of, note)
    click.echo(t("route.snapshot_kept", name=kept.name, path=path_for_display(path)))


def _keep_snapshot(
    state: CliState, site: str | None, as_of: date | None, note: str | None
) -> tuple[Snapshot, Any]:
    from tierassess.core.models import ScoringSettings
    from tierassess.storage.snapshots import save_snapshot, take_snapshot

    loaded = _site_inputs(state, site)
    settings = ScoringSettings(as_of=_as_of(loaded.assessment, as_of))
    kept = take_snapshot(
        loaded.checklist,
        loaded.assessment,
        loaded.evidence,
        loaded.overrides,
        settings,
        note=note,
        topology=loaded.topology,
    )
    path = save_snapshot(state.workspace().site_dir(loaded.assessment.site.id), kept)
    return kept, path


@snapshot.command("list", help=t("route.help.snapshot_list"))
@site_argument()
@format_option("table", "json")
@pass_state
def snapshot_list(state: CliState, site: str | None, output_format: str) -> None:
    from tierassess.storage.snapshots import list_snapshots

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    found = list_snapshots(workspace.site_dir(site_id))
    if output_format == "json":
        echo_json(
            [
                {
                    "id": s.name,
                    "as_of": s.as_of.isoformat(),
                    "taken_at": s.taken_at.isoformat(),
                    "checklist_version": s.checklist_version,
                    "readiness": s.readiness,
                    "verdicts": {v.yardstick: v.tier for v in s.verdicts},
                    "route_expected_vnd": s.route.cost_expected_vnd,
                    "note": s.note,
                }
                for s in found
            ]
        )
        return
    if not found:
        click.echo(t("route.no_snapshots"))
        return
    from rich.table import Table

    table = Table()
    for column in ("id", "version", "readiness", "verdict", "route", "note"):
        table.add_column(t(f"route.col.snap_{column}"), no_wrap=column == "id")
    for item in found:
        table.add_row(
            item.name,
            item.checklist_version,
            format_percent(item.readiness),
            tier_label(item.facility_tier),
            format_millions(item.route.cost_expected_vnd),
            item.note or "",
        )
    console().print(table)


@click.command("compare", help=t("route.help.compare"))
@site_argument()
@click.option("--from", "start", metavar="DATE|SNAPSHOT", help=t("route.help.from"))
@click.option("--to", "end", metavar="DATE|SNAPSHOT", help=t("route.help.to"))
@format_option("table", "json")
@pass_state
def compare(
    state: CliState, site: str | None, start: str | None, end: str | None, output_format: str
) -> None:
    from tierassess.errors import WorkspaceError
    from tierassess.reports.compare import compare as compare_snapshots
    from tierassess.storage.snapshots import list_snapshots, pick_snapshot, take_snapshot

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    found = list_snapshots(workspace.site_dir(site_id))
    if not found:
        raise WorkspaceError(t("route.error.no_snapshots", site=site_id), hint=t("route.hint.take"))
    before = pick_snapshot(found, start) if start else found[0]
    loaded = _site_inputs(state, site_id)
    if end:
        after = pick_snapshot(found, end)
    else:
        from tierassess.core.models import ScoringSettings

        now = ScoringSettings(as_of=_as_of(loaded.assessment, None))
        after = take_snapshot(
            loaded.checklist,
            loaded.assessment,
            loaded.evidence,
            loaded.overrides,
            now,
            topology=loaded.topology,
        )
    result = compare_snapshots(before, after, loaded.checklist.renames)
    if output_format == "json":
        echo_json(result.model_dump(mode="json"))
        return
    _compare_table(result, state.lang)


def _verdict_word(level: int | None, passed: bool | None) -> str:
    if level is not None:
        return tier_label(level)
    if passed is None:
        return "—"
    return t("yardsticks.passed" if passed else "yardsticks.failed")


def _compare_table(result: Comparison, lang: str) -> None:
    """Progress between two snapshots: readiness, verdicts, gaps, actions and spending."""
    from rich.text import Text

    out = console()
    out.print(
        Text(
            t(
                "route.compare_title",
                site=result.site_id,
                before=result.before,
                after=result.after,
            ),
            style="bold",
        )
    )
    _print_changes(out, result)
    out.print(
        t(
            "route.action_counts",
            done=result.counts["done"],
            in_progress=result.counts["in_progress"],
            late=result.counts["late"],
            not_started=result.counts["not_started"],
        ),
        soft_wrap=True,
    )
    if result.actions:
        out.print(_progress_table(result, lang))
        out.print(t("route.on_route_legend"), style="dim")
    out.print(_spending_table(result))
    out.print(
        t(
            "route.spend_to_date",
            spent=format_millions(result.spent_vnd),
            planned=format_cost_range(
                result.planned_to_date_min_vnd, result.planned_to_date_max_vnd
            ),
            year=result.after_as_of.year,
        )
    )


def _print_changes(out: Console, result: Comparison) -> None:
    """Readiness and verdicts before and after, the gaps closed and opened, catalogue changes."""
    change = (result.readiness_after - result.readiness_before) * 100
    out.print(
        t(
            "route.readiness_change",
            before=format_percent(result.readiness_before),
            after=format_percent(result.readiness_after),
            change=format_number(change, decimals=0 if change % 1 == 0 else 1),
        )
    )
    for verdict in result.verdicts:
        out.print(
            t(
                "route.verdict_change",
                yardstick=verdict.yardstick,
                before=_verdict_word(verdict.before, verdict.meets_before),
                after=_verdict_word(verdict.after, verdict.meets_after),
            )
        )
    for key, ids in (
        ("closed", result.closed),
        ("opened", result.opened),
        ("new_in_catalogue", result.new_in_catalogue),
        ("retired", result.retired),
    ):
        if ids:
            shown = ", ".join(ids[:_LISTED])
            if len(ids) > _LISTED:
                shown += f", … (+{len(ids) - _LISTED})"
            out.print(t(f"route.gaps_{key}", count=len(ids), ids=shown), soft_wrap=True)
    out.print(t("route.gaps_still_open", count=len(result.still_open)))
    if result.before_version != result.after_version:
        renamed = "; ".join(f"{old} → {', '.join(new)}" for old, new in result.renamed.items())
        out.print(
            t(
                "route.catalogue_change",
                before=result.before_version,
                after=result.after_version,
                renamed=renamed or "—",
            ),
            soft_wrap=True,
        )


_PROGRESS_ORDER = {"late": 0, "in_progress": 1, "not_started": 2, "done": 3}


def _progress_table(result: Comparison, lang: str) -> Any:
    """Each planned action's dates, progress and spending, late ones first."""
    from rich.table import Table
    from rich.text import Text

    table = Table(expand=True)
    table.add_column(t("route.col.action"), no_wrap=True)
    table.add_column(t("route.col.title"), ratio=3)
    table.add_column(t("route.col.planned"), no_wrap=True)
    table.add_column(t("route.col.status"))
    table.add_column(t("route.col.spent"), justify="right")
    for action in sorted(result.actions, key=lambda a: (_PROGRESS_ORDER[a.status], a.id)):
        dates = (
            f"{action.planned_start:%m/%y}–{action.planned_end:%m/%y}"
            if action.planned_start and action.planned_end
            else "—"
        )
        table.add_row(
            action.id + (" ★" if action.on_route else ""),
            action.title.get(lang),
            dates,
            Text(
                t(f"route.progress.{action.status}"),
                style="red" if action.status == "late" else "",
            ),
            format_millions(action.spent_vnd) if action.spent_vnd else "—",
        )
    return table


def _spending_table(result: Comparison) -> Any:
    """Per year: the planned cost range and what was spent."""
    from rich.table import Table

    years = Table(title=t("route.heading.years"), title_justify="left")
    for column in ("year", "planned", "actual"):
        years.add_column(t(f"route.col.year_{column}"), justify="right")
    for year in result.years:
        years.add_row(
            str(year.year),
            format_cost_range(year.planned_min_vnd, year.planned_max_vnd),
            format_millions(year.actual_vnd),
        )
    return years


def register(group: click.Group) -> None:
    """Add ``route``, ``snapshot`` and ``compare`` to ``group``."""
    group.add_command(route)
    group.add_command(snapshot)
    group.add_command(compare)
