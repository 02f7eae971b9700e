"""From a site in a workspace to report files: load, score, plan, gather, write.

``export_reports`` is what ``tierassess report`` calls. It reads nothing but the workspace and
writes nothing but the report files (atomically), so running it twice with the same inputs and
``as_of`` gives the same PDF, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tierassess.errors import InputError, os_reason
from tierassess.i18n import t
from tierassess.reports.data import ReportData
from tierassess.storage.workspace import Workspace

if TYPE_CHECKING:
    from tierassess.core.models import Assessment, Checklist, RemediationPlan, Scorecard
    from tierassess.core.route import Route

FORMATS = ("pdf", "xlsx", "csv", "json")
LAYOUTS = ("standard", "administrative")

Step = Callable[[str], None]


@dataclass(frozen=True)
class ReportOptions:
    """What to write and how; ``None`` means the site's or the workspace's default."""

    lang: str | None = None
    formats: Sequence[str] = ("pdf",)
    layout: str = "standard"
    output_dir: Path | None = None
    as_of: date | None = None
    admin_info: Path | None = None
    budget_per_year_vnd: int | None = None  # None: the site profile's budget, if any


def _quiet(_step: str) -> None:
    return None


def prepare_report_data(
    workspace: Workspace,
    site_id: str,
    lang: str | None = None,
    as_of: date | None = None,
    step: Step = _quiet,
    budget_per_year_vnd: int | None = None,
) -> ReportData:
    """Load and score the site (the as-of rule of ``tierassess.storage.site``), plan, and gather."""
    from tierassess.core.route import plan_with_route
    from tierassess.reports.data import gather_report_data
    from tierassess.storage.site import load_scored_site

    step("load")
    step("score")
    site = load_scored_site(workspace, site_id, as_of=as_of)
    step("plan")
    # the cheapest route's actions are marked and, under a yearly budget, funded first
    plan, route = plan_with_route(
        site.checklist,
        site.assessment,
        site.scorecard,
        site.overrides,
        budget_per_year_vnd,
        site.topology,
    )
    chosen = lang or site.assessment.site.report_language.value
    data = gather_report_data(
        site.checklist, site.assessment, site.evidence, site.scorecard, plan, lang=chosen
    )
    from tierassess.reports.integrity import integrity_notes

    data.integrity = integrity_notes(workspace, site_id, site.evidence, site.scorecard, chosen)
    if site.computed is not None:
        from tierassess.reports.topology_section import section_of

        data.topology = section_of(site.checklist, site.computed, site.assessment.site.name, chosen)
    return _add_route_and_progress(
        data,
        workspace.site_dir(site_id),
        site.checklist,
        site.assessment,
        site.scorecard,
        plan,
        route,
    )


def _add_route_and_progress(
    data: ReportData,
    site_dir: Path,
    checklist: Checklist,
    assessment: Assessment,
    scorecard: Scorecard,
    plan: RemediationPlan,
    route: Route,
) -> ReportData:
    """``data`` with the route beside the full plan, and progress when the site has snapshots.

    Snapshots are read from ``site_dir``; the report's own state is the last point.
    """
    from tierassess.core.route import mark_plan
    from tierassess.reports.progress import gather_progress, route_summary
    from tierassess.storage.snapshots import list_snapshots, snapshot_of

    lang = data.meta.lang
    data.route = route_summary(checklist, route, plan, lang)
    snapshots = list_snapshots(site_dir)
    if snapshots:
        now = snapshot_of(checklist, assessment, scorecard, mark_plan(plan, route), route)
        data.progress = gather_progress(checklist, snapshots, now, lang)
    return data


def load_admin_document(path: Path | None) -> object:
    """The administrative document's details from a YAML file (all fields optional)."""
    from tierassess.reports.admin import AdminDocument
    from tierassess.yamlio import load_model

    if path is None:
        return AdminDocument()
    return load_model(path, AdminDocument)


def file_stem(data: ReportData) -> str:
    return data.meta.site_id


def write_reports(
    data: ReportData,
    options: ReportOptions,
    output_dir: Path,
    step: Step = _quiet,
) -> list[Path]:
    """Write the chosen formats of an already gathered report; return the paths written."""
    from tierassess.yamlio import atomic_write_bytes

    unknown = [f for f in options.formats if f not in FORMATS]
    if unknown:
        raise InputError(t("report.cli.problem.unknown_formats", formats=", ".join(unknown)))
    if options.layout not in LAYOUTS:
        raise InputError(
            t(
                "report.cli.problem.unknown_layout",
                layout=repr(options.layout),
                known=", ".join(LAYOUTS),
            )
        )
    if options.admin_info is not None and options.layout != "administrative":
        raise InputError(t("report.cli.admin_only"))
    lang = data.meta.lang
    stem = file_stem(data)
    written: list[Path] = []
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        if "pdf" in options.formats:
            step("pdf")
            from tierassess.reports.pdf import render_pdf

            admin = (
                load_admin_document(options.admin_info)
                if options.layout == "administrative"
                else None
            )
            name = (
                f"{stem}-plan-administrative-{lang}.pdf"
                if options.layout == "administrative"
                else f"{stem}-report-{lang}.pdf"
            )
            path = output_dir / name
            atomic_write_bytes(path, render_pdf(data, options.layout, admin))
            written.append(path)
        if "xlsx" in options.formats:
            step("xlsx")
            from tierassess.reports.sheets import write_xlsx

            written.append(write_xlsx(data, output_dir / f"{stem}-report-{lang}.xlsx"))
        if "csv" in options.formats:
            step("csv")
            from tierassess.reports.sheets import write_csvs

            written += write_csvs(data, output_dir, f"{stem}-{lang}")
        if "json" in options.formats:
            step("json")
            from tierassess.reports.sheets import write_json

            written.append(write_json(data, output_dir / f"{stem}-report-{lang}.json"))
    except OSError as exc:
        where = exc.filename or output_dir
        raise InputError(
            t("report.cli.cannot_write", path=where, reason=os_reason(exc)),
            hint=t("report.cli.problem.other_folder"),
        ) from exc
    return written


def export_reports(
    workspace: Workspace,
    site: str | None,
    options: ReportOptions,
    step: Step = _quiet,
) -> list[Path]:
    """Score and plan a site, then write its reports; the one call behind ``tierassess report``."""
    site_id = workspace.resolve_site(site)
    data = prepare_report_data(
        workspace, site_id, options.lang, options.as_of, step, options.budget_per_year_vnd
    )
    return write_reports(data, options, options.output_dir or workspace.output_dir, step)


__all__ = [
    "FORMATS",
    "LAYOUTS",
    "ReportOptions",
    "export_reports",
    "prepare_report_data",
    "write_reports",
]
