"""Read every example's DOCX back: page, styles (East Asian fonts), outline levels, footer
fields, core properties, and the text paragraph for paragraph against the txt rendering."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from drafter.errors import StyleError
from drafter.pipeline import Options, Renderer
from drafter.writers.docx import _split
from drafter.writers.text import to_text

from conftest import EXAMPLES, KINDS, MINIMAL

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def mm(length) -> float:
    """Lengths are stored in twips: compare in millimetres to a tenth."""
    return round(length.mm, 1)


def read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def drafts(renderer):
    found = {}
    for kind in KINDS:
        document = renderer.document(renderer.load(EXAMPLES / f"{kind}.yaml"))
        found[kind] = (document, read(renderer.to_bytes(document, "docx")))
    return found


def fonts(style) -> dict[str, str]:
    rpr = style.element.find(qn("w:rPr"))
    rfonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return {k.replace(W, ""): v for k, v in (rfonts.attrib.items() if rfonts is not None else [])}


def ind(style) -> dict[str, str]:
    ppr = style.element.find(qn("w:pPr"))
    element = ppr.find(qn("w:ind")) if ppr is not None else None
    return {k.replace(W, ""): v for k, v in (element.attrib.items() if element is not None else [])}


def outline_level(style) -> int | None:
    ppr = style.element.find(qn("w:pPr"))
    element = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    return None if element is None else int(element.get(qn("w:val")))


@pytest.mark.parametrize("kind", KINDS)
def test_page_is_a4_with_official_margins(drafts, kind):
    section = drafts[kind][1].sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (37, 35)
    assert (mm(section.left_margin), mm(section.right_margin)) == (28, 26)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")


@pytest.mark.parametrize("kind", KINDS)
def test_text_equals_the_txt_rendering_paragraph_for_paragraph(drafts, kind):
    document, word = drafts[kind]
    lines = to_text(document).splitlines()
    texts = [p.text for p in word.paragraphs]
    assert len(texts) == len(lines)
    # a long title is one paragraph broken into balanced lines (a space at a break dropped)
    assert [t.replace("\n", "").replace(" ", "") for t in texts] == [
        t.replace(" ", "") for t in lines
    ]


def test_long_titles_break_at_phrase_boundaries(drafts):
    assert (
        drafts["work-conference"][1].paragraphs[0].text
        == "守正创新 提质增效\n奋力建设人民满意的云川教育"
    )
    assert (
        drafts["launch-ceremony"][1].paragraphs[0].text
        == "在云川市2026年“书香校园”\n阅读季启动仪式上的讲话"
    )
    assert (
        drafts["midyear-conference"][1].paragraphs[1].text
        == "——在2026年全市暑期教育工作会议上的讲话"
    )


EXPECTED_STYLES = {
    # key: (style name, East Asian font, size pt, bold, first-line chars, alignment)
    "Title": ("方正小标宋简体", 22, None, None, WD_ALIGN_PARAGRAPH.CENTER),
    "Subtitle": ("楷体_GB2312", None, None, None, WD_ALIGN_PARAGRAPH.CENTER),
    "讲话人": ("楷体_GB2312", None, None, None, WD_ALIGN_PARAGRAPH.CENTER),
    "Date": ("楷体_GB2312", None, None, None, WD_ALIGN_PARAGRAPH.CENTER),
    "Salutation": (None, None, None, "0", WD_ALIGN_PARAGRAPH.LEFT),
    "Body Text": (None, None, None, "200", None),
    "Closing": (None, None, None, "200", None),
    "Heading 1": ("黑体", None, None, "200", None),
    "Heading 2": ("楷体_GB2312", None, None, "200", None),
    "Heading 3": ("仿宋_GB2312", None, True, "200", None),
}


def test_styles_carry_east_asian_fonts_sizes_indents(drafts):
    word = drafts["work-conference"][1]
    normal = word.styles["Normal"]
    assert fonts(normal) == {
        "ascii": "仿宋_GB2312",
        "hAnsi": "仿宋_GB2312",
        "eastAsia": "仿宋_GB2312",
        "cs": "仿宋_GB2312",
    }
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    assert normal.paragraph_format.widow_control is False
    for name, (east, size, bold, chars, align) in EXPECTED_STYLES.items():
        style = word.styles[name]
        assert style.base_style.name == "Normal", name
        if east:
            assert fonts(style)["eastAsia"] == east, name
            assert not any(k.endswith("Theme") or k == "cstheme" for k in fonts(style)), name
        if size:
            assert style.font.size == Pt(size), name
        if bold is not None:
            assert style.font.bold is bold, name
        if chars is not None:
            assert ind(style)["firstLineChars"] == chars, name
            assert ind(style)["firstLine"] == ("640" if chars == "200" else "0"), name
        if align is not None:
            assert style.paragraph_format.alignment == align, name


def test_headings_have_outline_levels(drafts):
    word = drafts["work-conference"][1]
    assert [outline_level(word.styles[f"Heading {n}"]) for n in (1, 2, 3, 4)] == [0, 1, 2, 3]
    assert outline_level(word.styles["Body Text"]) is None
    ids = {
        word.styles[name].style_id for name in ("Heading 1", "讲话人", "接排标题 2", "Body Text")
    }
    assert ids == {"Heading1", "Byline", "RunInHeading2", "BodyText"}


def test_the_look_follows_the_number_form_and_the_outline_level_the_depth(drafts):
    """GB/T 9704 sets 1. in 仿宋加粗 whatever its depth: a level-2 `1.` heading takes the
    Heading 3 look with outline level 2; a `第一，` headline on its own line is a heading."""
    word = drafts["midyear-conference"][1]
    arabic = next(p for p in word.paragraphs if p.text.startswith("1.") and len(p.runs) == 1)
    assert arabic.style.name == "Heading 3"
    assert arabic._p.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "1"
    run_in = next(p for p in word.paragraphs if p.runs and p.runs[0].text.startswith("2."))
    assert run_in.style.name == "Body Text" and run_in.runs[0].style.name == "接排标题 3"
    own_line = drafts["exchange-meeting"][1]
    first = next(p for p in own_line.paragraphs if p.text.startswith("第一，"))
    assert first.text == "第一，课后服务要坚持以学生为本"
    assert first.style.name == "Heading 2" and first._p.pPr.find(qn("w:outlineLvl")) is None
    assert outline_level(first.style) == 1


def test_lines_hold_every_mark_and_keep_their_pitch(drafts):
    """Every paragraph inherits from Normal: no widow control (22 lines a page), no snapping
    to the grid (a 36 pt title line stays 36 pt), w:overflowPunct on (Word hangs a ，。 past
    the margin; LibreOffice, which reads it inverted, moves a character down with it instead
    of dropping the mark). The footers' style is defined."""
    word = drafts["work-conference"][1]
    ppr = word.styles["Normal"].element.pPr
    flags = {tag: ppr.find(qn(f"w:{tag}")).get(qn("w:val")) for tag in FLOW}
    assert flags == {"widowControl": "0", "overflowPunct": "1", "snapToGrid": "0"}
    children = [child.tag.replace(W, "") for child in ppr]
    assert children == sorted(children, key=PPR_ORDER.index)  # schema order, as Word insists
    footer = word.sections[0].footer.paragraphs[0]
    assert footer.style.name == "Footer" and footer.style.style_id == "Footer"
    assert word.styles["Footer"].base_style.name == "Normal"


