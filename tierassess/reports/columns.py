"""Spreadsheets, the tables: which columns each sheet and CSV file has, and how a row fills them.

One definition serves both writers: the XLSX shows ``value`` (labels in the reader's language)
under a localised header; the CSV writes ``raw`` (ids, booleans, plain numbers) under the stable
English ``key``. The column lists below are table-like data: long, and clearer kept whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from tierassess.i18n import t
from tierassess.reports.data import ReportData

MONEY = "#,##0"
PERCENT = "0%"


@dataclass(frozen=True)
class Column:
    """One column of a table: its stable key (CSV header), its label key, and how to read a row.

    ``value`` gives what a person sees (labels, localised); ``raw`` what a script wants (ids,
    booleans, plain numbers), defaulting to ``value``.
    """

    key: str
    label: str
    value: Callable[[Any], Any]
    width: float = 14
    number_format: str | None = None
    raw: Callable[[Any], Any] | None = None
    wrap: bool = False


@dataclass(frozen=True)
class Sheet:
    """One table: its sheet name's key, the CSV file's stem, its columns and rows."""

    name_key: str
    stem: str
    columns: Sequence[Column]
    rows: Sequence[Any]
    freeze: str = "B2"


def yes_no(lang: str) -> Callable[[bool], str]:
    """A flag as the reader reads it ("có" / "không")."""
    return lambda flag: t("report.sheet.yes" if flag else "report.sheet.no", lang)


def date_format(lang: str) -> str:
    """The spreadsheet date format a reader of ``lang`` expects."""
    return "dd/mm/yyyy" if lang == "vi" else "yyyy-mm-dd"


def _field(
    key: str, label: str, width: float, fmt: str | None = None, wrap: bool = False
) -> Column:
    """A column showing the row's attribute ``key`` as it is."""
    return Column(key, f"report.col.{label}", attrgetter(key), width, fmt, wrap=wrap)


def _labelled(key: str, label: str, width: float) -> Column:
    """A column showing the label ``key``; scripts get the id beside it (``key_id``)."""
    return Column(key, f"report.col.{label}", attrgetter(key), width, raw=attrgetter(f"{key}_id"))


def _flag(key: str, label: str, width: float, lang: str) -> Column:
    """A yes/no column; scripts get the boolean."""
    words, flag = yes_no(lang), attrgetter(key)
    return Column(key, f"report.col.{label}", lambda r: words(flag(r)), width, raw=flag)


def _listed(key: str, label: str, width: float, wrap: bool = False) -> Column:
    """A column of ids joined by commas."""
    ids = attrgetter(key)
    return Column(key, f"report.col.{label}", lambda r: ", ".join(ids(r)), width, wrap=wrap)


def scorecard_columns(lang: str) -> list[Column]:
    """One row per applicable criterion, as scored."""
    return [
        _field("criterion_id", "id", 13),
        _field("title", "criterion", 48, wrap=True),
        _labelled("domain", "domain", 22),
        _labelled("subsystem", "subsystem", 18),
        _field("min_tier", "min_tier", 9),
        _labelled("severity", "severity", 12),
        _flag("must_pass", "must_pass", 9, lang),
        _field("weight", "weight", 8, "0.0"),
        _labelled("result", "result", 14),
        _field("value", "value", 10),
        _labelled("unit", "unit", 9),
        _field("compliance", "compliance", 10, PERCENT),
        _labelled("evidence_status", "evidence", 12),
        _labelled("review", "review", 14),
        _flag("counts_as_met", "counts_as_met", 10, lang),
        _flag("unverified", "unverified", 10, lang),
        _field("gap_score", "gap_score", 10, "0.00"),
        _labelled("not_judged", "not_judged", 22),
    ]


def gap_columns(lang: str) -> list[Column]:
    """One row per gap, with the action that closes it."""
    return [
        _field("criterion_id", "id", 13),
        _field("title", "criterion", 44, wrap=True),
        Column("domain", "report.col.domain_code", attrgetter("domain_id"), 16),
        _labelled("severity", "severity", 12),
        _flag("must_pass", "must_pass", 9, lang),
        _labelled("result", "result", 14),
        _labelled("evidence_status", "evidence", 12),
        _labelled("review", "review", 14),
        _field("gap_score", "gap_score", 10, "0.00"),
        _field("action_id", "action_id", 16),
        _field("action", "action", 50, wrap=True),
    ]


def plan_columns(lang: str) -> list[Column]:
    """One row per task: the province's appendix columns, then what a planner tracks."""
    day = date_format(lang)
    return [
        Column("number", "report.col.no", attrgetter("number"), 6),
        _field("task", "task", 50, wrap=True),
        Column("lead_unit", "report.col.lead", attrgetter("lead_unit"), 28, wrap=True),
        Column(
            "coordinating_unit",
            "report.col.coordinating",
            attrgetter("coordinating_unit"),
            28,
            wrap=True,
        ),
        _field("timeframe", "timeframe", 16),
        _field("priority", "priority", 8),
        Column("cost_min_vnd", "report.col.cost_min", attrgetter("cost_min_vnd"), 16, MONEY),
        Column("cost_max_vnd", "report.col.cost_max", attrgetter("cost_max_vnd"), 16, MONEY),
        _field("start", "start", 12, day),
        _field("end", "end", 12, day),
        _labelled("status", "status", 16),
        _field("action_id", "action_id", 16),
        Column("criterion_id", "report.col.id", attrgetter("criterion_id"), 13),
        Column("domain", "report.col.domain_code", attrgetter("domain_id"), 16),
        _labelled("disruption", "disruption", 22),
        _field("outage_start", "outage_start", 12, day),
        _field("outage_end", "outage_end", 12, day),
        _listed("depends_on", "depends_on", 18),
    ]


def evidence_columns(lang: str) -> list[Column]:
    """One row per stored evidence file."""
    return [
        _field("file", "file", 36, wrap=True),
        Column("sha256", "report.col.sha_full", attrgetter("sha256"), 66),
        _labelled("kind", "kind", 16),
        _listed("criteria", "criteria", 30, wrap=True),
        Column(
            "captured_at", "report.col.captured", attrgetter("captured_at"), 12, date_format(lang)
        ),
        _labelled("review", "review", 16),
        _flag("sample", "sample", 9, lang),
    ]


def tables(data: ReportData) -> list[Sheet]:
    """The tables shared by the XLSX sheets and the CSV files."""
    lang = data.meta.lang
    return [
        Sheet("report.sheet.scorecard", "scorecard", scorecard_columns(lang), data.criteria),
        Sheet("report.sheet.gaps", "gaps", gap_columns(lang), data.gaps),
        Sheet("report.sheet.plan", "plan", plan_columns(lang), data.plan_rows, freeze="C2"),
        Sheet("report.sheet.evidence", "evidence", evidence_columns(lang), data.evidence),
    ]
