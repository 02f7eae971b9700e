"""``tierassess plan [SITE]``: the costed road map, on the terminal or as JSON, CSV, XLSX."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tierassess.cli._common import (
    CliState,
    as_of_option,
    budget_option,
    console,
    format_option,
    pass_state,
    site_argument,
    target_option,
)
from tierassess.cli._site import working
from tierassess.formats import format_cost_range, format_millions, short_unit
from tierassess.i18n import t, tier_label

if TYPE_CHECKING:
    from rich.console import Console

    from tierassess.core.models import Assessment, Checklist, RemediationPlan


@click.command("plan", help=t("scoring.help.plan"))
@site_argument()
@format_option("table", "json", "csv", "xlsx")
@budget_option
@target_option()
@as_of_option()
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=t("scoring.help.output")
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help=t("scoring.help.time_limit"),
)
@pass_state
def plan(
    state: CliState,
    site: str | None,
    output_format: str,
    budget: int | None,
    target: int | None,
    as_of: date | None,
    output: Path | None,
    time_limit: float,
) -> None:
    from tierassess.core.planning import plan_csv, plan_xlsx
    from tierassess.core.route import plan_with_route
    from tierassess.storage.site import load_scored_site
    from tierassess.yamlio import atomic_write_bytes, atomic_write_text

    workspace = state.workspace()
    loaded = load_scored_site(
        workspace,
        workspace.resolve_site(site),
        as_of=as_of,
        target=target,
    )
    checklist, assessment, card = loaded.checklist, loaded.assessment, loaded.scorecard
    # the cheapest route's actions are marked, and a yearly budget funds them first
    with working(t("scoring.solving")):
        remediation, _ = plan_with_route(
            checklist, assessment, card, loaded.overrides, budget, loaded.topology, time_limit
        )
    if output_format == "xlsx":
        path = output or workspace.output_dir / f"{card.site_id}-plan.xlsx"
        atomic_write_bytes(path, plan_xlsx(remediation, checklist, state.lang))
        click.echo(t("common.wrote", path=path))
        return
    if output_format in ("json", "csv"):
        import json

        text = (
            json.dumps(remediation.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
            if output_format == "json"
            else plan_csv(remediation, state.lang)
        )
        if output is None:
            click.echo(text, nl=False)
        else:
            atomic_write_text(output, text)
            click.echo(t("common.wrote", path=output))
        return
    if output is not None:
        import io

        from rich.console import Console

        buffer = io.StringIO()
        file_console = Console(
            file=buffer, width=160, no_color=True, highlight=False, soft_wrap=False
        )
        _plan_table(
            file_console, remediation, assessment, checklist, state.lang, loaded.as_of_source
        )
        atomic_write_text(output, buffer.getvalue())
        click.echo(t("common.wrote", path=output))
        return
    _plan_table(console(), remediation, assessment, checklist, state.lang, loaded.as_of_source)


def _as_of_line(day: date, source: str, lang: str) -> str:
    """The as-of date every output states, and where it comes from."""
    from tierassess.formats import format_date

    return t(f"planning.as_of.{source}", lang, date=format_date(day, lang))


def _plan_table(
    out: Console,
    plan: RemediationPlan,
    assessment: Assessment,
    checklist: Checklist,
    lang: str,
    as_of_source: str,
) -> None:
    """The plan on the terminal: its actions, its years, its totals and what it leaves open."""
    from rich.text import Text

    out.print(
        Text(
            t(
                "scoring.heading.plan",
                site=assessment.site.name,
                target=tier_label(plan.target_tier),
                start=plan.start_year,
                end=plan.end_year,
            ),
            style="bold",
        )
    )
    if plan.as_of is not None:
        out.print(_as_of_line(plan.as_of, as_of_source, lang), style="dim")
    if not plan.actions:
        out.print(t("scoring.heading.no_actions"))
    else:
        out.print(_action_table(plan, lang))
    out.print(_year_table(plan))
    _print_plan_notes(out, plan, checklist, lang)
    out.print(t("scoring.disclaimer"), style="italic", soft_wrap=True)


def _action_table(plan: RemediationPlan, lang: str) -> Any:
    """One row per action: priority and criterion, what to do, when, cost and who leads."""
    from rich.table import Table

    table = Table(show_lines=True, expand=True)
    table.add_column(t("scoring.col.criterion"), no_wrap=True)
    table.add_column(t("scoring.col.action"), ratio=3, min_width=24)
    table.add_column(t("scoring.col.dates"), ratio=1, min_width=11)
    table.add_column(t("scoring.col.cost"), justify="right", min_width=11)
    table.add_column(t("scoring.col.lead"), ratio=1, min_width=12)
    for action in plan.actions:
        style = (
            "dim"
            if action.status.value == "resolved"
            else ("yellow" if not action.scheduled else "")
        )
        text = action.title.get(lang)
        if action.disruption.value != "none":
            text += f"\n⚠ {t(f'disruption.{action.disruption.value}')}"
            if action.scheduled and action.outage_start and action.outage_end:
                text += " " + t(
                    "scoring.outage_window",
                    start=f"{action.outage_start:%d/%m/%Y}",
                    end=f"{action.outage_end:%d/%m/%Y}",
                )
        if action.note:
            text += f"\n{action.note.get(lang)}"
        when = (
            f"{action.start:%m/%y}–{action.end:%m/%y}"
            if action.scheduled and action.start and action.end
            else "—"
        )
        table.add_row(
            f"{action.priority.value} {action.criterion_id}"
            + (" ◆" if action.must_pass else "")
            + (" ★" if action.on_route else ""),
            text,
            f"{when}\n{t(f'scoring.status.{action.status.value}')}",
            format_cost_range(action.cost_min_vnd, action.cost_max_vnd),
            short_unit(action.lead_unit.get(lang)),
            style=style,
        )
    return table


def _year_table(plan: RemediationPlan) -> Any:
    """Per year: actions starting, actions running and their cost; then the totals."""
    from rich.table import Table

    from tierassess.core.planning import running_by_year, years_note

    running = running_by_year(plan.actions)
    years = Table(
        title=t("scoring.heading.years"),
        title_justify="left",
        caption=years_note(plan.allocation_step_vnd),
    )
    years.add_column(t("planning.col.year"))
    years.add_column(t("planning.col.starting"), justify="right")
    years.add_column(t("planning.col.running"), justify="right")
    years.add_column(t("scoring.col.cost"), justify="right")
    for year in plan.years:
        years.add_row(
            str(year.year),
            str(year.actions),
            str(running.get(year.year, 0)),
            format_cost_range(year.cost_min_vnd, year.cost_max_vnd),
        )
    years.add_row(
        t("planning.value.total"),
        str(sum(y.actions for y in plan.years)),
        "",
        format_cost_range(
            sum(y.cost_min_vnd for y in plan.years), sum(y.cost_max_vnd for y in plan.years)
        ),
        style="bold",
    )
    return years


def _print_plan_notes(out: Console, plan: RemediationPlan, checklist: Checklist, lang: str) -> None:
    """Budget and total, the route legend, what the plan could not schedule, reviewers' notes."""
    if not plan.optimal:
        out.print(t("planning.not_proven"), style="yellow", soft_wrap=True)
    if plan.budget_per_year_vnd:
        out.print(t("scoring.heading.budget", budget=format_millions(plan.budget_per_year_vnd)))
    out.print(
        t(
            "scoring.heading.total",
            low=format_millions(plan.cost_min_vnd),
            high=format_millions(plan.cost_max_vnd),
        )
    )
    if any(a.on_route for a in plan.actions):
        out.print(t("route.plan_legend"), style="dim", soft_wrap=True)
    for key, ids in (
        ("unscheduled", plan.unscheduled),
        ("to_assess", plan.to_assess),
        ("to_verify", plan.to_verify),
        ("orphans", plan.orphan_overrides),
    ):
        if ids:
            out.print(
                t(f"scoring.heading.{key}", ids=", ".join(ids)), style="yellow", soft_wrap=True
            )
    if plan.review_findings:
        _review_findings_lines(out, plan, lang)
    planning = checklist.planning
    for note in (planning.note, planning.outage_note) if planning is not None else ():
        if note is not None:
            out.print(note.get(lang), style="dim", soft_wrap=True)


def _review_findings_lines(out: Any, plan: RemediationPlan, lang: str) -> None:
    """What reviewers sent back: criterion, decision, reviewer, date and comment, one a line."""
    from rich.text import Text

    from tierassess.formats import format_date

    out.print(Text(t("plan_review.heading", lang), style="bold yellow"))
    for finding in plan.review_findings:
        line = t(
            "plan_review.line",
            lang,
            id=finding.criterion_id,
            verdict=t(f"plan_review.verdict.{finding.verdict.value}", lang),
            reviewer=finding.reviewer,
            date=format_date(finding.at.date(), lang),
            comment=finding.comment or t("plan_review.no_comment", lang),
        )
        out.print(Text(f"  {line}"), soft_wrap=True)  # Text: a comment's [brackets] stay as typed
    out.print(t("plan_review.note", lang), style="dim", soft_wrap=True)


def register(group: click.Group) -> None:
    """Add ``plan`` to ``group``."""
    group.add_command(plan)
