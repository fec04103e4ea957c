"""Document → HTML that shows the speech as its pages do, from the same style profile as the DOCX.

`speech_html` gives the speech alone, an `<article class="drafter-speech">` to embed in a page
(the workbench shows it beside the editor), and `stylesheet` its CSS, scoped to that class;
`to_html` puts both in one self-contained file: no scripts, no fonts or styles fetched from
anywhere. The sheet is A4 wide with the profile's margins, faces (with the stand-ins a reader
has: 仿宋_GB2312, FangSong, STFangsong, "Noto Serif CJK SC", serif …), sizes and exact line
pitch; placeholders are yellow; printing gives A4 pages with page numbers.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import PurePath

from drafter import __version__
from drafter.chinese.text import HAN
from drafter.document import Document, Heading, Numbered, Paragraph, Source
from drafter.writers.faces import css_family
from drafter.writers.linebreak import title_lines, unmarked
from drafter.writers.styles import Profile, StyleSpec, look

Spans = Callable[[str], Sequence[tuple[int, int]]]
ROOT = "drafter-speech"
_MM_PER_PT = 25.4 / 72
_HEADER_TAGS = {"title": "h1", "subtitle": "p", "byline": "p", "date": "p"}
# LibreOffice, which makes the PDF, always sets a fifth of the font size between a Chinese
# character and a Latin letter or digit (its DOCX import ignores w:autoSpaceDE/DN), after the
# text before it (so at a line end it takes room there, at a line start none), and drops the
# letter spacing of the character before it. The page spaces the same places alike, so its
# lines break where the PDF's do.
_LATIN = re.compile(r"[0-9A-Za-z]+(?:[.,:/][0-9A-Za-z]+)*")
_HAN = re.compile(f"[{HAN}]")
_AUTOSPACE_EM = 0.2


def to_html(
    document: Document, *, profile: Profile, highlight: Spans | None = None, **_: object
) -> bytes:
    """One standalone HTML file: the speech and its stylesheet, nothing fetched."""
    title = unmarked(document.header.title) or "讲话稿"
    page = f"""<!DOCTYPE html>
<html lang="{_attr(profile.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="drafter {__version__}">
<meta name="author" content="{_attr(document.author)}">
<title>{_text(title)}</title>
<style>
{_screen_css()}
{stylesheet(profile)}
</style>
</head>
<body>
{speech_html(document, profile=profile, highlight=highlight)}
</body>
</html>
"""
    return page.encode("utf-8")


def speech_html(
    document: Document,
    *,
    profile: Profile,
    highlight: Spans | None = None,
    sources: bool = False,
) -> str:
    """The speech as an <article> fragment: header, salutation, headings with their number
    labels, paragraphs with run-in leads, placeholders marked. With `sources` (the workbench),
    each block says where it came from (`_Trace`, at the end of this module)."""
    mark = _Marker(highlight)
    trace = _Trace(sources)
    lines = [f'<article class="{ROOT}" lang="{_attr(profile.language)}">']
    header = document.header.lines()
    if header:
        lines.append('<header class="speech-header">')
        for key, text in header:
            tag = _HEADER_TAGS[key]
            if key in ("title", "subtitle"):
                content = "<br>".join(mark(line) for line in _title_lines(text, key, profile))
            else:
                content = mark(text)
            source = document.header.source(key)
            content = trace.drafted(source, content)
            lines.append(f'<{tag} class="{key}"{trace.where(source, [source])}>{content}</{tag}>')
        lines.append("</header>")
    for block in document.blocks:
        if isinstance(block, Heading):
            lines.append(_heading(block, mark, trace))
        elif block.lead is not None and not block.runs:  # a headline on a line of its own
            lines.append(_heading(block.lead, mark, trace))
        else:
            lines.append(_paragraph(block, mark, trace))
    lines.append("</article>")
    return "\n".join(lines)


def _heading(item: Numbered, mark: _Marker, trace: _Trace) -> str:
    """h2–h5 by depth, in the look of its number's form (heading1–4), as in the DOCX."""
    tag = f"h{item.level + 1}"
    classes = f"heading heading{look(item.label, item.level)}"
    content = _numbered(item, mark, trace)
    return f'<{tag} class="{classes}"{trace.where(item.source, [item.source])}>{content}</{tag}>'


