"""Document → JSON: the document model for scripts and other tools, each paragraph with where it
came from (`drafter render -f json`, described in docs/outputs.md).

One object holds the format's name and version, the outline file the sources' lines are in
(null for standard input: no file to open), and `paragraphs` in reading order: the header's
lines, headings and paragraphs. A paragraph's `text` is its body; a run-in headline is its
`lead`; `runs` cut the body where bold starts or stops, `pieces` where its source changes.
Labels (一、（一）) are never part of `text`. A headline alone on its line (第一，…… with its
text in the paragraphs after it) is a heading, as the DOCX styles it.
"""

from __future__ import annotations

import json
from typing import Any

from drafter import __version__
from drafter.decoding import STDIN, source_name
from drafter.document import Document, Heading, Numbered, Paragraph, Source

FORMAT = "drafter-document"
VERSION = 1


def to_json(document: Document) -> str:
    """The document as JSON text (UTF-8 when encoded; Chinese as it is, not \\u escapes)."""
    paragraphs: list[dict[str, Any]] = [
        {"type": key, "text": text, "source": _source(document.header.source(key))}
        for key, text in document.header.lines()
    ]
    for block in document.blocks:
        if isinstance(block, Heading):
            paragraphs.append({"type": "heading", **_numbered(block)})
        elif block.lead is not None and not block.runs:  # 第一，…… alone: a heading's line
            paragraphs.append({"type": "heading", **_numbered(block.lead)})
        else:
            paragraphs.append(_paragraph(block))
    head = {
        "format": FORMAT,
        "version": VERSION,
        "generator": f"drafter {__version__}",
        "outline": None if document.outline == source_name(STDIN) else document.outline,
        "author": document.author,
    }
    # one paragraph a line: readable, and a changed paragraph is a changed line in a diff
    lines = [f" {_dumps(key)}: {_dumps(value)}," for key, value in head.items()]
    listed = "".join(f"\n  {_dumps(paragraph)}," for paragraph in paragraphs).rstrip(",")
    return "{\n" + "\n".join(lines) + '\n "paragraphs": [' + listed + "\n ]\n}\n"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _numbered(item: Numbered) -> dict[str, Any]:
    return {
        "level": item.level,
        "label": item.label,
        "text": item.text,
        "source": _source(item.source),
    }


def _paragraph(paragraph: Paragraph) -> dict[str, Any]:
    found: dict[str, Any] = {"type": "paragraph", "role": paragraph.role}
    if paragraph.lead is not None:
        found["lead"] = _numbered(paragraph.lead)
    found["text"] = paragraph.body_text
    found["source"] = _source(paragraph.source)
    found["runs"] = [{"text": run.text, "bold": run.bold} for run in paragraph.runs]
    found["pieces"] = [
        {"text": piece.text, "source": _source(piece.source)}
        for piece in paragraph.pieces
        if piece.text
    ]
    return found


def _source(source: Source | None) -> dict[str, object] | None:
    return None if source is None else source.as_json()
