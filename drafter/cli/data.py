"""`drafter data`: what drafter reads from a statistics table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drafter.cli.common import assignments, reported


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
    """Show what drafter reads from a table: the sheet, the header, the columns found and why,
    every row."""
    from drafter.cli.presenting import print_data_table
    from drafter.outline.tables import read_table

    with reported():
        table = read_table(file, sheet=sheet, names=assignments(column or [], "--column"))
    print_data_table(table)
    for problem in table.problems():
        typer.echo(problem.format(with_severity=True), err=True)
    for role in table.ambiguous:
        why, choices = table.ambiguity(role)
        asks = " or ".join(f"-c {role}={choice}" for choice in choices)
        typer.echo(f"{table.name}: error: {why}; say which: {asks}", err=True)
    if table.ambiguous:
        raise typer.Exit(2)
