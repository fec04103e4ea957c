"""An outline's references to the library: found once, checked at their file:line, filled in.

`use:` appears on the opening, the closing (with `greeting` and `thanks`) and on items (stock
requirement paragraphs). References are read from the validated outline, so an id is whatever
pydantic made of it (`greeting: 0` is the id '0'). When the outline as a whole does not validate,
each opening, closing and item that does validate on its own is still checked, so a writer sees
every problem at once. Filling replaces each reference by the entry's text, so templates only
ever see finished text; a closing left out takes the kind's default closing entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from drafter.errors import Problem
from drafter.outline.library import Filled, Library, Reference
from drafter.outline.plain import Closing, Opening, Outline, OutlineItem, is_a
from drafter.outline.source import PathKey, SourceMap, format_path
from drafter.outline.values import items_of
from drafter.render.budget import Budget

DEFAULT_THANKS = "thanks"
_CLOSING_USE: PathKey = ("closing", "use")


def _references(
    opening: Opening | None,
    closing: Closing | None,
    items: list[tuple[PathKey, OutlineItem]],
    default_closing: str | None = None,
) -> Iterator[Reference]:
    """Every library reference of an outline's opening, items and closing, in speaking order.

    With `default_closing` (the kind's entry), a closing without text or `use` refers to it;
    `thanks: true` refers to the default thanks entry."""
    if opening is not None and opening.use:
        yield Reference(
            opening.use, "opening", opening.with_, ("opening", "use"), ("opening", "with")
        )
    for path, item in items:
        if item.use:
            yield Reference(item.use, "requirement", item.with_, (*path, "use"), (*path, "with"))
    if closing is None:
        return
    if closing.use:
        yield Reference(closing.use, "closing", closing.with_, _CLOSING_USE, ("closing", "with"))
    elif default_closing and not closing.text:  # the kind's own closing: no `use` to point at
        yield Reference(
            default_closing, "closing", closing.with_, ("closing",), ("closing", "with")
        )
    greeting = closing.greeting
    if isinstance(greeting, str):
        yield Reference(greeting, "greeting", {}, ("closing", "greeting"))
    elif greeting is not None and not is_a(greeting, "Said"):
        where = ("closing", "greeting")
        yield Reference(greeting.use, "greeting", greeting.with_, (*where, "use"), (*where, "with"))
    if isinstance(closing.thanks, str):
        yield Reference(closing.thanks, "thanks", {}, ("closing", "thanks"))
    elif closing.thanks:
        yield Reference(DEFAULT_THANKS, "thanks", {}, ("closing", "thanks"))


def _nested(path: PathKey, items: list[OutlineItem]) -> Iterator[tuple[PathKey, OutlineItem]]:
    """Items and the items inside them, each with its path."""
    for i, item in enumerate(items):
        yield (*path, i), item
        yield from _nested((*path, i, "items"), item.items)


def outline_references(outline: Outline, default_closing: str | None = None) -> list[Reference]:
    items = [
        found
        for p, part in enumerate(outline.parts)
        for found in _nested(("parts", p, "items"), part.items)
    ]
    return list(_references(outline.opening, outline.closing, items, default_closing))


def partial_references(data: dict[str, Any]) -> list[Reference]:
    """References in an outline that does not validate: from each opening, closing and item
    that validates on its own (the others get their problems from validation)."""
    from drafter.outline import model

    opening = _valid(model.Opening, data.get("opening", {}), text_shorthand=True)
    closing = _valid(model.Closing, data.get("closing", {}), text_shorthand=True)
    items = []
    for path, raw in items_of(data):  # each item on its own, without the items inside it
        raw_item = {key: value for key, value in raw.items() if key != "items"}
        item = _valid(model.OutlineItem, raw_item)
        if item is not None:
            items.append((path, item))
    return list(_references(opening, closing, items))


def _valid(model: Any, raw: Any, *, text_shorthand: bool = False) -> Any:
    from pydantic import ValidationError

    if text_shorthand and isinstance(raw, str):
        raw = {"text": raw}
    try:
        return model.model_validate(raw)
    except ValidationError:
        return None


def reference_problems(
    references: list[Reference],
    source: SourceMap,
    library: Library,
    fallbacks: dict[str, Any] | None = None,
) -> list[Problem]:
    """Unknown entry ids and parameters (and, with `fallbacks`, required parameters nobody
    gives), each at its place in the outline."""
    problems = []
    for ref in references:
        for found in library.problems(ref, fallbacks):
            location = source.locate(found.path, prefer_key=found.at_key)
            problems.append(
                Problem(found.message, location, format_path(found.path), rule="library")
            )
    return problems


def fill(
    outline: Outline, default_closing: str | None, library: Library, budget: Budget | None = None
) -> Outline:
    """The outline with every library reference replaced by its text (the entries' work
    charged to the render's `budget`)."""
    fallbacks = outline.office_values()
    budget = budget or Budget()
    filled: dict[PathKey, Filled] = {
        ref.path: library.resolve(ref, fallbacks, budget)
        for ref in outline_references(outline, default_closing)
    }
    update: dict[str, Any] = {}
    if ("opening", "use") in filled:
        text = filled[("opening", "use")].text
        update["opening"] = outline.opening.model_copy(update={"text": text, "use": None})
    parts = [
        part.model_copy(update={"items": _fill_items(("parts", p, "items"), part.items, filled)})
        for p, part in enumerate(outline.parts)
    ]
    update["parts"] = parts
    update["closing"] = _fill_closing(outline.closing, filled)
    return outline.model_copy(update=update)


def _fill_items(
    path: PathKey, items: list[OutlineItem], filled: dict[PathKey, Filled]
) -> list[OutlineItem]:
    """Items (and the items inside them) with their library text filled in."""
    done = []
    for i, item in enumerate(items):
        update: dict[str, Any] = {"items": _fill_items((*path, i, "items"), item.items, filled)}
        found = filled.get((*path, i, "use"))
        if found is not None:
            update |= {
                "headline": item.headline or found.headline,
                "text": item.text or found.text,
                "use": None,
            }
        done.append(item.model_copy(update=update))
    return done


def _fill_closing(closing: Closing, filled: dict[PathKey, Filled]) -> Closing:
    paragraphs = [closing.text] if closing.text else []
    said = closing.greeting.text if is_a(closing.greeting, "Said") else ""
    for path in (
        ("closing",),
        _CLOSING_USE,
        ("closing", "greeting"),
        ("closing", "greeting", "use"),
        ("closing", "thanks"),
    ):
        if path in filled:
            paragraphs.append(filled[path].text)
        elif path == ("closing", "greeting") and said:
            paragraphs.append(said)
    return type(closing)(text="\n".join(p for p in paragraphs if p))
