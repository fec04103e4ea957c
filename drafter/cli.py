"""The drafter command: parses arguments, calls the core, turns DrafterError into messages.

Every problem is printed as one line on standard error (file:line:col: … where there is a
file); the exit code is 2 for bad input, 1 when a result cannot be written, 3 for a bug in
drafter, 0 otherwise. Each command imports what it needs when it runs, so `drafter render`
never loads check, stats or extract.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from drafter.errors import DrafterError, Problem, UsageError
from drafter.render.library import CATEGORIES
from drafter.render_command import (
    RenderArgs,
    collect_cycles,
    guarded,
    warn,
)
from drafter.render_command import options as _options
from drafter.render_command import render as render_outlines
from drafter.render_command import sources as _sources
from drafter.writers import FORMATS

if TYPE_CHECKING:
    from drafter.pipeline import Options, Renderer, Session

app = typer.Typer(
    help="drafter: a YAML outline becomes a formatted speech draft (DOCX, PDF, HTML, Markdown).",
    no_args_is_help=True,
    add_completion=True,
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
NewFileOption = Annotated[
    Path | None,
    typer.Option("-o", "--output", help="Write the outline here (never over a file)."),
]
LibraryOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--library",
        help="A folder of your own library entries (searched first).",
        show_default=False,
    ),
]

RateOption = Annotated[
    float | None,
    typer.Option(
        "--rate",
        help="Speaking rate in 字/分钟, 1 to 1000 (default: config, else 220).",
        min=1,
        max=1000,
    ),
]


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


# --json is the one documented spelling; --format json (check's first one) is still accepted.
FormatOption = Annotated[
    CheckFormat,
    typer.Option("--format", "-f", help="text or json (the same as --json).", hidden=True),
]


def _show_version(value: bool) -> None:
    if value:
        from drafter import __version__

        typer.echo(f"drafter {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help="Print drafter's version and exit.",
        ),
    ] = False,
) -> None:
    """drafter: a YAML outline becomes a formatted speech draft (DOCX, PDF, HTML, Markdown)."""


def _echo_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _warn(problems: Sequence[Problem]) -> None:
    """Warnings on standard error, one a line, in the form `check` prints them."""
    warn(problems, typer.echo)


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


def _session(options: Options) -> Session:
    from drafter.pipeline import Session

    return Session(options)


def _here(
    templates: Sequence[Path] | None = None, library: Sequence[Path] | None = None
) -> Renderer:
    """The renderer for the current folder's office settings (commands without an outline)."""
    session = _session(_options(templates, library))
    renderer = session.renderer_for(Path.cwd())
    _warn(session.take_warnings())
    return renderer


@app.command()
def render(
    outlines: Annotated[
        list[str],
        typer.Argument(help="Outline files (.yaml), or - for standard input.", show_default=False),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            help="Output file (one outline), folder (ends with /, or several outlines), "
            "or - for standard output.",
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
        str | None,
        typer.Option(
            "--style", help="Style profile of DOCX, PDF and HTML: gbt9704, gbt9704-win, plain …"
        ),
    ] = None,
    reference_docx: Annotated[
        Path | None,
        typer.Option(
            "--reference-docx", help="Take page setup and styles from this .docx or .dotx."
        ),
    ] = None,
    into: Annotated[
        Path | None,
        typer.Option(
            "--into",
            help="Put the speech into this office template (.docx or .dotx), in place of its "
            "{{ speech }} paragraph.",
        ),
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
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Print each placeholder left, not only their lines."),
    ] = False,
) -> None:
    """Render outlines to drafts (next to each outline unless -o says otherwise)."""
    chosen = RenderArgs(
        outlines=list(outlines),
        output=output,
        fmt=fmt,
        style=style,
        reference_docx=reference_docx,
        into=into,
        templates=list(templates or []),
        encoding=encoding,
        keep_punctuation=keep_punctuation,
        quiet=quiet,
        verbose=verbose,
    )
    exit_code = render_outlines(chosen, typer.echo)
    if exit_code:
        raise typer.Exit(exit_code)


@app.command()
def kinds(templates: TemplatesOption = None, as_json: JsonOption = False) -> None:
    """List the speech kinds, one a line, with what each is for and where it comes from."""
    with _reported():
        found = _here(templates).templates.kinds()
    if as_json:
        from drafter.presenting import kind_json

        _echo_json([kind_json(kind) for kind in found.values()])
        return
    width = max(len(name) for name in found)
    for kind in found.values():
        names = f"（提纲中也可写：{'、'.join(kind.names)}）" if kind.names else ""
        typer.echo(f"{kind.name:<{width}}  {kind.description}{names}  [{kind.source}]")


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
        ejected = _here(templates).eject(kind, output)
    typer.echo(f"wrote {ejected.target}")
    if not ejected.on_search_path:
        typer.echo(
            f"to use it, list {ejected.folder} under template_dirs in drafter.yaml "
            f"(or pass --templates {ejected.folder})"
        )


