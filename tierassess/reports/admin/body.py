"""Administrative layout, the body: sections I to V of the plan, in the organisation's voice.

I purpose and requirements; II the present state (the verdict and why, how complete the
assessment is, each yardstick's verdict, progress since the first snapshot); III the content;
IV the funding (cost by year, the least to fund beside the full plan); V who does it.
"""

from __future__ import annotations

from typing import Any

from tierassess.formats import format_percent
from tierassess.i18n import t, tier_label
from tierassess.reports.admin.styles import AdminStyles
from tierassess.reports.data import ReportData, completeness_statement, verdict_reason
from tierassess.reports.pdfkit import esc
from tierassess.reports.plan_tables import yardstick_table, years_note, years_table


def _paragraphs(texts: list[str], style: Any) -> list[Any]:
    from reportlab.platypus import Paragraph

    return [Paragraph(esc(text), style) for text in texts]


def _route_part(data: ReportData, styles: AdminStyles) -> list[Any]:
    """The route part: "the least to fund" beside "the full plan", under its own heading.

    Nothing without a route. The heading, the sentence that introduces the table and the table stay
    on one page.
    """
    from reportlab.platypus import KeepTogether, Paragraph

    from tierassess.reports.route_section import route_story

    if data.route is None:
        return []
    lang = data.meta.lang
    story = route_story(
        data.route, styles.cells, styles.width, lang, body=styles.body, note=styles.note
    )
    title = Paragraph(esc(t("route.report.heading", lang)), styles.section)
    return [KeepTogether([title, *story[:3]]), *story[3:]]


def _progress_part(data: ReportData, styles: AdminStyles) -> list[Any]:
    """Progress against the plan since the first snapshot, in black and white.

    The chart is in the document's serif; nothing when the site has no earlier snapshot.
    """
    from reportlab.platypus import KeepTogether, Paragraph

    from tierassess.reports.fonts import SERIF as serif
    from tierassess.reports.progress_section import progress_story

    if data.progress is None:
        return []
    lang = data.meta.lang
    story = progress_story(
        data.progress,
        styles.cells,
        styles.width,
        lang,
        body=styles.body,
        note=styles.note,
        faces=serif,
    )
    title = Paragraph(esc(t("route.report.progress_heading", lang)), styles.section)
    # the heading goes over with the sentence and the chart it introduces
    return [KeepTogether([title, *story[:3]]), *story[3:]]


def purpose_story(data: ReportData, styles: AdminStyles) -> list[Any]:
    """I. Purpose and requirements."""
    meta, lang = data.meta, data.meta.lang
    purpose = t(
        "report.admin.purpose",
        lang,
        date=f"{meta.as_of.day:02d}/{meta.as_of.month:02d}/{meta.as_of.year}",
        site=meta.site_name,
        target=tier_label(meta.target_tier, lang),
        start=meta.plan_start_year,
        end=meta.plan_end_year,
    )
    return [
        *_paragraphs([t("report.admin.s1", lang)], styles.section),
        *_paragraphs([purpose, t("report.admin.requirements", lang)], styles.body),
    ]


def status_story(data: ReportData, styles: AdminStyles) -> list[Any]:
    """II. The present state: verdict, why, completeness, yardsticks, progress."""
    from reportlab.platypus import Spacer

    meta, lang = data.meta, data.meta.lang
    verdict_key = (
        "report.admin.status_meets" if data.meets_target else "report.admin.status_not_met"
    )
    verdict = t(
        verdict_key,
        lang,
        tier=tier_label(data.facility_tier, lang),
        target=tier_label(meta.target_tier, lang),
        readiness=format_percent(data.readiness, lang),
        applicable=data.applicable,
        gaps=len(data.gaps),
        blockers=len(data.blockers),
    )
    reason = verdict_reason(data)
    story = _paragraphs([t("report.admin.s2", lang)], styles.section)
    story += _paragraphs(
        [verdict, *([reason] if reason else []), completeness_statement(data)], styles.body
    )
    if data.yardsticks:
        # The same verdict-by-yardstick table as the standard layout, ruled in black.
        story.append(Spacer(1, 4))
        story.append(yardstick_table(data, styles.cells, styles.width))
        story.append(Spacer(1, 6))
    story += _paragraphs([t("report.complete.not_certification", lang)], styles.body)
    story += _progress_part(data, styles)
    return story


def content_story(data: ReportData, styles: AdminStyles) -> list[Any]:
    """III. The content: how many tasks (listed in the appendix)."""
    lang = data.meta.lang
    return [
        *_paragraphs([t("report.admin.s3", lang)], styles.section),
        *_paragraphs([t("report.admin.content", lang, count=len(data.plan_rows))], styles.body),
    ]


def funding_story(data: ReportData, styles: AdminStyles) -> list[Any]:
    """IV. Funding: cost by year, the catalogue's note on costs, and the route part."""
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    lang = data.meta.lang
    # The budget table is short: kept whole, with its heading and the sentence that introduces
    # it (keepWithNext does not reach into a KeepTogether, so the heading goes inside).
    story: list[Any] = [
        KeepTogether(
            [
                Paragraph(esc(t("report.admin.s4", lang)), styles.section),
                Paragraph(esc(t("report.admin.funding", lang, cost=data.cost)), styles.body),
                years_table(data, styles.cells, styles.width * 0.7),
                Paragraph(esc(years_note(data)), styles.note),
            ]
        ),
        Spacer(1, 8),
    ]
    story += _paragraphs(
        [n for n in (data.meta.cost_note, data.meta.outage_note) if n], styles.body
    )
    story += _route_part(data, styles)
    return story


def organisation_story(data: ReportData, styles: AdminStyles) -> list[Any]:
    """V. Who does it: the lead unit and the coordinating unit."""
    meta, lang = data.meta, data.meta.lang
    return [
        *_paragraphs([t("report.admin.s5", lang)], styles.section),
        *_paragraphs(
            [
                t("report.admin.lead", lang, lead=meta.lead_unit),
                t("report.admin.coordinating", lang, coordinating=meta.coordinating_unit),
            ],
            styles.body,
        ),
    ]
