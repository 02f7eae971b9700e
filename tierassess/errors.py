"""The error tree: library code raises these, and only the CLI entry point turns them into output.

The CLI prints a message on stderr and exits with a code following ``diff``: 1 a check found a
problem, 2 bad input or usage.

    TierassessError            exit 2 unless a subclass says otherwise
    ├── InputError             a file or argument a person supplied is wrong
    │   └── CatalogueError     one or more problems in checklist files (each with file:line: field)
    ├── WorkspaceError         a site or workspace is missing, locked or inconsistent
    └── CheckFailed            exit 1: a check ran and found a problem (tampering, target not met)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem in one file, printed as ``file:line: field: message``."""

    path: Path | str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class TierassessError(Exception):
    """Base of every error a user can cause; carries an optional hint on what to do next."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def lines(self) -> list[str]:
        """The message as the lines the CLI prints, one per problem."""
        return [self.message]


class InputError(TierassessError):
    """A file or argument supplied by a person is malformed or out of range."""


class CatalogueError(InputError):
    """Problems in checklist files, all of them at once."""

    def __init__(self, problems: list[Problem], hint: str | None = None) -> None:
        from tierassess.i18n import t

        self.problems = problems
        super().__init__(t("catalogue.summary.problems", count=len(problems)), hint)

    def lines(self) -> list[str]:
        """One ``file:line: field: message`` line per problem."""
        return [str(p) for p in self.problems]


class FileProblems(InputError):
    """Problems in one data file (assessment, answers, evidence index), all of them at once."""

    def __init__(self, problems: list[Problem], hint: str | None = None) -> None:
        self.problems = problems
        first = problems[0] if problems else None
        super().__init__(str(first) if first else "invalid file", hint)

    def lines(self) -> list[str]:
        """One ``file:line: field: message`` line per problem."""
        return [str(p) for p in self.problems]


class WorkspaceError(TierassessError):
    """A site or workspace is missing, locked, or not what was expected."""


class CheckFailed(TierassessError):
    """A check ran and found a problem (exit 1)."""

    exit_code = 1


_OS_REASONS = frozenset(
    [
        "ENOENT",
        "EACCES",
        "EPERM",
        "EISDIR",
        "ENOTDIR",
        "ENOSPC",
        "EROFS",
        "EEXIST",
        "ENAMETOOLONG",
        "EBUSY",
        "ELOOP",
    ]
)


def os_reason(exc: OSError) -> str:
    """Why the operating system refused, in the reader's language (its own words for the rest)."""
    import errno

    from tierassess.i18n import t

    name = errno.errorcode.get(exc.errno or 0, "")
    if name in _OS_REASONS:
        return t(f"common.os_reason.{name}")
    return exc.strerror or str(exc)
