"""An office's own template as the base of a draft (`--into`, `--reference-docx`).

A .dotx differs from a .docx only in its main part's content type, so it is relabelled. For
`--reference-docx` the body is emptied (its styles and page setup lend the look, as pandoc's
reference document does); for `--into` the body stays, letterhead (红头) and closing lines with
it, and the speech takes the place of the paragraph whose whole text is `{{ speech }}`.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from drafter.errors import StyleError
from drafter.i18n import _
from drafter.writers.styles import STYLE_KEYS

_R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_TEMPLATE_TYPE = b"wordprocessingml.template.main+xml"
_DOCUMENT_TYPE = b"wordprocessingml.document.main+xml"


def as_document(raw: bytes) -> bytes:
    """A .dotx package relabelled as a .docx (the only difference is the main part's type)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError):
        return raw  # python-docx reports it
    if b"macroEnabled" in types:
        raise StyleError(
            _(
                "a macro-enabled template (.dotm/.docm) cannot hold a draft: save it as .dotx "
                "or .docx"
            )
        )
    if _TEMPLATE_TYPE not in types:
        return raw
    buffer = io.BytesIO()
    with archive, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as relabelled:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE)
            relabelled.writestr(info, data)
    return buffer.getvalue()


def emptied_body(word: docx.document.Document) -> etree._Element:
    """Remove a reference document's content; the speech goes before its section properties."""
    body = word.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return section_properties(word)


def section_properties(word: docx.document.Document) -> etree._Element:
    body = word.element.body
    found = body.find(qn("w:sectPr"))
    if found is None:
        found = OxmlElement("w:sectPr")
        body.append(found)
    return found


MARKER = "{{ speech }}"  # the paragraph of an --into template the speech takes
_MARKER = re.compile(r"\s*\{\{\s*speech\s*\}\}\s*")


def speech_place(word: docx.document.Document, into: Path, notes: list[str]) -> etree._Element:
    """The paragraph whose whole text is {{ speech }}, or the end of the body when none is."""
    markers = [p._p for p in word.paragraphs if _MARKER.fullmatch(p.text)]
    if len(markers) > 1:
        raise StyleError(
            _("{template} has {count} paragraphs {marker}: keep one").format(
                template=into, count=len(markers), marker=MARKER
            )
        )
    if markers:
        return markers[0]
    notes.append(
        _(
            "{template} has no paragraph that is just {marker}; the speech follows the "
            "template's own text"
        ).format(template=into.name, marker=MARKER)
    )
    return section_properties(word)


def remove_marker(anchor: etree._Element) -> None:
    """Drop the {{ speech }} paragraph; one that ends a section keeps its section break."""
    if anchor.tag != qn("w:p"):
        return
    properties = anchor.find(qn("w:pPr"))
    if properties is not None and properties.find(qn("w:sectPr")) is not None:
        for child in list(anchor):
            if child is not properties:
                anchor.remove(child)
    else:
        anchor.getparent().remove(anchor)


def styled_for_drafter(word: docx.document.Document) -> bool:
    """Whether the template's styles are meant for the speech: it defines drafter's own style
    讲话人 (one saved from a drafter draft whose styles the office changed in Word, or set up
    by hand). Otherwise its Title, Heading 1 … are Word's defaults, which every template has,
    and the speech keeps the profile's GB/T 9704 styles."""
    name, _kind, style_id = STYLE_KEYS["byline"]
    return any(style.style_id == style_id or style.name == name for style in word.styles)


def has_footers(word: docx.document.Document) -> bool:
    return any(
        sect.find(qn("w:footerReference")) is not None
        for sect in word.element.body.iter(qn("w:sectPr"))
    )


def repeat_headers_on_even_pages(word: docx.document.Document) -> None:
    """Give each section whose header is the same on every page an even-page header that is
    its copy (pictures and all), so odd and even page numbers can be added without losing
    the header on even pages."""
    for section in word.sections:
        header = section.header
        even = section.even_page_header
        if header.is_linked_to_previous or not even.is_linked_to_previous:
            continue
        even.is_linked_to_previous = False  # a new, empty header part
        target = even._element
        for child in list(target):
            target.remove(child)
        source_part, target_part = header.part, even.part
        for child in header._element:
            copied = copy.deepcopy(child)
            for element in copied.iter():
                for attribute, value in element.attrib.items():
                    if attribute.startswith(_R_NS) and value in source_part.rels:
                        rel = source_part.rels[value]
                        if rel.is_external:
                            new = target_part.relate_to(rel.target_ref, rel.reltype, True)
                        else:
                            new = target_part.relate_to(rel.target_part, rel.reltype)
                        element.set(attribute, new)
            target.append(copied)
