"""Pydantic validation errors in the reader's language, with field names people know.

Pydantic writes its messages in English ("Input should be a valid number"). Every place that
shows a ValidationError to a person goes through :func:`error_message` and :func:`field_label`:
the error's ``type`` picks a message key in ``locale/validation.toml`` and its ``ctx`` (bounds,
pattern, expected values) fills it in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from tierassess.i18n import messages, t

# error types that share one wording; the rest have a key of their own name
_SAME_AS = {
    "int_type": "int_parsing",
    "float_type": "float_parsing",
    "bool_type": "bool_parsing",
    "date_type": "date_parsing",
    "date_from_datetime_parsing": "date_parsing",
    "date_from_datetime_inexact": "date_parsing",
    "datetime_type": "datetime_parsing",
    "datetime_from_date_parsing": "datetime_parsing",
    "list_type": "sequence",
    "tuple_type": "sequence",
    "set_type": "sequence",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
    "literal_error": "enum",
    "string_sub_type": "string_type",
    "decimal_parsing": "float_parsing",
    "decimal_type": "float_parsing",
}
_KNOWN = {
    "missing", "extra_forbidden", "int_parsing", "int_from_float", "float_parsing",
    "bool_parsing", "string_type", "string_pattern_mismatch", "string_too_short",
    "string_too_long", "greater_than", "greater_than_equal", "less_than", "less_than_equal",
    "enum", "date_parsing", "datetime_parsing", "sequence", "mapping", "too_short", "too_long",
    "multiple_of", "finite_number", "json_invalid", "union_tag_invalid", "union_tag_not_found",
}  # fmt: skip

# patterns the models use, described in words rather than shown as a regular expression
_PATTERNS = {
    r"^[a-z0-9][a-z0-9-]{0,62}$": "slug",
    r"^[A-Z]{2,5}(-[A-Z0-9]{2,8})*-[0-9]{2,3}$": "criterion_id",
    r"^[0-9a-f]{64}$": "sha256",
    r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$": "action_id",
}

# the models' own validator messages (tierassess/core/models/), by their English text
_VALUE_ERRORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"must not be empty$"), "empty"),
    (re.compile(r"must not hold control characters"), "control"),
    (re.compile(r"is (?P<length>\d+) characters long, over the limit of (?P<limit>\d+)"), "long"),
    (re.compile(r"a not_applicable answer needs a justification"), "justification"),
    (re.compile(r"(?P<given>'[^']*') is not a criterion id"), "criterion_key"),
    (re.compile(r"end_year must not be before start_year"), "years"),
    (re.compile(r"(?P<high>\w*max_vnd) (must not be|is) below (?P<low>\w*min_vnd)"), "cost"),
    (re.compile(r"end is before start"), "dates"),
    (re.compile(r"is above every cost band's max_vnd"), "step"),
    (re.compile(r"a deferred action needs a status_reason"), "deferred"),
    (re.compile(r"'unscheduled' is set by the scheduler"), "unscheduled"),
    # the rules a catalogue author meets (checklists/*.yaml)
    (re.compile(r"plausible_max must be greater than plausible_min"), "plausible"),
    (
        re.compile(r"unknown site design condition (?P<name>'[^']*') \(known: (?P<known>.*)\)"),
        "design_condition",
    ),
    (
        re.compile(r"unknown site profile field (?P<name>'[^']*') \(known: (?P<known>.*)\)"),
        "profile_field",
    ),
    (re.compile(r"'in' and 'not_in' take a list"), "in_list"),
    (re.compile(r"a level threshold needs 'threshold' or 'met_options'"), "level_threshold"),
    (re.compile(r"partial_threshold needs a threshold"), "partial_threshold"),
    (
        re.compile(r"thresholds for level (?P<level>\d+) below the rule's level (?P<rule>\d+)"),
        "level_below",
    ),
    (re.compile(r"counts_for names yardstick (?P<yardstick>'[^']*') twice"), "yardstick_twice"),
    (
        re.compile(
            r"counts_for (?P<yardstick>\S+): level (?P<level>\d+) is below min_tier (?P<tier>\d+)"
        ),
        "below_min_tier",
    ),
    (
        re.compile(r"min_tier (?P<tier>\d+) must be (?P<lowest>\d+), the lowest counts_for level"),
        "min_tier_lowest",
    ),
    (re.compile(r"must_pass must be true exactly when"), "must_pass"),
    (re.compile(r"(?P<where>counts_for .*): 'threshold' needs a measured answer"), "measured_only"),
    (re.compile(r"(?P<where>counts_for .*): 'met_options' needs a choice answer"), "choice_only"),
    (re.compile(r"(?P<where>counts_for .*): unknown option (?P<option>'[^']*')"), "unknown_option"),
    (re.compile(r"only a tier yardstick can carry grades"), "grades_tier"),
    (re.compile(r"grades go best first"), "grades_order"),
    (re.compile(r"a tier yardstick needs subsystems and a level_name"), "tier_needs"),
    (re.compile(r"a pass/fail yardstick cannot be the primary"), "pass_fail_primary"),
    (re.compile(r"yardstick ids must be unique"), "yardstick_ids"),
    (re.compile(r"at most one yardstick can be primary"), "one_primary"),
    (
        re.compile(r"yardstick (?P<yardstick>\S+): unknown subsystem (?P<subsystem>'[^']*')"),
        "yardstick_subsystem",
    ),
    (re.compile(r"option ids must be unique"), "option_ids"),
    (re.compile(r"source for unknown design condition (?P<name>'[^']*')"), "source_condition"),
    (re.compile(r"threshold_offset needs threshold_from"), "offset_needs_condition"),
    (re.compile(r"outage_weeks must not exceed duration_weeks"), "outage_within_work"),
    (
        re.compile(r"outage_weeks and affects are for works with a disruption"),
        "outage_no_disruption",
    ),
]


def _expected(text: str) -> str:
    """Pydantic's "'a', 'b' or 'c'" with the last joining word in the reader's language."""
    return re.sub(r"' or '", f"' {t('validation.or')} '", text)


def _value_error(error: Mapping[str, Any]) -> str:
    cause = error.get("ctx", {}).get("error")
    text = str(cause) if cause is not None else str(error.get("msg", ""))
    text = text.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    for pattern, key in _VALUE_ERRORS:
        found = pattern.search(text)
        if found:
            return t(f"validation.value.{key}", **found.groupdict())
    return t("validation.value.other", detail=text)


def error_message(error: Mapping[str, Any]) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) as a sentence for the reader."""
    kind = str(error.get("type", ""))
    if kind in ("value_error", "assertion_error"):
        return _value_error(error)
    kind = _SAME_AS.get(kind, kind)
    # a bound of 0.0 reads as "0", as pydantic prints it
    ctx: dict[str, object] = {
        k: int(v) if isinstance(v, float) and v.is_integer() else v
        for k, v in (error.get("ctx") or {}).items()
        if isinstance(v, str | int | float)
    }
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERNS:
        return t(f"validation.pattern.{_PATTERNS[str(ctx['pattern'])]}")
    if kind == "enum" and "expected" in ctx:
        ctx["expected"] = _expected(str(ctx["expected"]))
    if kind not in _KNOWN:
        return t("validation.other", type=kind)
    return t(f"validation.type.{kind}", None, **ctx)


def field_label(loc: Sequence[int | str]) -> str | None:
    """The label people know for the last named field in ``loc``, or None when there is none."""
    for part in reversed(loc):
        if isinstance(part, str):
            key = f"validation.field.{part}"
            label = t(key) if key in messages() else None
            return None if label == part else label
    return None


def labelled_field(field: str, loc: Sequence[int | str]) -> str:
    """``field`` (a path as written in the file) followed by its label, when it has one."""
    label = field_label(loc) if field else None
    return f"{field} ({label})" if label else field


def error_lines(errors: Sequence[Mapping[str, Any]]) -> list[str]:
    """``field (label): message`` lines for errors not tied to a file (typed arguments, JSON)."""
    lines = []
    for error in errors:
        loc = list(error.get("loc", ()))
        field = labelled_field(".".join(str(p) for p in loc), loc)
        lines.append(f"{field}: {error_message(error)}" if field else error_message(error))
    return lines
