"""Chinese text wrapped over several lines in YAML reads as the writer typed it.

YAML folds a line break inside a value (a plain or quoted value over several lines, or a `>`
block) into a space: right for English words, wrong for Chinese, where 责任书，/落实 becomes
“责任书， 落实”. As CSS does for a segment break between East Asian characters, a folded break
next to a wide character (a Chinese character or full-width punctuation) is dropped instead; a
break between two Latin words stays a space. Only breaks YAML folded are touched, never a space
the writer typed.
"""

from __future__ import annotations

import unicodedata

from yaml.nodes import ScalarNode


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _folds(node: ScalarNode, lines: list[str]) -> list[tuple[str, str]]:
    """The characters on either side of each line break YAML folded into a space in `node`'s
    value, in order: the last character of a line and the first of the next (not across a
    blank line, which YAML keeps as a line break)."""
    first = node.start_mark.line + (1 if node.style == ">" else 0)  # after `key: >`
    last = node.end_mark.line
    if node.style == ">" and node.end_mark.column == 0:  # a block ends at the next line's start
        last -= 1
    last = min(last, len(lines) - 1)
    pairs = []
    for row in range(first, last):
        above = lines[row][node.start_mark.column :] if row == node.start_mark.line else lines[row]
        above, below = above.rstrip(" \t"), lines[row + 1].lstrip(" \t")
        if above and below and not (node.style == '"' and above.endswith("\\")):
            pairs.append((above[-1], below[0]))
    return pairs


def joined(value: str, node: ScalarNode, lines: list[str]) -> str:
    """`value` with each space YAML folded beside a wide character taken out."""
    if node.style == "|" or node.start_mark.line == node.end_mark.line or " " not in value:
        return value
    at = 0
    for before, after in _folds(node, lines):
        if not (_wide(before) or _wide(after)):
            continue
        found = value.find(f"{before} {after}", at)
        if found < 0:
            continue
        value = value[: found + 1] + value[found + 2 :]
        at = found + 1
    return value
