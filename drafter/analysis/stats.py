"""`drafter stats`: 字数 and speaking time per part and in total, for any speech.

An outline is rendered first; a .docx or .txt (drafter's or anybody's, one line or many) is read
for its structure. The title block is not spoken, so it is not counted; the salutation is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from drafter.analysis.extract import read_source
from drafter.analysis.structure import Speech, read_speech
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
    return of_speech(read_speech(source.text, source.hints), rate)


def of_document(document: Document, rate: float) -> SpeechStats:
    """Statistics of a rendered outline."""
    sections = []
    for section in document.sections():
        texts = [block.full_text for block in section.blocks]
        sections.append(SectionStats(section.name, sum(map(counting.count, texts)), len(texts)))
    title = document.header.title or document.header.subtitle
    return SpeechStats(title, rate, sections)


def of_speech(speech: Speech, rate: float) -> SpeechStats:
    """Statistics of a speech read from a .docx or text file."""
    sections = []
    opening = "\n".join(t for t in (_salutation(speech), speech.opening) if t)
    if opening:
        sections.append(_section("开场", opening))
    for part in speech.parts:
        sections.append(_section(part.label + part.title, part.raw))
    if speech.closing:
        sections.append(_section("结束语", speech.closing))
    header = speech.header
    address = header.address or "讲话"
    title = header.title or (f"在{header.occasion}上的{address}" if header.occasion else "")
    return SpeechStats(title, rate, sections)


def _salutation(speech: Speech) -> str:
    return speech.header.salutation + "：" if speech.header.salutation else ""


def _section(name: str, text: str) -> SectionStats:
    lines = [line for line in text.split("\n") if line.strip()]
    return SectionStats(name, counting.count(text), len(lines))
