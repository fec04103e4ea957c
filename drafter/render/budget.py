"""The work one render may do, and the size of any value a template may build.

One `Budget` covers a whole render: the kind's template, its parts, a writer's own templates and
every library entry filled in for it. It counts steps (each loop iteration, call, filter and
number asked of `range()`), the characters written, and the time since the render began. The
size checks bound every operation that could build a huge value in one step, before it does.
"""

from __future__ import annotations

import contextvars
import os
import re
import string
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from drafter.errors import UsageError

MAX_STEPS = 2_000_000
MAX_OUTPUT_CHARS = 20_000_000  # all the text of one render; also the largest value
MAX_PAD_WIDTH = 10_000  # the widest padding (ljust, center, '{:>N}', '%Ns', indent …)
MAX_INT_BITS = 4096
DEFAULT_TIME_LIMIT = 20.0  # seconds; DRAFTER_TIME_LIMIT changes it
TIME_LIMIT_VARIABLE = "DRAFTER_TIME_LIMIT"

_ACTIVE: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("budget", default=None)
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
        raise UsageError(f"{TIME_LIMIT_VARIABLE}={raw} must be a number of seconds above 0")
    return seconds


class Budget:
    """Steps, output characters and time left for one render (every template and entry in it)."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = time_limit() if seconds is None else seconds
        self.deadline = time.monotonic() + self.seconds
        self.steps = 0
        self.output_chars = 0

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > MAX_STEPS:
            raise TemplateRunaway(
                f"more than {MAX_STEPS:,} loop iterations, calls and range() numbers in one render"
            )
        if time.monotonic() > self.deadline:
            raise TemplateRunaway(
                f"the render took longer than {self.seconds:g} s "
                f"({TIME_LIMIT_VARIABLE} allows more)"
            )

    def output(self, chars: int) -> None:
        self.output_chars += chars
        if self.output_chars > MAX_OUTPUT_CHARS:
            raise TemplateRunaway(f"output grew beyond {MAX_OUTPUT_CHARS:,} characters")

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


def counted(items: Iterable[Any]) -> Iterator[Any]:
    """`items`, each one charged as a step (what every `for` loop iterates through)."""
    for item in items:
        charge()
        yield item


# --- sizes ------------------------------------------------------------------------------------


def weight(value: Any, limit: int = MAX_OUTPUT_CHARS) -> int:
    """About how many characters `value` becomes as text (a list shares its items, so [s] * 9
    is small in memory and huge as text); counting stops once past `limit`."""
    total = 0
    stack = [value]
    seen: set[int] = set()
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, str | bytes):
            total += len(item) + 2
        elif isinstance(item, list | tuple | set | frozenset | dict):
            if id(item) in seen:  # a list holding itself prints as [...]
                continue
            seen.add(id(item))
            total += 2 + 2 * len(item)
            stack.extend(item.items() if isinstance(item, dict) else item)
        else:
            total += 24  # a number, a date, a view: short when printed
    return total


def check_weight(value: Any, what: str) -> None:
    containers = list | tuple | set | frozenset | dict
    if isinstance(value, containers) and weight(value) > MAX_OUTPUT_CHARS:
        raise TemplateRunaway(f"{what} would build more than {MAX_OUTPUT_CHARS:,} characters")


def check_size(size: int, what: str) -> None:
    if size > MAX_OUTPUT_CHARS:
        raise TemplateRunaway(f"{what} would build {size:,} characters or items")


def check_width(width: Any, what: str) -> None:
    if isinstance(width, int) and width > MAX_PAD_WIDTH:
        raise TemplateRunaway(
            f"{what}: a width of {width:,} is more than any page needs (at most {MAX_PAD_WIDTH:,})"
        )
    if isinstance(width, str):  # indent() also takes the text to indent with
        check_width(len(width), what)


def check_repeat(value: Any, count: Any) -> None:
    """`value * count` for text, lists and whole numbers."""
    if isinstance(count, bool) or not isinstance(count, int):
        return
    if isinstance(value, str | bytes):
        check_size(len(value) * count, "'*'")
    elif isinstance(value, list | tuple):
        check_size(len(value) * count, "'*'")
        check_size(weight(value) * count, "'*'")
    elif isinstance(value, int) and value.bit_length() + count.bit_length() > MAX_INT_BITS:
        raise TemplateRunaway(f"'*' would build a number of more than {MAX_INT_BITS} bits")


def check_format(pattern: str) -> None:
    """Widths and precisions in str.format patterns ('{:>1000000000}') are bounded."""
    for _, field, spec, _ in string.Formatter().parse(pattern):
        if field is None or not spec:
            continue
        if "{" in spec:
            raise TemplateRunaway("a width given by another value ('{:{}}') is not allowed")
        for number in re.findall(r"\d+", spec):
            check_width(int(number), "a format width")


def check_percent(pattern: str) -> None:
    """Widths and precisions in %-formatting ('%1000000000s', '%.999999999d') are bounded."""
    for width, precision in _PERCENT_SPEC.findall(pattern):
        for number in (width, precision):
            if number == "*":
                raise TemplateRunaway("a '%*s' width given by a value is not allowed")
            if number:
                check_width(int(number), "a '%' width")


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
