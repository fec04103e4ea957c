"""The document model: what render makes of an outline, what the structure reader makes of a
finished speech, what every writer, `extract`, `stats` and `check` read.

Numbers (一、（一）1. 一是 …) are already assigned here: computed from the order of the blocks by
render, as written by the reader; writers only decide how each kind of block looks. What only a
reader can say (a guessed heading end, a paragraph that ran on in the source) has a default that
render leaves alone; such fields are keyword-only, so more can be said of a block (where it came
from) without touching the code that builds blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import KW_ONLY, dataclass, field, replace
from typing import Literal

Role = Literal["body", "salutation", "closing"]
SourceKind = Literal["outline", "stock", "template"]
_KINDS: tuple[SourceKind, ...] = ("outline", "stock", "template")


@dataclass(frozen=True)
class Source:
    """Where a piece of a rendered draft came from: the outline key whose value it prints
    (`path`, and the `line` and `column` in the outline that hold its words), a library entry
    (`stock`, with the `use:` that names it as `path`), or a kind's template (`template`:
    kind/part, with the part's place in the outline as `path`). `computed`: it holds numbers
    drafter worked out (counts, growth, completion). Line 0: not written in the outline (the
    kind's default closing). `last_line`: the last outline line its words stand on, when they
    run on past `line` (a folded or wrapped value). `settings`: an office default, whose `path`
    is its key and `line` and `column` are in that drafter.yaml. `table` and `cells`: the
    statistics table and cells (主要指标!C14) its numbers were read from."""

    path: str = ""
    line: int = 0
    column: int = 0
    stock: str = ""
    template: str = ""
    computed: bool = False
    last_line: int = 0
    settings: str = ""
    table: str = ""
    cells: tuple[str, ...] = ()

    @property
    def kind(self) -> SourceKind:
        return _kind(self.stock, self.template)

    @property
    def outline_lines(self) -> range:
        """The outline lines its words stand on (none for a default or an office setting)."""
        if not self.line or self.settings:
            return range(0)
        return range(self.line, max(self.line, self.last_line) + 1)

    def as_json(self) -> dict[str, object]:
        """The source as `drafter render -f json` gives it: only what it has."""
        found: dict[str, object] = {}
        for name in _JSON_FIELDS:
            value = getattr(self, name)
            if value:
                found[name] = list(value) if isinstance(value, tuple) else value
        return found


_JSON_FIELDS = (
    "stock",
    "template",
    "settings",
    "path",
    "line",
    "column",
    "last_line",
    "table",
    "cells",
    "computed",
)


@dataclass(frozen=True)
class Piece:
    """A stretch of a paragraph's text that came from one source."""

    text: str
    source: Source


def main_source(pieces: Sequence[Piece]) -> Source | None:
    """What a block is said to come from: of the kinds (outline, stock, template), the one that
    gave most of its words, and of its sources the one that gave most (the first on a tie);
    `computed` when any piece is. Words drafter worked out count for nobody."""
    if len(pieces) < 2:
        return pieces[0].source if pieces else None
    sizes: dict[Source, int] = {}  # a source but `computed` → words
    computed = False
    for piece in pieces:
        source = piece.source
        key = replace(source, computed=False) if source.computed else source
        words = 0 if source.computed else len(piece.text)
        sizes[key] = sizes.get(key, 0) + words
        computed = computed or source.computed
    totals: dict[SourceKind, int] = {}
    for key, size in sizes.items():
        totals[key.kind] = totals.get(key.kind, 0) + size
    kind = max((k for k in _KINDS if k in totals), key=lambda k: totals[k])  # first of equals
    chosen = max((key for key in sizes if key.kind == kind), key=lambda k: sizes[k])
    return replace(chosen, computed=computed) if chosen.computed != computed else chosen


def _kind(stock: str, template: str) -> SourceKind:
    return "stock" if stock else "template" if template else "outline"


@dataclass(frozen=True)
class Run:
    """A stretch of paragraph text with one look."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Numbered:
    """A headline with its level and its label ("" when its list's labels are not numbers drafter
    writes: none, or kept in the headline's text as the speech wrote them)."""

    level: int
    label: str
    text: str
    _: KW_ONLY
    # read from a speech (render's labels say it all):
    numbering: str = ""  # its list's numbering style (chinese/numerals.py), or "none"
    guessed: bool = False  # where the headline ends is a guess
    note: str = ""  # on a list's first heading: why the list's labels stay in the text
    # rendered from an outline: where its headline came from
    source: Source | None = field(default=None, compare=False)

    @property
    def full_text(self) -> str:
        return self.label + self.text


@dataclass(frozen=True)
class Lead(Numbered):
    """A numbered headline run into the start of its paragraph: （一）系统党建不断加强。"""


@dataclass(frozen=True)
class Heading(Numbered):
    """A numbered heading on a line of its own: 一、2025年工作回顾."""

    _: KW_ONLY
    joined: bool = False  # read from a speech: it ran on in the paragraph before it


@dataclass(frozen=True)
class Paragraph:
    """Body, salutation or closing text, optionally opening with a run-in headline."""

    runs: tuple[Run, ...] = ()
    lead: Lead | None = None
    role: Role = "body"
    _: KW_ONLY
    joined: bool = False  # read from a speech: it ran on in the paragraph before it (one line)
    # rendered from an outline: where it came from (its body; its lead, when it has no body),
    # and where each stretch of its body text came from (the pieces' texts make `body_text`)
    source: Source | None = field(default=None, compare=False)
    pieces: tuple[Piece, ...] = field(default=(), compare=False)

    @property
    def body_text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def full_text(self) -> str:
        return (self.lead.full_text if self.lead else "") + self.body_text


Block = Heading | Paragraph


@dataclass(frozen=True)
class Header:
    """Title block: title, subtitle (——在……上的讲话), byline (speaker) and date."""

    title: str = ""
    subtitle: str = ""
    byline: str = ""
    date: str = ""
    _: KW_ONLY
    # rendered from an outline: (field, where its line came from)
    sources: tuple[tuple[str, Source], ...] = field(default=(), compare=False)

    def source(self, name: str) -> Source | None:
        """Where the line `name` (title, subtitle, byline, date) came from, when known."""
        return next((source for key, source in self.sources if key == name), None)

    def lines(self) -> list[tuple[str, str]]:
        """(field, text) for each non-empty line, in reading order."""
        fields = (
            ("title", self.title),
            ("subtitle", self.subtitle),
            ("byline", self.byline),
            ("date", self.date),
        )
        return [(name, text) for name, text in fields if text]


@dataclass(frozen=True)
class Section:
    """A stretch of the speech for statistics: opening, each level-1 part, closing."""

    name: str
    blocks: tuple[Block, ...]

    @property
    def paragraphs(self) -> int:
        """Its paragraphs as the source had them: a block that ran on counts with the one
        before it; the first always counts (a section begins where its heading begins)."""
        return 1 + sum(not block.joined for block in self.blocks[1:])


@dataclass(frozen=True)
class Document:
    header: Header = field(default_factory=Header)
    blocks: tuple[Block, ...] = ()
    author: str = ""
    outline: str = ""  # rendered from an outline: the file its sources' lines are in

    def lines(self) -> list[str]:
        """The text of every paragraph of the finished speech, in order."""
        return [text for _, text in self.header.lines()] + [b.full_text for b in self.blocks]

    def source_at(self, index: int, offset: int = 0) -> Source | None:
        """Where the character at `offset` of the `index`th paragraph of `lines()` came from
        (None in a document not rendered from an outline)."""
        header = self.header.lines()
        if index < len(header):
            return self.header.source(header[index][0])
        block = self.blocks[index - len(header)]
        if isinstance(block, Heading):
            return block.source
        lead = block.lead.full_text if block.lead else ""
        if block.lead is not None and offset < len(lead):
            return block.lead.source
        at = len(lead)
        for piece in block.pieces:
            at += len(piece.text)
            if offset < at:
                return piece.source
        return block.source

    def sections(self) -> list[Section]:
        """Opening (before the first level-1 heading), each part, and the closing paragraphs."""
        sections: list[Section] = []
        name, current = "开场", []
        for block in self.blocks:
            part = block if isinstance(block, Heading) else block.lead
            if part is not None and part.level == 1:  # a part's heading, or one run in
                sections.append(Section(name, tuple(current)))
                name, current = part.full_text, []
            elif isinstance(block, Paragraph) and block.role == "closing" and name != "结束语":
                sections.append(Section(name, tuple(current)))
                name, current = "结束语", []
            current.append(block)
        sections.append(Section(name, tuple(current)))
        return [section for section in sections if section.blocks]

    def map_text(self, change: Callable[[str], str]) -> Document:
        """A copy with `change` applied to every piece of text (never to number labels)."""
        head = self.header
        header = replace(
            head,
            title=change(head.title),
            subtitle=change(head.subtitle),
            byline=change(head.byline),
            date=change(head.date),
        )
        blocks: list[Block] = []
        for block in self.blocks:
            if isinstance(block, Heading):
                blocks.append(replace(block, text=change(block.text)))
            else:
                lead = replace(block.lead, text=change(block.lead.text)) if block.lead else None
                runs = tuple(replace(run, text=change(run.text)) for run in block.runs)
                pieces = _recut(block.pieces, "".join(run.text for run in runs), change)
                blocks.append(replace(block, runs=runs, lead=lead, pieces=pieces))
        return replace(self, header=header, blocks=tuple(blocks))

    def headings(self, level: int | None = None) -> Iterator[Numbered]:
        """Every numbered headline, standalone or run in, optionally of one level."""
        for block in self.blocks:
            item = block if isinstance(block, Heading) else block.lead
            if item is not None and (level is None or item.level == level):
                yield item


def _recut(pieces: tuple[Piece, ...], text: str, change: Callable[[str], str]) -> tuple[Piece, ...]:
    """A paragraph's pieces over its changed text: cut at the same places when the change kept
    the length (punctuation made full width changes one character for one), else each piece
    changed on its own."""
    if len(pieces) < 2:
        return (Piece(text, pieces[0].source),) if pieces and pieces[0].text != text else pieces
    if sum(len(piece.text) for piece in pieces) != len(text):
        return tuple(Piece(change(piece.text), piece.source) for piece in pieces)
    cut, start = [], 0
    for piece in pieces:
        end = start + len(piece.text)
        cut.append(piece if piece.text == text[start:end] else Piece(text[start:end], piece.source))
        start = end
    return tuple(cut)
