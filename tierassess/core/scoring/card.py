"""Answers to a scorecard: compliance, gaps, readiness and the weakest-link tier verdict.

The rules, in one place:

* **Scope.** A criterion is scored when it applies to the site at the target tier
  (``Criterion.applies_to``). A criterion answered *not applicable* is removed, exactly as if the
  checklist did not hold it (it is listed in ``Scorecard.not_applicable``).
* **Result.** The answer's kind decides (``AnswerKind.earned``): a measured answer's result comes
  from its value and a choice's from its option, so a typed result cannot contradict a number.
  Otherwise the recorded result stands.
* **Undetermined.** An answer whose threshold refers to a design condition the site's profile
  leaves unknown (``AnswerKind.waits_for``) is not assessed: it earns nothing, and is listed in
  ``Scorecard.undetermined`` with the condition it waits for, not among the unanswered.
* **Asked anew.** A recorded answer given under a catalogue version older than its criterion's
  ``asked_since`` (the question changed meaning since) is not judged under the new meaning: it
  is scored as unanswered and listed in ``Scorecard.asked_anew`` with the version that changed it.
* **Evidence.** A claim (met or partial) is *verified* when its evidence status
  (``tierassess.core.freshness``) is ``ok`` or ``not_required``, or ``stale`` when
  ``stale_counts_as_missing`` is off. A claim an auditor rejected never counts. Other claims are
  *unverified*: they earn nothing unless ``unverified_counts_as_met`` is on (off by default: a
  readiness figure spent on public money should not rest on unproven claims).
* **Compliance** is 1 for met, 0.5 for partial, 0 otherwise (including unanswered and unverified);
  **gap score** = severity factor (critical 3, major 2, minor 1) × weight × (1 − compliance).
* **Readiness** of a domain, a subsystem or the site = 1 − Σ gap / Σ (severity factor × weight)
  over its scored criteria: unanswered criteria count as gaps, so readiness never flatters.
* **Verdict.** A subsystem is rated the highest tier *t* such that every must-pass criterion with
  ``min_tier <= t`` counts as met (partial is not met). The rating does not go above the target
  tier (criteria above it are not assessed) nor above the highest ``min_tier`` among the scored
  criteria (a site scored on tier-1 criteria alone has not shown it is Tier III; counting the
  scored criteria, not the whole checklist, keeps "not applicable" the same as "removed"). The
  facility takes the lowest subsystem's rating (the weakest-link rule). Blockers are the must-pass
  criteria not counted as met, listed by subsystem.

Scoring is pure and deterministic: criteria are put in a canonical order (domain order of the
checklist header, then id) before anything is summed, so file order and criterion order do not
change a figure. ``as_of`` defaults to today only when the settings do not name a date.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from tierassess.core.freshness import EvidenceLookup, status_with
from tierassess.core.models import (
    Answer,
    AreaReadiness,
    Assessment,
    Checklist,
    ChecklistHeader,
    Criterion,
    CriterionScore,
    EvidenceIndex,
    EvidenceStatus,
    Result,
    Scorecard,
    ScoringSettings,
    Severity,
    SiteProfile,
    SubsystemVerdict,
    YardstickVerdict,
    utc_now,
)
from tierassess.core.scoring.yardsticks import ScoredAnswer, undetermined_by, yardstick_verdicts

if TYPE_CHECKING:
    import pandas as pd

SEVERITY_FACTOR: dict[Severity, float] = {
    Severity.CRITICAL: 3.0,
    Severity.MAJOR: 2.0,
    Severity.MINOR: 1.0,
}
COMPLIANCE: dict[Result, float] = {Result.MET: 1.0, Result.PARTIAL: 0.5}
_NO_ANSWER = Answer()
_DIGITS = 9  # figures are rounded so that summing in another order cannot change them


ComputedAnswers = Callable[[Checklist, Assessment], Mapping[str, Answer]]
"""A hook that supplies answers worked out by another part of the tool (e.g. the topology
analysis): they replace the recorded answers of the criteria they name, for scoring only."""


def answer_result(
    criterion: Criterion, answer: Answer, profile: SiteProfile | None = None
) -> Result:
    """The result an answer earns: from its value or choice when it has one, else as recorded.

    A measured threshold that refers to a site design condition is taken from ``profile``.
    """
    return criterion.answer.earned(answer, profile)


@dataclass(frozen=True)
class _Row:
    site: int
    criterion: Criterion
    result: Result
    status: EvidenceStatus
    value: float | None
    answer: Answer
    undetermined: str | None  # the design condition the answer waits for, if any
    asked_anew: str | None  # the catalogue version whose new question the answer predates


@dataclass(frozen=True)
class _Site:
    assessment: Assessment
    target: int
    cap: int
    rows: list[_Row]
    not_applicable: list[str]
    na_answers: list[tuple[Criterion, Answer]]


def _domain_rank(header: ChecklistHeader) -> dict[str, int]:
    return {d.id: i for i, d in enumerate(header.domains)}


def _subsystem_rank(header: ChecklistHeader) -> dict[str, int]:
    return {s.id: i for i, s in enumerate(header.subsystems)}


def _current_answer(
    criterion: Criterion, assessment: Assessment, computed: Mapping[str, Answer]
) -> tuple[Answer, str | None]:
    """The answer to judge, and the version that changed the question if the answer predates it.

    A recorded answer given before its question changed meaning counts as no answer.
    """
    if criterion.id in computed:
        return computed[criterion.id], None
    if criterion.asked_anew_in(assessment):
        return _NO_ANSWER, criterion.asked_since
    return assessment.answers.get(criterion.id) or _NO_ANSWER, None


def _gather(
    checklist: Checklist,
    assessment: Assessment,
    index: EvidenceIndex,
    settings: ScoringSettings,
    as_of: date,
    site_no: int,
    computed: Mapping[str, Answer],
) -> _Site:
    profile = assessment.site
    target = settings.target_tier or profile.target_tier
    lookup = EvidenceLookup.of(index)
    rows: list[_Row] = []
    not_applicable: list[str] = []
    na_answers: list[tuple[Criterion, Answer]] = []
    for criterion in checklist.criteria:
        if not criterion.applies_to(profile, target):
            continue
        answer, asked_anew = _current_answer(criterion, assessment, computed)
        result = answer_result(criterion, answer, profile)
        if result is Result.NOT_APPLICABLE:
            not_applicable.append(criterion.id)
            na_answers.append((criterion, answer))
            continue
        status = status_with(criterion, answer, lookup, as_of)
        waits_for = undetermined_by(criterion, answer, profile)
        rows.append(
            _Row(site_no, criterion, result, status, answer.value, answer, waits_for, asked_anew)
        )
    covered = max((row.criterion.min_tier for row in rows), default=0)
    return _Site(assessment, target, min(target, covered), rows, sorted(not_applicable), na_answers)


def _frame(
    sites: Sequence[_Site], header: ChecklistHeader, settings: ScoringSettings
) -> tuple[pd.DataFrame, list[_Row]]:
    import pandas as pd

    rows = [row for site in sites for row in site.rows]
    criteria = [row.criterion for row in rows]
    frame = pd.DataFrame(
        {
            "row": range(len(rows)),
            "site": [row.site for row in rows],
            "criterion_id": [c.id for c in criteria],
            "domain": [c.domain for c in criteria],
            "subsystem": [c.subsystem for c in criteria],
            "min_tier": [c.min_tier for c in criteria],
            "must_pass": [c.must_pass for c in criteria],
            "weight": [float(c.weight) for c in criteria],
            "factor": [SEVERITY_FACTOR[c.severity] for c in criteria],
            "result": [row.result.value for row in rows],
            "claimed": [COMPLIANCE.get(row.result, 0.0) for row in rows],
            "status": [row.status.value for row in rows],
            "undetermined": [row.undetermined is not None for row in rows],
        }
    )
    rank = _domain_rank(header)
    frame["domain_rank"] = frame["domain"].map(rank).fillna(len(rank)).astype("int64")
    frame = frame.sort_values(["site", "domain_rank", "criterion_id"], kind="stable")
    frame = frame.reset_index(drop=True)

    status = frame["status"]
    verified = status.isin([EvidenceStatus.OK.value, EvidenceStatus.NOT_REQUIRED.value])
    if not settings.stale_counts_as_missing:
        verified |= status == EvidenceStatus.STALE.value
    rejected = status == EvidenceStatus.REJECTED.value
    claimed = frame["claimed"] > 0
    unverified = claimed & ~verified
    earns = verified | (settings.unverified_counts_as_met & ~rejected)
    frame["unanswered"] = (frame["result"] == Result.NOT_ASSESSED.value) & ~frame["undetermined"]
    frame["unverified"] = unverified
    frame["stale"] = claimed & (status == EvidenceStatus.STALE.value)
    frame["rejected"] = claimed & rejected
    frame["earns"] = earns
    frame["compliance"] = frame["claimed"].where(earns, 0.0)
    frame["max_gap"] = frame["factor"] * frame["weight"]
    frame["gap_score"] = (frame["max_gap"] * (1.0 - frame["compliance"])).round(_DIGITS)
    frame["counts_as_met"] = (frame["result"] == Result.MET.value) & earns
    frame["is_met"] = (frame["result"] == Result.MET.value) & ~unverified
    frame["is_partial"] = (frame["result"] == Result.PARTIAL.value) & ~unverified
    frame["is_not_met"] = frame["result"] == Result.NOT_MET.value
    frame["blocks"] = frame["must_pass"] & ~frame["counts_as_met"]
    return frame, rows


_AREA_SUMS = [
    "max_gap",
    "gap_score",
    "is_met",
    "is_partial",
    "is_not_met",
    "unanswered",
    "unverified",
]


def _readiness(max_gap: float, gap: float) -> float:
    return round(1.0 - gap / max_gap, 6) if max_gap > 0 else 1.0


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    # column by column through tolist(): plain Python values, and far quicker than to_dict()
    columns = [str(c) for c in frame.columns]
    values = [frame[c].tolist() for c in frame.columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _areas(frame: pd.DataFrame, key: str) -> dict[tuple[int, str], AreaReadiness]:
    grouped = frame.groupby(["site", key], sort=False)
    sums = grouped[_AREA_SUMS].sum()
    sums["applicable"] = grouped.size()
    areas = {}
    for row in _records(sums.reset_index()):
        areas[(int(row["site"]), str(row[key]))] = AreaReadiness(
            id=str(row[key]),
            readiness=_readiness(float(row["max_gap"]), float(row["gap_score"])),
            applicable=int(row["applicable"]),
            met=int(row["is_met"]),
            partial=int(row["is_partial"]),
            not_met=int(row["is_not_met"]),
            unanswered=int(row["unanswered"]),
            unverified=int(row["unverified"]),
            gap_score=round(float(row["gap_score"]), 6),
        )
    return areas


def _ordered(ids: Sequence[str], rank: dict[str, int]) -> list[str]:
    return sorted(ids, key=lambda i: (rank.get(i, len(rank)), i))


def _scored_by_site(frame: pd.DataFrame, flat: list[_Row]) -> dict[int, list[ScoredAnswer]]:
    """Every scored row as the yardsticks read it, grouped by site (one pass over the frame)."""
    columns = ("site", "row", "earns", "max_gap", "gap_score")
    grouped: dict[int, list[ScoredAnswer]] = {}
    for site_no, row, earns, max_gap, gap in zip(
        *(frame[c].tolist() for c in columns), strict=True
    ):
        source = flat[row]
        grouped.setdefault(int(site_no), []).append(
            ScoredAnswer(
                source.criterion,
                source.answer,
                source.result,
                bool(earns),
                float(max_gap),
                float(gap),
                source.asked_anew is not None,
            )
        )
    return grouped


def _site_yardsticks(
    checklist: Checklist, scored: list[ScoredAnswer], site: _Site
) -> list[YardstickVerdict]:
    """The site's yardstick verdicts from its rows (not-applicable answers included)."""
    if not checklist.header.yardsticks:
        return []
    answers = scored + [
        ScoredAnswer(criterion, answer, Result.NOT_APPLICABLE, False, 0.0, 0.0)
        for criterion, answer in site.na_answers
    ]
    return yardstick_verdicts(checklist, answers, site.assessment.site, site.target)


