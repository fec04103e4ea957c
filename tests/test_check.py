"""drafter check: one test per rule (hit and miss), disabling, exit codes, JSON."""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX
from typer.testing import CliRunner

from drafter.analysis.check import RULES, check_outline
from drafter.cli.app import app
from drafter.pipeline import Renderer

from conftest import EXAMPLES, KINDS, MINIMAL

runner = CliRunner()

BASE = """\
kind: work-conference
title: 标题
occasion: 2026年全市教育工作会议
speaker: 局长 张某某
parts:
  - type: review
    items:
      - headline: 党建工作不断加强
        text: 新建党组织12个。
      - headline: 民生保障更加有力
        text: 资助学生6万人次。
  - type: requirements
    items:
      - headline: 加强组织领导
        text: 各单位要高度重视。
"""


def problems(write_outline, text: str, renderer: Renderer | None = None, **kw) -> list:
    path = write_outline(textwrap.dedent(text))
    return check_outline(path, renderer or Renderer(), **kw)


def rules(found) -> list[str]:
    return [p.rule for p in found]


def test_the_base_outline_is_clean(write_outline):
    assert problems(write_outline, BASE) == []


def test_every_example_is_clean(renderer):
    for kind in KINDS:
        found = check_outline(EXAMPLES / f"{kind}.yaml", renderer)
        assert [p for p in found if p.rule != "table-cells"] == [], kind


def test_marked_lists_the_comments_next_and_extract_leave(write_outline):
    text = (
        BASE.replace(
            "  - type: review\n", "  # 更新：按2027年的情况改写这一部分\n  - type: review\n"
        )
        .replace("title: 标题", "title: 标题   # 核对：标题到这里结束是推测的")
        .replace("text: 新建党组织12个。", 'text: "新建党组织12个 # 更新：不是注释"')
    )
    found = [p for p in problems(write_outline, text) if p.rule == "marked"]
    assert [(p.location.line, p.location.column, p.severity) for p in found] == [
        (2, 13, "warning"),
        (6, 3, "warning"),
    ]
    assert found[0].message.startswith("to check (# 核对：标题到这里结束是推测的)")
    assert found[1].message == (
        "to update for this speech (# 更新：按2027年的情况改写这一部分); "
        "rewrite it, then delete the comment"
    )


def test_schema_errors_are_everything_render_rejects(write_outline):
    found = problems(write_outline, BASE.replace("headline: 加强组织领导", "headlin: 加强组织领导"))
    assert rules(found) == ["schema"]
    assert found[0].severity == "error"
    assert found[0].location.line == 14


@pytest.mark.parametrize("bad", ["XX", "201X年", "【待补】", "TODO", "××", "○○", "？？", "___"])
def test_placeholder(write_outline, bad):
    found = problems(write_outline, BASE.replace("新建党组织12个。", f"新建党组织{bad}个。"))
    assert rules(found) == ["placeholder"]
    assert found[0].severity == "warning"
    offset = bad.find("X") if bad.startswith("201") else 0
    assert (found[0].location.line, found[0].location.column) == (9, 20 + offset)


def test_placeholder_inside_a_block_scalar_is_pointed_at(write_outline):
    text = BASE.replace(
        "        text: 新建党组织12个。",
        "        text: |\n          第一段。\n          第二段有XX。",
    )
    found = problems(write_outline, text)
    assert [(p.rule, p.location.line, p.location.column) for p in found] == [
        ("placeholder", 11, 15)
    ]


def test_empty_part_and_item(write_outline):
    text = BASE + "  - type: topic\n    title: 专题\n"
    text = text.replace("        text: 资助学生6万人次。\n", "")
    found = problems(write_outline, text)
    assert rules(found) == ["empty", "empty"]
    assert "only a headline" in found[0].message
    assert "nothing in it" in found[1].message


def test_duplicate_headline(write_outline):
    found = problems(write_outline, BASE.replace("民生保障更加有力", "党建工作不断加强。"))
    assert "duplicate-headline" in rules(found)
    assert "already used (line 8)" in next(
        p.message for p in found if p.rule == "duplicate-headline"
    )


