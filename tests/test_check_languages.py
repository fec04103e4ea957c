"""`drafter check` in both languages: a problem of every rule, as a writer reads it in Chinese
and in English (golden files), the summary's plural forms, the rules' descriptions; what
programs read (locations, severities, rule ids, `--json`) the same in both."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from drafter import i18n
from drafter.analysis.check import RULES, check_paths, summary
from drafter.cli.app import app
from drafter.errors import Problem
from drafter.pipeline import Session

from conftest import check_golden

runner = CliRunner()

# Every rule on the outline and the speech, at least once each (the tables' rules below).
SPEECH = """\
kind: work-conference
title: 2026年全市教育工作会议讲话   # 核对：标题是推测的
occasion: 2026年全市教育工作会议
讲话人: 局长 张某某
date: 2026-01-06
target_minutes: 60
opening: 今天开会。下面，我讲三个方面的问题。
parts:
  - type: review
    intro: XX工作取得新进展,成效明显!
    items:
      - headline: 党建工作不断加强
        text: 新建党组织12个
        figures:
          - {label: 教育经费, value: 45.6, unit: 亿元}
      - headline: 党建工作不断加强。
        text: 资助学生6万人次。
        figures:
          - {label: 教育经费, value: 46, unit: 亿元}
      - headline: 这是一个非常非常长的标题长到已经不适合作为一个小标题来使用了吧
    shortcomings:
      - 城区学位供需矛盾依然突出
        教师队伍结构性矛盾仍然存在
  - type: tasks
    announce: 今年重点抓好{n}项工作。
    outro:
    intro:
    items:
      # 更新：目标是否沿用
      - headline: 突出抓督导
        text: 全面对照评估标准。
  - type: requirements
    title: 突出两个重点
    announce: false
    intro: 为此，
    items:
      - headline: 加强组织领导
        text: 各单位要高度重视。
      - headline: 强化督促检查
        text: 各单位要抓好落实，一分部署，九分落实。
      - headline: 要素保障到位
        text: 经费按时拨付。
    numbering: yao
  - type: topic
    title: 专题
closing: {greeting: greeting-new-year, use: closing-general}
checks: {disable: [placeholders]}
"""

# Figures from a statistics table: a hidden column and row, a typed number that is not the
# table's, a unit unlike the table's and none at all, a formula Excel never calculated.
FIGURES = """\
kind: work-conference
title: 数据
occasion: 2026年全市教育工作会议
speaker: 局长 张某某
data:
  stats: 统计.xlsx
  quick: {file: 统计.xlsx, value: 2025年（快报）}
  monthly: 月报.xlsx
parts:
  - type: review
    items:
      - headline: 教育事业稳步发展
        text: 各项事业稳步推进。
        figures:
          - {label: 教育经费总投入, from: stats, value: 86.4, unit: 亿元}
          - {label: 快报数, row: 教育经费总投入, from: quick}
          - {label: 新增学位, row: 新增公办学位, from: stats}
          - {label: 学前三年毛入园率, from: stats, value: 93.5}
          - {label: 专任教师, from: stats}
          - {label: 合计, from: stats, value: 1685821}
          - {label: 教育经费支出, from: monthly}
"""

# A figure whose row is in no table: the outline cannot be rendered.
NO_ROW = """kind: work-conference
title: 数据
occasion: 2026年全市教育工作会议
speaker: 局长 张某某
data:
  stats: 统计.xlsx
parts:
  - type: review
    items:
      - headline: 教育事业稳步发展
        figures:
          - {label: 教育经费总收入, from: stats}
