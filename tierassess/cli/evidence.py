"""``tierassess evidence ...``, ``bundle ...``, ``review`` and ``log``: evidence, bundles, audit."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tierassess.cli._common import (
    CliState,
    console,
    echo_json,
    format_option,
    pass_state,
    path_for_display,
)
from tierassess.formats import format_size
from tierassess.i18n import t
from tierassess.textsafe import for_terminal

if TYPE_CHECKING:
    from tierassess.audit import AuditEntry
    from tierassess.bundle import BundleReport
    from tierassess.models import CapturedSource, EvidenceItem
    from tierassess.session import SiteSession

PROGRESS_THRESHOLD = 64 * 1024 * 1024
"""Bytes of work below which a progress bar would only flicker."""


def _actor(explicit: str | None, state: CliState | None = None, site_id: str | None = None) -> str:
    """Who acts: ``--as NAME``, else the site profile's assessor, else the login name."""
    from tierassess.session import acting_name

    if state is not None and site_id is not None:
        return acting_name(explicit, state.workspace().load_assessment(site_id))
    return acting_name(explicit)


def _as_option(required: bool = False) -> Callable[[Any], Any]:
    return click.option(
        "--as",
        "actor",
        metavar="NAME",
        required=required,
        help=t("evidence.help.opt.as_required" if required else "evidence.help.opt.as"),
    )


@contextmanager
def _progress(label: str, total: int) -> Iterator[Callable[[int], None] | None]:
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
def _site_session(state: CliState, site_id: str, who: str) -> Iterator[SiteSession]:
    """Open the site for writing (its lock held), saying on stderr what it had to repair."""
    from tierassess.session import open_site

    with open_site(
        state.workspace(), site_id, who, notify=lambda text: click.echo(text, err=True)
    ) as session:
        yield session


def _unpacked_size(bundle: Path) -> int:
    """Bytes a verify reads from a bundle (the declared sizes; the file size if unreadable)."""
    import zipfile

    try:
        with zipfile.ZipFile(bundle) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return bundle.stat().st_size


def _item_json(item: EvidenceItem, path: Path) -> dict[str, Any]:
    data = item.model_dump(mode="json", exclude_none=True)
    data["path"] = str(path)
    return data


# --- evidence ------------------------------------------------------------------------------------


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
@_as_option()
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
    import sys

    from tierassess.evidence import add_evidence
    from tierassess.evidence_entry import checked_details
    from tierassess.formats import parse_date
    from tierassess.models import EvidenceKind

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    checklist = workspace.load_checklist(workspace.load_assessment(site_id).checklist_id)
    captured_date: date | None = parse_date(captured) if captured else None
    who = _actor(actor, state, site_id)
    if note is not None:
        from tierassess.textsafe import removed_controls

        if removed_controls(note):
            click.echo(t("text.controls_removed", count=removed_controls(note)), err=True)
    details = {}
    for path in files:  # all asked and checked before anything is stored
        given_kind = EvidenceKind(kind) if kind else None
        found = checked_details(
            path, given_kind, captured_date, terminal=sys.stdin.isatty(), force=force
        )
        details[path] = found[:2]
        if found[2]:
            from tierassess.textsafe import for_terminal

            click.echo(for_terminal(found[2]), err=True)
    index = workspace.load_evidence_index(site_id)
    known = {item.sha256 for item in index.items}
    added: list[dict[str, Any]] = []
    total = sum(path.stat().st_size for path in files)
    with (
        _site_session(state, site_id, who) as session,
        _progress(t("evidence.progress.adding"), total) as progress,
    ):
        for path in files:
            item = add_evidence(
                session,
                path,
                list(criteria),
                captured=details[path][1],
                note=note,
                kind=details[path][0],
                checklist=checklist,
                progress=progress,
            )
            duplicate = item.sha256 in known
            known.add(item.sha256)
            added.append(
                {
                    **_item_json(item, workspace.evidence_file(site_id, item.sha256)),
                    "duplicate": duplicate,
                }
            )
            if output_format == "text":
                key = "evidence.added_again" if duplicate else "evidence.added"
                click.echo(
                    t(
                        key,
                        name=path.name,
                        sha=item.sha256[:12],
                        size=format_size(item.size),
                        captured=item.captured_at.isoformat() if item.captured_at else "-",
                        source=_source(item.captured_source),
                    )
                )
                if item.criteria:
                    click.echo("  " + t("evidence.linked_to", ids=", ".join(item.criteria)))
    if output_format == "json":
        echo_json(added)


