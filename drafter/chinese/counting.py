"""字数 the way Chinese editors count it, and speaking time at a rate in 字/分钟.

Each Chinese character and each full-width punctuation mark counts one, as Word's and WPS's 字数
do; a run of Latin letters or digits (a word, a number such as 2026 or 3.5%) also counts one.
"""

from __future__ import annotations

from drafter.chinese.text import HAN, WIDE_MARKS, pattern

_UNIT = pattern(
    rf"[{HAN}]"  # Chinese characters
    rf"|[{WIDE_MARKS}]"  # full-width punctuation
    r"|[A-Za-z0-9]+(?:[.,'’%‰-][A-Za-z0-9]+)*%?"  # a Latin word or a number
)


def count(text: str) -> int:
    """字数 of a text."""
    return len(_UNIT().findall(text))


def minutes(characters: int, rate: float) -> float:
    """Speaking time of `characters` at `rate` 字/分钟."""
    return characters / rate if rate > 0 else 0.0
