"""Chinese numerals and the enumeration labels of official documents (一、（一）1.（1）一是…)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from drafter.i18n import _

DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
_CN_NUMBER = r"([一二三四五六七八九十]{1,3})"
_ARABIC_NUMBER = r"(\d{1,2})"


@dataclass(frozen=True)
class Style:
    """One way of numbering headings or items: its label, and how a reader finds it in text."""

    name: str
    label: Callable[[int], str]  # the label of the nth item, n from 1
    pattern: str  # regex matching the label in running text; group 1 is the number ("" for none)
    arabic: bool = False  # group 1 holds Arabic digits (else Chinese numerals)
    inline: bool = False  # reads as part of a sentence: the headline always runs in


# Every numbering style, in one table: what outlines may name (`numbering:`), what markup and
# the document model label, what `extract` recognises. "cn" (一、) is for level-1 headings only.
_TABLE = (
    Style("cn", lambda n: f"{chinese(n)}、", rf"{_CN_NUMBER}\s*[、，,]"),
    Style("paren", lambda n: f"（{chinese(n)}）", rf"[（(]\s*{_CN_NUMBER}\s*[)）]"),
    Style("arabic", lambda n: f"{n}.", rf"{_ARABIC_NUMBER}\s*[.．](?!\d)", arabic=True),
    Style("arabic-dun", lambda n: f"{n}、", rf"{_ARABIC_NUMBER}\s*、", arabic=True),
    Style("paren-arabic", lambda n: f"（{n}）", rf"[（(]\s*{_ARABIC_NUMBER}\s*[)）]", arabic=True),
    Style("shi", lambda n: f"{chinese(n)}是", rf"{_CN_NUMBER}是", inline=True),
    Style("yao", lambda n: f"{chinese(n)}要", rf"{_CN_NUMBER}要", inline=True),
    Style("di", lambda n: f"第{chinese(n)}，", rf"第{_CN_NUMBER}\s*[，,、]", inline=True),
    Style("none", lambda n: "", ""),
)
BY_NAME = {style.name: style for style in _TABLE}
STYLES = tuple(BY_NAME)
ITEM_STYLES = tuple(name for name in STYLES if name != "cn")  # what `numbering:` may name
LABELS = {style.name: style.label for style in _TABLE}
DEFAULT_STYLE_BY_LEVEL = {1: "cn", 2: "paren", 3: "arabic", 4: "paren-arabic"}
# Styles that read as part of a sentence: their headline always runs into its paragraph.
INLINE_STYLES = frozenset(style.name for style in _TABLE if style.inline)


def chinese(number: int) -> str:
    """8 → 八, 10 → 十, 23 → 二十三, 105 → 一百零五, 12000 → 一万二千."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise TypeError(f"a Chinese numeral needs a whole number, not {number!r}")
    if number < 0:
        return "负" + chinese(-number)
    if number >= 100_000_000:
        high, low = divmod(number, 100_000_000)
        return chinese(high) + "亿" + _with_gap(low, 10_000_000)
    if number >= 10_000:
        high, low = divmod(number, 10_000)
        return chinese(high) + "万" + _with_gap(low, 1000)
    return _below_10000(number)


def _with_gap(low: int, full: int) -> str:
    if low == 0:
        return ""
    return ("零" if low < full else "") + chinese(low)


def _below_10000(number: int) -> str:
    if number < 10:
        return DIGITS[number]
    if number < 20:
        # 十、十一 …十九: the leading 一 is dropped when the number stands alone.
        return "十" + (DIGITS[number - 10] if number > 10 else "")
    text = ""
    zero_pending = False
    for value, unit in _UNITS:
        digit, number = divmod(number, value)
        if digit:
            if zero_pending:
                text += "零"
            text += DIGITS[digit] + unit
            zero_pending = False
        elif text:
            zero_pending = True
    if number:
        text += ("零" if zero_pending else "") + DIGITS[number]
    return text


def label(style: str, number: int) -> str:
    """The label of the `number`th item (1-based) in `style`: paren 3 → （三）."""
    try:
        return LABELS[style](number)
    except KeyError:
        raise ValueError(_("unknown numbering style '{style}'").format(style=style)) from None


def ordinal_count(number: int, measure: str = "个") -> str:
    """8 → 八个, 2 → 两个 (spoken form: 两 before a measure word)."""
    return ("两" if number == 2 else chinese(number)) + measure


_VALUES = {chinese(n): n for n in range(1, 100)}


def value(text: str, *, spoken: bool = False) -> int | None:
    """三 → 3, 二十三 → 23 (1 to 99); with spoken=True, 两 → 2 as in 讲两个方面."""
    if spoken and text == "两":
        return 2
    return _VALUES.get(text)
