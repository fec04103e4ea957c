"""`drafter render`'s body, and its usual command lines read without loading typer.

Loading typer and building its command tree is about a tenth of a short render, and the
arguments writers give `render` are few and plain. `parse` reads a render command line when
every argument is one it knows, in a form click reads the same way (outlines, `-o`/`--output`,
`-f`/`--format`, `--style`, `--reference-docx`, `--into`, `--templates`, `--encoding`,
`--keep-punctuation`, `-q`/`--quiet`, `-v`/`--verbose`, `--name=value`, `--`); anything else
(help, a misspelt option, a missing value, shell completion) is left to typer, which reads and
reports it as it always has. Both ways end in `render`, which prints through the `echo` given.
The helpers the typer commands share (`sources`, `options`, `progress`, `guarded`) live here
so that this module needs nothing typer loads.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from drafter.errors import DrafterError, Problem, UsageError

if TYPE_CHECKING:
    from drafter.pipeline import Options


class Echo(Protocol):
    def __call__(self, message: str, *, err: bool = False) -> None: ...


def echo(message: str, *, err: bool = False) -> None:
    """A line on standard output or error, as typer.echo writes plain text."""
    stream = sys.stderr if err else sys.stdout
    stream.write(f"{message}\n")
    stream.flush()


@dataclass
class RenderArgs:
    """What `drafter render` was asked: its arguments and options, as typer passes them."""

    outlines: list[str] = field(default_factory=list)
    output: str | None = None
    fmt: str | None = None
    style: str | None = None
    reference_docx: Path | None = None
    into: Path | None = None
    templates: list[Path] = field(default_factory=list)
    encoding: str | None = None
    keep_punctuation: bool = False
    quiet: bool = False
    verbose: bool = False


_VALUED = {
    "-o": "output",
    "--output": "output",
    "-f": "fmt",
    "--format": "fmt",
    "--style": "style",
    "--reference-docx": "reference_docx",
    "--into": "into",
    "--templates": "templates",
    "--encoding": "encoding",
}
_PATHS = {"reference_docx", "into"}
_FLAGS = {
    "--keep-punctuation": "keep_punctuation",
    "-q": "quiet",
    "--quiet": "quiet",
    "-v": "verbose",
    "--verbose": "verbose",
}


def parse(argv: Sequence[str]) -> RenderArgs | None:
    """`render …` read as typer would read it, or None where typer should read it."""
    completing = any(name.startswith("_DRAFTER_COMPLETE") for name in os.environ)
    if not argv or argv[0] != "render" or completing:
        return None
    args = RenderArgs()
    tokens = iter(argv[1:])
    only_outlines = False
    for token in tokens:
        if only_outlines or token == "-" or not token.startswith("-"):
            args.outlines.append(token)
        elif token == "--":
            only_outlines = True
        elif token in _FLAGS:
            setattr(args, _FLAGS[token], True)
        else:
            name, equals, value = token.partition("=") if token[1] == "-" else (token, "", "")
            if name not in _VALUED:
                return None
            if not equals:
                value = next(tokens, None)  # type: ignore[assignment]
                if value is None or (value.startswith("-") and value != "-"):
                    return None
            key = _VALUED[name]
            if key == "templates":
                args.templates.append(Path(value))
            else:
                setattr(args, key, Path(value) if key in _PATHS else value)
    return args if args.outlines else None


def render(args: RenderArgs, say: Echo = echo) -> int:
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
                say(f"wrote {outcome.job.target}")
    if failed and len(jobs) > 1:
        say(f"{failed} of {len(jobs)} outlines failed", err=True)
    return exit_code


def warn(problems: Sequence[Problem], say: Echo = echo) -> None:
    """Warnings on standard error, one a line, in the form `check` prints them."""
    for problem in problems:
        say(problem.format(with_severity=True, with_rule=True), err=True)


def sources(arguments: Sequence[str]) -> list[Path]:
    """Outline arguments as paths: - is standard input (once), a file named - is ./-."""
    from drafter.decoding import STDIN

    if list(arguments).count("-") > 1:
        raise UsageError("standard input (-) can be read only once")
    paths = []
    for argument in arguments:
        path = Path(argument)
        paths.append(STDIN if argument == "-" else Path.cwd() / path if path == STDIN else path)
    return paths


def options(
    templates: Sequence[Path] | None = None,
    library: Sequence[Path] | None = None,
    **choices: object,
) -> Options:
    """The command line's choices, the one way every command builds them."""
    from drafter.pipeline import Options

    return Options(
        template_dirs=tuple(templates or ()),
        library_dirs=tuple(library or ()),
        **choices,  # type: ignore[arg-type]
    )


@contextmanager
def progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on a terminal for a batch; nothing when output goes to a file or pipe."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("rendering"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("render", total=total)
        yield lambda: bar.advance(task)


def collect_cycles() -> None:
    """Turn the cycle collector back on where `drafter.__main__` turned it off, for a command
    that goes on (a batch, the workbench): what is loaded so far is frozen (never looked at
    again), and the collector runs every 10,000 new objects rather than 700, so its cost stays
    proportional to the work. In-process use (tests, library) leaves the collector alone."""
    if gc.isenabled():
        return
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    gc.enable()


def guarded(run: Callable[[], object]) -> None:
    """Run a command; Ctrl-C, a closed pipe and SIGTERM end it with the usual exit codes, and
    an unexpected failure is reported as a bug, not a traceback."""
    from drafter.output import Terminated

    try:
        run()
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(130)
    except Terminated as stop:  # SIGTERM or SIGHUP during a write: the usual 128 + signal
        echo(f"drafter: stopped by {stop}; nothing partial was left", err=True)
        sys.exit(128 + stop.signum)
    except SystemExit:
        raise
    except Exception as err:  # a bug in drafter: say so plainly, show details on request
        if os.environ.get("DRAFTER_DEBUG"):
            raise
        echo(
            f"drafter: internal error: {type(err).__name__}: {err} "
            "(this is a bug; set DRAFTER_DEBUG=1 to see where)",
            err=True,
        )
        sys.exit(3)
