"""How a session writes the assessment: fast re-saves, and every model validated again first.

``AssessmentWriter`` renders an assessment exactly as a full dump does, re-rendering only the
answers that changed. ``revalidated`` and ``adopt`` run pydantic's validators again on what a
commit writes, whatever path changed it (``model_copy`` and assignment skip them).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from tierassess.core.models import Answer, Assessment
from tierassess.errors import FileProblems
from tierassess.i18n import t
from tierassess.storage.workspace import _ASSESSMENT_HEADER, ASSESSMENT_FILE
from tierassess.yamlio import model_to_yaml, to_yaml, validation_problems

__all__ = ["AssessmentWriter", "adopt", "revalidated"]


class AssessmentWriter:
    """Renders an assessment exactly as a full dump does, but fast on re-saves.

    PyYAML's representer is pure Python and costs about as much per node as the rest of a save;
    a 150-criterion assessment has thousands. Each answer is rendered on its own under the same
    ``answers:`` key (so line folding falls at the same columns) and kept until its data changes,
    so saving one changed answer renders one answer. The text is byte-identical to a full dump.
    One writer lives in each session, so nothing is cached across sites or processes.
    """

    def __init__(self) -> None:
        self._fragments: dict[str, tuple[dict[str, Any], str]] = {}

    def render(self, assessment: Assessment, path: Path | None = None) -> str:
        """The assessment's YAML text, validated again (``path`` names it in a refusal)."""
        path = path or Path(ASSESSMENT_FILE)
        data = assessment.model_dump(mode="json", exclude_none=True)
        answers = data.pop("answers", None)
        if not isinstance(answers, dict) or not answers or list(data)[-1:] != ["updated_at"]:
            # nothing to gain (no answers yet) or a shape this writer does not know
            adopt(assessment, revalidated(Assessment, {**data, "answers": answers or {}}, path))
            return model_to_yaml(assessment, _ASSESSMENT_HEADER)
        # the head and the answer ids ({} is a valid answer); the answers themselves below
        head_model = revalidated(
            Assessment, {**data, "answers": {key: {} for key in answers}}, path
        )
        adopt(assessment, head_model, skip=("answers",))
        head = model_to_yaml(assessment.model_copy(update={"answers": {}}), _ASSESSMENT_HEADER)
        marker = "answers: {}\n"
        if not head.endswith(marker):
            return model_to_yaml(assessment, _ASSESSMENT_HEADER)
        parts = [head[: -len(marker)], "answers:\n"]
        fresh: dict[str, tuple[dict[str, Any], str]] = {}
        for criterion_id, body in answers.items():
            cached = self._fragments.get(criterion_id)
            if cached is not None and cached[0] == body:
                fragment = cached[1]
            else:
                body = self.checked_answer(assessment, criterion_id, body, path)
                fragment = to_yaml({"answers": {criterion_id: body}}).removeprefix("answers:\n")
            fresh[criterion_id] = (body, fragment)
            parts.append(fragment)
        self._fragments = fresh
        return "".join(parts)

    @staticmethod
    def checked_answer(
        assessment: Assessment, criterion_id: str, body: dict[str, Any], path: Path
    ) -> dict[str, Any]:
        """An answer's data validated again (only changed answers get here); cleaned in place."""
        clean = revalidated(Answer, body, path, ("answers", criterion_id))
        clean_body = clean.model_dump(mode="json", exclude_none=True)
        if clean_body != body:
            assessment.answers[criterion_id] = clean
        return clean_body


M = TypeVar("M", bound=BaseModel)


def revalidated(model: type[M], data: Any, path: Path, prefix: Sequence[int | str] = ()) -> M:
    """``data`` validated as ``model`` before it is written; a refusal writes nothing."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(exc, path, None, prefix)
        raise FileProblems(problems, hint=t("session.nothing_written")) from None


def adopt(target: BaseModel, clean: BaseModel, skip: Sequence[str] = ()) -> None:
    """Give ``target`` the fields of its validated copy that differ (callers keep ``target``)."""
    for name in type(target).model_fields:
        if name not in skip and getattr(target, name) != getattr(clean, name):
            setattr(target, name, getattr(clean, name))
