"""Figures from statistics tables: `data:` in the outline, `from:` on figures, `drafter data`."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from drafter.analysis.check import check_outline
from drafter.cli.app import app
from drafter.errors import OutlineError, Problem, TableError
from drafter.outline import sheet, tables, xlsx_parts
from drafter.outline.data import agrees, unit_factor
from drafter.outline.sheet import column_letter
from drafter.outline.tables import read_cell, read_table
from drafter.pipeline import Renderer
from drafter.writers.text import to_text

from conftest import ROOT

runner = CliRunner()

HEADER = ["指标", "本年", "上年", "目标", "单位"]
ROWS = [
    ["全市教育经费总投入", 86.4, 79.4, None, "亿元"],
    ["新增公办学位", 21500, None, 20000, "个"],
    ["学前三年毛入园率", 93.6, 92.1, None, "%"],
]


def write_xlsx(
    path: Path,
    sheets: dict[str, list[list[object]]],
    formats: dict[str, str] | None = None,
) -> Path:
    """A workbook with these sheets (rows from row 1); `formats` maps 'Sheet!B3' to a format."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    for ref, number_format in (formats or {}).items():
        name, cell = ref.split("!")
        book[name][cell].number_format = number_format
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8-sig") -> Path:
    text = io.StringIO()
    csv.writer(text).writerows(["" if v is None else v for v in row] for row in rows)
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def outline(figures: str, data: str = "data:\n  stats: 统计.xlsx\n") -> str:
    """An outline whose first item's figures are `figures` (one per line); the first figure is
    on line 10 when `data` takes two lines."""
    lines = "".join(f"          - {line}\n" for line in figures.strip().splitlines())
    return (
        "kind: work-conference\n"
        "occasion: 2026年全市教育工作会议\n"
        f"{data}"
        "parts:\n"
        "  - type: review\n"
        "    items:\n"
        "      - headline: 教育投入持续加大\n"
        "        figures:\n"
        f"{lines}"
    )


@pytest.fixture
def stats(tmp_path: Path) -> Path:
    """统计.xlsx: a title row, then the header, on the sheet 主要指标 (after a notes sheet)."""
    return write_xlsx(
        tmp_path / "统计.xlsx",
        {"说明": [["本表数据截至2025年底"]], "主要指标": [["2025年主要指标"], HEADER, *ROWS]},
    )


def load(path: Path):
    return Renderer().load(path)


def speech(path: Path) -> str:
    renderer = Renderer()
    return to_text(renderer.document(renderer.load(path)))


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(OutlineError) as info:
        load(path)
    return info.value.problems


# --- finding the columns ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["指标", "本年", "上年", "目标", "单位"], ["指标", "本年", "上年", "目标", "单位"]),
        (
            ["项目", "今年", "去年", "计划", "计量单位"],
            ["项目", "今年", "去年", "计划", "计量单位"],
        ),
        (
            ["名称", "本期", "上期", "年度目标", "单位"],
            ["名称", "本期", "上期", "年度目标", "单位"],
        ),
        (
            ["项目", "1-6月", "去年同期", "全年目标", "单位"],
            ["项目", "1-6月", "去年同期", "全年目标", "单位"],
        ),
        (
            ["指标", "2024年", "2025年", "2026年目标", "单位"],
            ["指标", "2025年", "2024年", "2026年目标", "单位"],
        ),
        (
            ["指 标", "本年（亿元）", "上年", "", "单位"],
            ["指 标", "本年（亿元）", "上年", None, "单位"],
        ),
    ],
)
def test_columns_are_found_by_their_usual_names(tmp_path, header, expected):
    table = read_table(write_csv(tmp_path / "t.csv", [header, ["甲", 1, 2, 3, "个"]]))
    found = [table.columns[role].header if role in table.columns else None for role in tables.ROLES]
    assert found == expected


def test_the_header_below_a_title_on_the_first_sheet_that_has_one(stats):
    table = read_table(stats)
    assert (table.sheet, table.header_row) == ("主要指标", 2)
    assert [row.label for row in table.rows] == [row[0] for row in ROWS]
    assert table.rows[0].cells["value"].ref == "主要指标!B3"


def test_unrecognised_columns_are_listed_as_unused(tmp_path):
    table = read_table(
        write_csv(tmp_path / "t.csv", [[*HEADER, "备注"], ["甲", 1, 2, 3, "个", ""]])
    )
    assert [(c.letter, c.header) for c in table.unused] == [("F", "备注")]