def _paragraph(paragraph: Paragraph, mark: _Marker, trace: _Trace) -> str:
    pieces = []
    lead = paragraph.lead
    if lead is not None:
        shown = look(lead.label, lead.level)
        content = _numbered(lead, mark, trace)
        pieces.append(
            f'<span class="lead lead{shown}"{trace.where(lead.source, [])}>{content}</span>'
        )
    if trace.on:
        pieces += trace.pieces(paragraph, mark)
    else:
        for run in paragraph.runs:
            pieces.append(f"<strong>{mark(run.text)}</strong>" if run.bold else mark(run.text))
    return f'<p class="{paragraph.role}"{trace.holding(paragraph)}>{"".join(pieces)}</p>'


def _numbered(item: Numbered, mark: _Marker, trace: _Trace) -> str:
    label = f'<span class="label">{_text(item.label)}</span>' if item.label else ""
    return label + trace.drafted(item.source, mark(item.text))


class _Marker:
    """Escapes text, wraps its placeholders in <mark class="placeholder"> and spaces Latin
    letters and digits from the Chinese characters beside them (`_LATIN`)."""

    def __init__(self, highlight: Spans | None) -> None:
        self.highlight = highlight

    def __call__(self, text: str) -> str:
        marked: list[tuple[int, int]] = []
        position = 0
        for start, end in sorted(self.highlight(text)) if self.highlight else []:
            start = max(start, position)
            if end > start:
                marked.append((start, end))
                position = end
        gaps = set()  # where a Latin run and a Chinese character meet
        for run in _LATIN.finditer(text):
            if run.start() and _HAN.match(text[run.start() - 1]):
                gaps.add(run.start())
            if _HAN.match(text[run.end() : run.end() + 1]):
                gaps.add(run.end())
        cuts = sorted({0, len(text), *gaps, *(edge for span in marked for edge in span)})
        out = []
        for start, end in itertools.pairwise(cuts):
            piece = _text(text[start:end])
            if any(first <= start < last for first, last in marked):
                piece = f'<mark class="placeholder">{piece}</mark>'
            if end in gaps:  # the gap ends the text before it, as LibreOffice places it
                piece = f'<span class="gap">{piece}</span>'
            out.append(piece)
        return "".join(out)


def _title_lines(text: str, key: str, profile: Profile) -> list[str]:
    """The title or subtitle broken as the DOCX breaks it."""
    page = profile.page
    type_width = (page.width_mm - page.left_mm - page.right_mm) / _MM_PER_PT
    size = profile.style(key).size_pt or profile.normal.size_pt or 12
    return title_lines(text, type_width / (size + (profile.normal.char_spacing_pt or 0)))


def stylesheet(profile: Profile, *, pages: bool = True) -> str:
    """The speech's CSS from the style profile, every rule scoped to .drafter-speech; with
    `pages`, also the @page rules that make printing give A4 pages (a page that embeds the
    speech among other things may want its own)."""
    page = profile.page
    margins = f"{page.top_mm}mm {page.right_mm}mm {page.bottom_mm}mm {page.left_mm}mm"
    rules = [
        (
            f".{ROOT}",
            [
                f"width: {page.width_mm}mm",
                f"min-height: {page.height_mm}mm",
                f"padding: {margins}",
                "box-sizing: border-box",
                "background: #fff",
                "color: #000",
                "orphans: 1",
                "widows: 1",
                # as LibreOffice sets them: no mark hangs past the margin, adjacent marks
                # (”。) keep their full width, and the gaps beside Latin runs are drafter's
                "hanging-punctuation: none",
                "text-spacing-trim: space-all",
                "text-autospace: no-autospace",
                *_declarations(profile.normal, profile.normal),
            ],
        ),
        (
            f".{ROOT} :is(h1, h2, h3, h4, h5, p)",
            ["margin: 0", "font: inherit", "text-indent: 0"],
        ),
        (f".{ROOT} mark.placeholder", ["background: #ff0", "color: inherit"]),
        (f".{ROOT} .gap", [f"margin-right: {_autospace(profile)}"]),
        (f".{ROOT} strong", _declarations(profile.style("strong"), None)),
    ]
    for key, selector in _SELECTORS:
        rules.append((f".{ROOT} {selector}", _declarations(profile.style(key), profile.normal)))
    for level in range(1, 5):
        spec = profile.style(f"lead{level}")
        rules.append((f".{ROOT} .lead{level}", _declarations(spec, None)))
    css = "\n".join(f"{selector} {{ {'; '.join(body)}; }}" for selector, body in rules if body)
    return css + "\n" + _print_css(profile) if pages else css


