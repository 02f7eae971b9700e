"""Reports, built in two steps: gather the figures, then lay them out.

    data.py     gather_report_data(checklist, assessment, evidence, scorecard, plan) -> ReportData
    pdf.py      render_pdf(data, layout="standard" | "administrative") -> bytes (reportlab)
    admin.py    the plan as a Vietnamese administrative document (Decree 30/2020/NĐ-CP)
    pdfkit.py   the PDF kit both layouts share: styles, headings, tables, cells, the builder
    plan_tables.py  the plan's tables, shared by both layouts
    charts.py   readiness by domain, cost by year, the 2025–2030 timeline (reportlab.graphics)
    sheets.py   XLSX (openpyxl), CSV and JSON writers
    fonts.py    the shipped DejaVu Sans and Liberation Serif families, each registered once
    export.py   export_reports(workspace, site, options): what ``tierassess report`` calls

Nothing is imported here, so that importing one writer does not pull in the others' libraries.
"""
