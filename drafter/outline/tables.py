"""Statistics tables (.xlsx, .csv) as an office keeps them: the header found over its rows, each
row's label, numbers and unit, every cell located.

An office keeps its indicators in a sheet under a title and a 填报单位 line, headed over two
rows (`outline/header.py` finds the header and the column of each role), with category rows
(一、教育经费), labels indented under them, 其中： rows, a 合计 row and notes below. `read_table`
reads each row's cells as numbers and keeps every cell's reference (`主要指标!C14`) so a
problem names the cell to fix. Hidden rows are kept but found only when the outline names them.
openpyxl is imported only when an .xlsx is read (`outline/workbook.py`); every input is
bounded (file size, rows, columns) and opened only if it is a regular file.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from pathlib import Path
from typing import Any, NoReturn

from drafter.decoding import NotAFile, decode_text, not_read, read_allowed
from drafter.errors import Location, Problem, TableError, listed, with_hint
from drafter.i18n import _, language
from drafter.outline import sheet as limits
from drafter.outline.header import (
    NUMBER_ROLES,
    ROLES,
    Column,
    Header,
    find_header,
    is_note,
    later_hidden,
    part_of_year,
    split_unit,
    starts_table,
)
from drafter.outline.sheet import (
    AS_STORED,
    Grid,
    RawCell,
    cell_ref,
    normalize,
    plain,
    refuse,
    too_many_rows,
    value_text,
)
from drafter.outline.units import NUMBER

_DASHES = {"-", "--", "—", "——", "－", "/", "\\", "…", "...", "无"}
_NUMBER = re.compile(rf"{NUMBER}%?")
_EXCEL_ERROR = re.compile(r"#(?:DIV/0!|N/A|NAME\?|NULL!|NUM!|REF!|VALUE!|SPILL!|CALC!)")
# A label's numbering (一、 （一） 1. （1） ①) and 其中：, which a figure need not repeat.
_NUMBERING = {
    1: r"[一二三四五六七八九十]+[、.．]",
    2: r"[(（][一二三四五六七八九十]+[)）]",
    3: r"\d{1,3}(?:[、．]|\.(?!\d))",
    4: r"[(（]\d{1,3}[)）]",
    5: r"[①-⑳]",
}
_MARK = re.compile("|".join(f"(?P<l{level}>{pattern})" for level, pattern in _NUMBERING.items()))
# a numbering cell of its own, in a 序号 column left of the label: 一 （一） 1 ①
_MARK_CELL = re.compile(
    r"[一二三四五六七八九十]+|[(（][一二三四五六七八九十\d]+[)）]|\d{1,3}|[①-⑳]"
)
_OF_WHICH = re.compile(r"^其中[:：]?")
_TOTALS = {"合计", "总计", "全市合计", "总计合计"}


def to_places(number: float, places: int) -> Decimal:
    """A number rounded as Excel shows it to `places` decimals (half away from zero)."""
    return Decimal(repr(number)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Cell:
    """One cell of a row: where it is, what it shows, and its number (None when empty)."""

    ref: str  # 主要指标!C14 (a CSV has no sheet: C14)
    text: str = ""
    number: float | None = None
    percent: bool = False  # written as a percentage: 8.7%, or a % number format
    problem: str = ""  # why it is not a number: '约86' is not a number, a formula without a result
    formula: bool = False  # a formula with no saved result
    places: int | None = None  # the decimals its number format shows (None: as stored)

    @property
    def shown(self) -> float | None:
        """The number as the sheet shows it (as a CSV Excel saves would hold it)."""
        if self.number is None or self.places is None:
            return self.number
        return float(to_places(self.number, self.places))

    @property
    def empty(self) -> bool:
        return self.number is None and not self.problem


def label_keys(label: str) -> tuple[str, ...]:
    """A label as compared: as written, then without its numbering or 其中：, then without a
    unit in brackets (一、教育经费总投入 → 教育经费总投入; 毛入学率（%） → 毛入学率)."""
    key = normalize(label)
    bare = _bare(key)
    without_unit, unit = split_unit(bare)
    return tuple(dict.fromkeys((key, bare, without_unit if unit else bare)))


def bare_label(label: str) -> str:
    """A label as compared, without its numbering and 其中： (一、小学 → 小学)."""
    return _bare(normalize(label))


def _bare(key: str) -> str:
    """A compared label without its numbering and 其中：."""
    mark = _MARK.match(key)
    return _OF_WHICH.sub("", key[mark.end() :] if mark else key)


@dataclass(frozen=True)
class Row:
    """A row of the table: its label and its cells by role (value, previous, target, unit)."""

    number: int
    label: str
    cells: Mapping[str, Cell]
    unit: str = ""  # from the unit column, the label (毛入学率(%)), the header, 单位：万元, or %
    unit_problem: str = ""  # a percentage in a row whose unit is something else
    hidden: bool = False
    parents: tuple[str, ...] = ()  # the rows it stands under: 一、教育经费 > 教育经费总投入
    unit_from: str = ""  # where the unit was read: C6, the label, 单位：万元 in F2
    label_ref: str = ""

    def keys(self) -> tuple[str, ...]:
        return self._keys

    @cached_property
    def _keys(self) -> tuple[str, ...]:  # every figure looks at every row's
        return label_keys(self.label)


@dataclass(frozen=True)
class Table:
    """What drafter reads from a statistics table."""

    file: str  # as shown in messages
    sheet: str | None  # None for a CSV
    sheets: tuple[str, ...]
    header: Header
    rows: tuple[Row, ...]
    notes: tuple[Problem, ...] = ()  # what reading left out (control characters in labels)
    sheet_hidden: bool = False
    others: tuple[str, ...] = ()  # other sheets with a recognised header (no sheet named)
    second: int | None = None  # the row where a second table starts, not read
    part_of_year: str = ""  # the value column's words when it covers part of a year (1-11月)

    @property
    def name(self) -> str:
        """The table in messages: 统计.xlsx:主要指标, or 统计.csv."""
        return f"{self.file}:{self.sheet}" if self.sheet else self.file

    @property
    def columns(self) -> Mapping[str, Column]:
        return self.header.columns

    @property
    def ambiguous(self) -> Mapping[str, tuple[Column, ...]]:
        return self.header.ambiguous

    @property
    def header_rows(self) -> tuple[int, ...]:
        return tuple(r + 1 for r in self.header.rows)

    @property
    def header_row(self) -> int:
        return self.header_rows[-1]

    @property
    def unused(self) -> tuple[Column, ...]:
        """Headed columns no role took (hidden ones aside)."""
        return tuple(c for c in self.header.headed if not c.hidden and self._free(c))

    @property
    def hidden_columns(self) -> tuple[Column, ...]:
        """Hidden headed columns no role took: read only when the outline names them."""
        return tuple(c for c in self.header.headed if c.hidden and self._free(c))

    def _free(self, column: Column) -> bool:
        taken = {c.index for c in self.columns.values()}
        taken |= {c.index for pool in self.ambiguous.values() for c in pool}
        return column.index not in taken

    def at(self, ref: str) -> Location:
        return Location(self.file, cell=ref)

    def find(self, label: str, *, hidden: bool = False) -> list[Row]:
        """The rows with this label: as written, else without numbering, 其中： or a unit in
        brackets; 小学/在校生数 is the 在校生数 under 小学. Hidden rows only with `hidden`."""
        rows = [row for row in self.rows if hidden or not row.hidden]
        found = _matching(rows, normalize(label))
        if found or "/" not in label:
            return found
        *path, last = [part for part in label.split("/") if part.strip()] or [""]
        return [row for row in _matching(rows, normalize(last)) if _under(row, path)]

    def closest(self, label: str, n: int = 3) -> list[str]:
        """Labels of the table that look like `label`, closest first."""
        labels = {row.keys()[0]: row.label for row in self.rows if not row.hidden}
        close = difflib.get_close_matches(normalize(label), list(labels), n=n, cutoff=0.5)
        return [labels[key] for key in close]

    def problems(self) -> list[Problem]:
        """What `drafter data` warns about: every cell that is not a number and not empty, a
        unit that disagrees, what reading left out."""
        found = list(self.notes)
        for row in self.rows:
            for role, cell in row.cells.items():
                if cell.problem:
                    message = _("{header} of '{label}': {problem}").format(
                        header=self.columns[role].header, label=row.label, problem=cell.problem
                    )
                    found.append(Problem(message, self.at(cell.ref), severity="warning"))
            if row.unit_problem:
                where = self.at(row.label_ref)
                found.append(Problem(row.unit_problem, where, severity="warning"))
        return found

    def ambiguity(self, role: str) -> tuple[str, list[str]]:
        """Why a role is ambiguous ('2 columns could be the value: C 本月, D 本年累计') and,
        for each candidate, a name that is that column alone (本月, 本年累计, or D列)."""
        pool = self.ambiguous[role]
        why = _("{count} columns could be the {role}: {columns}").format(
            count=len(pool), role=role, columns=_columns(pool)
        )
        return why, [_name_of(c, self) for c in pool]

    def ref(self, row: Row, role: str) -> str:
        """The reference of a row's cell in a role's column (also for the label column)."""
        if role in row.cells:
            return row.cells[role].ref
        if role == "label":
            return row.label_ref
        return cell_ref(self.sheet, self.columns[role].index, row.number)


def _matching(rows: list[Row], key: str) -> list[Row]:
    exact = [row for row in rows if row.keys()[0] == key]
    return exact or [row for row in rows if key in row.keys()[1:]]


def _under(row: Row, path: list[str]) -> bool:
    """Whether the row stands under rows labelled `path`, in that order (not every level)."""
    parents = iter(label_keys(parent) for parent in row.parents)
    return all(any(normalize(part) in keys for keys in parents) for part in path)


def _columns(pool: tuple[Column, ...]) -> str:
    """Columns in a message: C 本月, D 本年累计 (hidden)."""
    return listed(
        (_("{letter} {header} (hidden)") if c.hidden else "{letter} {header}").format(
            letter=c.letter, header=c.header
        )
        for c in pool
    )


def _name_of(column: Column, table: Table) -> str:
    """The shortest of a column's words that names it alone; else its header; else D列."""
    headed = table.header.headed
    for word in sorted(column.words, key=len):
        if [c.index for c in headed if c.named(word)] == [column.index]:
            return word
    if [c.index for c in headed if c.named(column.header)] == [column.index]:
        return column.header
    return f"{column.letter}列"  # how an outline names a column by its letter, in any language


