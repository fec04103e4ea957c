"""`drafter closings list` and `show`: the library of closings, greetings and stock paragraphs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drafter.cli.common import (
    JsonOption,
    assignments,
    echo_json,
    here,
    json_language,
    reported,
    source_shown,
)
from drafter.cli.framework import DrafterCommand, DrafterGroup
from drafter.errors import listed
from drafter.i18n import _, ngettext
from drafter.render.library import CATEGORIES, category_name, named_category

LibraryOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--library",
        help=_("A folder of your own library entries (searched first)."),
        metavar=_("FOLDER"),
        show_default=False,
    ),
]

closings = typer.Typer(
    cls=DrafterGroup,
    help=_("Browse the library of closings, greetings and stock paragraphs."),
    options_metavar=_("[OPTIONS]"),
    subcommand_metavar=_("COMMAND [ARGS]..."),
)


@closings.command(
    "list",
    cls=DrafterCommand,
    options_metavar=_("[OPTIONS]"),
    help=_(
        "Table of library entries: id, category, tags, description, source "
        "(fitted to the terminal; whole with --json)."
    ),
)
def closings_list(
    category: Annotated[
        str | None,
        typer.Option(
            "--category",
            "-c",
            metavar=_("CATEGORY"),
            help=_("One of: {categories}.").format(
                categories=listed(map(named_category, CATEGORIES))
            ),
        ),
    ] = None,
    tag: Annotated[
        str | None,
        typer.Option("--tag", "-t", help=_("Only entries with this tag."), metavar=_("TAG")),
    ] = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    from drafter.cli.columns import terminal_width
    from drafter.cli.presenting import entry_json, print_table

    with json_language(as_json), reported():
        entries = here(library=library).library().select(category, tag)
    if as_json:
        echo_json([entry_json(e) for e in entries])
        return
    rows = [
        (
            e.id,
            category_name(e.entry.category),
            listed(e.entry.tags),
            e.entry.description,
            source_shown(e.source),
        )
        for e in entries
    ]
    headers = (_("id"), _("category"), _("tags"), _("description"), _("source"))
    # on a narrow terminal, tags are cut and descriptions wrapped
    if print_table(headers, rows, terminal_width(), cut_columns=(2,), wrapped_columns=(3,)):
        typer.echo(
            _(
                "(tags cut to fit the terminal: drafter closings list --json lists them whole, "
                "drafter closings show ID gives one entry)"
            ),
            err=True,
        )


@closings.command(
    "show",
    cls=DrafterCommand,
    options_metavar=_("[OPTIONS]"),
    help=_(
        "An entry's parameters and its text rendered with your values (office values, defaults)."
    ),
)
def closings_show(
    entry_id: Annotated[
        str,
        typer.Argument(
            help=_("Entry id (see `drafter closings list`)."),
            show_default=False,
            metavar=_("ENTRY"),
        ),
    ],
    with_: Annotated[
        list[str] | None,
        typer.Option(
            "--with",
            "-w",
            help=_("A parameter, as name=value (repeat)."),
            metavar=_("NAME=VALUE"),
        ),
    ] = None,
    library: LibraryOption = None,
) -> None:
    with reported():
        renderer = here(library=library)
        shown = renderer.library().show(
            entry_id, assignments(with_ or []), renderer.settings.outline_defaults()
        )
    entry = shown.loaded.entry
    typer.echo(
        _("{id} ({category}, {source}): {description}").format(
            id=entry_id,
            category=category_name(entry.category),
            source=source_shown(shown.loaded.source),
            description=entry.description,
        )
    )
    for name, param in entry.params.items():
        if param.default is None:
            line = _("--with {name}=…  {description} [required]")
        elif param.default:
            line = _("--with {name}=…  {description} [default: {default}]")
        else:
            line = _("--with {name}=…  {description} [default: (empty)]")
        said = line.format(name=name, description=param.description, default=param.default)
        typer.echo(f"  {said}")
    if shown.filled is None:
        needs = ngettext(
            "'{id}' needs '{names}' to be shown; for example:",
            "'{id}' needs {names} to be shown; for example:",
            len(shown.missing),
        )
        typer.echo(needs.format(id=entry_id, names=listed(shown.missing)), err=True)
        typer.echo(f"  {shown.example()}", err=True)
        raise typer.Exit(2)
    typer.echo("")
    if shown.filled.headline:
        typer.echo(shown.filled.headline)
    typer.echo(shown.filled.text)
