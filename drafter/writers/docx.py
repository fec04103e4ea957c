"""Document → .docx laid out by a style profile (GB/T 9704 practice by default).

Every block maps to a named style (title, subtitle, byline, date, salutation, body, closing,
headings 1–4 with outline levels); run-in headlines and bold leads are character styles inside
body paragraphs. Page numbers are real PAGE fields in odd/even footers.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.styles.style import BaseStyle, StyleFactory
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from drafter.document import Document, Heading, Paragraph
from drafter.errors import StyleError
from drafter.writers import ooxml
from drafter.writers.linebreak import balanced_lines
from drafter.writers.styles import STYLE_KEYS, Profile, StyleSpec

Spans = Callable[[str], Sequence[tuple[int, int]]]

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
# Names Word knows as its own styles: declared built-in so Word/WPS show their local names.
_WORD_BUILTINS = {"Body Text", "Title", "Subtitle", "Date", "Salutation", "Closing", "Strong"}
_HEADER_STYLES = {"title": "title", "subtitle": "subtitle", "byline": "byline", "date": "date"}
_ROLE_STYLES = {"body": "body", "salutation": "salutation", "closing": "closing"}


def to_docx(
    document: Document,
    *,
    profile: Profile,
    reference_docx: Path | None = None,
    highlight: Spans | None = None,
    created: dt.datetime | None = None,
) -> bytes:
    """The .docx bytes of `document`. With a reference document, its page setup and any
    styles it defines win; the profile fills in what it lacks."""
    word = _open_base(reference_docx)
    fresh = reference_docx is None
    if fresh:
        _page_setup(word, profile)
        _language(word, profile)
    styles = _apply_styles(word, profile, keep_existing=not fresh)
    if fresh or word.sections[0].footer.is_linked_to_previous:
        _page_numbers(word, profile)
    writer = _BlockWriter(word, styles, highlight)
    for key, text in document.header.lines():
        if key in ("title", "subtitle"):
            writer.broken(text, key, _balanced(text, word, styles[key], profile))
        else:
            writer.plain(text, _HEADER_STYLES[key])
    for block in document.blocks:
        if isinstance(block, Heading):
            writer.plain(block.full_text, f"heading{block.level}")
        else:
            writer.paragraph(block)
    _properties(word, document, profile, created)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _open_base(reference: Path | None) -> docx.document.Document:
    if reference is None:
        return docx.Document()
    try:
        word = docx.Document(str(reference))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise StyleError(
            f"cannot use {reference} as a reference document: not a readable .docx "
            f"({type(err).__name__}); a .doc or .wps file must first be saved as .docx"
        ) from None
    body = word.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return word


def _page_setup(word: docx.document.Document, profile: Profile) -> None:
    page = profile.page
    for section in word.sections:
        section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
        section.top_margin, section.bottom_margin = Mm(page.top_mm), Mm(page.bottom_mm)
        section.left_margin, section.right_margin = Mm(page.left_mm), Mm(page.right_mm)
        section.header_distance, section.footer_distance = Mm(page.header_mm), Mm(page.footer_mm)
        if page.line_pitch_pt:
            ooxml.set_doc_grid(section._sectPr, page.line_pitch_pt)


def _language(word: docx.document.Document, profile: Profile) -> None:
    defaults = word.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    ooxml.set_language(rpr, profile.language)
    if profile.normal.font:
        ooxml.set_fonts(rpr, profile.normal.font, profile.normal.latin_font)
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is not None:  # the default template adds 10 pt after every paragraph
        defaults.remove(ppr_default)
    ooxml.set_theme_font_language(word.settings.element, profile.language)


def _apply_styles(
    word: docx.document.Document, profile: Profile, *, keep_existing: bool
) -> dict[str, BaseStyle]:
    """Create or redefine every style the writer uses; return them by profile key."""
    normal = word.styles["Normal"]
    if not keep_existing:
        ooxml.clear_formatting(normal.element)
        _format(normal, profile.normal, profile, paragraph=True)
        ooxml.set_widow_control(normal.element.get_or_add_pPr(), on=False)
    found: dict[str, BaseStyle] = {}
    index = _style_index(word)
    for key, (name, kind, style_id) in STYLE_KEYS.items():
        style = index.get(style_id) or index.get(name)
        if style is not None and keep_existing:
            found[key] = style
            continue
        paragraph = kind == "paragraph"
        if style is None:
            style_type = WD_STYLE_TYPE.PARAGRAPH if paragraph else WD_STYLE_TYPE.CHARACTER
            style = word.styles.add_style(name, style_type, builtin=name in _WORD_BUILTINS)
            style.style_id = style_id
        else:
            ooxml.clear_formatting(style.element)
        if paragraph:
            style.base_style = normal
        style.hidden = False
        style.unhide_when_used = False
        style.quick_style = True
        _format(style, profile.style(key), profile, paragraph=paragraph)
        if key.startswith("heading"):
            ooxml.set_outline_level(style.element.get_or_add_pPr(), int(key[-1]))
        found[key] = style
    for key in ("title", "subtitle", "byline", "date", "salutation"):
        found[key].next_paragraph_style = found["body"]
    for level in range(1, 5):
        found[f"heading{level}"].next_paragraph_style = found["body"]
    return found


def _style_index(word: docx.document.Document) -> dict[str, BaseStyle]:
    """Styles by id and by name, read once (python-docx looks styles up by scanning them all)."""
    index: dict[str, BaseStyle] = {}
    for element in word.styles.element.style_lst:
        style = StyleFactory(element)
        index.setdefault(element.styleId or "", style)
        index.setdefault(style.name or "", style)
    return index


def _format(style: BaseStyle, spec: StyleSpec, profile: Profile, *, paragraph: bool) -> None:
    """Apply one profile entry to a style, fonts through w:eastAsia."""
    rpr = style.element.get_or_add_rPr()
    if spec.font or spec.latin_font:
        east = spec.font or profile.normal.font or spec.latin_font
        latin = spec.latin_font or profile.normal.latin_font or spec.font
        ooxml.set_fonts(rpr, east, latin)
    font = style.font
    if spec.size_pt is not None:
        font.size = Pt(spec.size_pt)
    if spec.bold is not None:
        font.bold = spec.bold
    if spec.italic is not None:
        font.italic = spec.italic
    if spec.char_spacing_pt is not None:
        ooxml.set_char_spacing(rpr, spec.char_spacing_pt)
    if not paragraph:
        return
    fmt = style.paragraph_format
    if spec.align is not None:
        fmt.alignment = _ALIGN[spec.align]
    if spec.line_spacing_pt is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(spec.line_spacing_pt)
    elif spec.line_spacing is not None:
        fmt.line_spacing = spec.line_spacing
    if spec.space_before_pt is not None:
        fmt.space_before = Pt(spec.space_before_pt)
    if spec.space_after_pt is not None:
        fmt.space_after = Pt(spec.space_after_pt)
    if spec.keep_with_next is not None:
        fmt.keep_with_next = spec.keep_with_next
    if spec.first_line_chars is not None:
        size = spec.size_pt or profile.normal.size_pt or 12
        ooxml.set_first_line_chars(style.element.get_or_add_pPr(), spec.first_line_chars, size)


def _page_numbers(word: docx.document.Document, profile: Profile) -> None:
    """Footer "— 1 —" as a PAGE field; odd pages right, even pages left (by default)."""
    spec = profile.page_number
    if not spec.enabled:
        return
    word.settings.odd_and_even_pages_header_footer = True
    before, _, after = spec.format.partition("{page}")
    indent = Pt(spec.size_pt * spec.indent_chars)
    section = word.sections[0]
    for footer, align in ((section.footer, spec.odd), (section.even_page_footer, spec.even)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.alignment = _ALIGN[align]
        fmt.line_spacing = 1.0
        fmt.space_before = fmt.space_after = Pt(0)
        ooxml.set_first_line_chars(paragraph._p.get_or_add_pPr(), 0, spec.size_pt)
        if align == "right":
            fmt.right_indent = indent
        elif align == "left":
            fmt.left_indent = indent
        pieces: list[tuple[str | None, str | None]] = [
            (None, before),
            ("begin", None),
            ("instr", " PAGE "),
            ("separate", None),
            (None, "1"),
            ("end", None),
            (None, after),
        ]
        for field, text in pieces:
            if field is None and not text:
                continue
            run = paragraph.add_run(text if field is None else None)
            rpr = run._r.get_or_add_rPr()
            ooxml.set_fonts(rpr, spec.font)
            run.font.size = Pt(spec.size_pt)
            if field == "instr":
                ooxml.add_instruction(run._r, text or "")
            elif field is not None:
                ooxml.add_field_char(run._r, field)


class _BlockWriter:
    """Appends paragraphs to the document body, splitting runs where highlights fall."""

    def __init__(
        self, word: docx.document.Document, styles: dict[str, BaseStyle], highlight: Spans | None
    ) -> None:
        self.word = word
        self.styles = styles
        self.highlight = highlight
        self.section_properties = word.element.body.find(qn("w:sectPr"))

    def plain(self, text: str, style_key: str) -> None:
        self._runs(self._add_paragraph(style_key), text, None)

    def broken(self, text: str, style_key: str, lines: list[str]) -> None:
        """One paragraph whose lines are separated by line breaks (a balanced title)."""
        paragraph = self._add_paragraph(style_key)
        for number, line in enumerate(lines):
            if number:
                paragraph.runs[-1].add_break()
            self._runs(paragraph, line, None)

    def paragraph(self, block: Paragraph) -> None:
        paragraph = self._add_paragraph(_ROLE_STYLES[block.role])
        if block.lead is not None:
            self._runs(paragraph, block.lead.full_text, f"lead{block.lead.level}")
        for run in block.runs:
            self._runs(paragraph, run.text, "strong" if run.bold else None)

    def _add_paragraph(self, style_key: str) -> DocxParagraph:
        # Placed straight before the section properties (python-docx's add_paragraph scans the
        # whole body each time), and styled by id (its style= lookup scans every style).
        element = OxmlElement("w:p")
        self.section_properties.addprevious(element)
        paragraph = DocxParagraph(element, self.word._body)
        paragraph._p.style = self.styles[style_key].style_id
        return paragraph

    def _runs(self, paragraph: DocxParagraph, text: str, style_key: str | None) -> None:
        style_id = self.styles[style_key].style_id if style_key is not None else None
        for piece, marked in _split(text, self.highlight(text) if self.highlight else ()):
            element = ooxml.run_element(style_id, highlight="yellow" if marked else None)
            paragraph._p.append(element)
            Run(element, paragraph).text = piece  # python-docx turns tabs into w:tab


def _balanced(
    text: str, word: docx.document.Document, style: BaseStyle, profile: Profile
) -> list[str]:
    """Break a title where a writer would: at phrase boundaries, into even lines."""
    section = word.sections[0]
    type_width = (section.page_width - section.left_margin - section.right_margin) / 12700
    size = (style.font.size.pt if style.font.size else None) or profile.normal.size_pt or 12
    spacing = profile.normal.char_spacing_pt or 0
    return balanced_lines(text, type_width / (size + spacing))


def _split(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Cut text into (piece, highlighted) at the given spans."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for start, end in sorted(spans):
        if start > position:
            pieces.append((text[position:start], False))
        if end > max(start, position):
            pieces.append((text[max(start, position) : end], True))
        position = max(position, end)
    if position < len(text):
        pieces.append((text[position:], False))
    return [piece for piece in pieces if piece[0]]


def _properties(
    word: docx.document.Document, document: Document, profile: Profile, created: dt.datetime | None
) -> None:
    when = created or dt.datetime.now(dt.UTC).replace(microsecond=0)
    props = word.core_properties
    props.title = document.header.title
    props.subject = document.header.subtitle
    props.author = document.author
    props.last_modified_by = document.author
    props.created = props.modified = when
    props.revision = 1
    props.comments = ""
    props.keywords = ""
    props.language = profile.language
