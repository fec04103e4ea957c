import pytest

from drafter.document import Heading, Lead, Paragraph, Run
from drafter.errors import MarkupError
from drafter.render.markup import escape, parse


def test_header_and_salutation():
    doc = parse(
        "@title 标题\n@subtitle ——在会上的讲话\n@byline 局长 张某某\n@date 2026年1月20日\n"
        "@salutation 同志们：\n"
    )
    assert doc.header.title == "标题"
    assert doc.header.byline == "局长 张某某"
    assert doc.blocks == (Paragraph((Run("同志们："),), role="salutation"),)


def test_headings_are_numbered_in_order_and_reset_by_higher_levels():
    doc = parse("# 甲\n## 子一\n## 子二\n### 孙\n# 乙\n## 子\n")
    labels = [(b.level, b.label, b.text) for b in doc.blocks]
    assert labels == [
        (1, "一、", "甲"),
        (2, "（一）", "子一"),
        (2, "（二）", "子二"),
        (3, "1.", "孙"),
        (1, "二、", "乙"),
        (2, "（一）", "子"),
    ]


def test_numbering_directive_applies_until_the_next_higher_heading():
    doc = parse("# 甲\n@numbering arabic\n## a\n## b\n# 乙\n## c\n")
    assert [b.label for b in doc.blocks] == ["一、", "1.", "2.", "二、", "（一）"]


def test_numbering_level_argument():
    doc = parse("# 甲\n## a\n@numbering paren-arabic 3\n### x\n")
    assert doc.blocks[-1].label == "（1）"


def test_ten_or_more_items():
    doc = parse("# 甲\n" + "".join(f"## {n}\n" for n in range(12)))
    assert [b.label for b in doc.blocks[-3:]] == ["（十）", "（十一）", "（十二）"]


def test_run_in_headline_and_body_on_one_line():
    doc = parse("# 甲\n##> 党建不断加强。 | 新建**党组织**12个。\n")
    paragraph = doc.blocks[1]
    assert paragraph == Paragraph(
        (Run("新建"), Run("党组织", bold=True), Run("12个。")), Lead(2, "（一）", "党建不断加强。")
    )
    assert paragraph.full_text == "（一）党建不断加强。新建党组织12个。"


def test_run_in_without_body_stands_alone_and_does_not_swallow_the_next_paragraph():
    doc = parse("# 甲\n##> 标题。\n另一段。\n")
    assert doc.blocks[1] == Paragraph((), Lead(2, "（一）", "标题。"))
    assert doc.blocks[2] == Paragraph((Run("另一段。"),))


def test_inline_styles_always_run_in():
    doc = parse("# 甲\n@numbering yao\n## 加强学习。\n## 改进作风。\n")
    assert [b.full_text for b in doc.blocks[1:]] == ["一要加强学习。", "二要改进作风。"]
    assert all(isinstance(b, Paragraph) for b in doc.blocks[1:])


def test_escapes_keep_text_literal():
    text = "{{ 7*7 }} **x** #tag @name a|b \\ end"
    doc = parse(escape(text) + "\n##> " + escape("标|题") + " | " + escape("正*文") + "\n")
    assert doc.blocks[0] == Paragraph((Run(text),))
    assert doc.blocks[1].full_text == "（一）标|题正*文"


def test_escaped_line_start_is_not_a_directive():
    doc = parse(escape("@title 不是标题") + "\n" + escape("# 不是标题") + "\n")
    assert [b.full_text for b in doc.blocks] == ["@title 不是标题", "# 不是标题"]
    assert doc.header.title == ""


def test_closing_paragraphs():
    doc = parse("@closing 同志们，……！\n@closing 谢谢大家！\n")
    assert [b.role for b in doc.blocks] == ["closing", "closing"]


def test_all_errors_are_reported_with_lines():
    text = "@title a\n@title b\n@foo x\n@numbering roman\n##### deep\n#\n段落**未闭合\n##>  | \n"
    with pytest.raises(MarkupError) as info:
        parse(text, "kinds/x.j2 (rendered)")
    found = [p.format() for p in info.value.problems]
    assert found[0] == "kinds/x.j2 (rendered):2: @title given twice: @title b"
    assert found[1].startswith("kinds/x.j2 (rendered):3: unknown directive @foo (known: @title")
    assert found[2].startswith("kinds/x.j2 (rendered):4: unknown numbering style 'roman'")
    assert found[3] == "kinds/x.j2 (rendered):5: headings go at most 4 levels deep: ##### deep"
    assert found[4] == "kinds/x.j2 (rendered):6: a heading needs text after its #: #"
    assert (
        found[5] == "kinds/x.j2 (rendered):7: ** opens bold text that is never closed: 段落**未闭合"
    )
    assert found[6] == "kinds/x.j2 (rendered):8: a heading needs text after its #: ##>  |"


def test_bold_is_refused_in_headings():
    with pytest.raises(MarkupError, match="bold"):
        parse("# **甲**\n")


def test_sections_group_blocks_for_statistics():
    doc = parse("开场。\n# 甲\n正文。\n# 乙\n正文。\n@closing 结束。\n")
    assert [s.name for s in doc.sections()] == ["开场", "一、甲", "二、乙", "结束语"]


def test_headings_iterates_standalone_and_run_in():
    doc = parse("# 甲\n##> a | b\n## c\n")
    assert [(h.level, h.label) for h in doc.headings()] == [
        (1, "一、"),
        (2, "（一）"),
        (2, "（二）"),
    ]
    assert isinstance(doc.blocks[2], Heading)


def test_map_text_never_touches_labels():
    doc = parse("@title t\n# 甲\n##> a | b\n").map_text(str.upper)
    assert doc.header.title == "T"
    assert doc.blocks[1].full_text == "（一）AB"


def test_a_level_1_heading_runs_into_its_paragraph_and_counts_as_a_part():
    document = parse("# 甲\n正文。\n#> 正确认识意义。 | 第二部分正文。\n# 丙\n")
    lead = document.blocks[2].lead
    assert (lead.level, lead.label, lead.text) == (1, "二、", "正确认识意义。")
    assert document.blocks[2].full_text == "二、正确认识意义。第二部分正文。"
    assert [s.name for s in document.sections()] == ["一、甲", "二、正确认识意义。", "三、丙"]


def test_an_item_with_no_headline_is_its_label_and_text():
    document = parse("# 甲\n@numbering di\n##> | 当前，形势复杂。\n##> 要抓重点。 | 正文。\n")
    assert [b.full_text for b in document.blocks[1:]] == [
        "第一，当前，形势复杂。",
        "第二，要抓重点。正文。",
    ]


def test_level_1_numbering_styles():
    document = parse("@numbering arabic-dun 1\n# 甲\n# 乙\n")
    assert [b.full_text for b in document.blocks] == ["1、甲", "2、乙"]
    document = parse("@numbering none 1\n# 甲\n")
    assert [b.full_text for b in document.blocks] == ["甲"]
