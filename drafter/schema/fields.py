"""The kinds of value a record's field holds: how each is read, what a wrong one is told, and
its JSON Schema.

A kind reads a value loaded from YAML (`schema.source`) at a path; what it cannot take is a
`Slip` noted in the `Reading` (every slip of a file is found in one read, none stops it) and the
value read is `INVALID`. Messages name what was expected and what was found, as a writer says
it ("expected text, got a list"); choices are offered by their Chinese names too.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from drafter.errors import listed, with_hint
from drafter.i18n import N_, _
from drafter.schema.source import PathKey, Written

if TYPE_CHECKING:
    from drafter.schema.records import Record

Ref = Callable[[type["Record"]], dict[str, Any]]  # a record's JSON Schema reference


class _Invalid:
    """What a value that could not be read is read as."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


@dataclass(frozen=True)
class Slip:
    """One thing wrong at a path; `at_key`: said at the key (an unknown key), not its value;
    `found`: the value, when text stood where a mapping was expected (a key typed with ：)."""

    path: PathKey
    message: str
    at_key: bool = False
    found: str | None = None


class Reading:
    """The slips of one read."""

    def __init__(self) -> None:
        self.slips: list[Slip] = []

    def slip(self, path: PathKey, message: str, *, at_key: bool = False) -> Any:
        self.slips.append(Slip(path, message, at_key))
        return INVALID

    def wrong(self, kind: Kind, value: Any, path: PathKey) -> Any:
        """A value of a type `kind` does not take."""
        found = value if isinstance(value, str) and kind.mapping() else None
        message = _("expected {what}, got {found}").format(
            what=kind.expectation(), found=describe(value)
        )
        self.slips.append(Slip(path, message, False, found))
        return INVALID


def describe(value: Any) -> str:
    """How a wrong value reads to a writer: 'a list', 'the number 12', 'text'."""
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return _("{value} (true/false)").format(value=str(value).lower())
    if isinstance(value, int | float):
        return _("the number {number}").format(number=value)
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping (key: value)")
    if isinstance(value, dt.datetime):
        return _("a date and time")
    if isinstance(value, dt.date):
        return _("a date")
    return type(value).__name__


def fold(text: str) -> str:
    """How typed names are compared: full- and half-width alike (（一） = (一)), no spaces,
    an ellipsis of any length."""
    folded = "".join(unicodedata.normalize("NFKC", text).split())
    return folded.replace("...", "…").replace("……", "…")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Kind:
    """A kind of value. Subclasses say which values fit (`fits`) and how one is taken.
    `expected` says what it takes, in English, marked for the catalogue: `expectation` says
    it in the current language (a kind is made at import, its messages when a value is read)."""

    expected = N_("a value")

    def expectation(self) -> str:
        """What this kind takes, as a message says it: 'text', 'a whole number'."""
        return _(self.expected)

    def fits(self, value: Any) -> bool:
        return True

    def take(self, value: Any, path: PathKey, reading: Reading) -> Any:
        return value

    def read(self, value: Any, path: PathKey, reading: Reading) -> Any:
        if not self.fits(value):
            return reading.wrong(self, value, path)
        return self.take(value, path, reading)

    def schema(self, ref: Ref) -> dict[str, Any]:
        return {}

    def records(self) -> tuple[type[Record], ...]:
        """The records a value of this kind may be (Chinese keys inside them are read too)."""
        return ()

    def keyed(self) -> bool:
        """A mapping of free names (a `with:`), not a record's fields."""
        return self.values() is not None

    def pick(self, value: Any) -> tuple[type[Record], ...]:
        """The records a mapping of this kind may be (a part by its `type`)."""
        return self.records()

    def element(self) -> Kind | None:
        """The kind of a list's elements, where this kind takes a list."""
        return None

    def values(self) -> Kind | None:
        """The kind of a free mapping's values, where this kind takes one."""
        return None

    def mapping(self) -> bool:
        """Whether this kind takes a mapping (text found instead may be a key typed with ：)."""
        return bool(self.records()) or self.keyed()


