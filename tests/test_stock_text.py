"""Stock text says only what the outline gives, and every stock slot yields to the writer.

Every kind is rendered with one, two and many elements in every list, with its writer's text
and with the kind's stock text in its place, and with each optional key of the outline left out
and added. Each draft is read for what a careful reader of official Chinese would catch: a
title said twice (于锡淼老师同志), a fact no outline key gave (作了事迹报告 with no presenters,
覆盖面广, 取得了显著成绩), a phrase said twice, a lone 一是, a doubled 要要, a paragraph without
its final mark.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from drafter.analysis.check import inspect
from drafter.document import Paragraph
from drafter.pipeline import Renderer

from conftest import EXAMPLES, KINDS

# Optional keys of the outline (what stock text may speak of), with a value to add where an
# example leaves one out.
OPTIONAL = {
    "title": "示例标题",
    "date": "2026-03-12",
    "salutation": "同志们",
    "org": "市教育局",
    "leadership": "市委、市政府",
    "scope": "全市教育系统",
    "cause": "教育事业",
    "audience": "全市广大教师",
    "host": "市教育学会",
    "presenters": ["于锡淼老师", "李素洁校长", "蒋小贵"],
    "exemplars": ["何春兰", "梁宏远"],
    "commendation": True,
}
# What the writer writes that stock text stands in for when it is left out.
WRITERS_TEXT = ("intro", "outro", "goal", "shortcomings_intro", "shortcomings_outro")

# Titles and forms of address after which 同志 is said twice (written here, not taken from
# drafter, so the test reads the draft as a reader would).
TITLED = "同志|老师|校长|园长|主任|书记|局长|院长|部长|处长|科长|主席|教授|同学|先生|女士|会长"
DOUBLED_TITLE = re.compile(f"(?:{TITLED})同志")
# Facts stock text must not state unless the outline gave them: (pattern, the key that may
# give it; None: never). A clause that asks for a result (确保……取得实效) states none.
WISHED = re.compile("确保|力争|推动|努力|希望|要|预祝|争取")
ASSERTIONS = [
    (re.compile(r"作了[^。！？]{0,6}报告|作报告的|讲述了"), "presenters"),
    (re.compile(r"作了交流发言|交流发言"), "presenters"),
    (re.compile(r"几位先进典型|几个单位"), None),
    (re.compile(r"受到表彰"), "commendation"),
    (re.compile(r"盛情邀请"), "host"),
    (re.compile(r"覆盖面广|关注度高|社会反响|广泛好评|高度评价"), None),
    (re.compile(r"[^，。！？；：\n]*取得了?[^。！？，；]{0,6}(?:成效|成绩|进展)"), None),
    (re.compile(r"(?:奠定|打下)了[^。！？]{0,8}基础|显著成绩|成效显著|明显成效"), None),
    (re.compile(r"任务已经明确|任务已经部署|目标已经明确"), None),
    (re.compile(r"[，！。]表示热烈的祝贺"), None),  # a 祝贺 with no object
]
LONE = [("一是", "二是"), ("一要", "二要"), ("第一，", "第二，")]
ENDS = ("。", "！", "？", "：", "…", "”", "’", "）")


def example(kind: str) -> dict[str, Any]:
    return yaml.safe_load((EXAMPLES / f"{kind}.yaml").read_text(encoding="utf-8"))


def cut(value: Any, size: int) -> Any:
    """Every list in the outline cut to its first `size` elements."""
    if isinstance(value, dict):
        return {key: cut(inner, size) for key, inner in value.items()}
    if isinstance(value, list):
        return [cut(inner, size) for inner in value[:size]]
    return value


def stock(data: dict[str, Any]) -> dict[str, Any]:
    """The outline without the writer's opening, intros, outros, titles and closing: what the
    kind says in their place shows."""
    data = copy.deepcopy(data)
    data.pop("opening", None)
    data.pop("closing", None)
    for part in data["parts"]:
        for key in (*WRITERS_TEXT, "announce"):
            part.pop(key, None)
        if part["type"] != "topic":
            part.pop("title", None)
    return data


def variants(kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(name, outline) for every size, with and without the writer's text, with every optional
    key left out and added."""
    full = example(kind)
    for size in (1, 2, 0):
        sized = cut(full, size) if size else full
        said = f"{size or 'many'}"
        for mode, data in (("written", sized), ("stock", stock(sized))):
            yield f"{said}/{mode}", data
            bare = {k: v for k, v in data.items() if k not in OPTIONAL}
            yield f"{said}/{mode}/no optional keys", bare
            if size == 2:
                for key, value in OPTIONAL.items():
                    if key in data:
                        yield (
                            f"{said}/{mode}/without {key}",
                            {k: v for k, v in data.items() if k != key},
                        )
                    else:
                        yield f"{said}/{mode}/with {key}", {**data, key: value}