@evidence_group.command("list", help=t("evidence.help.list"))
@click.argument("site", required=False)
@format_option("table", "json")
@pass_state
def list_items(state: CliState, site: str | None, output_format: str) -> None:
    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    index = workspace.load_evidence_index(site_id)
    if output_format == "json":
        echo_json([_item_json(i, workspace.evidence_file(site_id, i.sha256)) for i in index.items])
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
        captured = (
            f"{item.captured_at} ({_source(item.captured_source)})"
            if item.captured_at and item.captured_source
            else "-"
        )
        table.add_row(
            item.sha256[:12],
            item.original_name,
            t(f"evidence_kind.{item.kind.value}") if item.kind else "-",
            format_size(item.size),
            captured,
            ", ".join(item.criteria) or "-",
        )
    console().print(table)


@evidence_group.command("show", help=t("evidence.help.show"))
@click.argument("site")
@click.argument("sha")
@format_option("text", "json", default="text")
@pass_state
def show(state: CliState, site: str, sha: str, output_format: str) -> None:
    from tierassess.evidence import resolve_sha

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    item = resolve_sha(workspace.load_evidence_index(site_id), sha)
    path = workspace.evidence_file(site_id, item.sha256)
    assessment = workspace.load_assessment(site_id)
    cited_by = sorted(cid for cid, a in assessment.answers.items() if item.sha256 in a.evidence)
    if output_format == "json":
        echo_json({**_item_json(item, path), "stored": path.is_file(), "cited_by": cited_by})
        return
    rows = [
        ("SHA-256", item.sha256),
        (t("evidence.col.name"), item.original_name),
        (t("evidence.field.media_type"), item.media_type),
        (t("evidence.col.kind"), t(f"evidence_kind.{item.kind.value}") if item.kind else "-"),
        (t("evidence.col.size"), f"{format_size(item.size)} ({item.size} B)"),
        (
            t("evidence.col.captured"),
            f"{item.captured_at} ({_source(item.captured_source)})"
            if item.captured_at and item.captured_source
            else "-",
        ),
        (t("evidence.field.added"), f"{item.added_at.isoformat()} · {item.added_by}"),
        (t("evidence.field.description"), item.description or "-"),
        (t("evidence.col.criteria"), ", ".join(item.criteria) or "-"),
        (t("evidence.field.cited_by"), ", ".join(cited_by) or "-"),
        (t("evidence.field.path"), str(path) if path.is_file() else t("evidence.field.not_stored")),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        click.echo(f"{label.ljust(width)}  {value}")


@evidence_group.command("link", help=t("evidence.help.link"))
@click.argument("site")
@click.argument("sha")
@click.argument("criteria", nargs=-1, required=True, metavar="ID...")
@_as_option()
@pass_state
def link(
    state: CliState, site: str, sha: str, criteria: tuple[str, ...], actor: str | None
) -> None:
    from tierassess.evidence import link_evidence

    _change_links(state, site, sha, criteria, actor, link_evidence)


@evidence_group.command("unlink", help=t("evidence.help.unlink"))
@click.argument("site")
@click.argument("sha")
@click.argument("criteria", nargs=-1, required=True, metavar="ID...")
@_as_option()
@pass_state
def unlink(
    state: CliState, site: str, sha: str, criteria: tuple[str, ...], actor: str | None
) -> None:
    from tierassess.evidence import unlink_evidence

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
    who = _actor(actor, state, site_id)
    with _site_session(state, site_id, who) as session:
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
    from tierassess.evidence import store_size, verify_site

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    with _progress(t("evidence.progress.hashing"), store_size(workspace, site_id)) as progress:
        report = verify_site(workspace, site_id, progress)
    if output_format == "json":
        echo_json(
            {
                "site": site_id,
                "ok": report.ok,
                "checked": report.checked,
                "bytes": report.bytes_checked,
                "missing": [{"sha256": i.sha256, "name": i.original_name} for i in report.missing],
                "altered": [
                    {
                        "sha256": a.item.sha256,
                        "name": a.item.original_name,
                        "actual_sha256": a.actual_sha256,
                        "actual_size": a.actual_size,
                    }
                    for a in report.altered
                ],
                "chain_breaks": [{"line": b.line, "reason": b.reason} for b in report.chain_breaks],
                "log_entries": report.log_entries,
                "unindexed": [str(p) for p in report.unindexed],
                "link_mismatches": [m.__dict__ for m in report.mismatches],
                "pending_change": report.pending_change,
            }
        )
    else:
        for item in report.missing:
            click.echo(
                t(
                    "evidence.verify.missing",
                    sha=item.sha256,
                    name=item.original_name,
                    path=workspace.evidence_file(site_id, item.sha256),
                ),
                err=True,
            )
        for altered in report.altered:
            click.echo(
                t(
                    "evidence.verify.altered",
                    sha=altered.item.sha256,
                    name=altered.item.original_name,
                    actual=altered.actual_sha256,
                ),
                err=True,
            )
        log_path = path_for_display(workspace.audit_log_path(site_id))
        for chain_break in report.chain_breaks:
            click.echo(
                t(
                    "evidence.verify.chain_break",
                    path=log_path,
                    line=chain_break.line,
                    reason=chain_break.reason,
                ),
                err=True,
            )
        for path in report.unindexed:
            click.echo(t("evidence.verify.unindexed", path=path), err=True)
        if report.pending_change:
            click.echo(t("session.pending_change"), err=True)
        for mismatch in report.mismatches:
            click.echo(
                t(
                    "evidence.verify.mismatch",
                    id=mismatch.criterion_id,
                    sha=mismatch.sha256[:12],
                    reason=mismatch.reason,
                ),
                err=True,
            )
        if report.ok:
            click.echo(
                t(
                    "evidence.verify.ok",
                    count=report.checked,
                    size=format_size(report.bytes_checked),
                    entries=report.log_entries,
                )
            )
        else:
            problems = len(report.missing) + len(report.altered) + len(report.chain_breaks)
            click.echo(t("evidence.verify.failed", count=problems), err=True)
    if not report.ok:
        raise click.exceptions.Exit(1)


@evidence_group.command("stale", help=t("evidence.help.stale"))
@click.argument("site", required=False)
@click.option("--as-of", "as_of", metavar="DATE", help=t("evidence.help.opt.as_of"))
@format_option("table", "json")
@pass_state
def stale(state: CliState, site: str | None, as_of: str | None, output_format: str) -> None:
    from tierassess.evidence import stale_report
    from tierassess.formats import parse_date

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    when = parse_date(as_of) if as_of else None
    report = stale_report(workspace, site_id, when)
    if output_format == "json":
        echo_json(report.as_json())
    else:
        from rich.table import Table

        if not report.rows:
            click.echo(t("evidence.stale.none", date=report.as_of.isoformat()))
        else:
            table = Table(title=t("evidence.stale.title", date=report.as_of.isoformat()))
            for key in ("id", "status", "expected", "evidence"):
                table.add_column(t(f"evidence.stale.col.{key}"))
            for row in report.rows:
                table.add_row(
                    row.criterion_id,
                    t(f"evidence.status.{row.status}"),
                    row.expected_text(state.lang),
                    row.evidence_text(state.lang),
                )
            console().print(table)
    if report.rows:
        raise click.exceptions.Exit(1)


# --- bundle --------------------------------------------------------------------------------------


@click.group("bundle", help=t("evidence.help.bundle.group"))
def bundle_group() -> None:
    pass


@bundle_group.command("export", help=t("evidence.help.bundle.export"))
@click.argument("site", required=False)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=t("evidence.help.opt.bundle_output"),
)
@click.option(
    "--index-lang", type=click.Choice(["vi", "en"]), help=t("evidence.help.opt.index_lang")
)
@click.option("--sign", "sign", is_flag=True, help=t("identity.help.opt_sign"))
@click.option("--key", "key_id", metavar="ID", help=t("identity.help.opt_key"))
@_as_option()
@format_option("text", "json", default="text")
@pass_state
def bundle_export(
    state: CliState,
    site: str | None,
    output: Path | None,
    index_lang: str | None,
    sign: bool,
    key_id: str | None,
    actor: str | None,
    output_format: str,
) -> None:
    from tierassess.bundle import export_bundle
    from tierassess.cli.identity import unlock_signer
    from tierassess.evidence import store_size
    from tierassess.models import utc_now

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    who = _actor(actor, state, site_id)
    signer = unlock_signer(workspace, who, key_id) if sign or key_id else None
    target = output or workspace.output_dir / f"{site_id}-bundle-{utc_now().date().isoformat()}.zip"
    # Under the site lock: the log bundled, its head in the manifest and the export entry appended
    # afterwards follow one another with no other change in between.
    with (
        _site_session(state, site_id, who) as session,
        _progress(t("evidence.progress.bundling"), store_size(workspace, site_id)) as progress,
    ):
        result = export_bundle(session, target, lang=index_lang, progress=progress, signer=signer)
    for warning in result.warnings:
        click.echo(f"{t('evidence.warning')}: {warning}", err=True)
    if output_format == "json":
        echo_json(
            {
                "path": str(result.path),
                "digest": result.digest,
                "members": result.members,
                "evidence_files": result.evidence_files,
                "bytes": result.bytes_written,
                "warnings": result.warnings,
                "signed_by": result.signature.signer if result.signature else None,
                "key": result.signature.key_id if result.signature else None,
            }
        )
        return
    click.echo(
        t(
            "evidence.bundle.wrote",
            path=path_for_display(result.path),
            members=result.members,
            files=result.evidence_files,
            size=format_size(result.bytes_written),
        )
    )
    click.echo(t("evidence.bundle.digest", digest=result.digest))
    if result.signature is not None:
        click.echo(
            t("identity.sig.valid", signer=result.signature.signer, key_id=result.signature.key_id)
        )
    click.echo(t("evidence.bundle.digest_hint"))


