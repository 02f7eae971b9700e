"""Reading YAML safely and saying where a problem is; writing files atomically.

Loading composes the node tree first (which keeps line numbers), refuses files that are too large
or whose aliases would expand beyond a sane size (the "billion laughs" bomb), then builds plain
Python objects with the safe constructor. Pydantic errors are mapped back to the line of the node
they concern, so every problem reads ``file:line: field.path: message``.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from tierassess.errors import FileProblems, InputError, Problem, os_reason
from tierassess.formats import format_size
from tierassess.i18n import t
from tierassess.validation_words import error_message, labelled_field

MAX_YAML_BYTES = 8 * 1024 * 1024
MAX_EXPANDED_NODES = 500_000

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

M = TypeVar("M")


@dataclass
class YamlDocument:
    """Parsed YAML data; its node tree (for line numbers) is composed only when a problem needs it."""

    path: Path
    data: Any
    text: str = ""

    @cached_property
    def root(self) -> yaml.Node | None:
        """The document's YAML node tree (for line numbers), or None when it does not parse."""
        try:
            return yaml.compose(self.text, Loader=_Loader)
        except yaml.YAMLError:
            return None


def _expanded_size(data: Any) -> int:
    """How many values the data holds once every alias is expanded.

    The safe loader builds an alias as a second reference to the same object, so loading stays
    linear; what explodes is whoever walks the result (the "billion laughs" bomb). Counting with a
    memo per object is linear too, and tells a bomb before anything walks it.
    """
    memo: dict[int, int] = {}

    def size(value: Any) -> int:
        if not isinstance(value, (dict, list)):
            return 1
        key = id(value)
        if key in memo:
            return memo[key]
        memo[key] = 1  # a recursive alias counts once instead of looping
        items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
        total = 1 + sum(size(k) + size(v) for k, v in items)
        memo[key] = min(total, MAX_EXPANDED_NODES + 1)
        return memo[key]

    return size(data)


def parse_yaml(path: Path, *, max_bytes: int = MAX_YAML_BYTES) -> YamlDocument:
    """Read one YAML document safely; raise FileProblems naming the file and line on failure."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(t("validation.yaml.unreadable", path=path, reason=os_reason(exc))) from exc
    if size > max_bytes:
        message = t("validation.yaml.too_big", size=format_size(size), limit=format_size(max_bytes))
        raise FileProblems([Problem(path, None, "", message)])
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        message = t("validation.yaml.not_utf8", reason=exc.reason)
        raise FileProblems([Problem(path, None, "", message)]) from exc
    except OSError as exc:
        raise InputError(t("validation.yaml.unreadable", path=path, reason=os_reason(exc))) from exc
    return parse_yaml_text(text, path)


def parse_yaml_text(text: str, path: Path) -> YamlDocument:
    """Parse YAML text that came from ``path`` (the path is used in messages only)."""
    try:
        data = yaml.load(text, Loader=_Loader)  # the safe loader (its C version when available)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        # An unknown tag (e.g. !!python/object) ends up here: arbitrary objects are never built.
        lead = (
            t("validation.yaml_at", column=mark.column + 1) if mark else t("validation.yaml_syntax")
        )
        message = f"{lead}: {syntax_problem(exc.problem or exc.context or '')}"
        raise FileProblems([Problem(path, line, "", message)]) from exc
    except yaml.YAMLError as exc:
        message = t("validation.yaml.not_plain", problem=syntax_problem(str(exc)))
        raise FileProblems([Problem(path, None, "", message)]) from exc
    except (ValueError, OverflowError) as exc:
        # e.g. an integer of thousands of digits (Python refuses to convert over 4,300)
        raise FileProblems(
            [Problem(path, _line_of_problem(text, exc), "", _number_problem(exc))]
        ) from exc
    if _expanded_size(data) > MAX_EXPANDED_NODES:
        raise FileProblems([Problem(path, 1, "", t("validation.yaml.alias_bomb"))])
    return YamlDocument(path, _nfc(data), text)


def _nfc(data: Any) -> Any:
    """Every text of parsed data in Unicode NFC (keys too): one spelling for each name."""
    import unicodedata

    if isinstance(data, str):
        return data if data.isascii() else unicodedata.normalize("NFC", data)
    if isinstance(data, dict):
        return {_nfc(k): _nfc(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_nfc(v) for v in data]
    return data


def _line_of_problem(text: str, exc: Exception) -> int | None:
    """The line of the first very long digit run, where a number could not be read."""
    found = re.search(r"\d{1000,}", text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _number_problem(exc: Exception) -> str:
    detail = str(exc).split(";")[0]
    if "digits" in detail:  # Python's "Exceeds the limit (4300 digits) for integer string…"
        detail = t("validation.yaml.many_digits")
    return t("validation.yaml.long_number", detail=detail)


# libyaml's problem texts (and the pure-Python parser's), as the reader's language says them
_SYNTAX_PROBLEMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^mapping values are not allowed"), "mapping_values"),
    (re.compile(r"^did not find expected ',' or ']'"), "flow_sequence"),
    (re.compile(r"^did not find expected ',' or '\}'"), "flow_mapping"),
    (re.compile(r"^did not find expected '-' indicator"), "block_entry"),
    (re.compile(r"^did not find expected key"), "expected_key"),
    (re.compile(r"^found unexpected end of stream"), "end_of_stream"),
    (re.compile(r"^found unknown escape character"), "escape"),
    (re.compile(r"tab character"), "tab"),
    (re.compile(r"^found character .*that cannot start any token"), "bad_character"),
    (re.compile(r"^found undefined alias"), "undefined_alias"),
    (re.compile(r"^(second occurrence|found duplicate anchor)"), "duplicate_anchor"),
    (re.compile(r"^could not determine a constructor for the tag (?P<tag>.*)"), "tag"),
    (re.compile(r"^but found another document"), "another_document"),
    (re.compile(r"^found unhashable key"), "unhashable"),
    (re.compile(r"^block sequence entries are not allowed"), "block_sequence"),
    (re.compile(r"^(did not find )?expected '?<document start>"), "document_start"),
    (re.compile(r"^could not find expected ':'"), "simple_key"),
    (re.compile(r"^did not find expected node content"), "node_content"),
]


def syntax_problem(problem: str) -> str:
    """What libyaml found wrong, in the reader's language (its own words quoted when unknown)."""
    for pattern, key in _SYNTAX_PROBLEMS:
        found = pattern.search(problem)
        if found:
            return t(f"validation.yaml.{key}", **found.groupdict())
    return t("validation.yaml.other", problem=problem)