class Text(Kind):
    """Text, put through `checks` (each raises ValueError with what a writer is told).
    `strip`: surrounding spaces go; `numbers`: a number typed where text is expected is text."""

    expected = N_("text")

    def __init__(
        self, *checks: Callable[[str], str], strip: bool = True, numbers: bool = True
    ) -> None:
        self.checks = checks
        self.strip = strip
        self.numbers = numbers

    def fits(self, value: Any) -> bool:
        return isinstance(value, str) or (self.numbers and _is_number(value))

    def take(self, value: Any, path: PathKey, reading: Reading) -> Any:
        if isinstance(value, Written):
            value = value.written
        elif not isinstance(value, str):
            value = str(value)
        if self.strip:
            value = value.strip()
        try:
            for check in self.checks:
                value = check(value)
        except ValueError as err:
            return reading.slip(path, str(err))
        return value

    def schema(self, ref: Ref) -> dict[str, Any]:
        return {"type": "string"}


class Flag(Kind):
    """true or false (1 and 0 too, as YAML's and Python's truth values)."""

    expected = N_("true or false")

    def fits(self, value: Any) -> bool:
        return isinstance(value, bool) or (type(value) is int and value in (0, 1))

    def take(self, value: Any, path: PathKey, reading: Reading) -> Any:
        return bool(value)

    def schema(self, ref: Ref) -> dict[str, Any]:
        return {"type": "boolean"}


class Off(Kind):
    """false, or nothing written ("" or spaces): no stock sentence in this place."""

    expected = N_('false or "" for none')

    def __init__(self, off: Any = False) -> None:
        self.off = off  # what the place reads as: false, or None where that is the same

    def fits(self, value: Any) -> bool:
        return value is False or (isinstance(value, str) and not value.strip())

    def take(self, value: Any, path: PathKey, reading: Reading) -> Any:
        return self.off

    def schema(self, ref: Ref) -> dict[str, Any]:
        return {"anyOf": [{"const": False}, {"type": "string", "pattern": "^\\s*$"}]}


def _out_of_range(above: float | None, low: float | None, high: float | None) -> str:
    """'must be greater than 0', 'must be between 1900 and 2200', 'must be at least 0', …"""
    shown = {
        name: f"{bound:g}"
        for name, bound in (("above", above), ("low", low), ("high", high))
        if bound is not None
    }
    if low is not None and high is not None:
        said = _("must be between {low} and {high}")
    elif above is not None and high is not None:
        said = _("must be greater than {above} and at most {high}")
    elif above is not None and low is not None:
        said = _("must be greater than {above} and at least {low}")
    elif above is not None:
        said = _("must be greater than {above}")
    elif low is not None:
        said = _("must be at least {low}")
    else:
        said = _("must be at most {high}")
    return said.format(**shown)


class Number(Kind):
    """A number (read as a float) within bounds: `above` excludes its bound, `low` and `high`
    include theirs. `whole`: a whole number, read as an int."""

    def __init__(
        self,
        *,
        above: float | None = None,
        low: float | None = None,
        high: float | None = None,
        whole: bool = False,
    ) -> None:
        self.above, self.low, self.high, self.whole = above, low, high, whole
        self.expected = N_("a whole number") if whole else N_("a number")

    def fits(self, value: Any) -> bool:
        return (
            isinstance(value, int) and not isinstance(value, bool)
            if self.whole
            else (_is_number(value))
        )

    def take(self, value: Any, path: PathKey, reading: Reading) -> Any:
        number = value if self.whole else float(value)
        if (
            (self.above is not None and not number > self.above)
            or (self.low is not None and not number >= self.low)
            or (self.high is not None and not number <= self.high)
        ):
            return reading.slip(path, _out_of_range(self.above, self.low, self.high))
        return number

    def schema(self, ref: Ref) -> dict[str, Any]:
        found: dict[str, Any] = {"type": "integer" if self.whole else "number"}
        for key, bound in (
            ("exclusiveMinimum", self.above),
            ("minimum", self.low),
            ("maximum", self.high),
        ):
            if bound is not None:
                found[key] = bound
        return found


