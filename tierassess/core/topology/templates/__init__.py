"""Starting points for ``tierassess topology init SITE --template NAME`` (YAML data files)."""

from __future__ import annotations

from pathlib import Path

TEMPLATES_DIR = Path(__file__).parent


def template_names() -> list[str]:
    """The names of the shipped topology templates."""
    return sorted(p.stem for p in TEMPLATES_DIR.glob("*.yaml"))


def template_text(name: str, site: str) -> str:
    """The template's text (comments kept) naming ``site``."""
    text = (TEMPLATES_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    return text.replace("format_version: 1\n", f"format_version: 1\nsite: {site}\n", 1)
