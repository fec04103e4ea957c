"""Well-formed YAML read into plain records, without loading pydantic.

Loading pydantic and building drafter's models takes longer than a bare python-docx script
takes to write a whole draft (README, "Performance"), and a well-formed outline, library entry,
style profile or settings file does not need it. `read` checks and normalises data as the
pydantic models do (`model.py` and the models beside each reader) and builds `Record`s, the
plain objects every stage after loading reads. What it cannot vouch for (a value of another
type than the usual one, an unknown key, a rule a value breaks) raises `Unsure`, and the caller
asks pydantic, which gives the same records (`from_model`) or every problem, located, as ever:
drafter's messages all still come from pydantic.

A record class lists its fields in the pydantic model's order, each with its YAML key, its
reader and its default; tests hold the two together (the same record from either reader for
the examples, the suite's outlines and generated ones).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from drafter.chinese.numerals import ITEM_STYLES
from drafter.outline import rules
from drafter.outline.names import choice
from drafter.outline.units import Written

_NO_DEFAULT = object()
# What Python's str.strip removes and pydantic's (Rust's) does not: such text is left to pydantic.
_NOT_RUST_SPACE = "\x1c\x1d\x1e\x1f"


class Unsure(Exception):
    """The plain reader cannot vouch for this data: pydantic decides."""


class Reader:
    """Reads one value as a pydantic field type would, or raises Unsure."""

    def read(self, value: Any) -> Any:
        raise NotImplementedError

    def records(self) -> list[type[Record]]:
        """The record classes a value read here may be (for Chinese keys inside it)."""
        return []

    def keyed(self) -> bool:
        """Whether a mapping read here has free keys (a dict), not a record's fields."""
        return False


class Text(Reader):
    """A str, stripped when the model strips, then put through its checks."""

    def __init__(self, *checks: Callable[[str], str], strip: bool = True) -> None:
        self.checks = checks
        self.strip = strip

    def read(self, value: Any) -> Any:
        if type(value) is not str:
            raise Unsure
        if self.strip:
            if value[:1] in _NOT_RUST_SPACE or value[-1:] in _NOT_RUST_SPACE:
                raise Unsure
            value = value.strip()
        try:
            for check in self.checks:
                value = check(value)
        except ValueError:
            raise Unsure from None
        return value


class Flag(Reader):
    def read(self, value: Any) -> Any:
        if type(value) is not bool:
            raise Unsure
        return value


class Whole(Reader):
    """An int within bounds."""

    def __init__(self, low: int | None = None, high: int | None = None) -> None:
        self.low, self.high = low, high

    def read(self, value: Any) -> Any:
        if type(value) is not int:
            raise Unsure
        if (self.low is not None and value < self.low) or (
            self.high is not None and value > self.high
        ):
            raise Unsure
        return value


class Number(Reader):
    """A float (pydantic gives a plain float for an int or a Written number) within bounds:
    `above` excludes its bound, `low` and `high` include theirs."""

    def __init__(
        self, *, above: float | None = None, low: float | None = None, high: float | None = None
    ) -> None:
        self.above, self.low, self.high = above, low, high

    def read(self, value: Any) -> Any:
        if type(value) not in (int, float, Written):
            raise Unsure
        number = float(value)
        if (
            (self.above is not None and not number > self.above)
            or (self.low is not None and not number >= self.low)
            or (self.high is not None and not number <= self.high)
        ):
            raise Unsure
        return number


class Amount(Reader):
    """A figure's number: finite and ordinary, keeping the decimals typed (model.Amount)."""

    def read(self, value: Any) -> Any:
        if type(value) not in (int, float, Written):
            raise Unsure
        try:
            number = rules.ordinary_number(float(value))
        except ValueError:
            raise Unsure from None
        return rules.as_written(value, number)


class Scalar(Reader):
    """A `with:` value: text (stripped), a whole number or a number (model.Params)."""

    def read(self, value: Any) -> Any:
        if type(value) is str:
            return _TEXT.read(value)
        if type(value) is int:
            return value
        if type(value) in (float, Written):
            return float(value)
        raise Unsure


