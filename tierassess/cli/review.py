"""``tierassess review [SITE]``, ``review export`` and ``review import``: the auditor's verdicts.

The walk asks a reviewer about each claimed answer in a terminal (or reads their decisions from a
file); ``export`` and ``import`` move signed reviews between the auditor and the site.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from tierassess.cli._common import (
    CliState,
    console,
    echo_json,
    format_option,
    pass_state,
    path_for_display,
)
from tierassess.cli._site import acting, as_option, site_session
from tierassess.i18n import t


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
@as_option(required=True)
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
        from tierassess.storage.review import apply_review_file

        with site_session(state, site_id, actor) as session:
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
    from tierassess.cli.interactive.review_walk import run_review

    with site_session(state, site_id, actor) as session:
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
@as_option(required=True)
@pass_state
def review_export(
    state: CliState, site: str | None, output: Path | None, key_id: str | None, actor: str
) -> None:
    from tierassess.cli.identity import unlock_signer
    from tierassess.exchange.review_transfer import export_reviews

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    signer = unlock_signer(workspace, actor, key_id)
    target = output or workspace.output_dir / f"{site_id}-reviews.json"
    with site_session(state, site_id, actor) as session:
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
@as_option()
@format_option("text", "json", default="text")
@pass_state
def review_import(state: CliState, file: Path, actor: str | None, output_format: str) -> None:
    from tierassess.exchange.identity.keys import keyring
    from tierassess.exchange.review_transfer import import_reviews, read_review_file

    workspace = state.workspace()
    site_id = workspace.resolve_site(read_review_file(file).document.site_id)
    who = acting(actor, state, site_id)
    with site_session(state, site_id, who) as session:
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


def register(group: click.Group) -> None:
    """Add the ``review`` group to ``group``."""
    group.add_command(review_group)
