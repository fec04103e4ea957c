"""`drafter fonts`: the faces a style profile uses, and what stands in for those missing here."""

from __future__ import annotations

from typing import Annotated

import typer

from drafter.cli.common import JsonOption, TemplatesOption, echo_json, here, reported


def fonts(
    style: Annotated[
        str | None,
        typer.Option("--style", help="The style profile (default: the office's, else gbt9704)."),
    ] = None,
    templates: TemplatesOption = None,
    as_json: JsonOption = False,
) -> None:
    """The faces a style profile uses, whether each is installed here, and what stands in."""
    from drafter.cli.presenting import print_fonts
    from drafter.system_fonts import installed_families
    from drafter.writers.faces import survey

    with reported():
        renderer = here(templates)
        name = style or renderer.style_name()
        statuses = survey(renderer.profile(name), installed_families())
    if as_json:
        echo_json({"style": name, "faces": [status.as_json() for status in statuses]})
        return
    print_fonts(name, statuses)
