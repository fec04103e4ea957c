"""Character classes and sentence marks of Chinese text, defined once for every module.

Regex fragments (for use inside `[...]`) rather than compiled patterns, so each module builds the
class it needs from the same ranges.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

from drafter.chinese import numerals


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

# A count a sentence states of the list that follows it, declared once: what `check` compares
# with the parts, items or elements below (count-mismatch) and what tells a template that the
# writer's own sentence already announces the count (`announces_count`). Numbers in Chinese or
# Arabic numerals (讲三个方面 / 讲3个方面); a vague count (讲几点意见 / 讲些意见) announces too but
# states no number to compare. The phrasings of the genre:
#   spoken: 讲三个方面(的问题) / 先讲三点意见 / 强调三点 / 提出三点希望 / 我讲四句话
#           / 重点抓好八项工作
#   framed: 从三个方面谈谈看法 / 分四个部分来讲 / 围绕三个方面 / 就三个问题讲点意见 / 从三个维度
#   listed: 有以下三个特点 / 把握以下三点 / 有这样三个特点 / 体现在三个方面 / 做到三个坚持
#   named (in the last clause): 突出两个重点 / 具有三方面的特点 / 采取了三项措施 / 三条经验
#           / 三大工程 / 三种意识
_NUMBER = (
    # not an ordinal (第三个), nor part of a longer number (十三五, 2025), nor a quoted name,
    # nor the sum of a list before it (……等十项工作); one is no list (一方面……另一方面)
    r"(?<![第等一二两三四五六七八九十\d.“‘\"「『])(?!一[^一二两三四五六七八九十])"
    r"([一二两三四五六七八九十]{1,3}|[1-9]\d?)(?![\d.])"
)
_SAY = r"讲|谈谈?|提出?|强调|说|抓好了?|做好|突出|部署|明确|把握好?"
_SPOKEN_UNIT = r"个方面|方面|个问题|点|项|件事|条|句话|个部分"
# nouns a count is stated of (N个重点, N项措施, N条经验, N大工程, N种意识)
_COUNTED_NOUN = (
    r"方面|问题|意见|要求|重点|特点|结合|环节|措施|工作|经验|工程|关键|关系|原则|意识|转变"
    r"|维度|希望|原因|任务|举措|部分|看法|体会|建议|坚持|事|话"
)
_VAGUE_WHAT = r"意见|看法|体会|要求|建议|希望|想法|认识|强调"
COUNTED = pattern(
    rf"(?:{_SAY})(?:以下|如下|这么|这样|好|一下)?{_NUMBER}(?:{_SPOKEN_UNIT})"
    rf"|(?:从|分为?|围绕|就){_NUMBER}个?(?:方面|部分|问题|维度)"
    rf"|(?:以下|如下|这样|这么){_NUMBER}(?:个|点|项|条|件|种|大)"
    rf"|体现在{_NUMBER}[个大]?方面"
    rf"|做到{_NUMBER}个"
    # named: a count only in the clause that leads into the list (全年有8项工作获奖，……。
    # earlier in an intro counts something else)
    rf"|(?P<named>{_NUMBER}[个项条大种件句点](?:{_COUNTED_NOUN})|{_NUMBER}方面)"
    # vague: a count announced without its number
    rf"|(?:讲|谈谈?|提出?|强调|说|作)(?:一下)?"
    rf"(几(?=个方面|个问题|点|条|项|句话|件事)|(?:一些|些|点)(?={_VAGUE_WHAT}))"
)
# Sets the political language names by a number: said of themselves, never a count of the list
# below (增强四个意识 before items that are not those four). A quoted set (“两个结合”) is a name
# already: `_NUMBER` skips it.
SET_PHRASES = ("四个意识", "四个自信", "两个维护", "两个确立", "四个全面")


def stated_counts(text: str) -> Iterator[tuple[str, int | None]]:
    """Each count `text` states (`COUNTED`, but the political sets, and a named count only in
    the last clause): the words that state it and the number, None for a vague count (几点)."""
    counted = COUNTED()
    named = counted.groupindex["named"]
    said_last = text.rstrip(" \n" + SENTENCE_END + SEMICOLON + "：，…")
    last = max(said_last.rfind(end) for end in SENTENCE_END + SEMICOLON + "，\n") + 1
    for match in counted.finditer(text):
        if match.group(named) and match.start() < last:
            continue
        number = next(g for i, g in enumerate(match.groups(), 1) if g and i != named)
        around = text[match.start() : match.end() + 4]
        if any(phrase in around for phrase in SET_PHRASES):
            continue
        said = int(number) if number.isdigit() else numerals.value(number, spoken=True)
        yield match.group(0), said
