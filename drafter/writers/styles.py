"""Style profiles: how a DOCX looks, as data files (templates/styles/NAME.yaml).

A profile may name a `base` profile and override only what differs; a writer's own profiles in a
template folder's `styles/` come before the built-in ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from drafter.chinese import numerals
from drafter.decoding import decode_text
from drafter.errors import Problem, StyleError, did_you_mean, listed
from drafter.folders import folder_files, read_folder_file
from drafter.i18n import N_, _
from drafter.schema.fields import Choice, Flag, MapOf, Maybe, Number, One, Text
from drafter.schema.records import Record, field, read_file
from drafter.schema.source import SourceMap, load_kept

DEFAULT_PROFILE = "gbt9704"
STYLE_DIR = "styles"

# Profile style key → (Word style name, kind, style id). Built-in Word names are kept where
# Word has one, so a Chinese Word/WPS shows them under its own names (标题 1, 正文文本, 结束语…).
STYLE_KEYS: dict[str, tuple[str, str, str]] = {
    "body": ("Body Text", "paragraph", "BodyText"),
    "title": ("Title", "paragraph", "Title"),
    "subtitle": ("Subtitle", "paragraph", "Subtitle"),
    "byline": ("讲话人", "paragraph", "Byline"),
    "date": ("Date", "paragraph", "Date"),
    "salutation": ("Salutation", "paragraph", "Salutation"),
    "closing": ("Closing", "paragraph", "Closing"),
    "heading1": ("Heading 1", "paragraph", "Heading1"),
    "heading2": ("Heading 2", "paragraph", "Heading2"),
    "heading3": ("Heading 3", "paragraph", "Heading3"),
    "heading4": ("Heading 4", "paragraph", "Heading4"),
    "lead1": ("接排标题 1", "character", "RunInHeading1"),
    "lead2": ("接排标题 2", "character", "RunInHeading2"),
    "lead3": ("接排标题 3", "character", "RunInHeading3"),
    "lead4": ("接排标题 4", "character", "RunInHeading4"),
    "strong": ("Strong", "character", "Strong"),
}
ALIGNS = ("left", "center", "right", "justify")
# GB/T 9704 sets a headline's face by the form of its number, not by its depth: 一、黑体,
# （一）楷体, 1. 仿宋加粗, （1）仿宋. The profile's heading1–4 and lead1–4 are these four looks.
# 一是 and 一要 lead a sentence of the body, bold in 仿宋 as speeches print them, at any depth
# (by depth they were 楷体 under a part and bold 仿宋 under a （一）).
_LOOK_BY_FORM = {
    "cn": 1,
    "paren": 2,
    "arabic": 3,
    "arabic-dun": 3,
    "shi": 3,
    "yao": 3,
    "paren-arabic": 4,
}
_FORMS = [
    (re.compile(numerals.BY_NAME[name].pattern), look) for name, look in _LOOK_BY_FORM.items()
]


def look(label: str, level: int) -> int:
    """Which of the four heading looks (1–4) a headline takes: the one of its number's form
    (a level-2 `1.` looks like a level-3 one; 一是 bold 仿宋), else (第一，, no number) its
    depth's."""
    for pattern, found in _FORMS:
        if pattern.fullmatch(label):
            return found
    return min(level, 4)


def one_page_field(value: str) -> str:
    if value.count("{page}") != 1:
        raise ValueError(
            _("must contain {field} exactly once, e.g. {example}").format(
                field="{page}", example="'— {page} —'"
            )
        )
    return value


_TEXT = Text(strip=False, numbers=False)
_ALIGN = Choice({align: () for align in ALIGNS})


def _size(doc: str = "", **bounds: float) -> Any:
    return field(Maybe(Number(**bounds)), None, doc=doc)


def _flag(doc: str = "") -> Any:
    return field(Maybe(Flag()), None, doc=doc)


