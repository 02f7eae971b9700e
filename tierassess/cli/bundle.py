"""``tierassess bundle export | verify | import``: the auditor's evidence bundle.

The commands parse, call ``tierassess.exchange.bundle`` and print what it found.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from tierassess.cli._common import CliState, echo_json, format_option, pass_state, path_for_display
from tierassess.cli._site import acting, as_option, progress_bar, site_session
from tierassess.formats import format_datetime, format_size
from tierassess.i18n import LANGS, t

if TYPE_CHECKING:
    from tierassess.exchange.bundle import BundleReport


def _unpacked_size(bundle: Path) -> int:
    """Bytes a verify reads from a bundle (the declared sizes; the file size if unreadable)."""
    import zipfile

    try:
        with zipfile.ZipFile(bundle) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return bundle.stat().st_size


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
@click.option("--index-lang", type=click.Choice(LANGS), help=t("evidence.help.opt.index_lang"))
@click.option("--sign", "sign", is_flag=True, help=t("identity.help.opt_sign"))
@click.option("--key", "key_id", metavar="ID", help=t("identity.help.opt_key"))
@as_option()
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
    from tierassess.cli.identity import unlock_signer
    from tierassess.core.models import utc_now
    from tierassess.exchange.bundle import export_bundle
    from tierassess.storage.evidence import store_size

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    who = acting(actor, state, site_id)
    signer = unlock_signer(workspace, who, key_id) if sign or key_id else None
    target = output or workspace.output_dir / f"{site_id}-bundle-{utc_now().date().isoformat()}.zip"
    # Under the site lock: the log bundled, its head in the manifest and the export entry appended
    # afterwards follow one another with no other change in between.
    with (
        site_session(state, site_id, who) as session,
        progress_bar(t("evidence.progress.bundling"), store_size(workspace, site_id)) as progress,
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
    from tierassess.exchange.bundle import verify_bundle
    from tierassess.exchange.identity.keys import keyring

    ring = keyring(state.workspace())
    with progress_bar(t("evidence.progress.verifying"), _unpacked_size(bundle)) as progress:
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
                created=format_datetime(manifest.created_at),
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
@as_option()
@pass_state
def bundle_import(
    state: CliState,
    bundle: Path,
    expect_digest: str | None,
    allow_unsigned: bool,
    actor: str | None,
) -> None:
    from tierassess.exchange.bundle import import_bundle
    from tierassess.exchange.identity.keys import keyring

    workspace = state.workspace()
    with progress_bar(t("evidence.progress.importing"), 2 * _unpacked_size(bundle)) as progress:
        result = import_bundle(
            bundle,
            workspace,
            acting(actor),
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


def register(group: click.Group) -> None:
    """Add the ``bundle`` group to ``group``."""
    group.add_command(bundle_group)
