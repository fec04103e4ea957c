"""--format html: one self-contained page from the same Document as every other format.

Read back with Python's HTML parser: the structure (header, headings of every level with their
labels, run-in leads of every level, bold leads, placeholders), the profile's faces with CSS
fallbacks and its line pitch, print CSS for A4 pages, and no URL anywhere (nothing fetched)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from drafter.chinese import placeholders
from drafter.document import Document, Header, Heading, Lead, Paragraph, Run
from drafter.writers.html import speech_html, stylesheet, to_html

from conftest import EXAMPLES, KINDS, MINIMAL


class Tree(HTMLParser):
    """Every element as (tag, classes, text inside it), in document order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[list] = []
        self.open: list[list] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.attributes += [(tag, name, value) for name, value in attrs]
        element = [tag, dict(attrs).get("class", "").split(), ""]
        self.elements.append(element)
        if tag not in ("meta", "br", "link", "img"):
            self.open.append(element)

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for element in self.open:
            element[2] += data

    def find(self, tag: str | None = None, cls: str | None = None) -> list[list]:
        return [
            e
            for e in self.elements
            if (tag is None or e[0] == tag) and (cls is None or cls in e[1])
        ]


@pytest.fixture(scope="module")
def pages(renderer) -> dict[str, tuple[Document, str]]:
    found = {}
    for kind in KINDS:
        document = renderer.document(renderer.load(EXAMPLES / f"{kind}.yaml"))
        found[kind] = (document, renderer.to_bytes(document, "html").decode("utf-8"))
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_paragraph_of_the_speech_is_there_in_order(pages, kind):
    document, page = pages[kind]
    tree = Tree(page)
    assert len(tree.find("article", "drafter-speech")) == 1
    blocks = [
        e[2]
        for e in tree.elements
        if e[0] in ("h1", "h2", "h3", "h4", "h5", "p") and e[1] and e[1][0] != "placeholder"
    ]
    # a title broken into lines (<br>) loses the space at its break
    assert [b.replace(" ", "") for b in blocks] == [t.replace(" ", "") for t in document.lines()]
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert tree.find("title")[0][2] == document.header.title


def test_headings_labels_and_leads(pages):
    _, page = pages["work-conference"]
    tree = Tree(page)
    assert [e[2] for e in tree.find("h1", "title")] == [
        "守正创新 提质增效奋力建设人民满意的云川教育"
    ]
    assert '<h1 class="title">守正创新 提质增效<br>奋力建设' in page
    assert tree.find("p", "subtitle")[0][2] == "——在2026年全市教育工作会议上的讲话"
    assert tree.find("p", "salutation")[0][2] == "同志们："
    heading = tree.find("h2", "heading1")[0]
    assert heading[2] == "一、2025年工作回顾"
    assert tree.find("span", "label")[0][2] == "一、"
    lead = tree.find("span", "lead2")[0]
    assert lead[2] == "（一）党建引领更加有力。"
    assert tree.find("strong")[0][2] == "深化思政课改革创新。"
    assert tree.find("p", "closing")


def test_every_level_of_heading_and_lead():
    """Levels 1–4 standing alone (h2–h5) and run in (a level-1 part heading running into its
    first paragraph, as some speeches do), each in the look of its number's form."""
    labels = ("一、", "（一）", "1.", "（1）")
    blocks = [
        *(Heading(level, label, f"第{level}级标题") for level, label in enumerate(labels, 1)),
        *(
            Paragraph((Run("正文。"),), Lead(level, label, f"接排{level}。"))
            for level, label in enumerate(labels, 1)
        ),
    ]
    document = Document(Header(title="标题"), tuple(blocks))
    from drafter.pipeline import Renderer

    tree = Tree(speech_html(document, profile=Renderer().profile()))
    for level in range(1, 5):
        (heading,) = tree.find(f"h{level + 1}", f"heading{level}")
        assert heading[2].endswith(f"第{level}级标题")
        (lead,) = tree.find("span", f"lead{level}")
        assert lead[2] == f"{labels[level - 1]}接排{level}。"
    css = stylesheet(Renderer().profile())
    for level in range(1, 5):
        assert f".drafter-speech .heading{level} {{" in css
    assert re.search(r"\.lead1 \{ font-family: \"黑体\", SimHei", css)


