"""Yardstick verdicts as people read them: the level, and the rule that decides it ("why Tier I").

Shared by ``tierassess score`` and the report summary so both say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from tierassess.core.models import (
    BlockReason,
    Checklist,
    Scorecard,
    Yardstick,
    YardstickBlocker,
    YardstickKind,
    YardstickVerdict,
)
from tierassess.i18n import t


@dataclass(frozen=True)
class VerdictLine:
    """One yardstick's row: its title, verdict, why, and blockers grouped by level."""

    yardstick: str
    title: str
    verdict: str
    passed: bool
    why: str
    blockers: str
    readiness: float


def level_text(yardstick: Yardstick, level: int, lang: str) -> str:
    """A level of ``yardstick`` as its standard names it, or "below <level 1>" for 0."""
    if level <= 0:
        return t("yardsticks.below", lang, level=yardstick.level_label(1, lang))
    return yardstick.level_label(level, lang)


def verdict_text(yardstick: Yardstick, verdict: YardstickVerdict, lang: str) -> str:
    """A yardstick's verdict in words: passed/failed, or the level reached against the target."""
    if yardstick.kind is YardstickKind.PASS_FAIL:
        return t("yardsticks.passed" if verdict.passed else "yardsticks.failed", lang)
    level = level_text(yardstick, verdict.level or 0, lang)
    target = level_text(yardstick, verdict.target or 0, lang)
    key = "yardsticks.meets_target" if verdict.passed else "yardsticks.misses_target"
    text = f"{level} ({t(key, lang, target=target)})"
    grade = next((g for g in yardstick.grades if g.id == verdict.grade), None)
    if grade is not None:
        mark = "" if verdict.grade_verified else f" ({t('yardsticks.grade_unverified', lang)})"
        text += f"; {t('yardsticks.grade', lang, grade=grade.name.get(lang))}{mark}"
    elif yardstick.grades:
        text += f"; {t('yardsticks.no_grade', lang)}"
    return text


def why_text(yardstick: Yardstick, verdict: YardstickVerdict, lang: str) -> str:
    """The rule that decides the verdict, naming its criteria."""
    ids = ", ".join(verdict.decided_by)
    if yardstick.kind is YardstickKind.PASS_FAIL:
        if verdict.passed:
            return t("yardsticks.why.all_met", lang)
        return t("yardsticks.why.not_met", lang, ids=ids)
    following = level_text(yardstick, (verdict.level or 0) + 1, lang)
    if verdict.capped_by == "profile":
        fields = ", ".join(verdict.profile_problems)
        return t("yardsticks.why.profile", lang, next=following, fields=fields)
    if verdict.capped_by == "blockers":
        return t("yardsticks.why.blockers", lang, next=following, ids=ids)
    return t(f"yardsticks.why.{verdict.capped_by}", lang)


# Reasons worth naming beside a blocker: the plain "not met" and "partly met" go without saying.
_NAMED_REASONS = {
    BlockReason.UNANSWERED,
    BlockReason.UNVERIFIED,
    BlockReason.NA_UNACCEPTED,
    BlockReason.NA_NOT_ALLOWED,
    BlockReason.DESIGN_UNKNOWN,
}


def _blocker_label(blocker: YardstickBlocker, lang: str) -> str:
    label = blocker.criterion_id
    if blocker.reason in _NAMED_REASONS:
        label += f" ({t(f'yardsticks.reason.{blocker.reason.value}', lang)})"
    if blocker.unverified_rule:
        label += " †"
    return label


def blockers_text(yardstick: Yardstick, verdict: YardstickVerdict, lang: str) -> str:
    """Blocking criteria grouped by the level they first fail at: "Tier II: A, B; Tier III: C".

    A blocker that is not simply unmet says why (unanswered, no valid evidence, "not applicable"
    not accepted); † marks a figure not confirmed from a source.
    """
    if yardstick.kind is YardstickKind.PASS_FAIL:
        return ", ".join(_blocker_label(b, lang) for b in verdict.blockers) or "—"
    groups: dict[int, list[str]] = {}
    for blocker in verdict.blockers:
        groups.setdefault(blocker.level, []).append(_blocker_label(blocker, lang))
    return (
        "; ".join(
            f"{level_text(yardstick, level, lang)}: {', '.join(ids)}"
            for level, ids in sorted(groups.items())
        )
        or "—"
    )


def verdict_lines(
    checklist: Checklist, verdicts: list[YardstickVerdict], lang: str
) -> list[VerdictLine]:
    """Each verdict as a row to print, in the order given (yardsticks the header lacks skipped)."""
    known = {y.id: y for y in checklist.header.yardsticks}
    lines = []
    for verdict in verdicts:
        yardstick = known.get(verdict.yardstick)
        if yardstick is None:
            continue
        lines.append(
            VerdictLine(
                yardstick=yardstick.id,
                title=yardstick.title.get(lang),
                verdict=verdict_text(yardstick, verdict, lang),
                passed=verdict.passed,
                why=why_text(yardstick, verdict, lang),
                blockers=blockers_text(yardstick, verdict, lang),
                readiness=verdict.readiness,
            )
        )
    return lines


def profile_messages(
    checklist: Checklist, verdicts: list[YardstickVerdict], lang: str
) -> list[str]:
    """What each yardstick says about the site itself.

    Criteria it cannot judge because the profile leaves a design condition unknown (e.g. the
    flood level), then requirements it fails (e.g. no generators).
    """
    out = []
    for verdict in verdicts:
        try:
            yardstick = checklist.header.yardstick(verdict.yardstick)
        except KeyError:
            continue
        for criterion_id, condition in verdict.undetermined.items():
            out.append(
                t(
                    "yardsticks.undetermined",
                    lang,
                    yardstick=yardstick.title.get(lang),
                    id=criterion_id,
                    condition=t(f"design.condition.{condition}", lang),
                    field=condition,
                )
            )
        out += _profile_problems(yardstick, verdict, lang)
    return out


def profile_problem_messages(
    checklist: Checklist, verdicts: list[YardstickVerdict], lang: str
) -> list[str]:
    """The requirements of the yardsticks that the site itself fails (e.g. no generators)."""
    out = []
    for verdict in verdicts:
        try:
            yardstick = checklist.header.yardstick(verdict.yardstick)
        except KeyError:
            continue
        out += _profile_problems(yardstick, verdict, lang)
    return out


def _profile_problems(yardstick: Yardstick, verdict: YardstickVerdict, lang: str) -> list[str]:
    return [
        t(
            "yardsticks.profile_problem",
            lang,
            yardstick=yardstick.title.get(lang),
            message=requirement.message.get(lang),
        )
        for requirement in yardstick.requires
        if requirement.condition.field in verdict.profile_problems
    ]


def asked_anew_messages(card: Scorecard, lang: str) -> list[str]:
    """One line per answer given before its question changed meaning: it must be answered again."""
    return [
        t("design.asked_anew.line", lang, id=criterion_id, version=version)
        for criterion_id, version in card.asked_anew.items()
    ]
