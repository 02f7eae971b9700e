"""The page an auditor opens from the bundle, in a browser, without tierassess."""

from __future__ import annotations

import contextlib
import html
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from urllib.parse import quote

from tierassess import __version__
from tierassess.bundle.manifest import size_text
from tierassess.i18n import t
from tierassess.models import (
    Assessment,
    Checklist,
    EvidenceIndex,
    EvidenceItem,
    Result,
)

# --- the page for auditors -----------------------------------------------------------------------


def _h(value: object) -> str:
    return html.escape(str(value), quote=True)


_CSS = """
body{font-family:"Noto Sans","DejaVu Sans","Segoe UI",Arial,sans-serif;margin:2rem;color:#1a1a1a;line-height:1.4}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
.disclaimer{border:2px solid #b35900;background:#fff4e5;padding:.8rem 1rem;margin:1rem 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}
code{font-family:"DejaVu Sans Mono",monospace;font-size:.8rem;word-break:break-all}
.met{color:#1b6e20}.not_met{color:#b00020}.partial{color:#8a5a00}
.accepted{color:#1b6e20}.rejected{color:#b00020}.needs_evidence{color:#8a5a00}
.muted{color:#666}
@media print{a{color:inherit;text-decoration:none}}
"""


def _evidence_status(
    assessment: Assessment, checklist: Checklist, index: EvidenceIndex, as_of: datetime
) -> dict[str, str]:
    """Evidence status per criterion from the freshness rule, when that module is available."""
    try:
        from tierassess.freshness import evidence_status
    except ImportError:  # pragma: no cover - a partial installation
        return {}
    statuses: dict[str, str] = {}
    for criterion in checklist.criteria:
        answer = assessment.answers.get(criterion.id)
        if answer is None:
            continue
        with contextlib.suppress(Exception):
            status = evidence_status(criterion, answer, index, as_of.date())
            statuses[criterion.id] = str(getattr(status, "value", status))
    return statuses


