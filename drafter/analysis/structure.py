"""Read the structure of a finished speech: header, opening, numbered parts and items, closing.

Works on paragraphs (a .docx, a text file with one paragraph a line) and on a speech pasted from a
web page as one long line. Headings must come in sequence: 一、 is followed by 二、, items of a
part restart at （一）/1、/第一，/一是, and a label only counts where a sentence can begin (after
。！？；：, a line break or the previous heading), so "统一、", "初中一、二年级" and "排名第一，"
stay text. Enumerations of another style inside an item (一是……二是……) stay in its text.
Nothing is dropped: every character of the input lands in exactly one field, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter.chinese import numerals
from drafter.chinese.text import HALF_WIDTH_ENDS, SEMICOLON, SENTENCE_END

CN = "一二三四五六七八九十"
_BOUNDARY_BEFORE = "。！？；：:;!?\n"
_CLOSERS = "”’」』）)】"
# Web text loses its full-width marks, and a ； ends a sentence as far as a heading is concerned.
_SENTENCE_END = SENTENCE_END + SEMICOLON + HALF_WIDTH_ENDS

# SpeechItem styles, most structural first: the first style a part uses (in order of this list) is
# its item style; others stay text.
_READ_ORDER = ("paren", "arabic-dun", "arabic", "paren-arabic", "di", "shi", "yao")
_ITEM_PATTERNS = {name: numerals.BY_NAME[name].pattern for name in _READ_ORDER}
_HEADING = numerals.BY_NAME["cn"].pattern
LABEL_AT_START = re.compile(r"\s*(?:" + "|".join([_HEADING, *_ITEM_PATTERNS.values()]) + ")")
_DATE = re.compile(
    r"[（(]?\s*[\dXx○〇Ｘ]{4}\s*年(?:\s*[\dXx○〇Ｘ]{1,2}\s*月(?:\s*[\dXx○〇Ｘ]{1,2}\s*日)?)?\s*[)）]?"
)
_SALUTATION = re.compile(
    r"((?:各位[^：:，。]{0,12}[，,、]\s*)?(?:同志们|老师们|同学们|朋友们|各位[^：:，。]{1,12}|同仁们)"
    r"(?:[，,、]\s*(?:同志们|老师们|同学们|朋友们|各位[^：:，。]{1,12}))*)\s*[：:]"
)
_SPEECH_WORDS = "讲话|致辞|发言|报告|动员讲话|总结讲话"
_SUBTITLE = re.compile(rf"——\s*在(.+?)上的(?:{_SPEECH_WORDS})")
_TITLE_IS_OCCASION = re.compile(rf"^\s*在(.+?)上的(?:{_SPEECH_WORDS})\s*")

# Words that end a heading, and words that open a sentence: used only to find where a heading
# ends in text that lost its line breaks. Strong endings weigh more than common ones.
_STRONG_ENDINGS = (
    "回顾 安排 重点 能力 意义 局面 实效 形势 要求 水平 成效 格局 步伐 保障 氛围 机制 "
    "品牌 形象 体系 结构 质量 稳定 工程 任务 目标 作风 效能 活力 新篇 征程 基础 举措 "
    "方向 认识 思路 进展 成绩 问题 不足 挑战 机遇 责任 落实 发展 建设 "
).split()
_OPENERS = re.compile(
    r"(?:[\dXx]{2,4}年|今年|去年|明年|当前|目前|近年来|近年|今后|过去|一年来|半年来|这次|"
    r"为了|为确保|为|按照|根据|围绕|面对|随着|我们|全市|全省|全县|各级|各地|"
    r"促进|推动|推进|完善|提升|提高|落实|加强|强化|深化|优化|增强|建立|健全|开展|实施|"
    r"做好|抓好|规范|坚持|加快|扎实|切实|着力|全面|积极|不断)"
)
_BAD_START = "的了和与及之性化者们"


@dataclass
class SpeechItem:
    label: str
    headline: str
    text: str = ""
    run_in: bool = True


@dataclass
class SpeechPart:
    label: str
    title: str
    intro: str = ""
    numbering: str | None = None
    items: list[SpeechItem] = field(default_factory=list)
    guessed_title: bool = False  # the title's end was inferred (no line break, no 。)
    raw: str = ""  # the part's text as it stood, heading included (for statistics)


@dataclass
class SpeechHeader:
    title: str = ""
    occasion: str = ""
    speaker: str = ""
    date: str = ""
    salutation: str = ""


@dataclass
class Speech:
    header: SpeechHeader
    opening: str
    parts: list[SpeechPart]
    closing: str = ""
    leftover_header: str = ""  # header text drafter could not place (kept, never dropped)


def read_speech(text: str) -> Speech:
    """The structure of a speech; paragraphs are separated by newlines (or there are none)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    text = "\n".join(line.strip() for line in text.split("\n") if line.strip())
    header, body = _read_header(text)
    opening, parts = _read_parts(body)
    closing = ""
    if parts:
        closing = _split_closing(parts[-1], header.salutation)
        parts[-1].raw = (
            parts[-1].raw[: len(parts[-1].raw) - len(closing)] if closing else parts[-1].raw
        )
    else:
        opening, closing = _split_closing_text(opening, header.salutation)
    return Speech(header, opening.strip(), parts, closing.strip())


