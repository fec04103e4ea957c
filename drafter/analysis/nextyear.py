"""`drafter next`: next year's outline from this year's (or from one `drafter extract` wrote).

The outline's own text is edited in place, so the writer's comments, order and layout stay: the
speech's years move on by one (2025年 → 2026年 wherever the outline says them; a year further
off, 到2035年 or 2020年以来, is a horizon or a baseline and stays, as do 201X placeholders); the
date becomes a placeholder of the new year; each figure's value becomes its `previous` and the new
value XX; and a `# 更新` comment stands above everything to rewrite, so `drafter check` lists it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from drafter.decoding import source_name
from drafter.output import write_new
from drafter.pipeline import Renderer, Session
from drafter.render.filters import PENDING

_NOT_TEXT = {"kind", "style", "use", "address", "parts_numbering", "numbering", "type", "from"}


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Years:
    """The speech's years (last year's review, this year's tasks) and what they become."""

    moved: dict[str, str]  # "2025" → "2026"
    new: int | None  # the new speech's year

    def move(self, text: str) -> str:
        return _YEAR.sub(lambda m: self.moved.get(m.group(1), m.group(1)), text)


# A year: four digits not part of a longer number nor a count (2026个, 2025万元): 2025年,
# 2025—2026学年, 奋进2026.
_YEAR = re.compile(
    r"(?<![\d.])((?:19|20|21)\d\d)(?![\d.%‰])"
    r"(?!\s*[个所名人次项万亿元件家户位条批场篇本台套间座册辆株亩米吨千百])"
)


def next_year(path: Path, renderer: Renderer, output: Path | None = None) -> str:
    """The text of next year's outline from the outline at `path` (validated first); data
    tables stay reachable from `output`'s folder."""
    loaded = renderer.load(path)
    year = loaded.outline.effective_year()
    moved = {str(y): str(y + 1) for y in (year - 1, year)} if year else {}
    years = _Years(moved, year + 1 if year else None)
    text = loaded.text
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    folder = (output or path).resolve().parent
    edits = list(_Roller(text, years, path.resolve().parent, folder).edits(root))
    # the heading goes after a modeline such as `# yaml-language-server: $schema=…`
    top = text.find("\n") + 1 if text.startswith("# yaml-language-server") else 0
    edits.append(_Edit(top, top, _heading(path, years)))
    return _apply(text, edits)


def next_to(path: Path, session: Session, output: Path | None) -> str:
    """`drafter next`: the new outline's text, also written to `output` (never over a file)."""
    text = next_year(path, session.renderer_for(path), output)
    if output is not None:
        write_new(output, text.encode("utf-8"), command="next", source=path)
    return text


def _heading(path: Path, years: _Years) -> str:
    moved = "、".join(f"{a}年→{b}年" for a, b in sorted(years.moved.items()))
    said = f"年份顺延一年（{moved}）" if moved else "原提纲看不出年份，年份没有改动"
    today = dt.date.today().isoformat()
    return (
        f"# 由 drafter next 从 {source_name(path)} 生成（{today}）：{said}，\n"
        "# 各项数据的本年数移到 previous、本年数写成 XX；“# 更新”标出要改写的地方，\n"
        "# drafter check 一一列出，改好后删去标记。\n"
    )