def _autospace(profile: Profile) -> str:
    size = profile.normal.size_pt or 12
    return f"{round(size * _AUTOSPACE_EM - (profile.normal.char_spacing_pt or 0), 2)}pt"


_SELECTORS = (
    ("title", ".title"),
    ("subtitle", ".subtitle"),
    ("byline", ".byline"),
    ("date", ".date"),
    ("salutation", ".salutation"),
    ("body", ".body"),
    ("closing", ".closing"),
    *((f"heading{level}", f".heading{level}") for level in range(1, 5)),
)


# Profile value → CSS property, for the values that map one to one.
_PROPERTIES = (
    ("size_pt", "font-size", "{}pt"),
    ("char_spacing_pt", "letter-spacing", "{}pt"),
    ("align", "text-align", "{}"),
    ("first_line_chars", "text-indent", "{}em"),
    ("line_spacing_pt", "line-height", "{}pt"),
    ("space_before_pt", "margin-top", "{}pt"),
    ("space_after_pt", "margin-bottom", "{}pt"),
)


def _declarations(spec: StyleSpec, normal: StyleSpec | None) -> list[str]:
    """CSS for one profile style. `normal` is given for paragraph styles: their faces fall
    back on its faces, as Word's styles based on Normal do."""
    out = list(_font(spec, normal))
    for name, prop, form in _PROPERTIES:
        value = getattr(spec, name)
        if value is not None:
            out.append(f"{prop}: {form.format(value)}")
    if spec.bold is not None:
        out.append(f"font-weight: {'bold' if spec.bold else 'normal'}")
    if spec.italic is not None:
        out.append(f"font-style: {'italic' if spec.italic else 'normal'}")
    if spec.line_spacing_pt is None and spec.line_spacing is not None:
        out.append(f"line-height: {round(spec.line_spacing * 1.2, 3)}")  # Word's single ≈ 1.2
    if spec.keep_with_next:
        out.append("break-after: avoid")
    return out


def _font(spec: StyleSpec, normal: StyleSpec | None) -> Iterator[str]:
    if not (spec.font or spec.latin_font):
        return
    east = spec.font or (normal.font if normal else None) or spec.latin_font
    latin = spec.latin_font or (normal.latin_font if normal else None)
    families = css_family(east or "")
    if latin and latin != east:
        # Latin faces first: they have no Chinese glyphs, so Chinese falls through to `east`.
        latin_only = css_family(latin).rsplit(", ", 1)[0]
        families = f"{latin_only}, {families}"
    yield f"font-family: {families}"


def _print_css(profile: Profile) -> str:
    """A4 pages when printed, with the profile's margins and page numbers (odd right, even
    left) where the browser draws page margin boxes."""
    page, number = profile.page, profile.page_number
    css = [
        f"@page {{ size: {page.width_mm}mm {page.height_mm}mm; "
        f"margin: {page.top_mm}mm {page.right_mm}mm {page.bottom_mm}mm {page.left_mm}mm; }}"
    ]
    if number.enabled:
        before, _, after = number.format.partition("{page}")
        content = f'"{_css_string(before)}" counter(page) "{_css_string(after)}"'
        font = f"font-family: {css_family(number.font)}; font-size: {number.size_pt}pt"
        # as in the DOCX: the footer's foot page.footer_mm above the page's edge, the number
        # inset by indent_chars characters from the type area's side
        place = f"vertical-align: bottom; padding-bottom: {page.footer_mm}mm"
        inset = number.size_pt * number.indent_chars
        for side, align in ((":right", number.odd), (":left", number.even)):
            box = {"left": "bottom-left", "right": "bottom-right"}.get(align, "bottom-center")
            pad = f"; padding-{align}: {inset}pt" if align in ("left", "right") and inset else ""
            css.append(f"@page {side} {{ @{box} {{ content: {content}; {font}; {place}{pad}; }} }}")
    css.append(
        "@media print { "
        f".{ROOT} {{ width: auto; min-height: 0; padding: 0; box-shadow: none; }} "
        f".{ROOT} mark.placeholder {{ print-color-adjust: exact; -webkit-print-color-adjust: "
        "exact; } }"
    )
    return "\n".join(css)


