"""``tierassess init SITE`` and ``tierassess sites``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tierassess.cli._common import CliState, echo_json, format_option, pass_state, path_for_display
from tierassess.i18n import t


@click.command("init", help=t("help.init"))
@click.argument("site")
@click.option(
    "--profile",
    "profile_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=t("help.opt.profile"),
)
@pass_state
def init(state: CliState, site: str, profile_file: Path | None) -> None:
    from tierassess.errors import InputError
    from tierassess.sites import profile_from_file

    workspace = state.workspace()
    checklist = workspace.load_checklist()
    if profile_file is not None:
        profile = profile_from_file(profile_file, site, checklist.planning)
    elif sys.stdin.isatty():
        from tierassess.profile_prompt import ask_site_profile

        profile = ask_site_profile(site, checklist.planning)
    else:
        raise InputError(t("init.no_terminal"), hint=t("init.no_terminal_hint", site=site))
    assessment = workspace.create_site(profile, checklist)
    click.echo(
        t(
            "init.created",
            site=profile.id,
            path=path_for_display(workspace.assessment_path(profile.id)),
            count=len(checklist.applicable(assessment.site)),
        )
    )


@click.command("sites", help=t("help.sites"))
@format_option("table", "json")
@pass_state
def sites(state: CliState, output_format: str) -> None:
    workspace = state.workspace()
    rows = []
    for site_id in workspace.sites():
        assessment = workspace.load_assessment(site_id)
        answered = sum(1 for a in assessment.answers.values() if a.result.value != "not_assessed")
        rows.append(
            {
                "id": site_id,
                "name": assessment.site.name,
                "target_tier": assessment.site.target_tier,
                "answered": answered,
                "sample": assessment.site.sample,
            }
        )
    if output_format == "json":
        echo_json(rows)
        return
    if not rows:
        click.echo(t("sites.none", path=path_for_display(workspace.evidence_dir)))
    for row in rows:
        sample = f" [{t('sites.sample')}]" if row["sample"] else ""
        click.echo(
            f"{row['id']}\t{row['name']}{sample}\tTier {row['target_tier']}\t{row['answered']} ✓"
        )


def register(group: click.Group) -> None:
    group.add_command(init)
    group.add_command(sites)
