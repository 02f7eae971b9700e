"""Gathering, the cover: who, what and when (``ReportMeta``).

The site, its operator and assessor, the as-of date, the catalogue, the target tier, the plan's
years and units, how claims were counted, and who governs and signs.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from tierassess import __version__
from tierassess.core.models import Assessment, Checklist, RemediationPlan, Scorecard
from tierassess.i18n import t, tier_label


class ReportMeta(BaseModel):
    """Who, what and when: the cover of the report."""

    lang: str
    title: str
    site_id: str
    site_name: str
    operator: str
    address: str
    assessor: str | None
    as_of: date
    checklist_id: str
    checklist_title: str
    checklist_version: str
    target_tier: int
    sample: bool
    disclaimer: str
    cost_note: str | None
    outage_note: str | None = None  # the outage weeks are estimates (planning.yaml says so)
    plan_start_year: int
    plan_end_year: int
    lead_unit: str
    coordinating_unit: str
    method: str = Field(default="", description="How claims were counted, in one sentence.")
    generator: str = ""
    governing_body: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None


def method_sentence(scorecard: Scorecard, lang: str) -> str:
    """How claims were counted (unverified, stale) and what readiness means, in ``lang``."""
    settings = scorecard.settings
    counted = "report.method." + ("counted" if settings.unverified_counts_as_met else "strict")
    stale = "_stale" if not settings.stale_counts_as_missing else ""
    return t(counted + stale, lang) + " " + t("report.method.readiness", lang)


def gather_meta(
    checklist: Checklist,
    assessment: Assessment,
    scorecard: Scorecard,
    plan: RemediationPlan,
    lang: str,
) -> ReportMeta:
    """The cover's facts in ``lang``; units fall back from the site to the catalogue's defaults."""
    site = assessment.site
    defaults = checklist.planning.defaults if checklist.planning else None
    lead_unit = site.planning.lead_unit or (defaults.lead_unit if defaults else None)
    coordinating = site.planning.coordinating_unit or (
        defaults.coordinating_unit if defaults else None
    )
    cost_note = checklist.planning.note if checklist.planning else None
    outage_note = checklist.planning.outage_note if checklist.planning else None
    return ReportMeta(
        lang=lang,
        title=t("report.pdf.title", lang, tier=tier_label(site.target_tier, lang)),
        site_id=site.id,
        site_name=site.name,
        operator=site.operator,
        address=site.address,
        assessor=site.assessor,
        as_of=scorecard.as_of,
        checklist_id=checklist.id,
        checklist_title=checklist.header.title.get(lang),
        checklist_version=checklist.version,
        target_tier=scorecard.target_tier,
        sample=site.sample,
        disclaimer=checklist.header.disclaimer.get(lang),
        cost_note=cost_note.get(lang) if cost_note else None,
        outage_note=outage_note.get(lang) if outage_note else None,
        plan_start_year=plan.start_year,
        plan_end_year=plan.end_year,
        lead_unit=lead_unit.get(lang) if lead_unit else site.operator,
        coordinating_unit=coordinating.get(lang) if coordinating else "—",
        method=method_sentence(scorecard, lang),
        generator=f"tierassess {__version__}",
        governing_body=site.governing_body,
        signer_title=site.signer_title,
        signer_name=site.signer_name,
    )