@dataclass(frozen=True)
class _Pass:
    """What one vectorised pass over every site's rows yields, keyed by site number."""

    domains: dict[tuple[int, str], AreaReadiness]
    subsystems: dict[tuple[int, str], AreaReadiness]
    totals: dict[int, dict[str, Any]]
    failed_at: dict[tuple[int, str], int]  # (site, subsystem) -> lowest failing min_tier
    blockers: dict[tuple[int, str], list[str]]  # (site, subsystem) -> blocking criteria
    scores: dict[int, list[CriterionScore]]
    scored: dict[int, list[ScoredAnswer]]
    flagged: dict[tuple[str, int], list[str]]  # ("stale" | "rejected", site) -> criteria


def _single_verdict_failures(
    frame: pd.DataFrame,
) -> tuple[dict[tuple[int, str], int], dict[tuple[int, str], list[str]]]:
    """Per site and subsystem: the lowest tier a must-pass criterion fails at, and the blockers."""
    failing = frame[frame["blocks"]]
    first = failing.groupby(["site", "subsystem"], sort=False)["min_tier"].min().reset_index()
    failed_at = {(int(r["site"]), str(r["subsystem"])): int(r["min_tier"]) for r in _records(first)}
    blockers: dict[tuple[int, str], list[str]] = {}
    for site_no, subsystem, criterion_id in zip(
        failing["site"].tolist(),
        failing["subsystem"].tolist(),
        failing["criterion_id"].tolist(),
        strict=True,
    ):
        blockers.setdefault((int(site_no), str(subsystem)), []).append(str(criterion_id))
    return failed_at, blockers


