"""The pipeline: outline file → validated outline → block markup → Document → bytes → file.

Library use without the CLI goes through `build` (one call) or the stages below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from drafter.document import Document
from drafter.markup import parse
from drafter.outline import LoadedOutline, load_outline, parse_outline
from drafter.output import Job, plan, write_atomic
from drafter.templating import Templates, speech_context
from drafter.writers import FORMATS


@dataclass(frozen=True)
class Options:
    """How to render: extra template folders, DOCX style, punctuation, input encoding."""

    template_dirs: tuple[Path, ...] = ()
    style: str | None = None
    reference_docx: Path | None = None
    keep_punctuation: bool = False
    encoding: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


def load(path: Path, templates: Templates, options: Options = Options()) -> LoadedOutline:
    """Read and validate an outline, checking its kind against the template search path."""
    return load_outline(path, kinds=templates.kinds(), encoding=options.encoding)


def loads(text: str, templates: Templates, file: str = "<outline>") -> LoadedOutline:
    return parse_outline(text, file, kinds=templates.kinds())


def render_markup(loaded: LoadedOutline, templates: Templates) -> str:
    """The block markup of a speech, from its kind's template."""
    kind = templates.kind(loaded.outline.kind)
    return templates.render(kind.template_name, speech_context(loaded.outline, kind))


def to_document(loaded: LoadedOutline, templates: Templates) -> Document:
    """Render and parse: the numbered Document of a validated outline."""
    kind = templates.kind(loaded.outline.kind)
    markup = render_markup(loaded, templates)
    return parse(markup, f"{kind.template_name} (rendered)", author=speaker_name(loaded))


def speaker_name(loaded: LoadedOutline) -> str:
    """The person in the byline (市教育局局长 张某某 → 张某某), for the document's author."""
    words = loaded.outline.speaker.split()
    return words[-1] if words else ""


def to_bytes(document: Document, fmt: str, options: Options = Options()) -> bytes:
    return FORMATS[fmt].write(
        document, style=options.style, reference_docx=options.reference_docx
    )


def run_job(job: Job, templates: Templates, options: Options = Options()) -> Path:
    """Render one planned job; the target is replaced only when everything succeeded."""
    loaded = load(job.source, templates, options)
    document = to_document(loaded, templates)
    data = to_bytes(document, job.format, options)
    write_atomic(job.target, data, make_folder=job.make_folder)
    return job.target


def build(
    outline: Path | str,
    output: Path | str | None = None,
    fmt: str | None = None,
    options: Options = Options(),
) -> Path:
    """Render one outline file to a draft; returns the path written."""
    templates = Templates(options.template_dirs)
    out = Path(output) if output is not None else None
    (job,) = plan([Path(outline)], out, fmt, str(output) if output is not None else None)
    return run_job(job, templates, options)
