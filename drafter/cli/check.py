"""`drafter check`: every problem of outlines at once, as text or JSON."""

from __future__ import annotations

from typing import Annotated

import typer

from drafter.cli.common import (
    CheckFormat,
    EncodingOption,
    FormatOption,
    JsonOption,
    OutlinesArgument,
    RateOption,
    TemplatesOption,
    echo_json,
    json_language,
    reported,
    session,
)
from drafter.cli.running import collect_cycles, options, sources
from drafter.i18n import _


def check(
    outlines: OutlinesArgument,
    as_json: JsonOption = False,
    output_format: FormatOption = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help=_("Exit 1 on warnings too."))] = False,
    rate: RateOption = None,
    templates: TemplatesOption = None,
    encoding: EncodingOption = None,
) -> None:
    from drafter.analysis.check import check_paths, exit_code, summary

    as_json = as_json or output_format is CheckFormat.json
    with reported():
        paths = sources(outlines)
    if len(paths) > 1:
        collect_cycles()
    with json_language(as_json):  # problems are said when they are found
        problems = check_paths(paths, session(options(templates, encoding=encoding)), rate=rate)
    if as_json:
        echo_json([p.as_json() for p in problems])
    else:
        for problem in problems:
            typer.echo(problem.format(with_severity=True, with_rule=True))
        typer.echo(summary(problems, len(outlines)))
    raise typer.Exit(exit_code(problems, strict=strict))