def test_headline_length(write_outline):
    long = "这是一个非常非常长的标题长到已经不适合作为一个小标题来使用了吧"
    found = problems(write_outline, BASE.replace("加强组织领导", long))
    assert rules(found) == ["headline-length"]


def test_headline_punctuation_inconsistent_within_a_part(write_outline):
    found = problems(write_outline, BASE.replace("党建工作不断加强", "党建工作不断加强。"))
    assert rules(found) == ["headline-punctuation"]
    assert found[0].location.line == 8
    consistent = BASE.replace("不断加强", "不断加强。").replace("更加有力", "更加有力。")
    assert problems(write_outline, consistent) == []


def test_half_width_punctuation(write_outline):
    found = problems(
        write_outline, BASE.replace("各单位要高度重视。", "各单位要高度重视,抓好落实!")
    )
    assert rules(found) == ["half-width-punctuation"]
    assert "2 half-width marks" in found[0].message
    assert found[0].location.column == 23
    assert problems(write_outline, BASE.replace("12个", "12个(8:30开会)")) != []
    assert problems(write_outline, BASE.replace("新建党组织12个。", "Hello, world.")) == []


def test_figure_conflict(write_outline):
    text = BASE.replace(
        "        text: 新建党组织12个。",
        "        text: 新建党组织12个。\n        figures: [{label: 教育经费, value: 45.6, unit: 亿元}]",
    ).replace(
        "        text: 资助学生6万人次。",
        "        text: 资助学生6万人次。\n        figures: [{label: 教育经费, value: 46, unit: 亿元}]",
    )
    found = problems(write_outline, text)
    assert rules(found) == ["figure-conflict"]
    assert "46 here but 45.6 at line 10" in found[0].message


def test_count_mismatch_in_opening_and_intro(write_outline):
    text = BASE.replace("parts:", "opening: 今天开会。下面，我讲三个方面的问题。\nparts:")
    found = problems(write_outline, text)
    assert rules(found) == ["count-mismatch"]
    assert found[0].severity == "warning"
    assert "'讲三个方面' says 3 but there are 2 parts" in found[0].message
    assert problems(write_outline, text.replace("讲三个方面", "讲两个方面")) == []


def test_count_mismatch_before_items(write_outline):
    text = BASE.replace(
        "  - type: requirements\n", "  - type: requirements\n    intro: 我再提两点要求。\n"
    )
    found = problems(write_outline, text)
    assert "'提两点' says 2 but there is 1 item" in found[0].message


@pytest.mark.parametrize(
    "said",
    [
        "下面，我讲三个问题。",
        "下面，我从三个方面谈谈看法。",
        "我先讲三点意见。",
        "下面，我讲三个方面的意见。",
        "下面，我就做好今年的工作讲三点。",
        "在这里，我强调三点。",
        "我谈谈三点看法。",
    ],
)
def test_count_mismatch_in_every_phrasing_of_the_genre(write_outline, said):
    found = problems(write_outline, BASE.replace("parts:", f"opening: 今天开会。{said}\nparts:"))
    assert rules(found) == ["count-mismatch"], said
    assert "says 3 but there are 2 parts" in found[0].message


def test_count_mismatch_in_an_item_that_announces_its_own_list(write_outline):
    text = BASE.replace(
        "        text: 各单位要高度重视。\n",
        "        text: 要重点抓好三项工作：\n"
        "        numbering: shi\n"
        "        items:\n"
        "          - text: 建好队伍。\n"
        "          - text: 用好经费。\n",
    )
    found = problems(write_outline, text)
    assert rules(found) == ["count-mismatch"]
    assert "'抓好三项' says 3 but there are 2 items" in found[0].message
    assert found[0].path == "parts[1].items[0].text"


SUBITEMS = """\
        numbering: shi
        items:
          - text: 建好队伍。
          - text: 用好经费。
          - text: 管好安全。
"""


