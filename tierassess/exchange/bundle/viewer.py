"""The page an auditor opens from the bundle, in a browser, with no network and no tierassess.

Criterion -> answer (the option's label, not its code) -> evidence (a thumbnail for each photo, a
link that opens the file inside the unzipped bundle) -> SHA-256 -> review state and who signed
it, with filters by result, review state and domain. The page is rendered by jinja2 with
auto-escaping on: every value from the assessment (file names, notes, names) is data, never
markup, however hostile.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from tierassess import __version__
from tierassess.core.models import (
    Answer,
    Assessment,
    Checklist,
    Criterion,
    EvidenceIndex,
    EvidenceItem,
    Result,
)
from tierassess.core.models.base import utc_stamp
from tierassess.formats import format_size
from tierassess.i18n import messages, t
from tierassess.storage.evidence.present import kind_word

if TYPE_CHECKING:
    import jinja2

_PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
_REVIEW_STATES = ("accepted", "rejected", "needs_evidence", "none")


@dataclass(frozen=True)
class EvidenceRow:
    """One evidence file as the viewer lists it, with its link when it is in the bundle."""

    name: str
    href: str | None  # None: the file is not in the bundle
    sha256: str
    kind: str | None
    size: str
    captured: str | None
    captured_source: str | None
    description: str | None
    photo: bool


@dataclass(frozen=True)
class CriterionRow:
    """One criterion as the viewer lists it: its answer, result and evidence."""

    id: str
    title: str | None
    domain: str
    must_pass: bool
    in_scope: bool
    result: str
    result_label: str
    answer_label: str | None  # the chosen option's label or the measured value with its unit
    justification: str | None
    notes: str | None
    answered: str | None
    evidence: list[EvidenceRow]
    missing: list[str]
    evidence_status: str | None
    review: str
    review_label: str
    reviewer: str | None
    review_at: str | None
    review_key: str | None
    review_comment: str | None
    asked_anew: str | None = None  # the answer predates its question's meaning: the sentence


@dataclass
class ViewerPage:
    """Everything the viewer's template shows, in one language."""

    lang: str
    words: dict[str, str]
    site: dict[str, Any]
    disclaimer: str
    facts: list[tuple[str, str]]
    results: list[tuple[str, str, int]]
    reviews: list[tuple[str, str, int]]
    domains: list[tuple[str, str]]
    rows: list[CriterionRow] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)


def _iso(moment: datetime | None) -> str | None:
    return utc_stamp(moment) if moment else None


def _evidence_status(
    assessment: Assessment, checklist: Checklist, index: EvidenceIndex, as_of: datetime
) -> dict[str, str]:
    """Evidence status per criterion from the freshness rule."""
    from tierassess.core.freshness import evidence_status

    statuses: dict[str, str] = {}
    for criterion in checklist.criteria:
        answer = assessment.answers.get(criterion.id)
        if answer is None:
            continue
        with contextlib.suppress(Exception):
            status = evidence_status(criterion, answer, index, as_of.date())
            statuses[criterion.id] = str(getattr(status, "value", status))
    return statuses


def _answer_label(
    criterion: Criterion | None, answer: Answer, checklist: Checklist, lang: str
) -> str | None:
    if answer.choice:
        label = criterion.answer.option_label(answer.choice, lang) if criterion else None
        return label or answer.choice
    if answer.value is not None:
        return f"{answer.value:g} {checklist.unit_label(answer.unit, lang)}".strip()
    return None


def _evidence_row(item: EvidenceItem, links: dict[str, str], lang: str) -> EvidenceRow:
    source = item.captured_source.value if item.captured_source else None
    return EvidenceRow(
        name=item.original_name,
        href=links.get(item.sha256),
        sha256=item.sha256,
        kind=kind_word(item.kind, lang) if item.kind else None,
        size=format_size(item.size, lang),
        captured=item.captured_at.isoformat() if item.captured_at else None,
        captured_source=t(f"evidence.html.captured_{source}", lang) if source else None,
        description=item.description,
        photo=item.media_type.startswith(_PHOTO_TYPES) and item.sha256 in links,
    )


