"""`drafter serve`: the workbench, a local web page that renders outlines as they are typed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drafter.cli.common import reported
from drafter.cli.running import collect_cycles
from drafter.i18n import _


def serve(
    folder: Annotated[
        Path | None,
        typer.Argument(
            help=_("The folder of outlines (default: the current folder)."),
            show_default=False,
            metavar=_("FOLDER"),
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(
            "--port",
            metavar=_("PORT"),
            help=_("Port (default 8765, else a free one; 0: any free port)."),
            min=0,
            max=65535,
        ),
    ] = None,
    host: Annotated[
        str | None,
        typer.Option(
            "--host",
            metavar=_("ADDRESS"),
            help=_("Listen on this address instead of 127.0.0.1 (others may reach it)."),
        ),
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help=_("Do not open the page in a browser."))
    ] = False,
) -> None:
    from drafter.serve import require

    with reported():
        require()
        from drafter.serve.server import prepare

        served = prepare(folder or Path.cwd(), port=port, host=host, open_browser=not no_browser)
    for note in served.notes:
        typer.echo(f"note: {note}", err=True)
    if served.warning:
        typer.echo(f"warning: {served.warning}", err=True)
    collect_cycles()
    ready = _("drafter workbench: {url}  (Ctrl+C stops it)").format(url=served.url)
    served.run(on_ready=lambda: typer.echo(ready))