FLOW = ("widowControl", "overflowPunct", "snapToGrid")
PPR_ORDER = ["widowControl", "overflowPunct", "snapToGrid", "spacing", "ind", "jc"]


def test_no_theme_fonts_left_in_document_defaults(drafts):
    word = drafts["work-conference"][1]
    rpr = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rpr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert rfonts.get(qn("w:asciiTheme")) is None
    assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    theme = word.settings.element.find(qn("w:themeFontLang"))
    assert theme.get(qn("w:eastAsia")) == "zh-CN"


def test_blocks_use_their_styles_and_numbering_text(drafts):
    word = drafts["work-conference"][1]
    by_text = {p.text: p for p in word.paragraphs}
    assert by_text["守正创新 提质增效\n奋力建设人民满意的云川教育"].style.name == "Title"
    assert by_text["同志们："].style.name == "Salutation"
    heading = by_text["一、2025年工作回顾"]
    assert heading.style.name == "Heading 1"
    task = by_text["（一）突出立德树人，构建全面育人新格局"]
    assert task.style.name == "Heading 2"
    run_in = next(p for p in word.paragraphs if p.text.startswith("（一）党建引领更加有力。"))
    assert run_in.style.name == "Body Text"
    assert run_in.runs[0].text == "（一）党建引领更加有力。"
    assert run_in.runs[0].style.name == "接排标题 2"
    lead = next(p for p in word.paragraphs if p.text.startswith("深化思政课改革创新。"))
    assert lead.runs[0].text == "深化思政课改革创新。"
    assert lead.runs[0].style.name == "Strong"
    assert word.styles["Strong"].font.bold is True
    assert word.paragraphs[-1].style.name == "Closing"
    yao = next(p for p in word.paragraphs if p.text.startswith("一要"))
    assert yao.runs[0].text == "一要提高政治站位，把准教育发展方向。"


