"""An outline's library references filled in: each `use:` replaced by its entry's text, so
templates only ever see finished text; a closing left out takes the kind's default closing.
A render's `Trace` is told which values (and which lines of the closing) are library text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from drafter.outline.model import Closing, Outline, OutlineItem, Said
from drafter.outline.references import CLOSING_USE, outline_references
from drafter.render.budget import Budget
from drafter.render.library import Filled, Library
from drafter.render.sources import Origin, Trace, outline_lines, stock_lines
from drafter.schema.source import PathKey

CLOSING_TEXT: PathKey = ("closing", "text")
MIN_WORDS = 2  # a `with:` value shorter than this is not looked for in its entry's text
# Whom a closing addresses when the outline writes no salutation: the hearers of the built-in
# kinds' salutations (同志们, 各位领导、同志们). A salutation the outline writes decides alone: a
# closing addresses its hearers (各位领导，老师们 → 老师们), or nobody (各位校长).
KINDS_HEARERS = "同志们"
_Found = dict[PathKey, tuple[str, Filled]]  # a reference's path → (its entry, the text)


def fill(
    outline: Outline,
    default_closing: str | None,
    library: Library,
    budget: Budget | None = None,
    trace: Trace | None = None,
) -> Outline:
    """The outline with every library reference replaced by its text (the entries' work
    charged to the render's `budget`; the `trace` told where library text went)."""
    fallbacks = outline.office_values()
    if outline.salutation is None:  # the kinds' own salutation (……同志们) names these hearers
        fallbacks = {"hearers": KINDS_HEARERS, **fallbacks}
    if outline.closing.greeting:  # a greeting of its own: the closing does not wish again
        fallbacks = {**fallbacks, "greeted": "是"}
    budget = budget or Budget()
    filled: _Found = {}
    for ref in outline_references(outline, default_closing):
        filled[ref.path] = (ref.entry_id, library.resolve(ref, fallbacks, budget))
        if trace is not None:
            trace.within(ref.path, _given(ref.given, ref.with_path))
    update: dict[str, Any] = {}
    if ("opening", "use") in filled:
        entry, found = filled[("opening", "use")]
        update["opening"] = outline.opening.replace(text=found.text, use=None)
        if trace is not None:
            trace.filled(("opening", "text"), stock_lines(found.text, ("opening", "use"), entry))
    parts = [
        part.replace(items=_fill_items(("parts", p, "items"), part.items, filled, trace))
        for p, part in enumerate(outline.parts)
    ]
    update["parts"] = parts
    update["closing"] = _fill_closing(outline.closing, filled, trace)
    return outline.replace(**update)


def _given(given: Mapping[str, Any], path: PathKey) -> list[tuple[str, Origin]]:
    """The writer's `with:` values (at `path`) as words their entry's text may hold."""
    return [
        (value, Origin((*path, name), words=value))
        for name, value in given.items()
        if isinstance(value, str) and len(value.strip()) >= MIN_WORDS and "\n" not in value
    ]


def _fill_items(
    path: PathKey, items: list[OutlineItem], filled: _Found, trace: Trace | None
) -> list[OutlineItem]:
    """Items (and the items inside them) with their library text filled in."""
    done = []
    for i, item in enumerate(items):
        items_path = (*path, i, "items")
        update: dict[str, Any] = {"items": _fill_items(items_path, item.items, filled, trace)}
        use = (*path, i, "use")
        if use in filled:
            entry, found = filled[use]
            update |= {
                "headline": item.headline or found.headline,
                "text": item.text or found.text,
                "use": None,
            }
            for key, own in (("headline", item.headline), ("text", item.text)):
                if trace is not None and not own:
                    trace.filled((*path, i, key), stock_lines(update[key], use, entry))
        done.append(item.replace(**update))
    return done


def _fill_closing(closing: Closing, filled: _Found, trace: Trace | None) -> Closing:
    paragraphs = [(closing.text, outline_lines(closing.text, CLOSING_TEXT))] if closing.text else []
    said = closing.greeting.text if isinstance(closing.greeting, Said) else ""
    greeting = -1  # which of the paragraphs is the greeting
    for path in (
        ("closing",),
        CLOSING_USE,
        ("closing", "greeting"),
        ("closing", "greeting", "use"),
        ("closing", "thanks"),
    ):
        if path in filled:
            entry, found = filled[path]
            paragraphs.append((found.text, stock_lines(found.text, path, entry)))
        elif path == ("closing", "greeting") and said:
            paragraphs.append((said, outline_lines(said, ("closing", "greeting", "text"))))
        else:
            continue
        greeting = len(paragraphs) - 1 if path[1:2] == ("greeting",) else greeting
    lines = [
        (line, origin, n == greeting)
        for n, (text, origins) in enumerate(paragraphs)
        if text
        for line, origin in zip(text.split("\n"), origins, strict=True)
    ]
    # after 最后 (最后，预祝……圆满成功！) only the thanks follow: a greeting goes before it
    last = next((i for i, (line, _, _) in enumerate(lines) if line.lstrip().startswith("最后")), -1)
    if last >= 0 and any(greets for _, _, greets in lines[last:]):
        rest = lines[last:]
        lines = lines[:last] + [ln for ln in rest if ln[2]] + [ln for ln in rest if not ln[2]]
    if trace is not None:
        trace.filled(CLOSING_TEXT, [origin for _, origin, _ in lines])
    return type(closing)(text="\n".join(line for line, _, _ in lines))
