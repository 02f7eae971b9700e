"""Where assessments, evidence and reports live.

A workspace is a folder holding ``checklists/`` (optional: the shipped catalogue is used when it is
absent), ``evidence/<site>/`` and ``output/``. The repository itself is one. Each site folder holds::

    assessment.yaml   the site profile and every answer (rewritten atomically on each change)
    evidence.yaml     metadata of every evidence file
    files/ab/<sha256> evidence files, stored by content
    plan.yaml         a project manager's overrides of the remediation plan
    audit.log         append-only, hash-chained log of every change
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tierassess.core.models import (
    Assessment,
    Checklist,
    EvidenceIndex,
    PlanOverrides,
    SiteProfile,
    utc_now,
)
from tierassess.errors import WorkspaceError
from tierassess.i18n import t
from tierassess.storage.catalogue import DEFAULT_CHECKLIST, catalogue_dir, load_checklist_cached
from tierassess.yamlio import atomic_write_text, load_model, model_to_yaml

ASSESSMENT_FILE = "assessment.yaml"
EVIDENCE_INDEX_FILE = "evidence.yaml"
PLAN_FILE = "plan.yaml"
AUDIT_LOG_FILE = "audit.log"
EVIDENCE_FILES_DIR = "files"

EVIDENCE_INDEX_HEADER = "tierassess evidence index: metadata of every stored file."
PLAN_HEADER = "Remediation plan overrides: owner, dates, cost, status."
_ASSESSMENT_HEADER = (
    "tierassess assessment: the site profile and every answer.\n"
    "Written by tierassess on every change; edit with care (tierassess validates it on load)."
)


@dataclass(frozen=True)
class Workspace:
    """A folder with the catalogue (``checklists/``), the sites (``evidence/``) and ``output/``."""

    root: Path

    @classmethod
    def at(cls, root: Path | str | None = None) -> Workspace:
        """The workspace at ``root``, else ``TIERASSESS_WORKSPACE``, else the current folder."""
        chosen = root or os.environ.get("TIERASSESS_WORKSPACE") or Path.cwd()
        return cls(Path(chosen).expanduser().resolve())

    @property
    def checklists_dir(self) -> Path:
        """The catalogue folder the workspace uses."""
        return catalogue_dir(self.root)

    @property
    def evidence_dir(self) -> Path:
        """The folder of the sites, one subfolder each."""
        return self.root / "evidence"

    @property
    def output_dir(self) -> Path:
        """The folder reports are written to by default."""
        return self.root / "output"

    def load_checklist(self, checklist_id: str | None = DEFAULT_CHECKLIST) -> Checklist:
        """The workspace's checklist (validated; cached while its files are unchanged)."""
        return load_checklist_cached(self.checklists_dir, checklist_id)

    def sites(self) -> list[str]:
        """Ids of the sites that have an assessment in this workspace."""
        if not self.evidence_dir.is_dir():
            return []
        return sorted(
            p.name for p in self.evidence_dir.iterdir() if (p / ASSESSMENT_FILE).is_file()
        )

    def resolve_site(self, site: str | None) -> str:
        """The site named, or the only one in the workspace when none is named."""
        known = self.sites()
        if site is not None:
            if site not in known:
                listing = ", ".join(known) or t("workspace.none_yet")
                raise WorkspaceError(
                    t("workspace.no_such_site", site=site, path=self.evidence_dir, sites=listing),
                    hint=t("workspace.create_it", site=site),
                )
            return site
        if len(known) == 1:
            return known[0]
        if not known:
            raise WorkspaceError(
                t("workspace.no_site", path=self.evidence_dir), hint=t("workspace.create_one")
            )
        raise WorkspaceError(t("workspace.several_sites", sites=", ".join(known)))

    def site_dir(self, site_id: str) -> Path:
        """The folder of site ``site_id``."""
        return self.evidence_dir / site_id

    def assessment_path(self, site_id: str) -> Path:
        """The site's assessment file."""
        return self.site_dir(site_id) / ASSESSMENT_FILE

    def load_assessment(self, site_id: str) -> Assessment:
        """The site's assessment; WorkspaceError when it has none."""
        from tierassess.storage.cache import cached_model

        path = self.assessment_path(site_id)
        if not path.is_file():
            raise WorkspaceError(t("workspace.no_assessment", path=path, site=site_id))
        try:
            content = path.read_bytes()
        except OSError:
            return load_model(path, Assessment)
        # Unchanged since its last clean load: not parsed and validated again (tierassess.storage.cache).
        assessment = cached_model(
            f"assessment-{site_id}", content, Assessment, lambda: load_model(path, Assessment)
        )
        if assessment.site.id != site_id:
            # A site is its folder: a copied folder, or an id edited by hand, must not send
            # writes (or a report's title) to another site.
            raise WorkspaceError(
                t("session.site_id_mismatch", path=path, found=assessment.site.id, site=site_id),
                hint=t("session.site_id_mismatch_hint", site=site_id),
            )
        return assessment

    def save_assessment(self, assessment: Assessment) -> Path:
        """Write the assessment file atomically, stamping ``updated_at``; no lock, no audit entry.

        Low level, for building fixtures and samples: changes to a site go through
        ``tierassess.storage.session.SiteSession.commit``.
        """
        assessment.updated_at = utc_now()
        path = self.assessment_path(assessment.site.id)
        atomic_write_text(path, model_to_yaml(assessment, _ASSESSMENT_HEADER))
        return path

    def create_site(self, profile: SiteProfile, checklist: Checklist) -> Assessment:
        """Create a site's folder and an empty assessment; refuses to overwrite an existing one."""
        path = self.assessment_path(profile.id)
        if path.exists():
            raise WorkspaceError(t("workspace.site_exists", path=path, site=profile.id))
        for folder in (self.site_dir(profile.id), self.output_dir):
            folder.mkdir(parents=True, exist_ok=True)
        assessment = Assessment(
            site=profile, checklist_id=checklist.id, checklist_version=checklist.version
        )
        self.save_assessment(assessment)
        return assessment

    def evidence_index_path(self, site_id: str) -> Path:
        """The site's evidence index file."""
        return self.site_dir(site_id) / EVIDENCE_INDEX_FILE

    def load_evidence_index(self, site_id: str) -> EvidenceIndex:
        """The site's evidence index (empty when it has none yet)."""
        path = self.evidence_index_path(site_id)
        return load_model(path, EvidenceIndex) if path.is_file() else EvidenceIndex()

    def save_evidence_index(self, site_id: str, index: EvidenceIndex) -> None:
        """Write the site's evidence index atomically."""
        atomic_write_text(
            self.evidence_index_path(site_id),
            model_to_yaml(index, EVIDENCE_INDEX_HEADER),
        )

    def evidence_file(self, site_id: str, sha256: str) -> Path:
        """Where the evidence file with this SHA-256 is stored."""
        return self.site_dir(site_id) / EVIDENCE_FILES_DIR / sha256[:2] / sha256

    def plan_path(self, site_id: str) -> Path:
        """The site's ``plan.yaml`` (the project manager's overrides)."""
        return self.site_dir(site_id) / PLAN_FILE

    def load_plan_overrides(self, site_id: str) -> PlanOverrides:
        """The site's plan overrides (none when it has no ``plan.yaml``)."""
        path = self.plan_path(site_id)
        return load_model(path, PlanOverrides) if path.is_file() else PlanOverrides()

    def save_plan_overrides(self, site_id: str, overrides: PlanOverrides) -> None:
        """Write the site's ``plan.yaml`` atomically."""
        atomic_write_text(
            self.plan_path(site_id),
            model_to_yaml(overrides, PLAN_HEADER),
        )

    def audit_log_path(self, site_id: str) -> Path:
        """The site's audit log file."""
        return self.site_dir(site_id) / AUDIT_LOG_FILE
