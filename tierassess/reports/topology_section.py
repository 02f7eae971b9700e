"""What the report shows of a site's topology model.

The computed answers, the conflicts with the questionnaire, the tier per subsystem and the
diagrams (laid out, ready to draw).
"""

from __future__ import annotations

from pydantic import BaseModel

from tierassess.core.models import Checklist
from tierassess.core.topology.layout import Layout
from tierassess.core.topology.model import Topology
from tierassess.core.topology.result import TopologyReport
from tierassess.core.topology.verdict import ComputedVerdict
from tierassess.i18n import t, tier_label


class ComputedRow(BaseModel):
    """A criterion answered from the model, as the report's table lists it."""

    criterion_id: str
    title: str
    result: str
    basis: str


class ConflictRow(BaseModel):
    """A questionnaire answer the model contradicts, as the report's table lists it."""

    criterion_id: str
    title: str
    computed: str
    answered: str
    answered_by: str


class DiagramView(BaseModel):
    """One diagram of the section: its title and its layout."""

    title: str
    layout: Layout


class TopologySection(BaseModel):
    """The report's topology section, in one language."""

    digest: str
    source: str
    summary: str
    subsystems: list[tuple[str, str]]
    computed: list[ComputedRow]
    conflicts: list[ConflictRow]
    diagrams: list[DiagramView]


def _result(result: str, lang: str) -> str:
    return t(f"topology.result.{result}", lang)


def topology_section(
    checklist: Checklist,
    topology: Topology,
    report: TopologyReport,
    verdict: ComputedVerdict,
    site_name: str,
    lang: str,
) -> TopologySection:
    """Gather the section from the check, its computed answers and the laid-out views."""
    from tierassess.core.topology.svg import views

    titles = {c.id: c.title.get(lang) for c in checklist.criteria}
    computed = [
        ComputedRow(
            criterion_id=a.criterion_id,
            title=titles.get(a.criterion_id, a.criterion_id),
            result=_result(a.result.value, lang),
            basis=", ".join(a.elements) or ("" if a.value is None else f"{a.value:g}") or a.basis,
        )
        for a in verdict.answers
    ]
    conflicts = [
        ConflictRow(
            criterion_id=c.criterion_id,
            title=titles.get(c.criterion_id, c.criterion_id),
            computed=_result(c.computed.value, lang),
            answered=_result(c.answered.value, lang),
            answered_by=c.answered_by or "",
        )
        for c in verdict.conflicts
    ]
    return TopologySection(
        digest=report.digest,
        source=verdict.source,
        summary=t(
            "topology.report.summary",
            lang,
            tier=tier_label(report.site_tier, lang),
            computed=len(computed),
            conflicts=len(conflicts),
            digest=report.digest[:12],
        ),
        subsystems=[
            (t(f"topology.subsystem.{s.subsystem}", lang), tier_label(s.tier, lang))
            for s in report.subsystems
        ],
        computed=computed,
        conflicts=conflicts,
        diagrams=[
            DiagramView(title=t(f"topology.diagram.{view}", lang, site=site_name), layout=found)
            for view, found in views(topology, report).items()
        ],
    )


def section_of(
    checklist: Checklist, verdict: ComputedVerdict, site_name: str, lang: str
) -> TopologySection | None:
    """The section for a verdict that carries its model and check (``with_computed_answers``)."""
    if verdict.model is None or verdict.check is None:
        return None
    return topology_section(checklist, verdict.model, verdict.check, verdict, site_name, lang)
