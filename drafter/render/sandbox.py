"""The Jinja sandbox every template and library entry runs in, with bounded work.

On top of Jinja's sandbox (no attribute access to Python internals, no imports): every `for`
loop, call and filter is a step charged to the render's `Budget` (which also holds its output
and its time), and every operation that could build a huge value in one step (`*`, `+`, `~`,
padding, format widths, replace, join, extend, printing a list) is checked before it does.
A failure is located at the innermost template line.
"""

from __future__ import annotations

import math
import types
from collections.abc import Callable, Iterable, Iterator
from functools import wraps
from types import TracebackType
from typing import Any

from jinja2 import nodes, pass_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Template, TemplateModule
from jinja2.runtime import LoopContext
from jinja2.sandbox import SandboxedEnvironment

from drafter.errors import Location
from drafter.render.budget import (
    MAX_OUTPUT_CHARS,
    Budget,
    TemplateRunaway,
    bounded_join,
    charge,
    check_format,
    check_percent,
    check_repeat,
    check_replace,
    check_size,
    check_weight,
    check_width,
    counted,
)
from drafter.render.filters import FILTERS
from drafter.render.sources import past_marks

# Compiled templates are cached on disk: bump this when the code generator changes, so a cache
# written by an older drafter is not run without the bounds.
COMPILER_REVISION = 2
_LOOP_FILTER = "drafter_loop_items"
_PAD_METHODS = ("ljust", "rjust", "center", "zfill")
# Filters that look at a list without turning it into text (the others are checked for size).
_STRUCTURAL_FILTERS = frozenset(
    (
        "length count first last map select reject selectattr rejectattr sort unique reverse "
        "list batch slice groupby dictsort items attr default d min max random sum abs int float "
        "round"
    ).split()
)


class _TextBuffer(list[str]):
    """Where a macro, call, filter or set block collects its output: bounded as it grows."""

    size = 0

    def append(self, text: str) -> None:
        self._grow(len(text))
        super().append(text)

    def extend(self, texts: Iterable[str]) -> None:
        texts = tuple(texts)
        self._grow(sum(map(len, texts)))
        super().extend(texts)

    def _grow(self, chars: int) -> None:
        charge()
        self.size += chars
        check_size(self.size, "a block's output")


