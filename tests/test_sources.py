"""Every sentence traceable: each paragraph of a rendered draft names the outline line, library
entry or template part it came from, and says when it holds computed numbers; `-f json` writes
the document model with those sources."""

from __future__ import annotations

import json
import re
import textwrap

import pytest

from drafter.chinese.punctuation import normalize
from drafter.document import Heading, Paragraph, Source
from drafter.outline.rules import PART_TYPES
from drafter.render.markup import MARK_END, MARK_FIRST
from drafter.schema.source import value_at
from drafter.writers.html import speech_html
from drafter.writers.json import FORMAT, VERSION, to_json

from conftest import EXAMPLES, KINDS, MINIMAL

PLACES = {"header", "salutation", "opening", "closing"}  # base.j2's blocks besides the parts
_EDGE_MARKS = "。，；、：！？…“”‘’（）()"


@pytest.fixture(scope="module")
def rendered(renderer):
    found = {}
    for kind in KINDS:
        loaded = renderer.load(EXAMPLES / f"{kind}.yaml")
        found[kind] = (loaded, renderer.document(loaded))
    return found


def sources_of(document) -> list[tuple[str, Source | None]]:
    """(text, source) of every paragraph of the draft, and of every run-in headline."""
    found = [(text, document.header.source(key)) for key, text in document.header.lines()]
    for block in document.blocks:
        found.append((block.full_text, block.source))
        if isinstance(block, Paragraph) and block.lead is not None:
            found.append((block.lead.text, block.lead.source))
    return found


def pieces_of(document) -> list[tuple[str, Source]]:
    """Every stretch of body text with one source: paragraphs' pieces, headlines."""
    found = []
    for block in document.blocks:
        if isinstance(block, Heading):
            found.append((block.text, block.source))
            continue
        if block.lead is not None and block.lead.text:
            found.append((block.lead.text, block.lead.source))
        found += [(piece.text, piece.source) for piece in block.pieces]
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_paragraph_of_every_example_has_a_source(rendered, kind):
    loaded, document = rendered[kind]
    assert document.outline == loaded.source.file
    for text, source in sources_of(document):
        assert source is not None or not text, text  # a run-in label alone has no words
    for block in document.blocks:
        if isinstance(block, Paragraph):  # the pieces are the body, character for character
            assert "".join(piece.text for piece in block.pieces) == block.body_text


@pytest.mark.parametrize("kind", KINDS)
def test_outline_text_points_at_the_line_that_holds_its_words(rendered, kind):
    loaded, document = rendered[kind]
    lines = loaded.text.splitlines()
    checked = 0
    for text, source in pieces_of(document):
        if source.kind != "outline" or not isinstance(_value(loaded, source), str):
            continue  # a figure's or a date's words are worked out from what the line holds
        words = text.strip(_EDGE_MARKS)[:4]
        if len(words) < 2:
            continue
        line = normalize(lines[source.line - 1])
        assert words in line[source.column - 1 :], (text, source, line)
        checked += 1
    assert checked > 20
    for key, text in document.header.lines():  # a header line holds its value's words
        source = document.header.source(key)
        value = _value(loaded, source)
        if source.kind == "outline" and isinstance(value, str):
            assert value in text


@pytest.mark.parametrize("kind", KINDS)
def test_stock_and_template_text_names_an_entry_or_a_part_of_a_kind(rendered, renderer, kind):
    loaded, document = rendered[kind]
    kinds = renderer.templates.kinds()
    named = set()
    for _text, source in pieces_of(document):
        if source.stock:
            assert source.stock in renderer.library().entries
            named.add(source.stock)
        elif source.template:
            template_kind, _, part = source.template.partition("/")
            assert template_kind in kinds and template_kind == loaded.outline.kind
            assert part in PLACES | set(PART_TYPES), source
        if source.line:  # where the writer acts on it is a place in the outline
            assert 1 <= source.line <= len(loaded.text.splitlines())
            assert source.path
    assert any(source.kind == "template" for _, source in pieces_of(document))
    if kind == "work-conference":
        assert named == {"opening-meeting", "closing-annual-forward", "greeting-spring-festival"}


