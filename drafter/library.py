"""The library of stock paragraphs: closings, greetings, thanks, requirements, openings.

Built-in entries live in `templates/library/` (one YAML file per entry); an office adds its own
in the folders its config names, and theirs win on the same id. An entry's text is Jinja, run
in the same sandbox as templates. Its parameters come from the outline's `with:`, then from the
outline and office values of the same name (org, leadership, …), then from the entry defaults.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import jinja2
from pydantic import BaseModel, ConfigDict, Field

from drafter.errors import DrafterError, LibraryError, Location, Problem
from drafter.templating import new_sandbox, template_location
from drafter.validation import did_you_mean, parse_model
from drafter.yamlsource import SourceMap, read_text

LIBRARY_DIR = "library"
CATEGORIES = ("closing", "greeting", "thanks", "requirement", "opening")
Category = Literal["closing", "greeting", "thanks", "requirement", "opening"]
Scalar = str | int | float


class Param(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    description: str = Field(description="what the parameter is, for `drafter closings show`")
    default: str | None = Field(None, description="used when neither outline nor office sets it")


class Entry(BaseModel):
    """One stock paragraph (or several, one a line)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="how outlines name it")
    category: Category
    description: str = Field(description="one line: what it says and when it fits")
    tags: list[str] = Field(default_factory=list, description="kinds and seasons it fits")
    params: dict[str, Param] = Field(default_factory=dict)
    headline: str | None = Field(None, description="requirement entries: the item headline")
    text: str = Field(description="Jinja text; each line is a paragraph")


@dataclass(frozen=True)
class LoadedEntry:
    entry: Entry
    path: Path
    source: str  # "built-in" or the folder it came from
    text_location: Location

    @property
    def id(self) -> str:
        return self.entry.id


class Library:
    """Entries by id: a writer's folders first (they win), then the built-in ones."""

    def __init__(self, folders: Sequence[Path], builtin: Path) -> None:
        self.entries: dict[str, LoadedEntry] = {}
        problems: list[Problem] = []
        for folder in [*folders, builtin]:
            if not folder.is_dir():
                raise LibraryError(f"library folder {folder} does not exist")
            source = "built-in" if folder == builtin else str(folder)
            seen_here: dict[str, Path] = {}
            for path in sorted(folder.rglob("*.yaml")):
                try:
                    loaded = _load_entry(path, source)
                except DrafterError as err:
                    problems.extend(err.problems or [Problem(str(err))])
                    continue
                if loaded.id in seen_here:
                    msg = f"id '{loaded.id}' is also used by {seen_here[loaded.id]}"
                    problems.append(Problem(msg, Location(str(path)), rule="library"))
                    continue
                seen_here[loaded.id] = path
                self.entries.setdefault(loaded.id, loaded)
        if problems:
            raise LibraryError(problems=problems)
        self.env = new_sandbox(undefined=jinja2.StrictUndefined, autoescape=False)

    def ids(self, category: str | None = None) -> list[str]:
        return sorted(i for i, e in self.entries.items() if category in (None, e.entry.category))

    def find(self, entry_id: str, category: str | None = None) -> LoadedEntry | None:
        found = self.entries.get(entry_id)
        if found is None or (category and found.entry.category != category):
            return None
        return found

    def unknown_id_message(self, entry_id: str, category: str | None = None) -> str:
        """Why `entry_id` cannot be used (as a `category` entry), with the closest ids."""
        found = self.entries.get(entry_id)
        if found is not None and category:
            return f"'{entry_id}' is a {found.entry.category} entry, not a {category}"
        choices = self.ids(category)
        hint = did_you_mean(entry_id, choices)
        if category:
            return (
                f"unknown {category} '{entry_id}'{hint}; {category} entries: {', '.join(choices)}"
            )
        return f"unknown library entry '{entry_id}'{hint}; see drafter closings list"

    def unknown_parameter(self, entry_id: str, name: str) -> str | None:
        """Why `with:` cannot name `name` for this entry (None when it can)."""
        params = self.entries[entry_id].entry.params
        if name in params:
            return None
        return (
            f"'{entry_id}' has no parameter '{name}'{did_you_mean(name, params)}; "
            f"parameters: {', '.join(params) or 'none'}"
        )

    def _choices(
        self, entry_id: str, given: Mapping[str, Any], fallbacks: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Each parameter from `with:`, else the outline/office value, else its default
        (None when it has none: a required parameter nobody gave)."""
        return {
            name: next(
                (c for c in (given.get(name), fallbacks.get(name)) if c not in (None, "")),
                param.default,  # may be "": the entry's text leaves the phrase out
            )
            for name, param in self.entries[entry_id].entry.params.items()
        }

    def missing_parameters(
        self, entry_id: str, given: Mapping[str, Any], fallbacks: Mapping[str, Any]
    ) -> list[str]:
        choices = self._choices(entry_id, given, fallbacks)
        return [name for name, chosen in choices.items() if chosen is None]

    def values(
        self, entry_id: str, given: Mapping[str, Any], fallbacks: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The parameters' values; a required one nobody gave is an error."""
        values = self._choices(entry_id, given, fallbacks)
        for name, chosen in values.items():
            if chosen is None:
                raise LibraryError(f"library entry '{entry_id}' needs the parameter '{name}'")
        return values

    def render(
        self, entry_id: str, given: Mapping[str, Any] = {}, fallbacks: Mapping[str, Any] = {}
    ) -> tuple[str, str]:
        """(headline, text) of an entry with its parameters filled; text lines are paragraphs."""
        loaded = self.entries[entry_id]
        values = self.values(entry_id, given, fallbacks)
        headline = self._run(loaded, loaded.entry.headline or "", values)
        text = self._run(loaded, loaded.entry.text, values)
        lines = (line.strip() for line in text.splitlines())
        return headline.strip(), "\n".join(line for line in lines if line)

    def _run(self, loaded: LoadedEntry, text: str, values: dict[str, Any]) -> str:
        try:
            return self.env.from_string(text).render(**values)
        except Exception as err:  # an office's entry fails like a template: reported, located
            found = template_location(err.__traceback__)
            line = getattr(err, "lineno", None) or (found.line if found else 1)
            where = loaded.text_location
            msg = f"library entry '{loaded.id}', line {line} of its text: {err}"
            location = Location(where.file, where.line + line - 1 if where.line else 0)
            raise LibraryError(problems=[Problem(msg, location, rule="library")]) from None


def _load_entry(path: Path, source: str) -> LoadedEntry:
    entry, source_map = parse_model(read_text(path), str(path), Entry, LibraryError)
    return LoadedEntry(entry, path, source, _text_start(source_map, path))


def _text_start(source_map: SourceMap, path: Path) -> Location:
    """Where the first line of `text` stands (a block scalar starts on the line after `|`)."""
    location = source_map.locate(("text",))
    try:
        line = path.read_text(encoding="utf-8").splitlines()[location.line - 1]
    except (OSError, IndexError, UnicodeDecodeError):
        return location
    if re.search(r"text:\s*[|>][-+0-9]*\s*(#.*)?$", line):
        return Location(location.file, location.line + 1)
    return location
