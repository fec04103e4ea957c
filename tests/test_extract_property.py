"""The promise of extract: rendering the outline it writes (--keep-punctuation) gives back the
speech's characters in order, apart from whitespace and the width of , : ; ( ) ! ?. Checked on
every input the suite has: the corpus (test_extract.py), every example rendered to txt, md and
docx, outlines hypothesis builds in every structure the genre uses, and the invented speeches
(test_extract_speeches.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.analysis.extract import extract
from drafter.analysis.labels import fold
from drafter.pipeline import Renderer

from conftest import EXAMPLES, KINDS

FORMATS = ["txt", "md", "docx"]


def gives_back(keep: Renderer, speech: str, outline: str) -> None:
    """The outline renders to the speech's characters; extract added no placeholder."""
    rendered = "".join(keep.document(keep.loads(outline)).lines())
    assert fold(rendered) == fold(speech)
    assert outline.count("【待补】") == 0 or "【待补】" in speech


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_example_gives_back_its_characters(renderer, keep_renderer, kind, fmt):
    document = renderer.document(renderer.load(EXAMPLES / f"{kind}.yaml"))
    outline = extract(renderer.to_bytes(document, fmt), Path(f"x.{fmt}"))
    gives_back(keep_renderer, "".join(document.lines()), outline)
    if fmt != "txt":  # a formatted draft says where every heading ends: nothing is a guess
        assert "核对：标题到这里结束是推测的" not in outline


# --- outlines hypothesis builds in the generic kind, every structure the genre uses -----------

WORDS = list("甲乙丙丁戊己庚辛壬癸春夏秋冬东西南北山水花木风云雷电江河湖海")
phrase = st.lists(st.sampled_from(WORDS), min_size=4, max_size=10).map("".join)
sentence = phrase.map(lambda s: s + "。")
paragraphs = st.lists(sentence, min_size=1, max_size=2).map("\n".join)
# What each list style may hold, as speeches of the genre nest them.
HOLDS = {
    "paren": ["arabic", "arabic-dun", "paren-arabic", "di", "shi", "yao"],
    "arabic": ["paren-arabic", "shi", "yao"],
    "arabic-dun": ["paren-arabic", "shi", "yao"],
    "paren-arabic": ["shi", "yao"],
    "di": ["shi", "yao"],
    "shi": [],
    "yao": [],
}


@st.composite
def item_list(draw, styles: list[str], depth: int, parts: str) -> tuple[str, list[dict]]:
    """Items of one of `styles`, never numbered like the parts (1、 parts hold no 1、 items)."""
    style = draw(st.sampled_from([s for s in styles if s != parts]))
    items = []
    for _ in range(draw(st.integers(2, 3))):
        shape = draw(st.sampled_from(["headline", "text", "both", "both"]))
        item: dict = {}
        if shape != "text":
            item["headline"] = draw(phrase) + draw(st.sampled_from(["", "。"]))
            if draw(st.booleans()):
                item["run_in"] = draw(st.booleans())
        if shape != "headline":
            item["text"] = draw(paragraphs)
        inner = [s for s in HOLDS[style] if s != parts]
        if depth < 3 and inner and "text" in item and draw(st.booleans()):
            item["numbering"], item["items"] = draw(item_list(inner, depth + 1, parts))
        items.append(item)
    return style, items


@st.composite
def generic_outlines(draw) -> dict:
    numbering = draw(st.sampled_from(["cn", "arabic-dun"]))
    styles = list(HOLDS)
    parts = []
    for _ in range(draw(st.integers(1 if numbering == "cn" else 2, 3))):
        part: dict = {"type": "topic", "title": draw(phrase) + draw(st.sampled_from(["", "。"]))}
        if draw(st.booleans()):
            part["intro"] = draw(paragraphs)
        part["run_in"] = draw(st.sampled_from([True, False, "items"]))
        if draw(st.booleans()) or "intro" not in part:
            part["numbering"], part["items"] = draw(item_list(styles, 1, numbering))
        parts.append(part)
    outline = {
        "kind": "generic",
        "title": draw(phrase),
        "occasion": "2026年" + draw(phrase) + "会议",
        "address": draw(st.sampled_from(["讲话", "致辞"])),
        "speaker": "局长 " + draw(phrase),
        "date": "2026年3月8日",
        "salutation": draw(st.sampled_from(["同志们", "各位领导、同志们", "尊敬的甲乙丙，同志们"])),
        "parts_numbering": numbering,
        "opening": {"text": draw(paragraphs)},
        "parts": parts,
        "closing": {"text": "同志们，" + draw(paragraphs), "thanks": draw(st.booleans())},
    }
    return outline


