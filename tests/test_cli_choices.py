"""The CLI's choice lists are the core's own values: an option never offers a stale copy.

The command modules import only click (``tierassess --help`` stays fast), so a few lists are
written out beside their options; these tests pin each to the value the core defines.
"""

from __future__ import annotations

import click
import pytest

from tierassess.cli import build_app


def _choices(path: str, option: str) -> list[str]:
    command: click.Command = build_app(eager=True)
    for name in path.split():
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), name)
        assert found is not None, name
        command = found
    param = next(p for p in command.params if p.name == option)
    assert isinstance(param.type, click.Choice)
    return list(param.type.choices)


def test_evidence_kinds_are_the_models_kinds() -> None:
    from tierassess.core.models import EvidenceKind

    assert _choices("evidence add", "kind") == [k.value for k in EvidenceKind]


@pytest.mark.parametrize(
    ("path", "option", "expected"),
    [
        ("report", "formats", lambda e: [*e.FORMATS, "all"]),
        ("report", "layout", lambda e: list(e.LAYOUTS)),
    ],
)
def test_report_choices_are_the_exporters(path: str, option: str, expected: object) -> None:
    from tierassess.reports import export

    assert callable(expected)
    assert _choices(path, option) == expected(export)


def test_languages_and_number_conventions_come_from_the_core() -> None:
    from tierassess.formats import CONVENTIONS
    from tierassess.i18n import LANGS

    assert _choices("bundle export", "index_lang") == list(LANGS)
    assert _choices("report", "report_lang") == list(LANGS)
    assert _choices("answers import", "numbers") == list(CONVENTIONS)
