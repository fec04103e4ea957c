"""The Jinja sandbox every template and library entry runs in, with bounded work.

On top of Jinja's sandbox (no attribute access to Python internals, no imports): `*` and `**`
cannot build gigantic values in one step, `range()` is budgeted per render, padding filters are
capped, and a failure is located at the innermost template line.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from types import TracebackType
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

from drafter.errors import Location
from drafter.render.filters import FILTERS

MAX_OUTPUT_CHARS = 20_000_000
MAX_RANGE_TOTAL = 2_000_000
MAX_PAD_WIDTH = 10_000


class TemplateRunaway(Exception):
    """A template tried to produce far more than any speech needs."""


class Budget:
    """Bounds the work a template may ask for through range(), summed over one render."""

    def __init__(self) -> None:
        self.used = 0

    def range(self, *args: int) -> range:
        numbers = range(*args)
        self.used += len(numbers)
        if self.used > MAX_RANGE_TOTAL:
            raise TemplateRunaway(f"range() asked for more than {MAX_RANGE_TOTAL:,} numbers")
        return numbers


class Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, with * and ** bounded: a template cannot build a gigantic value in one
    step (the output cap only sees what has already been built)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for value, count in ((left, right), (right, left)):
                if (
                    isinstance(value, str | list | tuple)
                    and isinstance(count, int)
                    and len(value) * count > MAX_OUTPUT_CHARS
                ):
                    raise TemplateRunaway(f"'*' would build {len(value) * count:,} items")
        if (
            operator == "**"
            and isinstance(left, int | float)
            and isinstance(right, int | float)
            and abs(left) > 1
            and right * math.log2(abs(left)) > 4096
        ):
            raise TemplateRunaway("'**' would build a number of more than 4096 bits")
        return super().call_binop(context, operator, left, right)


def _bounded(filter_name: str, function: Any) -> Any:
    """A Jinja filter whose width argument is capped (center/indent can pad without end)."""

    def bounded(value: Any, width: Any = 80, *args: Any, **kwargs: Any) -> Any:
        if isinstance(width, int) and width > MAX_PAD_WIDTH:
            raise TemplateRunaway(f"{filter_name}({width}) is wider than any page")
        return function(value, width, *args, **kwargs)

    return bounded


def new_sandbox(**options: Any) -> Sandbox:
    """A bounded sandbox with drafter's filters (templates and library entries both use it)."""
    env = Sandbox(**options)
    env.filters.update(FILTERS)
    for name in ("center", "indent"):
        env.filters[name] = _bounded(name, env.filters[name])
    return env


def template_location(tb: TracebackType | None) -> Location | None:
    """The innermost template frame of a traceback (Jinja rewrites frames to template lines)."""
    found = None
    for frame, line in _frames(tb):
        filename = frame.f_code.co_filename
        # Jinja rewrites template frames into code objects marked with __jinja_exception__
        if filename.endswith(".j2") or "__jinja_exception__" in frame.f_globals:
            found = Location(filename, line)
    return found


def _frames(tb: TracebackType | None) -> Iterator[tuple[Any, int]]:
    while tb is not None:
        yield tb.tb_frame, tb.tb_lineno
        tb = tb.tb_next
