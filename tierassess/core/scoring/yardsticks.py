"""Each yardstick's own verdict: Uptime Topology, Operational Sustainability, TIA-942, legal list.

A criterion counts for a yardstick through a ``YardstickRule`` (``Criterion.counts_for``): from
which level, whether it blocks, and, where the standard asks different figures at different levels,
a threshold per level. The rules, in one place:

* **Result at a level.** The answer's result (``answer_result``) judged against the rule's
  threshold for that level (the nearest ``thresholds`` entry at or below it), else as it stands.
* **Counts as met at a level** when that result is met and the evidence backs it as the scoring
  settings require (the same test as the scorecard's ``counts_as_met``).
* **Design conditions.** A measured threshold that refers to a site design condition the profile
  leaves unknown (e.g. the flood level) cannot be judged: the answer is not assessed, and a
  must-pass rule blocks with the reason ``design_unknown``, never passes silently.
* **Not applicable** removes a criterion only when the rule allows it *and*, for a must-pass rule,
  an auditor has accepted the answer (its review is ``accepted``). Otherwise it blocks, so marking
  the generator criteria "not applicable" no longer rates a site without generators Tier III.
* **Tier yardsticks** rate each of their subsystems separately: a subsystem reaches the highest
  level *t* such that at every level up to *t* every must-pass rule required there counts as met.
  The yardstick takes the lowest subsystem (weakest link), never above the target tier (criteria
  above it are not asked), nor above the highest level its scored rules reach, nor at or above a
  level whose profile requirement (``Yardstick.requires``) the site fails: a site profile can never
  remove a requirement of the tier it aims at.
* **Pass/fail yardsticks** (legal prerequisites) pass when every must-pass rule counts as met.
* **No yardstick caps another**: Operational Sustainability, TIA-942 and the legal list each stand
  beside the Uptime Topology verdict; only the primary yardstick sets ``facility_tier``.
* **Grades** (a yardstick's own scale, e.g. Uptime OS Gold / Silver / Bronze) go only to a site
  at its target level: the best grade whose ``min_readiness`` its readiness reaches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tierassess.core.models import (
    Answer,
    BlockReason,
    Checklist,
    Criterion,
    Result,
    ReviewVerdict,
    SiteProfile,
    Yardstick,
    YardstickBlocker,
    YardstickKind,
    YardstickRule,
    YardstickSubsystem,
    YardstickVerdict,
)


@dataclass(frozen=True)
class ScoredAnswer:
    """What the yardsticks need of one in-scope criterion of one site."""

    criterion: Criterion
    answer: Answer
    result: Result  # the answer's own result; NOT_APPLICABLE kept (rules decide what it means)
    earns: bool  # the evidence backs a claim as the settings require
    max_gap: float
    gap_score: float
    asked_anew: bool = False  # the recorded answer predates its question (not judged)


def level_result(
    criterion: Criterion,
    answer: Answer,
    result: Result,
    rule: YardstickRule,
    level: int,
    profile: SiteProfile | None = None,
) -> Result:
    """The result an answer earns against ``rule``'s threshold at ``level``."""
    spec = rule.threshold_at(level)
    if spec is None or result in (Result.NOT_ASSESSED, Result.NOT_APPLICABLE):
        return result
    return criterion.answer.earned_at_level(answer, result, spec)


def undetermined_by(
    criterion: Criterion, answer: Answer, profile: SiteProfile | None
) -> str | None:
    """The design condition an answered value waits for (None when it can be judged).

    Its threshold refers to a condition the site's profile leaves unknown.
    """
    return criterion.answer.waits_for(answer, profile)


def _na_accepted(answer: Answer) -> bool:
    return answer.review is not None and answer.review.verdict is ReviewVerdict.ACCEPTED


def block_reason(
    scored: ScoredAnswer, rule: YardstickRule, level: int, profile: SiteProfile | None
) -> BlockReason | None:
    """Why ``rule`` does not count as met at ``level`` (None when it does)."""
    result = scored.result
    if result is Result.NOT_APPLICABLE:
        if not rule.not_applicable_allowed:
            return BlockReason.NA_NOT_ALLOWED
        return None if _na_accepted(scored.answer) else BlockReason.NA_UNACCEPTED
    if result is Result.NOT_ASSESSED:
        if scored.asked_anew:
            return BlockReason.ASKED_ANEW
        if undetermined_by(scored.criterion, scored.answer, profile) is not None:
            return BlockReason.DESIGN_UNKNOWN
        return BlockReason.UNANSWERED
    judged = level_result(scored.criterion, scored.answer, result, rule, level, profile)
    if judged is Result.MET:
        return None if scored.earns else BlockReason.UNVERIFIED
    return BlockReason.PARTIAL if judged is Result.PARTIAL else BlockReason.NOT_MET


def _removed(scored: ScoredAnswer, rule: YardstickRule) -> bool:
    """Answered not applicable, and that answer stands for this rule."""
    if scored.result is not Result.NOT_APPLICABLE:
        return False
    if not rule.not_applicable_allowed:
        return False
    return not rule.must_pass or _na_accepted(scored.answer)


@dataclass(frozen=True)
class _Counted:
    scored: ScoredAnswer
    rule: YardstickRule
    subsystem: str


def _readiness(items: Sequence[_Counted]) -> float:
    total = sum(i.scored.max_gap for i in items)
    gap = sum(i.scored.gap_score for i in items)
    return round(1.0 - gap / total, 6) if total > 0 else 1.0


def _first_failure(
    item: _Counted, top: int, profile: SiteProfile | None
) -> tuple[int, BlockReason] | None:
    for level in range(item.rule.level, top + 1):
        reason = block_reason(item.scored, item.rule, level, profile)
        if reason is not None:
            return level, reason
    return None