def render_index_html(
    assessment: Assessment,
    checklist: Checklist,
    index: EvidenceIndex,
    links: dict[str, str],
    lang: str,
    created_at: datetime,
    created_by: str,
) -> str:
    """A self-contained HTML page (UTF-8) listing every criterion, its answer, evidence and review."""

    def tr(key: str, **values: object) -> str:
        return _h(t(f"evidence.html.{key}", lang, **values))

    site = assessment.site
    statuses = _evidence_status(assessment, checklist, index, created_at)
    by_id = checklist.by_id()
    applicable = checklist.applicable(site)
    shown = [c.id for c in applicable]
    extra = sorted(set(assessment.answers) - set(shown))
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{_h(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{tr('title')} – {_h(site.name)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{tr('title')} – {_h(site.name)}</h1>",
        f'<p class="disclaimer"><strong>{tr("disclaimer_label")}</strong> '
        f"{_h(checklist.header.disclaimer.get(lang))} {tr('disclaimer')}</p>",
        "<table>",
    ]
    facts = [
        (tr("site"), f"{_h(site.name)} (<code>{_h(site.id)}</code>)"),
        (tr("operator"), _h(site.operator)),
        (tr("address"), _h(site.address)),
        (tr("target_tier"), _h(site.target_tier)),
        (
            tr("checklist"),
            f"{_h(checklist.header.title.get(lang))} – {_h(checklist.id)} v{_h(checklist.version)}",
        ),
        (
            tr("assessed_against"),
            f"{_h(assessment.checklist_id)} v{_h(assessment.checklist_version)}",
        ),
        (tr("created"), f"{_h(created_at.isoformat().replace('+00:00', 'Z'))} · {_h(created_by)}"),
        (tr("tool"), f"tierassess {_h(__version__)}"),
    ]
    if site.sample:
        facts.append((tr("sample"), tr("sample_text")))
    out += [f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in facts]
    out.append("</table>")

    answers = [assessment.answer(cid) for cid in shown]
    results = Counter(a.result.value for a in answers)
    verdicts = Counter(a.review.verdict.value if a.review else "none" for a in answers)
    out.append(f"<h2>{tr('summary')}</h2><table><tr>")
    out += [f"<th>{_h(t(f'result.{r.value}', lang))}</th>" for r in Result]
    out += [
        f"<th>{tr('review_' + v)}</th>" for v in ("accepted", "rejected", "needs_evidence", "none")
    ]
    out.append("</tr><tr>")
    out += [f"<td>{results.get(r.value, 0)}</td>" for r in Result]
    out += [
        f"<td>{verdicts.get(v, 0)}</td>" for v in ("accepted", "rejected", "needs_evidence", "none")
    ]
    out.append("</tr></table>")

    out.append(f"<h2>{tr('criteria')}</h2><table><tr>")
    for key in ("col_id", "col_criterion", "col_answer", "col_evidence", "col_review"):
        out.append(f"<th>{tr(key)}</th>")
    out.append("</tr>")
    for criterion_id in shown + extra:
        criterion = by_id.get(criterion_id)
        answer = assessment.answer(criterion_id)
        title = (
            _h(criterion.title.get(lang))
            if criterion
            else f'<span class="muted">{tr("not_in_catalogue")}</span>'
        )
        if criterion and criterion.must_pass:
            title += f" <strong>◆ {tr('must_pass')}</strong>"
        if criterion_id in extra and criterion:
            title += f' <span class="muted">({tr("not_applicable_here")})</span>'
        result = answer.result.value
        cell = [f'<strong class="{result}">{_h(t(f"result.{result}", lang))}</strong>']
        if answer.value is not None:
            cell.append(f"{answer.value:g} {_h(checklist.unit_label(answer.unit, lang))}")
        if answer.choice:
            cell.append(_h(answer.choice))
        if answer.justification:
            cell.append(f"{tr('justification')}: {_h(answer.justification)}")
        if answer.notes:
            cell.append(_h(answer.notes))
        if answer.answered_by or answer.answered_at:
            when = (
                answer.answered_at.isoformat().replace("+00:00", "Z") if answer.answered_at else ""
            )
            cell.append(f'<span class="muted">{_h(answer.answered_by or "")} {_h(when)}</span>')
        evidence_cell = []
        for ref in answer.evidence:
            item = index.get(ref)
            if item is None:
                evidence_cell.append(
                    f'<span class="not_met">{tr("missing_item")}</span> <code>{_h(ref)}</code>'
                )
                continue
            evidence_cell.append(_evidence_html(item, links, tr, lang))
        if criterion_id in statuses:
            evidence_cell.append(
                f'<span class="muted">{tr("status")}: {_h(t("evidence.status." + statuses[criterion_id], lang))}</span>'
            )
        review = answer.review
        if review is None:
            review_cell = f'<span class="muted">{tr("review_none")}</span>'
        else:
            review_cell = (
                f'<strong class="{review.verdict.value}">{tr("review_" + review.verdict.value)}</strong><br>'
                f"{_h(review.reviewer)} · {_h(review.at.isoformat().replace('+00:00', 'Z'))}"
            )
            if review.comment:
                review_cell += f"<br>{_h(review.comment)}"
        out.append(
            f'<tr id="{_h(criterion_id)}"><td><code>{_h(criterion_id)}</code></td><td>{title}</td>'
            f"<td>{'<br>'.join(cell)}</td><td>{'<hr>'.join(evidence_cell) or '–'}</td>"
            f"<td>{review_cell}</td></tr>"
        )
    out.append("</table>")

    out.append(f"<h2>{tr('evidence')}</h2><table><tr>")
    for key in (
        "col_file",
        "col_kind",
        "col_size",
        "col_captured",
        "col_added",
        "col_criteria",
        "col_sha",
    ):
        out.append(f"<th>{tr(key)}</th>")
    out.append("</tr>")
    for item in index.items:
        href = quote(links.get(item.sha256, ""))
        kind = _h(t(f"evidence_kind.{item.kind.value}", lang)) if item.kind else "–"
        captured = _captured_html(item, tr)
        criteria = ", ".join(f'<a href="#{_h(c)}">{_h(c)}</a>' for c in item.criteria) or "–"
        description = f"<br>{_h(item.description)}" if item.description else ""
        out.append(
            f'<tr><td><a href="{href}">{_h(item.original_name)}</a>{description}</td><td>{kind}</td>'
            f"<td>{_h(size_text(item.size, lang))}</td><td>{captured}</td>"
            f"<td>{_h(item.added_by)} · {_h(item.added_at.isoformat().replace('+00:00', 'Z'))}</td>"
            f"<td>{criteria}</td><td><code>{_h(item.sha256)}</code></td></tr>"
        )
    out.append("</table>")
    out.append(f"<h2>{tr('integrity')}</h2><p>{tr('integrity_text')}</p>")
    out.append(
        "<pre><code>tierassess bundle verify BUNDLE.zip --expect DIGEST\nsha256sum -c manifest.sha256</code></pre>"
    )
    out.append("</body></html>\n")
    return "\n".join(out)


def _captured_html(item: EvidenceItem, tr: Callable[..., str]) -> str:
    if item.captured_at is None:
        return "–"
    source = tr(f"captured_{item.captured_source.value}") if item.captured_source else ""
    return f'{_h(item.captured_at.isoformat())} <span class="muted">({source})</span>'


def _evidence_html(
    item: EvidenceItem, links: dict[str, str], tr: Callable[..., str], lang: str
) -> str:
    href = quote(links.get(item.sha256, ""))
    kind = f" · {_h(t(f'evidence_kind.{item.kind.value}', lang))}" if item.kind else ""
    return (
        f'<a href="{href}">{_h(item.original_name)}</a>{kind}<br>'
        f"{tr('captured')}: {_captured_html(item, tr)}<br><code>{_h(item.sha256)}</code>"
    )
