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
