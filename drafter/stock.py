"""An outline's references to the library: checked at their file:line, then filled in.

`use:` appears on the opening, the closing (with `greeting` and `thanks`) and on items (stock
requirement paragraphs). Filling replaces each reference by the entry's text, so templates only
ever see finished text; a closing left out takes the kind's default closing entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from drafter.errors import LibraryError, Problem
from drafter.library import Library
from drafter.model import Closing, Item, Outline, Ref
from drafter.templating import Kind
from drafter.yamlsource import PathKey, SourceMap, format_path

DEFAULT_THANKS = "thanks"


@dataclass(frozen=True)
class _Reference:
    path: PathKey  # where the entry id stands
    with_path: PathKey  # where its `with:` mapping stands
    category: str
    entry_id: str
    given: dict[str, Any]


def _entry_id(value: Any) -> str | None:
    """An entry id as validation reads it: text, or a number kept as its text (use: 0 → '0')."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value)


def _references(data: dict[str, Any]) -> Iterator[_Reference]:
    """Every library reference in raw outline data (types are not yet validated)."""

    def ref(base: PathKey, node: Any, category: str) -> Iterator[_Reference]:
        entry = _entry_id(node.get("use")) if isinstance(node, dict) else None
        if entry is not None:
            given = node.get("with") if isinstance(node.get("with"), dict) else {}
            yield _Reference((*base, "use"), (*base, "with"), category, entry, given)

    yield from ref(("opening",), data.get("opening"), "opening")
    closing = data.get("closing")
    if isinstance(closing, dict):
        yield from ref(("closing",), closing, "closing")
        greeting = closing.get("greeting")
        if _entry_id(greeting) is not None:
            yield _Reference(("closing", "greeting"), (), "greeting", str(greeting), {})
        else:
            yield from ref(("closing", "greeting"), greeting, "greeting")
        thanks = closing.get("thanks")
        if _entry_id(thanks) is not None and thanks not in (0, 1):  # 0/1 validate as false/true
            yield _Reference(("closing", "thanks"), (), "thanks", str(thanks), {})
    parts = data.get("parts")
    for p, part in enumerate(parts if isinstance(parts, list) else []):
        items = part.get("items") if isinstance(part, dict) else None
        for i, item in enumerate(items if isinstance(items, list) else []):
            yield from ref(("parts", p, "items", i), item, "requirement")


def reference_problems(data: dict[str, Any], source: SourceMap, library: Library) -> list[Problem]:
    """Unknown entry ids and unknown parameters, each at its place in the outline."""
    problems = []
    for ref in _references(data):
        where = format_path(ref.path)
        if library.find(ref.entry_id, ref.category) is None:
            message = library.unknown_id_message(ref.entry_id, ref.category)
            problems.append(Problem(message, source.locate(ref.path), where, rule="library"))
            continue
        for name in ref.given:
            message = library.unknown_parameter(ref.entry_id, str(name))
            if message is None:
                continue
            path = (*ref.with_path, name)
            location = source.locate(path, prefer_key=True)
            problems.append(Problem(message, location, format_path(path), rule="library"))
    return problems


def missing_parameter_problems(
    outline: Outline, data: dict[str, Any], source: SourceMap, library: Library
) -> list[Problem]:
    """Required parameters that neither `with:`, the outline nor the office supplies."""
    fallbacks = outline.office_values()
    problems = []
    for ref in _references(data):
        if library.find(ref.entry_id, ref.category) is None:
            continue
        for name in library.missing_parameters(ref.entry_id, ref.given, fallbacks):
            param = library.entries[ref.entry_id].entry.params[name]
            message = (
                f"'{ref.entry_id}' needs the parameter '{name}' ({param.description}); "
                f"give it under with:"
            )
            location = source.locate(ref.path)
            problems.append(Problem(message, location, format_path(ref.path), rule="library"))
    return problems


def fill(outline: Outline, kind: Kind, library: Library) -> Outline:
    """The outline with every library reference replaced by its text."""
    fallbacks = outline.office_values()
    update: dict[str, Any] = {}
    opening = outline.opening
    if opening.use:
        _, text = library.render(opening.use, opening.with_, fallbacks)
        update["opening"] = opening.model_copy(update={"text": text, "use": None})
    parts = []
    for part in outline.parts:
        items = [_fill_item(item, library, fallbacks) for item in part.items]
        parts.append(part.model_copy(update={"items": items}))
    update["parts"] = parts
    update["closing"] = _fill_closing(outline.closing, kind, library, fallbacks)
    return outline.model_copy(update=update)


def _fill_item(item: Item, library: Library, fallbacks: dict[str, str]) -> Item:
    if not item.use:
        return item
    headline, text = library.render(item.use, item.with_, fallbacks)
    return item.model_copy(
        update={"headline": item.headline or headline, "text": item.text or text, "use": None}
    )


def _fill_closing(
    closing: Closing, kind: Kind, library: Library, fallbacks: dict[str, str]
) -> Closing:
    paragraphs = []
    if closing.text:
        paragraphs.append(closing.text)
    else:
        entry = closing.use or kind.closing
        if entry and library.find(entry, "closing") is None:
            raise LibraryError(
                f"kind '{kind.name}' names the closing '{entry}', which no library has"
            )
        if entry:
            paragraphs.append(library.render(entry, closing.with_, fallbacks)[1])
    greeting = closing.greeting
    if isinstance(greeting, str):
        greeting = Ref(use=greeting)
    if greeting is not None:
        paragraphs.append(library.render(greeting.use, greeting.with_, fallbacks)[1])
    if closing.thanks:
        thanks = closing.thanks if isinstance(closing.thanks, str) else DEFAULT_THANKS
        paragraphs.append(library.render(thanks, {}, fallbacks)[1])
    return Closing(text="\n".join(p for p in paragraphs if p))
