"""``tierassess evidence add | list | show | link | unlink | verify | stale``.

The commands parse, call ``tierassess.storage.evidence`` and print what ``tierassess.storage.evidence.present``
makes of the result.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tierassess.cli._common import (
    CliState,
    as_of_option,
    console,
    echo_json,
    format_option,
    pass_state,
    path_for_display,
)
from tierassess.cli._site import acting, as_option, progress_bar, site_session
from tierassess.formats import format_size
from tierassess.i18n import t

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from tierassess.core.models import EvidenceItem, EvidenceKind


@click.group("evidence", help=t("evidence.help.group"))
def evidence_group() -> None:
    pass


@evidence_group.command("add", help=t("evidence.help.add"))
@click.argument("site")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--criterion",
    "-c",
    "criteria",
    multiple=True,
    metavar="ID",
    help=t("evidence.help.opt.criterion"),
)
@click.option("--captured", metavar="DATE", help=t("evidence.help.opt.captured"))
@click.option("--note", metavar="TEXT", help=t("evidence.help.opt.note"))
@click.option(
    "--kind",
    type=click.Choice(["photo", "drawing", "test_record", "log", "document"]),
    help=t("evidence.help.opt.kind"),
)
@click.option("--force", is_flag=True, help=t("evidence.add_entry.force"))
@as_option()
@format_option("text", "json", default="text")
@pass_state
def add(
    state: CliState,
    site: str,
    files: tuple[Path, ...],
    criteria: tuple[str, ...],
    captured: str | None,
    note: str | None,
    kind: str | None,
    force: bool,
    actor: str | None,
    output_format: str,
) -> None:
    from tierassess.cli.interactive.evidence_entry import asked_kinds
    from tierassess.formats import parse_date
    from tierassess.storage.evidence import add_evidence, checked_criteria
    from tierassess.storage.evidence.present import added_line, item_json

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    checklist = workspace.load_checklist(workspace.load_assessment(site_id).checklist_id)
    captured_date = parse_date(captured) if captured else None
    who = acting(actor, state, site_id)
    _warn_about_controls(note)
    # the criteria checked before anything is asked; the kinds they ask for are marked in the question
    wanted = checked_criteria(criteria, checklist)
    expected = asked_kinds(checklist.criterion(c) for c in wanted)
    details = _checked_files(files, kind, captured_date, force, expected)
    known = {item.sha256 for item in workspace.load_evidence_index(site_id).items}
    added: list[dict[str, Any]] = []
    total = sum(path.stat().st_size for path in files)
    with (
        site_session(state, site_id, who) as session,
        progress_bar(t("evidence.progress.adding"), total) as progress,
    ):
        for path in files:
            found_kind, found_date = details[path]
            item = add_evidence(
                session,
                path,
                list(criteria),
                captured=found_date,
                note=note,
                kind=found_kind,
                checklist=checklist,
                progress=progress,
            )
            duplicate = item.sha256 in known
            known.add(item.sha256)
            stored = workspace.evidence_file(site_id, item.sha256)
            added.append({**item_json(item, stored), "duplicate": duplicate})
            if output_format == "text":
                click.echo(added_line(item, path.name, duplicate))
                if item.criteria:
                    click.echo("  " + t("evidence.linked_to", ids=", ".join(item.criteria)))
    if output_format == "json":
        echo_json(added)


def _warn_about_controls(note: str | None) -> None:
    """Say on stderr how many control characters the note loses."""
    if note is None:
        return
    from tierassess.textsafe import removed_controls

    if removed_controls(note):
        click.echo(t("text.controls_removed", count=removed_controls(note)), err=True)


def _checked_files(
    files: tuple[Path, ...],
    kind: str | None,
    captured: date | None,
    force: bool,
    expected: Mapping[EvidenceKind, Sequence[str]],
) -> dict[Path, tuple[EvidenceKind | None, date | None]]:
    """Each file's kind and date, all asked and checked before anything is stored."""
    import sys

    from tierassess.cli.interactive.evidence_entry import checked_details
    from tierassess.core.models import EvidenceKind
    from tierassess.textsafe import for_terminal

    details = {}
    for path in files:
        given_kind = EvidenceKind(kind) if kind else None
        found_kind, found_date, assumed = checked_details(
            path,
            given_kind,
            captured,
            terminal=sys.stdin.isatty(),
            force=force,
            expected=expected,
        )
        details[path] = (found_kind, found_date)
        if assumed:
            click.echo(for_terminal(assumed), err=True)
    return details


@evidence_group.command("list", help=t("evidence.help.list"))
@click.argument("site", required=False)
@format_option("table", "json")
@pass_state
def list_items(state: CliState, site: str | None, output_format: str) -> None:
    from tierassess.storage.evidence.present import item_json, item_row

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    index = workspace.load_evidence_index(site_id)
    if output_format == "json":
        echo_json([item_json(i, workspace.evidence_file(site_id, i.sha256)) for i in index.items])
        return
    if not index.items:
        click.echo(t("evidence.none", site=site_id))
        return
    from rich.table import Table

    table = Table(
        caption=t(
            "evidence.count",
            count=len(index.items),
            size=format_size(sum(i.size for i in index.items)),
        )
    )
    for key in ("sha", "name", "kind", "size", "captured", "criteria"):
        table.add_column(t(f"evidence.col.{key}"))
    for item in index.items:
        table.add_row(*item_row(item))
    console().print(table)