def test_the_look_follows_the_number_form_and_the_tag_the_depth(renderer):
    """GB/T 9704 sets 1. in 仿宋加粗 at any depth; a 第一， headline on its own line is a
    heading of its depth, not a paragraph."""
    document = Document(
        Header(title="标题"),
        (
            Heading(2, "1.", "二级的阿拉伯数字标题"),
            Paragraph((), Lead(2, "第一，", "单独成行的标题")),
            Paragraph((Run("正文。"),), Lead(2, "1.", "接排。")),
        ),
    )
    tree = Tree(speech_html(document, profile=renderer.profile()))
    assert [e[2] for e in tree.find("h3", "heading3")] == ["1.二级的阿拉伯数字标题"]
    assert [e[2] for e in tree.find("h3", "heading2")] == ["第一，单独成行的标题"]
    assert [e[2] for e in tree.find("span", "lead3")] == ["1.接排。"]


def test_placeholders_are_yellow(renderer):
    document = renderer.document(renderer.loads(MINIMAL.replace("12个", "XX个")))
    page = renderer.to_bytes(document, "html").decode("utf-8")
    tree = Tree(page)
    assert [e[2] for e in tree.find("mark", "placeholder")] == ["XX"]
    assert ".drafter-speech mark.placeholder { background: #ff0" in page
    plain = speech_html(document, profile=renderer.profile(), highlight=None)
    assert "<mark" not in plain
    assert 'class="placeholder"' in speech_html(
        document, profile=renderer.profile(), highlight=placeholders.find
    )


def test_faces_with_fallbacks_line_pitch_and_a4(pages):
    _, page = pages["work-conference"]
    assert (
        'font-family: "仿宋_GB2312", "FangSong_GB2312", "仿宋", FangSong, STFangsong, '
        '"华文仿宋", "Noto Serif CJK SC", "Source Han Serif SC", serif' in page
    )
    assert "line-height: 28.95pt" in page
    assert "font-size: 16.0pt" in page
    assert "width: 210.0mm" in page and "padding: 37.0mm 26.0mm 35.0mm 28.0mm" in page
    assert "text-indent: 2.0em" in page
    assert "@page { size: 210.0mm 297.0mm; margin: 37.0mm 26.0mm 35.0mm 28.0mm; }" in page
    assert '@page :right { @bottom-right { content: "— " counter(page) " —"' in page
    assert "@page :left { @bottom-left {" in page


def test_plain_profile_puts_latin_faces_first(renderer):
    from drafter.pipeline import Options, Renderer

    plain = Renderer(Options(style="plain"))
    page = plain.to_bytes(plain.document(plain.loads(MINIMAL)), "html").decode("utf-8")
    assert 'font-family: "Times New Roman", Times, "Liberation Serif"' in page
    assert '"DejaVu Serif", "宋体", SimSun' in page
    assert 'lang="en-US"' in page


@pytest.mark.parametrize("kind", KINDS)
def test_nothing_is_fetched(pages, kind):
    _, page = pages[kind]
    assert not re.search(r"(?i)https?:|//[a-z0-9]|url\s*\(|@import|<script|<link|<img|src=", page)
    tree = Tree(page)
    assert not [a for a in tree.attributes if a[1] in ("href", "src", "srcset", "action")]


def test_text_is_escaped():
    document = Document(Header(title="<b>&"), (Paragraph((Run("a<script>b"),)),))
    from drafter.pipeline import Renderer

    page = to_html(document, profile=Renderer().profile()).decode("utf-8")
    assert "<script>" not in page and "a&lt;script&gt;b" in page and "<title>&lt;b&gt;&amp;" in page
