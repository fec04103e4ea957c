"""The pipeline: outline file → validated outline → block markup → Document → bytes → file.

A `Renderer` holds what outlines sharing one set of office settings share: templates, the
library, style profiles. A `Session` (one CLI run) finds each outline's settings and keeps one
renderer per distinct set. Library use: `build` (one call) or a Renderer's stages; repeated
library calls reuse a renderer while its settings and folders are unchanged (`kept_renderer`).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from drafter.chinese import placeholders, punctuation
from drafter.decoding import STDIN
from drafter.document import Document
from drafter.errors import DrafterError, Location, Problem, StyleError, UsageError
from drafter.folders import MAX_FOLDER_ENTRIES, every_file
from drafter.i18n import _, language
from drafter.outline.config import Setting, Settings, load_settings
from drafter.outline.load import LoadedOutline, load_outline, parse_outline
from drafter.outline.tables import TABLE_SUFFIXES
from drafter.outline.values import placeholder_problems
from drafter.output import (
    STDOUT,
    Identity,
    InterruptedAfterWrite,
    Job,
    deliver,
    identities,
    path_key,
    plan,
    refuse_inputs,
    write_new,
)
from drafter.render.budget import Budget
from drafter.render.filling import fill
from drafter.render.library import LIBRARY_DIR, Library
from drafter.render.markup import parse
from drafter.render.sources import Trace
from drafter.render.templating import KIND_DIR, Templates, speech_context
from drafter.writers import FORMATS
from drafter.writers.styles import (
    DEFAULT_PROFILE,
    Profile,
    available_profiles,
    load_profile,
    profile_dirs,
)


@dataclass(frozen=True)
class Options:
    """Choices from the command line; they win over office settings and the outline."""

    template_dirs: tuple[Path, ...] = ()
    library_dirs: tuple[Path, ...] = ()
    style: str | None = None
    reference_docx: Path | None = None
    into: Path | None = None  # the office's template the speech goes into
    encoding: str | None = None
    use_config: bool = True
    keep_punctuation: bool = False
    time_limit: float | None = None  # seconds one render may take (None: DRAFTER_TIME_LIMIT, 20)
    review: bool = False  # DOCX: a comment on every stock and computed paragraph

    def __post_init__(self) -> None:
        # library callers may name files and folders as text ("tpl.docx"), as build() allows
        for name in ("reference_docx", "into"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, Path(value))
        for name in ("template_dirs", "library_dirs"):
            object.__setattr__(self, name, tuple(Path(p) for p in getattr(self, name)))

    def office_files(self) -> list[tuple[Path, str]]:
        """The office's documents every render with these options reads, with what each is."""
        files = [(self.into, _("the office template (--into)"))] if self.into else []
        if self.reference_docx:
            files.append((self.reference_docx, _("the reference document (--reference-docx)")))
        return files


def _origins(settings: Sequence[Setting]) -> dict[Path, Location]:
    """Each folder the office settings name, with where they name it."""
    return {Path(setting.value): setting.origin for setting in settings}


