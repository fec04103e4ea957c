"""`drafter data`: what drafter reads from a statistics table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drafter.cli.common import assignments, reported
from drafter.errors import UsageError, one_of
from drafter.i18n import _


def data(
    file: Annotated[
        Path,
        typer.Argument(
            help=_("A statistics table (.xlsx or .csv)."), show_default=False, metavar=_("TABLE")
        ),
    ],
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            help=_("The sheet (default: the first whose header is recognised)."),
            metavar=_("SHEET"),
        ),
    ] = None,
    column: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            "-c",
            metavar=_("ROLE=COLUMN"),
            help=_("A column named as an outline names it, e.g. value=1-6月 (repeat)."),
        ),
    ] = None,
) -> None:
    from drafter.cli.presenting import print_data_table
    from drafter.outline.tables import read_table

    with reported():
        if file.is_dir():
            message = _("{path} is a folder: name a statistics table (.xlsx or .csv) in it")
            raise UsageError(message.format(path=file))
        table = read_table(file, sheet=sheet, names=assignments(column or [], "--column"))
    print_data_table(table)
    if table.others:
        others = "、".join(table.others)
        said = _(
            "{file}: warning: the sheets {sheets} hold tables too; an outline that names no "
            "sheet takes each figure from the sheet that holds its label, and asks when several "
            "do; --sheet reads another"
        )
        typer.echo(said.format(file=table.name, sheets=others), err=True)
    for problem in table.problems():
        typer.echo(problem.format(with_severity=True), err=True)
    for role in table.ambiguous:
        why, choices = table.ambiguity(role)
        asks = one_of([f"-c {role}={choice}" for choice in choices])
        said = _("{file}: error: {problem}; say which: {choices}")
        typer.echo(said.format(file=table.name, problem=why, choices=asks), err=True)
    if table.ambiguous:
        raise typer.Exit(2)
