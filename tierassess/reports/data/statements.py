"""Gathering, the sentences: how complete the assessment is, and why the verdict is what it is.

Both layouts state them; the administrative document says them in the organisation's voice.
"""

from __future__ import annotations

from tierassess.formats import format_percent
from tierassess.i18n import t, tier_label
from tierassess.reports.data.report import ReportData


def completeness_statement(data: ReportData) -> str:
    """What the assessment has not covered yet, said by the organisation (one or two sentences)."""
    lang = data.meta.lang
    if not data.unanswered and not data.unverified:
        return t("report.complete.yes", lang, applicable=data.applicable)
    parts = []
    if data.unanswered:
        parts.append(
            t("report.complete.unanswered", lang, count=data.unanswered, applicable=data.applicable)
        )
    if data.unverified:
        key = (
            "report.complete.unverified_rejected" if data.rejected else "report.complete.unverified"
        )
        parts.append(t(key, lang, count=data.unverified, rejected=data.rejected))
    return t("report.complete.no", lang, parts="; ".join(parts))


def verdict_reason(data: ReportData) -> str | None:
    """Why the facility rates below its target, in one sentence a director understands."""
    if data.meets_target or not data.verdicts:
        return None
    lang = data.meta.lang
    weakest = min(data.verdicts, key=lambda v: (v.tier, -len(v.blockers), v.subsystem_id))
    example = next(
        (b.title for b in data.blockers if b.criterion_id in weakest.blockers),
        weakest.blockers[0] if weakest.blockers else "",
    )
    return t(
        "report.complete.reason" if weakest.blockers else "report.complete.reason_plain",
        lang,
        tier=tier_label(data.facility_tier, lang),
        readiness=format_percent(data.readiness, lang),
        subsystem=weakest.subsystem,
        count=len(weakest.blockers),
        example=example,
        target=tier_label(data.meta.target_tier, lang),
    )
