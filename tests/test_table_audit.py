"""Workbooks as statistics offices keep them, where a figure could come out wrong without a
word (issue 23's audit): a sheet per month, a second table under the first, a unit merged down
two rows, a hidden later year, a year's review from 1-11月, month comparisons, and the rule
table problems are reported under. Each case asks (an error at the outline's data: entry) or
reads the table right and says what it assumed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from test_office_tables import problems_of, speech, speech_outline
from typer.testing import CliRunner

from drafter.analysis.check import check_outline
from drafter.cli.app import app
from drafter.outline.tables import read_table
from drafter.pipeline import Renderer

runner = CliRunner()


def workbook(
    path: Path,
    sheets: dict[str, list[list[Any]]],
    *,
    merged: tuple[str, ...] = (),
    hidden_columns: tuple[str, ...] = (),
    formats: dict[str, str] | None = None,
) -> Path:
    """A workbook of these sheets; merges, hidden columns and number formats on the first."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    first = book.worksheets[0]
    for span in merged:
        first.merge_cells(span)
    for letter in hidden_columns:
        first.column_dimensions[letter].hidden = True
    for ref, number_format in (formats or {}).items():
        first[ref].number_format = number_format
    book.save(path)
    return path


def outline(figures: list[str], data: str = "统计.xlsx", kind: str = "work-conference") -> str:
    return speech_outline(figures, data, kind)


def warnings_of(path: Path, rule: str) -> list[str]:
    return [p.message for p in check_outline(path, Renderer()) if p.rule == rule]


def month(n: int, value: int) -> list[list[Any]]:
    return [
        [f"2025年{n}月教育经费支出月报"],
        ["项目", "本月数", "本年累计", "上年同期"],
        ["教育经费支出", value, value * n, value * n - 1000],
    ]


# --- 1: several sheets with a table ----------------------------------------------------------


def test_a_sheet_per_month_asks_which_sheet(tmp_path, write_outline):
    workbook(tmp_path / "统计.xlsx", {"1月": month(1, 61230), "12月": month(12, 96540)})
    path = write_outline(outline(["{label: 教育经费支出, from: stats}"]))
    (problem,) = problems_of(path)
    assert problem.rule == "data" and problem.path == "data.stats"
    assert problem.message.endswith(
        "统计.xlsx: '教育经费支出' is in 2 sheets, each a table of its own (1月、12月); "
        "say which: {file: 统计.xlsx, sheet: 1月} or {file: 统计.xlsx, sheet: 12月}"
    )
    path = write_outline(
        outline(["{label: 教育经费支出, from: stats}"], "{file: 统计.xlsx, sheet: 12月}")
    )
    assert "教育经费支出115.85万，比上年增长0.1%" in speech(path)


def test_a_label_in_one_sheet_only_is_taken_from_that_sheet(tmp_path, write_outline):
    sheets = {
        "主要指标": [["指标名称", "2025年", "2024年"], ["教育经费总投入", 864321, 795000]],
        "学生": [["指标名称", "2025年", "2024年"], ["小学在校生", 312460, 305120]],
    }
    workbook(tmp_path / "统计.xlsx", sheets)
    figures = ["{label: 教育经费总投入, from: stats}", "{label: 小学在校生, from: stats}"]
    path = write_outline(outline(figures))
    assert "小学在校生312460，比上年增长2.4%" in speech(path)
    cells = warnings_of(path, "table-cells")
    assert any("统计.xlsx:学生 row 2" in message for message in cells)
    result = runner.invoke(app, ["data", str(tmp_path / "统计.xlsx")])
    assert result.exit_code == 0
    assert "warning: the sheets 学生 hold tables too" in result.stderr


# --- 2: a second table under the first ------------------------------------------------------


