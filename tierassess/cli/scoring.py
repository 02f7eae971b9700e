"""``tierassess score [SITE]``: the verdict, readiness by subsystem and domain, and the gaps."""

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
from tierassess.formats import format_number, format_percent
from tierassess.i18n import t, tier_label

if TYPE_CHECKING:
    from rich.console import Console

    from tierassess.core.models import Assessment, Checklist, Scorecard

_BAR_WIDTH = 20


def _bar(fraction: float) -> str:
    filled = round(fraction * _BAR_WIDTH)
    return "█" * filled + "░" * (_BAR_WIDTH - filled) + " " + format_percent(fraction).rjust(5)


def _title(checklist: Checklist, kind: str, item_id: str, lang: str) -> str:
    try:
        found = checklist.domain(item_id) if kind == "domain" else checklist.subsystem(item_id)
    except KeyError:
        return item_id
    return found.title.get(lang)


@click.command("score", help=t("scoring.help.score"))
@site_argument()
@format_option("table", "json", "csv")
@target_option()
@click.option("--fail-under", is_flag=True, help=t("scoring.help.fail_under"))
@click.option("--standard", metavar="YARDSTICK", help=t("yardsticks.help.standard"))
@click.option("--count-unverified", is_flag=True, help=t("scoring.help.count_unverified"))
@click.option("--accept-stale", is_flag=True, help=t("scoring.help.accept_stale"))
@as_of_option()
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
    as_of: date | None,
    gap_rows: int,
    keep: bool,
) -> None:
    from tierassess.storage.site import load_scored_site

    workspace = state.workspace()
    loaded = load_scored_site(
        workspace,
        workspace.resolve_site(site),
        as_of=as_of,
        target=target,
        count_unverified=count_unverified,
        accept_stale=accept_stale,
    )
    checklist, assessment, card, computed = (
        loaded.checklist,
        loaded.assessment,
        loaded.scorecard,
        loaded.computed,
    )
    if keep:  # kept as a dated, hashed snapshot (tierassess.storage.snapshots), before any output
        from tierassess.cli._common import path_for_display
        from tierassess.storage.snapshots import keep_scoring

        kept, path = keep_scoring(workspace, loaded)
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
        from tierassess.core.topology.describe import computed_lines

        for text in computed_lines(computed):  # on stderr when stdout is CSV
            click.echo(text, err=output_format == "csv")
    if fail_under:
        _fail_under(checklist, card, standard, state.lang)


def _fail_under(checklist: Checklist, card: Scorecard, standard: str | None, lang: str) -> None:
    """Exit 1 (``--fail-under``) when the chosen yardstick, or the target tier, is not met."""
    from tierassess.errors import CheckFailed

    if standard is not None:
        from tierassess.core.scoring.explain import verdict_lines

        line = verdict_lines(checklist, card.yardsticks, lang)[0]
        if not line.passed:
            raise CheckFailed(
                t("yardsticks.fail_under", yardstick=line.title, verdict=line.verdict)
            )
    elif not card.meets_target:
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

    from tierassess.core.scoring.explain import profile_messages, verdict_lines

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
            format_percent(line.readiness),
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

    from tierassess.formats import format_date

    title = t(
        "scoring.title",
        checklist=checklist.header.title.get(lang),
        version=checklist.version,
        site=assessment.site.name,
        site_id=card.site_id,
        as_of=format_date(card.as_of, lang),
    )
    out.print(Text(title, style="bold"))


def _print_asked_anew(out: Any, card: Scorecard, lang: str) -> None:
    """Answers given before their question changed meaning: to be answered again."""
    from tierassess.core.scoring.explain import asked_anew_messages

    for message in asked_anew_messages(card, lang):
        out.print(message, style="bold yellow", soft_wrap=True)


