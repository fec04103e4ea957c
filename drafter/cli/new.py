"""`drafter new` and `drafter schema`: a kind's outline skeleton, and the outline's JSON Schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drafter.cli.common import TemplatesOption, here, reported


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

    with reported():
        if output is None:
            typer.echo(skeleton(here(templates).templates, kind), nl=False)
            return
        write_skeleton(here(templates).templates, kind, output)
    typer.echo(f"wrote {output}")


def schema() -> None:
    """Print the JSON Schema of the outline (for editor completion and checking)."""
    from drafter.outline.json_schema import schema_text
    from drafter.render.templating import Templates

    typer.echo(schema_text(Templates().kinds().values()), nl=False)
