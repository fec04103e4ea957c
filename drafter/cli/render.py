"""`drafter render`: its command line, declared once, and its body.

Loading typer and building its command tree is about a tenth of a short render, and the
arguments writers give `render` are few and plain: `parse` reads a render command line without
typer when every argument is one `RenderArgs` declares, in a form click reads the same way
(`options.read`); anything else (help, a misspelt option, a missing value, shell completion) is
left to typer, whose command is made from the same `RenderArgs` (`drafter.cli.app`). Both ways
end in `run`, which prints through the `say` given. The command's help is in `drafter.cli.app`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from drafter.cli.options import ENCODING, OUTLINES, TEMPLATES, Option, command_line, read
from drafter.cli.running import Echo, collect_cycles, echo, options, progress, sources, warn
from drafter.errors import DrafterError
from drafter.i18n import N_, _
from drafter.writers import FORMATS


@command_line
class RenderArgs:
    """What `drafter render` takes."""

    outlines: list[str] = OUTLINES
    output: str | None = Option(
        "-o",
        "--output",
        help=N_(
            "Output file (one outline), folder (ends with /, or several outlines), "
            "or - for standard output."
        ),
        value=N_("FILE|FOLDER"),
    )
    fmt: str | None = Option(
        "--format",
        "-f",
        help=N_("One of: {formats}. Default: from -o's suffix, else docx."),
        values={"formats": tuple(FORMATS)},
        value=N_("FORMAT"),
    )
    style: str | None = Option(
        "--style",
        help=N_("Style profile of DOCX, PDF and HTML: gbt9704, gbt9704-win, plain …"),
        value=N_("STYLE"),
    )
    reference_docx: Path | None = Option(
        "--reference-docx",
        help=N_("Take page setup and styles from this .docx or .dotx."),
        value=N_("FILE"),
    )
    into: Path | None = Option(
        "--into",
        help=N_(
            "Put the speech into this office template (.docx or .dotx), in place of its "
            "{{ speech }} paragraph."
        ),
        value=N_("FILE"),
    )
    templates: list[Path] = TEMPLATES
    encoding: str | None = ENCODING
    keep_punctuation: bool = Option(
        "--keep-punctuation", help=N_("Leave half-width , : ; ! ? ( ) and quotes as typed.")
    )
    review: bool = Option(
        "--review",
        help=N_(
            "A DOCX for the reviewer: a Word comment on every stock and computed paragraph, "
            "saying where it came from and how to change it."
        ),
    )
    quiet: bool = Option("--quiet", "-q", help=N_("Print only problems."))
    verbose: bool = Option(
        "--verbose", "-v", help=N_("Print each placeholder left, not only their lines.")
    )


def parse(argv: Sequence[str]) -> RenderArgs | None:
    """`render …` read as typer would read it, or None where typer should read it."""
    completing = any(name.startswith("_DRAFTER_COMPLETE") for name in os.environ)
    if not argv or argv[0] != "render" or completing:
        return None
    return read(RenderArgs, argv[1:])


def run(args: RenderArgs, say: Echo = echo) -> int:
    """Render the outlines asked for; messages through `say`; the exit code."""
    from drafter.outline.values import placeholder_summary
    from drafter.output import STDOUT
    from drafter.pipeline import Session

    chosen = options(
        args.templates,
        style=args.style,
        reference_docx=args.reference_docx,
        into=args.into,
        encoding=args.encoding,
        keep_punctuation=args.keep_punctuation,
        review=args.review,
    )
    session = Session(chosen)
    try:
        jobs = session.plan(sources(args.outlines), args.output, args.fmt)
    except DrafterError as err:
        for line in err.messages():
            say(line, err=True)
        return err.exit_code
    failed = 0
    exit_code = 0
    with progress(len(jobs)) as advance:
        for outcome in session.render_all(jobs):
            advance()
            collect_cycles()  # the first outline loaded every module a batch needs
            for note in outcome.notes:
                say(f"note: {note}", err=True)
            shown = outcome.warnings if args.verbose else placeholder_summary(outcome.warnings)
            warn(shown, say)
            if outcome.error is not None:
                failed += 1
                # bad input (2) outranks an output that cannot be written (1)
                exit_code = max(exit_code, outcome.error.exit_code)
                for line in outcome.error.messages():
                    say(line, err=True)
                continue
            if not args.quiet and outcome.job.target != STDOUT:
                say(_("wrote {file}").format(file=outcome.job.target))
    if failed and len(jobs) > 1:
        failures = _("{failed} of {count} outlines failed").format(failed=failed, count=len(jobs))
        say(failures, err=True)
    return exit_code
