"""The drafter command: the typer app gathering every command, in the order help lists them,
each with its help in the user's language.

Every problem is printed as one line on standard error (file:line:col: … where there is a
file); the exit code is 2 for bad input, 1 when a result cannot be written, 3 for a bug in
drafter, 0 otherwise. Each command imports what it needs when it runs, so `drafter render`
never loads check, stats or extract.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

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
from drafter.cli.framework import DrafterCommand, DrafterGroup
from drafter.cli.running import guarded
from drafter.i18n import _

app = typer.Typer(
    cls=DrafterGroup,
    help=_("drafter: a YAML outline becomes a formatted speech draft (DOCX, PDF, HTML, Markdown)."),
    options_metavar=_("[OPTIONS]"),
    subcommand_metavar=_("COMMAND [ARGS]..."),
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
            help=_("Print drafter's version and exit."),
        ),
    ] = False,
) -> None:
    """The options given before a command."""


def add(body: Callable[..., Any], help: str, name: str | None = None) -> None:
    """Register a command with its help (typer reads it now, in the user's language)."""
    app.command(name, help=help, cls=DrafterCommand, options_metavar=_("[OPTIONS]"))(body)


# render's command is made from its one declaration (`render.RenderArgs`); its body is looked
# up when it runs.
add(
    command(render.RenderArgs, lambda args: render.run(args, typer.echo)),
    _("Render outlines to drafts (next to each outline unless -o says otherwise)."),
    "render",
)
add(
    kinds.kinds,
    _("List the speech kinds, one a line, with what each is for and where it comes from."),
)
add(
    kinds.eject,
    _("Copy a kind's template into your template folder, as a starting point to edit."),
)
add(config.config, _("Show the effective office settings and where each value came from."))
add(new.new, _("Write a commented outline skeleton for a kind, ready to fill."))
add(new.schema, _("Print the JSON Schema of the outline (for editor completion and checking)."))
add(
    check.check,
    _("Report every problem of outlines at once (errors: exit 2; warnings: 0, or 1 if --strict)."),
)
add(
    extract.extract,
    _("Turn a finished speech back into an outline (last year's speech → this year's start)."),
)
add(
    nextyear.next_,
    _("Next year's outline: years moved on, figures' values made last year's, # 更新 marks."),
    "next",
)
add(stats.stats, _("字数, paragraphs and speaking time per part and in total."))
add(
    data.data,
    _(
        "Show what drafter reads from a table: the sheet, the header, the columns found and "
        "why, every row."
    ),
)
add(
    serve.serve,
    _("The workbench: a local web page to write outlines and see each draft as you type."),
)
app.add_typer(closings.closings, name="closings")
add(
    fonts.fonts,
    _("The faces a style profile uses, whether each is installed here, and what stands in."),
)


def main() -> None:
    """Entry point: run the app; an unexpected failure is reported as a bug, not a traceback."""
    guarded(app)