def _apply(text: str, edits: list[_Edit]) -> str:
    """Edits applied from the end, so earlier positions stay valid; insertions at one place keep
    the order they were made in."""
    unique = list(enumerate(dict.fromkeys(edits)))
    for _, edit in sorted(unique, key=lambda found: (found[1].start, found[0]), reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


class _Roller:
    def __init__(self, text: str, years: _Years, source: Path, target: Path) -> None:
        self.text = text
        self.years = years
        self.source = source
        self.target = target

    def edits(self, root: Node) -> Iterator[_Edit]:
        if not isinstance(root, MappingNode):
            return
        new = f"{self.years.new}年" if self.years.new else "新一年"
        for key, value in root.value:
            name = key.value
            if name == "date" and isinstance(value, ScalarNode):
                when = value.value
                if self.years.new:  # the new year's date, in the form the outline wrote it
                    bracket = re.fullmatch(r"\s*([（(]).*([）)])\s*", when)
                    when = f"{self.years.new}年X月X日"
                    when = f"{bracket.group(1)}{when}{bracket.group(2)}" if bracket else when
                yield self._comment(key, "会议日期")
                yield self._replace(value, _quoted(when))
            elif name == "year" and isinstance(value, ScalarNode) and self.years.new:
                yield self._replace(value, str(self.years.new))
            elif name == "data":
                yield from self._data(key, value)
            elif name == "parts" and isinstance(value, SequenceNode):
                for part in value.value:
                    yield self._comment(part, f"按{new}的情况改写这一部分（标题、导语和各条）")
                    yield from self._part(part)
            elif name in ("opening", "closing"):
                what = "开场" if name == "opening" else "结束语和问候"
                yield self._comment(key, f"{what}是否还合{new}的情况")
                yield from self._texts(value)
            else:
                yield from self._texts(value, name)

    def _part(self, node: Node) -> Iterator[_Edit]:
        if not isinstance(node, MappingNode):
            return
        for key, value in node.value:
            if key.value == "items" and isinstance(value, SequenceNode):
                for item in value.value:
                    yield from self._part(item)
            elif key.value == "figures" and isinstance(value, SequenceNode):
                for figure in value.value:
                    yield from self._figure(figure)
            else:
                yield from self._texts(value, key.value)

    def _figure(self, node: Node) -> Iterator[_Edit]:
        if not isinstance(node, MappingNode):
            return
        keys = {key.value: (key, value) for key, value in node.value}
        if "from" in keys:  # it follows its table (the comment on data: asks for next year's)
            return
        for name, (_, value) in keys.items():
            if name not in ("label", "row"):
                continue
            yield from self._texts(value, name)
        found = keys.get("value")
        if found is None or not isinstance(found[1], ScalarNode) or not _is_number(found[1]):
            note = "目标" if "target" in keys else "数据"
            yield self._comment(node, f"{note}是否沿用，按新一年的情况填写")
            return
        old = self._source(found[1])
        target = keys.get("target")
        kept = f"；目标 {self._source(target[1])} 是否沿用" if target else ""
        yield self._comment(node, f"上年数 {old} 已移到 previous，填入今年的数值{kept}")
        yield self._replace(found[1], PENDING)
        previous = keys.get("previous")
        if previous is not None:
            yield self._replace(previous[1], old)
        elif node.flow_style:
            yield _Edit(found[1].end_mark.index, found[1].end_mark.index, f", previous: {old}")
        else:
            line_end = self.text.find("\n", found[1].end_mark.index)
            line_end = len(self.text) if line_end < 0 else line_end
            indent = " " * found[0].start_mark.column
            yield _Edit(line_end, line_end, f"\n{indent}previous: {old}")

    def _data(self, key: Node, node: Node) -> Iterator[_Edit]:
        """Tables stay reachable from the new outline; a table named by year moves on when next
        year's file is already there, else a comment asks for it."""
        if not isinstance(node, MappingNode):
            return
        waiting = False
        for _, table in node.value:
            file_node = table
            if isinstance(table, MappingNode):
                file_node = next((v for k, v in table.value if k.value == "file"), None)
            if not isinstance(file_node, ScalarNode):
                continue
            name = file_node.value
            moved = self.years.move(name)
            if moved != name and (self.source / moved).exists():
                name = moved
                if isinstance(table, MappingNode):  # its column headers name the year too
                    for column, header in table.value:
                        if column.value != "file":
                            yield from self._texts(header, column.value)
            elif moved != name:
                waiting = True
            here = os.path.relpath(self.source / name, self.target)
            if Path(here).as_posix() != file_node.value:
                yield self._replace(file_node, _quoted(Path(here).as_posix()))
        if waiting:
            yield self._comment(key, "换成新一年的统计表（文件名和列名），from: 的数据随之更新")

    def _texts(self, node: Node, name: str = "") -> Iterator[_Edit]:
        """The years in every piece of text under `node`."""
        if isinstance(node, ScalarNode):
            if name in _NOT_TEXT or node.tag != "tag:yaml.org,2002:str":
                return
            source = self._source(node)
            moved = self.years.move(source)
            if moved != source:
                yield self._replace(node, moved)
        elif isinstance(node, SequenceNode):
            for child in node.value:
                yield from self._texts(child, name)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                yield from self._texts(value, key.value)

    def _source(self, node: Node) -> str:
        return self.text[node.start_mark.index : node.end_mark.index]

    def _replace(self, node: Node, text: str) -> _Edit:
        return _Edit(node.start_mark.index, node.end_mark.index, text)

    def _comment(self, node: Node, note: str) -> _Edit:
        """A `# 更新` line above the line where `node` begins, indented as that line."""
        start = self.text.rfind("\n", 0, node.start_mark.index) + 1
        end = self.text.find("\n", node.start_mark.index)
        if "# 更新" in self.text[start : len(self.text) if end < 0 else end]:
            return _Edit(start, start, "")  # marked already (extract marks dates and figures)
        line = self.text[start : node.start_mark.index]
        indent = line[: len(line) - len(line.lstrip(" "))]
        return _Edit(start, start, f"{indent}# 更新：{note}\n")


def _is_number(node: ScalarNode) -> bool:
    return node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _quoted(text: str) -> str:
    dumped = yaml.safe_dump(text, allow_unicode=True, width=10**9)
    return dumped.removesuffix("\n...\n").removesuffix("\n").strip()