class OneOf(Reader):
    """One of fixed words; `key` names its Chinese names (names.CHOICES), taken first."""

    def __init__(self, options: tuple[str, ...], key: str | None = None) -> None:
        self.options = options
        self.key = key

    def read(self, value: Any) -> Any:
        if self.key is not None:
            value = choice(self.key, value)
        if type(value) is not str or value not in self.options:
            raise Unsure
        return value


class Maybe(Reader):
    """Nothing, or what `inner` reads."""

    def __init__(self, inner: Reader) -> None:
        self.inner = inner

    def read(self, value: Any) -> Any:
        return None if value is None else self.inner.read(value)

    def records(self) -> list[type[Record]]:
        return self.inner.records()

    def keyed(self) -> bool:
        return self.inner.keyed()


class FlagOr(Reader):
    """true/false, or what `other` reads (pydantic's union of bool and a type without bools)."""

    def __init__(self, other: Reader) -> None:
        self.other = other

    def read(self, value: Any) -> Any:
        return value if type(value) is bool else self.other.read(value)

    def records(self) -> list[type[Record]]:
        return self.other.records()


class TextOr(Reader):
    """Text, or one of several records read from a mapping: exactly one must fit."""

    def __init__(self, text: Reader, *choices: type[Record]) -> None:
        self.text = text
        self.choices = choices

    def read(self, value: Any) -> Any:
        if type(value) is not dict:
            return self.text.read(value)
        fits = []
        for record in self.choices:
            try:
                fits.append(read(record, value))
            except Unsure:
                continue
        if len(fits) != 1:
            raise Unsure
        return fits[0]

    def records(self) -> list[type[Record]]:
        return list(self.choices)


class ListOf(Reader):
    def __init__(self, inner: Reader) -> None:
        self.inner = inner

    def read(self, value: Any) -> Any:
        if type(value) is not list:
            raise Unsure
        return [self.inner.read(item) for item in value]

    def records(self) -> list[type[Record]]:
        return self.inner.records()


class MapOf(Reader):
    """A mapping of names (read as text) to values."""

    def __init__(self, inner: Reader, *, names: Reader | None = None, strip: bool = True) -> None:
        self.inner = inner
        self.names = names or Text(strip=strip)

    def read(self, value: Any) -> Any:
        if type(value) is not dict:
            raise Unsure
        read_ = {self.names.read(key): self.inner.read(item) for key, item in value.items()}
        if len(read_) != len(value):  # two names the same once stripped
            raise Unsure
        return read_

    def records(self) -> list[type[Record]]:
        return self.inner.records()

    def keyed(self) -> bool:
        return True


class One(Reader):
    """A record read from a mapping."""

    def __init__(self, record: type[Record] | Callable[[], type[Record]]) -> None:
        self._record = record

    @property
    def record(self) -> type[Record]:
        found = self._record
        return found if isinstance(found, type) else found()

    def read(self, value: Any) -> Any:
        return read(self.record, value)

    def records(self) -> list[type[Record]]:
        return [self.record]


class Tagged(Reader):
    """One of several records, chosen by the mapping's `type` (a discriminated union)."""

    def __init__(self, by_tag: Mapping[str, type[Record]], before: Callable[[Any], Any]) -> None:
        self.by_tag = by_tag
        self.before = before

    def read(self, value: Any) -> Any:
        value = self.before(value)
        if type(value) is not dict:
            raise Unsure
        tag = value.get("type")
        if type(tag) is not str or tag not in self.by_tag:
            raise Unsure
        return read(self.by_tag[tag], value)

    def records(self) -> list[type[Record]]:
        return list(self.by_tag.values())


class DateOrLine(Reader):
    """The outline's date: a date (typed the ways writers type one), or text kept as written."""

    def read(self, value: Any) -> Any:
        try:
            value = rules.typed_date(value)
        except ValueError:
            raise Unsure from None
        if type(value) is dt.date:
            return value
        return _LINE.read(value)


