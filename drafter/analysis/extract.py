"""`drafter extract`: last year's speech (or one pasted from the web) back into an outline.

The outline uses kind `generic`, which adds nothing to what the outline says, so it renders back
to the same characters in the same order (whitespace aside; render makes punctuation full width
unless told to keep it). Comments mark what the writer should update (`# 更新`: figures, years,
dates, placeholders) and what the reader had to guess (`# 核对`: where a heading ends when the
text gave no mark, a numbering the speech got wrong); an unmarked heading is what the text says.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from drafter.analysis.frame import split_greeting
from drafter.analysis.labels import LABEL_AT_START
from drafter.analysis.structure import Hints, Speech, SpeechItem, SpeechPart, read_speech
from drafter.chinese import placeholders
from drafter.chinese.punctuation import normalize
from drafter.decoding import decode_text
from drafter.docx_input import open_docx
from drafter.errors import DrafterError, ExtractError
from drafter.output import write_new
from drafter.schema.source import load_yaml

# The library's thanks, by what the outline writes for them.
THANKS = {"true": "谢谢大家！", "thanks-closing-words": "我就讲这些，谢谢大家！"}
_KINDS = (
    ("launch-ceremony", r"启动仪式|启动会|开幕式"),
    ("report-meeting", r"报告会|表彰|颁奖"),
    ("promotion-meeting", r"推进会|交流会|现场会|座谈会"),
    ("midyear-conference", r"暑期|年中|半年"),
    ("work-conference", r"工作会议|工作会"),
)
_TYPES = (
    ("review", r"回顾|成绩|进展|成效|总结"),
    ("situation", r"形势|问题|不足|挑战|意义|认识"),
    ("tasks", r"重点|任务|安排|部署|工作$"),
    ("requirements", r"要求|保障|能力|作风|落实|领导|实效"),
)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's, when there, is fast
_FIGURE = re.compile(r"\d+(?:\.\d+)?(?:%|‰|万|亿)?")
_YEAR = re.compile(r"(?:19|20)[\dXx]{2}\s*年")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"  # WordprocessingML
_TEXT_KINDS = ("br", "cr", "noBreakHyphen", "ptab", "t", "tab")  # a run's pieces of text


@dataclass(frozen=True)
class SpeechText:
    """A speech's text, one paragraph a line, and what its formatting says about its headings."""

    text: str
    hints: Hints = field(default_factory=Hints)


def read_source(path: Path | None, raw: bytes, encoding: str | None = None) -> SpeechText:
    """The speech's text, one paragraph a line: from .docx, .txt/.md, or raw bytes (stdin)."""
    name = str(path) if path else "<stdin>"
    if raw[:2] == b"PK" or (path is not None and path.suffix.lower() == ".docx"):
        return _docx_text(raw, name)
    text = decode_text(raw, name, encoding)
    if path is not None and path.suffix.lower() in (".md", ".markdown"):
        return _strip_markdown(text)
    return SpeechText(text)


def _docx_text(raw: bytes, name: str) -> SpeechText:
    from drafter.analysis.wordnumbers import WordNumbers

    document = open_docx(raw, name, ExtractError)  # checked before python-docx parses it
    levels = _style_levels(document)
    leads = _lead_styles(document)
    numbers = WordNumbers(document)
    pieces = _text_pieces()
    lines: list[str] = []
    hints = Hints()
    for paragraph in document.element.body.findall(f"{_W}p"):
        text = "".join(map(str, pieces(paragraph)))
        text = _one_line(text)
        if not text.strip():
            continue
        # Word's own number is not in the text: put back the label it shows
        label = numbers.label(paragraph.pPr)
        if label and LABEL_AT_START.match(text):
            label = ""
        level = _outline_level(paragraph.pPr, levels)
        if level is not None:
            hints.headings[len(lines)] = level
        lead = _lead_length(paragraph, leads)
        if lead:
            hints.leads[len(lines)] = len(label) + lead
        lines.append(label + text)
    return SpeechText("\n".join(lines), hints)


def _one_line(text: str) -> str:
    """A title broken over lines as one line. drafter drops the space at a break, so a break
    after a line of phrases set apart by spaces (守正创新 提质增效 ⏎ 奋力……) stands for one."""
    lines = text.split("\n")
    return "".join(
        line + (" " if " " in line.strip() and following.strip() else "")
        for line, following in zip(lines, [*lines[1:], ""], strict=True)
    )


@functools.cache
def _text_pieces() -> Callable[[Any], list[Any]]:
    """python-docx's Paragraph.text, compiled once: its XPath per paragraph and per run is
    most of the time of reading a long document."""
    from lxml import etree

    paths = [f"{run}/w:{kind}" for run in ("w:r", "w:hyperlink/w:r") for kind in _TEXT_KINDS]
    return etree.XPath(" | ".join(paths), namespaces={"w": _W[1:-1]})


