"""--into: the speech goes into an office's own template (红头), which keeps its letterhead, page
setup, headers, footers and styles; .dotx templates work for --into and --reference-docx."""

from __future__ import annotations

import io
import re
import statistics
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from typer.testing import CliRunner

from drafter import i18n
from drafter.cli.app import app
from drafter.errors import StyleError, UsageError
from drafter.pipeline import Options, Renderer

from conftest import EXAMPLES, MINIMAL, libreoffice_tools, pdf_layout

LETTERHEAD = "云川市教育局文件"
TRAILING = ["抄送：市委办公室，市政府办公室。", "云川市教育局办公室　　2026年1月16日印发"]
DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
FLOW = ("widowControl", "overflowPunct", "snapToGrid")


def png() -> bytes:
    """A 1 × 1 red PNG (a template's logo in its header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG = png()


def office_template(
    path: Path, *, marker: str | None = "{{ speech }}", header: bool = False, split: bool = False
) -> Path:
    """A letterhead template as an office makes one: red masthead and rule, the speech's place,
    distribution lines after it; its own Normal (仿宋_GB2312, exact 28 pt) and margins."""
    word = docx.Document()
    section = word.sections[0]
    section.top_margin, section.left_margin = Mm(30), Mm(30)
    normal = word.styles["Normal"]
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(28)
    masthead = word.add_paragraph()
    masthead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = masthead.add_run(LETTERHEAD)
    run.font.size, run.font.bold, run.font.color.rgb = Pt(36), True, RGBColor(0xFF, 0, 0)
    rule = word.add_paragraph()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "18"), ("space", "1"), ("color", "FF0000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    rule._p.get_or_add_pPr().append(borders)
    if marker is not None:
        if split:  # Word often splits typed text into several runs
            place = word.add_paragraph()
            place.add_run("{{ spe")
            place.add_run("ech }}")
        else:
            word.add_paragraph(marker)
    for line in TRAILING:
        word.add_paragraph(line)
    if header:
        section.header.paragraphs[0].text = "内部资料 注意保存"
    word.save(str(path))
    return path


def as_dotx(source: Path, target: Path, content_type: str = DOTX) -> Path:
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == "[Content_Types].xml":
                main = b"wordprocessingml.document.main+xml"
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument." + main,
                    content_type.encode(),
                )
            out.writestr(info, data)
    return target


def render_into(
    template: Path, notes: list[str] | None = None, **options
) -> docx.document.Document:
    renderer = Renderer(Options(into=template, **options))
    document = renderer.document(renderer.loads(MINIMAL))
    return docx.Document(io.BytesIO(renderer.to_bytes(document, "docx", notes=notes)))


def texts(word: docx.document.Document) -> list[str]:
    return [p.text for p in word.paragraphs]


def test_speech_replaces_the_marker_between_letterhead_and_trailing_lines(tmp_path: Path):
    notes: list[str] = []
    word = render_into(office_template(tmp_path / "红头.docx"), notes)
    lines = texts(word)
    assert lines[0] == LETTERHEAD and lines[1] == ""  # masthead and its red rule come first
    assert lines[2] == "测试标题"
    assert lines[-2:] == TRAILING  # the closing lines of the template stay after the speech
    closing = lines.index(TRAILING[0]) - 1
    assert lines[closing].startswith("同志们，新的一年")
    assert word.paragraphs[closing].style.name == "Closing"
    assert not any("{{" in line for line in lines)
    assert word.paragraphs[0].runs[0].font.color.rgb == RGBColor(0xFF, 0, 0)
    assert word.paragraphs[1]._p.pPr.find(qn("w:pBdr")) is not None
    assert any("the speech takes the style profile's styles" in note for note in notes)


def test_the_template_keeps_its_page_and_normal_the_speech_takes_the_profiles_styles(tmp_path):
    """Word's own styles (Body Text with 6 pt after, Heading 1 with 24 pt before, a blue
    italic Subtitle) do not reach the speech: its styles are the profile's in full."""
    word = render_into(office_template(tmp_path / "t.docx"))
    section = word.sections[0]
    assert round(section.top_margin.mm) == 30 and round(section.left_margin.mm) == 30
    normal = word.styles["Normal"]
    assert normal.paragraph_format.line_spacing == Pt(28)  # the office's, for its own lines
    body = word.styles["Body Text"]
    assert body.paragraph_format.space_after == Pt(0)
    assert body.paragraph_format.line_spacing == Pt(28.95)
    assert body.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert body.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    subtitle = word.styles["Subtitle"]
    assert subtitle.font.italic is None and subtitle.font.color.rgb is None
    assert subtitle.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "楷体_GB2312"
    heading = word.styles["Heading 1"]
    assert heading.paragraph_format.space_before == Pt(0)
    assert heading.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "0"
    flow = {tag: body.element.pPr.find(qn(f"w:{tag}")).get(qn("w:val")) for tag in FLOW}
    assert flow == {"widowControl": "0", "overflowPunct": "1", "snapToGrid": "0"}