class Renderer:
    """Renders outlines with one set of templates, library and style profiles."""

    def __init__(self, options: Options | None = None, settings: Settings | None = None) -> None:
        self.options = options or Options()
        self.settings = settings or Settings()
        template_dirs = [
            *self.options.template_dirs,
            *(s.value for s in self.settings.template_dirs),
        ]
        self.library_dirs = [
            *self.options.library_dirs,
            *(s.value for s in self.settings.library_dirs),
        ]
        self.templates = Templates(template_dirs, _origins(self.settings.template_dirs))
        self._library: Library | None = None
        self._profiles: dict[str, Profile] = {}
        self._reads: dict[str, dict[Identity, tuple[Path, str]]] = {}  # by language

    def library(self) -> Library:
        """The stock paragraphs: the office's folders first, then the built-in entries."""
        if self._library is None:
            self._library = Library(
                self.library_dirs,
                self.templates.builtin / LIBRARY_DIR,
                _origins(self.settings.library_dirs),
            )
        return self._library

    def style_name(self, outline_style: str | None = None) -> str:
        """--style, else the outline's style, else the office's, else gbt9704."""
        return self.options.style or outline_style or self.settings.get("style") or DEFAULT_PROFILE

    def profile(self, name: str | None = None) -> Profile:
        """A DOCX style profile, loaded once per name."""
        name = name or self.style_name()
        if name not in self._profiles:
            folders = profile_dirs(self.templates.user_dirs, self.templates.builtin)
            try:
                self._profiles[name] = load_profile(name, folders)
            except StyleError as err:
                chosen = self.settings.values.get("style")
                if err.problems or chosen is None or chosen.value != name or self.options.style:
                    raise
                # the office's settings named it: said where they do
                raise StyleError(problems=[Problem(str(err), chosen.origin, "style")]) from None
        return self._profiles[name]

    def kind_closings(self) -> dict[str, str | None]:
        """Each known kind with the library entry it closes with when an outline gives none."""
        return {name: kind.closing for name, kind in self.templates.kinds().items()}

    def style_names(self) -> list[str]:
        """The style profiles an outline's `style:` may name."""
        return list(
            available_profiles(profile_dirs(self.templates.user_dirs, self.templates.builtin))
        )

    def load(self, path: Path) -> LoadedOutline:
        """Read and validate an outline against the kinds, library and styles this renderer
        knows."""
        return load_outline(
            path,
            kinds=self.kind_closings(),
            library=self.library(),
            defaults=self.settings.outline_defaults(),
            encoding=self.options.encoding,
            styles=self.style_names(),
            kind_names=self.templates.kind_names(),
        )

    def loads(self, text: str, file: str = "<outline>", path: Path | None = None) -> LoadedOutline:
        """Validate outline text (`path`: the file it stands for, where its tables are found)."""
        return parse_outline(
            text,
            file,
            kinds=self.kind_closings(),
            library=self.library(),
            path=path,
            defaults=self.settings.outline_defaults(),
            styles=self.style_names(),
            kind_names=self.templates.kind_names(),
        )

    def markup(self, loaded: LoadedOutline, trace: Trace | None = None) -> str:
        """The block markup of a speech: library text filled in, then its kind's template,
        all within one budget of work, output and time; with a `trace`, its text marked with
        where it comes from (`render/sources.py`)."""
        kind = self.templates.kind(loaded.outline.kind)
        budget = Budget(self.options.time_limit)
        outline = fill(loaded.outline, kind.closing, self.library(), budget, trace)
        context = speech_context(outline, kind, trace=trace)
        with trace.rendering() if trace is not None else contextlib.nullcontext():
            return self.templates.render(kind.template_name, context, budget)

    def document(self, loaded: LoadedOutline) -> Document:
        """Render and parse: the numbered Document of a validated outline, every block with
        its source, its punctuation made full width inside Chinese text (unless
        keep_punctuation)."""
        kind = self.templates.kind(loaded.outline.kind)
        source = f"{kind.template_name} (rendered)"
        trace = Trace(loaded, kind.name, self.settings)
        markup = self.markup(loaded, trace)
        document = parse(markup, source, author=speaker_name(loaded), tracer=trace)
        document = replace(document, outline=loaded.source.file)
        if self.options.keep_punctuation:
            return document
        return document.map_text(punctuation.normalize)

    def to_bytes(
        self,
        document: Document,
        fmt: str,
        style: str | None = None,
        notes: list[str] | None = None,
    ) -> bytes:
        """The document in a format; laid-out formats (DOCX, PDF, HTML) use the style profile
        (`style`: the outline's own choice), and the template named in the options."""
        writer = FORMATS[fmt]
        if not writer.laid_out:
            return writer.write(document)
        return writer.write(
            document,
            profile=self.profile(self.style_name(style)),
            reference_docx=self.options.reference_docx,
            into=self.options.into,
            highlight=placeholders.find,
            notes=notes,
            review=self.options.review,
        )

    def run(self, job: Job, notes: list[str] | None = None) -> LoadedOutline:
        """Render one planned job; the target is replaced only when everything succeeded, and
        never when it is a file the render read. Remarks for the writer (styles added to a
        template, a hard link) go to `notes`."""
        notes = notes if notes is not None else []
        loaded = self.load(job.source)
        document = self.document(loaded)
        data = self.to_bytes(document, job.format, loaded.outline.style, notes)
        refuse_inputs(job.target, self.inputs(loaded))
        self.refuse_into_folders(job.target)
        notes += deliver(job.target, data, make_folder=job.make_folder)
        return loaded

    def refuse_into_folders(self, target: Path) -> None:
        """Refuse a draft inside a template or library folder: drafter reads what is there as
        templates and entries (a draft saved as 素材/x.yaml would break every later render)."""
        if target == STDOUT:
            return
        place = Path(os.path.realpath(target.parent))
        folders = [
            *((f, _("the template folder {folder}")) for f in self.templates.user_dirs),
            *((f, _("the library folder {folder}")) for f in self.library_dirs),
            (self.templates.builtin, _("drafter's own templates, {folder}")),
        ]
        for folder, what in folders:
            if place.is_relative_to(os.path.realpath(folder)):
                message = _(
                    "refusing to write {target}: it would be inside {what}, where every file "
                    "is read as a template or library entry; write drafts elsewhere"
                )
                raise UsageError(message.format(target=target, what=what.format(folder=folder)))

    def reads(self) -> dict[Identity, tuple[Path, str]]:
        """The files any render of this renderer may read, by identity (see `output.identity`):
        its settings files, the office's template and reference document, and every file of
        its template, style and library folders; looked up once for each language they are
        named in (the workbench answers each request in its own)."""
        lang = language()
        if lang not in self._reads:
            files = [(path, _("the settings file")) for path in self.settings.files]
            files += self.options.office_files()
            template_file = _("a file of the template folder {folder}")
            library_entry = _("an entry of the library folder {folder}")
            folders = [
                *((f, template_file.format(folder=f)) for f in self.templates.user_dirs),
                *((f, library_entry.format(folder=f)) for f in self.library_dirs),
                (self.templates.builtin, _("one of drafter's own templates")),
            ]
            for folder, what in folders:
                files += [(path, what) for path in every_file(folder)]
            self._reads[lang] = identities(files)
        return self._reads[lang]

    def inputs(self, loaded: LoadedOutline) -> dict[Identity, tuple[Path, str]]:
        """Every file a render of `loaded` reads: its outline and tables, and `reads()`."""
        path = loaded.path if loaded.path not in (None, STDIN) else None
        files = [(path, _("the outline"))] if path else []
        files += [
            (file, _("the table '{name}'").format(name=name)) for name, file in tables(loaded)
        ]
        return {**self.reads(), **identities(files)}

    def eject(self, name: str, folder: Path | None = None) -> Ejected:
        """Copy a kind's template to FOLDER/kinds/NAME.j2 (default: the office's first template
        folder, else ./templates); never over an existing file."""
        kind = self.templates.kind(name)
        if folder is None:
            dirs = self.settings.template_dirs
            folder = dirs[0].value if dirs else Path("templates")
        target = folder / KIND_DIR / f"{name}.j2"
        write_new(target, kind.path.read_bytes(), command="eject", make_folder=True)
        searched = {Path(d).resolve() for d in self.templates.user_dirs}
        return Ejected(target, folder.resolve(), folder.resolve() in searched)


