"""The .xlsx side of statistics tables: openpyxl, read-only, with the values Excel saved.

Imported only when an outline names an .xlsx table (or `drafter data` reads one), so other
renders never load openpyxl. Every part is read within bounds first (`outline/xlsx_parts.py`),
which also gives each sheet's hidden rows and columns and merged cells; then the workbook is
opened read-only and data-only (the result Excel or WPS saved for each formula), without macros
and without following links to other files.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

from drafter.errors import with_hint
from drafter.i18n import _
from drafter.outline.header import MAX_HEADER_ROWS
from drafter.outline.sheet import (
    AS_STORED,
    HEADER_ROWS,
    MAX_COLUMNS,
    MAX_ROWS,
    Grid,
    RawCell,
    Shown,
    normalize,
    number_format,
    plain,
    refuse,
    too_many_rows,
)
from drafter.outline.xlsx_parts import Package, vet

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .et, and a password-protected .xlsx


def read_workbook(raw: bytes, file: str, sheet: str | None, rank: Callable[[Grid], int]) -> Grid:
    """The rows of the chosen sheet: the one named, else the first visible one whose top rows
    `rank` highest (2: a header recognised; 1: words of a header; 0: none); the other visible
    sheets with a recognised header are the grid's `others` (a sheet per month or per year:
    which one a figure means is asked, never guessed)."""
    if raw.startswith(_OLE_MAGIC):
        refuse(
            file,
            _("a password-protected workbook or an old .xls file, not an .xlsx"),
            _("remove the password, or save it as .xlsx or .csv"),
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, NotImplementedError):
        refuse(
            file, _("not an .xlsx workbook (an old .xls renamed?)"), _("save it as .xlsx or .csv")
        )
    with archive:
        package = vet(archive, file)
    try:
        import openpyxl
    except ImportError:  # a dependency of drafter's: only a damaged installation lacks it
        hint = _(
            "reinstall drafter: in drafter's folder (the one with its README), run pip install ."
        )
        refuse(file, _("reading .xlsx needs openpyxl"), hint)

    with _workbook(openpyxl, raw, file, data_only=True) as book:
        worksheets = {ws.title: ws for ws in book.worksheets}  # not chart sheets
        sheets = tuple(worksheets)
        if not sheets:
            refuse(file, _("the workbook has no sheet of cells"))
        visible = [name for name in sheets if worksheets[name].sheet_state == "visible"]
        others: list[str] = []
        if sheet:
            chosen = _sheet(sheets, sheet, file)
        else:
            chosen, best = (visible or sheets)[0], 0
            for name in visible:
                top = _rows(worksheets[name], HEADER_ROWS + MAX_HEADER_ROWS, file)
                found = rank(_grid(name, sheets, top, package))
                if found == 2 and best == 2:
                    others.append(name)
                elif found > best:
                    chosen, best = name, found
        rows = _rows(worksheets[chosen], MAX_ROWS + 1, file)
    if len(rows) > MAX_ROWS:
        too_many_rows(file)

    def formulas() -> list[list[RawCell]]:
        with _workbook(openpyxl, raw, file, data_only=False) as book:
            return _rows(book[chosen], len(rows), file)

    grid = _grid(chosen, sheets, rows, package, formulas)
    grid.sheet_hidden = chosen not in visible
    grid.others = tuple(others)
    return grid


def _grid(
    name: str,
    sheets: tuple[str, ...],
    rows: list[list[RawCell]],
    package: Package,
    formulas: Callable[[], list[list[RawCell]]] | None = None,
) -> Grid:
    layout = package.layout(name)
    return Grid(
        plain(name)[0],  # as shown in messages: a control character in a name stays out
        tuple(plain(title)[0] for title in sheets),
        rows,
        formulas,
        frozenset(layout.hidden_rows),
        frozenset(layout.hidden_columns),
        tuple(layout.spans),
        merges_known=True,
        formula_cells=frozenset(layout.formulas),
    )


@contextmanager
def _workbook(openpyxl: Any, raw: bytes, file: str, *, data_only: bool) -> Iterator[Any]:
    """An openpyxl workbook, read-only, without links or macros, closed after use."""
    try:
        with warnings.catch_warnings():  # openpyxl warns about styles and extensions it drops
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(
                io.BytesIO(raw), read_only=True, data_only=data_only, keep_links=False
            )
    # openpyxl raises many kinds of exception on a damaged file: all mean "cannot read it"
    except Exception as err:
        _unreadable(file, err)
    try:
        yield book
    finally:
        book.close()


def _unreadable(file: str, err: Exception) -> NoReturn:
    why = plain(f"{type(err).__name__}: {err}")[0][:300]
    refuse(file, _("cannot be read as an .xlsx workbook ({why})").format(why=why))


def _sheet(sheets: Sequence[str], wanted: str, file: str) -> str:
    if wanted in sheets:
        return wanted
    for name in sheets:
        if normalize(name) == normalize(wanted):
            return name
    shown = [plain(name)[0] for name in sheets]
    unknown = with_hint(_("no sheet '{sheet}'").format(sheet=wanted), wanted, shown)
    message = _("{message}; sheets: {sheets}").format(message=unknown, sheets="、".join(shown))
    refuse(file, message, key="sheet")


def _rows(worksheet: Any, limit: int, file: str) -> list[list[RawCell]]:
    """The sheet's first `limit` rows (first MAX_COLUMNS columns), blank ends trimmed."""
    rows = []
    shown = _Formats()
    try:
        worksheet.reset_dimensions()  # the size a file states can be wrong; read what is there
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for row in worksheet.iter_rows(max_row=limit, max_col=MAX_COLUMNS):
                cells = [(_decoded(cell.value), shown(cell)) for cell in row]
                while cells and cells[-1][0] is None:
                    cells.pop()
                rows.append(cells)
    except Exception as err:  # a damaged sheet: openpyxl's parser fails in many ways
        _unreadable(file, err)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _decoded(value: Any) -> Any:
    """A cell's text with the characters Excel writes as _xHHHH_ (a control character in a
    cell: _x0007_) made what they are again, so that they are found and left out or refused
    like any other; openpyxl keeps the escapes when it reads a sheet row by row."""
    if isinstance(value, str) and "_x" in value:
        from openpyxl.utils.escape import unescape

        return unescape(value)
    return value


class _Formats:
    """How each number cell's format shows it, worked out once per cell style (a sheet of a
    million cells has a few dozen styles)."""

    def __init__(self) -> None:
        self.styles: dict[object, Shown] = {}

    def __call__(self, cell: Any) -> Shown:
        if not isinstance(cell.value, int | float) or isinstance(cell.value, bool):
            return AS_STORED
        style = getattr(cell, "_style_id", None)  # openpyxl's read-only cells keep it
        if style is None:
            return self.formatted(cell)
        if style not in self.styles:
            self.styles[style] = self.formatted(cell)
        return self.styles[style]

    @staticmethod
    def formatted(cell: Any) -> Shown:
        try:
            return number_format(cell.number_format)
        except (AttributeError, IndexError, KeyError):  # a style table that does not fit the cells
            return AS_STORED
