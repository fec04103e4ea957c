"""The reviewer's DOCX (`drafter render --review`): a Word comment on every paragraph holding
words drafter wrote rather than the writer (a library entry, a kind's framing sentences), an
office setting, a number read from a table or numbers drafter worked out, saying where each
came from and how to change it: one comment a paragraph, a line for its main source and one
for each other kind of stock words in it, quoted.

The comments are worded for the office (in Chinese): 素材库 closing-annual-forward；在提纲
closing.use 处（第153行）更换，或写 text. A paragraph in the writer's own words gets none."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import PurePath

import docx.document
from docx.text.paragraph import Paragraph as DocxParagraph

from drafter.document import Document, Heading, Piece, Source
from drafter.outline.model import CHOICES, Outline, PartBase

AUTHOR = "drafter"
INITIALS = "D"
MAX_NUMBERS = 4  # computed numbers one comment quotes


def add_comments(
    word: docx.document.Document,
    document: Document,
    paragraphs: Sequence[DocxParagraph],
    when: dt.datetime,
) -> int:
    """Comment each of `paragraphs` (the DOCX paragraphs of `document.lines()`, in order) that
    holds stock text or computed numbers, dated `when` (the draft's date: the same outline
    gives the same bytes); the number of comments."""
    added = 0
    for (source, pieces, heading), paragraph in zip(_lines(document), paragraphs, strict=True):
        text = note(source, pieces, heading=heading)
        if text and paragraph.runs:
            comment = word.add_comment(paragraph.runs, text, AUTHOR, INITIALS)
            comment._comment_elm.date = when
            added += 1
    return added


def _lines(document: Document) -> list[tuple[Source | None, Sequence[Piece], bool]]:
    """(source, its pieces, whether it is a headline) of each paragraph."""
    found: list[tuple[Source | None, Sequence[Piece], bool]] = [
        (document.header.source(key), (), True) for key, _ in document.header.lines()
    ]
    for block in document.blocks:
        if isinstance(block, Heading):
            found.append((block.source, (), True))
        else:
            found.append((block.source, block.pieces, block.lead is not None and not block.runs))
    return found


def note(source: Source | None, pieces: Sequence[Piece] = (), *, heading: bool = False) -> str:
    """The comment on a paragraph from `source` with `pieces` ("" for the writer's own words):
    where its stock text came from and how to change it (the paragraph's main source, then
    every other stretch of stock text, office settings or table numbers in it), then the
    numbers drafter worked out."""
    if source is None:
        return ""
    main = _advice(source, heading)
    lines = [main] if main else []
    said: dict[str, list[str]] = {}  # advice → the words it is about, in order
    for index, piece in enumerate(pieces):
        if piece.source.computed or not _worded(piece.text):
            continue
        advice = _advice(piece.source, False, _beside(pieces, index))
        if advice and advice != main:
            said.setdefault(advice, []).append(piece.text)
    lines += [_quoted(texts) + advice for advice, texts in said.items()]
    numbers = _numbers(pieces)
    if numbers:
        lines.append(_computed(numbers))
    return "\n".join(lines)


def _advice(source: Source, heading: bool, beside: tuple[str, str] = ("", "")) -> str:
    """Where text from `source` came from and how to change it; "" for the writer's words."""
    if source.kind == "stock":
        return _stock(source)
    if source.kind == "template":
        return _template(source, heading, beside)
    if source.settings:
        return _settings(source)
    if source.table:
        return _table(source)
    return ""


def _where(source: Source) -> str:
    """提纲 parts[0]（第29行）"""
    return f"提纲 {source.path}（第{source.line}行）" if source.line else f"提纲 {source.path}"


def _stock(source: Source) -> str:
    if not source.line:  # no `use:` names it: the kind's default closing
        default = "（该讲话类型默认的结束语）"
        return f"素材库 {source.stock}{default}；在提纲中写 closing 的 use 更换，或写 text"
    if source.path.endswith("thanks"):
        return f"素材库 {source.stock}；在{_where(source)}处更换，或删去"
    return f"素材库 {source.stock}；在{_where(source)}处更换，或写 text"


def _settings(source: Source) -> str:
    """单位设置：/…/drafter.yaml 的 speaker（第2行）；…"""
    return (
        f"单位设置：{source.settings} 的 {source.path}（第{source.line}行）；"
        f"在提纲中写 {source.path} 替换，或改单位设置"
    )


def _table(source: Source) -> str:
    """表格数字：2025年教育统计.csv D6；数值有误请改表格，或在提纲 …figures[0]（第45行）写 value"""
    return f"表格数字：{_cells(source)}；数值有误请改表格，或在{_where(source)}写 value"


def _cells(source: Source) -> str:
    """2025年教育统计.csv D6、E6 (the table's name: its folder is the outline's, as a rule)."""
    return f"{PurePath(source.table).name} {'、'.join(source.cells)}"


# What a writer writes in place of the kind's text, by where it stands.
_INSTEAD = {
    "header": "title、occasion 或 address",
    "salutation": "salutation",
    "opening": "opening 的 text（或 purposes、basis、announce）",
    "closing": "closing 的 text 或 use",
}
# A part's own words before or after one of its lists (shortcomings_intro …): the stock text
# standing there is what they replace.
_SLOTS = frozenset(
    name
    for record in PartBase.__subclasses__()
    for name in record.fields
    if name.endswith(("_intro", "_outro"))
)
_LISTED = re.compile(r"(?P<owner>.+)\.(?P<name>[a-z_]+)\[(?P<index>\d+)\]$")


def _template(source: Source, heading: bool, beside: tuple[str, str] = ("", "")) -> str:
    kind, _, part = source.template.partition("/")
    if part in CHOICES["type"].names:
        named = CHOICES["type"].names[part][0]
        slot = "" if heading else _slot(beside)
        if slot == _BETWEEN:
            return f"列举用语：drafter 按讲话类型 {kind} 的模板（{named}）和所列条数编排"
        instead = "title" if heading else slot or "intro、outro 或 announce"
        where = f"在{_where(source)}下写 {instead}" if source.path else f"写 {instead}"
    else:
        key = "title" if part == "header" else part
        named = Outline.fields[key].zh[0] if key in Outline.fields else part
        where = f"在提纲中写 {_INSTEAD.get(part, part)}"
    return f"固定表述：讲话类型 {kind} 的模板（{named}）；{where} 替换"


_BETWEEN = "between"  # words between two items of one list (；二是)


def _slot(beside: tuple[str, str]) -> str:
    """The part's key for stock text just before or after the list a path names:
    shortcomings_intro before parts[0].shortcomings[0], shortcomings_outro after its last;
    `_BETWEEN` for the words between two of its items."""
    after, before = (_LISTED.match(path) for path in beside)
    if after and before and (after["owner"], after["name"]) == (before["owner"], before["name"]):
        return _BETWEEN
    for found, end in ((after, "_intro"), (before, "_outro")):
        if found and found["name"] + end in _SLOTS:
            return found["name"] + end
    return ""


def _beside(pieces: Sequence[Piece], index: int) -> tuple[str, str]:
    """The outline paths of the writer's words right after and right before piece `index`."""
    after = next((p.source for p in pieces[index + 1 :] if _worded(p.text)), None)
    before = next((p.source for p in reversed(pieces[:index]) if _worded(p.text)), None)
    return tuple(  # type: ignore[return-value]
        s.path if s is not None and s.kind == "outline" else "" for s in (after, before)
    )


def _quoted(texts: Sequence[str]) -> str:
    """“今天，我们隆重召开”“首先，我代表”“向受到表彰的”等9处——"""
    shown = []
    for text in texts[:MAX_QUOTES]:
        words = text.strip(_EDGES)
        shown.append(f"“{words[:QUOTE] + '……' if len(words) > QUOTE else words}”")
    more = f"等{len(texts)}处" if len(texts) > MAX_QUOTES else ""
    return "".join(shown) + more + "——"


_EDGES = "，。；：、！？ "
MAX_QUOTES = 3  # stretches of stock text one comment quotes
QUOTE = 16  # characters of each quoted


def _worded(text: str) -> bool:
    return any(char.isalnum() for char in text)


def _numbers(pieces: Sequence[Piece]) -> list[Piece]:
    """The numbers drafter worked out, the neighbouring stretches of one figure (比 去年同期
    增长17.1%) joined into one, named by the figure."""
    numbers: list[Piece] = []
    joined = False  # whether the piece before was a computed one
    for piece in pieces:
        if not piece.source.computed:
            joined = False
            continue
        owner = _figure(piece.source.path)
        if joined and numbers and _figure(numbers[-1].source.path) == owner:
            last = numbers[-1]
            source = last.source if last.source.path == owner else piece.source
            numbers[-1] = Piece(last.text + piece.text, source)
        else:
            numbers.append(piece)
        joined = True
    return numbers


_FIGURE = re.compile(r".*?figures\[\d+\]")


def _figure(path: str) -> str:
    """The figure a path is in (parts[0].items[1].figures[0].compare → …figures[0])."""
    found = _FIGURE.match(path)
    return found.group(0) if found else path


def _computed(computed: Sequence[Piece]) -> str:
    """drafter 计算的数字：比上年增长8.7%（提纲 parts[0].items[1].figures[0]，第45行）"""
    said = []
    for piece in computed[:MAX_NUMBERS]:
        text, source = piece.text.rstrip("。；，"), piece.source
        if source.kind == "template":  # a count of what follows
            said.append(f"{text}（所列部分或条目的数目）")
        else:
            line = f"，第{source.line}行" if source.line else ""
            cells = f"，据表格 {_cells(source)}" if source.table else ""
            said.append(f"{text}（提纲 {source.path}{line}{cells}）")
    more = "等" if len(computed) > MAX_NUMBERS else ""
    fix = "改表格或提纲" if any(piece.source.table for piece in computed) else "改提纲"
    return f"drafter 计算的数字：{'；'.join(said)}{more}；数值有误请{fix}，不要改这里"