@dataclass(frozen=True)
class Ejected:
    """Where `drafter eject` put a kind, and whether templates are already searched there."""

    target: Path
    folder: Path
    on_search_path: bool


@dataclass(frozen=True)
class Outcome:
    """One outline of a batch: rendered (with the placeholders it still has) or failed."""

    job: Job
    error: DrafterError | None = None
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Session:
    """One run over many outlines: each gets the renderer for its folder's office settings."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self._renderers: dict[tuple[Path, ...], Renderer] = {}
        self._faces_checked: set[str] = set()
        self._warnings: list[Problem] = []
        self._warned: set[str] = set()

    def renderer_for(self, path: Path) -> Renderer:
        settings = load_settings(path, use_files=self.options.use_config)
        for warning in settings.warnings:  # each skipped settings file is said once a run
            if warning.format() not in self._warned:
                self._warned.add(warning.format())
                self._warnings.append(warning)
        key = tuple(settings.files)
        if key not in self._renderers:
            self._renderers[key] = Renderer(self.options, settings)
        return self._renderers[key]

    def run(self, job: Job) -> LoadedOutline:
        return self.renderer_for(job.source).run(job)

    def take_warnings(self) -> list[Problem]:
        """Warnings about settings files (skipped as untrusted or unreadable) not yet taken."""
        taken, self._warnings = self._warnings, []
        return taken

    def plan(self, sources: Sequence[Path], output: str | None, fmt: str | None) -> list[Job]:
        """The batch's jobs; a --style that does not exist fails here, once, before any work."""
        jobs = plan(sources, output, fmt, self.options.office_files())
        if self.options.review and any(job.format != "docx" for job in jobs):
            raise UsageError(_("--review makes a DOCX with comments for a reviewer: use -f docx"))
        if self.options.style and any(FORMATS[job.format].laid_out for job in jobs):
            self.renderer_for(jobs[0].source).profile(self.options.style)
        if any(job.format == "pdf" for job in jobs):
            from drafter.writers.pdf import find_soffice

            find_soffice()  # a missing LibreOffice is said once, before any work
        return jobs

    def render_all(self, jobs: Sequence[Job]) -> Iterator[Outcome]:
        """Render each job in turn; a failing outline does not stop the others. An interrupt
        that comes just as a draft is complete stops the batch after that draft is reported
        (and, after the last one, not at all: everything asked for is done)."""
        if any(FORMATS[job.format].binary for job in jobs):
            from drafter.system_fonts import look_ahead

            look_ahead()  # the faces this machine has, found while the first draft renders
        others = self._batch_tables(jobs)
        for index, job in enumerate(jobs):
            notes: list[str] = []
            try:
                _refuse_others_table(job, others)
                renderer = self.renderer_for(job.source)
                loaded = renderer.run(job, notes)
            except InterruptedAfterWrite as stop:
                yield Outcome(job, warnings=self.take_warnings(), notes=notes)
                if index + 1 < len(jobs):
                    raise stop.interruption() from None
                return
            except DrafterError as err:
                yield Outcome(job, error=err, warnings=self.take_warnings(), notes=notes)
            else:  # placeholders are rendered and highlighted, and also said
                warnings = [*self.take_warnings(), *loaded.warnings, *placeholder_problems(loaded)]
                if FORMATS[job.format].binary:
                    warnings += self._missing_faces(renderer, loaded.outline.style, job.format)
                yield Outcome(job, warnings=warnings, notes=notes)

    def _batch_tables(self, jobs: Sequence[Job]) -> dict[str, tuple[str, Path]]:
        """The tables the outlines of a batch name (by `path_key`), each with its name and
        outline: a draft of one must not be written over another's table, read before or
        after it. Only a .txt draft can be a table, so other batches do not look."""
        found: dict[str, tuple[str, Path]] = {}
        if len(jobs) < 2 or not any(job.target.suffix.lower() in TABLE_SUFFIXES for job in jobs):
            return found
        for job in jobs:
            with contextlib.suppress(DrafterError):  # said when the job itself runs
                loaded = self.renderer_for(job.source).load(job.source)
                for name, file in tables(loaded):
                    found.setdefault(path_key(file), (name, job.source))
        return found

    def _missing_faces(
        self, renderer: Renderer, outline_style: str | None, fmt: str
    ) -> list[Problem]:
        """Once a run per style profile: the faces it names that this machine lacks."""
        name = renderer.style_name(outline_style)
        if name in self._faces_checked:
            return []
        self._faces_checked.add(name)
        from drafter.system_fonts import installed_families
        from drafter.writers.faces import missing_message, survey

        statuses = survey(renderer.profile(name), installed_families())
        message = missing_message(name, statuses, embedded=fmt == "pdf")
        return [Problem(message, severity="warning", rule="fonts")] if message else []