@dataclass(frozen=True)
class Field:
    """One field of a record: its reader, its default (or factory), its YAML key."""

    reader: Reader
    default: Any = _NO_DEFAULT
    factory: Callable[[], Any] | None = None
    key: str | None = None  # the YAML key, when it is not the field's name (`with`, `from`)

    @property
    def required(self) -> bool:
        return self.default is _NO_DEFAULT and self.factory is None

    def value(self) -> Any:
        return self.factory() if self.factory is not None else self.default


class Record:
    """A plain, read-only object with a model's fields, read from YAML by `read`.

    It answers what drafter asks of a model: its fields by attribute, `model_fields`,
    `model_copy(update=…)`, equality; constructing one fills the defaults (no checks)."""

    fields: ClassVar[dict[str, Field]] = {}
    by_name: ClassVar[bool] = True  # the field's name is accepted as well as its key
    model_fields: ClassVar[dict[str, Field]] = {}
    _keys: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.model_fields = cls.fields
        keys = {field.key or name: name for name, field in cls.fields.items()}
        if cls.by_name:
            keys |= {name: name for name in cls.fields}
        cls._keys = keys
        _RECORDS[cls.__name__] = cls

    def __init__(self, **values: Any) -> None:
        for name in values:
            if name not in self.fields:
                raise TypeError(f"{type(self).__name__} has no field '{name}'")
        for name, field in self.fields.items():
            value = values[name] if name in values else field.value()
            if value is _NO_DEFAULT:
                raise TypeError(f"{type(self).__name__} needs '{name}'")
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def model_copy(self, update: Mapping[str, Any] | None = None) -> Any:
        """A copy with some fields replaced (as pydantic's, unchecked)."""
        values = {name: getattr(self, name) for name in self.fields}
        return type(self)(**(values | dict(update or {})))

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.fields)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.fields)
        return f"{type(self).__name__}({shown})"

    @classmethod
    def before(cls, data: dict[str, Any]) -> dict[str, Any]:
        """The model's own reading of its mapping before its fields are read."""
        return data

    def check(self) -> None:
        """The model's checks of the whole record (ValueError: pydantic decides)."""


_RECORDS: dict[str, type[Record]] = {}


def read(record: type[Record], data: Any) -> Any:
    """`data` read as `record` (a mapping, every key known, every value read); Unsure otherwise."""
    if type(data) is not dict:
        raise Unsure
    data = record.before(data)
    given: dict[str, Any] = {}
    for key, value in data.items():
        name = record._keys.get(key) if type(key) is str else None
        if name is None or name in given:
            raise Unsure
        given[name] = value
    values = {}
    for name, field in record.fields.items():
        if name in given:
            values[name] = field.reader.read(given[name])
        elif field.required:
            raise Unsure
        else:
            values[name] = field.value()
    made = record(**values)
    try:
        made.check()
    except ValueError:
        raise Unsure from None
    return made


def from_model(value: Any) -> Any:
    """What pydantic validated, as records (lists and mappings inside taken along)."""
    fields: ClassVar[dict[str, Field]] = getattr(type(value), "model_fields", None)
    if isinstance(fields, dict) and not isinstance(value, Record):
        record = _RECORDS[type(value).__name__]
        return record(**{name: from_model(getattr(value, name)) for name in fields})
    if isinstance(value, list):
        return [from_model(item) for item in value]
    if isinstance(value, dict):
        return {key: from_model(item) for key, item in value.items()}
    return value


def is_a(value: Any, name: str) -> bool:
    """Whether `value` is a record (or a pydantic model) of the model `name`."""
    return type(value).__name__ == name


# --- the outline (model.py) ------------------------------------------------------------------

_TEXT = Text()
_LINE = Text(rules.one_line)
_HEADLINE = Text(rules.one_line, rules.not_blank)
_PARAGRAPHS = Text(rules.paragraphs)
_PENDING = Text(rules.a_placeholder)
_COUNT_SENTENCE = Text(rules.one_line, rules.has_count)
_NUMBERING = OneOf(tuple(ITEM_STYLES), "numbering")


