"""A speech read into a Document, written as a commented outline (kind generic) that renders
back to the speech's own words: `drafter extract`'s output.

Comments mark what the writer should update (`# 更新`: figures, years, dates, placeholders) and
what the reader had to guess (`# 核对`: where a heading ends when the text gave no mark, a numbering
the speech got wrong); an unmarked heading is what the text says.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml

from drafter.analysis.boundaries import HEAD_END
from drafter.analysis.frame import header_fields, split_greeting
from drafter.chinese import placeholders
from drafter.chinese.punctuation import normalize
from drafter.document import Document, Heading, Numbered, Paragraph
from drafter.outline.marks import PLACEHOLDER_NOTE

# The library's thanks, by what the outline writes for them.
THANKS = {"true": "谢谢大家！", "thanks-closing-words": "我就讲这些，谢谢大家！"}
DEFAULT_KIND = "work-conference"  # the genre's usual speech: closest when nothing says otherwise
_TYPES = (
    ("review", r"回顾|成绩|进展|成效|总结"),
    ("situation", r"形势|问题|不足|挑战|意义|认识"),
    ("tasks", r"重点|任务|安排|部署|工作$"),
    ("requirements", r"要求|保障|能力|作风|落实|领导|实效"),
)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's, when there, is fast
_FIGURE = re.compile(r"\d+(?:\.\d+)?(?:%|‰|万|亿)?")
_YEAR = re.compile(r"(?:19|20)[\dXx]{2}\s*年")
_GUESSED = "核对：标题到这里结束是推测的"
_WHY = {  # why it is a guess, by how the heading ends
    "no mark": "（原文这里没有标点或换行）",
    "mark": "（原文的标题可能丢了自己的标点，和正文连成了这一句）",
    "comma": "（原文第一句太长，不像标题：取了它的第一个分句）",
}
_NO_HEADLINE = (
    "核对：这一条读作没有标题（原文标题和正文可能连在一起，分不出）；开头若是标题，移到 headline"
)


@dataclass
class _Node:
    """A heading of the Document with its text and the headings inside it (the root: the
    opening and the parts)."""

    head: Numbered
    run_in: bool = False
    paragraphs: list[str] = field(default_factory=list)
    items: list[_Node] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def _tree(document: Document) -> _Node:
    """The body's blocks as a tree of headings; salutation and closing left out."""
    root = _Node(Numbered(0, "", ""))
    path = [root]
    for block in document.blocks:
        if isinstance(block, Heading):
            head, text = block, ""
        elif block.role == "body":
            head, text = block.lead, block.body_text
        else:
            continue
        if head is not None:
            node = _Node(head, run_in=not isinstance(block, Heading))
            while path[-1].head.level >= head.level:
                path.pop()
            path[-1].items.append(node)
            path.append(node)
        if text:
            path[-1].paragraphs.append(text)
    return root


def _said(document: Document, role: str) -> str:
    """The text of the paragraphs in `role` (salutation, closing), one a line."""
    return "\n".join(
        block.body_text
        for block in document.blocks
        if isinstance(block, Paragraph) and block.role == role
    )


@functools.cache
def _kind_names() -> dict[str, str]:
    """Each Chinese name of a built-in kind (its template's `names:`) → the kind; generic aside,
    being no kind of meeting."""
    from drafter.render.templating import Templates  # jinja2: only when an outline is written

    return {name: kind for name, kind in Templates().kind_names().items() if kind != "generic"}


def closest_kind(occasion: str, address: str = "") -> tuple[str, str]:
    """(kind, the name of it the speech says): the kind the address names (致辞: a guest's
    speech at another body's meeting), else the one whose Chinese name the occasion says, the
    longest name winning (经验交流会 over 交流会, 暑期工作会议 over 工作会议), then the one said
    first (工作会议暨表彰大会); a name may have words inside it (暑期|教育|工作会议). None said:
    DEFAULT_KIND and ""."""
    names = _kind_names()
    if address in names:
        return names[address], address
    found = []
    for name, kind in names.items():
        end = _said_at(name, occasion)
        if end is not None:
            found.append((len(name), -end, name, kind))
    if not found:
        return DEFAULT_KIND, ""
    *_, name, kind = max(found)
    return kind, name