_allow_unsigned = click.option(
    "--allow-unsigned", is_flag=True, help=t("identity.help.opt_allow_unsigned")
)


def _signature_problem(report: BundleReport, allow_unsigned: bool) -> str | None:
    """Why the bundle's signature is not good enough, or None."""
    check = report.signature
    if check is None or check.ok:
        return None
    if allow_unsigned and check.status.value == "unsigned":
        return None
    return check.describe()


@bundle_group.command("verify", help=t("evidence.help.bundle.verify"))
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--expect", "expect_digest", metavar="DIGEST", help=t("evidence.help.opt.expect"))
@_allow_unsigned
@format_option("text", "json", default="text")
@pass_state
def bundle_verify(
    state: CliState,
    bundle: Path,
    expect_digest: str | None,
    allow_unsigned: bool,
    output_format: str,
) -> None:
    from tierassess.bundle import verify_bundle
    from tierassess.identity.keys import keyring

    ring = keyring(state.workspace())
    with _progress(t("evidence.progress.verifying"), _unpacked_size(bundle)) as progress:
        report = verify_bundle(bundle, expect_digest=expect_digest, progress=progress, keyring=ring)
    signature_problem = _signature_problem(report, allow_unsigned)
    if output_format == "json":
        check = report.signature
        echo_json(
            {
                "path": str(bundle),
                "ok": report.ok and signature_problem is None,
                "digest": report.digest,
                "site": report.manifest.site_id if report.manifest else None,
                "members_checked": report.members_checked,
                "signature": check.status.value if check else None,
                "signed_by": check.signer if check else None,
                "key": check.key_id if check else None,
                "discrepancies": [
                    {"kind": d.kind, "member": d.member, "detail": d.detail}
                    for d in report.discrepancies
                ],
            }
        )
    else:
        _print_verify(report, expect_digest, signature_problem)
    if not report.ok or signature_problem is not None:
        raise click.exceptions.Exit(1)


