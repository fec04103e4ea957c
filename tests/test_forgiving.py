"""Issue 17: what writers type is understood (Chinese keys and names, dates with dots, figures
with their unit), or explained at its line (a full-width colon, a lost '- ', a Big5 file)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap

import pytest
from typer.testing import CliRunner

from drafter.analysis.check import check_outline, exit_code
from drafter.cli.app import app
from drafter.decoding import decode_text
from drafter.errors import DrafterError, SourceError
from drafter.outline import model
from drafter.outline.json_schema import schema_dict
from drafter.pipeline import Renderer
from drafter.render import filters
from drafter.render.templating import Templates
from drafter.schema.records import key_rows
from drafter.schema.source import load_yaml

from conftest import ROOT

runner = CliRunner()

HEAD = """\
kind: work-conference
occasion: 2026年全市教育工作会议
"""
ITEMS = """\
parts:
  - type: review
    items:
      - headline: 教育投入持续加大
        figures:
"""


def load(renderer, text: str):
    return renderer.loads(textwrap.dedent(text), "o.yaml")


def errors(renderer, text: str) -> list[str]:
    with pytest.raises(DrafterError) as info:
        load(renderer, text)
    return [problem.format() for problem in info.value.problems]


def with_figure(figure: str) -> str:
    return HEAD + ITEMS + f"          - {figure}\n"


def speech(renderer, text: str) -> str:
    return "\n".join(renderer.document(load(renderer, text)).lines())


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["2026-1-16", "2026.1.16", "2026/01/16", "2026年1月16日"])
def test_dates_typed_the_ways_writers_type_them_are_one_date(renderer, typed):
    loaded = load(
        renderer, HEAD + f"date: {typed}\n" + ITEMS + "          - {label: a, value: 1}\n"
    )
    assert loaded.outline.date == dt.date(2026, 1, 16)
    assert "2026年1月16日" in renderer.document(loaded).lines()
    assert loaded.data["date"] == typed  # the outline as written, for check


def test_a_date_as_text_is_kept_and_an_impossible_date_is_an_error_at_its_line(renderer):
    kept = load(renderer, HEAD + "date: 2026年1月\n" + ITEMS + "          - {label: a, value: 1}\n")
    assert kept.outline.date == "2026年1月"
    bad = HEAD + "date: 2026-02-30\n" + ITEMS + "          - {label: a, value: 1}\n"
    assert errors(renderer, bad) == [
        "o.yaml:3:7: date: '2026-02-30' is not a date: month 2 of 2026 has 28 days"
    ]
    month = bad.replace("2026-02-30", "2026年13月1日")
    assert errors(renderer, month) == [
        "o.yaml:3:7: date: '2026年13月1日' is not a date: there is no month 13"
    ]


def test_an_impossible_date_exits_2_not_as_a_bug(write_outline):
    path = write_outline(HEAD + "date: 2026-02-30\n" + ITEMS + "          - {label: a, value: 1}\n")
    result = runner.invoke(app, ["render", str(path)])
    assert result.exit_code == 2
    assert "is not a date" in result.stderr and "internal error" not in result.stderr


# --- figures with their unit --------------------------------------------------------------


@pytest.mark.parametrize(
    ("figure", "value", "unit", "clause"),
    [
        (
            "{label: 入园率, value: 8.7%, previous: 8.1%}",
            8.7,
            "%",
            "入园率8.7%，比上年提高0.6个百分点",
        ),
        ("{label: 经费, value: 86.4亿元, previous: 79.4亿元}", 86.4, "亿元", "经费86.4亿元"),
        ("{label: 培训, value: 1.2万人次, target: 1万人次}", 1.2, "万人次", "培训1.2万人次"),
        ("{label: 学位, value: '２１,５００', unit: 个}", 21500, "个", "学位2.15万个"),
        ("{label: 经费, value: 86.4亿元, previous: 794000万元}", 86.4, "亿元", "比上年增长8.8%"),
        ("{label: 学位, value: 2.1万, unit: 个, previous: 15000}", 21000, "个", "学位2.1万个"),
    ],
)
def test_a_unit_typed_into_the_number_is_the_figure_s_unit(renderer, figure, value, unit, clause):
    loaded = load(renderer, with_figure(figure))
    found = loaded.outline.parts[0].items[0].figures[0]
    assert (found.value, found.unit) == (value, unit)
    assert clause in speech(renderer, with_figure(figure))


def test_a_unit_given_twice_that_disagrees_is_an_error_at_its_line(renderer):
    text = (
        HEAD
        + ITEMS
        + "          - label: 经费\n            value: 86.4亿元\n            unit: 万人次\n"
    )
    assert errors(renderer, text) == [
        "o.yaml:9:20: parts[0].items[0].figures[0].value: '86.4亿元' is in 亿元, but unit: says "
        "万人次; give the unit once (in unit:) or the same unit everywhere"
    ]
    other = with_figure("{label: 经费, value: 86.4亿元, previous: 12所}")
    assert errors(renderer, other) == [
        "o.yaml:8:50: parts[0].items[0].figures[0].previous: '12所' is in 所, but the figure's "
        "other numbers are in 亿元; give the unit once (in unit:) or the same unit everywhere"
    ]


def test_check_compares_figures_as_understood(write_outline, renderer):
    text = (
        HEAD
        + ITEMS
        + (
            "          - {label: 经费, value: 86.4亿元}\n"
            "      - headline: 民生保障更加有力\n"
            "        figures:\n"
            "          - {label: 经费, value: 86.4, unit: 亿元}\n"
        )
    )
    assert [p.rule for p in check_outline(write_outline(text), renderer)] == []
    conflict = text.replace("value: 86.4, unit", "value: 86.5, unit")
    assert [p.rule for p in check_outline(write_outline(conflict), renderer)] == ["figure-conflict"]


# --- scale and trailing zeros -------------------------------------------------------------


def test_a_scale_converts_a_unit_already_in_wan_or_yi(renderer):
    assert filters.amount(864000, "万元", "亿") == "86.4亿元"
    assert filters.amount(86.4, "亿元", "万") == "864000万元"
    assert filters.amount(864000, "万元", "auto") == "86.4亿元"  # 1万万元 and more: 亿元
    assert filters.amount(8640, "万元", "auto") == "8640万元"
    figure = "{label: 经费, value: 864000, unit: 万元, scale: 亿}"
    assert "经费864000万元" not in speech(renderer, with_figure(figure))
    assert "经费86.4亿元" in speech(renderer, with_figure(figure))


def test_percentages_carry_no_needless_trailing_zero_unless_typed(renderer):
    assert filters.growth(40, 100, "所") == "比上年下降60%"
    assert filters.growth(92.5, 90.5, "%") == "比上年提高2个百分点"
    typed = with_figure("{label: 巩固率, value: 60.0, unit: '%', previous: 50}")
    assert "巩固率60.0%，比上年提高10个百分点" in speech(renderer, typed)
    typed_with_unit = with_figure("{label: 巩固率, value: 8.70%}")
    assert "巩固率8.70%" in speech(renderer, typed_with_unit)
    plain = with_figure("{label: 巩固率, value: 60, unit: '%'}")
    assert "巩固率60%" in speech(renderer, plain)


# --- Chinese names of choices -------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "style", "label"),
    [
        ("（一）", "paren", "（一）"),
        ("(一)", "paren", "（一）"),
        ("1、", "arabic-dun", "1、"),
        ("1.", "arabic", "1."),
        ("（1）", "paren-arabic", "（1）"),
        ("一是", "shi", "一是"),
        ("一要", "yao", "一要"),
        ("第一，", "di", "第一，"),
        ("第一", "di", "第一，"),
        ("不编号", "none", ""),
    ],
)
def test_numbering_styles_typed_as_they_look(renderer, typed, style, label):
    text = (
        HEAD
        + ITEMS.replace("    items:", f"    numbering: '{typed}'\n    items:")
        + ("          - {label: a, value: 1}\n      - headline: 民生保障更加有力\n")
    )
    loaded = load(renderer, text)
    assert loaded.outline.parts[0].numbering == style
    lines = renderer.document(loaded).lines()
    assert any(line.startswith(f"{label}教育投入持续加大") for line in lines)


def test_kinds_and_part_types_by_their_chinese_names(renderer):
    text = """\
    kind: 年度工作会议讲话
    occasion: 2026年全市教育工作会议
    parts_numbering: 1、
    parts:
      - type: 工作回顾
        items: [{headline: 党建工作不断加强}]
      - type: 工作要求
        items: [{headline: 加强组织领导}]
    """
    outline = load(renderer, text).outline
    assert outline.kind == "work-conference"
    assert [part.type for part in outline.parts] == ["review", "requirements"]
    assert outline.parts_numbering == "arabic-dun"
    assert load(renderer, text.replace("年度工作会议讲话", "推进会")).outline.kind == (
        "promotion-meeting"
    )


def test_wrong_chinese_choices_get_did_you_mean_from_the_names(renderer):
    text = """\
    kind: 年度工做会议
    occasion: 2026年全市教育工作会议
    parts:
      - type: 工作回故
        numbering: （甲）
        items: [{headline: 党建工作不断加强}]
    """
    found = errors(renderer, text)
    assert found[0].startswith(
        "o.yaml:1:7: kind: unknown kind '年度工做会议' (did you mean '年度工作会议' / "
        "'work-conference'?); kinds: exchange-meeting 经验交流会,"
    )
    assert found[1].startswith(
        "o.yaml:4:5: parts[0]: unknown type '工作回故' (did you mean '工作回顾' / 'review'?); "
        "types: review 工作回顾, situation 形势分析"
    )
    numbering = text.replace("工作回故", "工作回顾").replace("年度工做会议", "年度工作会议")
    assert errors(renderer, numbering) == [
        "o.yaml:5:16: parts[0].numbering: '（甲）' is not one of: paren （一）, arabic 1., "
        "arabic-dun 1、, paren-arabic （1）, shi 一是, yao 一要, di 第一，, none 不编号 "
        "(did you mean '（一）' / 'paren'?)"
    ]


# --- Chinese keys -------------------------------------------------------------------------

CHINESE = """\
类型: 年度工作会议
会议: 2026年全市教育工作会议
讲话人: 市教育局局长 张某某
部分:
  - 类型: 工作回顾
    时段: 2025年
    条目:
      - 小标题: 党建工作不断加强
        正文: 新建党组织12个。
        数据:
          - {指标: 教育经费总投入, 动词: 达, 数值: 86.4亿元, 上期: 79.4亿元}
      - 标题: 民生保障更加有力
        正文: 资助学生6万人次。
