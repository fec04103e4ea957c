"""`drafter stats`: 字数, paragraphs and speaking time of an outline or a speech."""

from __future__ import annotations

from typing import Annotated

import typer

from drafter.cli.common import (
    CheckFormat,
    EncodingOption,
    FormatOption,
    JsonOption,
    RateOption,
    TemplatesOption,
    echo_json,
    json_language,
    reported,
    session,
    warn_all,
)
from drafter.cli.running import options, sources
from drafter.i18n import _


def stats(
    source: Annotated[
        str,
        typer.Argument(
            help=_("An outline (.yaml, or - for standard input) or a speech (.docx, .txt, .md)."),
            show_default=False,
            metavar=_("OUTLINE|SPEECH"),
        ),
    ],
    rate: RateOption = None,
    as_json: JsonOption = False,
    output_format: FormatOption = CheckFormat.text,
    templates: TemplatesOption = None,
    encoding: EncodingOption = None,
) -> None:
    from drafter.analysis.stats import of_path
    from drafter.cli.presenting import stats_lines

    as_json = as_json or output_format is CheckFormat.json
    started = session(options(templates, encoding=encoding))
    with json_language(as_json), reported():
        (path,) = sources([source])
        try:
            result = of_path(path, started, rate, encoding)
        finally:
            warn_all(started.take_warnings())
    if as_json:
        echo_json(result.as_json())
        return
    for line in stats_lines(result):
        typer.echo(line)