def tables(loaded: LoadedOutline) -> list[tuple[str, Path]]:
    """The tables an outline names under data:, each with its file (beside the outline)."""
    path = loaded.path if loaded.path not in (None, STDIN) else None
    folder = path.parent if path else Path()
    return [
        (name, folder / (table if isinstance(table, str) else table.file))
        for name, table in loaded.outline.data.items()
    ]


def _refuse_others_table(job: Job, others: dict[str, tuple[str, Path]]) -> None:
    """Refuse a target that is the table of another outline of the batch (its own tables are
    refused by `Renderer.run`, with every other file it reads)."""
    name, outline = others.get(path_key(job.target), ("", job.source))
    if outline != job.source:
        message = _("refusing to write {target}: it is the table '{name}' of {outline}")
        raise UsageError(message.format(target=job.target, name=name, outline=outline))


def speaker_name(loaded: LoadedOutline) -> str:
    """The person in the byline (市教育局局长 张某某 → 张某某), for the document's author."""
    words = loaded.outline.speaker.split()
    return words[-1] if words else ""


def build(
    outline: Path | str,
    output: Path | str | None = None,
    fmt: str | None = None,
    options: Options | None = None,
) -> Path:
    """Render one outline file to a draft (with its folder's office settings); returns the path."""
    (job,) = plan([Path(outline)], None if output is None else str(output), fmt)
    kept_renderer(options or Options(), job.source).run(job)
    return job.target


