"""Whether a claim is backed by evidence that is present, fresh enough and not rejected.

This module is the one home of that rule; scoring and the evidence helper's stale report both use
it. For each kind of evidence a criterion expects there must be a linked item of that kind:

* linked means its SHA-256 is listed in the answer's ``evidence`` or the item names the criterion
  in its own ``criteria`` list; only an item of the kind expected counts (a file of unknown
  kind proves no kind: a ``.txt`` is not a test record until someone says it is);
* fresh means captured at most ``max_age_days`` days before the as-of date; an item whose capture
  date is unknown cannot prove that and counts as stale when an age limit applies;
* an item added to the store after the as-of date did not exist then and is ignored, so scoring
  "as of" a past date gives the answer it gave on that day;
* when an auditor marked the answer ``needs_evidence``, only items added after that review count;
  when an auditor rejected the answer, the claim is ``rejected`` whatever the evidence.

The statuses rank ``rejected`` > ``missing`` > ``stale`` > ``ok``: a criterion takes the worst
status over its expected kinds, and ``not_required`` when it expects no evidence at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from tierassess.core.models import (
    Answer,
    Criterion,
    EvidenceExpectation,
    EvidenceIndex,
    EvidenceItem,
    EvidenceKind,
    EvidenceStatus,
    ReviewVerdict,
)

_RANK = {
    EvidenceStatus.NOT_REQUIRED: 0,
    EvidenceStatus.OK: 1,
    EvidenceStatus.STALE: 2,
    EvidenceStatus.MISSING: 3,
    EvidenceStatus.REJECTED: 4,
}


@dataclass(frozen=True)
class KindCheck:
    """How one expected kind of evidence stands for one criterion."""

    kind: EvidenceKind
    max_age_days: int | None
    status: EvidenceStatus
    newest: date | None = None
    """Capture date of the newest linked item of this kind (None when none has a date)."""
    items: tuple[str, ...] = ()
    """SHA-256 of the linked items that count for this kind, fresh or not."""

    @property
    def expires(self) -> date | None:
        """The last day the newest item is fresh enough (None when there is no age limit)."""
        if self.max_age_days is None or self.newest is None:
            return None
        return self.newest + timedelta(days=self.max_age_days)


@dataclass
class EvidenceLookup:
    """An evidence index arranged for repeated questions (by SHA-256 and by criterion)."""

    by_sha: dict[str, EvidenceItem] = field(default_factory=dict)
    by_criterion: dict[str, list[EvidenceItem]] = field(default_factory=dict)

    @classmethod
    def of(cls, index: EvidenceIndex) -> EvidenceLookup:
        """The lookup for ``index``: items by SHA-256 (first wins) and by criterion."""
        by_criterion: dict[str, list[EvidenceItem]] = defaultdict(list)
        by_sha: dict[str, EvidenceItem] = {}
        for item in index.items:
            by_sha.setdefault(item.sha256, item)
            for criterion_id in item.criteria:
                by_criterion[criterion_id].append(item)
        return cls(by_sha=by_sha, by_criterion=dict(by_criterion))

    def linked(self, criterion_id: str, answer: Answer) -> list[EvidenceItem]:
        """Items linked to the criterion from either side, each once, in a stable order."""
        from_items = self.by_criterion.get(criterion_id, ())
        if not answer.evidence and not from_items:
            return []
        chosen: dict[str, EvidenceItem] = {}
        for sha in answer.evidence:
            item = self.by_sha.get(sha)
            if item is not None:
                chosen.setdefault(item.sha256, item)
        for item in from_items:
            chosen.setdefault(item.sha256, item)
        return [chosen[sha] for sha in sorted(chosen)]


def _counting(items: Iterable[EvidenceItem], answer: Answer, as_of: date) -> list[EvidenceItem]:
    review = answer.review
    after = (
        review.at if review is not None and review.verdict is ReviewVerdict.NEEDS_EVIDENCE else None
    )
    kept = []
    for item in items:
        if item.added_at.date() > as_of:
            continue
        if after is not None and item.added_at <= after:
            continue
        kept.append(item)
    return kept


def _is_fresh(item: EvidenceItem, max_age_days: int | None, as_of: date) -> bool:
    if max_age_days is None:
        return True
    if item.captured_at is None:
        return False
    return (as_of - item.captured_at).days <= max_age_days


def _kind_status(
    matching: list[EvidenceItem], expectation: EvidenceExpectation, as_of: date
) -> EvidenceStatus:
    if not matching:
        return EvidenceStatus.MISSING
    if any(_is_fresh(i, expectation.max_age_days, as_of) for i in matching):
        return EvidenceStatus.OK
    return EvidenceStatus.STALE


def _matching(items: list[EvidenceItem], expectation: EvidenceExpectation) -> list[EvidenceItem]:
    return [i for i in items if i.kind is expectation.kind]


def kind_checks(
    criterion: Criterion, answer: Answer, lookup: EvidenceLookup, as_of: date
) -> list[KindCheck]:
    """One check per kind of evidence the criterion expects, in the criterion's order."""
    items = _counting(lookup.linked(criterion.id, answer), answer, as_of)
    checks = []
    for expectation in criterion.evidence:
        matching = _matching(items, expectation)
        dates = [i.captured_at for i in matching if i.captured_at is not None]
        checks.append(
            KindCheck(
                kind=expectation.kind,
                max_age_days=expectation.max_age_days,
                status=_kind_status(matching, expectation, as_of),
                newest=max(dates) if dates else None,
                items=tuple(i.sha256 for i in matching),
            )
        )
    return checks


def status_with(
    criterion: Criterion, answer: Answer, lookup: EvidenceLookup, as_of: date
) -> EvidenceStatus:
    """``evidence_status`` over a prepared lookup (for scoring many criteria of one site)."""
    if answer.review is not None and answer.review.verdict is ReviewVerdict.REJECTED:
        return EvidenceStatus.REJECTED
    if not criterion.evidence:
        return EvidenceStatus.NOT_REQUIRED
    items = _counting(lookup.linked(criterion.id, answer), answer, as_of)
    if not items:
        return EvidenceStatus.MISSING
    return worst(_kind_status(_matching(items, e), e, as_of) for e in criterion.evidence)


def evidence_status(
    criterion: Criterion, answer: Answer, index: EvidenceIndex, as_of: date
) -> EvidenceStatus:
    """Whether the answer to ``criterion`` is backed by fresh, not-rejected evidence on ``as_of``."""
    return status_with(criterion, answer, EvidenceLookup.of(index), as_of)


def evidence_details(
    criterion: Criterion, answer: Answer, index: EvidenceIndex, as_of: date
) -> list[KindCheck]:
    """Per expected kind: its status, newest capture date and the items counted (for reports)."""
    return kind_checks(criterion, answer, EvidenceLookup.of(index), as_of)


def worst(statuses: Iterable[EvidenceStatus]) -> EvidenceStatus:
    """The worst of several statuses (``not_required`` when there are none)."""
    return max(statuses, key=_RANK.__getitem__, default=EvidenceStatus.NOT_REQUIRED)
