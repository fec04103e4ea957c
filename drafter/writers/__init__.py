"""Writers turn a Document into the bytes of one output format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from drafter.document import Document
from drafter.writers.text import to_markdown, to_text


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    description: str
    write: Callable[..., bytes]


def _text(document: Document, **_: Any) -> bytes:
    return to_text(document).encode("utf-8")


def _markdown(document: Document, **_: Any) -> bytes:
    return to_markdown(document).encode("utf-8")


def _docx(document: Document, **options: Any) -> bytes:
    from drafter.writers.docx import to_docx  # python-docx is slow to import: only when needed

    return to_docx(document, **options)


FORMATS: dict[str, Format] = {
    "docx": Format("docx", ".docx", "Word document laid out as an official speech", _docx),
    "md": Format("md", ".md", "Markdown", _markdown),
    "txt": Format("txt", ".txt", "plain text, one paragraph a line", _text),
}
SUFFIXES = {fmt.suffix: name for name, fmt in FORMATS.items()}
