"""Progress between two snapshots: gaps closed and opened, verdicts, actions against dates, spend.

The rules, in one place:

* **Gap.** A scored criterion that does not count as met (unanswered, not met, partial, or a claim
  without valid evidence), as readiness counts it.
* **Catalogue versions.** The earlier snapshot's criteria are mapped through the catalogue's
  rename table (``checklists/renames.yaml``) before anything is compared: a renamed criterion
  keeps its history under the new id; a split one passes its state to every part. A criterion
  that exists only in the later snapshot is listed as ``new_in_catalogue`` when the catalogue
  version changed (it was not assessed before, so it is not a *new* gap); one that disappeared
  is ``retired``.
* **Actions** of the earlier plan, judged on the later date:
  ``done`` when the later plan marks it done or resolved, or its criterion no longer is a gap;
  ``late`` when not done and its planned end has passed, or its planned start has passed and it
  has not started; ``in_progress`` when started and not late; ``not_started`` otherwise (not due
  yet, unscheduled or deferred).
* **Spend.** Planned: the earlier plan's cost by year (low and high). Actual: the money recorded
  as spent (``spent_vnd`` by year in ``plan.yaml``) in the later snapshot.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from pydantic import Field

from tierassess.core.models import ActionStatus, CriterionRename, LocalizedText, Model
from tierassess.storage.snapshots import CriterionState, Snapshot

ProgressStatus = Literal["done", "in_progress", "late", "not_started"]
PROGRESS_STATUSES: tuple[ProgressStatus, ...] = ("done", "in_progress", "late", "not_started")


class VerdictChange(Model):
    """One yardstick's verdict before and after: the level and whether it meets the target."""

    yardstick: str
    before: int | None
    after: int | None
    meets_before: bool | None
    meets_after: bool | None


class ActionProgress(Model):
    """One plan action between two snapshots: its status now and how it moved."""

    id: str
    title: LocalizedText
    status: ProgressStatus
    current: ActionStatus | None = Field(description="The action's status in the later plan.")
    planned_start: date | None
    planned_end: date | None
    cost_min_vnd: int
    cost_max_vnd: int
    spent_vnd: int
    on_route: bool


class YearSpend(Model):
    """One year's planned cost range beside what was spent on actions done."""

    year: int
    planned_min_vnd: int
    planned_max_vnd: int
    actual_vnd: int


class Comparison(Model):
    """Progress between two snapshots of a site: verdicts, readiness, actions and spend."""

    site_id: str
    before: str
    after: str
    before_as_of: date
    after_as_of: date
    before_version: str
    after_version: str
    readiness_before: float
    readiness_after: float
    closed: list[str]
    opened: list[str]
    still_open: list[str]
    renamed: dict[str, list[str]] = Field(description="Old id to new ids applied to 'before'.")
    new_in_catalogue: list[str]
    retired: list[str]
    verdicts: list[VerdictChange]
    actions: list[ActionProgress]
    counts: dict[str, int]
    years: list[YearSpend]
    spent_vnd: int
    planned_to_date_min_vnd: int
    planned_to_date_max_vnd: int


def _gap(state: CriterionState) -> bool:
    return not state.counts_as_met


def map_criteria(
    criteria: dict[str, CriterionState], renames: Sequence[CriterionRename], version: str
) -> tuple[dict[str, CriterionState], dict[str, list[str]]]:
    """``criteria`` of a snapshot under catalogue ``version`` as the current ids name them."""
    applied: dict[str, list[str]] = {}
    mapped = dict(criteria)
    for rename in sorted(renames, key=lambda r: _version_key(r.since)):
        if _version_key(rename.since) <= _version_key(version) or rename.old not in mapped:
            continue
        state = mapped.pop(rename.old)
        for new_id in rename.new:
            mapped.setdefault(new_id, state)
        applied[rename.old] = list(rename.new)
    return mapped, applied


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _action_status(
    planned_start: date | None,
    planned_end: date | None,
    current: ActionStatus | None,
    gap_closed: bool,
    on: date,
) -> ProgressStatus:
    if gap_closed or current in (ActionStatus.DONE, ActionStatus.RESOLVED):
        return "done"
    started = current is ActionStatus.IN_PROGRESS
    if planned_end is not None and planned_end < on:
        return "late"
    if planned_start is not None and planned_start < on and not started:
        return "late"
    return "in_progress" if started else "not_started"