class _BoundedCode(CodeGenerator):
    """Jinja's code generator with every loop counted and every buffer and `~` bounded."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        for loop in list(node.find_all(nodes.For)):
            loop.iter = nodes.Filter(loop.iter, _LOOP_FILTER, [], [], None, None)
            loop.iter.set_lineno(loop.lineno)
        super().visit_Template(node, frame)

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.text_buffer()")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.join_text((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


@pass_context
def _loop_items(context: Any, items: Iterable[Any]) -> Iterator[Any]:
    return counted(items)


def _joined(pieces: Iterable[Any]) -> str:
    """A rendered block inside another ({{ super() }}, {{ self.block() }}), bounded."""
    texts = []
    size = 0
    for piece in pieces:
        size += len(piece)
        check_size(size, "a block's output")
        texts.append(piece)
    return "".join(texts)


class Sandbox(SandboxedEnvironment):
    """Jinja's sandbox with bounded work (see the module's docstring)."""

    code_generator_class = _BoundedCode
    intercepted_binops = frozenset({"*", "**", "+", "%"})
    concat = staticmethod(_joined)

    def text_buffer(self) -> _TextBuffer:
        return _TextBuffer()

    def join_text(self, values: tuple[Any, ...]) -> str:
        """`a ~ b`: the text of both, checked before it is built."""
        for value in values:
            check_weight(value, "'~'")
        text = "".join(map(str, values))
        check_size(len(text), "'~'")
        return text

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        charge()
        if operator == "*":
            check_repeat(left, right)
            check_repeat(right, left)
        elif operator == "+" and isinstance(left, str | bytes | list | tuple):
            if isinstance(right, str | bytes | list | tuple):
                check_size(len(left) + len(right), "'+'")
        elif operator == "%" and isinstance(left, str | bytes):
            check_percent(left if isinstance(left, str) else left.decode("latin-1"))
        elif (
            operator == "**"
            and isinstance(left, int | float)
            and isinstance(right, int | float)
            and abs(left) > 1
            and right * math.log2(abs(left)) > 4096
        ):
            raise TemplateRunaway("'**' would build a number of more than 4096 bits")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        charge()
        if isinstance(__obj, LoopContext) and args:  # a recursive loop's next level
            args = (counted(args[0]), *args[1:])
        else:
            args = _checked_method_call(__obj, args, kwargs)
            __obj = past_marks(__obj)  # title.endswith("。") reads the title's words
        return super().call(__context, __obj, *args, **kwargs)


def _checked_method_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple:
    """Refuse a method call on text that would build a huge value; a join takes its items one
    at a time. Returns the arguments to call with."""
    method = getattr(function, "__wrapped__", function)  # the sandbox wraps str.format
    owner = getattr(method, "__self__", None)
    if not isinstance(method, types.BuiltinMethodType | types.MethodType) or owner is None:
        return args
    name = method.__name__
    if isinstance(owner, list | dict | set) and name in ("extend", "update") and args:
        added = args[0] if hasattr(args[0], "__len__") else list(counted(args[0]))
        check_size(len(owner) + len(added), f"{name}()")
        return (added, *args[1:])
    if not isinstance(owner, str | bytes | int):
        return args
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool):
            check_size(value, f"{name}()")  # e.g. (1).to_bytes(10**9)
    if isinstance(owner, int):
        return args
    first = args[0] if args else next(iter(kwargs.values()), None)
    if name in _PAD_METHODS:
        check_width(first, f"{name}()")
    elif name == "expandtabs":
        tabsize = 8 if first is None else first
        check_width(tabsize, "expandtabs()")
        tabs = owner.count("\t" if isinstance(owner, str) else b"\t")
        check_size(len(owner) + tabs * tabsize, "expandtabs()")
    elif name in ("format", "format_map") and isinstance(owner, str):
        check_format(owner)
    elif name == "replace" and len(args) >= 2:
        check_replace(owner, *args[:3])
    elif name == "join" and args:
        return (bounded_join(owner, args[0]),)
    elif name == "translate" and isinstance(first, dict):
        longest = max((len(v) for v in first.values() if isinstance(v, str | bytes)), default=1)
        check_size(len(owner) * max(1, longest), "translate()")
    return args


def _filter_checks(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Refuse a filter call that would build a huge value; returns the value to filter."""
    if name not in _STRUCTURAL_FILTERS:
        check_weight(value, f"|{name}")

    def arg(index: int, key: str, default: Any = None) -> Any:
        return args[index] if len(args) > index else kwargs.get(key, default)

    if name in ("center", "indent"):
        check_width(arg(0, "width", 80), f"|{name}")
    elif name in ("batch", "slice"):
        check_width(arg(0, "linecount" if name == "batch" else "slices"), f"|{name}")
    elif name == "format" and isinstance(value, str):
        check_percent(value)
    elif name == "replace":
        check_replace(value, arg(0, "old"), arg(1, "new"), arg(2, "count", -1))
    elif name == "join" and not isinstance(value, str):
        return bounded_join(arg(0, "d", ""), value)
    elif name == "wordwrap":
        wrap = arg(3, "wrapstring")
        if isinstance(wrap, str) and isinstance(value, str):
            check_size(len(value) * (1 + len(wrap)), "|wordwrap")
    elif name == "sum":
        start = arg(1, "start", 0)
        if not isinstance(start, int | float):
            value = list(value)
            check_weight([start, *value], "|sum")
    return value


def _guarded(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that is a step of the budget, checked before it runs and after."""
    # @pass_context, @pass_eval_context and @pass_environment filters take that first
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0

    @wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        charge()
        if len(args) > skip:
            value = _filter_checks(name, args[skip], args[skip + 1 :], kwargs)
            args = (*args[:skip], value, *args[skip + 1 :])
        result = function(*args, **kwargs)
        if isinstance(result, str | bytes | list | tuple):
            check_size(len(result), f"|{name}")
        return result

    return guarded


def _finalize(value: Any) -> Any:
    """What `{{ value }}` prints: a list is checked before it becomes text."""
    check_weight(value, "printing a value")
    if isinstance(value, TemplateModule):  # an imported template printed whole
        check_size(sum(map(len, getattr(value, "_body_stream", ()))), "printing a template")
    return value


def _range(*args: int) -> range:
    """range(), charged to the render's budget number by number."""
    numbers = range(*args)
    try:
        size = len(numbers)
    except OverflowError:
        size = MAX_OUTPUT_CHARS * 1000
    charge(size)
    return numbers


def new_sandbox(**options: Any) -> Sandbox:
    """A bounded sandbox with drafter's filters (templates and library entries both use it)."""
    env = Sandbox(finalize=_finalize, **options)
    env.filters.update(FILTERS)
    for name, function in list(env.filters.items()):
        env.filters[name] = _guarded(name, function)
    env.filters[_LOOP_FILTER] = _loop_items
    env.globals["range"] = _range
    env.globals.pop("lipsum", None)  # lorem ipsum has no place in a speech, and no bound
    return env


def render_text(template: Template, context: dict[str, Any], budget: Budget) -> str:
    """Render `template` with its work and output charged to `budget`."""
    with budget.active():
        chunks: list[str] = []
        for chunk in template.generate(**context):
            budget.output(len(chunk))
            chunks.append(chunk)
        return "".join(chunks)


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
