"""One questionnaire session per site at a time.

The lock is a small JSON file in the site folder (``.session.lock``) naming who holds it (user,
host, process id) and since when. It is created whole and atomically (written to a temporary file,
then hard-linked into place, which fails if a lock already exists), so a reader never sees half a
lock. A lock whose process no longer runs on this host (killed, crashed, power cut) is stale: it is
cleared and reported, and the new session goes ahead.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from tierassess.errors import WorkspaceError
from tierassess.i18n import t
from tierassess.models import utc_now

LOCK_FILE = ".session.lock"


@dataclass(frozen=True)
class LockHolder:
    """Who holds a site's lock, as written in the lock file."""

    user: str
    host: str
    pid: int
    since: str
    started: str | None = None  # the process start time, to tell a re-used pid apart

    def describe(self) -> str:
        return t(
            "assess.lock.holder", user=self.user, host=self.host, pid=self.pid, since=self.since
        )


def _process_start(pid: int) -> str | None:
    """The kernel's start time of a process (Linux), so that a re-used pid is not taken for ours."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else None


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    fields = stat.rsplit(")", 1)[-1].split()
    return bool(fields) and fields[0] in ("Z", "X")


def process_alive(pid: int, started: str | None = None) -> bool:
    """True when ``pid`` runs on this host (and, when known, is the same process as recorded)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, owned by someone else
    except OSError:
        return False
    if _is_zombie(pid):
        return False
    if started is not None:
        now = _process_start(pid)
        if now is not None and now != started:
            return False
    return True


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def read_lock(path: Path) -> LockHolder | None:
    """The holder named in a lock file; None when it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockHolder(
            user=str(data["user"]),
            host=str(data["host"]),
            pid=int(data["pid"]),
            since=str(data["since"]),
            started=data.get("started"),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _is_stale(holder: LockHolder | None, path: Path) -> bool:
    if holder is None:
        # Unreadable: a lock is written whole, so this is damage, not a lock being written.
        return path.exists()
    if holder.host != socket.gethostname():
        return False  # another computer's process cannot be checked from here
    return not process_alive(holder.pid, holder.started)


class SiteLock:
    """A held lock on one site's folder; release it with ``release()`` or a ``with`` block."""

    def __init__(self, path: Path, holder: LockHolder, cleared: LockHolder | None) -> None:
        self.path = path
        self.holder = holder
        self.cleared = cleared  # a stale lock that was found and removed, if any

    def release(self) -> None:
        """Remove the lock, if it is still ours."""
        current = read_lock(self.path)
        if (
            current is not None
            and current.pid == self.holder.pid
            and current.host == self.holder.host
        ):
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

    def __enter__(self) -> SiteLock:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def _write_new(path: Path, holder: LockHolder) -> bool:
    """Create the lock file with its full content in one step; False when one exists."""
    fd, tmp = tempfile.mkstemp(prefix=".lock.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(holder), handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        return True
    finally:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()


def _clear_stale(path: Path, judged: LockHolder | None) -> None:
    """Remove a stale lock, taking care not to remove a fresh one another process just made."""
    aside = path.with_name(f"{path.name}.stale.{os.getpid()}")
    try:
        path.rename(aside)
    except FileNotFoundError:
        return
    moved = read_lock(aside)
    if moved != judged:
        # Someone replaced the stale lock between our look and our move: put theirs back.
        with contextlib.suppress(OSError):
            os.link(aside, path)
    with contextlib.suppress(OSError):
        aside.unlink()


def acquire_site_lock(site_dir: Path, user: str | None = None) -> SiteLock:
    """Lock a site for one session; raise WorkspaceError naming the holder when it is taken."""
    site_dir.mkdir(parents=True, exist_ok=True)
    path = site_dir / LOCK_FILE
    pid = os.getpid()
    holder = LockHolder(
        user=user or _user(),
        host=socket.gethostname(),
        pid=pid,
        since=_iso(utc_now()),
        started=_process_start(pid),
    )
    cleared: LockHolder | None = None
    for _ in range(5):
        if _write_new(path, holder):
            return SiteLock(path, holder, cleared)
        current = read_lock(path)
        if not _is_stale(current, path):
            if current is None:
                continue  # it went away between our two looks: try again
            raise WorkspaceError(
                t("assess.lock.taken", holder=current.describe()),
                hint=t("assess.lock.taken_hint"),
            )
        cleared = current or LockHolder("?", "?", 0, "?")
        _clear_stale(path, current)
    raise WorkspaceError(t("assess.lock.contended", path=path))


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
