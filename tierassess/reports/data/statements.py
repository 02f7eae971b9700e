"""Gathering, the sentences: how complete the assessment is, and why the verdict is what it is.

Both layouts state them; the administrative document says them in the organisation's voice.
"""

from __future__ import annotations

from tierassess.formats import format_percent
from tierassess.i18n import t, tier_label
from tierassess.reports.data.report import ReportData


def completeness_statement(data: ReportData) -> str:
    """What the assessment has not covered yet, said by the organisation (one or two sentences).

    Answers that cannot be judged (a design condition unknown, a question changed since) count
    as not covered; requirements the facility itself fails follow as a sentence of their own.
    """
    lang = data.meta.lang
    parts = []
    if data.unanswered:
        parts.append(
            t("report.complete.unanswered", lang, count=data.unanswered, applicable=data.applicable)
        )
    parts += _not_judged_parts(data)
    if data.unverified:
        key = (
            "report.complete.unverified_rejected" if data.rejected else "report.complete.unverified"
        )
        parts.append(t(key, lang, count=data.unverified, rejected=data.rejected))
    if parts:
        statement = t("report.complete.no", lang, parts="; ".join(parts))
    else:
        statement = t("report.complete.yes", lang, applicable=data.applicable)
    if data.profile_notes:
        notes = " ".join(data.profile_notes)
        statement += " " + t("report.complete.profile", lang, messages=notes)
    return statement


def _not_judged_parts(data: ReportData) -> list[str]:
    lang = data.meta.lang
    parts = []
    for reason, key in (("design_unknown", "undetermined"), ("asked_anew", "asked_anew")):
        rows = [row for row in data.not_judged if row.reason == reason]
        if not rows:
            continue
        details = sorted({row.detail for row in rows})
        named = (
            [t(f"design.condition.{d}", lang) for d in details]
            if reason == "design_unknown"
            else details
        )
        parts.append(
            t(
                f"report.complete.{key}",
                lang,
                count=len(rows),
                conditions=", ".join(named),
                versions=", ".join(named),
                ids=", ".join(row.criterion_id for row in rows),
            )
        )
    return parts


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
