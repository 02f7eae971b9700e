"""Which command lives in which family module, so that the root group loads only what it runs.

Each family module imports only click at module level and exposes ``register(group)``. The root
``--help`` lists every command from this table (names and help keys) without importing any family;
running a command imports the families that define or extend it.
"""

from __future__ import annotations

import importlib

import click

_CHECKLIST = "tierassess.cli.checklist"
_SITE = "tierassess.cli.site"
_ASSESS = "tierassess.cli.assess"
_EVIDENCE = "tierassess.cli.evidence"
_BUNDLE = "tierassess.cli.bundle"
_REVIEW = "tierassess.cli.review"
_LOG = "tierassess.cli.log"
_SCORING = "tierassess.cli.scoring"
_PLAN = "tierassess.cli.plan"
_REPORT = "tierassess.cli.report"
_IDENTITY = "tierassess.cli.identity"
_ROUTE = "tierassess.cli.route"
_TOPOLOGY = "tierassess.cli.topology"

# command: (the family modules that define or extend it, the message key of its short help)
COMMANDS: dict[str, tuple[tuple[str, ...], str]] = {
    "checklist": ((_CHECKLIST,), "help.checklist.group"),
    "init": ((_SITE,), "help.init"),
    "site": ((_SITE,), "site.help.group"),
    "sites": ((_SITE,), "help.sites"),
    "assess": ((_ASSESS,), "assess.help.assess"),
    "answers": ((_ASSESS,), "assess.help.answers"),
    "evidence": ((_EVIDENCE,), "evidence.help.group"),
    "bundle": ((_BUNDLE,), "evidence.help.bundle.group"),
    "review": ((_REVIEW,), "evidence.help.review"),
    "log": ((_LOG,), "evidence.help.log"),
    "score": ((_SCORING,), "scoring.help.score"),
    "plan": ((_PLAN,), "scoring.help.plan"),
    "report": ((_REPORT,), "report.help.command"),
    "key": ((_IDENTITY,), "identity.help.key"),
    "sign": ((_IDENTITY,), "identity.attest.help_sign"),
    "signatures": ((_IDENTITY,), "identity.attest.help_signatures"),
    "route": ((_ROUTE,), "route.help.route"),
    "topology": ((_TOPOLOGY,), "topology.help.group"),
    "snapshot": ((_ROUTE,), "route.help.snapshot"),
    "compare": ((_ROUTE,), "route.help.compare"),
}
FAMILIES = tuple(dict.fromkeys(m for modules, _ in COMMANDS.values() for m in modules))


def load_families(group: click.Group, modules: tuple[str, ...], loaded: set[str]) -> None:
    """Import and register each family module once."""
    for name in modules:
        if name not in loaded:
            loaded.add(name)
            importlib.import_module(name).register(group)


def register(group: click.Group) -> None:
    """Register every family now (tests and documentation walk the whole tree)."""
    load_families(group, FAMILIES, getattr(group, "loaded_families", set()))
