"""Integrity: the Vietnamese legal list asks for the declaration of conformity (Circular 23/2022).

Facts sheet section 4: Circular 03/2013/TT-BTTTT sets the scope [C]; Circular 23/2022/TT-BTTTT
Annex I is the template "Bản công bố phù hợp tiêu chuẩn" [C]; the minimum level it requires of a
provincial data centre is unverified.
"""

from __future__ import annotations

from pathlib import Path

from tierassess.core.models import ChoiceAnswer, Result
from tierassess.storage.catalogue import load_checklist

REPO = Path(__file__).resolve().parents[1]


def test_the_declaration_of_conformity_blocks_the_legal_list_and_says_what_is_unconfirmed() -> None:
    checklist = load_checklist(REPO / "checklists")
    criterion = next(c for c in checklist.criteria if c.id == "SIT-CONF-01")
    rules = {rule.yardstick: rule for rule in criterion.counts_for}
    assert set(rules) == {"vn-legal"}
    assert rules["vn-legal"].must_pass and not rules["vn-legal"].verified
    assert "Bản công bố phù hợp tiêu chuẩn" in criterion.requirement.vi
    assert "23/2022" in criterion.requirement.en and "03/2013" in criterion.requirement.en
    assert {(r.standard, r.verified) for r in criterion.references} == {
        ("tt-03-2013", True),
        ("tt-03-2013", False),
    }
    assert criterion.unverified is not None and "Art. 3–4" in criterion.unverified.en
    assert isinstance(criterion.answer, ChoiceAnswer)
    assert [o.result for o in criterion.answer.options] == [
        Result.MET,
        Result.PARTIAL,
        Result.NOT_MET,
    ]