def shape(parts: list[dict]) -> list:
    """What extraction must find again: titles, texts, numbering, items inside items."""

    def items(listed: list[dict]) -> list:
        return [
            (
                fold(item.get("headline", "")),
                fold(item.get("text", "")),
                item.get("numbering") if item.get("items") else None,
                items(item.get("items", [])),
            )
            for item in listed
        ]

    return [
        (
            fold(part["title"]),
            fold(part.get("intro", "")),
            part.get("numbering") if part.get("items") else None,
            items(part.get("items", [])),
        )
        for part in parts
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generic_outlines(), st.sampled_from(FORMATS))
def test_generated_outlines_give_back_their_characters(renderer, keep_renderer, outline, fmt):
    loaded = renderer.loads(yaml.safe_dump(outline, allow_unicode=True))
    document = renderer.document(loaded)
    found = extract(renderer.to_bytes(document, fmt), Path(f"x.{fmt}"))
    gives_back(keep_renderer, "".join(document.lines()), found)
    data = yaml.safe_load(found)
    assert (data["occasion"], data["address"], data["salutation"]) == (
        outline["occasion"],
        outline["address"],
        outline["salutation"],
    )
    assert data["parts_numbering"] == outline["parts_numbering"]
    if fmt != "txt":  # txt loses where a heading without 。 ends; md and docx keep it
        assert shape(data["parts"]) == shape(outline["parts"])


@st.composite
def stock_outlines(draw) -> dict:
    """A stock kind's outline (its template adds 。 to run-in headlines and numbers nothing
    that stands alone)."""
    parts = []
    for _ in range(draw(st.integers(2, 4))):
        style = draw(st.sampled_from(["paren", "arabic", "arabic-dun", "di", "shi", "yao"]))
        items = [
            {"headline": draw(phrase), "text": draw(sentence)}
            for _ in range(draw(st.sampled_from([0, 2, 3, 4])))
        ]
        parts.append(
            {
                "type": draw(st.sampled_from(["review", "tasks", "requirements", "topic"])),
                "title": draw(phrase),
                "numbering": style,
                "items": items,
            }
        )
    return {
        "kind": "work-conference",
        "title": draw(phrase),
        "occasion": "2026年" + draw(phrase) + "会议",
        "speaker": "局长 " + draw(phrase),
        "date": "2026年3月8日",
        "salutation": draw(st.sampled_from(["同志们", "各位领导、同志们"])),
        "opening": {"text": draw(sentence)},
        "parts": parts,
    }


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stock_outlines(), st.sampled_from(FORMATS))
def test_stock_kind_drafts_round_trip(renderer, keep_renderer, outline, fmt):
    document = renderer.document(renderer.loads(yaml.safe_dump(outline, allow_unicode=True)))
    found = extract(renderer.to_bytes(document, fmt), Path(f"x.{fmt}"))
    gives_back(keep_renderer, "".join(document.lines()), found)
    data = yaml.safe_load(found)
    assert [p["title"] for p in data["parts"]] == [p["title"] for p in outline["parts"]]
    for given_part, part in zip(outline["parts"], data["parts"], strict=True):
        assert [i["headline"].rstrip("。") for i in part.get("items", [])] == [
            i["headline"] for i in given_part["items"]
        ]
        if given_part["items"]:
            assert part["numbering"] == given_part["numbering"]