@evidence_group.command("show", help=t("evidence.help.show"))
@click.argument("site")
@click.argument("sha")
@format_option("text", "json", default="text")
@pass_state
def show(state: CliState, site: str, sha: str, output_format: str) -> None:
    from tierassess.storage.evidence import resolve_sha
    from tierassess.storage.evidence.present import item_fields, item_json

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    item = resolve_sha(workspace.load_evidence_index(site_id), sha)
    path = workspace.evidence_file(site_id, item.sha256)
    assessment = workspace.load_assessment(site_id)
    cited_by = sorted(cid for cid, a in assessment.answers.items() if item.sha256 in a.evidence)
    if output_format == "json":
        echo_json({**item_json(item, path), "stored": path.is_file(), "cited_by": cited_by})
        return
    rows = item_fields(item, path, cited_by)
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        click.echo(f"{label.ljust(width)}  {value}")


@evidence_group.command("link", help=t("evidence.help.link"))
@click.argument("site")
@click.argument("sha")
@click.argument("criteria", nargs=-1, required=True, metavar="ID...")
@as_option()
@pass_state
def link(
    state: CliState, site: str, sha: str, criteria: tuple[str, ...], actor: str | None
) -> None:
    from tierassess.storage.evidence import link_evidence

    _change_links(state, site, sha, criteria, actor, link_evidence)


@evidence_group.command("unlink", help=t("evidence.help.unlink"))
@click.argument("site")
@click.argument("sha")
@click.argument("criteria", nargs=-1, required=True, metavar="ID...")
@as_option()
@pass_state
def unlink(
    state: CliState, site: str, sha: str, criteria: tuple[str, ...], actor: str | None
) -> None:
    from tierassess.storage.evidence import unlink_evidence

    _change_links(state, site, sha, criteria, actor, unlink_evidence)


def _change_links(
    state: CliState,
    site: str,
    sha: str,
    criteria: tuple[str, ...],
    actor: str | None,
    change: Callable[..., EvidenceItem],
) -> None:
    """Link or unlink under the site lock, then say what the item is linked to now."""
    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    who = acting(actor, state, site_id)
    with site_session(state, site_id, who) as session:
        item = change(session, sha, list(criteria))
    click.echo(
        t(
            "evidence.now_linked",
            sha=item.sha256[:12],
            name=item.original_name,
            ids=", ".join(item.criteria) or "-",
        )
    )


@evidence_group.command("verify", help=t("evidence.help.verify"))
@click.argument("site", required=False)
@format_option("text", "json", default="text")
@pass_state
def verify(state: CliState, site: str | None, output_format: str) -> None:
    from tierassess.storage.evidence import store_size, verify_site
    from tierassess.storage.evidence.present import verify_json, verify_problems, verify_summary

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    with progress_bar(t("evidence.progress.hashing"), store_size(workspace, site_id)) as progress:
        report = verify_site(workspace, site_id, progress)
    if output_format == "json":
        echo_json(verify_json(report, site_id))
    else:
        log_path = path_for_display(workspace.audit_log_path(site_id))
        for line in verify_problems(report, workspace, site_id, log_path):
            click.echo(line, err=True)
        click.echo(verify_summary(report), err=not report.ok)
    if not report.ok:
        raise click.exceptions.Exit(1)


@evidence_group.command("stale", help=t("evidence.help.stale"))
@click.argument("site", required=False)
@as_of_option("evidence.help.opt.as_of")
@format_option("table", "json")
@pass_state
def stale(state: CliState, site: str | None, as_of: date | None, output_format: str) -> None:
    from tierassess.formats import format_date
    from tierassess.storage.evidence import stale_report
    from tierassess.storage.evidence.present import (
        stale_evidence_text,
        stale_expected_text,
        stale_json,
    )

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    report = stale_report(workspace, site_id, as_of)
    if output_format == "json":
        echo_json(stale_json(report))
    elif not report.rows:
        click.echo(t("evidence.stale.none", date=format_date(report.as_of)))
    else:
        from rich.table import Table

        table = Table(title=t("evidence.stale.title", date=format_date(report.as_of)))
        for key in ("id", "status", "expected", "evidence"):
            table.add_column(t(f"evidence.stale.col.{key}"))
        for row in report.rows:
            table.add_row(
                row.criterion_id,
                t(f"evidence.status.{row.status}"),
                stale_expected_text(row, state.lang),
                stale_evidence_text(row, state.lang),
            )
        console().print(table)
    if report.rows:
        raise click.exceptions.Exit(1)


def register(group: click.Group) -> None:
    """Add the ``evidence`` group to ``group``."""
    group.add_command(evidence_group)
