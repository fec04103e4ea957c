"""Number labels in running text (一、 （一） 1、 第一， 一是 …): where they can stand, their
sequences, the slips real speeches make, and which list holds which.

A label only counts where a sentence can begin (after 。！？, a line break or a gap), so "统一、",
"初中一、二年级" and "排名第一，" stay text; the one exception is a list's first label right after
a heading that lost its punctuation (一、回顾第一，……).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.chinese import numerals
from drafter.chinese.text import SENTENCE_END

CN = "一二三四五六七八九十"
CLOSERS = "”’」』）)】"
SENTENCE_BREAK = SENTENCE_END + "!?"  # what a list's next label follows
_WIDTH = str.maketrans(",:;()!?.“”‘’", "，：；（）！？．\"\"''")
# Item styles, most structural first: of several lists that fit together, the one listed first
# is the outer (（一） holds 1.; 第一， holds 一是).
ITEM_STYLES = ("paren", "arabic-dun", "arabic", "paren-arabic", "di", "shi", "yao")
INLINE = frozenset(("di", "shi", "yao"))  # read as part of a sentence: a list needs two
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
PART_STYLES = ("cn", "arabic-dun")
PART_WORD = "part-word"  # 第一部分: parts labelled in words, kept in their titles
PATTERNS = {
    name: re.compile(numerals.BY_NAME[name].pattern) for name in (*PART_STYLES, *ITEM_STYLES)
}
PATTERNS[PART_WORD] = re.compile(r"第([一二三四五六七八九十]{1,3})部分\s*[、，,：:]?")
LABEL_AT_START = re.compile(r"\s*(?:" + "|".join(p.pattern for p in PATTERNS.values()) + ")")


def fold(text: str) -> str:
    """Text as compared for sameness: without whitespace, , : ; ( ) ! ? . in one width, quotes
    straight or curly."""
    return re.sub(r"\s", "", text.translate(_WIDTH))


@dataclass(frozen=True)
class Label:
    start: int
    end: int
    value: int
    text: str
    loose: bool = False  # not where a sentence begins: only right after a heading's words


@dataclass(frozen=True)
class Listing:
    """A list of labelled headings found in the text."""

    style: str  # the numbering style, or "none" when labels stay in the text
    labels: list[Label]
    kept: bool = False  # the labels are part of each heading's text
    note: str = ""  # a comment for the outline: why the labels are kept


def at_boundary(text: str, index: int, style: str = "", *, colon: bool = False) -> bool:
    """Whether a label (and so a heading) can begin at `index` of `text`."""
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
    while i >= 0 and text[i] in CLOSERS:
        i -= 1
    return i >= 0 and text[i] in SENTENCE_BREAK


def labels(text: str, style: str, start: int, end: int, *, loose_within: int) -> list[Label]:
    """Every label of `style` in [start, end) standing where a sentence can begin; a label
    within `loose_within` characters of `start` may stand anywhere (flagged `loose`)."""
    arabic = style == "arabic-dun" or (style in numerals.BY_NAME and numerals.BY_NAME[style].arabic)
    found = []
    for match in PATTERNS[style].finditer(text, start, end):
        number = match.group(1)
        value = int(number) if arabic else numerals.value(number)
        if value is None:
            continue
        loose = not at_boundary(text, match.start(), style, colon=True)
        if loose and (style == "cn" or match.start() - start > loose_within):
            continue
        if style == "cn" and match.end() < len(text) and text[match.end()] in CN:
            continue  # 一、二年级: a list of numbers, not a heading
        found.append(Label(match.start(), match.end(), value, match.group(0), loose))
    return found


def sequence(found: list[Label], *, restart_ends: bool = True) -> list[Label]:
    """Labels 1, 2, 3 … in order, forgiving the slips real speeches make: a number skipped (一是、
    三是, when no 二是 follows) or repeated (三是、三是). A new 1 ends a list of items (the next
    list begins); a stray label out of order is passed over."""
    taken: list[Label] = []
    for index, label in enumerate(found):
        if not taken:
            if label.value == 1:
                taken.append(label)
            continue
        if label.loose:
            continue
        last = taken[-1].value
        skipped = label.value == last + 2 and all(x.value != last + 1 for x in found[index:])
        if label.value == last + 1 or (label.value == last and last >= 2) or skipped:
            taken.append(label)
        elif label.value == 1 and restart_ends:
            break
    return taken


def listing(style: str, found: list[Label]) -> Listing:
    """A list drafter can number itself, or (a slip, an unusual form) one that keeps its labels."""
    standard = [numerals.label(style, n) for n in range(1, len(found) + 1)]
    written = [label.text.strip() for label in found]
    if [fold(w) for w in written] == [fold(s) for s in standard]:
        return Listing(style, found)
    shown = "、".join(written)
    if [label.value for label in found] != list(range(1, len(found) + 1)):
        note = f"核对：原文序号有误（{shown}）"
    else:
        note = f"核对：原文序号写作“{written[0]}”等，与 {style} 的“{standard[0]}”不同"
    note += f"：照原文留在各条开头；改正后可改为 numbering: {style} 并删去各条开头的序号"
    return Listing(style, found, kept=True, note=note)


def outermost(candidates: list[tuple[str, list[Label]]], end: int) -> tuple[str, list[Label]]:
    """Of lists found in one stretch of text (ending at `end`), the outer one: the most
    structural that leaves every other inside a single one of its items (or before it), and that
    no list before it could hold."""

    def nests(outer: list[Label], other: list[Label]) -> bool:
        bounds = [label.start for label in outer]
        return len({sum(1 for b in bounds if label.start >= b) for label in other}) == 1

    fitting = [
        (style, found)
        for style, found in candidates
        if all(other is found or nests(found, other) for _, other in candidates)
        and not any(
            style in _HOLDS[before] and other[-1].start < found[0].start
            for before, other in candidates
        )
    ]
    return (fitting or candidates)[0]


def announced(text: str) -> list[str]:
    """The headings an opening announces: “讲四个方面：一是正确认识……；二是……”."""
    colon = max(text.rfind("："), text.rfind(":"))
    if colon < 0:
        return []
    tail = text[colon + 1 :]
    for style in ("shi", "di", "paren"):
        found = list(PATTERNS[style].finditer(tail))
        values = [numerals.value(m.group(1)) for m in found]
        if len(found) >= 2 and values == list(range(1, len(found) + 1)):
            ends = [m.start() for m in found[1:]] + [len(tail)]
            return [
                tail[m.end() : stop].strip().rstrip("；;，,。.、").strip()
                for m, stop in zip(found, ends, strict=True)
            ]
    return []


def prefix_end(segment: str, expected: str) -> int | None:
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
