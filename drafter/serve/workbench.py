"""The warm rendering session behind the page: one per served folder, reused for every update.

A `Workbench` keeps one renderer per subfolder (templates compiled, library and style profiles
loaded, office settings read), so an update of the preview pays only for the outline itself:
loading and checking it, rendering it, and writing the speech as HTML. A bad outline (or one
that takes too long) gives its problems and the last good preview of that file, marked stale.
An outline's tables are read only inside the served folder. Calls come one at a time from the
server's render worker; `refresh` (office settings or templates changed) may come at any time
and only drops the cached renderers.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from drafter.analysis.check import TABLE_CELLS_RULE, inspect
from drafter.analysis.stats import of_document
from drafter.chinese import placeholders
from drafter.decoding import confined
from drafter.errors import DrafterError, Location, Problem, UsageError, one_of
from drafter.i18n import N_, _, language
from drafter.outline.config import discover
from drafter.outline.data import FigureSource, shown
from drafter.outline.load import LoadedOutline
from drafter.outline.tables import NUMBER_ROLES
from drafter.output import Identity, identities
from drafter.pipeline import Options, Renderer, Session
from drafter.render.templating import Kind
from drafter.schema.source import PathKey, value_at
from drafter.serve.files import (
    MAX_OUTLINE_BYTES,
    Folder,
    Refused,
    Stored,
    TooLarge,
    WrongType,
    written,
)
from drafter.writers.html import speech_html, stylesheet

SPEECH_SUFFIXES = (".docx", ".txt", ".md")  # what the drop zone turns into an outline
OLD_WORD_SUFFIXES = (".doc", ".wps")  # to be saved as .docx first
# A .docx speech's XML unpacked: extracting holds about ten times this (16 MB: 160 MB, 5 s);
# the outline it makes is about 0.8 times as large, and an outline is at most 5 MB.
MAX_SPEECH_XML_BYTES = 8 * 1024 * 1024
OUTSIDE = N_("outside the folder the workbench serves: it reads tables only there")


class NotHere(Refused):
    """A file the page may not write where it asked (a bad request, not a stale page)."""

    status = 400


@dataclass(frozen=True)
class Preview:
    """What the page shows for one state of the text."""

    problems: list[Problem]
    html: str | None = None  # the speech as an <article>; the last good one when stale
    css: str = ""
    stale: bool = False
    characters: int | None = None
    minutes: float | None = None
    target_minutes: float | None = None
    figures: list[dict[str, Any]] = field(default_factory=list)  # hover notes by line

    def as_json(self, relative: str, folder: Folder) -> dict[str, Any]:
        return {
            "html": self.html,
            "css": self.css,
            "stale": self.stale,
            "problems": [problem_json(p, relative, folder) for p in self.problems],
            "stats": {
                "characters": self.characters,
                "minutes": None if self.minutes is None else round(self.minutes, 1),
                "target_minutes": self.target_minutes,
            },
            "figures": self.figures,
        }


class Workbench:
    """The served folder's files and its warm renderers."""

    def __init__(self, folder: Folder, options: Options | None = None) -> None:
        self.folder = folder
        self.options = options or Options()
        self._sessions: dict[str, Session] = {}
        self._renderers: dict[tuple[str, Path], Renderer] = {}
        self._last_good: dict[str, Preview] = {}
        self._values: dict[str, dict[str, Any]] = {}  # each outline's own values, for the library

    def refresh(self) -> None:
        """Office settings, templates or library entries changed: read them again next time."""
        self._sessions = {}
        self._renderers = {}

    def renderer(self, path: Path) -> Renderer:
        """The renderer for an outline's folder (its office settings), kept warm; one for each
        language pages ask in, as what a renderer keeps (its settings' warnings) was said in
        the language it was made in."""
        lang = language()
        key = (lang, path.parent)
        if key not in self._renderers:
            if lang not in self._sessions:
                self._sessions[lang] = Session(self.options)
            self._renderers[key] = self._sessions[lang].renderer_for(path)
        return self._renderers[key]

    def preview(self, relative: str, text: str) -> Preview:
        """The speech of `text` as the file `relative`, its problems and statistics."""
        path = self.folder.locate(relative)
        try:
            renderer = self.renderer(path)
        except DrafterError as err:  # a broken drafter.yaml: said, the last preview kept
            return self.stale(relative, err.as_problems())
        with confined(self.folder.root, _(OUTSIDE)):
            found = inspect(lambda: renderer.loads(text, relative, path), renderer)
        # the page shows each figure's table cells on its lines, not as notes in the list
        shown = [p for p in found.problems if p.rule != TABLE_CELLS_RULE]
        problems = [*shown, *renderer.settings.warnings]  # settings files skipped
        if found.loaded is None or found.document is None:
            return self.stale(relative, problems)
        loaded, document = found.loaded, found.document
        profile = renderer.profile(renderer.style_name(loaded.outline.style))
        stats = of_document(document, renderer.settings.words_per_minute)
        preview = Preview(
            problems=problems,
            html=speech_html(document, profile=profile, highlight=placeholders.find, sources=True),
            css=stylesheet(profile, pages=False),
            characters=stats.characters,
            minutes=stats.minutes(),
            target_minutes=loaded.outline.target_minutes,
            figures=figure_notes(loaded, self.folder),
        )
        self._last_good[relative] = preview
        self._values[relative] = loaded.outline.office_values()
        return preview

    def stale(self, relative: str, problems: list[Problem]) -> Preview:
        """The last good preview of `relative` (if any), marked stale, with `problems`."""
        good = self._last_good.get(relative)
        if good is None:
            return Preview(problems, stale=True)
        return Preview(
            problems,
            html=good.html,
            css=good.css,
            stale=True,
            characters=good.characters,
            minutes=good.minutes,
            target_minutes=good.target_minutes,
        )

    def render(self, relative: str, text: str, fmt: str) -> bytes:
        """The draft of `text` (the file `relative`) as DOCX or PDF bytes; DrafterError when
        the outline is bad, as `drafter render` would say."""
        path = self.folder.locate(relative)
        renderer = self.renderer(path)
        with confined(self.folder.root, _(OUTSIDE)):
            loaded = renderer.loads(text, relative, path)
        return renderer.to_bytes(renderer.document(loaded), fmt, loaded.outline.style)

    def save(self, relative: str, text: str, base: str | None, *, force: bool = False) -> str:
        """Save an outline (see `Folder.save`): never over a file renders read, nor into a
        template or library folder."""
        reads = self.reads(relative)
        self.refuse_into_folders(self.folder.writable(relative, reads))
        return self.folder.save(relative, text, base, force=force, reads=reads)

    def refuse_into_folders(self, path: Path) -> None:
        """Refuse a new file in a template or library folder (`Renderer.refuse_into_folders`):
        an outline written there would be read as an entry by every render."""
        try:
            self.renderer(path).refuse_into_folders(path)
        except UsageError as err:
            raise NotHere(str(err)) from None

    def reads(self, relative: str) -> dict[Identity, tuple[Path, str]]:
        """The files a render of the outline `relative` reads besides it: its office settings,
        templates, style profiles, library entries (only the settings files when they are
        broken)."""
        path = self.folder.locate(relative)
        try:
            return self.renderer(path).reads()
        except DrafterError:
            return identities((found, "the settings file") for found in discover(path))

    def library(self, relative: str) -> list[dict[str, Any]]:
        """The library panel of an outline: entries with their text as this outline says it."""
        from drafter.serve.catalog import entries

        path = self.folder.locate(relative)
        return entries(self.renderer(path), self._values.get(relative))

    def kinds(self) -> list[Kind]:
        return list(self.renderer(self.folder.root / "outline.yaml").templates.kinds().values())

    def new_outline(self, kind: str, name: str) -> Stored:
        """`drafter new KIND -o NAME` in the folder, under a name no file has yet."""
        from drafter.render.skeleton import write_skeleton

        folder, _slash, stem = name.strip().rpartition("/")
        relative = self.folder.free_name(stem or kind, folder)
        path = self.folder.writable(relative)
        if not path.parent.is_dir():
            raise Refused(_("the folder {folder} does not exist").format(folder=folder))
        self.refuse_into_folders(path)
        templates = self.renderer(path).templates
        written(lambda: write_skeleton(templates, kind, path))
        return self.folder.read(relative)

    def extract(self, filename: str, raw: bytes) -> Stored:
        """Last year's speech (.docx, .txt, .md) as a new outline beside the others; a speech
        too large for an outline is refused before it is read."""
        from drafter.analysis.extract import extract

        source = PurePosixPath(filename.replace("\\", "/"))
        suffix = source.suffix.lower()
        if suffix in OLD_WORD_SUFFIXES:
            raise WrongType(
                _(
                    "an old Word file ({suffix}): open it in Word or WPS and save it as .docx first"
                ).format(suffix=suffix)
            )
        if suffix not in SPEECH_SUFFIXES:
            message = _("an outline is made from a speech, a {suffixes} file")
            raise WrongType(message.format(suffixes=one_of(SPEECH_SUFFIXES)))
        unpacked = _xml_size(raw) if suffix == ".docx" else len(raw)
        if unpacked > (MAX_SPEECH_XML_BYTES if suffix == ".docx" else MAX_OUTLINE_BYTES):
            message = _(
                "{name}: too long for an outline (at most {megabytes} MB); is it one speech?"
            )
            megabytes = MAX_OUTLINE_BYTES // 1024 // 1024
            raise TooLarge(message.format(name=source.name, megabytes=megabytes))
        text = extract(raw, Path(source.name))
        relative = self.folder.free_name(source.stem)
        return self.folder.create(relative, text.encode("utf-8"), "extract")

    def snapshot(self, relative: str) -> dict[str, Any]:
        stored = self.folder.read(relative)
        return {"path": stored.path, "text": stored.text, "version": stored.version}