def test_a_template_styled_for_drafter_keeps_its_styles(tmp_path: Path):
    """A template that defines drafter's style 讲话人 (saved from a draft whose styles the
    office changed) shapes the speech; what its styles leave unset comes from the profile."""
    path = office_template(tmp_path / "t.docx")
    template = docx.Document(str(path))
    template.styles.add_style("讲话人", WD_STYLE_TYPE.PARAGRAPH).font.size = Pt(15)
    template.save(str(path))
    notes: list[str] = []
    word = render_into(path, notes)
    body = word.styles["Body Text"]
    assert body.paragraph_format.space_after == Pt(6)  # the template's own Body Text
    assert body.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert body.element.pPr.find(qn("w:spacing")).get(qn("w:line")) is None  # Normal's 28 pt
    assert word.styles["讲话人"].font.size == Pt(15)
    assert any("has no style for Date" in note for note in notes)
    # a style the template lacks is the profile's in full, not the template's Word Normal
    for name in ("Date", "Salutation", "Closing"):
        added = word.styles[name]
        assert added.font.size == Pt(16), name
        assert added.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) in (
            "仿宋_GB2312",
            "楷体_GB2312",
        )
        assert added.paragraph_format.space_after in (Pt(0), Pt(28.95)), name
        assert added.paragraph_format.line_spacing == Pt(28.95), name


def test_the_note_on_added_styles_lists_them_as_the_language_does(tmp_path: Path):
    path = office_template(tmp_path / "t.docx")
    template = docx.Document(str(path))
    template.styles.add_style("讲话人", WD_STYLE_TYPE.PARAGRAPH)
    template.save(str(path))
    notes: list[str] = []
    with i18n.speaking("zh"):
        render_into(path, notes)
    assert any("Date、Salutation、Closing" in note for note in notes), notes


def test_page_numbers_are_added_where_the_template_has_no_footer(tmp_path: Path):
    word = render_into(office_template(tmp_path / "t.docx"))
    assert word.settings.odd_and_even_pages_header_footer is True
    assert word.sections[0].footer.paragraphs[0].text == "— 1 —"
    with_header = render_into(office_template(tmp_path / "h.docx", header=True))
    section = with_header.sections[0]
    assert with_header.settings.odd_and_even_pages_header_footer is True
    assert section.header.paragraphs[0].text == "内部资料 注意保存"
    assert section.even_page_header.paragraphs[0].text == "内部资料 注意保存"  # a copy
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.text == even.text == "— 1 —"
    assert (odd.alignment, even.alignment) == (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT)


def test_an_even_header_copies_the_pictures_of_the_header(tmp_path: Path):
    path = office_template(tmp_path / "t.docx")
    template = docx.Document(str(path))
    picture = tmp_path / "徽标.png"
    picture.write_bytes(PNG)
    template.sections[0].header.paragraphs[0].add_run().add_picture(str(picture), width=Mm(10))
    template.save(str(path))
    section = render_into(path).sections[0]
    blips = [
        blip.get(qn("r:embed"))
        for header in (section.header, section.even_page_header)
        for blip in header._element.iter(qn("a:blip"))
    ]
    assert len(blips) == 2
    even = section.even_page_header.part
    assert even.related_parts[blips[1]].blob == PNG