# What a table file may be called; any other file named under data: is refused.
TABLE_SUFFIXES = (".xlsx", ".csv", ".txt", ".tsv")


def read_table(
    path: Path,
    *,
    sheet: str | None = None,
    names: Mapping[str, str] | None = None,
    shown: str | None = None,
    year_review: bool = False,
) -> Table:
    """Read a table; `names` gives a role's column explicitly (value: 2025年), by any word of
    its header; `year_review` takes the year so far (本年累计) as the value of a monthly
    report. A problem with the whole file, the sheet or a named column raises TableError; the
    problem's `path` is the key of the outline's table entry it concerns ('sheet', 'value', …
    or '' for the file). Roles two columns could serve are left in `Table.ambiguous`."""
    file = shown or str(path)
    names = {role: plain(str(name))[0] for role, name in (names or {}).items() if name}
    for role in names:
        if role not in ROLES:
            message = with_hint(_("unknown column role '{role}'").format(role=role), role, ROLES)
            refuse(file, message, _("roles: {roles}").format(roles=listed(ROLES)))
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        hint = _("save it as .xlsx or .csv") if suffix in (".xls", ".et", ".xlsm", ".ods") else ""
        message = _("drafter reads .xlsx and .csv tables, not '{suffix}'")
        refuse(file, message.format(suffix=suffix or path.name), hint)
    raw = _read(path, file)
    if len(raw) > _KEPT_BYTES:
        return _parsed(raw, suffix, file, sheet, tuple(names.items()), year_review, language())
    return _kept(raw, suffix, file, sheet, tuple(names.items()), year_review, language())


