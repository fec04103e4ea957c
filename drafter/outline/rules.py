"""The outline's rules as plain functions: what a value must be, and what typing it means.

The outline's records (`model.py`) apply them as they read an outline; a check raises ValueError
with the message a writer sees.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from typing import Any

from drafter.chinese import names, placeholders
from drafter.i18n import _
from drafter.outline.units import converted, typed_numbers, typed_unit
from drafter.schema.source import Written

PART_TYPES = ("review", "situation", "tasks", "requirements", "topic")
# The kind that prints an outline exactly as written (what `drafter extract` writes): it may
# leave out what only stock text needs, the occasion and the parts (a speech of one paragraph).
VERBATIM_KIND = "generic"
MAX_FIGURE = 1e15  # 千万亿: anything larger (or inf, nan) is a typo, and its growth would overflow
MAX_ITEM_DEPTH = 3  # items, their items, and theirs: headings of levels 2 to 4


def one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError(_("must be one line (no line breaks)"))
    return value


def title_breaks(value: str) -> str:
    """A title typed over several lines breaks where the writer broke it: each line break is
    the writer's `|` (the DOCX, PDF and HTML title breaks there)."""
    lines = (line.strip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "|".join(line for line in lines if line)


def not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError(_("must not be empty"))
    return value


def paragraphs(value: str) -> str:
    lines = (line.strip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def a_placeholder(value: str) -> str:
    if [(0, len(value))] != placeholders.find(value.strip()):
        raise ValueError(
            _("must be a number, or a placeholder such as XX until the number is known")
        )
    return value


def ordinary_number(value: float) -> float:
    if not math.isfinite(value) or abs(value) > MAX_FIGURE:
        message = _("must be a finite number within ±{most}, not {value}")
        raise ValueError(message.format(most=f"{MAX_FIGURE:.0e}", value=value))
    return value


def as_written(value: Any, number: float) -> Any:
    """A number keeps the decimals the writer typed (60.0), for where it is printed as typed."""
    return value if isinstance(value, Written) and number == value else number


# 2026-1-16, 2026.1.16, 2026/01/16, 2026年1月16日
_DATE = re.compile(r"(\d{4})([-./])(\d{1,2})\2(\d{1,2})|(\d{4})年(\d{1,2})月(\d{1,2})日")


def typed_date(value: Any) -> Any:
    """A date typed the ways writers type one is that date; other text is kept as written."""
    if not isinstance(value, str):
        return value
    match = _DATE.fullmatch("".join(unicodedata.normalize("NFKC", value).split()))
    if match is None:
        return value
    numbers = [int(number) for number in match.groups() if number and number.isdigit()]
    year, month, day = numbers
    if not 1 <= month <= 12:
        message = _("'{value}' is not a date: there is no month {month}")
        raise ValueError(message.format(value=value, month=month))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        message = _("'{value}' is not a date: month {month} of {year} has {days} days")
        raise ValueError(message.format(value=value, month=month, year=year, days=days))
    return dt.date(year, month, day)


def units_in_numbers(data: Any) -> tuple[Any, dict[str, str]]:
    """A figure's `value: 86.4亿元` is 86.4 in 亿元 (so are `previous` and `target`); a number
    typed in another scale of the figure's unit is converted (7940万元 in a figure in 亿元).
    Returns the figure's data and, by key, why a number in another unit cannot be taken."""
    if not isinstance(data, dict):
        return data, {}
    typed = typed_numbers(data)
    if not typed:
        return data, {}
    data = dict(data)
    given = data.get("unit")
    unit = given if isinstance(given, str) and given.strip() else typed_unit(typed)
    clashes = {}
    for key, (number, its_unit) in typed.items():
        value = converted(number, its_unit, unit) if its_unit else number
        if value is None:
            if unit == given:
                message = _(
                    "'{typed}' is in {unit}, but unit: says {figure_unit}; "
                    "give the unit once (in unit:) or the same unit everywhere"
                )
            else:
                message = _(
                    "'{typed}' is in {unit}, but the figure's other numbers are in {figure_unit}; "
                    "give the unit once (in unit:) or the same unit everywhere"
                )
            clashes[key] = message.format(typed=data[key], unit=its_unit, figure_unit=unit)
        else:
            data[key] = number if its_unit in ("", unit) else value
    if clashes:
        return data, clashes
    if unit and unit != given:
        data["unit"] = unit
    return data, {}


def needs_a_number(figure: Any) -> None:
    # a figure taken from a table that could not be read is reported with the table
    if figure.value is None and figure.target is None and not figure.from_:
        raise ValueError(_("a figure needs a value or a target"))
    if figure.previous is not None and figure.value is None:
        raise ValueError(_("'previous' needs a 'value' to compare with"))


def has_something(item: Any) -> None:
    if not (item.headline or item.use or item.text or item.items):
        raise ValueError(_("an item needs a 'headline' or 'text' (or 'use' of a library entry)"))


def text_or_use(model: Any, what: str) -> Any:
    """An opening or closing is the writer's own text or a library entry, never both."""
    if model.text and model.use:
        message = _("give the {what}'s 'text' or 'use' a library entry, not both")
        raise ValueError(message.format(what=what))
    return model


def occasion_unless_verbatim(value: str | None, kind: Any) -> str | None:
    if value is None and kind != VERBATIM_KIND:
        raise ValueError(_("the meeting's name is needed, e.g. 2026年全市教育工作会议"))
    return value


def parts_unless_verbatim(value: list[Any], kind: Any) -> list[Any]:
    if not value and kind != VERBATIM_KIND:
        message = _("a speech needs at least one part (only kind {kind} may have none)")
        raise ValueError(message.format(kind=VERBATIM_KIND))
    return value


# `opening: false` (or "") is no opening at all: no stock sentence, no purposes, no count.
_NONE_AT_ALL = {
    "opening": {"text": False, "purposes": False, "announce": False},
    "closing": {"text": False},
}


def text_shorthands(data: Any) -> Any:
    """`opening: 今天……` and `closing: 同志们……` are short for `{text: …}`, `opening: false`
    (or "") and `closing: false` for none at all; the verbatim kind may leave the occasion out."""
    if isinstance(data, dict):
        data = dict(data)
        if data.get("kind") == VERBATIM_KIND:
            data.setdefault("occasion", None)
        for key in ("opening", "closing"):
            value = data.get(key)
            if value is False or (isinstance(value, str) and not value.strip()):
                data[key] = dict(_NONE_AT_ALL[key])
            elif isinstance(value, str):
                data[key] = {"text": value}
            elif isinstance(value, int | float) and not isinstance(value, bool):
                data[key] = {"text": getattr(value, "written", str(value))}  # typed as text
            elif key in data and (value is None or value is True):  # `closing:` left empty
                del data[key]
    return data


# What figures that name no comparison are compared with, in a kind whose figures are not a
# year's: a mid-year conference's are the half year's, compared with the same months last year.
COMPARED_WITH = {"midyear-conference": "去年同期"}


def kind_comparisons(data: Any) -> Any:
    """The outline with its kind's comparison (COMPARED_WITH) in each figure that names none."""
    kind = data.get("kind") if isinstance(data, dict) else None
    compare = COMPARED_WITH.get(kind) if isinstance(kind, str) else None  # kind: [] is said later
    return _with_compare(data, compare) if compare else data


def _with_compare(record: Any, compare: str) -> Any:
    """A mapping (the outline, a part, an item) with `compare` in the figures of its items."""
    if not isinstance(record, dict):
        return record
    changed = dict(record)
    if isinstance(record.get("figures"), list):
        figures = record["figures"]
        changed["figures"] = [
            {"compare": compare, **f} if isinstance(f, dict) else f for f in figures
        ]
    for key in ("parts", "items"):
        if isinstance(record.get(key), list):
            changed[key] = [_with_compare(inner, compare) for inner in record[key]]
    return changed


def office_values(outline: Any) -> dict[str, str]:
    """Values library entries and templates fall back on: office words, the year's words."""
    values = {
        "org": outline.org,
        "leadership": outline.leadership,
        "scope": outline.scope,
        "cause": outline.cause,
        "audience": outline.audience,
        "host": outline.host,
        "hearers": hearers_of(outline.salutation or ""),
        "speaker": outline.speaker,
        "occasion": outline.occasion or "",
        "honoured": honoured_of(outline.commendation),
        **year_words(effective_year(outline)),
    }
    return {key: value for key, value in values.items() if value}


def effective_year(outline: Any) -> int | None:
    """The year whose work the speech deploys, the year ahead of its hearers (its stock text
    reviews the year before): `year` when given; else the year after the one an occasion sums
    up (2025年度总结表彰大会 → 2026); else the date's year, or the next one in December (a
    speech then looks to the coming year: 2025-12-28 → 2026); else the year the occasion
    names."""
    if outline.year:
        return outline.year
    occasion = outline.occasion or ""
    summed_up = _summed_up(occasion)
    if summed_up:
        return summed_up + 1
    if isinstance(outline.date, dt.date):
        dated, month = outline.date.year, outline.date.month
    else:
        found = _DATED.search(str(outline.date or ""))
        if not found:
            return _year_in(occasion)
        dated, month = int(found.group(1)), int(found.group(2) or 0)
    return dated + 1 if month == 12 else dated


_YEAR = r"(?<!\d)((?:19|20|21)\d{2})\s*年"
_DATED = re.compile(_YEAR + r"(?:\s*(\d{1,2})\s*月)?")
# A year an occasion sums up: 2025年度 followed, before any other year, by 总结 or 表彰
# (2025年度总结表彰大会, 2026年全市教育工作会议暨2025年度表彰大会). 年度 alone is not enough:
# 全市2026年度教育工作会议 deploys 2026.
_SUMMED_UP = re.compile(_YEAR + r"度(?:(?!(?:19|20|21)\d{2}).)*?(?:总结|表彰)")


def _summed_up(occasion: str) -> int | None:
    """The year an occasion sums up (2025年度总结表彰大会 → 2025), if it names one."""
    found = _SUMMED_UP.search(occasion)
    return int(found.group(1)) if found else None


def _year_in(text: str) -> int | None:
    """The first year a text names (2026年全市教育工作会议 → 2026)."""
    found = _DATED.search(text)
    return int(found.group(1)) if found else None


def honoured_of(commendation: bool | list[str]) -> str:
    """Whom the speech commends: the honours listed (先进集体和优秀教师), 先进典型 for
    `commendation: true`, nobody without it."""
    if isinstance(commendation, list):
        return names.joined(commendation)
    return "先进典型" if commendation else ""


def hearers_of(salutation: str) -> str:
    """Whom a closing addresses, from the salutation: its last group without the titles of
    honour (各位领导，老师们、同学们 → 老师们、同学们; 各位领导、同志们 → 同志们)."""
    last = re.split(r"[，,]", salutation.strip().rstrip("：:"))[-1]
    kept = [w for w in re.split(r"[、]", last) if w and not w.startswith(("各位", "尊敬的"))]
    return "、".join(kept)


def year_words(year: int | None) -> dict[str, str]:
    """Period words templates use: 2026年 / 2025年, or 今年 / 一年来 without a year."""
    if year is None:
        return {"this_year": "今年", "last_year": "一年来", "next_year": "明年"}
    return {
        "year": str(year),
        "this_year": f"{year}年",
        "last_year": f"{year - 1}年",
        "next_year": f"{year + 1}年",
    }