@pytest.mark.parametrize(
    ("key", "said", "counted"),
    [
        ("headline", "要突出两个重点", "两个重点"),
        ("text", "师德具有两个方面的重要特点。", "两个方面"),
        ("text", "这项工作有以下两个特点：", "以下两个"),
        ("text", "主要体现在两个方面：", "体现在两个方面"),
        ("text", "要做到两个结合：", "做到两个"),
        ("text", "重点把好两个环节：", "两个环节"),
    ],
)
def test_count_mismatch_in_headlines_and_texts_against_the_items_below(
    write_outline, key, said, counted
):
    """Every phrasing the genre uses to state a count, against three sub-items."""
    item = "      - headline: 加强组织领导\n" if key == "text" else f"      - headline: {said}\n"
    text = BASE.replace(
        "      - headline: 加强组织领导\n        text: 各单位要高度重视。\n",
        item + (f"        text: {said}\n" if key == "text" else "") + SUBITEMS,
    )
    found = problems(write_outline, text)
    assert rules(found) == ["count-mismatch"], found
    assert f"'{counted}' says 2 but there are 3 items" in found[0].message
    assert found[0].path == f"parts[1].items[0].{key}"
    assert found[0].location.line == (14 if key == "headline" else 15)
    assert problems(write_outline, text.replace("两个", "三个")) == []


@pytest.mark.parametrize(
    ("said", "counted"),
    [
        ("下面，我讲两个方面的问题：", "讲两个方面"),
        ("我再提2点要求：", "提2点"),
        ("要从以下2个方面发力：", "以下2个"),
        ("师德具有两方面的特点：", "两方面"),
        ("重点推进两项工作：", "两项工作"),
        ("主要采取了两项措施：", "两项措施"),
        ("概括起来有两条经验：", "两条经验"),
        ("着力实施两大工程：", "两大工程"),
        ("要抓住两个关键：", "两个关键"),
        ("要处理好两个关系：", "两个关系"),
        ("坚持两个原则：", "两个原则"),
        ("要强化两种意识：", "两种意识"),
        ("一年来，着力抓好了两项工作：", "抓好了两项"),
        ("我讲两句话：", "讲两句话"),
        ("我分两个部分来讲：", "分两个部分"),
        ("下面，我就两个问题讲点意见：", "就两个问题"),
        ("体现在两大方面：", "体现在两大方面"),
    ],
)
def test_count_mismatch_in_the_corpus_phrasings_and_arabic_numerals(write_outline, said, counted):
    """Issue 21's audit: each phrasing, in Chinese or Arabic numerals, against three items."""
    text = BASE.replace("        text: 各单位要高度重视。\n", f"        text: {said}\n" + SUBITEMS)
    found = problems(write_outline, text)
    assert rules(found) == ["count-mismatch"], said
    assert f"'{counted}' says 2 but there are 3 items" in found[0].message


@pytest.mark.parametrize(
    "said",
    [
        "要增强四个意识，做到以下几点：",  # a political set, and a vague count
        "坚持“两个结合”，抓好以下工作：",  # a quoted name
        "第二个方面，要抓好以下工作：",  # an ordinal
        "一方面要抓落实，另一方面要抓督查：",  # 一方面 is no count
        "安全、质量、廉洁等两项工作之外，还要：",  # the sum of a list before it
        "落实“十三五”规划，抓好2025年的工作：",  # numbers that count nothing
    ],
)
def test_no_count_mismatch_for_set_phrases_ordinals_and_sums(write_outline, said):
    text = BASE.replace("        text: 各单位要高度重视。\n", f"        text: {said}\n" + SUBITEMS)
    assert problems(write_outline, text) == [], said


