"""A whole questionnaire session: lock the site, say what was recovered, walk, sign, unlock.

``run_session`` is what ``tierassess assess`` calls. It opens the site session (the lock, the
assessment read again under it), tells what the last session left behind, picks the criteria to
walk (``navigation.select_criteria``), resumes where the last walk stopped, runs the walk
(``walk.Questionnaire``) and, when asked, signs the person's answers once the walk ends
(``tierassess.exchange.identity.attest.sign_at_end``). Ctrl-C says what was saved and stops.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tierassess.cli.interactive.questionnaire.navigation import read_cursor, select_criteria
from tierassess.cli.interactive.questionnaire.output import TerminalOutput, TextOutput
from tierassess.cli.interactive.questionnaire.state import SessionOutcome
from tierassess.cli.interactive.questionnaire.walk import Questionnaire
from tierassess.core.models import Assessment, Criterion
from tierassess.core.models.base import utc_stamp
from tierassess.errors import InputError
from tierassess.formats import format_datetime
from tierassess.i18n import t
from tierassess.storage.answers import is_answered

if TYPE_CHECKING:
    from tierassess.storage.locking import LockHolder
    from tierassess.storage.workspace import Workspace

__all__ = ["ReportedInterrupt", "SessionReport", "recovery_message", "run_session"]


class ReportedInterrupt(KeyboardInterrupt):
    """Ctrl-C after the session said what was saved: the CLI adds no second message."""

    reported = True


@dataclass
class SessionReport:
    """How a questionnaire session ended, and how many criteria were answered."""

    site_id: str
    outcome: SessionOutcome
    answered: int
    total: int


def recovery_message(
    assessment: Assessment, applicable: Sequence[Criterion], cleared: LockHolder | None
) -> str | None:
    """What the last session left behind, said plainly; None for a site not yet started."""
    answers = [assessment.answer(c.id) for c in applicable]
    answered = [a for a in answers if is_answered(a)]
    if not answered and cleared is None:
        return None
    latest = max((a.answered_at for a in answers if a.answered_at), default=None)
    when = format_datetime(latest)
    if cleared is not None:
        since = cleared.since
        if cleared.pid <= 0:  # the lock file was damaged: who held it is not known
            return t(
                "assess.recovered_damaged_lock",
                count=len(answered),
                total=len(applicable),
                when=when,
            )
        in_session = sum(1 for a in answers if a.answered_at and utc_stamp(a.answered_at) >= since)
        return t(
            "assess.recovered_crash",
            holder=cleared.describe(),
            session=in_session,
            count=len(answered),
            total=len(applicable),
            when=when,
        )
    return t("assess.recovered", count=len(answered), total=len(applicable), when=when)


def run_session(
    workspace: Workspace,
    site: str | None,
    *,
    actor: str | None,
    lang: str,
    only: str | None = None,
    domain: str | None = None,
    out: TextOutput | None = None,
    on_start: Callable[[], None] | None = None,
    sign: bool = False,
) -> SessionReport:
    """Lock the site, say what was recovered, walk the criteria, release the lock.

    ``sign``: the person's key is looked up now and, once the walk ends, their answers are signed
    (``tierassess.exchange.identity.attest.sign_at_end``); a walk cut short stays saved and unsigned.
    """
    from tierassess.storage.session import SiteSession, acting_name

    out = out or TerminalOutput()
    site_id = workspace.resolve_site(site)
    assessment = workspace.load_assessment(site_id)
    checklist = workspace.load_checklist(assessment.checklist_id)
    if domain is not None and domain not in {d.id for d in checklist.header.domains}:
        known = ", ".join(d.id for d in checklist.header.domains)
        raise InputError(t("assess.unknown_domain", domain=domain, known=known))
    who = acting_name(actor, assessment)
    from tierassess.exchange.identity import signing_key

    key = signing_key(workspace, who) if sign else None  # before the walk: no key, no walk lost
    with SiteSession.open(workspace, site_id, who) as session:
        lock = session.lock
        for notice in session.notices:
            out.line(notice)
        assessment = session.assessment  # read again under the lock
        applicable = checklist.applicable(assessment.site)
        message = recovery_message(assessment, applicable, lock.cleared)
        if message:
            out.line(message)
        criteria = select_criteria(checklist, assessment, only=only, domain=domain)
        questionnaire = Questionnaire(session, checklist, criteria, actor=who, lang=lang, out=out)
        if on_start is not None:
            on_start()
        resume = read_cursor(workspace.site_dir(site_id))
        try:
            outcome = questionnaire.run(resume)
            if key is not None:
                from tierassess.cli.interactive.prompts import ask_passphrase
                from tierassess.exchange.identity.attest import sign_at_end

                sign_at_end(session, key, out.line, ask_passphrase)
        except KeyboardInterrupt:
            answered = sum(1 for c in applicable if is_answered(assessment.answer(c.id)))
            out.line(
                t("assess.interrupted_saved", count=answered, total=len(applicable), site=site_id)
            )
            if key is not None:
                out.line(t("identity.attest.unsigned", site=site_id, name=who))
            raise ReportedInterrupt from None
    answered = sum(1 for c in applicable if is_answered(assessment.answer(c.id)))
    return SessionReport(site_id, outcome, answered, len(applicable))