def compare(
    before: Snapshot, after: Snapshot, renames: Sequence[CriterionRename] = ()
) -> Comparison:
    """What moved between two snapshots of one site (pure)."""
    old, renamed = map_criteria(before.criteria, renames, before.checklist_version)
    new = after.criteria
    common = sorted(set(old) & set(new))
    closed = [c for c in common if _gap(old[c]) and not _gap(new[c])]
    opened = [c for c in common if not _gap(old[c]) and _gap(new[c])]
    still_open = [c for c in common if _gap(old[c]) and _gap(new[c])]
    only_new = sorted(set(new) - set(old))
    versions_differ = before.checklist_version != after.checklist_version
    if not versions_differ:
        # same catalogue: a criterion now in scope that was not scored before (a profile change)
        opened += [c for c in only_new if _gap(new[c])]
        opened.sort()
    later = {a.id: a for a in after.actions}
    progress = []
    for action in before.actions:
        if action.status is ActionStatus.RESOLVED:
            continue
        now = later.get(action.id)
        criterion = new.get(action.criterion_id)
        gap_closed = criterion is not None and not _gap(criterion)
        spent = sum((now.spent_vnd if now else action.spent_vnd).values())
        progress.append(
            ActionProgress(
                id=action.id,
                title=action.title,
                status=_action_status(
                    action.start, action.end, now.status if now else None, gap_closed, after.as_of
                ),
                current=now.status if now else None,
                planned_start=action.start,
                planned_end=action.end,
                cost_min_vnd=action.cost_min_vnd,
                cost_max_vnd=action.cost_max_vnd,
                spent_vnd=spent,
                on_route=action.on_route,
            )
        )
    counts = {s: sum(1 for p in progress if p.status == s) for s in PROGRESS_STATUSES}
    years = _years(before, after)
    upto = [y for y in years if y.year <= after.as_of.year]
    return Comparison(
        site_id=after.site_id,
        before=before.name,
        after=after.name,
        before_as_of=before.as_of,
        after_as_of=after.as_of,
        before_version=before.checklist_version,
        after_version=after.checklist_version,
        readiness_before=before.readiness,
        readiness_after=after.readiness,
        closed=closed,
        opened=opened,
        still_open=still_open,
        renamed=renamed,
        new_in_catalogue=only_new if versions_differ else [],
        retired=sorted(set(old) - set(new)),
        verdicts=_verdicts(before, after),
        actions=progress,
        counts=counts,
        years=years,
        spent_vnd=sum(y.actual_vnd for y in years),
        planned_to_date_min_vnd=sum(y.planned_min_vnd for y in upto),
        planned_to_date_max_vnd=sum(y.planned_max_vnd for y in upto),
    )


def _verdicts(before: Snapshot, after: Snapshot) -> list[VerdictChange]:
    names = list(dict.fromkeys([v.yardstick for v in before.verdicts + after.verdicts]))
    changes = []
    for name in names:
        old, new = before.verdict(name), after.verdict(name)
        changes.append(
            VerdictChange(
                yardstick=name,
                before=old.tier if old else None,
                after=new.tier if new else None,
                meets_before=old.meets_target if old else None,
                meets_after=new.meets_target if new else None,
            )
        )
    return changes


def _years(before: Snapshot, after: Snapshot) -> list[YearSpend]:
    planned = {y.year: y for y in before.years}
    actual: dict[int, int] = {}
    for action in after.actions:
        for year, amount in action.spent_vnd.items():
            actual[year] = actual.get(year, 0) + amount
    span = sorted(set(planned) | set(actual))
    return [
        YearSpend(
            year=year,
            planned_min_vnd=planned[year].cost_min_vnd if year in planned else 0,
            planned_max_vnd=planned[year].cost_max_vnd if year in planned else 0,
            actual_vnd=actual.get(year, 0),
        )
        for year in span
    ]


class ProgressPoint(Model):
    """One date of the series the report charts."""

    name: str
    as_of: date
    readiness: float
    verdicts: dict[str, int | None]
    passed: dict[str, bool]


def progress_series(snapshots: Sequence[Snapshot]) -> list[ProgressPoint]:
    """Readiness and each yardstick's tier over time, oldest first."""
    ordered = sorted(snapshots, key=lambda s: (s.as_of, s.taken_at))
    return [
        ProgressPoint(
            name=s.name,
            as_of=s.as_of,
            readiness=s.readiness,
            verdicts={v.yardstick: v.tier for v in s.verdicts},
            passed={v.yardstick: v.meets_target for v in s.verdicts},
        )
        for s in ordered
    ]
