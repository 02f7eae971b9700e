"""One writer per site at a time: the operating system's file lock (POSIX ``flock``).

The lock is taken on ``.session.lock`` in the site folder with ``fcntl.flock``. The kernel holds
it for the process and drops it when the process ends in any way (quit, crash, kill, power cut),
so a lock is never stale and no process ids are probed. The file also carries the holder's name
(user, host, process id, since) for the message another session sees; it is emptied when the
lock is released, so a name still in it when the lock is next taken tells of a session that
stopped without releasing (and is reported as such).

tierassess is POSIX-only (Linux, macOS, BSD): ``fcntl`` does not exist on Windows.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType

from tierassess.core.models import utc_now
from tierassess.core.models.base import utc_stamp
from tierassess.errors import WorkspaceError, os_reason
from tierassess.i18n import t

__all__ = ["LOCK_FILE", "LockHolder", "SiteLock", "acquire_site_lock", "read_lock"]

LOCK_FILE = ".session.lock"
_MAX_LOCK_BYTES = 4096


@dataclass(frozen=True)
class LockHolder:
    """Who holds a site's lock, as written in the lock file."""

    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        """The holder as one phrase for messages."""
        return t(
            "assess.lock.holder", user=self.user, host=self.host, pid=self.pid, since=self.since
        )


def login_name() -> str:
    """The operating system's name for the user running this process."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _parse_holder(raw: bytes) -> LockHolder | None:
    try:
        data = json.loads(raw.decode("utf-8"))
        return LockHolder(
            user=str(data["user"]),
            host=str(data["host"]),
            pid=int(data["pid"]),
            since=str(data["since"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def read_lock(path: Path) -> LockHolder | None:
    """The holder named in a lock file; None when it is missing, empty or unreadable."""
    try:
        with path.open("rb") as handle:
            return _parse_holder(handle.read(_MAX_LOCK_BYTES))
    except OSError:
        return None


class SiteLock:
    """A held lock on one site's folder; release it with ``release()`` or a ``with`` block."""

    def __init__(self, path: Path, fd: int, holder: LockHolder, cleared: LockHolder | None) -> None:
        self.path = path
        self.holder = holder
        self.cleared = cleared  # the name left by a session that stopped without releasing
        self._fd = fd

    @property
    def held(self) -> bool:
        """True until ``release()``."""
        return self._fd >= 0

    def release(self) -> None:
        """Empty the holder's name and drop the lock (the kernel drops it anyway at exit)."""
        if self._fd < 0:
            return
        fd, self._fd = self._fd, -1
        try:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def __enter__(self) -> SiteLock:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def _holder_of_taken(fd: int) -> LockHolder | None:
    """The name the current holder wrote (it may be a moment behind taking the lock)."""
    for _ in range(20):
        holder = _parse_holder(os.pread(fd, _MAX_LOCK_BYTES, 0))
        if holder is not None:
            return holder
        time.sleep(0.01)
    return None


def acquire_site_lock(site_dir: Path, user: str | None = None) -> SiteLock:
    """Lock a site for one writer; raise WorkspaceError naming the holder when it is taken."""
    if not site_dir.is_dir():
        raise WorkspaceError(t("session.no_site_dir", path=site_dir))
    path = site_dir / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise WorkspaceError(t("session.cannot_lock", path=path, why=os_reason(exc))) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        current = _holder_of_taken(fd)
        os.close(fd)
        holder_text = current.describe() if current else t("session.unknown_holder")
        raise WorkspaceError(
            t("assess.lock.taken", holder=holder_text), hint=t("assess.lock.taken_hint")
        ) from None
    except OSError as exc:
        os.close(fd)
        raise WorkspaceError(t("session.cannot_lock", path=path, why=os_reason(exc))) from None
    left = os.pread(fd, _MAX_LOCK_BYTES, 0)
    cleared = _parse_holder(left) if left.strip() else None
    if left.strip() and cleared is None:
        cleared = LockHolder("?", "?", 0, "?")  # a damaged name: who it was is not known
    holder = LockHolder(
        user=user or login_name(),
        host=socket.gethostname(),
        pid=os.getpid(),
        since=utc_stamp(utc_now()),
    )
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(asdict(holder), ensure_ascii=False).encode("utf-8"), 0)
    except OSError as exc:
        os.close(fd)
        raise WorkspaceError(t("session.cannot_lock", path=path, why=os_reason(exc))) from None
    return SiteLock(path, fd, holder, cleared)
