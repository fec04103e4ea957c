"""Records: the one declaration of each thing drafter reads from YAML (an outline, a library
entry, a style profile, the office settings).

A record class lists its fields, each made by `field`: the kind of value it holds
(`schema.fields`), its default, its YAML key when that is not the field's name (`with`,
`from`), the Chinese keys a writer may type instead, and a description. From that declaration
come reading with every problem located (`read_record`, `read_file`), the Chinese keys read as
English ones (`english_keys`), the JSON Schema (`schema.export`) and the reference tables of the
docs. A record is a plain, read-only object; `replace` gives a changed copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar, dataclass_transform

from drafter.errors import DrafterError, Problem, with_hint
from drafter.i18n import N_, _
from drafter.schema.fields import INVALID, Kind, Reading, Slip, describe
from drafter.schema.source import (
    PathKey,
    SourceMap,
    colon_after_key,
    colon_problem,
    format_path,
)

RecordT = TypeVar("RecordT", bound="Record")
_REQUIRED: Any = object()


@dataclass(frozen=True)
class Field:
    """One field of a record: the kind of its value, its default (or a factory making one),
    its YAML key when not its name, the Chinese keys it may be typed as, and what it is for."""

    kind: Kind
    default: Any = _REQUIRED
    factory: Callable[[], Any] | None = None
    key: str = ""
    zh: tuple[str, ...] = ()
    doc: str = ""

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED and self.factory is None

    def value(self) -> Any:
        return self.factory() if self.factory is not None else self.default

    def but(self, *, required: bool = False, **changes: Any) -> Field:
        """This field with some of its declaration changed (a subclass's stricter title)."""
        if required:
            changes |= {"default": _REQUIRED, "factory": None}
        return Field(**{**self.__dict__, **changes})


def field(
    kind: Kind,
    default: Any = _REQUIRED,
    *,
    factory: Callable[[], Any] | None = None,
    key: str = "",
    zh: str | tuple[str, ...] = (),
    doc: str = "",
) -> Any:
    """Declare a field (typed Any so that `name: str = field(…)` reads as a dataclass does)."""
    return Field(kind, default, factory, key, (zh,) if isinstance(zh, str) else zh, doc)


class FieldError(ValueError):
    """A record's check that concerns one of its keys (said at that key)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(field,))
class Record:
    """A plain, read-only object with declared fields. Constructing one fills the defaults and
    checks nothing: reading (`read_record`) checks."""

    fields: ClassVar[dict[str, Field]] = {}
    by_key: ClassVar[dict[str, str]] = {}  # YAML key → field name
    aliases: ClassVar[dict[str, str]] = {}  # Chinese key → YAML key
    tag: ClassVar[str] = ""  # the `type` that picks this record among others (Tagged)
    where: ClassVar[str] = ""  # where it stands, for the docs' tables: "a figure"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields = dict(cls.fields)  # a base's fields first, a redeclared one in its place
        for name, value in list(cls.__dict__.items()):
            if isinstance(value, Field):
                fields[name] = value
                delattr(cls, name)  # instances hold values; `cls.fields` holds declarations
        cls.fields = fields
        cls.by_key = {(f.key or name): name for name, f in fields.items()}
        cls.aliases = {alias: (f.key or name) for name, f in fields.items() for alias in f.zh}

    def __init__(self, **values: Any) -> None:
        for name in values:
            if name not in self.fields:
                raise TypeError(f"{type(self).__name__} has no field '{name}'")
        for name, declared in self.fields.items():
            value = values[name] if name in values else declared.value()
            if value is _REQUIRED:
                raise TypeError(f"{type(self).__name__} needs '{name}'")
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def replace(self: RecordT, **changes: Any) -> RecordT:
        """A copy with some fields changed (unchecked)."""
        return type(self)(**{name: getattr(self, name) for name in self.fields} | changes)

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
    def before(cls, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        """The record's own reading of its mapping before its fields are read: the mapping,
        and what is wrong at which key."""
        return data, {}

    def check(self) -> None:
        """The record's checks as a whole: ValueError (FieldError for one key) says why not."""


def read_record(record: type[RecordT], data: Any, path: PathKey, reading: Reading) -> RecordT | Any:
    """`data` read as `record`: every key known, every required key given, every value read
    by its field's kind; each slip noted in `reading` (INVALID when there is any)."""
    if not isinstance(data, dict):
        return reading.wrong(_RecordKind(), data, path)
    data, wrong = record.before(data)
    slips = len(reading.slips)
    for key, message in wrong.items():
        reading.slip((*path, key), message)
    for key in data:
        if key not in record.by_key:
            typed = str(key)
            unknown = _("unknown key '{key}'").format(key=typed)
            message = with_hint(unknown, typed, record.by_key, record.aliases)
            reading.slip((*path, key), message, at_key=True)
    values: dict[str, Any] = {}
    for key, name in record.by_key.items():
        declared = record.fields[name]
        if key in data and key not in wrong:
            values[name] = declared.kind.read(data[key], (*path, key), reading)
        elif key not in data and declared.required:
            reading.slip((*path, key), _("required key '{key}' is missing").format(key=key))
    if len(reading.slips) > slips:
        return INVALID
    made = record(**values)
    try:
        made.check()
    except FieldError as err:
        return reading.slip((*path, err.key), str(err))
    except ValueError as err:
        return reading.slip(path, str(err))
    return made


class _RecordKind(Kind):
    expected = N_("a mapping of keys (key: value)")

    def mapping(self) -> bool:
        return True


def read_valid(record: type[RecordT], data: Any) -> RecordT | None:
    """`data` read as `record`, or None when anything in it is wrong."""
    reading = Reading()
    made = read_record(record, data, (), reading)
    return None if reading.slips else made


def located(slips: Iterable[Slip], source: SourceMap, prefix: PathKey = ()) -> list[Problem]:
    """Slips as problems at their file:line:col; text typed where a mapping was expected that
    begins with a key and a full-width colon (- headline：党建) is said at that colon."""
    problems = []
    for slip in slips:
        path = (*prefix, *slip.path)
        location = source.locate(path, prefer_key=slip.at_key)
        colon = colon_after_key(slip.found) if slip.found is not None else None
        if colon is not None:
            key, index = colon
            at = type(location)(location.file, location.line, location.column + index)
            problems.append(colon_problem(key, at, format_path(path)))
        else:
            problems.append(Problem(slip.message, location, format_path(path)))
    return problems


def read_file(
    record: type[RecordT],
    data: Any,
    source: SourceMap,
    error: type[DrafterError],
    what: str = N_("file"),
) -> RecordT:
    """A whole YAML file read as `record`; `error` with every problem when it cannot be.
    `what` names the file in messages ("style profile"), marked for the catalogue."""
    if not isinstance(data, dict):
        if data is None:
            message = _("the {what} is empty").format(what=_(what))
        else:
            message = _("the {what} is {found}, not a mapping").format(
                what=_(what), found=describe(data)
            )
        raise error(problems=[Problem(message, source.locate(()))])
    reading = Reading()
    made = read_record(record, data, (), reading)
    if reading.slips:
        raise error(problems=located(reading.slips, source))
    return made


@dataclass(frozen=True)
class Alias:
    """A Chinese key the writer typed, read as its English key (`path` ends with the English)."""

    path: PathKey
    typed: str
    key: str


def english_keys(
    data: dict[str, Any],
    source: SourceMap,
    root: type[Record],
    kinds: dict[PathKey, Kind] | None = None,
) -> tuple[dict[str, Any], list[Alias], list[Problem]]:
    """`data` with every Chinese key replaced by its English key (values untouched), the
    source map's locations moved along; the aliases used, and a key given under both names
    (讲话人 and speaker) as a problem at the alias. `kinds`, when given, gets the declared
    kind of each value walked, by its English path (what `check` asks of a value as written)."""
    aliases: list[Alias] = []
    problems: list[Problem] = []
    moved: dict[PathKey, PathKey] = {}

    def walk(value: Any, kind: Kind | None, old: PathKey, new: PathKey) -> Any:
        if old != new:
            moved[old] = new
        if kinds is not None and kind is not None:
            kinds[new] = kind
        if isinstance(value, list):
            inner = kind.element() if kind is not None else None
            return [walk(v, inner, (*old, i), (*new, i)) for i, v in enumerate(value)]
        if not isinstance(value, dict):
            return value
        records = kind.pick(value) if kind is not None else ()
        if not records:  # a free mapping (with:, data:): its keys are names
            inner = kind.values() if kind is not None else None
            return {k: walk(v, inner, (*old, k), (*new, k)) for k, v in value.items()}
        names = {alias: key for record in records for alias, key in record.aliases.items()}
        declared = {
            (declaration.key or name): declaration.kind
            for record in records
            for name, declaration in record.fields.items()
        }
        result: dict[str, Any] = {}
        for key, item in value.items():
            english = key if key in declared or key not in names else names[key]
            if english != key:
                if english in value or english in result:
                    message = _("'{key}' is '{english}', which is given too; keep one").format(
                        key=key, english=english
                    )
                    where = source.locate((*old, key), prefer_key=True)
                    problems.append(Problem(message, where, format_path((*new, english))))
                    continue
                aliases.append(Alias((*new, english), key, english))
            result[english] = walk(item, declared.get(english), (*old, key), (*new, english))
        return result

    translated = walk(data, _RootKind(root), (), ())
    if moved:
        source.values = {moved.get(p, p): loc for p, loc in source.values.items()}
        source.keys = {moved.get(p, p): loc for p, loc in source.keys.items()}
    return translated, aliases, problems


class _RootKind(Kind):
    def __init__(self, record: type[Record]) -> None:
        self.record = record

    def records(self) -> tuple[type[Record], ...]:
        return (self.record,)


def walk_fields(root: type[Record]) -> Iterator[tuple[type[Record], str, Field]]:
    """Every record reachable from `root` (each once) with each of its fields, for the JSON
    Schema and the docs' tables."""
    seen: list[type[Record]] = []
    todo = [root]
    while todo:
        record = todo.pop(0)
        if record in seen:
            continue
        seen.append(record)
        for name, declared in record.fields.items():
            yield record, name, declared
            todo.extend(r for r in declared.kind.records() if r not in seen)


@dataclass(frozen=True)
class KeyRow:
    """One key of a record and its Chinese names, with every place it stands (the docs'
    table of Chinese keys): a field shared by several records (a part's title) is one row."""

    key: str
    zh: tuple[str, ...]
    places: tuple[str, ...]
    doc: str


def key_rows(root: type[Record]) -> list[KeyRow]:
    """Every key of `root` and of the records inside it that has Chinese names; a key with the
    same names in several places (text 正文) is one row naming each place."""
    rows: dict[tuple[str, tuple[str, ...]], KeyRow] = {}
    for record, name, declared in walk_fields(root):
        if not declared.zh:
            continue
        place = next(  # where it was declared: a part's title is a part's, not a review's
            base.where
            for base in reversed(record.__mro__)
            if any(f is declared for f in getattr(base, "fields", {}).values())
        )
        key = (declared.key or name, declared.zh)
        found = rows.get(key, KeyRow(key[0], key[1], (), declared.doc))
        if place not in found.places:
            found = KeyRow(found.key, found.zh, (*found.places, place), found.doc)
        rows[key] = found
    return list(rows.values())
