"""Every speech of the genre: kinds, the structures real speeches use, stock text that reads right."""

from __future__ import annotations

import copy
import io
import re
import shutil
import textwrap

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from typer.testing import CliRunner

from drafter.analysis.check import check_outline
from drafter.cli.app import app
from drafter.pipeline import Renderer
from drafter.writers.text import to_markdown, to_text

from conftest import EXAMPLES, GOLDEN, KINDS

runner = CliRunner()


def render(renderer: Renderer, text: str, fmt: str = "txt") -> str:
    # read as if it stood among the examples, whose statistics tables it may name
    document = renderer.document(renderer.loads(textwrap.dedent(text), str(EXAMPLES / "x.yaml")))
    return to_text(document) if fmt == "txt" else to_markdown(document)


def example(kind: str) -> dict:
    return yaml.safe_load((EXAMPLES / f"{kind}.yaml").read_text(encoding="utf-8"))


def cut(value, size: int):
    """Every list in the outline cut to its first `size` elements."""
    if isinstance(value, dict):
        return {key: cut(inner, size) for key, inner in value.items()}
    if isinstance(value, list):
        return [cut(inner, size) for inner in value[:size]]
    return value


# --- kinds ------------------------------------------------------------------------------------


def test_kinds_lists_the_new_kinds():
    listed = runner.invoke(app, ["kinds"]).stdout
    assert "guest-speech" in listed and "exchange-meeting" in listed


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_an_example_a_golden_file_and_a_skeleton_of_its_own(kind):
    assert (EXAMPLES / f"{kind}.yaml").is_file()
    assert (GOLDEN / f"{kind}.txt").is_file() and (GOLDEN / f"{kind}.md").is_file()
    skeletons = {k: runner.invoke(app, ["new", k]).stdout for k in KINDS}
    others = [k for k in KINDS if k != kind and skeletons[k] == skeletons[kind]]
    assert not others, f"{kind}'s skeleton is the same as {others}"


def test_each_skeleton_asks_only_for_what_its_kind_needs():
    new = {kind: runner.invoke(app, ["new", kind]).stdout for kind in KINDS}
    report = yaml.safe_load(new["report-meeting"])
    achievements = report["parts"][0]
    assert "figures" not in str(achievements) and "shortcomings" not in achievements
    launch = yaml.safe_load(new["launch-ceremony"])
    meaning = next(p for p in launch["parts"] if p["type"] == "situation")
    assert "opportunities" not in meaning and "challenges" not in meaning
    assert "# title: 2025年工作回顾" not in new["promotion-meeting"]
    assert "工作回顾" not in new["promotion-meeting"].split("parts:")[1]


# --- one element is never counted or numbered -------------------------------------------------

LONE_LABELS = [
    (r"一是", r"二是"),
    (r"一要", r"二要"),
    (r"第一，", r"第二，"),
    (r"（一）", r"（二）"),
    (r"^一、", r"^二、"),
    (r"^1、", r"^2、"),
    (r"^1\.", r"^2\."),
    (r"^（1）", r"^（2）"),
]
ONE_ELEMENT_PHRASES = [
    "以下一个方面",
    "一个方面的问题",
    "讲一个方面",
    "一个方面工作",
    "一个共同特点",
    "几点",
]


