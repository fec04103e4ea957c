"""`drafter extract`: last year's speech (or one pasted from the web) back into an outline.

The outline uses kind `generic`, which adds nothing to what the outline says, so it renders back
to the same characters in the same order (punctuation is made full width on render, whitespace
aside). Comments mark what the writer should update: figures, years, dates, placeholders, and
headings whose end had to be guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from drafter.analysis.structure import (
    LABEL_AT_START,
    Speech,
    SpeechItem,
    SpeechPart,
    read_speech,
    split_greeting,
)
from drafter.chinese import numerals, placeholders
from drafter.chinese.punctuation import normalize
from drafter.decoding import decode_text
from drafter.docx_input import open_docx
from drafter.errors import DrafterError, ExtractError
from drafter.outline.source import load_yaml
from drafter.output import write_new

THANKS_TEXT = "谢谢大家！"
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
_FIGURE = re.compile(r"\d+(?:\.\d+)?(?:%|‰|万|亿)?")
_YEAR = re.compile(r"(?:19|20)[\dXx]{2}\s*年")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"  # WordprocessingML


def read_source(path: Path | None, raw: bytes, encoding: str | None = None) -> str:
    """The speech's text, one paragraph a line: from .docx, .txt/.md, or raw bytes (stdin)."""
    name = str(path) if path else "<stdin>"
    if raw[:2] == b"PK" or (path is not None and path.suffix.lower() == ".docx"):
        return _docx_text(raw, name)
    text = decode_text(raw, name, encoding)
    if path is not None and path.suffix.lower() in (".md", ".markdown"):
        text = _strip_markdown(text)
    return text


def _docx_text(raw: bytes, name: str) -> str:
    document = open_docx(raw, name, ExtractError)  # checked before python-docx parses it
    levels = _style_levels(document)
    pieces = _text_pieces()
    lines = []
    counters = [0, 0]
    for paragraph in document.element.body.findall(f"{_W}p"):
        text = "".join(map(str, pieces(paragraph)))
        text = text.replace("\n", "")  # a title broken over lines is one line
        if not text.strip():
            continue
        level = _outline_level(paragraph.pPr, levels)
        if level in (0, 1):  # Word's automatic numbering is not in the text: put it back
            counters[level] += 1
            if level == 0:
                counters[1] = 0
            label = numerals.label("cn" if level == 0 else "paren", counters[level])
            if not LABEL_AT_START.match(text):
                text = label + text
        lines.append(text)
    return "\n".join(lines)


@functools.cache
def _text_pieces() -> Callable[[Any], list[Any]]:
    """python-docx's Paragraph.text, compiled once: its XPath per paragraph and per run is
    most of the time of reading a long document."""
    from lxml import etree

    kinds = ("br", "cr", "noBreakHyphen", "ptab", "t", "tab")
    paths = [f"{run}/w:{kind}" for run in ("w:r", "w:hyperlink/w:r") for kind in kinds]
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
    return int(value) if value.isdigit() else None


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_HEADER_KEYS = ("title", "subtitle", "author", "date")
_MD_ESCAPED = re.compile(r"\\([\\`*_\[\]<>|~#+\-=.)])")


def _strip_markdown(text: str) -> str:
    lines = []
    match = _FRONT_MATTER.match(text)
    metadata = _metadata(match.group(1)) if match else None
    if match and metadata is not None:  # drafter's and pandoc's title block: the header lines
        text = text[match.end() :]
        for key in _HEADER_KEYS:
            value = metadata.get(key)
            values = value if isinstance(value, list) else [value]
            lines += [_MD_ESCAPED.sub(r"\1", str(v)) for v in values if v not in (None, "")]
    for line in text.splitlines():
        line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
        line = line.replace("**", "")
        line = _MD_ESCAPED.sub(r"\1", line)
        lines.append(line)
    return "\n".join(lines)


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
    kind = closest_kind(header.occasion)
    lines = [
        f"# 由 drafter extract 从 {source_name} 生成（{today.isoformat()}）。",
        "# 正文照原文保留；drafter render 这份提纲，得到的就是原讲话（标点写成全角）。",
        "# “# 更新”标出要换成今年内容的地方（数据、年份、日期、占位符），“# 核对”标出推测的分界。",
    ]
    if kind:
        lines += [
            f"# 最接近的讲话类型：{kind}。把 kind 改成它，就用该类型的默认标题和固定表述",
            "# （开场的“下面，我讲……”、任务前的“重点抓好……”等会自动生成，请删去原文中重复的话）。",
        ]
    lines += ["", "kind: generic"]
    if header.title:
        lines.append(_line("title", header.title))
    occasion = header.occasion or "【待补】会议名称"
    lines.append(
        _line(
            "occasion",
            occasion,
            _notes(occasion) or ("" if header.occasion else "核对：原文没有“在……上的讲话”"),
        )
    )
    if header.speaker:
        lines.append(_line("speaker", header.speaker, _notes(header.speaker)))
    if header.date:
        lines.append(_line("date", header.date, "更新：日期" + _placeholder_note(header.date)))
    if header.salutation:
        lines.append(_line("salutation", header.salutation))
    lines += ["", "opening:"]
    lines += _block("text", speech.opening or "【待补】开场白", 2, _notes(speech.opening))
    lines += ["", "parts:"]
    parts = speech.parts or [SpeechPart("", "【待补】标题", intro="")]
    for part in parts:
        lines += list(_part(part))
    lines += list(_closing(speech.closing))
    return "\n".join(lines) + "\n"


