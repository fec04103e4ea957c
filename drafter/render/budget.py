"""The work one render may do, and the size of any value a template may build.

One `Budget` covers a whole render: the kind's template, its parts, a writer's own templates and
every library entry filled in for it. It counts steps (each loop iteration, call, filter, line
wrapped and number asked of `range()`), the characters written, the characters and items of
every value built (so memory stays bounded however many values a template keeps), and the time
since the render began. The size checks bound every operation that could build a huge value in
one step, before it does.
"""

from __future__ import annotations

import contextvars
import os
import re
import string
import sys
import time
from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from contextlib import contextmanager
from itertools import chain
from typing import Any

from jinja2.utils import Namespace

from drafter.errors import UsageError
from drafter.i18n import N_, _

MAX_STEPS = 2_000_000
MAX_OUTPUT_CHARS = 20_000_000  # all the text of one render; also the largest value
MAX_ITEMS = 1_000_000  # the items of one list, dict or set a template builds
MAX_BUILT_CHARS = 200_000_000  # every text one render builds, together (8 to 9 times the output)
MAX_BUILT_ITEMS = 2_000_000  # the items of every list, dict or set one render builds, together
# What the process may grow by (its peak) while one render runs: the last line, for values kept
# that the counts above let pass (lists that share their items, 8 bytes each, kept by thousands)
MAX_RENDER_MEMORY = 512 * 1024 * 1024
_MEMORY_EVERY = 1024  # steps between looks at the memory
_LARGE = 4096  # a value of this many characters or items built: memory is looked at at once
MAX_PAD_WIDTH = 10_000  # the widest padding (ljust, center, '{:>N}', '%Ns', indent …)
MAX_INT_BITS = 4096
DEFAULT_TIME_LIMIT = 20.0  # seconds; DRAFTER_TIME_LIMIT changes it
TIME_LIMIT_VARIABLE = "DRAFTER_TIME_LIMIT"

# what prints as everything it holds
_CONTAINERS = (list, tuple, set, frozenset, Mapping, KeysView, ValuesView, ItemsView, Namespace)
_ACTIVE: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("budget", default=None)
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d*)(?:\.(\d*))?([a-zA-Z%]?)")
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


class TemplateRunaway(Exception):
    """A template tried to do or produce far more than any speech needs."""