def render(renderer: Renderer, data: dict[str, Any]) -> tuple[Any, list[Any]]:
    """The rendered speech and what `check` finds in it (read as if among the examples, whose
    statistics tables it may name)."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    found = inspect(lambda: renderer.loads(text, str(EXAMPLES / "x.yaml")), renderer)
    assert found.document is not None, [p.message for p in found.problems]
    return found.document, found.problems


def outline_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield from (line.strip() for line in value.splitlines() if line.strip())
    elif isinstance(value, dict):
        for inner in value.values():
            yield from outline_strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from outline_strings(inner)


def stock_only(text: str, data: dict[str, Any]) -> str:
    """The speech with the outline's own strings blanked out (longest first)."""
    for said in sorted(set(outline_strings(data)), key=len, reverse=True):
        if len(said) > 1:
            text = text.replace(said, "〇")
    return text


def slips(document: Any, problems: list[Any], data: dict[str, Any]) -> list[str]:
    """Everything a careful reader would mark in one draft."""
    text = "\n".join(document.lines())
    found = [f"doubled title: {m.group()}" for m in DOUBLED_TITLE.finditer(text)]
    found += ["doubled 要要"] * ("要要" in text)
    for first, second in LONE:
        if first in text and second not in text:
            found.append(f"{first} without {second}")
    own = stock_only(text, data)
    for pattern, key in ASSERTIONS:
        for match in pattern.finditer(own):
            if "取得" in match.group() and WISHED.search(match.group()):
                continue
            if key is None or not data.get(key):
                found.append(f"stock text asserts “{match.group()}” ({key or 'never'})")
    found += [p.message for p in problems if p.rule == "repeated-phrase"]
    for block in document.blocks:
        body = isinstance(block, Paragraph) and block.role == "body" and block.runs
        if body and not block.full_text.rstrip().endswith(ENDS):
            found.append(f"no final mark: …{block.full_text[-12:]}")
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_stock_sentence_of_every_kind_is_true_to_the_outline(renderer, kind):
    wrong = {}
    for name, data in variants(kind):
        document, problems = render(renderer, data)
        found = slips(document, problems, data)
        if found:
            wrong[name] = found
    assert not wrong, wrong


# --- the drafts that showed each defect ----------------------------------------------------------


def speech(renderer: Renderer, text: str) -> list[str]:
    document, _ = render(renderer, yaml.safe_load(text))
    return document.lines()


GUEST = """\
kind: guest-speech
occasion: 2026年云川茶产业招商推介会
speaker: 省教育厅副厅长 林远
org: 省教育厅
parts:
  - type: review
    items:
      - {headline: 校企合作不断深化, text: 共建实训基地12个。}
      - {headline: 人才培养质量稳步提升, text: 毕业生就业率保持在95%以上。}
"""


def test_a_guest_congratulates_on_something(renderer):
    lines = speech(renderer, GUEST)
    assert "首先，我代表省教育厅，对会议的召开表示热烈的祝贺！" in lines[3]
    ceremony = GUEST.replace("招商推介会", "职业教育活动周启动仪式").replace("org: 省教育厅\n", "")
    assert "首先，我对活动的举办表示热烈的祝贺！" in speech(renderer, ceremony)[3]


REPORT = """\
kind: report-meeting
occasion: 云川市2026年师德模范事迹报告会
speaker: 市教育局局长 周立新
{extra}
parts:
  - type: review
    items:
      - {{headline: 扎根山区的坚守者, text: 在山区任教三十二年。}}
      - {{headline: 锐意改革的探路者, text: 带领学校探索课堂教学改革。}}
"""