def _screen_css() -> str:
    """The standalone page: the sheet centred on a grey desk, as a word processor shows it."""
    return (
        "html { background: #e5e5e5; }\n"
        "body { margin: 0; padding: 12mm 0; }\n"
        f".{ROOT} {{ margin: 0 auto; box-shadow: 0 1px 6px rgba(0, 0, 0, 0.25); }}\n"
        "@media print { html { background: none; } body { padding: 0; } }"
    )


def _text(text: str) -> str:
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


# --- the speech with its sources, for the workbench ---------------------------------------------
# Each block carries data-line and data-column (where its words stand in the outline) and
# data-lines (every outline line it holds text of); each stretch of a paragraph from another
# source is a span with its own; text drafter wrote (library, a kind's template, computed
# numbers) has data-source and a title naming it.


class _Trace:
    """The sources a block shows in the workbench's preview; nothing in a page or a file."""

    def __init__(self, on: bool) -> None:
        self.on = on

    def where(self, source: Source | None, held: Sequence[Source | None]) -> str:
        return _where(source, held) if self.on else ""

    def drafted(self, source: Source | None, content: str) -> str:
        """A headline or header line that drafter wrote, marked as such."""
        named = _named(source) if self.on else ""
        return f"<span{named}>{content}</span>" if named else content

    def holding(self, paragraph: Paragraph) -> str:
        """A paragraph's data-line, and data-lines of every outline line it holds words of."""
        held = [piece.source for piece in paragraph.pieces if _worded(piece.text)]
        if paragraph.lead is not None:
            held.insert(0, paragraph.lead.source)
        return self.where(paragraph.source, held)

    def pieces(self, paragraph: Paragraph, mark: _Marker) -> list[str]:
        """The body, each stretch from another source a span of its own."""
        pieces = []
        for text, bold, source in _segments(paragraph):
            content = mark(text)
            named = _named(source) if _worded(text) else ""  # not a lone 。 or ；
            if len(paragraph.pieces) > 1 or named:
                content = f"<span{_where(source, [])}{named}>{content}</span>"
            pieces.append(f"<strong>{content}</strong>" if bold else content)
        return pieces


def _segments(paragraph: Paragraph) -> Iterator[tuple[str, bool, Source | None]]:
    """The body cut where its look (bold) or its source changes: (text, bold, source)."""
    cuts: list[tuple[int, Source | None]] = []
    end = 0
    for piece in paragraph.pieces:
        end += len(piece.text)
        cuts.append((end, piece.source))
    start = 0
    for run in paragraph.runs:
        stop = start + len(run.text)
        at = start
        for end, source in cuts or [(stop, None)]:
            if end <= at:
                continue
            piece_end = min(end, stop)
            yield run.text[at - start : piece_end - start], run.bold, source
            at = piece_end
            if at >= stop:
                break
        start = stop


def _where(source: Source | None, held: Sequence[Source | None]) -> str:
    """data-line and data-column of `source`; data-lines of every outline line the sources the
    block holds stand on (all the lines of a value that runs on over several)."""
    attributes = ""
    if source is not None and source.outline_lines:
        attributes = f' data-line="{source.line}" data-column="{source.column or 1}"'
    lines = sorted({line for s in held if s is not None for line in s.outline_lines})
    if lines:
        attributes += f' data-lines="{" ".join(map(str, lines))}"'
    return attributes


def _named(source: Source | None) -> str:
    """data-source and a title for text drafter wrote, an office setting or numbers read from
    a table; nothing for the writer's own words."""
    if source is None:
        return ""
    cells = f"表格 {PurePath(source.table).name} {'、'.join(source.cells)}" if source.table else ""
    if source.computed:
        kind, title = "computed", "drafter 计算的数字"
    elif source.stock:
        kind, title = "stock", f"素材库 {source.stock}"
    elif source.template:
        kind, title = "template", f"固定表述 {source.template}"
    elif source.settings:
        kind, title = "settings", f"单位设置 {source.settings} {source.path}（第{source.line}行）"
    elif cells:
        kind, title = "table", ""
    else:
        return ""
    title = "；".join(said for said in (title, cells) if said)
    return f' data-source="{kind}" title="{_attr(title)}"'


def _worded(text: str) -> bool:
    return any(char.isalnum() for char in text)
