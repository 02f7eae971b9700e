"""How evidence reads: the words, table rows and JSON that the commands print.

The store, the index, the verification and the freshness report hold data only; this module turns
them into text in the reader's language (``t``) and into the plain data of ``--format json``, so
every command shows an item, a verify report or a freshness row the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tierassess.formats import format_date, format_datetime, format_size
from tierassess.i18n import t
from tierassess.core.models import CapturedSource, EvidenceItem, EvidenceKind, EvidenceStatus

if TYPE_CHECKING:
    from tierassess.storage.evidence.stale import StaleReport, StaleRow
    from tierassess.storage.evidence.verify import VerifyReport
    from tierassess.storage.workspace import Workspace

__all__ = [
    "added_line",
    "captured_text",
    "item_fields",
    "item_json",
    "item_row",
    "kind_word",
    "source_word",
    "stale_evidence_text",
    "stale_expected_text",
    "stale_json",
    "verify_json",
    "verify_problems",
    "verify_summary",
]


def source_word(source: CapturedSource | None, lang: str | None = None) -> str:
    """Where a capture date came from, in the reader's language."""
    return t(f"evidence.source.{source.value}", lang) if source else "-"


def kind_word(kind: EvidenceKind | None, lang: str | None = None, missing: str = "-") -> str:
    """A kind of evidence in the reader's language; ``missing`` when the kind is unknown."""
    return t(f"evidence_kind.{kind.value}", lang) if kind else missing


def captured_text(item: EvidenceItem) -> str:
    """The capture date and where it came from, or "-"."""
    if item.captured_at and item.captured_source:
        return f"{format_date(item.captured_at)} ({source_word(item.captured_source)})"
    return "-"


def item_json(item: EvidenceItem, path: Path) -> dict[str, Any]:
    """An item as ``--format json`` shows it, with the path of its stored file."""
    data = item.model_dump(mode="json", exclude_none=True)
    data["path"] = str(path)
    return data


def added_line(item: EvidenceItem, name: str, duplicate: bool) -> str:
    """What ``evidence add`` says about one file it stored (or found stored already)."""
    return t(
        "evidence.added_again" if duplicate else "evidence.added",
        name=name,
        sha=item.sha256[:12],
        size=format_size(item.size),
        captured=format_date(item.captured_at) if item.captured_at else "-",
        source=source_word(item.captured_source),
    )


def item_row(item: EvidenceItem) -> tuple[str, ...]:
    """One row of ``evidence list``: sha, name, kind, size, capture date, criteria."""
    return (
        item.sha256[:12],
        item.original_name,
        kind_word(item.kind),
        format_size(item.size),
        captured_text(item),
        ", ".join(item.criteria) or "-",
    )


def item_fields(item: EvidenceItem, path: Path, cited_by: list[str]) -> list[tuple[str, str]]:
    """Every field of an item as (label, value), as ``evidence show`` lists them."""
    return [
        ("SHA-256", item.sha256),
        (t("evidence.col.name"), item.original_name),
        (t("evidence.field.media_type"), item.media_type),
        (t("evidence.col.kind"), kind_word(item.kind)),
        (t("evidence.col.size"), f"{format_size(item.size)} ({item.size} B)"),
        (t("evidence.col.captured"), captured_text(item)),
        (t("evidence.field.added"), f"{format_datetime(item.added_at)} · {item.added_by}"),
        (t("evidence.field.description"), item.description or "-"),
        (t("evidence.col.criteria"), ", ".join(item.criteria) or "-"),
        (t("evidence.field.cited_by"), ", ".join(cited_by) or "-"),
        (t("evidence.field.path"), str(path) if path.is_file() else t("evidence.field.not_stored")),
    ]


# --- verification --------------------------------------------------------------------------------


def verify_json(report: VerifyReport, site_id: str) -> dict[str, Any]:
    """A verify report as ``evidence verify --format json`` prints it."""
    return {
        "site": site_id,
        "ok": report.ok,
        "checked": report.checked,
        "bytes": report.bytes_checked,
        "missing": [{"sha256": i.sha256, "name": i.original_name} for i in report.missing],
        "altered": [
            {
                "sha256": a.item.sha256,
                "name": a.item.original_name,
                "actual_sha256": a.actual_sha256,
                "actual_size": a.actual_size,
            }
            for a in report.altered
        ],
        "chain_breaks": [{"line": b.line, "reason": b.reason} for b in report.chain_breaks],
        "log_entries": report.log_entries,
        "unindexed": [str(p) for p in report.unindexed],
        "link_mismatches": [m.__dict__ for m in report.mismatches],
        "pending_change": report.pending_change,
    }


