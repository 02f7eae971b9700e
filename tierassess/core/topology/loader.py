"""Load ``topology.yaml`` safely and check it.

First the schema (pydantic), then the rules that span elements (ids, kinds, fields, media).
Every problem reads ``file:line: field: message``.
"""

from __future__ import annotations

import json
from pathlib import Path

from tierassess.core.topology.kinds import COMMON_FIELDS, kinds
from tierassess.core.topology.model import Medium, Topology
from tierassess.errors import FileProblems, Problem
from tierassess.i18n import t
from tierassess.yamlio import YamlDocument, locate, parse_yaml, validate_document

TOPOLOGY_FILE = "topology.yaml"
SCHEMA_FILENAME = "topology.schema.json"

Loc = tuple[str | int, ...]


def _element_problems(topology: Topology) -> list[tuple[Loc, str]]:
    table = kinds()
    problems: list[tuple[Loc, str]] = []
    seen: dict[str, int] = {}
    ids = {e.id: e for e in topology.elements}
    if not any(e.kind == "it_load" for e in topology.elements):
        problems.append((("elements",), t("topology.err.no_load")))
    for index, element in enumerate(topology.elements):
        loc: Loc = ("elements", index)
        if element.id in seen:
            problems.append(
                ((*loc, "id"), t("topology.err.duplicate", id=element.id, first=seen[element.id]))
            )
        seen.setdefault(element.id, index)
        spec = table.get(element.kind)
        if spec is None:
            problems.append(
                (
                    (*loc, "kind"),
                    t("topology.err.unknown_kind", kind=element.kind, known=", ".join(table)),
                )
            )
            continue
        given = {k for k, v in element.model_dump(exclude_defaults=True).items() if v is not None}
        for name in spec.required:
            if name not in given:
                problems.append(((*loc, name), t("topology.err.required", kind=element.kind)))
        allowed = COMMON_FIELDS | set(spec.required) | set(spec.optional)
        for name in sorted(given - allowed):
            problems.append(((*loc, name), t("topology.err.not_for_kind", kind=element.kind)))
        if element.room is not None:
            room = ids.get(element.room)
            if room is None or room.kind != "room":
                problems.append(((*loc, "room"), t("topology.err.no_room", id=element.room)))
        for other_index, other in enumerate(element.isolates_with):
            if other not in ids:
                problems.append(
                    ((*loc, "isolates_with", other_index), t("topology.err.no_element", id=other))
                )
    return problems


def default_media(topology: Topology) -> dict[str, Medium]:
    """What each element gives out when a connection does not say.

    Its only medium, or else the one medium it takes in that it can also give out (a header fed
    chilled water gives out chilled water). Repeated until nothing changes, since feeds chain.
    """
    table = kinds()
    kind_of = {e.id: e.kind for e in topology.elements}
    known: dict[str, Medium] = {}
    for element_id, kind in kind_of.items():
        spec = table.get(kind)
        if spec is not None and len(spec.emits) == 1:
            known[element_id] = Medium(spec.emits[0])
    changed = True
    while changed:
        changed = False
        incoming: dict[str, set[Medium]] = {}
        for connection in topology.connections:
            medium = connection.medium or known.get(connection.source)
            if medium is not None:
                for target in connection.to:
                    incoming.setdefault(target, set()).add(medium)
        for element_id, media in incoming.items():
            spec = table.get(kind_of.get(element_id, ""))
            if element_id in known or spec is None:
                continue
            passing = media & set(spec.emits)
            if len(passing) == 1:
                known[element_id] = passing.pop()
                changed = True
    return known


