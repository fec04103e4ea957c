"""What the typer commands share: a command made from a `command_line` class, the options
several commands take, JSON output, and a DrafterError reported as messages and an exit code."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from drafter import i18n
from drafter.cli.options import ENCODING, OUTLINES, TEMPLATES, Argument, Option, declared
from drafter.cli.running import options, warn
from drafter.errors import DrafterError, Problem, UsageError
from drafter.folders import BUILT_IN
from drafter.i18n import _

if TYPE_CHECKING:
    from drafter.pipeline import Options, Renderer, Session


def typer_option(spec: Option) -> Any:
    return typer.Option(
        *spec.names, help=spec.said(), show_default=spec.show_default, metavar=spec.value_said()
    )


def command(cls: type, run: Callable[[Any], int]) -> Callable[..., None]:
    """A typer command taking the arguments and options `cls` declares: it calls `run` with
    them as a `cls` and exits with the code `run` returns."""
    parameters = []
    for found in declared(cls):
        if isinstance(found.spec, Argument):
            info = typer.Argument(
                help=found.spec.said(), show_default=False, metavar=found.spec.value_said()
            )
            kind, default = found.type, inspect.Parameter.empty
        else:
            info = typer_option(found.spec)
            # typer passes None for a repeated option not given
            kind = found.type | None if found.repeated else found.type
            default = False if found.flag else None
        parameters.append(
            inspect.Parameter(
                found.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=default,
                annotation=Annotated[kind, info],
            )
        )

    repeated = {found.name for found in declared(cls) if found.repeated}

    def body(**given: Any) -> None:
        for name in repeated:
            given[name] = given[name] or []
        exit_code = run(cls(**given))
        if exit_code:
            raise typer.Exit(exit_code)

    body.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    return body


EncodingOption = Annotated[str | None, typer_option(ENCODING)]
OutlinesArgument = Annotated[
    list[str],
    typer.Argument(help=OUTLINES.said(), show_default=False, metavar=OUTLINES.value_said()),
]
TemplatesOption = Annotated[list[Path] | None, typer_option(TEMPLATES)]
NewFileOption = Annotated[
    Path | None,
    typer.Option(
        "-o", "--output", help=_("Write the outline here (never over a file)."), metavar=_("FILE")
    ),
]
RateOption = Annotated[
    float | None,
    typer.Option(
        "--rate",
        help=_("Speaking rate in 字/分钟, 1 to 1000 (default: config, else 220)."),
        metavar=_("CHARS/MIN"),
        min=1,
        max=1000,
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help=_("Print JSON (the same in every language)."))
]


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


# --json is the one documented spelling; --format json (check's first one) is still accepted.
FormatOption = Annotated[
    CheckFormat,
    typer.Option("--format", "-f", help=_("text or json (the same as --json)."), hidden=True),
]


def json_language(as_json: bool) -> AbstractContextManager[None]:
    """Where a command prints JSON, the messages it holds are made in English: the output is
    the same in every language (a program reads it)."""
    return i18n.speaking("en") if as_json else nullcontext()


def echo_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def warn_all(problems: Sequence[Problem]) -> None:
    """Warnings on standard error, one a line, in the form `check` prints them."""
    warn(problems, typer.echo)


def fail(err: DrafterError) -> NoReturn:
    for line in err.messages():
        typer.echo(line, err=True)
    raise typer.Exit(err.exit_code)


@contextmanager
def reported() -> Iterator[None]:
    """Run a command body; a DrafterError becomes its messages and exit code."""
    try:
        yield
    except DrafterError as err:
        fail(err)


def session(chosen: Options) -> Session:
    from drafter.pipeline import Session

    return Session(chosen)


def here(
    templates: Sequence[Path] | None = None, library: Sequence[Path] | None = None
) -> Renderer:
    """The renderer for the current folder's office settings (commands without an outline)."""
    started = session(options(templates, library))
    renderer = started.renderer_for(Path.cwd())
    warn_all(started.take_warnings())
    return renderer


def new_file(output: Path | None) -> Path | None:
    """-o as a new file, or None for standard output: -o - says so, as it does for render."""
    return None if output is not None and str(output) == "-" else output


def kind_named(renderer: Renderer, typed: str) -> str:
    """The kind a writer named on the command line: its id, or a Chinese name of it as outlines
    write it (年度工作会议 → work-conference); anything else as typed, for `kind` to refuse."""
    templates = renderer.templates
    if typed in templates.kinds():
        return typed
    return templates.kind_names().get(typed.strip(), typed)


def print_or_wrote(text: str, output: Path | None, wrote: str | None = None) -> None:
    """An outline on standard output, or where it was written (`wrote`: the message saying
    so, with {file}, in place of "wrote {file}")."""
    if output is None:
        typer.echo(text, nl=False)
    else:
        typer.echo((wrote or _("wrote {file}")).format(file=output))


def assignments(pairs: Sequence[str], option: str = "--with") -> dict[str, str]:
    """--with name=value, repeated → {'name': 'value'}."""
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(
                _("{option} takes name=value, not '{given}'").format(option=option, given=pair)
            )
        values[name.strip()] = value.strip()
    return values


def source_shown(source: str) -> str:
    """Where a kind or entry comes from, as the user reads it: 内置 for drafter's own, else the
    folder (JSON keeps `built-in`)."""
    return _(source) if source == BUILT_IN else source
