"""The reviewer's DOCX (`drafter render --review`): a Word comment on every paragraph that drafter
wrote rather than the writer (a library entry, a kind's framing sentences) and on every one that
holds numbers drafter worked out, saying where it came from and how to change it.

The comments are worded for the office (in Chinese): 素材库 closing-annual-forward；在提纲
closing.use 处（第153行）更换，或写 text. A paragraph in the writer's own words gets none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import docx.document
from docx.text.paragraph import Paragraph as DocxParagraph

from drafter.document import Document, Heading, Piece, Source
from drafter.outline.model import CHOICES, Outline

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
    for (source, computed, heading), paragraph in zip(_lines(document), paragraphs, strict=True):
        text = note(source, computed, heading=heading)
        if text and paragraph.runs:
            comment = word.add_comment(paragraph.runs, text, AUTHOR, INITIALS)
            comment._comment_elm.date = when
            added += 1
    return added


Computed = Sequence[Piece]  # the stretches of a paragraph that drafter worked out


def _lines(document: Document) -> list[tuple[Source | None, Computed, bool]]:
    """(source, its computed pieces, whether it is a headline) of each paragraph."""
    found: list[tuple[Source | None, Computed, bool]] = [
        (document.header.source(key), (), True) for key, _ in document.header.lines()
    ]
    for block in document.blocks:
        if isinstance(block, Heading):
            found.append((block.source, (), True))
        else:
            computed = [piece for piece in block.pieces if piece.source.computed]
            found.append((block.source, computed, block.lead is not None and not block.runs))
    return found


def note(source: Source | None, computed: Computed = (), *, heading: bool = False) -> str:
    """The comment on a paragraph from `source` ("" for the writer's own words): where it came
    from and how to change it, then the numbers drafter worked out (`computed`)."""
    if source is None:
        return ""
    lines = []
    if source.kind == "stock":
        lines.append(_stock(source))
    elif source.kind == "template":
        lines.append(_template(source, heading))
    if computed:
        lines.append(_computed(computed))
    return "\n".join(lines)


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


# What a writer writes in place of the kind's text, by where it stands.
_INSTEAD = {
    "header": "title、occasion 或 address",
    "salutation": "salutation",
    "opening": "opening 的 text（或 purposes、basis、announce）",
    "closing": "closing 的 text 或 use",
}


def _template(source: Source, heading: bool) -> str:
    kind, _, part = source.template.partition("/")
    if part in CHOICES["type"].names:
        named = CHOICES["type"].names[part][0]
        instead = "title" if heading else "intro、outro 或 announce"
        where = f"在{_where(source)}下写 {instead}" if source.path else f"写 {instead}"
    else:
        key = "title" if part == "header" else part
        named = Outline.fields[key].zh[0] if key in Outline.fields else part
        where = f"在提纲中写 {_INSTEAD.get(part, part)}"
    return f"固定表述：讲话类型 {kind} 的模板（{named}）；{where} 替换"


def _computed(computed: Computed) -> str:
    """drafter 计算的数字：比上年增长8.7%（提纲 parts[0].items[1].figures[0]，第45行）"""
    said = []
    for piece in computed[:MAX_NUMBERS]:
        text, source = piece.text.rstrip("。；，"), piece.source
        if source.kind == "template":  # a count of what follows
            said.append(f"{text}（所列部分或条目的数目）")
        else:
            line = f"，第{source.line}行" if source.line else ""
            said.append(f"{text}（提纲 {source.path}{line}）")
    more = "等" if len(computed) > MAX_NUMBERS else ""
    return f"drafter 计算的数字：{'；'.join(said)}{more}；数值有误请改提纲，不要改这里"
