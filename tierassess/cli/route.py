"""``tierassess route``: the least to fund for the target verdict; ``compare`` and ``snapshot``:
progress between two dated, hashed states of a site."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from tierassess.cli._common import (
    CliState,
    console,
    echo_json,
    format_option,
    pass_state,
    site_argument,
)
from tierassess.formats import format_cost_range, format_millions
from tierassess.i18n import t, tier_label

if TYPE_CHECKING:
    from tierassess.route import MarginalRoute, Route, RouteStep


def _site_inputs(state: CliState, site: str | None) -> tuple[Any, Any, Any, Any]:
    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    assessment = workspace.load_assessment(site_id)
    checklist = workspace.load_checklist(assessment.checklist_id)
    index = workspace.load_evidence_index(site_id)
    overrides = workspace.load_plan_overrides(site_id)
    return checklist, assessment, index, overrides


@click.command("route", help=t("route.help.route"))
@site_argument()
@click.option("--target", type=click.IntRange(1, 4), help=t("route.help.target"))
@click.option("--standard", metavar="YARDSTICK", help=t("route.help.standard"))
@click.option(
    "--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), help=t("route.help.as_of")
)
@format_option("table", "json")
@pass_state
def route(
    state: CliState,
    site: str | None,
    target: int | None,
    standard: str | None,
    as_of: datetime | None,
    output_format: str,
) -> None:
    from tierassess.models import ScoringSettings
    from tierassess.route import route_for_site

    checklist, assessment, index, overrides = _site_inputs(state, site)
    settings = ScoringSettings(as_of=as_of.date() if as_of else None, target_tier=target)
    found, _, _ = route_for_site(checklist, assessment, index, settings, overrides, standard)
    if output_format == "json":
        echo_json(found.model_dump(mode="json"))
        return
    _route_table(found, assessment.site.name, state.lang)


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


def _route_table(found: Route, site_name: str, lang: str) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    target = tier_label(found.target_tier)
    out.print(
        Text(
            t("route.title", target=target, site=site_name, as_of=found.as_of.isoformat()),
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
        out.print(_marginal_line(marginal), soft_wrap=True)
    out.print(t("route.solver", solver=found.solver), style="dim", soft_wrap=True)


def _marginal_line(marginal: MarginalRoute) -> str:
    target = marginal.standard or tier_label(marginal.target_tier)
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


def register(group: click.Group) -> None:
    group.add_command(route)
