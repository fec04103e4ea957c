"""The header of a statistics table: the rows it spans, each column's words, the column of each
role (label, value, previous, target, unit) and why, or the columns a role could be.

Statistics offices head their tables over several rows: 序号 and 指标名称 merged down two rows,
绝对数 merged over 2025年 | 2024年. A column's name is the words of all its header rows
(绝对数/2025年): merged cells count for every column they cover, and in a CSV, where Excel
saved a merged heading into its first column only, a heading over sub-headings is spread over
them. A role is found by its usual words or by the year; the outline may name a column by any
one of its words (`value: 2025年`). Hidden columns are taken only when named. When two columns
could serve a role (two 2025年 columns, 本月 and 本年累计) the role is ambiguous and the
candidates are kept, so the writer is asked which: a column is never picked silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from drafter.i18n import N_, _
from drafter.outline.sheet import HEADER_ROWS, Grid, column_letter, column_number, normalize
from drafter.outline.units import NUMBER

ROLES = ("label", "value", "previous", "target", "unit")
NUMBER_ROLES = ("value", "previous", "target")
MAX_HEADER_ROWS = 4

LABEL_WORDS = frozenset({"指标", "指标名称", "主要指标", "统计指标", "项目", "项目名称", "名称"})
UNIT_WORDS = frozenset({"单位", "计量单位"})
# The period a value or previous column covers: a year, any period, a month, the year so far.
VALUE_WORDS = {
    **dict.fromkeys(("本年", "今年", "当年", "本年数", "本年度", "本年实际", "本年完成"), "year"),
    **dict.fromkeys(("本期", "本期数", "本期实际", "本期完成"), "period"),
    **dict.fromkeys(("本月", "当月", "本月数", "本月实际", "本月完成"), "month"),
    **dict.fromkeys(("本年累计", "累计", "本年累计数", "累计完成", "本年累计完成"), "ytd"),
}
PREVIOUS_WORDS = {
    **dict.fromkeys(("上年", "去年", "上年数", "上年度", "上年实际", "上年完成"), "year"),
    **dict.fromkeys(("上期", "上期数"), "period"),
    **dict.fromkeys(("上年同月", "去年同月"), "month"),
    **dict.fromkeys(("上年同期", "去年同期", "上年累计", "上年同期累计", "去年同期累计"), "ytd"),
}
_TARGET = re.compile(r"(?:\d{4}年?)?(?:年度|全年|预期)?(?:目标|计划)(?:值|数|任务)?")
_YEAR = re.compile(r"((?:19|20|21)\d{2})年?度?(.*)")
_YEAR_AS_IS = {"", "实际", "完成", "数", "实际数", "决算", "决算数", "快报", "快报数", "预计"}
# 1-6月, 1至9月累计: the year so far, as midyear and quarterly tables head it; 6月: one month
_MONTHS = re.compile(r"(\d{1,2}[-~至到])?\d{1,2}月份?(累计)?")
# 2025年11月, 2025年1-11月 in a title or a sheet's name: the month a report runs to
_DATED_MONTH = re.compile(r"(?:19|20|21)\d{2}年(?:\d{1,2}[-~至到])?(\d{1,2})月(?![\d日])")
# a rate of change or a share: never a value
_GROWTH = re.compile(r"增减|增长|增幅|增速|同比|环比|比上年|比去年|比重|占比|构成|百分点|%")
_BRACKETED = re.compile(r"^(.*?)\(([^()]{1,8})\)$")  # 本年(亿元), 2025年(快报)
_UNIT = re.compile(
    r"[百千万亿]*(?:元|美元|人次|人|个|所|家|项|台|套|间|平方米|立方米|米|公里|千米|千克|吨|"
    r"亩|公顷|户|次|件|册|本|名|位|座|张|辆|篇|门|节|场|小时|天|岁|学时|课时|万|亿)"
    r"(?:/[^/]{1,4})?|%|‰|个百分点"
)
# 单位：万元 above the header (or 金额单位：万元, （单位：万元）): the unit of the whole table
_UNIT_WORD, _UNIT_NAME = r"(?:金额|计量|数量)?单位[:：]", r"([^()]{1,8}?)"
_TABLE_UNIT = re.compile(rf"[(]?{_UNIT_WORD}\s*{_UNIT_NAME}[)]?")
# …情况（单位：万元）: the same at the end of a title
_TITLE_UNIT = re.compile(rf"[(]{_UNIT_WORD}{_UNIT_NAME}[)]$")
# a note (注：, 注1.) or the signatures under a table; never a label such as 注册学生数
_NOTE = re.compile(
    r"(?:注|说明|备注|资料来源|数据来源|制表|审核)\d?[:.、]|(?:填表|填报|制表|审核|统计)(?:人|日期)[:]"
    r"|(?:单位负责人|报出日期)[:]"
)
_NUMERIC = re.compile(rf"{NUMBER}%?")
_LETTERS = re.compile(r"列\s*([A-Za-z]{1,3})|([A-Za-z]{1,3})\s*列")

# why a column was taken, by the period it covers
_THIS = {
    "year": N_("this year"),
    "period": N_("this period"),
    "month": N_("this month"),
    "ytd": N_("the year so far"),
}
_LAST = {
    "year": N_("last year"),
    "period": N_("the period before"),
    "month": N_("the same month last year"),
    "ytd": N_("the same period last year"),
}
_DESCRIBED = {
    "label": N_("{word}: the usual header of labels"),
    "unit": N_("{word}: the usual header of units"),
    "target": N_("{word}: a target or plan"),
}


def is_unit(text: str) -> bool:
    """万元, 人次, %, 平方米/人: what a bracket or a unit cell holds when it is a unit."""
    return bool(_UNIT.fullmatch(normalize(text)))


def split_unit(key: str) -> tuple[str, str]:
    """本年(亿元) → ('本年', '亿元'); 2025年(快报) → ('2025年', ''): a word without its bracket,
    and the bracket when it is a unit (compared forms, see `normalize`)."""
    bracketed = _BRACKETED.match(key)
    if not bracketed:
        return key, ""
    inside = bracketed.group(2)
    return bracketed.group(1), inside if is_unit(inside) else ""


def is_note(text: str) -> bool:
    """注：…, 填表人：…, 资料来源：…: a line under (or over) a table, not one of its rows."""
    return bool(_NOTE.match(normalize(text)))


@dataclass(frozen=True)
class Sense:
    """What a column's words say it holds: its role (label, unit, target, value, previous,
    growth, or '' for nothing drafter reads), the period, the year, a unit in brackets."""

    role: str = ""
    period: str = ""  # year, period, month, ytd (the year so far)
    year: int | None = None
    unit: str = ""
    word: str = ""  # the word that says it


def word_sense(word: str) -> Sense:
    """What one header word says: 本年累计 → a value of the year so far; 2024年 → a year."""
    bare, unit = split_unit(normalize(word))
    if bare in LABEL_WORDS:
        return Sense("label", word=word)
    if bare in UNIT_WORDS:
        return Sense("unit", word=word)
    if _GROWTH.search(bare):
        return Sense("growth", word=word)
    if _TARGET.fullmatch(bare):
        return Sense("target", unit=unit, word=word)
    if bare in VALUE_WORDS:
        return Sense("value", VALUE_WORDS[bare], unit=unit, word=word)
    if bare in PREVIOUS_WORDS:
        return Sense("previous", PREVIOUS_WORDS[bare], unit=unit, word=word)
    if months := _MONTHS.fullmatch(bare):
        return Sense("value", _months_period(months), unit=unit, word=word)
    if year := _YEAR.fullmatch(bare):
        rest = year.group(2)
        months = _MONTHS.fullmatch(rest)
        if rest in _YEAR_AS_IS or months or rest in VALUE_WORDS:
            period = _months_period(months) if months else VALUE_WORDS.get(rest, "year")
            return Sense("value", period, int(year.group(1)), unit, word)
    return Sense(unit=unit, word=word)


def part_of_year(column: Column, context: list[str]) -> str:
    """The words of a value column that covers only part of a year: one month (本月, 11月),
    or the year so far when it runs to a month before December (1-11月; 本年累计 under a
    title or in a sheet of 2025年11月, `context`); '' for a whole year or when it cannot tell."""
    if column.sense.period == "month":
        return column.header
    if column.sense.period != "ytd":
        return ""
    for word in column.words:
        bare = split_unit(normalize(word))[0]
        if year := _YEAR.fullmatch(bare):
            bare = year.group(2)
        months = _MONTHS.fullmatch(bare)
        if months and months.group(1):
            return word if int(re.findall(r"\d+", months.group(0))[-1]) < 12 else ""
    ends = {int(found) for text in context for found in _DATED_MONTH.findall(normalize(text))}
    if len(ends) == 1 and (end := ends.pop()) < 12:
        return _("{header} (to month {month})").format(header=column.header, month=end)
    return ""


def later_hidden(header: Header) -> Column | None:
    """A hidden column of a later year than the value's, which the outline does not name
    (2023年 | 2024年 | hidden 2025年: the value read is 2024's)."""
    value = header.columns.get("value")
    if value is None or value.named_by_outline or not value.sense.year:
        return None
    later = [
        c
        for c in header.headed
        if c.hidden and c.sense.role == "value" and (c.sense.year or 0) > value.sense.year
    ]
    return max(later, key=lambda c: c.sense.year or 0, default=None)


def _months_period(months: re.Match[str]) -> str:
    return "ytd" if months.group(1) or months.group(2) else "month"


_PRIORITY = ("label", "unit", "growth", "target", "previous", "value")


def column_sense(words: tuple[str, ...]) -> Sense:
    """A column's sense from all its words: the strongest role any word has; the year and the
    unit from any word (绝对数/2025年 is a value of 2025; 2025年/本月 a value of one month)."""
    senses = [word_sense(word) for word in words]
    roles = [sense for sense in senses if sense.role]
    if not roles:
        return Sense(unit=next((s.unit for s in senses if s.unit), ""))
    strongest = min(roles, key=lambda sense: _PRIORITY.index(sense.role))
    year = next((s.year for s in senses if s.year), None)
    worded = [s for s in roles if s.role in ("value", "previous") and not s.year]
    period = worded[0].period if worded else strongest.period
    unit = next((s.unit for s in senses if s.unit), "")
    return replace(strongest, period=period, year=year, unit=unit)


@dataclass(frozen=True)
class Column:
    """A headed column: its role ('' when none), its words top to bottom, why it was taken
    (`named`: the outline named it)."""

    role: str
    index: int  # 0-based
    header: str  # its words as the sheet shows them, joined: 绝对数/2025年
    words: tuple[str, ...] = ()
    hidden: bool = False
    why: str = ""
    sense: Sense = field(default=Sense(), compare=False, repr=False)
    named_by_outline: bool = field(default=False, compare=False)

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def unit(self) -> str:
        return self.sense.unit

    def named(self, name: str) -> bool:
        """Whether the outline's `name` is this column: its whole header or one of its words,
        with or without a unit in brackets."""
        key = normalize(name)
        keys = {normalize(self.header), normalize("".join(self.words))}
        for word in self.words:
            bare, unit = split_unit(normalize(word))
            keys |= {normalize(word), bare} if unit else {normalize(word)}
        return key in keys


@dataclass(frozen=True)
class Header:
    """The header found: its rows, the column of each role, the roles two columns could serve,
    the roles the outline names that no column has, and the table's unit (单位：万元 above it)."""

    rows: tuple[int, ...]  # 0-based
    columns: Mapping[str, Column]
    ambiguous: Mapping[str, tuple[Column, ...]]
    headed: tuple[Column, ...]  # every headed column, role ''
    missing: tuple[str, ...] = ()
    shown: tuple[tuple[str, ...], ...] = ()  # the header rows as the sheet has them (← ↑ merged)
    unit: str = ""
    unit_ref: tuple[int, int] | None = None  # 0-based row and column of 单位：万元

    def has(self, role: str) -> bool:
        return role in self.columns or role in self.ambiguous

    @property
    def recognised(self) -> bool:
        found = self.has("label") and (self.has("value") or self.has("target"))
        return found and not self.missing

    def score(self) -> tuple[int, int, int]:
        """How near a header this is (for saying what is missing from the nearest)."""
        named = sum(1 for column in self.columns.values() if column.named_by_outline)
        return named, int(self.has("label")), int(self.has("value") or self.has("target"))


def find_header(
    grid: Grid, names: Mapping[str, str], *, year_review: bool = False
) -> Header | None:
    """The first header (of the top rows) with a label column and a value or target column,
    and every column the outline names; else the nearest one, or None when no row has a word
    of a header."""
    nearest: Header | None = None
    for top in range(min(HEADER_ROWS, len(grid.rows))):
        if not _starts_header(grid, top, names):
            continue
        header = _header(grid, _header_rows(grid, top, names), names, year_review)
        if header.recognised:
            return header
        if nearest is None or header.score() > nearest.score():
            nearest = header
    return nearest


def _texts(grid: Grid, r: int) -> list[str]:
    return [_heading(grid, r, c) for c in range(len(grid.rows[r]))]


def _heading(grid: Grid, r: int, c: int) -> str:
    """A cell's text on one line: a heading broken with Alt+Enter (计量\n单位) is one word."""
    return re.sub(r"\s*\n\s*", "", grid.text(r, c))


# A line of a report form above its table (综合机关名称：云川市教育局, 填报单位：…, 单位：万元):
# a field and its value, never a heading, whatever else stands in the row (its period, 2025年).
_FORM_LINE = re.compile(r"[^：:\d]{2,10}[：:]\s*\S")


def _starts_header(grid: Grid, r: int, names: Mapping[str, str]) -> bool:
    """A header's first row has two cells or more, one a word of a header (a title has one),
    and is no line of the report form above it."""
    texts = [text for text in _texts(grid, r) if text]
    if len(texts) < 2 or any(_FORM_LINE.match(text) for text in texts):
        return False
    named = {normalize(name) for name in names.values()}
    return any(word_sense(text).role or normalize(text) in named for text in texts)


def _header_rows(grid: Grid, top: int, names: Mapping[str, str]) -> tuple[int, ...]:
    """The header's rows: the first, and those below it that continue it (merged down from it,
    or headings without numbers and without a label), at most MAX_HEADER_ROWS."""
    label = normalize(names.get("label", ""))
    labels = {
        c
        for c, text in enumerate(_texts(grid, top))
        if word_sense(text).role == "label" or (label and normalize(text) == label)
    }
    rows = [top]
    for r in range(top + 1, min(top + MAX_HEADER_ROWS, len(grid.rows))):
        if not (_merged_down(grid, rows, r) or _continues(grid, r, labels)):
            break
        rows.append(r)
    return tuple(rows)


def _merged_down(grid: Grid, rows: list[int], r: int) -> bool:
    for c in range(len(grid.rows[r])):
        span = grid.covering(r, c)
        if span is not None and span.top in rows:
            return True
    return False


# What begins a table's first row rather than a heading under the header: a category row
# (一、教育经费, merged over 序号 and 指标) or a total (合计 before the rows it sums).
_FIRST_ROW = re.compile(
    r"(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、]|合计|总计|小计|其中)"
)


def _continues(grid: Grid, r: int, labels: set[int]) -> bool:
    """Headings under the header's first row: text only (a year may be a number), nothing in
    the label column, not a note, a form line, a category or a total."""
    texts = _texts(grid, r)
    filled = [c for c, text in enumerate(texts) if text]
    if not filled or any(texts[c] for c in labels if c < len(texts)) or is_note(texts[filled[0]]):
        return False
    first = normalize(texts[filled[0]])
    if _FIRST_ROW.match(first) or any(_FORM_LINE.match(texts[c]) for c in filled):
        return False
    return _headings(grid, r)


def _headings(grid: Grid, r: int) -> bool:
    """Whether a row holds text only, as headings do (a year may be a number)."""
    for c, text in enumerate(_texts(grid, r)):
        value = grid.value(r, c)
        if isinstance(value, int | float) and not isinstance(value, bool):
            if not (isinstance(value, int) or value.is_integer()) or not 1900 <= value < 2200:
                return False
        elif text and _NUMERIC.fullmatch(normalize(text)) and not _YEAR.fullmatch(text):
            return False
    return True


def starts_table(grid: Grid, r: int) -> bool:
    """Whether row `r`, below a table's rows, is the header of another table stacked under it:
    two headings or more, one a word of a header other than a bare number, and no numbers."""
    texts = [text for text in _texts(grid, r) if text]
    worded = any(word_sense(text).role for text in texts if not text.isdigit())
    return len(texts) >= 2 and worded and _headings(grid, r)


def _words(grid: Grid, rows: tuple[int, ...], c: int) -> tuple[str, ...]:
    """A column's words, top to bottom: its own cells, a merged heading over it, or (in a CSV)
    a heading spread over the sub-headings under it."""
    words: list[str] = []
    for i, r in enumerate(rows):
        text = _heading(grid, r, c)
        if not text and (span := grid.covering(r, c)) is not None and span.top in rows:
            text = _heading(grid, span.top, span.left)
        elif not text and not grid.merges_known and i < len(rows) - 1:
            text = _spread(grid, rows, i, c)
        if text and (not words or words[-1] != text):
            words.append(text)
    return tuple(words)


def _spread(grid: Grid, rows: tuple[int, ...], i: int, c: int) -> str:
    """The heading a CSV left in the first column of its span: the nearest heading to the left
    in this row, when every column from it to `c` has a sub-heading below."""
    r = rows[i]
    left = next((j for j in range(c - 1, -1, -1) if grid.text(r, j)), None)
    if left is None:
        return ""
    below = rows[i + 1 :]
    if all(any(grid.text(b, k) for b in below) for k in range(left, c + 1)):
        return grid.text(r, left)
    return ""


def _shown(grid: Grid, rows: tuple[int, ...], width: int) -> tuple[tuple[str, ...], ...]:
    """The header rows as the sheet shows them: ← for a cell merged into the one on its left,
    ↑ for one merged into the one above."""
    shown = []
    for r in rows:
        cells = []
        for c in range(width):
            span = grid.covering(r, c)
            if span is None:
                cells.append(_heading(grid, r, c))
            else:
                cells.append("←" if span.top == r else "↑")
        shown.append(tuple(cells))
    return tuple(shown)


def _header(
    grid: Grid, rows: tuple[int, ...], names: Mapping[str, str], year_review: bool
) -> Header:
    width = grid.width(range(rows[0], rows[-1] + 1))
    headed = []
    for c in range(width):
        words = _words(grid, rows, c)
        if words:
            hidden = c in grid.hidden_columns
            headed.append(Column("", c, "/".join(words), words, hidden, sense=column_sense(words)))
    columns, ambiguous, missing = _roles(headed, names, year_review)
    unit, unit_ref = _table_unit(grid, rows[-1])
    return Header(
        rows,
        columns,
        ambiguous,
        tuple(headed),
        tuple(missing),
        _shown(grid, rows, width),
        unit,
        unit_ref,
    )


def _table_unit(grid: Grid, last: int) -> tuple[str, tuple[int, int] | None]:
    """单位：万元 in a cell above the table (or in its header): the one unit it states."""
    found: dict[str, tuple[int, int]] = {}
    for r in range(last + 1):
        for c, text in enumerate(_texts(grid, r)):
            key = normalize(text)
            stated = _TABLE_UNIT.fullmatch(key) or _TITLE_UNIT.search(key)
            if stated and is_unit(stated.group(1)):
                found.setdefault(stated.group(1), (r, c))
    if len(found) != 1:
        return "", None
    ((unit, where),) = found.items()
    return unit, where


def column_index(name: str) -> int | None:
    """D列 or 列D: a column named by its letters (when two have the same header)."""
    letters = _LETTERS.fullmatch(name.strip())
    if not letters:
        return None
    return column_number(letters.group(1) or letters.group(2)) - 1


def _roles(
    headed: list[Column], names: Mapping[str, str], year_review: bool
) -> tuple[dict[str, Column], dict[str, tuple[Column, ...]], list[str]]:
    """Each role's column: named by the outline, else found by its words (see the module)."""
    found: dict[str, Column] = {}
    ambiguous: dict[str, tuple[Column, ...]] = {}
    missing = []

    def decide(role: str, pool: list[Column], why: str, **values: object) -> None:
        if len(pool) == 1:
            sense = pool[0].sense
            this, last = _THIS.get(sense.period), _LAST.get(sense.period)
            said = _(why).format(
                word=sense.word,
                this=_(this) if this else None,
                last=_(last) if last else None,
                **values,
            )
            named = why == _NAMED
            found[role] = replace(pool[0], role=role, why=said, named_by_outline=named)
        elif pool:
            ambiguous[role] = tuple(pool)

    for role, name in names.items():
        index = column_index(name)
        if index is not None:
            matches = [column for column in headed if column.index == index]
        else:
            matches = [column for column in headed if column.named(name)]
        visible = [column for column in matches if not column.hidden]
        if visible or matches:
            decide(role, visible or matches, _NAMED, name=name)
        else:
            missing.append(role)

    def free(role: str) -> list[Column]:
        taken = {column.index for column in found.values()}
        taken |= {column.index for pool in ambiguous.values() for column in pool}
        return [c for c in headed if c.sense.role == role and not c.hidden and c.index not in taken]

    for role in ("label", "unit", "target"):
        if role not in names:
            decide(role, free(role), _DESCRIBED[role])
    if "value" not in names:
        _value(free("value"), year_review, decide)
    if "previous" not in names and "value" in found:
        value = found["value"]
        has_ytd = any(
            c.sense.period == "ytd" for c in headed if c.sense.role == "value" and not c.hidden
        )
        _previous(value, free("value") + free("previous"), has_ytd, decide)
    return found, ambiguous, missing


# decide(role, candidates, why, **values): one candidate is the role's column, `why` (a message
# marked for the catalogue, of {word}, {this}, {last} and `values`) says why; several make it
# ambiguous
Decide = Callable[..., None]
_NAMED = N_("named: {name}")


def _value(pool: list[Column], year_review: bool, decide: Decide) -> None:
    """The value: the one column of this period, or of the latest year; in a monthly report,
    the year so far (本年累计) for a year's review, else ambiguous."""
    why = N_("{word}: {this}")
    dated = [column.sense.year for column in pool if column.sense.year]
    if dated:
        latest = max(dated)
        pool = [column for column in pool if column.sense.year in (None, latest)]
        why = N_("{word}: the latest year") if len(pool) == 1 and pool[0].sense.year else why
    if len(pool) > 1 and year_review:
        so_far = [column for column in pool if column.sense.period == "ytd"]
        if len(so_far) == 1:
            pool, why = so_far, N_("{word}: the year so far, for a year's review")
    decide("value", pool, why)


def _previous(value: Column, pool: list[Column], has_ytd: bool, decide: Decide) -> None:
    """The previous value: the year before the value's (of the same period), else a column
    of last year's (上年, 上年同期) that pairs with the value's period; among several, the one
    under the same headings as the value (绝对数/2024年 for 绝对数/2025年)."""
    year, period = value.sense.year, value.sense.period
    why = N_("{word}: the year before {year}")
    before: list[Column] = []
    if year:
        before = [c for c in pool if c.sense.year == year - 1 and c.sense.period == period]
    if not before:
        before = [
            c
            for c in pool
            if c.sense.role == "previous" and not c.sense.year and _pairs(period, c, has_ytd)
        ]
        why = N_("{word}: {last}")
    if len(before) > 1:
        same = [c for c in before if _other_words(c) == _other_words(value)]
        before = same if len(same) == 1 else before
    decide("previous", before, why, year=year)


def _pairs(period: str, previous: Column, has_ytd: bool) -> bool:
    """Whether a previous column compares with a value of this period: 上年同月 only with a
    month; 上年同期 with a month only in a report without the year so far (本月 | 上年同期)."""
    if previous.sense.period == "month":
        return period == "month"
    if period == "month":
        return previous.sense.period == "ytd" and not has_ytd
    return True


def _other_words(column: Column) -> tuple[str, ...]:
    return tuple(word for word in column.words if not word_sense(word).year)