def test_a_second_table_under_the_first_is_not_read_with_the_first_ones_columns(
    tmp_path, write_outline
):
    rows = [
        ["表1  主要指标"],
        ["指标名称", "计量单位", "2025年", "2024年"],
        ["教育经费总投入", "万元", 864321, 795000],
        [],
        ["表2  分学段在校学生"],
        ["学段", "计量单位", "2023年", "2024年"],
        ["小学在校生", "人", 298700, 305120],
    ]
    workbook(tmp_path / "统计.xlsx", {"综合": rows})
    table = read_table(tmp_path / "统计.xlsx")
    assert [row.label for row in table.rows] == ["教育经费总投入"]
    (note,) = table.problems()
    assert note.location.cell == "综合!A6" and "a second table starts at row 6" in note.message
    path = write_outline(outline(["{label: 小学在校生, from: stats}"]))
    (problem,) = problems_of(path)
    assert "a second table starts at row 6, which drafter does not read" in problem.message


# --- 3: a unit merged down -----------------------------------------------------------------


def test_a_unit_merged_down_two_rows_is_the_unit_of_both(tmp_path, write_outline):
    rows = [
        ["指标名称", "计量单位", "2025年", "2024年"],
        ["教育经费总投入", "万元", 864321, 795000],
        ["专任教师", "人", 29470, 28900],
        ["其中：乡村教师", None, 12310, 12050],
    ]
    workbook(tmp_path / "统计.xlsx", {"主要指标": rows}, merged=("B3:B4",))
    path = write_outline(outline(["{label: 乡村教师, from: stats}"]))
    assert "乡村教师12310人" in speech(path)
    (row,) = read_table(tmp_path / "统计.xlsx").find("乡村教师")
    assert (row.unit, row.unit_from) == ("人", "主要指标!B3")


# --- 4, 5: a hidden later year, part of a year ----------------------------------------------


def test_a_hidden_later_year_is_warned_of(tmp_path, write_outline):
    rows = [
        ["指标名称", "计量单位", "2023年", "2024年", "2025年"],
        ["教育经费总投入", "万元", 1, 2, 3],
    ]
    workbook(tmp_path / "统计.xlsx", {"主要指标": rows}, hidden_columns=("E",))
    path = write_outline(outline(["{label: 教育经费总投入, from: stats}"]))
    (warned,) = warnings_of(path, "table-column")
    assert warned == (
        "'教育经费总投入' is read from 主要指标!D2 (2024年), but the hidden column E (2025年) "
        "holds a later year; name the column the speech should quote: value: 2025年"
    )
    named = outline(["{label: 教育经费总投入, from: stats}"], "{file: 统计.xlsx, value: 2025年}")
    assert warnings_of(write_outline(named), "table-column") == []


def test_a_years_review_from_eleven_months_is_warned_of(tmp_path, write_outline):
    rows = [
        ["云川市教育系统主要指标月报（2025年11月）"],
        ["指标名称", "11月", "1-11月", "上年同期"],
        ["教育经费支出", 70100, 745830, 691060],
    ]
    workbook(tmp_path / "统计.xlsx", {"2025年11月": rows})
    path = write_outline(outline(["{label: 全年教育经费支出, row: 教育经费支出, from: stats}"]))
    (warned,) = warnings_of(path, "table-column")
    assert "is read from 2025年11月!C3 (1-11月), which covers part of the year" in warned
    assert "比上年同期增长7.9%" in speech(path)  # 1-11月 against the same months
    midyear = write_outline(
        outline(["{label: 教育经费支出, from: stats}"], kind="midyear-conference")
    )
    assert warnings_of(midyear, "table-column") == []


def test_the_year_so_far_under_a_november_title_is_part_of_a_year(tmp_path, write_outline):
    workbook(tmp_path / "统计.xlsx", {"月报": month(11, 70100)})
    path = write_outline(outline(["{label: 教育经费支出, from: stats}"]))
    (warned,) = warnings_of(path, "table-column")
    assert "(本年累计 (to month 11))" in warned
    workbook(tmp_path / "统计.xlsx", {"月报": month(12, 96540)})
    assert warnings_of(path, "table-column") == []
    assert "比上年增长" in speech(path)  # a year so far to December is the year


