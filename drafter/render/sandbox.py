"""The Jinja sandbox every template and library entry runs in, with bounded work.

On top of Jinja's sandbox (no attribute access to Python internals, no imports): every `for`
loop, call and filter is a step charged to the render's `Budget` (which also holds its output,
what it built and its time), and every operation that could build a huge value in one step
(`*`, `+`, `~`, `%`, padding, format widths and fields, replace, join, extend, split, case and
escapes, indent, listing a text's characters, printing a list) is checked before it does.
Three of Jinja's filters are replaced by ones that charge their work as they go: `wordwrap`
(textwrap copies the rest of a long word for every line it cuts), `sum` of lists (`sum()`
copies the total for every list) and `wordcount` (which listed every word to count them).
A failure is located at the innermost template line.
"""

from __future__ import annotations

import math
import re
import textwrap
import types
from collections.abc import Callable, Iterable, Iterator, KeysView, Mapping, ValuesView
from functools import wraps
from types import TracebackType
from typing import Any

from jinja2 import nodes, pass_context, pass_environment
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Environment, Template, TemplateModule
from jinja2.filters import make_attrgetter
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import soft_str

from drafter.errors import Location
from drafter.i18n import N_, _
from drafter.render.budget import (
    MAX_INT_BITS,
    MAX_OUTPUT_CHARS,
    Budget,
    TemplateRunaway,
    account,
    bounded_items,
    bounded_join,
    charge,
    check_format,
    check_format_size,
    check_items,
    check_percent,
    check_repeat,
    check_replace,
    check_size,
    check_split,
    check_weight,
    check_width,
    counted,
    separators,
    too_many_bits,
    weight,
)
from drafter.render.filters import FILTERS, spoken_number
from drafter.render.sources import Marked, as_printed, as_view, past_marks

# Compiled templates are cached on disk: bump this when the code generator changes, so a cache
# written by an older drafter is not run without the bounds.
COMPILER_REVISION = 2
_LOOP_FILTER = "drafter_loop_items"
_PAD_METHODS = ("ljust", "rjust", "center", "zfill")
_WORD = re.compile(r"\w+")  # a word, as Jinja's wordcount counts them
# Filters that look at a list without turning it into text (the others are checked for size).
_STRUCTURAL_FILTERS = frozenset(
    (
        "length count first last map select reject selectattr rejectattr sort unique reverse "
        "list batch slice groupby dictsort items attr default d min max random sum abs int float "
        "round"
    ).split()
)
# Filters that list their value's items (a text's characters; cn_join and points list them too)
_LISTING_FILTERS = frozenset(
    "list sort unique reverse batch slice groupby dictsort cn_join points".split()
)
# Filters and text methods whose result may be longer than their text, at most so many times:
# 'ß'.upper() is 'SS', '"' escaped is '&#34;', a character URL-encoded or in JSON up to 12, a
# link made of a short address about 8, an encoded character up to 10 ('\\U0001f600').
_GROWTH = {
    **dict.fromkeys(("upper", "lower", "title", "capitalize", "swapcase", "casefold"), 3),
    **dict.fromkeys(("escape", "e", "forceescape", "xmlattr"), 5),
    **dict.fromkeys(("urlencode", "tojson"), 12),
    "urlize": 8,
    "encode": 10,
    "hex": 3,
}


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
        check_size(self.size, N_("a block's output"))


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
    """A block's output as one text (a macro's, a set block's, {{ super() }}), bounded."""
    texts = []
    size = 0
    for piece in pieces:
        size += len(piece)
        check_size(size, N_("a block's output"))
        texts.append(piece)
    text = "".join(texts)
    account(text)
    return text


