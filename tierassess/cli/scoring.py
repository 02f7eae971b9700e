"""``tierassess score [SITE]`` and ``tierassess plan [SITE]``: the verdict and the road map."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
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
from tierassess.formats import format_cost_range, format_millions, format_number, short_unit
from tierassess.i18n import t, tier_label

if TYPE_CHECKING:
    from tierassess.models import Checklist, RemediationPlan, Scorecard
    from tierassess.topology.verdict import ComputedVerdict

_BAR_WIDTH = 20


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


def _as_of_option(function: Any) -> Any:
    return click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        help=t("scoring.help.as_of"),
    )(function)


def _target_option(function: Any) -> Any:
    return click.option("--target", type=click.IntRange(1, 4), help=t("scoring.help.target"))(
        function
    )


def _score_site(
    state: CliState,
    site: str | None,
    target: int | None,
    as_of: datetime | None,
    count_unverified: bool = False,
    accept_stale: bool = False,
) -> tuple[Checklist, Any, Scorecard, ComputedVerdict | None]:
    from tierassess.site import load_scored_site

    workspace = state.workspace()
    loaded = load_scored_site(
        workspace,
        workspace.resolve_site(site),
        as_of=as_of.date() if as_of else None,
        target=target,
        count_unverified=count_unverified,
        accept_stale=accept_stale,
    )
    return loaded.checklist, loaded.assessment, loaded.scorecard, loaded.computed


def _bar(fraction: float) -> str:
    filled = round(fraction * _BAR_WIDTH)
    return "█" * filled + "░" * (_BAR_WIDTH - filled) + f" {fraction:>4.0%}"


def _title(checklist: Checklist, kind: str, item_id: str, lang: str) -> str:
    try:
        found = checklist.domain(item_id) if kind == "domain" else checklist.subsystem(item_id)
    except KeyError:
        return item_id
    return found.title.get(lang)


@click.command("score", help=t("scoring.help.score"))
@site_argument()
@format_option("table", "json", "csv")
@_target_option
@click.option("--fail-under", is_flag=True, help=t("scoring.help.fail_under"))
@click.option("--standard", metavar="YARDSTICK", help=t("yardsticks.help.standard"))
@click.option("--count-unverified", is_flag=True, help=t("scoring.help.count_unverified"))
@click.option("--accept-stale", is_flag=True, help=t("scoring.help.accept_stale"))
@_as_of_option
@click.option(
    "--gaps",
    "gap_rows",
    type=click.IntRange(0),
    default=15,
    show_default=True,
    help=t("scoring.help.gaps"),
)
@click.option("--keep", is_flag=True, help=t("route.help.keep"))
@pass_state
def score(
    state: CliState,
    site: str | None,
    output_format: str,
    target: int | None,
    fail_under: bool,
    standard: str | None,
    count_unverified: bool,
    accept_stale: bool,
    as_of: datetime | None,
    gap_rows: int,
    keep: bool,
) -> None:
    from tierassess.errors import CheckFailed

    checklist, assessment, card, computed = _score_site(
        state, site, target, as_of, count_unverified, accept_stale
    )
    if keep:  # kept as a dated, hashed snapshot (tierassess.snapshots), before any output
        from tierassess.cli._common import path_for_display
        from tierassess.snapshots import keep_scoring

        kept, path = keep_scoring(state.workspace(), checklist, assessment, card)
        click.echo(t("route.snapshot_kept", name=kept.name, path=path_for_display(path)), err=True)
    if standard is not None:
        card = _one_yardstick(checklist, card, standard)
    if output_format == "json":
        data = card.model_dump(mode="json")
        if computed is not None:
            data["topology"] = computed.model_dump(mode="json")
        echo_json(data)
    elif output_format == "csv":
        _score_csv(checklist, card, state.lang)
    elif standard is not None:
        _yardstick_table(checklist, assessment, card, state.lang)
    else:
        _score_table(checklist, assessment, card, state.lang, gap_rows)
    if computed is not None and output_format != "json":
        from tierassess.topology.describe import computed_lines

        for text in computed_lines(computed):  # on stderr when stdout is CSV
            click.echo(text, err=output_format == "csv")
    if fail_under and standard is not None:
        from tierassess.scoring.explain import verdict_lines

        line = verdict_lines(checklist, card.yardsticks, state.lang)[0]
        if not line.passed:
            raise CheckFailed(
                t("yardsticks.fail_under", yardstick=line.title, verdict=line.verdict)
            )
    elif fail_under and not card.meets_target:
        raise CheckFailed(
            t(
                "scoring.fail_under",
                tier=tier_label(card.facility_tier),
                target=tier_label(card.target_tier),
            )
        )


def _one_yardstick(checklist: Checklist, card: Scorecard, standard: str) -> Scorecard:
    """The scorecard with only the chosen yardstick's verdict (a usage error when unknown)."""
    known = [y.id for y in checklist.header.yardsticks]
    if standard not in known:
        raise click.BadParameter(
            t(
                "yardsticks.unknown_standard",
                standard=standard,
                known=", ".join(known) or t("yardsticks.no_yardsticks"),
            ),
            param_hint="--standard",
        )
    chosen = [v for v in card.yardsticks if v.yardstick == standard]
    return card.model_copy(update={"yardsticks": chosen})


