"""A plan's actions counted and costed by year, for the plan's totals and its exports."""

from __future__ import annotations

from collections import defaultdict

from tierassess.core.models import RemediationAction, YearTotal
from tierassess.core.planning.jobs import split, year_shares
from tierassess.i18n import t


def year_totals(
    actions: list[RemediationAction], first_year: int, last_year: int, step: int = 1
) -> list[YearTotal]:
    """Costs by the days each action runs in a year; each action counted once, in its first year.

    The upper costs are allocated in ``step`` (``jobs.year_shares``), as the scheduler budgets
    them; the lower costs follow the same split, so no year's lower figure passes its upper one.
    """
    low: dict[int, int] = defaultdict(int)
    high: dict[int, int] = defaultdict(int)
    starting: dict[int, int] = defaultdict(int)
    running = running_by_year(actions)
    for action in actions:
        if not action.scheduled or action.start is None or action.end is None:
            continue
        starting[action.start.year] += 1
        shares = year_shares(action.start, action.end, action.cost_max_vnd, step)
        for year, share in split(action.cost_min_vnd, shares).items():
            low[year] += share
        for year, share in shares.items():
            high[year] += share
    years = sorted(set(range(first_year, last_year + 1)) | set(running))
    return [
        YearTotal(
            year=y,
            cost_min_vnd=low[y],
            cost_max_vnd=high[y],
            actions=starting[y],
        )
        for y in years
    ]


def years_note(step: int, lang: str | None = None) -> str:
    """How the per-year table counts tasks and costs them (and in what step, when one is used)."""
    from tierassess.formats import format_money

    if step > 1:
        return t("planning.years_step", lang, step=format_money(step, lang))
    return t("planning.years_note", lang)


def running_by_year(actions: list[RemediationAction]) -> dict[int, int]:
    """How many scheduled actions run in each year (a long one counts in every year it touches)."""
    running: dict[int, int] = defaultdict(int)
    for action in actions:
        if action.scheduled and action.start is not None and action.end is not None:
            for year in range(action.start.year, action.end.year + 1):
                running[year] += 1
    return running