class Choice(Kind):
    """One of fixed words, each with the Chinese names a writer may type instead (the first
    is the one shown: `paren （一）`). `what` names the choice in messages (type, numbering)."""

    def __init__(self, names: Mapping[str, Iterable[str]], what: str = "") -> None:
        self.names = {value: tuple(chinese) for value, chinese in names.items()}
        self.what = what
        self._folded = {
            fold(name): value for value, chinese in self.names.items() for name in chinese
        }

    def expectation(self) -> str:
        return _("one of: {choices}").format(choices=self.shown())

    def fits(self, value: Any) -> bool:
        return isinstance(value, str) or _is_number(value)

    def english(self, typed: Any) -> Any:
        """The value a Chinese name stands for (工作回顾 → review); anything else as it is."""
        if not isinstance(typed, str) or typed in self.names:
            return typed
        return self._folded.get(fold(typed), typed)

    def chinese(self) -> dict[str, str]:
        """Chinese name → the value it stands for."""
        return {name: value for value, chinese in self.names.items() for name in chinese}

    def shown(self, values: Iterable[str] | None = None) -> str:
        """review 工作回顾, situation 形势分析, … (the Chinese names hold 、 and ， themselves:
        Chinese quotes each, review“工作回顾”、di“第一，”)."""
        chosen = self.names if values is None else values
        named = _("{value} {name}")
        return listed(
            named.format(value=v, name=self.names[v][0]) if self.names[v] else v for v in chosen
        )

    def hinted(self, message: str, typed: str) -> str:
        """`message`, with the value or Chinese name `typed` may have meant."""
        return with_hint(message, typed, self.names, self.chinese())

    def take(self, value: Any, path: PathKey, reading: Reading) -> Any:
        typed = value if isinstance(value, str) else str(value)
        english = self.english(typed)
        if english in self.names:
            return english
        message = _("'{value}' is not one of: {choices}").format(value=typed, choices=self.shown())
        return reading.slip(path, self.hinted(message, typed))

    def schema(self, ref: Ref, values: Iterable[str] | None = None) -> dict[str, Any]:
        """Every value and Chinese name, each described (`enumDescriptions`, which editors
        show beside each completion)."""
        enum: list[str] = []
        descriptions: list[str] = []
        for value in self.names if values is None else values:
            enum.append(value)
            descriptions.append("、".join(self.names[value]) or value)
            for name in self.names[value]:
                enum.append(name)
                descriptions.append(f"同 {value}")
        return {"type": "string", "enum": enum, "enumDescriptions": descriptions}


class Maybe(Kind):
    """Nothing (YAML's null, or a key left empty), or what `inner` reads."""

    def __init__(self, inner: Kind) -> None:
        self.inner = inner

    def expectation(self) -> str:
        return self.inner.expectation()

    def fits(self, value: Any) -> bool:
        return value is None or self.inner.fits(value)

    def take(self, value: Any, path: PathKey, reading: Reading) -> Any:
        return None if value is None else self.inner.take(value, path, reading)

    def schema(self, ref: Ref) -> dict[str, Any]:
        return {"anyOf": [self.inner.schema(ref), {"type": "null"}]}

    def records(self) -> tuple[type[Record], ...]:
        return self.inner.records()

    def pick(self, value: Any) -> tuple[type[Record], ...]:
        return self.inner.pick(value)

    def element(self) -> Kind | None:
        return self.inner.element()

    def values(self) -> Kind | None:
        return self.inner.values()