def _yardstick_table(checklist: Checklist, assessment: Any, card: Scorecard, lang: str) -> None:
    from rich.text import Text

    out = console()
    _print_title(out, checklist, assessment, card, lang)
    _print_asked_anew(out, card, lang)
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
    checklist: Checklist, assessment: Assessment, card: Scorecard, lang: str, gap_rows: int
) -> None:
    """The full scoring on the terminal: verdict, yardsticks, subsystems, domains, gaps."""
    from rich.text import Text

    out = console()
    _print_title(out, checklist, assessment, card, lang)
    _print_asked_anew(out, card, lang)
    _print_verdict(out, checklist, assessment, card)
    for item in _yardsticks_rich(checklist, card, lang):
        out.print(item, soft_wrap=isinstance(item, Text))
    out.print(_subsystem_table(checklist, card, lang))
    out.print(_domain_table(checklist, card, lang))
    if card.unverified:
        statuses = {c.criterion_id: c.evidence_status.value for c in card.criteria}
        listed = ", ".join(f"{i} ({t(f'scoring.evidence.{statuses[i]}')})" for i in card.unverified)
        out.print(t("scoring.unverified_list", ids=listed), style="yellow", soft_wrap=True)
    _print_gaps(out, checklist, card, lang, gap_rows)
    out.print(t("scoring.disclaimer"), style="italic", soft_wrap=True)


def _print_verdict(
    out: Console, checklist: Checklist, assessment: Assessment, card: Scorecard
) -> None:
    """The verdict against the target, the counts behind it and the settings that shaped it."""
    from rich.text import Text

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
            readiness=format_percent(card.readiness),
            gap=format_number(card.gap_score, decimals=1 if card.gap_score % 1 else 0),
            unanswered=len(card.unanswered),
            unverified=len(card.unverified),
            stale=len(card.stale),
            rejected=len(card.rejected),
            na=len(card.not_applicable),
        ),
        soft_wrap=True,
    )
    settings = card.settings
    out.print(
        t(
            "scoring.settings_note",
            unverified=t(
                "scoring.unverified_counted"
                if settings.unverified_counts_as_met
                else "scoring.unverified_not_counted"
            ),
            stale=t(
                "scoring.stale_missing"
                if settings.stale_counts_as_missing
                else "scoring.stale_accepted"
            ),
        ),
        style="dim",
        soft_wrap=True,
    )


def _subsystem_table(checklist: Checklist, card: Scorecard, lang: str) -> Any:
    """Each subsystem's tier, readiness bar and blockers."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=t("scoring.heading.subsystems"), title_justify="left")
    table.add_column(t("scoring.col.subsystem"))
    table.add_column(t("scoring.col.tier"), justify="center")
    table.add_column(t("scoring.col.readiness"), no_wrap=True)
    table.add_column(t("scoring.col.blockers"))
    for verdict in card.verdicts:
        style = "green" if verdict.tier >= card.target_tier else "red"
        table.add_row(
            _title(checklist, "subsystem", verdict.subsystem, lang),
            Text(tier_label(verdict.tier), style=style),
            _bar(verdict.readiness),
            ", ".join(verdict.blockers) or "—",
        )
    return table


def _domain_table(checklist: Checklist, card: Scorecard, lang: str) -> Any:
    """Each domain's readiness bar and its answers counted by result."""
    from rich.table import Table

    table = Table(title=t("scoring.heading.domains"), title_justify="left")
    for column in ("domain", "readiness", "met", "partial", "not_met", "unanswered", "unverified"):
        table.add_column(
            t(f"scoring.col.{column}"),
            justify="left" if column in ("domain", "readiness") else "right",
            no_wrap=column == "readiness",
        )
    for area in card.domains:
        counts = (area.met, area.partial, area.not_met, area.unanswered, area.unverified)
        table.add_row(
            _title(checklist, "domain", area.id, lang),
            _bar(area.readiness),
            *(str(n) for n in counts),
        )
    return table


def _print_gaps(
    out: Console, checklist: Checklist, card: Scorecard, lang: str, gap_rows: int
) -> None:
    """The ``gap_rows`` largest gaps, largest first, and how many more there are."""
    from rich.table import Table

    gaps = sorted(
        (c for c in card.criteria if c.gap_score > 0), key=lambda c: (-c.gap_score, c.criterion_id)
    )
    if not gaps or not gap_rows:
        return
    titles = {c.id: c.title.get(lang) for c in checklist.criteria}
    table = Table(title=t("scoring.heading.gaps"), title_justify="left")
    for column in ("criterion", "result", "evidence", "gap"):
        table.add_column(t(f"scoring.col.{column}"), justify="right" if column == "gap" else "left")
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


def register(group: click.Group) -> None:
    """Add ``score`` to ``group``."""
    group.add_command(score)