@app.command()
def config(
    where: Annotated[
        Path | None,
        typer.Argument(help="An outline or folder (default: here).", show_default=False),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Show the effective office settings and where each value came from."""
    from drafter.outline.config import load_settings
    from drafter.presenting import describe_settings, settings_json

    with _reported():
        settings = load_settings(where or Path.cwd())
    _warn(settings.warnings)
    if as_json:
        _echo_json(settings_json(settings))
        return
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
    from drafter.render.skeleton import skeleton, write_skeleton

    with _reported():
        if output is None:
            typer.echo(skeleton(_here(templates).templates, kind), nl=False)
            return
        write_skeleton(_here(templates).templates, kind, output)
    typer.echo(f"wrote {output}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the outline (for editor completion and checking)."""
    from drafter.outline.json_schema import schema_text
    from drafter.render.templating import Templates

    typer.echo(schema_text(Templates().kinds().values()), nl=False)


@app.command()
def check(
    outlines: Annotated[
        list[str],
        typer.Argument(help="Outline files (.yaml), or - for standard input.", show_default=False),
    ],
    as_json: JsonOption = False,
    output_format: FormatOption = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    rate: RateOption = None,
    templates: TemplatesOption = None,
    encoding: EncodingOption = None,
) -> None:
    """Report every problem of outlines at once (errors: exit 2; warnings: 0, or 1 if --strict)."""
    from drafter.analysis.check import check_paths, exit_code, summary

    with _reported():
        paths = _sources(outlines)
    if len(paths) > 1:
        collect_cycles()
    problems = check_paths(paths, _session(_options(templates, encoding=encoding)), rate=rate)
    if as_json or output_format is CheckFormat.json:
        _echo_json([p.as_json() for p in problems])
    else:
        for problem in problems:
            typer.echo(problem.format(with_severity=True, with_rule=True))
        typer.echo(summary(problems, len(outlines)))
    raise typer.Exit(exit_code(problems, strict=strict))


@app.command()
def extract(
    source: Annotated[
        str,
        typer.Argument(
            help="A speech: .docx, .txt/.md, or - for standard input.", show_default=False
        ),
    ],
    output: NewFileOption = None,
    encoding: EncodingOption = None,
) -> None:
    """Turn a finished speech back into an outline (last year's speech → this year's start)."""
    from drafter.analysis.extract import extract_to
    from drafter.decoding import read_bytes, read_stdin

    with _reported():
        path = None if source == "-" else Path(source)
        raw = read_stdin() if path is None else read_bytes(path)
        text = extract_to(raw, path, output, encoding)
    _print_or_wrote(text, output)


@app.command("next")
def next_(
    outline: Annotated[
        str,
        typer.Argument(
            help="This year's outline (.yaml, or - for standard input), or one extract wrote.",
            show_default=False,
        ),
    ],
    output: NewFileOption = None,
    templates: TemplatesOption = None,
    encoding: EncodingOption = None,
) -> None:
    """Next year's outline: years moved on, figures' values made last year's, # 更新 marks."""
    from drafter.analysis.nextyear import next_to

    with _reported():
        (path,) = _sources([outline])
        text = next_to(path, _session(_options(templates, encoding=encoding)), output)
    _print_or_wrote(text, output, " (drafter check lists what to update)")


def _print_or_wrote(text: str, output: Path | None, note: str = "") -> None:
    """The outline on standard output, or where it was written."""
    if output is None:
        typer.echo(text, nl=False)
    else:
        typer.echo(f"wrote {output}{note}")


@app.command()
def stats(
    source: Annotated[
        str,
        typer.Argument(
            help="An outline (.yaml, or - for standard input) or a speech (.docx, .txt, .md).",
            show_default=False,
        ),
    ],
    rate: RateOption = None,
    as_json: JsonOption = False,
    output_format: FormatOption = CheckFormat.text,
    templates: TemplatesOption = None,
    encoding: EncodingOption = None,
) -> None:
    """字数, paragraphs and speaking time per part and in total."""
    from drafter.analysis.stats import of_path
    from drafter.presenting import stats_lines

    session = _session(_options(templates, encoding=encoding))
    with _reported():
        (path,) = _sources([source])
        try:
            result = of_path(path, session, rate, encoding)
        finally:
            _warn(session.take_warnings())
    if as_json or output_format is CheckFormat.json:
        _echo_json(result.as_json())
        return
    for line in stats_lines(result):
        typer.echo(line)


@app.command()
def data(
    file: Annotated[
        Path, typer.Argument(help="A statistics table (.xlsx or .csv).", show_default=False)
    ],
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", help="The sheet (default: the first whose header is recognised)."),
    ] = None,
    column: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            "-c",
            help="A column named as an outline names it, e.g. value=1-6月 (repeat).",
        ),
    ] = None,
) -> None:
    """Show what drafter reads from a table: the sheet, the columns found, every row."""
    from drafter.outline.tables import read_table
    from drafter.presenting import print_data_table

    with _reported():
        table = read_table(file, sheet=sheet, names=_assignments(column or [], "--column"))
    print_data_table(table)
    for problem in table.problems():
        typer.echo(problem.format(with_severity=True), err=True)


