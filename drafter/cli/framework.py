"""typer's and click's own words in the user's language, as far as typer lets a program say them.

typer looks a few words up with the stdlib's gettext (the headings Arguments, Options and
Commands, "required", "default: …"); `i18n.install_click_words` points those at click.po. The
rest is English in the click typer carries inside it (`typer._click`, which has no catalogue):
the usage line, the help option's help, the completion options' help, and usage errors. The
classes here say these in drafter's catalogue: commands made with `cls=DrafterCommand` (or
`DrafterGroup`) format their help with `HelpFormatter` below (which also wraps Chinese by its
display width), and `DrafterGroup.main` runs the command line in click's non-standalone mode so
that drafter prints a usage error itself: the usage line, where to find help, and the common
errors (a missing argument, an unknown option or command with the likely one, an option
missing its value, a bad value) in the user's language; any other in click's words.
"""

from __future__ import annotations

import gettext
import math
import re
import sys
from collections.abc import Sequence
from difflib import get_close_matches
from typing import Any, NoReturn

import typer
from rich.cells import cell_len
from typer._click import exceptions as errors
from typer._click.formatting import HelpFormatter as ClickHelpFormatter
from typer.core import TyperCommand, TyperGroup

from drafter.cli.columns import cut, wrap
from drafter.cli.running import echo
from drafter.errors import clauses, listed
from drafter.i18n import _, ngettext

click_word = gettext.gettext  # click's and typer's own words, from click.po (`install_click_words`)


