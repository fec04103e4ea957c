"""The outline's `data:` section: figures take their numbers from the office's statistics tables.

A figure with `from: stats` gets its value, previous, target and unit from the row of the table
named `stats` whose label is the figure's `row` (else its `label`); what the outline types wins.
This runs on the outline's data before validation, so every problem is located: those about the
outline at its line, those about the table at its cell (`统计.xlsx:主要指标!C14`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, cast

from drafter.errors import DrafterError, Location, Problem, listed, one_of, with_hint
from drafter.i18n import _
from drafter.outline.model import DataTable
from drafter.outline.rules import COMPARED_WITH
from drafter.outline.tables import NUMBER_ROLES, Cell, Row, Table, bare_label, read_table
from drafter.outline.units import number_and_unit, scaled, typed_numbers, typed_unit, unit_factor
from drafter.outline.values import indexed, items_of
from drafter.schema.records import read_valid
from drafter.schema.source import PathKey, SourceMap, format_path

TAKEN = (*NUMBER_ROLES, "unit")
RULE = "data"  # the check rule of a table that cannot give a figure its numbers
# Kinds that review a whole year: in a monthly report, their value is the year so far (本年累计).
YEAR_REVIEWS = frozenset({"work-conference"})
# What a figure is compared with, by the period of the table's previous column (上年同月:
# 比上年同月增长); a previous of last year compares with 上年, the figure's default.
_COMPARED = {"month": "上年同月", "ytd": "上年同期", "period": "上期"}


@dataclass(frozen=True)
class FigureSource:
    """Where a figure's numbers come from: `check` compares with it, the workbench shows it."""

    name: str  # the table's name under data:
    table: Table = field(repr=False)
    row: Row
    typed: Mapping[str, Any]  # value, previous, target, unit as the outline types them
    taken: tuple[str, ...]  # what came from the table
    unit: str = ""  # the figure's unit: the table's, or the outline's when it types one
    as_stored: bool = False  # the outline gives a precision: numbers as stored, not as shown

    @property
    def file(self) -> str:
        return self.table.file

    @property
    def sheet(self) -> str | None:
        return self.table.sheet

    def cell(self, key: str) -> Cell | None:
        return self.row.cells.get(key)

    def differences(self) -> Iterator[tuple[str, float, float, Cell]]:
        """(key, typed, table's number in the typed unit, cell) for each typed number that is
        not the table's (a writer's rounding of it is not a difference)."""
        for key in NUMBER_ROLES:
            typed, cell = self.typed.get(key), self.cell(key)
            unit = self.typed.get("unit")
            if isinstance(typed, str) and (found := number_and_unit(typed)):  # 86.4亿元
                typed, unit = found[0], found[1] or unit
            factor = unit_factor(self.row.unit, str(unit)) if unit is not None else Decimal(1)
            if not _is_number(typed) or cell is None or cell.number is None or factor is None:
                continue
            table = scaled(cell.number, factor)
            if not agrees(typed, table):
                yield key, typed, table, cell


@dataclass(frozen=True)
class Resolved:
    """The outline's data with figures filled in from their tables, and what went wrong."""

    data: dict[str, Any]
    sources: dict[PathKey, FigureSource]
    problems: list[Problem]


def resolve_figures(data: dict[str, Any], source: SourceMap, folder: Path) -> Resolved:
    """Fill every `from:` figure from its table (tables are relative to `folder`)."""
    if not any(True for _ in _table_figures(data)):
        return Resolved(data, {}, [])
    data = copy.deepcopy(data)  # the outline as written stays as written (check reads it)
    kind = data.get("kind") if isinstance(data.get("kind"), str) else None  # else said later
    tables = _Tables(data.get("data"), source, folder, kind in YEAR_REVIEWS)
    kind_compare = COMPARED_WITH.get(kind)  # the kind's words win but for a month
    sources: dict[PathKey, FigureSource] = {}
    problems: list[Problem] = []
    for path, figure in _table_figures(data):
        name = str(figure["from"])
        table = tables.get(name, (*path, "from"))
        if table is None:
            continue
        key = "row" if figure.get("row") is not None else "label"
        label = figure.get(key)
        if not isinstance(label, str | int | float) or not str(label).strip():
            continue  # validation says the label is missing
        table = tables.holding(name, table, str(label), named=key == "row")
        if table is None:
            continue
        where = source.locate((*path, key))
        row = _row(table, str(label), where, format_path((*path, key)), named=key == "row")
        if isinstance(row, Problem):
            problems.append(row)
            continue
        found, fill_problems = _fill(figure, name, table, row, path, source)
        if "previous" in found.taken and "compare" not in figure:
            _compare(figure, table, kind_compare)
        problems += fill_problems
        if not fill_problems:
            sources[path] = found
    found = [replace(problem, rule=RULE) for problem in tables.problems + problems]
    return Resolved(data, sources, found)


