"""Find, load and validate checklist catalogues (``checklists/*.yaml``).

Every problem in every file is collected before anything is reported, so an author fixes a whole
catalogue in one pass. Each problem names the file, the line and the field.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pydantic import TypeAdapter

from tierassess.core.models import (
    CatalogueFile,
    Checklist,
    ChecklistHeader,
    CriteriaFile,
    Criterion,
    PlanningTable,
    RenameTable,
    YardstickKind,
    YardstickRule,
)
from tierassess.errors import CatalogueError, FileProblems, InputError, Problem, os_reason
from tierassess.i18n import t
from tierassess.yamlio import YamlDocument, locate, parse_yaml, validate_document

SCHEMA_FILENAME = "catalogue.schema.json"
DEFAULT_CHECKLIST: str | None = None  # the folder's only checklist


@cache
def _catalogue_adapter() -> TypeAdapter[
    ChecklistHeader | CriteriaFile | PlanningTable | RenameTable
]:
    # Built on first use: building it at import cost ~40 ms on every start, cache hit or not.
    return TypeAdapter(CatalogueFile)


def packaged_catalogue_dir() -> Path:
    """The catalogue shipped inside the installed package.

    In an editable install, that is the repository's ``checklists/`` the package data is built
    from.
    """
    package = Path(__file__).resolve().parents[1]  # the tierassess folder, not storage/
    shipped = package / "catalogue_data"
    return shipped if shipped.is_dir() else package.parent / "checklists"


def catalogue_dir(workspace_root: Path | None) -> Path:
    """The workspace's own ``checklists/`` when it has YAML files, else the shipped catalogue."""
    if workspace_root is not None:
        local = workspace_root / "checklists"
        if local.is_dir() and any(local.glob("*.yaml")):
            return local
    return packaged_catalogue_dir()


