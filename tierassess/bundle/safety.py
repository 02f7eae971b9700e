"""Safety checks made from the zip directory alone, before anything is read or written."""

from __future__ import annotations

import itertools
import re
import stat
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from tierassess.bundle.manifest import STRANGER, is_bundle_member

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")


# --- safety checks (before anything is read or written) ------------------------------------------


@dataclass(frozen=True)
class ImportLimits:
    """What a sane bundle stays within; anything beyond is refused as a possible zip bomb."""

    max_members: int = 50_000
    max_member_bytes: int = 32 * 1024**3
    max_total_bytes: int = 128 * 1024**3
    max_ratio: float = 500.0
    # The ratio is judged on every member over a few kilobytes, not only on big ones: 3,000
    # members of 1 MiB of zeros each (3 GiB) fit in a 4.4 MB zip, under any per-member size floor.
    ratio_floor: int = 16 * 1024
    max_name_bytes: int = 512


DEFAULT_LIMITS = ImportLimits()


@dataclass(frozen=True)
class Discrepancy:
    """One thing wrong with a bundle."""

    kind: Literal["changed", "missing", "extra", "manifest", "unsafe", "content"]
    member: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.member}: {self.detail}"


_BUNDLE_FOLDER = re.compile(r"^(files/|files/[0-9a-f]{2}/|catalogue/)$")


def is_tolerated_folder(info: zipfile.ZipInfo) -> bool:
    """An empty folder entry that ``zip -r`` and file managers write for a bundle's own folders.

    Such entries hold no data and name no file, so they are skipped, not refused.
    """
    return info.is_dir() and info.file_size == 0 and bool(_BUNDLE_FOLDER.match(info.filename))


def bundle_infos(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The members that hold data: every entry but the tolerated folder entries."""
    return [info for info in archive.infolist() if not is_tolerated_folder(info)]


def _name_problem(name: str, limits: ImportLimits) -> str | None:
    if not name:
        return "empty member name"
    if len(name.encode("utf-8", "surrogateescape")) > limits.max_name_bytes:
        return "member name too long"
    if "\x00" in name or any(ord(ch) < 32 for ch in name):
        return "control character in member name"
    if name.startswith(("/", "\\")) or _WINDOWS_DRIVE.match(name):
        return "absolute path"
    if "\\" in name:
        return "backslash in member name (a Windows path separator)"
    parts = name.split("/")
    if ".." in parts:
        return "'..' in path (would write outside the target folder)"
    if any(part in ("", ".") for part in parts[:-1]) or name.endswith("/"):
        return "folder entry or empty path component"
    return None


def inspect_members(
    archive: zipfile.ZipFile, archive_size: int, limits: ImportLimits = DEFAULT_LIMITS
) -> list[Discrepancy]:
    """Every reason to refuse these members, judged from the zip directory alone."""
    problems: list[Discrepancy] = []
    infos = bundle_infos(archive)
    if len(infos) > limits.max_members:
        problems.append(
            Discrepancy(
                "unsafe", "*", f"{len(infos)} members, over the limit of {limits.max_members}"
            )
        )
        return problems
    names = Counter(i.filename for i in infos)
    folded = Counter(unicodedata.normalize("NFC", i.filename).casefold() for i in infos)
    total = 0
    for info in infos:
        name = info.filename
        problem = _name_problem(name, limits)
        mode = info.external_attr >> 16
        if problem is None and stat.S_ISLNK(mode):
            problem = "symbolic link"
        elif problem is None and mode and stat.S_IFMT(mode) and not stat.S_ISREG(mode):
            problem = "not a regular file"
        elif problem is None and info.is_dir():
            problem = "folder entry"
        elif problem is None and names[name] > 1:
            problem = "duplicate member name"
        elif problem is None and folded[unicodedata.normalize("NFC", name).casefold()] > 1:
            problem = "member names that differ only in case or Unicode form"
        elif problem is None and not is_bundle_member(name):
            problem = STRANGER
        elif problem is None and info.flag_bits & 0x1:
            problem = "encrypted member"
        elif problem is None and info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            problem = f"unsupported compression method {info.compress_type}"
        elif problem is None and info.file_size > limits.max_member_bytes:
            problem = f"{info.file_size} bytes, over the limit of {limits.max_member_bytes}"
        elif (
            problem is None
            and info.file_size > limits.ratio_floor
            and (info.compress_size == 0 or info.file_size / info.compress_size > limits.max_ratio)
        ):
            ratio = info.file_size / max(info.compress_size, 1)
            problem = f"compression ratio {ratio:.0f}:1 (a zip bomb?)"
        elif problem is None and info.header_offset + info.compress_size > archive_size:
            problem = "member extends beyond the end of the archive"
        if problem:
            problems.append(
                Discrepancy("extra" if problem == STRANGER else "unsafe", name, problem)
            )
        total += info.file_size
    if total > limits.max_total_bytes:
        problems.append(
            Discrepancy(
                "unsafe", "*", f"{total} bytes in all, over the limit of {limits.max_total_bytes}"
            )
        )
    elif total > limits.ratio_floor and total / max(archive_size, 1) > limits.max_ratio:
        # Many members each just under the per-member floor add up to a bomb all the same.
        problems.append(
            Discrepancy(
                "unsafe",
                "*",
                f"{total} bytes unpacked from {archive_size} "
                f"(ratio {total / max(archive_size, 1):.0f}:1, a zip bomb?)",
            )
        )
    # Members whose data overlap are the trick of "non-recursive" zip bombs.
    ordered = sorted(infos, key=lambda i: i.header_offset)
    for current, following in itertools.pairwise(ordered):
        end = (
            current.header_offset
            + 30
            + len(current.filename.encode("utf-8"))
            + current.compress_size
        )
        if end > following.header_offset:
            problems.append(
                Discrepancy("unsafe", following.filename, "overlaps another member's data")
            )
    return problems
