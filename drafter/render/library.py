"""The library of stock paragraphs: closings, greetings, thanks, requirements, openings.

Built-in entries live in `templates/library/` (one YAML file per entry); an office adds its own
in the folders its config names, and theirs win on the same id. An entry's text is Jinja, run
in the same sandbox as templates. Its parameters come from the outline's `with:`, then from the
outline and office values of the same name (org, leadership, …), then from the entry defaults.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from drafter.chinese.seasons import window
from drafter.decoding import decode_text
from drafter.errors import (
    DrafterError,
    LibraryError,
    Location,
    Problem,
    UsageError,
    did_you_mean,
    listed,
)
from drafter.folders import BUILT_IN, folder_files, read_folder_file
from drafter.i18n import LANGUAGES, N_, _, catalogue
from drafter.outline.references import Reference, ReferenceProblem
from drafter.render.budget import Budget
from drafter.render.jinja_messages import syntax_message, undefined_message
from drafter.render.sandbox import new_sandbox, render_text, template_location
from drafter.schema.fields import Choice, ListOf, MapOf, Maybe, One, Text
from drafter.schema.records import Record, field, read_file
from drafter.schema.source import SourceMap, format_path, load_kept

LIBRARY_DIR = "library"
# Each category and what writers call it, in the order the workbench and the CLI list them.
CATEGORY_NAMES = {
    "closing": N_("closings"),
    "greeting": N_("greetings"),
    "thanks": N_("thanks"),
    "requirement": N_("requirements"),
    "opening": N_("openings"),
}
CATEGORIES = tuple(CATEGORY_NAMES)


def category_name(category: str) -> str:
    """What writers call a category, in the current language (结束语 for closing)."""
    return _(CATEGORY_NAMES[category]) if category in CATEGORY_NAMES else category


def category_of(typed: str) -> str:
    """The category a writer named: its id, or its name in any language (结束语 → closing);
    anything else as typed."""
    for category, name in CATEGORY_NAMES.items():
        names = {name, *(catalogue(lang).gettext(name) for lang in LANGUAGES)}
        if typed.strip() in names:
            return category
    return typed


def _entry_id(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        raise ValueError(
            _(
                "must be lowercase Latin letters, digits and '-', starting with a letter or "
                "digit (such as {example})"
            ).format(example="closing-annual-forward")
        )
    return value


_AS_TYPED = Text(strip=False, numbers=False)


class Param(Record):
    """A parameter of an entry."""

    description: str = field(
        Text(strip=False), doc="what the parameter is, for `drafter closings show`"
    )
    default: str | None = field(
        Maybe(Text(strip=False)), None, doc="used when neither outline nor office sets it"
    )


class Entry(Record):
    """One stock paragraph (or several, one a line)."""

    id: str = field(Text(_entry_id, strip=False, numbers=False), doc="how outlines name it")
    category: str = field(Choice({name: () for name in CATEGORIES}), doc="what kind of text")
    description: str = field(_AS_TYPED, doc="one line: what it says and when it fits")
    tags: list[str] = field(ListOf(_AS_TYPED), factory=list, doc="kinds and seasons it fits")
    when: list[str] = field(
        ListOf(Text(window, numbers=False)),
        factory=list,
        doc="when in the year it fits (check's date-fit): seasons (春节, 暑期) or 12-10..01-01",
    )
    params: dict[str, Param] = field(MapOf(One(Param)), factory=dict, doc="its parameters, by name")
    headline: str | None = field(
        Maybe(_AS_TYPED), None, doc="requirement entries: the item headline"
    )
    text: str = field(_AS_TYPED, doc="Jinja text; each line is a paragraph")


@dataclass(frozen=True)
class Filled:
    """An entry's text with its parameters filled in; `headline` for requirement entries."""

    headline: str
    text: str


@dataclass(frozen=True)
class Shown:
    """An entry as `drafter closings show` gives it: its text filled in, or, while required
    parameters are missing, which ones."""

    loaded: LoadedEntry
    filled: Filled | None
    missing: tuple[str, ...] = ()

    def example(self) -> str:
        """The command again with every missing parameter: --with occasion=2026年全市教育工作会议
        (the example in a parameter's description after 如：, else …)."""
        params = self.loaded.entry.params
        pairs = [f"--with {name}={_example(params[name].description)}" for name in self.missing]
        return f"drafter closings show {self.loaded.id} {' '.join(pairs)}"


def _example(description: str) -> str:
    example = re.search(r"如[：:]\s*([^（(；;]+)", description)
    return example.group(1).strip().rstrip("，。") if example else "…"