def _yardsticks_rich(checklist: Checklist, card: Scorecard, lang: str) -> list[Any]:
    """The side-by-side yardstick table, then notes on unverified figures and the site itself."""
    from rich.table import Table
    from rich.text import Text

    from tierassess.scoring.explain import profile_messages, verdict_lines

    lines = verdict_lines(checklist, card.yardsticks, lang)
    if not lines:
        return []
    table = Table(title=t("yardsticks.heading"), title_justify="left")
    for column in ("yardstick", "verdict", "readiness"):
        table.add_column(t(f"yardsticks.col.{column}"), no_wrap=column == "readiness")
    for line in lines:
        table.add_row(
            line.title,
            Text(line.verdict, style="green" if line.passed else "red"),
            f"{line.readiness:.0%}",
        )
    out: list[Any] = [table]
    for line in lines:
        out.append(Text(t("yardsticks.why_line", title=line.title, why=line.why)))
        if line.blockers != "—":
            out.append(Text("  " + t("yardsticks.blockers_line", ids=line.blockers), style="dim"))
    titles = {y.id: y.title.get(lang) for y in checklist.header.yardsticks}
    for verdict in card.yardsticks:
        if verdict.unverified_rules:
            out.append(
                Text(
                    t(
                        "yardsticks.unverified_rules",
                        yardstick=titles.get(verdict.yardstick, verdict.yardstick),
                        ids=", ".join(verdict.unverified_rules),
                    ),
                    style="yellow",
                )
            )
    out.extend(
        Text(m, style="bold red") for m in profile_messages(checklist, card.yardsticks, lang)
    )
    if card.primary_yardstick and len(card.yardsticks) > 1:
        primary = titles.get(card.primary_yardstick, card.primary_yardstick)
        out.append(Text(t("yardsticks.never_caps", primary=primary), style="dim"))
    return out


def _print_title(
    out: Any, checklist: Checklist, assessment: Any, card: Scorecard, lang: str
) -> None:
    """The scoring's title line: checklist, version, site and as-of date."""
    from rich.text import Text

    title = t(
        "scoring.title",
        checklist=checklist.header.title.get(lang),
        version=checklist.version,
        site=assessment.site.name,
        site_id=card.site_id,
        as_of=card.as_of.isoformat(),
    )
    out.print(Text(title, style="bold"))


def _yardstick_table(checklist: Checklist, assessment: Any, card: Scorecard, lang: str) -> None:
    from rich.text import Text

    out = console()
    _print_title(out, checklist, assessment, card, lang)
    for item in _yardsticks_rich(checklist, card, lang):
        out.print(item, soft_wrap=isinstance(item, Text))
    out.print(t("scoring.disclaimer"), style="italic", soft_wrap=True)