def _flagged(frame: pd.DataFrame) -> dict[tuple[str, int], list[str]]:
    flagged: dict[tuple[str, int], list[str]] = {}
    for flag in ("stale", "rejected"):
        chosen = frame[frame[flag]]
        for number, criterion_id in zip(
            chosen["site"].tolist(), chosen["criterion_id"].tolist(), strict=True
        ):
            flagged.setdefault((flag, int(number)), []).append(str(criterion_id))
    return flagged


def _one_pass(checklist: Checklist, gathered: Sequence[_Site], settings: ScoringSettings) -> _Pass:
    frame, flat = _frame(gathered, checklist.header, settings)
    sums = frame.groupby("site", sort=False)[["max_gap", "gap_score"]].sum()
    failed_at, blockers = _single_verdict_failures(frame)
    scores: dict[int, list[CriterionScore]] = {}
    for number, score in zip(frame["site"].tolist(), _criterion_scores(frame, flat), strict=True):
        scores.setdefault(int(number), []).append(score)
    return _Pass(
        domains=_areas(frame, "domain"),
        subsystems=_areas(frame, "subsystem"),
        totals={int(r["site"]): r for r in _records(sums.reset_index())},
        failed_at=failed_at,
        blockers=blockers,
        scores=scores,
        scored=_scored_by_site(frame, flat) if checklist.header.yardsticks else {},
        flagged=_flagged(frame),
    )


