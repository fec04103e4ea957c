"""Document → .docx laid out by a style profile (GB/T 9704 practice by default).

Every block maps to a named style (title, subtitle, byline, date, salutation, body, closing,
headings 1–4 with outline levels); run-in headlines and bold leads are character styles inside
body paragraphs. Page numbers are real PAGE fields in odd/even footers.

A draft starts from drafter's own base package (`writers/package.py`), or from an office's
template: `reference_docx` lends its page setup and styles to an empty body (as pandoc does);
`into` keeps the template's body too (letterhead, closing lines) and puts the speech in place of
its `{{ speech }}` paragraph. Either way the template's styles win, and the profile fills in
what they leave unset.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.styles.style import BaseStyle, StyleFactory
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

from drafter import cache
from drafter.chinese.counting import count
from drafter.decoding import read_bytes
from drafter.document import Document, Heading, Numbered, Paragraph
from drafter.docx_input import checked
from drafter.errors import StyleError, UsageError, listed
from drafter.i18n import _
from drafter.writers import ooxml, template
from drafter.writers.faces import profile_faces
from drafter.writers.linebreak import title_lines, unmarked
from drafter.writers.package import Statistics, base_package, build_time, finish
from drafter.writers.styles import STYLE_KEYS, Profile, StyleSpec, look

Spans = Callable[[str], Sequence[tuple[int, int]]]

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
# Names Word knows as its own styles: declared built-in so Word/WPS show their local names.
_WORD_BUILTINS = {
    "Body Text",
    "Title",
    "Subtitle",
    "Date",
    "Salutation",
    "Closing",
    "Strong",
    *(f"Heading {level}" for level in range(1, 5)),
}
_P_PR, _P_STYLE, _VAL, _T = qn("w:pPr"), qn("w:pStyle"), qn("w:val"), qn("w:t")
_XML_SPACE = qn("xml:space")
_RUN_CONTROLS = frozenset("\t\r\n")  # what python-docx writes as w:tab and w:br, not text
_MM_PER_PT = 25.4 / 72
_HEADER_STYLES = {"title": "title", "subtitle": "subtitle", "byline": "byline", "date": "date"}
_ROLE_STYLES = {"body": "body", "salutation": "salutation", "closing": "closing"}


def to_docx(
    document: Document,
    *,
    profile: Profile,
    reference_docx: Path | None = None,
    into: Path | None = None,
    highlight: Spans | None = None,
    created: dt.datetime | None = None,
    notes: list[str] | None = None,
    review: bool = False,
) -> bytes:
    """The .docx bytes of `document`. With a template (`reference_docx` or `into`), its page
    setup, headers, footers and the styles it defines win; the profile fills in what it lacks.
    Remarks a writer should see (styles added to a template, where the speech went) are
    appended to `notes`. `review`: a comment on each stock and computed paragraph
    (`writers/review.py`)."""
    if reference_docx is not None and into is not None:
        raise UsageError(_("--reference-docx and --into both name a template: give one of them"))
    notes = notes if notes is not None else []
    office = into or reference_docx
    if office is None:
        word = docx.Document(io.BytesIO(_styled_base(profile)))
        styles = _styles_by_key(word)
    else:
        word = open_template(office)
        _complete_page(word, profile)
    anchor = template.speech_place(word, into, notes) if into else template.emptied_body(word)
    if office is not None:
        own = into is None or template.styled_for_drafter(word)
        styles, added = _apply_styles(word, profile, keep_existing=own)
        if added and own:
            notes.append(
                _(
                    "{template} has no style for {styles}; drafter added them from its style "
                    "profile"
                ).format(template=office.name, styles=listed(added))
            )
        elif not own:
            notes.append(
                _(
                    "the speech takes the style profile's styles, not {template}'s Word "
                    "defaults (a template with a style named {style} keeps its own)"
                ).format(template=office.name, style=STYLE_KEYS["byline"][0])
            )
        if not template.has_footers(word):
            template.repeat_headers_on_even_pages(word)
            _page_numbers(word, profile)
            for section in word.sections:  # the numbers sit where a fresh draft has them
                section.footer_distance = Mm(profile.page.footer_mm)
        for section in word.sections:
            ooxml.no_character_grid(section._sectPr)
        notes.extend(_grid_note(word, profile, office.name))
    writer = _BlockWriter(word, styles, highlight, anchor)
    for key, text in document.header.lines():
        if key in ("title", "subtitle"):
            writer.broken(text, key, _balanced(text, word, styles[key], profile))
        else:
            writer.plain(text, _HEADER_STYLES[key])
    for block in document.blocks:
        if isinstance(block, Heading):
            writer.heading(block)
        elif block.lead is not None and not block.runs:  # a headline on a line of its own
            writer.heading(block.lead)
        else:
            writer.paragraph(block)
    if into is not None:
        template.remove_marker(anchor)
    when = created or build_time()
    if review:
        from drafter.writers.review import add_comments

        add_comments(word, document, writer.written, when)
    _properties(word, document, profile, when)
    buffer = io.BytesIO()
    word.save(buffer)
    faces = profile_faces(profile)
    return finish(buffer.getvalue(), faces=faces, stats=_stats(document), when=when)


# A fresh draft's empty document, laid out and styled by a profile, saved: the same for every
# draft of that profile, so it is built once a process (by the profile's content, a few at most).
_STYLED_BASES: dict[str, bytes] = {}
_MAX_STYLED_BASES = 8


def _styled_base(profile: Profile) -> bytes:
    """drafter's base package with the profile's page setup, language, styles and page numbers
    (kept between runs too, by `drafter.cache`)."""
    key = repr(profile)  # every value of the profile
    if key not in _STYLED_BASES:
        made_by = f"styled base: python-docx {docx.__version__}, lxml {etree.__version__}"
        if len(_STYLED_BASES) >= _MAX_STYLED_BASES:
            _STYLED_BASES.pop(next(iter(_STYLED_BASES)))
        _STYLED_BASES[key] = cache.remember(made_by, key, lambda: _style_base(profile))
    return _STYLED_BASES[key]


def _style_base(profile: Profile) -> bytes:
    word = docx.Document(io.BytesIO(base_package()))
    _page_setup(word, profile)
    _language(word, profile)
    _apply_styles(word, profile, keep_existing=False, fresh=True)
    _page_numbers(word, profile)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _styles_by_key(word: docx.document.Document) -> dict[str, BaseStyle]:
    """The styles `_apply_styles` made, found again in a styled base by their ids."""
    index = _style_index(word)
    return {key: index[style_id] for key, (_name, _kind, style_id) in STYLE_KEYS.items()}


def open_template(path: Path) -> docx.document.Document:
    """An office's .docx or .dotx opened as a document: the one place a template is read."""
    raw = read_bytes(path)
    checked(raw, str(path), StyleError)  # sizes, compression, XML entities: before python-docx
    try:
        word = docx.Document(io.BytesIO(template.as_document(raw)))
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        OSError,
        AttributeError,  # a part whose root python-docx does not expect fails inside it
        TypeError,
    ) as err:
        raise StyleError(
            _(
                "cannot use {path} as a template: not a readable .docx or .dotx ({error}); "
                "a .doc or .wps file must first be saved as .docx"
            ).format(path=path, error=type(err).__name__)
        ) from None
    if word.element.body is None:
        message = _(
            "cannot use {path} as a template: its document has no body (w:body), which Word "
            "always writes; open it in Word or WPS and save it again"
        )
        raise StyleError(message.format(path=path))
    return word


