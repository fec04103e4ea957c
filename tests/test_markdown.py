"""Markdown that CommonMark readers render right, read back with markdown-it-py (CommonMark).

Run-in headlines and bold leads must come out bold (not as literal asterisks, which is what
`**（一）标题。**正文` gives in CommonMark and GFM); the YAML metadata block carries title,
subtitle, author and date; nothing the writer typed turns into markup."""

from __future__ import annotations

import html
import re

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from drafter.document import Document, Header, Heading, Lead, Paragraph, Run
from drafter.writers.text import to_markdown

from conftest import EXAMPLES, KINDS

commonmark = MarkdownIt("commonmark")


def split_front_matter(markdown: str) -> tuple[dict, str]:
    match = re.match(r"---\n(.*?)\n---\n", markdown, re.S)
    assert match, "no metadata block"
    return yaml.safe_load(match.group(1)), markdown[match.end() :]


def strong_texts(rendered: str) -> list[str]:
    return [html.unescape(s) for s in re.findall(r"<strong>(.*?)</strong>", rendered)]


def plain(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


@pytest.mark.parametrize("kind", KINDS)
def test_examples_render_in_commonmark_with_bold_leads(renderer, kind):
    document = renderer.document(renderer.load(EXAMPLES / f"{kind}.yaml"))
    metadata, body = split_front_matter(to_markdown(document))
    header = document.header
    for key, value in (
        ("title", header.title),
        ("subtitle", header.subtitle),
        ("author", header.byline),
        ("date", header.date),
    ):
        assert metadata.get(key, "") == value, key
    rendered = commonmark.render(body)
    assert "*" not in plain(rendered)  # every ** became bold
    bold = strong_texts(rendered)
    for block in document.blocks:
        if isinstance(block, Paragraph) and block.lead:
            text = block.lead.full_text
            # the headline is bold, at most its closing punctuation left outside
            assert any(text.startswith(b) and len(text) - len(b) <= 1 for b in bold), text
    tokens = commonmark.parse(body)
    headings = [
        (int(t.tag[1]), tokens[i + 1].content)
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]
    expected = [(h.level, h.full_text) for h in document.blocks if isinstance(h, Heading)]
    assert headings == expected


def test_leads_of_every_level_and_bold_inside_text():
    document = Document(
        Header(title="标题"),
        (
            Heading(1, "一、", "总体要求"),
            Paragraph((Run("正文。"),), Lead(1, "一、", "坚持“五育并举”。")),
            Paragraph((Run("前文。"), Run("抓落实。", bold=True), Run("后文。"))),
            Paragraph((Run("要“"), Run("三个统一", bold=True), Run("”。"))),
            Paragraph((Run("句中“"), Run("“加粗”", bold=True), Run("字。"))),
            Paragraph((Run("（一）只有标题。", bold=True),)),
        ),
    )
    _, body = split_front_matter(to_markdown(document))
    rendered = commonmark.render(body)
    assert "*" not in plain(rendered)
    assert strong_texts(rendered) == [
        "一、坚持“五育并举”",
        "抓落实",
        "三个统一",
        "“加粗",
        "（一）只有标题。",
    ]
    assert "<h1>一、总体要求</h1>" in rendered


def test_typed_markup_stays_text():
    document = Document(
        Header(title="a*b* [c](d)"),
        (Paragraph((Run("1. 不是列表 # 不是标题 *不斜* <b>不粗</b> _x_ `y`"),)),),
    )
    metadata, body = split_front_matter(to_markdown(document))
    assert commonmark.render(body) == (
        "<p>1. 不是列表 # 不是标题 *不斜* &lt;b&gt;不粗&lt;/b&gt; _x_ `y`</p>\n"
    )
    # pandoc reads metadata as Markdown: escaped there too
    assert commonmark.renderInline(metadata["title"]) == "a*b* [c](d)"


CHARS = st.sampled_from(list("甲乙丙丁春夏秋冬abc12 。，、；：“”（）《》!?*_#[]<>\\-"))
RUN_TEXT = st.text(CHARS, min_size=1, max_size=8)


@given(st.lists(st.tuples(RUN_TEXT, st.booleans()), min_size=1, max_size=6))
def test_any_paragraph_reads_back_as_its_text(runs):
    """Whatever the runs, CommonMark shows exactly their characters, and every bold piece of
    the output is a piece of a bold run."""
    text = "".join(t for t, _ in runs).strip()
    document = Document(blocks=(Paragraph(tuple(Run(t, bold=b) for t, b in runs)),))
    rendered = commonmark.render(to_markdown(document))
    assert re.sub(r"\s+", " ", plain(rendered)).strip() == re.sub(r"\s+", " ", text)
    bold_runs = "".join(t if b else "\0" for t, b in runs)
    for piece in strong_texts(rendered):
        assert re.sub(r"\s+", " ", piece).strip() in re.sub(r"\s+", " ", bold_runs), (piece, runs)