def _style_levels(document: Any) -> dict[str | None, int | None]:
    """Each paragraph style's outline level, read once (python-docx looks styles up paragraph
    by paragraph, which takes most of the time on a long document); None: the default style."""
    levels: dict[str | None, int | None] = {}
    for style in document.styles.element.findall(f"{_W}style"):
        if style.get(f"{_W}type") != "paragraph":
            continue
        level = _level_in(style.find(f"{_W}pPr"))
        levels[style.get(f"{_W}styleId")] = level
        if style.get(f"{_W}default") in ("1", "true", "on"):
            levels.setdefault(None, level)
    return levels


def _outline_level(ppr: Any, levels: dict[str | None, int | None]) -> int | None:
    """A paragraph's outline level: from its own properties, else its style's (a style that
    does not exist is the default one, as in Word)."""
    own = _level_in(ppr)
    if own is not None:
        return own
    found = ppr.find(f"{_W}pStyle") if ppr is not None else None
    style = found.get(f"{_W}val") if found is not None else None
    return levels[style] if style in levels else levels.get(None)


def _level_in(ppr: Any) -> int | None:
    found = ppr.find(f"{_W}outlineLvl") if ppr is not None else None
    value = found.get(f"{_W}val", "") if found is not None else ""
    return int(value) if value.isdigit() and int(value) < 9 else None  # 9: Word's body text


def _lead_styles(document: Any) -> set[str]:
    """The ids of character styles for run-in headings (drafter's 接排标题 N, RunInHeadingN)."""
    found = set()
    for style in document.styles.element.findall(f"{_W}style"):
        name = style.find(f"{_W}name")
        names = (
            style.get(f"{_W}styleId") or "",
            name.get(f"{_W}val", "") if name is not None else "",
        )
        if style.get(f"{_W}type") == "character" and any(
            n.startswith(("接排标题", "RunInHeading")) for n in names
        ):
            found.add(names[0])
    return found


def _lead_length(paragraph: Any, leads: set[str]) -> int:
    """The length of the run-in heading that opens a paragraph: its runs in a lead style."""
    length = 0
    for run in paragraph.findall(f"{_W}r"):
        style = run.find(f"{_W}rPr/{_W}rStyle")
        if style is None or style.get(f"{_W}val") not in leads:
            break
        length += len("".join(map(str, _run_pieces()(run))))
    return length


@functools.cache
def _run_pieces() -> Callable[[Any], list[Any]]:
    """A run's text pieces (as _text_pieces, for one run)."""
    from lxml import etree

    return etree.XPath(" | ".join(f"w:{k}" for k in _TEXT_KINDS), namespaces={"w": _W[1:-1]})


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_HEADER_KEYS = ("title", "subtitle", "author", "date")
_MD_ESCAPED = re.compile(r"\\([\\`*_\[\]<>|~#+\-=.)])")


def _strip_markdown(text: str) -> SpeechText:
    """Markdown's marks removed, the metadata block's title lines first; its headings (# is a
    part) and bold leads kept as hints."""
    lines: list[str] = []
    hints = Hints()
    match = _FRONT_MATTER.match(text)
    metadata = _metadata(match.group(1)) if match else None
    if match and metadata is not None:  # drafter's and pandoc's title block: the header lines
        text = text[match.end() :]
        for key in _HEADER_KEYS:
            value = metadata.get(key)
            values = value if isinstance(value, list) else [value]
            lines += [_MD_ESCAPED.sub(r"\1", str(v)) for v in values if v not in (None, "")]
    for line in text.splitlines():
        if not line.strip():
            continue
        heading = re.match(r"\s{0,3}(#{1,6})\s+", line)
        if heading:
            hints.headings[len(lines)] = len(heading.group(1)) - 1
            line = line[heading.end() :]
        lead = re.match(r"\*\*(.+?)(?<!\\)\*\*", line)
        if lead:
            hints.leads[len(lines)] = len(_MD_ESCAPED.sub(r"\1", lead.group(1)))
        lines.append(_MD_ESCAPED.sub(r"\1", line.replace("**", "")))
    return SpeechText("\n".join(lines), hints)


def _metadata(block: str) -> dict[str, Any] | None:
    """A YAML metadata block as a mapping, or None when it is not one (then it stays text)."""
    try:
        data = load_yaml(block, "<metadata>").data
    except DrafterError:
        return None
    return data if isinstance(data, dict) else None


def closest_kind(occasion: str) -> str | None:
    for kind, pattern in _KINDS:
        if re.search(pattern, occasion):
            return kind
    return None


def part_type(title: str) -> str:
    for kind, pattern in _TYPES:
        if re.search(pattern, title):
            return kind
    return "topic"


