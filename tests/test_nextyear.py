"""drafter next: this year's outline (or an extracted one) becomes next year's."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from drafter.analysis.check import check_outline, exit_code
from drafter.analysis.extract import extract
from drafter.analysis.nextyear import next_year
from drafter.cli.app import app

from conftest import CORPUS, EXAMPLES, KINDS

runner = CliRunner()


def rolled(tmp_path: Path, source: Path, renderer) -> Path:
    """Next year's outline of `source`, written beside a copy of it (and its tables)."""
    for found in source.parent.glob("*.csv"):
        shutil.copy(found, tmp_path / found.name)
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    target = tmp_path / f"next-{source.name}"
    target.write_text(next_year(copy, renderer, target), encoding="utf-8")
    return target


def assert_valid_and_renders(path: Path, renderer) -> None:
    problems = check_outline(path, renderer)
    assert exit_code(problems) == 0, [p.format() for p in problems if p.severity == "error"]
    assert any(p.rule == "marked" for p in problems)  # check lists what to rewrite
    assert renderer.document(renderer.load(path)).lines()


@pytest.mark.parametrize("kind", KINDS)
def test_every_example_rolls_on_to_a_valid_outline(tmp_path, renderer, kind):
    assert_valid_and_renders(rolled(tmp_path, EXAMPLES / f"{kind}.yaml", renderer), renderer)


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_extracted_outlines_roll_on(tmp_path, renderer, fmt):
    document = renderer.document(renderer.load(EXAMPLES / "exchange-meeting.yaml"))
    extracted = tmp_path / "last.yaml"
    raw = renderer.to_bytes(document, fmt)
    extracted.write_text(extract(raw, Path(f"last.{fmt}")), encoding="utf-8")
    target = tmp_path / "this.yaml"
    target.write_text(next_year(extracted, renderer, target), encoding="utf-8")
    assert_valid_and_renders(target, renderer)
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["occasion"] == "全市义务教育课后服务工作经验交流会"  # no year to move
    assert data["date"] == "2027年X月X日"


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["sample-02.txt", "sample-05.txt", "sample-12.txt"])
def test_extracted_corpus_speeches_roll_on(tmp_path, renderer, name):
    extracted = tmp_path / "last.yaml"
    path = CORPUS / name
    extracted.write_text(extract(path.read_bytes(), path), encoding="utf-8")
    target = tmp_path / "this.yaml"
    text = next_year(extracted, renderer, target)
    target.write_text(text, encoding="utf-8")
    assert_valid_and_renders(target, renderer)
    assert "201X" in text  # placeholders stay as they are
    assert "原提纲看不出年份，年份没有改动" in text


OUTLINE = """\
# 我们科室的提纲：这行注释要留着
kind: work-conference
title: 奋进2026
occasion: 2026年全市教育工作会议
date: 2026-01-16
year: 2026
opening:
  text: 2025年，我们完成了各项任务。到2035年建成教育强市。
parts:
  - type: review
    title: 2025年工作回顾      # 自己的注释
    items:
      - headline: 投入持续加大
        figures:
          - {label: 教育经费, value: 86.4, unit: 亿元, previous: 79.5}
          - label: 新增学位
            value: 21500
            unit: 个
            target: 20000
          - {label: 普惠率, target: 92, unit: "%"}
  - type: tasks
    title: 2026年重点工作
    items:
      - headline: 2020年以来的成果要巩固
        text: 坚持不懈。
closing:
  text: 同志们，让我们为2026年的目标而奋斗！
"""