def time_limit() -> float:
    """Seconds a render may take: DRAFTER_TIME_LIMIT, else 20."""
    raw = os.environ.get(TIME_LIMIT_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_TIME_LIMIT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = float("nan")
    if not seconds > 0 or seconds == float("inf"):
        raise UsageError(
            _("{variable}={value} must be a number of seconds above 0").format(
                variable=TIME_LIMIT_VARIABLE, value=raw
            )
        )
    return seconds


class Budget:
    """Steps, output characters and time left for one render (every template and entry in it)."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = time_limit() if seconds is None else seconds
        self.deadline = time.monotonic() + self.seconds
        self.steps = 0
        self.output_chars = 0
        self.built_chars = 0
        self.built_items = 0
        self.memory_start = peak_memory()
        self._memory_due = _MEMORY_EVERY

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps >= self._memory_due:
            self._memory_due = self.steps + _MEMORY_EVERY
            self.look_at_memory()
        if self.steps > MAX_STEPS:
            raise TemplateRunaway(
                _(
                    "more than {limit:,} loop iterations, calls, range() numbers and lines "
                    "wrapped in one render"
                ).format(limit=MAX_STEPS)
            )
        if time.monotonic() > self.deadline:
            raise TemplateRunaway(
                _("the render took longer than {seconds:g} s ({variable} allows more)").format(
                    seconds=self.seconds, variable=TIME_LIMIT_VARIABLE
                )
            )

    def output(self, chars: int) -> None:
        self.output_chars += chars
        if self.output_chars > MAX_OUTPUT_CHARS:
            raise TemplateRunaway(
                _("output grew beyond {limit:,} characters").format(limit=MAX_OUTPUT_CHARS)
            )

    def built(self, chars: int = 0, items: int = 0) -> None:
        """Text and items a filter, method or operator built (what memory holds, at most)."""
        self.built_chars += chars
        self.built_items += items
        if self.built_chars > MAX_BUILT_CHARS:
            raise TemplateRunaway(
                _("the values built grew beyond {limit:,} characters in one render").format(
                    limit=MAX_BUILT_CHARS
                )
            )
        if self.built_items > MAX_BUILT_ITEMS:
            raise TemplateRunaway(
                _("the lists built grew beyond {limit:,} items in one render").format(
                    limit=MAX_BUILT_ITEMS
                )
            )

    def look_at_memory(self) -> None:
        """Stop a render that made the process grow by more than MAX_RENDER_MEMORY."""
        now, start = peak_memory(), self.memory_start
        if now is not None and start is not None and now - start > MAX_RENDER_MEMORY:
            raise TemplateRunaway(
                _(
                    "the render took more than {megabytes:,} MB of memory for the values it keeps"
                ).format(megabytes=MAX_RENDER_MEMORY // 1024 // 1024)
            )

    def range(self, *args: int) -> range:
        numbers = range(*args)
        self.step(len(numbers))
        return numbers

    @contextmanager
    def active(self) -> Iterator[Budget]:
        """Charge the template work done inside to this budget."""
        token = _ACTIVE.set(self)
        try:
            yield self
        finally:
            _ACTIVE.reset(token)


def charge(count: int = 1) -> None:
    """One step of template work, charged to the active budget (none outside a render)."""
    budget = _ACTIVE.get()
    if budget is not None:
        budget.step(count)


def account(value: Any, *given: Any, lists: bool = True) -> None:
    """A value a filter, method or operator returned, charged to the active budget as built
    (unless it is one of the values it was `given`): its characters, or (with `lists`) its
    items. An operator's or a slice's list shares the items of the lists it comes from (8
    bytes each), so `lists=False` for those: a template may grow a list one item at a time.
    After a large value, the budget looks at the memory."""
    budget = _ACTIVE.get()
    if budget is None or any(value is other for other in given):
        return
    size = 0
    if isinstance(value, str | bytes):
        size = len(value)
        budget.built(chars=size)
    elif isinstance(value, list | tuple | dict | set | frozenset):
        size = len(value)
        budget.built(items=size if lists else 0)
    if size >= _LARGE:
        budget.look_at_memory()
    budget.step(0)  # the clock, after a call that may have taken long


def peak_memory() -> int | None:
    """The most memory this process has held, in bytes (None where the system does not say)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # macOS says bytes, Linux KB


def counted(items: Iterable[Any]) -> Iterator[Any]:
    """`items`, each one charged as a step (what every `for` loop iterates through)."""
    for item in items:
        charge()
        yield item


# --- sizes ------------------------------------------------------------------------------------


def weight(value: Any, limit: int = MAX_OUTPUT_CHARS) -> int:
    """At most how many characters `value` becomes as text, or some number past `limit`. A list
    prints each item as often as it holds it ([s] * 9 is small in memory and huge as text), so
    an item held several times is weighed once and counted each time; one that holds itself
    prints as [...]. Text inside a list prints as its repr (an unprintable character as an
    escape of up to 10)."""
    size = _leaf_weight(value, top=True)
    if size is not None:
        return size
    weighed: dict[int, int] = {}  # containers done (all stay alive while this runs)
    open_: set[int] = set()  # the containers being weighed, each inside the one before
    frames = [_Frame(value)]
    open_.add(id(value))
    while frames:
        frame = frames[-1]
        child = next(frame.children, _END)
        if child is _END:
            frames.pop()
            open_.discard(frame.id)
            weighed[frame.id] = frame.total
            if not frames:
                return frame.total
            frames[-1].total += frame.total
            continue
        frame.total += 2  # the separator after it
        size = _leaf_weight(child)
        if size is None:
            if id(child) in weighed:
                size = weighed[id(child)]
            elif id(child) in open_:
                size = 5  # [...]
            else:
                frames.append(_Frame(child))
                open_.add(id(child))
                continue
        frame.total += size
        if frame.total > limit:  # every container around it is longer still
            return frame.total
    return 0  # not reached: the outermost frame returns


_END = object()


class _Frame:
    """A container being weighed: its children still to come and its weight so far."""

    __slots__ = ("children", "id", "total")

    def __init__(self, container: Any) -> None:
        self.id = id(container)
        self.total = 12  # brackets, and a name such as <Namespace …> or dict_items(…)
        if isinstance(container, Namespace):  # prints as <Namespace {its attributes}>
            container = object.__getattribute__(container, "_Namespace__attrs")
        pairs = isinstance(container, Mapping | ItemsView)
        items = container.items() if isinstance(container, Mapping) else container
        # a mapping's keys and values, not the pairs (made afresh each time, ids reused)
        self.children = iter(chain.from_iterable(items) if pairs else items)


def _leaf_weight(item: Any, *, top: bool = False) -> int | None:
    """How long a value that holds no others prints; None for a container."""
    if isinstance(item, str | bytes):
        return len(item) + 2 if top else _repr_size(item)
    if isinstance(item, _CONTAINERS):
        return None
    if isinstance(item, int):
        return item.bit_length() // 2 + 2  # its digits, grouped by thousands or not
    return 24  # a float, a date, a view: short when printed


def _repr_size(text: str | bytes) -> int:
    """At most how long repr(text) is: a quote or backslash doubles, an unprintable character
    becomes an escape of up to 10 characters (\\U0001f600)."""
    factor = 2 if isinstance(text, str) and text.isprintable() else 10
    return factor * len(text) + 3


# `what` in the checks below names the operation: code as written ('~', |indent, join()), or
# words marked N_ where the check is called (translated only when a check fails).


def check_weight(value: Any, what: str) -> None:
    """What `value` prints as, bounded (text is bounded as it is built)."""
    if not isinstance(value, str | bytes) and weight(value) > MAX_OUTPUT_CHARS:
        raise TemplateRunaway(
            _("{what} would build more than {limit:,} characters").format(
                what=_(what), limit=MAX_OUTPUT_CHARS
            )
        )


def check_size(size: int, what: str) -> None:
    if size > MAX_OUTPUT_CHARS:
        raise TemplateRunaway(
            _("{what} would build {size:,} characters").format(what=_(what), size=size)
        )


def check_items(count: int, what: str) -> None:
    if count > MAX_ITEMS:
        raise TemplateRunaway(
            _("{what} would build {count:,} items (a list holds at most {limit:,})").format(
                what=_(what), count=count, limit=MAX_ITEMS
            )
        )


def bounded_items(value: Any, what: str) -> Any:
    """`value` as a filter that lists its items may take it: a sized value if it has at most
    MAX_ITEMS items; an iterator taken one item (and step) at a time into a list, up to that."""
    if hasattr(value, "__len__"):
        check_items(len(value), what)
        return value
    taken = []
    for item in value:
        charge()
        taken.append(item)
        check_items(len(taken), what)
    return taken


def check_width(width: Any, what: str) -> None:
    if isinstance(width, int) and width > MAX_PAD_WIDTH:
        raise TemplateRunaway(
            _(
                "{what}: a width of {width:,} is more than any page needs (at most {limit:,})"
            ).format(what=_(what), width=width, limit=MAX_PAD_WIDTH)
        )
    if isinstance(width, str):  # indent() also takes the text to indent with
        check_width(len(width), what)


def too_many_bits(what: str) -> str:
    """Why an operator (`'*'`, `'**'`) may not build the number it would."""
    return _("{what} would build a number of more than {bits} bits").format(
        what=what, bits=MAX_INT_BITS
    )


def check_repeat(value: Any, count: Any) -> None:
    """`value * count` for text, lists and whole numbers."""
    if isinstance(count, bool) or not isinstance(count, int):
        return
    if isinstance(value, str | bytes):
        check_size(len(value) * count, "'*'")
    elif isinstance(value, list | tuple):
        check_items(len(value) * count, "'*'")
        check_size(weight(value) * count, "'*'")
    elif isinstance(value, int) and value.bit_length() + count.bit_length() > MAX_INT_BITS:
        raise TemplateRunaway(too_many_bits("'*'"))


def check_format(pattern: str) -> None:
    """Widths and precisions in str.format patterns ('{:>1000000000}') are bounded."""
    for _text, field, spec, _conversion in string.Formatter().parse(pattern):
        if field is None or not spec:
            continue
        if "{" in spec:
            raise TemplateRunaway(
                _("a width given by another value ({example}) is not allowed").format(
                    example="'{:{}}'"
                )
            )
        for number in re.findall(r"\d+", spec):
            check_width(int(number), N_("a format width"))


def check_percent(pattern: str) -> None:
    """Widths and precisions in %-formatting ('%1000000000s', '%.999999999d') are bounded."""
    for width, precision in _PERCENT_SPEC.findall(pattern):
        for number in (width, precision):
            if number == "*":
                raise TemplateRunaway(
                    _("a {example} width given by a value is not allowed").format(example="'%*s'")
                )
            if number:
                check_width(int(number), N_("a '%' width"))


def check_replace(text: Any, old: Any, new: Any, count: Any = -1) -> None:
    if not (isinstance(text, str | bytes) and isinstance(new, str | bytes)):
        return
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    check_size(len(text) + found * max(0, len(new) - len(old or "")), "replace()")


def bounded_join(separator: Any, items: Iterable[Any]) -> list[Any]:
    """The items of a join, taken one at a time until the joined text would be too long."""
    taken: list[Any] = []
    size = 0
    gap = len(separator) if isinstance(separator, str | bytes) else 0
    for item in items:
        charge()
        size += weight(item) + gap
        check_size(size, "join()")
        taken.append(item)
    return taken


# What str.split() and str.splitlines() split at (bytes: the ASCII ones)
_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def check_split(text: str | bytes, what: str, sep: Any = None, maxsplit: Any = -1) -> None:
    """At most how many pieces `text.split(sep, maxsplit)` (or, with `what` 'splitlines()',
    `text.splitlines()`) gives, bounded before it splits: a count of the separators."""
    words = sep is None and what != "splitlines()"  # pieces with whitespace between them
    if (len(text) // 2 if words else len(text)) + 1 <= MAX_ITEMS:
        return  # no more pieces than this in any case
    if sep is not None:
        if not isinstance(sep, type(text)) or not sep:
            return  # split() itself refuses it
        count = text.count(sep)  # type: ignore[arg-type]
    else:
        count = separators(text, lines=what == "splitlines()")
    if isinstance(maxsplit, int) and maxsplit >= 0:
        count = min(count, maxsplit)
    check_items(count + 1, what)


def separators(text: str | bytes, *, lines: bool = False, also: str = "") -> int:
    """How many characters of `text` str.split() splits at (with `lines`, str.splitlines();
    for bytes, their ASCII ones), and of `also`: one fast count for each."""
    if isinstance(text, bytes):
        ascii_marks = b"\n\r" if lines else b" \t\n\r\x0b\x0c"
        return sum(text.count(bytes([mark])) for mark in ascii_marks)
    return sum(map(text.count, (_LINE_BREAKS if lines else _SPACES) + also))


def check_format_size(pattern: str, values: Iterable[Any], what: str, *, percent: bool) -> None:
    """What `pattern.format(*values)` (or `pattern % values`) builds, bounded before it does:
    its text, and for each field the largest of the values (as its repr with !r, %r or %a,
    up to 10 characters for one) and the field's width and precision."""
    largest = max((weight(value) for value in values), default=0)
    if percent:
        fields = [
            (conversion, [int(n) for n in numbers if n])
            for *numbers, conversion in _PERCENT_FIELD.findall(pattern)
        ]
    else:
        fields = [
            (conversion or "", [int(n) for n in re.findall(r"\d+", spec or "")])
            for _text, field, spec, conversion in string.Formatter().parse(pattern)
            if field is not None
        ]
    size = len(pattern)
    for conversion, numbers in fields:
        size += largest * (10 if conversion in ("r", "a") else 1) + sum(numbers)
    check_size(size, what)
