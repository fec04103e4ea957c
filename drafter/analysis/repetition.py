"""The `repeated-phrase` rule: stock text that says what the speech already said.

A phrase of PHRASE_LENGTH or more characters that stands twice in a speech, where at least one
of the two comes from a template or the library (not from the writer's own text), reads as a
slip: 蓝图已经绘就 in a part's intro and again in the closing. The writer's own parallel wording
(开展阅读季活动，是……) is a choice, so repeats within outline text are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from drafter.chinese.punctuation import normalize
from drafter.document import Document
from drafter.errors import Problem, Severity
from drafter.outline.load import LoadedOutline
from drafter.outline.values import texts
from drafter.schema.source import PathKey, format_path

PHRASE_LENGTH = 8
_DATA = re.compile(r"[0-9A-Za-z%％.．]")  # figures and Latin words are data, not phrasing


@dataclass(frozen=True)
class _Place:
    paragraph: int
    start: int
    stock: bool


def repeated_phrases(
    loaded: LoadedOutline, document: Document, severity: Severity
) -> Iterator[Problem]:
    """One problem per phrase said twice, where a template or library entry said it."""
    paragraphs = document.lines()
    lines = _outline_lines(loaded)
    owned = [_written_by_outline(text, lines) for text in paragraphs]
    places: dict[str, list[_Place]] = {}
    for index, text in enumerate(paragraphs):
        for start in range(len(text) - PHRASE_LENGTH + 1):
            window = text[start : start + PHRASE_LENGTH]
            if _DATA.search(window):
                continue
            stock = not any(owned[index][start : start + PHRASE_LENGTH])
            places.setdefault(window, []).append(_Place(index, start, stock))
    reported: list[tuple[int, int, int]] = []  # (paragraph, start, end) of phrases said already
    for found in places.values():
        if len({p.paragraph for p in found}) < 2 or not any(p.stock for p in found):
            continue
        first = found[0]
        if any(p == first.paragraph and s <= first.start < e for p, s, e in reported):
            continue  # part of a longer phrase already reported
        phrase = _longest(paragraphs, found)
        reported.append((first.paragraph, first.start, first.start + len(phrase)))
        yield _problem(loaded, document, paragraphs, phrase, found, severity)


def _outline_lines(loaded: LoadedOutline) -> list[str]:
    """Every line of the writer's outline text as render writes it (punctuation made full
    width), each once."""
    lines = (
        normalize(line.strip())
        for text in texts(loaded.data or {})
        for line in text.value.splitlines()
    )
    return list(dict.fromkeys(line for line in lines if len(line) >= 2))


def _written_by_outline(paragraph: str, lines: list[str]) -> list[bool]:
    """For each character of a rendered paragraph: whether the writer's outline supplied it."""
    owned = [False] * len(paragraph)
    for line in lines:
        start = paragraph.find(line)
        while start >= 0:
            end = start + len(line)
            owned[start:end] = [True] * len(line)
            start = paragraph.find(line, end)
    return owned


def _longest(paragraphs: list[str], found: list[_Place]) -> str:
    """The repeated phrase grown as far as its first two places agree."""
    a, b = found[0], next(p for p in found if p.paragraph != found[0].paragraph)
    text_a, text_b = paragraphs[a.paragraph], paragraphs[b.paragraph]
    end = PHRASE_LENGTH
    while (
        a.start + end < len(text_a)
        and b.start + end < len(text_b)
        and text_a[a.start + end] == text_b[b.start + end]
    ):
        end += 1
    return text_a[a.start : a.start + end]


def _problem(
    loaded: LoadedOutline,
    document: Document,
    paragraphs: list[str],
    phrase: str,
    found: list[_Place],
    severity: Severity,
) -> Problem:
    where = _section_names(document)
    sections = list(dict.fromkeys(where[p.paragraph] for p in found))
    said = "、".join(sections) if len(sections) > 1 else f"{sections[0]}（两处）"
    message = (
        f"“{phrase}” is said more than once ({said}); stock text{_producers(document, found)} "
        "repeats it: reword one, or choose another library entry"
    )
    path = _blame(loaded, [where[p.paragraph] for p in found if p.stock])
    return Problem(
        message, loaded.source.locate(path), format_path(path), severity, "repeated-phrase"
    )


def _producers(document: Document, found: list[_Place]) -> str:
    """(library entry closing-general, template work-conference/requirements): what wrote the
    stock places, as the rendered speech's sources say."""
    names: list[str] = []
    for place in found:
        source = document.source_at(place.paragraph, place.start) if place.stock else None
        if source is not None and source.kind != "outline":
            name = (
                f"library entry {source.stock}" if source.stock else f"template {source.template}"
            )
            names += [name] if name not in names else []
    return f" ({', '.join(names)})" if names else ""


def _section_names(document: Document) -> list[str]:
    """The section (开场, 一、…, 结束语) of every line of `document.lines()`."""
    names = ["标题"] * len(document.header.lines())
    for section in document.sections():
        names += [section.name] * len(section.blocks)
    return names


def _blame(loaded: LoadedOutline, stock_sections: list[str]) -> PathKey:
    """Where the writer can act: the closing's library entry when the closing repeats, else
    the kind (whose templates hold the stock text)."""
    data = loaded.data or {}
    closing = data.get("closing")
    if "结束语" in stock_sections and isinstance(closing, dict) and "use" in closing:
        return ("closing", "use")
    return ("kind",)
