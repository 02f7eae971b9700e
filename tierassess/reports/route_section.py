"""Section shared by both PDF layouts: the route, "the least to fund" beside "the full plan".

The standard layout puts it in the plan section; the administrative document in section IV, in
its own type (``body`` and ``note``) and ruled in black.
"""

from __future__ import annotations

from typing import Any

from tierassess.i18n import t
from tierassess.reports.pdfkit import MM, esc, table
from tierassess.reports.progress import RouteSummary


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
        Spacer(1, 2 * MM),
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