"""

TABLE = [
    ["指标名称", "计量单位", "2025年", "2024年", "2025年（快报）"],
    ["教育经费总投入", "万元", 864321, 795000, 860000],
    ["新增公办学位", "个", 21500, 19800, None],  # a hidden row
    ["学前三年毛入园率", "%", 93.6, 92.1, None],
    ["专任教师", None, 35120, 34800, None],
    ["合计", "万元", "=C2+C3", 795000, None],  # openpyxl saves no result, as if never calculated
]


@pytest.fixture
def outlines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The two outlines and their table, in the current folder (so messages name them short)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "主要指标"
    for row in TABLE:
        sheet.append(row)
    sheet.column_dimensions["E"].hidden = True
    sheet.row_dimensions[3].hidden = True
    book.save(tmp_path / "统计.xlsx")
    monthly = openpyxl.Workbook()
    for row in (["指标名称", "1-11月", "上年同期"], ["教育经费支出", 745830, 691060]):
        monthly.active.append(row)
    monthly.save(tmp_path / "月报.xlsx")
    (tmp_path / "讲话.yaml").write_text(SPEECH, encoding="utf-8")
    (tmp_path / "数据.yaml").write_text(FIGURES, encoding="utf-8")
    (tmp_path / "无此行.yaml").write_text(NO_ROW, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return ["讲话.yaml", "数据.yaml", "无此行.yaml"]


def checked(monkeypatch: pytest.MonkeyPatch, lang: str, *args: str) -> str:
    monkeypatch.setenv("DRAFTER_LANG", lang)
    result = runner.invoke(app, ["check", *args])
    assert result.exit_code == 2, result.output  # the unknown rule id is an error
    return result.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_rule_in_each_language(outlines, monkeypatch, lang):
    output = checked(monkeypatch, lang, *outlines)
    check_golden(f"check-{lang}.txt", output)
    said = {line.rsplit(" [", 1)[1].rstrip("]") for line in output.splitlines()[:-1]}
    assert said == set(RULES)  # the golden file holds every rule


def test_what_programs_read_is_the_same_in_both(outlines, monkeypatch):
    """Locations, severities and rule ids: Chinese and English lines differ in messages only."""
    zh = checked(monkeypatch, "zh", *outlines).splitlines()[:-1]
    en = checked(monkeypatch, "en", *outlines).splitlines()[:-1]
    assert [_frame(line) for line in zh] == [_frame(line) for line in en]


def _frame(line: str) -> tuple[str, str]:
    """`file:line:col: severity:` and the rule id of an output line."""
    head = line.split(": ", 2)
    return ": ".join(head[:2]), line.rsplit(" [", 1)[1]


def test_problems_made_in_english_are_english_whatever_the_locale(outlines, monkeypatch):
    """What `--json` gives: the problems made within speaking("en") are the English ones,
    under a Chinese locale too (nothing of check is translated before it is said)."""
    paths = [Path(name) for name in outlines]
    monkeypatch.setenv("DRAFTER_LANG", "en")
    english = [p.as_json() for p in check_paths(paths, Session())]
    monkeypatch.setenv("DRAFTER_LANG", "zh")
    with i18n.speaking("en"):
        asked = [p.as_json() for p in check_paths(paths, Session())]
    chinese = [p.as_json() for p in check_paths(paths, Session())]
    assert json.dumps(asked, ensure_ascii=False) == json.dumps(english, ensure_ascii=False)
    assert [m["message"] for m in chinese] != [m["message"] for m in english]
    assert [{**m, "message": ""} for m in chinese] == [{**m, "message": ""} for m in english]


def found(*severities: str) -> list[Problem]:
    return [Problem("", severity=severity) for severity in severities]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("problems", "files", "en", "zh"),
    [
        ([], 1, "no problems in 1 outline", "1 份提纲没有发现问题"),
        ([], 3, "no problems in 3 outlines", "3 份提纲没有发现问题"),
        (
            found("warning"),
            1,
            "0 errors, 1 warning in 1 outline",
            "1 份提纲中有 0 个错误、1 个警告",
        ),
        (
            found("error", "warning", "warning", "info"),
            2,
            "1 error, 2 warnings, 1 note in 2 outlines",
            "2 份提纲中有 1 个错误、2 个警告、1 条提示",
        ),
        (
            found("error", "error", "info", "info"),
            1,
            "2 errors, 0 warnings, 2 notes in 1 outline",
            "1 份提纲中有 2 个错误、0 个警告、2 条提示",
        ),
    ],
)
def test_the_summary_counts_in_each_language(problems, files, en, zh):
    with i18n.speaking("en"):
        assert summary(problems, files) == en
    with i18n.speaking("zh"):
        assert summary(problems, files) == zh


def test_the_rules_descriptions_are_said_in_the_current_language():
    repeated = RULES["repeated-phrase"]
    with i18n.speaking("en"):
        assert repeated.description == (
            "a phrase of 8+ characters said twice (or of 4+ within 40 characters) where stock "
            "text is involved, or a lead-in said twice in a row (为此，为此，)"
        )
    with i18n.speaking("zh"):
        assert repeated.description == (
            "涉及模板或素材文字的重复：8 个字以上的短语说了两遍，或 4 个字以上的短语在 40 "
            "个字之内说了两遍；或引语接连说了两遍（为此，为此，）"
        )
        assert all(rule.description != rule.about for rule in RULES.values())


def test_the_docs_rule_table_stays_english_under_a_chinese_locale(monkeypatch):
    from drafter import reference

    monkeypatch.setenv("DRAFTER_LANG", "zh")
    table = reference.TABLES["check-rules"]()
    row = "| `empty` | warning | a part with nothing in it, or an item that is only a headline |"
    assert row in table.splitlines()
