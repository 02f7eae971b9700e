"""The report's route and progress sections.

"The least to fund" beside "the full plan", and progress over the site's snapshots (readiness and
verdicts over time, actions by status, planned against actual spend by year).

Figures are gathered here into plain models (``RouteSummary``, ``ProgressSection``) that
``ReportData`` carries; ``route_story`` and ``progress_story`` lay them out with the PDF's own
helpers. ``tierassess.report.export`` gathers them with the rest of the report's data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from tierassess.formats import format_cost_range, format_millions, format_percent
from tierassess.i18n import t, tier_label

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

    from tierassess.compare import YearSpend
    from tierassess.models import Checklist, RemediationPlan
    from tierassess.report.fonts import Faces
    from tierassess.route import Route
    from tierassess.snapshots import Snapshot

STATUSES = ("done", "in_progress", "late", "not_started")


class RouteSummary(BaseModel):
    """The cheapest route beside the full plan, as the report states them."""

    target: str
    route_actions: list[str]
    route_count: int
    route_cost: str
    route_expected: str
    plan_count: int
    plan_cost: str
    beyond_count: int
    beyond_cost: str
    conditions: list[str] = Field(default_factory=list)
    uncovered: list[str] = Field(default_factory=list)


class ProgressRow(BaseModel):
    """One snapshot's point of the progress table: readiness and verdicts as of its date."""

    as_of: date
    readiness: float
    verdicts: list[str] = Field(description="One label per yardstick, in the header's order.")
    current: bool = False


class YearRow(BaseModel):
    """One year's planned cost beside the actual spend, as text."""

    year: int
    planned: str
    actual: str


class ProgressSection(BaseModel):
    """The site over its snapshots, compared from the first one to the report's own state."""

    since: date
    yardsticks: list[str]
    rows: list[ProgressRow]
    counts: dict[str, int]
    closed: int
    opened: int
    late: list[str]
    years: list[YearRow]
    spent: str
    planned_to_date: str


def _target_label(checklist: Checklist, standard: str | None, level: int, lang: str) -> str:
    from tierassess.models import YardstickKind

    yardstick = next((y for y in checklist.header.yardsticks if y.id == standard), None)
    if yardstick is None:
        return tier_label(level, lang)
    if yardstick.kind is YardstickKind.PASS_FAIL:
        return yardstick.title.get(lang)
    from tierassess.scoring.explain import level_text

    return f"{level_text(yardstick, level, lang)} ({yardstick.title.get(lang)})"


def route_summary(
    checklist: Checklist, route: Route, plan: RemediationPlan, lang: str
) -> RouteSummary:
    """The route and the full plan, in ``lang``."""
    open_actions = [a for a in plan.actions if a.status.value not in ("resolved", "done")]
    return RouteSummary(
        target=_target_label(checklist, route.standard, route.target_tier, lang),
        route_actions=[s.id for s in route.steps],
        route_count=len(route.steps),
        route_cost=format_cost_range(route.cost_min_vnd, route.cost_max_vnd, lang),
        route_expected=format_millions(route.cost_expected_vnd, lang),
        plan_count=len(open_actions),
        plan_cost=format_cost_range(plan.cost_min_vnd, plan.cost_max_vnd, lang),
        beyond_count=len(route.beyond_route),
        beyond_cost=format_cost_range(route.beyond_cost_min_vnd, route.beyond_cost_max_vnd, lang),
        conditions=[*route.to_assess, *route.to_verify],
        uncovered=route.uncovered,
    )


def _verdict_label(checklist: Checklist, yardstick: str, snapshot: Snapshot, lang: str) -> str:
    record = snapshot.verdict(yardstick)
    if record is None:
        return "—"
    if record.tier is None:
        return t("yardsticks.passed" if record.meets_target else "yardsticks.failed", lang)
    known = next((y for y in checklist.header.yardsticks if y.id == yardstick), None)
    if known is None:
        return tier_label(record.tier, lang)
    from tierassess.scoring.explain import level_text

    return level_text(known, record.tier, lang)


