"""The `repeated-phrase` rule: stock text that says what the speech already said.

A phrase of PHRASE_LENGTH or more characters that stands twice in a speech, or one of
CLOSE_LENGTH or more said again in the next sentence or two, within CLOSE_WINDOW characters of
one paragraph (……值得大家认真学习借鉴。概括起来，以下五个方面值得大家借鉴), where at least one
of the two comes from a template or the library (not from the writer's own text), reads as a
slip: 蓝图已经绘就 in a part's intro and again in the closing. The writer's own parallel wording
(开展阅读季活动，是……) is a choice, so repeats within outline text are left alone.

The work grows with the speech, not its square: which characters the writer supplied is found by
looking each position up in a table of the outline's lines (by their first characters) and
jumping over a line once found; only the phrases of stock text, which is short whatever the
outline's size, are kept in memory and looked for in the rest.

A lead-in said twice in a row (为此，为此，) is a slip whoever wrote it. The problem stands where
the writer can act, as the speech's sources say: a library entry's `use:`, the writer's own key,
the part whose template said it, else the kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from drafter.chinese.punctuation import normalize
from drafter.chinese.text import HAN, SENTENCE_END
from drafter.document import Document, Source
from drafter.errors import Problem, Severity, listed
from drafter.i18n import _
from drafter.outline.load import LoadedOutline
from drafter.outline.values import texts
from drafter.render.filters import figure
from drafter.schema.source import PathKey, format_path

PHRASE_LENGTH = 8  # said twice anywhere in the speech
CLOSE_LENGTH = 4  # said twice this close: within CLOSE_WINDOW characters of one paragraph
CLOSE_WINDOW = 40
STOCK_RUN = 6  # stock characters in a row that make a phrase around them stock text's
_DATA = re.compile(r"[0-9A-Za-z%％.．]")  # figures and Latin words are data, not phrasing
_WORDS = re.compile(f"[{HAN}]{{{CLOSE_LENGTH}}}")  # a short phrase: characters only
_ENDS = "。；，、：！？"  # render may drop these from the end of a line (a bare heading)
_SENTENCE_END = re.compile(f"[{SENTENCE_END}]")
_CLAUSE_ENDS = "。；，：！？"  # a phrase found is grown back to the start of its clause at most


class _Place(NamedTuple):
    paragraph: int
    start: int


class _Lines:
    """The writer's lines, found in a paragraph in one pass: lines of PHRASE_LENGTH or more by
    their first PHRASE_LENGTH characters, shorter ones by length."""

    def __init__(self, lines: list[str]) -> None:
        self.long: dict[str, list[str]] = {}
        self.short: dict[int, set[str]] = {}
        for line in lines:
            if len(line) >= PHRASE_LENGTH:
                self.long.setdefault(line[:PHRASE_LENGTH], []).append(line)
            else:
                self.short.setdefault(len(line), set()).add(line)
        for found in self.long.values():
            found.sort(key=len, reverse=True)
        self.lengths = sorted(self.short, reverse=True)

    def owned(self, paragraph: str) -> bytearray:
        """For each character of a rendered paragraph: 1 where the writer's outline supplied it.
        A long line found is jumped over (two of the writer's lines do not overlap); a short
        one is not, so a line starting inside it is still found."""
        mask = bytearray(len(paragraph))
        i, end = 0, len(paragraph)
        while i < end - 1:
            length = self._match(paragraph, i)
            if length:
                mask[i : i + length] = b"\x01" * length
            i += length if length >= PHRASE_LENGTH else 1
        return mask

    def _match(self, paragraph: str, i: int) -> int:
        """The length of the longest line starting at i, or 0."""
        for line in self.long.get(paragraph[i : i + PHRASE_LENGTH], ()):
            if paragraph.startswith(line, i):
                return len(line)
        for length in self.lengths:
            if paragraph[i : i + length] in self.short[length]:
                return length
        return 0


def repeated_phrases(
    loaded: LoadedOutline, document: Document, severity: Severity
) -> Iterator[Problem]:
    """One problem per phrase said twice, where a template or library entry said it."""
    paragraphs = document.lines()
    lines = _Lines(_outline_lines(loaded))
    masks = [lines.owned(text) for text in paragraphs]
    stock = _stock_phrases(paragraphs, masks)
    found: dict[str, list[_Place]] = {phrase: [] for phrase in stock}
    for index, text in enumerate(paragraphs):
        for start in range(len(text) - PHRASE_LENGTH + 1):
            window = text[start : start + PHRASE_LENGTH]
            if window in found:
                found[window].append(_Place(index, start))
    repeats = [_other(places, PHRASE_LENGTH) for places in found.values()]
    repeats = [pair for pair in repeats if pair] + _close_repeats(paragraphs, masks)
    repeats += _immediate_repeats(paragraphs)
    repeats.sort()
    covered: set[_Place] = set()  # characters of phrases reported already
    where = _section_names(document)
    for first, second in repeats:
        if first in covered:
            continue  # part of a longer phrase already reported
        first, second = _earliest(paragraphs, first, second)
        phrase = _longest(paragraphs, first, second)
        covered.update((first.paragraph, first.start + k) for k in range(len(phrase)))
        yield _problem(loaded, document, phrase, where, (first, second), severity)


def _outline_lines(loaded: LoadedOutline) -> list[str]:
    """Every line of the writer's outline text as render writes it (punctuation made full
    width; a heading without its final mark), and each figure as render says it (比上年增长8.3%
    is the outline's figure, however often figures say it), each once."""
    found: dict[str, None] = {}
    values = [text.value for text in texts(loaded.data or {})]
    for text in [*values, *_figures(loaded.outline.parts)]:
        for line in text.splitlines():
            line = normalize(line.strip())
            for variant in (line, line.rstrip(_ENDS)):
                if len(variant) >= 2:
                    found[variant] = None
    return list(found)


def _figures(containers: list[Any]) -> Iterator[str]:
    """Each figure of the items of parts (or items), items inside items too, as render says it."""
    for container in containers:
        for item in container.items:
            yield from (figure(one) for one in item.figures)
            yield from _figures([item])


def _stock_phrases(paragraphs: list[str], masks: list[bytearray]) -> set[str]:
    """Every phrase of PHRASE_LENGTH characters that stock text says: wholly, or with STOCK_RUN
    stock characters in a row around the writer's words (在区委、区政府的坚强领导下 is stock
    around the writer's leadership; a name in 我代表……向 is too short a frame to count),
    figures and Latin words aside."""
    phrases: set[str] = set()
    for text, mask in zip(paragraphs, masks, strict=True):
        last = len(text) - PHRASE_LENGTH
        for start, end in _stock_runs(mask, STOCK_RUN):
            for at in range(
                max(0, start + STOCK_RUN - PHRASE_LENGTH), min(last, end - STOCK_RUN) + 1
            ):
                window = text[at : at + PHRASE_LENGTH]
                if not _DATA.search(window):
                    phrases.add(window)
    return phrases


def _stock_runs(mask: bytearray, shortest: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each stretch of stock characters at least `shortest` long."""
    start = mask.find(0)
    while start >= 0:
        end = mask.find(1, start)
        end = len(mask) if end < 0 else end
        if end - start >= shortest:
            yield start, end
        start = mask.find(0, end)


def _other(places: list[_Place], length: int) -> tuple[_Place, _Place] | None:
    """The first place and the next that says it again: in another paragraph, or in the same
    one without overlapping; None if there is none."""
    first = places[0]
    for place in places[1:]:
        if place.paragraph != first.paragraph or place.start - first.start >= length:
            return first, place
    return None


def _close_repeats(paragraphs: list[str], masks: list[bytearray]) -> list[tuple[_Place, _Place]]:
    """Short phrases of stock text said again within CLOSE_WINDOW characters (before or after)
    in the same paragraph, in another sentence: within one sentence a repeat is parallel
    wording (主要负责同志要……，分管负责同志要……), a choice."""
    repeats = []
    for index, (text, mask) in enumerate(zip(paragraphs, masks, strict=True)):
        for start, end in _stock_runs(mask, CLOSE_LENGTH):
            for at in range(start, end - CLOSE_LENGTH + 1):
                phrase = text[at : at + CLOSE_LENGTH]
                if not _WORDS.fullmatch(phrase):
                    continue
                before = text.rfind(phrase, max(0, at - CLOSE_WINDOW), at)
                after = text.find(phrase, at + CLOSE_LENGTH, at + CLOSE_LENGTH + CLOSE_WINDOW)
                if before >= 0 and _SENTENCE_END.search(text, before, at):
                    repeats.append((_Place(index, before), _Place(index, at)))
                elif after >= 0 and _SENTENCE_END.search(text, at, after):
                    repeats.append((_Place(index, at), _Place(index, after)))
    return repeats


# A lead-in said twice in a row (为此，为此， / 概括起来，概括起来，): the writer's intro ending
# with what the count sentence begins with; by anyone, never a choice.
_IMMEDIATE = re.compile(f"(?<![{HAN}])([{HAN}]{{2,6}})，\\1(?=[，：、])")


def _immediate_repeats(paragraphs: list[str]) -> list[tuple[_Place, _Place]]:
    """Each lead-in word said again straight after its comma."""
    return [
        (_Place(index, found.start()), _Place(index, found.start(1) + len(found.group(1)) + 1))
        for index, text in enumerate(paragraphs)
        for found in _IMMEDIATE.finditer(text)
    ]


def _earliest(paragraphs: list[str], a: _Place, b: _Place) -> tuple[_Place, _Place]:
    """The two places moved back as far as they agree (a phrase found by its stock middle, 的
    坚强领导下, starts where the writer's words before it start: 在市委、市政府)."""
    text_a, text_b = paragraphs[a.paragraph], paragraphs[b.paragraph]
    back = 0
    while (
        back < min(a.start, b.start)
        and text_a[a.start - back - 1] == text_b[b.start - back - 1]
        and text_a[a.start - back - 1] not in _CLAUSE_ENDS
    ):
        back += 1
    return _Place(a.paragraph, a.start - back), _Place(b.paragraph, b.start - back)


def _longest(paragraphs: list[str], a: _Place, b: _Place) -> str:
    """The repeated phrase grown as far as its two places agree (never overlapping)."""
    text_a, text_b = paragraphs[a.paragraph], paragraphs[b.paragraph]
    limit = b.start - a.start if a.paragraph == b.paragraph else len(text_a)
    end = 1
    while (
        end < limit
        and a.start + end < len(text_a)
        and b.start + end < len(text_b)
        and text_a[a.start + end] == text_b[b.start + end]
    ):
        end += 1
    return text_a[a.start : a.start + end]


def _problem(
    loaded: LoadedOutline,
    document: Document,
    phrase: str,
    where: list[str],
    found: tuple[_Place, _Place],
    severity: Severity,
) -> Problem:
    """The problem at the place the writer can act (`_blame`), worded by what said the two
    places (the rendered speech's sources); `where` names each paragraph's section."""
    sections = list(dict.fromkeys(where[p.paragraph] for p in found))
    said = "、".join(sections) if len(sections) > 1 else f"{sections[0]}（两处）"
    sources = [document.source_at(p.paragraph, p.start) for p in found]
    producers = _producers(sources)
    named = {"phrase": phrase.rstrip("，、"), "sections": said, "producers": listed(producers)}
    if any(source is not None and source.stock for source in sources):
        message = _(
            "“{phrase}” is said more than once ({sections}); stock text ({producers}) repeats "
            "it: reword one, or choose another library entry"
        )
    elif producers:
        message = _(
            "“{phrase}” is said more than once ({sections}); stock text ({producers}) says it "
            'too: reword yours, or turn the stock sentence off ("" or false)'
        )
    elif any(source is not None for source in sources):
        message = _("“{phrase}” is said more than once ({sections}), both times in your words")
    else:
        message = _(
            "“{phrase}” is said more than once ({sections}); stock text repeats it: reword "
            "one, or choose another library entry"
        )
    path = _blame(sources)
    return Problem(
        message.format_map(named),
        loaded.source.locate(path),
        format_path(path),
        severity,
        "repeated-phrase",
    )


def _producers(sources: list[Source | None]) -> list[str]:
    """[library entry closing-general, template work-conference/requirements]: what stock
    text wrote either place."""
    names: list[str] = []
    for source in sources:
        if source is not None and source.kind != "outline":
            name = (
                _("library entry {entry}").format(entry=source.stock)
                if source.stock
                else _("template {template}").format(template=source.template)
            )
            names += [name] if name not in names else []
    return names


def _section_names(document: Document) -> list[str]:
    """The section (开场, 一、…, 结束语) of every line of `document.lines()`."""
    names = ["标题"] * len(document.header.lines())
    for section in document.sections():
        names += [section.name] * len(section.blocks)
    return names


def _blame(sources: list[Source | None]) -> PathKey:
    """Where the writer can act: the `use:` of a library entry that says it; else the writer's
    own key of the later place (an intro, an announce with {n}), then of the earlier; else the
    part whose template says it; else the kind (whose templates hold the stock text)."""
    known = [source for source in sources if source is not None and source.path]
    for wanted in (
        lambda source: bool(source.stock),
        lambda source: source.kind == "outline",
        lambda source: True,
    ):
        for source in reversed(known):
            if wanted(source):
                return _path_key(source.path)
    return ("kind",)


def _path_key(path: str) -> PathKey:
    """'parts[1].intro' → ('parts', 1, 'intro'), as the outline's locator takes a path."""
    return tuple(
        int(index) if index else key for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path)
    )