def test_report_meeting_presenters_with_their_own_titles_get_no_comrade(renderer):
    extra = "presenters: [于锡淼老师, 李素洁校长, 蒋小贵老师]"
    said = "\n".join(speech(renderer, REPORT.format(extra=extra)))
    assert "向作报告的于锡淼老师、李素洁校长和蒋小贵老师表示诚挚的谢意！" in said
    assert "刚才，于锡淼老师、李素洁校长和蒋小贵老师作了事迹报告。" in said
    assert not DOUBLED_TITLE.search(said)
    mixed = "\n".join(speech(renderer, REPORT.format(extra="presenters: [于锡淼老师, 何春兰]")))
    assert "于锡淼老师和何春兰同志" in mixed
    bare = "\n".join(speech(renderer, REPORT.format(extra="presenters: [何春兰, 梁宏远]")))
    assert "何春兰和梁宏远同志" in bare


def test_report_meeting_says_who_reported_only_when_the_outline_does(renderer):
    said = "\n".join(speech(renderer, REPORT.format(extra="")))
    for invented in ("作了事迹报告", "作报告的", "几位先进典型", "讲述了"):
        assert invented not in said, invented
    assert "先进典型的事迹平凡而感人，让我们深受教育、深受鼓舞。" in said
    told = REPORT.format(extra="presenters: [市师德宣讲团]\nexemplars: [何春兰, 梁宏远]")
    said = "\n".join(speech(renderer, told))
    assert "刚才，市师德宣讲团讲述了何春兰和梁宏远同志的事迹。" in said
    assert "向作报告的市师德宣讲团表示诚挚的谢意！" in said


def test_launch_ceremony_requirements_claim_nothing_about_the_activity(renderer):
    data = stock(example("launch-ceremony"))
    document, _ = render(renderer, data)
    said = "\n".join(document.lines())
    assert "覆盖面广" not in said and "关注度" not in said
    assert "办好这次活动，关键在组织、在落实。这里，我提四点要求：" in said


OLD_EXCHANGE = """\
{% extends "base.j2" %}
{% set phrases = {
    "review_intro": "刚才，几个单位作了交流发言，讲得都很实在，值得大家认真学习借鉴。概括起来，以下{n}个方面值得大家借鉴：",
    "review_intro_one": "",
} %}
"""


def test_a_phrase_repeated_this_close_by_stock_text_is_caught(tmp_path, write_outline):
    """The exchange meeting's former intro said 值得大家 twice in two sentences."""
    (tmp_path / "templates" / "kinds").mkdir(parents=True)
    (tmp_path / "templates" / "kinds" / "old-exchange.j2").write_text(
        OLD_EXCHANGE, encoding="utf-8"
    )
    data = stock(cut(example("exchange-meeting"), 2))
    data["kind"] = "old-exchange"
    from drafter.analysis.check import check_outline
    from drafter.pipeline import Options

    path = write_outline(yaml.safe_dump(data, allow_unicode=True))
    found = check_outline(path, Renderer(Options(template_dirs=(tmp_path / "templates",))))
    repeated = [p.message for p in found if p.rule == "repeated-phrase"]
    assert len(repeated) == 1 and repeated[0].startswith("“值得大家”"), repeated
    assert "（两处）" in repeated[0]


# --- every stock slot under the writer's control -------------------------------------------------

SLOTS_OFF = {"salutation": False, "opening": False, "closing": False}
# Each part type's stock slots.
PART_SLOTS_OFF = {
    "review": ("intro", "outro", "shortcomings_intro", "shortcomings_outro"),
    "situation": ("intro", "outro", "opportunities_intro", "challenges_intro"),
    "tasks": ("intro", "outro"),
    "requirements": ("intro", "outro"),
    "topic": ("intro", "outro"),
}


def all_off(data: dict[str, Any]) -> dict[str, Any]:
    """The outline with every stock slot switched off (titles given: a part needs one), and
    without what the writer chose to have said for them: figures, and library paragraphs
    named by `use:`."""
    data = {**copy.deepcopy(data), **SLOTS_OFF}
    for number, part in enumerate(data["parts"]):
        part["items"] = [item for item in part.get("items", []) if "use" not in item]
        for item in part["items"]:
            item.pop("figures", None)
        part.setdefault("title", f"第{number + 1}部分")
        part["announce"] = False
        for key in PART_SLOTS_OFF[part["type"]]:
            part[key] = False
    return data