def _stats(document: Document) -> Statistics:
    lines = document.lines()
    return Statistics(
        words=sum(count(line) for line in lines),
        characters=sum(len("".join(line.split())) for line in lines),
        characters_with_spaces=sum(len(line) for line in lines),
        paragraphs=len(lines),
    )


def _page_setup(word: docx.document.Document, profile: Profile) -> None:
    for section in word.sections:
        _page_size(section, profile)
        _margins(section, profile)
        if profile.page.line_pitch_pt:
            ooxml.set_doc_grid(section._sectPr, profile.page.line_pitch_pt)


def _page_size(section: Section, profile: Profile) -> None:
    section.page_width = Mm(profile.page.width_mm)
    section.page_height = Mm(profile.page.height_mm)


def _margins(section: Section, profile: Profile) -> None:
    page = profile.page
    section.top_margin, section.bottom_margin = Mm(page.top_mm), Mm(page.bottom_mm)
    section.left_margin, section.right_margin = Mm(page.left_mm), Mm(page.right_mm)
    section.header_distance, section.footer_distance = Mm(page.header_mm), Mm(page.footer_mm)


def _grid(width_pt: float, height_pt: float, profile: Profile) -> tuple[int, int] | None:
    """Characters a line and lines a page of the profile's body in this type area."""
    normal, pitch = profile.normal, profile.page.line_pitch_pt or profile.normal.line_spacing_pt
    if not (normal.size_pt and pitch):
        return None
    return int(width_pt / (normal.size_pt + (normal.char_spacing_pt or 0))), int(height_pt / pitch)


