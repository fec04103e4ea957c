"""`drafter kinds` and `drafter eject`: the speech kinds, and a kind's template to edit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drafter.cli.common import (
    JsonOption,
    TemplatesOption,
    echo_json,
    here,
    json_language,
    kind_named,
    reported,
    source_shown,
)
from drafter.errors import listed
from drafter.i18n import _


def kinds(templates: TemplatesOption = None, as_json: JsonOption = False) -> None:
    """`drafter kinds`: one kind a line, or JSON."""
    with json_language(as_json), reported():
        found = here(templates).templates.kinds()
    if as_json:
        from drafter.cli.presenting import kind_json

        echo_json([kind_json(kind) for kind in found.values()])
        return
    width = max(len(name) for name in found)
    for kind in found.values():
        if kind.names:
            line = _("{kind}  {description} (also written in outlines: {names})  [{source}]")
        else:
            line = _("{kind}  {description}  [{source}]")
        typer.echo(
            line.format(
                kind=f"{kind.name:<{width}}",
                description=kind.description,
                names=listed(kind.names) if kind.names else "",
                source=source_shown(kind.source),
            )
        )


def eject(
    kind: Annotated[
        str, typer.Argument(help=_("The kind to copy."), show_default=False, metavar=_("KIND"))
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar=_("FOLDER"),
            help=_("Template folder (default: your first template_dirs, else ./templates)."),
        ),
    ] = None,
    templates: TemplatesOption = None,
) -> None:
    """`drafter eject`: a kind's template copied where the writer edits templates."""
    with reported():
        renderer = here(templates)
        ejected = renderer.eject(kind_named(renderer, kind), output)
    typer.echo(_("wrote {file}").format(file=ejected.target))
    if not ejected.on_search_path:
        typer.echo(
            _(
                "to use it, list {folder} under template_dirs in drafter.yaml "
                "(or pass --templates {folder})"
            ).format(folder=ejected.folder)
        )
