"""`drafter next`: next year's outline from this year's."""

from __future__ import annotations

from typing import Annotated

import typer

from drafter.cli.common import (
    EncodingOption,
    NewFileOption,
    TemplatesOption,
    new_file,
    print_or_wrote,
    reported,
    session,
)
from drafter.cli.running import options, sources
from drafter.i18n import _


def next_(
    outline: Annotated[
        str,
        typer.Argument(
            help=_("This year's outline (.yaml, or - for standard input), or one extract wrote."),
            show_default=False,
            metavar=_("OUTLINE"),
        ),
    ],
    output: NewFileOption = None,
    templates: TemplatesOption = None,
    encoding: EncodingOption = None,
) -> None:
    from drafter.analysis.nextyear import next_to

    output = new_file(output)
    with reported():
        (path,) = sources([outline])
        text = next_to(path, session(options(templates, encoding=encoding)), output)
    print_or_wrote(text, output, _("wrote {file} (drafter check lists what to update)"))
