"""Character classes and sentence marks of Chinese text, defined once for every module.

Regex fragments (for use inside `[...]`) rather than compiled patterns, so each module builds the
class it needs from the same ranges.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable


def pattern(source: str) -> Callable[[], re.Pattern[str]]:
    """A regular expression compiled when first used: a class of Chinese characters takes about
    a millisecond to compile (the standard library maps each of its code points), and a command
    uses only some of drafter's."""
    return functools.cache(lambda: re.compile(source))


# Chinese characters: the unified ideographs, extension A, compatibility ideographs, and the
# supplementary planes (extension B onwards, used in some personal and place names).
HAN = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
# Full-width punctuation and the marks Chinese text shares with Western text (“”‘’…—·).
WIDE_MARKS = "\u3000-\u303f\uff00-\uffef“”‘’…—·"

# Marks that end a sentence. Modules add to this set where their job needs it, and say why:
# `sentence()` also accepts a trailing … as an end; headline checks count ； as an end; the
# structure reader of scraped speeches also accepts half-width ; ! ?.
SENTENCE_END = "。！？"
SEMICOLON = "；"
HALF_WIDTH_ENDS = ";!?"

# A count the speaker announces, in the genre's phrasings: 讲三个方面(的问题) / 讲三个问题 /
# 从三个方面谈谈看法 / 先讲三点意见 / 就……讲三点 / 强调三点 / 提几点要求 / 重点抓好八项工作.
SPOKEN_COUNT = re.compile(
    r"(?:(?:讲|谈谈?|提出?|强调|说|抓好|做好|突出|部署|明确)(?:以下|如下|这么|好)?|从)"
    r"([一二两三四五六七八九十]{1,3}|几)(?:个方面|个问题|点|项|件事|条)"
)

_NUMERAL = "[一二两三四五六七八九十]{1,3}"
# Any count a sentence states of the list that follows it: the spoken counts above, and 突出两个
# 重点 / 具有三个方面的特点 / 有以下三个特点 / 主要体现在三个方面 / 做到三个坚持 (check compares).
COUNTED = pattern(
    SPOKEN_COUNT.pattern
    + rf"|(?:以下|如下)({_NUMERAL})(?:个|点|项|条|件)"
    + rf"|体现在({_NUMERAL})个?方面"
    + rf"|做到({_NUMERAL})个"
    + rf"|({_NUMERAL})个(?:重点|特点|方面|结合|要求|环节)"
)
