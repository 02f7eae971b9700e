"""An auditor's review of the answers: accepted, rejected or needs more evidence, with a comment.

``rules`` decides what may be recorded (segregation of duties, comments) and records it;
``walk`` is the interactive prompt walk; ``transfer`` carries signed reviews back to the site
that was reviewed.
"""

from tierassess.review.rules import (
    NEEDS_COMMENT,
    EvidenceView,
    ReviewEntry,
    ReviewSummary,
    ReviewTarget,
    apply_review_file,
    gave_answer,
    record_review,
    review_targets,
)
from tierassess.review.walk import evidence_text, run_review, target_panel

__all__ = [
    "NEEDS_COMMENT",
    "EvidenceView",
    "ReviewEntry",
    "ReviewSummary",
    "ReviewTarget",
    "apply_review_file",
    "evidence_text",
    "gave_answer",
    "record_review",
    "review_targets",
    "run_review",
    "target_panel",
]