def _print_verify(
    report: BundleReport, expect_digest: str | None, signature_problem: str | None
) -> None:
    if report.ok:
        manifest = report.manifest
        assert manifest is not None
        click.echo(
            t(
                "evidence.bundle.ok",
                count=report.members_checked,
                site=manifest.site_id,
                created=manifest.created_at.isoformat(),
                by=manifest.created_by,
            )
        )
        click.echo(t("evidence.bundle.digest", digest=report.digest))
        if expect_digest:
            click.echo(t("identity.digest.matches", expected=expect_digest.strip().lower()))
    else:
        for discrepancy in report.discrepancies:
            click.echo(
                t(f"evidence.bundle.kind.{discrepancy.kind}")
                + f": {discrepancy.member}: {discrepancy.detail}",
                err=True,
            )
        click.echo(t("evidence.bundle.failed", count=len(report.discrepancies)), err=True)
    check = report.signature
    if check is None:
        return
    if signature_problem is None:
        click.echo(check.describe(), err=not check.ok)
        return
    click.echo(signature_problem, err=True)
    hint = "hint_unsigned" if check.status.value == "unsigned" else "hint_unknown"
    if check.status.value in ("unsigned", "unknown_key"):
        click.echo(t(f"identity.sig.{hint}"), err=True)


