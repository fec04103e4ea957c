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
    laid_out: bool = False  # written with a style profile (and a template, highlights)
    binary: bool = False  # bytes that a terminal cannot show


def _text(document: Document, **_: Any) -> bytes:
    return to_text(document).encode("utf-8")


def _markdown(document: Document, **_: Any) -> bytes:
    return to_markdown(document).encode("utf-8")


def _json(document: Document, **_: Any) -> bytes:
    from drafter.writers.json import to_json

    return to_json(document).encode("utf-8")


def _docx(document: Document, **options: Any) -> bytes:
    from drafter.writers.docx import to_docx  # python-docx is slow to import: only when needed

    return to_docx(document, **options)


def _pdf(document: Document, **options: Any) -> bytes:
    from drafter.writers.faces import profile_faces
    from drafter.writers.pdf import find_soffice, to_pdf

    find_soffice()  # before the DOCX is built: a missing LibreOffice is said at once
    return to_pdf(_docx(document, **options), faces=profile_faces(options["profile"]))


def _html(document: Document, **options: Any) -> bytes:
    from drafter.writers.html import to_html

    return to_html(document, profile=options["profile"], highlight=options.get("highlight"))


FORMATS: dict[str, Format] = {
    "docx": Format(
        "docx", ".docx", "Word document laid out as an official speech", _docx, True, True
    ),
    "pdf": Format("pdf", ".pdf", "PDF of the Word document, by LibreOffice", _pdf, True, True),
    "html": Format("html", ".html", "one self-contained web page, A4 sheets", _html, True),
    "md": Format("md", ".md", "Markdown (CommonMark, with a YAML metadata block)", _markdown),
    "txt": Format("txt", ".txt", "plain text, one paragraph a line", _text),
    "json": Format("json", ".json", "the document model, each paragraph with its source", _json),
}
SUFFIXES = {fmt.suffix: name for name, fmt in FORMATS.items()} | {".htm": "html"}
