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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from drafter import __version__
from drafter.document import Document, Heading, Numbered, Paragraph, Source
from drafter.writers.faces import css_family
from drafter.writers.linebreak import balanced_lines
from drafter.writers.styles import Profile, StyleSpec

Spans = Callable[[str], Sequence[tuple[int, int]]]
ROOT = "drafter-speech"
_MM_PER_PT = 25.4 / 72
_HEADER_TAGS = {"title": "h1", "subtitle": "p", "byline": "p", "date": "p"}


def to_html(
    document: Document, *, profile: Profile, highlight: Spans | None = None, **_: object
) -> bytes:
    """One standalone HTML file: the speech and its stylesheet, nothing fetched."""
    title = document.header.title or "讲话稿"
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
    each block says where it came from (`_traced`, at the end of this module)."""
    mark = _Marker(highlight)
    if sources:
        return _traced(document, profile, mark)
    lines = [f'<article class="{ROOT}" lang="{_attr(profile.language)}">']
    header = document.header.lines()
    if header:
        lines.append('<header class="speech-header">')
        for key, text in header:
            tag = _HEADER_TAGS[key]
            if key == "title":
                content = "<br>".join(mark(line) for line in _title_lines(text, profile))
            else:
                content = mark(text)
            lines.append(f'<{tag} class="{key}">{content}</{tag}>')
        lines.append("</header>")
    for block in document.blocks:
        if isinstance(block, Heading):
            tag = f"h{block.level + 1}"
            classes = f"heading heading{block.level}"
            lines.append(f'<{tag} class="{classes}">{_numbered(block, mark)}</{tag}>')
        else:
            lines.append(_paragraph(block, mark))
    lines.append("</article>")
    return "\n".join(lines)


def _paragraph(paragraph: Paragraph, mark: _Marker) -> str:
    pieces = []
    if paragraph.lead is not None:
        level = paragraph.lead.level
        pieces.append(f'<span class="lead lead{level}">{_numbered(paragraph.lead, mark)}</span>')
    for run in paragraph.runs:
        pieces.append(f"<strong>{mark(run.text)}</strong>" if run.bold else mark(run.text))
    return f'<p class="{paragraph.role}">{"".join(pieces)}</p>'


def _numbered(item: Numbered, mark: _Marker) -> str:
    label = f'<span class="label">{_text(item.label)}</span>' if item.label else ""
    return label + mark(item.text)


class _Marker:
    """Escapes text and wraps its placeholders in <mark class="placeholder">."""

    def __init__(self, highlight: Spans | None) -> None:
        self.highlight = highlight

    def __call__(self, text: str) -> str:
        spans = sorted(self.highlight(text)) if self.highlight else []
        out, position = [], 0
        for start, end in spans:
            start = max(start, position)
            if end <= start:
                continue
            out.append(_text(text[position:start]))
            out.append(f'<mark class="placeholder">{_text(text[start:end])}</mark>')
            position = end
        out.append(_text(text[position:]))
        return "".join(out)


def _title_lines(text: str, profile: Profile) -> list[str]:
    """The title broken as the DOCX breaks it: at phrase boundaries, into even lines."""
    page = profile.page
    type_width = (page.width_mm - page.left_mm - page.right_mm) / _MM_PER_PT
    spec = profile.style("title")
    size = spec.size_pt or profile.normal.size_pt or 12
    return balanced_lines(text, type_width / (size + (profile.normal.char_spacing_pt or 0)))


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
                "hanging-punctuation: allow-end",
                *_declarations(profile.normal, profile.normal),
            ],
        ),
        (
            f".{ROOT} :is(h1, h2, h3, h4, h5, p)",
            ["margin: 0", "font: inherit", "text-indent: 0"],
        ),
        (f".{ROOT} mark.placeholder", ["background: #ff0", "color: inherit"]),
        (f".{ROOT} strong", _declarations(profile.style("strong"), None)),
    ]
    for key, selector in _SELECTORS:
        rules.append((f".{ROOT} {selector}", _declarations(profile.style(key), profile.normal)))
    for level in range(1, 5):
        spec = profile.style(f"lead{level}")
        rules.append((f".{ROOT} .lead{level}", _declarations(spec, None)))
    css = "\n".join(f"{selector} {{ {'; '.join(body)}; }}" for selector, body in rules if body)
    return css + "\n" + _print_css(profile) if pages else css


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
        for side, align in ((":right", number.odd), (":left", number.even)):
            box = {"left": "bottom-left", "right": "bottom-right"}.get(align, "bottom-center")
            css.append(f"@page {side} {{ @{box} {{ content: {content}; {font}; }} }}")
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


def _traced(document: Document, profile: Profile, mark: _Marker) -> str:
    lines = [f'<article class="{ROOT}" lang="{_attr(profile.language)}">']
    header = document.header.lines()
    if header:
        lines.append('<header class="speech-header">')
        for key, text in header:
            source = document.header.source(key)
            content = (
                "<br>".join(mark(line) for line in _title_lines(text, profile))
                if key == "title"
                else mark(text)
            )
            tag = _HEADER_TAGS[key]
            attributes = _where(source, [source])
            lines.append(f'<{tag} class="{key}"{attributes}>{_drafted(source, content)}</{tag}>')
        lines.append("</header>")
    for block in document.blocks:
        if isinstance(block, Heading):
            tag = f"h{block.level + 1}"
            classes = f"heading heading{block.level}"
            attributes = _where(block.source, [block.source])
            label = _numbered(replace(block, text=""), mark)
            text = _drafted(block.source, mark(block.text))
            lines.append(f'<{tag} class="{classes}"{attributes}>{label}{text}</{tag}>')
        else:
            lines.append(_traced_paragraph(block, mark))
    lines.append("</article>")
    return "\n".join(lines)


def _traced_paragraph(paragraph: Paragraph, mark: _Marker) -> str:
    pieces = []
    held = [piece.source for piece in paragraph.pieces if _worded(piece.text)]
    if paragraph.lead is not None:
        lead = paragraph.lead
        held.insert(0, lead.source)
        text = _drafted(lead.source, mark(lead.text))
        label = _numbered(replace(lead, text=""), mark)
        pieces.append(
            f'<span class="lead lead{lead.level}"{_where(lead.source, [])}>{label}{text}</span>'
        )
    for text, bold, source in _segments(paragraph):
        content = mark(text)
        named = _named(source) if _worded(text) else ""  # not a lone 。 or ；
        if len(paragraph.pieces) > 1 or named:
            content = f"<span{_where(source, [])}{named}>{content}</span>"
        pieces.append(f"<strong>{content}</strong>" if bold else content)
    attributes = _where(paragraph.source, held)
    return f'<p class="{paragraph.role}"{attributes}>{"".join(pieces)}</p>'


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
    """data-line and data-column of `source`; data-lines of every source the block holds."""
    attributes = ""
    if source is not None and source.line:
        attributes = f' data-line="{source.line}" data-column="{source.column or 1}"'
    lines = sorted({s.line for s in held if s is not None and s.line})
    if lines:
        attributes += f' data-lines="{" ".join(map(str, lines))}"'
    return attributes


def _named(source: Source | None) -> str:
    """data-source and a title for text drafter wrote; nothing for the writer's own."""
    if source is None or (source.kind == "outline" and not source.computed):
        return ""
    if source.computed:
        kind, title = "computed", "drafter 计算的数字"
    elif source.stock:
        kind, title = "stock", f"素材库 {source.stock}"
    else:
        kind, title = "template", f"固定表述 {source.template}"
    return f' data-source="{kind}" title="{_attr(title)}"'


def _worded(text: str) -> bool:
    return any(char.isalnum() for char in text)


def _drafted(source: Source | None, content: str) -> str:
    """A headline or header line that drafter wrote, marked as such."""
    named = _named(source)
    return f"<span{named}>{content}</span>" if named else content
