"""Statistics tables as a statistics office makes them (issue 23): a title and a 填报单位 row,
a header over two rows with merged cells, a hidden 快报 column, numbers stored as text, category
rows, indented and 其中： rows, a hidden row, a 合计 row with a saved SUM, notes, several
sheets with 填报说明 first, a monthly report; and the same sheet as Excel saves it into a GBK
CSV. Each figure is checked for its value, its previous value and its growth."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from drafter.analysis.check import check_outline
from drafter.cli.app import app
from drafter.errors import OutlineError, Problem
from drafter.outline.tables import read_table
from drafter.pipeline import Renderer
from drafter.render.filters import amount
from drafter.schema.source import Written
from drafter.writers.text import to_text

runner = CliRunner()

TITLE = "2025年云川市教育事业发展主要指标"
NOTE = "注：1. 2025年为快报数；2. “—”表示无此项统计。"
# 主要指标: row 1 a title, row 2 who reports, rows 3-4 the header, rows 5-18 the indicators
MAIN = [
    [TITLE],
    ["填报单位：云川市教育局", None, None, None, None, "制表：2026年1月"],
    ["序号", "指标名称", "计量单位", "绝对数", None, "增减%", "2025年（快报）"],
    [None, None, None, "2025年", "2024年", None, None],
    ["一", "教育经费", None, None, None, None, None],
    [1, "　　教育经费总投入", "万元", "864,321", "795,000", 8.7, 860000],
    [None, "　　其中：财政性教育经费", "万元", "702,150", "651,200", 7.8, 700000],
    [2, "　　教育经费总投入（初报）", "万元", "851,000", "795,000", 7.0, None],  # hidden
    [3, "　　生均公用经费（小学）", "元", 1280, 1150, 11.3, 1275],
    ["二", "学校和学位", None, None, None, None, None],
    [4, "　　新增公办学位", "个", "21,500", "—", "—", 21000],
    [None, "　　新增公办学位", "个", "19,800", "—", "—", None],  # hidden: last month's figure
    [5, "　　学前三年毛入园率", "%", 0.936, 0.921, 1.5, 0.935],
    ["三", "在校学生", None, None, None, None, None],
    [6, "　　小学", "人", "312,460", "305,120", 2.4, None],
    [None, "　　　　其中：女", "人", "149,830", "146,270", 2.4, None],
    [7, "　　初中", "人", "138,720", "134,050", 3.5, None],
    [None, "　　　　其中：女", "人", "66,010", "63,990", 3.2, None],
    [NOTE],
]
MAIN_MERGED = ["A1:G1", "A2:C2", "A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:F4", "G3:G4", "A19:G19"]
PERCENT = ["D13", "E13", "G13"]
# 经费分类: the table's unit above it, a 合计 row whose SUM Excel saved
COSTS = [
    ["2025年教育经费分类情况"],
    ["单位：万元"],
    ["项目", "2025年", "2024年", "增长%"],
    ["学前教育", 52300, 47100, 11.0],
    ["义务教育", 498760, 462300, 7.9],
    ["高中阶段教育", 171200, 160000, 7.0],
    ["其他", 142061, 125600, 13.1],
    ["合计", "=SUM(B4:B7)", "=SUM(C4:C7)", 8.7],
]
COSTS_SAVED = {"B8": 864321, "C8": 795000}
# 月报: the month, the year so far, last year's same period
MONTHLY = [
    ["2025年12月教育经费支出月报"],
    ["填报单位：云川市教育局", None, None, "单位：万元"],
    ["指标名称", "本月", "本年累计", "上年同期", "同比增减（%）"],
    ["教育经费支出", "96,540", "842,370", "781,260", 7.8],
    ["　　其中：人员经费", "48,210", "465,300", "438,900", 6.0],
    ["　　　　　公用经费", "30,120", "301,580", "287,940", 4.7],
]
INSTRUCTIONS = [
    ["填报说明"],
    ["1. 本表由各县（市、区）教育局于1月5日前报送。"],
    ["2. 以年报为准。"],
]


def office_workbook(path: Path) -> Path:
    """统计.xlsx as the office keeps it: 填报说明 first, a hidden sheet of last year's, then
    主要指标, 经费分类 and 月报."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in [
        ("填报说明", INSTRUCTIONS),
        ("2024年", [["指标", "本年", "上年"], ["教育经费总投入", 795000, 731000]]),
        ("主要指标", MAIN),
        ("经费分类", COSTS),
        ("月报", MONTHLY),
    ]:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book["2024年"].sheet_state = "hidden"
    main = book["主要指标"]
    for span in MAIN_MERGED:
        main.merge_cells(span)
    main.column_dimensions["G"].hidden = True
    for row in (8, 12):
        main.row_dimensions[row].hidden = True
    for ref in PERCENT:
        main[ref].number_format = "0.0%"
    book["经费分类"].merge_cells("A1:D1")
    book["月报"].merge_cells("A1:E1")
    book.save(path)
    saved(path, COSTS_SAVED)
    return path