class Sandbox(SandboxedEnvironment):
    """Jinja's sandbox with bounded work (see the module's docstring)."""

    code_generator_class = _BoundedCode
    intercepted_binops = frozenset({"*", "**", "+", "%"})
    concat = staticmethod(_joined)

    def text_buffer(self) -> _TextBuffer:
        return _TextBuffer()

    def getitem(self, obj: Any, argument: Any) -> Any:
        """`value[a:b]` builds a value as well (a list's slice shares its items)."""
        result = super().getitem(obj, argument)
        if isinstance(argument, slice):
            account(result, obj, lists=False)
        return result

    def join_text(self, values: tuple[Any, ...]) -> str:
        """`a ~ b`: the text of both, checked before it is built."""
        for value in values:
            check_weight(value, "'~'")
        text = "".join(map(str, values))
        check_size(len(text), "'~'")
        account(text, *values)
        return as_view(text)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        charge()
        if operator == "*":
            check_repeat(left, right)
            check_repeat(right, left)
        elif operator == "+" and isinstance(left, str | bytes | list | tuple):
            if isinstance(right, str | bytes | list | tuple):
                check_size(len(left) + len(right), "'+'")
                if isinstance(left, list | tuple):
                    check_items(len(left) + len(right), "'+'")
        elif operator == "%" and isinstance(left, str | bytes):
            pattern = left if isinstance(left, str) else left.decode("latin-1")
            check_percent(pattern)
            values = right.values() if isinstance(right, Mapping) else right
            values = values if isinstance(values, tuple | KeysView | ValuesView) else (values,)
            check_format_size(pattern, values, "'%'", percent=True)
        elif (
            operator == "**"
            and isinstance(left, int | float)
            and isinstance(right, int | float)
            and abs(left) > 1
            and right * math.log2(abs(left)) > MAX_INT_BITS
        ):
            raise TemplateRunaway(too_many_bits("'**'"))
        result = super().call_binop(context, operator, left, right)
        account(result, left, right, lists=False)
        return as_view(result)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        charge()
        called = __obj
        if isinstance(__obj, LoopContext) and args:  # a recursive loop's next level
            args = (counted(args[0]), *args[1:])
        else:
            args = _checked_method_call(__obj, args, kwargs)
            called = past_marks(__obj)  # title.endswith("。") reads the title's words
        result = super().call(__context, called, *args, **kwargs)
        if not isinstance(__obj, Macro):  # a macro's text was charged as it was joined
            account(result, getattr(__obj, "__self__", None), *args, *kwargs.values())
        return as_view(result)


def _checked_method_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple:
    """Refuse a method call that would build a huge value; a join takes its items one at a
    time. Returns the arguments to call with."""
    method = getattr(function, "__wrapped__", function)  # the sandbox wraps str.format
    owner = getattr(method, "__self__", None)
    if not isinstance(method, types.BuiltinMethodType | types.MethodType) or owner is None:
        return args
    name = method.__name__
    first = args[0] if args else next(iter(kwargs.values()), None)
    if name == "fromkeys" and first is not None:  # dict.fromkeys(text): one key a character
        return (bounded_items(first, "fromkeys()"), *args[1:])
    if isinstance(owner, list | dict | set) and name in ("extend", "update") and args:
        added = args[0] if hasattr(args[0], "__len__") else list(counted(args[0]))
        check_size(len(owner) + len(added), f"{name}()")
        check_items(len(owner) + len(added), f"{name}()")
        return (added, *args[1:])
    if not isinstance(owner, str | bytes | int):
        return args
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool):
            check_size(value, f"{name}()")  # e.g. (1).to_bytes(10**9)
    if isinstance(owner, int):
        return args
    if name in _PAD_METHODS:
        check_width(first, f"{name}()")
    elif name in _GROWTH:
        check_size(len(owner) * _GROWTH[name], f"{name}()")
    elif name in ("split", "rsplit", "splitlines"):
        sep = None if name == "splitlines" else first
        maxsplit = args[1] if len(args) > 1 else kwargs.get("maxsplit", -1)
        check_split(owner, f"{name}()", sep, maxsplit)
    elif name == "expandtabs":
        tabsize = 8 if first is None else first
        check_width(tabsize, "expandtabs()")
        tabs = owner.count("\t" if isinstance(owner, str) else b"\t")
        check_size(len(owner) + tabs * tabsize, "expandtabs()")
    elif name in ("format", "format_map") and isinstance(owner, str):
        check_format(owner)
        values = [*args, *kwargs.values()]
        if name == "format_map" and isinstance(first, Mapping):
            values = list(first.values())
        check_format_size(owner, values, f"{name}()", percent=False)
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

    if name in _LISTING_FILTERS and not (name == "reverse" and isinstance(value, str)):
        value = bounded_items(value, f"|{name}")
    if name in _GROWTH:
        check_size(weight(value) * _GROWTH[name], f"|{name}")
    if name == "indent":
        width = arg(0, "width", 4)
        check_width(width, "|indent")
        if isinstance(value, str):
            lines = separators(value, lines=True) + 1
            check_items(lines, "|indent")
            indent = len(width) if isinstance(width, str) else width
            check_size(len(value) + lines * indent, "|indent")
    elif name == "center":
        check_width(arg(0, "width", 80), f"|{name}")
    elif name in ("batch", "slice"):
        check_width(arg(0, "linecount" if name == "batch" else "slices"), f"|{name}")
    elif name == "format" and isinstance(value, str):
        check_percent(value)
        check_format_size(value, [*args, *kwargs.values()], "|format", percent=True)
    elif name == "replace":
        check_replace(value, arg(0, "old"), arg(1, "new"), arg(2, "count", -1))
    elif name == "join" and not isinstance(value, str):
        return bounded_join(arg(0, "d", ""), value)
    elif name == "paragraphs" and isinstance(value, str):
        check_split(value, "|paragraphs", "\n")
    elif name == "title" and isinstance(value, str):  # a list of its words and the gaps
        check_items(2 * separators(value, also="-({[<") + 1, "|title")
    elif name == "count_sentence":
        _check_count_sentence(value, arg(0, "stock"), arg(1, "count"))
    return value


