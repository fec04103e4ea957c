"""Where each piece of a draft comes from: marks put on text as it enters a template, and the
sources they name once the markup is parsed.

Every outline value reaches the templates (`templating.to_view`) marked line by line with its
key and line; library text filled in for a `use:` (`filling.fill`) is marked with its entry;
filters that work numbers out mark what they return as computed (`computed`), those that look
at a text's first or last characters look past the marks (`through_marks`), and those that
write a figure or a date mark what they write with its key (`keyed`). The markup parser
(`markup.parse`) takes the marks out and asks the render's `Trace` what each names; text in no
mark is the kind's template, named by the part it stands in (`template_name`). Keys whose
values templates compare or pass on (a part's type, a unit, a numbering style) are never
marked (`CODES`), and a template's own look at a value's edges (`.endswith("。")`, `.strip()`)
looks past the marks too (`past_marks`, called by the sandbox); and a marked value is a
`Marked` text, whose length, characters and comparisons are the writer's words: templates read
as they always did.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial, wraps
from typing import TYPE_CHECKING, Any, TypeVar

from drafter.document import Source
from drafter.outline.config import OUTLINE_KEYS
from drafter.outline.model import CHOICES
from drafter.outline.tables import NUMBER_ROLES
from drafter.render.markup import (
    MARK_CHARS,
    MARK_END,
    MARK_FIRST,
    MAX_MARKS,
    Place,
    escape,
    unmarked,
)
from drafter.schema.source import PathKey, format_path, value_at

if TYPE_CHECKING:
    from drafter.errors import Location
    from drafter.outline.config import Settings
    from drafter.outline.load import LoadedOutline
    from drafter.outline.values import ValueLocator

F = TypeVar("F", bound=Callable[..., Any])

# Keys whose values are codes templates compare or pass on, never the writer's words.
CODES = frozenset(CHOICES) | {
    "kind",
    "style",
    "unit",
    "run_in",
    "use",
    "with",
    "from",
    "row",
    "checks",
    "data",
}
COMPUTED = 0  # the mark of numbers drafter worked out
_COMPUTED_OPEN = chr(MARK_FIRST + COMPUTED)
_LAST_OPEN = chr(MARK_FIRST + MAX_MARKS - 1)
SNIPPET = 12  # characters of a line looked for in the outline, to find the line
# Computed marks are made only while a traced template runs (never in library text, which
# reaches templates as a value, nor in a render nobody traces).
_TRACING: contextvars.ContextVar[bool] = contextvars.ContextVar("tracing", default=False)


def template_name(kind: str, part: str) -> str:
    """How a kind's template text for one part is named: work-conference/opening."""
    return f"{kind}/{part}"


@dataclass(frozen=True)
class Origin:
    """What a mark names: line `line` of the outline value at `path`, or the library entry
    `stock` that the `use:` at `path` names."""

    path: PathKey
    line: int = 0
    stock: str = ""
    words: str = field(default="", compare=False)  # the line's words, to find where they stand

    @property
    def snippet(self) -> str:
        """The line's first words, to find the line."""
        return self.words[:SNIPPET]


def outline_lines(text: str, path: PathKey) -> list[Origin]:
    """The origin of each line of the outline value at `path`."""
    return [Origin(path, k, words=line.strip()) for k, line in enumerate(text.split("\n"))]


def stock_lines(text: str, path: PathKey, entry: str) -> list[Origin]:
    """The origin of each line of the library entry `entry`'s text, used at `path`."""
    return [Origin(path, stock=entry)] * (text.count("\n") + 1)


class Marked(str):
    """An outline value as a template holds it. Its text, which the draft prints, carries the
    source marks and the markup's escapes; a template's look at it (`==`, `in`, `|length`, an
    index or a slice, a loop over its characters, sorting) sees the writer's words, so that
    `o.occasion|length` counts what the writer typed and `o.speaker == "张三"` holds. An index
    or a slice gives unmarked words, a character the markup uses escaped (`\\#`)."""

    words: str

    def __new__(cls, text: str, words: str) -> Marked:
        made = super().__new__(cls, text)
        made.words = words
        return made

    def __len__(self) -> int:
        return len(self.words)

    def __getitem__(self, key: Any) -> str:  # type: ignore[override]
        return escape(self.words[key])

    def __iter__(self) -> Iterator[str]:
        return map(escape, self.words)

    def __contains__(self, part: object) -> bool:  # type: ignore[override]
        return isinstance(part, str) and words(part) in self.words

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and self.words == words(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self.words)

    def __lt__(self, other: str) -> bool:  # type: ignore[override]
        return self.words < words(other)

    def __le__(self, other: str) -> bool:  # type: ignore[override]
        return self.words <= words(other)

    def __gt__(self, other: str) -> bool:  # type: ignore[override]
        return self.words > words(other)

    def __ge__(self, other: str) -> bool:  # type: ignore[override]
        return self.words >= words(other)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Marked, (str(self), self.words))


