"""Style profiles: how a DOCX looks, as data files (templates/styles/NAME.yaml).

A profile may name a `base` profile and override only what differs; a writer's own profiles in a
template folder's `styles/` come before the built-in ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from drafter.decoding import decode_text
from drafter.errors import Problem, StyleError, did_you_mean
from drafter.folders import folder_files, read_folder_file
from drafter.outline.source import SourceMap, load_yaml
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

    @field_validator("format")
    @classmethod
    def _one_page_field(cls, value: str) -> str:
        if value.count("{page}") != 1:
            raise ValueError("must contain {page} exactly once, e.g. '— {page} —'")
        return value


class Profile(_Spec):
    """A complete style profile (after merging its base)."""

    description: str = ""
    base: str | None = None
    language: str = "zh-CN"
    page: PageSpec = PageSpec()
    normal: StyleSpec = StyleSpec()
    styles: dict[StyleKey, StyleSpec] = Field(default_factory=dict)
    page_number: PageNumberSpec = PageNumberSpec()

    def style(self, key: str) -> StyleSpec:
        return self.styles.get(key, StyleSpec())  # type: ignore[call-overload]


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
        return Profile.model_validate(data)
    except ValidationError as err:
        raise StyleError(problems=validation_problems(err, data, source, Profile)) from None


def _merged(
    name: str, found: dict[str, Path], chain: list[str]
) -> tuple[dict[str, Any], SourceMap]:
    if name not in found:
        hint = did_you_mean(name, found)
        raise StyleError(f"unknown style profile '{name}'{hint}; profiles: {', '.join(found)}")
    if name in chain:
        raise StyleError(f"style profiles name each other as base: {' → '.join([*chain, name])}")
    path = found[name]
    loaded = load_yaml(decode_text(read_folder_file(path.parent, path), str(path)), str(path))
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