def _part(part: SpeechPart) -> Iterator[str]:
    yield f"  - type: {part_type(part.title)}"
    note = "核对：标题与正文的分界是推测的（原文没有分段）" if part.guessed_title else ""
    yield _line("title", part.title, note, indent=4)
    if part.intro:
        yield from _block("intro", part.intro, 4, _notes(part.intro))
    if not part.items:
        return
    yield f"    numbering: {part.numbering}"
    run_in = sum(item.run_in for item in part.items) * 2 >= len(part.items)
    yield f"    run_in: {'true' if run_in else 'false'}"
    yield "    items:"
    for item in part.items:
        yield from _item(item)
    gap = _sequence_gap(part)
    if gap:
        yield f"    # 核对：原文在最后一项之后出现“{gap}”，序号不连续，其后的文字归在最后一项里"


def _item(item: SpeechItem) -> Iterator[str]:
    notes = _notes(item.headline + item.text)
    if notes:
        yield f"      # {notes}"
    yield _line("- headline", item.headline or "【待补】", indent=6)
    if item.text:
        yield from _block("text", item.text, 8)


def _sequence_gap(part: SpeechPart) -> str:
    """A label two steps on in the last item's text (一是……三是): the source's own slip."""
    if not part.items or part.numbering is None:
        return ""
    after = numerals.label(part.numbering, len(part.items) + 2)
    return after if after and after in part.items[-1].text else ""


def _closing(closing: str) -> Iterator[str]:
    if not closing:
        return
    proper, greeting, thanks = split_greeting(closing)
    yield ""
    yield "closing:"
    text = "\n".join(t for t in (proper, greeting) if t)
    if thanks and not _same(thanks, THANKS_TEXT):
        text = "\n".join(t for t in (text, thanks) if t)
        thanks = ""
    if greeting:
        yield (
            "  # 核对：节日问候单独成段；也可以换成素材库中的问候"
            "（drafter closings list --category greeting）"
        )
    if text:
        yield from _block("text", text, 2, _notes(text))
    if thanks:
        yield "  thanks: true                 # 谢谢大家！"


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
    dumped = yaml.safe_dump(value, allow_unicode=True, width=10**9, default_flow_style=False)
    return dumped.removesuffix("\n...\n").removesuffix("\n").strip()


def _line(key: str, value: str, note: str = "", indent: int = 0) -> str:
    line = f"{' ' * indent}{key}: {_scalar(value)}"
    return f"{line}   # {note}" if note else line


def _block(key: str, value: str, indent: int, note: str = "") -> list[str]:
    pad = " " * indent
    if "\n" not in value:
        return [_line(key, value, note, indent)]
    head = f"{pad}{key}: |"
    lines = [f"{head}   # {note}" if note else head]
    lines += [f"{pad}  {line}" for line in value.split("\n")]
    return lines


def extract(raw: bytes, path: Path | None = None, encoding: str | None = None) -> str:
    """Speech bytes (docx or text) → outline YAML text."""
    text = read_source(path, raw, encoding)
    if not text.strip():
        raise ExtractError(f"{path or '<stdin>'}: there is no text to extract")
    return to_outline_yaml(read_speech(text), path.name if path else "标准输入")


def extract_to(
    raw: bytes, path: Path | None, output: Path | None, encoding: str | None = None
) -> str:
    """`drafter extract`: the outline text, also written to `output` (never over a file)."""
    text = extract(raw, path, encoding)
    if output is not None:
        write_new(output, text.encode("utf-8"), command="extract", source=path)
    return text