class StyleSpec(Record):
    """One style. Unset values come from `normal` (paragraph styles) or the paragraph."""

    font: str | None = field(
        Maybe(_TEXT), None, doc="East Asian font (and Latin, unless latin_font)"
    )
    latin_font: str | None = field(Maybe(_TEXT), None, doc="Latin font")
    size_pt: float | None = _size("size in points", above=0, high=400)
    bold: bool | None = _flag("bold")
    italic: bool | None = _flag("italic")
    align: str | None = field(Maybe(_ALIGN), None, doc="alignment")
    first_line_chars: float | None = _size("first-line indent in characters", low=0, high=20)
    line_spacing_pt: float | None = _size("exact line spacing", above=0, high=400)
    line_spacing: float | None = _size("multiple of single", above=0, high=10)
    space_before_pt: float | None = _size("space before, in points", low=0, high=400)
    space_after_pt: float | None = _size("space after, in points", low=0, high=400)
    keep_with_next: bool | None = _flag("keep with the next paragraph")
    char_spacing_pt: float | None = _size("character spacing, in points", low=-10, high=10)


def _length(default: float, doc: str = "", **bounds: float) -> Any:
    return field(Number(**bounds), default, doc=doc)


class PageSpec(Record):
    """The page: size and margins in millimetres."""

    width_mm: float = _length(210, above=0)
    height_mm: float = _length(297, above=0)
    top_mm: float = _length(37, low=0)
    bottom_mm: float = _length(35, low=0)
    left_mm: float = _length(28, low=0)
    right_mm: float = _length(26, low=0)
    header_mm: float = _length(15, low=0)
    footer_mm: float = _length(22, low=0)
    line_pitch_pt: float | None = _size("line grid (lines per page)", above=0)


class PageNumberSpec(Record):
    """Page numbers in the footer."""

    enabled: bool = field(Flag(), True)
    font: str = field(_TEXT, "宋体")
    size_pt: float = _length(14, above=0)
    format: str = field(
        Text(one_page_field, strip=False, numbers=False),
        "— {page} —",
        doc="text around the number; {page} is the field",
    )
    odd: str = field(_ALIGN, "right")
    even: str = field(_ALIGN, "left")
    indent_chars: float = _length(1, "distance from the edge, in characters", low=0)


class Profile(Record):
    """A complete style profile (after merging its base)."""

    description: str = field(_TEXT, "")
    base: str | None = field(Maybe(_TEXT), None)
    language: str = field(_TEXT, "zh-CN")
    page: PageSpec = field(One(PageSpec), factory=PageSpec)
    normal: StyleSpec = field(One(StyleSpec), factory=StyleSpec)
    styles: dict[str, StyleSpec] = field(
        MapOf(One(StyleSpec), Choice({key: () for key in STYLE_KEYS})), factory=dict
    )
    page_number: PageNumberSpec = field(One(PageNumberSpec), factory=PageNumberSpec)

    def style(self, key: str) -> StyleSpec:
        return self.styles.get(key, StyleSpec())


def profile_dirs(template_dirs: Sequence[Path], builtin: Path) -> list[Path]:
    return [Path(d) / STYLE_DIR for d in (*template_dirs, builtin)]


def available_profiles(folders: Sequence[Path]) -> dict[str, Path]:
    """Each profile name with its file, the first folder's winning."""
    found: dict[str, Path] = {}
    for folder in folders:
        for path in folder_files(folder, "*.yaml", recursive=False):
            found.setdefault(path.stem, path)
    return found


def load_profile(name: str, folders: Sequence[Path]) -> Profile:
    """The named profile with its `base` chain merged; every problem located in its file."""
    data, source = _merged(name, available_profiles(folders), [])
    return read_file(Profile, data, source, StyleError, N_("style profile"))


def _merged(
    name: str, found: dict[str, Path], chain: list[str]
) -> tuple[dict[str, Any], SourceMap]:
    if name not in found:
        hint = did_you_mean(name, found)
        raise StyleError(
            _("unknown style profile '{profile}'{hint}; profiles: {profiles}").format(
                profile=name, hint=hint, profiles=listed(found)
            )
        )
    if name in chain:
        raise StyleError(
            _("style profiles name each other as base: {chain}").format(
                chain=" → ".join([*chain, name])
            )
        )
    path = found[name]
    loaded = load_kept(decode_text(read_folder_file(path.parent, path), str(path)), str(path))
    if not isinstance(loaded.data, dict):
        raise StyleError(
            problems=[Problem(_("a style profile is a mapping"), loaded.source.locate(()))]
        )
    data = loaded.data
    base = data.get("base")
    if isinstance(base, str):
        base_data = _merged(base, found, [*chain, name])[0]
        data = _deep_merge(base_data, data)
    return data, loaded.source


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged
