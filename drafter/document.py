"""The document model: what render makes of an outline, what the structure reader makes of a
finished speech, what every writer, `extract`, `stats` and `check` read.

Numbers (一、（一）1. 一是 …) are already assigned here: computed from the order of the blocks by
render, as written by the reader; writers only decide how each kind of block looks. What only a
reader can say (a guessed heading end, a paragraph that ran on in the source) has a default that
render leaves alone; such fields are keyword-only, so more can be said of a block (where it came
from) without touching the code that builds blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import KW_ONLY, dataclass, field, replace
from typing import Literal

Role = Literal["body", "salutation", "closing"]


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

    def lines(self) -> list[str]:
        """The text of every paragraph of the finished speech, in order."""
        return [text for _, text in self.header.lines()] + [b.full_text for b in self.blocks]

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
        header = Header(
            *(
                change(text)
                for text in (
                    self.header.title,
                    self.header.subtitle,
                    self.header.byline,
                    self.header.date,
                )
            )
        )
        blocks: list[Block] = []
        for block in self.blocks:
            if isinstance(block, Heading):
                blocks.append(replace(block, text=change(block.text)))
            else:
                lead = replace(block.lead, text=change(block.lead.text)) if block.lead else None
                runs = tuple(replace(run, text=change(run.text)) for run in block.runs)
                blocks.append(replace(block, runs=runs, lead=lead))
        return replace(self, header=header, blocks=tuple(blocks))

    def headings(self, level: int | None = None) -> Iterator[Numbered]:
        """Every numbered headline, standalone or run in, optionally of one level."""
        for block in self.blocks:
            item = block if isinstance(block, Heading) else block.lead
            if item is not None and (level is None or item.level == level):
                yield item
