"""The route per yardstick (``--standard``): each yardstick's blockers are its requirements.

Uses the small four-yardstick catalogue of test_yardsticks, priced with test_scoring's bands
(every action there is band S: 100-300 million VND, expected 200).
"""

from __future__ import annotations

import pytest
from test_scoring import PLANNING
from test_yardsticks import AS_OF, CHECKLIST, LEGAL, OS, TIA, TOPO, site, with_answers

from tierassess.core.models import EvidenceIndex, ScoringSettings
from tierassess.core.route import route_for_site
from tierassess.errors import InputError

M = 1_000_000
PRICED = CHECKLIST.model_copy(update={"planning": PLANNING})
# Topology misses PWR-DIST-01; TIA also misses a second carrier; OS misses staff
GAPS = with_answers(
    PWR_DIST_01={"result": "not_met"},
    TEL_AP_01={"result": "not_met", "value": 1},
    OPS_STF_01={"result": "not_met", "value": 1},
)


def route(answers: dict[str, dict[str, object]], standard: str | None = None) -> object:
    found, _, _ = route_for_site(
        PRICED, site(answers), EvidenceIndex(), ScoringSettings(as_of=AS_OF), None, standard
    )
    return found


def test_the_primary_yardstick_by_default_and_the_others_on_top() -> None:
    found = route(GAPS)
    assert found.standard == TOPO
    assert [s.id for s in found.steps] == ["PWR-DIST-01"]  # carriers and staff are not Topology
    assert found.cost_expected_vnd == 200 * M
    on_top = {(m.standard, m.target_tier): [s.id for s in m.steps] for m in found.marginal}
    assert on_top[(TIA, 3)] == ["TEL-AP-01"]  # PWR-DIST-01 is already funded by the route
    assert on_top[(OS, 3)] == ["OPS-STF-01"]
    assert on_top[(LEGAL, 3)] == []
    assert (TOPO, 4) in on_top  # the next tier of the chosen yardstick


def test_another_yardstick_chosen_with_standard() -> None:
    found = route(GAPS, TIA)
    assert found.standard == TIA
    assert [s.id for s in found.steps] == ["PWR-DIST-01", "TEL-AP-01"]
    assert found.cost_expected_vnd == 400 * M


def test_a_pass_fail_list_has_no_next_tier_and_an_unanswered_item_is_to_assess() -> None:
    answers = {k: v for k, v in GAPS.items() if k != "FIR-ACC-01"}
    found = route(answers, LEGAL)
    assert found.steps == [] and found.to_assess == ["FIR-ACC-01"]
    assert all(m.standard != LEGAL for m in found.marginal)


def test_an_unknown_yardstick_names_the_known_ones() -> None:
    with pytest.raises(InputError, match=r"known: topology, operations-os, tia, legal"):
        route(GAPS, "nope")
