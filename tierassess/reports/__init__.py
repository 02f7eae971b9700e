"""Reports, built in two steps: gather the figures, then lay them out.

    data/             gather_report_data(checklist, assessment, evidence, scorecard, plan)
                      -> ReportData; one module per part it gathers (cover, scores, findings,
                      plan, evidence, the completeness and verdict sentences)
    progress.py       the route and progress figures (RouteSummary, ProgressSection)
    export.py         export_reports(workspace, site, options): what ``tierassess report`` calls

    pdf.py            render_pdf(data, layout="standard" | "administrative") -> bytes
    standard/         the engineering report, one module per section (cover, summary,
                      findings, plan, evidence) and layout.py, which orders them
    admin/            the plan as a Vietnamese administrative document (Decree 30/2020/NĐ-CP),
                      one module per part (heading, body I–V, signature, appendix)
    plan_tables.py    sections both layouts share: the plan's tables, cost by year, yardsticks
    route_section.py  ... the least to fund beside the full plan
    progress_section.py ... progress since the first snapshot
    charts.py         readiness by domain, cost by year, the 2025–2030 timeline
    pdfkit.py         the PDF kit: styles, headings, tables, cells, the deterministic builder
    fonts.py          the shipped DejaVu Sans and Liberation Serif families, registered once
    integrity.py      the report's own warnings (audit chain, missing or stale evidence)

    columns.py        the spreadsheet tables' columns, shared by the XLSX and the CSV files
    xlsx.py           the workbook (openpyxl)
    sheets.py         CSV and JSON, and the atomic writers of all three

Nothing is imported here, so that importing one writer does not pull in the others' libraries.
"""
