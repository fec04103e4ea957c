"""Plain text and Markdown renderings of a Document.

Plain text is one paragraph a line, exactly the paragraphs of the DOCX. Markdown is CommonMark:
a YAML metadata block carries title, subtitle, author and date (pandoc puts them in its title
block; GitHub shows them as a table), headings are #, and run-in headlines and leads are bold
in a form every CommonMark reader accepts.
"""

from __future__ import annotations

import json
import re
import unicodedata

from drafter.document import Document, Heading, Paragraph
from drafter.writers.linebreak import unmarked

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
# A mark that opens a block at the start of a line, after up to three spaces of indent.
_MD_LINE_START = re.compile(r"^( {0,3})(?:([#>+\-=])|(\d+)([.)])(?=\s|$))")


def to_text(document: Document) -> str:
    """Every paragraph on its own line, in reading order (a title the writer broke by hand on
    one line)."""
    header = [
        unmarked(text) if key in ("title", "subtitle") else text
        for key, text in document.header.lines()
    ]
    return "".join(line + "\n" for line in [*header, *document.lines()[len(header) :]])


def md_escape(text: str, *, line_start: bool = True) -> str:
    """Keep Markdown from reading the writer's text as markup."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    if not line_start:
        return text
    # "# " would be a heading, "1. " a list: escape the mark (in "1\. " the dot, not the digit)
    return _MD_LINE_START.sub(
        lambda m: f"{m[1]}\\{m[2]}" if m[2] else f"{m[1]}{m[3]}\\{m[4]}", text
    )


def to_markdown(document: Document) -> str:
    """A metadata block, then headings as # (level 1) to ####, paragraphs with bold leads."""
    out: list[str] = []
    header = document.header
    fields = (
        ("title", unmarked(header.title)),
        ("subtitle", unmarked(header.subtitle)),
        ("author", header.byline),
        ("date", header.date),
    )
    metadata = [f"{key}: {_yaml_text(value)}" for key, value in fields if value]
    if metadata:
        out.append("\n".join(["---", *metadata, "---"]))
    for block in document.blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * block.level} {md_escape(block.full_text)}")
        else:
            out.append(_md_paragraph(block))
    return "\n\n".join(out) + "\n"


def _yaml_text(text: str) -> str:
    """A YAML string that pandoc reads as this text (it parses metadata as Markdown)."""
    return json.dumps(md_escape(text), ensure_ascii=False)


def _md_paragraph(paragraph: Paragraph) -> str:
    pieces: list[tuple[str, bool]] = []
    if paragraph.lead:
        pieces.append((paragraph.lead.full_text, True))
    for run in paragraph.runs:
        if pieces and pieces[-1][1] == run.bold:
            pieces[-1] = (pieces[-1][0] + run.text, run.bold)
        else:
            pieces.append((run.text, run.bold))
    out = []
    for number, (text, bold) in enumerate(pieces):
        before = pieces[number - 1][0][-1:] if number else ""
        after = pieces[number + 1][0][:1] if number + 1 < len(pieces) else ""
        out.append(_strong(text, before, after) if bold else _escape_piece(text, number))
    return "".join(out)


def _escape_piece(text: str, number: int) -> str:
    return md_escape(text, line_start=number == 0)


def _strong(text: str, before: str, after: str) -> str:
    """`**text**`, with punctuation at either end moved outside the asterisks where CommonMark
    would otherwise not see them as bold: `**（一）标题。**正文` stays literal there (a closing
    `**` after 。 and before 正 is not right-flanking), `**（一）标题**。正文` is bold."""
    start, end = 0, len(text)
    while start < end and not _opens(text[start - 1] if start else before, text[start]):
        start += 1
    while end > start and not _closes(text[end - 1], text[end] if end < len(text) else after):
        end -= 1
    if start == end:  # nothing CommonMark can embolden (only punctuation or spaces)
        return md_escape(text, line_start=not before)
    inside = md_escape(text[start:end], line_start=False)
    return (
        md_escape(text[:start], line_start=not before)
        + f"**{inside}**"
        + md_escape(text[end:], line_start=False)
    )


def _opens(before: str, first: str) -> bool:
    """A `**` between these characters is left-flanking (CommonMark 0.31, 6.2)."""
    if _space(first):
        return False
    return not _punctuation(first) or _space(before) or _punctuation(before)


def _closes(last: str, after: str) -> bool:
    """A `**` between these characters is right-flanking."""
    if _space(last):
        return False
    return not _punctuation(last) or _space(after) or _punctuation(after)


def _space(char: str) -> bool:
    """Unicode whitespace; the start or end of the line counts as whitespace."""
    return not char or char.isspace()


def _punctuation(char: str) -> bool:
    """CommonMark's punctuation: the Unicode P (punctuation) and S (symbol) categories."""
    return bool(char) and unicodedata.category(char)[0] in "PS"