@bundle_group.command("import", help=t("evidence.help.bundle.import"))
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--expect", "expect_digest", metavar="DIGEST", help=t("evidence.help.opt.expect"))
@_allow_unsigned
@_as_option()
@pass_state
def bundle_import(
    state: CliState,
    bundle: Path,
    expect_digest: str | None,
    allow_unsigned: bool,
    actor: str | None,
) -> None:
    from tierassess.bundle import import_bundle
    from tierassess.identity.keys import keyring

    workspace = state.workspace()
    with _progress(t("evidence.progress.importing"), 2 * _unpacked_size(bundle)) as progress:
        result = import_bundle(
            bundle,
            workspace,
            _actor(actor),
            progress=progress,
            expect_digest=expect_digest,
            keyring=keyring(workspace),
            allow_unsigned=allow_unsigned,
        )
    for warning in result.warnings:
        click.echo(f"{t('evidence.warning')}: {warning}", err=True)
    click.echo(
        t(
            "evidence.bundle.imported",
            site=result.site_id,
            path=path_for_display(result.site_dir),
            files=result.evidence_files,
        )
    )
    click.echo(t("evidence.bundle.digest", digest=result.digest))
    if result.signature is not None:
        click.echo(result.signature.describe(), err=not result.signature.ok)
    click.echo(t("evidence.bundle.next_review", site=result.site_id))


# --- review and log ------------------------------------------------------------------------------