def test_count_mismatch_in_the_lead_ins_of_shortcomings_opportunities_and_challenges(
    write_outline,
):
    text = BASE.replace(
        "  - type: requirements\n",
        "    shortcomings_intro: 同时也要看到，工作中还存在三个方面的问题\n"
        "    shortcomings: [学位供给仍然偏紧, 师资结构还不均衡]\n"
        "  - type: situation\n"
        "    opportunities_intro: 从有利条件看，主要有三个方面\n"
        "    opportunities: [政策支持有力, 群众期盼强烈]\n"
        "    challenges_intro: 从面临的挑战看，突出表现在以下四点\n"
        "    challenges: [生源持续下降, 经费压力加大]\n"
        "  - type: requirements\n",
    )
    found = problems(write_outline, text)
    assert rules(found) == ["count-mismatch"] * 3, found
    assert [p.path for p in found] == [
        "parts[0].shortcomings_intro",
        "parts[1].opportunities_intro",
        "parts[1].challenges_intro",
    ]
    assert "'三个方面' says 3 but shortcomings lists 2" in found[0].message
    agreeing = text.replace("三个方面", "两个方面").replace("以下四点", "以下两点")
    assert problems(write_outline, agreeing) == []


@pytest.mark.corpus
def test_no_count_mismatch_in_the_corpus_speeches(tmp_path):
    """Every corpus speech, extracted, says no count that check takes for a slip."""
    from conftest import CORPUS

    for speech in sorted(CORPUS.glob("*.txt")):
        outline = tmp_path / f"{speech.stem}.yaml"
        assert runner.invoke(app, ["extract", str(speech), "-o", str(outline)]).exit_code == 0
        found = check_outline(outline, Renderer())
        assert [p for p in found if p.rule == "count-mismatch"] == [], speech.name


def test_count_mismatch_in_a_part_title_and_an_announce_sentence(write_outline):
    titled = BASE.replace(
        "  - type: requirements\n", "  - type: requirements\n    title: 突出两个重点\n"
    )
    assert "'两个重点' says 2 but there is 1 item" in problems(write_outline, titled)[0].message
    stated = BASE.replace("parts:", "opening:\n  announce: 下面，我讲三点意见。\nparts:")
    found = problems(write_outline, stated)
    assert rules(found) == ["count-mismatch"] and found[0].path == "opening.announce"
    vague = BASE.replace("parts:", "opening:\n  announce: 借此机会，我讲几点意见。\nparts:")
    assert problems(write_outline, vague) == []


@pytest.mark.parametrize(
    ("date", "greeting", "fits"),
    [
        ("2026-01-06", "greeting-new-year", "greeting-spring-festival fits that date"),
        ("2026-07-10", "greeting-spring-festival", "greeting-summer fits that date"),
        ("2026-12-28", "greeting-summer", "greeting-new-year, greeting-spring-festival fit"),
        ("2026年3月", "greeting-mid-autumn", "none of the greetings in the library fits that date"),
    ],
)
def test_date_fit_finds_a_greeting_that_does_not_fit_the_date(write_outline, date, greeting, fits):
    text = BASE + f"date: {date}\nclosing: {{greeting: {greeting}}}\n"
    found = problems(write_outline, text)
    assert rules(found) == ["date-fit"], found
    assert found[0].location.line == 17 and found[0].path == "closing.greeting"
    assert f"'{greeting}' (" in found[0].message and fits in found[0].message


def test_date_fit_leaves_a_fitting_greeting_and_reads_the_writer_s_own(write_outline):
    fine = BASE + "date: 2026-01-20\nclosing: {greeting: greeting-spring-festival}\n"
    assert problems(write_outline, fine) == []
    undated = BASE + "closing: {greeting: greeting-new-year}\n"
    assert problems(write_outline, undated) == []
    own = (
        BASE + "date: 2026-06-12\nclosing: {greeting: {text: 新春佳节即将来临，祝大家新春愉快！}}\n"
    )
    found = problems(write_outline, own)
    assert rules(found) == ["date-fit"] and found[0].path == "closing.greeting.text"
    assert "speaks of 新春" in found[0].message
    midyear = BASE + "date: 2026-12-20\nclosing: {use: closing-midyear-sprint}\n"
    assert rules(problems(write_outline, midyear)) == ["date-fit"]


