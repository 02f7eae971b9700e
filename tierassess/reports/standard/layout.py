"""Standard layout, the document: its sections in order, and the page furniture around them.

The first page has a coloured band and the generator's name; later pages carry the site and the
target in the header, the catalogue and date in the footer, and ``Trang N / T``.
"""

from __future__ import annotations

from typing import Any

from tierassess import __version__
from tierassess.formats import format_date
from tierassess.i18n import t, tier_label
from tierassess.reports.data import ReportData
from tierassess.reports.fonts import BOLD, REGULAR
from tierassess.reports.pdfkit import (
    ACCENT,
    MM,
    MUTED,
    RULE,
    WARN,
    Cells,
    PageCallback,
    Styles,
    build_pdf,
    draw_page_number,
    make_styles,
)
from tierassess.reports.plan_tables import plan_table, years_table
from tierassess.reports.standard.cover import cover_story
from tierassess.reports.standard.evidence import evidence_story, evidence_table
from tierassess.reports.standard.findings import findings_story, findings_table
from tierassess.reports.standard.plan import plan_story, progress_story
from tierassess.reports.standard.summary import (
    BLOCKERS_SHOWN,
    blockers_table,
    summary_story,
    verdict_table,
)

LEFT, RIGHT, TOP, BOTTOM = 20 * MM, 16 * MM, 22 * MM, 18 * MM


def report_tables(data: ReportData, styles: Styles, width: float) -> list[Any]:
    """Every table of the standard report, in order (the benchmark lays these out alone)."""
    cells = Cells(styles, data.meta.lang)
    lang = data.meta.lang
    tables = [verdict_table(data, cells, width)]
    if data.blockers:
        tables.append(blockers_table(data.blockers[:BLOCKERS_SHOWN], cells, width))
    tables.append(years_table(data, cells, width * 0.6))
    tables += [findings_table(section, cells, width, lang) for section in data.findings]
    if data.plan_rows:
        tables.append(plan_table(data, cells, width))
    if data.evidence:
        tables.append(evidence_table(data, cells, width))
    return tables


def standard_story(data: ReportData, styles: Styles, width: float) -> list[Any]:
    """The sections in order: cover, summary, findings, plan, topology, progress, evidence."""
    cells = Cells(styles, data.meta.lang)
    story = cover_story(data, styles, cells, width)
    story += summary_story(data, styles, cells, width)
    story += findings_story(data, styles, cells, width)
    story += plan_story(data, styles, cells, width)
    if data.topology is not None:  # computed from the site's topology model
        from tierassess.reports.topology_pdf import topology_story

        story += topology_story(data.topology, styles, width, data.meta.lang)
    story += progress_story(data, styles, cells, width)
    story += evidence_story(data, styles, cells, width)
    return story


def _first_page(data: ReportData, page_size: tuple[float, float]) -> PageCallback:
    """The cover's furniture: a band across the top, the generator and the page number."""
    from reportlab.lib.colors import HexColor

    page_width, page_height = page_size

    def first_page(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(HexColor(ACCENT))
        canvas.rect(0, page_height - 9 * MM, page_width, 9 * MM, stroke=0, fill=1)
        canvas.setFillColor(HexColor(MUTED))
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(LEFT, BOTTOM - 9 * MM, f"tierassess {__version__}")
        draw_page_number(canvas, page_width - RIGHT, BOTTOM - 9 * MM, data.meta.lang)
        canvas.restoreState()

    return first_page


def _later_pages(data: ReportData, page_size: tuple[float, float]) -> PageCallback:
    """The running header (site, target, SAMPLE) and footer (catalogue, date, note, page)."""
    from reportlab.lib.colors import HexColor

    meta, lang = data.meta, data.meta.lang
    page_width, page_height = page_size
    running = f"{meta.site_name} — {t('report.pdf.running', lang, tier=tier_label(meta.target_tier, lang))}"
    footer_left = f"{meta.checklist_id} v{meta.checklist_version} · {format_date(meta.as_of, lang)}"

    def later_pages(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(HexColor(MUTED))
        y = page_height - TOP + 7 * MM
        canvas.drawString(LEFT, y, running)
        if meta.sample:
            canvas.setFillColor(HexColor(WARN))
            canvas.setFont(BOLD, 7.5)
            canvas.drawRightString(page_width - RIGHT, y, t("report.pdf.sample_short", lang))
        canvas.setStrokeColor(HexColor(RULE))
        canvas.setLineWidth(0.5)
        canvas.line(LEFT, y - 2.5 * MM, page_width - RIGHT, y - 2.5 * MM)
        canvas.line(LEFT, BOTTOM - 5 * MM, page_width - RIGHT, BOTTOM - 5 * MM)
        canvas.setFillColor(HexColor(MUTED))
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(LEFT, BOTTOM - 9 * MM, footer_left)
        canvas.drawCentredString(page_width / 2, BOTTOM - 9 * MM, t("report.pdf.footer_note", lang))
        draw_page_number(canvas, page_width - RIGHT, BOTTOM - 9 * MM, lang)
        canvas.restoreState()

    return later_pages


def render_standard(data: ReportData) -> bytes:
    """The engineering report as PDF bytes."""
    from reportlab.lib.pagesizes import A4

    styles = make_styles()
    meta = data.meta
    width = A4[0] - LEFT - RIGHT
    story = standard_story(data, styles, width)
    return build_pdf(
        story,
        page_size=A4,
        margins=(LEFT, RIGHT, TOP, BOTTOM),
        on_first_page=_first_page(data, A4),
        on_later_pages=_later_pages(data, A4),
        title=f"{meta.title} — {meta.site_name}",
        author=meta.assessor or meta.operator,
        subject=f"{meta.checklist_title} ({meta.checklist_id} v{meta.checklist_version})",
        keywords=["Tier " + str(meta.target_tier), meta.site_id, meta.checklist_id, "tierassess"],
        lang=data.meta.lang,
        as_of=meta.as_of,
    )