def test_explicit_sheet_and_columns(tmp_path, write_outline):
    rows = [
        ["项目", "计量单位", "1-6月", "去年同期", "全年目标"],
        ["新增学位", "个", 9600, 8200, 20000],
    ]
    write_xlsx(
        tmp_path / "统计.xlsx", {"全年": [HEADER, ["新增学位", 1, 1, 1, "个"]], "上半年": rows}
    )
    data = (
        "data:\n  stats: {file: 统计.xlsx, sheet: 上半年, label: 项目, value: 1-6月,"
        " previous: 去年同期, target: 全年目标, unit: 计量单位}\n"
    )
    path = write_outline(outline("{label: 新增学位, from: stats, compare: 去年同期}", data))
    assert "新增学位9600个，比去年同期增长17.1%，完成目标任务的48%" in speech(path)


def test_a_named_column_that_is_not_there_is_reported_at_its_key(stats, write_outline):
    data = "data:\n  stats: {file: 统计.xlsx, value: 2025年数}\n"
    path = write_outline(outline("{label: 新增公办学位, from: stats}", data))
    (problem,) = problems_of(path)
    assert (problem.location.line, problem.location.column, problem.path) == (
        4,
        33,
        "data.stats.value",
    )
    assert "no column headed '2025年数'" in problem.message
    assert "its first row reads: 本表数据截至2025年底" not in problem.message  # the right sheet


def test_a_sheet_that_is_not_there_suggests_the_closest(stats, write_outline):
    data = "data:\n  stats: {file: 统计.xlsx, sheet: 主要指表}\n"
    (problem,) = problems_of(write_outline(outline("{label: 新增公办学位, from: stats}", data)))
    assert problem.path == "data.stats.sheet"
    assert (
        "no sheet '主要指表' (did you mean '主要指标'?); sheets: 说明、主要指标" in problem.message
    )


def test_a_table_without_a_recognisable_header(tmp_path):
    with pytest.raises(TableError) as info:
        read_table(write_csv(tmp_path / "t.csv", [["序号", "数"], ["1", "2"]]))
    assert (
        "no header row found in the first 20 rows of the file (its first row reads: 序号、数)"
        in str(info.value)
    )


# --- figures from the table ------------------------------------------------------------------


def test_growth_and_completion_are_written_from_the_table(stats, write_outline):
    figures = """
{label: 全市教育经费总投入, from: stats, verb: 达}
{label: 新增公办学位, from: stats}
{label: 学前三年毛入园率, from: stats, verb: 达到}
"""
    text = speech(write_outline(outline(figures)))
    assert (
        "全市教育经费总投入达86.4亿元，比上年增长8.8%；新增公办学位2.15万个，完成目标任务的107.5%；"
        "学前三年毛入园率达到93.6%，比上年提高1.5个百分点。"
    ) in text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_tables_in_utf8_and_gb18030(tmp_path, write_outline, encoding):
    write_csv(tmp_path / "统计.csv", [HEADER, *ROWS], encoding)
    path = write_outline(
        outline("{label: 全市教育经费总投入, from: stats}", "data:\n  stats: 统计.csv\n")
    )
    assert "全市教育经费总投入86.4亿元，比上年增长8.8%" in speech(path)


