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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter.chinese import numerals
from drafter.document import Block, Document, Header, Heading, Lead, Paragraph, Role, Run
from drafter.errors import Location, MarkupError, Problem

ESCAPABLE = "\\*#@|"
_HEADING = re.compile(r"^(#+)(>?)(?:\s+(.*))?$")
_HEADER_FIELDS = ("title", "subtitle", "byline", "date")
_PARAGRAPH_DIRECTIVES: dict[str, Role] = {"salutation": "salutation", "closing": "closing"}
DIRECTIVES = (*_HEADER_FIELDS, *_PARAGRAPH_DIRECTIVES, "numbering")
MAX_LEVEL = 4


def escape(text: str) -> str:
    """Make outline text safe to place anywhere in markup: it can never become a directive."""
    return "".join("\\" + char if char in ESCAPABLE else char for char in text)


@dataclass
class _State:
    source: str
    header: dict[str, str] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    counters: dict[int, int] = field(default_factory=dict)
    styles: dict[int, str] = field(default_factory=dict)

    def fail(self, line_no: int, message: str, line: str) -> None:
        shown = line if len(line) <= 60 else line[:57] + "..."
        self.problems.append(
            Problem(f"{message}: {shown}", Location(self.source, line_no), rule="markup")
        )


def parse(text: str, source: str = "<markup>", author: str = "") -> Document:
    """Block markup → Document; raise MarkupError listing every line it cannot read."""
    state = _State(source)
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("@"):
            _directive(state, line_no, line)
        elif line.startswith("#"):
            _heading(state, line_no, line)
        else:
            state.blocks.append(Paragraph(_inline(state, line_no, line)))
    if state.problems:
        raise MarkupError(problems=state.problems)
    return Document(Header(**state.header), tuple(state.blocks), author)


def _directive(state: _State, line_no: int, line: str) -> None:
    name, _, rest = line[1:].partition(" ")
    rest = rest.strip()
    if name in _HEADER_FIELDS:
        if name in state.header:
            state.fail(line_no, f"@{name} given twice", line)
        elif rest:
            state.header[name] = _plain(state, line_no, rest)
    elif name in _PARAGRAPH_DIRECTIVES:
        if rest:
            runs = _inline(state, line_no, rest)
            state.blocks.append(Paragraph(runs, role=_PARAGRAPH_DIRECTIVES[name]))
    elif name == "numbering":
        _numbering(state, line_no, line, rest)
    else:
        known = ", ".join("@" + d for d in DIRECTIVES)
        state.fail(line_no, f"unknown directive @{name} (known: {known})", line)


def _numbering(state: _State, line_no: int, line: str, rest: str) -> None:
    words = rest.split()
    if not 1 <= len(words) <= 2:
        state.fail(line_no, "@numbering takes a style and an optional level", line)
        return
    style = words[0]
    if style not in numerals.STYLES:
        state.fail(
            line_no, f"unknown numbering style '{style}' ({', '.join(numerals.STYLES)})", line
        )
        return
    level = 2
    if len(words) == 2:
        if not words[1].isdigit() or not 1 <= int(words[1]) <= MAX_LEVEL:
            state.fail(line_no, f"numbering level must be 1 to {MAX_LEVEL}", line)
            return
        level = int(words[1])
    state.styles[level] = style


def _heading(state: _State, line_no: int, line: str) -> None:
    match = _HEADING.match(line)
    text = (match.group(3) or "").strip() if match else ""
    run_in = bool(match and match.group(2))
    # A run-in item may have no headline of its own (第一，当前……): only its label leads in.
    if not match or not (text if not run_in else text.strip("| ")):
        state.fail(line_no, "a heading needs text after its #", line)
        return
    marks = match.group(1)
    level = len(marks)
    if level > MAX_LEVEL:
        state.fail(line_no, f"headings go at most {MAX_LEVEL} levels deep", line)
        return
    for deeper in range(level + 1, MAX_LEVEL + 1):
        state.counters.pop(deeper, None)
        state.styles.pop(deeper, None)
    state.counters[level] = state.counters.get(level, 0) + 1
    style = state.styles.get(level, numerals.DEFAULT_STYLE_BY_LEVEL[level])
    label = numerals.label(style, state.counters[level])
    if run_in or style in numerals.INLINE_STYLES:
        headline, body = _split_unescaped(text, "|")
        lead = Lead(level, label, _plain(state, line_no, headline.strip()))
        state.blocks.append(Paragraph(_inline(state, line_no, body.strip()), lead))
    else:
        state.blocks.append(Heading(level, label, _plain(state, line_no, text)))


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


def _plain(state: _State, line_no: int, text: str) -> str:
    runs = _inline(state, line_no, text)
    if any(run.bold for run in runs):
        state.fail(line_no, "bold (**) is for paragraphs, not headings or header lines", text)
    return "".join(run.text for run in runs)


def _inline(state: _State, line_no: int, text: str) -> tuple[Run, ...]:
    runs: list[Run] = []
    buffer: list[str] = []
    bold = False
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            buffer.append(text[i + 1])
            i += 2
            continue
        if text.startswith("**", i):
            if buffer:
                runs.append(Run("".join(buffer), bold))
                buffer = []
            bold = not bold
            i += 2
            continue
        buffer.append(char)
        i += 1
    if buffer:
        runs.append(Run("".join(buffer), bold))
    if bold:
        state.fail(line_no, "** opens bold text that is never closed", text)
    return tuple(runs)
