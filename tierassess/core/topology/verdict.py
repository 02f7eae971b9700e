"""The verdict uses the model: the criteria a topology model decides are answered from it.

The criteria are listed in ``criteria.yaml``; each is marked as computed, with the model's digest
and the finding as evidence. A questionnaire answer that disagrees is kept on record and shown as
a conflict.

``with_computed_answers`` is the one hook that ``score`` and ``report`` call where they load a
site; everything else here is pure.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tierassess.core.models import (
    Answer,
    Assessment,
    Checklist,
    Criterion,
    EvidenceIndex,
    EvidenceItem,
    EvidenceKind,
    Result,
    WorkflowState,
)
from tierassess.core.topology.graph import Graph, compile_graph
from tierassess.core.topology.kinds import Subsystem
from tierassess.core.topology.model import Topology
from tierassess.core.topology.result import RuleStatus, TopologyReport
from tierassess.yamlio import load_model

CRITERIA_FILE = Path(__file__).with_name("criteria.yaml")
COMPUTED_BY = "tierassess topology"


class Selector(BaseModel):
    """Which elements decide a criterion: by kind, subsystem and what they feed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: list[str]
    subsystem: Subsystem | None = None
    feeds: list[str] = Field(default_factory=list)
    feeds_subsystem: Subsystem | None = None


