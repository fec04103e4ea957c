"""Plain text and Markdown renderings of a Document.

Plain text is one paragraph a line, exactly the paragraphs of the DOCX; Markdown marks the
structure (headings, run-in headlines and leads in bold) for reading on screen or in a repo.
"""

from __future__ import annotations

import re

from drafter.document import Document, Heading, Paragraph

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LINE_START = re.compile(r"^([#>+\-=]|\d+[.)]\s)")


def to_text(document: Document) -> str:
    """Every paragraph on its own line, in reading order."""
    return "".join(line + "\n" for line in document.lines())


def md_escape(text: str) -> str:
    """Keep Markdown from reading the writer's text as markup."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(r"\\\1", text)


def to_markdown(document: Document) -> str:
    """Headings as #, run-in headlines and bold leads as **…**, one blank line between blocks."""
    out: list[str] = []
    header = document.header
    if header.title:
        out.append(f"# {md_escape(header.title)}")
    out.extend(md_escape(text) for text in (header.subtitle, header.byline, header.date) if text)
    for block in document.blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * (block.level + 1)} {md_escape(block.full_text)}")
        else:
            out.append(_md_paragraph(block))
    return "\n\n".join(out) + "\n"


def _md_paragraph(paragraph: Paragraph) -> str:
    pieces = []
    if paragraph.lead:
        pieces.append(f"**{md_escape(paragraph.lead.full_text)}**")
    for run in paragraph.runs:
        text = md_escape(run.text)
        pieces.append(f"**{text}**" if run.bold and text.strip() else text)
    return "".join(pieces)
