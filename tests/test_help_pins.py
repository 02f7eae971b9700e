"""``--help`` of every command and group, pinned in Vietnamese and in English.

Help texts are chosen when the command modules are imported, in the language picked from
``--lang`` before that (``tierassess.cli.preselect_language``). So each language's help is taken
in a fresh Python process, as a user's ``tierassess --lang vi ... --help`` would be: one process
per language walks the whole command tree, 80 columns wide, with NO_COLOR.

The commands come from the CLI itself: a new command fails here until its golden exists
(``--update-golden``, see tests/golden/README.md), and a golden whose command is gone fails too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import click
import pytest
from golden_support import GOLDEN, Golden

from tierassess.cli import build_app

LANGS = ("vi", "en")
WIDTH = 80

_DUMP = """
import json, sys
from click.testing import CliRunner
from tierassess.cli import build_app, preselect_language

lang, paths, width = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
preselect_language(["--lang", lang])
app = build_app(eager=True)
out = {}
for path in paths:
    result = CliRunner().invoke(
        app, ["--lang", lang, *path, "--help"], prog_name="tierassess", terminal_width=width
    )
    out[" ".join(path)] = [result.exit_code, result.output]
print(json.dumps(out))
"""


def _walk(command: click.Command, path: tuple[str, ...]) -> list[tuple[str, ...]]:
    found = [path]
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                found += _walk(sub, (*path, name))
    return found


COMMANDS = _walk(build_app(eager=True), ())


def _golden_name(lang: str, path: tuple[str, ...]) -> str:
    return f"help/{lang}/{'-'.join(('tierassess', *path))}.txt"


def _help_in(lang: str) -> dict[str, list[object]]:
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "COLUMNS": str(WIDTH),
        "TIERASSESS_LANG": lang,
        "TIERASSESS_STRICT_MESSAGES": "1",
        "PYTHONHASHSEED": "0",
    }
    env.pop("TIERASSESS_WORKSPACE", None)
    done = subprocess.run(
        [sys.executable, "-c", _DUMP, lang, json.dumps(COMMANDS), str(WIDTH)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    help_texts: dict[str, list[object]] = json.loads(done.stdout)
    return help_texts


@pytest.fixture(scope="module")
def help_texts() -> dict[str, dict[str, list[object]]]:
    with ThreadPoolExecutor(len(LANGS)) as pool:
        return dict(zip(LANGS, pool.map(_help_in, LANGS), strict=True))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(("tierassess", *p)))
def test_help_is_pinned(
    path: tuple[str, ...],
    lang: str,
    help_texts: dict[str, dict[str, list[object]]],
    golden: Golden,
) -> None:
    exit_code, output = help_texts[lang][" ".join(path)]
    assert exit_code == 0, output
    assert isinstance(output, str)
    golden.text(_golden_name(lang, path), output)


@pytest.mark.parametrize("lang", LANGS)
def test_no_golden_for_a_command_that_is_gone(lang: str, golden: Golden) -> None:
    expected = {_golden_name(lang, path) for path in COMMANDS}
    found = {f"help/{lang}/{p.name}" for p in (GOLDEN / "help" / lang).glob("*.txt")}
    stale = sorted(found - expected)
    if golden.update:
        for name in stale:
            (GOLDEN / name).unlink()
        return
    assert not stale, f"golden help for commands that no longer exist: {stale}; regenerate"
