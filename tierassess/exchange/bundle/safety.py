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

from tierassess.exchange.bundle.manifest import is_bundle_member
from tierassess.formats import format_number, format_size
from tierassess.i18n import t

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


DiscrepancyKind = Literal["changed", "missing", "extra", "manifest", "unsafe", "content"]


@dataclass(frozen=True)
class Discrepancy:
    """One thing wrong with a bundle."""

    kind: DiscrepancyKind
    member: str
    detail: str

    def __str__(self) -> str:
        return f"{t(f'evidence.bundle.kind.{self.kind}')}: {self.member}: {self.detail}"


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
    """The message key of what is wrong with a member's name, or None."""
    if not name:
        return "empty_name"
    if len(name.encode("utf-8", "surrogateescape")) > limits.max_name_bytes:
        return "long_name"
    if "\x00" in name or any(ord(ch) < 32 for ch in name):
        return "control"
    if name.startswith(("/", "\\")) or _WINDOWS_DRIVE.match(name):
        return "absolute"
    if "\\" in name:
        return "backslash"
    parts = name.split("/")
    if ".." in parts:
        return "dotdot"
    if any(part in ("", ".") for part in parts[:-1]) or name.endswith("/"):
        return "empty_part"
    return None


def _kind_problem(info: zipfile.ZipInfo, names: Counter[str], folded: Counter[str]) -> str | None:
    """The message key of what makes a well-named member unfit (its type, name clash, place)."""
    name = info.filename
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "symlink"
    if mode and stat.S_IFMT(mode) and not stat.S_ISREG(mode):
        return "not_regular"
    if info.is_dir():
        return "folder"
    if names[name] > 1:
        return "duplicate"
    if folded[_folded(name)] > 1:
        return "case_twin"
    if not is_bundle_member(name):
        return "stranger"
    if info.flag_bits & 0x1:
        return "encrypted"
    return None


def _data_problem(info: zipfile.ZipInfo, archive_size: int, limits: ImportLimits) -> str | None:
    """What is wrong with a member's data as the directory declares it (method, size, ratio)."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return t("bundle.unsafe.compression", method=info.compress_type)
    if info.file_size > limits.max_member_bytes:
        size, limit = _sizes(info.file_size, limits.max_member_bytes)
        return t("bundle.unsafe.too_big", size=size, limit=limit)
    if info.file_size > limits.ratio_floor and (
        info.compress_size == 0 or info.file_size / info.compress_size > limits.max_ratio
    ):
        ratio = info.file_size / max(info.compress_size, 1)
        return t("bundle.unsafe.ratio", ratio=format_number(round(ratio)))
    if info.header_offset + info.compress_size > archive_size:
        return t("bundle.unsafe.beyond_end")
    return None


def _sizes(size: int, limit: int) -> tuple[str, str]:
    """A size and its limit for people; in bytes when rounding would show them equal."""
    shown = format_size(size), format_size(limit)
    if shown[0] == shown[1]:
        return f"{format_number(size)} B", f"{format_number(limit)} B"
    return shown


def _folded(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def inspect_members(
    archive: zipfile.ZipFile, archive_size: int, limits: ImportLimits = DEFAULT_LIMITS
) -> list[Discrepancy]:
    """Every reason to refuse these members, judged from the zip directory alone."""
    infos = bundle_infos(archive)
    if len(infos) > limits.max_members:
        count = format_number(len(infos))
        message = t("bundle.unsafe.too_many", count=count, limit=format_number(limits.max_members))
        return [Discrepancy("unsafe", "*", message)]
    names = Counter(i.filename for i in infos)
    folded = Counter(_folded(i.filename) for i in infos)
    problems: list[Discrepancy] = []
    for info in infos:
        key = _name_problem(info.filename, limits) or _kind_problem(info, names, folded)
        if key is not None:
            kind: DiscrepancyKind = "extra" if key == "stranger" else "unsafe"
            problems.append(Discrepancy(kind, info.filename, t(f"bundle.unsafe.{key}")))
            continue
        problem = _data_problem(info, archive_size, limits)
        if problem is not None:
            problems.append(Discrepancy("unsafe", info.filename, problem))
    total = sum(info.file_size for info in infos)
    return problems + _total_problems(total, archive_size, limits) + _overlaps(infos)


def _total_problems(total: int, archive_size: int, limits: ImportLimits) -> list[Discrepancy]:
    """The members' unpacked sizes together: over the limit, or a bomb of many small members."""
    if total > limits.max_total_bytes:
        size, limit = _sizes(total, limits.max_total_bytes)
        message = t("bundle.unsafe.total_too_big", size=size, limit=limit)
        return [Discrepancy("unsafe", "*", message)]
    ratio = total / max(archive_size, 1)
    if total > limits.ratio_floor and ratio > limits.max_ratio:
        # Many members each just under the per-member floor add up to a bomb all the same.
        message = t(
            "bundle.unsafe.total_ratio",
            size=format_size(total),
            packed=format_size(archive_size),
            ratio=format_number(round(ratio)),
        )
        return [Discrepancy("unsafe", "*", message)]
    return []


def _overlaps(infos: list[zipfile.ZipInfo]) -> list[Discrepancy]:
    """Members whose data overlap: the trick of "non-recursive" zip bombs."""
    problems = []
    ordered = sorted(infos, key=lambda i: i.header_offset)
    for current, following in itertools.pairwise(ordered):
        end = (
            current.header_offset
            + 30
            + len(current.filename.encode("utf-8"))
            + current.compress_size
        )
        if end > following.header_offset:
            problems.append(Discrepancy("unsafe", following.filename, t("bundle.unsafe.overlap")))
    return problems