结束语: 同志们，让我们共同努力，奋力开创教育事业新局面！
"""


def test_chinese_keys_are_read_as_the_english_ones(renderer):
    loaded = load(renderer, CHINESE)
    outline = loaded.outline
    assert (outline.kind, outline.speaker, outline.parts[0].period) == (
        "work-conference",
        "市教育局局长 张某某",
        "2025年",
    )
    assert [item.headline for item in outline.parts[0].items] == [
        "党建工作不断加强",
        "民生保障更加有力",
    ]
    assert outline.closing.text.startswith("同志们")
    assert loaded.data["parts"][0]["items"][1]["headline"] == "民生保障更加有力"
    # every location moved with its key: the item's headline is where 标题 stands
    assert loaded.source.locate(("parts", 0, "items", 1, "headline")).line == 12
    assert loaded.source.keys[("parts", 0, "items", 1, "headline")].column == 9


def test_a_problem_under_a_chinese_key_is_at_its_line(renderer):
    text = CHINESE.replace("正文: 资助学生6万人次。", "正文: [a, b]")
    assert errors(renderer, text) == [
        "o.yaml:13:13: parts[0].items[1].text: expected text, got a list"
    ]


def test_unknown_chinese_keys_get_did_you_mean_from_the_aliases(renderer):
    text = CHINESE.replace("讲话人:", "讲话者:")
    assert errors(renderer, text) == [
        "o.yaml:3:1: 讲话者: unknown key '讲话者' (did you mean '讲话人' / 'speaker'?)"
    ]


def test_a_key_given_under_both_names_is_an_error(renderer):
    text = CHINESE + "speaker: 张某某\n"
    assert errors(renderer, text) == [
        "o.yaml:3:1: speaker: '讲话人' is 'speaker', which is given too; keep one"
    ]


def test_check_notes_the_chinese_keys_once_per_file(write_outline, renderer):
    path = write_outline(CHINESE)
    found = check_outline(path, renderer)
    notes = [p for p in found if p.rule == "chinese-key"]
    assert len(notes) == 1 and notes[0].severity == "info"
    assert notes[0].format(with_severity=True, with_rule=True) == (
        f"{path}:1:1: info: Chinese keys are read as drafter's keys: 类型 → kind, 会议 → occasion, "
        "讲话人 → speaker, 部分 → parts, 类型 → type, 时段 → period, 条目 → items, "
        "小标题 → headline, 正文 → text, 数据 → figures, 指标 → label, 动词 → verb, "
        "数值 → value, 上期 → previous, 标题 → headline, 结束语 → closing [chinese-key]"
    )
    assert exit_code(notes) == exit_code(notes, strict=True) == 0
    result = runner.invoke(app, ["check", str(path), "--json", "--strict"])
    assert result.exit_code == 0
    assert [p["severity"] for p in json.loads(result.stdout)] == ["info"]
    text = runner.invoke(app, ["check", str(path)]).stdout
    assert text.splitlines()[-1] == "0 errors, 0 warnings, 1 note in 1 outline"


def test_stats_of_a_chinese_outline(write_outline):
    result = runner.invoke(app, ["stats", str(write_outline(CHINESE))])
    assert result.exit_code == 0, result.output
    assert "2025年工作回顾" in result.stdout


# --- full-width colons --------------------------------------------------------------------


def test_a_key_with_a_full_width_colon_is_said_at_the_colon(renderer):
    text = (
        HEAD + "讲话人：张某某\nspeaker： 李某某\n" + ITEMS + "          - {label: a, value: 1}\n"
    )
    found = errors(renderer, text)
    assert found == [
        "o.yaml:3:4: a key must be followed by a half-width colon : (found ： after '讲话人'); "
        "write 讲话人: …",
        "o.yaml:4:8: a key must be followed by a half-width colon : (found ： after 'speaker'); "
        "write speaker: …",
    ]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            "parts:\n  - type: review\n    items:\n      - headline：党建\n        text: 新建\n",
            "4:17",
        ),
        ("parts:\n  - type: review\n    title：回顾\n", "3:10"),
        ("opening:\n  text: 今天\n  basis：根据\nparts: []\n", "3:8"),
        ("figures: [{label：经费, value: 1}]\n", "1:17"),
    ],
)
def test_a_full_width_colon_anywhere_is_said_at_the_colon(text, where):
    with pytest.raises(SourceError) as info:
        load_yaml(text, "o.yaml")
    (problem,) = info.value.problems
    assert str(problem.location) == f"o.yaml:{where}"
    assert problem.message.startswith("a key must be followed by a half-width colon")


def test_a_list_item_that_is_a_key_with_a_full_width_colon(renderer):
    text = (
        HEAD
        + ITEMS.replace("      - headline: 教育投入持续加大\n        figures:\n", "")
        + ("      - headline：教育投入持续加大\n      - headline: 民生保障更加有力\n")
    )
    assert errors(renderer, text) == [
        "o.yaml:6:17: parts[0].items[0]: a key must be followed by a half-width colon : "
        "(found ： after 'headline'); write headline: …"
    ]
    lone = "讲话人：张某某\n"
    assert errors(renderer, lone)[0].startswith("o.yaml:1:4: a key must be followed")


def test_text_with_a_full_width_colon_is_text():
    loaded = load_yaml("facts:\n  - 目标：完成12所\ntext: 主要任务：部署工作\n", "o.yaml")
    assert loaded.data == {"facts": ["目标：完成12所"], "text": "主要任务：部署工作"}


# --- a list line without its '- ' ----------------------------------------------------------

RUN_ON = (
    HEAD
    + """\