def _kind_of(node: yaml.Node | None) -> str | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if key.value == "kind" and isinstance(value, yaml.ScalarNode):
            return str(value.value)
    return None


def _has_key(node: yaml.Node | None, key: int | str) -> bool:
    if not isinstance(node, yaml.MappingNode):
        return False
    return any(k.value == str(key) for k, _ in node.value)


def locate(root: yaml.Node | None, loc: Sequence[int | str]) -> tuple[int | None, str]:
    """The 1-based line of the node at pydantic location ``loc``, and the readable field path.

    Where the location does not exist (a missing field), the line is that of the closest parent.
    Discriminator tags that pydantic inserts into locations are dropped from the path.
    """
    node = root
    line = root.start_mark.line + 1 if root is not None else None
    parts: list[str] = []
    fresh = True  # pydantic puts a tagged union's `kind` first in the location of that node
    for position, part in enumerate(loc):
        following = loc[position + 1] if position + 1 < len(loc) else None
        if fresh and part == _kind_of(node) and (not _has_key(node, part) or following == part):
            # a "kind: criteria" file also has a "criteria" key: the tag is only the first of two
            fresh = False
            continue
        fresh = True
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(f".{part}" if parts else str(part))
        child: yaml.Node | None = None
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    child = value
                    break
        node = child
        if node is not None:
            line = node.start_mark.line + 1
    return line, "".join(parts)


def validation_problems(
    exc: ValidationError, path: Path, root: yaml.Node | None, prefix: Sequence[int | str] = ()
) -> list[Problem]:
    """One Problem per pydantic error, with file, line and field."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = [*prefix, *error["loc"]]
        line, field = locate(root, loc)
        problems.append(Problem(path, line, labelled_field(field, loc), error_message(error)))
    return problems


def load_model(path: Path, model: type[M] | TypeAdapter[M]) -> M:
    """Read ``path`` and validate it as ``model``; raise FileProblems listing every problem."""
    document = parse_yaml(path)
    return validate_document(document, model)


def validate_document(document: YamlDocument, model: type[M] | TypeAdapter[M]) -> M:
    """The document's data validated as ``model``; every problem with its line (FileProblems)."""
    adapter: TypeAdapter[M] = model if isinstance(model, TypeAdapter) else TypeAdapter(model)
    try:
        return adapter.validate_python(document.data)
    except ValidationError as exc:
        raise FileProblems(validation_problems(exc, document.path, document.root)) from exc


def to_yaml(data: Any) -> str:
    """Stable, human-readable YAML that diffs well: insertion order, Unicode kept, wide lines."""
    text: str = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    return text


def model_to_yaml(model: BaseModel, header: str | None = None) -> str:
    """A model as YAML (None values dropped); ``header`` becomes leading comment lines."""
    body = to_yaml(model.model_dump(mode="json", exclude_none=True))
    if header:
        comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
        return comment + body
    return body


def atomic_write_bytes(path: Path, data: bytes, *, sync_dir: bool = True) -> None:
    """Write so that readers see the old file or the new one, never a half-written one.

    ``sync_dir=False`` leaves the folder's fsync to the caller, who writes several files into
    one folder and syncs it once at the end (``tierassess.storage.session``).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates the file private (0600); give it the mode a plain open() would.
        os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
    if sync_dir:
        fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str, *, sync_dir: bool = True) -> None:
    """``atomic_write_bytes`` of UTF-8 text."""
    atomic_write_bytes(path, text.encode("utf-8"), sync_dir=sync_dir)


def _read_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


# Read once: os.umask can only be read by setting it, which is not safe to do from threads.
_FILE_MODE = 0o666 & ~_read_umask()


def fsync_dir(folder: Path) -> None:
    """Flush ``folder``'s directory entries to disk (best effort)."""
    # The rename is durable only once the directory entry is on disk too.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def iter_problems(errors: Iterable[FileProblems]) -> list[Problem]:
    """The problems of several FileProblems, as one list."""
    return [p for e in errors for p in e.problems]
