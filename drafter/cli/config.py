"""`drafter config`: the effective office settings and where each value came from."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drafter.cli.common import JsonOption, echo_json, json_language, reported, warn_all
from drafter.errors import UsageError
from drafter.i18n import _


def config(
    where: Annotated[
        Path | None,
        typer.Argument(
            help=_("An outline or folder (default: here)."),
            show_default=False,
            metavar=_("OUTLINE|FOLDER"),
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from drafter.cli.presenting import describe_settings, settings_json
    from drafter.outline.config import load_settings

    with json_language(as_json):
        with reported():
            if where is not None and not where.exists():
                message = _("{path} does not exist: name an outline or a folder")
                raise UsageError(message.format(path=where))
            settings = load_settings(where or Path.cwd())
        warn_all(settings.warnings)
    if as_json:
        echo_json(settings_json(settings))
        return
    for line in describe_settings(settings):
        typer.echo(line)