@dataclass
class _Loaded:
    headers: list[tuple[YamlDocument, ChecklistHeader]] = field(default_factory=list)
    criteria_files: list[tuple[YamlDocument, CriteriaFile]] = field(default_factory=list)
    planning: list[tuple[YamlDocument, PlanningTable]] = field(default_factory=list)
    renames: list[tuple[YamlDocument, RenameTable]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    digest: str = ""


def catalogue_files(path: Path) -> list[Path]:
    """A catalogue's YAML files: those in the folder ``path``, sorted by name (or the one file)."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError(t("catalogue.problem.no_path", path=path))
    return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def catalogue_digest(files: Iterable[tuple[str, bytes]]) -> str:
    """The SHA-256 over a catalogue's (file name, bytes) pairs, in the order given.

    A loaded checklist carries it (``source_digest``) and a bundle's manifest records it, so the
    two can be compared.
    """
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def _load_files(paths: Iterable[Path]) -> _Loaded:
    loaded = _Loaded()
    read: list[tuple[str, bytes]] = []
    for path in paths:
        document = None
        try:
            read.append((path.name, path.read_bytes()))
            document = parse_yaml(path)
            parsed = validate_document(document, _catalogue_adapter())
        except FileProblems as exc:
            loaded.problems.extend(exc.problems)
            partial = _valid_part(document) if document is not None else None
            if document is not None and partial is not None:
                loaded.criteria_files.append((document, partial))
            continue
        except OSError as exc:
            message = t("catalogue.problem.unreadable", reason=os_reason(exc))
            loaded.problems.append(Problem(path, None, "", message))
            continue
        if isinstance(parsed, ChecklistHeader):
            loaded.headers.append((document, parsed))
        elif isinstance(parsed, CriteriaFile):
            loaded.criteria_files.append((document, parsed))
        elif isinstance(parsed, RenameTable):
            loaded.renames.append((document, parsed))
        else:
            loaded.planning.append((document, parsed))
    loaded.digest = catalogue_digest(read)
    return loaded


def _valid_part(document: YamlDocument) -> CriteriaFile | None:
    """The criteria of a file that failed validation which are valid on their own.

    They still take part in the cross-file checks, so that one bad criterion does not hide the
    problems of its neighbours.
    """
    data = document.data
    if not isinstance(data, dict) or data.get("kind") != "criteria":
        return None
    items = data.get("criteria")
    checklist = data.get("checklist")
    if not isinstance(items, list) or not isinstance(checklist, str):
        return None
    adapter = TypeAdapter(Criterion)
    valid: list[Criterion | None] = []
    for item in items:
        try:
            valid.append(adapter.validate_python(item))
        except ValueError:
            valid.append(None)
    # Placeholders keep each criterion at its index, so line numbers stay right.
    return CriteriaFile.model_construct(kind="criteria", checklist=checklist, criteria=valid)  # type: ignore[arg-type]


def _criterion_line(document: YamlDocument, index: int, *fields: str | int) -> int | None:
    line, _ = locate(document.root, ["criteria", index, *fields])
    return line


def _problem_at(
    document: YamlDocument, index: int, field_path: tuple[str | int, ...], message: str
) -> Problem:
    line = _criterion_line(document, index, *field_path)
    label = f"criteria[{index}]" + "".join(
        f"[{p}]" if isinstance(p, int) else f".{p}" for p in field_path
    )
    return Problem(document.path, line, label, message)


FieldPath = tuple[str | int, ...]


def _cross_check(
    header: ChecklistHeader,
    criteria_files: list[tuple[YamlDocument, CriteriaFile]],
    planning: PlanningTable | None,
) -> list[Problem]:
    """Rules that span files: unique ids, known taxonomy, bands and standards, sound dependencies."""
    problems: list[Problem] = []
    bands = {b.id for b in planning.cost_bands} if planning else None
    seen: dict[str, tuple[Path, int | None]] = {}
    where: dict[str, tuple[YamlDocument, int, Criterion]] = {}
    for document, criteria_file in criteria_files:
        for index, criterion in enumerate(criteria_file.criteria):
            if criterion is None:
                continue
            if criterion.id in seen:
                other_path, other_line = seen[criterion.id]
                first = f"{other_path}:{other_line}"
                message = t("catalogue.problem.duplicate_id", id=criterion.id, first=first)
                problems.append(_problem_at(document, index, ("id",), message))
            else:
                seen[criterion.id] = (document.path, _criterion_line(document, index, "id"))
                where[criterion.id] = (document, index, criterion)
            problems += [
                _problem_at(document, index, field_path, message)
                for field_path, message in _criterion_problems(header, bands, criterion)
            ]
    problems += _dependency_problems(where)
    problems += _cycles(criteria_files, where)
    return problems


def _criterion_problems(
    header: ChecklistHeader, bands: set[str] | None, criterion: Criterion
) -> list[tuple[FieldPath, str]]:
    """One criterion against the header's taxonomy and the planning table's cost bands."""
    found: list[tuple[FieldPath, str]] = []
    domains = {d.id: d.code for d in header.domains}
    if criterion.domain not in domains:
        known = ", ".join(domains)
        message = t("catalogue.problem.unknown_domain", domain=criterion.domain, known=known)
        found.append((("domain",), message))
    elif not criterion.id.startswith(domains[criterion.domain] + "-"):
        prefix = domains[criterion.domain]
        message = t("catalogue.problem.id_prefix", prefix=prefix, domain=criterion.domain)
        found.append((("id",), message))
    # Once a checklist names its units in both languages, every unit must be named.
    undeclared = criterion.answer.check_units(set(header.units))
    if undeclared is not None:
        found.append((("answer", "unit"), t("catalogue.problem.unit", unit=undeclared)))
    subsystems = sorted(s.id for s in header.subsystems)
    if criterion.subsystem not in subsystems:
        message = t(
            "catalogue.problem.unknown_subsystem",
            subsystem=criterion.subsystem,
            known=", ".join(subsystems),
        )
        found.append((("subsystem",), message))
    standards = {s.id for s in header.standards}
    for ref_index, reference in enumerate(criterion.references):
        if reference.standard not in standards:
            message = t("catalogue.problem.unknown_standard", standard=reference.standard)
            found.append((("references", ref_index, "standard"), message))
    for rule_index, rule in enumerate(criterion.counts_for):
        message = _rule_problem(header, criterion, rule)
        if message:
            found.append((("counts_for", rule_index), message))
    band = criterion.remediation.cost_band
    if bands is not None and band not in bands:
        message = t("catalogue.problem.unknown_band", band=band, known=", ".join(sorted(bands)))
        found.append((("remediation", "cost_band"), message))
    found += _affects_problems(criterion)
    return found


def _affects_problems(criterion: Criterion) -> list[tuple[FieldPath, str]]:
    """``affects`` entries that are not topology element kinds (``kinds.yaml``)."""
    # Imported here: the topology package is not needed to load a catalogue that is cached.
    from tierassess.core.topology.kinds import kinds

    known = kinds()
    return [
        (
            ("remediation", "affects", position),
            t(
                "catalogue.problem.unknown_affects",
                id=criterion.id,
                kind=kind,
                known=", ".join(sorted(known)),
            ),
        )
        for position, kind in enumerate(criterion.remediation.affects)
        if kind not in known
    ]


def _dependency_problems(where: dict[str, tuple[YamlDocument, int, Criterion]]) -> list[Problem]:
    """Dependencies on criteria the catalogue does not have."""
    problems = []
    for criterion_id, (document, index, criterion) in where.items():
        for dep_index, dependency in enumerate(criterion.remediation.depends_on):
            if dependency not in where:
                message = t(
                    "catalogue.problem.unknown_dependency", id=criterion_id, dependency=dependency
                )
                field_path = ("remediation", "depends_on", dep_index)
                problems.append(_problem_at(document, index, field_path, message))
    return problems


def _rule_problem(header: ChecklistHeader, criterion: Criterion, rule: YardstickRule) -> str:
    """What is wrong with one of a criterion's yardstick rules against the header ('' if sound)."""
    known = {y.id: y for y in header.yardsticks}
    yardstick = known.get(rule.yardstick)
    if yardstick is None:
        names = ", ".join(known) or t("catalogue.problem.none_declared")
        return t("catalogue.problem.unknown_yardstick", yardstick=rule.yardstick, known=names)
    subsystem = yardstick.subsystem_for(rule, criterion)
    if yardstick.kind is YardstickKind.TIER and subsystem not in yardstick.subsystems:
        return t(
            "catalogue.problem.rates_no_subsystem",
            yardstick=yardstick.id,
            subsystem=subsystem,
            rated=", ".join(yardstick.subsystems),
        )
    if yardstick.kind is YardstickKind.PASS_FAIL and (rule.level != 1 or rule.thresholds):
        return t("catalogue.problem.pass_fail", yardstick=yardstick.id)
    return ""


def _header_problems(document: YamlDocument, header: ChecklistHeader) -> list[Problem]:
    """Yardsticks that cite an undeclared standard."""
    standards = {s.id for s in header.standards}
    problems = []
    for index, yardstick in enumerate(header.yardsticks):
        for ref_index, standard in enumerate(yardstick.standards):
            if standard not in standards:
                line, _ = locate(document.root, ["yardsticks", index, "standards", ref_index])
                problems.append(
                    Problem(
                        document.path,
                        line,
                        f"yardsticks[{index}].standards[{ref_index}]",
                        t("catalogue.problem.header_standard", standard=standard),
                    )
                )
    return problems


def _cycles(
    criteria_files: list[tuple[YamlDocument, CriteriaFile]],
    where: dict[str, tuple[YamlDocument, int, Criterion]],
) -> list[Problem]:
    graph = {c.id: c.remediation.depends_on for _, f in criteria_files for c in f.criteria if c}
    state: dict[str, int] = {}
    problems: list[Problem] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for dependency in graph.get(node, []):
            if dependency not in graph:
                continue
            if state.get(dependency) == 1:
                cycle = (
                    [*trail[trail.index(dependency) :], dependency]
                    if dependency in trail
                    else [node, dependency]
                )
                document, index, _ = where[node]
                line = _criterion_line(document, index, "remediation", "depends_on")
                problems.append(
                    Problem(
                        document.path,
                        line,
                        f"criteria[{index}].remediation.depends_on",
                        t("catalogue.problem.cycle", cycle=" -> ".join(cycle)),
                    )
                )
            elif dependency not in state:
                visit(dependency, [*trail, dependency])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return problems


def _route_check(document: YamlDocument, planning: PlanningTable, known: set[str]) -> list[Problem]:
    """Combined actions and only-together groups name known criteria, bands and actions."""
    problems: list[Problem] = []

    def add(path: list[str | int], message: str) -> None:
        line, _ = locate(document.root, path)
        label = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
        problems.append(Problem(document.path, line, label, message))

    bands = {b.id for b in planning.cost_bands}
    combined: set[str] = set()
    for index, action in enumerate(planning.combined_actions):
        where: list[str | int] = ["combined_actions", index]
        if action.id in known or action.id in combined:
            add([*where, "id"], t("catalogue.problem.taken_id", id=action.id))
        combined.add(action.id)
        if action.cost_band not in bands:
            add(
                [*where, "cost_band"],
                t("catalogue.problem.unknown_band_plain", band=action.cost_band),
            )
        for field_name in ("closes", "depends_on"):
            for position, criterion_id in enumerate(getattr(action, field_name)):
                if criterion_id not in known:
                    add(
                        [*where, field_name, position],
                        t("catalogue.problem.unknown_criterion", id=criterion_id),
                    )
    for index, group in enumerate(planning.only_together):
        for position, action_id in enumerate(group.actions):
            if action_id not in known and action_id not in combined:
                message = t("catalogue.problem.unknown_action", id=action_id)
                add(["only_together", index, "actions", position], message)
    return problems


def _assemble(loaded: _Loaded, checklist_id: str | None, origin: Path) -> Checklist:
    problems = list(loaded.problems)
    headers = loaded.headers
    if checklist_id is not None:
        headers = [(d, h) for d, h in headers if h.id == checklist_id]
    if not headers:
        message = (
            t("catalogue.problem.no_header_named", id=checklist_id)
            if checklist_id
            else t("catalogue.problem.no_header")
        )
        problems.append(Problem(origin, None, "", message))
        raise CatalogueError(problems)
    if len(headers) > 1:
        for document, header in headers[1:]:  # several checklists in one folder need an explicit id
            problems.append(
                Problem(document.path, 1, "id", t("catalogue.problem.second_header", id=header.id))
            )
    header = headers[0][1]
    planning = loaded.planning[0][1] if loaded.planning else None
    if len(loaded.planning) > 1:
        for document, _ in loaded.planning[1:]:
            problems.append(
                Problem(document.path, 1, "kind", t("catalogue.problem.second_planning"))
            )
    mine = [(d, f) for d, f in loaded.criteria_files if f.checklist == header.id]
    for document, criteria_file in loaded.criteria_files:
        if criteria_file.checklist not in {h.id for _, h in loaded.headers}:
            line, _ = locate(document.root, ["checklist"])
            problems.append(
                Problem(
                    document.path,
                    line,
                    "checklist",
                    t("catalogue.problem.no_header_named", id=criteria_file.checklist),
                )
            )
    problems.extend(_header_problems(headers[0][0], header))
    problems.extend(_cross_check(header, mine, planning))
    if loaded.planning:
        known = {c.id for _, f in mine for c in f.criteria if c}
        problems.extend(_route_check(*loaded.planning[0], known))
    renames = [r for _, table in loaded.renames for r in table.renames]
    for document, table in loaded.renames:
        known = {c.id for _, f in mine for c in f.criteria if c}
        for index, rename in enumerate(table.renames):
            for position, new_id in enumerate(rename.new):
                if new_id not in known:
                    line, _ = locate(document.root, ["renames", index, "new", position])
                    label = f"renames[{index}].new[{position}]"
                    problems.append(
                        Problem(
                            document.path,
                            line,
                            label,
                            t("catalogue.problem.unknown_criterion", id=new_id),
                        )
                    )
    if problems:
        raise CatalogueError(problems, hint=t("catalogue.problem.fix_hint"))
    criteria: list[Criterion] = [c for _, f in mine for c in f.criteria if c]
    return Checklist(
        header=header,
        criteria=criteria,
        planning=planning,
        renames=renames,
        source_digest=loaded.digest,
    )


def load_checklist(path: Path, checklist_id: str | None = DEFAULT_CHECKLIST) -> Checklist:
    """Load and validate a whole checklist from a folder; raise CatalogueError with every problem."""
    return _assemble(_load_files(catalogue_files(path)), checklist_id, path)


def load_checklist_cached(folder: Path, checklist_id: str | None = DEFAULT_CHECKLIST) -> Checklist:
    """``load_checklist``, from the cache of validated models while the files are unchanged.

    Parsing and validating the catalogue costs about half a second in every new process; the
    cached copy is rebuilt in a fraction of that (``tierassess.storage.cache``).
    """
    from tierassess.storage.cache import cached_model

    try:
        files = catalogue_files(folder)
        content = catalogue_digest((path.name, path.read_bytes()) for path in files).encode()
    except OSError:
        return load_checklist(folder, checklist_id)
    return cached_model(
        f"checklist-{checklist_id or 'default'}",
        content,
        Checklist,
        lambda: load_checklist(folder, checklist_id),
    )


def validate_path(path: Path) -> tuple[list[Problem], Checklist | None]:
    """Check a folder, or one file together with the rest of its folder; return problems found.

    For a single file, problems in the other files of its folder are left out so that an author
    working on one file sees that file's problems.
    """
    target = path if path.is_dir() else path.parent
    try:
        loaded = _load_files(catalogue_files(target))
        checklist = _assemble(loaded, None, target)
    except CatalogueError as exc:
        problems = exc.problems
        if path.is_file():
            # this file's problems, and those of no file in particular (a missing header)
            others = {f for f in catalogue_files(target) if f != path}
            problems = [p for p in problems if Path(p.path) not in others]
            if not problems:
                problems = [
                    Problem(
                        path,
                        None,
                        "",
                        t(
                            "catalogue.problem.not_checked",
                            folder=target,
                            count=len(exc.problems),
                        ),
                    )
                ]
        return problems, None
    return [], checklist