class _Amounts(Reader):
    """A figure's value, previous or target: a number, or a placeholder until it is known."""

    def read(self, value: Any) -> Any:
        if value is None:
            return None
        if type(value) is str:
            return _PENDING.read(value)
        return _NUMBER.read(value)


_NUMBER = Amount()
_AMOUNT = _Amounts()
_PARAMS = MapOf(Scalar())
_HEADLINES = ListOf(_HEADLINE)


def _with() -> Field:
    return Field(_PARAMS, factory=dict, key="with")


class Figure(Record):
    fields: ClassVar[dict[str, Field]] = {
        "label": Field(_HEADLINE),
        "verb": Field(_LINE, ""),
        "value": Field(_AMOUNT, None),
        "unit": Field(_LINE, ""),
        "previous": Field(_AMOUNT, None),
        "target": Field(_AMOUNT, None),
        "compare": Field(_LINE, "上年"),
        "change": Field(OneOf(("growth", "from-to"), "change"), "growth"),
        "scale": Field(OneOf(("auto", "none", "万", "亿"), "scale"), "auto"),
        "from_": Field(Maybe(_HEADLINE), None, key="from"),
        "row": Field(Maybe(_HEADLINE), None),
    }

    @classmethod
    def before(cls, data: dict[str, Any]) -> dict[str, Any]:
        data, clashes = rules.units_in_numbers(data)
        if clashes:
            raise Unsure
        return data

    def check(self) -> None:
        rules.needs_a_number(self)


class DataTable(Record):
    fields: ClassVar[dict[str, Field]] = {
        "file": Field(_HEADLINE),
        "sheet": Field(Maybe(_LINE), None),
        "label": Field(Maybe(_LINE), None),
        "value": Field(Maybe(_LINE), None),
        "previous": Field(Maybe(_LINE), None),
        "target": Field(Maybe(_LINE), None),
        "unit": Field(Maybe(_LINE), None),
    }


class Measure(Record):
    fields: ClassVar[dict[str, Field]] = {"lead": Field(_HEADLINE), "text": Field(_PARAGRAPHS, "")}


class Ref(Record):
    fields: ClassVar[dict[str, Field]] = {"use": Field(_HEADLINE), "with_": _with()}


class OutlineItem(Record):
    fields: ClassVar[dict[str, Field]] = {
        "headline": Field(Maybe(_HEADLINE), None),
        "use": Field(Maybe(_HEADLINE), None),
        "with_": _with(),
        "text": Field(_PARAGRAPHS, ""),
        "facts": Field(_HEADLINES, factory=list),
        "figures": Field(ListOf(One(Figure)), factory=list),
        "measures": Field(ListOf(One(Measure)), factory=list),
        "run_in": Field(Maybe(Flag()), None),
        "numbering": Field(Maybe(_NUMBERING), None),
        "items": Field(ListOf(One(lambda: OutlineItem)), factory=list),
    }

    def check(self) -> None:
        rules.has_something(self)


_PART_FIELDS = {
    "title": Field(Maybe(_LINE), None),
    "intro": Field(_PARAGRAPHS, ""),
    "numbering": Field(Maybe(_NUMBERING), None),
    "run_in": Field(Maybe(FlagOr(OneOf(("items",)))), None),
    "announce": Field(Maybe(FlagOr(_COUNT_SENTENCE)), None),
    "items": Field(ListOf(One(OutlineItem)), factory=list),
    "outro": Field(_PARAGRAPHS, ""),
}


def _tag(name: str) -> Field:
    return Field(OneOf((name,)))


class PartBase(Record):
    fields: ClassVar[dict[str, Field]] = _PART_FIELDS


class ReviewPart(PartBase):
    fields: ClassVar[dict[str, Field]] = _PART_FIELDS | {
        "type": _tag("review"),
        "period": Field(Maybe(_LINE), None),
        "shortcomings": Field(_HEADLINES, factory=list),
    }


class SituationPart(PartBase):
    fields: ClassVar[dict[str, Field]] = _PART_FIELDS | {
        "type": _tag("situation"),
        "opportunities": Field(_HEADLINES, factory=list),
        "challenges": Field(_HEADLINES, factory=list),
    }