parts:
  - type: review
    shortcomings:
      - 城区学位供需矛盾依然突出
        教师队伍结构性矛盾仍然存在
      - 一些学校安全管理存在薄弱环节，
        隐患排查还不够彻底
    items:
      - headline: 党建工作不断加强
        text: 新建党组织12个。
"""
)


def test_a_list_line_without_its_dash_is_a_warning_at_its_line(write_outline, renderer):
    path = write_outline(RUN_ON)
    found = [p for p in check_outline(path, renderer) if p.rule == "list-item"]
    assert [p.format(with_severity=True, with_rule=True) for p in found] == [
        f"{path}:7:9: warning: this line is joined to the list item above (2 lines read as one "
        "item); if it is an item of its own, start it with '- ' [list-item]"
    ]
    result = runner.invoke(app, ["render", str(path), "-f", "txt"])
    assert result.exit_code == 0
    assert "[list-item]" in result.stderr


def test_wrapped_latin_text_is_no_list_item():
    loaded = load_yaml("facts:\n  - this is one\n    sentence\n", "o.yaml")
    assert loaded.warnings == [] and loaded.data == {"facts": ["this is one sentence"]}


# --- encodings ----------------------------------------------------------------------------

TRADITIONAL = HEAD.replace("2026年全市教育工作会议", "2026年全市教育工作會議") + (
    "title: 深化改革創新 推進優質發展\nspeaker: 市教育局黨委書記、局長 張某某\n"
)


def test_a_big5_file_asks_for_its_encoding_at_the_first_odd_character():
    with pytest.raises(SourceError) as info:
        decode_text(TRADITIONAL.encode("big5"), "o.yaml")
    (problem,) = info.value.problems
    assert str(problem.location) == "o.yaml:2:15"  # 年 of 2026年全市…, read as a rare character
    assert "it looks like big5: name it with --encoding big5" in problem.message
    assert decode_text(TRADITIONAL.encode("big5"), "o.yaml", "big5") == TRADITIONAL


def test_traditional_characters_saved_as_gbk_read_as_they_are():
    assert decode_text(TRADITIONAL.encode("gb18030"), "o.yaml") == TRADITIONAL


def test_the_encoding_guesser_is_imported_only_for_a_file_that_looks_misread():
    code = (
        "import sys\nfrom drafter.decoding import decode_text\n"
        f"decode_text({'各位领导、同志们：今天我们召开全市教育工作会议。'.encode('gb18030')!r}, 'o')\n"
        "print('charset_normalizer' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "False"


# --- closings show ------------------------------------------------------------------------


def test_closings_show_with_a_required_parameter_missing_gives_an_example():
    result = runner.invoke(app, ["closings", "show", "opening-meeting"])
    assert result.exit_code == 2
    assert "  --with occasion=…  会议名称，如：2026年全市教育工作会议 [required]" in result.stdout
    assert result.stderr.splitlines() == [
        "'opening-meeting' needs 'occasion' to be shown; for example:",
        "  drafter closings show opening-meeting --with occasion=2026年全市教育工作会议",
    ]


# --- less noise ---------------------------------------------------------------------------


def test_half_width_marks_once_per_value_with_each_place_in_json(write_outline, renderer):
    text = HEAD + ITEMS.replace(
        "        figures:\n", "        text: 新建党组织12个,成效明显;有序推进。\n"
    )
    path = write_outline(text)
    (found,) = check_outline(path, renderer)
    assert found.message.startswith("2 half-width marks in Chinese text (, → ，、; → ；)")
    assert "render writes them full width" in found.message
    assert found.as_json()["details"] == [
        {"line": 7, "column": 23, "mark": ",", "replacement": "，"},
        {"line": 7, "column": 28, "mark": ";", "replacement": "；"},
    ]


def test_render_sums_up_placeholders_in_one_line(write_outline):
    text = (
        HEAD
        + ITEMS.replace("        figures:\n", "        text: 新建XX所，改扩建XX所。\n")
        + ("      - headline: 民生保障更加有力\n        text: 资助学生【待补】人次。\n")
    )
    path = write_outline(text)
    result = runner.invoke(app, ["render", str(path), "-f", "txt"])
    lines = [line for line in result.stderr.splitlines() if "[placeholder]" in line]
    assert lines == [
        f"{path}: warning: 3 placeholders left: lines 7, 9 (drafter check or -v lists each) "
        "[placeholder]"
    ]
    out = str(path.with_suffix(".md"))
    verbose = runner.invoke(app, ["render", str(path), "-v", "-f", "md", "-o", out])
    assert verbose.stderr.count("[placeholder]") == 3


# --- one table of Chinese names ------------------------------------------------------------


def test_every_chinese_key_is_read_as_its_english_key():
    for row in key_rows(model.Outline):
        assert row.zh and row.places, row


def test_the_schema_carries_the_chinese_names():
    schema = schema_dict(Templates().kinds().values())
    properties = schema["properties"]
    assert properties["讲话人"]["title"] == "讲话人 = speaker"
    assert properties["speaker"]["title"] == "speaker（讲话人）"
    kinds = properties["kind"]["anyOf"][0]
    assert "年度工作会议" in kinds["enum"]
    assert kinds["enumDescriptions"][kinds["enum"].index("年度工作会议")] == "同 work-conference"
    numbering = schema["$defs"]["OutlineItem"]["properties"]["numbering"]["anyOf"][0]
    assert {"（一）", "一是", "第一，", "1、"} <= set(numbering["enum"])
    assert numbering["enumDescriptions"][numbering["enum"].index("paren")] == "（一）"
    review = schema["$defs"]["ReviewPart"]["properties"]
    assert review["type"]["enum"] == ["review", "工作回顾", "回顾"]
    assert "时段" in review and "条目" in review


def test_a_number_typed_with_its_unit_over_a_table_in_another_scale(tmp_path, write_outline):
    (tmp_path / "统计.csv").write_text(
        '指标,本年,上年,单位\n教育经费总投入,"864,321","795,000",万元\n', encoding="utf-8"
    )
    figure = "{label: 教育经费总投入, from: stats, value: 86.4亿元}"
    text = HEAD + "data: {stats: 统计.csv}\n" + ITEMS + f"          - {figure}\n"
    path = write_outline(text)
    renderer = Renderer()
    lines = renderer.document(renderer.load(path)).lines()  # 上年 795,000万元 is 79.5亿元
    assert any("教育经费总投入86.4亿元，比上年增长8.7%" in line for line in lines)
    found = [p.rule for p in check_outline(path, renderer) if p.severity != "info"]
    assert found == ["table-unit"]  # 86.4亿元 rounds the table's; 上年 is converted
    differs = write_outline(text.replace("86.4亿元", "86.5亿元"), name="differs.yaml")
    assert [p.message for p in check_outline(differs, renderer) if p.rule == "figure-source"] == [
        f"'教育经费总投入' value is 86.5 here but 86.4321 in {tmp_path / '统计.csv'}:B2; "
        "the draft says 86.5"
    ]


def test_a_number_is_dumped_as_it_was_typed():
    import yaml

    data = load_yaml("value: 60.0\nprevious: [1.50, 2]\n", "o.yaml").data
    assert yaml.safe_dump(data) == "previous:\n- 1.50\n- 2\nvalue: 60.0\n"
    assert json.dumps(data) == '{"value": 60.0, "previous": [1.5, 2]}'
