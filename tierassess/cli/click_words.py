"""Click's own words (Usage, Options, its error messages) in the reader's language.

Click asks gettext for every word it prints, through a ``_`` (and ``ngettext``) bound in each of
its modules. ``install`` points those at ``tierassess/locale/click.toml``, so ``--lang vi`` gives
"Cách dùng:" and "Lỗi: Thiếu đối số 'SITE'." rather than English. A message Click adds in a later
version and the file lacks stays in English (a test walks the commands to catch it).
"""

from __future__ import annotations

import sys

_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
)


def translate(message: str) -> str:
    """Click's message ``message`` in the current language (unchanged when there is none)."""
    from tierassess.i18n import current_lang, messages

    entry = messages().get("click." + message)
    return entry.get(current_lang(), message) if entry else message


def translate_plural(singular: str, plural: str, count: int) -> str:
    """Click's singular or plural message, as ``count`` asks, in the current language."""
    return translate(singular if count == 1 else plural)


def install() -> None:
    """Make Click speak through ``translate`` (idempotent; only Click's own modules change)."""
    import click  # noqa: F401  (loads the modules patched below)

    for name in _MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = translate_plural  # type: ignore[attr-defined]
