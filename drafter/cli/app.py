"""The drafter command: the typer app gathering every command, in the order help lists them.

Every problem is printed as one line on standard error (file:line:col: … where there is a
file); the exit code is 2 for bad input, 1 when a result cannot be written, 3 for a bug in
drafter, 0 otherwise. Each command imports what it needs when it runs, so `drafter render`
never loads check, stats or extract.
"""

from __future__ import annotations

from typing import Annotated

import typer

from drafter.cli import (
    check,
    closings,
    config,
    data,
    extract,
    fonts,
    kinds,
    new,
    nextyear,
    render,
    serve,
    stats,
)
from drafter.cli.common import command
from drafter.cli.running import guarded

app = typer.Typer(
    help="drafter: a YAML outline becomes a formatted speech draft (DOCX, PDF, HTML, Markdown).",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


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


# render's command is made from its one declaration (`render.RenderArgs`); its body is looked
# up when it runs.
app.command("render")(command(render.RenderArgs, lambda args: render.run(args, typer.echo)))
app.command()(kinds.kinds)
app.command()(kinds.eject)
app.command()(config.config)
app.command()(new.new)
app.command()(new.schema)
app.command()(check.check)
app.command()(extract.extract)
app.command("next")(nextyear.next_)
app.command()(stats.stats)
app.command()(data.data)
app.command()(serve.serve)
app.add_typer(closings.closings, name="closings")
app.command()(fonts.fonts)


def main() -> None:
    """Entry point: run the app; an unexpected failure is reported as a bug, not a traceback."""
    guarded(app)