def _single_verdicts(
    found: _Pass, number: int, site: _Site, subsystems: Sequence[str]
) -> list[SubsystemVerdict]:
    """The weakest-link verdict per subsystem, for a checklist without yardsticks."""
    verdicts = []
    for subsystem in subsystems:
        key = (number, subsystem)
        first_failure = found.failed_at.get(key)
        tier = site.cap if first_failure is None else min(site.cap, first_failure - 1)
        verdicts.append(
            SubsystemVerdict(
                subsystem=subsystem,
                tier=max(tier, 0),
                readiness=found.subsystems[key].readiness,
                blockers=sorted(found.blockers.get(key, [])),
            )
        )
    return verdicts


def _site_card(
    checklist: Checklist,
    found: _Pass,
    number: int,
    site: _Site,
    settings: ScoringSettings,
    as_of: date,
) -> Scorecard:
    criteria = found.scores.get(number, [])
    site_domains = _ordered(list({c.domain for c in criteria}), _domain_rank(checklist.header))
    site_subsystems = _ordered(
        list({c.subsystem for c in criteria}), _subsystem_rank(checklist.header)
    )
    verdicts = _single_verdicts(found, number, site, site_subsystems)
    facility_tier = min((v.tier for v in verdicts), default=0)
    meets_target = bool(verdicts) and facility_tier >= site.target
    yardsticks = _site_yardsticks(checklist, found.scored.get(number, []), site)
    primary = _primary(checklist, yardsticks)
    if primary is not None:
        verdicts = [
            SubsystemVerdict(
                subsystem=part.subsystem,
                tier=part.level,
                readiness=part.readiness,
                blockers=sorted(part.blockers),
            )
            for part in primary.subsystems
        ]
        facility_tier, meets_target = primary.level or 0, primary.passed
    total = found.totals.get(number)
    readiness, gap_total = 1.0, 0.0
    if total is not None:
        readiness = _readiness(float(total["max_gap"]), float(total["gap_score"]))
        gap_total = round(float(total["gap_score"]), 6)
    return Scorecard(
        site_id=site.assessment.site.id,
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        target_tier=site.target,
        as_of=as_of,
        settings=settings.model_copy(update={"as_of": as_of}),
        criteria=criteria,
        domains=[found.domains[(number, d)] for d in site_domains],
        subsystems=[found.subsystems[(number, s)] for s in site_subsystems],
        verdicts=verdicts,
        facility_tier=facility_tier,
        meets_target=meets_target,
        readiness=readiness,
        unanswered=sorted(c.criterion_id for c in criteria if c.unanswered),
        undetermined={
            row.criterion.id: row.undetermined
            for row in sorted(site.rows, key=lambda r: r.criterion.id)
            if row.undetermined is not None
        },
        asked_anew={
            row.criterion.id: row.asked_anew
            for row in sorted(site.rows, key=lambda r: r.criterion.id)
            if row.asked_anew is not None
        },
        unverified=sorted(c.criterion_id for c in criteria if c.unverified),
        not_applicable=site.not_applicable,
        stale=sorted(found.flagged.get(("stale", number), [])),
        rejected=sorted(found.flagged.get(("rejected", number), [])),
        gap_score=gap_total,
        yardsticks=yardsticks,
        primary_yardstick=primary.yardstick if primary else None,
    )


