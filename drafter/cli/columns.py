"""Text fitted to a terminal's columns: a Chinese character takes two, and a line of Chinese may
break between any two characters (never before a closing mark such as ，。） nor after an
opening one such as （“), a line of English only at a space."""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterable, Sequence

from rich.cells import cell_len

# A piece no line breaks inside: a Chinese character with the marks that cling to it, or a run
# of other characters; spaces between pieces are where English breaks.
_WIDE = r"\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_OPENING = "（《「『【〔“‘"
_CLOSING = "，。、；：？！）》」』】〕”’…"
_PIECE = re.compile(
    rf"\s+|[{_OPENING}]*(?:[{_WIDE}]|[^\s{_WIDE}]+)[{_CLOSING}]*",
)


def cut(text: str, width: int) -> str:
    """`text` in at most `width` columns, its end replaced by … when it is longer."""
    if cell_len(text) <= width:
        return text
    head = _head(text, width - 1)
    if _in_a_word(head[-1:] + text[len(head) : len(head) + 1]):
        space = head.rfind(" ")
        if space > len(head) * 2 // 3:  # an English word is not cut, unless it is most of it
            head = head[:space]
    return head.rstrip() + "…"


def _in_a_word(pair: str) -> bool:
    return len(pair) == 2 and pair.isascii() and pair.isalnum()


def wrap(text: str, width: int) -> list[str]:
    """`text` broken into lines of at most `width` columns (a piece wider than a line is cut
    where the line ends)."""
    lines: list[str] = []
    line = ""
    spaced = False  # a space stands between the line so far and the next piece
    for piece in _PIECE.findall(" ".join(text.split())):
        if piece.isspace():
            spaced = bool(line)
            continue
        joined = line + " " * spaced + piece
        if line and cell_len(joined) > width:
            lines.append(line)
            joined = piece
        line, spaced = joined, False
        while cell_len(line) > width:
            head = _head(line, width)
            lines.append(head)
            line = line[len(head) :]
    if line:
        lines.append(line)
    return lines


def _head(text: str, width: int) -> str:
    """The longest start of `text` within `width` columns (one character at least)."""
    end = len(text)
    while end > 1 and cell_len(text[:end]) > width:
        end -= 1
    return text[:end]


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    width: int | None = None,
    cut_columns: Sequence[int] = (),
    wrapped_columns: Sequence[int] = (),
) -> tuple[list[str], bool]:
    """Rows in columns aligned by display width, and whether a cell was cut. Where `width` is
    given and the table is wider, the columns numbered in `cut_columns` are narrowed first
    (their cells cut with …), then those in `wrapped_columns` (their cells wrapped on several
    lines), the widest first."""
    rows = [list(map(str, row)) for row in rows]
    widths = [max([cell_len(h), *(cell_len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    if width is not None:
        excess = sum(widths) + 2 * (len(widths) - 1) - width
        for columns, least in ((cut_columns, 10), (wrapped_columns, 16)):
            while excess > 0:
                narrowable = [i for i in columns if widths[i] > max(least, cell_len(headers[i]))]
                if not narrowable:
                    break
                widths[max(narrowable, key=widths.__getitem__)] -= 1
                excess -= 1
    lines = []
    was_cut = False
    for row in [list(headers), *rows]:
        cells = []
        for index, (cell, cell_width) in enumerate(zip(row, widths, strict=True)):
            if index in wrapped_columns:
                cells.append(wrap(cell, cell_width) or [""])
            else:
                cells.append([cut(cell, cell_width)])
                was_cut = was_cut or cells[-1][0] != cell
        for depth in range(max(len(lines_of) for lines_of in cells)):
            parts = [lines_of[depth] if depth < len(lines_of) else "" for lines_of in cells]
            padded = [p + " " * (w - cell_len(p)) for p, w in zip(parts, widths, strict=True)]
            lines.append("  ".join(padded).rstrip())
    return lines, was_cut


def terminal_width() -> int | None:
    """The columns of the terminal standard output goes to (or COLUMNS), else None: a file or
    a pipe gets whole lines."""
    if os.environ.get("COLUMNS", "").isdigit() or sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None