def gather_progress(
    checklist: Checklist, snapshots: Sequence[Snapshot], now: Snapshot, lang: str
) -> ProgressSection | None:
    """Progress from the first snapshot to ``now`` (the report's state); None without any."""
    from tierassess.compare import compare

    # a snapshot of the very state the report shows is ``now`` itself, not an earlier point
    earlier = [
        s
        for s in snapshots
        if s.as_of < now.as_of
        or (s.as_of == now.as_of and s.assessment_digest != now.assessment_digest)
    ]
    if not earlier:
        return None
    series = sorted(earlier, key=lambda s: (s.as_of, s.taken_at))
    yardsticks = [y.id for y in checklist.header.yardsticks] or ["tier"]
    rows = [
        ProgressRow(
            as_of=s.as_of,
            readiness=s.readiness,
            verdicts=[_verdict_label(checklist, y, s, lang) for y in yardsticks],
            current=s is now,
        )
        for s in [*series, now]
    ]
    result = compare(series[0], now, checklist.renames)
    titles = {y.id: y.title.get(lang) for y in checklist.header.yardsticks}
    return ProgressSection(
        since=series[0].as_of,
        yardsticks=[titles.get(y, tier_label(0, lang) if y == "tier" else y) for y in yardsticks],
        rows=rows,
        counts=result.counts,
        closed=len(result.closed),
        opened=len(result.opened),
        late=[a.id for a in result.actions if a.status == "late"],
        years=[_year_row(y, lang) for y in result.years],
        spent=format_millions(result.spent_vnd, lang),
        planned_to_date=format_cost_range(
            result.planned_to_date_min_vnd, result.planned_to_date_max_vnd, lang
        ),
    )


def _year_row(year: YearSpend, lang: str) -> YearRow:
    return YearRow(
        year=year.year,
        planned=format_cost_range(year.planned_min_vnd, year.planned_max_vnd, lang),
        actual=format_millions(year.actual_vnd, lang),
    )


# --- layout ---------------------------------------------------------------------------------------


def route_story(
    summary: RouteSummary,
    cells: Any,
    width: float,
    lang: str,
    body: Any = None,
    note: Any = None,
) -> list[Any]:
    """The route section: "the least to fund" beside "the full plan", and what it holds on."""
    from reportlab.platypus import Paragraph, Spacer

    from tierassess.report.pdfkit import esc, table

    styles = cells.styles
    body = body or styles.body
    note = note or styles.small
    rows: list[list[Any]] = [
        [
            cells.head(""),
            cells.head(t("route.report.least", lang)),
            cells.head(t("route.report.full", lang)),
        ],
        [
            cells(t("route.report.actions", lang)),
            cells.right(summary.route_count),
            cells.right(summary.plan_count),
        ],
        [
            cells(t("route.report.cost", lang)),
            cells.right(summary.route_cost),
            cells.right(summary.plan_cost),
        ],
        [
            cells(t("route.report.expected", lang)),
            cells.right(summary.route_expected),
            cells.right("—"),
        ],
    ]
    story: list[Any] = [
        Paragraph(esc(t("route.report.intro", lang, target=summary.target)), body),
        Spacer(1, 2 * 72 / 25.4),
        table(
            rows,
            [width * 0.4, width * 0.3, width * 0.3],
            cell_style=styles.cell,
            align={1: "RIGHT", 2: "RIGHT"},
            monochrome=styles.monochrome,
        ),
    ]
    notes = [
        t("route.report.ids", lang, ids=", ".join(summary.route_actions) or "—"),
        t("route.report.beyond", lang, count=summary.beyond_count, cost=summary.beyond_cost),
    ]
    if summary.conditions:
        notes.append(t("route.report.conditions", lang, ids=", ".join(summary.conditions)))
    if summary.uncovered:
        notes.append(t("route.report.uncovered", lang, ids=", ".join(summary.uncovered)))
    notes.append(t("route.report.method", lang))
    story += [Paragraph(esc(text), note) for text in notes]
    return story


