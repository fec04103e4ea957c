"""The frame of a finished speech: its header (title, subtitle ——在……上的讲话, speaker, date),
worded as render words it so the Document reads as drafter's own; its salutation; its closing
(同志们，……, a festival greeting, thanks)."""

from __future__ import annotations

import re

from drafter.analysis.labels import CLOSERS, SENTENCE_BREAK, at_boundary
from drafter.document import Header

_DATE = re.compile(
    r"[（(]?\s*(?:[\dXx○〇Ｘ]{4}|[〇○零一二三四五六七八九]{4})\s*年"
    r"(?:\s*[\dXx○〇Ｘ一二三四五六七八九十]{1,2}\s*月(?:\s*[\dXx○〇Ｘ一二三四五六七八九十]{1,3}\s*日)?)?"
    r"(?:\s*(?:上午|下午|晚上))?"  # （2025年1月17日上午）: a half day belongs to the date
    r"\s*[)）]?"
)
_ADDRESS = "讲话|致辞|发言|报告"  # the words `address:` takes
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


def read_header(text: str) -> tuple[Header, str, int]:
    """The header, worded as render words it; the salutation; where the body begins: after the
    salutation (one line or several), or, without one, after the subtitle's date or line. A
    speaker line ends where the salutation starts; a date under it or over it is the date."""
    title = occasion = address = salutation = ""
    found = _SALUTATION.search(text, 0, 800)
    if found:
        head, body = text[: found.start()], found.end()
        said = re.sub(r"\s*([，,、])\s*", r"\1", found.group(1))  # one line
        salutation = " ".join(said.split())
    else:
        head, body = _header_without_salutation(text)
    subtitle = _SUBTITLE.search(head)
    rest = head
    if subtitle:
        title = _join_lines(head[: subtitle.start()])
        occasion, address = subtitle.group(1).strip(), subtitle.group(2)
        rest = head[subtitle.end() :]
    elif match := _TITLE_IS_OCCASION.match(head.lstrip()):
        occasion, address = match.group(1).strip(), match.group(2)
        rest = head.lstrip()[match.end() :]
    else:
        first, _, rest = head.partition("\n")
        title = first.strip()
    date = ""
    dates = [d for d in _DATE.finditer(rest) if not rest[d.end() :].strip()]
    above = _DATE.match(rest, len(rest) - len(rest.lstrip()))  # some print it over the speaker
    if dates:
        date = dates[-1].group(0).strip()
        rest = rest[: dates[-1].start()]
    elif above and "月" in above.group(0):
        date = above.group(0).strip()
        rest = rest[above.end() :]
    said = f"在{occasion}上的{address}" if occasion else ""
    # as base.j2 has it: ——在……上的讲话 under a title, or as the title when there is none
    lines = (title, "——" + said if said else "") if title else (said, "")
    return Header(*lines, " ".join(rest.split()), date), salutation, body


def header_fields(header: Header) -> tuple[str, str, str]:
    """(title, occasion, address: 讲话 致辞 发言 报告) of a header `read_header` worded."""
    if match := _SUBTITLE.match(header.subtitle):
        return header.title, match.group(1), match.group(2)
    if match := _TITLE_IS_OCCASION.fullmatch(header.title):
        return "", match.group(1), match.group(2)
    return header.title, "", ""


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


def closing_start(text: str, start: int, end: int) -> int | None:
    """Where the closing begins in text[start:end] (after `start`): 同志们，…… at a sentence
    start; else wishes or a greeting near the end (最后，预祝……; 新春即至，……); else thanks."""
    segment = text[start:end]
    addressed = [
        m for m in _CLOSING_START.finditer(segment) if at_boundary(text, start + m.start())
    ]
    if addressed and addressed[-1].start() > 0:
        return start + addressed[-1].start()
    near = max(1, len(segment) - _CLOSING_REACH)
    for match in _GREETING_START.finditer(segment, near):
        greets = _GREETING_WORDS.search(segment, match.start())
        if greets and at_boundary(text, start + match.start()):
            return start + match.start()
    thanks = _THANKS.search(segment)
    if thanks and thanks.start() > 0:
        return start + thanks.start()
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
    while i >= 0 and text[i] in " \n" + CLOSERS:
        i -= 1
    return i < 0 or text[i] in SENTENCE_BREAK + "；;\n"
