"""`drafter fonts`: the faces a style profile uses, and what stands in for those missing here."""

from __future__ import annotations

from typing import Annotated

import typer

from drafter.cli.common import (
    JsonOption,
    TemplatesOption,
    echo_json,
    here,
    json_language,
    reported,
)
from drafter.i18n import _


def fonts(
    style: Annotated[
        str | None,
        typer.Option(
            "--style",
            help=_("The style profile (default: the office's, else gbt9704)."),
            metavar=_("STYLE"),
        ),
    ] = None,
    templates: TemplatesOption = None,
    as_json: JsonOption = False,
) -> None:
    from drafter.cli.presenting import print_fonts
    from drafter.system_fonts import installed_families
    from drafter.writers.faces import survey

    with json_language(as_json), reported():
        renderer = here(templates)
        name = style or renderer.style_name()
        statuses = survey(renderer.profile(name), installed_families())
    if as_json:
        echo_json({"style": name, "faces": [status.as_json() for status in statuses]})
        return
    print_fonts(name, statuses)