@pytest.mark.parametrize("kind", KINDS)
def test_one_element_in_every_list_reads_right(renderer, kind):
    data = cut(example(kind), 1)
    text = render(renderer, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    for first, second in LONE_LABELS:
        if re.search(first, text, re.M):
            assert re.search(second, text, re.M), f"{kind}: {first} without {second}"
    for phrase in ONE_ELEMENT_PHRASES:
        assert phrase not in text, f"{kind}: {phrase}"
    assert "要要" not in text


@pytest.mark.parametrize("kind", KINDS)
def test_two_elements_are_counted_as_two(renderer, kind):
    data = cut(example(kind), 2)
    text = render(renderer, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert "二个" not in text and "二点" not in text  # 两个方面, 两点意见
    first, second = (
        ("1、", "2、") if data.get("parts_numbering") == "arabic-dun" else ("一、", "二、")
    )
    assert re.search(f"^{first}", text, re.M) and re.search(f"^{second}", text, re.M)


# --- structures --------------------------------------------------------------------------------

OUTLINE = """\
kind: topic-test
occasion: 2026年全市教育工作会议
speaker: 局长 张某某
parts:
  - type: topic
    title: 正确认识形势
    intro: 当前，改革进入深水区。
  - type: topic
    title: 抓好重点工作
    numbering: di
    items:
      - headline: 要把握一个关键
        text: 关键在于落实。
      - headline: 要守住一条底线
        text: 底线就是安全。
"""


def outline(**changes: str) -> str:
    text = OUTLINE.replace("kind: topic-test", "kind: work-conference")
    for old, new in changes.items():
        text = text.replace(old, new)
    return text


def test_parts_numbering(renderer):
    lines = render(renderer, "parts_numbering: arabic-dun\n" + outline()).splitlines()
    assert "1、正确认识形势" in lines and "2、抓好重点工作" in lines
    plain = render(renderer, "parts_numbering: none\n" + outline())
    assert "\n正确认识形势\n" in plain and "一、" not in plain
    assert "\n# 正确认识形势" in render(renderer, "parts_numbering: none\n" + outline(), "md")


def test_a_part_heading_runs_into_its_first_paragraph(renderer):
    text = outline(**{"    title: 正确认识形势\n": "    title: 正确认识形势\n    run_in: true\n"})
    assert "一、正确认识形势。当前，改革进入深水区。" in render(renderer, text)
    word = docx.Document(
        io.BytesIO(renderer.to_bytes(renderer.document(renderer.loads(text)), "docx"))
    )
    paragraph = next(p for p in word.paragraphs if p.text.startswith("一、"))
    lead, body = paragraph.runs[0], paragraph.runs[-1]
    assert lead.text == "一、正确认识形势。" and body.text == "当前，改革进入深水区。"
    assert lead.style.name == "接排标题 1"
    assert lead.style.element.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    assert body.style.name == "Default Paragraph Font"  # the body style's 仿宋
    assert paragraph.style.name == "Body Text"


def test_a_part_whose_body_opens_with_its_items_keeps_its_heading_on_its_own_line(renderer):
    text = outline(**{"    title: 抓好重点工作\n": "    title: 抓好重点工作\n    run_in: true\n"})
    lines = render(renderer, text).splitlines()
    assert "二、抓好重点工作" in lines


def test_run_in_false_is_honoured_for_di_shi_and_yao(renderer):
    for style, label in (("di", "第一，"), ("shi", "一是"), ("yao", "一要")):
        text = outline(**{"    numbering: di\n": f"    numbering: {style}\n    run_in: false\n"})
        lines = render(renderer, text).splitlines()
        headline = "把握一个关键" if style == "yao" else "要把握一个关键"
        assert f"{label}{headline}" in lines, (style, lines)
        assert "关键在于落实。" in lines


def test_items_inside_items_get_their_labels_and_outline_levels(renderer):
    text = outline(
        **{
            "        text: 关键在于落实。\n": (
                "        text: 关键在于落实。\n"
                "        numbering: shi\n"
                "        items:\n"
                "          - text: 建好队伍。\n"
                "          - headline: 用好经费\n"
                "            text: 经费要保障到位。\n"
            )
        }
    )
    lines = render(renderer, text).splitlines()
    assert lines[lines.index("第一，要把握一个关键。关键在于落实。") + 1 :][:2] == [
        "一是建好队伍。",
        "二是用好经费。经费要保障到位。",
    ]
    standing = text.replace("numbering: shi", "numbering: paren-arabic").replace(
        "          - text: 建好队伍。\n",
        "          - headline: 建好队伍\n            run_in: false\n            text: 队伍是关键。\n",
    )
    word = docx.Document(
        io.BytesIO(renderer.to_bytes(renderer.document(renderer.loads(standing)), "docx"))
    )
    heading = next(p for p in word.paragraphs if p.text == "（1）建好队伍")
    # （1） looks as GB/T 9704 sets （1） (Heading 4's 仿宋); its outline level is its depth, 3
    assert heading.style.name == "Heading 4"
    assert heading._p.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "2"
    assert "（2）用好经费。经费要保障到位。" in [p.text for p in word.paragraphs]


def test_items_nest_at_most_three_deep(renderer):
    deep = {
        "headline": "甲",
        "items": [{"headline": "乙", "items": [{"headline": "丙", "items": [{"headline": "丁"}]}]}],
    }
    data = {
        "kind": "work-conference",
        "occasion": "会",
        "parts": [{"type": "topic", "title": "题", "items": [deep]}],
    }
    from drafter.errors import OutlineError

    with pytest.raises(OutlineError, match="items nest at most 3 deep"):
        renderer.loads(yaml.safe_dump(data, allow_unicode=True))


def test_count_sentences_true_false_or_your_own(renderer):
    base = outline()
    assert "下面，我讲两个方面的问题。" in render(renderer, base)
    silent = base.replace("parts:", "opening: {announce: false}\nparts:")
    assert "讲两个方面" not in render(renderer, silent)
    mine = base.replace(
        "parts:", "opening:\n  announce: 下面，我从{n}个方面谈谈自己的看法。\nparts:"
    )
    assert "下面，我从两个方面谈谈自己的看法。" in render(renderer, mine)
    tasks = base.replace(
        "  - type: topic\n    title: 抓好重点工作", "  - type: tasks\n    title: 抓好重点工作"
    )
    assert "要抓好以下两个方面工作：" in render(renderer, tasks)
    assert "我讲两点" in render(
        renderer,
        tasks.replace("    numbering: di\n", "    numbering: di\n    announce: 我讲{n}点。\n"),
    )
    assert "要抓好" not in render(
        renderer, tasks.replace("    numbering: di\n", "    numbering: di\n    announce: false\n")
    )


def test_a_count_sentence_may_leave_the_number_vague(renderer):
    vague = outline().replace("parts:", "opening:\n  announce: 借此机会，我讲几点意见。\nparts:")
    said = render(renderer, vague)
    assert "借此机会，我讲几点意见。" in said and "两个方面" not in said


def test_requirements_state_their_count(renderer):
    text = outline(
        **{
            "  - type: topic\n    title: 抓好重点工作\n    numbering: di\n": "  - type: requirements\n"
        }
    )
    said = render(renderer, text)
    assert "为此，我提两点要求：" in said and "几点" not in said


def test_the_subtitle_word(renderer):
    text = "title: 标题\naddress: 致辞\n" + outline()
    assert "——在2026年全市教育工作会议上的致辞" in render(renderer, text)
    assert "在2026年全市教育工作会议上的发言" in render(renderer, "address: 发言\n" + outline())


def test_no_doubled_yao(renderer):
    text = outline(**{"numbering: di": "numbering: yao"})
    said = render(renderer, text)
    assert "一要把握一个关键。" in said and "要要" not in said


# --- stock text that reads right ---------------------------------------------------------------

MINIMAL_OF = {kind: cut(example(kind), 2) for kind in KINDS}


@pytest.mark.parametrize("kind", KINDS)
def test_no_invented_office_words_without_leadership(renderer, kind):
    data = copy.deepcopy(MINIMAL_OF[kind])
    data.pop("leadership", None)
    if isinstance(data.get("opening"), dict):
        data["opening"].pop("with", None)
    said = render(renderer, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert "上级党委" not in said
    assert "经上级" not in said


def test_approval_is_said_only_when_the_outline_says_so(renderer):
    text = outline().replace("parts:", "opening: {use: opening-meeting}\nparts:")
    assert "同意召开" not in render(renderer, text)
    approved = text.replace(
        "{use: opening-meeting}", "{use: opening-meeting, with: {approved_by: 市委}}"
    )
    assert "这次会议经市委同意召开，" in render(renderer, approved)


def test_the_closing_speaks_of_the_outline_s_own_cause(renderer):
    said = render(renderer, "cause: 教育事业\n" + outline())
    assert "推动教育事业高质量发展再上新台阶！" in said
    assert "各项事业" not in render(renderer, outline())


def test_every_body_paragraph_ends_with_its_punctuation(renderer):
    text = outline(
        **{"当前，改革进入深水区。": "当前，改革进入深水区", "关键在于落实。": "关键在于“落实”"}
    )
    said = render(renderer, text)
    assert "当前，改革进入深水区。" in said and "关键在于“落实”。" in said
    facts = outline(
        **{"        text: 底线就是安全。\n": "        facts: [新建学校12所, 新增学位3000个]\n"}
    )
    assert "新建学校12所；新增学位3000个。" in render(renderer, facts)


def test_report_meeting_with_and_without_a_commendation(renderer):
    base = example("report-meeting")
    with_it = render(renderer, yaml.safe_dump(base, allow_unicode=True, sort_keys=False))
    assert "向受到表彰的先进集体、优秀教师和优秀教育工作者表示热烈的祝贺" in with_it
    plain = copy.deepcopy(base)
    del plain["commendation"]
    plain["occasion"] = "云川市“最美教师”先进事迹宣讲报告会"
    plain["presenters"] = ["何春兰", "梁宏远"]
    plain["opening"]["purposes"] = ["学习先进典型的感人事迹"]
    said = render(renderer, yaml.safe_dump(plain, allow_unicode=True, sort_keys=False))
    opening = next(line for line in said.splitlines() if line.startswith("今天"))
    assert "表彰" not in opening and "表彰" not in said.splitlines()[-1]
    assert "向作报告的何春兰和梁宏远同志表示诚挚的谢意" in said
    assert "干部职工" not in said and "教师和教育工作者" in said


def test_guest_speech_thanks_and_congratulates_the_hosts(renderer):
    text = """\
    kind: guest-speech
    occasion: 全市职业教育活动周启动仪式
    speaker: 副市长 陈书航
    org: 市人民政府
    host: 市教育局
    parts:
      - type: review
        items:
          - {headline: 甲, text: 甲。}
          - {headline: 乙, text: 乙。}
      - type: requirements
        items:
          - {headline: 丙, text: 丙。}
          - {headline: 丁, text: 丁。}
    """
    said = render(renderer, text)
    assert "在全市职业教育活动周启动仪式上的致辞" in said
    assert "各位领导、同志们：" in said
    congratulated = "对全市职业教育活动周的启动表示热烈的祝贺！感谢市教育局的盛情邀请！"
    assert "首先，我代表市人民政府，" + congratulated in said
    assert "借此机会，我谈两点看法，与大家交流。" in said
    assert "下面，我借此机会" not in said
    assert "最后，预祝全市职业教育活动周取得圆满成功！" in said


def test_exchange_meeting_comments_on_the_exchanged_experiences(renderer):
    said = render(renderer, yaml.safe_dump(example("exchange-meeting"), allow_unicode=True))
    assert "刚才，清溪区教育局、青石县教育局、云川市实验小学和枫林中学作了交流发言" in said
    assert "下面，根据局党委的安排，结合刚才的交流发言，我谈三点体会。" in said


@pytest.mark.parametrize("kind", KINDS)
def test_no_stock_sentence_twice_with_any_closing_that_fits_the_kind(renderer, kind, write_outline):
    """Every closing and greeting tagged for a kind, with that kind's example."""
    library = renderer.library()
    fitting = [
        e
        for e in library.entries.values()
        if kind in e.entry.tags and e.entry.category in ("closing", "greeting")
    ]
    assert fitting, kind
    for entry in fitting:
        data = copy.deepcopy(example(kind))
        key = "use" if entry.entry.category == "closing" else "greeting"
        data["closing"] = {key: entry.id}
        path = write_outline(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), name=f"{kind}.yaml"
        )
        for table in EXAMPLES.glob("*.csv"):  # the statistics tables the examples name
            shutil.copy(table, path.parent)
        found = check_outline(path, renderer)
        assert not [p for p in found if p.severity == "error"], (kind, entry.id, found)
        repeated = [p.message for p in found if p.rule == "repeated-phrase"]
        assert not repeated, (kind, entry.id, repeated)


def test_library_paragraphs_inside_items_are_filled_and_checked(renderer):
    text = outline(
        **{
            "        text: 关键在于落实。\n": (
                "        text: 关键在于落实。\n"
                "        numbering: shi\n"
                "        items:\n"
                "          - use: req-safety\n"
                "          - use: req-organization\n"
                "            with: {task: 创建工作}\n"
            )
        }
    )
    lines = render(renderer, text).splitlines()
    assert any(line.startswith("一是守牢安全底线。要牢固树立安全发展理念") for line in lines)
    assert any(line.startswith("二是加强组织领导。各单位要把创建工作摆上") for line in lines)
    from drafter.errors import OutlineError

    with pytest.raises(
        OutlineError,
        match=r"parts\[1\]\.items\[0\]\.items\[0\]\.use: the requirements have no entry 'req-safty'",
    ):
        renderer.loads(text.replace("use: req-safety", "use: req-safty"))
    broken = text.replace("use: req-safety", "use: req-safty")
    with pytest.raises(OutlineError) as info:  # a schema error elsewhere hides nothing
        renderer.loads(broken.replace("speaker: 局长 张某某", "speaker: [x]"))
    found = "\n".join(info.value.messages())
    assert (
        "speaker: expected text" in found and "the requirements have no entry 'req-safty'" in found
    )
