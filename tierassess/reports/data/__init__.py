"""The figures of a report, gathered into one plain model before any page is laid out.

``gather_report_data`` reads the checklist, the assessment, the evidence index, the scorecard and
the remediation plan, and returns a ``ReportData``: every number, every row and every catalogue
text already chosen in the report's language. The PDF, XLSX, CSV and JSON writers only lay it out,
so they agree with each other by construction, and the JSON export is this model as it is.

One module per part it gathers:

    labels.py      the catalogue's names and the review states, shared by every part
    cover.py       who, what and when (ReportMeta)
    scores.py      verdicts, yardsticks, domains, blockers, every scored criterion
    findings.py    the gaps, by domain, with what to do about each
    plan.py        the tasks in the province's appendix columns, and cost by year
    evidence.py    the evidence index
    report.py      ReportData and gather_report_data, which fills it part by part
    statements.py  the completeness statement and the reason for the verdict

This package's face re-exports them, and the number and date formats of ``tierassess.formats``
that every writer uses, so a writer imports from one place.
"""

from tierassess.reports.data.cover import ReportMeta
from tierassess.reports.data.evidence import EvidenceRow
from tierassess.reports.data.findings import FindingsSection, GapRow
from tierassess.reports.data.plan import PlanGroup, PlanRow, YearRow, timeframe
from tierassess.reports.data.report import ReportData, gather_report_data
from tierassess.reports.data.scores import (
    BlockerRow,
    CriterionRow,
    DomainRow,
    NotJudgedRow,
    VerdictRow,
    YardstickRow,
)
from tierassess.reports.data.statements import completeness_statement, verdict_reason

__all__ = [
    "BlockerRow",
    "CriterionRow",
    "DomainRow",
    "EvidenceRow",
    "FindingsSection",
    "GapRow",
    "NotJudgedRow",
    "PlanGroup",
    "PlanRow",
    "ReportData",
    "ReportMeta",
    "VerdictRow",
    "YardstickRow",
    "YearRow",
    "completeness_statement",
    "gather_report_data",
    "timeframe",
    "verdict_reason",
]
