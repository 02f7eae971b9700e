"""Gathering, shared step: the catalogue's names and the review states, in the report's language.

Every part of ``ReportData`` names criteria, domains and subsystems and states what a reviewer
decided; this module says how, once, so the parts cannot disagree.
"""

from __future__ import annotations

from typing import Literal

from tierassess.core.models import Assessment, Checklist, Severity

ReviewState = Literal["accepted", "rejected", "needs_evidence", "not_reviewed"]

SEVERITY_ORDER = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2}
PRIORITY_ORDER = {"P1": 0, "P2": 1, "P3": 2, "P4": 3}


class CatalogueLabels:
    """Titles and codes of the checklist's criteria, domains and subsystems in ``lang``.

    A name the catalogue does not know is shown as its id, so a stale id still prints.
    """

    def __init__(self, checklist: Checklist, lang: str) -> None:
        self.checklist = checklist
        self.lang = lang
        self.criteria = checklist.by_id()
        self.domain_order = {d.id: i for i, d in enumerate(checklist.header.domains)}

    def criterion(self, criterion_id: str) -> str:
        """A criterion's title, or its id when the catalogue has no such criterion."""
        criterion = self.criteria.get(criterion_id)
        return criterion.title.get(self.lang) if criterion else criterion_id

    def domain(self, domain_id: str) -> str:
        """A domain's title, or its id."""
        try:
            return self.checklist.domain(domain_id).title.get(self.lang)
        except KeyError:
            return domain_id

    def domain_code(self, domain_id: str) -> str:
        """A domain's short code, or the first letters of its id in capitals."""
        try:
            return self.checklist.domain(domain_id).code
        except KeyError:
            return domain_id.upper()[:5]

    def subsystem(self, subsystem_id: str) -> str:
        """A subsystem's title, or its id."""
        try:
            return self.checklist.subsystem(subsystem_id).title.get(self.lang)
        except KeyError:
            return subsystem_id

    def unit(self, unit: str | None) -> str:
        """A measured unit as the reader reads it (``Checklist.unit_label``); empty for none."""
        return self.checklist.unit_label(unit, self.lang) if unit else ""

    def domain_rank(self, domain_id: str) -> int:
        """Where a domain sits in the catalogue's order (unknown domains last)."""
        return self.domain_order.get(domain_id, len(self.domain_order))


def review_state(assessment: Assessment, criterion_id: str) -> ReviewState:
    """What a reviewer decided about a criterion's answer (``not_reviewed`` when nobody did)."""
    review = assessment.answer(criterion_id).review
    return "not_reviewed" if review is None else review.verdict.value