def _compare(figure: dict[str, Any], table: Table, kind_compare: str | None) -> None:
    """The figure's comparison by the table's previous column, where it is not last year's
    (上年同月; 上年同期 for part of a year: a 本年累计 to December is the year), unless the
    kind names one (a mid-year conference's 去年同期) and it is not a month's."""
    period = table.columns["previous"].sense.period
    part = table.part_of_year or table.columns["value"].sense.period == "month"
    if (
        period == "month"
        or (kind_compare is None and period == "period")
        or (kind_compare is None and period == "ytd" and part)
    ):
        figure["compare"] = _COMPARED[period]


def _table_figures(data: dict[str, Any]) -> Iterator[tuple[PathKey, dict[str, Any]]]:
    for path, item in items_of(data):  # items inside items too
        for f, figure in indexed(item.get("figures")):
            if isinstance(figure, dict) and figure.get("from") is not None:
                yield (*path, "figures", f), figure


class _Tables:
    """The tables under `data:`, each read once, when a figure first names it."""

    def __init__(self, section: Any, source: SourceMap, folder: Path, year_review: bool) -> None:
        self.section = section if isinstance(section, dict) else {}
        self.source = source
        self.folder = folder
        self.year_review = year_review
        self.read: dict[str, Table | None] = {}
        self.sheets: dict[tuple[str, str], Table | None] = {}  # (name, sheet): another sheet
        self.asked: set[str] = set()  # tables whose sheet is asked already
        self.problems: list[Problem] = []

    def get(self, name: str, asked_at: PathKey) -> Table | None:
        if name not in self.section:
            self.problems.append(self._unknown(name, asked_at))
            return None
        if name not in self.read:
            self.read[name] = self._load(name)
        return self.read[name]

    def _unknown(self, name: str, asked_at: PathKey) -> Problem:
        if self.section:
            unknown = _("no table named '{name}' under data:").format(name=name)
            message = _("{message}; tables: {tables}").format(
                message=with_hint(unknown, name, self.section),
                tables=listed(map(str, self.section)),
            )
        else:
            message = _(
                "no table named '{name}': name it under data:, e.g. data: {{{name}: 统计.xlsx}}"
            ).format(name=name)
        return Problem(message, self.source.locate(asked_at), format_path(asked_at))

    def holding(self, name: str, table: Table, label: str, *, named: bool) -> Table | None:
        """The sheet whose table holds `label` when a workbook has several sheets with a
        recognised header and the outline names none: the one that holds it; when several do
        (a sheet per month, per year), None, and the outline is asked which."""
        if not table.others:
            return table
        others = (self._other(name, sheet) for sheet in table.others)
        tables = [table, *(other for other in others if other is not None)]
        holding = [t for t in tables if t.find(label) or (named and t.find(label, hidden=True))]
        if len(holding) < 2:
            found = holding[0] if holding else table
            if not found.ambiguous:
                return found
            self.problems += [
                self._which(found, role, name, self.section[name]) for role in found.ambiguous
            ]
            return None
        if name in self.asked:
            return None
        self.asked.add(name)
        entry = self.section[name]
        sheets = [str(t.sheet) for t in holding]
        if isinstance(entry, dict):
            asks = one_of(f"sheet: {sheet}" for sheet in sheets)
        else:
            asks = one_of(f"{{file: {entry}, sheet: {sheet}}}" for sheet in sheets)
        message = _(
            "{file}: '{label}' is in {count} sheets, each a table of its own ({sheets}); "
            "say which: {choices}"
        ).format(
            file=table.file, label=label, count=len(sheets), sheets="、".join(sheets), choices=asks
        )
        path: PathKey = ("data", name)
        self.problems.append(Problem(message, self.source.locate(path), format_path(path)))
        return None

    def _other(self, name: str, sheet: str) -> Table | None:
        """Another sheet of a table's workbook, read once; None when it cannot be read as the
        outline names its columns."""
        if (name, sheet) not in self.sheets:
            try:
                self.sheets[name, sheet] = self._load(name, sheet, quiet=True)
            except DrafterError:
                self.sheets[name, sheet] = None
        return self.sheets[name, sheet]

    def _load(self, name: str, sheet: str | None = None, *, quiet: bool = False) -> Table | None:
        """The table of a name under data: (of `sheet`, when given); `quiet` lets a problem
        reading it be raised, for the caller to pass the sheet over."""
        entry = self.section[name]
        spec = _table_spec(entry if isinstance(entry, dict) else {"file": entry})
        if spec is None:
            return None  # the outline's validation reports what is wrong with the entry
        path = self.folder / spec.file
        names = {role: getattr(spec, role) for role in ("label", *TAKEN) if getattr(spec, role)}
        try:
            table = read_table(
                path,
                sheet=sheet or spec.sheet,
                names=names,
                shown=str(path),
                year_review=self.year_review,
            )
            if quiet:
                return table
        except DrafterError as err:
            self.problems += self._relocated(err, name, entry, str(path))
            return None
        if table.ambiguous:
            self.problems += [self._which(table, role, name, entry) for role in table.ambiguous]
            return None
        return table

    def _which(self, table: Table, role: str, name: str, entry: Any) -> Problem:
        """Two columns could serve a role: the problem at the table's entry, asking which."""
        why, choices = table.ambiguity(role)
        if isinstance(entry, dict):
            asks = one_of(f"{role}: {choice}" for choice in choices)
        else:
            asks = one_of(f"{{file: {entry}, {role}: {choice}}}" for choice in choices)
        at_key = isinstance(entry, dict) and role in entry
        path: PathKey = ("data", name, role) if at_key else ("data", name)
        message = _("{table}: {why}; say which: {choices}").format(
            table=table.name, why=why, choices=asks
        )
        return Problem(message, self.source.locate(path), format_path(path))

    def _relocated(self, err: DrafterError, name: str, entry: Any, shown: str) -> list[Problem]:
        """Problems with a whole table (missing file, sheet, named column) at its entry in the
        outline; those inside the file (a CSV line) stay where they are."""
        problems = []
        for problem in err.as_problems():
            where = problem.location
            if where and (where.line or where.cell):
                problems.append(problem)
                continue
            key = problem.path or "file"
            at_key = isinstance(entry, dict) and key in entry
            path: PathKey = ("data", name, key) if at_key else ("data", name)
            message = _("{file}: {message}").format(file=shown, message=problem.message)
            problems.append(Problem(message, self.source.locate(path), format_path(path)))
        return problems


