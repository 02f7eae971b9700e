"""The check's findings in words, in the reader's language (terminal, PDF)."""

from __future__ import annotations

from tierassess.core.topology.result import MAX_LISTED, Failure, RuleFinding, listing
from tierassess.core.topology.verdict import ComputedVerdict
from tierassess.formats import format_number
from tierassess.i18n import t


def describe_failure(failure: Failure) -> str:
    """A failure in words: what is lost, where, and the capacity needed against available."""
    return t(
        f"topology.failure.{failure.kind.value}",
        elements=listing(failure.elements),
        stage=failure.stage or "",
        need=format_number(failure.need or 0, decimals=1),
        available=format_number(failure.available or 0, decimals=1),
    )


def describe_detail(detail: str) -> str:
    """A rule's detail code (``load: code:element`` or ``code:value``) in words."""
    load, _, rest = detail.rpartition(": ")
    code, _, value = rest.partition(":")
    key = f"topology.detail.{code}"
    text = t(key, load=load, element=value, value=value)
    return rest if text == key else text


def describe_reason(reason: str) -> str:
    """A subsystem's limiting reason: a rule id, or ``baseline:<failure kind>``."""
    code, _, kind = reason.partition(":")
    return t(f"topology.reason.{kind}") if code == "baseline" else code


def describe_rule(finding: RuleFinding) -> str:
    """A rule finding's reasons in words (the subsystems, for R9), a few then how many more."""
    if finding.rule == "R9":
        return ", ".join(t(f"topology.subsystem.{s}") for s in finding.elements)
    parts = [describe_detail(d) for d in finding.details[:MAX_LISTED]]
    if not parts and finding.elements:
        parts = [listing(finding.elements)]
    elif len(finding.details) > MAX_LISTED:
        parts.append(f"(+{len(finding.details) - MAX_LISTED})")
    return "; ".join(parts)


def computed_lines(verdict: ComputedVerdict) -> list[str]:
    """What ``score`` says about the answers computed from the model and their conflicts."""
    lines = [
        t(
            "topology.score.computed",
            count=len(verdict.answers),
            source=verdict.source,
            digest=verdict.digest[:12],
        )
    ]
    for conflict in verdict.conflicts:
        lines.append(
            t(
                "topology.score.conflict",
                criterion=conflict.criterion_id,
                computed=t(f"topology.result.{conflict.computed.value}"),
                answered=t(f"topology.result.{conflict.answered.value}"),
                by=conflict.answered_by or "?",
            )
        )
    return lines
