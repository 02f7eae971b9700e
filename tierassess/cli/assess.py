"""The questionnaire, answer files and the field sheet.

``tierassess assess [SITE]``, ``tierassess answers import SITE FILE`` and
``tierassess checklist export --xlsx FILE [--site SITE]``.
"""

from __future__ import annotations

from pathlib import Path

import click

from tierassess.cli._common import (
    CliState,
    echo_json,
    format_option,
    pass_state,
    path_for_display,
    site_argument,
)
from tierassess.cli._site import acting, site_session
from tierassess.formats import CONVENTIONS
from tierassess.i18n import t


@click.command("assess", help=t("assess.help.assess"))
@site_argument()
@click.option("--as", "actor", metavar="NAME", help=t("assess.help.as"))
@click.option(
    "--only", type=click.Choice(("unanswered", "flagged", "rejected")), help=t("assess.help.only")
)
@click.option("--domain", metavar="D", help=t("assess.help.domain"))
@click.option("--sign", "sign", is_flag=True, help=t("assess.help.sign"))
@click.option(
    "--answers",
    "answers_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help=t("assess.help.answers_file"),
)
@click.pass_context
def assess(
    ctx: click.Context,
    site: str | None,
    actor: str | None,
    only: str | None,
    domain: str | None,
    answers_file: Path | None,
    sign: bool = False,
) -> None:
    import sys

    from tierassess.errors import InputError

    state = ctx.find_object(CliState)
    assert state is not None
    if answers_file is not None:
        site_id = state.workspace().resolve_site(site)
        if sign:  # the key first, as in the walk: no key, nothing imported
            from tierassess.exchange.identity import signing_key

            who = acting(actor, state, site_id)
            signing_key(state.workspace(), who)
        ctx.invoke(
            import_command,
            site=site_id,
            file=answers_file,
            actor=actor,
            dry_run=False,
            output_format="text",
        )
        if sign:
            from tierassess.cli.identity import sign_command

            ctx.invoke(sign_command, site=site_id, actor=who, key_id=None)
        return
    if not sys.stdin.isatty():
        known = state.workspace().sites()
        named = site or (known[0] if len(known) == 1 else "SITE")
        raise InputError(t("assess.no_terminal"), hint=t("assess.no_terminal_hint", site=named))
    from tierassess.cli.interactive.questionnaire import run_session

    report = run_session(
        state.workspace(), site, actor=actor, lang=state.lang, only=only, domain=domain, sign=sign
    )
    click.echo(
        t(
            "assess.summary",
            recorded=len(set(report.outcome.recorded)),
            answered=report.answered,
            total=report.total,
        )
    )
    if report.answered < report.total:
        click.echo(t("assess.next_steps", site=report.site_id))


@click.group("answers", help=t("assess.help.answers"))
def answers_group() -> None:
    pass


@answers_group.command("import", help=t("assess.help.import"))
@click.argument("site")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as", "actor", metavar="NAME", help=t("assess.help.as"))
@click.option("--dry-run", is_flag=True, help=t("assess.help.dry_run"))
@click.option("--numbers", type=click.Choice(CONVENTIONS), help=t("answers.help.numbers"))
@click.option("--allow-outside", is_flag=True, help=t("answers.help.allow_outside"))
@format_option("text", "json", default="text")
@pass_state
def import_command(
    state: CliState,
    site: str,
    file: Path,
    actor: str | None,
    dry_run: bool,
    output_format: str,
    numbers: str | None = None,
    allow_outside: bool = False,
) -> None:
    from tierassess.exchange.answer_import.apply import import_answers

    site_id = state.workspace().resolve_site(site)
    with site_session(state, site_id, acting(actor, state, site_id)) as session:
        if session.lock.cleared is not None:
            click.echo(t("assess.lock.cleared", holder=session.lock.cleared.describe()), err=True)
        summary = import_answers(
            session, file, dry_run=dry_run, convention=numbers, allow_outside=allow_outside
        )
    if output_format == "json":
        echo_json({"site": site_id, "file": str(file), "dry_run": dry_run, **summary.as_dict()})
        return
    key = "assess.import.dry_run" if dry_run else "assess.import.done"
    click.echo(
        t(
            key,
            file=path_for_display(file),
            changed=len(summary.changed),
            unchanged=len(summary.unchanged),
            empty=summary.skipped_empty,
            files=summary.files_stored,
        )
    )
    if summary.changed:
        click.echo("  " + ", ".join(summary.changed))


@click.command("export", help=t("assess.help.export"))
@click.option(
    "--xlsx",
    "xlsx",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=t("assess.help.xlsx"),
)
@click.option("--site", metavar="SITE", help=t("assess.help.site"))
@pass_state
def export_command(state: CliState, xlsx: Path, site: str | None) -> None:
    from tierassess.exchange.fieldsheet import export_field_sheet

    workspace = state.workspace()
    assessment = None
    names: dict[str, str] = {}
    if site is not None or workspace.sites():
        site_id = workspace.resolve_site(site)
        assessment = workspace.load_assessment(site_id)
        checklist = workspace.load_checklist(assessment.checklist_id)
        names = {i.sha256: i.original_name for i in workspace.load_evidence_index(site_id).items}
    else:
        checklist = workspace.load_checklist()
    count = export_field_sheet(checklist, xlsx, assessment, names)
    key = "assess.export.done_site" if assessment else "assess.export.done_blank"
    click.echo(
        t(
            key,
            path=path_for_display(xlsx),
            count=count,
            site=assessment.site.id if assessment else "",
        )
    )


def register(group: click.Group) -> None:
    """Add the questionnaire and answer-file commands to ``group``."""
    group.add_command(assess)
    group.add_command(answers_group)