def progress_story(
    section: ProgressSection,
    cells: Any,
    width: float,
    lang: str,
    body: Any = None,
    note: Any = None,
    faces: Faces | None = None,
) -> list[Any]:
    """Readiness and verdicts over time, actions by status, planned against actual by year.

    ``body`` and ``note`` as in ``route_story``; ``faces`` the chart's fonts (DejaVu Sans unless
    told). The chart is black and white when the cells' styles are.
    """
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    from tierassess.formats import format_date
    from tierassess.report.fonts import SANS
    from tierassess.report.pdfkit import esc, table

    styles = cells.styles
    body = body or styles.body
    note = note or styles.small
    faces = faces or SANS
    gap = 2 * 72 / 25.4
    story: list[Any] = [
        Paragraph(
            esc(
                t(
                    "route.report.progress_intro",
                    lang,
                    since=format_date(section.since, lang),
                    closed=section.closed,
                    opened=section.opened,
                )
            ),
            body,
        ),
        Spacer(1, gap),
        progress_chart(section, width, lang, faces, monochrome=styles.monochrome),
    ]
    head = [
        cells.head(t("route.report.col_date", lang)),
        cells.head(t("route.col.snap_readiness", lang)),
    ]
    rows: list[list[Any]] = [[*head, *(cells.head(y) for y in section.yardsticks)]]
    for row in section.rows:
        day = format_date(row.as_of, lang) + (
            f" ({t('route.report.now', lang)})" if row.current else ""
        )
        rows.append(
            [
                cells(day),
                cells.right(format_percent(row.readiness, lang)),
                *(cells(v) for v in row.verdicts),
            ]
        )
    share = 0.62 / max(len(section.yardsticks), 1)
    story += [
        Spacer(1, gap),
        table(
            rows,
            [width * 0.22, width * 0.16] + [width * share] * len(section.yardsticks),
            cell_style=styles.cell,
            align={1: "RIGHT"},
            monochrome=styles.monochrome,
        ),
    ]
    counts = [
        [cells.head(t(f"route.progress.{s}", lang)) for s in STATUSES],
        [cells.right(section.counts.get(s, 0)) for s in STATUSES],
    ]
    story += [
        Spacer(1, gap),
        KeepTogether(
            [
                Paragraph(esc(t("route.report.by_status", lang)), body),
                table(
                    counts,
                    [width / 4] * 4,
                    zebra=False,
                    cell_style=styles.cell,
                    align={0: "RIGHT", 1: "RIGHT", 2: "RIGHT", 3: "RIGHT"},
                    monochrome=styles.monochrome,
                ),
            ]
        ),
    ]
    if section.late:
        story.append(
            Paragraph(esc(t("route.report.late", lang, ids=", ".join(section.late))), note)
        )
    years: list[list[Any]] = [
        [
            cells.head(t("route.col.year_year", lang)),
            cells.head(t("route.col.year_planned", lang)),
            cells.head(t("route.col.year_actual", lang)),
        ]
    ]
    years += [
        [cells.raw(y.year), cells.right(y.planned), cells.right(y.actual)] for y in section.years
    ]
    story += [
        Spacer(1, gap),
        KeepTogether(
            [
                Paragraph(esc(t("route.heading.years", lang)), body),
                table(
                    years,
                    [width * 0.2, width * 0.4, width * 0.4],
                    cell_style=styles.cell,
                    align={1: "RIGHT", 2: "RIGHT"},
                    monochrome=styles.monochrome,
                ),
            ]
        ),
        Paragraph(
            esc(
                t("route.report.spent", lang, spent=section.spent, planned=section.planned_to_date)
            ),
            note,
        ),
    ]
    return story


def progress_chart(
    section: ProgressSection,
    width: float,
    lang: str,
    faces: Faces | None = None,
    *,
    monochrome: bool = False,
) -> Drawing:
    """Readiness over time as a line from 0 to 100 %.

    Each point is labelled with the headline verdict (the first yardstick's).
    """
    from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
    from reportlab.lib.colors import HexColor

    from tierassess.formats import format_date
    from tierassess.report.fonts import SANS

    regular, bold = (faces or SANS).regular, (faces or SANS).bold
    if monochrome:
        ink, grid, accent = HexColor("#000000"), HexColor("#bbbbbb"), HexColor("#000000")
    else:
        ink, grid, accent = HexColor("#1f2937"), HexColor("#d1d5db"), HexColor("#1e3a8a")
    height, left, right, bottom, top = 150.0, 34.0, 20.0, 34.0, 12.0
    drawing = Drawing(width, height)
    drawing.initialFontName = regular
    plot_w, plot_h = width - left - right, height - bottom - top
    for step in range(0, 101, 25):
        y = bottom + plot_h * step / 100
        drawing.add(Line(left, y, left + plot_w, y, strokeColor=grid, strokeWidth=0.5))
        drawing.add(
            String(
                left - 4,
                y - 2.5,
                f"{step} %",
                fontName=regular,
                fontSize=7,
                fillColor=ink,
                textAnchor="end",
            )
        )
    days = [r.as_of.toordinal() for r in section.rows]
    first, span = days[0], max(days[-1] - days[0], 1)
    points = [
        (
            left + plot_w * (d - first) / span if len(days) > 1 else left + plot_w / 2,
            bottom + plot_h * max(0.0, min(1.0, r.readiness)),
        )
        for d, r in zip(days, section.rows, strict=True)
    ]
    if len(points) > 1:
        drawing.add(PolyLine([c for p in points for c in p], strokeColor=accent, strokeWidth=1.5))
    for (x, y), row in zip(points, section.rows, strict=True):
        drawing.add(Circle(x, y, 2.5, fillColor=accent, strokeColor=accent))
        drawing.add(
            String(
                x,
                y + 5,
                format_percent(row.readiness, lang),
                fontName=bold,
                fontSize=7,
                fillColor=ink,
                textAnchor="middle",
            )
        )
        drawing.add(
            String(
                x,
                bottom - 12,
                format_date(row.as_of, lang),
                fontName=regular,
                fontSize=7,
                fillColor=ink,
                textAnchor="middle",
            )
        )
        drawing.add(
            String(
                x,
                bottom - 22,
                row.verdicts[0] if row.verdicts else "",
                fontName=regular,
                fontSize=7,
                fillColor=ink,
                textAnchor="middle",
            )
        )
    return drawing