@pytest.mark.parametrize(
    ("date", "closing", "word"),
    [
        ("2026-01-06", "同志们，新年的钟声即将敲响。让我们携手奋进！", "新年"),
        ("2026-06-10", "春节将至，祝大家身体健康！", "春节"),
        ("2026-06-10", "值此辞旧迎新之际，祝大家工作顺利！", "辞旧迎新"),
    ],
)
def test_date_fit_reads_a_greeting_in_the_closing_s_own_text(write_outline, date, closing, word):
    for written in (f"closing: {closing}\n", f"closing: {{text: {closing}}}\n"):
        found = problems(write_outline, BASE + f"date: {date}\n" + written)
        assert rules(found) == ["date-fit"], found
        assert f"speaks of {word}" in found[0].message and found[0].location.line == 17
    # what fits its date, and words that name no season (新年伊始, 新年度) pass
    for fine in (
        "2026-06-20: 暑期将至，要抓好安全。",
        "2026-01-06: 新年伊始，在新年度里再创佳绩！",
    ):
        day, said = fine.split(": ")
        assert problems(write_outline, BASE + f"date: {day}\nclosing: {said}\n") == []


def test_sentence_end_where_render_adds_the_full_stop(write_outline):
    text = BASE.replace("新建党组织12个。", "新建党组织12个")
    found = problems(write_outline, text)
    assert rules(found) == ["sentence-end"]
    assert found[0].location.line == 9 and "render adds 。" in found[0].message
    document = Renderer().document(Renderer().loads(textwrap.dedent(text)))
    assert "（一）党建工作不断加强。新建党组织12个。" in document.lines()
    # a lead-in that ends with ：, a quote closed after its 。, and the generic kind are fine
    for fine in ("他说：“新建党组织12个。”", "主要做法有："):
        assert problems(write_outline, BASE.replace("新建党组织12个。", fine)) == []
    assert "sentence-end" not in rules(
        problems(write_outline, text.replace("work-conference", "generic"))
    )


def test_repeated_phrase_where_stock_text_says_it_again(write_outline):
    # the writer's text repeats the sentence the kind says before its requirements
    text = BASE.replace("资助学生6万人次。", "资助学生6万人次。工作成效如何，最终要看行动。")
    found = [p for p in problems(write_outline, text) if p.rule == "repeated-phrase"]
    assert len(found) == 1
    assert "“工作成效如何，最终要看行动" in found[0].message
    assert "stock text (template work-conference/requirements) says it too" in found[0].message
    assert "library entry" not in found[0].message  # no entry to change: the writer's words
    assert found[0].path == "parts[0].items[1].text" and found[0].location.line == 11
    # the writer's own parallel wording is a choice, not a slip
    parallel = BASE.replace("新建党组织12个。", "抓党建，就是抓发展的根本。").replace(
        "资助学生6万人次。", "抓民生，就是抓发展的根本。"
    )
    assert "repeated-phrase" not in rules(problems(write_outline, parallel))


def test_repeated_phrase_said_twice_in_a_row(write_outline):
    """A lead-in said again straight after itself: the writer's intro ending with what the
    stock count sentence begins with, or the writer's intro and announce."""
    stock = BASE.replace(
        "  - type: requirements\n",
        "  - type: requirements\n    intro: 成绩来之不易。为此，\n    announce: true\n",
    )
    # the stock count drops its own 为此 after the writer's (render/filters.after_lead)
    said = "\n".join(Renderer().document(Renderer().loads(stock)).lines())
    assert "为此，为此" not in said and "成绩来之不易。为此，" in said
    assert "repeated-phrase" not in rules(problems(write_outline, stock))
    written = BASE.replace(
        "  - type: review\n",
        "  - type: review\n    intro: 一年来，工作有序推进。概括起来，\n"
        "    announce: 概括起来，主要有{n}个方面：\n",
    )
    said = "\n".join(Renderer().document(Renderer().loads(written)).lines())
    assert "概括起来，主要有两个方面：" in said and "概括起来，概括起来" not in said
    # typed twice in the writer's own sentence: said where it stands
    typed = BASE.replace("资助学生6万人次。", "为此，为此，我们资助学生6万人次。")
    found = [p for p in problems(write_outline, typed) if p.rule == "repeated-phrase"]
    assert len(found) == 1 and "“为此” is said more than once" in found[0].message
    assert "both times in your words" in found[0].message
    assert "library entry" not in found[0].message and "template" not in found[0].message
    assert found[0].path == "parts[0].items[1].text"
    # words said twice in a row on purpose are not a lead-in repeated (研究研究, 一个一个)
    fine = BASE.replace("新建党组织12个。", "问题要一个一个解决，研究研究再定。")
    assert "repeated-phrase" not in rules(problems(write_outline, fine))