def _score_csv(checklist: Checklist, card: Scorecard, lang: str) -> None:
    import csv
    import sys

    from tierassess.cells import csv_row

    titles = {c.id: c.title.get(lang) for c in checklist.criteria}
    writer = csv.writer(sys.stdout, lineterminator="\n")
    columns = [
        "criterion_id", "domain", "subsystem", "min_tier", "severity", "must_pass", "weight",
        "result", "value", "compliance", "gap_score", "evidence_status", "counts_as_met",
        "unanswered", "unverified",
    ]  # fmt: skip
    writer.writerow([*columns, "title"])
    for row in card.criteria:
        data = row.model_dump(mode="json")
        writer.writerow(
            csv_row(
                [
                    *("" if data[c] is None else data[c] for c in columns),
                    titles.get(row.criterion_id, ""),
                ]
            )
        )


def _score_table(
    checklist: Checklist, assessment: Any, card: Scorecard, lang: str, gap_rows: int
) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    _print_title(out, checklist, assessment, card, lang)
    if assessment.checklist_version != checklist.version:
        out.print(
            t(
                "scoring.version_mismatch",
                checklist=checklist.id,
                answered=assessment.checklist_version,
                current=checklist.version,
            ),
            style="yellow",
            soft_wrap=True,
        )
    if not card.criteria:
        out.print(t("scoring.no_criteria", target=tier_label(card.target_tier)))
    key = "scoring.verdict_met" if card.meets_target else "scoring.verdict_not_met"
    out.print(
        Text(
            t(key, tier=tier_label(card.facility_tier), target=tier_label(card.target_tier)),
            style="bold green" if card.meets_target else "bold red",
        )
    )
    out.print(
        t(
            "scoring.summary",
            readiness=f"{card.readiness:.0%}",
            gap=format_number(card.gap_score, decimals=1 if card.gap_score % 1 else 0),
            unanswered=len(card.unanswered),
            unverified=len(card.unverified),
            stale=len(card.stale),
            rejected=len(card.rejected),
            na=len(card.not_applicable),
        ),
        soft_wrap=True,
    )
    out.print(
        t(
            "scoring.settings_note",
            unverified=t(
                "scoring.unverified_counted"
                if card.settings.unverified_counts_as_met
                else "scoring.unverified_not_counted"
            ),
            stale=t(
                "scoring.stale_missing"
                if card.settings.stale_counts_as_missing
                else "scoring.stale_accepted"
            ),
        ),
        style="dim",
        soft_wrap=True,
    )
    for item in _yardsticks_rich(checklist, card, lang):
        out.print(item, soft_wrap=isinstance(item, Text))

    subsystems = Table(title=t("scoring.heading.subsystems"), title_justify="left")
    subsystems.add_column(t("scoring.col.subsystem"))
    subsystems.add_column(t("scoring.col.tier"), justify="center")
    subsystems.add_column(t("scoring.col.readiness"), no_wrap=True)
    subsystems.add_column(t("scoring.col.blockers"))
    for verdict in card.verdicts:
        style = "green" if verdict.tier >= card.target_tier else "red"
        subsystems.add_row(
            _title(checklist, "subsystem", verdict.subsystem, lang),
            Text(tier_label(verdict.tier), style=style),
            _bar(verdict.readiness),
            ", ".join(verdict.blockers) or "—",
        )
    out.print(subsystems)

    domains = Table(title=t("scoring.heading.domains"), title_justify="left")
    for column in ("domain", "readiness", "met", "partial", "not_met", "unanswered", "unverified"):
        domains.add_column(
            t(f"scoring.col.{column}"),
            justify="left" if column in ("domain", "readiness") else "right",
            no_wrap=column == "readiness",
        )
    for area in card.domains:
        domains.add_row(
            _title(checklist, "domain", area.id, lang),
            _bar(area.readiness),
            *(
                str(n)
                for n in (area.met, area.partial, area.not_met, area.unanswered, area.unverified)
            ),
        )
    out.print(domains)
    if card.unverified:
        statuses = {c.criterion_id: c.evidence_status.value for c in card.criteria}
        listed = ", ".join(f"{i} ({t(f'scoring.evidence.{statuses[i]}')})" for i in card.unverified)
        out.print(t("scoring.unverified_list", ids=listed), style="yellow", soft_wrap=True)

    gaps = sorted(
        (c for c in card.criteria if c.gap_score > 0), key=lambda c: (-c.gap_score, c.criterion_id)
    )
    if gaps and gap_rows:
        titles = {c.id: c.title.get(lang) for c in checklist.criteria}
        table = Table(title=t("scoring.heading.gaps"), title_justify="left")
        for column in ("criterion", "result", "evidence", "gap"):
            table.add_column(
                t(f"scoring.col.{column}"), justify="right" if column == "gap" else "left"
            )
        for row in gaps[:gap_rows]:
            mark = " ◆" if row.must_pass else ""
            table.add_row(
                f"{row.criterion_id}{mark} {titles.get(row.criterion_id, '')}",
                t(f"result.{row.result.value}"),
                t(f"scoring.evidence.{row.evidence_status.value}")
                if row.result.value in ("met", "partial")
                else "—",
                format_number(row.gap_score, decimals=1 if row.gap_score % 1 else 0),
            )
        out.print(table)
        if len(gaps) > gap_rows:
            out.print(t("scoring.more_gaps", count=len(gaps) - gap_rows))
        out.print(t("checklist.must_pass_legend"), style="dim")
    out.print(t("scoring.disclaimer"), style="italic", soft_wrap=True)


