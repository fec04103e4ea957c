"""The .xlsx side of statistics tables: openpyxl, read-only, with the values Excel saved.

Imported only when an outline names an .xlsx table (or `drafter data` reads one), so other
renders never load openpyxl. Workbooks are opened read-only and data-only (the result Excel or
WPS saved for each formula), without macros and without following links to other files; the
unpacked size is checked before openpyxl reads anything, so a zip bomb is refused.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

from drafter.errors import did_you_mean
from drafter.outline.tables import (
    HEADER_ROWS,
    MAX_COLUMNS,
    MAX_ROWS,
    Grid,
    RawCell,
    normalize,
    refuse,
    too_many_rows,
)

MAX_UNPACKED = 200 * 1024 * 1024


def read_workbook(
    raw: bytes, file: str, sheet: str | None, recognised: Callable[[list[list[RawCell]]], bool]
) -> Grid:
    """The rows of the chosen sheet: the one named, else the first whose header is recognised."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        refuse(file, "not an .xlsx workbook (an old .xls renamed?)", "save it as .xlsx or .csv")
    if unpacked > MAX_UNPACKED:
        refuse(file, f"the workbook unpacks to more than {MAX_UNPACKED // 1024 // 1024} MB")
    try:
        import openpyxl
    except ImportError:
        refuse(file, "reading .xlsx needs openpyxl", "pip install 'drafter[xlsx]', or save as .csv")
    with _workbook(openpyxl, raw, file, data_only=True) as book:
        sheets = tuple(ws.title for ws in book.worksheets)  # not chart sheets
        if sheet:
            chosen = _sheet(sheets, sheet, file)
        else:
            top = {name: _rows(book[name], HEADER_ROWS, file) for name in sheets}
            chosen = next((name for name in sheets if recognised(top[name])), sheets[0])
        rows = _rows(book[chosen], MAX_ROWS + 1, file)
    if len(rows) > MAX_ROWS:
        too_many_rows(file)

    def formulas() -> list[list[RawCell]]:
        with _workbook(openpyxl, raw, file, data_only=False) as book:
            return _rows(book[chosen], len(rows), file)

    return Grid(chosen, sheets, rows, formulas)


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
    refuse(file, f"cannot be read as an .xlsx workbook ({type(err).__name__}: {err})")


def _sheet(sheets: Sequence[str], wanted: str, file: str) -> str:
    if wanted in sheets:
        return wanted
    for name in sheets:
        if normalize(name) == normalize(wanted):
            return name
    message = f"no sheet '{wanted}'{did_you_mean(wanted, sheets)}; sheets: {'、'.join(sheets)}"
    refuse(file, message, key="sheet")


def _rows(worksheet: Any, limit: int, file: str) -> list[list[RawCell]]:
    """The sheet's first `limit` rows (first MAX_COLUMNS columns), blank ends trimmed."""
    rows = []
    try:
        worksheet.reset_dimensions()  # the size a file states can be wrong; read what is there
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for row in worksheet.iter_rows(max_row=limit, max_col=MAX_COLUMNS):
                cells = [(cell.value, _percent_format(cell)) for cell in row]
                while cells and cells[-1][0] is None:
                    cells.pop()
                rows.append(cells)
    except Exception as err:  # a damaged sheet: openpyxl's parser fails in many ways
        _unreadable(file, err)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _percent_format(cell: Any) -> bool:
    if not isinstance(cell.value, int | float) or isinstance(cell.value, bool):
        return False
    try:
        return "%" in (cell.number_format or "")
    except (AttributeError, IndexError, KeyError):  # a style table that does not match the cells
        return False