def test_years_dates_and_figures_move_on(tmp_path, renderer):
    source = tmp_path / "2026.yaml"
    source.write_text(OUTLINE, encoding="utf-8")
    text = next_year(source, renderer, tmp_path / "2027.yaml")
    data = yaml.safe_load(text)
    assert (data["title"], data["occasion"], data["year"]) == (
        "奋进2027",
        "2027年全市教育工作会议",
        2027,
    )
    assert data["date"] == "2027年X月X日"
    assert data["opening"]["text"] == "2026年，我们完成了各项任务。到2035年建成教育强市。"
    review, tasks = data["parts"]
    assert (review["title"], tasks["title"]) == ("2026年工作回顾", "2027年重点工作")
    assert tasks["items"][0]["headline"] == "2020年以来的成果要巩固"  # a baseline stays
    money, places, share = review["items"][0]["figures"]
    assert money == {"label": "教育经费", "value": "XX", "unit": "亿元", "previous": 86.4}
    assert places == {
        "label": "新增学位",
        "value": "XX",
        "previous": 21500,
        "unit": "个",
        "target": 20000,
    }
    assert share == {"label": "普惠率", "target": 92, "unit": "%"}
    assert data["closing"]["text"] == "同志们，让我们为2027年的目标而奋斗！"
    # comments survive; # 更新 stands above what to rewrite
    assert "# 我们科室的提纲：这行注释要留着" in text
    assert "title: 2026年工作回顾      # 自己的注释" in text
    assert "  # 更新：按2027年的情况改写这一部分（标题、导语和各条）\n  - type: review" in text
    assert "# 更新：上年数 21500 已移到 previous，填入今年的数值；目标 20000 是否沿用" in text
    assert "# 更新：目标是否沿用" in text
    target = tmp_path / "2027.yaml"
    target.write_text(text, encoding="utf-8")
    document = renderer.document(renderer.load(target))
    said = "".join(document.lines())
    assert "教育经费XX亿元，比上年增长XX%" in said
    assert "新增学位XX个，比上年增长XX%，完成目标任务的XX%" in said


def test_tables_stay_reachable_and_move_on_when_next_year_s_table_is_there(tmp_path, renderer):
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    for year in ("2025", "2026"):
        (tmp_path / "in" / f"{year}年统计.csv").write_text(
            f"指标,{year}年\n教育经费,86.4\n", encoding="utf-8"
        )
    source = tmp_path / "in" / "outline.yaml"
    source.write_text(
        textwrap.dedent(
            """\
            kind: work-conference
            occasion: 2026年全市教育工作会议
            data: {stats: {file: 2025年统计.csv, value: 2025年}}
            parts:
              - type: review
                items:
                  - headline: 投入加大
                    figures:
                      - {label: 教育经费, from: stats, unit: 亿元}
            """
        ),
        encoding="utf-8",
    )
    target = tmp_path / "out" / "next.yaml"
    text = next_year(source, renderer, target)
    assert "data: {stats: {file: ../in/2026年统计.csv, value: 2026年}}" in text
    target.write_text(text, encoding="utf-8")
    assert exit_code(check_outline(target, renderer)) == 0
    (tmp_path / "in" / "2026年统计.csv").unlink()  # next year's table is not there yet
    text = next_year(source, renderer, target)
    assert "# 更新：换成新一年的统计表（文件名和列名），from: 的数据随之更新\ndata:" in text
    assert "file: ../in/2025年统计.csv" in text


def test_next_command_never_overwrites(tmp_path):
    source = tmp_path / "o.yaml"
    source.write_text(OUTLINE, encoding="utf-8")
    result = runner.invoke(app, ["next", str(source), "-o", str(source)])
    assert result.exit_code == 2 and "refusing to write over" in result.stderr
    assert source.read_text(encoding="utf-8") == OUTLINE
    target = tmp_path / "n.yaml"
    assert runner.invoke(app, ["next", str(source), "-o", str(target)]).exit_code == 0
    again = runner.invoke(app, ["next", str(source), "-o", str(target)])
    assert again.exit_code == 2 and "never overwrites" in again.stderr
    printed = runner.invoke(app, ["next", str(source)])
    assert printed.exit_code == 0 and "occasion: 2027年全市教育工作会议" in printed.stdout
    piped = runner.invoke(app, ["next", "-"], input=OUTLINE)
    assert piped.exit_code == 0 and "# 由 drafter next 从 <stdin> 生成" in piped.stdout


def test_next_refuses_a_bad_outline_at_its_line(tmp_path):
    source = tmp_path / "bad.yaml"
    source.write_text("kind: work-conference\noccasion: 会\nparts:\n  - type: revue\n", "utf-8")
    result = runner.invoke(app, ["next", str(source), "-o", str(tmp_path / "n.yaml")])
    assert result.exit_code == 2
    assert "bad.yaml:4:5: parts[0]: unknown type 'revue' (did you mean 'review'?)" in result.stderr
    assert not (tmp_path / "n.yaml").exists()


def test_a_date_in_brackets_stays_in_brackets_and_is_marked_once(tmp_path, renderer):
    source = tmp_path / "last.yaml"
    source.write_text(
        "kind: generic\noccasion: 2026年读书节开幕式\ndate: （2026年4月23日）   # 更新：日期\n"
        "parts: []\nopening: 今天开幕。\n",
        encoding="utf-8",
    )
    text = next_year(source, renderer, tmp_path / "this.yaml")
    assert "date: （2027年X月X日）   # 更新：日期" in text
    assert "# 更新：会议日期" not in text