def test_computed_numbers_are_marked_and_traced_to_their_figure(rendered):
    _, document = rendered["work-conference"]
    computed = [(text, source) for text, source in pieces_of(document) if source.computed]
    texts = [text for text, _ in computed]
    assert "比上年增长8.7%" in texts  # growth, from the figure that has the numbers
    growth = dict(computed)["比上年增长8.7%"]
    assert growth.path == "parts[0].items[1].figures[0]" and growth.kind == "outline"
    assert ("四", "template") in [(text, s.kind) for text, s in computed]  # 讲四个方面
    paragraph = next(b for b in document.blocks if "比上年增长8.7%" in b.full_text)
    assert paragraph.source.computed and paragraph.source.path == "parts[0].items[1].text"
    plain = next(b for b in document.blocks if b.full_text.startswith("（一）党建引领"))
    assert not plain.source.computed


def test_the_default_closing_and_stock_items_name_their_entries(renderer):
    outline = MINIMAL.replace(
        "          - {lead: 对照标准找问题, text: 全面对照评估标准。}",
        "          - {lead: 对照标准找问题, text: 全面对照评估标准。}\n      - use: req-safety",
    )
    loaded = renderer.loads(outline)
    document = renderer.document(loaded)
    closing = [b for b in document.blocks if isinstance(b, Paragraph) and b.role == "closing"]
    assert closing[0].source == Source("closing", stock="closing-annual-forward")  # no line
    stock_item = next(b for b in document.blocks if b.source and b.source.stock == "req-safety")
    assert stock_item.source.path == "parts[1].items[1].use"
    assert outline.splitlines()[stock_item.source.line - 1].strip() == "- use: req-safety"


def test_each_line_of_a_multi_line_value_points_at_its_own_line(renderer):
    outline = MINIMAL.replace(
        "        text: 新建党组织12个。",
        "        text: |\n          第一段的文字。\n\n          第二段，写得不同。",
    )
    loaded = renderer.loads(outline)
    document = renderer.document(loaded)
    lines = outline.splitlines()
    found = {}
    for text, source in pieces_of(document):
        if source.path == "parts[0].items[0].text":
            found[text] = lines[source.line - 1][source.column - 1 :]
    assert found == {"第一段的文字。": "第一段的文字。", "第二段，写得不同。": "第二段，写得不同。"}


def test_chinese_keys_and_office_values(write_outline, renderer):
    outline = textwrap.dedent(
        """\
        讲话类型: work-conference
        会议: 2026年全市教育工作会议
        讲话人: 局长 张某某
        部分:
          - 类型: review
            条目:
              - 标题: 党建工作不断加强
                正文: 新建党组织12个。
        """
    )
    document = renderer.document(renderer.loads(outline))
    item = next(b for b in document.blocks if isinstance(b, Paragraph) and b.lead)
    assert (item.lead.source.path, item.lead.source.line) == ("parts[0].items[0].headline", 7)
    assert (item.source.path, item.source.line) == ("parts[0].items[0].text", 8)
    # a value the outline does not hold (the review's period, 上年 of a figure) is not the
    # writer's: the review's intro reads as the kind's text
    intro = next(b for b in document.blocks if b.full_text.startswith("2025年，"))
    assert intro.source.template == "work-conference/review"


def test_marks_never_reach_the_text_and_marks_typed_in_an_outline_are_kept(renderer, rendered):
    marks = re.compile(f"[{chr(MARK_FIRST)}-{MARK_END}]")
    for _, document in rendered.values():
        assert not any(marks.search(line) for line in document.lines())
    typed = chr(MARK_FIRST + 1) + "党建" + MARK_END
    document = renderer.document(renderer.loads(MINIMAL.replace("党建工作不断加强", typed)))
    lead = next(b.lead for b in document.blocks if isinstance(b, Paragraph) and b.lead)
    assert lead.text == typed + "。" and lead.source.path == "parts[0].items[0].headline"


def test_half_width_punctuation_made_full_width_keeps_the_pieces_in_step(renderer):
    document = renderer.document(
        renderer.loads(MINIMAL.replace("新建党组织12个。", "新建党组织,共12个。"))
    )
    paragraph = next(b for b in document.blocks if "党组织" in b.full_text)
    assert paragraph.body_text == "新建党组织，共12个。"
    assert [piece.text for piece in paragraph.pieces] == ["新建党组织，共12个。"]


