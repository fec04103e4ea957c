"""One sheet of a statistics table as read: its cells, which rows and columns are hidden, which
cells are merged; how a cell is named (主要指标!C14) and how its text is taken.

Both readers make a `Grid` (`tables` from a CSV, `workbook` from an .xlsx), so the header and
the rows are found the same way in either. Text taken from a cell never carries a control
character on (a BEL or ESC in a cell would reach a terminal or break a Word document): `text`
leaves them out and says which it left out.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NoReturn

from drafter.errors import Location, Problem, TableError
from drafter.i18n import _

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 100
HEADER_ROWS = 20  # a title and notes above the header are common; the header is near the top


@dataclass(frozen=True)
class Shown:
    """How a number cell's format shows it: as a percentage (Excel stores 8.7% as 0.087), and
    to how many decimals (0.0: one; None: as stored, General)."""

    percent: bool = False
    places: int | None = None


AS_STORED = Shown()
# One cell as read: its value and how its number format shows it.
RawCell = tuple[Any, Shown]
_QUOTED = re.compile(r'"[^"]*"|\[[^]]*\]|\\.|[_*].')


def number_format(code: str | None) -> Shown:
    """What an Excel number format shows of a number: 0.0% → a percentage to one decimal;
    #,##0 → no decimals; General, text, dates and scientific forms → as stored."""
    section = _QUOTED.sub("", (code or "").split(";")[0])
    percent = "%" in section
    if not re.search(r"[0#?]", section) or re.search(r"[yYmMdDhHsSeEgG@]", section):
        return Shown(percent)
    decimals = re.search(r"\.([0#?]*)", section)
    return Shown(percent, len(decimals.group(1)) if decimals else 0)


# C0 and C1 controls (tab, line feed and carriage return aside: a header broken over two lines
# with Alt+Enter holds a line feed), DEL, and the marks that reorder text on a terminal.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def normalize(text: str) -> str:
    """How labels and headers are compared: full-/half-width forms alike, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: columns as Excel and WPS name them."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """A → 1, AA → 27: a column's letters as a 1-based number."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - ord("A") + 1
    return number


def cell_ref(sheet: str | None, index: int, row: int) -> str:
    """主要指标!C14; a sheet name with spaces or marks is quoted as Excel does ('Sheet 1'!C14)."""
    ref = f"{column_letter(index)}{row}"
    if sheet is None:
        return ref
    if re.search(r"[^\w]", sheet):
        sheet = "'" + sheet.replace("'", "''") + "'"
    return f"{sheet}!{ref}"


def plain(text: str) -> tuple[str, str]:
    """Text without control characters, and those left out ('' when none): ('万元', 'U+001B')."""
    found = _CONTROL.findall(text)
    if not found:
        return text, ""
    names = "、".join(dict.fromkeys(f"U+{ord(char):04X}" for char in found))
    return _CONTROL.sub("", text), names


def value_text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, dates as dates, nothing as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return str(value)


def _midnight(value: dt.date) -> dt.date:
    """A date, or a datetime at its midnight (a time of day is not a month)."""
    if isinstance(value, dt.datetime):
        return dt.datetime.combine(value.date(), dt.time())
    return value


@dataclass(frozen=True)
class Span:
    """Merged cells, 0-based and inclusive: the top-left cell holds the value for all."""

    top: int
    left: int
    bottom: int
    right: int


@dataclass
class Grid:
    """The cells of one sheet, and its layout (none for a CSV: `merges_known` is False, and
    Excel saves hidden columns into a CSV like the others). `load_formulas` reads the formulas
    of the same rows, called only for a cell with a formula (`formula_cells`) and no value."""

    sheet: str | None
    sheets: tuple[str, ...]
    rows: list[list[RawCell]]
    load_formulas: Callable[[], list[list[RawCell]]] | None = None
    hidden_rows: frozenset[int] = frozenset()  # 0-based
    hidden_columns: frozenset[int] = frozenset()  # 0-based
    spans: tuple[Span, ...] = ()
    merges_known: bool = False
    formula_cells: frozenset[tuple[int, int]] = frozenset()
    sheet_hidden: bool = False
    others: tuple[str, ...] = ()  # other sheets whose header is recognised (none named)
    _formulas: list[list[RawCell]] | None = field(default=None, repr=False)

    def value(self, r: int, c: int) -> Any:
        row = self.rows[r] if r < len(self.rows) else []
        return row[c][0] if c < len(row) else None

    def raw(self, r: int, c: int) -> RawCell:
        row = self.rows[r] if r < len(self.rows) else []
        return row[c] if c < len(row) else (None, AS_STORED)

    def text(self, r: int, c: int) -> str:
        """The cell's own text, trimmed, without control characters; the first of a month as
        2025年12月 (what Chinese Excel makes of a heading typed so)."""
        value = self.value(r, c)
        if isinstance(value, dt.date) and value.day == 1 and value == _midnight(value):
            return f"{value.year}年{value.month}月"
        return plain(value_text(value))[0].strip()

    def width(self, rows: range) -> int:
        return max((len(self.rows[r]) for r in rows if r < len(self.rows)), default=0)

    @cached_property
    def _covered(self) -> dict[tuple[int, int], Span]:
        """Each cell a merged range covers. Excel's ranges never overlap: a range that meets
        one before it (a damaged or hostile file) is left out where it meets it, and ranges
        are cut to the cells the sheet has, so the work is at most one step a cell."""
        covered: dict[tuple[int, int], Span] = {}
        height, width = len(self.rows), self.width(range(len(self.rows)))
        steps = height * width + len(self.spans)
        for span in self.spans:
            if (span.top, span.left) in covered:
                continue
            for r in range(span.top, min(span.bottom, height - 1) + 1):
                row = range(span.left, min(span.right, width - 1) + 1)
                steps -= len(row)
                if steps < 0 or any((r, c) in covered for c in row):
                    break
                covered.update(((r, c), span) for c in row if (r, c) != (span.top, span.left))
        return covered

    def covering(self, r: int, c: int) -> Span | None:
        """The merged range that covers (r, c), unless (r, c) is its top-left cell."""
        return self._covered.get((r, c))

    def formula(self, r: int, c: int) -> str:
        """The formula of cell (r, c) when it has one ('=B5*2'), else ''."""
        if self.load_formulas is None or (r, c) not in self.formula_cells:
            return ""
        if self._formulas is None:
            self._formulas = self.load_formulas()
        row = self._formulas[r] if r < len(self._formulas) else []
        value = row[c][0] if c < len(row) else None
        formula = str(getattr(value, "text", value) or "")  # array formulas keep it in .text
        return formula if formula.startswith("=") else ""


def refuse(file: str, message: str, hint: str = "", key: str = "") -> NoReturn:
    """Raise the TableError of a whole table; `key` is the outline's key it concerns (sheet …)."""
    text = _("{message}; {hint}").format(message=message, hint=hint) if hint else message
    raise TableError(problems=[Problem(text, Location(file), key, rule="data")])


def too_many_rows(file: str) -> NoReturn:
    refuse(
        file,
        _("the table has more than {most} rows").format(most=f"{MAX_ROWS:,}"),
        _("put the indicators a speech quotes on a sheet of their own"),
    )
