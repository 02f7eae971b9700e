"""A kind of answer is one class: defined here inline, it is loaded, accepted, scored, described
and offered by the questionnaire without a change to any other module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar, Literal

import pytest
from pydantic import Field

from tierassess.cli.interactive.render_text import answer_kind_text
from tierassess.core.models import (
    AcceptedAnswer,
    Answer,
    AnswerEntry,
    AnswerKind,
    Assessment,
    Checklist,
    ChoiceAnswer,
    CoolingTechnology,
    EvidenceIndex,
    LevelThreshold,
    LocalizedText,
    MeasuredAnswer,
    MenuChoice,
    Result,
    SiteProfile,
    UnitNames,
    YesNoAnswer,
    json_schema_for_catalogue_file,
)
from tierassess.core.models.answer_entry import answer_error, given
from tierassess.core.quantities import QuantityError
from tierassess.core.scoring.card import score_assessment
from tierassess.core.scoring.yardsticks import level_result
from tierassess.errors import CatalogueError
from tierassess.formats import parse_number
from tierassess.i18n import t
from tierassess.storage.catalogue import load_checklist
from tierassess.storage.trusted import construct

HEADER = """\
kind: checklist
id: mini
version: "1.0"
title: {vi: Bộ tiêu chí nhỏ, en: Mini checklist}
disclaimer: {vi: Không phải chứng nhận., en: Not a certification.}
standards:
  - {id: std, publisher: Someone, title: {vi: Tiêu chuẩn, en: Standard}}
subsystems:
  - {id: electrical, title: {vi: Điện, en: Electrical}}
domains:
  - {id: power, code: PWR, title: {vi: Điện, en: Power}}
"""

CRITERIA = """\
kind: criteria
checklist: mini
criteria:
  - id: PWR-BAT-01
    domain: power
    subsystem: electrical
    min_tier: 3
    title: {vi: Pin còn tốt, en: Battery health}
    requirement: {vi: Dung lượng pin đạt yêu cầu, en: Battery capacity is sufficient}
    guidance: {vi: Đo dung lượng, en: Measure the capacity}
    answer: {answer}
    severity: major
    references: [{standard: std, clause: '1.2'}]
    remediation: {action: {vi: Thay pin, en: Replace batteries}, cost_band: S, duration_weeks: 4}
