"""A command's arguments and options declared once, as the fields of a dataclass.

    @command_line
    class RenderArgs:
        outlines: list[str] = Argument(N_("Outline files (.yaml)."), value=N_("OUTLINE"))
        quiet: bool = Option("--quiet", "-q", help=N_("Print only problems."))

A field's type says how it is read: `bool` is a flag, `list[X]` an option that may be repeated
(or the command's one positional argument), `X | None` an option taking one value, made an X
(str or Path). From one such class come both typer's command (`drafter.cli.common.command`)
and `read`, which reads the usual command lines without loading typer. Help texts are marked
for the catalogue (`N_`) and translated only when typer's command is made (`said`): reading a
command line without typer translates nothing.
"""

from __future__ import annotations

import types
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from drafter.errors import listed
from drafter.i18n import N_, _

SPEC = "drafter.cli"  # the key of a field's Option or Argument in its metadata
T = TypeVar("T")


class _Helped:
    """A help text marked for the catalogue, with the values of its {placeholders} (names,
    listed as the user's language lists them), and what its value is called in help (`value`,
    marked too: FOLDER, 文件夹)."""

    def __init__(
        self, help: str, values: dict[str, Sequence[str]] | None = None, value: str = ""
    ) -> None:
        self.help = help
        self.values = values
        self.value = value

    def value_said(self) -> str | None:
        """What the value is called, in the user's language (None: a flag takes none)."""
        return _(self.value) if self.value else None

    def said(self) -> str:
        """The help in the user's language."""
        text = _(self.help)
        if not self.values:
            return text
        return text.format(**{name: listed(names) for name, names in self.values.items()})


class Option(_Helped):
    """An option: its names and help, as typer.Option takes them (`values` fill the help's
    placeholders)."""

    def __init__(
        self,
        *names: str,
        help: str,
        show_default: bool = True,
        values: dict[str, Sequence[str]] | None = None,
        value: str = "",
    ) -> None:
        super().__init__(help, values, value)
        self.names = names
        self.show_default = show_default


class Argument(_Helped):
    """The command's positional argument: one or more values, as typer.Argument takes it."""


@dataclass(frozen=True)
class Declared:
    """One field of a command line: its spec, and how its values are read."""

    name: str
    spec: Option | Argument
    type: Any  # the field's type as declared
    item: type  # what each value given is made: str or Path
    repeated: bool  # list[X]: every value is kept
    flag: bool  # bool: takes no value


def command_line(cls: type[T]) -> type[T]:
    """Make `cls` a dataclass whose Option and Argument attributes are its fields, each with
    the default its type implies (False, [], None; none for the argument)."""
    hints = get_type_hints(cls)
    for name, spec in list(vars(cls).items()):
        if isinstance(spec, Argument):
            setattr(cls, name, field(metadata={SPEC: spec}))
        elif isinstance(spec, Option):
            hint = hints[name]
            if hint is bool:
                default: dict[str, Any] = {"default": False}
            elif get_origin(hint) is list:
                default = {"default_factory": list}
            else:
                default = {"default": None}
            setattr(cls, name, field(metadata={SPEC: spec}, **default))
    return dataclass(cls)


def declared(cls: type) -> Iterator[Declared]:
    """The fields of a `command_line` class, in order."""
    hints = get_type_hints(cls)
    for found in fields(cls):
        hint = hints[found.name]
        repeated = get_origin(hint) is list
        if repeated:
            (item,) = get_args(hint)
        elif get_origin(hint) in (Union, types.UnionType):
            item = next(arg for arg in get_args(hint) if arg is not type(None))
        else:
            item = hint
        yield Declared(found.name, found.metadata[SPEC], hint, item, repeated, hint is bool)


def read(cls: type[T], tokens: Sequence[str]) -> T | None:
    """The command line after the command's name read as click reads it, when every token is
    one it knows: values as separate tokens or `--name=value`, `--` before arguments only.
    None for anything else (help, a misspelt option, a missing value, combined short flags),
    which typer reads and reports as it always has."""
    every = list(declared(cls))
    (argument,) = (found for found in every if isinstance(found.spec, Argument))
    by_name = {
        name: found
        for found in every
        if isinstance(found.spec, Option)
        for name in found.spec.names
    }
    given: dict[str, Any] = {}
    rest = iter(tokens)
    only_arguments = False
    for token in rest:
        if only_arguments or token == "-" or not token.startswith("-"):
            given.setdefault(argument.name, []).append(argument.item(token))
            continue
        if token == "--":
            only_arguments = True
            continue
        name, equals, value = token.partition("=") if token[1] == "-" else (token, "", "")
        found = by_name.get(name)
        if found is None or (found.flag and equals):
            return None
        if found.flag:
            given[found.name] = True
            continue
        if not equals:
            value = next(rest, None)  # type: ignore[assignment]
            if value is None or (value.startswith("-") and value != "-"):
                return None
        if found.repeated:
            given.setdefault(found.name, []).append(found.item(value))
        else:
            given[found.name] = found.item(value)
    if argument.name not in given:
        return None
    return cls(**given)


# Arguments and options several commands take, `render` among them.
OUTLINES = Argument(N_("Outline files (.yaml), or - for standard input."), value=N_("OUTLINE"))
TEMPLATES = Option(
    "--templates",
    help=N_("A folder of your own templates (searched first)."),
    show_default=False,
    value=N_("FOLDER"),
)
ENCODING = Option(
    "--encoding",
    help=N_("Encoding of the outlines (default: UTF-8, else GB18030)."),
    value=N_("ENCODING"),
)
