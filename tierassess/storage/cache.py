"""A cache of validated models, so that unchanged files are not validated again.

A file unchanged since its last clean load is not parsed and validated again in every new
process. An entry is keyed by the exact bytes it was loaded from, the tool's version and its
model code, and is only ever written after a clean load; it is rebuilt without validation
(``tierassess.storage.trusted``). Any doubt about an entry (missing, unreadable, damaged) falls back to
the full load, which is also what reports problems in the files.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def cache_dir() -> Path:
    """``TIERASSESS_CACHE_DIR``, else the user's cache folder."""
    chosen = os.environ.get("TIERASSESS_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tierassess"


# The modules whose code decides what a clean load produces: the models and their validators,
# the catalogue's cross-file rules, the YAML reader and the trusted rebuild. A change to any of
# them must invalidate every entry, or a new rule would be skipped for files already cached.
# Named as modules (not files) so that moving or splitting one keeps it covered; a package counts
# with every file in it.
_CODE_MODULES = (
    "tierassess.core.models",
    "tierassess.storage.catalogue",
    "tierassess.yamlio",
    "tierassess.storage.trusted",
    "tierassess.storage.cache",
)


def source_files(module: str) -> list[Path]:
    """The source files of ``module``: the file itself, or every file of a package."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"no source for {module}")
    origin = Path(spec.origin)
    return sorted(origin.parent.rglob("*.py")) if origin.name == "__init__.py" else [origin]


@cache
def _code_key() -> bytes:
    from tierassess import __version__

    parts = [__version__.encode()]
    for module in _CODE_MODULES:
        parts.extend(path.read_bytes() for path in source_files(module))
    return b"\0".join(parts)


def cached_model(name: str, content: bytes, model: type[M], load: Callable[[], M]) -> M:
    """The model ``load`` returns for ``content``, from the cache when it saw the same bytes.

    ``name`` says what the entry is (e.g. ``assessment-<site>``); older entries of the same name
    are removed when a new one is written.
    """
    from tierassess.storage.trusted import construct

    digest = hashlib.sha256(_code_key() + b"\0" + name.encode() + b"\0" + content).hexdigest()
    entry = cache_dir() / f"{name}-{digest[:32]}.json"
    try:
        return construct(model, json.loads(entry.read_bytes()))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass
    value = load()
    try:
        from tierassess.yamlio import atomic_write_text

        for old in entry.parent.glob(f"{name}-*.json"):
            old.unlink(missing_ok=True)
        atomic_write_text(entry, value.model_dump_json())
    except OSError:
        pass  # a read-only home only costs speed
    return value
