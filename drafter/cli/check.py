"""`drafter check`: every problem of outlines at once, as text or JSON."""

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
    reported,
    session,
)
from drafter.cli.running import collect_cycles, options, sources


def check(
    outlines: Annotated[
        list[str],
        typer.Argument(help="Outline files (.yaml), or - for standard input.", show_default=False),
    ],
    as_json: JsonOption = False,
    output_format: FormatOption = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    rate: RateOption = None,
    templates: TemplatesOption = None,
    encoding: EncodingOption = None,
) -> None:
    """Report every problem of outlines at once (errors: exit 2; warnings: 0, or 1 if --strict)."""
    from drafter.analysis.check import check_paths, exit_code, summary

    with reported():
        paths = sources(outlines)
    if len(paths) > 1:
        collect_cycles()
    problems = check_paths(paths, session(options(templates, encoding=encoding)), rate=rate)
    if as_json or output_format is CheckFormat.json:
        echo_json([p.as_json() for p in problems])
    else:
        for problem in problems:
            typer.echo(problem.format(with_severity=True, with_rule=True))
        typer.echo(summary(problems, len(outlines)))
    raise typer.Exit(exit_code(problems, strict=strict))
