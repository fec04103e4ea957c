"""An outline's references to the library: found once, checked at their file:line.

`use:` appears on the opening, the closing (with `greeting` and `thanks`) and on items (stock
requirement paragraphs). References are read from the validated outline, so an id is whatever
reading made of it (`greeting: 0` is the id '0'). When the outline as a whole does not validate,
each opening, closing and item that does validate on its own is still checked, so a writer sees
every problem at once. The library that answers (`Stock`) and the filling of references with
their text are rendering's (`render/library.py`, `render/filling.py`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from drafter.errors import Problem
from drafter.outline.model import Closing, Opening, Outline, OutlineItem, Said
from drafter.outline.values import items_of
from drafter.schema.records import read_valid
from drafter.schema.source import PathKey, SourceMap, format_path

DEFAULT_THANKS = "thanks"
CLOSING_USE: PathKey = ("closing", "use")


@dataclass(frozen=True)
class Reference:
    """A use of a library entry: which one, of which category (None: any), with which `with:`
    values, and where the id and its `with:` stand in the outline (() on the command line)."""

    entry_id: str
    category: str | None = None
    given: Mapping[str, Any] = field(default_factory=dict)
    path: PathKey = ()
    with_path: PathKey = ()


@dataclass(frozen=True)
class ReferenceProblem:
    """Why a reference cannot be filled, and the outline path it concerns."""

    path: PathKey
    message: str
    at_key: bool = False  # point at the key (an unknown parameter's name), not its value


class Stock(Protocol):
    """What checks references: the library of stock paragraphs (`render.library.Library`)."""

    def problems(
        self, ref: Reference, fallbacks: Mapping[str, Any] | None = None
    ) -> list[ReferenceProblem]: ...


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
        yield Reference(closing.use, "closing", closing.with_, CLOSING_USE, ("closing", "with"))
    elif default_closing and closing.text is None:  # the kind's own closing: no `use` to point at
        yield Reference(
            default_closing, "closing", closing.with_, ("closing",), ("closing", "with")
        )
    greeting = closing.greeting
    if isinstance(greeting, str):
        yield Reference(greeting, "greeting", {}, ("closing", "greeting"))
    elif greeting is not None and not isinstance(greeting, Said):
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
    opening = read_valid(Opening, _text_shorthand(data.get("opening", {})))
    closing = read_valid(Closing, _text_shorthand(data.get("closing", {})))
    items = []
    for path, raw in items_of(data):  # each item on its own, without the items inside it
        item = read_valid(OutlineItem, {key: value for key, value in raw.items() if key != "items"})
        if item is not None:
            items.append((path, item))
    return list(_references(opening, closing, items))


def _text_shorthand(raw: Any) -> Any:
    return {"text": raw} if isinstance(raw, str) else raw


def reference_problems(
    references: list[Reference],
    source: SourceMap,
    library: Stock,
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
