"""User-interface strings in Vietnamese and English.

They live in one place, ``tierassess/locale/*.toml`` (one file per command family, keys prefixed
by that family), read with the standard library's TOML parser so that ``--help`` stays fast.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from importlib import resources
from typing import Any

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
_current = [os.environ.get("TIERASSESS_LANG", DEFAULT_LANG)]


def set_lang(lang: str) -> None:
    """Choose the language of messages for the rest of this process."""
    _current[0] = lang if lang in LANGS else DEFAULT_LANG


def current_lang() -> str:
    return _current[0] if _current[0] in LANGS else DEFAULT_LANG


def _flatten(prefix: str, table: dict[str, Any], out: dict[str, dict[str, str]]) -> None:
    for key, value in table.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and set(value) <= set(LANGS) and value:
            out[name] = {k: str(v) for k, v in value.items()}
        elif isinstance(value, dict):
            _flatten(name, value, out)


@cache
def messages() -> dict[str, dict[str, str]]:
    """Every message, by dotted key, in both languages."""
    out: dict[str, dict[str, str]] = {}
    folder = resources.files("tierassess") / "locale"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            _flatten("", tomllib.loads(entry.read_text(encoding="utf-8")), out)
    return out


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The message ``key`` in ``lang`` (default: the current language), formatted with values."""
    entry = messages().get(key)
    if entry is None:
        return key
    text = entry.get(lang or current_lang()) or entry.get("en") or key
    return text.format(**values) if values else text
