"""The base every kind of answer derives from, and the registry that loads a kind by its name.

A kind of answer is one class: a subclass of ``AnswerKind`` with a ``kind`` literal is registered
by that alone and loaded from catalogue YAML by its ``kind`` (``AnswerSpec``). It says itself how it
accepts an input (``accept``), what result an answer earns (``earned``, and ``earned_at_level``
against a yardstick's per-level figures), how it reads in each language (``spec_text``,
``option_label``, ``asks``, ``verdict_text``) and what the questionnaire offers for it
(``menu_choices``, ``typed_readings``). Nothing else in the tool tells the kinds apart; the
built-in kinds are in ``answer_kinds``.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import Field
from pydantic_core import core_schema

from tierassess.core.models.answer_entry import (
    AcceptedAnswer,
    AnswerEntry,
    LevelThreshold,
    MenuChoice,
    UnitNames,
    answer_error,
    given,
)
from tierassess.core.models.assessment import Answer, Result
from tierassess.core.models.base import FileModel
from tierassess.core.models.site import SiteProfile

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, TypeAdapter
    from pydantic.json_schema import JsonSchemaValue


@cache
def _spec_adapter() -> TypeAdapter[Any]:
    # The kinds registered so far, told apart by `kind`: the same validation, errors and JSON
    # Schema as a discriminated union written out by hand, rebuilt when a kind registers.
    from typing import Union

    from pydantic import TypeAdapter

    kinds = tuple(AnswerKind.kinds().values())
    return TypeAdapter(Annotated[Union[kinds], Field(discriminator="kind")])  # type: ignore[arg-type]  # noqa: UP007


class AnswerKind(FileModel):
    """Base of every kind of answer; a subclass with a ``kind`` literal registers itself.

    The defaults here are a kind whose answer is its result, stated by the person answering (as
    yes/no is); a kind whose value or choice decides the result overrides ``accept`` and
    ``earned`` and sets ``result_from_entry``.
    """

    kind: str
    result_from_entry: ClassVar[bool] = False
    """True when the value or choice decides the result (a sheet then shows no result column)."""
    _registry: ClassVar[dict[str, type[AnswerKind]]] = {}

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Registers a subclass under its ``kind``, so that catalogues can name it."""
        super().__pydantic_init_subclass__(**kwargs)
        if isinstance(cls.model_fields["kind"].default, str):  # else an abstract middle class
            cls.register()

    @classmethod
    def register(cls) -> None:
        """Make this kind known by its ``kind`` (done when the class is defined)."""
        name = cls.model_fields["kind"].default
        known = AnswerKind._registry.get(name)
        if known is not None and known.__qualname__ != cls.__qualname__:
            raise TypeError(f"answer kind {name!r} is already {known.__qualname__}")
        AnswerKind._registry[name] = cls
        _spec_adapter.cache_clear()

    @classmethod
    def unregister(cls, name: str) -> None:
        """Forget the kind named ``name`` (a kind defined for a test, or a plug-in unloaded)."""
        AnswerKind._registry.pop(name, None)
        _spec_adapter.cache_clear()

    @classmethod
    def kinds(cls) -> dict[str, type[AnswerKind]]:
        """Every registered kind by its name, in the order they were defined."""
        return dict(AnswerKind._registry)

    @classmethod
    def kind_class(cls, name: str) -> type[AnswerKind]:
        """The class of the kind named ``name``; KeyError when there is none."""
        return AnswerKind._registry[name]

    # --- accepting an input ----------------------------------------------------------------------

    def accept(self, entry: AnswerEntry, profile: SiteProfile | None = None) -> AcceptedAnswer:
        """``entry`` checked against this kind; raises ``QuantityError`` naming the field.

        ``profile`` gives the site's design conditions where a threshold refers to one. A
        not-applicable answer is the caller's to handle: it is the same for every kind.
        """
        if given(entry.value):
            raise answer_error("value", "assess.err.no_value_here")
        if entry.choice is not None and entry.choice.strip():
            raise answer_error("choice", "assess.err.no_choice_here")
        if entry.wanted is None:
            raise answer_error("result", "assess.err.result_required")
        return AcceptedAnswer(entry.wanted)

    def typed_readings(self, text: str, units: UnitNames, lang: str) -> dict[str, float]:
        """Each convention's reading of a typed value that this kind accepts, reader's first.

        Only for kinds that offer a menu choice with no entry (they ask for a typed value).
        """
        raise NotImplementedError(f"answer kind {self.kind!r} takes no typed value")

    # --- the result it earns ---------------------------------------------------------------------

    def earned(self, answer: Answer, profile: SiteProfile | None = None) -> Result:
        """The result ``answer`` earns: from its value or choice where they decide, else as given.

        Not applicable stays not applicable.
        """
        return answer.result

    def earned_at_level(self, answer: Answer, result: Result, level: LevelThreshold) -> Result:
        """The result against a yardstick's own figure at one level (``result``: as earned)."""
        return result

    def waits_for(self, answer: Answer, profile: SiteProfile | None) -> str | None:
        """The site design condition ``answer`` cannot be judged without (None: it can be)."""
        return None

    def check_level(self, where: str, level: LevelThreshold) -> None:
        """Raises ValueError when a yardstick's per-level figure does not fit this kind."""
        if level.threshold is not None:
            raise ValueError(f"{where}: 'threshold' needs a measured answer")
        if level.met_options is not None:
            raise ValueError(f"{where}: 'met_options' needs a choice answer")

    def check_units(self, declared: set[str]) -> str | None:
        """The unit this kind uses that the checklist does not declare, if any."""
        return None

    # --- how it is described ---------------------------------------------------------------------

    @property
    def answer_unit(self) -> str | None:
        """The unit an answer of this kind is stored with (None: it has no value)."""
        return None

    def spec_text(self, units: UnitNames, lang: str) -> str:
        """How the criterion is answered, e.g. ``measured: >= 12 h``."""
        from tierassess.i18n import t

        return t(f"criterion.kind.{self.kind}", lang)

    def asks(self, lang: str) -> str | None:
        """What the questionnaire asks for, when it says more than the requirement."""
        return None

    def value_bounds(self) -> tuple[float, float | None] | None:
        """The plausible range the criterion gives a typed value (None: it takes no value)."""
        return None

    def option_ids(self) -> list[str]:
        """The ids of the options one chooses from, in order (empty: it has no options)."""
        return []

    def option_label(self, choice: str, lang: str) -> str | None:
        """An option's label in ``lang`` (None: this kind has no such option)."""
        return None

    def verdict_text(
        self, answer: Answer, units: UnitNames, lang: str, profile: SiteProfile | None = None
    ) -> str | None:
        """The line saying what an answer just given earned and why (None: nothing to add)."""
        return None

    # --- the questionnaire -----------------------------------------------------------------------

    def menu_choices(self, units: UnitNames, lang: str) -> list[MenuChoice]:
        """The answers the questionnaire's menu offers (not applicable is added by the menu)."""
        from tierassess.i18n import t

        return [
            MenuChoice(t(f"result.{result.value}", lang), result.value, AnswerEntry(wanted=result))
            for result in (Result.MET, Result.PARTIAL, Result.NOT_MET)
        ]


class _AnyKind:
    """Validates an answer spec as the kind its ``kind`` names, among the kinds registered."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        def validate(data: Any) -> AnswerKind:
            if isinstance(data, AnswerKind):
                return data
            kind: AnswerKind = _spec_adapter().validate_python(data)
            return kind

        return core_schema.no_info_plain_validator_function(validate)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return handler(_spec_adapter().core_schema)


AnswerSpec = Annotated[AnswerKind, _AnyKind]
"""A criterion's answer: any registered kind, chosen by its ``kind`` field."""