def test_a_template_footer_is_kept(tmp_path: Path):
    path = office_template(tmp_path / "t.docx")
    template = docx.Document(str(path))
    template.sections[0].footer.paragraphs[0].text = "云川市教育局印制"
    template.save(str(path))
    word = render_into(path)
    assert word.sections[0].footer.paragraphs[0].text == "云川市教育局印制"


def test_marker_split_over_runs_is_found(tmp_path: Path):
    lines = texts(render_into(office_template(tmp_path / "t.docx", split=True)))
    assert lines[2] == "测试标题" and lines[-2:] == TRAILING


def test_without_a_marker_the_speech_follows_the_template_text(tmp_path: Path):
    notes: list[str] = []
    lines = texts(render_into(office_template(tmp_path / "t.docx", marker=None), notes))
    assert lines[:2] == [LETTERHEAD, ""]
    assert lines[2:4] == TRAILING
    assert lines[4] == "测试标题"
    assert any("no paragraph that is just {{ speech }}" in note for note in notes)


def test_two_markers_are_an_error(tmp_path: Path):
    path = office_template(tmp_path / "t.docx")
    template = docx.Document(str(path))
    template.add_paragraph("{{speech}}")
    template.save(str(path))
    with pytest.raises(StyleError, match=r"has 2 paragraphs \{\{ speech \}\}"):
        render_into(path)


def test_dotx_works_for_into_and_reference_docx(tmp_path: Path):
    template = as_dotx(office_template(tmp_path / "t.docx"), tmp_path / "公文模板.dotx")
    lines = texts(render_into(template))
    assert lines[0] == LETTERHEAD and lines[-2:] == TRAILING
    renderer = Renderer(Options(reference_docx=template))
    data = renderer.to_bytes(renderer.document(renderer.loads(MINIMAL)), "docx")
    word = docx.Document(io.BytesIO(data))
    assert texts(word)[0] == "测试标题" and LETTERHEAD not in texts(word)
    assert round(word.sections[0].left_margin.mm) == 30
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    assert b"document.main+xml" in types and b"template.main+xml" not in types


def test_macro_enabled_templates_are_refused(tmp_path: Path):
    macro = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
    template = as_dotx(office_template(tmp_path / "t.docx"), tmp_path / "t.dotm", macro)
    with pytest.raises(StyleError, match=r"macro-enabled template .* save it as \.dotx"):
        render_into(template)


def test_into_and_reference_docx_together_are_refused(tmp_path: Path):
    path = office_template(tmp_path / "t.docx")
    with pytest.raises(UsageError, match="give one of them"):
        render_into(path, reference_docx=path)


