"""The drafter command: parses arguments, calls the core, turns DrafterError into messages.

Every problem is printed as one line on standard error (file:line:col: … where there is a
file); the exit code is 2 for bad input, 1 when a result cannot be written, 0 otherwise.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from drafter.errors import DrafterError, UsageError
from drafter.output import plan, write_atomic
from drafter.pipeline import Options, Renderer
from drafter.skeleton import SCHEMA_FILE, schema_text, skeleton
from drafter.templating import Templates
from drafter.writers import FORMATS

app = typer.Typer(
    help="drafter: a YAML outline becomes a formatted speech draft (DOCX, Markdown, text).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

TemplatesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--templates", help="A folder of your own templates (searched first).", show_default=False
    ),
]


def _fail(err: DrafterError) -> NoReturn:
    for line in err.messages():
        typer.echo(line, err=True)
    raise typer.Exit(err.exit_code)


@contextmanager
def _reported() -> Iterator[None]:
    """Run a command body; a DrafterError becomes its messages and exit code."""
    try:
        yield
    except DrafterError as err:
        _fail(err)


@app.command()
def render(
    outlines: Annotated[
        list[Path], typer.Argument(help="Outline files (.yaml).", show_default=False)
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            help="Output file (one outline) or folder (ends with /, or several outlines).",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=f"One of: {', '.join(FORMATS)}. Default: from -o's suffix, else docx.",
        ),
    ] = None,
    style: Annotated[
        str | None, typer.Option("--style", help="DOCX style profile, e.g. gbt9704 or plain.")
    ] = None,
    reference_docx: Annotated[
        Path | None,
        typer.Option("--reference-docx", help="Take page setup and styles from this .docx."),
    ] = None,
    templates: TemplatesOption = None,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="Encoding of the outlines (default: UTF-8, else GB18030)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems.")] = False,
) -> None:
    """Render outlines to drafts (next to each outline unless -o says otherwise)."""
    options = Options(
        template_dirs=tuple(templates or ()),
        style=style,
        reference_docx=reference_docx,
        encoding=encoding,
    )
    with _reported():
        out = Path(output) if output else None
        jobs = plan(outlines, out, fmt, output)
        renderer = Renderer(options)
        if any(job.format == "docx" for job in jobs):
            renderer.profile()  # a bad --style fails once, before any outline is read
    failed = 0
    for job in jobs:
        try:
            written = renderer.run(job)
        except DrafterError as err:
            failed += 1
            for line in err.messages():
                typer.echo(line, err=True)
            continue
        if not quiet:
            typer.echo(f"wrote {written}")
    if failed:
        if len(jobs) > 1:
            typer.echo(f"{failed} of {len(jobs)} outlines failed", err=True)
        raise typer.Exit(2)


@app.command()
def kinds(templates: TemplatesOption = None) -> None:
    """List the speech kinds, one a line, with what each is for."""
    with _reported():
        found = Templates(templates or ()).kinds()
    width = max(len(name) for name in found)
    for kind in found.values():
        source = "" if kind.source == "built-in" else f"  [{kind.source}]"
        typer.echo(f"{kind.name:<{width}}  {kind.description}{source}")


@app.command()
def new(
    kind: Annotated[
        str, typer.Argument(help="Speech kind (see `drafter kinds`).", show_default=False)
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Write the skeleton here (never over an existing file)."
        ),
    ] = None,
    templates: TemplatesOption = None,
) -> None:
    """Write a commented outline skeleton for a kind, ready to fill."""
    with _reported():
        engine = Templates(templates or ())
        text = skeleton(engine, kind)
        if output is None:
            typer.echo(text, nl=False)
            return
        if output.exists():
            raise UsageError(f"{output} already exists; drafter new never overwrites a file")
        write_atomic(output, text.encode("utf-8"))
        schema_path = output.parent / SCHEMA_FILE
        if not schema_path.exists():
            write_atomic(schema_path, schema_text().encode("utf-8"))
    typer.echo(f"wrote {output}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the outline (for editor completion and checking)."""
    typer.echo(schema_text(), nl=False)


def main() -> None:
    """Entry point: run the app; an unexpected failure is reported as a bug, not a traceback."""
    try:
        app()
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as err:  # a bug in drafter: say so plainly, show details on request
        if os.environ.get("DRAFTER_DEBUG"):
            raise
        typer.echo(
            f"drafter: internal error: {type(err).__name__}: {err} "
            "(this is a bug; set DRAFTER_DEBUG=1 to see where)",
            err=True,
        )
        sys.exit(3)
