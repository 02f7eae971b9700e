"""What the commands that change a site share: who acts, the site session, a progress bar.

Imports here stay light (click only); the core library is imported inside the helpers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from tierassess.cli._common import CliState, console
from tierassess.i18n import t

if TYPE_CHECKING:
    from tierassess.storage.session import SiteSession

PROGRESS_THRESHOLD = 64 * 1024 * 1024
"""Bytes of work below which a progress bar would only flicker."""


@contextmanager
def working(label: str) -> Iterator[None]:
    """A spinner with ``label`` on stderr while work that may take seconds runs.

    Only on a terminal: piped or redirected output stays clean.
    """
    err = console(stderr=True)
    if not err.is_terminal:
        yield
        return
    with err.status(label):
        yield


def acting(explicit: str | None, state: CliState | None = None, site_id: str | None = None) -> str:
    """Who acts: ``--as NAME``, else the site profile's assessor, else the login name."""
    from tierassess.storage.session import acting_name

    if state is not None and site_id is not None:
        return acting_name(explicit, state.workspace().load_assessment(site_id))
    return acting_name(explicit)


def as_option(required: bool = False) -> Callable[[Any], Any]:
    """``--as NAME``: who acts, as the audit log records it."""
    return click.option(
        "--as",
        "actor",
        metavar="NAME",
        required=required,
        help=t("evidence.help.opt.as_required" if required else "evidence.help.opt.as"),
    )


@contextmanager
def progress_bar(label: str, total: int) -> Iterator[Callable[[int], None] | None]:
    """A byte progress bar on stderr when there is enough work to watch; else nothing."""
    if total < PROGRESS_THRESHOLD:
        yield None
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda count: bar.advance(task, count)


@contextmanager
def site_session(state: CliState, site_id: str, who: str) -> Iterator[SiteSession]:
    """Open the site for writing (its lock held), saying on stderr what it had to repair."""
    from tierassess.storage.session import open_site

    with open_site(
        state.workspace(), site_id, who, notify=lambda text: click.echo(text, err=True)
    ) as session:
        yield session