def render_text(
    outline_text: str,
    fmt: str = "docx",
    *,
    folder: Path | str | None = None,
    name: str = "<outline>",
    **options: Any,
) -> bytes:
    """An outline given as text, rendered to the bytes of `fmt` (docx, pdf, html, md, txt, json).

    Office settings come from the drafter.yaml files that apply in `folder` (default: the
    current folder; `use_config=False` for none). `options` are those of `Options` (style,
    reference_docx, into, template_dirs, library_dirs, keep_punctuation, use_config). A bad
    outline raises `DrafterError`; its `.problems` are located in `name`."""
    path = Path(folder or Path.cwd()) / name  # the file it stands for: its tables beside it
    renderer = kept_renderer(_api_options(options), path)
    loaded = renderer.loads(outline_text, name, path)
    return renderer.to_bytes(renderer.document(loaded), _known(fmt), loaded.outline.style)


def render_file(outline: Path | str, fmt: str = "docx", **options: Any) -> bytes:
    """An outline file rendered to the bytes of `fmt`, with its folder's office settings."""
    path = Path(outline)
    renderer = kept_renderer(_api_options(options), path)
    loaded = renderer.load(path)
    return renderer.to_bytes(renderer.document(loaded), _known(fmt), loaded.outline.style)


# Renderers kept between library calls (build, render_text, render_file), most recent last:
# reading the templates, the library and the style profiles again is most of a warm render.
_KEPT: list[tuple[tuple[Any, ...], Renderer]] = []
_KEPT_LOCK = threading.Lock()
_MAX_KEPT = 8


def kept_renderer(options: Options, path: Path) -> Renderer:
    """The renderer for `path`'s office settings, kept from an earlier call when the options,
    the current folder, the settings and every file of its template, library and style
    folders (name, size, modification time) are what they were; else a new one, kept."""
    settings = load_settings(path, use_files=options.use_config)
    context = (options, os.getcwd(), os.environ.get("DRAFTER_NO_CACHE"))
    with _KEPT_LOCK:
        for index, (key, renderer) in enumerate(_KEPT):
            if key[:2] == (context, settings) and key[2] == _signature(renderer):
                _KEPT.append(_KEPT.pop(index))
                return renderer
    renderer = Renderer(options, settings)
    signature = _signature(renderer)
    if signature is not None:
        with _KEPT_LOCK:
            _KEPT.append(((context, settings, signature), renderer))
            del _KEPT[:-_MAX_KEPT]
    return renderer


def _signature(renderer: Renderer) -> tuple[tuple[str, int, int], ...] | None:
    """Every file and folder a renderer reads from, with its size and modification time; None
    for folders too large to look through (such a renderer is not kept)."""
    folders = [*renderer.templates.user_dirs, *renderer.library_dirs, renderer.templates.builtin]
    entries: list[tuple[str, int, int]] = []
    for folder in folders:
        for top, subfolders, files in os.walk(folder):
            subfolders.sort()
            for name in (top, *(os.path.join(top, name) for name in sorted(files))):
                try:
                    info = os.stat(name)
                except OSError:
                    info = None
                entries.append((name, info.st_mtime_ns, info.st_size) if info else (name, 0, -1))
            if len(entries) > MAX_FOLDER_ENTRIES:
                return None
    return tuple(entries)


def _api_options(options: dict[str, Any]) -> Options:
    """Options from keyword arguments: paths may be text, folder lists any sequence."""
    for key in ("reference_docx", "into"):
        if options.get(key) is not None:
            options[key] = Path(options[key])
    for key in ("template_dirs", "library_dirs"):
        if key in options:
            options[key] = tuple(Path(p) for p in options[key])
    return Options(**options)


def _known(fmt: str) -> str:
    if fmt not in FORMATS:
        raise UsageError(
            _("unknown format '{format}'; formats: {formats}").format(
                format=fmt, formats=", ".join(FORMATS)
            )
        )
    return fmt