def verify_problems(
    report: VerifyReport, workspace: Workspace, site_id: str, log_path: str
) -> list[str]:
    """One line per problem a verify found; ``log_path`` is the audit log as the reader sees it."""
    lines = [
        t(
            "evidence.verify.missing",
            sha=item.sha256,
            name=item.original_name,
            path=workspace.evidence_file(site_id, item.sha256),
        )
        for item in report.missing
    ]
    lines += [
        t(
            "evidence.verify.altered",
            sha=altered.item.sha256,
            name=altered.item.original_name,
            actual=altered.actual_sha256,
        )
        for altered in report.altered
    ]
    lines += [
        t("evidence.verify.chain_break", path=log_path, line=b.line, reason=b.reason)
        for b in report.chain_breaks
    ]
    lines += [t("evidence.verify.unindexed", path=path) for path in report.unindexed]
    if report.pending_change:
        lines.append(t("session.pending_change"))
    lines += [
        t("evidence.verify.mismatch", id=m.criterion_id, sha=m.sha256[:12], reason=m.reason)
        for m in report.mismatches
    ]
    return lines


def verify_summary(report: VerifyReport) -> str:
    """The verify report's last line: all well, or how many problems fail the check."""
    if report.ok:
        return t(
            "evidence.verify.ok",
            count=report.checked,
            size=format_size(report.bytes_checked),
            entries=report.log_entries,
        )
    problems = len(report.missing) + len(report.altered) + len(report.chain_breaks)
    return t("evidence.verify.failed", count=problems)


# --- freshness -----------------------------------------------------------------------------------


def stale_expected_text(row: StaleRow, lang: str | None = None) -> str:
    """Per expected kind: its age limit, its status and, when stale, when it expired."""
    parts = []
    for check in row.checks:
        text = kind_word(check.kind, lang)
        if check.max_age_days:
            text += t("criterion.max_age", lang, days=check.max_age_days)
        text += f": {t(f'evidence.status.{check.status.value}', lang)}"
        if check.expires is not None and check.status is EvidenceStatus.STALE:
            text += " " + t("evidence.stale.expired", lang, date=format_date(check.expires, lang))
        parts.append(text)
    return "\n".join(parts) or "-"


def stale_evidence_text(row: StaleRow, lang: str | None = None) -> str:
    """The row's evidence files, one line each with its age, in ``lang``."""
    lines = []
    for item in row.items:
        age = (
            ", " + t("evidence.stale.age_days", lang, days=(row.as_of - item.captured_at).days)
            if item.captured_at
            else ""
        )
        kind = kind_word(item.kind, lang, missing="?")
        lines.append(
            f"{item.sha256[:12]} {item.original_name} ({kind}, {item.captured_at or '-'}{age})"
        )
    return "\n".join(lines) or "-"


def stale_json(report: StaleReport) -> dict[str, object]:
    """The freshness report as plain data for ``--format json``."""
    return {
        "site": report.site_id,
        "as_of": report.as_of.isoformat(),
        "criteria": [
            {
                "criterion_id": row.criterion_id,
                "status": row.status,
                "result": row.result,
                "expected": [
                    {
                        "kind": check.kind.value,
                        "max_age_days": check.max_age_days,
                        "status": check.status.value,
                        "newest": check.newest.isoformat() if check.newest else None,
                        "expires": check.expires.isoformat() if check.expires else None,
                    }
                    for check in row.checks
                ],
                "evidence": [
                    {
                        "sha256": i.sha256,
                        "name": i.original_name,
                        "kind": i.kind.value if i.kind else None,
                        "captured_at": i.captured_at.isoformat() if i.captured_at else None,
                        "age_days": (report.as_of - i.captured_at).days if i.captured_at else None,
                    }
                    for i in row.items
                ],
            }
            for row in report.rows
        ],
    }
