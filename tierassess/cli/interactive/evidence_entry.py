"""What is asked about an evidence file when it is attached: its kind and its date.

Also whether its content is what its name says. The defaults come from the file (its type, a
photo's EXIF date, else the file's date); the engineer confirms them, because a criterion's
requirement is met only by evidence of the kind it asks for (``tierassess.core.freshness``). A file
whose first bytes do not match its extension (a 10-byte "fake.pdf") is flagged before it is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from tierassess.core.models import Criterion, EvidenceKind

# Signatures of the formats evidence comes in: extension -> accepted first bytes.
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".tif": (b"II*\x00", b"MM\x00*"),
    ".tiff": (b"II*\x00", b"MM\x00*"),
    ".webp": (b"RIFF",),
    ".zip": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".dwg": (b"AC10",),
}
_TEXT = (".txt", ".csv", ".log", ".md", ".json", ".yaml", ".yml", ".xml", ".dxf")


def content_mismatch(path: Path) -> str | None:
    """The extension a file claims when its content is not of that type, else None.

    None too when the type is not one this check knows.
    """
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    if suffix in _SIGNATURES:
        return None if head.startswith(_SIGNATURES[suffix]) else suffix
    if suffix in _TEXT:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the 4 KB boundary
                return suffix
    return None


def asked_kinds(criteria: Iterable[Criterion]) -> dict[EvidenceKind, list[str]]:
    """The kinds the criteria's evidence requirements ask for, each with the criteria asking.

    The question marks those kinds with the criteria that ask for them.
    """
    found: dict[EvidenceKind, list[str]] = {}
    for criterion in criteria:
        for requirement in criterion.evidence:
            asking = found.setdefault(requirement.kind, [])
            if criterion.id not in asking:
                asking.append(criterion.id)
    return found


def suggested_kind(path: Path) -> EvidenceKind | None:
    """The kind the file type suggests: photos and drawings by type, logs by extension."""
    from tierassess.storage.evidence import media_type_of, resolve_kind

    if path.suffix.lower() in (".log", ".csv"):
        return EvidenceKind.LOG
    return resolve_kind(None, media_type_of(path.name))


def suggested_date(path: Path) -> date:
    """A photo's EXIF date when it has one, else the file's modification date."""
    from tierassess.storage.evidence import exif_capture_date

    exif = (
        exif_capture_date(path)
        if path.suffix.lower() in (".jpg", ".jpeg", ".tif", ".tiff")
        else None
    )
    if exif is not None and exif <= datetime.now(UTC).date():
        return exif
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date()


def ask_kind_and_date(
    path: Path,
    expected: Mapping[EvidenceKind, Sequence[str]],
    *,
    kind: EvidenceKind | None = None,
    day: date | None = None,
) -> tuple[EvidenceKind, date]:
    """Ask the kind and capture date of one file in the terminal, the file's own as defaults.

    The cursor starts on the kind the file type suggests and Enter on the date takes the EXIF (or
    file) date: the engineer confirms each. A ``kind`` or ``day`` already given is not asked.
    """
    if kind is None:
        kind = _ask_kind(path, expected)
    if day is None:
        day = _ask_date(path)
    return kind, day


def _ask_kind(path: Path, expected: Mapping[EvidenceKind, Sequence[str]]) -> EvidenceKind:
    import questionary

    from tierassess.cli.interactive.prompts import choose
    from tierassess.i18n import t
    from tierassess.storage.evidence.present import kind_word

    suggested = suggested_kind(path)
    choices = []
    for kind in EvidenceKind:
        label = kind_word(kind)
        if kind in expected:  # named: with several criteria linked, "this criterion" says nothing
            label += " " + t("assess.q.kind_expected", ids=", ".join(expected[kind]))
        choices.append(questionary.Choice(label, value=kind.value))
    hint = t("prompts.select_instruction")
    if suggested is not None:
        hint += " " + t("assess.q.kind_suggested", kind=kind_word(suggested))
    default = suggested.value if suggested is not None else None
    prompt = t("assess.q.kind_prompt", name=path.name)
    return EvidenceKind(choose(prompt, choices, instruction=hint, default=default))


def _ask_date(path: Path) -> date:
    import questionary

    from tierassess.cli.interactive.prompts import required
    from tierassess.core.models import utc_now
    from tierassess.errors import InputError
    from tierassess.formats import format_date, parse_date
    from tierassess.i18n import t

    default = suggested_date(path)

    def validate(text: str) -> bool | str:
        if not text.strip():
            return True
        try:
            day = parse_date(text)
        except InputError as exc:
            return exc.message
        return day <= utc_now().date() or t("evidence.err.future", day=format_date(day))

    typed = str(
        required(
            questionary.text(
                t("assess.q.date_prompt", name=path.name),
                validate=validate,
                instruction=t("assess.q.date_default", day=format_date(default)),
            ).unsafe_ask()
        )
    ).strip()
    return parse_date(typed) if typed else default


def checked_details(
    path: Path,
    kind: EvidenceKind | None,
    captured: date | None,
    *,
    terminal: bool,
    force: bool,
    expected: Mapping[EvidenceKind, Sequence[str]] | None = None,
) -> tuple[EvidenceKind | None, date | None, str | None]:
    """The kind and date to store for a file added outside the questionnaire.

    Refuses an empty file, and a file whose content is not its extension's unless ``force`` or
    the engineer confirms. With a terminal, what the options leave open is asked (the kinds the
    criteria ask for, ``expected``, marked as the questionnaire marks them); without one,
    the file's own suggestions are taken and the returned note says what was assumed; the date
    is then None, so that the store records where the file's date came from (EXIF, file time).
    """
    from tierassess.errors import InputError
    from tierassess.formats import format_date
    from tierassess.i18n import t
    from tierassess.storage.evidence.present import kind_word

    if path.stat().st_size == 0:
        raise InputError(t("evidence.err.empty", path=path))
    claimed = content_mismatch(path)
    if claimed is not None and not force:
        message = t("assess.q.evidence_mismatch", name=path.name, ext=claimed)
        if not terminal:
            raise InputError(message, hint=t("evidence.add_entry.mismatch_hint"))
        from tierassess.cli.interactive.prompts import ask_yes_no

        print(message)
        if not ask_yes_no(t("assess.q.evidence_attach_anyway")):
            raise InputError(message, hint=t("evidence.add_entry.mismatch_hint"))
    if (kind is None or captured is None) and terminal:
        # what the options leave open is asked; what they give is taken as given
        asked_kind, asked_day = ask_kind_and_date(path, expected or {}, kind=kind, day=captured)
        return asked_kind, asked_day, None
    chosen_kind = kind if kind is not None else suggested_kind(path)
    day = captured if captured is not None else suggested_date(path)
    if kind is not None and captured is not None:
        return chosen_kind, day, None
    shown = kind_word(chosen_kind)
    return (
        chosen_kind,
        captured,
        t("evidence.add_entry.assumed", name=path.name, kind=shown, day=format_date(day)),
    )
