"""Statistics tables (.xlsx, .csv): the header row found by its usual names, every cell located.

An office keeps its indicators in a sheet like 指标 / 本年 / 上年 / 目标 / 单位. `read_table` finds
that header (or the columns an outline names), reads each row's cells as numbers, and keeps
every cell's reference (`主要指标!C14`) so a problem names the cell to fix. openpyxl is imported
only when an .xlsx is read (`outline/workbook.py`); every input is bounded (file size, rows,
columns).
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from drafter.decoding import decode_text, read_bytes
from drafter.errors import Location, Problem, TableError, did_you_mean
from drafter.outline.units import NUMBER

ROLES = ("label", "value", "previous", "target", "unit")
NUMBER_ROLES = ("value", "previous", "target")
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 100
HEADER_ROWS = 20  # a title and notes above the header are common; the header is near the top

_WORDS = {
    "label": {"指标", "指标名称", "主要指标", "项目", "项目名称", "名称"},
    "value": {"本年", "今年", "本期", "当年", "本年数", "本期数", "本年度", "本年实际", "本期实际"},
    "previous": {"上年", "去年", "上期", "上年数", "上期数", "上年度", "上年实际", "上年同期"}
    | {"去年同期"},
    "unit": {"单位", "计量单位"},
}
_TARGET = re.compile(r"(?:\d{4}年?)?(?:年度|全年|预期)?(?:目标|计划)(?:值|数|任务)?")
_YEAR = re.compile(r"((?:19|20|21)\d{2})年?度?(?:实际|完成|数)?")
# 1-6月, 1至9月累计: the year so far, as midyear and quarterly tables head it
_MONTHS = re.compile(r"(?:\d{1,2}[-~至])?\d{1,2}月份?(?:累计)?")
_BRACKETED = re.compile(r"^(.*?)\(([^()]{1,8})\)$")  # 毛入学率(%), 教育经费(亿元)
_DASHES = {"-", "--", "—", "——", "－", "/", "\\", "…", "...", "无"}
_NUMBER = re.compile(rf"{NUMBER}%?")
_EXCEL_ERROR = re.compile(r"#(?:DIV/0!|N/A|NAME\?|NULL!|NUM!|REF!|VALUE!|SPILL!|CALC!)")


def normalize(text: str) -> str:
    """How labels and headers are compared: full-/half-width forms alike, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Cell:
    """One cell of a row: where it is, what it shows, and its number (None when empty)."""

    ref: str  # 主要指标!C14 (a CSV has no sheet: C14)
    text: str = ""
    number: float | None = None
    percent: bool = False  # written as a percentage: 8.7%, or a % number format
    problem: str = ""  # why it is not a number: '约86' is not a number, a formula without a result

    @property
    def empty(self) -> bool:
        return self.number is None and not self.problem


@dataclass(frozen=True)
class Row:
    """A row of the table: its label and its cells by role (value, previous, target, unit)."""

    number: int
    label: str
    cells: Mapping[str, Cell]
    unit: str = ""  # from the unit column, a bracket in the label (毛入学率(%)), or a % cell
    unit_problem: str = ""  # a percentage in a row whose unit is something else

    def keys(self) -> tuple[str, ...]:
        """The label as compared, and without a bracketed unit (毛入学率(%) → 毛入学率)."""
        key = normalize(self.label)
        return tuple(dict.fromkeys((key, _without_unit(key))))