def test_runs_hint_east_asian_punctuation(drafts):
    word = drafts["work-conference"][1]
    run = word.paragraphs[5].runs[0]
    assert run._r.rPr.find(qn("w:rFonts")).get(qn("w:hint")) == "eastAsia"


def _footer_parts(footer):
    paragraph = footer.paragraphs[0]
    field = [r._r.find(qn("w:fldChar")) for r in paragraph.runs]
    kinds = [f.get(qn("w:fldCharType")) for f in field if f is not None]
    instr = "".join(el.text for el in paragraph._p.iter(qn("w:instrText")))
    return paragraph, kinds, instr


def test_page_numbers_are_page_fields_odd_right_even_left(drafts):
    word = drafts["work-conference"][1]
    assert word.settings.odd_and_even_pages_header_footer is True
    section = word.sections[0]
    for footer, align, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right_indent"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left_indent"),
    ):
        paragraph, kinds, instr = _footer_parts(footer)
        assert kinds == ["begin", "separate", "end"]
        assert instr == " PAGE "
        assert paragraph.text == "— 1 —"
        assert paragraph.paragraph_format.alignment == align
        assert getattr(paragraph.paragraph_format, side) == Pt(14)
        first = paragraph.runs[0]
        assert first.font.size == Pt(14)
        assert first._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"


def test_core_properties(drafts):
    props = drafts["work-conference"][1].core_properties
    assert props.title == "守正创新 提质增效 奋力建设人民满意的云川教育"
    assert props.author == "林志远"
    assert props.subject == "——在2026年全市教育工作会议上的讲话"
    assert props.created is not None
    assert props.language == "zh-CN"


def test_plain_profile(renderer):
    plain = Renderer(Options(style="plain"))
    document = plain.document(plain.loads(MINIMAL))
    word = read(plain.to_bytes(document, "docx"))
    section = word.sections[0]
    assert mm(section.top_margin) == 25
    normal = word.styles["Normal"]
    assert fonts(normal)["ascii"] == "Times New Roman"
    assert fonts(normal)["eastAsia"] == "宋体"
    assert normal.font.size == Pt(12)
    assert word.sections[0].footer.paragraphs[0].text == "1"
    assert word.styles["Heading 1"].font.bold is True


def test_reference_docx_keeps_its_page_setup_and_styles(tmp_path: Path, renderer):
    reference = docx.Document()
    reference.sections[0].left_margin = Mm(40)
    body = reference.styles["Body Text"]
    body.font.name = "Georgia"
    body.font.size = Pt(13)
    reference.add_paragraph("old content that must not survive")
    path = tmp_path / "ref.docx"
    reference.save(str(path))
    custom = Renderer(Options(reference_docx=path))
    document = custom.document(custom.loads(MINIMAL))
    word = read(custom.to_bytes(document, "docx"))
    assert mm(word.sections[0].left_margin) == 40
    assert word.styles["Body Text"].font.size == Pt(13)
    assert word.styles["Body Text"].font.name == "Georgia"
    assert word.styles["Heading 1"].element.find(qn("w:pPr")) is not None
    assert outline_level(word.styles["讲话人"]) is None
    assert fonts(word.styles["讲话人"])["eastAsia"] == "楷体_GB2312"  # missing there: profile fills
    assert "old content" not in "".join(p.text for p in word.paragraphs)
    assert word.paragraphs[0].text == "测试标题"
    assert word.sections[0].footer.paragraphs[0].text == "— 1 —"


def test_reference_that_is_not_a_docx(tmp_path: Path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not a zip")
    custom = Renderer(Options(reference_docx=path))
    with pytest.raises(StyleError, match=r"not a Word document \(\.docx\)"):
        custom.to_bytes(custom.document(custom.loads(MINIMAL)), "docx")


def test_highlight_splits_runs(renderer):
    from drafter.writers.docx import to_docx

    document = renderer.document(
        renderer.loads(MINIMAL.replace("新建党组织12个。", "新建党组织XX个。"))
    )

    def spans(text: str):
        start = text.find("XX")
        return [(start, start + 2)] if start >= 0 else []

    word = read(to_docx(document, profile=renderer.profile(), highlight=spans))
    marked = [
        r.text
        for p in word.paragraphs
        for r in p.runs
        if r.font.highlight_color == WD_COLOR_INDEX.YELLOW
    ]
    assert marked == ["XX"]


def test_split():
    assert _split("abcdef", [(1, 3)]) == [("a", False), ("bc", True), ("def", False)]
    assert _split("abc", [(0, 3)]) == [("abc", True)]
    assert _split("abc", []) == [("abc", False)]
    assert _split("abcdef", [(1, 4), (2, 5)]) == [
        ("a", False),
        ("bcd", True),
        ("e", True),
        ("f", False),
    ]
