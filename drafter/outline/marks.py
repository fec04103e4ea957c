"""The writer's to-do marks in an outline: comments `# 更新` (rewrite this for the new year) and
`# 核对` (check what `drafter extract` guessed), which `extract` and `next` write and `check`
lists until the writer deletes them. Only real YAML comments count: a # inside a value is text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

PLACEHOLDER_NOTE = "待补"  # in a mark's note, before the placeholders it lists (extract writes it)
_HASH = re.compile(r"(?:^|(?<=\s))#")
_MARK = re.compile(r"\s*(更新|核对)\s*[：:]?\s*(.*)$")


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based, at the #
    word: str  # 更新 or 核对
    note: str  # what the comment says after the word


def scalar_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every scalar in YAML text, in characters; [] when it is not YAML."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    spans: list[tuple[int, int]] = []
    seen: set[int] = set()

    def walk(node: Node | None) -> None:
        if node is None or id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            spans.append((node.start_mark.index, node.end_mark.index))
        elif isinstance(node, SequenceNode):
            for child in node.value:
                walk(child)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                walk(key)
                walk(value)

    walk(root)
    return sorted(spans)


def marks(text: str) -> Iterator[Mark]:
    """Every `# 更新` and `# 核对` comment, in file order."""
    spans = scalar_spans(text)
    starts = [start for start, _ in spans]
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        for found in _HASH.finditer(line):
            at = offset + found.start()
            index = bisect.bisect_right(starts, at) - 1
            if index >= 0 and at < spans[index][1]:
                continue  # a # inside a value is text
            mark = _MARK.match(line, found.end())
            if mark:
                yield Mark(number, found.start() + 1, mark.group(1), mark.group(2).strip())
            break  # the first # outside a value starts the comment
        offset += len(line) + 1


def marked_lines(text: str) -> dict[int, str]:
    """The lines (1-based) each mark stands for, with its note: a comment after a value marks
    that value's lines (a block scalar's too); a comment on a line of its own, the entry below
    it (its first line and the lines indented further)."""
    lines = text.split("\n")
    found: dict[int, str] = {}
    for mark in marks(text):
        first = mark.line
        if not lines[first - 1][: mark.column - 1].strip():  # a comment line: the entry below
            first += 1
            while first <= len(lines) and _blank_or_comment(lines[first - 1]):
                first += 1
            if first > len(lines):
                continue
        depth = _indent(lines[first - 1])
        last = first
        while last < len(lines) and (
            _blank_or_comment(lines[last]) or _indent(lines[last]) > depth
        ):
            last += 1
        for number in range(first, last + 1):
            found[number] = "；".join(n for n in (found.get(number, ""), mark.note) if n)
    return found


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank_or_comment(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")