# --- header -----------------------------------------------------------------------------------


def _read_header(text: str) -> tuple[SpeechHeader, str]:
    header = SpeechHeader()
    match = _SALUTATION.search(text[:600])
    if not match:
        return header, text
    head, body = text[: match.start()], text[match.end() :]
    header.salutation = match.group(1).strip()
    subtitle = _SUBTITLE.search(head)
    rest = head
    if subtitle:
        header.title = _join_title(head[: subtitle.start()])
        header.occasion = subtitle.group(1).strip()
        rest = head[subtitle.end() :]
    else:
        occasion = _TITLE_IS_OCCASION.match(head)
        if occasion:
            header.occasion = occasion.group(1).strip()
            rest = head[occasion.end() :]
        else:
            first, _, rest = head.partition("\n")
            header.title = first.strip()
    dates = list(_DATE.finditer(rest))
    if dates:
        date = dates[-1]
        header.date = date.group(0).strip()
        header.speaker = " ".join((rest[: date.start()] + " " + rest[date.end() :]).split())
    else:
        header.speaker = " ".join(rest.split())
    return header, body


def _join_title(text: str) -> str:
    """A title broken over lines is one title; phrases keep their spaces."""
    return " ".join(part.strip() for part in text.strip().split("\n") if part.strip())


# --- parts and items --------------------------------------------------------------------------


def _at_boundary(text: str, index: int) -> bool:
    """Whether a sentence (and so a numbered heading) can begin at `index`."""
    i = index - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    if i < 0:
        return True
    if text[i] in _BOUNDARY_BEFORE or index - i > 1:  # after 。 … or after a gap of spaces
        return True
    while i >= 0 and text[i] in _CLOSERS:
        i -= 1
    return i >= 0 and text[i] in _SENTENCE_END


def _find_sequence(
    text: str, pattern: str, start: int = 0, end: int | None = None, arabic: bool = False
) -> list[re.Match[str]]:
    """Labels 1, 2, 3 … of one style, in order, each at a sentence boundary."""
    end = len(text) if end is None else end
    found: list[re.Match[str]] = []
    expected = 1
    position = start
    regex = re.compile(pattern)
    while True:
        match = None
        for candidate in regex.finditer(text, position, end):
            value = candidate.group(1)
            number = int(value) if arabic else numerals.value(value)
            if (
                number == expected
                and _at_boundary(text, candidate.start())
                and not _continues_a_number(text, candidate.end())
            ):
                match = candidate
                break
        if match is None:
            return found
        found.append(match)
        expected += 1
        position = match.end()


def _continues_a_number(text: str, index: int) -> bool:
    """一、二年级: a heading label followed by another numeral is a list of numbers."""
    return index < len(text) and text[index] in CN


def _read_parts(body: str) -> tuple[str, list[SpeechPart]]:
    headings = _find_sequence(body, _HEADING)
    if not headings:
        return body, []
    opening = body[: headings[0].start()]
    parts = []
    for index, match in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(body)
        parts.append(_read_part(body, match, end))
    return opening, parts


def _read_part(body: str, heading: re.Match[str], end: int) -> SpeechPart:
    segment_start = heading.end()
    style, items = _item_style(body, segment_start, end)
    first_item = items[0].start() if items else end
    title, title_end, guessed = _split_title(body, segment_start, first_item)
    part = SpeechPart(
        heading.group(0), title, guessed_title=guessed, raw=body[heading.start() : end]
    )
    if not items:
        part.intro = body[title_end:end].strip()
        return part
    part.numbering = style
    part.intro = body[title_end:first_item].strip()
    for index, match in enumerate(items):
        item_end = items[index + 1].start() if index + 1 < len(items) else end
        part.items.append(_read_item(body, match, item_end))
    return part


def _item_style(body: str, start: int, end: int) -> tuple[str | None, list[re.Match[str]]]:
    """The part's item style: the most structural style that has a sequence here."""
    for style, pattern in _ITEM_PATTERNS.items():
        arabic = numerals.BY_NAME[style].arabic
        items = _find_sequence(body, pattern, start, end, arabic=arabic)
        if items:
            return style, items
    return None, []


