"""The pipeline: outline file → validated outline → block markup → Document → bytes → file.

A `Renderer` holds what outlines sharing one set of office settings share: templates, the
library, style profiles. A `Session` (one CLI run) finds each outline's settings and keeps one
renderer per distinct set. Library use: `build` (one call) or a Renderer's stages.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from drafter.chinese import placeholders, punctuation
from drafter.document import Document
from drafter.errors import DrafterError, Problem
from drafter.outline.config import Settings, load_settings
from drafter.outline.library import LIBRARY_DIR, Library
from drafter.outline.load import LoadedOutline, load_outline, parse_outline
from drafter.outline.references import fill
from drafter.outline.values import placeholder_problems
from drafter.output import InterruptedAfterWrite, Job, plan, write_atomic, write_new
from drafter.render.budget import Budget
from drafter.render.markup import parse
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
    encoding: str | None = None
    use_config: bool = True
    keep_punctuation: bool = False
    time_limit: float | None = None  # seconds one render may take (None: DRAFTER_TIME_LIMIT, 20)


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
        self.templates = Templates(template_dirs)
        self._library: Library | None = None
        self._profiles: dict[str, Profile] = {}

    def library(self) -> Library:
        """The stock paragraphs: the office's folders first, then the built-in entries."""
        if self._library is None:
            self._library = Library(self.library_dirs, self.templates.builtin / LIBRARY_DIR)
        return self._library

    def style_name(self, outline_style: str | None = None) -> str:
        """--style, else the outline's style, else the office's, else gbt9704."""
        return self.options.style or outline_style or self.settings.get("style") or DEFAULT_PROFILE

    def profile(self, name: str | None = None) -> Profile:
        """A DOCX style profile, loaded once per name."""
        name = name or self.style_name()
        if name not in self._profiles:
            folders = profile_dirs(self.templates.user_dirs, self.templates.builtin)
            self._profiles[name] = load_profile(name, folders)
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
        )

    def loads(self, text: str, file: str = "<outline>") -> LoadedOutline:
        return parse_outline(
            text,
            file,
            kinds=self.kind_closings(),
            library=self.library(),
            defaults=self.settings.outline_defaults(),
            styles=self.style_names(),
        )

    def markup(self, loaded: LoadedOutline) -> str:
        """The block markup of a speech: library text filled in, then its kind's template,
        all within one budget of work, output and time."""
        kind = self.templates.kind(loaded.outline.kind)
        budget = Budget(self.options.time_limit)
        outline = fill(loaded.outline, kind.closing, self.library(), budget)
        return self.templates.render(kind.template_name, speech_context(outline, kind), budget)

    def document(self, loaded: LoadedOutline) -> Document:
        """Render and parse: the numbered Document of a validated outline, its punctuation
        made full width inside Chinese text (unless keep_punctuation)."""
        kind = self.templates.kind(loaded.outline.kind)
        source = f"{kind.template_name} (rendered)"
        document = parse(self.markup(loaded), source, author=speaker_name(loaded))
        if self.options.keep_punctuation:
            return document
        return document.map_text(punctuation.normalize)

    def to_bytes(self, document: Document, fmt: str, style: str | None = None) -> bytes:
        if fmt != "docx":
            return FORMATS[fmt].write(document)
        return FORMATS[fmt].write(
            document,
            profile=self.profile(self.style_name(style)),
            reference_docx=self.options.reference_docx,
            highlight=placeholders.find,
        )

    def run(self, job: Job) -> LoadedOutline:
        """Render one planned job; the target is replaced only when everything succeeded."""
        loaded = self.load(job.source)
        document = self.document(loaded)
        data = self.to_bytes(document, job.format, loaded.outline.style)
        write_atomic(job.target, data, make_folder=job.make_folder)
        return loaded

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


class Session:
    """One run over many outlines: each gets the renderer for its folder's office settings."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self._renderers: dict[tuple[Path, ...], Renderer] = {}
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
        jobs = plan(sources, output, fmt)
        if self.options.style and any(job.format == "docx" for job in jobs):
            self.renderer_for(jobs[0].source).profile(self.options.style)
        return jobs

    def render_all(self, jobs: Sequence[Job]) -> Iterator[Outcome]:
        """Render each job in turn; a failing outline does not stop the others. An interrupt
        that comes just as a draft is complete stops the batch after that draft is reported
        (and, after the last one, not at all: everything asked for is done)."""
        for index, job in enumerate(jobs):
            try:
                loaded = self.run(job)
            except InterruptedAfterWrite as stop:
                yield Outcome(job, warnings=self.take_warnings())
                if index + 1 < len(jobs):
                    raise stop.interruption() from None
                return
            except DrafterError as err:
                yield Outcome(job, error=err, warnings=self.take_warnings())
            else:  # placeholders are rendered and highlighted, and also said
                warnings = self.take_warnings() + placeholder_problems(loaded)
                yield Outcome(job, warnings=warnings)


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
    Session(options).run(job)
    return job.target
