"""`drafter stats`: 字数 and speaking time per part and in total, for any speech.

An outline is rendered into its Document; a .docx, .txt or .md (drafter's or anybody's, one line
or many) is read into one by the structure reader; the figures come from the Document either way.
The title block is not spoken, so it is not counted; the salutation is. Paragraphs are counted
as the source has them (a speech pasted as one line has one paragraph a part).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from drafter.analysis.extract import read_source
from drafter.analysis.structure import read_document
from drafter.chinese import counting
from drafter.decoding import STDIN, read_bytes
from drafter.document import Document
from drafter.pipeline import Renderer, Session


@dataclass(frozen=True)
class SectionStats:
    name: str
    characters: int
    paragraphs: int


@dataclass(frozen=True)
class SpeechStats:
    title: str
    rate: float
    sections: list[SectionStats]

    @property
    def characters(self) -> int:
        return sum(s.characters for s in self.sections)

    @property
    def paragraphs(self) -> int:
        return sum(s.paragraphs for s in self.sections)

    def minutes(self, characters: int | None = None) -> float:
        return counting.minutes(self.characters if characters is None else characters, self.rate)

    def as_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "rate": self.rate,
            "characters": self.characters,
            "paragraphs": self.paragraphs,
            "minutes": round(self.minutes(), 1),
            "parts": [
                {
                    "name": s.name,
                    "characters": s.characters,
                    "paragraphs": s.paragraphs,
                    "minutes": round(self.minutes(s.characters), 1),
                }
                for s in self.sections
            ],
        }


def of_path(
    path: Path, session: Session, rate: float | None = None, encoding: str | None = None
) -> SpeechStats:
    """`drafter stats`: at `rate`, else the office's words_per_minute, else 220."""
    renderer = session.renderer_for(path)
    return of_file(path, renderer, rate or renderer.settings.words_per_minute, encoding)


def of_file(
    path: Path, renderer: Renderer, rate: float, encoding: str | None = None
) -> SpeechStats:
    """Statistics of an outline (rendered first) or of a .docx/.txt/.md speech."""
    if path == STDIN or path.suffix.lower() in (".yaml", ".yml"):
        return of_document(renderer.document(renderer.load(path)), rate)
    source = read_source(path, read_bytes(path), encoding)
    return of_document(read_document(source.text, source.hints), rate)


def of_document(document: Document, rate: float) -> SpeechStats:
    """Statistics of a speech's Document: opening, each part, closing."""
    sections = [
        SectionStats(
            section.name,
            sum(counting.count(block.full_text) for block in section.blocks),
            section.paragraphs,
        )
        for section in document.sections()
    ]
    return SpeechStats(document.header.title or document.header.subtitle, rate, sections)
