"""Build the sample site's two snapshots: a baseline and a re-assessment six months later.

Both are dated before the shipped sample's last update, the day its report is as of, so that the
report's progress shows three points on three days: the baseline, the re-assessment and the
report's own state. The sample is rebuilt from time to time and its dates follow the build, so
every date of a snapshot's state (answers, reviews, evidence) is moved back with the snapshot: a
snapshot cannot predate its evidence, and a review counts only from its date.

The re-assessment is the shipped site half a year before its last update. The baseline is the same
site a year before that update, as this illustrative story has it: eight criteria that the
province closed since were still open (among them the second access provider, TEL-AP-01), and
one criterion that has since slipped was met (CMT-PRG-05: no IT shutdown for maintenance yet).
Nothing here is a real facility.

Run from the repository root after build_sample_site.py:  python scripts/build_sample_snapshots.py
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from tierassess.core.models import (
    Answer,
    Assessment,
    EvidenceIndex,
    PlanOverrides,
    Result,
    ScoringSettings,
)
from tierassess.core.topology.verdict import with_computed_answers
from tierassess.storage.snapshots import save_snapshot, snapshots_dir, take_snapshot
from tierassess.storage.workspace import Workspace

SITE_ID = "sample-provincial-dc"
YEAR = timedelta(days=365)
HALF_YEAR = timedelta(days=183)
CLOSED_DURING_THE_YEAR = (
    "TEL-AP-01",
    "TEL-NET-02",
    "FIR-DET-02",
    "SEC-CCTV-01",
    "MON-ALM-03",
    "CLG-LEAK-01",
    "PWR-EPO-01",
    "MON-PWR-02",
)
MET_AT_BASELINE = {"CMT-PRG-05": 0.0}


def _earlier(answer: Answer, by: timedelta) -> Answer:
    review = answer.review
    if review is not None:
        review = review.model_copy(update={"at": review.at - by})
    when = answer.answered_at - by if answer.answered_at else None
    return answer.model_copy(update={"review": review, "answered_at": when})


def moved_back(
    assessment: Assessment, index: EvidenceIndex, by: timedelta
) -> tuple[Assessment, EvidenceIndex]:
    """The site's state with every date in it moved ``by`` earlier."""
    answers = {key: _earlier(answer, by) for key, answer in assessment.answers.items()}
    items = [
        item.model_copy(
            update={
                "added_at": item.added_at - by,
                "captured_at": item.captured_at - by if item.captured_at else None,
            }
        )
        for item in index.items
    ]
    earlier = assessment.model_copy(
        update={
            "answers": answers,
            "created_at": assessment.created_at - by,
            "updated_at": assessment.updated_at - by,
        }
    )
    return earlier, index.model_copy(update={"items": items})


def baseline_inputs(
    assessment: Assessment, index: EvidenceIndex
) -> tuple[Assessment, EvidenceIndex]:
    """The site as the story has it a year before the shipped state."""
    earlier, earlier_index = moved_back(assessment, index, YEAR)
    answers = dict(earlier.answers)
    for criterion_id in CLOSED_DURING_THE_YEAR:
        answers[criterion_id] = answers[criterion_id].model_copy(
            update={"result": Result.NOT_MET, "value": None, "choice": None}
        )
    for criterion_id, value in MET_AT_BASELINE.items():
        answers[criterion_id] = answers[criterion_id].model_copy(
            update={"result": Result.MET, "value": value}
        )
    return earlier.model_copy(update={"answers": answers}), earlier_index


def build(workspace: Workspace) -> list[Path]:
    """Write both snapshots (replacing any kept before) and return their paths."""
    assessment = workspace.load_assessment(SITE_ID)
    checklist = workspace.load_checklist(assessment.checklist_id)
    index = workspace.load_evidence_index(SITE_ID)
    # the answers `score` gives: the criteria the topology model decides are computed
    assessment, index, computed = with_computed_answers(
        workspace.site_dir(SITE_ID), checklist, assessment, index
    )
    topology = computed.model if computed else None  # the route as `route` finds it
    folder = snapshots_dir(workspace.site_dir(SITE_ID))
    shutil.rmtree(folder, ignore_errors=True)
    later_day = assessment.updated_at.date()
    later_at = datetime.combine(later_day, time(9), tzinfo=UTC)
    old_assessment, old_index = baseline_inputs(assessment, index)
    baseline = take_snapshot(
        checklist,
        old_assessment,
        old_index,
        PlanOverrides(),  # the project manager had set nothing yet
        ScoringSettings(as_of=later_day - YEAR),
        taken_at=later_at - YEAR,
        note="Đánh giá ban đầu (mẫu) / Baseline assessment (sample)",
        topology=topology,
    )
    later_assessment, later_index = moved_back(assessment, index, HALF_YEAR)
    later = take_snapshot(
        checklist,
        later_assessment,
        later_index,
        workspace.load_plan_overrides(SITE_ID),
        ScoringSettings(as_of=later_day - HALF_YEAR),
        taken_at=later_at - HALF_YEAR,
        note="Đánh giá lại sau sáu tháng (mẫu) / Re-assessment six months later (sample)",
        topology=topology,
    )
    site_dir = workspace.site_dir(SITE_ID)
    return [save_snapshot(site_dir, baseline), save_snapshot(site_dir, later)]


if __name__ == "__main__":
    for path in build(Workspace.at(Path(__file__).resolve().parent.parent)):
        print(path)
