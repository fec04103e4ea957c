"""The pipeline: outline file → validated outline → block markup → Document → bytes → file.

`Renderer` holds what all outlines of one run share (templates, style profile); library use
without the CLI goes through `build` (one call) or a Renderer's stages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from drafter.document import Document
from drafter.markup import parse
from drafter.outline import LoadedOutline, load_outline, parse_outline
from drafter.output import Job, plan, write_atomic
from drafter.styles import DEFAULT_PROFILE, Profile, load_profile, profile_dirs
from drafter.templating import Templates, speech_context
from drafter.writers import FORMATS


@dataclass(frozen=True)
class Options:
    """How to render: extra template folders, DOCX style, input encoding."""

    template_dirs: tuple[Path, ...] = ()
    style: str | None = None
    reference_docx: Path | None = None
    encoding: str | None = None


class Renderer:
    """Renders outlines with one set of templates and one style profile."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self.templates = Templates(self.options.template_dirs)
        self._profile: Profile | None = None

    def profile(self) -> Profile:
        """The DOCX style profile (loaded once, on first use)."""
        if self._profile is None:
            folders = profile_dirs(self.templates.user_dirs, self.templates.builtin)
            self._profile = load_profile(self.options.style or DEFAULT_PROFILE, folders)
        return self._profile

    def load(self, path: Path) -> LoadedOutline:
        """Read and validate an outline, checking its kind against the template search path."""
        return load_outline(path, kinds=self.templates.kinds(), encoding=self.options.encoding)

    def loads(self, text: str, file: str = "<outline>") -> LoadedOutline:
        return parse_outline(text, file, kinds=self.templates.kinds())

    def markup(self, loaded: LoadedOutline) -> str:
        """The block markup of a speech, from its kind's template."""
        kind = self.templates.kind(loaded.outline.kind)
        return self.templates.render(kind.template_name, speech_context(loaded.outline, kind))

    def document(self, loaded: LoadedOutline) -> Document:
        """Render and parse: the numbered Document of a validated outline."""
        kind = self.templates.kind(loaded.outline.kind)
        source = f"{kind.template_name} (rendered)"
        return parse(self.markup(loaded), source, author=speaker_name(loaded))

    def to_bytes(self, document: Document, fmt: str) -> bytes:
        if fmt != "docx":
            return FORMATS[fmt].write(document)
        return FORMATS[fmt].write(
            document, profile=self.profile(), reference_docx=self.options.reference_docx
        )

    def run(self, job: Job) -> Path:
        """Render one planned job; the target is replaced only when everything succeeded."""
        document = self.document(self.load(job.source))
        write_atomic(job.target, self.to_bytes(document, job.format), make_folder=job.make_folder)
        return job.target


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
    """Render one outline file to a draft; returns the path written."""
    out = Path(output) if output is not None else None
    (job,) = plan([Path(outline)], out, fmt, str(output) if output is not None else None)
    return Renderer(options).run(job)