def _check_count_sentence(setting: Any, stock: Any, count: Any) -> None:
    """count_sentence puts the spoken count in place of every {n} of its sentence."""
    text = setting if isinstance(setting, str) else stock
    if isinstance(text, str) and isinstance(count, int) and "{n}" in text:
        check_width(len(str(count)), N_("|count_sentence: the count"))
        check_replace(text, "{n}", spoken_number(count))


def _on_printed(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter given the printed text of `Marked` values (see `sources.as_printed`)."""

    @wraps(function)
    def printed(*args: Any, **kwargs: Any) -> Any:
        if any(type(value) is Marked for value in args):
            args = tuple(map(as_printed, args))
        if kwargs:
            kwargs = {key: as_printed(value) for key, value in kwargs.items()}
        return function(*args, **kwargs)

    return printed


def _guarded(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that is a step of the budget, checked before it runs, and what it built
    charged after."""
    # @pass_context, @pass_eval_context and @pass_environment filters take that first
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0

    @wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        charge()
        if len(args) > skip:
            value = _filter_checks(name, args[skip], args[skip + 1 :], kwargs)
            args = (*args[:skip], value, *args[skip + 1 :])
        result = function(*args, **kwargs)
        if isinstance(result, str | bytes):
            check_size(len(result), f"|{name}")
        elif isinstance(result, list | tuple):
            check_items(len(result), f"|{name}")
        account(result, *args[skip:], *kwargs.values())
        return as_view(result)

    return guarded


class _Wrapper(textwrap.TextWrapper):
    """textwrap's wrapping as Jinja's wordwrap asks for it (no indents, no line limit, spaces
    kept), every line a step of the budget. A word longer than a line is cut in one pass:
    textwrap copies the rest of the word for every line it cuts, which is quadratic (two
    million letters cut into lines of one took minutes)."""

    def _wrap_chunks(self, chunks: list[str]) -> list[str]:
        if self.width <= 0:
            raise ValueError(_("invalid width {width!r} (must be > 0)").format(width=self.width))
        width = self.width
        lines: list[str] = []
        chunks.reverse()  # a stack: the next chunk on top
        while chunks:
            charge()
            line: list[str] = []
            size = 0
            if lines and not chunks[-1].strip():
                del chunks[-1]
            while chunks and size + len(chunks[-1]) <= width:
                size += len(chunks[-1])
                line.append(chunks.pop())
            cut: list[str] = []
            if chunks and len(chunks[-1]) > width:
                if self.break_long_words:
                    cut = self._cut(chunks, line, width - size)
                elif not line:
                    line.append(chunks.pop())
            if line and not line[-1].strip():
                del line[-1]
            if line:
                lines.append("".join(line))
            lines += cut
        return lines

    def _cut(self, chunks: list[str], line: list[str], space: int) -> list[str]:
        """The long word on top of `chunks` cut as textwrap cuts it: its head ends `line`
        (`space` characters left there), the lines wholly of it are returned, and its tail (a
        line at most) goes back on `chunks`. Whitespace makes no lines of its own."""
        word = chunks.pop()
        end = self._end(word, 0, space)
        line.append(word[:end])
        start, cut = end, []
        while len(word) - start > self.width:
            charge()
            end = self._end(word, start, self.width)
            cut.append(word[start:end])
            start = end
        if start < len(word):
            chunks.append(word[start:])
        return cut if word.strip() else []

    def _end(self, word: str, start: int, space: int) -> int:
        """Where a line cut from `word` at `start` ends: after `space` characters, or after
        the last hyphen within them that follows something else."""
        end = start + space
        if self.break_on_hyphens and len(word) - start > space:
            hyphen = word.rfind("-", start, end)
            if hyphen > start and word[start:hyphen].strip("-"):
                end = hyphen + 1
        return end


@pass_environment
def _wordwrap(
    environment: Environment,
    s: str,
    width: int = 79,
    break_long_words: bool = True,
    wrapstring: str | None = None,
    break_on_hyphens: bool = True,
) -> str:
    """Jinja's wordwrap (each line of the text wrapped on its own), in linear time; its result
    is bounded before it is built."""
    wrap = environment.newline_sequence if wrapstring is None else wrapstring
    check_size(len(s) * (1 + len(wrap)), "|wordwrap")
    # textwrap lists the words, the spaces between them and (breaking on hyphens) the parts
    check_items(2 * separators(s, also="-" if break_on_hyphens else "") + 1, "|wordwrap")
    wrapper = _Wrapper(
        width=width,
        expand_tabs=False,
        replace_whitespace=False,
        break_long_words=break_long_words,
        break_on_hyphens=break_on_hyphens,
    )
    return wrap.join(wrap.join(wrapper.wrap(line)) for line in s.splitlines())


def _wordcount(s: Any) -> int:
    """Jinja's wordcount, counting the words as they are found (not in a list of them all)."""
    count = 0
    for count, _word in enumerate(_WORD.finditer(soft_str(s)), 1):
        if not count % 10_000:
            charge(0)  # the clock
    return count


@pass_environment
def _sum(
    environment: Environment, iterable: Iterable[Any], attribute: Any = None, start: Any = 0
) -> Any:
    """Jinja's sum; lists (and tuples) are joined in one pass, item by item: sum() copies the
    total for every list it adds, which is quadratic."""
    if attribute is not None:
        iterable = map(make_attrgetter(environment, attribute), iterable)
    if not isinstance(start, list | tuple):
        return sum(iterable, start)
    total = list(start)
    for item in iterable:
        charge()
        if not isinstance(item, type(start)):
            kind = type(start).__name__
            raise TypeError(
                _('can only concatenate {kind} (not "{other}") to {kind}').format(
                    kind=kind, other=type(item).__name__
                )
            )
        total += item
        check_items(len(total), "|sum")
    return total if isinstance(start, list) else tuple(total)


def _finalize(value: Any) -> Any:
    """What `{{ value }}` prints: a list is checked before it becomes text."""
    check_weight(value, N_("printing a value"))
    if isinstance(value, TemplateModule):  # an imported template printed whole
        check_size(sum(map(len, getattr(value, "_body_stream", ()))), N_("printing a template"))
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
    env.filters.update(FILTERS, wordwrap=_wordwrap, sum=_sum, wordcount=_wordcount)
    for name, function in list(env.filters.items()):
        # drafter's own filters work on the text with its marks; Jinja's see the words
        printed = _on_printed(function) if name in FILTERS else function
        env.filters[name] = _guarded(name, printed)
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
