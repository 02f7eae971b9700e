"""The standard layout: an engineering report, one module per section.

    cover.py     sample banner, title, the site's facts, completeness, disclaimer
    summary.py   verdict, yardsticks, tier per subsystem, readiness, blockers, cost by year
    findings.py  one table of gaps per domain
    plan.py      the costed tasks, reviewers' findings, the route, the timeline; progress
    evidence.py  the evidence index
    layout.py    the sections in order and the page furniture: render_standard

The topology section comes from ``tierassess.reports.topology_pdf``; the tables the plan shares
with the administrative layout from ``tierassess.reports.plan_tables``; the kit from ``pdfkit``.
"""

from tierassess.reports.standard.layout import render_standard, report_tables, standard_story

__all__ = ["render_standard", "report_tables", "standard_story"]