@click.command("plan", help=t("scoring.help.plan"))
@site_argument()
@format_option("table", "json", "csv", "xlsx")
@budget_option
@_target_option
@_as_of_option
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=t("scoring.help.output")
)
@pass_state
def plan(
    state: CliState,
    site: str | None,
    output_format: str,
    budget: int | None,
    target: int | None,
    as_of: datetime | None,
    output: Path | None,
) -> None:
    from tierassess.planning import plan_csv, plan_xlsx
    from tierassess.site import load_scored_site
    from tierassess.yamlio import atomic_write_bytes, atomic_write_text

    workspace = state.workspace()
    loaded = load_scored_site(
        workspace,
        workspace.resolve_site(site),
        as_of=as_of.date() if as_of else None,
        target=target,
    )
    checklist, assessment, card = loaded.checklist, loaded.assessment, loaded.scorecard
    from tierassess.route import plan_with_route

    # the cheapest route's actions are marked, and a yearly budget funds them first
    topology = loaded.computed.model if loaded.computed else None
    remediation, _ = plan_with_route(
        checklist, assessment, card, loaded.overrides, budget, topology
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


def as_of_line(day: Any, source: str, lang: str) -> str:
    """The as-of date every output states, and where it comes from."""
    from tierassess.report.data import format_date

    return t(f"planning.as_of.{source}", lang, date=format_date(day, lang))


def _plan_table(
    out: Any,
    plan: RemediationPlan,
    assessment: Any,
    checklist: Checklist,
    lang: str,
    as_of_source: str,
) -> None:
    from rich.table import Table
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
        out.print(as_of_line(plan.as_of, as_of_source, lang), style="dim")
    if not plan.actions:
        out.print(t("scoring.heading.no_actions"))
    else:
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
        out.print(table)
    from tierassess.planning import running_by_year

    running = running_by_year(plan.actions)
    years = Table(
        title=t("scoring.heading.years"), title_justify="left", caption=t("planning.years_note")
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
    out.print(years)
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
    if checklist.planning is not None and checklist.planning.note is not None:
        out.print(checklist.planning.note.get(lang), style="dim", soft_wrap=True)
    out.print(t("scoring.disclaimer"), style="italic", soft_wrap=True)


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
    """Add ``score`` and ``plan`` to ``group``."""
    group.add_command(score)
    group.add_command(plan)