@dataclass(frozen=True)
class LoadedEntry:
    entry: Entry
    path: Path
    source: str  # BUILT_IN or the folder it came from
    text_location: Location

    @property
    def id(self) -> str:
        return self.entry.id


class Library:
    """Entries by id: a writer's folders first (they win), then the built-in ones."""

    def __init__(
        self,
        folders: Sequence[Path],
        builtin: Path,
        origins: Mapping[Path, Location] | None = None,
    ) -> None:
        """`origins`: where the settings name each folder (drafter.yaml:5:15), for messages."""
        self.entries: dict[str, LoadedEntry] = {}
        problems: list[Problem] = []
        for folder in [*folders, builtin]:
            if not os.path.isdir(folder):  # False, not an error, where it cannot look
                message = _("library folder {folder} does not exist").format(folder=folder)
                found = (origins or {}).get(folder)
                raise LibraryError(problems=[Problem(message, found, "library_dirs")])
            source = BUILT_IN if folder == builtin else str(folder)
            seen_here: dict[str, Path] = {}
            try:
                paths = folder_files(folder, "*.yaml", recursive=True)
            except DrafterError as err:
                problems.extend(err.as_problems())
                continue
            for path in paths:
                try:
                    loaded = _load_entry(folder, path, source)
                except DrafterError as err:
                    problems.extend(err.as_problems())
                    continue
                if loaded.id in seen_here:
                    msg = _("id '{id}' is also used by {file}").format(
                        id=loaded.id, file=seen_here[loaded.id]
                    )
                    problems.append(Problem(msg, Location(str(path)), rule="library"))
                    continue
                seen_here[loaded.id] = path
                self.entries.setdefault(loaded.id, loaded)
        if problems:
            raise LibraryError(problems=problems)
        self.env = new_sandbox(undefined=jinja2.StrictUndefined, autoescape=False)
        self._compiled: dict[str, jinja2.Template] = {}  # entry texts, compiled once

    def ids(self, category: str | None = None) -> list[str]:
        return sorted(i for i, e in self.entries.items() if category in (None, e.entry.category))

    def select(self, category: str | None = None, tag: str | None = None) -> list[LoadedEntry]:
        """Entries of a category and/or with a tag, by category then id (`closings list`)."""
        category = None if category is None else category_of(category)
        if category is not None and category not in CATEGORIES:
            raise UsageError(
                _("unknown category '{category}'; categories: {categories}").format(
                    category=category, categories=listed(map(named_category, CATEGORIES))
                )
            )
        chosen = [
            e
            for e in self.entries.values()
            if category in (None, e.entry.category) and (tag is None or tag in e.entry.tags)
        ]
        return sorted(chosen, key=lambda e: (CATEGORIES.index(e.entry.category), e.id))

    def problems(
        self, ref: Reference, fallbacks: Mapping[str, Any] | None = None
    ) -> list[ReferenceProblem]:
        """Why `ref` cannot be filled: an unknown id or one of another category, unknown
        parameters, and (when `fallbacks` are given) required parameters nobody supplies."""
        found = self.entries.get(ref.entry_id)
        if found is None or (ref.category and found.entry.category != ref.category):
            return [ReferenceProblem(ref.path, self._unknown_id(ref.entry_id, ref.category))]
        params = found.entry.params
        problems = [
            ReferenceProblem((*ref.with_path, name), _no_parameter(found, str(name)), at_key=True)
            for name in ref.given
            if name not in params
        ]
        if fallbacks is not None and not problems:
            for name, chosen in self._choices(found, ref.given, fallbacks).items():
                if chosen is None:
                    message = _(
                        "'{entry}' needs the parameter '{name}' ({description}); "
                        "give it under with:"
                    ).format(entry=ref.entry_id, name=name, description=params[name].description)
                    problems.append(ReferenceProblem(ref.path, message))
        return problems

    def resolve(
        self, ref: Reference, fallbacks: Mapping[str, Any] = {}, budget: Budget | None = None
    ) -> Filled:
        """The entry's headline and text with its parameters filled (text lines are
        paragraphs); a reference that cannot be filled is a LibraryError listing why. The work
        is charged to `budget` (the render's; a fresh one if none)."""
        problems = self.problems(ref, fallbacks)
        if problems:
            raise LibraryError(
                problems=[Problem(p.message, path=format_path(p.path)) for p in problems]
            )
        loaded = self.entries[ref.entry_id]
        values = self._choices(loaded, ref.given, fallbacks)
        budget = budget or Budget()
        headline = self._run(loaded, loaded.entry.headline or "", values, budget)
        text = self._run(loaded, loaded.entry.text, values, budget)
        lines = (line.strip() for line in text.splitlines())
        return Filled(headline.strip(), "\n".join(line for line in lines if line))

    def show(self, entry_id: str, given: Mapping[str, Any], fallbacks: Mapping[str, Any]) -> Shown:
        """An entry and its text with the writer's `--with` values (`drafter closings show`),
        or every required parameter still missing; an unknown id or parameter is an error."""
        ref = Reference(entry_id, None, given)
        problems = self.problems(ref)
        if problems:
            raise UsageError(problems=[Problem(found.message) for found in problems])
        loaded = self.entries[entry_id]
        chosen = self._choices(loaded, given, fallbacks)
        missing = tuple(name for name, value in chosen.items() if value is None)
        if missing:
            return Shown(loaded, None, missing)
        return Shown(loaded, self.resolve(ref, fallbacks))

    def _unknown_id(self, entry_id: str, category: str | None) -> str:
        """Why `entry_id` cannot be used (as a `category` entry), with the closest ids."""
        found = self.entries.get(entry_id)
        if found is not None and category:
            return _("'{entry}' is one of the {found}, not of the {category}").format(
                entry=entry_id,
                found=category_name(found.entry.category),
                category=category_name(category),
            )
        choices = self.ids(category)
        hint = did_you_mean(entry_id, choices)
        if category:
            return _("the {category} have no entry '{entry}'{hint}; they are: {entries}").format(
                category=category_name(category), entry=entry_id, hint=hint, entries=listed(choices)
            )
        return _("unknown library entry '{entry}'{hint}; see drafter closings list").format(
            entry=entry_id, hint=hint
        )

    @staticmethod
    def _choices(
        loaded: LoadedEntry, given: Mapping[str, Any], fallbacks: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Each parameter from `with:`, else the outline/office value, else its default
        (None when it has none: a required parameter nobody gave)."""
        return {
            name: next(
                (c for c in (given.get(name), fallbacks.get(name)) if c not in (None, "")),
                param.default,  # may be "": the entry's text leaves the phrase out
            )
            for name, param in loaded.entry.params.items()
        }

    def _run(self, loaded: LoadedEntry, text: str, values: dict[str, Any], budget: Budget) -> str:
        try:
            if text not in self._compiled:
                self._compiled[text] = self.env.from_string(text)
            return render_text(self._compiled[text], values, budget)
        except Exception as err:  # an office's entry fails like a template: reported, located
            found = template_location(err.__traceback__)
            line = getattr(err, "lineno", None) or (found.line if found else 1)
            where = loaded.text_location
            msg = _("library entry '{entry}', line {line} of its text: {error}").format(
                entry=loaded.id, line=line, error=_entry_error(err)
            )
            location = Location(where.file, where.line + line - 1 if where.line else 0)
            raise LibraryError(problems=[Problem(msg, location, rule="library")]) from None


def named_category(category: str) -> str:
    """A category as lists show it: its name and its id (结束语 closing)."""
    return _("{name} ({category})").format(name=category_name(category), category=category)


def _entry_error(err: Exception) -> str:
    """What went wrong in an entry's text, as a template's error is said."""
    if isinstance(err, jinja2.TemplateSyntaxError):
        return syntax_message(err)
    if isinstance(err, jinja2.UndefinedError):
        return undefined_message(err)
    return str(err)


def _no_parameter(found: LoadedEntry, name: str) -> str:
    """Why `name` cannot be given to the entry `found`: the parameters it has, or none."""
    params = found.entry.params
    hint = did_you_mean(name, params)
    if not params:
        return _("'{entry}' has no parameter '{name}'{hint}; parameters: none").format(
            entry=found.id, name=name, hint=hint
        )
    return _("'{entry}' has no parameter '{name}'{hint}; parameters: {parameters}").format(
        entry=found.id, name=name, hint=hint, parameters=listed(params)
    )


def _load_entry(folder: Path, path: Path, source: str) -> LoadedEntry:
    text = decode_text(read_folder_file(folder, path), str(path))
    loaded = load_kept(text, str(path))
    entry = read_file(Entry, loaded.data, loaded.source, LibraryError)
    return LoadedEntry(entry, path, source, _text_start(loaded.source, text))


def _text_start(source_map: SourceMap, text: str) -> Location:
    """Where the first line of `text` stands (a block scalar starts on the line after `|`)."""
    location = source_map.locate(("text",))
    try:
        line = text.splitlines()[location.line - 1]
    except IndexError:
        return location
    if re.search(r"text:\s*[|>][-+0-9]*\s*(#.*)?$", line):
        return Location(location.file, location.line + 1)
    return location
