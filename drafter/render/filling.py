"""An outline's library references filled in: each `use:` replaced by its entry's text, so
templates only ever see finished text; a closing left out takes the kind's default closing."""

from __future__ import annotations

from typing import Any

from drafter.outline.model import Closing, Outline, OutlineItem, Said
from drafter.outline.references import CLOSING_USE, outline_references
from drafter.render.budget import Budget
from drafter.render.library import Filled, Library
from drafter.schema.source import PathKey


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
        update["opening"] = outline.opening.replace(text=text, use=None)
    parts = [
        part.replace(items=_fill_items(("parts", p, "items"), part.items, filled))
        for p, part in enumerate(outline.parts)
    ]
    update["parts"] = parts
    update["closing"] = _fill_closing(outline.closing, filled)
    return outline.replace(**update)


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
        done.append(item.replace(**update))
    return done


def _fill_closing(closing: Closing, filled: dict[PathKey, Filled]) -> Closing:
    paragraphs = [closing.text] if closing.text else []
    said = closing.greeting.text if isinstance(closing.greeting, Said) else ""
    for path in (
        ("closing",),
        CLOSING_USE,
        ("closing", "greeting"),
        ("closing", "greeting", "use"),
        ("closing", "thanks"),
    ):
        if path in filled:
            paragraphs.append(filled[path].text)
        elif path == ("closing", "greeting") and said:
            paragraphs.append(said)
    return type(closing)(text="\n".join(p for p in paragraphs if p))
