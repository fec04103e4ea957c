"""Read a finished speech into a Document: header, opening, numbered parts and items, closing.

Works on paragraphs (a .docx, a text file with one paragraph a line) and on a speech pasted from a
web page as one long line. Parts are numbered 一、, 1、 or 第一部分 (or not at all: a speech of
an opening and a closing). Items come in sequence inside their part, down to three levels
(第一，… with 一是/二是 inside; 1、 with （1） inside), and a label only counts where a sentence
can begin, so "统一、", "初中一、二年级" and "排名第一，" stay text. A numbering the speech got
wrong (一是、三是、三是、四是) is still one list. Nothing is dropped or changed: every character
of the input lands in exactly one block, in order, so an outline built from the result renders
back to the same characters; what the reader had to guess is flagged for the writer to check.

Parts are level-1 headings, items levels 2 to 4; a heading that runs into its text leads a
paragraph (`Lead`). Labels stay as written; where a list's labels are not ones drafter would write,
they stay in the headings' text (numbering `none`, with a note on the list's first heading).
Paragraphs follow the source's lines, and a block that ran on in the line before it says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from drafter.analysis import labels as found_labels
from drafter.analysis.boundaries import (
    HEAD_END,
    MAX_HEADING,
    MIN_HEADING,
    PARALLEL,
    THRESHOLD,
    WEAK,
    a_sentence,
    alike,
    best_cut,
    body_opener,
    shapes_of,
)
from drafter.analysis.frame import closing_start, read_header
from drafter.analysis.labels import (
    INLINE,
    ITEM_STYLES,
    PART_STYLES,
    PART_WORD,
    Label,
    Listing,
    announced,
    listing,
    outermost,
    prefix_end,
    sequence,
)
from drafter.document import Block, Document, Heading, Lead, Paragraph, Role, Run

MAX_DEPTH = 3  # items, their items and theirs (the outline's levels 2 to 4)
MAX_HEADLINE = 30  # longer first sentences are an item's text, not its headline
LONGEST_LINE = 60  # a line without final punctuation up to this long is a heading
SHORT = 12  # a first sentence this short is a headline (系统治理水平不断提升。), never cut
MAX_CLAUSE = 20  # a headline that is the first clause of a long sentence is at most this long


@dataclass(frozen=True)
class Hints:
    """What a formatted speech says beyond its characters, by paragraph (non-blank lines from
    0): headings by their outline level (0 is a part), and the length of the run-in heading that
    opens a paragraph (a bold lead, Word's 接排标题 character style)."""

    headings: dict[int, int] = field(default_factory=dict)
    leads: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Head:
    end: int  # where the heading's text ends
    body: int  # where the body begins
    run_in: bool
    guessed: bool = False
    cut: bool = False  # the cues placed the end (no mark, no line break)
    open: bool = False  # ends with its mark, though the cues saw a possible earlier end
    doubt: bool = False  # ran on where the source lost its breaks: the end may have been lost


LONG_HEADING = 20  # characters past which a heading that ran on is in doubt (see `_long`)


def read_document(text: str, hints: Hints | None = None) -> Document:
    """A speech's Document; its paragraphs are separated by newlines (or there are none)."""
    return _Reader(text, hints or Hints()).document()


class _Reader:
    def __init__(self, text: str, hints: Hints) -> None:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        self.text = "\n".join(lines)
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        self.headings = {starts[i]: level for i, level in hints.headings.items() if i < len(starts)}
        self.leads = {starts[i]: starts[i] + n for i, n in hints.leads.items() if i < len(starts)}
        self.header, self.salutation, self.body = read_header(self.text)
        self.one_line = "\n" not in self.text[self.body :]  # a speech pasted from a web page

    # --- the whole speech ------------------------------------------------------------------

    def document(self) -> Document:
        header, body, end = self.header, self.body, len(self.text)
        blocks: list[Block] = []
        if self.salutation:
            blocks.append(Paragraph((Run(self.salutation + "："),), role="salutation"))
        found = self._part_list(body, end)
        if found is None:
            closing = closing_start(self.text, body, end)
            stop = end if closing is None else closing
            blocks += self._paragraphs(body, stop)
            blocks += self._paragraphs(stop, end, "closing")
            return Document(header, tuple(blocks))
        labels = found.labels
        leaf = self._last_leaf(labels[-1], end, found.style)
        closing = closing_start(self.text, leaf, end)
        stops = [label.start for label in labels[1:]] + [end if closing is None else closing]
        said = announced(self._slice(body, labels[0].start))
        expected = said if len(said) == len(labels) else [""] * len(labels)
        lists = [
            self._item_list(label.end, stop, 1, {found.style})
            for label, stop in zip(labels, stops, strict=True)
        ]
        limits = [
            inner.labels[0].start if inner else stop
            for inner, stop in zip(lists, stops, strict=True)
        ]
        heads = self._heads(labels, limits, part=True, inline=False, expected=expected)
        blocks += self._paragraphs(body, labels[0].start)
        for label, stop, inner, limit, head in zip(
            labels, stops, lists, limits, heads, strict=True
        ):
            start = label.start if found.kept else label.end
            run_in = head.run_in and bool(self._slice(head.body, limit))
            title = self._slice(start, head.end)
            blocks += self._headed(found, label, 1, title, run_in, head, limit)
            if inner:
                blocks += self._items(inner, stop, 1, {found.style})
        blocks += self._paragraphs(stops[-1], end, "closing")
        return Document(header, tuple(blocks))

    def _slice(self, start: int, end: int) -> str:
        return self.text[start:end].strip()

    def _paragraphs(self, start: int, end: int, role: Role = "body") -> list[Paragraph]:
        """The text in [start, end), one paragraph a line."""
        text = self._slice(start, end)
        joined = self._joined(self._begins(start, end))
        return [
            Paragraph((Run(line),), role=role, joined=index == 0 and joined)
            for index, line in enumerate(text.split("\n") if text else ())
        ]

    def _begins(self, start: int, end: int) -> int:
        """Where the text in [start, end) begins, whitespace passed over."""
        segment = self.text[start:end]
        return start + len(segment) - len(segment.lstrip())

    def _joined(self, position: int) -> bool:
        """Whether the text at `position` ran on after other text of the body on its line."""
        before = position - 1  # looking back over spaces only: a one-line speech is long
        while before >= self.body and self.text[before] != "\n" and self.text[before].isspace():
            before -= 1
        return before >= self.body and self.text[before] != "\n"

    def _headed(
        self,
        found: Listing,
        label: Label,
        level: int,
        title: str,
        run_in: bool,
        head: _Head,
        limit: int,
    ) -> list[Block]:
        """A heading of `found` and its text, from where `head` says the body begins to
        `limit`: a run-in heading leads the paragraph of the text on its line."""
        start, guessed = head.body, head.guessed
        shown = "" if found.kept else label.text.strip()
        numbering = "none" if found.kept else found.style
        note = found.note if label == found.labels[0] else ""
        paragraphs = self._paragraphs(start, limit)
        joined = self._joined(label.start)
        if not run_in:
            heading = Heading(
                level, shown, title, numbering=numbering, guessed=guessed, note=note, joined=joined
            )
            return [heading, *paragraphs]
        lead = Lead(level, shown, title, numbering=numbering, guessed=guessed, note=note)
        on_its_line = "\n" not in self.text[label.start : self._begins(start, limit)]
        runs = paragraphs.pop(0).runs if paragraphs and on_its_line else ()
        return [Paragraph(runs, lead, joined=joined), *paragraphs]

    # --- parts -----------------------------------------------------------------------------

    def _part_list(self, start: int, end: int) -> Listing | None:
        """The speech's parts: 一、 (or 1、, 第一部分, headings a .docx marks) in sequence."""
        for style in PART_STYLES:
            labels = sequence(self._labels(style, start, end), restart_ends=False)
            if len(labels) >= (1 if style == "cn" else 2):
                return listing(style, labels)
        labels = sequence(self._labels(PART_WORD, start, end), restart_ends=False)
        if len(labels) >= 2:
            note = "原文用“第一部分”等标出各部分：序号照原文留在各部分标题里"
            return Listing("none", labels, kept=True, note=note)
        marked = self._marked_headings(start, end, level=0)
        return Listing("none", marked) if marked else None

    def _last_leaf(self, label: Label, end: int, style: str) -> int:
        """Where the last text of the speech's last part begins: a closing starts after it."""
        used, depth, position = {style}, 1, label.end
        while depth <= MAX_DEPTH:
            inner = self._item_list(position, end, depth, used)
            if inner is None or not self._slice(position, inner.labels[0].start):
                break
            used.add(inner.style)
            position, depth = inner.labels[-1].end, depth + 1
        return position

    # --- items -----------------------------------------------------------------------------

    def _item_list(self, start: int, end: int, depth: int, used: set[str]) -> Listing | None:
        """The list of items in [start, end): of the styles with a sequence here, the most
        structural one that leaves the others inside a single item (or before the list)."""
        candidates = []
        for style in ITEM_STYLES:
            if style in used:
                continue
            labels = sequence(self._labels(style, start, end))
            if len(labels) >= (2 if style in INLINE else 1):
                candidates.append((style, labels))
        if candidates:
            return listing(*outermost(candidates, end))
        marked = self._marked_headings(start, end, level=depth)
        return Listing("none", marked) if marked else None

    def _items(self, found: Listing, end: int, depth: int, used: set[str]) -> list[Block]:
        used = used | {found.style}
        stops = [label.start for label in found.labels[1:]] + [end]
        lists: list[Listing | None] = []
        for label, stop in zip(found.labels, stops, strict=True):
            inner = self._item_list(label.end, stop, depth + 1, used) if depth < MAX_DEPTH else None
            if inner and not self._slice(label.end, inner.labels[0].start):
                inner = None  # a label straight followed by another is one item's text
            lists.append(inner)
        limits = [
            inner.labels[0].start if inner else stop
            for inner, stop in zip(lists, stops, strict=True)
        ]
        heads = self._heads(found.labels, limits, part=False, inline=found.style in INLINE)
        blocks: list[Block] = []
        for label, stop, inner, limit, head in zip(
            found.labels, stops, lists, limits, heads, strict=True
        ):
            blocks += self._item(found, label, depth + 1, head, limit)
            if inner:
                blocks += self._items(inner, stop, depth + 1, used)
        return blocks

    def _heads(
        self,
        labels: list[Label],
        limits: list[int],
        *,
        part: bool,
        inline: bool,
        expected: Sequence[str] = (),
    ) -> list[_Head]:
        """Where each heading of a list ends: first where the text says so; then by the cues,
        with the known headings' length and shape; and, the headings of one list being written
        alike, cut at weaker signs once one of them is cut. Once one is cut the list lost its
        headings' marks: an end open or in doubt is a guess unless the heading has the cut
        ones' shape (抓队伍，大力实施英才工程。 among 抓统筹，切实优化教育结构)."""
        expected = list(expected) or [""] * len(labels)
        ran_on = [self._ran_on(label, inline) for label in labels]
        found = [
            self._head(label, limit, part=part, ran_on=on, expected=wanted, guess=False)
            for label, limit, on, wanted in zip(labels, limits, ran_on, expected, strict=True)
        ]
        known = [
            self._slice(label.end, head.end)
            for label, head in zip(labels, found, strict=True)
            if head is not None and head.end > label.end and not (head.open or head.doubt)
        ]
        heads = [
            head or self._head(label, limit, part=part, ran_on=on, siblings=known, guess=True)
            for label, limit, on, head in zip(labels, limits, ran_on, found, strict=True)
        ]
        cut = [
            self._slice(label.end, head.end)
            for label, head in zip(labels, heads, strict=True)
            if head is not None and head.cut
        ]
        if not cut:  # none was cut: one that may have lost its end is a guess when it is long
            return [
                replace(head, guessed=True)
                if head.doubt and self._long(self._slice(label.end, head.end))
                else head
                for label, head in zip(labels, heads, strict=True)
                if head is not None
            ]
        shapes = shapes_of(cut)
        again = []
        for label, limit, on, head in zip(labels, limits, ran_on, heads, strict=True):
            assert head is not None
            if head.open:
                head = self._head(
                    label,
                    limit,
                    part=part,
                    ran_on=on,
                    siblings=known + cut,
                    guess=True,
                    parallel=True,
                )
            if (head.open or head.doubt) and not alike(self._slice(label.end, head.end), shapes):
                head = replace(head, guessed=True)
            again.append(head)
        return again

    @staticmethod
    def _long(heading: str) -> bool:
        """Longer than the genre's headings run (抓统筹，切实优化教育结构: 12; a paired one of
        two clauses rarely passes 20): a heading that may have taken in its body's sentence."""
        return len(heading.rstrip("。．.！!？?；;")) > LONG_HEADING

    def _item(
        self, found: Listing, label: Label, level: int, head: _Head, limit: int
    ) -> list[Block]:
        start = label.start if found.kept else label.end
        if head.end <= label.end:  # only text: the label leads into it
            only_text = _Head(start, start, True, guessed=head.guessed)
            return self._headed(found, label, level, "", True, only_text, limit)
        headline = self._slice(start, head.end)
        run_in = head.run_in or not self._slice(head.body, limit)
        return self._headed(found, label, level, headline, run_in, head, limit)

    # --- labels ----------------------------------------------------------------------------

    def _labels(self, style: str, start: int, end: int) -> list[Label]:
        # a list may begin right after a heading that lost its punctuation (一、回顾第一，…)
        return found_labels.labels(self.text, style, start, end, loose_within=MAX_HEADING)

    def _marked_headings(self, start: int, end: int, *, level: int) -> list[Label]:
        """Headings a .docx or Markdown file marks at `level` that carry no label."""
        return [
            Label(position, position, index + 1, "")
            for index, position in enumerate(
                p
                for p, found in sorted(self.headings.items())
                if found == level and start <= p < end
            )
        ]

    # --- where a heading ends --------------------------------------------------------------

    def _head(
        self,
        label: Label,
        limit: int,
        *,
        part: bool,
        ran_on: bool,
        expected: str = "",
        siblings: list[str] | tuple[str, ...] = (),
        guess: bool,
        parallel: bool = False,
    ) -> _Head | None:
        """Where the heading after `label` ends; None when only a guess would say (unless
        `guess`). An item's head that ends at its label means: no headline, only text.

        `ran_on`: the label ran on in its line (`_ran_on`), so a heading may have lost its own
        end mark there: its first sentence (longer than SHORT), or all the text up to the next
        label, may be heading and text run together. Such an end is in doubt (`_heads` marks it
        once a sibling is cut) and a guess when a cue points inside it."""
        start, text = label.end, self.text
        segment = text[start:limit]
        lead = self.leads.get(label.start)
        if lead is not None and label.start < lead <= start:  # the label alone leads in
            return _Head(start, start, run_in=True)
        if lead is not None and start < lead <= limit:  # a mark just after it is its own
            return self._head_at(start, lead, limit)
        if expected and (cut := prefix_end(segment, expected)) is not None:
            return self._head_at(start, start + cut, limit)
        newline = segment.find("\n")
        line = (segment if newline < 0 else segment[:newline]).rstrip()
        sentence = _first_end(line)
        longest = MAX_HEADING if part else MAX_HEADLINE
        doubted = ran_on and len(line) > SHORT + 1  # longer than a short heading and its mark
        # the line stands alone: a line break follows, or (one-line text) the next label does;
        # right before that label, with no space between, a heading and its text may end together
        alone = newline >= 0 or (sentence < 0 and not segment[len(line) :].strip())
        to_label = alone and segment == line and doubted and len(line) <= LONGEST_LINE
        if alone and (sentence < 0 or sentence == len(line) - 1) and not to_label:
            whole = _Head(start + len(line), start + len(line), run_in=False, doubt=doubted)
            if sentence < 0 and len(line) <= LONGEST_LINE:
                return whole  # its own line
            if len(line) <= longest or (part and len(line) <= LONGEST_LINE):
                return whole
            found = best_cut(segment, sentence, part=False, siblings=siblings, sentence=True)
            if not part and (found is None or found.score < THRESHOLD[False]):
                reread = found is not None and found.score >= PARALLEL
                return _no_headline(start, segment, sentence, reread, ran_on)
        gap = re.search(r" {2,}", line)
        if gap and gap.start() <= MAX_HEADING and (sentence < 0 or gap.start() < sentence):
            return _Head(start + gap.start(), start + gap.end(), run_in=False)
        stop = sentence if sentence >= 0 else len(line)
        said = sentence >= 0 or to_label  # what follows the heading must be a sentence
        cut = best_cut(segment, stop, part=part, siblings=siblings, sentence=said)
        needed = PARALLEL if parallel else THRESHOLD[part]
        sure = cut is not None and cut.score >= needed
        weak = cut is not None and cut.score >= WEAK[part]
        reread = cut is not None and cut.score >= PARALLEL  # again, once a sibling is cut
        if 0 <= sentence < longest and (not sure or sentence <= SHORT):  # a run-in heading
            end = start + sentence + 1
            open_ = sentence > SHORT and reread
            doubt = sentence > SHORT and ran_on
            return _Head(end, end, run_in=True, guessed=open_ and weak, open=open_, doubt=doubt)
        if to_label and not sure:  # one-line text: all up to the next label, as it ends
            end = start + len(line)
            guessed = weak or line.endswith(("：", ":"))  # a list's intro ends with a colon
            return _Head(end, end, run_in=False, guessed=guessed, open=reread, doubt=True)
        if not guess:
            return None
        if sure:
            assert cut is not None
            at = start + cut.position
            return _Head(at, at, run_in=False, guessed=True, cut=True)
        if not part:
            return _no_headline(start, segment, stop, reread, ran_on)
        end = start + (sentence + 1 if 0 <= sentence < LONGEST_LINE else min(len(line), 20))
        return _Head(end, end, run_in=sentence >= 0, guessed=True)

    def _ran_on(self, label: Label, inline: bool) -> bool:
        """Whether the heading at `label` ran on after other text on its line, where the source
        lost its line breaks (an inline 一是 runs on in any speech: only in one-line text)."""
        return self._joined(label.start) and (self.one_line or not inline)

    def _head_at(self, start: int, end: int, limit: int) -> _Head:
        """A heading known to end at `end`: a mark right after it belongs to it."""
        if end < limit and self.text[end] in HEAD_END:
            end += 1
        return _Head(end, end, run_in=end < limit and self.text[end] != "\n")


def _no_headline(start: int, segment: str, stop: int, reread: bool, ran_on: bool) -> _Head:
    """The head of an item whose first sentence (up to `stop`) is too long for a headline: its
    first clause where that reads as one (第一，坚持高位推动，把……), a guess; else none, its first
    sentence being its point (text; a guess too where headings ran on into their text).
    `reread`: a cue pointed inside, so it is read again once a sibling is cut."""
    comma = re.search(r"[，,]", segment[:stop])
    if comma is not None:
        clause, rest = segment[: comma.start()], segment[comma.end() : stop]
        if (
            MIN_HEADING <= len(clause) <= MAX_CLAUSE
            and not body_opener(clause)
            and a_sentence(rest)
        ):
            end = start + comma.end()
            return _Head(end, end, run_in=True, guessed=True, open=reread, doubt=ran_on)
    return _Head(start, start, run_in=True, guessed=ran_on, open=reread, doubt=ran_on)


def _first_end(text: str) -> int:
    for index, char in enumerate(text):
        if char in HEAD_END:
            return index
    return -1
