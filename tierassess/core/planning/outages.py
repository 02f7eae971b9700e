"""Which works that take redundancy away must not overlap: the system each one's outage holds.

A work flagged ``shutdown`` or ``reduced_redundancy`` holds one system during its outage weeks;
the scheduler never overlaps two outages holding one system (``Job.system``). This module names
that system, erring on the side of more conflicts (it may add a conflict, never drop one):

* **Without a topology model**, the work's subsystem (two electrical works never overlap).
* **With the site's model**, a work takes out of service, one at a time, the model's elements of
  the kinds its template ``affects`` (``ups_module``, ``chiller``...). Two works conflict when

  - they take out a common element, or
  - the critical loads an element of each puts at risk alone meet (a load is never exposed to
    two works at once), or
  - an element of each, out together, puts at risk a load neither puts at risk alone (path A's
    UPS and path B's UPS of a 2N system);

  and, by name, when both list a kind the model has no element of. A work without ``affects``,
  or whose kinds the model lacks entirely, conflicts with every work of its subsystem. Where the
  site's ``plan.yaml`` names the elements a work takes out (``affects_elements``), those replace
  its kinds: the engineer who knows the one-line can let a path-A work run beside another path-A
  work instead of beside every element of its kinds.

Works that conflict, directly or through others, hold one system (union-find: the connected
components of the conflict graph). A system is named after its works' subsystems
(``electrical``, ``electrical+mechanical``), numbered in the order of their first work id when
several share a name (``electrical:1``, ``electrical:2``); without ``affects`` data this gives the
subsystem names of the plan without a model.

Each work holds exactly one system, as the scheduler needs to stay fast: merging works into
components only adds conflicts, so the plan stays safe.

Cost with a model: with K distinct elements of the listed kinds, K single removals and at most
K²/2 pair removals (fewer: pairs of works already in one system are skipped), each one evaluation
of the model downstream of the elements out (``check.loads_at_risk``); the rest is linear in the
works and their ``affects``. Without a model: linear in the works.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from tierassess.core.topology.check import loads_at_risk
from tierassess.core.topology.model import Topology

__all__ = ["OutageWork", "outage_systems"]


@dataclass(frozen=True)
class OutageWork:
    """A disruptive work: its id, its criterion's subsystem, the element kinds its outage takes."""

    id: str
    subsystem: str
    affects: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()  # the site's element ids, where known: they replace ``affects``


class _Groups:
    """Union-find over work ids (path halving)."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.parent = {i: i for i in ids}

    def root(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, items: Iterable[str]) -> None:
        roots = sorted({self.root(i) for i in items})
        for other in roots[1:]:
            self.parent[other] = roots[0]  # the smallest: deterministic, whatever the order


def outage_systems(works: Sequence[OutageWork], topology: Topology | None) -> dict[str, str]:
    """The system each work's outage holds (work id -> name), by the rules above."""
    if topology is None:
        return {w.id: w.subsystem for w in works}
    groups = _Groups(w.id for w in works)
    present = {e.kind for e in topology.elements}
    known = {e.id for e in topology.elements}
    out = {
        w.id: sorted(set(w.elements) & known)
        if w.elements
        else [e.id for e in topology.elements if e.kind in w.affects]
        for w in works
    }
    by_name: dict[str, list[str]] = {}
    for work in works:
        for kind in sorted(set(() if work.elements else work.affects) - present):
            by_name.setdefault(kind, []).append(work.id)
    for ids in by_name.values():
        groups.join(ids)
    whole = {w.subsystem for w in works if not out[w.id]}
    for subsystem in sorted(whole):
        groups.join(w.id for w in works if w.subsystem == subsystem)
    _join_by_topology(groups, {k: v for k, v in out.items() if v}, topology)
    return _names(works, groups)


def _join_by_topology(groups: _Groups, out: dict[str, list[str]], topology: Topology) -> None:
    """Join works whose elements clash (common, meeting loads, or a load lost only together)."""
    elements = sorted({e for ids in out.values() for e in ids})
    alone = dict(zip(elements, loads_at_risk(topology, [[e] for e in elements]), strict=True))

    def clash_alone(a: str, b: str) -> bool:
        return a == b or bool(alone[a] & alone[b])

    pending: list[tuple[str, str]] = []
    for first, second in combinations(sorted(out), 2):
        if any(clash_alone(a, b) for a in out[first] for b in out[second]):
            groups.join((first, second))
        else:
            pending.append((first, second))
    pairs = sorted(
        {
            (min(a, b), max(a, b))
            for first, second in pending
            if groups.root(first) != groups.root(second)
            for a in out[first]
            for b in out[second]
        }
    )
    together = dict(zip(pairs, loads_at_risk(topology, [list(p) for p in pairs]), strict=True))
    for first, second in pending:
        if any(
            not together[(min(a, b), max(a, b))] <= alone[a] | alone[b]
            for a in out[first]
            for b in out[second]
            if (min(a, b), max(a, b)) in together
        ):
            groups.join((first, second))


def _names(works: Sequence[OutageWork], groups: _Groups) -> dict[str, str]:
    """Name each group after its subsystems, numbered when several groups share the name."""
    members: dict[str, list[OutageWork]] = {}
    for work in works:
        members.setdefault(groups.root(work.id), []).append(work)
    # by first work id, so that names never depend on the order the works came in
    ordered = sorted(members.values(), key=lambda ws: min(w.id for w in ws))
    base = ["+".join(sorted({w.subsystem for w in ws})) for ws in ordered]
    seen: dict[str, int] = {}
    names: dict[str, str] = {}
    for group, name in zip(ordered, base, strict=True):
        if base.count(name) > 1:
            seen[name] = seen.get(name, 0) + 1
            name = f"{name}:{seen[name]}"
        for work in group:
            names[work.id] = name
    return names