def words(text: str) -> str:
    """What a template compares of a text: a `Marked` value's words, any other text itself."""
    return text.words if isinstance(text, Marked) else text


def viewed(text: str, value: str) -> str:
    """`value` as a template holds it, given its marked and escaped `text`."""
    return text if text == value else Marked(text, value)


_PRINTED = re.compile(f"\\\\(.)|[{MARK_CHARS}]", re.S)


def as_view(text: Any) -> Any:
    """Text a template made (a filter's result, a join) as templates hold it: `Marked` when it
    carries marks or escapes, so that its words are what `|length` and `==` see."""
    if type(text) is not str or not _PRINTED.search(text):  # Marked already, or not text
        return text
    if "\\" not in text:  # marks only, the usual case: taken out without a call a mark
        return Marked(text, unmarked(text))
    return Marked(text, _PRINTED.sub(lambda found: found.group(1) or "", text))


def as_printed(value: Any) -> Any:
    """What drafter's own code works on: a `Marked` value's text (marks and escapes in it)."""
    return str.__str__(value) if isinstance(value, Marked) else value


class Trace:
    """One render's marks: given out as values enter the template, read back by the markup
    parser as sources (`markup.Tracer`)."""

    def __init__(self, loaded: LoadedOutline, kind: str, settings: Settings | None = None) -> None:
        self.loaded = loaded
        self.kind = kind
        self.settings = settings  # the office's, for the values an outline takes from them
        self._origins: list[Origin | None] = [None]  # mark 0: computed
        self._ids: dict[Origin, int] = {}
        self._filled: dict[PathKey, list[Origin]] = {}
        self._within: dict[PathKey, list[tuple[str, Origin]]] = {}
        self._sources: dict[tuple[tuple[int, ...], Place], Source] = {}
        self._locator: ValueLocator | None = None

    # --- marks going in ---------------------------------------------------------------------

    def filled(self, path: PathKey, origins: list[Origin]) -> None:
        """The value at `path` was put together by `fill`: where each of its lines came from."""
        self._filled[path] = origins

    def within(self, use: PathKey, words: list[tuple[str, Origin]]) -> None:
        """The library text that the `use:` at `use` names holds these words of the outline
        (its `with:` values): each is marked with its own origin inside the entry's mark."""
        self._within[use] = sorted(words, key=lambda found: -len(found[0]))  # longest first

    def mark(self, value: str, path: PathKey) -> str:
        """An outline value as templates see it: escaped, each line's words inside its mark."""
        return viewed(self._marked(value, path), value)

    def _marked(self, value: str, path: PathKey) -> str:
        filled = self._filled.get(path)
        if filled is None and "\n" not in value and value and value.strip() == value:
            opened = self._open(Origin(path, words=value))
            return opened + escape(value) + MARK_END if opened else escape(value)
        origins = filled or outline_lines(value, path)
        lines = []
        for k, line in enumerate(value.split("\n")):
            words = line.strip()
            origin = origins[k] if k < len(origins) else Origin(path, k, words=words)
            opened = self._open(origin) if words else ""
            if not opened:
                lines.append(escape(line))
                continue
            start = len(line) - len(line.lstrip())
            end = start + len(words)
            inner = self._inside(words, self._within.get(origin.path, ()) if origin.stock else ())
            lines.append(line[:start] + opened + inner + MARK_END + line[end:])
        return "\n".join(lines)

    def _inside(self, text: str, words: Sequence[tuple[str, Origin]]) -> str:
        """`text` escaped, each of `words` in it inside its own mark."""
        for found, origin in words:
            at = text.find(found)
            if at >= 0:
                opened = self._open(origin)
                if opened:
                    rest = self._inside(text[at + len(found) :], words)
                    return self._inside(text[:at], words) + opened + escape(found) + MARK_END + rest
        return escape(text)

    def opener(self, path: PathKey) -> str:
        """The mark that opens text written from the record or date at `path`."""
        return self._open(Origin(path))

    def dated(self, value: dt.date, path: PathKey) -> dt.date:
        """A date that says where it stands, so the date written from it is marked."""
        return _Dated(value, self, path)

    @contextmanager
    def rendering(self) -> Iterator[None]:
        """While the kind's template runs: computed numbers are marked."""
        token = _TRACING.set(True)
        try:
            yield
        finally:
            _TRACING.reset(token)

    def _open(self, origin: Origin) -> str:
        found = self._ids.get(origin)
        if found is None:
            if len(self._origins) >= MAX_MARKS:  # an outline of more values: left unmarked
                return ""
            found = self._ids[origin] = len(self._origins)
            self._origins.append(origin)
        return chr(MARK_FIRST + found)

    # --- sources coming out -----------------------------------------------------------------

    def source(self, marks: tuple[int, ...], place: Place) -> Source:
        """The source of text inside `marks` standing at `place` (`markup.Tracer`)."""
        key = (marks, place)
        found = self._sources.get(key)
        if found is None:
            found = self._sources[key] = self._source(marks, place)
        return found

    def _source(self, marks: tuple[int, ...], place: Place) -> Source:
        source = None
        computed = COMPUTED in marks
        for mark in reversed(marks):  # the innermost mark that names what the outline says
            origin = self._origins[mark] if mark < len(self._origins) else None
            source = None if origin is None else self._resolve(origin, computed)
            if source is not None:
                break
        source = source or self._template(place)
        return replace(source, computed=True) if computed else source

    def _resolve(self, origin: Origin, computed: bool = False) -> Source | None:
        """The source an origin names; None for a value the outline does not hold (a
        default, an office setting): such a value reads as the text around it."""
        path = format_path(origin.path)
        if origin.stock:
            if not self._written(origin.path):  # the kind's default closing
                return Source(path, stock=origin.stock)
            where = self._where(origin.path)
            return Source(path, where.line, where.column, stock=origin.stock)
        if not self._holds(origin.path):
            return self._office(origin.path)
        where = self.locator().at(origin.path, origin.snippet)
        last = self._last_line(where.line, origin.words)
        source = Source(path, where.line, where.column, last_line=last)
        found = self.loaded.figure_sources.get(origin.path)
        if found is None:
            return source
        # the figure's number is its value; what drafter works out reads the others too
        roles = NUMBER_ROLES if computed else NUMBER_ROLES[:1]
        cells = (found.cell(key) for key in roles if key in found.taken)
        refs = tuple(cell.ref for cell in cells if cell is not None)
        return replace(source, table=found.file, cells=refs) if refs else source

    def _office(self, path: PathKey) -> Source | None:
        """An office default the outline took from a drafter.yaml: its key there."""
        if self.settings is None or len(path) != 1 or path[0] not in OUTLINE_KEYS:
            return None
        setting = self.settings.values.get(str(path[0]))
        if setting is None or value_at(path, self.loaded.data) is not None:
            return None
        where = setting.origin
        return Source(str(path[0]), where.line, where.column, settings=where.file)

    def _last_line(self, line: int, words: str) -> int:
        """The last line of the outline that `words`, beginning on `line`, run on to (a folded
        `>` value, a quoted one wrapped over lines); 0 when they stand on one line."""
        if not line or not words:
            return 0
        lines = self.locator().lines
        joined = "".join(words.split())
        last = line
        while last < len(lines):
            following = "".join(lines[last].split()).strip("\"'")
            if not following or following.startswith("#") or following not in joined:
                break
            last += 1
        return last if last > line else 0

    def _holds(self, path: PathKey) -> bool:
        """Whether the outline file has a value at `path` (`opening: 今天……` holds the
        opening's text)."""
        values = self.loaded.source.values
        if path in values:
            return True
        return path[-1] == "text" and isinstance(value_at(path[:-1], self.loaded.data), str)

    def _template(self, place: Place) -> Source:
        if isinstance(place, int):
            parts = self.loaded.outline.parts
            part = parts[place].type if place < len(parts) else "parts"
            path: PathKey = ("parts", place) if place < len(parts) else ("parts",)
        else:
            part, path = place, (place,) if place != "header" else ()
        name = template_name(self.kind, part)
        if not path or not self._written(path):
            return Source(template=name)
        where = self._where(path)
        return Source(format_path(path), where.line, where.column, template=name)

    def _written(self, path: PathKey) -> bool:
        """Whether the outline file has what `path` is in (a kind's default closing stands
        for a `closing:` the outline may not have)."""
        return bool(path) and path[0] in (self.loaded.data or {})

    def _where(self, path: PathKey) -> Location:
        """Where the writer acts on `path`: its key when it holds a mapping, else its value."""
        mapping = isinstance(value_at(path, self.loaded.data), dict)
        return self.loaded.source.locate(path, prefer_key=mapping and isinstance(path[-1], str))

    def locator(self) -> ValueLocator:
        if self._locator is None:
            from drafter.outline.values import ValueLocator

            self._locator = ValueLocator(self.loaded, {})
        return self._locator