class _ReviewGroup(click.Group):
    """``review [SITE]`` walks the answers; ``review export`` and ``review import`` move files.

    The walk came first and keeps its spelling: anything that is not a subcommand's name (a site,
    an option) is handed to the hidden ``walk`` subcommand.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = ["walk", *args]
        return super().parse_args(ctx, args)


@click.group("review", cls=_ReviewGroup, help=t("evidence.help.review"))
def review_group() -> None:
    pass


@review_group.command("walk", hidden=True, help=t("evidence.help.review"))
@click.argument("site", required=False)
@_as_option(required=True)
@click.option(
    "--answers",
    "answers_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=t("evidence.help.opt.review_answers"),
)
@click.option(
    "--criterion",
    "-c",
    "criteria",
    multiple=True,
    metavar="ID",
    help=t("evidence.help.opt.review_criterion"),
)
@click.option("--all", "include_reviewed", is_flag=True, help=t("evidence.help.opt.review_all"))
@pass_state
def review(
    state: CliState,
    site: str | None,
    actor: str,
    answers_file: Path | None,
    criteria: tuple[str, ...],
    include_reviewed: bool,
) -> None:
    from tierassess.errors import InputError

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    if answers_file is not None:
        from tierassess.review import apply_review_file

        with _site_session(state, site_id, actor) as session:
            recorded = apply_review_file(session, actor, answers_file)
        for criterion_id, decision in recorded.items():
            click.echo(f"{criterion_id}: {t('evidence.html.review_' + decision.verdict.value)}")
        click.echo(t("evidence.review.recorded", count=len(recorded)))
        return
    if not sys.stdin.isatty():
        raise InputError(
            t("evidence.review.no_terminal"),
            hint=t("evidence.review.no_terminal_hint", site=site_id),
        )
    from tierassess.review import run_review

    with _site_session(state, site_id, actor) as session:
        summary = run_review(
            session,
            actor,
            state.lang,
            include_reviewed=include_reviewed,
            only=list(criteria) or None,
            console=console(),
            open_file=_file_opener(),
        )
    click.echo(t("evidence.review.recorded", count=len(summary.recorded)))
    if summary.skipped_own:
        click.echo(
            t(
                "evidence.review.own_count",
                count=len(summary.skipped_own),
                ids=", ".join(summary.skipped_own),
            )
        )


@review_group.command("export", help=t("identity.help.review_export"))
@click.argument("site", required=False)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=t("identity.help.opt_reviews_output"),
)
@click.option("--key", "key_id", metavar="ID", help=t("identity.help.opt_key"))
@_as_option(required=True)
@pass_state
def review_export(
    state: CliState, site: str | None, output: Path | None, key_id: str | None, actor: str
) -> None:
    from tierassess.cli.identity import unlock_signer
    from tierassess.review.transfer import export_reviews

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    signer = unlock_signer(workspace, actor, key_id)
    target = output or workspace.output_dir / f"{site_id}-reviews.json"
    with _site_session(state, site_id, actor) as session:
        signed = export_reviews(session, target, signer)
    click.echo(
        t(
            "identity.reviews.exported",
            count=len(signed.document.reviews),
            path=path_for_display(target),
            digest=signed.document.bundle_digest,
        )
    )
    click.echo(t("identity.sig.valid", signer=signer.entry.name, key_id=signer.entry.key_id))


@review_group.command("import", help=t("identity.help.review_import"))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_as_option()
@format_option("text", "json", default="text")
@pass_state
def review_import(state: CliState, file: Path, actor: str | None, output_format: str) -> None:
    from tierassess.identity.keys import keyring
    from tierassess.review.transfer import import_reviews, read_review_file

    workspace = state.workspace()
    site_id = workspace.resolve_site(read_review_file(file).document.site_id)
    who = _actor(actor, state, site_id)
    with _site_session(state, site_id, who) as session:
        result = import_reviews(session, file, keyring(workspace))
    if output_format == "json":
        echo_json(
            {
                "site": result.site_id,
                "ok": result.ok,
                "signed_by": result.signature.signer,
                "key": result.signature.key_id,
                "applied": {k: v.value for k, v in result.applied.items()},
                "unchanged": result.unchanged,
                "refused": result.refused,
            }
        )
    else:
        click.echo(result.signature.describe())
        for criterion_id, verdict in result.applied.items():
            click.echo(f"{criterion_id}: {t('evidence.html.review_' + verdict.value)}")
        for criterion_id, reason in result.refused.items():
            click.echo(t("identity.reviews.refused", id=criterion_id, reason=reason), err=True)
        click.echo(
            t(
                "identity.reviews.imported",
                applied=len(result.applied),
                unchanged=len(result.unchanged),
                refused=len(result.refused),
            )
        )
        if result.applied:
            click.echo(t("identity.reviews.next", site=result.site_id))
    if not result.ok:
        raise click.exceptions.Exit(1)


@click.command("log", help=t("evidence.help.log"))
@click.argument("site", required=False)
@click.option("--limit", "-n", type=click.IntRange(min=1), help=t("evidence.help.opt.limit"))
@click.option("--subject", metavar="ID", help=t("evidence.help.opt.subject"))
@format_option("text", "json", default="text")
@pass_state
def log(
    state: CliState, site: str | None, limit: int | None, subject: str | None, output_format: str
) -> None:
    from tierassess.audit import read_log, verify_chain

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    path = workspace.audit_log_path(site_id)
    entries = read_log(path)
    breaks = verify_chain(path)
    if subject:
        entries = [
            e
            for e in entries
            if e.subject.startswith(subject) or e.subject.upper() == subject.upper()
        ]
    if limit:
        entries = entries[-limit:]
    if output_format == "json":
        echo_json(
            {
                "site": site_id,
                "intact": not breaks,
                "breaks": [{"line": b.line, "reason": b.reason} for b in breaks],
                "entries": [e.model_dump() for e in entries],
            }
        )
        if breaks:
            raise click.exceptions.Exit(1)
        return
    if not entries:
        click.echo(t("evidence.log.empty", site=site_id))
    else:
        _print_log(entries, site_id, state.lang)
    if breaks:
        for chain_break in breaks:
            click.echo(
                t(
                    "evidence.verify.chain_break",
                    path=path_for_display(path),
                    line=chain_break.line,
                    reason=chain_break.reason,
                ),
                err=True,
            )
        click.echo(t("logview.broken", count=len(breaks)), err=True)
        raise click.exceptions.Exit(1)
    if entries:
        click.echo(t("evidence.log.intact"), err=True)


def _print_log(entries: list[AuditEntry], site_id: str, lang: str) -> None:
    from rich.table import Table

    from tierassess.logview import log_rows

    table = Table(title=t("logview.title", lang, site=site_id), title_justify="left")
    for key in ("seq", "when", "who", "what", "subject", "detail"):
        table.add_column(t(f"logview.col_{key}", lang), overflow="fold")
    from rich.text import Text

    for row in log_rows(entries, lang):
        # a tampered entry's escapes and [markup] are shown as text, never obeyed
        cells = (str(row.seq), row.when, row.who, row.what, row.subject, row.detail)
        table.add_row(*(Text(for_terminal(cell)) for cell in cells))
    console().print(table)


def _file_opener() -> Callable[[Path], object] | None:
    """Opens a file with the desktop's program, or None (said once) when this system has none.

    click.launch fails silently without xdg-open; the walk then offers no "open" choice and the
    reviewer opens the paths it prints.
    """
    import shutil

    if sys.platform.startswith("linux") and shutil.which("xdg-open") is None:
        click.echo(t("evidence.review.no_opener"), err=True)
        return None

    def open_file(path: Path) -> None:
        if click.launch(str(path)) != 0:
            click.echo(t("evidence.review.open_failed", path=path), err=True)

    return open_file


def _source(source: CapturedSource | None) -> str:
    """Where a capture date came from, in the reader's language."""
    return t(f"evidence.source.{source.value}") if source else "-"


def register(group: click.Group) -> None:
    """Add the evidence, bundle, review and log commands to ``group``."""
    group.add_command(evidence_group)
    group.add_command(bundle_group)
    group.add_command(review_group)
    group.add_command(log)
