"""The PDF report in either layout, from a ``ReportData``: ``render_pdf`` picks the layout.

``standard`` is an engineering report (``tierassess.reports.standard``: cover, executive summary,
findings, plan, evidence index); ``administrative`` is the plan as a Vietnamese administrative
document (``tierassess.reports.admin``). Both are built with the shared kit (``pdfkit.py``) and the
plan's tables (``plan_tables.py``), and both are deterministic: reportlab's invariant mode plus a
creation date fixed to the report's as-of date, so the same inputs give the same bytes.
"""

from __future__ import annotations

from typing import Any

from tierassess.formats import format_number
from tierassess.reports.data import ReportData
from tierassess.reports.fonts import FAMILY
from tierassess.reports.standard import render_standard, report_tables


def render_pdf(data: ReportData, layout: str = "standard", admin: Any = None) -> bytes:
    """Render the report in ``layout`` (``standard`` or ``administrative``) to PDF bytes."""
    if layout == "administrative":
        from tierassess.reports.admin import AdminDocument, render_administrative

        return render_administrative(data, admin if admin is not None else AdminDocument())
    return render_standard(data)


__all__ = ["FAMILY", "format_number", "render_pdf", "render_standard", "report_tables"]