def test_json_holds_every_paragraph_with_its_source(rendered):
    loaded, document = rendered["work-conference"]
    text = to_json(document)
    found = json.loads(text)
    assert (found["format"], found["version"]) == (FORMAT, VERSION)
    assert found["outline"] == loaded.source.file
    paragraphs = found["paragraphs"]
    assert len(paragraphs) == len(document.lines())
    assert len(text.splitlines()) == len(paragraphs) + 9  # one paragraph a line
    assert [p["type"] for p in paragraphs[:5]] == [
        "title",
        "subtitle",
        "byline",
        "date",
        "paragraph",
    ]
    heading = next(p for p in paragraphs if p["type"] == "heading")
    assert heading == {
        "type": "heading",
        "level": 1,
        "label": "一、",
        "text": "2025年工作回顾",
        "source": {"path": "parts[0].title", "line": 30, "column": 12},
    }
    led = next(p for p in paragraphs if "lead" in p and p["lead"]["label"] == "（二）")
    assert led["lead"]["text"] == "教育投入持续加大。"
    assert led["text"].startswith("坚持把教育作为")
    assert led["source"]["computed"] is True
    assert "".join(piece["text"] for piece in led["pieces"]) == led["text"]
    closing = [p for p in paragraphs if p.get("role") == "closing"]
    assert closing[0]["source"] == {
        "stock": "closing-annual-forward",
        "path": "closing.use",
        "line": 153,
        "column": 8,
    }


def _value(loaded, source: Source):
    path = tuple(int(k) if k.isdigit() else k for k in re.findall(r"[^.\[\]]+", source.path))
    return value_at(path, loaded.data)


def test_the_workbench_draft_carries_lines_and_names_what_drafter_wrote(renderer, rendered):
    _, document = rendered["work-conference"]
    profile = renderer.profile()
    traced = speech_html(document, profile=profile, sources=True)
    plain = speech_html(document, profile=profile)
    assert "data-line" not in plain  # the page of -f html stays as it was

    def words(html: str) -> str:
        return re.sub(r"<[^>]+>", "", html)

    assert words(traced) == words(plain)
    assert '<h2 class="heading heading1" data-line="30" data-column="12" data-lines="30">' in traced
    assert (
        '<span data-line="45" data-column="13" data-source="computed" '
        'title="drafter 计算的数字；表格 2025年教育统计.csv D6、E6">'
        '<span class="gap">比上年增长</span>8.7%</span>' in traced
    )
    assert (  # a figure's number read from its table says so
        '<span data-line="45" data-column="13" data-source="table" '
        'title="表格 2025年教育统计.csv D6"><span class="gap">86.4</span>亿元，</span>' in traced
    )
    closing = re.search(r'<p class="closing"([^>]*)>(<span[^>]*>)', traced)
    assert closing.group(1) == ' data-line="153" data-column="8" data-lines="153 155"'  # its with:
    assert 'data-source="stock" title="素材库 closing-annual-forward"' in closing.group(2)
    made = re.search(
        r'<p class="body"[^>]*data-lines="([^"]*)"[^>]*><span class="lead lead2"[^>]*><span class="label">（一）',
        traced,
    )
    assert made.group(1).split() == ["35", "36", "38", "39", "40"]  # its headline, text, facts