# A table read again unchanged (a workbench's every preview, a batch of outlines over one
# table) is parsed once: by its bytes, how it is asked for, and the language of its notes.
_KEPT_BYTES = 2 * 1024 * 1024


def _parsed(
    raw: bytes,
    suffix: str,
    file: str,
    sheet: str | None,
    named: tuple[tuple[str, str], ...],
    year_review: bool,
    lang: str,
) -> Table:
    names = dict(named)
    if suffix == ".xlsx":
        from drafter.outline.workbook import read_workbook

        def rank(grid: Grid) -> int:
            """2 for a sheet whose header is recognised, 1 for one with a header's words."""
            header = find_header(grid, names, year_review=year_review)
            return 0 if header is None else 2 if header.recognised else 1

        grid = read_workbook(raw, file, sheet, rank)
    else:
        if sheet:
            refuse(file, _("a CSV file has no sheets; leave out sheet:"), key="sheet")
        grid = _csv_grid(raw, file)
    return _table(file, grid, names, year_review)


_kept = functools.lru_cache(maxsize=8)(_parsed)


def _read(path: Path, file: str) -> bytes:
    """The file's bytes, opened only if it is a regular file, and without waiting (opening a
    named pipe for reading would wait for a writer that never comes); in the workbench, only
    inside the folder it serves."""
    try:
        raw = read_allowed(path, limits.MAX_BYTES)
    except FileNotFoundError:
        refuse(file, _("no such file"))
    except IsADirectoryError:
        refuse(file, _("is a folder, not a file"))
    except NotAFile:
        refuse(
            file,
            _("not a regular file (a pipe, a device or a socket)"),
            _("name the table's file"),
        )
    except OSError as err:
        refuse(file, not_read(err))
    if len(raw) > limits.MAX_BYTES:
        refuse(
            file,
            _("the file is larger than {megabytes} MB").format(
                megabytes=limits.MAX_BYTES // 1024 // 1024
            ),
            _("is it the table?"),
        )
    return raw