class _Dated(dt.date):
    """A date of the outline that knows its mark (`Trace.dated`)."""

    _trace: Trace
    _path: PathKey

    def __new__(cls, value: dt.date, trace: Trace, path: PathKey) -> _Dated:
        made = super().__new__(cls, value.year, value.month, value.day)
        made._trace, made._path = trace, path
        return made

    def _source_mark(self) -> str:
        return self._trace.opener(self._path)


# --- filters that see marks (decorators for `render/filters.py`) ------------------------------


def _opens(char: str) -> bool:
    return MARK_FIRST <= ord(char) <= ord(_LAST_OPEN)


def _edges(text: str) -> tuple[str, str, str]:
    """(the marks text opens with, its words, the end marks it closes with)."""
    start = 0
    while start < len(text) and _opens(text[start]):
        start += 1
    end = len(text)
    while end > start and text[end - 1] == MARK_END and not _escaped(text, end - 1):
        end -= 1
    return text[:start], text[start:end], text[end:]


def _escaped(text: str, index: int) -> bool:
    """Whether the character at `index` is escaped (an odd number of \\ before it)."""
    count = 0
    while index - count > 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def through_marks(function: F) -> F:
    """A filter that looks at the first or last characters of its text, made to look past the
    marks at its edges: it works on the words, and the marks stay around what it returns."""

    @wraps(function)
    def looking_past(text: Any, *args: Any, **kwargs: Any) -> Any:
        text = as_printed(text)
        if not isinstance(text, str) or not text:
            return function(text, *args, **kwargs)
        if not (_opens(text[0]) or text[-1] == MARK_END):
            return function(text, *args, **kwargs)
        head, words, tail = _edges(text)
        result = function(words, *args, **kwargs)
        if not isinstance(result, str):
            return result
        return head + result + tail if result else ""

    return looking_past  # type: ignore[return-value]