# --- 11: what a month is compared with -------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "said"),
    [(["本月", "上年同期"], "比上年同期增长7%"), (["12月", "上年同月"], "比上年同月增长7%")],
)
def test_a_month_is_compared_with_the_previous_columns_period(
    tmp_path, write_outline, header, said
):
    rows = [["指标名称", *header], ["教育经费支出", 96540, 90200]]
    workbook(tmp_path / "统计.xlsx", {"月报": rows})
    path = write_outline(outline(["{label: 教育经费支出, from: stats}"], kind="promotion-meeting"))
    assert said in speech(path)
    typed = "{label: 教育经费支出, from: stats, compare: 去年同月}"
    assert "比去年同月增长7%" in speech(write_outline(outline([typed], kind="promotion-meeting")))


# --- 6, 8, 9: what the sheet shows -----------------------------------------------------------


def test_numbers_are_read_as_their_format_shows_them(tmp_path, write_outline):
    rows = [
        ["指标名称", "计量单位", "2025年", "2024年"],
        ["学前三年毛入园率", "%", 93.58, 92.1],
        ["生师比", "", 15.6666667, 16.1],
        ["普惠性幼儿园覆盖率", "%", 0.91234, 0.9],
        ["教育经费总投入", "万元", 864321.4567, 795000],
    ]
    formats = {"C2": "0.0", "C3": "0.0", "C4": "0.0%", "D4": "0.0%", "C5": "#,##0"}
    workbook(tmp_path / "统计.xlsx", {"主要指标": rows}, formats=formats)
    figures = [
        "{label: 学前三年毛入园率, from: stats}",
        "{label: 生师比, from: stats, unit: ''}",
        "{label: 普惠性幼儿园覆盖率, from: stats}",
        "{label: 教育经费总投入, from: stats, scale: none}",
    ]
    path = write_outline(outline(figures))
    said = speech(path)
    assert "学前三年毛入园率93.6%" in said and "生师比15.7，" in said
    assert "普惠性幼儿园覆盖率91.2%" in said and "教育经费总投入864321万元" in said
    cells = warnings_of(path, "table-cells")
    assert "value C3 15.7 (2025年; stored as 15.6666667, read as shown)" in cells[1]
    precise = write_outline(outline(["{label: 生师比, from: stats, unit: '', precision: 3}"]))
    assert "生师比15.667" in speech(precise)


def test_a_unit_at_the_end_of_the_title_is_the_tables(tmp_path):
    rows = [
        ["2025年全市教育经费投入情况（单位：万元）"],
        ["指标名称", "2025年", "2024年"],
        ["教育经费总投入", 864321, 795000],
    ]
    workbook(tmp_path / "统计.xlsx", {"主要指标": rows})
    (row,) = read_table(tmp_path / "统计.xlsx").rows
    assert (row.unit, row.unit_from) == ("万元", "单位：万元 in 主要指标!A1")


def test_a_month_heading_excel_made_a_date_is_the_month(tmp_path, write_outline):
    import datetime as dt

    rows = [
        ["指标名称", "计量单位", dt.datetime(2025, 12, 1), dt.datetime(2024, 12, 1)],
        ["教育经费支出", "万元", 96540, 90200],
    ]
    workbook(tmp_path / "统计.xlsx", {"月报": rows})
    table = read_table(tmp_path / "统计.xlsx")
    assert (table.columns["value"].header, table.columns["previous"].header) == (
        "2025年12月",
        "2024年12月",
    )
    path = write_outline(outline(["{label: 教育经费支出, from: stats}"], kind="promotion-meeting"))
    assert "教育经费支出9.65亿元，比上年同月增长7%" in speech(path)


# --- 13: a note over two lines, a heading over two lines ------------------------------------


