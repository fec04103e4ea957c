"""Parse the block markup that templates produce into a numbered Document.

The markup (documented in docs/templates.md) is line based; every non-blank line is one block:

    @title TEXT        @subtitle TEXT     @byline TEXT     @date TEXT
    @salutation TEXT   a flush-left salutation paragraph (同志们：)
    @closing TEXT      a paragraph of the closing (结束语、问候、致谢)
    @numbering STYLE [LEVEL]   item style for headings of LEVEL (default 2) until the next
                       heading of a higher level: paren arabic arabic-dun paren-arabic shi
                       yao di none
    # TEXT             level-1 heading, numbered 一、二、…
    ## TEXT            level-2 heading on its own line (### level 3, #### level 4)
    ##> HEADLINE | TEXT  level-2 headline run into its paragraph: （一）HEADLINE TEXT……
                       (the | TEXT part is optional; `##> | TEXT` is an item with no headline;
                       #> runs a level-1 heading in: 一、HEADLINE TEXT)
    TEXT               a body paragraph; **bold** for run-in leads; \\ escapes \\ * # @ |

Parsing is strict: an unknown directive, a bad style or an unclosed ** is an error at its line.

Text may carry invisible source marks (private-use characters, never typed: escaped when an
outline holds one): a mark names where the text up to its end mark came from, marks nest, and
none spans a line. `render/sources.py` puts them around outline values, library text and
computed numbers as they enter a template; the parser strips them and gives each block, and
each stretch of a paragraph, the source its `Tracer` says they name. Nothing after the parser
sees a mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from drafter.chinese import numerals
from drafter.document import (
    Block,
    Document,
    Header,
    Heading,
    Lead,
    Paragraph,
    Piece,
    Role,
    Run,
    Source,
    main_source,
)
from drafter.errors import Location, MarkupError, Problem, listed
from drafter.i18n import _

ESCAPABLE = "\\*#@|"
# Source marks: MARK_FIRST + n opens mark n, MARK_END ends the innermost open one.
MARK_FIRST = 0xF0000
MARK_END = "\U0010ffff"
MAX_MARKS = 0x1FFFE  # marks one render can name (planes 15 and 16, but the end mark)
MARK_CHARS = "\U000f0000-\U0010ffff"
_MARKS = re.compile(f"[{MARK_CHARS}]")
_ESCAPE = re.compile(f"[{re.escape(ESCAPABLE)}{MARK_CHARS}]")
_TOKEN = re.compile(f"\\\\(.)|(\\*\\*)|([{MARK_CHARS}])", re.S)
_HEADING = re.compile(r"^(#+)(>?)(?:\s+(.*))?$")
_HEADER_FIELDS = ("title", "subtitle", "byline", "date")
_PARAGRAPH_DIRECTIVES: dict[str, Role] = {"salutation": "salutation", "closing": "closing"}
DIRECTIVES = (*_HEADER_FIELDS, *_PARAGRAPH_DIRECTIVES, "numbering")
MAX_LEVEL = 4


def escape(text: str) -> str:
    """Make outline text safe to place anywhere in markup: it can never become a directive
    (nor a source mark)."""
    return _ESCAPE.sub(r"\\\g<0>", text)


def unmarked(text: str) -> str:
    """Text without its source marks."""
    return _MARKS.sub("", text)


# Where a block stands, for the sources of its template text: "header", "salutation",
# "opening", "closing", or the index of the part (each level-1 heading begins the next part).
Place = str | int


class Tracer(Protocol):
    """What names the sources of marked text (`render.sources.Trace`)."""

    def source(self, marks: tuple[int, ...], place: Place) -> Source:
        """The source of text inside `marks` (outermost first; none: the template's text)."""
        ...


@dataclass
class _State:
    source: str
    tracer: Tracer | None = None
    header: dict[str, str] = field(default_factory=dict)
    header_sources: dict[str, Source] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    counters: dict[int, int] = field(default_factory=dict)
    styles: dict[int, str] = field(default_factory=dict)
    place: Place = "opening"  # of body text: the opening until the first part
    parts: int = 0  # level-1 headings so far

    def fail(self, line_no: int, message: str, line: str) -> None:
        line = unmarked(line)
        shown = line if len(line) <= 60 else line[:57] + "..."
        self.problems.append(
            Problem(
                _("{problem}: {line}").format(problem=message, line=shown),
                Location(self.source, line_no),
                rule="markup",
            )
        )


def parse(
    text: str, source: str = "<markup>", author: str = "", tracer: Tracer | None = None
) -> Document:
    """Block markup → Document; raise MarkupError listing every line it cannot read. With a
    `tracer`, every block gets its source (`Tracer`)."""
    state = _State(source, tracer)
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if _blank(line):
            continue
        if line.startswith("@"):
            _directive(state, line_no, line)
        elif line.startswith("#"):
            _heading(state, line_no, line)
        else:
            runs, pieces = _inline(state, line_no, line)
            state.blocks.append(Paragraph(runs, source=main_source(pieces), pieces=pieces))
    if state.problems:
        raise MarkupError(problems=state.problems)
    header = Header(**state.header, sources=tuple(state.header_sources.items()))
    return Document(header, tuple(state.blocks), author)


def _blank(text: str) -> bool:
    """Nothing to read: empty, or only source marks."""
    return not text or (text[0] >= "\U000f0000" and not unmarked(text).strip())


def _directive(state: _State, line_no: int, line: str) -> None:
    name, _space, rest = line[1:].partition(" ")
    rest = rest.strip()
    rest = "" if _blank(rest) else rest
    if name in _HEADER_FIELDS:
        if name in state.header:
            state.fail(line_no, _("@{directive} given twice").format(directive=name), line)
        elif rest:
            text, pieces = _plain(state, line_no, rest, "header")
            state.header[name] = text
            source = main_source(pieces)
            if source is not None:
                state.header_sources[name] = source
    elif name in _PARAGRAPH_DIRECTIVES:
        role = _PARAGRAPH_DIRECTIVES[name]
        if role == "closing":
            state.place = "closing"
        if rest:
            place = "salutation" if role == "salutation" else None  # closing: the body's place
            runs, pieces = _inline(state, line_no, rest, place)
            source = main_source(pieces)
            state.blocks.append(Paragraph(runs, role=role, source=source, pieces=pieces))
    elif name == "numbering":
        _numbering(state, line_no, line, rest)
    else:
        known = listed("@" + d for d in DIRECTIVES)
        message = _("unknown directive @{directive} (known: {known})")
        state.fail(line_no, message.format(directive=name, known=known), line)


def _numbering(state: _State, line_no: int, line: str, rest: str) -> None:
    words = rest.split()
    if not 1 <= len(words) <= 2:
        state.fail(line_no, _("@numbering takes a style and an optional level"), line)
        return
    style = words[0]
    if style not in numerals.STYLES:
        message = _("unknown numbering style '{style}' ({styles})")
        state.fail(line_no, message.format(style=style, styles=listed(numerals.STYLES)), line)
        return
    level = 2
    if len(words) == 2:
        if not words[1].isdigit() or not 1 <= int(words[1]) <= MAX_LEVEL:
            message = _("numbering level must be 1 to {deepest}").format(deepest=MAX_LEVEL)
            state.fail(line_no, message, line)
            return
        level = int(words[1])
    state.styles[level] = style


def _heading(state: _State, line_no: int, line: str) -> None:
    match = _HEADING.match(line)
    text = (match.group(3) or "").strip() if match else ""
    run_in = bool(match and match.group(2))
    # A run-in item may have no headline of its own (第一，当前……): only its label leads in.
    if not match or _blank(text if not run_in else unmarked(text).strip("| ")):
        state.fail(line_no, _("a heading needs text after its #"), line)
        return
    marks = match.group(1)
    level = len(marks)
    if level > MAX_LEVEL:
        message = _("headings go at most {deepest} levels deep").format(deepest=MAX_LEVEL)
        state.fail(line_no, message, line)
        return
    for deeper in range(level + 1, MAX_LEVEL + 1):
        state.counters.pop(deeper, None)
        state.styles.pop(deeper, None)
    state.counters[level] = state.counters.get(level, 0) + 1
    if level == 1:
        state.place = state.parts
        state.parts += 1
    style = state.styles.get(level, numerals.DEFAULT_STYLE_BY_LEVEL[level])
    label = numerals.label(style, state.counters[level])
    if run_in or style in numerals.INLINE_STYLES:
        headline, body = _split_unescaped(text, "|")
        headline, led = _plain(state, line_no, headline.strip())
        lead = Lead(level, label, headline, source=main_source(led) or _numbering_source(state))
        runs, pieces = _inline(state, line_no, body.strip())
        source = main_source(pieces) or lead.source
        state.blocks.append(Paragraph(runs, lead, source=source, pieces=pieces))
    else:
        headline, pieces = _plain(state, line_no, text)
        state.blocks.append(Heading(level, label, headline, source=main_source(pieces)))


def _numbering_source(state: _State) -> Source | None:
    """Where a label with no headline (一是) comes from: the template numbering the part."""
    return None if state.tracer is None else state.tracer.source((), state.place)


def _split_unescaped(text: str, separator: str) -> tuple[str, str]:
    """Split at the first `separator` not preceded by a backslash escape."""
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == separator:
            return text[:i], text[i + 1 :]
        i += 1
    return text, ""


def _plain(
    state: _State, line_no: int, text: str, place: Place | None = None
) -> tuple[str, tuple[Piece, ...]]:
    runs, pieces = _inline(state, line_no, text, place)
    if any(run.bold for run in runs):
        state.fail(line_no, _("bold (**) is for paragraphs, not headings or header lines"), text)
    return "".join(run.text for run in runs), pieces


def _inline(
    state: _State, line_no: int, text: str, place: Place | None = None
) -> tuple[tuple[Run, ...], tuple[Piece, ...]]:
    """A line's text: its runs (cut where ** turns bold on or off) and, with a tracer, its
    pieces (cut where a source mark begins or ends), marks and escapes taken out."""
    runs: list[Run] = []
    buffer: list[str] = []
    marked: list[tuple[str, tuple[int, ...]]] = []  # (text, the marks it is inside)
    marks: tuple[int, ...] = ()
    bold = False
    at = 0
    for token in _TOKEN.finditer(text):
        escaped, stars, mark = token.groups()
        literal = text[at : token.start()] + (escaped or "")
        at = token.end()
        if literal:
            buffer.append(literal)
            marked.append((literal, marks))
        if stars:
            if buffer:
                runs.append(Run("".join(buffer), bold))
                buffer = []
            bold = not bold
        elif mark is not None:
            marks = marks[:-1] if mark == MARK_END else (*marks, ord(mark) - MARK_FIRST)
    if at < len(text):
        buffer.append(text[at:])
        marked.append((text[at:], marks))
    if buffer:
        runs.append(Run("".join(buffer), bold))
    if bold:
        state.fail(line_no, _("** opens bold text that is never closed"), text)
    return tuple(runs), _pieces(state, marked, state.place if place is None else place)


def _pieces(
    state: _State, marked: list[tuple[str, tuple[int, ...]]], place: Place
) -> tuple[Piece, ...]:
    """Marked stretches as pieces with their sources, neighbours of one source joined."""
    if state.tracer is None:
        return ()
    pieces: list[Piece] = []
    for text, marks in marked:
        source = state.tracer.source(marks, place)
        if pieces and pieces[-1].source == source:
            pieces[-1] = Piece(pieces[-1].text + text, source)
        else:
            pieces.append(Piece(text, source))
    return tuple(pieces)
