"""Registers every command family with the root group.

Each family module imports only click at module level and exposes ``register(group)``.
"""

from __future__ import annotations

import importlib

import click

FAMILIES = (
    "tierassess.cli.checklist",
    "tierassess.cli.site",
    "tierassess.cli.assess",
    "tierassess.cli.evidence",
    "tierassess.cli.scoring",
    "tierassess.cli.report",
)


def register(group: click.Group) -> None:
    for name in FAMILIES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a family not built yet
                continue
            raise
        module.register(group)
