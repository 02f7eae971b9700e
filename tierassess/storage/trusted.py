"""Rebuilding models from data this program wrote itself, without validating it again.

Pydantic builds a model's validator the first time it validates one; for the whole checklist that
costs about a third of a second in every new process, more than anything else before the
questionnaire's first prompt. Data that was validated when it was written (the checklist cache,
keyed by the content of the catalogue and of the model code) can be rebuilt field by field with
``model_construct`` instead. Never use this on data a person can edit: that must be validated.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar, cast, get_args, get_origin

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
Converter = Callable[[Any], Any]


def construct(model: type[M], data: dict[str, Any]) -> M:
    """``model`` rebuilt from ``data`` (as produced by ``model_dump(mode="json")``)."""
    built: M = _model_converter(model)(data)
    return built


def _keep(value: Any) -> Any:
    return value


@cache
def _model_converter(model: type[BaseModel]) -> Converter:
    # Converters are worked out once per model and annotation, not once per value.
    plan: list[tuple[str, str, Converter]] = []

    def convert(data: dict[str, Any]) -> BaseModel:
        if not plan:
            plan.extend(
                (name, field.alias or name, _converter(cast(Any, field.annotation)))
                for name, field in model.model_fields.items()
            )
        values = {name: conv(data[key]) for name, key, conv in plan if key in data}
        return model.model_construct(**values)

    return convert


@cache
def _converter(annotation: Any) -> Converter:
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is typing.Annotated:
        return _converter(args[0])
    if origin in (typing.Union, types.UnionType):
        return _union_converter(tuple(a for a in args if a is not type(None)))
    if origin is list:
        item = _converter(args[0])
        return lambda value: None if value is None else [item(v) for v in value]
    if origin is dict:
        # JSON turns every key into a string: an int-keyed dict needs its keys back as ints
        key = int if _converter(args[0]) is _int else _keep
        item = _converter(args[1])
        return lambda value: None if value is None else {key(k): item(v) for k, v in value.items()}
    if isinstance(annotation, type) and origin is None:
        if issubclass(annotation, BaseModel):
            kinds = getattr(annotation, "kinds", None)
            if callable(kinds):  # a base whose subclasses register by their `kind` (answer kinds)
                return _kind_converter(annotation)
            model = _model_converter(annotation)
            return lambda value: None if value is None else model(value)
        if issubclass(annotation, Enum):
            enum = annotation
            return lambda value: None if value is None else enum(value)
        if annotation is datetime:
            return lambda value: (
                None if value is None else datetime.fromisoformat(value.replace("Z", "+00:00"))
            )
        if annotation is date:
            return lambda value: None if value is None else date.fromisoformat(value)
        if annotation is float:
            return lambda value: None if value is None else float(value)
        if annotation is int:
            return _int
    return _keep


def _kind_converter(base: Any) -> Converter:
    def pick(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return _model_converter(base.kinds()[value["kind"]])(value)

    return pick


def _int(value: Any) -> Any:
    return value if value is None or isinstance(value, bool) else int(value)


def _union_converter(options: tuple[Any, ...]) -> Converter:
    if len(options) == 1:
        return _converter(options[0])
    models = [o for o in options if isinstance(o, type) and issubclass(o, BaseModel)]
    if models:
        # A tagged union: the `kind` field's default names the model.
        by_kind = {
            m.model_fields["kind"].default: _model_converter(m)
            for m in models
            if "kind" in m.model_fields
        }
        first = _model_converter(models[0])

        def pick(value: Any) -> Any:
            if not isinstance(value, dict):
                return value
            return by_kind.get(value.get("kind"), first)(value)

        return pick
    lists = [o for o in options if get_origin(o) is list]
    if lists:  # e.g. `str | list[str]`: a list value takes the list shape
        as_list = _converter(lists[0])
        return lambda value: as_list(value) if isinstance(value, list) else value
    return _keep
