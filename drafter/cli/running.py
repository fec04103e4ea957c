"""What every command needs, without typer: standard streams, names listed in the user's
language, outline arguments, the core's options, a batch's progress bar, the cycle collector
turned back on, and the guard that turns failures into exit codes.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from drafter.errors import Problem, UsageError
from drafter.i18n import _

if TYPE_CHECKING:
    from drafter.pipeline import Options


class Echo(Protocol):
    def __call__(self, message: str, *, err: bool = False) -> None: ...


def echo(message: str, *, err: bool = False) -> None:
    """A line on standard output or error, as typer.echo writes plain text."""
    stream = sys.stderr if err else sys.stdout
    stream.write(f"{message}\n")
    stream.flush()


def warn(problems: Sequence[Problem], say: Echo = echo) -> None:
    """Warnings on standard error, one a line, in the form `check` prints them."""
    for problem in problems:
        say(problem.format(with_severity=True, with_rule=True), err=True)


def sources(arguments: Sequence[str]) -> list[Path]:
    """Outline arguments as paths: - is standard input (once), a file named - is ./-."""
    from drafter.decoding import STDIN

    if list(arguments).count("-") > 1:
        raise UsageError(_("standard input (-) can be read only once"))
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

    columns = (TextColumn(_("rendering")), BarColumn(), MofNCompleteColumn())
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
        echo(
            _("drafter: stopped by {signal}; nothing partial was left").format(signal=stop),
            err=True,
        )
        sys.exit(128 + stop.signum)
    except SystemExit:
        raise
    except Exception as err:  # a bug in drafter: say so plainly, show details on request
        if os.environ.get("DRAFTER_DEBUG"):
            raise
        said = _(
            "drafter: internal error: {kind}: {error} "
            "(this is a bug; set DRAFTER_DEBUG=1 to see where)"
        )
        echo(said.format(kind=type(err).__name__, error=err), err=True)
        sys.exit(3)
