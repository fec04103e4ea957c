"""Low-level OOXML edits python-docx has no API for (ARCHITECTURE.md, "The DOCX", says why).

East Asian fonts through w:eastAsia (theme fonts removed, since they win over names), first-line
indents in characters, outline levels, character spacing, language, page-number fields. New
elements go in schema order, which Word insists on even where LibreOffice does not.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# Elements that come after each child we insert, in CT_RPr / CT_PPr schema order.
_RPR_AFTER_SPACING = (
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _child(parent: BaseOxmlElement, tag: str, successors: tuple[str, ...]) -> BaseOxmlElement:
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.insert_element_before(found, *successors)
    return found


def set_fonts(rpr: BaseOxmlElement, east_asian: str, latin: str | None = None) -> None:
    """Name the East Asian and Latin faces explicitly, dropping theme fonts that would win."""
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_FONT_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    latin = latin or east_asian
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), latin)


def hint_east_asian(rpr: BaseOxmlElement) -> None:
    """Shared punctuation (“”—…) takes the East Asian face, as Chinese typesetting expects."""
    rpr.get_or_add_rFonts().set(qn("w:hint"), "eastAsia")


def run_element(style_id: str | None, highlight: str | None = None) -> BaseOxmlElement:
    """An empty w:r whose properties are written in schema order in one go: character style,
    the East Asian hint (so “”—… take the Chinese face), and an optional highlight."""
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    if style_id:
        rpr.append(OxmlElement("w:rStyle", {qn("w:val"): style_id}))
    rpr.append(OxmlElement("w:rFonts", {qn("w:hint"): "eastAsia"}))
    if highlight:
        rpr.append(OxmlElement("w:highlight", {qn("w:val"): highlight}))
    run.append(rpr)
    return run


def set_char_spacing(rpr: BaseOxmlElement, points: float) -> None:
    spacing = _child(rpr, "w:spacing", _RPR_AFTER_SPACING)
    spacing.set(qn("w:val"), str(round(points * 20)))


def set_language(rpr: BaseOxmlElement, language: str) -> None:
    lang = _child(rpr, "w:lang", _RPR_AFTER_LANG)
    lang.set(qn("w:val"), "en-US" if language.startswith("zh") else language)
    lang.set(qn("w:eastAsia"), language if language.startswith("zh") else "zh-CN")


def set_first_line_chars(ppr: BaseOxmlElement, chars: float, font_size_pt: float) -> None:
    """Indent the first line by characters (w:firstLineChars), twips as a fallback."""
    ind = ppr.get_or_add_ind()
    for attr in ("w:hanging", "w:hangingChars"):
        ind.attrib.pop(qn(attr), None)
    ind.set(qn("w:firstLineChars"), str(round(chars * 100)))
    ind.set(qn("w:firstLine"), str(round(chars * font_size_pt * 20)))


def set_outline_level(ppr: BaseOxmlElement, level: int) -> None:
    """Outline level (1-based here, 0-based in the file) for the navigation pane and bookmarks."""
    outline = _child(ppr, "w:outlineLvl", _after("w:outlineLvl"))
    outline.set(qn("w:val"), str(level - 1))


# CT_PPr's children in schema order: a new one goes before the first of those after it.
_PPR_ORDER = (
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _after(tag: str) -> tuple[str, ...]:
    return _PPR_ORDER[_PPR_ORDER.index(tag) + 1 :]


def set_paragraph_flag(ppr: BaseOxmlElement, tag: str, on: bool) -> None:
    """An on/off paragraph property (w:widowControl, w:snapToGrid …), written explicitly."""
    flag = _child(ppr, tag, _after(tag))
    flag.set(qn("w:val"), "1" if on else "0")


def set_page_flow(ppr: BaseOxmlElement) -> None:
    """How the speech's lines fill the page, the same in Word and LibreOffice:

    - widow/orphan control off, so every page holds its full 22 lines;
    - no snapping to the document grid: the exact line spacing alone sets the pitch, so a 36 pt
      title line stays 36 pt (LibreOffice otherwise rounds it up to two 28.95 pt grid lines, and
      a template's grid of another pitch would change every line);
    - w:overflowPunct written as on. That is Word's default (omitted means on): a ，。、 that
      would start a line hangs past the margin, one character at most, and Word draws it.
      LibreOffice reads this element inverted (val="1" → no hanging punctuation; its importer
      maps `nIntValue == 0` to hanging), and its own hanging, on by default, drops the mark from
      justified lines of some widths (14 marks of a 12-page speech with a 28-character line).
      Written as on, LibreOffice instead moves the line's last character down with the mark.
    """
    set_paragraph_flag(ppr, "w:widowControl", False)
    set_paragraph_flag(ppr, "w:overflowPunct", True)
    set_paragraph_flag(ppr, "w:snapToGrid", False)


def clear_formatting(style_element: BaseOxmlElement) -> None:
    """Remove a style's paragraph and run properties, so a profile defines it completely."""
    for tag in ("w:pPr", "w:rPr"):
        for found in style_element.findall(qn(tag)):
            style_element.remove(found)


def add_field_char(run: BaseOxmlElement, kind: str) -> None:
    """Mark a run as a field boundary: begin, separate or end."""
    field = OxmlElement("w:fldChar")
    field.set(qn("w:fldCharType"), kind)
    run.append(field)


def add_instruction(run: BaseOxmlElement, instruction: str) -> None:
    """The field code of a run, e.g. ' PAGE ' (spaces kept)."""
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = instruction
    run.append(instr)


def set_doc_grid(sect_pr: BaseOxmlElement, line_pitch_pt: float) -> None:
    """A line grid of the given pitch (type="lines": characters are not snapped)."""
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    for attr in ("w:charSpace",):
        grid.attrib.pop(qn(attr), None)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(line_pitch_pt * 20)))


def no_character_grid(sect_pr: BaseOxmlElement) -> None:
    """A template's character grid (type="linesAndChars", common in 公文 templates) made a
    line grid of the same pitch: a character grid sets each character's advance from
    Normal's size and w:charSpace, so the profile's own character spacing no longer gives
    its 28 characters a line (27 with a 16 pt grid and charSpace -860)."""
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None or grid.get(qn("w:type")) not in ("linesAndChars", "snapToChars"):
        return
    grid.attrib.pop(qn("w:charSpace"), None)
    grid.set(qn("w:type"), "lines")


def set_theme_font_language(settings: BaseOxmlElement, language: str) -> None:
    theme = settings.find(qn("w:themeFontLang"))
    if theme is None:
        return
    theme.set(qn("w:val"), "en-US")
    theme.set(qn("w:eastAsia"), language if language.startswith("zh") else "zh-CN")
