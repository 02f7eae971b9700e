"""An assessment: one site's answers to one checklist version, their history and reviews."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from tierassess.core.models.base import (
    CRITERION_ID_PATTERN,
    SLUG_PATTERN,
    FileModel,
    FiniteFloat,
    FreeText,
    Name,
    utc_now,
)
from tierassess.core.models.site import SiteProfile


class Result(StrEnum):
    """What an answer earns: met, partial, not met, not applicable, or not assessed yet."""

    MET = "met"
    PARTIAL = "partial"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"
    NOT_ASSESSED = "not_assessed"


class WorkflowState(StrEnum):
    """Where a criterion is in the questionnaire: to do, answered, or flagged for review."""

    TODO = "todo"
    ANSWERED = "answered"
    FLAGGED = "flagged"


class ReviewVerdict(StrEnum):
    """An auditor's verdict on an answer: accepted, rejected, or evidence needed."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    NEEDS_EVIDENCE = "needs_evidence"


class Review(FileModel):
    """An auditor's decision on one answer."""

    verdict: ReviewVerdict
    comment: FreeText | None = None
    reviewer: Name
    at: datetime
    key_id: str | None = Field(
        default=None, description="The reviewer's signing key, for a review that came back signed."
    )


class AnswerRevision(FileModel):
    """An earlier value of an answer, kept when it is changed."""

    result: Result
    value: FiniteFloat | None = None
    choice: str | None = None
    justification: FreeText | None = None
    notes: FreeText | None = None
    evidence: list[str] = Field(default_factory=list)
    answered_by: str | None = None
    answered_at: datetime | None = None
    catalogue_version: str | None = None


class Answer(FileModel):
    """What was found for one criterion. Result (what) is apart from workflow state (where)."""

    result: Result = Result.NOT_ASSESSED
    value: FiniteFloat | None = None
    unit: str | None = None
    choice: str | None = None
    justification: FreeText | None = Field(
        default=None, description="Why the criterion does not apply; required for not_applicable."
    )
    notes: FreeText | None = None
    evidence: list[str] = Field(
        default_factory=list,
        description="SHA-256 of evidence items in the site's store (or a file path not yet stored).",
    )
    answered_by: str | None = None
    answered_at: datetime | None = None
    catalogue_version: str | None = Field(
        default=None,
        description="The catalogue version the answer was given under; absent in files written "
        "before it was recorded (the assessment's checklist_version stands in).",
    )
    state: WorkflowState = WorkflowState.TODO
    review: Review | None = None
    history: list[AnswerRevision] = Field(default_factory=list)

    @model_validator(mode="after")
    def _justified(self) -> Answer:
        if self.result is Result.NOT_APPLICABLE and not (self.justification or "").strip():
            raise ValueError("a not_applicable answer needs a justification")
        return self

    def revision(self) -> AnswerRevision:
        """This answer as a history entry."""
        return AnswerRevision(
            result=self.result,
            value=self.value,
            choice=self.choice,
            justification=self.justification,
            notes=self.notes,
            evidence=list(self.evidence),
            answered_by=self.answered_by,
            answered_at=self.answered_at,
            catalogue_version=self.catalogue_version,
        )


class Assessment(FileModel):
    """One site assessed against one checklist version: stored as evidence/<site>/assessment.yaml."""

    format_version: Literal[1] = 1
    site: SiteProfile
    checklist_id: Annotated[str, Field(pattern=SLUG_PATTERN)]
    checklist_version: str
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    answers: dict[str, Answer] = Field(default_factory=dict)

    @field_validator("answers")
    @classmethod
    def _answer_ids(cls, answers: dict[str, Answer]) -> dict[str, Answer]:
        for key in answers:
            if not re.fullmatch(CRITERION_ID_PATTERN, key):  # no trailing newline either
                raise ValueError(f"{key!r} is not a criterion id (shape like PWR-UPS-02)")
        return answers

    def answered_under(self, answer: Answer) -> str:
        """The catalogue version ``answer`` was given under (older files: the assessment's)."""
        return answer.catalogue_version or self.checklist_version

    def answer(self, criterion_id: str) -> Answer:
        """The answer to ``criterion_id``, or an empty (not assessed) one."""
        return self.answers.get(criterion_id) or Answer()