def test_a_phrase_stock_text_frames_around_the_writer_s_words_is_a_repeat_too(write_outline):
    """在{leadership}的坚强领导下: stock words around the writer's, said again in the closing."""
    text = BASE.replace(
        "speaker: 局长 张某某\n", "speaker: 局长 张某某\nleadership: 区委、区政府\n"
    )
    text += "closing: 让我们在区委、区政府的坚强领导下，奋力完成各项任务！\n"
    found = [p for p in problems(write_outline, text) if p.rule == "repeated-phrase"]
    assert found and "坚强领导下" in found[0].message
    # the kind's own closing says it otherwise: no repeat in a draft the writer did not touch
    untouched = BASE.replace(
        "speaker: 局长 张某某\n", "speaker: 局长 张某某\nleadership: 区委、区政府\n"
    )
    assert "repeated-phrase" not in rules(problems(write_outline, untouched))


def test_repeated_phrase_in_the_closing_points_at_its_library_entry(write_outline):
    text = BASE.replace("各单位要高度重视。", "各单位要高度重视，一分部署，九分落实。")
    text += "closing: {use: closing-general}\n"
    found = [p for p in problems(write_outline, text) if p.rule == "repeated-phrase"]
    assert found and found[0].path == "closing.use"
    assert "(library entry closing-general)" in found[0].message


def test_count_sentences_render_must_leave_out(write_outline):
    one_part = BASE.split("  - type: requirements")[0].replace(
        "parts:", "opening:\n  announce: 下面，我讲{n}个方面的问题。\nparts:"
    )
    found = problems(write_outline, one_part)
    assert rules(found) == ["count-sentence"] and "there is one part" in found[0].message
    assert found[0].message.endswith("(template work-conference/opening)")
    leading = BASE.replace(
        "  - type: requirements\n",
        "  - type: requirements\n    announce: false\n    intro: 为此，\n",
    )
    found = problems(write_outline, leading)
    assert rules(found) == ["count-sentence"] and "announce is false" in found[0].message
    assert found[0].message.endswith("(template work-conference/requirements)")


def test_speaking_time(write_outline):
    text = BASE + "target_minutes: 1\n"
    found = problems(write_outline, text.replace("各单位要高度重视。", "各单位要高度重视。" * 40))
    assert rules(found) == ["speaking-time"] and "over the 1-minute target" in found[0].message
    found = problems(write_outline, BASE + "target_minutes: 60\n")
    assert rules(found) == ["speaking-time"] and "far below" in found[0].message
    found = problems(write_outline, BASE + "target_minutes: 1\n", rate=50)
    assert "at 50 字/分钟" in found[0].message


def test_rules_can_be_disabled_in_the_outline_and_the_office(write_outline, tmp_path):
    text = BASE.replace("新建党组织12个。", "新建党组织XX个,好。")
    assert rules(problems(write_outline, text)) == ["placeholder", "half-width-punctuation"]
    assert problems(write_outline, text)[1].location.column == 23  # at the comma itself
    quiet = text + "checks: {disable: [placeholder]}\n"
    assert rules(problems(write_outline, quiet)) == ["half-width-punctuation"]
    (tmp_path / "drafter.yaml").write_text(
        "checks: {disable: [half-width-punctuation]}\n", encoding="utf-8"
    )
    from drafter.pipeline import Session

    path = write_outline(quiet)
    assert check_outline(path, Session().renderer_for(path)) == []