_EDGE_METHODS = frozenset({"startswith", "endswith", "strip", "lstrip", "rstrip"})


def past_marks(function: Any) -> Any:
    """A template's call of a text's method that looks at its edges (`title.endswith("。")`,
    `.strip()`), made to look past the marks there, as the filters do; any other as it is."""
    owner = as_printed(getattr(function, "__self__", None))
    name = getattr(function, "__name__", "")
    if type(owner) is not str or name not in _EDGE_METHODS or not owner:
        return function
    if not (_opens(owner[0]) or owner[-1] == MARK_END):
        return function
    return partial(through_marks(getattr(str, name)), owner)


def computed(function: F) -> F:
    """A filter that works numbers out (growth, counts): what it writes is marked computed,
    while a traced template runs."""

    @wraps(function)
    def marked(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        if _TRACING.get() and isinstance(result, str) and result:
            return _COMPUTED_OPEN + result + MARK_END
        return result

    return marked  # type: ignore[return-value]


def keyed(function: F) -> F:
    """A filter that writes one outline record or date (a figure's clause, a date): what it
    writes is marked with that record's key."""

    @wraps(function)
    def marked(value: Any, *args: Any, **kwargs: Any) -> Any:
        result = function(value, *args, **kwargs)
        opener = getattr(value, "_source_mark", None)
        if opener is None or not isinstance(result, str) or not result:
            return result
        opened = opener()
        return opened + result + MARK_END if opened else result

    return marked  # type: ignore[return-value]