def _grid_note(word: docx.document.Document, profile: Profile, name: str) -> list[str]:
    """A remark when the template's page holds another grid than the profile's own page
    (22 lines of 28 characters for GB/T 9704): the office's page is kept."""
    page, section = profile.page, word.sections[-1]
    own = _grid(
        (page.width_mm - page.left_mm - page.right_mm) / _MM_PER_PT,
        (page.height_mm - page.top_mm - page.bottom_mm) / _MM_PER_PT,
        profile,
    )
    width = section.page_width - section.left_margin - section.right_margin
    height = section.page_height - section.top_margin - section.bottom_margin
    found = _grid(width / 12700, height / 12700, profile)
    if own is None or found is None or found == own:
        return []
    note = _(
        "{template}'s page holds {lines} lines of {characters} characters, not the style "
        "profile's {own_lines} of {own_characters}; its margins are kept (the profile's: "
        "{top:g}/{bottom:g}/{left:g}/{right:g} mm top/bottom/left/right)"
    )
    return [
        note.format(
            template=name,
            lines=found[1],
            characters=found[0],
            own_lines=own[1],
            own_characters=own[0],
            top=page.top_mm,
            bottom=page.bottom_mm,
            left=page.left_mm,
            right=page.right_mm,
        )
    ]


def _complete_page(word: docx.document.Document, profile: Profile) -> None:
    """A template that leaves its page unset (no section properties, no page size or no
    margins: Word itself never writes such a file) gets the profile's: A4 with GB/T 9704's
    margins by default."""
    template.section_properties(word)
    for section in word.sections:
        size = _lengths(section, "page_width", "page_height")
        if size is None or min(size) < _SMALLEST_PAGE:
            _page_size(section, profile)
            size = _lengths(section, "page_width", "page_height")
        margins = _lengths(section, "top_margin", "bottom_margin", "left_margin", "right_margin")
        if (
            size is None
            or margins is None
            or min(margins) < 0
            or size[0] - margins[2] - margins[3] < _SMALLEST_TYPE_AREA
            or size[1] - margins[0] - margins[1] < _SMALLEST_TYPE_AREA
        ):
            _margins(section, profile)


_SMALLEST_PAGE = Mm(50)  # a page smaller than a visiting card is a damaged one: A4 instead
_SMALLEST_TYPE_AREA = Mm(30)  # margins that leave less than this: the profile's instead


def _lengths(section: Section, *names: str) -> list[int] | None:
    """The section's lengths, or None when one is missing or not a number (w:bottom="abc",
    which python-docx cannot read)."""
    try:
        found = [getattr(section, name) for name in names]
    except ValueError:
        return None
    return None if None in found else [int(length) for length in found]


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
    word: docx.document.Document, profile: Profile, *, keep_existing: bool, fresh: bool = False
) -> tuple[dict[str, BaseStyle], list[str]]:
    """Create or redefine every style the writer uses; return them by profile key, with the
    names of those added to a template that lacked them.

    A fresh draft's styles build on its Normal, which the profile defines. With
    `keep_existing`, a template's own styles are kept, with the paragraph properties they
    leave unset taken from the profile. Otherwise (a template whose styles are Word's, not
    set for drafter) the template's Normal stays for its own paragraphs, and each style of
    the speech is the profile's in full: Normal's values and its own, so nothing of the
    template's (6 pt after, a blue Subtitle, Calibri) reaches the speech."""
    normal = _normal(word, profile)
    if fresh:
        ooxml.clear_formatting(normal.element)
        _format(normal, profile.normal, profile, paragraph=True)
        ooxml.set_page_flow(normal.element.get_or_add_pPr())
    complete = not (fresh or keep_existing)
    found: dict[str, BaseStyle] = {}
    added: list[str] = []
    index = _style_index(word)
    for key, (name, kind, style_id) in STYLE_KEYS.items():
        style = index.get(style_id) or index.get(name)
        paragraph = kind == "paragraph"
        if style is not None and keep_existing:
            if paragraph:
                _fill_unset(style, key, profile)
            found[key] = style
            continue
        whole = complete  # the profile's Normal in full, not the template's Word Normal
        if style is None:
            style_type = WD_STYLE_TYPE.PARAGRAPH if paragraph else WD_STYLE_TYPE.CHARACTER
            style = word.styles.add_style(name, style_type, builtin=name in _WORD_BUILTINS)
            style.style_id = style_id
            if keep_existing:
                added.append(name)
                whole = True
        else:
            ooxml.clear_formatting(style.element)
        if paragraph:
            style.base_style = normal
        style.hidden = False
        style.unhide_when_used = False
        style.quick_style = True
        if whole and paragraph:
            _format(style, profile.normal, profile, paragraph=True)
            ooxml.set_page_flow(style.element.get_or_add_pPr())
            ooxml.set_language(style.element.get_or_add_rPr(), profile.language)
        _format(style, profile.style(key), profile, paragraph=paragraph)
        if key.startswith("heading"):
            ooxml.set_outline_level(style.element.get_or_add_pPr(), int(key[-1]))
        found[key] = style
    for key in ("title", "subtitle", "byline", "date", "salutation"):
        found[key].next_paragraph_style = found["body"]
    for level in range(1, 5):
        found[f"heading{level}"].next_paragraph_style = found["body"]
    return found, added