def test_unknown_rule_id_is_an_error(write_outline):
    found = problems(write_outline, BASE + "checks: {disable: [placeholders]}\n")
    assert rules(found) == ["schema"]
    assert found[0].message == "unknown check rule 'placeholders' (did you mean 'placeholder'?)"
    assert found[0].location.line == 16


def test_every_rule_is_documented_and_tested():
    tested = {
        "schema",
        "placeholder",
        "empty",
        "empty-key",
        "duplicate-headline",
        "headline-length",
        "headline-punctuation",
        "half-width-punctuation",
        "figure-conflict",
        "figure-source",
        "count-mismatch",
        "date-fit",
        "speaking-time",
        "sentence-end",
        "repeated-phrase",
        "marked",
        "count-sentence",
        "list-item",  # tests/test_forgiving.py
        "chinese-key",  # tests/test_forgiving.py
        "table-cells",  # tests/test_office_tables.py
        "table-hidden",
        "table-formula",
        "table-unit",
        "table-column",  # tests/test_table_audit.py
        "data",  # tests/test_table_audit.py, tests/test_data.py
        "label-word",  # tests/test_stock_text.py
    }
    assert set(RULES) == tested
    assert all(rule.description for rule in RULES.values())


def test_each_problem_has_its_rules_severity(write_outline):
    """A rule's severity is written once, where the rule is declared."""
    text = """\
        kind: work-conference
        title: 标题   # 核对：推测的
        occasion: 2026年全市教育工作会议
        讲话人: 局长 张某某
        target_minutes: 1
        opening: 讲三个方面
        parts:
          - type: review
            intro: XX工作,要做好
            items:
              - headline: 这是一个非常非常长的标题超过三十个字符了吧真的非常非常长的标题啊啊啊啊
              - headline: 这是一个非常非常长的标题超过三十个字符了吧真的非常非常长的标题啊啊啊啊。
                text: "，好,"
                figures:
                  - {label: 学生, value: 6}
                  - {label: 学生, value: 7}
          - type: requirements
        checks:
          disable: [placeholders]
        """
    found = problems(write_outline, text)
    assert len(set(rules(found))) >= 10, rules(found)
    assert [p.severity for p in found] == [RULES[p.rule].severity for p in found]


# --- the command ---------------------------------------------------------------------------


def run(*args):
    return runner.invoke(app, ["check", *map(str, args)])


def test_exit_code_matrix(write_outline):
    clean = write_outline(BASE, name="clean.yaml")
    warned = write_outline(BASE.replace("12个", "XX个"), name="warned.yaml")
    broken = write_outline(BASE.replace("headline: 加强", "headlin: 加强"), name="broken.yaml")
    assert run(clean).exit_code == 0
    assert run(clean, "--strict").exit_code == 0
    assert run(warned).exit_code == 0
    assert run(warned, "--strict").exit_code == 1
    assert run(broken).exit_code == 2
    assert run(broken, warned, "--strict").exit_code == 2


def test_text_output_and_summary(write_outline, tmp_path):
    path = write_outline(BASE.replace("12个", "XX个"))
    result = run(path)
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{path}:9:20: warning: parts[0].items[0].text: placeholder 'XX' left in the text: "
        "…新建党组织XX个。… [placeholder]"
    )
    assert lines[-1] == "0 errors, 1 warning in 1 outline"
    assert run(write_outline(BASE, name="c.yaml")).stdout.strip() == "no problems in 1 outline"


def test_json_output(write_outline):
    path = write_outline(BASE.replace("12个", "XX个"))
    result = run(path, "--format", "json")
    data = json.loads(result.stdout)
    assert data == [
        {
            "file": str(path),
            "line": 9,
            "column": 20,
            "severity": "warning",
            "rule": "placeholder",
            "path": "parts[0].items[0].text",
            "message": "placeholder 'XX' left in the text: …新建党组织XX个。…",
        }
    ]
    assert run(path, "--format", "xml").exit_code == 2


