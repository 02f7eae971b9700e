"""Scoring 50 sites against the full catalogue must take under 1 s (score_many, one pass).

The sites are synthetic: varied profiles (cooling technology, generators, coastal...), answers
drawn for every applicable criterion (mostly met, some partial, not met, unanswered, not
applicable; measured criteria get a value), and evidence items of random kind and age linked to
most criteria. Building them is not timed; scoring is, best of several runs after a warm-up. The
target is on wall-clock time; CPU time is printed too, since a busy machine inflates the former.
The remediation plans of the 50 sites are timed too, for information.
Run: python benchmarks/bench_scoring.py   (exit 1 when the target is missed)
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tierassess.core.models import (
    Answer,
    Assessment,
    Checklist,
    CoolingTechnology,
    EvidenceIndex,
    EvidenceItem,
    EvidenceKind,
    MeasuredAnswer,
    PlanOverrides,
    Result,
    ScoringSettings,
    SiteProfile,
)
from tierassess.core.planning import build_plan
from tierassess.core.scoring import score_many
from tierassess.storage.catalogue import catalogue_dir, load_checklist

SITES = 50
RUNS = 7
TARGET_SECONDS = 1.0
AS_OF = date(2026, 6, 1)
REPO = Path(__file__).resolve().parent.parent


def synthetic_site(
    checklist: Checklist, number: int, rnd: random.Random
) -> tuple[Assessment, EvidenceIndex]:
    profile = SiteProfile(
        id=f"site-{number:02d}",
        name=f"Synthetic site {number}",
        operator="Benchmark",
        address="Quảng Ngãi",
        cooling_technology=rnd.choice(list(CoolingTechnology)),
        design_it_load_kw=rnd.choice([80, 200, 500, 1500]),
        has_generators=rnd.random() < 0.9,
        has_raised_floor=rnd.random() < 0.7,
        gaseous_suppression=rnd.random() < 0.8,
        shared_building=rnd.random() < 0.3,
        coastal=rnd.random() < 0.5,
    )
    answers: dict[str, Answer] = {}
    items: list[EvidenceItem] = []
    for criterion in checklist.applicable(profile):
        result = rnd.choices(
            [
                Result.MET,
                Result.PARTIAL,
                Result.NOT_MET,
                Result.NOT_ASSESSED,
                Result.NOT_APPLICABLE,
            ],
            weights=[60, 12, 12, 11, 5],
        )[0]
        if result is Result.NOT_ASSESSED:
            continue
        value = None
        if isinstance(criterion.answer, MeasuredAnswer):
            value = criterion.answer.threshold * rnd.uniform(0.5, 1.5)
        evidence = []
        if criterion.evidence and rnd.random() < 0.8:
            sha = f"{rnd.getrandbits(256):064x}"
            evidence.append(sha)
            items.append(
                EvidenceItem(
                    sha256=sha,
                    original_name="photo.jpg",
                    media_type="image/jpeg",
                    size=1000,
                    kind=rnd.choice([*EvidenceKind, None]),
                    captured_at=AS_OF - timedelta(days=rnd.randint(0, 900)),
                    added_at=datetime(2026, 1, 1, tzinfo=UTC),
                    added_by="bench",
                    criteria=[criterion.id] if rnd.random() < 0.5 else [],
                )
            )
        answers[criterion.id] = Answer(
            result=result,
            value=value,
            evidence=evidence,
            justification="not here" if result is Result.NOT_APPLICABLE else None,
        )
    assessment = Assessment(
        site=profile,
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        answers=answers,
    )
    return assessment, EvidenceIndex(items=items)


def main() -> int:
    checklist = load_checklist(catalogue_dir(REPO), "tier3")
    rnd = random.Random(2025)
    sites = [synthetic_site(checklist, n, rnd) for n in range(SITES)]
    settings = ScoringSettings(as_of=AS_OF)
    score_many(checklist, sites[:2], settings)  # warm-up: imports pandas, builds caches
    times, cpu_times = [], []
    for _ in range(RUNS):
        started, cpu_started = time.perf_counter(), time.process_time()
        cards = score_many(checklist, sites, settings)
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    best = min(times)
    started = time.perf_counter()
    for (assessment, _), card in zip(sites, cards, strict=True):
        build_plan(checklist, assessment, card, PlanOverrides())
    planning = time.perf_counter() - started
    answered = sum(len(a.answers) for a, _ in sites)
    tiers = sorted({c.facility_tier for c in cards})
    print(f"catalogue:               {len(checklist.criteria)} criteria")
    print(f"sites:                   {SITES} ({answered} answers, facility tiers seen {tiers})")
    print(
        f"score_many, best of {RUNS}:  {best * 1000:7.1f} ms (target < {TARGET_SECONDS * 1000:.0f} ms)"
    )
    print(f"CPU time, best of {RUNS}:   {min(cpu_times) * 1000:7.1f} ms")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    if load > (os.cpu_count() or 1):
        print(f"note: load average {load:.1f} on {os.cpu_count()} cores; wall times are inflated")
    print(f"build_plan x {SITES}:         {planning * 1000:7.1f} ms (for information)")
    ok = best < TARGET_SECONDS
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