def test_a_notes_second_line_is_no_row_and_a_broken_heading_is_one_word(tmp_path):
    rows = [
        ["指标名称", "计量\n单位", "2025年", "2024年"],
        ["教育经费总投入", "万元", 864321, 795000],
        ["注：1．2025年为快报数；"],
        ["　　2．“—”表示无此项统计。"],
    ]
    workbook(tmp_path / "统计.xlsx", {"主要指标": rows})
    table = read_table(tmp_path / "统计.xlsx")
    assert [row.label for row in table.rows] == ["教育经费总投入"]
    assert table.columns["unit"].header == "计量单位"
    result = runner.invoke(app, ["data", str(tmp_path / "统计.xlsx")])
    assert "1  指标名称  计量单位  2025年  2024年" in result.stdout


# --- 7: the lines of a report form above its header -------------------------------------------


def test_the_report_form_s_lines_above_the_header_are_not_headings(tmp_path, write_outline):
    """The standard 统计报表 form: 综合机关名称：… and the period stand above the header; taken
    as a header row they hid 上年同期 and the growth went unsaid."""
    rows = [
        ["教育经费基本情况（年报）"],
        ["综合机关名称：云川市教育局", None, None, None, "2025年"],
        ["指标名称", "计量单位", "代码", "本年实际", "上年同期"],
        ["甲", "乙", "丙", 1, 2],
        ["教育经费总投入", "万元", "01", 864321, 795000],
    ]
    workbook(tmp_path / "统计.xlsx", {"基层表": rows})
    path = write_outline(outline(["{label: 教育经费总投入, from: stats}"]))
    assert "教育经费总投入86.43亿元，比上年增长8.7%" in speech(path)


def test_a_category_row_or_a_total_under_the_header_is_a_row(tmp_path):
    """一、教育经费 merged over 序号 and 指标, and a 合计 whose counts look like years, were
    read as header rows: the columns took their words and the rows could not be found."""
    rows = [
        ["序号", "指标", "2025年", "2024年"],
        ["一、教育经费", None, None, None],
        [1, "教育经费总投入", 864321, 795000],
    ]
    workbook(tmp_path / "类.xlsx", {"主要指标": rows}, merged=("A2:B2",))
    table = read_table(tmp_path / "类.xlsx")
    assert [row.label for row in table.rows][:2] == ["一、教育经费", "教育经费总投入"]
    totals = [
        ["序号", "项目", "2025年", "2024年"],
        ["合计", None, 2031, 1987],
        [1, "小学", 1200, 1150],
    ]
    workbook(tmp_path / "合计.xlsx", {"学校数": totals}, merged=("A2:B2",))
    (total,) = read_table(tmp_path / "合计.xlsx").find("合计")
    assert total.cells["value"].number == 2031


# --- 10: labels in two columns ----------------------------------------------------------------


def test_a_group_merged_down_left_of_the_labels_is_what_they_stand_under(tmp_path, write_outline):
    """学段 merged down over 指标: 专任教师 of 小学 and of 初中 are told apart by row: 小学/专任教师."""
    rows = [
        ["学段", "指标", "计量单位", "本年", "上年"],
        ["小学", "学校数", "所", 186, 190],
        [None, "专任教师", "人", 18420, 18010],
        ["初中", "学校数", "所", 74, 75],
        [None, "专任教师", "人", 11050, 10890],
    ]
    workbook(tmp_path / "统计.xlsx", {"学生": rows}, merged=("A2:A3", "A4:A5"))
    ambiguous = write_outline(outline(["{label: 专任教师, from: stats}"]), name="a.yaml")
    (problem,) = problems_of(ambiguous)
    assert "say which: row: 小学/专任教师 or row: 初中/专任教师" in problem.message
    path = write_outline(
        outline(["{label: 初中专任教师, from: stats, row: 初中/专任教师}"]), name="b.yaml"
    )
    assert "初中专任教师11050人，比上年增长1.5%" in speech(path)