"""


class PercentAnswer(AnswerKind):
    """A share of something, in percent, that must reach a floor (a partial floor below it)."""

    kind: Literal["percent"] = "percent"
    result_from_entry: ClassVar[bool] = True
    at_least: float = Field(ge=0, le=100)
    partial_from: float | None = Field(default=None, ge=0, le=100)

    def _judge(self, value: float) -> Result:
        if value >= self.at_least:
            return Result.MET
        if self.partial_from is not None and value >= self.partial_from:
            return Result.PARTIAL
        return Result.NOT_MET

    def _read(self, text: str, convention: str | None) -> float:
        try:
            value = parse_number(text.strip().removesuffix("%").strip(), convention)
        except ValueError as exc:
            raise QuantityError("value", str(exc)) from None
        if not 0 <= value <= 100:
            raise answer_error("value", "assess.err.too_large", value=text, max="100", unit="%")
        return value

    def accept(self, entry: AnswerEntry, profile: SiteProfile | None = None) -> AcceptedAnswer:
        if entry.choice:
            raise answer_error("choice", "assess.err.no_choice_here")
        if entry.value is None or not given(entry.value):
            raise answer_error("value", "assess.err.value_required", unit="%")
        value = self._read(str(entry.value), entry.convention)
        return AcceptedAnswer(self._judge(value), value=value, unit="%")

    def typed_readings(self, text: str, units: UnitNames, lang: str) -> dict[str, float]:
        return {lang: self._read(text, lang)}

    def earned(self, answer: Answer, profile: SiteProfile | None = None) -> Result:
        if answer.result is Result.NOT_APPLICABLE or answer.value is None:
            return answer.result
        return self._judge(answer.value)

    def earned_at_level(self, answer: Answer, result: Result, level: LevelThreshold) -> Result:
        if level.threshold is None or answer.value is None:
            return result
        return Result.MET if answer.value >= level.threshold else Result.NOT_MET

    def check_level(self, where: str, level: LevelThreshold) -> None:
        if level.met_options is not None:
            raise ValueError(f"{where}: 'met_options' needs a choice answer")

    @property
    def answer_unit(self) -> str | None:
        return "%"

    def spec_text(self, units: UnitNames, lang: str) -> str:
        return LocalizedText(
            vi=f"tỷ lệ phần trăm: ≥ {self.at_least:g} %",
            en=f"percentage: ≥ {self.at_least:g} %",
        ).get(lang)

    def menu_choices(self, units: UnitNames, lang: str) -> list[MenuChoice]:
        return [MenuChoice(t("assess.q.enter_value", lang, unit="%"), "value", None)]


# Defining the class registered it; it is known only inside the tests that ask for it, so that no
# other test (the committed JSON Schema, the catalogue's errors) sees it.
AnswerKind.unregister("percent")


@pytest.fixture
def percent_kind() -> Iterator[type[PercentAnswer]]:
    PercentAnswer.register()
    yield PercentAnswer
    AnswerKind.unregister("percent")


def _checklist(folder: Path, answer: str) -> Checklist:
    folder.mkdir()
    (folder / "mini.yaml").write_text(HEADER, encoding="utf-8")
    (folder / "criteria.yaml").write_text(CRITERIA.replace("{answer}", answer), encoding="utf-8")
    return load_checklist(folder)


def _site() -> SiteProfile:
    return SiteProfile(
        id="x",
        name="x",
        operator="x",
        address="x",
        cooling_technology=CoolingTechnology.DX_AIR_COOLED,
        design_it_load_kw=100,
    )


def test_a_new_kind_is_loaded_from_the_catalogue_by_its_kind(
    tmp_path: Path, percent_kind: type[PercentAnswer]
) -> None:
    checklist = _checklist(tmp_path / "c", "{kind: percent, at_least: 90, partial_from: 80}")
    spec = checklist.criteria[0].answer
    assert isinstance(spec, percent_kind)
    assert (spec.at_least, spec.partial_from) == (90, 80)
    # the cache's trusted rebuild gives the same kind back
    rebuilt = construct(Checklist, checklist.model_dump(mode="json"))
    assert rebuilt.criteria[0].answer == spec
    assert type(rebuilt.criteria[0].answer) is percent_kind
    schema = json_schema_for_catalogue_file()
    assert "percent" in str(schema)


def test_a_new_kind_reports_its_own_field_errors(
    tmp_path: Path, percent_kind: type[PercentAnswer]
) -> None:
    with pytest.raises(CatalogueError) as caught:
        _checklist(tmp_path / "c", "{kind: percent, at_least: 190}")
    [problem] = caught.value.lines()
    assert "criteria.yaml:11: criteria[0].answer.at_least: must be at most 100" in problem, problem


def test_an_unregistered_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError) as caught:
        _checklist(tmp_path / "c", "{kind: percent, at_least: 90}")
    assert "'yes_no', 'measured', 'choice'" in caught.value.lines()[0]
    assert "percent" not in str(json_schema_for_catalogue_file())


def test_a_new_kind_accepts_its_input_and_earns_its_result(
    tmp_path: Path, percent_kind: type[PercentAnswer]
) -> None:
    checklist = _checklist(tmp_path / "c", "{kind: percent, at_least: 90, partial_from: 80}")
    criterion = checklist.criteria[0]
    spec = criterion.answer
    assert spec.accept(AnswerEntry(value="85 %")) == AcceptedAnswer(
        Result.PARTIAL, value=85.0, unit="%"
    )
    assert spec.accept(AnswerEntry(value=95)).result is Result.MET
    with pytest.raises(QuantityError) as refused:
        spec.accept(AnswerEntry(value="150"))
    assert refused.value.field == "value"
    with pytest.raises(QuantityError) as refused:
        spec.accept(AnswerEntry(value="95", choice="a"))
    assert refused.value.field == "choice"

    # scoring asks the kind: the value decides, whatever result was stored with it
    answer = Answer(result=Result.NOT_MET, value=95.0, unit="%")
    assessment = Assessment(
        site=_site(), checklist_id="mini", checklist_version="1.0", answers={criterion.id: answer}
    )
    card = score_assessment(checklist, assessment, EvidenceIndex())
    assert [c.result for c in card.criteria] == [Result.MET]
    rule_level = LevelThreshold(threshold=99)
    assert spec.earned_at_level(answer, Result.MET, rule_level) is Result.NOT_MET


def test_a_yardstick_level_is_judged_by_the_new_kind(
    tmp_path: Path, percent_kind: type[PercentAnswer]
) -> None:
    checklist = _checklist(tmp_path / "c", "{kind: percent, at_least: 90}")
    criterion = checklist.criteria[0]
    from tierassess.core.models import YardstickRule

    rule = YardstickRule(yardstick="y", level=3, thresholds={4: LevelThreshold(threshold=99)})
    answer = Answer(result=Result.MET, value=95.0, unit="%")
    assert level_result(criterion, answer, Result.MET, rule, 3) is Result.MET
    assert level_result(criterion, answer, Result.MET, rule, 4) is Result.NOT_MET


def test_a_new_kind_describes_itself_in_both_languages_and_in_the_menu(
    tmp_path: Path, percent_kind: type[PercentAnswer]
) -> None:
    checklist = _checklist(tmp_path / "c", "{kind: percent, at_least: 90}")
    criterion = checklist.criteria[0]
    assert answer_kind_text(checklist, criterion, "vi") == "tỷ lệ phần trăm: ≥ 90 %"
    assert answer_kind_text(checklist, criterion, "en") == "percentage: ≥ 90 %"
    spec = criterion.answer
    [choice] = spec.menu_choices(checklist, "vi")
    assert choice == MenuChoice("Nhập giá trị đo (%)…", "value", None)
    assert spec.typed_readings("92,5", checklist, "vi") == {"vi": 92.5}
    assert spec.answer_unit == "%"


# --- the built-in kinds through the same API ----------------------------------------------------


def _measured() -> MeasuredAnswer:
    return MeasuredAnswer(unit="h", comparator=">=", threshold=12, partial_threshold=8)  # type: ignore[arg-type]


def _choice() -> ChoiceAnswer:
    return ChoiceAnswer.model_validate(
        {
            "options": [
                {"id": "full", "label": {"vi": "Đầy đủ", "en": "Full"}, "result": "met"},
                {"id": "none", "label": {"vi": "Không có", "en": "None"}, "result": "not_met"},
            ]
        }
    )


class _Units:
    def unit_label(self, unit: str | None, lang: str) -> str:
        return {"vi": "giờ", "en": "hours"}[lang] if unit == "h" else (unit or "")


def test_each_built_in_kind_offers_its_own_menu() -> None:
    units = _Units()
    assert [c.action for c in YesNoAnswer().menu_choices(units, "en")] == [
        "met",
        "partial",
        "not_met",
    ]
    assert _measured().menu_choices(units, "en") == [
        MenuChoice("Enter the measured value (hours)…", "value", None)
    ]
    assert [(c.title, c.action, c.entry) for c in _choice().menu_choices(units, "vi")] == [
        ("Đầy đủ", "option:full", AnswerEntry(choice="full")),
        ("Không có", "option:none", AnswerEntry(choice="none")),
    ]


def test_each_built_in_kind_accepts_only_what_it_takes() -> None:
    assert _measured().accept(AnswerEntry(value="10 h", convention="en")) == AcceptedAnswer(
        Result.PARTIAL, value=10.0, unit="h"
    )
    assert _choice().accept(AnswerEntry(choice="Full")) == AcceptedAnswer(Result.MET, choice="full")
    assert YesNoAnswer().accept(AnswerEntry(wanted=Result.MET)) == AcceptedAnswer(Result.MET)
    for spec, entry, field in [
        (YesNoAnswer(), AnswerEntry(value="3"), "value"),
        (YesNoAnswer(), AnswerEntry(), "result"),
        (_measured(), AnswerEntry(value="3", unit="kg"), "unit"),
        (_measured(), AnswerEntry(value="14", wanted=Result.NOT_MET), "result"),
        (_choice(), AnswerEntry(choice="maybe"), "choice"),
        (_choice(), AnswerEntry(choice="full", wanted=Result.NOT_MET), "result"),
    ]:
        with pytest.raises(QuantityError) as refused:
            spec.accept(entry)
        assert refused.value.field == field, (spec.kind, entry)


def test_each_built_in_kind_describes_an_answer() -> None:
    units = _Units()
    measured = Answer(result=Result.MET, value=14.0, unit="h")
    assert _measured().verdict_text(measured, units, "en") == (
        "→ 14 hours: Met (threshold >= 12 hours)"
    )
    chosen = Answer(result=Result.MET, choice="full")
    assert _choice().verdict_text(chosen, units, "vi") == "→ Đầy đủ: Đạt"
    assert _choice().option_label("none", "en") == "None"
    assert YesNoAnswer().option_label("none", "en") is None
    assert YesNoAnswer().verdict_text(chosen, units, "en") is None
    assert YesNoAnswer().spec_text(units, "vi") == "có / không"
    assert _choice().option_ids() == ["full", "none"]
    assert YesNoAnswer().option_ids() == []
    assert _measured().value_bounds() == (0.0, None)
    assert _choice().value_bounds() is None
    assert (_measured().answer_unit, _choice().answer_unit) == ("h", None)
    assert (_measured().asks("en"), YesNoAnswer().asks("en")) == (None, None)
    assert (_measured().result_from_entry, YesNoAnswer().result_from_entry) == (True, False)


def test_the_review_panel_names_a_choice_by_its_label() -> None:
    import io

    from tierassess.cli.interactive.render_text import SafeConsole
    from tierassess.cli.interactive.review_walk import target_panel
    from tierassess.core.models import Criterion
    from tierassess.storage.review import ReviewTarget

    criterion = Criterion.model_validate(
        {
            "id": "PWR-BAT-01",
            "domain": "power",
            "subsystem": "electrical",
            "min_tier": 3,
            "title": {"vi": "Pin", "en": "Battery"},
            "requirement": {"vi": "Yêu cầu", "en": "Requirement"},
            "guidance": {"vi": "Hướng dẫn", "en": "Guidance"},
            "answer": _choice().model_dump(),
            "severity": "major",
            "references": [{"standard": "std", "clause": "1"}],
            "remediation": {
                "action": {"vi": "Làm", "en": "Do"},
                "cost_band": "S",
                "duration_weeks": 4,
            },
        }
    )

    def printed(choice: str, lang: str) -> str:
        answer = Answer(result=Result.MET, choice=choice)
        target = ReviewTarget(criterion.id, criterion, answer, [], own=False)
        buffer = io.StringIO()
        SafeConsole(file=buffer, width=120, no_color=True).print(target_panel(target, lang))
        return buffer.getvalue()

    assert "· Đầy đủ" in printed("full", "vi")
    assert "· Full" in printed("full", "en")
    assert "· gone" in printed("gone", "en")  # an option no longer in the catalogue: its id
