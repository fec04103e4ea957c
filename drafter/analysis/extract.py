"""`drafter extract`: last year's speech (or one pasted from the web) back into an outline.

A .docx, .txt or .md speech is read here into text, one paragraph a line, with what its
formatting says about its headings; the structure reader (`structure.py`) makes a Document of
it, and `outline_writer.py` writes that as an outline of kind `generic`, which adds nothing to
what the outline says, so it renders back to the same characters in the same order (whitespace
aside; render makes punctuation full width unless told to keep it).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.analysis.labels import LABEL_AT_START
from drafter.analysis.outline_writer import to_outline_yaml
from drafter.analysis.structure import Hints, read_document
from drafter.decoding import decode_text
from drafter.docx_input import is_word_file, open_docx
from drafter.errors import DrafterError, ExtractError
from drafter.i18n import _
from drafter.output import write_new
from drafter.schema.source import load_yaml

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
    if is_word_file(raw) or (path is not None and path.suffix.lower() == ".docx"):
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


def extract(raw: bytes, path: Path | None = None, encoding: str | None = None) -> str:
    """Speech bytes (docx or text) → outline YAML text."""
    source = read_source(path, raw, encoding)
    if not source.text.strip():
        name = path or "<stdin>"
        raise ExtractError(_("{file}: there is no text to extract").format(file=name))
    document = read_document(source.text, source.hints)
    return to_outline_yaml(document, path.name if path else "标准输入")


def extract_to(
    raw: bytes, path: Path | None, output: Path | None, encoding: str | None = None
) -> str:
    """`drafter extract`: the outline text, also written to `output` (never over a file)."""
    text = extract(raw, path, encoding)
    if output is not None:
        write_new(output, text.encode("utf-8"), command="extract", source=path)
    return text
