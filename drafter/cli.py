"""The drafter command: parses arguments, calls the core, turns DrafterError into messages.

Every problem is printed as one line on standard error (file:line:col: … where there is a
file); the exit code is 2 for bad input, 1 when a result cannot be written, 0 otherwise.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from drafter.check import check_paths, placeholder_problems, summary
from drafter.config import load_settings
from drafter.errors import DrafterError, UsageError
from drafter.extract import extract as extract_outline
from drafter.extract import read_bytes
from drafter.library import CATEGORIES
from drafter.output import plan, write_atomic
from drafter.pipeline import Options, Renderer, Session
from drafter.presenting import (
    describe_settings,
    eject_kind,
    parse_assignments,
    print_table,
    stats_lines,
)
from drafter.skeleton import SCHEMA_FILE, schema_text, skeleton
from drafter.stats import of_file as stats_of_file
from drafter.writers import FORMATS

app = typer.Typer(
    help="drafter: a YAML outline becomes a formatted speech draft (DOCX, Markdown, text).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EncodingOption = Annotated[
    str | None,
    typer.Option("--encoding", help="Encoding of the outlines (default: UTF-8, else GB18030)."),
]
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
    encoding: EncodingOption = None,
    keep_punctuation: Annotated[
        bool,
        typer.Option(
            "--keep-punctuation", help="Leave half-width , : ; ! ? ( ) and quotes as typed."
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems.")] = False,
) -> None:
    """Render outlines to drafts (next to each outline unless -o says otherwise)."""
    options = Options(
        template_dirs=tuple(templates or ()),
        style=style,
        reference_docx=reference_docx,
        encoding=encoding,
        keep_punctuation=keep_punctuation,
    )
    with _reported():
        out = Path(output) if output else None
        jobs = plan(outlines, out, fmt, output)
        session = Session(options)
        if style and any(job.format == "docx" for job in jobs):
            session.renderer_for(jobs[0].source).profile(style)  # a bad --style fails once
    failed = 0
    exit_code = 0
    with _progress(len(jobs)) as advance:
        for job in jobs:
            try:
                loaded = session.run(job)
            except DrafterError as err:
                failed += 1
                exit_code = max(exit_code, err.exit_code)  # bad input (2) outranks output (1)
                for line in err.messages():
                    typer.echo(line, err=True)
                continue
            finally:
                advance()
            for problem in placeholder_problems(loaded):  # rendered, highlighted, and said
                typer.echo(problem.format(with_severity=True, with_rule=True), err=True)
            if not quiet:
                typer.echo(f"wrote {job.target}")
    if failed:
        if len(jobs) > 1:
            typer.echo(f"{failed} of {len(jobs)} outlines failed", err=True)
        raise typer.Exit(exit_code)


def _here(templates: list[Path] | None = None, library: list[Path] | None = None) -> Renderer:
    """The renderer for the current folder's office settings (commands without an outline)."""
    options = Options(template_dirs=tuple(templates or ()), library_dirs=tuple(library or ()))
    return Session(options).renderer_for(Path.cwd())


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on a terminal for a batch; nothing when output goes to a file or pipe."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("rendering"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("render", total=total)
        yield lambda: progress.advance(task)


@app.command()
def kinds(templates: TemplatesOption = None) -> None:
    """List the speech kinds, one a line, with what each is for and where it comes from."""
    with _reported():
        found = _here(templates).templates.kinds()
    width = max(len(name) for name in found)
    for kind in found.values():
        typer.echo(f"{kind.name:<{width}}  {kind.description}  [{kind.source}]")


@app.command()
def eject(
    kind: Annotated[str, typer.Argument(help="The kind to copy.", show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Template folder (default: your first template_dirs, else ./templates).",
        ),
    ] = None,
    templates: TemplatesOption = None,
) -> None:
    """Copy a kind's template into your template folder, as a starting point to edit."""
    with _reported():
        renderer = _here(templates)
        target = eject_kind(renderer, kind, output)
    typer.echo(f"wrote {target}")
    folder = target.parent.parent.resolve()
    if folder not in {Path(d).resolve() for d in renderer.templates.user_dirs}:
        typer.echo(
            f"to use it, list {folder} under template_dirs in drafter.yaml "
            f"(or pass --templates {folder})"
        )


@app.command()
def config(
    where: Annotated[
        Path | None,
        typer.Argument(help="An outline or folder (default: here).", show_default=False),
    ] = None,
) -> None:
    """Show the effective office settings and where each value came from."""
    with _reported():
        settings = load_settings(where or Path.cwd())
    for line in describe_settings(settings):
        typer.echo(line)


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
        text = skeleton(_here(templates).templates, kind)
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


