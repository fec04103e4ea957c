"""--into: the speech goes into an office's own template (红头), which keeps its letterhead, page
setup, headers, footers and styles; .dotx templates work for --into and --reference-docx."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from typer.testing import CliRunner

from drafter.cli.app import app
from drafter.errors import StyleError, UsageError
from drafter.pipeline import Options, Renderer

from conftest import MINIMAL

LETTERHEAD = "云川市教育局文件"
TRAILING = ["抄送：市委办公室，市政府办公室。", "云川市教育局办公室　　2026年1月16日印发"]
DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


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
    assert any("drafter added them from its style profile" in note for note in notes)


def test_template_page_setup_and_styles_win_unset_properties_come_from_the_profile(tmp_path):
    word = render_into(office_template(tmp_path / "t.docx"))
    section = word.sections[0]
    assert round(section.top_margin.mm) == 30 and round(section.left_margin.mm) == 30
    normal = word.styles["Normal"]
    assert normal.paragraph_format.line_spacing == Pt(28)  # the office's, not the profile's 28.95
    body = word.styles["Body Text"]
    assert body.paragraph_format.space_after == Pt(6)  # the template's own Body Text
    ind = body.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"  # it left the indent unset: the profile's
    spacing = body.element.pPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:line")) is None  # it inherits the office's 28 pt from Normal
    assert word.styles["Heading 1"].element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "0"
    byline = word.styles["讲话人"]  # not in the template: added from the profile
    assert byline.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "楷体_GB2312"


def test_page_numbers_are_added_where_the_template_has_no_footer(tmp_path: Path):
    word = render_into(office_template(tmp_path / "t.docx"))
    assert word.settings.odd_and_even_pages_header_footer is True
    assert word.sections[0].footer.paragraphs[0].text == "— 1 —"
    with_header = render_into(office_template(tmp_path / "h.docx", header=True))
    section = with_header.sections[0]
    assert section.header.paragraphs[0].text == "内部资料 注意保存"
    assert with_header.settings.odd_and_even_pages_header_footer is False  # header on every page
    footer = section.footer.paragraphs[0]
    assert footer.text == "— 1 —" and footer.alignment == WD_ALIGN_PARAGRAPH.CENTER


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
    assert "note: 红头.dotx has no style for 讲话人" in result.stderr
    assert texts(docx.Document(str(target)))[0] == LETTERHEAD
    missing = CliRunner().invoke(app, ["render", str(outline), "--into", str(tmp_path / "no.dotx")])
    assert missing.exit_code == 2 and "no.dotx: no such file" in missing.stderr
