"""Read the structure of a finished speech: header, opening, numbered parts and items, closing.

Works on paragraphs (a .docx, a text file with one paragraph a line) and on a speech pasted from a
web page as one long line. Parts are numbered 一、, 1、 or 第一部分 (or not at all: a speech of
an opening and a closing). Items come in sequence inside their part, down to three levels
(第一，… with 一是/二是 inside; 1、 with （1） inside), and a label only counts where a sentence
can begin, so "统一、", "初中一、二年级" and "排名第一，" stay text. A numbering the speech got
wrong (一是、三是、三是、四是) is still one list. Nothing is dropped or changed: every character
of the input lands in exactly one field, in order, so an outline built from the result renders
back to the same characters; what the reader had to guess is flagged for the writer to check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from drafter.analysis.boundaries import MAX_HEADING, PARALLEL, THRESHOLD, WEAK, best_cut
from drafter.chinese import numerals
from drafter.chinese.text import HALF_WIDTH_ENDS, SEMICOLON, SENTENCE_END

CN = "一二三四五六七八九十"
_CLOSERS = "”’」』）)】"
_HEAD_END = SENTENCE_END + SEMICOLON + HALF_WIDTH_ENDS  # what ends a run-in headline: 。！？；
_SENTENCE_BREAK = SENTENCE_END + "!?"  # what a list's next label follows
_WIDTH = str.maketrans(",:;()!?.", "，：；（）！？．")
# Item styles, most structural first: of several lists that fit together, the one listed first
# is the outer (（一） holds 1.; 第一， holds 一是).
ITEM_STYLES = ("paren", "arabic-dun", "arabic", "paren-arabic", "di", "shi", "yao")
_INLINE = frozenset(("di", "shi", "yao"))  # read as part of a sentence: a list needs two
# What a list of each style may hold, as the genre nests them (（一） holds 1., 第一， holds 一是;
# 一是 holds no （一）): a list that could be held by the list before it is inside its last item.
_HOLDS = {
    "paren": {"arabic-dun", "arabic", "paren-arabic", "di", "shi", "yao"},
    "arabic-dun": {"paren-arabic", "di", "shi", "yao"},
    "arabic": {"paren-arabic", "di", "shi", "yao"},
    "paren-arabic": {"shi", "yao"},
    "di": {"paren-arabic", "shi", "yao"},
    "shi": set(),
    "yao": set(),
}
_PART_STYLES = ("cn", "arabic-dun")
_PART_WORD = r"第([一二三四五六七八九十]{1,3})部分\s*[、，,：:]?"
_PATTERNS = {
    name: re.compile(numerals.BY_NAME[name].pattern) for name in (*_PART_STYLES, *ITEM_STYLES)
}
_PATTERNS["part-word"] = re.compile(_PART_WORD)
LABEL_AT_START = re.compile(
    r"\s*(?:" + "|".join(p.pattern for p in _PATTERNS.values()) + ")", re.UNICODE
)
MAX_DEPTH = 3  # items, their items and theirs (the outline's levels 2 to 4)
MAX_HEADLINE = 30  # longer first sentences are an item's text, not its headline
LONGEST_LINE = 60  # a line without final punctuation up to this long is a heading
SHORT = 12  # a first sentence this short is a headline (系统治理水平不断提升。), never cut

_DATE = re.compile(
    r"[（(]?\s*(?:[\dXx○〇Ｘ]{4}|[〇○零一二三四五六七八九]{4})\s*年"
    r"(?:\s*[\dXx○〇Ｘ一二三四五六七八九十]{1,2}\s*月(?:\s*[\dXx○〇Ｘ一二三四五六七八九十]{1,3}\s*日)?)?"
    r"\s*[)）]?"
)
ADDRESSES = ("讲话", "致辞", "发言", "报告")
_ADDRESS = "|".join(ADDRESSES)
_SUBTITLE = re.compile(rf"——\s*在(.+?)上的({_ADDRESS})")
_TITLE_IS_OCCASION = re.compile(rf"在(.+?)上的({_ADDRESS})")
_ADDRESSEE = (
    r"(?:尊敬的[^：:，,。；;！!\n]{1,30}|各位[^：:，,、。；;！!\n]{1,12}|亲爱的[^：:，,、。\n]{1,12}"
    r"|(?:同志|老师|同学|朋友|同仁|同事|女士|先生|来宾|嘉宾|家长|校长|战友)们)"
)
_SALUTATION = re.compile(rf"({_ADDRESSEE}(?:\s*[，,、]\s*{_ADDRESSEE})*)\s*[：:]")
_CLOSING_ADDRESSEE = r"(?:同志们|同事们|老师们|同学们|朋友们|各位[^，,、：:。\n]{1,10})"
_CLOSING_START = re.compile(rf"{_CLOSING_ADDRESSEE}(?:[、，,]\s*{_CLOSING_ADDRESSEE})*[，,！!]")
_GREETING_START = re.compile(
    r"最后[，,]|值此|在[^。！!？?，,\n]{1,20}之际|"
    r"[^。！!？?，,\n]{1,12}(?:即将|就要)?(?:到来|来临|将至|即至|临近)[，,]"
)
_GREETING_WORDS = re.compile(r"祝|拜年|拜个早年|问候|致以")
_THANKS = re.compile(r"(?:我就讲这些[，,]\s*)?谢谢(?:大家)?[！!。]?\s*$")
_CLOSING_REACH = 400  # a closing without 同志们 (最后，预祝……) stands this near the end


def fold(text: str) -> str:
    """Text as compared for sameness: without whitespace, , : ; ( ) ! ? . in one width."""
    return re.sub(r"\s", "", text.translate(_WIDTH))


@dataclass(frozen=True)
class Hints:
    """What a formatted speech says beyond its characters, by paragraph (non-blank lines from
    0): headings by their outline level (0 is a part), and the length of the run-in heading that
    opens a paragraph (a bold lead, Word's 接排标题 character style)."""

    headings: dict[int, int] = field(default_factory=dict)
    leads: dict[int, int] = field(default_factory=dict)


@dataclass
class SpeechItem:
    label: str  # "" when the labels stay in the headlines (numbering: none)
    headline: str = ""  # "" for an item that is only text (its label leads into the text)
    text: str = ""
    run_in: bool = True
    guessed: bool = False  # the headline's end was inferred (no mark, no line break)
    numbering: str | None = None
    items: list[SpeechItem] = field(default_factory=list)
    labels_note: str = ""  # why the items' labels stay in their headlines (a comment)


@dataclass
class SpeechPart:
    label: str
    title: str
    intro: str = ""
    run_in: bool = False  # the title runs into the intro (一、……。正文……)
    guessed_title: bool = False
    numbering: str | None = None
    items: list[SpeechItem] = field(default_factory=list)
    labels_note: str = ""
    raw: str = ""  # the part's text as it stood, heading included (for statistics)


@dataclass
class SpeechHeader:
    title: str = ""
    occasion: str = ""
    address: str = ""  # 讲话 致辞 发言 报告, from ——在……上的致辞
    speaker: str = ""
    date: str = ""
    salutation: str = ""


@dataclass
class Speech:
    header: SpeechHeader
    opening: str
    parts: list[SpeechPart]
    closing: str = ""
    parts_numbering: str = "cn"
    parts_note: str = ""


@dataclass(frozen=True)
class _Label:
    start: int
    end: int
    value: int
    text: str
    loose: bool = False  # not where a sentence begins: only right after a heading's words


@dataclass(frozen=True)
class _List:
    style: str  # the numbering style, or "none" when labels stay in the text
    labels: list[_Label]
    kept: bool = False  # the labels are part of each heading's text
    note: str = ""


@dataclass(frozen=True)
class _Head:
    end: int  # where the heading's text ends
    body: int  # where the body begins
    run_in: bool
    guessed: bool = False
    cut: bool = False  # the cues placed the end (no mark, no line break)
    open: bool = False  # ends with its mark, though the cues saw a possible earlier end


def read_speech(text: str, hints: Hints | None = None) -> Speech:
    """The structure of a speech; paragraphs are separated by newlines (or there are none)."""
    return _Reader(text, hints or Hints()).speech()


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

    # --- the whole speech ------------------------------------------------------------------

    def speech(self) -> Speech:
        header, body = self._header()
        end = len(self.text)
        found = self._part_list(body, end)
        if found is None:
            closing = self._closing_start(body, end, after=body)
            stop = end if closing is None else closing
            return Speech(header, self._slice(body, stop), [], self._slice(stop, end), "none")
        labels = found.labels
        leaf = self._last_leaf(labels[-1], end, found.style)
        closing = self._closing_start(leaf, end, after=leaf)
        stops = [label.start for label in labels[1:]] + [end if closing is None else closing]
        announced = _announced(self._slice(body, labels[0].start))
        expected = announced if len(announced) == len(labels) else [""] * len(labels)
        lists = [
            self._item_list(label.end, stop, 1, {found.style})
            for label, stop in zip(labels, stops, strict=True)
        ]
        limits = [
            inner.labels[0].start if inner else stop
            for inner, stop in zip(lists, stops, strict=True)
        ]
        heads = self._heads(labels, limits, part=True, expected=expected)
        parts = [
            self._part(label, stop, found, inner, limit, head)
            for label, stop, inner, limit, head in zip(
                labels, stops, lists, limits, heads, strict=True
            )
        ]
        numbering = "none" if found.kept or found.style == "none" else found.style
        return Speech(
            header,
            self._slice(body, labels[0].start),
            parts,
            self._slice(stops[-1], end),
            numbering,
            found.note,
        )

    def _slice(self, start: int, end: int) -> str:
        return self.text[start:end].strip()

    # --- header ----------------------------------------------------------------------------

    def _header(self) -> tuple[SpeechHeader, int]:
        header = SpeechHeader()
        text = self.text
        salutation = _SALUTATION.search(text, 0, 800)
        if salutation:
            head, body = text[: salutation.start()], salutation.end()
            said = re.sub(r"\s*([，,、])\s*", r"\1", salutation.group(1))  # one line
            header.salutation = " ".join(said.split())
        else:
            head, body = _header_without_salutation(text)
        subtitle = _SUBTITLE.search(head)
        rest = head
        if subtitle:
            header.title = _join_lines(head[: subtitle.start()])
            header.occasion, header.address = subtitle.group(1).strip(), subtitle.group(2)
            rest = head[subtitle.end() :]
        elif match := _TITLE_IS_OCCASION.match(head.lstrip()):
            header.occasion, header.address = match.group(1).strip(), match.group(2)
            rest = head.lstrip()[match.end() :]
        else:
            first, _, rest = head.partition("\n")
            header.title = first.strip()
        dates = [d for d in _DATE.finditer(rest) if not rest[d.end() :].strip()]
        if dates:
            header.date = dates[-1].group(0).strip()
            rest = rest[: dates[-1].start()]
        header.speaker = " ".join(rest.split())
        return header, body

    # --- parts -----------------------------------------------------------------------------

    def _part_list(self, start: int, end: int) -> _List | None:
        """The speech's parts: 一、 (or 1、, 第一部分, headings a .docx marks) in sequence."""
        for style in _PART_STYLES:
            labels = _sequence(self._labels(style, start, end, colon=True), restart_ends=False)
            if len(labels) >= (1 if style == "cn" else 2):
                return _as_list(style, labels)
        labels = _sequence(self._labels("part-word", start, end, colon=True), restart_ends=False)
        if len(labels) >= 2:
            note = "原文用“第一部分”等标出各部分：序号照原文留在各部分标题里"
            return _List("none", labels, kept=True, note=note)
        marked = self._marked_headings(start, end, level=0)
        return _List("none", marked) if marked else None

    def _part(
        self, label: _Label, end: int, found: _List, inner: _List | None, limit: int, head: _Head
    ) -> SpeechPart:
        start = label.start if found.kept else label.end
        part = SpeechPart(
            "" if found.kept else label.text.strip(),
            self._slice(start, head.end),
            intro=self._slice(head.body, limit),
            guessed_title=head.guessed,
            raw=self._slice(label.start, end),
        )
        part.run_in = head.run_in and bool(part.intro)
        if inner:
            part.numbering = "none" if inner.kept else inner.style
            part.labels_note = inner.note
            part.items = self._items(inner, end, 1, {found.style})
        return part

    def _last_leaf(self, label: _Label, end: int, style: str) -> int:
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

    def _item_list(self, start: int, end: int, depth: int, used: set[str]) -> _List | None:
        """The list of items in [start, end): of the styles with a sequence here, the most
        structural one that leaves the others inside a single item (or before the list)."""
        candidates = []
        for style in ITEM_STYLES:
            if style in used:
                continue
            labels = _sequence(self._labels(style, start, end, colon=True))
            if len(labels) >= (2 if style in _INLINE else 1):
                candidates.append((style, labels))
        fitting = [
            (style, labels)
            for style, labels in candidates
            if all(_nests(labels, other, end) for _, other in candidates)
            and not any(
                style in _HOLDS[before] and other[-1].start < labels[0].start
                for before, other in candidates
            )
        ]
        for style, labels in fitting or candidates:
            return _as_list(style, labels)
        marked = self._marked_headings(start, end, level=depth)
        return _List("none", marked) if marked else None

    def _items(self, found: _List, end: int, depth: int, used: set[str]) -> list[SpeechItem]:
        used = used | {found.style}
        stops = [label.start for label in found.labels[1:]] + [end]
        lists: list[_List | None] = []
        for label, stop in zip(found.labels, stops, strict=True):
            inner = self._item_list(label.end, stop, depth + 1, used) if depth < MAX_DEPTH else None
            if inner and not self._slice(label.end, inner.labels[0].start):
                inner = None  # a label straight followed by another is one item's text
            lists.append(inner)
        limits = [
            inner.labels[0].start if inner else stop
            for inner, stop in zip(lists, stops, strict=True)
        ]
        heads = self._heads(found.labels, limits, part=False)
        items = []
        for label, stop, inner, limit, head in zip(
            found.labels, stops, lists, limits, heads, strict=True
        ):
            item = self._item(label, found, head, limit)
            if inner:
                item.numbering = "none" if inner.kept else inner.style
                item.labels_note = inner.note
                item.items = self._items(inner, stop, depth + 1, used)
            items.append(item)
        return items

    def _heads(
        self, labels: list[_Label], limits: list[int], *, part: bool, expected: Sequence[str] = ()
    ) -> list[_Head]:
        """Where each heading of a list ends: first where the text says so; then by the cues,
        with the known headings' length and shape; and, the headings of one list being written
        alike, cut at weaker signs once one of them is cut."""
        expected = list(expected) or [""] * len(labels)
        found = [
            self._head(label, limit, part=part, expected=wanted, guess=False)
            for label, limit, wanted in zip(labels, limits, expected, strict=True)
        ]
        known = [
            self._slice(label.end, head.end)
            for label, head in zip(labels, found, strict=True)
            if head is not None and head.end > label.end and not head.open
        ]
        heads = [
            head or self._head(label, limit, part=part, siblings=known, guess=True)
            for label, limit, head in zip(labels, limits, found, strict=True)
        ]
        if any(head is not None and head.cut for head in heads):
            alike = known + [
                self._slice(label.end, head.end)
                for label, head in zip(labels, heads, strict=True)
                if head is not None and head.cut
            ]
            heads = [
                self._head(label, limit, part=part, siblings=alike, guess=True, parallel=True)
                if head is not None and head.open
                else head
                for label, limit, head in zip(labels, limits, heads, strict=True)
            ]
        return [head for head in heads if head is not None]

    def _item(self, label: _Label, found: _List, head: _Head, limit: int) -> SpeechItem:
        start = label.start if found.kept else label.end
        if head.end <= label.end:  # only text: the label leads into it
            return SpeechItem(
                "" if found.kept else label.text.strip(), text=self._slice(start, limit)
            )
        item = SpeechItem("" if found.kept else label.text.strip())
        item.headline = self._slice(start, head.end)
        item.text = self._slice(head.body, limit)
        item.run_in = head.run_in or not item.text
        item.guessed = head.guessed
        return item

    # --- labels ----------------------------------------------------------------------------

    def _labels(self, style: str, start: int, end: int, *, colon: bool) -> list[_Label]:
        """Every label of `style` in [start, end) standing where a sentence can begin."""
        arabic = style in _PART_STYLES[1:] or (
            style in numerals.BY_NAME and numerals.BY_NAME[style].arabic
        )
        found = []
        for match in _PATTERNS[style].finditer(self.text, start, end):
            number = match.group(1)
            value = int(number) if arabic else numerals.value(number)
            if value is None:
                continue
            # a list may begin right after a heading that lost its punctuation (一、回顾第一，…)
            loose = not self._at_boundary(match.start(), style, colon=colon)
            if loose and (style == "cn" or match.start() - start > MAX_HEADING):
                continue
            if style == "cn" and match.end() < len(self.text) and self.text[match.end()] in CN:
                continue  # 一、二年级: a list of numbers, not a heading
            found.append(_Label(match.start(), match.end(), value, match.group(0), loose))
        return found

    def _at_boundary(self, index: int, style: str, *, colon: bool) -> bool:
        """Whether a label (and so a heading) can begin at `index`."""
        text = self.text
        i = index - 1
        while i >= 0 and text[i] == " ":
            i -= 1
        if i < 0 or text[i] == "\n" or index - i > 1:  # the start, a line break, a gap
            return True
        before = text[i]
        if style in ("paren", "paren-arabic") and before not in "第" and not before.isascii():
            return True  # （一） needs no mark before it: a title without punctuation ends there
        if colon and before in "：:":
            return True
        while i >= 0 and text[i] in _CLOSERS:
            i -= 1
        return i >= 0 and text[i] in _SENTENCE_BREAK

    def _marked_headings(self, start: int, end: int, *, level: int) -> list[_Label]:
        """Headings a .docx or Markdown file marks at `level` that carry no label."""
        return [
            _Label(position, position, index + 1, "")
            for index, position in enumerate(
                p
                for p, found in sorted(self.headings.items())
                if found == level and start <= p < end
            )
        ]

    # --- where a heading ends --------------------------------------------------------------

    def _head(
        self,
        label: _Label,
        limit: int,
        *,
        part: bool,
        expected: str = "",
        siblings: list[str] | tuple[str, ...] = (),
        guess: bool,
        parallel: bool = False,
    ) -> _Head | None:
        """Where the heading after `label` ends; None when only a guess would say (unless
        `guess`). An item's head that ends at its label means: no headline, only text."""
        start, text = label.end, self.text
        segment = text[start:limit]
        lead = self.leads.get(label.start)
        if lead is not None and start <= lead <= limit:
            return _Head(lead, lead, run_in=lead < limit and text[lead] != "\n")
        if expected and (cut := _prefix_end(segment, expected)) is not None:
            return self._head_at(start, start + cut, limit)
        newline = segment.find("\n")
        line = (segment if newline < 0 else segment[:newline]).rstrip()
        sentence = _first_end(line)
        longest = MAX_HEADING if part else MAX_HEADLINE
        # the line stands alone: a line break follows, or (one-line text) the next label does
        alone = newline >= 0 or (sentence < 0 and not segment[len(line) :].strip())
        if alone and (sentence < 0 or sentence == len(line) - 1):
            if sentence < 0 and len(line) <= LONGEST_LINE:
                return _Head(start + len(line), start + len(line), run_in=False)  # its own line
            if len(line) <= longest or (part and len(line) <= LONGEST_LINE):
                return _Head(start + len(line), start + len(line), run_in=False)
            found = best_cut(segment, sentence, part=False, siblings=siblings, sentence=True)
            if not part and (found is None or found.score < THRESHOLD[False]):
                return _Head(start, start, run_in=True)  # a paragraph: its label leads it in
        gap = re.search(r" {2,}", line)
        if gap and gap.start() <= MAX_HEADING and (sentence < 0 or gap.start() < sentence):
            return _Head(start + gap.start(), start + gap.end(), run_in=False)
        stop = sentence if sentence >= 0 else len(line)
        cut = best_cut(segment, stop, part=part, siblings=siblings, sentence=sentence >= 0)
        needed = PARALLEL if parallel else THRESHOLD[part]
        sure = cut is not None and cut.score >= needed
        if 0 <= sentence < longest and (not sure or sentence <= SHORT):  # a run-in heading
            end = start + sentence + 1
            open_ = sentence > SHORT and cut is not None and cut.score >= PARALLEL
            weak = open_ and cut is not None and cut.score >= WEAK[part]
            return _Head(end, end, run_in=True, guessed=weak, open=open_)
        if not guess:
            return None
        if sure:
            assert cut is not None
            at = start + cut.position
            return _Head(at, at, run_in=False, guessed=True, cut=True)
        if not part:
            return _Head(start, start, run_in=True)  # its first sentence is its point: text
        end = start + (sentence + 1 if 0 <= sentence < LONGEST_LINE else min(len(line), 20))
        return _Head(end, end, run_in=sentence >= 0, guessed=True)

    def _head_at(self, start: int, end: int, limit: int) -> _Head:
        """A heading known to end at `end`: a mark right after it belongs to it."""
        if end < limit and self.text[end] in _HEAD_END:
            end += 1
        return _Head(end, end, run_in=end < limit and self.text[end] != "\n")

    # --- closing ---------------------------------------------------------------------------

    def _closing_start(self, start: int, end: int, *, after: int) -> int | None:
        """同志们，…… at a sentence start; else wishes or a greeting near the end; else thanks."""
        segment = self.text[start:end]
        addressed = [
            m
            for m in _CLOSING_START.finditer(segment)
            if self._at_boundary(start + m.start(), "", colon=False)
        ]
        if addressed and start + addressed[-1].start() > after:
            return start + addressed[-1].start()
        near = max(0, len(segment) - _CLOSING_REACH)
        for match in _GREETING_START.finditer(segment, near):
            at = start + match.start()
            greets = _GREETING_WORDS.search(segment, match.start())
            if at > after and greets and self._at_boundary(at, "", colon=False):
                return at
        thanks = _THANKS.search(segment)
        if thanks and start + thanks.start() > after:
            return start + thanks.start()
        return None


# --- helpers -------------------------------------------------------------------------------


def _header_without_salutation(text: str) -> tuple[str, int]:
    """A speech without 同志们： has a header only if it has a subtitle; it ends with the date
    that follows it, or with the subtitle's line."""
    found = _SUBTITLE.search(text, 0, 300) or _TITLE_IS_OCCASION.match(text)
    if not found:
        return "", 0
    date = _DATE.match(text, found.end()) or _DATE.search(text, found.end(), found.end() + 60)
    if date:
        return text[: date.end()], date.end()
    newline = text.find("\n", found.end())
    end = len(text) if newline < 0 else newline
    return text[:end], end


def _join_lines(text: str) -> str:
    """A title broken over lines is one title; phrases keep their spaces."""
    return " ".join(part.strip() for part in text.strip().split("\n") if part.strip())


def _first_end(text: str) -> int:
    for index, char in enumerate(text):
        if char in _HEAD_END:
            return index
    return -1


def _sequence(labels: list[_Label], *, restart_ends: bool = True) -> list[_Label]:
    """Labels 1, 2, 3 … in order, forgiving the slips real speeches make: a number skipped (一是、
    三是, when no 二是 follows) or repeated (三是、三是). A new 1 ends a list of items (the next
    list begins); a stray label out of order is passed over."""
    found: list[_Label] = []
    for index, label in enumerate(labels):
        if not found:
            if label.value == 1:
                found.append(label)
            continue
        if label.loose:
            continue
        last = found[-1].value
        skipped = label.value == last + 2 and all(x.value != last + 1 for x in labels[index:])
        if label.value == last + 1 or (label.value == last and last >= 2) or skipped:
            found.append(label)
        elif label.value == 1 and restart_ends:
            break
    return found


def _as_list(style: str, labels: list[_Label]) -> _List:
    """A list drafter can number itself, or (a slip, an unusual form) one that keeps its labels."""
    standard = [numerals.label(style, n) for n in range(1, len(labels) + 1)]
    written = [label.text.strip() for label in labels]
    if [fold(w) for w in written] == [fold(s) for s in standard]:
        return _List(style, labels)
    shown = "、".join(written)
    values = [label.value for label in labels]
    if values != list(range(1, len(labels) + 1)):
        note = f"核对：原文序号有误（{shown}）"
    else:
        note = f"核对：原文序号写作“{written[0]}”等，与 {style} 的“{standard[0]}”不同"
    note += f"：照原文留在各条开头；改正后可改为 numbering: {style} 并删去各条开头的序号"
    return _List(style, labels, kept=True, note=note)


def _nests(outer: list[_Label], other: list[_Label], end: int) -> bool:
    """Whether another list fits inside `outer`: all of it before the first label, or all of it
    inside one item."""
    if outer is other:
        return True
    bounds = [label.start for label in outer] + [end]

    def slot(position: int) -> int:
        return sum(1 for bound in bounds[:-1] if position >= bound)

    return len({slot(label.start) for label in other}) == 1


def _announced(text: str) -> list[str]:
    """The headings an opening announces: “讲四个方面：一是正确认识……；二是……”."""
    colon = max(text.rfind("："), text.rfind(":"))
    if colon < 0:
        return []
    tail = text[colon + 1 :]
    for style in ("shi", "di", "paren"):
        pattern = _PATTERNS[style]
        labels = [m for m in pattern.finditer(tail)]
        values = [numerals.value(m.group(1)) for m in labels]
        if len(labels) >= 2 and values == list(range(1, len(labels) + 1)):
            ends = [m.start() for m in labels[1:]] + [len(tail)]
            return [
                tail[m.end() : stop].strip().rstrip("；;，,。.、").strip()
                for m, stop in zip(labels, ends, strict=True)
            ]
    return []


def _prefix_end(segment: str, expected: str) -> int | None:
    """Where `expected` ends in `segment` if the segment starts with it (spaces, widths aside)."""
    wanted = fold(expected)
    if not wanted:
        return None
    taken = ""
    for index, char in enumerate(segment):
        taken += fold(char)
        if taken == wanted:
            return index + 1
        if not wanted.startswith(taken):
            return None
    return None


def split_greeting(closing: str) -> tuple[str, str, str]:
    """(closing proper, festival greeting, thanks) of a closing text."""
    thanks = ""
    match = _THANKS.search(closing)
    if match:
        thanks = match.group(0).strip()
        closing = closing[: match.start()].rstrip()
    for found in _GREETING_START.finditer(closing):
        at = found.start()
        festive = at > 0 or not found.group(0).startswith("最后")  # 最后，预祝…… is the closing
        if festive and _sentence_starts(closing, at) and _GREETING_WORDS.search(closing, at):
            return closing[:at].rstrip(), closing[at:].strip(), thanks
    return closing, "", thanks


def _sentence_starts(text: str, index: int) -> bool:
    i = index - 1
    while i >= 0 and text[i] in " \n" + _CLOSERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_BREAK + "；;\n" or text[index - 1] == "\n"
