"""Load and validate an outline: every problem at once, each at its file:line:col."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.decoding import read_text, source_name
from drafter.errors import Location, OutlineError, Problem, listed, with_hint
from drafter.i18n import _
from drafter.outline.data import FigureSource, resolve_figures
from drafter.outline.model import Outline
from drafter.outline.references import (
    Stock,
    outline_references,
    partial_references,
    reference_problems,
)
from drafter.outline.rules import MAX_ITEM_DEPTH
from drafter.schema.fields import INVALID, Kind, Reading, describe
from drafter.schema.records import Alias, english_keys, located, read_record
from drafter.schema.source import (
    PathKey,
    SourceMap,
    colon_after_key,
    colon_problem,
    format_path,
    load_yaml,
)


@dataclass(frozen=True)
class LoadedOutline:
    """A validated outline and where each of its values came from."""

    outline: Outline
    source: SourceMap
    path: Path | None = None
    # the outline's own keys (Chinese aliases as their English keys) and values, as written,
    # for `check`'s rules that point into the file
    data: dict[str, Any] | None = None
    text: str = ""  # the file's text (to point at a character inside a value)
    # figures that take their numbers from a table (`from:`): the table's row and cells
    figure_sources: Mapping[PathKey, FigureSource] = field(default_factory=dict)
    aliases: tuple[Alias, ...] = ()  # Chinese keys read as English ones (check notes them)
    warnings: tuple[Problem, ...] = ()  # what the outline may not mean (a list line without '- ')
    # each value's declared kind of value (Stock, Text …) by its path, from the same walk
    value_kinds: Mapping[PathKey, Kind] = field(default_factory=dict)


def load_outline(
    path: Path,
    *,
    kinds: Mapping[str, str | None] | None = None,
    library: Stock | None = None,
    defaults: dict[str, Any] | None = None,
    encoding: str | None = None,
    styles: Collection[str] | None = None,
    kind_names: Mapping[str, str] | None = None,
) -> LoadedOutline:
    """Read, parse and validate the outline at `path`; raise OutlineError with every problem."""
    text = read_text(path, encoding)
    return parse_outline(
        text,
        source_name(path),
        kinds=kinds,
        library=library,
        path=path,
        defaults=defaults,
        styles=styles,
        kind_names=kind_names,
    )


def parse_outline(
    text: str,
    file: str = "<outline>",
    *,
    kinds: Mapping[str, str | None] | None = None,
    library: Stock | None = None,
    path: Path | None = None,
    defaults: dict[str, Any] | None = None,
    styles: Collection[str] | None = None,
    kind_names: Mapping[str, str] | None = None,
) -> LoadedOutline:
    """Validate outline text. `kinds` (when given) are the known speech kinds, each with its
    default closing entry; `library` the stock paragraphs it may `use:`; `defaults` fill
    top-level keys the outline leaves out (office settings); `styles` the style profiles its
    `style:` may name; `kind_names` the kinds' Chinese names (年度工作会议 → work-conference)."""
    loaded = load_yaml(text, file)
    data, source = loaded.data, loaded.source
    if not isinstance(data, dict):
        raise OutlineError(problems=[_not_a_mapping(data, source)])
    value_kinds: dict[PathKey, Kind] = {}
    data, aliases, problems = english_keys(data, source, Outline, value_kinds)
    merged = {**(defaults or {}), **data}
    merged["kind"] = _kind(merged.get("kind"), kind_names or {}, kinds or {})
    problems += semantic_problems(merged, source, kinds, styles, kind_names)
    tables = resolve_figures(merged, source, (path or Path(file)).parent)
    merged, problems = tables.data, problems + tables.problems
    reading = Reading()
    outline = read_record(Outline, merged, (), reading)
    problems += located(reading.slips, source)
    if library is not None:
        if outline is INVALID:  # what validates on its own is still checked
            references = partial_references(merged)
            fallbacks = None
        else:  # required parameters fall back on the outline's own values
            references = outline_references(outline, (kinds or {}).get(outline.kind))
            fallbacks = None if problems else outline.office_values()
        problems += reference_problems(references, source, library, fallbacks)
    if problems:
        raise OutlineError(problems=problems)
    return LoadedOutline(
        outline,
        source,
        path,
        data,
        text,
        tables.sources,
        tuple(aliases),
        tuple(loaded.warnings),
        value_kinds,
    )


def _not_a_mapping(data: Any, source: SourceMap) -> Problem:
    """Why an outline that is not a mapping is not one (a lone `讲话人：张某某` line is a key
    with a full-width colon)."""
    where = source.locate(())
    colon = colon_after_key(data) if isinstance(data, str) else None
    if colon is not None:
        key, index = colon
        return colon_problem(key, Location(where.file, where.line, where.column + index))
    if data is None:
        msg = _("the outline is empty; it needs keys such as kind:, occasion: and parts:")
    else:
        msg = _(
            "the outline is {found}, not a mapping; it needs keys such as kind:, occasion: and "
            "parts:"
        ).format(found=describe(data))
    return Problem(msg, where)


def _kind(kind: Any, names: Mapping[str, str], kinds: Mapping[str, Any]) -> Any:
    """A kind named in Chinese (年度工作会议, or 年度工作会议讲话) is that kind."""
    if not isinstance(kind, str) or kind in kinds:
        return kind
    typed = kind.strip()
    return names.get(typed) or names.get(typed.removesuffix("讲话")) or kind


def semantic_problems(
    data: dict[str, Any],
    source: SourceMap,
    kinds: Mapping[str, str | None] | None,
    styles: Collection[str] | None = None,
    kind_names: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Problems the schema cannot see: a kind no template provides, a style no profile does,
    items nested too deep."""
    problems = list(_too_deep(data, source))
    named = {**(kind_names or {})}
    for key, known in (("kind", kinds), ("style", styles)):
        value = data.get(key)
        if known is None or not isinstance(value, str) or value in known:
            continue
        names = named if key == "kind" else {}
        choices = listed(_with_names(name, names) for name in sorted(known))
        if key == "kind":
            unknown = _("unknown kind '{value}'").format(value=value)
            said = _("{message}; kinds: {choices}")
        else:
            unknown = _("unknown style profile '{value}'").format(value=value)
            said = _("{message}; style profiles: {choices}")
        msg = said.format(message=with_hint(unknown, value, known, names), choices=choices)
        problems.append(Problem(msg, source.locate((key,)), key))
    return problems


def _with_names(kind: str, names: Mapping[str, str]) -> str:
    """work-conference 年度工作会议: a kind with its first Chinese name, when it has one."""
    first = next((name for name, named in names.items() if named == kind), None)
    return f"{kind} {first}" if first else kind


def _too_deep(data: dict[str, Any], source: SourceMap) -> Iterator[Problem]:
    """Items inside items go down to heading level 4 (（1）): three levels under a part."""

    def walk(items: Any, path: PathKey, depth: int) -> Iterator[Problem]:
        if not isinstance(items, list) or not items:
            return
        if depth > MAX_ITEM_DEPTH:
            message = _(
                "items nest at most {most} deep under a part (down to （1）); "
                "write this level as text or measures"
            ).format(most=MAX_ITEM_DEPTH)
            yield Problem(message, source.locate(path, prefer_key=True), format_path(path))
            return
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield from walk(item.get("items"), (*path, index, "items"), depth + 1)

    parts = data.get("parts")
    for p, part in enumerate(parts if isinstance(parts, list) else []):
        if isinstance(part, dict):
            yield from walk(part.get("items"), ("parts", p, "items"), 1)
