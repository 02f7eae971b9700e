"""The interactive questionnaire: walk the applicable criteria, save every answer as it is given.

Follow one typed answer through one module per step:

1. ``navigation``: which criterion the walk is at (resumed from ``.questionnaire.json``);
2. ``screen``: the criterion and its current answer shown;
3. ``menu``: the one menu each criterion offers, and the action chosen;
4. ``asking``: the follow-up prompts (a measured value and its reading, a justification);
5. ``recording``: the answer recorded by the rules of ``tierassess.storage.answers.record`` and saved at
   once through the site session's ``commit`` (the assessment and its audit entry, all or
   nothing), so a killed process loses at most the answer being typed.

``evidence_step`` attaches files; ``walk`` is the loop that ties the steps together, and ``run``
the whole session around it (lock, recovery message, signing). ``output`` is where lines go
between prompts, and ``state`` what the steps share.

Prompts are questionary's; they read from prompt_toolkit's current app session, so tests drive them
through a pipe input and a ``DummyOutput``.
"""

from tierassess.cli.interactive.questionnaire.navigation import (
    CURSOR_FILE,
    ONLY_CHOICES,
    read_cursor,
    select_criteria,
    write_cursor,
)
from tierassess.cli.interactive.questionnaire.output import TerminalOutput, TextOutput
from tierassess.cli.interactive.questionnaire.run import (
    ReportedInterrupt,
    SessionReport,
    recovery_message,
    run_session,
)
from tierassess.cli.interactive.questionnaire.state import SessionOutcome
from tierassess.cli.interactive.questionnaire.walk import Questionnaire

__all__ = [
    "CURSOR_FILE",
    "ONLY_CHOICES",
    "Questionnaire",
    "ReportedInterrupt",
    "SessionOutcome",
    "SessionReport",
    "TerminalOutput",
    "TextOutput",
    "read_cursor",
    "recovery_message",
    "run_session",
    "select_criteria",
    "write_cursor",
]
