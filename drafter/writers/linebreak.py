"""Balanced line breaks for titles: the way a writer breaks a long 标题 by hand.

Word breaks a long title wherever the line is full, often inside a word (启动仪 / 式). Official
practice breaks at a phrase boundary and keeps the lines close in length. Breaks are allowed at
spaces (the space is dropped), after closing quotes, brackets and 、，, before "上的讲话", and
between a run of digits and the character after it; among the breaks that fit, the fewest lines
win, then the most even ones.
"""

from __future__ import annotations

import itertools
import re

_AFTER = "”’」》）】、，"
_BEFORE_WORDS = ("上的讲话", "的讲话")
_MAX_BREAKS = 3


def width(text: str) -> float:
    """Width in full-width characters: ASCII counts half."""
    return sum(0.5 if ord(char) < 0x80 else 1.0 for char in text)


def _candidates(text: str) -> list[tuple[int, int]]:
    """(end of this line, start of the next) for every allowed break."""
    found: set[tuple[int, int]] = set()
    for match in re.finditer(r" +", text):
        found.add((match.start(), match.end()))
    for i, char in enumerate(text[:-1]):
        if char in _AFTER:
            found.add((i + 1, i + 1))
        if char.isdigit() and not text[i + 1].isdigit() and not text[i + 1].isascii():
            found.add((i + 2, i + 2))  # keep 2026年 together, break after it
    for word in _BEFORE_WORDS:
        position = text.rfind(word)
        if position > 0:
            found.add((position, position))
    return sorted(cut for cut in found if cut[0] > 0 and cut[1] < len(text))


def balanced_lines(text: str, capacity: float) -> list[str]:
    """Lines of `text` each at most `capacity` wide, as few and as even as possible.

    A line broken at a space keeps that space at its end (invisible at a line end), so joining
    the lines gives back the title exactly."""
    text = text.strip()
    if width(text) <= capacity:
        return [text]
    cuts = _candidates(text)
    for count in range(1, _MAX_BREAKS + 1):
        best: tuple[float, list[str]] | None = None
        for chosen in itertools.combinations(cuts, count):
            lines = _split(text, chosen)
            widths = [width(line.rstrip()) for line in lines]
            if not all(line.strip() for line in lines) or max(widths) > capacity:
                continue
            spread = max(widths) - min(widths)
            if best is None or spread < best[0]:
                best = (spread, lines)
        if best is not None:
            return best[1]
    return [text]  # no break fits: leave it to the word processor


def _split(text: str, cuts: tuple[tuple[int, int], ...]) -> list[str]:
    lines, start = [], 0
    for end, next_start in cuts:
        if end < start:
            return []
        lines.append(text[start:next_start])
        start = next_start
    lines.append(text[start:])
    return lines