def _table_spec(entry: dict[str, Any]) -> DataTable | None:
    """A table's entry under data: as the outline's model reads it; None if it does not (the
    outline's reading says why)."""
    return read_valid(DataTable, entry)


def _row(table: Table, label: str, where: Location, path: str, *, named: bool) -> Row | Problem:
    """The one row with this label, or the problem: not in the table, in several rows, or only
    in a hidden row (read only when `row:` names it)."""
    rows = table.find(label)
    if named and not rows:
        rows = table.find(label, hidden=True)
    if len(rows) == 1:
        return rows[0]
    if rows:
        return Problem(_several(table, label, rows), where, path)
    hidden = table.find(label, hidden=True)
    if hidden:
        refs = "、".join(table.ref(row, "label") for row in hidden)
        message = _(
            "'{label}' is only in a hidden row of {table} ({cells}); drafter reads a hidden "
            "row only when the outline names it: row: {label}"
        ).format(label=label, table=table.name, cells=refs)
        return Problem(message, where, path)
    if table.second is not None:
        message = _(
            "'{label}' is not a row of the first table of {table}; a second table starts at "
            "row {row}, which drafter does not read: put it on a sheet of its own and name "
            "the sheet (sheet: …)"
        ).format(label=label, table=table.name, row=table.second)
        return Problem(message, where, path)
    close = [_("'{label}'").format(label=label) for label in table.closest(label)]
    if close:
        message = _(
            "'{label}' is not a row of {table}; did you mean {choices}? "
            "(to keep this label in the speech, name the table's row with row:)"
        ).format(label=label, table=table.name, choices=one_of(close))
    else:
        message = _(
            "'{label}' is not a row of {table}; `drafter data {file}` lists its rows "
            "(to keep this label in the speech, name the table's row with row:)"
        ).format(label=label, table=table.name, file=table.file)
    return Problem(message, where, path)


