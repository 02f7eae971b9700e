"""Apply what a remediation action does to a topology model (``apply_change``).

So the verdict after the action can be computed.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from tierassess.core.topology.loader import model_problems, problems_as_text, resolve_media
from tierassess.core.topology.model import Element, ModelChange, Topology
from tierassess.errors import FileProblems, Problem
from tierassess.i18n import t
from tierassess.validation_words import error_message


def load_change(path: Path) -> ModelChange:
    """A model change from a YAML file; problems read ``file:line: field: message``."""
    from tierassess.yamlio import load_model

    return load_model(path, ModelChange)


def apply_change(model: Topology, change: ModelChange, *, origin: str = "change") -> Topology:
    """The model after ``change``; the input model is left as it was.

    Steps, in this order: ``remove_connections`` (each must exist; without ``medium`` every
    medium between the two goes), ``remove_elements`` (with every connection to or from them),
    ``update_elements`` (``{id: X, field: value, ...}``; ``null`` clears a field),
    ``add_elements``, ``add_connections``. The result is checked like a loaded file: a change
    that leaves a dangling reference or an unknown kind raises FileProblems naming ``origin``.

    Example, a second generator and its fuel (YAML form of a ``ModelChange``)::

        add_elements:
          - {id: G2, kind: generator, rating_kw: 500, rating_type: prime, fuel_lph: 130}
        add_connections:
          - {from: G2, to: MSB}
          - {from: DAY-TANK, to: G2}
    """
    problems: list[Problem] = []
    connections = list(model.connections)
    for index, ref in enumerate(change.remove_connections):
        before = sum(len(c.to) for c in connections)
        kept = []
        for connection in connections:
            match = connection.source == ref.source and (
                ref.medium is None or connection.medium == ref.medium
            )
            targets = [t for t in connection.to if not (match and t == ref.to)]
            if targets:
                kept.append(connection.model_copy(update={"to": targets}))
        if sum(len(c.to) for c in kept) == before:
            problems.append(
                Problem(
                    origin, None, f"remove_connections[{index}]", t("topology.err.no_connection")
                )
            )
        connections = kept
    gone = set(change.remove_elements)
    known = {e.id for e in model.elements}
    for index, element_id in enumerate(change.remove_elements):
        if element_id not in known:
            problems.append(
                Problem(
                    origin,
                    None,
                    f"remove_elements[{index}]",
                    t("topology.err.no_element", id=element_id),
                )
            )
    elements = [e for e in model.elements if e.id not in gone]
    connections = [
        c.model_copy(update={"to": [t for t in c.to if t not in gone]})
        for c in connections
        if c.source not in gone
    ]
    connections = [c for c in connections if c.to]
    elements = _updated(elements, change.update_elements, origin, problems)
    elements.extend(change.add_elements)
    connections.extend(change.add_connections)
    if problems:
        raise FileProblems(problems)
    result = model.model_copy(update={"elements": elements, "connections": connections})
    found = model_problems(result)
    if found:
        raise FileProblems(problems_as_text(origin, found))
    return resolve_media(result)


def _updated(
    elements: list[Element],
    updates: list[dict[str, object]],
    origin: str,
    problems: list[Problem],
) -> list[Element]:
    by_id = {e.id: index for index, e in enumerate(elements)}
    result = list(elements)
    for index, update in enumerate(updates):
        element_id = update.get("id")
        if not isinstance(element_id, str) or element_id not in by_id:
            problems.append(
                Problem(
                    origin,
                    None,
                    f"update_elements[{index}].id",
                    t("topology.err.no_element", id=element_id),
                )
            )
            continue
        position = by_id[element_id]
        data = result[position].model_dump(exclude_none=True)
        data.update(update)
        data = {k: v for k, v in data.items() if v is not None}
        try:
            result[position] = Element.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                field = ".".join(str(p) for p in error["loc"])
                problems.append(
                    Problem(origin, None, f"update_elements[{index}].{field}", error_message(error))
                )
    return result
