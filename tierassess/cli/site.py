"""``tierassess init SITE``, ``tierassess site edit SITE`` and ``tierassess sites``."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tierassess.cli._common import CliState, echo_json, format_option, pass_state, path_for_display
from tierassess.cli._site import site_session
from tierassess.i18n import t

if TYPE_CHECKING:
    from tierassess.core.models import Checklist, SiteProfile
    from tierassess.storage.workspace import Workspace

_PROFILE_OPTION = click.option(
    "--profile",
    "profile_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=t("help.opt.profile"),
)


def _profile(
    site: str, profile_file: Path | None, checklist: Checklist, current: SiteProfile | None
) -> SiteProfile:
    """The profile from ``--profile``, or asked in the terminal (same questions for both commands)."""
    from tierassess.errors import InputError
    from tierassess.storage.sites import profile_from_file

    if profile_file is not None:
        return profile_from_file(profile_file, site, checklist.planning)
    if sys.stdin.isatty():
        from tierassess.cli.interactive.profile_prompt import ask_site_profile

        return ask_site_profile(site, checklist.planning, current)
    command = "init" if current is None else "site edit"  # the hint repeats the command run
    raise InputError(
        t("init.no_terminal"), hint=t("init.no_terminal_hint", command=f"{command} {site}")
    )


def _actor(profile: SiteProfile) -> str:
    """Who changed the profile: its assessor, else the login name (the one rule of every command)."""
    from tierassess.storage.session import acting_name

    return acting_name(None, profile)


@click.command("init", help=t("help.init"))
@click.argument("site")
@_PROFILE_OPTION
@pass_state
def init(state: CliState, site: str, profile_file: Path | None) -> None:
    from tierassess.core.models import SLUG_PATTERN
    from tierassess.errors import InputError, WorkspaceError
    from tierassess.storage.session import create_site

    workspace = state.workspace()
    # before any question: an existing site or a bad name would waste every answer
    if not re.match(SLUG_PATTERN, site):
        raise InputError(t("init.bad_id", site=site))
    if workspace.assessment_path(site).exists():
        raise WorkspaceError(t("init.exists", site=site), hint=t("init.exists_hint", site=site))
    checklist = workspace.load_checklist()
    profile = _profile(site, profile_file, checklist, None)
    assessment = create_site(
        workspace, profile, checklist, _actor(profile), _profile_details(profile)
    )
    click.echo(
        t(
            "init.created",
            site=profile.id,
            path=path_for_display(workspace.assessment_path(profile.id)),
            count=len(checklist.applicable(assessment.site)),
        )
    )


def _profile_details(profile: SiteProfile) -> dict[str, Any]:
    return profile.model_dump(mode="json", exclude={"id", "planning", "notes", "sample"})


@click.group("site", help=t("site.help.group"))
def site_group() -> None:
    pass


@site_group.command("edit", help=t("site.help.edit"))
@click.argument("site")
@_PROFILE_OPTION
@pass_state
def site_edit(state: CliState, site: str, profile_file: Path | None) -> None:
    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    current = workspace.load_assessment(site_id)
    checklist = workspace.load_checklist(current.checklist_id)
    with site_session(state, site_id, _actor(current.site)) as session:
        assessment = session.assessment
        profile = _profile(site_id, profile_file, checklist, assessment.site)
        before = _profile_details(assessment.site)
        after = _profile_details(profile)
        changed = {
            k: {"from": before.get(k), "to": v} for k, v in after.items() if before.get(k) != v
        }
        if profile.planning != assessment.site.planning:
            changed["planning"] = {"to": profile.planning.model_dump(mode="json")}
        if not changed:
            click.echo(t("site.unchanged", site=site_id))
            return
        applicable_before = len(checklist.applicable(assessment.site))
        assessment.site = profile
        session.actor = _actor(profile)
        session.commit("site.edit", site_id, changed)
    click.echo(
        t(
            "site.edited",
            site=site_id,
            fields=", ".join(changed),
            before=applicable_before,
            count=len(checklist.applicable(profile)),
        )
    )


def _site_row(workspace: Workspace, site_id: str) -> dict[str, Any]:
    """One site's line in ``sites``; a site that cannot be read says why instead."""
    from tierassess.errors import TierassessError
    from tierassess.storage.audit import verify_chain

    try:
        assessment = workspace.load_assessment(site_id)
        checklist = workspace.load_checklist(assessment.checklist_id)
    except TierassessError as exc:
        return {"id": site_id, "error": "\n".join(exc.lines())}
    applicable = checklist.applicable(assessment.site)
    answered = sum(1 for c in applicable if assessment.answer(c.id).result.value != "not_assessed")
    try:
        breaks = len(verify_chain(workspace.audit_log_path(site_id)))
    except (OSError, TierassessError):
        breaks = -1
    return {
        "id": site_id,
        "name": assessment.site.name,
        "target_tier": assessment.site.target_tier,
        "answered": answered,
        "applicable": len(applicable),
        "audit_log_intact": breaks == 0,
        "sample": assessment.site.sample,
    }


@click.command("sites", help=t("help.sites"))
@format_option("table", "json")
@pass_state
def sites(state: CliState, output_format: str) -> None:
    from tierassess.i18n import tier_label
    from tierassess.textsafe import for_terminal

    workspace = state.workspace()
    rows = [_site_row(workspace, site_id) for site_id in workspace.sites()]
    broken = [row for row in rows if "error" in row]
    if output_format == "json":
        echo_json(rows)
    elif not rows:
        click.echo(t("sites.none", path=path_for_display(workspace.evidence_dir)))
    for row in rows if output_format != "json" else []:
        if "error" in row:
            click.echo(for_terminal(f"{row['id']}\t{t('sites.unreadable')}"))
            continue
        sample = f" [{t('sites.sample')}]" if row["sample"] else ""
        log = t("sites.log_intact" if row["audit_log_intact"] else "sites.log_broken")
        answered = t("sites.answered", answered=row["answered"], total=row["applicable"])
        line = f"{row['id']}\t{row['name']}{sample}\t{tier_label(row['target_tier'])}\t"
        click.echo(for_terminal(f"{line}{answered}\t{log}"))
    if broken:
        from tierassess.errors import WorkspaceError

        for row in broken:
            click.echo(for_terminal(str(row["error"])), err=True)
        raise WorkspaceError(t("sites.some_unreadable", count=len(broken)))


def register(group: click.Group) -> None:
    """Add ``init``, ``site`` and ``sites`` to ``group``."""
    group.add_command(init)
    group.add_command(site_group)
    group.add_command(sites)