def _blocker(item: _Counted, level: int, reason: BlockReason) -> YardstickBlocker:
    return YardstickBlocker(
        criterion_id=item.scored.criterion.id,
        subsystem=item.subsystem,
        level=level,
        reason=reason,
        unverified_rule=item.rule.unverified_at(level),
    )


def _profile_blockers(
    yardstick: Yardstick, profile: SiteProfile, target: int
) -> list[YardstickBlocker]:
    found = []
    for requirement in yardstick.requires:
        level = 1 if yardstick.kind is YardstickKind.PASS_FAIL else requirement.level
        if level <= target and not requirement.condition.holds(profile):
            found.append(
                YardstickBlocker(
                    criterion_id=f"profile:{requirement.condition.field}",
                    level=level,
                    reason=BlockReason.PROFILE,
                )
            )
    return found


def _undetermined(counted: Sequence[_Counted], profile: SiteProfile) -> dict[str, str]:
    found = {}
    for item in counted:
        if item.scored.result is Result.NOT_ASSESSED:
            condition = undetermined_by(item.scored.criterion, item.scored.answer, profile)
            if condition is not None:
                found[item.scored.criterion.id] = condition
    return dict(sorted(found.items()))


def yardstick_verdict(
    yardstick: Yardstick,
    answers: Sequence[ScoredAnswer],
    profile: SiteProfile,
    target: int,
) -> YardstickVerdict:
    """One yardstick's verdict for one site from its scored answers (pure)."""
    counted = [
        _Counted(s, rule, yardstick.subsystem_for(rule, s.criterion))
        for s in answers
        for rule in s.criterion.counts_for
        if rule.yardstick == yardstick.id and not _removed(s, rule)
    ]
    top = 1 if yardstick.kind is YardstickKind.PASS_FAIL else target
    failures = {
        item.scored.criterion.id: (item, found)
        for item in counted
        if item.rule.must_pass and (found := _first_failure(item, top, profile)) is not None
    }
    profile_blocks = _profile_blockers(yardstick, profile, target)
    blockers = sorted(
        [_blocker(item, level, reason) for item, (level, reason) in failures.values()]
        + profile_blocks,
        key=lambda b: (b.level, b.criterion_id),
    )
    unverified = sorted(
        {i.scored.criterion.id for i in counted if i.rule.unverified_at(min(top, 4))}
    )
    common = {
        "yardstick": yardstick.id,
        "kind": yardstick.kind,
        "blockers": blockers,
        "readiness": _readiness(counted),
        "criteria": len(counted),
        "unverified_rules": unverified,
        "profile_problems": [b.criterion_id.removeprefix("profile:") for b in profile_blocks],
        "undetermined": _undetermined(counted, profile),
    }
    if yardstick.kind is YardstickKind.PASS_FAIL:
        return YardstickVerdict(
            passed=not blockers,
            decided_by=[b.criterion_id for b in blockers],
            capped_by="blockers" if blockers else "none",
            **common,
        )
    return _tier_verdict(yardstick, counted, failures, profile_blocks, target, common)


def _tier_verdict(
    yardstick: Yardstick,
    counted: Sequence[_Counted],
    failures: dict[str, tuple[_Counted, tuple[int, BlockReason]]],
    profile_blocks: Sequence[YardstickBlocker],
    target: int,
    common: dict[str, object],
) -> YardstickVerdict:
    covered = max((i.rule.level for i in counted), default=0)
    cap = min(target, covered)
    subsystems = []
    for subsystem in yardstick.subsystems:
        mine = [i for i in counted if i.subsystem == subsystem]
        if not mine:
            continue
        failing = sorted(
            (level, item.scored.criterion.id)
            for item, (level, _) in failures.values()
            if item.subsystem == subsystem
        )
        level = min([cap, *(fail_level - 1 for fail_level, _ in failing)])
        subsystems.append(
            YardstickSubsystem(
                subsystem=subsystem,
                level=max(level, 0),
                readiness=_readiness(mine),
                blockers=[criterion_id for _, criterion_id in failing],
            )
        )
    profile_cap = min((b.level - 1 for b in profile_blocks), default=cap)
    level = min([cap, profile_cap, *(s.level for s in subsystems)]) if subsystems else 0
    level = max(level, 0)
    decided_by = [
        item.scored.criterion.id
        for item, (fail_level, _) in failures.values()
        if fail_level == level + 1
    ]
    decided_by = sorted(decided_by) + [
        b.criterion_id for b in profile_blocks if b.level == level + 1
    ]
    if decided_by:
        capped_by = "profile" if level == profile_cap and profile_cap < cap else "blockers"
        if any(not d.startswith("profile:") for d in decided_by):
            capped_by = "blockers"
    elif not subsystems or cap < target:
        capped_by = "coverage"
    else:
        capped_by = "target"
    passed = bool(subsystems) and level >= target
    readiness = common["readiness"]
    grade = yardstick.grade_for(passed, readiness if isinstance(readiness, float) else 0.0)
    return YardstickVerdict(
        level=level,
        target=target,
        passed=passed,
        decided_by=decided_by,
        capped_by=capped_by,
        subsystems=subsystems,
        grade=grade.id if grade else None,
        grade_verified=grade.verified if grade else True,
        **common,
    )


def yardstick_verdicts(
    checklist: Checklist,
    answers: Sequence[ScoredAnswer],
    profile: SiteProfile,
    target: int,
) -> list[YardstickVerdict]:
    """Every yardstick of the checklist, in header order, for one site."""
    return [yardstick_verdict(y, answers, profile, target) for y in checklist.header.yardsticks]
