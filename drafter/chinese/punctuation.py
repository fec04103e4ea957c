"""Half-width punctuation inside Chinese text: found (for `check`) and made full width (render).

A mark is in Chinese text when a neighbour is a Chinese character or full-width punctuation.
Numbers, times and ratios (3,000  8:30  1:1), Latin words, URLs and e-mail addresses are left
alone. Straight quotes in a paragraph with Chinese become “ ” and ‘ ’ (paired in order); an
apostrophe between Latin letters stays. Only punctuation ever changes, one character for one.
"""

from __future__ import annotations

import re

from drafter.chinese.text import HAN, WIDE_MARKS, pattern

WIDE = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_CJK = pattern(f"[{HAN}{WIDE_MARKS}]")
_HAS_CJK = re.compile(f"[{HAN}]")
_URL_CHARS = r"[^\s\u3000-\u9fff\uff00-\uffef]"  # a URL ends where Chinese text begins
_PROTECTED = pattern(
    rf"(?:https?|ftp)://{_URL_CHARS}+|www\.{_URL_CHARS}+|[\w.+-]+@[\w-]+\.[A-Za-z.-]+"
)
_BETWEEN_DIGITS = {",", ":"}
_MARKS = re.compile("[" + re.escape("".join(WIDE)) + "]")
_STRAIGHT_QUOTES = re.compile("[\"']")


def _protected(text: str) -> set[int]:
    if "@" not in text and "://" not in text and "www." not in text:
        return set()  # the address pattern backtracks over a long run of words: skip it
    return {i for m in _PROTECTED().finditer(text) for i in range(m.start(), m.end())}


def _chinese_neighbour(text: str, i: int) -> bool:
    """The nearest letter on either side, looking past numbers (增长3.5%,), is Chinese."""
    return _side_is_chinese(text, i, -1) or _side_is_chinese(text, i, 1)


def _side_is_chinese(text: str, i: int, step: int) -> bool:
    j = i + step
    while 0 <= j < len(text) and (text[j].isdigit() or text[j] in ".%‰ "):
        j += step
    return 0 <= j < len(text) and bool(_CJK().match(text[j]))


def half_width_marks(text: str) -> list[tuple[int, str, str]]:
    """(index, mark, full-width replacement) for each half-width mark in Chinese text."""
    if not _HAS_CJK.search(text):
        return []
    protected = _protected(text)
    found = []
    for match in _MARKS.finditer(text):  # only the marks are looked at: a long text is quick
        i, char = match.start(), match.group()
        if i in protected:
            continue
        between_digits = (
            char in _BETWEEN_DIGITS
            and 0 < i < len(text) - 1
            and text[i - 1].isdigit()
            and text[i + 1].isdigit()
        )
        if not between_digits and _chinese_neighbour(text, i):
            found.append((i, char, WIDE[char]))
    found += _quotes(text, protected)
    return sorted(found)


def _quotes(text: str, protected: set[int]) -> list[tuple[int, str, str]]:
    found = []
    opened = {'"': False, "'": False}
    pairs = {'"': ("“", "”"), "'": ("‘", "’")}
    for match in _STRAIGHT_QUOTES.finditer(text):
        i, char = match.start(), match.group()
        if i in protected:
            continue
        if char == "'" and _between_latin_letters(text, i):
            continue  # an apostrophe: don't, it's
        found.append((i, char, pairs[char][1] if opened[char] else pairs[char][0]))
        opened[char] = not opened[char]
    return found


def _between_latin_letters(text: str, i: int) -> bool:
    def latin(c: str) -> bool:
        return c.isascii() and c.isalpha()

    return 0 < i < len(text) - 1 and latin(text[i - 1]) and latin(text[i + 1])


def normalize(text: str) -> str:
    """Full-width punctuation inside Chinese text; idempotent (applied to a fixed point)."""
    for _ in range(len(text) + 1):
        marks = half_width_marks(text)
        if not marks:
            return text
        chars = list(text)
        for index, _mark, wide in marks:
            chars[index] = wide
        text = "".join(chars)
    return text