@app.command()
def serve(
    folder: Annotated[
        Path | None,
        typer.Argument(
            help="The folder of outlines (default: the current folder).", show_default=False
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(
            "--port",
            help="Port (default 8765, else a free one; 0: any free port).",
            min=0,
            max=65535,
        ),
    ] = None,
    host: Annotated[
        str | None,
        typer.Option(
            "--host", help="Listen on this address instead of 127.0.0.1 (others may reach it)."
        ),
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open the page in a browser.")
    ] = False,
) -> None:
    """The workbench: a local web page to write outlines and see each draft as you type."""
    from drafter.serve import require

    with _reported():
        require()
        from drafter.serve.server import prepare

        served = prepare(folder or Path.cwd(), port=port, host=host, open_browser=not no_browser)
    for note in served.notes:
        typer.echo(f"note: {note}", err=True)
    if served.warning:
        typer.echo(f"warning: {served.warning}", err=True)
    collect_cycles()
    served.run(on_ready=lambda: typer.echo(f"drafter workbench: {served.url}  (Ctrl+C stops it)"))


closings = typer.Typer(help="Browse the library of closings, greetings and stock paragraphs.")
app.add_typer(closings, name="closings")


@closings.command("list")
def closings_list(
    category: Annotated[
        str | None,
        typer.Option("--category", "-c", help=f"One of: {', '.join(CATEGORIES)}."),
    ] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", help="Only entries with this tag.")
    ] = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Table of library entries: id, category, tags, description, source."""
    from drafter.presenting import entry_json, print_table

    with _reported():
        entries = _here(library=library).library().select(category, tag)
    if as_json:
        _echo_json([entry_json(e) for e in entries])
        return
    rows = [
        (e.id, e.entry.category, ", ".join(e.entry.tags), e.entry.description, e.source)
        for e in entries
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
        shown = renderer.library().show(
            entry_id, _assignments(with_ or []), renderer.settings.outline_defaults()
        )
    entry = shown.loaded.entry
    typer.echo(f"{entry_id} ({entry.category}, {shown.loaded.source}): {entry.description}")
    for name, param in entry.params.items():
        default = "required" if param.default is None else f"default: {param.default or '(empty)'}"
        typer.echo(f"  --with {name}=…  {param.description} [{default}]")
    if shown.filled is None:
        needed = ", ".join(f"'{name}'" for name in shown.missing)
        typer.echo(f"'{entry_id}' needs {needed} to be shown; for example:", err=True)
        typer.echo(f"  {shown.example()}", err=True)
        raise typer.Exit(2)
    typer.echo("")
    if shown.filled.headline:
        typer.echo(shown.filled.headline)
    typer.echo(shown.filled.text)


@app.command()
def fonts(
    style: Annotated[
        str | None,
        typer.Option("--style", help="The style profile (default: the office's, else gbt9704)."),
    ] = None,
    templates: TemplatesOption = None,
    as_json: JsonOption = False,
) -> None:
    """The faces a style profile uses, whether each is installed here, and what stands in."""
    from drafter.presenting import print_fonts
    from drafter.system_fonts import installed_families
    from drafter.writers.faces import survey

    with _reported():
        renderer = _here(templates)
        name = style or renderer.style_name()
        statuses = survey(renderer.profile(name), installed_families())
    if as_json:
        _echo_json({"style": name, "faces": [status.as_json() for status in statuses]})
        return
    print_fonts(name, statuses)


def _assignments(pairs: Sequence[str], option: str = "--with") -> dict[str, str]:
    """--with name=value, repeated → {'name': 'value'}."""
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"{option} takes name=value, not '{pair}'")
        values[name.strip()] = value.strip()
    return values


def main() -> None:
    """Entry point: run the app; an unexpected failure is reported as a bug, not a traceback."""
    guarded(app)