class Either(Kind):
    """One of several kinds: the one the value fits (true/false or a sentence; text or a
    mapping). Where several fit (two records), the one that reads it, else the one with the
    fewest slips, says what is wrong."""

    def __init__(self, *kinds: Kind) -> None:
        self.kinds = kinds

    def expectation(self) -> str:
        said = self.kinds[0].expectation()
        for kind in self.kinds[1:]:
            said = _("{first} or {second}").format(first=said, second=kind.expectation())
        return said

    def fits(self, value: Any) -> bool:
        return any(kind.fits(value) for kind in self.kinds)

    def take(self, value: Any, path: PathKey, reading: Reading) -> Any:
        fitting = [kind for kind in self.kinds if kind.fits(value)]
        if len(fitting) == 1:
            return fitting[0].take(value, path, reading)
        tries = []
        for kind in fitting:
            trial = Reading()
            read = kind.take(value, path, trial)
            if not trial.slips:
                return read
            tries.append(trial.slips)
        reading.slips += min(tries, key=len)
        return INVALID

    def schema(self, ref: Ref) -> dict[str, Any]:
        return {"anyOf": [kind.schema(ref) for kind in self.kinds]}

    def records(self) -> tuple[type[Record], ...]:
        return tuple(record for kind in self.kinds for record in kind.records())

    def pick(self, value: Any) -> tuple[type[Record], ...]:
        fitting = (kind for kind in self.kinds if kind.fits(value))
        return tuple(record for kind in fitting for record in kind.pick(value))

    def element(self) -> Kind | None:
        return next((k.element() for k in self.kinds if k.element() is not None), None)

    def values(self) -> Kind | None:
        return next((k.values() for k in self.kinds if k.values() is not None), None)


class ListOf(Kind):
    expected = N_("a list (lines starting with '- ')")

    def __init__(self, inner: Kind) -> None:
        self.inner = inner

    def fits(self, value: Any) -> bool:
        return isinstance(value, list)

    def take(self, value: Any, path: PathKey, reading: Reading) -> Any:
        read = [self.inner.read(item, (*path, index), reading) for index, item in enumerate(value)]
        return INVALID if any(item is INVALID for item in read) else read

    def schema(self, ref: Ref) -> dict[str, Any]:
        return {"type": "array", "items": self.inner.schema(ref)}

    def records(self) -> tuple[type[Record], ...]:
        return self.inner.records()

    def pick(self, value: Any) -> tuple[type[Record], ...]:
        return ()

    def element(self) -> Kind | None:
        return self.inner


class MapOf(Kind):
    """A mapping of names (read by `names`, said at the key) to values read by `inner`."""

    expected = N_("a mapping of keys (key: value)")

    def __init__(self, inner: Kind, names: Kind | None = None) -> None:
        self.inner = inner
        self.names = names or Text(numbers=False)

    def fits(self, value: Any) -> bool:
        return isinstance(value, dict)

    def take(self, value: Any, path: PathKey, reading: Reading) -> Any:
        read: dict[Any, Any] = {}
        for key, item in value.items():
            here = (*path, key)
            trial = Reading()
            name = self.names.read(key, here, trial)
            for slip in trial.slips:
                reading.slip(slip.path, slip.message, at_key=True)
            if name in read:
                reading.slip(here, _("'{key}' is given twice").format(key=key), at_key=True)
                name = INVALID
            read[name] = self.inner.read(item, here, reading)
        if INVALID in read or any(item is INVALID for item in read.values()):
            return INVALID
        return read

    def schema(self, ref: Ref) -> dict[str, Any]:
        found = {"type": "object", "additionalProperties": self.inner.schema(ref)}
        names = self.names.schema(ref)
        if "enum" in names:
            found["propertyNames"] = names
        return found

    def records(self) -> tuple[type[Record], ...]:
        return self.inner.records()

    def pick(self, value: Any) -> tuple[type[Record], ...]:
        return ()

    def values(self) -> Kind | None:
        return self.inner