def _xml_size(raw: bytes) -> int:
    """What a .docx's XML parts unpack to, as its zip directory says (reading holds it to
    that); 0 for a file that is no zip (extract says what it is)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            return sum(
                info.file_size
                for info in package.infolist()
                if info.filename.endswith((".xml", ".rels"))
            )
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError):
        return 0


def timed_out(relative: str, seconds: float) -> Problem:
    """The problem a preview that took too long shows (the draft shown is the last good one)."""
    message = _(
        "the preview took longer than {seconds} s and was given up; the draft shown is the "
        "last good one (split a very long outline, or render it with drafter render)"
    ).format(seconds=f"{seconds:g}")
    return Problem(message, Location(relative), rule="time")


def problem_json(problem: Problem, relative: str, folder: Folder) -> dict[str, Any]:
    """A problem for the page, files named relative to the folder; `here` when it is in the
    outline being edited (the page moves the cursor there)."""
    found = problem.as_json()
    found["file"] = folder.shown(str(found["file"]))
    found["here"] = found["file"] == relative
    return found


def figure_notes(loaded: LoadedOutline, folder: Folder) -> list[dict[str, Any]]:
    """For each figure taken from a table: its lines in the outline and the row it comes from
    (the page shows it when the pointer rests on those lines)."""
    notes = []
    for path, found in loaded.figure_sources.items():
        lines = _lines(loaded, path)
        text = source_note(found, folder.shown(found.file))
        notes.append({"from": min(lines), "to": max(lines), "text": text})
    return notes


def source_note(found: FigureSource, file: str) -> str:
    """全市教育经费总投入：2025年教育统计.xlsx 主要指标 第3行
    2025年 86.4（B3）；2024年 79.4（C3）；单位 亿元
    (in Chinese; in English: "全市教育经费总投入: 2025年教育统计.xlsx 主要指标 row 3" …)"""
    table, row = found.table, found.row
    cells = []
    for role in NUMBER_ROLES:
        cell = found.cell(role)
        if cell is None or not cell.text.strip():
            continue
        values = {
            "header": table.columns[role].header,
            "value": cell.text.strip(),
            "cell": cell.ref.rsplit("!", 1)[-1],
        }
        if role in found.typed:
            typed = found.typed[role]
            values["typed"] = shown(typed) if isinstance(typed, int | float) else str(typed)
            message = _("{header} {value} ({cell}), but the outline says {typed}, which is used")
        else:
            message = _("{header} {value} ({cell})")
        cells.append(message.format(**values))
    if row.unit:
        cells.append(_("unit {unit}").format(unit=row.unit))
    if table.sheet:
        title = _("{label}: {file} {sheet} row {row}")
    else:
        title = _("{label}: {file} row {row}")
    title = title.format(label=row.label, file=file, sheet=table.sheet, row=row.number)
    return f"{title}\n" + _("; ").join(cells)


def _lines(loaded: LoadedOutline, path: PathKey) -> list[int]:
    """The lines a figure stands on: its own and those of each of its keys."""
    lines = [loaded.source.locate(path).line]
    figure = value_at(path, loaded.data)
    if isinstance(figure, Mapping):
        for key in figure:
            lines.append(loaded.source.locate((*path, key)).line)
            lines.append(loaded.source.locate((*path, key), prefer_key=True).line)
    return [line for line in lines if line] or [1]
