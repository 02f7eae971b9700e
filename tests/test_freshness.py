"""The evidence rule: linked, of the expected kind, fresh enough, not rejected."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from test_scoring import AS_OF, SHA, answer, crit, item

from tierassess.core.freshness import evidence_details, evidence_status, worst
from tierassess.core.models import (
    EvidenceIndex,
    EvidenceKind,
    EvidenceStatus,
    Review,
    ReviewVerdict,
)

PHOTO_AND_TEST = crit(
    "PWR-GEN-01",
    evidence=[
        {"kind": "photo", "max_age_days": 365},
        {"kind": "test_record", "max_age_days": 30},
    ],
)
DRAWING = crit("PWR-DWG-01", evidence=[{"kind": "drawing"}])


def status(
    criterion=PHOTO_AND_TEST, items=(), as_of: date = AS_OF, **answer_fields
) -> EvidenceStatus:  # type: ignore[no-untyped-def]
    return evidence_status(
        criterion, answer("met", **answer_fields), EvidenceIndex(items=list(items)), as_of
    )


def test_not_required_when_the_criterion_expects_nothing() -> None:
    assert status(crit("PWR-UPS-01")) is EvidenceStatus.NOT_REQUIRED


def test_missing_without_any_linked_item() -> None:
    unlinked = item(1)
    assert status(items=[unlinked]) is EvidenceStatus.MISSING


def test_linked_from_the_answer_or_from_the_item() -> None:
    photo, test = item(1, kind="photo"), item(2, kind="test_record")
    assert status(items=[photo, test], evidence=[SHA[1], SHA[2]]) is EvidenceStatus.OK
    from_items = [
        item(1, kind="photo", criteria=["PWR-GEN-01"]),
        item(2, kind="test_record", criteria=["PWR-GEN-01"]),
    ]
    assert status(items=from_items) is EvidenceStatus.OK
    mixed = [photo, item(2, kind="test_record", criteria=["PWR-GEN-01"])]
    assert status(items=mixed, evidence=[SHA[1]]) is EvidenceStatus.OK


def test_an_answer_path_not_yet_stored_links_nothing() -> None:
    assert status(items=[], evidence=["photos/genset.jpg"]) is EvidenceStatus.MISSING


def test_one_kind_missing_is_missing() -> None:
    assert status(items=[item(1, kind="photo")], evidence=[SHA[1]]) is EvidenceStatus.MISSING


def test_only_the_kind_asked_for_counts() -> None:
    assert (
        status(DRAWING, items=[item(1, kind="photo")], evidence=[SHA[1]]) is EvidenceStatus.MISSING
    )
    assert status(DRAWING, items=[item(1, kind="drawing")], evidence=[SHA[1]]) is EvidenceStatus.OK
    # a file of unknown kind (a .txt) proves no kind: not a drawing, not a test record
    assert status(DRAWING, items=[item(1, kind=None)], evidence=[SHA[1]]) is EvidenceStatus.MISSING
    assert status(items=[item(1, kind=None)], evidence=[SHA[1]]) is EvidenceStatus.MISSING


def test_age_limits_are_inclusive() -> None:
    photo = item(1, kind="photo")
    for age, expected in ((30, EvidenceStatus.OK), (31, EvidenceStatus.STALE)):
        test = item(2, kind="test_record", captured=AS_OF - timedelta(days=age))
        assert status(items=[photo, test], evidence=[SHA[1], SHA[2]]) is expected


def test_one_fresh_item_is_enough() -> None:
    old = item(2, kind="test_record", captured=AS_OF - timedelta(days=400))
    new = item(3, kind="test_record", captured=AS_OF - timedelta(days=3))
    photo = item(1, kind="photo")
    assert status(items=[photo, old, new], evidence=[SHA[1], SHA[2], SHA[3]]) is EvidenceStatus.OK


def test_unknown_capture_date_cannot_prove_freshness() -> None:
    photo = item(1, kind="photo", captured=None)
    test = item(2, kind="test_record", captured=None)
    assert status(items=[photo, test], evidence=[SHA[1], SHA[2]]) is EvidenceStatus.STALE
    undated = item(1, kind="drawing", captured=None)
    assert status(DRAWING, items=[undated], evidence=[SHA[1]]) is EvidenceStatus.OK  # no age limit


def test_missing_outranks_stale() -> None:
    old_photo = item(1, kind="photo", captured=AS_OF - timedelta(days=500))
    assert status(items=[old_photo], evidence=[SHA[1]]) is EvidenceStatus.MISSING


def test_rejected_review_wins() -> None:
    review = Review(
        verdict=ReviewVerdict.REJECTED, reviewer="auditor", at=datetime(2024, 12, 1, tzinfo=UTC)
    )
    both = [item(1, kind=None)]
    assert status(items=both, evidence=[SHA[1]], review=review) is EvidenceStatus.REJECTED
    assert status(crit("PWR-UPS-01"), review=review) is EvidenceStatus.REJECTED


def test_accepted_review_changes_nothing() -> None:
    review = Review(
        verdict=ReviewVerdict.ACCEPTED, reviewer="auditor", at=datetime(2024, 12, 1, tzinfo=UTC)
    )
    drawing = item(1, kind="drawing")
    assert status(DRAWING, items=[drawing], evidence=[SHA[1]], review=review) is EvidenceStatus.OK


def test_needs_evidence_counts_only_items_added_after_the_review() -> None:
    review = Review(
        verdict=ReviewVerdict.NEEDS_EVIDENCE,
        reviewer="auditor",
        at=datetime(2024, 7, 1, tzinfo=UTC),
    )
    before = item(1, kind="drawing")  # added 2024-06-01
    after = item(2, kind="drawing", added_at=datetime(2024, 8, 1, tzinfo=UTC))
    assert (
        status(DRAWING, items=[before], evidence=[SHA[1]], review=review) is EvidenceStatus.MISSING
    )
    assert (
        status(DRAWING, items=[before, after], evidence=[SHA[1], SHA[2]], review=review)
        is EvidenceStatus.OK
    )


def test_items_added_after_the_as_of_date_did_not_exist_then() -> None:
    later = item(1, kind="drawing", added_at=datetime(2025, 3, 1, tzinfo=UTC))
    assert status(DRAWING, items=[later], evidence=[SHA[1]]) is EvidenceStatus.MISSING
    assert (
        status(DRAWING, items=[later], evidence=[SHA[1]], as_of=date(2025, 3, 1))
        is EvidenceStatus.OK
    )


def test_details_per_kind() -> None:
    photo = item(1, kind="photo", captured=date(2024, 12, 20))
    old_test = item(2, kind="test_record", captured=date(2024, 10, 1))
    checks = evidence_details(
        PHOTO_AND_TEST,
        answer("met", evidence=[SHA[1], SHA[2]]),
        EvidenceIndex(items=[photo, old_test]),
        AS_OF,
    )
    assert [(c.kind, c.status, c.newest, c.items) for c in checks] == [
        (EvidenceKind.PHOTO, EvidenceStatus.OK, date(2024, 12, 20), (SHA[1],)),
        (EvidenceKind.TEST_RECORD, EvidenceStatus.STALE, date(2024, 10, 1), (SHA[2],)),
    ]
    assert checks[0].expires == date(2025, 12, 20)
    assert checks[1].expires == date(2024, 10, 31)


def test_worst() -> None:
    assert worst([]) is EvidenceStatus.NOT_REQUIRED
    assert (
        worst([EvidenceStatus.OK, EvidenceStatus.STALE, EvidenceStatus.MISSING])
        is EvidenceStatus.MISSING
    )