def _csv_grid(raw: bytes, file: str) -> Grid:
    """Rows of a CSV in UTF-8 (with or without BOM) or GB18030, comma- or tab-separated."""
    text = decode_text(raw, file)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if "\t" in first and "," not in first else ","
    rows: list[list[RawCell]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            if len(rows) >= limits.MAX_ROWS:
                too_many_rows(file)
            rows.append([(value, AS_STORED) for value in record[: limits.MAX_COLUMNS]])
    except csv.Error as err:
        message = _("not a readable CSV file: {error}").format(error=err)
        problem = Problem(message, Location(file, reader.line_num))
        raise TableError(problems=[problem]) from None
    return Grid(None, (), rows)


def _table(file: str, grid: Grid, names: Mapping[str, str], year_review: bool) -> Table:
    header = find_header(grid, names, year_review=year_review)
    if header is None or not header.recognised:
        _no_header(file, grid, header, names)
    if "label" in header.ambiguous:
        _no_label_column(file, grid, header)
    notes = _header_notes(file, grid, header)
    rows, second = _rows(file, grid, header, notes)
    if later := later_hidden(header):
        message = _(
            "the value is read from column {letter} ({header}), but the hidden column {later} "
            "({later_header}) holds a later year; name it to read it: value: {later_header}"
        ).format(
            letter=header.columns["value"].letter,
            header=header.columns["value"].header,
            later=later.letter,
            later_header=later.header,
        )
        where = Location(file, cell=cell_ref(grid.sheet, later.index, header.rows[-1] + 1))
        notes.append(Problem(message, where, severity="warning", rule="data"))
    context = [grid.sheet or ""] + [
        text for r in range(header.rows[0]) for text in _row_texts(grid, r) if not is_note(text)
    ]
    value = header.columns.get("value")
    return Table(
        file,
        grid.sheet,
        grid.sheets,
        header,
        tuple(rows),
        tuple(notes),
        grid.sheet_hidden,
        grid.others,
        second,
        part_of_year(value, context) if value else "",
    )


def _where(grid: Grid) -> str:
    return _("sheet '{sheet}'").format(sheet=grid.sheet) if grid.sheet else _("the file")


def _reads(header: Header) -> str:
    """What a header says, column by column: 序号、指标名称、绝对数/2025年 …"""
    return "、".join(column.header for column in header.headed)


def _no_header(file: str, grid: Grid, header: Header | None, names: Mapping[str, str]) -> NoReturn:
    """The problem when no header is recognised: what is missing, and what the nearest header
    (else the first row) says, so the writer sees the mismatch."""
    where = _where(grid)
    if header is None:
        first = next(
            (r for r in range(min(limits.HEADER_ROWS, len(grid.rows))) if any(_row_texts(grid, r))),
            None,
        )
        seen = (
            "、".join(text for text in _row_texts(grid, first) if text) if first is not None else ""
        )
        seen_note = (
            _("its first row reads: {cells}").format(cells=seen) if seen else _("it is empty")
        )
        refuse(
            file,
            _(
                "no header row found in the first {rows} rows of {where} ({seen}): "
                "drafter looks for 指标/指标名称/项目/名称 and 本年/本月/本年累计/<year>年/1-6月 "
                "(or 目标/计划)"
            ).format(rows=limits.HEADER_ROWS, where=where, seen=seen_note),
            _(
                "name the columns in the outline ({file: …, label: 指标, value: 2025年}), "
                "or to drafter data (-c label=指标 -c value=2025年)"
            ),
        )
    first, last = header.rows[0] + 1, header.rows[-1] + 1
    if first == last:
        seen_note = _("its header, row {row}, reads: {cells}").format(
            row=first, cells=_reads(header)
        )
    else:
        seen_note = _("its header, rows {first}-{last}, reads: {cells}").format(
            first=first, last=last, cells=_reads(header)
        )
    words = [word for column in header.headed for word in (column.header, *column.words)]
    problems = []
    for role in header.missing:
        unknown = _("no column headed '{name}' in {where}").format(name=names[role], where=where)
        hinted = with_hint(unknown, names[role], list(dict.fromkeys(words)))
        message = _("{message} ({note})").format(message=hinted, note=seen_note)
        problems.append(Problem(message, Location(file), role, rule="data"))
    if not header.has("label") and "label" not in header.missing:
        message = _(
            "no label column in {where} ({seen}): drafter looks for 指标、指标名称、项目、名称; "
            "name it: label: <its header> in the outline, -c label=<its header> for drafter data"
        ).format(where=where, seen=seen_note)
        problems.append(Problem(message, Location(file), "label", rule="data"))
    if not (header.has("value") or header.has("target")) and "value" not in header.missing:
        message = _(
            "no value column in {where} ({seen}): drafter looks for 本年、本月、本年累计、"
            "<year>年、1-6月 (or 目标、计划); name it: value: <its header> in the outline, "
            "-c value=<its header> for drafter data"
        ).format(where=where, seen=seen_note)
        problems.append(Problem(message, Location(file), "value", rule="data"))
    raise TableError(problems=problems)


def _no_label_column(file: str, grid: Grid, header: Header) -> NoReturn:
    pool = header.ambiguous["label"]
    message = _("{count} columns of {where} could hold the labels: {columns}").format(
        count=len(pool), where=_where(grid), columns=_columns(pool)
    )
    hint = _("name one: label: <its header> (-c label=… for drafter data)")
    refuse(file, message, hint, "label")


def _row_texts(grid: Grid, r: int | None) -> list[str]:
    if r is None or r >= len(grid.rows):
        return []
    return [grid.text(r, c) for c in range(len(grid.rows[r]))]


def _controls(grid: Grid, r: int, c: int) -> str:
    return plain(value_text(grid.value(r, c)))[1]


def _header_notes(file: str, grid: Grid, header: Header) -> list[Problem]:
    """Control characters left out of the header's cells."""
    notes = []
    for r in header.rows:
        for c in range(len(grid.rows[r])):
            if found := _controls(grid, r, c):
                ref = cell_ref(grid.sheet, c, r + 1)
                message = _("the header cell holds control characters ({characters}), left out")
                message = message.format(characters=found)
                notes.append(Problem(message, Location(file, cell=ref), severity="warning"))
    return notes


def _rows(
    file: str, grid: Grid, header: Header, notes: list[Problem]
) -> tuple[list[Row], int | None]:
    """The rows under the header that have a label (notes below the table aside), each with
    the rows it stands under, by numbering (一、 （一） 1.) and indentation; and the row where
    a second table starts under it, if one does."""
    label_at = header.columns["label"].index
    rows: list[Row] = []
    above: list[tuple[tuple[int, int, int], str]] = []  # (level, label) of rows above it
    for r in range(header.rows[-1] + 1, len(grid.rows)):
        if rows and starts_table(grid, r):
            _second_table(file, grid, r, rows, notes)
            return rows, r + 1
        found = _label(grid, r, label_at)
        if found is None:
            continue
        label, c, written = found
        if is_note(label):
            return rows, None  # 注：… and the lines under it (　　2．“—”表示无此项统计。)
        if not _bare(normalize(label)):
            continue  # 其中： alone on its row
        ref = cell_ref(grid.sheet, c, r + 1)
        if controls := _controls(grid, r, c):
            message = _("the label '{label}' holds control characters ({characters}), left out")
            message = message.format(label=label, characters=controls)
            notes.append(Problem(message, Location(file, cell=ref), severity="warning"))
        level = _level(grid, r, label_at, written)
        while above and above[-1][0] >= level:
            above.pop()
        parents = tuple(parent for _, parent in above)
        if c == label_at and (group := _group(grid, r, label_at)):
            parents = (group, *parents)  # 小学 merged down over its rows: row: 小学/专任教师
        above.append((level, label))
        rows.append(_row(grid, header, r, label, ref, parents))
    return rows, None


def _second_table(file: str, grid: Grid, r: int, rows: list[Row], notes: list[Problem]) -> None:
    """A second table under the first: its rows are not the first table's (they are read
    with other columns), so reading stops at its header, and its title (a row above with no
    numbers) goes too; a note says where it starts."""
    while rows and rows[-1].number <= r and all(cell.empty for cell in rows[-1].cells.values()):
        rows.pop()
    headings = "、".join(text for text in _row_texts(grid, r) if text)
    message = _(
        "a second table starts at row {row} ({headings}) and is not read: drafter reads the "
        "first table of a sheet; put the second on a sheet of its own"
    ).format(row=r + 1, headings=headings)
    where = Location(file, cell=cell_ref(grid.sheet, 0, r + 1))
    notes.append(Problem(message, where, severity="warning", rule="data"))


def _group(grid: Grid, r: int, label_at: int) -> str:
    """The group a row stands in when labels take two columns: a cell left of the label merged
    down over several rows (学段 小学 over 学校数, 在校生数, 专任教师), not a number or a
    numbering; "" when there is none."""
    for c in range(label_at - 1, -1, -1):
        span = grid.covering(r, c)
        if span is None:
            below = grid.covering(r + 1, c)
            span = below if below is not None and (below.top, below.left) == (r, c) else None
        if span is None or span.bottom == span.top:
            continue
        text = grid.text(span.top, span.left)
        if text and not _MARK_CELL.fullmatch(normalize(text)) and not _NUMBER.fullmatch(text):
            return text
    return ""


def _label(grid: Grid, r: int, label_at: int) -> tuple[str, int, str] | None:
    """A row's label, its column and its text as written (with its indentation): the label
    cell; a cell merged across it (合计 over 序号 and 指标名称); else a word left of it (合计
    in the 序号 column), but not a number or a numbering."""
    if label := grid.text(r, label_at):
        return label, label_at, value_text(grid.value(r, label_at))
    span = grid.covering(r, label_at)
    if span is not None and span.top == r and (label := grid.text(r, span.left)):
        return label, span.left, label
    for c in range(label_at - 1, -1, -1):
        text = grid.text(r, c)
        if text and not _MARK_CELL.fullmatch(normalize(text)) and not _NUMBER.fullmatch(text):
            return text, c, text
    return None


def _level(grid: Grid, r: int, label_at: int, written: str) -> tuple[int, int, int]:
    """How deep a row stands, as (indentation, numbering, 其中): indented further is deeper;
    at one indentation, 一、 before （一） before 1. before none (a 一 or （一） in a 序号 cell
    counts; 1, 2, 3 there only count the rows); a 其中： row stands under the row above, and
    its indentation counts 其中： (the rows under it line up after the colon); 合计 under
    nothing."""
    key = normalize(written)
    if key in _TOTALS:
        return (-1, 0, 0)
    mark = _MARK.match(key)
    if mark is None:
        cells = [normalize(grid.text(r, c)) for c in range(label_at)]
        numbering = next((cell for cell in reversed(cells) if cell), "")
        if _MARK_CELL.fullmatch(numbering) and not numbering.isdigit():
            mark = _MARK.match(numbering + ("、" if numbering[-1] not in ")）" else ""))
    rank = next(int(name[1:]) for name, found in mark.groupdict().items() if found) if mark else 6
    text = written.lstrip()
    indent = _width(written[: len(written) - len(text)])
    of_which = _OF_WHICH.match(text)
    if of_which:
        indent += _width(of_which.group(0))
    return (indent, rank, int(bool(of_which)))


def _width(text: str) -> int:
    """Columns a text takes: two for a full-width character, one for others."""
    return sum(2 if unicodedata.east_asian_width(char) in "FW" else 1 for char in text)


def _row(
    grid: Grid, header: Header, r: int, label: str, label_ref: str, parents: tuple[str, ...]
) -> Row:
    """A row's cells as numbers, and its unit: the unit column, a bracket in the label, the
    value column's header (本年（亿元）), 单位：万元 above the table, or a % cell."""
    cells = {}
    for role in NUMBER_ROLES:
        if role in header.columns:
            c = header.columns[role].index
            value, shown = grid.raw(r, c)
            formula = grid.formula(r, c) if value is None else ""
            ref = cell_ref(grid.sheet, c, r + 1)
            cells[role] = read_cell(ref, value, shown.percent, formula, places=shown.places)
    unit, unit_from, unit_problem = "", "", ""
    if "unit" in header.columns:
        c = header.columns["unit"].index
        ref = cell_ref(grid.sheet, c, r + 1)
        value = grid.value(r, c)
        if value is None and (span := grid.covering(r, c)) is not None:
            value = grid.value(span.top, span.left)  # a unit merged down over several rows
            ref = cell_ref(grid.sheet, span.left, span.top + 1)
        written, controls = plain(value_text(value).strip())
        cells["unit"] = Cell(ref, written)
        if controls:
            unit_problem = _(
                "the unit of '{label}' ({cell}) holds control characters ({characters}); "
                "delete them in the table"
            ).format(label=label, cell=ref, characters=controls)
        elif unit := _bare_unit(written):
            unit_from = ref
    percents = [cell for cell in cells.values() if cell.percent]
    if not unit and (bracketed := split_unit(_bare(normalize(label)))[1]):
        unit, unit_from = bracketed, _("the label")
    for role in NUMBER_ROLES:
        column = header.columns.get(role)
        if not unit and column is not None and column.unit:
            unit, unit_from = (
                column.unit,
                _("the header of column {letter}").format(letter=column.letter),
            )
    if not unit and percents:
        unit, unit_from = "%", percents[0].ref
    if not unit and header.unit and header.unit_ref:
        at = cell_ref(grid.sheet, header.unit_ref[1], header.unit_ref[0] + 1)
        unit, unit_from = header.unit, _("单位：{unit} in {cell}").format(unit=header.unit, cell=at)
    if percents and unit != "%" and not unit_problem:
        unit_problem = _(
            "'{label}' has a percentage ({text} in {cell}) but its unit is {unit}; make them agree"
        ).format(label=label, text=percents[0].text, cell=percents[0].ref, unit=unit)
    hidden = r in grid.hidden_rows
    return Row(r + 1, label, cells, unit, unit_problem, hidden, parents, unit_from, label_ref)


def _bare_unit(text: str) -> str:
    """（亿元） → 亿元; full-width % → %."""
    unit = normalize(text).strip("()[]")
    return "" if unit in _DASHES else unit


def read_cell(
    ref: str, value: Any, percent_format: bool, formula: str, *, places: int | None = None
) -> Cell:
    """A cell as a number: numbers, numeric text (1,234.5, 8.7%); a dash or nothing is empty.
    A number its format shows to `places` decimals keeps them (`Cell.places`), and its text
    is what the sheet shows (15.6666667 as 15.7)."""
    text, controls = plain(value_text(value).strip())
    if formula:
        problem = _(
            "the formula {formula} has no saved result; open the file in Excel or WPS and "
            "save it, so the result is stored"
        ).format(formula=formula)
        return Cell(ref, formula, problem=problem, formula=True)
    if value is None:
        return Cell(ref)
    if controls:
        problem = _("'{text}' holds control characters ({characters}); delete them in the table")
        problem = problem.format(text=text, characters=controls)
        return Cell(ref, text, problem=problem)
    if isinstance(value, bool):
        problem = _("{text} (true/false) is not a number").format(text=text.upper())
        return Cell(ref, text.upper(), problem=problem)
    if isinstance(value, int | float):
        number = float(Decimal(repr(value)) * 100) if percent_format else float(value)
        if places is not None:
            text = f"{to_places(number, places):f}"
        elif percent_format:
            text = f"{number:g}"
        return Cell(ref, text + "%" * percent_format, number, percent_format, places=places)
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return Cell(
            ref, text, problem=_("{text} is a date or time, not a number").format(text=text)
        )
    written = normalize(text).replace("−", "-")
    if written in _DASHES or not written:
        return Cell(ref, text)
    if _EXCEL_ERROR.fullmatch(written):
        problem = _("the cell shows the error {text}; correct its formula").format(text=text)
        return Cell(ref, text, problem=problem)
    if _NUMBER.fullmatch(written):
        percent = written.endswith("%")
        return Cell(ref, text, float(written.rstrip("%").replace(",", "")), percent=percent)
    if re.match(r"[+-]?\d", written):
        problem = _("'{text}' is not a number; keep the unit in the unit column")
    else:
        problem = _("'{text}' is not a number")
    return Cell(ref, text, problem=problem.format(text=text))