@dataclass(frozen=True)
class Column:
    role: str
    index: int  # 0-based
    header: str

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(frozen=True)
class Table:
    """What drafter reads from a statistics table."""

    file: str  # as shown in messages
    sheet: str | None  # None for a CSV
    sheets: tuple[str, ...]
    header_row: int
    columns: Mapping[str, Column]
    unused: tuple[Column, ...]  # headed columns no role claimed
    rows: tuple[Row, ...]

    @property
    def name(self) -> str:
        """The table in messages: 统计.xlsx:主要指标, or 统计.csv."""
        return f"{self.file}:{self.sheet}" if self.sheet else self.file

    def at(self, ref: str) -> Location:
        return Location(self.file, cell=ref)

    def find(self, label: str) -> list[Row]:
        """The rows with this label (exactly, after normalizing; else without a bracketed unit)."""
        key = normalize(label)
        exact = [row for row in self.rows if row.keys()[0] == key]
        return exact or [row for row in self.rows if key in row.keys()[1:]]

    def closest(self, label: str, n: int = 3) -> list[str]:
        """Labels of the table that look like `label`, closest first."""
        labels = {row.keys()[0]: row.label for row in self.rows}
        close = difflib.get_close_matches(normalize(label), list(labels), n=n, cutoff=0.5)
        return [labels[key] for key in close]

    def problems(self) -> list[Problem]:
        """Every cell that is not a number and not empty (what `drafter data` warns about)."""
        found = []
        for row in self.rows:
            for role, cell in row.cells.items():
                if cell.problem:
                    message = f"{self.columns[role].header} of '{row.label}': {cell.problem}"
                    found.append(Problem(message, self.at(cell.ref), severity="warning"))
            if row.unit_problem:
                where = self.at(self.ref(row, "label"))
                found.append(Problem(row.unit_problem, where, severity="warning"))
        return found

    def ref(self, row: Row, role: str) -> str:
        """The reference of a row's cell in a role's column (also for the label column)."""
        if role in row.cells:
            return row.cells[role].ref
        return cell_ref(self.sheet, self.columns[role].index, row.number)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: columns as Excel and WPS name them."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_ref(sheet: str | None, index: int, row: int) -> str:
    """主要指标!C14; a sheet name with spaces or marks is quoted as Excel does ('Sheet 1'!C14)."""
    ref = f"{column_letter(index)}{row}"
    if sheet is None:
        return ref
    if re.search(r"[^\w]", sheet):
        sheet = "'" + sheet.replace("'", "''") + "'"
    return f"{sheet}!{ref}"


# One cell as read: its value and whether its number format is a percentage (Excel stores 8.7%
# as 0.087).
RawCell = tuple[Any, bool]


@dataclass
class Grid:
    """The cells of one sheet; `load_formulas` reads the formulas of the same rows, called only
    when an empty cell is met (a formula Excel never calculated has no value to read)."""

    sheet: str | None
    sheets: tuple[str, ...]
    rows: list[list[RawCell]]
    load_formulas: Callable[[], list[list[RawCell]]] | None = None
    _formulas: list[list[RawCell]] | None = field(default=None, repr=False)

    def formula(self, r: int, c: int) -> str:
        """The formula of cell (r, c) when it has one ('=B5*2'), else ''."""
        if self.load_formulas is None:
            return ""
        if self._formulas is None:
            self._formulas = self.load_formulas()
        row = self._formulas[r] if r < len(self._formulas) else []
        value = row[c][0] if c < len(row) else None
        formula = str(getattr(value, "text", value) or "")  # array formulas keep it in .text
        return formula if formula.startswith("=") else ""


def read_table(
    path: Path,
    *,
    sheet: str | None = None,
    names: Mapping[str, str] | None = None,
    shown: str | None = None,
) -> Table:
    """Read a table; `names` gives a role's header explicitly (value: 2025年). A problem with the
    whole file, the sheet or a named column raises TableError; the problem's `path` is the key
    of the outline's table entry it concerns ('sheet', 'value', … or '' for the file)."""
    file = shown or str(path)
    names = {role: name for role, name in (names or {}).items() if name}
    for role in names:
        if role not in ROLES:
            message = f"unknown column role '{role}'{did_you_mean(role, ROLES)}"
            refuse(file, message, f"roles: {', '.join(ROLES)}")
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv", ".txt", ".tsv"):
        hint = "save it as .xlsx or .csv" if suffix in (".xls", ".et", ".xlsm", ".ods") else ""
        refuse(file, f"drafter reads .xlsx and .csv tables, not '{suffix or path.name}'", hint)
    raw = read_bytes(path)
    if len(raw) > MAX_BYTES:
        refuse(file, f"the file is larger than {MAX_BYTES // 1024 // 1024} MB", "is it the table?")
    if suffix == ".xlsx":
        from drafter.outline.workbook import read_workbook

        grid = read_workbook(raw, file, sheet, lambda rows: _header(rows, names)[0] >= 0)
    else:
        if sheet:
            refuse(file, "a CSV file has no sheets; leave out sheet:", key="sheet")
        grid = _csv_grid(raw, file)
    return _table(file, grid, names)