def _normal(word: docx.document.Document, profile: Profile) -> BaseStyle:
    """The default paragraph style (Normal), added from the profile to a template that has
    none (Word always writes one; other programs may not)."""
    found = word.styles.default(WD_STYLE_TYPE.PARAGRAPH) or _style_index(word).get("Normal")
    if found is not None:
        return found
    normal = word.styles.add_style("Normal", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
    normal.element.set(qn("w:default"), "1")
    normal.style_id = "Normal"
    _format(normal, profile.normal, profile, paragraph=True)
    ooxml.set_page_flow(normal.element.get_or_add_pPr())
    return normal


_FIRST_LINE = ("w:firstLine", "w:firstLineChars", "w:hanging", "w:hangingChars")


def _fill_unset(style: BaseStyle, key: str, profile: Profile) -> None:
    """A template's style keeps what it (or a style it is based on) sets; first-line indent,
    line spacing, alignment and outline level it leaves unset come from the profile, so the
    body keeps its two-character indent in any template."""
    spec, normal = profile.style(key), profile.normal
    chars = _either(spec.first_line_chars, normal.first_line_chars)
    if chars is not None and not _chain_sets(style, "w:ind", _FIRST_LINE):
        size = _either(spec.size_pt, normal.size_pt) or 12
        ooxml.set_first_line_chars(style.element.get_or_add_pPr(), chars, size)
    fmt = style.paragraph_format
    if not _chain_sets(style, "w:spacing", ("w:line",)):
        exact = _either(spec.line_spacing_pt, normal.line_spacing_pt)
        multiple = _either(spec.line_spacing, normal.line_spacing)
        if exact is not None:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(exact)
        elif multiple is not None:
            fmt.line_spacing = multiple
    align = _either(spec.align, normal.align)
    if align is not None and not _chain_sets(style, "w:jc"):
        fmt.alignment = _ALIGN[align]
    if key.startswith("heading") and not _chain_sets(style, "w:outlineLvl"):
        ooxml.set_outline_level(style.element.get_or_add_pPr(), int(key[-1]))


def _either(value: Any, fallback: Any) -> Any:
    return value if value is not None else fallback


def _chain_sets(style: BaseStyle, tag: str, attributes: Sequence[str] = ()) -> bool:
    """Whether the style or a style it is based on sets this paragraph property."""
    seen: set[int] = set()
    current: BaseStyle | None = style
    while current is not None and id(current.element) not in seen:
        seen.add(id(current.element))
        ppr = current.element.find(qn("w:pPr"))
        found = ppr.find(qn(tag)) if ppr is not None else None
        if found is not None and (
            not attributes or any(found.get(qn(a)) is not None for a in attributes)
        ):
            return True
        current = current.base_style
    return False


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
    before, _field, after = spec.format.partition("{page}")
    indent = Pt(spec.size_pt * spec.indent_chars)
    style = _footer_style(word, spec.size_pt)
    section = word.sections[-1]
    word.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, spec.odd), (section.even_page_footer, spec.even)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = style.style_id
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