def test_a_tab_separated_table(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("指标\t本年\t单位\n新增学位\t9,600\t个\n", encoding="utf-8")
    (row,) = read_table(path).rows
    assert (row.cells["value"].number, row.unit) == (9600, "个")


def test_typed_values_win_and_check_warns(stats, write_outline):
    path = write_outline(outline("{label: 学前三年毛入园率, from: stats, verb: 达到, value: 93.5}"))
    assert "学前三年毛入园率达到93.5%，比上年提高1.4个百分点" in speech(path)
    found = [p for p in check_outline(path, Renderer()) if p.rule == "figure-source"]
    assert [p.format() for p in found] == [
        f"{path}:10:61: parts[0].items[0].figures[0].value: '学前三年毛入园率' value is 93.5 here "
        f"but 93.6 in {path.parent / '统计.xlsx'}:主要指标!B5; the draft says 93.5"
    ]
    assert found[0].severity == "warning"


def test_a_rounded_or_converted_typed_value_is_no_difference(tmp_path, write_outline):
    rows = [
        HEADER,
        ["教育经费总投入", "864,321", "795,000", None, "万元"],
        ["新增学位", 9613, None, None, "个"],
    ]
    write_csv(tmp_path / "统计.csv", rows)
    figures = """
{label: 全市教育经费总投入, row: 教育经费总投入, from: stats, value: 86.4, unit: 亿元}
{label: 新增学位, from: stats, value: 9600}
"""
    path = write_outline(outline(figures, "data:\n  stats: 统计.csv\n"))
    assert "全市教育经费总投入86.4亿元，比上年增长8.7%" in speech(
        path
    )  # 上年 795,000万元 → 79.5亿元
    found = [p for p in check_outline(path, Renderer()) if p.rule == "figure-source"]
    assert [p.message for p in found] == [  # 9600 is not 9613 rounded to whole numbers
        f"'新增学位' value is 9600 here but 9613 in {path.parent / '统计.csv'}:B3; the draft says 9600"
    ]


def test_a_unit_the_table_cannot_be_converted_to(stats, write_outline):
    (problem,) = problems_of(write_outline(outline("{label: 新增公办学位, from: stats, unit: 所}")))
    assert problem.path == "parts[0].items[0].figures[0].unit"
    assert (problem.location.line, problem.location.column) == (10, 48)
    assert "the table gives '新增公办学位' in 个" in problem.message


def test_a_typed_null_leaves_the_tables_number_out(stats, write_outline):
    path = write_outline(outline("{label: 全市教育经费总投入, from: stats, previous: null}"))
    text = speech(path)
    assert "全市教育经费总投入86.4亿元" in text and "比上年" not in text


def test_a_label_not_in_the_table_suggests_the_closest(stats, write_outline):
    path = write_outline(outline("{label: 全市教育经费投入, from: stats}"))
    (problem,) = problems_of(path)
    assert problem.format() == (
        f"{path}:10:21: parts[0].items[0].figures[0].label: '全市教育经费投入' is not a row of "
        f"{path.parent / '统计.xlsx'}:主要指标; did you mean '全市教育经费总投入'? "
        "(to keep this label in the speech, name the table's row with row:)"
    )


def test_row_names_a_row_labelled_otherwise_and_units_in_brackets(tmp_path, write_outline):
    rows = [["指标", "本年", "上年"], ["普通高中毛入学率（%）", 97.4, 96.1]]
    write_csv(tmp_path / "统计.csv", rows)
    figures = "{label: 高中阶段毛入学率, row: 普通高中毛入学率, from: stats, verb: 达到}"
    path = write_outline(outline(figures, "data:\n  stats: 统计.csv\n"))
    assert "高中阶段毛入学率达到97.4%，比上年提高1.3个百分点" in speech(path)
    (problem,) = problems_of(
        write_outline(
            outline(
                "{label: 高中入学率, row: 普高毛入学率, from: stats}", "data:\n  stats: 统计.csv\n"
            )
        )
    )
    assert problem.path.endswith(".row")


def test_a_label_in_two_rows(tmp_path, write_outline):
    write_csv(tmp_path / "统计.csv", [HEADER, ROWS[0], ["全市教育经费总投入 ", 1, 1, None, "亿元"]])
    path = write_outline(
        outline("{label: 全市教育经费总投入, from: stats}", "data:\n  stats: 统计.csv\n")
    )
    (problem,) = problems_of(path)
    assert "is in 2 rows of" in problem.message and "(A2、A3)" in problem.message


def test_empty_and_text_cells_are_located_by_sheet_and_cell(tmp_path, write_outline):
    rows = [
        HEADER,
        ["新增公办学位", None, 19000, None, "个"],
        ["新建幼儿园", "约26", 20, None, "所"],
    ]
    write_xlsx(tmp_path / "统计.xlsx", {"主要指标": rows})
    figures = "{label: 新增公办学位, from: stats}\n{label: 新建幼儿园, from: stats}"
    path = write_outline(outline(figures))
    found = problems_of(path)
    table = path.parent / "统计.xlsx"
    assert [p.format() for p in found] == [
        f"{table}:主要指标!B2: '新增公办学位' has no 本年 here (for the figure at {path}:10:13); "
        "fill in the cell, or type value: in the outline",
        f"{table}:主要指标!B3: 本年 of '新建幼儿园': '约26' is not a number "
        f"(for the figure at {path}:11:13)",
    ]


def test_empty_cells_of_a_csv_are_located_by_cell(tmp_path, write_outline):
    write_csv(tmp_path / "统计.csv", [HEADER, ["新增公办学位", "", 19000, None, "个"]])
    path = write_outline(
        outline("{label: 新增公办学位, from: stats}", "data:\n  stats: 统计.csv\n")
    )
    (problem,) = problems_of(path)
    assert str(problem.location) == f"{path.parent / '统计.csv'}:B2"
    assert problem.as_json()["cell"] == "B2"


def test_an_empty_or_dashed_previous_means_no_growth(tmp_path, write_outline):
    rows = [HEADER, ["甲", 5, None, None, "所"], ["乙", 6, "—", 6, "所"]]
    write_csv(tmp_path / "统计.csv", rows)
    path = write_outline(
        outline("{label: 甲, from: stats}\n{label: 乙, from: stats}", "data:\n  stats: 统计.csv\n")
    )
    assert "甲5所；乙6所，全面完成目标任务。" in speech(path)


def test_a_target_without_a_value_is_a_figure_to_reach(tmp_path, write_outline):
    write_csv(tmp_path / "统计.csv", [HEADER, ["学生体质健康达标率", None, 91.2, 93, "%"]])
    path = write_outline(
        outline("{label: 学生体质健康达标率, from: stats}", "data:\n  stats: 统计.csv\n")
    )
    assert "学生体质健康达标率力争达到93%" in speech(path)


def _with_cached_result(path: Path, result: str) -> None:
    """Store a formula's result in the file, as Excel does when it saves (openpyxl cannot)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"<v></v>", f"<v>{result}</v>".encode())
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_formula_uses_the_result_excel_saved(tmp_path, write_outline):
    write_xlsx(tmp_path / "统计.xlsx", {"表": [HEADER, ["新增学位", "=C2*2", 4800, None, "个"]]})
    _with_cached_result(tmp_path / "统计.xlsx", "9600")
    path = write_outline(outline("{label: 新增学位, from: stats}"))
    assert "新增学位9600个，比上年增长100%" in speech(path)


def test_a_formula_without_a_saved_result_names_its_cell(tmp_path, write_outline):
    write_xlsx(tmp_path / "统计.xlsx", {"表": [HEADER, ["新增学位", "=C2*2", 4800, None, "个"]]})
    (problem,) = problems_of(write_outline(outline("{label: 新增学位, from: stats}")))
    assert str(problem.location).endswith("统计.xlsx:表!B2")
    assert (
        "the formula =C2*2 has no saved result; open the file in Excel or WPS and save it"
        in problem.message
    )


def test_percentages_as_excel_formats_and_as_text(tmp_path):
    rows = [HEADER, ["毛入园率", 0.936, "92.1%", None, None], ["经费", "8.7%", 1, None, "亿元"]]
    path = write_xlsx(tmp_path / "t.xlsx", {"表": rows}, {"表!B2": "0.0%"})
    first, second = read_table(path).rows
    assert (first.cells["value"].number, first.cells["previous"].number, first.unit) == (
        93.6,
        92.1,
        "%",
    )
    assert (
        second.unit_problem
        == "'经费' has a percentage (8.7% in 表!B3) but its unit is 亿元; make them agree"
    )


def test_the_loaded_outline_keeps_each_figures_source(stats, write_outline):
    figures = "{label: 学前三年毛入园率, from: stats, value: 93.5}\n{label: 新增公办学位, verb: 新增, from: stats}"
    loaded = load(write_outline(outline(figures)))
    first = loaded.figure_sources[("parts", 0, "items", 0, "figures", 0)]
    assert (first.name, first.sheet, first.row.number, first.row.label) == (
        "stats",
        "主要指标",
        5,
        "学前三年毛入园率",
    )
    assert first.file.endswith("统计.xlsx")
    assert first.taken == ("previous", "unit") and first.typed == {"value": 93.5}
    assert {key: cell.ref for key, cell in first.row.cells.items()}["value"] == "主要指标!B5"
    second = loaded.outline.parts[0].items[0].figures[1]
    assert (second.value, second.target, second.unit, second.from_) == (21500, 20000, "个", "stats")


# --- what is wrong with the data section itself ---------------------------------------------


def test_a_missing_table_file_is_reported_once_at_its_entry(tmp_path, write_outline):
    path = write_outline(outline("{label: 甲, from: stats}\n{label: 乙, from: stats}"))
    (problem,) = problems_of(path)
    assert problem.format() == f"{path}:4:10: data.stats: {tmp_path / '统计.xlsx'}: no such file"
    path = write_outline(outline("{label: 甲, from: stats}", "data:\n  stats: {file: 统计.csv}\n"))
    (problem,) = problems_of(path)
    assert (problem.path, problem.location.column) == ("data.stats.file", 17)


def test_an_unknown_table_name(stats, write_outline):
    (problem,) = problems_of(write_outline(outline("{label: 新增公办学位, from: stat}")))
    assert problem.path == "parts[0].items[0].figures[0].from"
    assert (
        problem.message
        == "no table named 'stat' under data: (did you mean 'stats'?); tables: stats"
    )
    (problem,) = problems_of(write_outline(outline("{label: 新增公办学位, from: stats}", "")))
    assert (
        problem.message
        == "no table named 'stats': name it under data:, e.g. data: {stats: 统计.xlsx}"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "统计.xls",
            b"\xd0\xcf\x11\xe0",
            "drafter reads .xlsx and .csv tables, not '.xls'; save it as .xlsx or .csv",
        ),
        (
            "统计.xlsx",
            b"not a zip",
            "not an .xlsx workbook (an old .xls renamed?); save it as .xlsx or .csv",
        ),
        ("统计.xlsx", None, "cannot be read as an .xlsx workbook"),
    ],
)
def test_files_that_are_not_tables(tmp_path, write_outline, name, content, message):
    if content is None:  # a zip, but not a workbook
        with zipfile.ZipFile(tmp_path / name, "w") as archive:
            archive.writestr("hello.txt", "hi")
    else:
        (tmp_path / name).write_bytes(content)
    (problem,) = problems_of(
        write_outline(outline("{label: 甲, from: stats}", f"data:\n  stats: {name}\n"))
    )
    assert message in problem.message and problem.path == "data.stats"


def test_tables_are_bounded(tmp_path, monkeypatch, stats):
    big = write_csv(
        tmp_path / "big.csv", [HEADER, *[[f"指标{i}", i, i, i, "个"] for i in range(30)]]
    )
    monkeypatch.setattr(sheet, "MAX_ROWS", 20)
    with pytest.raises(TableError, match="more than 20 rows"):
        read_table(big)
    monkeypatch.setattr(sheet, "MAX_BYTES", 100)
    with pytest.raises(TableError, match="larger than"):
        read_table(big)
    monkeypatch.setattr(sheet, "MAX_BYTES", 10**8)
    monkeypatch.setattr(xlsx_parts, "MAX_UNPACKED", 1000)  # what a zip bomb meets
    with pytest.raises(TableError, match="unpacks to more than"):
        read_table(stats)


def test_the_workbook_is_opened_read_only_without_links_or_macros(stats, monkeypatch):
    calls = []
    original = openpyxl.load_workbook

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", spy)
    read_table(stats)
    assert calls[0]["data_only"]  # the values Excel saved; formulas are read only to name them
    assert all(
        call["read_only"] and call["keep_links"] is False and not call.get("keep_vba")
        for call in calls
    )


def test_openpyxl_is_imported_only_for_an_xlsx_table(tmp_path, stats):
    write_csv(tmp_path / "统计.csv", [HEADER, *ROWS])
    for name, data in [
        ("plain", ""),
        ("csv", "data:\n  stats: 统计.csv\n"),
        ("xlsx", "data:\n  stats: 统计.xlsx\n"),
    ]:
        (tmp_path / f"{name}.yaml").write_text(
            outline(
                "{label: 新增公办学位, value: 1}"
                if not data
                else "{label: 新增公办学位, from: stats}",
                data,
            ),
            encoding="utf-8",
        )
    script = (
        "import sys; from drafter.cli.app import main; sys.argv = ['drafter', 'render', '-q', '-f', 'md', *sys.argv[1:]]\n"
        "try: main()\n"
        "finally: print('openpyxl' in sys.modules)"
    )
    imported = {}
    for name in ("plain", "csv", "xlsx"):
        result = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / f"{name}.yaml")],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        imported[name] = result.stdout.strip()
    assert imported == {"plain": "False", "csv": "False", "xlsx": "True"}


# --- cells, units, rounding ------------------------------------------------------------------


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False), st.booleans())
def test_numbers_written_with_thousands_separators_or_percent(number, percent):
    text = f"{number:,}" + ("%" if percent else "")
    cell = read_cell("B2", text, False, "")
    assert cell.number == float(number) and cell.percent == percent and not cell.problem


@pytest.mark.parametrize(
    ("value", "number", "problem"),
    [
        ("１２,３４５", 12345, ""),  # full-width digits, as typed in a Chinese input method
        ("−2.5", -2.5, ""),
        (" — ", None, ""),
        ("/", None, ""),
        (True, None, "TRUE (true/false) is not a number"),
        ("#DIV/0!", None, "the cell shows the error #DIV/0!; correct its formula"),
        ("1,23", None, "'1,23' is not a number; keep the unit in the unit column"),
        ("待统计", None, "'待统计' is not a number"),
    ],
)
def test_cells_as_numbers(value, number, problem):
    cell = read_cell("B2", value, False, "")
    assert (cell.number, cell.problem) == (number, problem)


def test_column_letters_and_cell_references():
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert sheet.cell_ref("Sheet 1", 2, 14) == "'Sheet 1'!C14"
    assert sheet.cell_ref("主要指标", 2, 14) == "主要指标!C14"


def test_units_convert_between_scales_only():
    assert unit_factor("万元", "亿元") == Decimal("0.0001")
    assert unit_factor("元", "万元") == Decimal("0.0001")
    assert unit_factor("人次", "万人次") == Decimal("0.0001")
    assert unit_factor("个", "所") is None and unit_factor("%", "亿元") is None


def test_a_typed_number_agrees_with_the_table_it_rounds():
    assert agrees(86.4, 86.43) and agrees(86, 86.43) and agrees(21500, 21500.0)
    assert not agrees(86.4, 86.46) and not agrees(9600, 9613) and not agrees(93.5, 93.6)


# --- drafter data ----------------------------------------------------------------------------


def test_drafter_data_shows_the_sheet_the_columns_and_the_rows(tmp_path):
    rows = [["2025年主要指标"], [*HEADER, "备注"], *ROWS, ["新建幼儿园", "约26", 20, None, "所"]]
    path = write_xlsx(tmp_path / "统计.xlsx", {"说明": [["说明"]], "主要指标": rows})
    result = runner.invoke(app, ["data", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        f"file: {path}",
        "sheet: 主要指标 (sheets: 说明, 主要指标)",
        "header: row 2, as the sheet has it:",
        "   A     B     C     D     E     F",
        "2  指标  本年  上年  目标  单位  备注",
    ]
    assert "value     B       本年    本年: this year" in lines
    assert "(unused)  F       备注" in lines
    assert any(
        line.split() == ["3", "全市教育经费总投入", "86.4", "79.4", "亿元"] for line in lines
    )
    assert any(line.split() == ["6", "新建幼儿园", "?", "约26", "20", "所"] for line in lines)
    assert (
        result.stderr.strip()
        == f"{path}:主要指标!B6: warning: 本年 of '新建幼儿园': '约26' is not a number"
    )


def test_drafter_data_with_columns_named_as_an_outline_names_them(tmp_path):
    path = write_csv(tmp_path / "t.csv", [["项目", "实绩", "基数"], ["新增学位", 9600, 8200]])
    result = runner.invoke(
        app, ["data", str(path), "-c", "value=实绩", "--column", "previous=基数"]
    )
    assert result.exit_code == 0, result.output
    assert "value     B       实绩" in result.stdout and "previous  C       基数" in result.stdout
    result = runner.invoke(app, ["data", str(path), "-c", "valu=实绩"])
    assert result.exit_code == 2
    assert "unknown column role 'valu' (did you mean 'value'?)" in result.stderr


def test_drafter_data_on_a_sheet_without_a_header(stats):
    result = runner.invoke(app, ["data", str(stats), "--sheet", "说明"])
    assert result.exit_code == 2
    assert "no header row found in the first 20 rows of sheet '说明'" in result.stderr


def test_check_reports_table_problems_under_their_own_rule_in_json(tmp_path, write_outline):
    write_csv(tmp_path / "统计.csv", [HEADER, ["新增公办学位", "x", 19000, None, "个"]])
    path = write_outline(
        outline("{label: 新增公办学位, from: stats}", "data:\n  stats: 统计.csv\n")
    )
    result = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code == 2
    (found,) = json.loads(result.stdout)
    assert (found["cell"], found["rule"], found["line"]) == ("B2", "data", 0)
    assert found["file"].endswith("统计.csv")


def test_examples_render_with_their_tables():
    for name in ("work-conference", "midyear-conference"):
        loaded = load(ROOT / "examples" / f"{name}.yaml")
        assert loaded.figure_sources, name