def test_check_reports_a_missing_file_and_a_broken_config(tmp_path):
    result = run(tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "no such file [schema]" in result.stdout
    (tmp_path / "drafter.yaml").write_text("org: [x]\n", encoding="utf-8")
    (tmp_path / "o.yaml").write_text(BASE, encoding="utf-8")
    result = run(tmp_path / "o.yaml")
    assert result.exit_code == 2
    assert "drafter.yaml:1:6: error: org: expected text" in result.stdout


def test_check_does_not_import_python_docx(write_outline):
    import subprocess
    import sys

    path = write_outline(BASE)
    code = (
        f"import sys\nfrom drafter.cli.app import main\nsys.argv=['drafter','check',{str(path)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'docx' not in sys.modules, 'check imported python-docx'\nprint('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().endswith("ok"), result.stderr


# --- render: placeholders are rendered, highlighted and reported ----------------------------


def test_render_highlights_exactly_the_placeholders_and_warns(write_outline):
    path = write_outline(BASE.replace("12个", "XX个").replace("6万人次", "【待补】人次"))
    result = runner.invoke(app, ["render", str(path)])
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if "[placeholder]" in line] == [
        f"{path}: warning: 2 placeholders left: lines 9, 11 (drafter check or -v lists each) "
        "[placeholder]"
    ]
    each = runner.invoke(app, ["render", str(path), "-v", "-o", str(path.with_suffix(".md"))])
    assert each.stderr.count("[placeholder]") == 2
    word = docx.Document(io.BytesIO(path.with_suffix(".docx").read_bytes()))
    marked = [
        r.text
        for p in word.paragraphs
        for r in p.runs
        if r.font.highlight_color == WD_COLOR_INDEX.YELLOW
    ]
    assert marked == ["XX", "【待补】"]


def test_render_normalizes_punctuation_unless_asked_not_to(write_outline):
    path = write_outline(BASE.replace("新建党组织12个。", "新建党组织12个,成效明显!"))
    runner.invoke(app, ["render", str(path), "--format", "txt"])
    assert "新建党组织12个，成效明显！" in path.with_suffix(".txt").read_text(encoding="utf-8")
    runner.invoke(
        app,
        [
            "render",
            str(path),
            "--format",
            "txt",
            "-o",
            str(Path(path.parent, "k.txt")),
            "--keep-punctuation",
        ],
    )
    assert "新建党组织12个,成效明显!" in (path.parent / "k.txt").read_text(encoding="utf-8")


def test_minimal_outline_checks(write_outline):
    assert problems(write_outline, MINIMAL) == []


@pytest.mark.parametrize(
    "said",
    [
        "下面，我讲两句话。",
        "下面，我分两个部分来讲。",
        "我的讲话分为两个部分。",
        "下面，我讲2个方面的问题。",
        "下面，我简要讲些意见。",
        "下面，我围绕两个方面作些强调。",
        "下面，我就两个问题讲点意见。",
        "下面我讲几个方面的意见。",
        "借此机会，我谈几点体会。",
    ],
)
def test_an_opening_that_announces_its_count_gets_no_second_one(write_outline, said):
    """Every phrasing check counts (and the vague ones) tells render the count is said."""
    from drafter.writers.text import to_text

    renderer, text = Renderer(), BASE.replace("parts:", f"opening: 今天开会。{said}\nparts:")
    paragraphs = to_text(renderer.document(renderer.load(write_outline(text)))).splitlines()
    assert f"今天开会。{said}" in paragraphs
    assert problems(write_outline, text) == []


def test_a_stock_slot_left_empty_is_said_to_keep_the_stock_text(write_outline):
    text = BASE.replace("  - type: review\n", "  - type: review\n    intro:\n    outro:\n")
    found = [p for p in problems(write_outline, text) if p.rule == "empty-key"]
    assert [(p.path, p.location.line) for p in found] == [("parts[0].intro", 7)]  # outro has none
    assert "'intro' is empty, so the stock text stays" in found[0].message
    assert "empty-key" not in rules(
        problems(write_outline, text.replace("intro:\n", 'intro: ""\n'))
    )
