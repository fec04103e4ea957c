"""When in the year a greeting fits: 新年的钟声即将敲响 in late December, 春节即将来临 in the weeks
before the Spring Festival, 正值暑期 in July and August.

A library entry names its seasons (`when: [春节]`) or days of the year (`when: ["12-10..01-01"]`,
a range that may run over the year's end); `check` compares them with the speech's date. The
lunar festivals move: their dates are in a table, and a year outside it is not judged.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable

from drafter.i18n import _

# The Spring Festival (正月初一) and the Mid-Autumn Festival (八月十五), by year.
_LUNAR = {
    "春节": {
        2020: (1, 25), 2021: (2, 12), 2022: (2, 1), 2023: (1, 22), 2024: (2, 10),
        2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13),
        2030: (2, 3), 2031: (1, 23), 2032: (2, 11), 2033: (1, 31), 2034: (2, 19),
        2035: (2, 8),
    },
    "中秋": {
        2020: (10, 1), 2021: (9, 21), 2022: (9, 10), 2023: (9, 29), 2024: (9, 17),
        2025: (10, 6), 2026: (9, 25), 2027: (9, 15), 2028: (10, 3), 2029: (9, 22),
        2030: (9, 12), 2031: (10, 1), 2032: (9, 19), 2033: (9, 8), 2034: (9, 27),
        2035: (9, 16),
    },
}  # fmt: skip
# How many days before a lunar festival a greeting may say it is coming (and none after).
_LUNAR_LEAD = {"春节": 45, "中秋": 30}
# Seasons by their Chinese names: days of the year, as MM-DD..MM-DD.
SEASONS = {
    "元旦": "12-10..01-01",  # 新年的钟声即将敲响
    "春节": "",  # the _LUNAR_LEAD days before the festival
    "中秋": "",
    "国庆": "09-10..10-01",
    "教师节": "08-10..09-10",
    "暑期": "06-01..08-31",  # 暑期将至 from June on
    "年中": "06-01..09-15",  # 抓住了下半年，就抓住了全年
    "开学": "08-01..09-30",
    "上半年": "01-01..07-15",  # a greeting that looks ahead to 上半年 (or speaks in it)
    "下半年": "06-01..12-31",
}
# Words of a greeting in the writer's own words that tie it to a season (or to either of two).
WORDS = {
    "元旦": ("元旦",),
    "新年": ("元旦",),
    "春节": ("春节",),
    "新春": ("春节",),
    "拜个早年": ("春节",),
    "辞旧迎新": ("元旦", "春节"),
    "中秋": ("中秋",),
    "国庆": ("国庆",),
    "教师节": ("教师节",),
    "暑期": ("暑期",),
    "暑假": ("暑期",),
    "上半年": ("上半年",),
    "下半年": ("下半年",),
}
_RANGE = re.compile(r"(\d{1,2})-(\d{1,2})\.\.(\d{1,2})-(\d{1,2})")


def window(value: str) -> str:
    """A season's name or a MM-DD..MM-DD range, as an entry's `when` gives it; anything else
    raises ValueError saying what is expected."""
    if value in SEASONS:
        return value
    match = _RANGE.fullmatch(value)
    if match is None:
        message = _(
            "'{value}' is neither a season ({seasons}) nor days as MM-DD..MM-DD (12-10..01-01)"
        )
        raise ValueError(message.format(value=value, seasons="、".join(SEASONS)))
    for month, day in ((int(m), int(d)) for m, d in (match.group(1, 2), match.group(3, 4))):
        if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2024, month)[1]:
            message = _("'{value}': {month}-{day} is not a day of the year")
            raise ValueError(message.format(value=value, month=month, day=day))
    return value


def fits(when: Iterable[str], day: dt.date) -> bool | None:
    """Whether `day` falls in one of the seasons or ranges; None when that cannot be said (a
    lunar festival in a year the table does not hold)."""
    answers = [_fits(one, day) for one in when]
    if any(answers):
        return True
    return None if None in answers else False


def fits_month(when: Iterable[str], year: int, month: int) -> bool | None:
    """Whether some day of the month fits (a date written as 2026年4月)."""
    days = calendar.monthrange(year, month)[1]
    answers = [fits(when, dt.date(year, month, d)) for d in range(1, days + 1)]
    if any(answers):
        return True
    return None if None in answers else False


def described(when: Iterable[str]) -> str:
    """How the seasons read in a message: 12月10日至1月1日、春节前45天."""
    said = []
    for one in when:
        spec = SEASONS.get(one, one)
        if one in _LUNAR_LEAD:
            said.append(f"{one}前{_LUNAR_LEAD[one]}天")
            continue
        match = _RANGE.fullmatch(spec)
        if match:
            m1, d1, m2, d2 = (int(x) for x in match.groups())
            said.append(f"{m1}月{d1}日至{m2}月{d2}日")
    return "、".join(said)


def _fits(one: str, day: dt.date) -> bool | None:
    if one in _LUNAR_LEAD:
        festival = _LUNAR[one].get(day.year)
        if festival is None:
            return None
        ahead = (dt.date(day.year, *festival) - day).days
        if ahead < 0:  # after this year's festival: the next one may be near (中秋 never is)
            following = _LUNAR[one].get(day.year + 1)
            if following is None:
                return None
            ahead = (dt.date(day.year + 1, *following) - day).days
        return 0 <= ahead <= _LUNAR_LEAD[one]
    match = _RANGE.fullmatch(SEASONS.get(one, one))
    if match is None:
        return None
    m1, d1, m2, d2 = (int(number) for number in match.groups())
    start, end = (m1, d1), (m2, d2)
    here = (day.month, day.day)
    if start <= end:
        return start <= here <= end
    return here >= start or here <= end  # over the year's end