class HelpFormatter(ClickHelpFormatter):
    """click's help formatter with drafter's words, wrapping text by display width."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        start = _("Usage: {command}").format(command=prog) if prefix is None else prefix + prog
        start = " " * self.current_indent + start + " "
        lines = wrap(args, max(self.width - cell_len(start), 20))
        indent = " " * cell_len(start)
        self.write((start + f"\n{indent}".join(lines)).rstrip() + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(" " * self.current_indent + _("{heading}:").format(heading=heading) + "\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for line in wrap(text, max(self.width - self.current_indent, 20)):
            self.write(f"{indent}{line}\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        first_width = min(max(cell_len(first) for first, _second in rows), col_max) + col_spacing
        indent = " " * self.current_indent
        for first, help in rows:
            second = _with_extras(help)
            if not second:
                self.write(f"{indent}{first}\n")
                continue
            lines = wrap(second, max(self.width - first_width - self.current_indent, 10))
            if cell_len(first) <= first_width - col_spacing:
                self.write(f"{indent}{first}" + " " * (first_width - cell_len(first)))
            else:
                self.write(f"{indent}{first}\n{indent}" + " " * first_width)
            self.write(("\n" + indent + " " * first_width).join(lines) + "\n")


# typer's notes after a parameter's help: "  [default: 8765; 0<=x<=65535; required]"
_EXTRAS = re.compile(r"^(?P<help>.*?)\s*\[(?P<extras>[^\[\]]*)\]$", re.S)
_RANGE = re.compile(
    r"^(?:(?P<low>-?[\d.]+)<=x(?:<=(?P<high>-?[\d.]+))?|x(?P<op>[<>])=(?P<limit>-?[\d.]+))$"
)


def _with_extras(help: str) -> str:
    """A parameter's help with typer's notes in the language's brackets (Chinese: full width),
    a range said in words, or left out where the help already gives both its ends."""
    found = _EXTRAS.match(help)
    if found is None:
        return help
    extras = []
    for extra in found["extras"].split("; "):
        bounded = _RANGE.match(extra)
        if bounded is not None:
            ends = [end for end in bounded.group("low", "high", "limit") if end]
            if all(_mentions(found["help"], end) for end in ends):
                continue  # the help says it already
            extra = _range_said(bounded)
        extras.append(extra)
    if not extras:
        return found["help"]
    return _("{help}  [{notes}]").format(help=found["help"], notes=clauses(extras))


def _mentions(text: str, number: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d.])", text) is not None


def _range_said(bounded: re.Match[str]) -> str:
    if bounded["low"] and bounded["high"]:
        return _("{low} to {high}").format(low=bounded["low"], high=bounded["high"])
    if bounded["low"] or bounded["op"] == ">":
        return _("at least {low}").format(low=bounded["low"] or bounded["limit"])
    return _("at most {high}").format(high=bounded["limit"])


class Context(typer.Context):
    formatter_class = HelpFormatter


class _Speaking:
    """What drafter's commands and groups say in the user's language."""

    context_class = Context
    help: str | None

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _("Show this message and exit.")
        return option

    def get_short_help_str(self, limit: int = 45) -> str:
        """The help's first sentence, cut to `limit` columns (click counts characters, and
        ends a sentence only at an English full stop)."""
        text = " ".join((self.help or "").split())
        for stop in ("。", ". "):
            if stop in text:
                text = text[: text.index(stop) + len(stop)].rstrip()
        return cut(text, limit)


def _argument_shown(param: Any) -> str:
    """An argument as help names it: its metavar (its name, upper case, without one), with
    ... when it takes several values."""
    name = param.metavar or param.name.upper()
    return _("{name}...").format(name=name) if param.nargs != 1 else name


class DrafterCommand(_Speaking, TyperCommand):
    """A command whose help and usage line are in the user's language."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """The usage line: options, then each argument by what it is (OUTLINE..., [FOLDER]),
        not typer's {name} braces."""
        pieces = [self.options_metavar] if self.options_metavar else []  # type: ignore[attr-defined]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if param.param_type_name == "argument":
                shown = _argument_shown(param)
                pieces.append(shown if param.required else f"[{shown}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        """typer's sections of arguments and options, an argument named by what it is (no
        Python type beside it)."""
        arguments, options = [], []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_argument_shown(param), record[1]))
            else:
                options.append(record)
        for heading, rows in (
            (click_word("Arguments"), arguments),
            (click_word("Options"), options),
        ):
            if rows:
                with formatter.section(heading):
                    formatter.write_dl(rows)


class DrafterGroup(_Speaking, TyperGroup):
    """A group of commands that speaks the user's language, usage errors included."""

    def get_params(self, ctx: Any) -> list[Any]:
        said = {  # typer's completion options, added to the group's parameters
            "install_completion": _("Install completion for the current shell."),
            "show_completion": _(
                "Show completion for the current shell, to copy it or customize the installation."
            ),
        }
        params = super().get_params(ctx)
        for param in params:
            param.help = said.get(param.name, param.help)
        return params

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except errors.NoSuchOption:
            raise
        except errors.UsageError as error:
            # typer's "No such command 'x'. Did you mean …?", said again in drafter's words
            name = args[0]
            likely = get_close_matches(name, list(self.commands))
            if likely:
                message = ngettext(
                    "No such command '{name}'. Did you mean '{choices}'?",
                    "No such command '{name}'. Did you mean {choices}?",
                    len(likely),
                ).format(name=name, choices=listed(likely))
            else:
                message = _("No such command '{name}'.").format(name=name)
            raise errors.UsageError(message, error.ctx) from None

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; in standalone mode (a program's), exit with its code and
        print a usage error in the user's language."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except errors.ClickException as error:
            report(error)
        except typer.Abort:
            echo(_("Aborted!"), err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def report(error: errors.ClickException) -> NoReturn:
    """A usage error as click prints it (the usage line, where help is, the error), in the
    user's language where drafter knows the error; exits with its code (2)."""
    if isinstance(error, errors.NoArgsIsHelpError):
        error.show()  # the help itself
        sys.exit(error.exit_code)
    lines = []
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(
                _("Try '{command} {option}' for help.").format(
                    command=ctx.command_path, option=ctx.help_option_names[0]
                )
            )
        lines.append("")
    lines.append(_("Error: {message}").format(message=explained(error)))
    echo("\n".join(lines), err=True)
    sys.exit(error.exit_code)


def explained(error: errors.ClickException) -> str:
    """The error's message: in drafter's words for the usual ones, else click's."""
    if isinstance(error, errors.NoSuchOption):
        if error.possibilities:
            return _("No such option: {name} (Possible options: {choices})").format(
                name=error.option_name, choices=listed(sorted(error.possibilities))
            )
        return _("No such option: {name}").format(name=error.option_name)
    if isinstance(error, errors.MissingParameter) and error.param is not None:
        if error.param.param_type_name == "argument":
            return _("Missing argument '{name}'.").format(name=_argument_shown(error.param))
        return _("Missing option '{name}'.").format(name=error.param.opts[0])
    if isinstance(error, errors.BadOptionUsage):
        quoted = repr(error.option_name)
        if error.message == f"Option {quoted} requires an argument.":
            return _("Option '{name}' requires an argument.").format(name=error.option_name)
        if error.message == f"Option {quoted} does not take a value.":
            return _("Option '{name}' does not take a value.").format(name=error.option_name)
    if isinstance(error, errors.BadParameter) and error.param is not None:
        reason = _bad_value(error)
        if reason is not None:
            name = error.param.opts[0] if error.param.opts else error.param.name
            return _("Invalid value for '{name}': {reason}").format(name=name, reason=reason)
    extra = error.message.removeprefix("Got unexpected extra argument(s) (")
    if extra != error.message and extra.endswith(")"):
        return _("Got unexpected extra arguments: {arguments}").format(arguments=extra[:-1])
    return error.format_message()


def _is_nan(value: object) -> bool:
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _bad_value(error: errors.BadParameter) -> str | None:
    """Why a value was refused, from the check typer made (pydantic's), for the usual checks:
    a number, a range, a choice."""
    cause = error.__cause__
    found = cause.errors() if cause is not None and hasattr(cause, "errors") else []
    if not found:
        return None
    kind, value = found[0]["type"], found[0].get("input")
    limits = found[0].get("ctx") or {}
    if isinstance(value, str) and not value.strip():
        return _("no value was given.")
    if kind == "float_parsing" or _is_nan(value):  # nan passes the parse, then every limit
        return _("{value} is not a number.").format(value=value)
    if kind == "int_parsing":
        return _("{value} is not a whole number.").format(value=value)
    if kind == "greater_than_equal":
        return _("{value} is less than {limit}.").format(value=value, limit=f"{limits['ge']:g}")
    if kind == "less_than_equal":
        return _("{value} is more than {limit}.").format(value=value, limit=f"{limits['le']:g}")
    choices = error.param.type_descriptor.choices if error.param is not None else None
    if choices:
        return _("{value} is not one of {choices}.").format(
            value=value, choices=listed([str(choice) for choice in choices])
        )
    return None
