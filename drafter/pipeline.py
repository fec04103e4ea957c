"""The pipeline: outline file → validated outline → block markup → Document → bytes → file.

A `Renderer` holds what outlines sharing one set of office settings share: templates, the
library, style profiles. A `Session` (one CLI run) finds each outline's settings and keeps one
renderer per distinct set. Library use: `build` (one call) or a Renderer's stages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from drafter import placeholders, punctuation
from drafter.config import Settings, load_settings
from drafter.document import Document
from drafter.library import LIBRARY_DIR, Library
from drafter.markup import parse
from drafter.outline import LoadedOutline, load_outline, parse_outline
from drafter.output import Job, plan, write_atomic
from drafter.stock import fill
from drafter.styles import DEFAULT_PROFILE, Profile, load_profile, profile_dirs
from drafter.templating import Templates, speech_context
from drafter.writers import FORMATS


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

    def load(self, path: Path) -> LoadedOutline:
        """Read and validate an outline against the kinds and library this renderer knows."""
        return load_outline(
            path,
            kinds=self.templates.kinds(),
            library=self.library(),
            defaults=self.settings.outline_defaults(),
            encoding=self.options.encoding,
        )

    def loads(self, text: str, file: str = "<outline>") -> LoadedOutline:
        return parse_outline(
            text,
            file,
            kinds=self.templates.kinds(),
            library=self.library(),
            defaults=self.settings.outline_defaults(),
        )

    def markup(self, loaded: LoadedOutline) -> str:
        """The block markup of a speech: library text filled in, then its kind's template."""
        kind = self.templates.kind(loaded.outline.kind)
        outline = fill(loaded.outline, kind, self.library())
        return self.templates.render(kind.template_name, speech_context(outline, kind))

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


class Session:
    """One run over many outlines: each gets the renderer for its folder's office settings."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self._renderers: dict[tuple[Path, ...], Renderer] = {}

    def renderer_for(self, path: Path) -> Renderer:
        settings = load_settings(path, use_files=self.options.use_config)
        key = tuple(settings.files)
        if key not in self._renderers:
            self._renderers[key] = Renderer(self.options, settings)
        return self._renderers[key]

    def run(self, job: Job) -> LoadedOutline:
        return self.renderer_for(job.source).run(job)


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
    out = Path(output) if output is not None else None
    (job,) = plan([Path(outline)], out, fmt, str(output) if output is not None else None)
    Session(options).run(job)
    return job.target
