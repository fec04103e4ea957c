"""Every text value of a loaded outline, and where a character inside one stands in the file.

Used by `check` for all its rules on the outline as written, and by `render` to report the
placeholders a draft still carries (render must not need the rest of `check`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from drafter.chinese import placeholders
from drafter.errors import Location, Problem, Severity, listed
from drafter.i18n import _
from drafter.schema.source import PathKey, format_path

if TYPE_CHECKING:  # load reads values' item walker, so only the type is needed here
    from drafter.outline.load import LoadedOutline

PLACEHOLDER_RULE = "placeholder"


@dataclass(frozen=True)
class Text:
    """A string value of the outline and where it stands."""

    path: PathKey
    value: str


def indexed(value: Any) -> list[tuple[int, Any]]:
    """A list of outline data as written with its indexes; anything else as no elements
    (validation reports a value of the wrong type)."""
    return list(enumerate(value)) if isinstance(value, list) else []


def item_lists(data: Any) -> Iterator[tuple[PathKey, list[tuple[PathKey, dict[str, Any]]]]]:
    """Every list of items in outline data as written (a part's, and each item's own items),
    with each item's path; values of the wrong type are skipped (validation reports them)."""

    def walk(path: PathKey, items: Any) -> Iterator[tuple[PathKey, list[tuple[PathKey, dict]]]]:
        found = [((*path, i), item) for i, item in indexed(items) if isinstance(item, dict)]
        yield path, found
        for item_path, item in found:
            if isinstance(item.get("items"), list):
                yield from walk((*item_path, "items"), item["items"])

    parts = data.get("parts") if isinstance(data, dict) else None
    for p, part in enumerate(parts if isinstance(parts, list) else []):
        if isinstance(part, dict):
            yield from walk(("parts", p, "items"), part.get("items"))


def items_of(data: Any) -> Iterator[tuple[PathKey, dict[str, Any]]]:
    """Every item of outline data as written, items inside items included, with its path."""
    for _path, items in item_lists(data):
        yield from items


def texts(data: Any, path: PathKey = ()) -> Iterator[Text]:
    """Every string in outline data, with its path."""
    if isinstance(data, str):
        yield Text(path, data)
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from texts(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from texts(value, (*path, index))


class ValueLocator:
    """Points at a character inside a value: the value's start, then a search of the file.
    `severities` gives each rule id its severity."""

    def __init__(self, loaded: LoadedOutline, severities: Mapping[str, Severity]) -> None:
        self.loaded = loaded
        self.severities = severities
        self.lines = loaded.text.splitlines()

    def at(self, path: PathKey, snippet: str = "", offset: int = 0) -> Location:
        """The value's start, or where `snippet` (its `offset`th character) stands after it."""
        start = self.loaded.source.locate(path)
        if not snippet or not start.line:
            return start
        for number in range(start.line, min(start.line + 200, len(self.lines)) + 1):
            line = self.lines[number - 1]
            column = line.find(snippet, start.column - 1 if number == start.line else 0)
            if column >= 0:
                return Location(start.file, number, column + offset + 1)
        return start

    def problem(
        self, path: PathKey, rule: str, message: str, snippet: str = "", offset: int = 0
    ) -> Problem:
        location = self.at(path, snippet, offset)
        return Problem(message, location, format_path(path), self.severities[rule], rule)


def placeholders_in(locate: ValueLocator, text: Text) -> Iterator[Problem]:
    """One problem per placeholder (XX, 【待补】 …) in a value, at its character."""
    for start, end in placeholders.find(text.value):
        found = text.value[start:end]
        context = text.value[max(0, start - 6) : end + 6]
        message = _("placeholder '{found}' left in the text: …{context}…").format(
            found=found, context=context
        )
        yield locate.problem(text.path, PLACEHOLDER_RULE, message, found)


def placeholder_summary(problems: list[Problem], shown_lines: int = 10) -> list[Problem]:
    """The placeholder warnings of one outline as one: '3 placeholders left: lines 12, 40, 77'
    (what render prints unless asked for each); other problems stay as they are."""
    found = [p for p in problems if p.rule == PLACEHOLDER_RULE]
    if len(found) < 2:
        return problems
    lines = sorted({p.location.line for p in found if p.location and p.location.line})
    shown = listed([*map(str, lines[:shown_lines]), *(["…"] if len(lines) > shown_lines else [])])
    if len(lines) == 1:
        message = _("{count} placeholders left: line {lines} (drafter check or -v lists each)")
    else:
        message = _("{count} placeholders left: lines {lines} (drafter check or -v lists each)")
    message = message.format(count=len(found), lines=shown)
    file = found[0].location.file if found[0].location else ""
    summary = Problem(message, Location(file), severity="warning", rule=PLACEHOLDER_RULE)
    others = [p for p in problems if p.rule != PLACEHOLDER_RULE]
    return [*others, summary]


def placeholder_problems(loaded: LoadedOutline) -> list[Problem]:
    """Placeholders only: what render prints as warnings (and highlights in the DOCX)."""
    locate = ValueLocator(loaded, {PLACEHOLDER_RULE: "warning"})
    found = [p for text in texts(loaded.data or {}) for p in placeholders_in(locate, text)]
    return sorted(found, key=Problem.sort_key)