@app.command()
def check(
    outlines: Annotated[
        list[Path], typer.Argument(help="Outline files (.yaml).", show_default=False)
    ],
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="text (file:line:col: …) or json.")
    ] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    rate: Annotated[
        float | None,
        typer.Option("--rate", help="Speaking rate in 字/分钟 (default: config, else 220)."),
    ] = None,
    templates: TemplatesOption = None,
    encoding: EncodingOption = None,
) -> None:
    """Report every problem of outlines at once (errors: exit 2; warnings: 0, or 1 if --strict)."""
    if output_format not in ("text", "json"):
        _fail(UsageError(f"unknown format '{output_format}'; formats: text, json"))
    session = Session(Options(template_dirs=tuple(templates or ()), encoding=encoding))
    problems = check_paths(outlines, session, rate=rate)
    if output_format == "json":
        typer.echo(json.dumps([p.as_json() for p in problems], ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            typer.echo(problem.format(with_severity=True, with_rule=True))
        typer.echo(summary(problems, len(outlines)))
    if any(p.severity == "error" for p in problems):
        raise typer.Exit(2)
    if strict and problems:
        raise typer.Exit(1)


@app.command()
def extract(
    source: Annotated[
        str,
        typer.Argument(
            help="A speech: .docx, .txt/.md, or - for standard input.", show_default=False
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write the outline here (never over a file)."),
    ] = None,
    encoding: EncodingOption = None,
) -> None:
    """Turn a finished speech back into an outline (last year's speech → this year's start)."""
    with _reported():
        path = None if source == "-" else Path(source)
        raw = sys.stdin.buffer.read() if path is None else read_bytes(path)
        text = extract_outline(raw, path, encoding)
        if output is None:
            typer.echo(text, nl=False)
            return
        if path is not None and output.resolve() == path.resolve():
            raise UsageError(f"refusing to write over the speech {path}")
        if output.exists():
            raise UsageError(f"{output} already exists; drafter extract never overwrites a file")
        write_atomic(output, text.encode("utf-8"))
    typer.echo(f"wrote {output}")


@app.command()
def stats(
    source: Annotated[
        Path,
        typer.Argument(
            help="An outline (.yaml) or a speech (.docx, .txt, .md).", show_default=False
        ),
    ],
    rate: Annotated[
        float | None,
        typer.Option("--rate", help="Speaking rate in 字/分钟 (default: config, else 220).", min=1),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    templates: TemplatesOption = None,
    encoding: EncodingOption = None,
) -> None:
    """字数, paragraphs and speaking time per part and in total."""
    with _reported():
        renderer = Session(
            Options(template_dirs=tuple(templates or ()), encoding=encoding)
        ).renderer_for(source)
        result = stats_of_file(
            source, renderer, rate or renderer.settings.words_per_minute, encoding
        )
    if as_json:
        typer.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return
    for line in stats_lines(result):
        typer.echo(line)


closings = typer.Typer(help="Browse the library of closings, greetings and stock paragraphs.")
app.add_typer(closings, name="closings")
LibraryOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--library",
        help="A folder of your own library entries (searched first).",
        show_default=False,
    ),
]


@closings.command("list")
def closings_list(
    category: Annotated[
        str | None, typer.Option("--category", "-c", help=f"One of: {', '.join(CATEGORIES)}.")
    ] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", help="Only entries with this tag.")
    ] = None,
    library: LibraryOption = None,
) -> None:
    """Table of library entries: id, category, tags, description, source."""
    with _reported():
        if category is not None and category not in CATEGORIES:
            raise UsageError(f"unknown category '{category}'; categories: {', '.join(CATEGORIES)}")
        entries = _here(library=library).library().entries.values()
    rows = [
        (e.id, e.entry.category, ", ".join(e.entry.tags), e.entry.description, e.source)
        for e in sorted(entries, key=lambda e: (CATEGORIES.index(e.entry.category), e.id))
        if category in (None, e.entry.category) and (tag is None or tag in e.entry.tags)
    ]
    print_table(("id", "category", "tags", "description", "source"), rows)


@closings.command("show")
def closings_show(
    entry_id: Annotated[
        str, typer.Argument(help="Entry id (see `drafter closings list`).", show_default=False)
    ],
    with_: Annotated[
        list[str] | None, typer.Option("--with", "-w", help="A parameter, as name=value (repeat).")
    ] = None,
    library: LibraryOption = None,
) -> None:
    """An entry's parameters and its text rendered with your values (office values, defaults)."""
    with _reported():
        renderer = _here(library=library)
        entries = renderer.library()
        if entry_id not in entries.entries:
            raise UsageError(entries.unknown_id_message(entry_id))
        given = parse_assignments(with_ or [])
        for name in given:
            problem = entries.unknown_parameter(entry_id, name)
            if problem:
                raise UsageError(problem)
        fallbacks = renderer.settings.outline_defaults()
        headline, text = entries.render(entry_id, given, fallbacks)
    loaded = entries.entries[entry_id]
    typer.echo(f"{entry_id} ({loaded.entry.category}, {loaded.source}): {loaded.entry.description}")
    for name, param in loaded.entry.params.items():
        default = "required" if param.default is None else f"default: {param.default or '(empty)'}"
        typer.echo(f"  --with {name}=…  {param.description} [{default}]")
    typer.echo("")
    if headline:
        typer.echo(headline)
    typer.echo(text)


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
