"""drafter extract: corpus speeches, traps, and render → extract round trips (txt and docx)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from drafter.analysis.extract import extract
from drafter.chinese.punctuation import normalize
from drafter.cli import app
from drafter.pipeline import Renderer
from drafter.render.filters import cn_date

from conftest import CORPUS, EXAMPLES, KINDS

runner = CliRunner()


def flat(text: str) -> str:
    return re.sub(r"\s", "", normalize(text))


def extracted(path: Path) -> dict:
    return yaml.safe_load(extract(path.read_bytes(), path))


def structure(data: dict) -> list[tuple]:
    return [
        (p["title"], p.get("numbering"), [i["headline"] for i in p.get("items", [])])
        for p in data["parts"]
    ]


@pytest.mark.corpus
def test_sample_02():
    data = extracted(CORPUS / "sample-02.txt")
    assert data["title"] == "深化改革创新 推进优质发展 努力打造与国家中心城市相匹配的一流教育"
    assert (data["occasion"], data["speaker"], data["date"], data["salutation"]) == (
        "201X年全市教育工作会议",
        "市教育局党委书记、局长 XX",
        "201X年X月XX日",
        "同志们",
    )
    parts = structure(data)
    assert [(t, n, len(h)) for t, n, h in parts] == [
        ("201X年主要工作回顾", "paren", 10),
        ("201X年工作重点", "paren", 7),
        ("切实提升工作能力", "paren", 3),
    ]
    assert parts[0][2][0] == "科学规划构建新体系。"
    assert parts[1][2][-1] == "突出依法治教,提升教育治理能力。"
    assert "初中一、二年级" in data["parts"][1]["items"][1]["text"]  # not a heading
    assert data["closing"]["text"].split("\n")[1].startswith("最后,我代表市教育局")  # the greeting


@pytest.mark.corpus
def test_sample_05():
    data = extracted(CORPUS / "sample-05.txt")
    parts = structure(data)
    assert [(t, n, len(h)) for t, n, h in parts] == [
        ("上半年主要工作回顾", "arabic-dun", 6),
        ("下半年重点工作安排", "arabic-dun", 8),
        ("切实提高工作执行能力", "shi", 1),
    ]
    assert parts[1][2][:3] == [
        "抓统筹,切实优化教育结构",
        "抓改革,不断提高办学质量",
        "抓党建,巩固提升创新品牌",
    ]
    text = extract((CORPUS / "sample-05.txt").read_bytes(), CORPUS / "sample-05.txt")
    assert "原文在最后一项之后出现“三是”" in text  # the source skips 二是


@pytest.mark.corpus
def test_sample_12():
    data = extracted(CORPUS / "sample-12.txt")
    assert "title" not in data  # the title is 在……上的讲话
    assert (data["occasion"], data["date"], data["salutation"]) == (
        "全市“师德师风建设年”活动启动仪式",
        "(201X年6月3日)",
        "同志们,老师们",
    )
    assert [(t, n, len(h)) for t, n, h in structure(data)] == [
        ("统一思想,充分认识加强师德师风建设的重要意义", "di", 3),
        ("把握重点,努力开创师德师风建设的崭新局面", "di", 3),
        ("加强领导,确保师德师风建设活动取得实效", "di", 3),
    ]
    assert "一是政治性" in data["parts"][0]["items"][1]["text"]  # secondary enumeration
    assert data["closing"]["thanks"] is True


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["sample-02.txt", "sample-05.txt", "sample-12.txt"])
def test_corpus_renders_back_to_the_same_characters(renderer, name):
    path = CORPUS / name
    outline = extract(path.read_bytes(), path)
    document = renderer.document(renderer.loads(outline))
    assert flat("".join(document.lines())) == flat(path.read_text(encoding="utf-8"))


def expected_structure(renderer: Renderer, kind: str):
    """What extraction should find in an example: header fields and each part's items."""
    from drafter.outline.references import fill

    loaded = renderer.load(EXAMPLES / f"{kind}.yaml")
    outline = fill(
        loaded.outline, renderer.templates.kind(loaded.outline.kind).closing, renderer.library()
    )
    document = renderer.document(loaded)
    titles = [h.text for h in document.headings(level=1)]
    header = (
        outline.title,
        outline.occasion,
        outline.speaker,
        cn_date(outline.date),
        outline.salutation,
    )
    return header, [
        (
            flat(title),
            len(part.items),
            [flat(i.headline).rstrip("。") for i in part.items],
        )
        for title, part in zip(titles, outline.parts, strict=True)
    ]


def actual_structure(data: dict):
    header = (
        data.get("title"),
        data["occasion"],
        data["speaker"],
        data["date"],
        data["salutation"],
    )
    return header, [
        (
            flat(p["title"]),
            len(p.get("items", [])),
            [flat(i["headline"]).rstrip("。") for i in p.get("items", [])],
        )
        for p in data["parts"]
    ]


READABLE_KINDS = KINDS


@pytest.mark.parametrize("kind", READABLE_KINDS)
@pytest.mark.parametrize("fmt", ["txt", "docx", "md"])
def test_examples_round_trip(renderer, kind, fmt):
    header, parts = expected_structure(renderer, kind)
    document = renderer.document(renderer.load(EXAMPLES / f"{kind}.yaml"))
    data = yaml.safe_load(extract(renderer.to_bytes(document, fmt), Path(f"x.{fmt}")))
    assert actual_structure(data) == (header, parts)


def test_example_numbering_styles_round_trip(renderer):
    for kind in READABLE_KINDS:
        loaded = renderer.load(EXAMPLES / f"{kind}.yaml")
        document = renderer.document(loaded)
        data = yaml.safe_load(extract(renderer.to_bytes(document, "txt"), Path("x.txt")))
        for part, found in zip(loaded.outline.parts, data["parts"], strict=True):
            if part.items and part.numbering:
                assert found["numbering"] == part.numbering, (kind, part.title)


