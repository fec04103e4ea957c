"""`drafter new` and `drafter schema`: a kind's outline skeleton, and the outline's JSON Schema.

The skeleton's first line names the schema (`drafter-outline.schema.json`, beside the outline)
so that the writer's editor completes keys from the first minute. `-o` writes the schema
beside the outline (`render.skeleton.write_skeleton`); a skeleton saved from standard output
(`drafter new KIND > 提纲.yaml`) gets it the same way, in the folder of the file standard output
is (where the system says which: Linux; else the current folder), and a skeleton printed to a
terminal or a pipe is followed by a line on standard error saying how to get it.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from drafter.cli.common import TemplatesOption, here, kind_named, reported
from drafter.i18n import _

if TYPE_CHECKING:
    from drafter.render.templating import Templates


def new(
    kind: Annotated[
        str,
        typer.Argument(
            help=_("Speech kind (see `drafter kinds`)."), show_default=False, metavar=_("KIND")
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help=_("Write the skeleton here (never over an existing file)."),
            metavar=_("FILE"),
        ),
    ] = None,
    templates: TemplatesOption = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            metavar=_("YEAR"),
            min=1900,
            max=2999,
            help=_(
                "The speech's year: its review looks back on the year before "
                "(default: this year; in December, the next)."
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    """`drafter new`: the skeleton printed, or written with its schema beside it."""
    from drafter.render.skeleton import skeleton, write_skeleton

    with reported():
        renderer = here(templates)
        kind = kind_named(renderer, kind)
        if output is not None:
            write_skeleton(renderer.templates, kind, output, year)
            typer.echo(_("wrote {file}").format(file=output))
            return
        found = renderer.templates
        typer.echo(skeleton(found, kind, year), nl=False)
        _schema_for_standard_output(found)


def _schema_for_standard_output(templates: Templates) -> None:
    """The schema beside a skeleton saved from standard output, when it is not there yet."""
    from drafter.outline.json_schema import SCHEMA_FILE, schema_text
    from drafter.output import write_atomic

    saved_in = _folder_of_standard_output()
    if saved_in is None:
        typer.echo(
            _(
                "(for your editor to complete the outline's keys, save it with -o FILE, which "
                "writes {schema} beside it, or run drafter schema > {schema})"
            ).format(schema=SCHEMA_FILE),
            err=True,
        )
        return
    schema = saved_in / SCHEMA_FILE
    if schema.exists():
        return
    sys.stdout.flush()
    write_atomic(schema, schema_text(templates.kinds().values()).encode("utf-8"))
    typer.echo(
        _("wrote {file} (the outline's schema, for your editor's completion)").format(file=schema),
        err=True,
    )


def _folder_of_standard_output() -> Path | None:
    """The folder of the regular file standard output is (the current folder where the system
    does not say), or None for a terminal or a pipe."""
    try:
        mode = os.fstat(sys.stdout.fileno()).st_mode
    except (OSError, ValueError):  # no file descriptor (captured output)
        return None
    if not stat.S_ISREG(mode):
        return None
    try:
        named = Path(os.readlink(f"/proc/self/fd/{sys.stdout.fileno()}"))
        if os.path.samestat(named.stat(), os.fstat(sys.stdout.fileno())):
            return named.parent
    except OSError:  # no /proc: not Linux
        pass
    return Path.cwd()


def schema() -> None:
    """`drafter schema`."""
    from drafter.outline.json_schema import schema_text
    from drafter.render.templating import Templates

    typer.echo(schema_text(Templates().kinds().values()), nl=False)