def _several(table: Table, label: str, rows: list[Row]) -> str:
    """A label in several rows: their cells, and a row: naming each by the row it stands under
    (小学/在校生数), when that tells them apart."""
    cells = []
    ways = []
    for row in rows:
        cell = table.ref(row, "label")
        if row.parents:
            cell = _("{cell} under {parent}").format(cell=cell, parent=row.parents[-1])
        cells.append(cell)
        way = next(
            (
                f"{parent}/{label}"
                for parent in map(bare_label, reversed(row.parents))
                if table.find(f"{parent}/{label}", hidden=True) == [row]
            ),
            None,
        )
        ways.append(way)
    found = {"label": label, "count": len(rows), "table": table.name, "cells": "、".join(cells)}
    if all(ways):
        return _("'{label}' is in {count} rows of {table} ({cells}); say which: {choices}").format(
            choices=one_of(f"row: {way}" for way in ways), **found
        )
    return _(
        "'{label}' is in {count} rows of {table} ({cells}); keep one, or give them different labels"
    ).format(**found)


def _fill(
    figure: dict[str, Any], name: str, table: Table, row: Row, path: PathKey, source: SourceMap
) -> tuple[FigureSource, list[Problem]]:
    """Put the row's numbers into the figure where the outline typed none."""
    here = source.locate(path)
    problems = []
    numbers: dict[str, float] = {}
    for key in NUMBER_ROLES:
        cell = row.cells.get(key)
        if key in figure or cell is None:
            continue
        if cell.problem:
            message = _("{header} of '{label}': {problem} (for the figure at {where})").format(
                header=table.columns[key].header, label=row.label, problem=cell.problem, where=here
            )
            problems.append(Problem(message, table.at(cell.ref)))
        elif cell.number is not None:
            # as the sheet shows it (15.7 for 15.6666667 formatted 0.0), unless the outline
            # says how many decimals to print
            numbers[key] = cell.number if "precision" in figure else cast(float, cell.shown)
    has_value = "value" in numbers or figure.get("value") is not None
    has_target = "target" in numbers or figure.get("target") is not None
    if not has_value and not has_target and not problems:
        key = "value" if "value" in table.columns else "target"
        message = _(
            "'{label}' has no {header} here (for the figure at {where}); "
            "fill in the cell, or type {key}: in the outline"
        ).format(label=row.label, header=table.columns[key].header, where=here, key=key)
        problems.append(Problem(message, table.at(table.ref(row, key))))
    if not has_value:
        numbers.pop("previous", None)  # a previous needs a value to compare with
    if numbers and row.unit_problem:
        problems.append(Problem(row.unit_problem, table.at(table.ref(row, "label"))))
    # unit: 亿元, or value: 86.4亿元
    written_unit = figure.get("unit", typed_unit(typed_numbers(figure)) or None)
    unit = written_unit
    if written_unit is None:
        unit = row.unit
    elif numbers and row.unit and str(unit) != row.unit:
        factor = unit_factor(row.unit, str(unit))
        if factor is None:
            message = _(
                "the table gives '{label}' in {table_unit} ({table}, row {row}), "
                "not in {unit}; change the unit, or type the numbers too"
            ).format(
                label=row.label, table_unit=row.unit, table=table.name, row=row.number, unit=unit
            )
            unit_path = (*path, "unit")
            problems.append(Problem(message, source.locate(unit_path), format_path(unit_path)))
        else:
            numbers = {key: scaled(number, factor) for key, number in numbers.items()}
    figure.update(numbers)
    taken = tuple(numbers)
    if written_unit is None and unit:
        figure["unit"] = unit
        taken += ("unit",)
    typed = {key: value for key, value in figure.items() if key in TAKEN and key not in taken}
    found = FigureSource(name, table, row, typed, taken, str(unit or ""), "precision" in figure)
    return found, problems


def agrees(typed: float, table: float) -> bool:
    """Whether a typed number is the table's, or the table's rounded to the typed places."""
    written = Decimal(repr(typed))
    places = Decimal(1).scaleb(min(0, written.as_tuple().exponent))  # type: ignore[arg-type]
    return written == Decimal(repr(table)).quantize(places, rounding=ROUND_HALF_UP)


def shown(number: float) -> str:
    """86.4, 523000000: as a writer types it, never 5.23E+8."""
    return f"{Decimal(repr(number)).normalize():f}"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