@pytest.mark.parametrize("kind", KINDS)
def test_every_stock_slot_can_be_switched_off(renderer, kind):
    """With every slot off, the speech's body is the outline's own words and their labels: no
    stock sentence is left."""
    for data in (all_off(stock(example(kind))), all_off(example(kind))):
        document, _ = render(renderer, data)
        body = "\n".join(document.lines()[len(document.header.lines()) :])
        left = stock_only(body, data)
        left = re.sub(r"[〇（）一二三四五六七八九十是要第、，；。：！？…“”\s]", "", left)
        assert not re.search("[\u4e00-\u9fff]{2,}", left), (kind, left[:200])


def test_intro_empty_or_false_removes_a_requirements_part_s_stock_intro(renderer):
    base = stock(cut(example("work-conference"), 2))
    base["parts"].append(
        {"type": "requirements", "items": [{"headline": "加强领导", "text": "要加强领导。"}]}
    )
    said = "\n".join(render(renderer, base)[0].lines())
    assert "工作成效如何，关键看落实。" in said
    for off in ("", " ", False):
        base["parts"][-1]["intro"] = off
        said = "\n".join(render(renderer, base)[0].lines())
        assert "工作成效如何" not in said and "要求：" not in said, repr(off)
        base["parts"][-1]["announce"] = True
        base["parts"][-1]["items"].append({"headline": "改进作风", "text": "要改进作风。"})
        said = "\n".join(render(renderer, base)[0].lines())
        assert "工作成效如何" not in said and "为此，我再提两点要求：" in said
        base["parts"][-1]["items"].pop()
        del base["parts"][-1]["announce"]


# --- an item's outro and run_in: items -----------------------------------------------------------

ITEM = """\
kind: work-conference
occasion: 2026年全市教育工作会议
parts:
  - type: tasks
    title: 重点工作
    items:
      - headline: 压实工作责任
        run_in: {run_in}
        text: 要做到三个到位：
        numbering: shi
        items:
          - {{headline: 思想认识到位, text: 把这项工作摆上重要位置。}}
          - {{headline: 工作措施到位, text: 逐项细化分解任务。}}
          - {{headline: 督促检查到位, text: 定期调度通报。}}
        outro: 为落实一把手负责制，各县（市、区）要明确一名负责同志具体抓。
      - headline: 加强经费保障
        text: 要足额保障经费。
"""


def test_an_item_s_outro_follows_its_own_items_in_every_format(renderer):
    loaded = renderer.loads(ITEM.format(run_in="items"))
    document = renderer.document(loaded)
    lines = document.lines()
    outro = "为落实一把手负责制，各县（市、区）要明确一名负责同志具体抓。"
    at = lines.index(outro)
    assert lines[at - 1].startswith("三是督促检查到位") and lines[at + 1].startswith("（二）")
    for fmt in ("txt", "md", "html"):
        text = renderer.to_bytes(document, fmt).decode("utf-8")
        assert text.index("督促检查到位") < text.index(outro) < text.index("加强经费保障"), fmt
    import io

    import docx

    word = docx.Document(io.BytesIO(renderer.to_bytes(document, "docx")))
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[paragraphs.index(outro) + 1].startswith("（二）加强经费保障")


def test_an_item_s_run_in_takes_items_as_a_part_s_does(renderer):
    def lines(run_in: str) -> list[str]:
        return renderer.document(renderer.loads(ITEM.format(run_in=run_in))).lines()

    items = lines("items")  # the headline alone, its items run in
    assert "（一）压实工作责任" in items and "一是思想认识到位。把这项工作摆上重要位置。" in items
    standing = lines("false")  # the headline and its items each on their own line
    assert "（一）压实工作责任" in standing and "一是思想认识到位" in standing
    running = lines("true")  # all run in
    assert "（一）压实工作责任。要做到三个到位：" in running
    assert "一是思想认识到位。把这项工作摆上重要位置。" in running


def test_straight_quotes_around_a_sentence_end_it(renderer):
    text = ITEM.format(run_in="true").replace(
        "text: 要足额保障经费。", "text: '他说：\"经费要保障到位。\"'"
    )
    lines = renderer.document(renderer.loads(text)).lines()
    assert "他说：“经费要保障到位。”" in lines
