"""Style profiles: how a DOCX looks, as data files (templates/styles/NAME.yaml).

A profile may name a `base` profile and override only what differs; a writer's own profiles in a
template folder's `styles/` come before the built-in ones.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar, Literal

from drafter.decoding import decode_text
from drafter.errors import Problem, StyleError, did_you_mean
from drafter.folders import folder_files, read_folder_file
from drafter.outline import plain
from drafter.outline.source import SourceMap, load_kept
from drafter.outline.validation import validation_problems

DEFAULT_PROFILE = "gbt9704"
STYLE_DIR = "styles"
Align = Literal["left", "center", "right", "justify"]

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
StyleKey = Literal[tuple(STYLE_KEYS)]  # type: ignore[valid-type]  # the keys above, one list


ALIGNS = ("left", "center", "right", "justify")


def one_page_field(value: str) -> str:
    if value.count("{page}") != 1:
        raise ValueError("must contain {page} exactly once, e.g. '— {page} —'")
    return value


_TEXT = plain.Text(strip=False)
_ALIGN = plain.OneOf(ALIGNS)


def _size(**bounds: float) -> plain.Field:
    return plain.Field(plain.Maybe(plain.Number(**bounds)), None)


def _flag() -> plain.Field:
    return plain.Field(plain.Maybe(plain.Flag()), None)


class StyleSpec(plain.Record):
    """One style. Unset values come from `normal` (paragraph styles) or the paragraph."""

    fields: ClassVar[dict[str, plain.Field]] = {
        "font": plain.Field(plain.Maybe(_TEXT), None),
        "latin_font": plain.Field(plain.Maybe(_TEXT), None),
        "size_pt": _size(above=0, high=400),
        "bold": _flag(),
        "italic": _flag(),
        "align": plain.Field(plain.Maybe(_ALIGN), None),
        "first_line_chars": _size(low=0, high=20),
        "line_spacing_pt": _size(above=0, high=400),
        "line_spacing": _size(above=0, high=10),
        "space_before_pt": _size(low=0, high=400),
        "space_after_pt": _size(low=0, high=400),
        "keep_with_next": _flag(),
        "char_spacing_pt": _size(low=-10, high=10),
    }


def _length(default: float, **bounds: float) -> plain.Field:
    return plain.Field(plain.Number(**bounds), default)


class PageSpec(plain.Record):
    fields: ClassVar[dict[str, plain.Field]] = {
        "width_mm": _length(210, above=0),
        "height_mm": _length(297, above=0),
        "top_mm": _length(37, low=0),
        "bottom_mm": _length(35, low=0),
        "left_mm": _length(28, low=0),
        "right_mm": _length(26, low=0),
        "header_mm": _length(15, low=0),
        "footer_mm": _length(22, low=0),
        "line_pitch_pt": _size(above=0),
    }


class PageNumberSpec(plain.Record):
    fields: ClassVar[dict[str, plain.Field]] = {
        "enabled": plain.Field(plain.Flag(), True),
        "font": plain.Field(_TEXT, "宋体"),
        "size_pt": _length(14, above=0),
        "format": plain.Field(plain.Text(one_page_field, strip=False), "— {page} —"),
        "odd": plain.Field(_ALIGN, "right"),
        "even": plain.Field(_ALIGN, "left"),
        "indent_chars": _length(1, low=0),
    }


class Profile(plain.Record):
    """A complete style profile (after merging its base), read as `models()` validates one."""

    fields: ClassVar[dict[str, plain.Field]] = {
        "description": plain.Field(_TEXT, ""),
        "base": plain.Field(plain.Maybe(_TEXT), None),
        "language": plain.Field(_TEXT, "zh-CN"),
        "page": plain.Field(plain.One(PageSpec), factory=PageSpec),
        "normal": plain.Field(plain.One(StyleSpec), factory=StyleSpec),
        "styles": plain.Field(
            plain.MapOf(plain.One(StyleSpec), names=plain.OneOf(tuple(STYLE_KEYS))), factory=dict
        ),
        "page_number": plain.Field(plain.One(PageNumberSpec), factory=PageNumberSpec),
    }

    def style(self, key: str) -> StyleSpec:
        return self.styles.get(key, StyleSpec())


@functools.cache
def models() -> type[Any]:
    """The pydantic model of a profile: every problem of one that does not validate (loaded
    only then)."""
    from pydantic import BaseModel, ConfigDict, Field, field_validator

    class _Spec(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

    class StyleSpec(_Spec):
        """One style. Unset values come from `normal` (paragraph styles) or the paragraph."""

        font: str | None = Field(None, description="East Asian font (and Latin, unless latin_font)")
        latin_font: str | None = None
        size_pt: float | None = Field(None, gt=0, le=400)
        bold: bool | None = None
        italic: bool | None = None
        align: Align | None = None
        first_line_chars: float | None = Field(None, ge=0, le=20)
        line_spacing_pt: float | None = Field(None, gt=0, le=400, description="exact line spacing")
        line_spacing: float | None = Field(None, gt=0, le=10, description="multiple of single")
        space_before_pt: float | None = Field(None, ge=0, le=400)
        space_after_pt: float | None = Field(None, ge=0, le=400)
        keep_with_next: bool | None = None
        char_spacing_pt: float | None = Field(None, ge=-10, le=10)

    class PageSpec(_Spec):
        width_mm: float = Field(210, gt=0)
        height_mm: float = Field(297, gt=0)
        top_mm: float = Field(37, ge=0)
        bottom_mm: float = Field(35, ge=0)
        left_mm: float = Field(28, ge=0)
        right_mm: float = Field(26, ge=0)
        header_mm: float = Field(15, ge=0)
        footer_mm: float = Field(22, ge=0)
        line_pitch_pt: float | None = Field(None, gt=0, description="line grid (lines per page)")

    class PageNumberSpec(_Spec):
        enabled: bool = True
        font: str = "宋体"
        size_pt: float = Field(14, gt=0)
        format: str = Field("— {page} —", description="text around the number; {page} is the field")
        odd: Align = "right"
        even: Align = "left"
        indent_chars: float = Field(1, ge=0, description="distance from the edge, in characters")

        _one_page_field = field_validator("format")(classmethod(lambda _, v: one_page_field(v)))

    class Profile(_Spec):
        """A complete style profile (after merging its base)."""

        description: str = ""
        base: str | None = None
        language: str = "zh-CN"
        page: PageSpec = PageSpec()
        normal: StyleSpec = StyleSpec()
        styles: dict[StyleKey, StyleSpec] = Field(default_factory=dict)
        page_number: PageNumberSpec = PageNumberSpec()

    return Profile


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
    try:
        return plain.read(Profile, data)
    except plain.Unsure:  # pydantic reads it, or says every problem
        from pydantic import ValidationError

        model = models()
        try:
            return plain.from_model(model.model_validate(data))
        except ValidationError as err:
            problems = validation_problems(err, data, source, model)
            raise StyleError(problems=problems) from None


def _merged(
    name: str, found: dict[str, Path], chain: list[str]
) -> tuple[dict[str, Any], SourceMap]:
    if name not in found:
        hint = did_you_mean(name, found)
        raise StyleError(f"unknown style profile '{name}'{hint}; profiles: {', '.join(found)}")
    if name in chain:
        raise StyleError(f"style profiles name each other as base: {' → '.join([*chain, name])}")
    path = found[name]
    loaded = load_kept(decode_text(read_folder_file(path.parent, path), str(path)), str(path))
    if not isinstance(loaded.data, dict):
        raise StyleError(
            problems=[Problem("a style profile is a mapping", loaded.source.locate(()))]
        )
    data = loaded.data
    base = data.get("base")
    if isinstance(base, str):
        base_data, _ = _merged(base, found, [*chain, name])
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