def _said_at(name: str, text: str) -> int | None:
    """Where `name` first ends in `text`, whole or with a few words inside it at one place
    (暑期工作会议 in 暑期教育工作会议); None when it is not said."""
    ends = [match.end() for match in re.finditer(re.escape(name), text)]
    for cut in range(1, len(name)):
        inside = re.escape(name[:cut]) + r"[^，,。；;、\s]{1,6}?" + re.escape(name[cut:])
        ends += [match.end() for match in re.finditer(inside, text)]
    return min(ends, default=None)


def part_type(title: str) -> str:
    for kind, pattern in _TYPES:
        if re.search(pattern, title):
            return kind
    return "topic"


def to_outline_yaml(document: Document, source_name: str, today: dt.date | None = None) -> str:
    """A read speech as a commented outline (kind generic) that renders back to its own words."""
    today = today or dt.date.today()
    # punctuation as render writes it (, → ， inside Chinese text, straight quotes curly), piece
    # by piece as render does: the outline reads clean and renders the same (check is silent)
    document = document.map_text(normalize)
    header, body = document.header, _tree(document)
    title, occasion, address = header_fields(header)
    salutation = _said(document, "salutation").removesuffix("：")
    kind, name = closest_kind(occasion or title, address)
    if not name:
        why = "会议名称里没有哪种类型的名称，就取最常见的"
    else:
        why = f"讲话称为“{name}”" if name == address else f"会议名称里有“{name}”"
    lines = [
        f"# 由 drafter extract 从 {source_name} 生成（{today.isoformat()}）。",
        "# 正文照原文保留：drafter render 这份提纲，得到的就是原讲话的文字"
        "（中文里的半角标点写成了全角，与 render 的做法一样）。",
        "# “# 更新”标出要换成今年内容的地方（数据、年份、日期、占位符），“# 核对”标出推测的地方；",
        "# 没有“# 核对”的标题都是原文标明的。drafter check 列出这两种标记；改好后删去标记。",
    ]
    lines += [
        f"# 最接近的讲话类型：{kind}（{why}）。把 kind 改成它，就用该类型的默认标题和固定表述",
        "# （开场的“下面，我讲……”、任务前的“重点抓好……”等会自动生成，请删去原文中重复的话）。",
    ]
    lines += ["", "kind: generic"]
    if title:
        lines.append(_line("title", title, _notes(title)))
    if occasion:
        lines.append(_line("occasion", occasion, _notes(occasion)))
        lines.append(_line("address", address or "讲话"))
    if header.byline:
        lines.append(_line("speaker", header.byline, _notes(header.byline)))
    if header.date:
        date = header.date
        bracketed = date[:1] in "（(" and date[-1:] in "）)"
        if bracketed:  # the office's way (（2026年1月16日）): the date, and the key that keeps it
            date = date[1:-1].strip()
        lines.append(_line("date", date, "更新：日期" + _placeholder_note(date)))
        # said either way: an office whose drafter.yaml brackets dates keeps this speech's form
        lines.append(f"date_brackets: {'true' if bracketed else 'false'}")
    if salutation:
        lines.append(_line("salutation", salutation))
    first = body.items[0].head if body.items else None
    numbering = first.numbering if first else "none"
    lines.append(_line("parts_numbering", numbering, first.note if first else ""))
    if body.text:
        lines += ["", "opening:"]
        lines += _block("text", body.text, 2, _notes(body.text))
    if not body.items:
        lines += ["", "parts: []   # 原文没有分部分：只有开场和结束语"]
    else:
        lines += ["", "parts:"]
        for part in body.items:
            lines += list(_part(part))
    lines += list(_closing(_said(document, "closing")))
    return "\n".join(lines) + "\n"


def _part(part: _Node) -> Iterator[str]:
    title, intro = part.head.text, part.text
    yield f"  - type: {part_type(title)}"
    notes = "；".join(note for note in (_guessed(part.head), _notes(title)) if note)
    yield _line("title", title, notes, indent=4)
    if part.run_in:
        run_in = "true"
    elif part.items and sum(item.run_in for item in part.items) * 2 > len(part.items):
        run_in = "items"
    else:
        run_in = "false"
    yield f"    run_in: {run_in}"
    if intro:
        yield from _block("intro", intro, 4, _notes(intro))
    yield from _items(part, 4, run_in != "false")