def score_many(
    checklist: Checklist,
    sites: Sequence[tuple[Assessment, EvidenceIndex]],
    settings: ScoringSettings | None = None,
    computed_answers: ComputedAnswers | None = None,
) -> list[Scorecard]:
    """Score several sites at once (one vectorised pass); the scorecards come in the given order.

    ``computed_answers`` (optional) supplies answers worked out elsewhere for a site (the
    topology analysis plugs in here); they replace that site's recorded answers for scoring.
    """
    settings = settings or ScoringSettings()
    as_of = settings.as_of or utc_now().date()
    gathered = [
        _gather(
            checklist,
            assessment,
            index,
            settings,
            as_of,
            number,
            computed_answers(checklist, assessment) if computed_answers else {},
        )
        for number, (assessment, index) in enumerate(sites)
    ]
    found = _one_pass(checklist, gathered, settings)
    return [
        _site_card(checklist, found, number, site, settings, as_of)
        for number, site in enumerate(gathered)
    ]


def _primary(checklist: Checklist, verdicts: Sequence[YardstickVerdict]) -> YardstickVerdict | None:
    wanted = next((y.id for y in checklist.header.yardsticks if y.primary), None)
    return next((v for v in verdicts if v.yardstick == wanted), None)


def _criterion_scores(frame: pd.DataFrame, flat: list[_Row]) -> list[CriterionScore]:
    """The frame's rows, in its canonical order, as models (with the enums of the source rows)."""
    columns = ("row", "compliance", "gap_score", "counts_as_met", "unanswered", "unverified")
    values = [frame[c].tolist() for c in columns]
    out = []
    for position, compliance, gap, counts, unanswered, unverified in zip(*values, strict=True):
        row = flat[position]
        criterion = row.criterion
        score = CriterionScore(
            criterion_id=criterion.id,
            domain=criterion.domain,
            subsystem=criterion.subsystem,
            min_tier=criterion.min_tier,
            severity=criterion.severity,
            must_pass=criterion.must_pass,
            weight=float(criterion.weight),
            result=row.result,
            compliance=float(compliance),
            gap_score=float(gap),
            evidence_status=row.status,
            counts_as_met=bool(counts),
            unanswered=bool(unanswered),
            unverified=bool(unverified),
            value=row.value,
        )
        out.append(score)
    return out


def score_assessment(
    checklist: Checklist,
    assessment: Assessment,
    evidence_index: EvidenceIndex,
    settings: ScoringSettings | None = None,
    computed_answers: ComputedAnswers | None = None,
) -> Scorecard:
    """Score one site's assessment against the checklist (pure: no file is read or written)."""
    return score_many(checklist, [(assessment, evidence_index)], settings, computed_answers)[0]


def score_yardsticks(
    checklist: Checklist,
    assessment: Assessment,
    evidence_index: EvidenceIndex,
    settings: ScoringSettings | None = None,
    computed_answers: ComputedAnswers | None = None,
) -> list[YardstickVerdict]:
    """Every yardstick's verdict for one site, in the checklist header's order.

    Each ``YardstickVerdict`` carries its level (tier yardsticks) or pass/fail, ``passed`` against
    the target, ``blockers`` (criterion, subsystem, first failing level, reason), ``decided_by``
    (the criteria that hold it where it is) and ``capped_by``. Empty for a checklist that declares
    no yardsticks.
    """
    card = score_assessment(checklist, assessment, evidence_index, settings, computed_answers)
    return card.yardsticks