def test_cli_into_prints_the_note_and_writes_the_draft(tmp_path: Path, write_outline):
    outline = write_outline()
    template = as_dotx(office_template(tmp_path / "t.docx"), tmp_path / "红头.dotx")
    target = tmp_path / "讲话.docx"
    result = CliRunner().invoke(
        app, ["render", str(outline), "--into", str(template), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert "note: the speech takes the style profile's styles, not 红头.dotx's" in result.stderr
    assert texts(docx.Document(str(target)))[0] == LETTERHEAD
    missing = CliRunner().invoke(app, ["render", str(outline), "--into", str(tmp_path / "no.dotx")])
    assert missing.exit_code == 2 and "no.dotx: no such file" in missing.stderr


def plain_word_template(path: Path, *, grid: bool = False) -> Path:
    """A template as Word makes one: python-docx's default (Word's styles: 6 pt after Body
    Text, 24 pt before Heading 1, a blue italic Subtitle, Calibri), its page set to A4 with
    GB/T 9704's margins as an office sets it, a letterhead line and the speech's place. With
    `grid`, as many 公文 templates: a character grid and a 16 pt 仿宋 Normal."""
    word = docx.Document()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    if grid:
        found = section._sectPr.find(qn("w:docGrid"))
        if found is None:
            found = OxmlElement("w:docGrid")
            section._sectPr.append(found)
        for key, value in (("type", "linesAndChars"), ("linePitch", "579"), ("charSpace", "-860")):
            found.set(qn(f"w:{key}"), value)
        normal = word.styles["Normal"]
        normal.font.size = Pt(16)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    word.add_paragraph(LETTERHEAD, style="Title")
    word.add_paragraph("{{ speech }}")
    word.save(str(path))
    return path


def test_a_templates_character_grid_becomes_a_line_grid(tmp_path: Path):
    word = render_into(plain_word_template(tmp_path / "t.docx", grid=True))
    found = word.sections[0]._sectPr.find(qn("w:docGrid"))
    assert found.get(qn("w:type")) == "lines" and found.get(qn("w:linePitch")) == "579"
    assert found.get(qn("w:charSpace")) is None


def test_added_page_numbers_stand_at_the_profiles_footer_distance(tmp_path: Path):
    word = render_into(plain_word_template(tmp_path / "t.docx"))  # Word's 12.7 mm
    assert round(word.sections[0].footer_distance.mm) == 22


@pytest.mark.libreoffice
@pytest.mark.parametrize("grid", [False, True], ids=["plain", "character-grid"])
def test_into_a_plain_word_template_prints_22_lines_of_28_characters(tmp_path: Path, grid):
    libreoffice_tools("soffice", "pdftotext")
    renderer = Renderer(Options(into=plain_word_template(tmp_path / "模板.docx", grid=grid)))
    document = renderer.document(renderer.load(EXAMPLES / "work-conference.yaml"))
    pdf = tmp_path / "讲话.pdf"
    pdf.write_bytes(renderer.to_bytes(document, "pdf"))
    widths, lines = pdf_layout(pdf)
    assert max(lines) == 22, lines
    assert statistics.mode(widths) == 28 and max(widths) == 28, widths
    # odd pages number on the right, even on the left, one character (14 pt) inside the type
    # area, at the same height on every page
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    numbers = []
    for number, page in enumerate(re.findall(r"<page.*?</page>", boxes, re.S), 1):
        dashes = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>—<', page)
        numbers.append((number, float(dashes[0][0]), float(dashes[-1][2]), float(dashes[0][1])))
    left, right = 28 / 25.4 * 72 + 14, (210 - 26) / 25.4 * 72 - 14
    for number, start, end, top in numbers:
        if number % 2:
            assert abs(end - right) < 1.5, numbers
        else:
            assert abs(start - left) < 1.5, numbers
        assert abs(top - numbers[0][3]) < 0.5, numbers
    assert len(numbers) == len(lines) + 1 >= 6  # every page but the first is in lines


def test_a_page_of_another_grid_is_kept_and_said(tmp_path: Path):
    notes: list[str] = []
    render_into(office_template(tmp_path / "t.docx"), notes)  # US Letter, 30 mm margins
    assert "t.docx's page holds 21 lines of 27 characters, not the style profile's 22 of 28" in (
        " ".join(notes)
    )
    notes.clear()
    render_into(plain_word_template(tmp_path / "p.docx"), notes)
    assert not any("page holds" in note for note in notes)


def edited(source: Path, target: Path, part: str, change) -> Path:
    """The package with one part's bytes changed (a template no Word would save)."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for info in archive.infolist():
            data = archive.read(info)
            out.writestr(info, change(data) if info.filename == part else data)
    return target


def in_encoding(xml: bytes, name: str, codec: str) -> bytes:
    """The part in another encoding, declared, without a byte order mark."""
    return xml.decode("utf-8").replace("encoding='UTF-8'", f"encoding='{name}'").encode(codec)


@pytest.mark.parametrize("option", ["into", "reference_docx"])
@pytest.mark.parametrize(
    ("part", "change"),
    [
        (
            "word/document.xml",
            lambda xml: re.sub(rb"<w:sectPr.*?</w:sectPr>", b"", xml, flags=re.S),
        ),
        ("word/document.xml", lambda xml: re.sub(rb"<w:pgSz[^>]*/>", b"", xml)),
        ("word/document.xml", lambda xml: re.sub(rb"<w:pgMar[^>]*/>", b"", xml)),
        (
            "word/styles.xml",
            lambda xml: re.sub(
                rb'<w:style [^>]*w:styleId="Normal".*?</w:style>', b"", xml, flags=re.S
            ),
        ),
        ("word/document.xml", lambda xml: in_encoding(xml, "UTF-16", "utf-16-le")),
        ("word/document.xml", lambda xml: in_encoding(xml, "UTF-16", "utf-16-be")),
        ("word/document.xml", lambda xml: re.sub(rb'w:bottom="\d+"', b'w:bottom="abc"', xml)),
        (
            "word/document.xml",
            lambda xml: re.sub(rb"<w:pgSz[^>]*/>", b'<w:pgSz w:w="0" w:h="0"/>', xml),
        ),
        ("word/document.xml", lambda xml: re.sub(rb'w:left="\d+"', b'w:left="20000"', xml)),
    ],
    ids=[
        "no-sectPr",
        "no-pgSz",
        "no-pgMar",
        "no-Normal",
        "utf-16-le",
        "utf-16-be",
        "margin-not-a-number",
        "page-of-nothing",
        "margins-wider-than-the-page",
    ],
)
def test_a_template_missing_its_page_or_normal_gets_the_profiles(tmp_path, option, part, change):
    """No section properties, page size or margins: the profile's A4 GB/T page; no Normal
    style: the profile's; a main part in UTF-16 without a byte order mark is read."""
    template = edited(plain_word_template(tmp_path / "t.docx"), tmp_path / "坏.docx", part, change)
    renderer = Renderer(Options(**{option: template}))
    data = renderer.to_bytes(renderer.document(renderer.loads(MINIMAL)), "docx")
    word = docx.Document(io.BytesIO(data))
    section = word.sections[-1]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 28
    assert word.styles.default(WD_STYLE_TYPE.PARAGRAPH) is not None
    assert "测试标题" in texts(word)


def test_a_template_without_a_body_is_refused_by_name(tmp_path: Path, write_outline):
    template = edited(
        plain_word_template(tmp_path / "t.docx"),
        tmp_path / "空模板.docx",
        "word/document.xml",
        lambda xml: re.sub(rb"<w:body>.*</w:body>", b"", xml, flags=re.S),
    )
    result = CliRunner().invoke(
        app,
        ["render", str(write_outline()), "--into", str(template), "-o", str(tmp_path / "o.docx")],
    )
    assert result.exit_code == 2, result.output
    assert "空模板.docx as a template: its document has no body (w:body)" in result.stderr
    assert not (tmp_path / "o.docx").exists()


def test_a_utf32_template_is_refused_by_name(tmp_path: Path, write_outline):
    template = edited(
        plain_word_template(tmp_path / "t.docx"),
        tmp_path / "旧模板.docx",
        "word/document.xml",
        lambda xml: in_encoding(xml, "UTF-32", "utf-32-le"),
    )
    result = CliRunner().invoke(
        app,
        ["render", str(write_outline()), "--into", str(template), "-o", str(tmp_path / "o.docx")],
    )
    assert result.exit_code == 2
    assert "旧模板.docx: the part word/document.xml is in UTF-32, which Word never writes" in (
        result.stderr
    )
    assert not (tmp_path / "o.docx").exists()


def renamed_main_part(source: Path, target: Path, codec: str, name: str) -> Path:
    """The package with its main part moved to word/main.bin (named by its relationships, as
    OOXML allows) and written in `codec` without a byte order mark: no name says it is XML."""
    moves = {
        "word/document.xml": "word/main.bin",
        "word/_rels/document.xml.rels": "word/_rels/main.bin.rels",
    }
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == "word/document.xml":
                data = in_encoding(data, name, codec)
            elif info.filename in ("_rels/.rels", "[Content_Types].xml"):
                data = data.replace(b"word/document.xml", b"word/main.bin")
            out.writestr(moves.get(info.filename, info.filename), data)
    return target


def test_a_main_part_of_another_name_is_checked_and_read(tmp_path: Path):
    plain = plain_word_template(tmp_path / "t.docx")
    template = renamed_main_part(plain, tmp_path / "u16.docx", "utf-16-le", "UTF-16")
    renderer = Renderer(Options(into=template))
    data = renderer.to_bytes(renderer.document(renderer.loads(MINIMAL)), "docx")
    assert texts(docx.Document(io.BytesIO(data)))[:2] == [LETTERHEAD, "测试标题"]
    refused = renamed_main_part(plain, tmp_path / "u32.docx", "utf-32-be", "UTF-32")
    with pytest.raises(StyleError, match=r"u32\.docx: the part word/main\.bin is in UTF-32"):
        render_into(refused)
