"""``apply_change``: what a remediation action does to the model, and the verdict after it."""

from __future__ import annotations

import pytest
import yaml
from topology_support import BASE_2N, check, model

from tierassess.core.topology import ModelChange, apply_change
from tierassess.errors import FileProblems

SECOND_UNIT = """
remove_connections:
  - {from: MB-A, to: CU-1}
add_elements:
  - {id: CU-4, kind: cooling_unit, capacity_kw: 150, power_kw: 40}
add_connections:
  - {from: MB-A, to: [CU-1, CU-4]}
  - {from: CU-4, to: HALL}
"""


def test_a_change_gives_a_new_model_and_leaves_the_old_one() -> None:
    before = model()
    after = apply_change(before, ModelChange.model_validate(yaml.safe_load(SECOND_UNIT)))
    assert before.element("CU-4") is None and after.element("CU-4") is not None
    assert before.digest() != after.digest()
    groups = {g.stage: g for g in check(after).capacity}
    assert groups["cooling_unit"].redundancy == "N+2"


def test_the_verdict_after_an_action_is_computed() -> None:
    broken = apply_change(model(), ModelChange(remove_elements=["CU-3", "ATS-M"]))
    assert check(broken).site_tier == 1
    fixed = apply_change(broken, ModelChange.model_validate(yaml.safe_load(SECOND_UNIT)))
    report = check(fixed)
    # CU-1 and CU-4 both hang on board A: the unit count is back, the board is not.
    assert report.rule("R1").status.value == "not_met"
    assert "G-A" in report.rule("R1").elements


def test_update_sets_and_clears_fields() -> None:
    change = ModelChange(update_elements=[{"id": "G-A", "rating_kw": 900, "name": "Gen A"}])
    after = apply_change(model(), change)
    generator = after.element("G-A")
    assert generator is not None and generator.rating_kw == 900 and generator.name == "Gen A"
    cleared = apply_change(after, ModelChange(update_elements=[{"id": "G-A", "name": None}]))
    assert cleared.element("G-A").name is None  # type: ignore[union-attr]


def test_a_bad_change_lists_every_problem() -> None:
    change = ModelChange.model_validate(
        {
            "remove_elements": ["NOPE"],
            "remove_connections": [{"from": "G-A", "to": "MSB-B"}],
            "update_elements": [{"id": "G-A", "rating_kw": -1}, {"id": "GHOST"}],
        }
    )
    with pytest.raises(FileProblems) as caught:
        apply_change(model(), change, origin="action PWR-GEN-01")
    text = "\n".join(caught.value.lines())
    assert "action PWR-GEN-01: remove_connections[0]: no such connection" in text
    assert "remove_elements[0]: no element NOPE" in text
    assert "update_elements[0].rating_kw: must be greater than 0" in text
    assert "update_elements[1].id: no element GHOST" in text


def test_removing_an_element_that_others_need_is_refused() -> None:
    with pytest.raises(FileProblems) as caught:
        apply_change(model(), ModelChange(remove_elements=["HALL"]))
    assert "elements[29].room: no room with id HALL" in caught.value.lines()[0]


def test_removing_a_connection_by_medium_keeps_the_others() -> None:
    after = apply_change(
        model(),
        ModelChange.model_validate(
            {"remove_connections": [{"from": "UPSBUS-A", "to": "PDU-A1", "medium": "electrical"}]}
        ),
    )
    targets = [t for c in after.connections if c.source == "UPSBUS-A" for t in c.to]
    assert targets == ["PDU-A2"]
    assert BASE_2N  # the base text itself is untouched