class Decision(BaseModel):
    """How the model decides one criterion (one entry of ``criteria.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    criterion: str
    points: Selector | None = None
    partial_kinds: list[str] = Field(default_factory=list)
    rule: str | None = None
    value: (
        Literal["spare_units", "unit_out_percent", "fuel_hours", "water_hours", "dual_path_percent"]
        | None
    ) = None
    stage: str | None = None
    choices: dict[Literal["met", "partial", "not_met"], str] = Field(default_factory=dict)
    detail_choices: dict[str, str] = Field(default_factory=dict)


class DecisionTable(BaseModel):
    """The whole of ``criteria.yaml``: how the model decides each criterion it can."""

    model_config = ConfigDict(extra="forbid")

    criteria: list[Decision]


class ComputedAnswer(BaseModel):
    """A criterion answered from the model."""

    criterion_id: str
    result: Result
    value: float | None = None
    choice: str | None = None
    elements: list[str] = Field(default_factory=list, description="the elements that decide it")
    basis: str = Field(description="points, rule R.., or the measured quantity")


class AnswerConflict(BaseModel):
    """A questionnaire answer the model disagrees with (both are shown, neither is hidden)."""

    criterion_id: str
    computed: Result
    answered: Result
    answered_choice: str | None = None
    answered_value: float | None = None
    answered_by: str | None = None
    elements: list[str] = Field(default_factory=list)


class ComputedVerdict(BaseModel):
    """The computed answers of a site and the questionnaire answers they contradict."""

    digest: str
    source: str
    site_tier: int
    answers: list[ComputedAnswer]
    conflicts: list[AnswerConflict]
    # The model and its check, for the report's section and diagrams (not printed as JSON).
    model: Topology | None = Field(default=None, exclude=True)
    check: TopologyReport | None = Field(default=None, exclude=True)


@cache
def decision_table() -> DecisionTable:
    """The decision table shipped in ``criteria.yaml``, read once."""
    return load_model(CRITERIA_FILE, DecisionTable)


def _matching(graph: Graph, selector: Selector) -> list[str]:
    chosen = []
    for node, element in enumerate(graph.topology.elements):
        if element.kind not in selector.kinds or graph.specs[node].exempt:
            continue
        if selector.subsystem is not None and graph.subsystem[node] is not selector.subsystem:
            continue
        children = [child for child, _ in graph.successors[node]]
        if selector.feeds and not any(
            graph.topology.elements[c].kind in selector.feeds for c in children
        ):
            continue
        if selector.feeds_subsystem is not None and not any(
            graph.subsystem[c] is selector.feeds_subsystem for c in children
        ):
            continue
        chosen.append(element.id)
    return chosen


def _by_points(
    decision: Decision, graph: Graph, report: TopologyReport
) -> tuple[Result, list[str]] | None:
    assert decision.points is not None
    matched = _matching(graph, decision.points)
    if not matched:
        return None
    failing = {p.element for p in report.points_of_failure} & set(matched)
    elements = [m for m in matched if m in failing]
    if not elements:
        return Result.MET, []
    kinds = {graph.topology.elements[graph.index[e]].kind for e in elements}
    if decision.partial_kinds and kinds <= set(decision.partial_kinds):
        return Result.PARTIAL, elements
    return Result.NOT_MET, elements


def _value(decision: Decision, topology: Topology, report: TopologyReport) -> float | None:
    if decision.value in ("spare_units", "unit_out_percent"):
        groups = [g for g in report.capacity if g.stage == decision.stage]
        if not groups:
            return None
        if decision.value == "spare_units":
            return float(min(g.spare_units for g in groups))
        return round(min(g.unit_out_percent for g in groups), 1)
    if decision.value == "fuel_hours":
        return report.fuel_hours_worst
    if decision.value == "water_hours":
        return report.makeup_water_hours_worst
    loads = {e.id: e.power_kw or 0.0 for e in topology.elements if e.kind == "it_load"}
    total = sum(loads.values())
    if not total:
        return None
    single = {d.split(": ", 1)[0] for d in report.rule("R3").details}
    return round(100.0 * sum(kw for i, kw in loads.items() if i not in single) / total, 1)


def decide(
    checklist: Checklist, topology: Topology, report: TopologyReport
) -> list[ComputedAnswer]:
    """Every criterion of ``checklist`` that the model decides, answered."""
    graph = compile_graph(topology)
    criteria = {c.id: c for c in checklist.criteria}
    answers = []
    for decision in decision_table().criteria:
        criterion = criteria.get(decision.criterion)
        if criterion is None:
            continue
        computed = _decide_one(decision, criterion, graph, topology, report)
        if computed is not None:
            answers.append(computed)
    return answers


def _decide_one(
    decision: Decision,
    criterion: Criterion,
    graph: Graph,
    topology: Topology,
    report: TopologyReport,
) -> ComputedAnswer | None:
    if decision.value is not None:
        value = _value(decision, topology, report)
        spec = criterion.answer
        if value is None or spec.answer_unit is None:  # only a kind that takes a value
            return None
        return ComputedAnswer(
            criterion_id=criterion.id,
            result=spec.earned(Answer.model_construct(value=value)),
            value=value,
            basis=decision.value + (f":{decision.stage}" if decision.stage else ""),
        )
    if decision.rule is not None:
        finding = report.rule(decision.rule)
        if finding.status is RuleStatus.NOT_APPLICABLE:
            return None
        result = Result.MET if finding.status is RuleStatus.MET else Result.NOT_MET
        elements = finding.elements
        basis = decision.rule
    else:
        outcome = _by_points(decision, graph, report)
        if outcome is None:
            return None
        result, elements = outcome
        basis = "points"
    choice = decision.choices.get(result.value)  # type: ignore[call-overload]
    if decision.rule is not None and result is not Result.MET:
        codes = [d.rsplit(": ", 1)[-1].split(":")[0] for d in report.rule(decision.rule).details]
        # Only when every reason points the same way does the finding pick the option.
        picked = {decision.detail_choices.get(code) for code in codes}
        if len(picked) == 1 and None not in picked:
            choice = picked.pop()
    return ComputedAnswer(
        criterion_id=criterion.id, result=result, choice=choice, elements=elements, basis=basis
    )


def conflicts_with(
    checklist: Checklist, assessment: Assessment, answers: list[ComputedAnswer]
) -> list[AnswerConflict]:
    """Questionnaire answers whose result differs from the computed one."""
    from tierassess.core.scoring import answer_result

    criteria = {c.id: c for c in checklist.criteria}
    conflicts = []
    for computed in answers:
        answer = assessment.answers.get(computed.criterion_id)
        if answer is None or answer.result is Result.NOT_ASSESSED:
            continue
        answered = answer_result(criteria[computed.criterion_id], answer)
        if answered is not computed.result and answered is not Result.NOT_APPLICABLE:
            conflicts.append(
                AnswerConflict(
                    criterion_id=computed.criterion_id,
                    computed=computed.result,
                    answered=answered,
                    answered_choice=answer.choice,
                    answered_value=answer.value,
                    answered_by=answer.answered_by,
                    elements=computed.elements,
                )
            )
    return conflicts


def computed_verdict(
    checklist: Checklist,
    assessment: Assessment,
    topology: Topology,
    report: TopologyReport,
    source: str,
) -> ComputedVerdict:
    """The computed answers of a site and the questionnaire answers they contradict."""
    answers = decide(checklist, topology, report)
    return ComputedVerdict(
        digest=report.digest,
        source=source,
        site_tier=report.site_tier,
        answers=answers,
        conflicts=conflicts_with(checklist, assessment, answers),
        model=topology,
        check=report,
    )


def merged(
    checklist: Checklist,
    assessment: Assessment,
    evidence: EvidenceIndex,
    verdict: ComputedVerdict,
    model_file: tuple[str, int, datetime],
) -> tuple[Assessment, EvidenceIndex]:
    """The assessment with computed answers in place of the questionnaire's, in memory only.

    Only for the criteria the model decides; the model becomes an evidence item linked to them.
    """
    sha, size, modified = model_file
    criteria = {c.id: c for c in checklist.criteria}
    answers = dict(assessment.answers)
    for computed in verdict.answers:
        previous = answers.get(computed.criterion_id)
        spec = criteria[computed.criterion_id].answer
        answers[computed.criterion_id] = Answer(
            result=computed.result,
            value=computed.value,
            unit=spec.answer_unit,
            choice=computed.choice,
            notes=f"{COMPUTED_BY}: {computed.basis} {', '.join(computed.elements)}".strip(),
            evidence=sorted({*(previous.evidence if previous else []), sha}),
            answered_by=COMPUTED_BY,
            answered_at=modified,
            state=WorkflowState.ANSWERED,
            review=previous.review if previous else None,
        )
    item = EvidenceItem(
        sha256=sha,
        original_name=verdict.source,
        media_type="application/yaml",
        size=size,
        kind=EvidenceKind.DRAWING,
        captured_at=modified.date(),
        added_at=modified,
        added_by=COMPUTED_BY,
        description=f"topology model, digest {verdict.digest}",
        criteria=[a.criterion_id for a in verdict.answers],
    )
    kept = [i for i in evidence.items if i.sha256 != sha]
    return (
        assessment.model_copy(update={"answers": answers}),
        evidence.model_copy(update={"items": [*kept, item]}),
    )


def with_computed_answers(
    site_dir: Path, checklist: Checklist, assessment: Assessment, evidence: EvidenceIndex
) -> tuple[Assessment, EvidenceIndex, ComputedVerdict | None]:
    """Where the site has ``topology.yaml``: its computed answers merged in, and the verdict.

    The verdict (computed answers and conflicts) is for showing. Without a model, everything is
    returned as it was.
    """
    import hashlib

    from tierassess.core.topology.check import check_topology
    from tierassess.core.topology.loader import TOPOLOGY_FILE, load_topology

    path = site_dir / TOPOLOGY_FILE
    if not path.is_file():
        return assessment, evidence, None
    topology = load_topology(path)
    report = check_topology(topology)
    verdict = computed_verdict(checklist, assessment, topology, report, TOPOLOGY_FILE)
    data = path.read_bytes()
    # Dated like the assessment it belongs to, not by the file's mtime: git does not keep mtimes,
    # so a fresh clone would otherwise give every computed answer today's date, and two clones of
    # one repository different reports.
    modified = assessment.updated_at.astimezone(UTC).replace(microsecond=0)
    model_file = (hashlib.sha256(data).hexdigest(), len(data), modified)
    merged_assessment, merged_evidence = merged(
        checklist, assessment, evidence, verdict, model_file
    )
    return merged_assessment, merged_evidence, verdict
