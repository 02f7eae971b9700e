r"""Terminal text (rich): the console every command prints with, and criteria laid out to read.

``SafeConsole`` is the one place printed text passes through: whatever a site, a catalogue or a
hand-edited file holds (notes, names, who answered, criterion wording), its control characters
are shown as ``\x1b``-style text, so no stored field can move the cursor, recolour or retitle the
terminal, whether or not a load validated it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.panel import Panel
from rich.segment import Segment
from rich.text import Text

from tierassess.core.models import Checklist, Criterion
from tierassess.i18n import t
from tierassess.storage.evidence.present import kind_word
from tierassess.textsafe import for_terminal

# what for_terminal rewrites (line breaks and tabs print as themselves)
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class SafeConsole(Console):
    """A rich console whose printed text cannot carry terminal escapes.

    Plain strings are made safe before layout (``render_str``), so table columns keep their
    widths; ``Text`` built elsewhere is made safe segment by segment as it is rendered. Rich's
    own styling and cursor codes are added after this and are untouched.
    """

    def render_str(self, text: str, **options: Any) -> Text:
        """``text`` made safe to print, then read as rich reads a string."""
        return super().render_str(for_terminal(text), **options)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        """Rich's segments, with control characters in their text shown as codes."""
        for segment in super().render(renderable, options):
            if segment.control or not _UNSAFE.search(segment.text):
                yield segment
            else:
                yield Segment(for_terminal(segment.text), segment.style, segment.control)


def answer_kind_text(checklist: Checklist, criterion: Criterion, lang: str) -> str:
    """How the criterion is answered, e.g. ``measured: >= 12 h``."""
    return criterion.answer.spec_text(checklist, lang)


def criterion_text(checklist: Checklist, criterion: Criterion, lang: str) -> Group:
    """A criterion laid out for reading in a terminal."""

    def section(label_key: str, body: str) -> Text:
        out = Text()
        out.append(t(label_key, lang) + "\n", style="bold")
        out.append(body.strip() + "\n")
        return out

    facts = Text()
    facts.append(f"{t('criterion.domain', lang)}: ", style="bold")
    facts.append(checklist.domain(criterion.domain).title.get(lang))
    facts.append(f"   {t('criterion.subsystem', lang)}: ", style="bold")
    facts.append(checklist.subsystem(criterion.subsystem).title.get(lang))
    facts.append(f"\n{t('criterion.min_tier', lang)}: ", style="bold")
    facts.append(str(criterion.min_tier))
    facts.append(f"   {t('criterion.severity', lang)}: ", style="bold")
    facts.append(t(f"severity.{criterion.severity.value}", lang))
    facts.append(f"   {t('criterion.weight', lang)}: ", style="bold")
    facts.append(f"{criterion.weight:g}")
    if criterion.must_pass:
        facts.append(f"   ◆ {t('criterion.must_pass', lang)}", style="bold red")
    facts.append(f"\n{t('criterion.answer', lang)}: ", style="bold")
    facts.append(answer_kind_text(checklist, criterion, lang) + "\n")

    parts: list[Text] = [
        facts,
        section("criterion.requirement", criterion.requirement.get(lang)),
        section("criterion.guidance", criterion.guidance.get(lang)),
    ]
    if criterion.evidence:
        lines = []
        for expectation in criterion.evidence:
            age = (
                t("criterion.max_age", lang, days=expectation.max_age_days)
                if expectation.max_age_days
                else ""
            )
            what = expectation.description.get(lang) if expectation.description else ""
            lines.append(f"• {kind_word(expectation.kind, lang)}{age}: {what}".rstrip(": "))
        parts.append(section("criterion.evidence", "\n".join(lines)))
    refs = []
    titles = {standard.id: standard.title.get(lang) for standard in checklist.header.standards}
    for reference in criterion.references:
        mark = f" ({t('criterion.unverified_mark', lang)})" if not reference.verified else ""
        cited = titles.get(reference.standard, reference.standard)
        refs.append(f"• {cited} — {reference.clause.get(lang)}{mark}")
    parts.append(section("criterion.references", "\n".join(refs)))
    remediation = criterion.remediation
    plan = f"{remediation.action.get(lang)}\n" + t(
        "criterion.remediation_facts",
        lang,
        band=remediation.cost_band,
        weeks=remediation.duration_weeks,
        disruption=t(f"disruption.{remediation.disruption.value}", lang),
    )
    if remediation.outage_weeks is not None:
        plan += "\n" + t("criterion.outage", lang, weeks=remediation.outage_weeks)
    if remediation.affects:
        from tierassess.core.topology.kinds import kinds

        known = kinds()
        words = [known[k].label.get(lang, k) if k in known else k for k in remediation.affects]
        plan += " " + t("criterion.outage_affects", lang, kinds=", ".join(words))
    if remediation.depends_on:
        plan += "\n" + t("criterion.depends_on", lang, ids=", ".join(remediation.depends_on))
    parts.append(section("criterion.remediation", plan))
    if criterion.unverified:
        parts.append(section("criterion.unverified", criterion.unverified.get(lang)))
    title = Text(f"{criterion.id}  {criterion.title.get(lang)}", style="bold")
    return Group(Panel(Group(*parts), title=title, title_align="left"))