# --- generated outlines ----------------------------------------------------------------------

WORDS = list("甲乙丙丁戊己庚辛壬癸春夏秋冬东西南北山水花木风云雷电江河湖海")
phrase = st.lists(st.sampled_from(WORDS), min_size=4, max_size=10).map("".join)
sentence = phrase.map(lambda s: s + "。")


@st.composite
def outlines(draw):
    parts = []
    # Two or more of each: drafter numbers nothing that stands alone (一、 or （一） alone).
    for _ in range(draw(st.integers(2, 4))):
        style = draw(st.sampled_from(["paren", "arabic", "arabic-dun", "di", "shi", "yao"]))
        items = [
            {"headline": draw(phrase), "text": draw(sentence)}
            for _ in range(draw(st.sampled_from([0, 2, 3, 4])))
        ]
        part = {
            "type": draw(st.sampled_from(["review", "tasks", "requirements", "topic"])),
            "title": draw(phrase),
            "numbering": style,
            "items": items,
        }
        parts.append(part)
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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(outlines(), st.sampled_from(["txt", "docx"]))
def test_generated_outlines_round_trip(renderer, outline, fmt):
    loaded = renderer.loads(yaml.safe_dump(outline, allow_unicode=True))
    document = renderer.document(loaded)
    data = yaml.safe_load(extract(renderer.to_bytes(document, fmt), Path(f"x.{fmt}")))
    assert (data["title"], data["occasion"], data["speaker"], data["date"], data["salutation"]) == (
        outline["title"],
        outline["occasion"],
        outline["speaker"],
        outline["date"],
        outline["salutation"],
    )
    assert [p["title"] for p in data["parts"]] == [p["title"] for p in outline["parts"]]
    for given_part, found in zip(outline["parts"], data["parts"], strict=True):
        assert len(found.get("items", [])) == len(given_part["items"])
        assert [i["headline"].rstrip("。") for i in found.get("items", [])] == [
            i["headline"] for i in given_part["items"]
        ]
        if given_part["items"]:
            assert found["numbering"] == given_part["numbering"]


# --- the command -----------------------------------------------------------------------------


def test_extract_command_writes_a_valid_outline(tmp_path, renderer):
    speech = tmp_path / "old.txt"
    speech.write_text(
        "标题——在2025年全市教育工作会议上的讲话局长 张某某2025年1月3日同志们:今天开会。"
        "一、2024年工作回顾2024年,各项工作扎实推进。(一)甲项成效明显。新建学校12所。"
        "二、工作要求。一要加强学习。同志们,让我们共同努力!",
        encoding="gb18030",
    )
    result = runner.invoke(app, ["extract", str(speech), "-o", str(tmp_path / "o.yaml")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "o.yaml").read_text(encoding="utf-8")
    assert "# 更新：数据 12" in text
    assert "date: 2025年1月3日   # 更新：日期" in text
    assert "核对：标题与正文的分界是推测的" in text
    assert "最接近的讲话类型：work-conference" in text
    assert (
        runner.invoke(app, ["render", str(tmp_path / "o.yaml"), "--format", "txt"]).exit_code == 0
    )
    again = runner.invoke(app, ["extract", str(speech), "-o", str(tmp_path / "o.yaml")])
    assert again.exit_code == 2 and "never overwrites" in again.stderr


def test_extract_from_standard_input_and_to_standard_output():
    result = runner.invoke(
        app, ["extract", "-"], input="题目\n——在会上的讲话\n同志们：\n开场。\n一、要求\n落实。\n"
    )
    assert result.exit_code == 0
    assert yaml.safe_load(result.stdout)["parts"][0]["title"] == "要求"


def test_extract_bad_input(tmp_path):
    assert runner.invoke(app, ["extract", str(tmp_path / "nope.txt")]).exit_code == 2
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not really")
    result = runner.invoke(app, ["extract", str(tmp_path / "bad.docx")])
    assert result.exit_code == 2 and "not a readable .docx" in result.stderr
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    assert (
        "no text to extract" in runner.invoke(app, ["extract", str(tmp_path / "empty.txt")]).stderr
    )
    (tmp_path / "latin.txt").write_bytes("讲话".encode("utf-16-le"))
    result = runner.invoke(app, ["extract", str(tmp_path / "latin.txt"), "--encoding", "ascii"])
    assert result.exit_code == 2 and "--encoding" in result.stderr


def test_extract_refuses_to_write_over_its_input(tmp_path):
    speech = tmp_path / "s.txt"
    speech.write_text("同志们：开场。一、要求。", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(speech), "-o", str(speech)])
    assert (
        result.exit_code == 2 and speech.read_text(encoding="utf-8") == "同志们：开场。一、要求。"
    )


def test_docx_headings_without_typed_numbers_get_them(tmp_path):
    import docx

    word = docx.Document()
    word.add_paragraph("标题", style="Title")
    word.add_paragraph("——在会上的讲话")
    word.add_paragraph("同志们：")
    word.add_paragraph("开场。")
    word.add_paragraph("工作回顾", style="Heading 1")
    word.add_paragraph("突出抓督导", style="Heading 2")
    word.add_paragraph("正文。")
    buffer = io.BytesIO()
    word.save(buffer)
    data = yaml.safe_load(extract(buffer.getvalue(), Path("w.docx")))
    assert data["parts"][0]["title"] == "工作回顾"
    assert data["parts"][0]["items"][0]["headline"] == "突出抓督导"
