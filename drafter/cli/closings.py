"""`drafter closings list` and `show`: the library of closings, greetings and stock paragraphs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drafter.cli.common import JsonOption, assignments, echo_json, here, reported
from drafter.render.library import CATEGORIES

LibraryOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--library",
        help="A folder of your own library entries (searched first).",
        show_default=False,
    ),
]

closings = typer.Typer(help="Browse the library of closings, greetings and stock paragraphs.")


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
    from drafter.cli.presenting import entry_json, print_table

    with reported():
        entries = here(library=library).library().select(category, tag)
    if as_json:
        echo_json([entry_json(e) for e in entries])
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
    with reported():
        renderer = here(library=library)
        shown = renderer.library().show(
            entry_id, assignments(with_ or []), renderer.settings.outline_defaults()
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