def to_outline_yaml(speech: Speech, source_name: str, today: dt.date | None = None) -> str:
    """The speech as a commented outline (kind generic) that renders back to its own words."""
    today = today or dt.date.today()
    header = speech.header
    kind = closest_kind(header.occasion or header.title)
    lines = [
        f"# 由 drafter extract 从 {source_name} 生成（{today.isoformat()}）。",
        "# 正文照原文保留：drafter render 这份提纲，得到的就是原讲话的文字。",
        "# “# 更新”标出要换成今年内容的地方（数据、年份、日期、占位符），“# 核对”标出推测的地方；",
        "# 没有“# 核对”的标题都是原文标明的。drafter check 列出这两种标记；改好后删去标记。",
    ]
    if kind:
        lines += [
            f"# 最接近的讲话类型：{kind}。把 kind 改成它，就用该类型的默认标题和固定表述",
            "# （开场的“下面，我讲……”、任务前的“重点抓好……”等会自动生成，请删去原文中重复的话）。",
        ]
    lines += ["", "kind: generic"]
    if header.title:
        lines.append(_line("title", header.title, _notes(header.title)))
    if header.occasion:
        lines.append(_line("occasion", header.occasion, _notes(header.occasion)))
        lines.append(_line("address", header.address or "讲话"))
    if header.speaker:
        lines.append(_line("speaker", header.speaker, _notes(header.speaker)))
    if header.date:
        lines.append(_line("date", header.date, "更新：日期" + _placeholder_note(header.date)))
    if header.salutation:
        lines.append(_line("salutation", header.salutation))
    lines.append(_line("parts_numbering", speech.parts_numbering, speech.parts_note))
    if speech.opening:
        lines += ["", "opening:"]
        lines += _block("text", speech.opening, 2, _notes(speech.opening))
    if not speech.parts:
        lines += ["", "parts: []   # 原文没有分部分：只有开场和结束语"]
    else:
        lines += ["", "parts:"]
        for part in speech.parts:
            lines += list(_part(part))
    lines += list(_closing(speech.closing))
    return "\n".join(lines) + "\n"


def _part(part: SpeechPart) -> Iterator[str]:
    yield f"  - type: {part_type(part.title)}"
    note = "核对：标题到这里结束是推测的（原文这里没有标点或换行）" if part.guessed_title else ""
    yield _line("title", part.title, note or _notes(part.title), indent=4)
    if part.run_in:
        run_in = "true"
    elif part.items and sum(item.run_in for item in part.items) * 2 > len(part.items):
        run_in = "items"
    else:
        run_in = "false"
    yield f"    run_in: {run_in}"
    if part.intro:
        yield from _block("intro", part.intro, 4, _notes(part.intro))
    yield from _items(part, 4, run_in != "false")


def _items(holder: SpeechPart | SpeechItem, indent: int, run_in: bool) -> Iterator[str]:
    """`numbering:` and `items:` of a part or an item, each item with what differs from the
    default (`run_in`) and its own items."""
    if not holder.items:
        return
    pad = " " * indent
    if holder.labels_note:
        yield f"{pad}# {holder.labels_note}"
    yield f"{pad}numbering: {holder.numbering}"
    yield f"{pad}items:"
    for item in holder.items:
        notes = _notes(item.headline + item.text)
        if notes:
            yield f"{pad}  # {notes}"
        if item.headline:
            guessed = "核对：标题到这里结束是推测的（原文这里没有标点或换行）"
            yield _line("- headline", item.headline, guessed if item.guessed else "", indent + 2)
            if item.text:
                yield from _block("text", item.text, indent + 4)
        else:
            yield from _block("- text", item.text, indent + 2)
        if item.headline and item.run_in != run_in:
            yield f"{pad}    run_in: {'true' if item.run_in else 'false'}"
        yield from _items(item, indent + 4, True)


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
    """What to update in a value: its figures, years and placeholders."""
    notes = []
    figures = [f for f in _FIGURE.findall(_YEAR.sub("", text)) if f]
    if figures:
        shown = "、".join(dict.fromkeys(figures[:6]))
        notes.append(f"更新：数据 {shown}{'…' if len(figures) > 6 else ''}")
    if _YEAR.search(text):
        notes.append("更新：年份")
    found = _placeholder_note(text)
    if found:
        notes.append(found.strip("（）"))
    return "；".join(notes)


def _placeholder_note(text: str) -> str:
    spans = placeholders.find(text)
    if not spans:
        return ""
    found = "、".join(dict.fromkeys(text[a:b] for a, b in spans))
    return f"（待补：{found}）"


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


def extract(raw: bytes, path: Path | None = None, encoding: str | None = None) -> str:
    """Speech bytes (docx or text) → outline YAML text."""
    source = read_source(path, raw, encoding)
    if not source.text.strip():
        raise ExtractError(f"{path or '<stdin>'}: there is no text to extract")
    speech = read_speech(source.text, source.hints)
    return to_outline_yaml(speech, path.name if path else "标准输入")


def extract_to(
    raw: bytes, path: Path | None, output: Path | None, encoding: str | None = None
) -> str:
    """`drafter extract`: the outline text, also written to `output` (never over a file)."""
    text = extract(raw, path, encoding)
    if output is not None:
        write_new(output, text.encode("utf-8"), command="extract", source=path)
    return text