def test_the_generic_kind_adds_no_sentence_of_its_own(renderer):
    document = renderer.document(renderer.loads(MINIMAL.replace("work-conference", "generic")))
    paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
    assert {b.source.kind for b in paragraphs} == {"outline"}
    titles = [b.source.template for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    assert titles == []  # parts without a title have no heading: the kind adds none


def test_markup_asked_for_without_a_trace_has_no_marks(renderer):
    markup = renderer.markup(renderer.loads(MINIMAL))
    assert "讲两个方面的问题" in markup
    assert not re.search(f"[{chr(MARK_FIRST)}-{MARK_END}]", markup)


def test_a_templates_own_look_at_a_values_edges_reads_its_words(renderer):
    from drafter.render.sources import Trace

    loaded = renderer.loads(MINIMAL)
    value = Trace(loaded, "work-conference").mark("测试标题。", ("title",))
    assert str(value) != "测试标题。" and value == "测试标题。"  # marked, and its words the same
    template = renderer.templates.env.from_string(
        "{{ v.endswith('。') }} {{ v.startswith('测试') }} {{ v.rstrip('。') == v }} "
        "{{ v|sentence == v }} {{ v|bare|length }} {{ v|length }} {{ v[-1] }} {{ v[:2] }} "
        "{{ v == '测试标题。' }} {{ '标题' in v }} {{ (v ~ '好')|length }} {{ v|list|length }}"
    )
    assert template.render(v=value) == "True True False True 4 5 。 测试 True True 6 5"


FOLDED = """\
kind: work-conference
occasion: 2026年全县教育工作会议
speaker: 王五
date: 2026-02-20
parts:
  - type: review
    items:
      - headline: 安全责任体系不断健全
        text: >
          全县各级各类学校全部签订安全责任书，
          落实“一岗双责”。
      - headline: 校园周边环境持续改善
        text: "联合公安、市场监管等部门开展校园周边专项整治行动，
          取缔无证摊点37个。"
"""


def test_a_value_over_several_lines_holds_every_line(renderer):
    document = renderer.document(renderer.loads(FOLDED))
    texts = {
        piece.text[:6]: piece.source
        for block in document.blocks
        if isinstance(block, Paragraph)
        for piece in block.pieces
    }
    assert (texts["全县各级各类"].line, texts["全县各级各类"].last_line) == (10, 11)
    assert (texts["联合公安、市"].line, texts["联合公安、市"].last_line) == (13, 14)
    traced = speech_html(document, profile=renderer.profile(), sources=True)
    held = re.findall(r'<p class="body"[^>]*data-lines="([^"]*)"', traced)
    assert ["8", "10", "11"] in [lines.split() for lines in held]  # its headline, its text
    assert ["12", "13", "14"] in [lines.split() for lines in held]


def test_a_with_value_in_library_text_is_the_writers(rendered):
    _, document = rendered["work-conference"]
    closing = next(b for b in document.blocks if b.full_text.startswith("同志们，新的一年"))
    goal = next(piece for piece in closing.pieces if piece.text == "建设现代化区域中心城市")
    assert goal.source == Source("closing.with.goal", 155, 11)
    assert closing.source.stock == "closing-annual-forward"  # the entry's still, by most words


def test_an_office_default_names_its_settings_file_and_key(tmp_path):
    from drafter.outline.config import load_settings
    from drafter.pipeline import Options, Renderer

    settings = tmp_path / "drafter.yaml"
    settings.write_text("org: 云川市教育局\nspeaker: 李明\n", encoding="utf-8")
    outline = tmp_path / "提纲.yaml"
    outline.write_text(MINIMAL.replace("speaker:", "# speaker:"), encoding="utf-8")
    renderer = Renderer(Options(), load_settings(tmp_path))
    document = renderer.document(renderer.load(outline))
    byline = document.header.source("byline")
    assert byline == Source("speaker", 2, 10, settings=str(settings))
    said = json.loads(to_json(document))["paragraphs"]
    assert next(p for p in said if p["type"] == "byline")["source"] == {
        "settings": str(settings),
        "path": "speaker",
        "line": 2,
        "column": 10,
    }
    traced = speech_html(document, profile=renderer.profile(), sources=True)
    line = re.search(r'<p class="byline"([^>]*)>(<span[^>]*>)', traced)
    assert "data-line" not in line.group(1)  # not a line of the outline in the editor
    assert f'data-source="settings" title="单位设置 {settings} speaker（第2行）"' in line.group(2)


def test_json_has_no_empty_pieces_and_a_headline_alone_is_a_heading(rendered):
    _, document = rendered["exchange-meeting"]
    said = json.loads(to_json(document))["paragraphs"]
    alone = next(p for p in said if p.get("label") == "第一，")
    assert alone["type"] == "heading" and alone["text"] == "课后服务要坚持以学生为本"
    led = next(p for p in said if p.get("lead", {}).get("label") == "一是")
    assert led["lead"]["source"]["template"] == "exchange-meeting/situation"  # the numbering's
    for paragraph in said:
        assert all(piece["text"] and piece["source"] for piece in paragraph.get("pieces", ()))
    assert all(p["type"] != "paragraph" or p["text"] for p in said)


def test_json_of_standard_input_names_no_outline_file(renderer):
    from dataclasses import replace

    from drafter.decoding import STDIN, source_name

    document = renderer.document(renderer.loads(MINIMAL))
    assert json.loads(to_json(replace(document, outline=source_name(STDIN))))["outline"] is None