def refuse(file: str, message: str, hint: str = "", key: str = "") -> NoReturn:
    """Raise the TableError of a whole table; `key` is the outline's key it concerns (sheet …)."""
    text = f"{message}; {hint}" if hint else message
    raise TableError(problems=[Problem(text, Location(file), key, rule="data")])


def _csv_grid(raw: bytes, file: str) -> Grid:
    """Rows of a CSV in UTF-8 (with or without BOM) or GB18030, comma- or tab-separated."""
    text = decode_text(raw, file)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if "\t" in first and "," not in first else ","
    rows: list[list[RawCell]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            if len(rows) >= MAX_ROWS:
                too_many_rows(file)
            rows.append([(value, False) for value in record[:MAX_COLUMNS]])
    except csv.Error as err:
        problem = Problem(f"not a readable CSV file: {err}", Location(file, reader.line_num))
        raise TableError(problems=[problem]) from None
    return Grid(None, (), rows)


def too_many_rows(file: str) -> NoReturn:
    refuse(
        file,
        f"the table has more than {MAX_ROWS:,} rows",
        "put the indicators a speech quotes on a sheet of their own",
    )


def _header(rows: list[list[RawCell]], names: Mapping[str, str]) -> tuple[int, dict[str, Column]]:
    """The first row (of the top rows) with a label column and a value or target column."""
    for index, row in enumerate(rows[:HEADER_ROWS]):
        columns = _columns([_text(value) for value, _ in row], names)
        if "label" in columns and ("value" in columns or "target" in columns):
            return index, columns
    return -1, {}


def _columns(headers: list[str], names: Mapping[str, str]) -> dict[str, Column]:
    """Each role's column: named explicitly, else by its usual names, else by year (2025年)."""
    keys = [normalize(header) for header in headers]
    bare = [_without_unit(key) for key in keys]
    found: dict[str, Column] = {}

    def claim(role: str, index: int) -> None:
        if role in names and normalize(names[role]) != keys[index]:
            return  # a role the outline names is that column or none
        if role not in found and all(c.index != index for c in found.values()):
            found[role] = Column(role, index, headers[index].strip())

    for role, name in names.items():
        for index, key in enumerate(keys):
            if key == normalize(name):
                claim(role, index)
    for role, words in _WORDS.items():
        for index, key in enumerate(bare):
            if key in words:
                claim(role, index)
    for index, key in enumerate(bare):
        if _TARGET.fullmatch(key):
            claim("target", index)
        elif _MONTHS.fullmatch(key):
            claim("value", index)
    years = {int(m.group(1)): i for i, key in enumerate(bare) if (m := _YEAR.fullmatch(key))}
    if years and "value" not in found:
        latest = max(years)
        claim("value", years[latest])
        if latest - 1 in years:
            claim("previous", years[latest - 1])
    return found


def _without_unit(key: str) -> str:
    """本年(亿元) → 本年: a header or label without its bracketed unit."""
    bracketed = _BRACKETED.match(key)
    return bracketed.group(1) if bracketed else key


def _table(file: str, grid: Grid, names: Mapping[str, str]) -> Table:
    header, columns = _header(grid.rows, names)
    missing = [role for role in names if role not in columns]
    if header < 0 or missing:
        _no_header(file, grid, header, names, missing)
    headed = [(i, _text(v).strip()) for i, (v, _) in enumerate(grid.rows[header])]
    claimed = {column.index for column in columns.values()}
    unused = tuple(Column("", i, text) for i, text in headed if text and i not in claimed)
    rows = []
    label_at = columns["label"].index
    for r in range(header + 1, len(grid.rows)):
        cells = grid.rows[r]
        label = _text(cells[label_at][0] if label_at < len(cells) else None).strip()
        if label:
            rows.append(_row(grid, r, label, columns))
    return Table(file, grid.sheet, grid.sheets, header + 1, columns, unused, tuple(rows))


def _no_header(
    file: str, grid: Grid, header: int, names: Mapping[str, str], missing: list[str]
) -> NoReturn:
    """The problem when no header row is recognised, or a column the outline names is not in it:
    what the header row (else the first row) says, so the writer sees the mismatch."""
    where = f"sheet '{grid.sheet}'" if grid.sheet else "the file"
    first = next((row for row in grid.rows[:HEADER_ROWS] if any(_text(v) for v, _ in row)), [])
    shown = grid.rows[header] if header >= 0 else first
    seen = "、".join(text for value, _ in shown if (text := _text(value).strip()))
    which = "header row" if header >= 0 else "first row"
    seen_note = f" (its {which} reads: {seen})" if seen else " (it is empty)"
    if missing:
        problems = []
        for role in missing:
            message = (
                f"no column headed '{names[role]}' in {where}"
                f"{did_you_mean(names[role], seen.split('、'))}{seen_note}"
            )
            problems.append(Problem(message, Location(file), role, rule="data"))
        raise TableError(problems=problems)
    refuse(
        file,
        f"no header row found in the first {HEADER_ROWS} rows of {where}{seen_note}: drafter "
        "looks for 指标/项目/名称 and 本年/今年/本期/<year>年/1-6月 (or 目标/计划)",
        "name the columns in the outline ({file: …, label: 指标, value: 2025年}), "
        "or to drafter data (-c label=指标 -c value=2025年)",
    )


def _row(grid: Grid, r: int, label: str, columns: Mapping[str, Column]) -> Row:
    """A row's cells as numbers, and its unit: the unit column, a bracket in the label, or %."""
    cells = {}
    for role in NUMBER_ROLES:
        if role in columns:
            c = columns[role].index
            value, percent = grid.rows[r][c] if c < len(grid.rows[r]) else (None, False)
            ref = cell_ref(grid.sheet, c, r + 1)
            formula = grid.formula(r, c) if value is None else ""
            cells[role] = read_cell(ref, value, percent, formula)
    unit = ""
    if "unit" in columns:
        c = columns["unit"].index
        value = grid.rows[r][c][0] if c < len(grid.rows[r]) else None
        cells["unit"] = Cell(cell_ref(grid.sheet, c, r + 1), _text(value).strip())
        unit = _bare_unit(_text(value))
    if not unit and (bracketed := _BRACKETED.match(normalize(label))):
        unit = bracketed.group(2)
    percents = [cell for cell in cells.values() if cell.percent]
    if percents and not unit:
        unit = "%"
    problem = ""
    if percents and unit != "%":
        problem = (
            f"'{label}' has a percentage ({percents[0].text} in {percents[0].ref}) "
            f"but its unit is {unit}; make them agree"
        )
    return Row(r + 1, label, cells, unit, problem)


def _bare_unit(text: str) -> str:
    """（亿元） → 亿元; full-width % → %."""
    unit = normalize(text).strip("()[]")
    return "" if unit in _DASHES else unit


def read_cell(ref: str, value: Any, percent_format: bool, formula: str) -> Cell:
    """A cell as a number: numbers, numeric text (1,234.5, 8.7%); a dash or nothing is empty."""
    text = _text(value).strip()
    if formula:
        problem = (
            f"the formula {formula} has no saved result; open the file in Excel or WPS and "
            "save it, so the result is stored"
        )
        return Cell(ref, formula, problem=problem)
    if value is None:
        return Cell(ref)
    if isinstance(value, bool):
        return Cell(ref, text.upper(), problem=f"{text.upper()} (true/false) is not a number")
    if isinstance(value, int | float):
        if not percent_format:
            return Cell(ref, text, float(value))
        number = float(Decimal(repr(value)) * 100)
        return Cell(ref, f"{number:g}%", number, percent=True)
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return Cell(ref, text, problem=f"{text} is a date or time, not a number")
    written = normalize(text).replace("−", "-")
    if written in _DASHES or not written:
        return Cell(ref, text)
    if _EXCEL_ERROR.fullmatch(written):
        return Cell(ref, text, problem=f"the cell shows the error {text}; correct its formula")
    if _NUMBER.fullmatch(written):
        percent = written.endswith("%")
        return Cell(ref, text, float(written.rstrip("%").replace(",", "")), percent=percent)
    hint = "; keep the unit in the unit column" if re.match(r"[+-]?\d", written) else ""
    return Cell(ref, text, problem=f"'{text}' is not a number{hint}")


def _text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, dates as dates, nothing as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return str(value)