def _footer_style(word: docx.document.Document, size_pt: float) -> BaseStyle:
    """Word's own footer style, which footer paragraphs name: the document's, or one added
    (single-spaced, no indent, not on the body's grid) when it has none."""
    index = _style_index(word)
    found = index.get("Footer") or index.get("footer")
    if found is not None and found.type == WD_STYLE_TYPE.PARAGRAPH:
        return found
    style = word.styles.add_style("Footer", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
    style.style_id = "Footer"
    style.base_style = word.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    fmt = style.paragraph_format
    fmt.line_spacing = 1.0
    fmt.space_before = fmt.space_after = Pt(0)
    ppr = style.element.get_or_add_pPr()
    ooxml.set_first_line_chars(ppr, 0, size_pt)
    ooxml.set_paragraph_flag(ppr, "w:snapToGrid", False)
    return style


class _BlockWriter:
    """Appends paragraphs to the document body, splitting runs where highlights fall."""

    def __init__(
        self,
        word: docx.document.Document,
        styles: dict[str, BaseStyle],
        highlight: Spans | None,
        anchor: etree._Element,
    ) -> None:
        self.word = word
        self.styles = styles
        self.highlight = highlight
        self.anchor = anchor  # paragraphs go straight before it, in order
        self.written: list[DocxParagraph] = []  # one a line of the Document, for comments

    def plain(self, text: str, style_key: str) -> None:
        self._runs(self._add_paragraph(style_key), text, None)

    def heading(self, item: Numbered) -> None:
        """A headline on its own line: the look of its number's form, the outline level of
        its depth (set on the paragraph where the two differ)."""
        shown = look(item.label, item.level)
        paragraph = self._add_paragraph(f"heading{shown}")
        if shown != item.level:
            ooxml.set_outline_level(paragraph._p.pPr, item.level)
        self._runs(paragraph, item.full_text, None)

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
            lead = block.lead
            self._runs(paragraph, lead.full_text, f"lead{look(lead.label, lead.level)}")
        for run in block.runs:
            self._runs(paragraph, run.text, "strong" if run.bold else None)

    def _add_paragraph(self, style_key: str) -> DocxParagraph:
        # Placed straight before the anchor (python-docx's add_paragraph scans the whole body
        # each time), and styled by id (its style= lookup scans every style); its properties
        # are written at once, as python-docx would write them into an empty paragraph.
        element = OxmlElement("w:p")
        properties = etree.SubElement(element, _P_PR)
        etree.SubElement(properties, _P_STYLE, {_VAL: self.styles[style_key].style_id})
        self.anchor.addprevious(element)
        self.written.append(DocxParagraph(element, self.word._body))
        return self.written[-1]

    def _runs(self, paragraph: DocxParagraph, text: str, style_key: str | None) -> None:
        style_id = self.styles[style_key].style_id if style_key is not None else None
        for piece, marked in _split(text, self.highlight(text) if self.highlight else ()):
            element = ooxml.run_element(style_id, highlight="yellow" if marked else None)
            paragraph._p.append(element)
            if _RUN_CONTROLS.isdisjoint(piece):  # the w:t python-docx would write, directly
                etree.SubElement(element, _T).text = piece
                if len(piece.strip()) < len(piece):
                    element[-1].set(_XML_SPACE, "preserve")
            else:
                Run(element, paragraph).text = piece  # python-docx turns tabs into w:tab


def _balanced(
    text: str, word: docx.document.Document, style: BaseStyle, profile: Profile
) -> list[str]:
    """A title's lines: the writer's own breaks, else between phrases into even lines."""
    section = word.sections[-1]
    type_width = (section.page_width - section.left_margin - section.right_margin) / 12700
    size = (style.font.size.pt if style.font.size else None) or profile.normal.size_pt or 12
    spacing = profile.normal.char_spacing_pt or 0
    return title_lines(text, type_width / (size + spacing))


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
    word: docx.document.Document, document: Document, profile: Profile, when: dt.datetime
) -> None:
    props = word.core_properties
    props.title = unmarked(document.header.title)
    props.subject = unmarked(document.header.subtitle)
    props.author = document.author
    props.last_modified_by = document.author
    props.created = props.modified = when
    props.revision = 1
    props.comments = ""
    props.keywords = ""
    props.language = profile.language
