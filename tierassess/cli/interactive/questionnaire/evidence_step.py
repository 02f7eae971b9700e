"""The evidence step of the questionnaire: attach files to the criterion it is at (and others).

Paths are typed or dragged in one per prompt (an empty line ends the list); a file whose content
does not match its extension is attached only when confirmed. Each file's kind and capture date
are suggested and confirmed, other criteria of the same domain may share the files, and then the
files are stored (``tierassess.storage.answers.evidence_files``), linked, and saved in one commit.
"""

from __future__ import annotations

from pathlib import Path

from tierassess.cli.interactive.prompts import ask_yes_no, required
from tierassess.cli.interactive.questionnaire.state import WalkState
from tierassess.core.models import Criterion
from tierassess.errors import os_reason
from tierassess.i18n import t
from tierassess.storage.answers import annotate, store_evidence_files

__all__ = ["EvidenceStep", "clean_path"]


def clean_path(text: str) -> str:
    """A typed path without the quotes and spaces around it."""
    # Terminals quote dragged-in files; engineers paste paths with stray spaces.
    return text.strip().strip("'\"").strip()


def _validate_path(text: str) -> bool | str:
    """True for a usable file (or an empty line, which ends the list), else why not."""
    cleaned = clean_path(text)
    if not cleaned:
        return True
    path = Path(cleaned).expanduser()
    if not path.is_file():
        return t("assess.q.no_such_file", path=cleaned)
    if path.stat().st_size == 0:
        return t("evidence.err.empty", path=cleaned)
    return True


class EvidenceStep:
    """Asks for evidence files and the criteria they support, then stores and links them."""

    def __init__(self, walk: WalkState) -> None:
        self.walk = walk

    def attach(self, criterion: Criterion) -> None:
        """Ask for files for ``criterion`` and save them; a refusal is said, the walk goes on."""
        files = self._ask_files()
        if not files:
            return
        from tierassess.cli.interactive.evidence_entry import ask_kind_and_date, asked_kinds

        kinds = asked_kinds([criterion])
        details = {path: ask_kind_and_date(path, kinds) for path in files}
        targets = [criterion.id, *self._ask_other_criteria(criterion)]
        from tierassess.errors import TierassessError

        walk = self.walk
        try:
            refs, stored = store_evidence_files(
                walk.session, files, targets, walk.checklist, details
            )
        except TierassessError as exc:  # e.g. the file went away: say so, keep the session
            walk.out.line(exc.message, "error")
            return
        except OSError as exc:
            walk.out.line(t("assess.q.evidence_failed", why=os_reason(exc)), "error")
            return
        for target in targets:
            annotate(walk.assessment, target, add_evidence=refs, actor=walk.actor)
        from tierassess.storage.session import Event

        walk.session.commit_events(
            [*stored, *(Event("answer.evidence", target, {"evidence": refs}) for target in targets)]
        )
        walk.out.line(t("assess.q.evidence_saved", files=len(files), criteria=len(targets)))

    def _ask_files(self) -> list[Path]:
        """The files typed, one per prompt, until an empty line."""
        import questionary

        files: list[Path] = []
        self.walk.out.line(t("assess.q.evidence_instruction"))
        while True:
            text = str(
                required(
                    questionary.path(
                        t("assess.q.evidence_prompt", count=len(files)),
                        validate=_validate_path,
                    ).unsafe_ask()
                )
            )
            cleaned = clean_path(text)
            if not cleaned:
                return files
            path = Path(cleaned).expanduser().resolve()
            if path not in files and self._content_ok(path):
                files.append(path)

    def _content_ok(self, path: Path) -> bool:
        """Whether to attach the file: yes when its content matches its extension, else as asked."""
        from tierassess.cli.interactive.evidence_entry import content_mismatch

        claimed = content_mismatch(path)
        if claimed is None:
            return True
        self.walk.out.line(t("assess.q.evidence_mismatch", name=path.name, ext=claimed), "error")
        return ask_yes_no(t("assess.q.evidence_attach_anyway"))

    def _ask_other_criteria(self, criterion: Criterion) -> list[str]:
        """Other criteria of the same domain the files also support, ticked in a list."""
        import questionary

        walk = self.walk
        others = [
            c for c in walk.all_applicable if c.domain == criterion.domain and c.id != criterion.id
        ]
        if not others:
            return []
        extra = required(
            questionary.checkbox(
                t("assess.q.evidence_others"),
                choices=[
                    questionary.Choice(f"{c.id}  {c.title.get(walk.lang)}", value=c.id)
                    for c in others
                ],
                instruction=t("assess.q.checkbox_instruction"),
            ).unsafe_ask()
        )
        return [str(x) for x in extra]