def saved(path: Path, results: dict[str, object]) -> None:
    """Store formulas' results as Excel does when it saves (openpyxl writes none)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name, data in parts.items():
        if name.startswith("xl/worksheets/"):
            text = data.decode()
            for ref, value in results.items():
                text = re.sub(
                    rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v\s*/?>(?:</v>)?',
                    rf"\g<1><v>{value}</v>",
                    text,
                )
            parts[name] = text.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def excel_csv(path: Path, rows: list[list[object]], percent: tuple[str, ...] = ()) -> Path:
    """A sheet as Excel saves it as CSV on a Chinese Windows: GBK, CRLF, every row as wide as
    the sheet, merged cells in their first cell, hidden rows and columns included, numbers as
    shown (a percentage format as 93.6%)."""
    width = max(len(row) for row in rows)
    shown = []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, value in enumerate([*row, *[None] * (width - len(row))]):
            ref = f"{'ABCDEFGH'[c]}{r}"
            if value is None:
                cells.append("")
            elif ref in percent:
                cells.append(f"{float(value) * 100:.1f}%")  # type: ignore[arg-type]
            else:
                cells.append(str(value))
        shown.append(cells)
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(shown)
    path.write_bytes(text.getvalue().encode("gbk"))
    return path


def speech_outline(figures: list[str], data: str, kind: str = "work-conference") -> str:
    """An outline whose one item has these figures; `data` is its data: section's one entry,
    which is on line 3."""
    lines = "".join(f"          - {figure}\n" for figure in figures)
    return (
        f"kind: {kind}\n"
        "occasion: 2026年全市教育工作会议\n"
        f"data: {{stats: {data}}}\n"
        "parts:\n"
        "  - type: review\n"
        "    items:\n"
        "      - headline: 教育事业稳步发展\n"
        "        figures:\n"
        f"{lines}"
    )


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return office_workbook(tmp_path / "统计.xlsx")


def speech(path: Path) -> str:
    renderer = Renderer()
    return to_text(renderer.document(renderer.load(path)))


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(OutlineError) as info:
        Renderer().load(path)
    return info.value.problems


FIGURES = [
    "{label: 全市教育经费总投入, row: 教育经费总投入, from: stats, verb: 达, precision: 1}",
    "{label: 财政性教育经费, from: stats}",
    "{label: 小学生均公用经费, row: 生均公用经费（小学）, from: stats}",
    "{label: 新增公办学位, from: stats}",
    "{label: 学前三年毛入园率, from: stats, verb: 达到}",
]
SAID = (
    "全市教育经费总投入达86.4亿元，比上年增长8.7%；财政性教育经费70.22亿元，比上年增长7.8%；"
    "小学生均公用经费1280元，比上年增长11.3%；新增公办学位2.15万个；"
    "学前三年毛入园率达到93.6%，比上年提高1.5个百分点。"
)


# --- the workbook --------------------------------------------------------------------------


def test_each_figure_takes_its_value_previous_and_growth_from_the_office_workbook(
    book, write_outline
):
    path = write_outline(speech_outline(FIGURES, "统计.xlsx"))
    text = speech(path)
    assert SAID in text
    assert "86亿" not in text and "860000" not in text  # never the hidden 快报 column
    sources = Renderer().load(path).figure_sources
    first = sources[("parts", 0, "items", 0, "figures", 0)]
    assert first.sheet == "主要指标" and first.row.number == 6
    assert {key: cell.ref for key, cell in first.row.cells.items()} == {
        "value": "主要指标!D6",
        "previous": "主要指标!E6",
        "unit": "主要指标!C6",
    }
    assert first.row.parents == ("教育经费",)


def test_the_header_spans_two_rows_and_its_merged_cells(book):
    table = read_table(book)
    assert (table.sheet, table.header_rows) == ("主要指标", (3, 4))
    found = {role: (column.letter, column.header) for role, column in table.columns.items()}
    assert found == {
        "label": ("B", "指标名称"),
        "unit": ("C", "计量单位"),
        "value": ("D", "绝对数/2025年"),
        "previous": ("E", "绝对数/2024年"),
    }
    assert [(c.letter, c.header) for c in table.hidden_columns] == [("G", "2025年（快报）")]
    assert [(c.letter, c.header) for c in table.unused] == [("A", "序号"), ("F", "增减%")]
    assert table.header.shown == (
        ("序号", "指标名称", "计量单位", "绝对数", "←", "增减%", "2025年（快报）"),
        ("↑", "↑", "↑", "2025年", "2024年", "↑", "↑"),
    )
    labels = [row.label for row in table.rows]
    assert labels[:3] == ["教育经费", "教育经费总投入", "其中：财政性教育经费"]
    assert NOTE not in labels and TITLE not in labels


def test_columns_named_by_any_word_of_their_header_rows(book, write_outline):
    data = "{file: 统计.xlsx, label: 指标名称, value: 2025年, previous: 2024年}"
    assert SAID in speech(write_outline(speech_outline(FIGURES, data)))
    data = "{file: 统计.xlsx, value: 绝对数/2025年, previous: 绝对数/2024年}"
    assert SAID in speech(write_outline(speech_outline(FIGURES, data)))


def test_a_word_two_columns_share_asks_which(book, write_outline):
    path = write_outline(speech_outline(FIGURES[:1], "{file: 统计.xlsx, value: 绝对数}"))
    (problem,) = problems_of(path)
    assert (problem.path, problem.location.line, problem.location.column) == (
        "data.stats.value",
        3,
        38,
    )
    assert problem.message == (
        f"{path.parent / '统计.xlsx'}:主要指标: 2 columns could be the value: "
        "D 绝对数/2025年, E 绝对数/2024年; say which: value: 2025年 or value: 2024年"
    )


def test_a_hidden_column_is_read_only_when_named_and_check_warns(book, write_outline):
    data = "{file: 统计.xlsx, value: 2025年（快报）, previous: 2024年}"
    path = write_outline(speech_outline(FIGURES[:1], data))
    assert "全市教育经费总投入达86亿元，比上年增长8.2%" in speech(path)
    hidden = [p for p in check_outline(path, Renderer()) if p.rule == "table-hidden"]
    assert [p.format() for p in hidden] == [
        f"{path}:9:13: parts[0].items[0].figures[0]: '教育经费总投入' is read from the hidden "
        f"column G (2025年（快报）) of {path.parent / '统计.xlsx'}:主要指标, which Excel does "
        "not show; check it is the figure the speech should quote"
    ]
    assert hidden[0].severity == "warning"


def test_hidden_rows_are_read_only_when_named(book, write_outline):
    # the hidden copy of 新增公办学位 is not a second row with that label
    assert "新增公办学位2.15万个" in speech(
        write_outline(speech_outline(FIGURES[3:4], "统计.xlsx"))
    )
    only_hidden = "{label: 教育经费总投入（初报）, from: stats}"
    (problem,) = problems_of(write_outline(speech_outline([only_hidden], "统计.xlsx")))
    assert problem.message == (
        "'教育经费总投入（初报）' is only in a hidden row of "
        f"{problem.location.file.rsplit('/', 1)[0]}/统计.xlsx:主要指标 (主要指标!B8); drafter reads "
        "a hidden row only when the outline names it: row: 教育经费总投入（初报）"
    )
    named = "{label: 初报的教育经费总投入, row: 教育经费总投入（初报）, from: stats}"
    path = write_outline(speech_outline([named], "统计.xlsx"))
    assert "初报的教育经费总投入85.1亿元，比上年增长7%" in speech(path)
    (hidden,) = [p for p in check_outline(path, Renderer()) if p.rule == "table-hidden"]
    assert "is read from the hidden row 8 of" in hidden.message


def test_a_label_under_two_categories_asks_which(book, write_outline):
    path = write_outline(speech_outline(["{label: 女, from: stats}"], "统计.xlsx"))
    (problem,) = problems_of(path)
    assert problem.message == (
        f"'女' is in 2 rows of {path.parent / '统计.xlsx'}:主要指标 (主要指标!B16 under 小学、"
        "主要指标!B18 under 初中); say which: row: 小学/女 or row: 初中/女"
    )
    assert problem.path == "parts[0].items[0].figures[0].label"
    figure = "{label: 初中女生, row: 初中/女, from: stats}"
    text = speech(write_outline(speech_outline([figure], "统计.xlsx")))
    assert "初中女生66010人，比上年增长3.2%" in text


def test_a_total_row_takes_the_sum_excel_saved_and_the_unit_above_the_table(book, write_outline):
    figures = [
        "{label: 全市教育经费, row: 合计, from: stats, verb: 达, precision: 1}",
        "{label: 义务教育经费, row: 义务教育, from: stats}",
    ]
    path = write_outline(speech_outline(figures, "{file: 统计.xlsx, sheet: 经费分类}"))
    assert (
        "全市教育经费达86.4亿元，比上年增长8.7%；义务教育经费49.88亿元，比上年增长7.9%。"
        in speech(path)
    )
    cells = [p.message for p in check_outline(path, Renderer()) if p.rule == "table-cells"]
    assert cells[0] == (
        f"'合计' from {path.parent / '统计.xlsx'}:经费分类 row 8: value B8 864321 (2025年); "
        "previous C8 795000 (2024年); unit 万元 (单位：万元 in 经费分类!A2)"
    )


def test_a_total_whose_formula_was_never_calculated(tmp_path, write_outline):
    path = office_workbook(tmp_path / "统计.xlsx")
    saved(path, {})  # nothing more: B8 and C8 stay without results
    with zipfile.ZipFile(path) as archive:  # as if Excel never saved it
        parts = {
            n: archive.read(n).replace(b"<v>864321</v>", b"<v></v>") for n in archive.namelist()
        }
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    data = "{file: 统计.xlsx, sheet: 经费分类}"
    (problem,) = problems_of(write_outline(speech_outline(["{label: 合计, from: stats}"], data)))
    assert str(problem.location).endswith("统计.xlsx:经费分类!B8")
    assert problem.message.startswith(
        "2025年 of '合计': the formula =SUM(B4:B7) has no saved result"
    )
    typed = write_outline(speech_outline(["{label: 合计, from: stats, value: 864321}"], data))
    (warning,) = [p for p in check_outline(typed, Renderer()) if p.rule == "table-formula"]
    assert warning.path == "parts[0].items[0].figures[0].value"
    assert "(经费分类!B8) is the formula =SUM(B4:B7) with no saved result" in warning.message


def test_the_notes_sheet_and_a_hidden_sheet_are_passed_over(book, write_outline):
    table = read_table(book)
    assert table.sheet == "主要指标"
    assert table.sheets == ("填报说明", "2024年", "主要指标", "经费分类", "月报")
    figure = "{label: 上年教育经费总投入, row: 教育经费总投入, from: stats}"
    path = write_outline(speech_outline([figure], "{file: 统计.xlsx, sheet: 2024年}"))
    assert "上年教育经费总投入79.5万，比上年增长8.8%" in speech(path)  # no unit in that table
    found = {p.rule: p.message for p in check_outline(path, Renderer())}
    assert "is read from the hidden sheet 2024年 of" in found["table-hidden"]
    assert found["table-unit"].startswith("neither ")


def test_check_warns_when_the_tables_unit_is_not_the_outlines(book, write_outline):
    figure = "{label: 教育经费总投入, from: stats, unit: 亿元}"
    path = write_outline(speech_outline([figure], "统计.xlsx"))
    assert "教育经费总投入86.43亿元，比上年增长8.7%" in speech(path)
    (found,) = [p for p in check_outline(path, Renderer()) if p.rule == "table-unit"]
    assert (found.path, found.severity) == ("parts[0].items[0].figures[0].unit", "warning")
    assert found.message == (
        f"{path.parent / '统计.xlsx'}:主要指标 gives '教育经费总投入' in 万元 (主要指标!C6), the "
        "outline in 亿元: 864,321万元 is read as 86.4321亿元"
    )


@pytest.mark.parametrize(
    ("value", "unit", "scale", "precision", "said"),
    [
        (864321, "万元", "auto", None, "86.43亿元"),  # 1万万元 and more: 亿元
        (864321, "万元", "auto", 1, "86.4亿元"),
        (864321, "万元", "none", None, "864321万元"),
        (10000, "万元", "auto", None, "1亿元"),
        (9999.5, "万元", "auto", None, "9999.5万元"),  # never made smaller
        (86.4321, "亿元", "auto", None, "86.43亿元"),  # a table's number in 亿元, converted
        (
            Written(86.4321, "86.4321"),
            "亿元",
            "auto",
            None,
            "86.4321亿元",
        ),  # as the outline typed it
        (864, "千元", "auto", None, "86.4万元"),  # every scaled unit alike
        (12345, "万人次", "auto", None, "1.23亿人次"),
        (68300, "人次", "auto", None, "6.83万人次"),
        (93.63, "%", "auto", 1, "93.6%"),
    ],
)
def test_amounts_in_a_scale_are_said_in_the_larger_one(value, unit, scale, precision, said):
    assert amount(value, unit, scale, precision) == said


@pytest.mark.parametrize("label", ["注册幼儿园数", "统计人员数"])
def test_a_label_that_begins_like_a_note_is_a_row(tmp_path, label):
    path = excel_csv(tmp_path / "t.csv", [["指标", "本年"], [label, 12], ["注：本表为快报数。"]])
    assert [row.label for row in read_table(path).rows] == [label]


# --- a monthly report ----------------------------------------------------------------------


def test_a_monthly_report_gives_a_years_review_the_year_so_far(book, write_outline):
    figures = [
        "{label: 全年教育经费支出, row: 教育经费支出, from: stats}",
        "{label: 人员经费, from: stats}",
        "{label: 公用经费, from: stats}",
    ]
    path = write_outline(speech_outline(figures, "{file: 统计.xlsx, sheet: 月报}"))
    assert (
        "全年教育经费支出84.24亿元，比上年增长7.8%；人员经费46.53亿元，比上年增长6%；"
        "公用经费30.16亿元，比上年增长4.7%。"
    ) in speech(path)
    table = read_table(path.parent / "统计.xlsx", sheet="月报", year_review=True)
    assert table.columns["value"].why == "本年累计: the year so far, for a year's review"
    assert table.columns["previous"].why == "上年同期: the same period last year"
    # 公用经费 lines up under 人员经费, after 其中：; both stand under 教育经费支出
    assert [row.parents for row in table.rows[1:]] == [("教育经费支出",)] * 2


def test_a_monthly_report_asks_other_speeches_which_value(book, write_outline):
    figure = "{label: 教育经费支出, from: stats}"
    data = "{file: 统计.xlsx, sheet: 月报}"
    path = write_outline(speech_outline([figure], data, kind="midyear-conference"))
    (problem,) = problems_of(path)
    assert (problem.path, problem.location.line) == ("data.stats", 3)
    assert problem.message.endswith(
        "月报: 2 columns could be the value: B 本月, C 本年累计; "
        "say which: value: 本月 or value: 本年累计"
    )
    named = "{file: 统计.xlsx, sheet: 月报, value: 本月}"
    text = speech(write_outline(speech_outline([figure], named, kind="midyear-conference")))
    assert "教育经费支出9.65亿元。" in text  # 上年同期 pairs with 本年累计, not with 本月


# --- the same sheet saved by Excel as a GBK CSV --------------------------------------------


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    return excel_csv(tmp_path / "统计.csv", MAIN, tuple(PERCENT))


def test_the_gbk_csv_asks_which_2025_column_it_has(exported, write_outline):
    path = write_outline(speech_outline(FIGURES[:1], "统计.csv"))
    (problem,) = problems_of(path)
    assert (problem.path, problem.location.line, problem.location.column) == ("data.stats", 3, 15)
    assert problem.message == (
        f"{exported}: 2 columns could be the value: D 绝对数/2025年, G 2025年（快报）; say "
        "which: {file: 统计.csv, value: 2025年} or {file: 统计.csv, value: 2025年（快报）}"
    )


def test_the_gbk_csv_gives_the_same_figures_once_the_column_is_named(exported, write_outline):
    figures = [figure for figure in FIGURES if "新增公办学位" not in figure]
    data = "{file: 统计.csv, label: 指标名称, value: 2025年, previous: 2024年}"
    text = speech(write_outline(speech_outline(figures, data)))
    assert SAID.replace("新增公办学位2.15万个；", "") in text
    table = read_table(exported, names={"value": "2025年"})
    assert table.header_rows == (3, 4)
    assert table.columns["previous"].header == "绝对数/2024年"  # 绝对数 spread over both


def test_the_gbk_csv_has_the_hidden_row_as_a_second_row(exported, write_outline):
    data = "{file: 统计.csv, value: 2025年}"
    (problem,) = problems_of(write_outline(speech_outline(FIGURES[3:4], data)))
    assert problem.message.endswith(
        "(B11 under 学校和学位、B12 under 学校和学位); keep one, or give them different labels"
    )


# --- drafter data --------------------------------------------------------------------------


def test_drafter_data_shows_the_header_as_the_sheet_has_it_and_why(book):
    result = runner.invoke(app, ["data", str(book)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:6] == [
        f"file: {book}",
        "sheet: 主要指标 (sheets: 填报说明, 2024年, 主要指标, 经费分类, 月报)",
        "header: rows 3-4, as the sheet has it (← ↑: merged with the cell on the left, above):",
        "   A     B         C         D       E       F      G",
        "3  序号  指标名称  计量单位  绝对数  ←       增减%  2025年（快报）",
        "4  ↑     ↑         ↑         2025年  2024年  ↑      ↑",
    ]
    assert "value     D       绝对数/2025年     2025年: the latest year" in lines
    assert "previous  E       绝对数/2024年     2024年: the year before 2025" in lines
    assert "(hidden)  G       2025年（快报）    a hidden column: read only when named" in lines
    rows = {line.split()[0]: line.split()[1:] for line in lines if line[:1].isdigit()}
    assert rows["6"] == ["教育经费总投入", "864321", "795000", "万元"]
    assert rows["8"] == ["教育经费总投入（初报）", "851000", "795000", "万元", "hidden"]
    assert rows["18"] == ["其中：女", "66010", "63990", "人"]


def test_drafter_data_asks_which_value_of_a_monthly_report(book):
    result = runner.invoke(app, ["data", str(book), "--sheet", "月报"])
    assert result.exit_code == 2
    assert "value     ?       2 columns could be the value: B 本月, C 本年累计" in result.stdout
    assert result.stderr.strip() == (
        f"{book}:月报: error: 2 columns could be the value: B 本月, C 本年累计; "
        "say which: -c value=本月 or -c value=本年累计"
    )
    result = runner.invoke(app, ["data", str(book), "--sheet", "月报", "-c", "value=本年累计"])
    assert result.exit_code == 0, result.output
    assert "unit of the table: 万元 (单位：万元 in D2)" in result.stdout


def test_drafter_data_says_which_column_is_missing(tmp_path):
    path = excel_csv(
        tmp_path / "半年.csv",
        [["工作指标", "计量单位", "上半年完成", "去年上半年"], ["新增学位", "个", 9600, 8200]],
    )
    result = runner.invoke(app, ["data", str(path), "-c", "value=上半年完成"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"{path}: label: no label column in the file (its header, row 1, reads: 工作指标、计量单位、"
        "上半年完成、去年上半年): drafter looks for 指标、指标名称、项目、名称; name it: label: <its "
        "header> in the outline, -c label=<its header> for drafter data"
    )
    result = runner.invoke(
        app, ["data", str(path), "-c", "value=上半年完成", "-c", "label=工作指标"]
    )
    assert result.exit_code == 0, result.output