def _items(holder: _Node, indent: int, run_in: bool) -> Iterator[str]:
    """`numbering:` and `items:` of a part or an item, each item with what differs from the
    default (`run_in`) and its own items."""
    if not holder.items:
        return
    pad, first = " " * indent, holder.items[0].head
    if first.note:
        yield f"{pad}# {first.note}"
    yield f"{pad}numbering: {first.numbering}"
    yield f"{pad}items:"
    for item in holder.items:
        headline, text = item.head.text, item.text
        notes = _notes(headline + text)
        if notes:
            yield f"{pad}  # {notes}"
        if headline:
            yield _line("- headline", headline, _guessed(item.head), indent + 2)
            if text:
                yield from _block("text", text, indent + 4)
        else:
            yield from _block("- text", text, indent + 2, _guessed(item.head))
        if headline and item.run_in != run_in:
            yield f"{pad}    run_in: {'true' if item.run_in else 'false'}"
        yield from _items(item, indent + 4, True)


def _guessed(head: Numbered) -> str:
    """The `# 核对` comment on a heading whose end was guessed ("" when the text marks it)."""
    if not head.guessed:
        return ""
    if not head.text:
        return _NO_HEADLINE
    last = head.text[-1]
    return _GUESSED + _WHY["mark" if last in HEAD_END else "comma" if last in "，," else "no mark"]


def _closing(closing: str) -> Iterator[str]:
    if not closing:
        return
    proper, greeting, thanks = split_greeting(closing)
    yield ""
    yield "closing:"
    entry = next((key for key, said in THANKS.items() if _same(thanks, said)), None)
    if thanks and entry is None:  # thanks in words of its own stay words of the closing
        if greeting:
            greeting += "\n" + thanks
        else:
            proper = "\n".join(t for t in (proper, thanks) if t)
    if proper:
        yield from _block("text", proper, 2, _notes(proper))
    if greeting:
        yield "  greeting:   # 也可换成素材库中的问候（drafter closings list --category greeting）"
        yield from _block("text", greeting, 4, _notes(greeting) or "更新：节日和问候的对象")
    if thanks and entry:
        yield f"  thanks: {entry}   # {THANKS[entry]}"


def _same(a: str, b: str) -> bool:
    return normalize(a).strip() == normalize(b).strip()


def _notes(text: str) -> str:
    """What to update in a value (its figures, years and placeholders), as one `# 更新` note."""
    notes = []
    figures = [f for f in _FIGURE.findall(_YEAR.sub("", text)) if f]
    if figures:
        shown = "、".join(dict.fromkeys(figures[:6]))
        notes.append(f"数据 {shown}{'…' if len(figures) > 6 else ''}")
    if _YEAR.search(text):
        notes.append("年份")
    found = _placeholder_note(text)
    if found:
        notes.append(found.strip("（）"))
    return "更新：" + "；".join(notes) if notes else ""


def _placeholder_note(text: str) -> str:
    spans = placeholders.find(text)
    if not spans:
        return ""
    found = "、".join(dict.fromkeys(text[a:b] for a, b in spans))
    return f"（{PLACEHOLDER_NOTE}：{found}）"


def _scalar(value: str) -> str:
    dumped = yaml.dump(value, Dumper=_DUMPER, allow_unicode=True, width=10**9)
    return dumped.removesuffix("\n...\n").removesuffix("\n").strip()


def _line(key: str, value: str, note: str = "", indent: int = 0) -> str:
    line = f"{' ' * indent}{key}: {_scalar(value)}"
    return f"{line}   # {note}" if note else line


def _block(key: str, value: str, indent: int, note: str = "") -> list[str]:
    """`key: value`, or a literal block (`key: |`) for several paragraphs, its lines indented
    under the key (a key after `- ` stands two columns further in)."""
    pad = " " * indent
    if "\n" not in value or not value:
        return [_line(key, value, note, indent)]
    head = f"{pad}{key}: |"
    inner = " " * (indent + (4 if key.startswith("- ") else 2))
    lines = [f"{head}   # {note}" if note else head]
    lines += [f"{inner}{line}" for line in value.split("\n")]
    return lines