def _connection_problems(topology: Topology) -> list[tuple[Loc, str]]:
    table = kinds()
    ids = {e.id: e for e in topology.elements}
    defaults = default_media(topology)
    problems: list[tuple[Loc, str]] = []
    for index, connection in enumerate(topology.connections):
        loc: Loc = ("connections", index)
        source = ids.get(connection.source)
        if source is None:
            problems.append(((*loc, "from"), t("topology.err.no_element", id=connection.source)))
            continue
        source_spec = table.get(source.kind)
        if source_spec is None:
            continue
        medium = connection.medium or defaults.get(connection.source)
        if medium is None:
            media = ", ".join(source_spec.emits) or "nothing"
            problems.append(
                (
                    (*loc, "medium"),
                    t("topology.err.which_medium", kind=source.kind, media=media),
                )
            )
            continue
        if medium not in source_spec.emits:
            problems.append(
                ((*loc, "medium"), t("topology.err.not_given", kind=source.kind, medium=medium))
            )
        for to_index, target_id in enumerate(connection.to):
            target = ids.get(target_id)
            if target is None:
                problems.append(
                    ((*loc, "to", to_index), t("topology.err.no_element", id=target_id))
                )
            elif target_id == connection.source:
                problems.append(((*loc, "to", to_index), t("topology.err.self_feed")))
            else:
                target_spec = table.get(target.kind)
                if target_spec is not None and medium not in target_spec.accepts:
                    problems.append(
                        (
                            (*loc, "to", to_index),
                            t("topology.err.not_taken", kind=target.kind, medium=medium),
                        )
                    )
    return problems


def model_problems(topology: Topology) -> list[tuple[Loc, str]]:
    """Every rule the schema cannot express, as (location, message)."""
    return _element_problems(topology) + _connection_problems(topology)


def resolve_media(topology: Topology) -> Topology:
    """The same model with every connection's medium spelled out (``default_media``)."""
    defaults = default_media(topology)
    connections = []
    for connection in topology.connections:
        if connection.medium is None:
            connection = connection.model_copy(update={"medium": defaults[connection.source]})
        connections.append(connection)
    return topology.model_copy(update={"connections": connections})


def check_document(document: YamlDocument) -> Topology:
    """Validate a parsed document; raise FileProblems with every problem and its line."""
    try:
        topology = validate_document(document, Topology)
    except FileProblems as exc:  # a wrong type or a negative kW: point to the format too
        raise FileProblems(exc.problems, hint=t("topology.err.hint")) from exc
    found = model_problems(topology)
    if found:
        problems = []
        for loc, message in found:
            line, field = locate(document.root, loc)
            problems.append(Problem(document.path, line, field, message))
        raise FileProblems(problems, hint=t("topology.err.hint"))
    return resolve_media(topology)


def topology_from_data(data: object, origin: str = "<data>") -> Topology:
    """Validate plain data (parsed YAML or JSON) as a model; FileProblems names ``origin``."""
    from pydantic import ValidationError

    try:
        topology = Topology.model_validate(data)
    except ValidationError as exc:
        from tierassess.validation_words import error_message

        found = [(tuple(e["loc"]), error_message(e)) for e in exc.errors(include_url=False)]
        raise FileProblems(problems_as_text(origin, found)) from exc
    found = model_problems(topology)
    if found:
        raise FileProblems(problems_as_text(origin, found))
    return resolve_media(topology)


def load_topology(path: Path) -> Topology:
    """Read and check a topology file; raise FileProblems (exit 2) listing every problem."""
    return check_document(parse_yaml(path))


def json_schema() -> str:
    """The JSON Schema of ``topology.yaml`` (committed as ``checklists/topology.schema.json``)."""
    schema = Topology.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "tierassess topology model"
    element = schema["$defs"]["Element"]["properties"]
    element["kind"]["enum"] = sorted(kinds())
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def problems_as_text(path: Path | str, found: list[tuple[Loc, str]]) -> list[Problem]:
    """Problems of a model that has no file lines (built in memory or changed by apply_change)."""
    problems = []
    for loc, message in found:
        field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        problems.append(Problem(path, None, field, message))
    return problems


def site_topology_path(evidence_dir: Path, site_or_file: str) -> Path | None:
    """``evidence/<site>/topology.yaml``, or the argument itself when it names a YAML file."""
    given = Path(site_or_file)
    if given.suffix in (".yaml", ".yml") and given.is_file():
        return given
    path = evidence_dir / site_or_file / TOPOLOGY_FILE
    return path if path.is_file() else None
