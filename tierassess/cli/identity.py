"""``tierassess key ...``: signing keys, and the passphrase and signer helpers other commands use."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tierassess.cli._common import CliState, console, echo_json, format_option, pass_state
from tierassess.i18n import t

if TYPE_CHECKING:
    from tierassess.exchange.identity.signing import Signer
    from tierassess.storage.workspace import Workspace


def read_passphrase(confirm: bool = False) -> str:
    """The key passphrase: ``TIERASSESS_PASSPHRASE`` for scripts, else asked with no echo."""
    from tierassess.errors import InputError
    from tierassess.exchange.identity.keys import PASSPHRASE_ENV

    given = os.environ.get(PASSPHRASE_ENV)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise InputError(t("identity.key.no_terminal"), hint=t("identity.key.no_terminal_hint"))
    text: str = click.prompt(
        t("identity.key.passphrase"),
        hide_input=True,
        confirmation_prompt=t("identity.key.passphrase_again") if confirm else False,
    )
    return text


def unlock_signer(workspace: Workspace, name: str, key_id: str | None = None) -> Signer:
    """The person's key, found by name (or id) in the key folder and unlocked."""
    from tierassess.exchange.identity.keys import signing_key, unlock
    from tierassess.exchange.identity.signing import Signer

    entry = signing_key(workspace, name, key_id)
    return Signer(unlock(entry, read_passphrase()), entry)


@click.group("key", help=t("identity.help.key"))
def key_group() -> None:
    pass


@key_group.command("new", help=t("identity.help.key_new"))
@click.option(
    "--as", "actor", metavar="NAME", required=True, help=t("identity.help.as_required.key_new")
)
@pass_state
def key_new(state: CliState, actor: str) -> None:
    from tierassess.exchange.identity.keys import fingerprint, key_dir, keyring_dir, new_key

    workspace = state.workspace()
    entry = new_key(workspace, actor, read_passphrase(confirm=True))
    click.echo(
        t(
            "identity.key.created",
            key_id=entry.key_id,
            name=entry.name,
            private=key_dir() / f"{entry.key_id}.pem",
            public=keyring_dir(workspace) / f"{entry.key_id}.json",
        )
    )
    click.echo(t("identity.key.fingerprint", fingerprint=fingerprint(entry)))


@key_group.command("list", help=t("identity.help.key_list"))
@format_option("table", "json")
@pass_state
def key_list(state: CliState, output_format: str) -> None:
    from tierassess.exchange.identity.keys import key_dir, keyring
    from tierassess.formats import format_date

    ring = keyring(state.workspace())
    if output_format == "json":
        echo_json([e.model_dump(mode="json", exclude_none=True) for e in ring.values()])
        return
    if not ring:
        click.echo(t("identity.key.empty"))
        return
    from rich.table import Table

    table = Table()
    for column in ("col_id", "col_name", "col_created", "col_state"):
        table.add_column(t(f"identity.key.{column}"))
    for entry in ring.values():
        state_text = t(
            "identity.key.state_revoked" if entry.revoked_at else "identity.key.state_active"
        )
        if (key_dir() / f"{entry.key_id}.pem").is_file():
            state_text += "; " + t("identity.key.state_private")
        table.add_row(entry.key_id, entry.name, format_date(entry.created_at.date()), state_text)
    console().print(table)


@key_group.command("export", help=t("identity.help.key_export"))
@click.argument("key_id")
@pass_state
def key_export(state: CliState, key_id: str) -> None:
    from tierassess.exchange.identity.keys import find_key

    click.echo(find_key(state.workspace(), key_id).model_dump_json(indent=2, exclude_none=True))


@key_group.command("import", help=t("identity.help.key_import"))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_state
def key_import(state: CliState, file: Path) -> None:
    from tierassess.exchange.identity.keys import add_to_keyring, fingerprint, read_public_file

    entry = read_public_file(file)
    add_to_keyring(state.workspace(), entry)
    click.echo(t("identity.key.imported", key_id=entry.key_id, name=entry.name))
    click.echo(t("identity.key.fingerprint", fingerprint=fingerprint(entry)))


@key_group.command("revoke", help=t("identity.help.key_revoke"))
@click.argument("key_id")
@click.option("--reason", default="", metavar="TEXT", help=t("identity.help.opt_reason"))
@pass_state
def key_revoke(state: CliState, key_id: str, reason: str) -> None:
    from tierassess.exchange.identity.keys import revoke

    entry = revoke(state.workspace(), key_id, reason)
    click.echo(t("identity.key.revoked", key_id=entry.key_id, name=entry.name))


@click.command("sign", help=t("identity.attest.help_sign"))
@click.argument("site", required=False)
@click.option(
    "--as", "actor", metavar="NAME", required=True, help=t("identity.help.as_required.sign")
)
@click.option("--key", "key_id", metavar="ID", help=t("identity.help.opt_key"))
@pass_state
def sign_command(state: CliState, site: str | None, actor: str, key_id: str | None) -> None:
    from tierassess.cli._site import site_session
    from tierassess.exchange.identity.attest import sign_answers

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    signer = unlock_signer(workspace, actor, key_id)
    with site_session(state, site_id, actor) as session:
        answers = sign_answers(session, signer)
    click.echo(
        t(
            "identity.attest.signed",
            count=len(answers),
            name=signer.entry.name,
            key_id=signer.entry.key_id,
        )
    )


@click.command("signatures", help=t("identity.attest.help_signatures"))
@click.argument("site", required=False)
@format_option("text", "json", default="text")
@pass_state
def signatures_command(state: CliState, site: str | None, output_format: str) -> None:
    from tierassess.exchange.identity.attest import check_answer_signatures
    from tierassess.exchange.identity.keys import keyring

    workspace = state.workspace()
    site_id = workspace.resolve_site(site)
    found = check_answer_signatures(workspace, site_id, keyring(workspace))
    if output_format == "json":
        echo_json(
            [
                {
                    "seq": f.seq,
                    "at": f.at,
                    "signature": f.check.status.value,
                    "signed_by": f.check.signer,
                    "key": f.check.key_id,
                    "answers": len(f.answers),
                    "changed": f.changed,
                }
                for f in found
            ]
        )
    elif not found:
        click.echo(t("identity.attest.none_found", site=site_id))
    for item in found if output_format == "text" else []:
        click.echo(
            t(
                "identity.attest.entry",
                seq=item.seq,
                at=item.at,
                status=item.check.describe(),
                count=len(item.answers),
            ),
            err=not item.ok,
        )
        if item.changed:
            click.echo(t("identity.attest.changed", ids=", ".join(item.changed)))
    if any(not f.ok for f in found):
        raise click.exceptions.Exit(1)


def register(group: click.Group) -> None:
    """Add the key, sign and signatures commands to ``group``."""
    group.add_command(key_group)
    group.add_command(sign_command)
    group.add_command(signatures_command)