class TasksPart(PartBase):
    fields: ClassVar[dict[str, Field]] = _PART_FIELDS | {
        "type": _tag("tasks"),
        "goal": Field(_PARAGRAPHS, ""),
    }


class RequirementsPart(PartBase):
    fields: ClassVar[dict[str, Field]] = _PART_FIELDS | {"type": _tag("requirements")}


class TopicPart(PartBase):
    fields: ClassVar[dict[str, Field]] = _PART_FIELDS | {
        "title": Field(_HEADLINE),
        "type": _tag("topic"),
    }


class Opening(Record):
    fields: ClassVar[dict[str, Field]] = {
        "text": Field(_PARAGRAPHS, ""),
        "use": Field(Maybe(_HEADLINE), None),
        "with_": _with(),
        "purposes": Field(_HEADLINES, factory=list),
        "basis": Field(_LINE, ""),
        "announce": Field(FlagOr(_COUNT_SENTENCE), True),
    }

    def check(self) -> None:
        rules.text_or_use(self, "opening")


class Said(Record):
    fields: ClassVar[dict[str, Field]] = {"text": Field(_PARAGRAPHS)}


class Closing(Record):
    fields: ClassVar[dict[str, Field]] = {
        "text": Field(_PARAGRAPHS, ""),
        "use": Field(Maybe(_HEADLINE), None),
        "with_": _with(),
        "greeting": Field(Maybe(TextOr(_HEADLINE, Ref, Said)), None),
        "thanks": Field(FlagOr(_HEADLINE), False),
    }

    def check(self) -> None:
        rules.text_or_use(self, "closing")


class Checks(Record):
    fields: ClassVar[dict[str, Field]] = {"disable": Field(_HEADLINES, factory=list)}


class Outline(Record):
    fields: ClassVar[dict[str, Field]] = {
        "kind": Field(_HEADLINE),
        "title": Field(Maybe(_LINE), None),
        "occasion": Field(Maybe(_HEADLINE)),
        "speaker": Field(_LINE, ""),
        "date": Field(Maybe(DateOrLine()), None),
        "salutation": Field(Maybe(_LINE), None),
        "address": Field(Maybe(OneOf(("讲话", "致辞", "发言", "报告"))), None),
        "parts_numbering": Field(OneOf(("cn", "arabic-dun", "none"), "parts_numbering"), "cn"),
        "year": Field(Maybe(Whole(1900, 2200)), None),
        "org": Field(_LINE, ""),
        "leadership": Field(_LINE, ""),
        "scope": Field(_LINE, ""),
        "cause": Field(_LINE, ""),
        "audience": Field(_LINE, ""),
        "host": Field(_LINE, ""),
        "presenters": Field(_HEADLINES, factory=list),
        "commendation": Field(FlagOr(_HEADLINES), False),
        "target_minutes": Field(Maybe(Number(above=0)), None),
        "style": Field(Maybe(_LINE), None),
        "checks": Field(One(Checks), factory=Checks),
        "opening": Field(One(Opening), factory=Opening),
        "parts": Field(
            ListOf(
                Tagged(
                    {
                        "review": ReviewPart,
                        "situation": SituationPart,
                        "tasks": TasksPart,
                        "requirements": RequirementsPart,
                        "topic": TopicPart,
                    },
                    rules.part_type,
                )
            )
        ),
        "closing": Field(One(Closing), factory=Closing),
        "data": Field(MapOf(TextOr(_HEADLINE, DataTable)), factory=dict),
    }

    @classmethod
    def before(cls, data: dict[str, Any]) -> dict[str, Any]:
        return rules.text_shorthands(data)

    def check(self) -> None:
        rules.occasion_unless_verbatim(self.occasion, self.kind)
        rules.parts_unless_verbatim(self.parts, self.kind)

    def office_values(self) -> dict[str, str]:
        """Values library entries and templates fall back on: office words, the year's words."""
        return rules.office_values(self)

    def effective_year(self) -> int | None:
        """The speech's year: given, or read from the date or the occasion."""
        return rules.effective_year(self)