def _row(
    criterion_id: str,
    criterion: Criterion | None,
    assessment: Assessment,
    context: tuple[Checklist, EvidenceIndex, dict[str, str], dict[str, str], bool, str],
) -> CriterionRow:
    checklist, index, links, statuses, in_scope, lang = context
    answer = assessment.answer(criterion_id)
    evidence, missing = [], []
    # Linked as the freshness rule links: cited by the answer, or naming the criterion itself.
    refs = list(answer.evidence)
    refs += [i.sha256 for i in index.items if criterion_id in i.criteria and i.sha256 not in refs]
    for ref in refs:
        item = index.get(ref)
        if item is None:
            missing.append(ref)
        else:
            evidence.append(_evidence_row(item, links, lang))
    review = answer.review
    state = review.verdict.value if review else "none"
    status = statuses.get(criterion_id)
    return CriterionRow(
        id=criterion_id,
        title=criterion.title.get(lang) if criterion else None,
        domain=criterion.domain if criterion else "",
        must_pass=bool(criterion and criterion.must_pass),
        in_scope=in_scope,
        result=answer.result.value,
        result_label=t(f"result.{answer.result.value}", lang),
        answer_label=_answer_label(criterion, answer, checklist, lang),
        justification=answer.justification,
        notes=answer.notes,
        answered=" ".join(x for x in (answer.answered_by, _iso(answer.answered_at)) if x) or None,
        evidence=evidence,
        missing=missing,
        evidence_status=t(f"evidence.status.{status}", lang) if status else None,
        review=state,
        review_label=t(f"evidence.html.review_{state}", lang),
        reviewer=review.reviewer if review else None,
        review_at=_iso(review.at) if review else None,
        review_key=review.key_id if review else None,
        review_comment=review.comment if review else None,
        asked_anew=_asked_anew(criterion, assessment, lang),
    )


def _asked_anew(criterion: Criterion | None, assessment: Assessment, lang: str) -> str | None:
    """The sentence for an answer given before its question changed meaning, else None."""
    if criterion is None or not criterion.asked_anew_in(assessment):
        return None
    return t("design.asked_anew.line", lang, id=criterion.id, version=criterion.asked_since)


def _words(lang: str) -> dict[str, str]:
    prefix = "evidence.html."
    return {key.removeprefix(prefix): t(key, lang) for key in messages() if key.startswith(prefix)}


def build_page(
    assessment: Assessment,
    checklist: Checklist,
    index: EvidenceIndex,
    links: dict[str, str],
    lang: str,
    created_at: datetime,
    created_by: str,
) -> ViewerPage:
    """Everything the page shows, gathered before any markup is made."""
    site = assessment.site
    by_id = checklist.by_id()
    shown = [c.id for c in checklist.applicable(site)]
    extra = sorted(set(assessment.answers) - set(shown))
    statuses = _evidence_status(assessment, checklist, index, created_at)
    context = (checklist, index, links, statuses)
    rows = [
        _row(cid, by_id.get(cid), assessment, (*context, cid in shown, lang))
        for cid in shown + extra
    ]
    answers = [assessment.answer(cid) for cid in shown]
    results = Counter(a.result.value for a in answers)
    verdicts = Counter(a.review.verdict.value if a.review else "none" for a in answers)
    facts = [
        (t("evidence.html.site", lang), f"{site.name} ({site.id})"),
        (t("evidence.html.operator", lang), site.operator),
        (t("evidence.html.address", lang), site.address),
        (t("evidence.html.target_tier", lang), str(site.target_tier)),
        (
            t("evidence.html.checklist", lang),
            f"{checklist.header.title.get(lang)} – {checklist.id} v{checklist.version}",
        ),
        (
            t("evidence.html.assessed_against", lang),
            f"{assessment.checklist_id} v{assessment.checklist_version}",
        ),
        (t("evidence.html.created", lang), f"{_iso(created_at)} · {created_by}"),
        (t("evidence.html.tool", lang), f"tierassess {__version__}"),
    ]
    if site.sample:
        facts.append((t("evidence.html.sample", lang), t("evidence.html.sample_text", lang)))
    used = {r.domain for r in rows if r.domain}
    domains = [(d.id, d.title.get(lang)) for d in checklist.header.domains if d.id in used]
    page = ViewerPage(
        lang=lang,
        words=_words(lang),
        site={"name": site.name, "id": site.id},
        # One disclaimer: the catalogue's own when it has one, else the tool's.
        disclaimer=(checklist.header.disclaimer.get(lang) or "").strip()
        or t("evidence.html.disclaimer", lang),
        facts=facts,
        results=[(r.value, t(f"result.{r.value}", lang), results.get(r.value, 0)) for r in Result],
        reviews=[
            (v, t(f"evidence.html.review_{v}", lang), verdicts.get(v, 0)) for v in _REVIEW_STATES
        ],
        domains=domains,
        rows=rows,
    )
    for item in index.items:
        row = _evidence_row(item, links, lang)
        page.files.append(
            {
                "row": row,
                "added": f"{item.added_by} · {_iso(item.added_at)}",
                "criteria": item.criteria,
            }
        )
    return page


@cache
def _template() -> jinja2.Template:
    from importlib.resources import files

    import jinja2

    source = (
        files("tierassess.exchange.bundle").joinpath("templates/viewer.html.j2").read_text("utf-8")
    )
    # autoescape=True: every {{ value }} is HTML-escaped unless marked safe, and nothing is.
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(source)


def render_index_html(
    assessment: Assessment,
    checklist: Checklist,
    index: EvidenceIndex,
    links: dict[str, str],
    lang: str,
    created_at: datetime,
    created_by: str,
) -> str:
    """A self-contained HTML page (UTF-8): the auditor's viewer of the bundle."""
    page = build_page(assessment, checklist, index, links, lang, created_at, created_by)
    return _template().render(page=page, w=page.words) + "\n"
