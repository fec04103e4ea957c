"""`drafter kinds` and `drafter eject`: the speech kinds, and a kind's template to edit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drafter.cli.common import JsonOption, TemplatesOption, echo_json, here, reported


def kinds(templates: TemplatesOption = None, as_json: JsonOption = False) -> None:
    """List the speech kinds, one a line, with what each is for and where it comes from."""
    with reported():
        found = here(templates).templates.kinds()
    if as_json:
        from drafter.cli.presenting import kind_json

        echo_json([kind_json(kind) for kind in found.values()])
        return
    width = max(len(name) for name in found)
    for kind in found.values():
        names = f"（提纲中也可写：{'、'.join(kind.names)}）" if kind.names else ""
        typer.echo(f"{kind.name:<{width}}  {kind.description}{names}  [{kind.source}]")


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
    with reported():
        ejected = here(templates).eject(kind, output)
    typer.echo(f"wrote {ejected.target}")
    if not ejected.on_search_path:
        typer.echo(
            f"to use it, list {ejected.folder} under template_dirs in drafter.yaml "
            f"(or pass --templates {ejected.folder})"
        )
