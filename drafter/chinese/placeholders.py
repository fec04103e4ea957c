"""Unfilled placeholders a writer left in a draft: XX, ××, ○○, 201X, TODO, 【待补】, ？？, ___.

`find` gives their spans, so `check` can report them at their place in the outline and the DOCX
writer can highlight exactly those characters.
"""

from __future__ import annotations

import re

_UNITS = "年月日时分秒号%‰个所名人次项万亿元件家户位条批场篇本台套间座"
PATTERN = re.compile(
    "|".join(
        (
            r"(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])",  # XX, xxx
            rf"(?<![A-Za-z])[Xx](?=[{_UNITS}])",  # X年 X月 X% X所: X standing for a figure
            r"(?<=\d)[Xx](?![A-Za-z])",  # 201X, 1X
            r"(?<=[一二三四五六七八九十])[Xx](?![A-Za-z])",  # 十X五
            r"(?<![A-Za-z])[Xx](?=[一二三四五六七八九十])",
            r"[×＊*]{2,}",  # ××, **
            r"[○〇Ｏ]{2,}",  # ○○
            r"(?<![A-Za-z])(?i:TODO|TBD|FIXME)(?![A-Za-z])",
            r"[【\[［]\s*待[补定填核查]\s*[】\]］]",  # 【待补】 [待定]
            r"[？?]{2,}",  # ？？
            r"[_＿]{3,}",  # ___
        )
    )
)


# A character every placeholder holds: text without one has none (most text; the pattern's
# lookarounds would cost fifty times more to say so).
_CAN_START = re.compile(r"[XxTtFf×＊*○〇Ｏ【\[［？?_＿]")


def find(text: str) -> list[tuple[int, int]]:
    """(start, end) of every placeholder in `text`."""
    if not _CAN_START.search(text):
        return []
    return [match.span() for match in PATTERN.finditer(text)]