class One(Kind):
    """A record read from a mapping (`record` may be a function giving it, for a record that
    holds itself: items inside items)."""

    expected = N_("a mapping of keys (key: value)")

    def __init__(self, record: type[Record] | Callable[[], type[Record]]) -> None:
        self._record = record

    @property
    def record(self) -> type[Record]:
        found = self._record
        return found if isinstance(found, type) else found()

    def fits(self, value: Any) -> bool:
        return isinstance(value, dict)

    def take(self, value: Any, path: PathKey, reading: Reading) -> Any:
        from drafter.schema.records import read_record

        return read_record(self.record, value, path, reading)

    def schema(self, ref: Ref) -> dict[str, Any]:
        return ref(self.record)

    def records(self) -> tuple[type[Record], ...]:
        return (self.record,)


class Tagged(Kind):
    """One of several records, chosen by the mapping's `type` (typed in English or Chinese):
    each record names its own as `tag`."""

    expected = N_("a mapping of keys (key: value)")

    def __init__(self, tag: Choice, *records: type[Record]) -> None:
        self.tag = tag
        self.by_tag = {record.tag: record for record in records}

    def fits(self, value: Any) -> bool:
        return isinstance(value, dict)

    def take(self, value: Any, path: PathKey, reading: Reading) -> Any:
        from drafter.schema.records import read_record

        shown = self.tag.shown(self.by_tag)
        if "type" not in value or value["type"] is None:
            return reading.slip(path, _("needs a 'type': one of {choices}").format(choices=shown))
        typed = value["type"]
        record = self.by_tag.get(self.tag.english(typed)) if isinstance(typed, str) else None
        if record is None:
            unknown = _("unknown type '{type}'").format(type=typed)
            message = _("{message}; types: {choices}").format(
                message=self.tag.hinted(unknown, str(typed)), choices=shown
            )
            return reading.slip(path, message)
        return read_record(record, {**value, "type": record.tag}, path, reading)

    def pick(self, value: Any) -> tuple[type[Record], ...]:
        """The record a mapping's `type` names, typed in Chinese or under a Chinese key alike
        (all of them while it names none)."""
        records = tuple(self.by_tag.values())
        if isinstance(value, dict):
            names = {alias: key for record in records for alias, key in record.aliases.items()}
            tags = [v for k, v in value.items() if k == "type" or names.get(k) == "type"]
            typed = tags[0] if tags and isinstance(tags[0], str) else None  # type: [] is no type
            record = self.by_tag.get(self.tag.english(typed)) if typed else None
            if record is not None:
                return (record,)
        return records

    def schema(self, ref: Ref) -> dict[str, Any]:
        mapping = {tag: ref(record)["$ref"] for tag, record in self.by_tag.items()}
        mapping |= {
            name: mapping[value] for name, value in self.tag.chinese().items() if value in mapping
        }
        return {
            "oneOf": [ref(record) for record in self.by_tag.values()],
            "discriminator": {"propertyName": "type", "mapping": mapping},
        }

    def records(self) -> tuple[type[Record], ...]:
        return tuple(self.by_tag.values())


class DateOrText(Kind):
    """A date, typed the ways writers type one (`parse`: text → a date, text kept as written,
    or ValueError saying why it is no date), or other text kept as written."""

    expected = N_("a date like 2026-01-20 or text")

    def __init__(self, parse: Callable[[str], Any], text: Text) -> None:
        self.parse = parse
        self.text = text

    def fits(self, value: Any) -> bool:
        return isinstance(value, dt.date) or self.text.fits(value)

    def take(self, value: Any, path: PathKey, reading: Reading) -> Any:
        if isinstance(value, dt.datetime):
            return reading.slip(path, _("expected a date like 2026-01-20 (without a time)"))
        if isinstance(value, dt.date):
            return value
        try:
            parsed = self.parse(value) if isinstance(value, str) else value
        except ValueError as err:
            return reading.slip(path, str(err))
        return parsed if isinstance(parsed, dt.date) else self.text.take(parsed, path, reading)

    def schema(self, ref: Ref) -> dict[str, Any]:
        return {"type": "string"}  # an editor reads 2026-01-20 in YAML as text