def _split_title(body: str, start: int, limit: int) -> tuple[str, int, bool]:
    """Where a part's title ends: a line break, the first item, or (guessed) a word boundary."""
    segment = body[start:limit]
    newline = segment.find("\n")
    first_sentence = _first_sentence_end(segment)
    if newline >= 0 and (first_sentence < 0 or newline <= first_sentence):
        return segment[:newline].strip(), start + newline, False
    stripped = segment.strip()
    if len(stripped) <= 45 and first_sentence < 0:
        return stripped, limit, False
    gap = re.search(r" {2,}", segment)
    if gap and gap.start() <= 45:
        return segment[: gap.start()].strip(), start + gap.end(), False
    cut = _best_cut(segment, first_sentence if first_sentence >= 0 else len(segment), heading=True)
    if cut is None:  # a run-in title ending with 。
        stop = first_sentence + 1 if first_sentence >= 0 else len(segment)
        return segment[:stop].strip(), start + stop, first_sentence < 0
    return segment[:cut].strip(), start + cut, True


def _first_sentence_end(text: str) -> int:
    for index, char in enumerate(text):
        if char in _SENTENCE_END:
            return index
    return -1


def _best_cut(segment: str, stop: int, *, heading: bool) -> int | None:
    """The likeliest end of a heading inside `segment[:stop]` (no punctuation marks it)."""
    best: tuple[int, int] | None = None
    for cut in range(4, min(stop, 46)):
        title, rest = segment[:cut], segment[cut:]
        if not rest or rest[0] in "，,、；;：:。" + _BAD_START or title[-1] in "，,、":
            continue
        score = 0
        if any(title.endswith(word) for word in _STRONG_ENDINGS):
            score += 3
        if re.match(r"[\dXx]{2,4}年|今年|去年|当前|目前|近年|今后|过去", rest):
            score += 4  # a part's body usually opens with its period
        elif _OPENERS.match(rest):
            score += 1 if heading else 2  # an item's measure usually opens with a verb
        if 6 <= len(title) <= 25:
            score += 1
        clauses = re.split(r"[，,]", title)
        if len(clauses) > 1 and len(clauses[-1]) < 6:
            score -= 2  # 统一思想，充分认识|加强……: the second clause is cut short
        if not heading and not re.search(r"[，,]", title):
            continue  # an item's headline is cut only after its comma clause (抓统筹，切实……)
        if score >= (5 if not heading else 4) and (best is None or score > best[0]):
            best = (score, cut)
    return best[1] if best else None


def _read_item(body: str, match: re.Match[str], end: int) -> SpeechItem:
    label = match.group(0)
    segment = body[match.end() : end]
    newline = segment.find("\n")
    sentence = _first_sentence_end(segment)
    if newline >= 0 and (sentence < 0 or newline < sentence):
        return SpeechItem(label, segment[:newline].strip(), segment[newline:].strip(), run_in=False)
    if sentence < 0:
        return SpeechItem(label, segment.strip(), "", run_in=newline >= 0)
    cut = _best_cut(segment, sentence, heading=False) if sentence > 12 else None
    if cut is not None:
        return SpeechItem(label, segment[:cut].strip(), segment[cut:].strip(), run_in=True)
    if sentence > 45:  # no headline sentence: the label opens a paragraph
        return SpeechItem(label, "", segment.strip(), run_in=True)
    return SpeechItem(label, segment[: sentence + 1].strip(), segment[sentence + 1 :].strip())


# --- closing ----------------------------------------------------------------------------------

_ADDRESSEE = r"(?:同志们|同事们|老师们|同学们|朋友们|各位[^，,、：:。]{1,10})"
_CLOSING_START = re.compile(rf"{_ADDRESSEE}(?:[、，,]\s*{_ADDRESSEE})*[，,！!]")


def _split_closing(last: SpeechPart, salutation: str) -> str:
    """Move the closing (同志们，……) out of the last part's last block."""
    if last.items:
        item = last.items[-1]
        text, closing = _split_closing_text(item.text, salutation)
        item.text = text
        return closing
    last.intro, closing = _split_closing_text(last.intro, salutation)
    return closing


def _split_closing_text(text: str, salutation: str) -> tuple[str, str]:
    starts = [m for m in _CLOSING_START.finditer(text) if _at_boundary(text, m.start())]
    if not starts:
        return text, ""
    start = starts[-1].start()
    return text[:start].rstrip(), text[start:]


_GREETING = re.compile(
    r"(?:最后[，,]|值此|在.{1,20}(?:即将)?(?:到来|来临)之际|[^。！!]{0,12}(?:即将|就要)(?:到来|来临)[，,])"
)
_THANKS = re.compile(r"(?:我就讲这些[，,])?谢谢(?:大家)?[！!。]?\s*$")


def split_greeting(closing: str) -> tuple[str, str, str]:
    """(closing proper, festival greeting, thanks) of a closing text."""
    thanks = ""
    match = _THANKS.search(closing)
    if match:
        thanks = match.group(0).strip()
        closing = closing[: match.start()].rstrip()
    greeting = ""
    for found in _GREETING.finditer(closing):
        if found.start() > 0 and _at_boundary(closing, found.start()):
            greeting = closing[found.start() :].strip()
            closing = closing[: found.start()].rstrip()
            break
    return closing, greeting, thanks
