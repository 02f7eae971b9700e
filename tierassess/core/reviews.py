"""What a review decides about an answer: whether it needs rework, and who may not review it.

Pure rules over the models; recording a review (through the site session) is
``tierassess.storage.review``.
"""

from __future__ import annotations

from tierassess.core.models import Answer, ReviewVerdict
from tierassess.core.names import same_person

# The verdicts that send an answer back to its engineer, and so need a comment saying why.
NEEDS_COMMENT = (ReviewVerdict.REJECTED, ReviewVerdict.NEEDS_EVIDENCE)


def needs_rework(answer: Answer) -> bool:
    """True when a reviewer rejected the answer or asked for more evidence."""
    return answer.review is not None and answer.review.verdict in NEEDS_COMMENT


def gave_answer(answer: Answer, reviewer: str) -> bool:
    """True when ``reviewer`` gave this answer or any earlier version of it.

    Under any spelling of their name (case, diacritics, spacing: see ``tierassess.core.names``).
    """
    names = [answer.answered_by, *(revision.answered_by for revision in answer.history)]
    return any(same_person(name, reviewer) for name in names if name)
