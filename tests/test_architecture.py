"""The package's import graph has no cycles, counting the imports inside functions.

Function-level imports keep ``tierassess --help`` fast, but they hide cycles from Python: a cycle
that only closes inside a function never fails at load time, it just ties two modules together so
that neither can be understood, tested or moved alone. Every module is parsed with ``ast`` and
every ``import`` statement counts wherever it is, those under ``if TYPE_CHECKING:`` too: they never
run, but a lower module that names a higher one's types still knows about it.

How an import becomes an edge (as Python resolves it):

- ``import a.b.c`` depends on ``a.b.c``; ``from .x import y`` is resolved against the importing
  module's package;
- ``from pkg import name`` depends on the submodule ``pkg.name`` when there is one, and otherwise
  on ``pkg`` itself. So a submodule that takes a name from its own package's ``__init__``, while
  that ``__init__`` re-exports from the submodules, is a cycle: import it from the sibling module
  that defines it.
- A package's ``__init__`` runs before any of its submodules, but that is not counted: every
  submodule would otherwise depend on its package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tierassess"


def module_files(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module under ``root`` (a package directory)."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement in ``tree``, at any depth."""
    return [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]


def import_targets(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of ``modules`` that module ``name`` (file ``path``) imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
            continue
        if node.level:
            parts = package.split(".")
            base = ".".join(parts[: len(parts) - node.level + 1])
            source = f"{base}.{node.module}" if node.module else base
        else:
            source = node.module or ""
        for alias in node.names:
            submodule = f"{source}.{alias.name}"
            targets.add(submodule if submodule in modules else source)
    return {target for target in targets if target in modules and target != name}


def import_graph(root: Path) -> nx.DiGraph:
    """Modules as nodes, one edge per importing module and imported module."""
    modules = module_files(root)
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        graph.add_edges_from((name, target) for target in import_targets(name, path, modules))
    return graph


def cycles_of(graph: nx.DiGraph) -> list[list[str]]:
    """One shortest cycle per tangle of modules (strongly connected component), shortest first.

    Breaking that cycle may leave another in the same tangle: run the test again.
    """
    found = []
    for component in nx.strongly_connected_components(graph):
        if len(component) > 1:
            found.append(min(nx.simple_cycles(graph.subgraph(component)), key=len))
    return sorted(found, key=lambda cycle: (len(cycle), cycle))


def test_no_import_cycles_even_through_function_level_imports() -> None:
    cycles = cycles_of(import_graph(PACKAGE))
    assert not cycles, (
        "import cycles (function-level imports count): move the piece both modules need to the "
        "lower one, or to a module of its own; do not hide the import\n"
        + "\n".join(" -> ".join([*cycle, cycle[0]]) for cycle in cycles)
    )


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


@pytest.mark.parametrize(
    ("files", "cycle"),
    [
        pytest.param(
            {
                "__init__.py": "",
                "a.py": "def f():\n    from pkg.b import g\n",
                "b.py": "import pkg.a\n",
            },
            ["pkg.a", "pkg.b"],
            id="function-level import",
        ),
        pytest.param(
            {
                "__init__.py": "from pkg.sub.x import X\n",
                "sub/__init__.py": "",
                "sub/x.py": "class X:\n    def f(self):\n        from ..y import Y\n",
                "y.py": "from . import sub\nfrom .sub import x\n",
            },
            ["pkg.sub.x", "pkg.y"],
            id="relative imports",
        ),
        pytest.param(
            {
                "__init__.py": "",
                "a.py": "import typing\nif typing.TYPE_CHECKING:\n    from pkg.b import B\n",
                "b.py": "from pkg.a import A\n",
            },
            ["pkg.a", "pkg.b"],
            id="an import for type checking only",
        ),
        pytest.param(
            {
                "__init__.py": "from pkg.core import run\n",
                "core.py": "import pkg.extra\ndef run():\n    pass\n",
                "extra.py": "from pkg import run\n",
            },
            ["pkg", "pkg.core", "pkg.extra"],
            id="submodule takes a name from its package",
        ),
    ],
)
def test_a_cycle_is_found(tmp_path: Path, files: dict[str, str], cycle: list[str]) -> None:
    assert sorted(cycles_of(import_graph(_write(tmp_path, files)))[0]) == cycle


def test_what_is_not_a_cycle(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            # the package re-exports a submodule that imports a sibling submodule by name
            "__init__.py": "from pkg.a import f\n",
            "a.py": "from pkg import b\ndef f():\n    return b\n",
            "b.py": "import pkg.c\n",
            "c.py": "class C:\n    pass\n",
        },
    )
    assert cycles_of(import_graph(root)) == []


# The package layout is the architecture. Each layer may use the layers before it, never one
# after it: the core judges a site without knowing where it is kept; storage keeps it; exchange
# and reports turn it into files for other people (and do not know about each other); the CLI
# talks to the person at the terminal. The shared basics at the top (errors, i18n, formats,
# textsafe, validation_words, yamlio, cells) come before all of them.
LAYERS = ("basics", "core", "storage", "exchange", "reports", "cli")
SIDE_BY_SIDE = {frozenset({"exchange", "reports"})}


def layer_of(module: str) -> str:
    """The layer a dotted module name belongs to."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    return "cli" if module == "tierassess.__main__" else "basics"


def layer_breaches(graph: nx.DiGraph) -> list[str]:
    """Every import that reaches a later layer (or across exchange and reports), as text."""
    found = []
    for importer, imported in sorted(graph.edges):
        low, high = layer_of(importer), layer_of(imported)
        later = LAYERS.index(high) > LAYERS.index(low)
        if later or frozenset({low, high}) in SIDE_BY_SIDE:
            found.append(f"{importer} ({low}) -> {imported} ({high})")
    return found


def test_each_layer_uses_only_the_layers_before_it() -> None:
    breaches = layer_breaches(import_graph(PACKAGE))
    assert not breaches, "imports against the layering (see README, How it works):\n" + "\n".join(
        breaches
    )


def test_a_layer_breach_is_found(tmp_path: Path) -> None:
    root = tmp_path / "tierassess"
    for name, text in {
        "__init__.py": "",
        "core/__init__.py": "",
        "core/rules.py": "def f():\n    from tierassess.storage.files import g\n",
        "storage/__init__.py": "",
        "storage/files.py": "from tierassess.core.rules import f\n",
        "reports/__init__.py": "",
        "reports/pdf.py": "import tierassess.exchange.bundle\n",
        "exchange/__init__.py": "",
        "exchange/bundle.py": "from tierassess.core import rules\n",
    }.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert layer_breaches(import_graph(root)) == [
        "tierassess.core.rules (core) -> tierassess.storage.files (storage)",
        "tierassess.reports.pdf (reports) -> tierassess.exchange.bundle (exchange)",
    ]


def test_every_package_is_shipped() -> None:
    # pyproject lists packages one by one (the catalogue is mapped in from checklists/), so a new
    # package folder left out of the list would be missing from `pip install .` while the tests,
    # which import from the source tree, still pass.
    import tomllib

    listed = set(
        tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
            "setuptools"
        ]["packages"]
    )
    folders = {
        ".".join(init.parent.relative_to(PACKAGE.parent).parts)
        for init in PACKAGE.rglob("__init__.py")
    }
    assert folders <= listed, (
        f"add to pyproject.toml [tool.setuptools] packages: {sorted(folders - listed)}"
    )


#: Modules with one job stay small enough to read in one sitting; so do their functions.
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def oversized(root: Path) -> list[str]:
    """Modules over MAX_MODULE_LINES lines and functions over MAX_FUNCTION_LINES, as 'path:name'."""
    found = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(root.parent).as_posix()
        if len(text.splitlines()) > MAX_MODULE_LINES:
            found.append(f"{name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(f"{name}:{node.lineno} {node.name}(): {length} lines")
    return found


def test_no_module_or_function_is_oversized() -> None:
    assert oversized(PACKAGE) == []


def test_an_oversized_module_and_function_are_found(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    body = "\n".join(f"    x{n} = {n}" for n in range(MAX_FUNCTION_LINES))
    (package / "long.py").write_text(f"def f():\n{body}\n" + "\n" * MAX_MODULE_LINES)
    (package / "short.py").write_text("def g():\n    return 1\n")
    assert oversized(package) == [
        f"pkg/long.py: {MAX_FUNCTION_LINES + 1 + MAX_MODULE_LINES} lines",
        f"pkg/long.py:1 f(): {MAX_FUNCTION_LINES + 1} lines",
    ]
