"""The one exception root of drafter, its subclasses, and located problems.

Every failure a writer can cause (a bad outline, a broken template, an unwritable folder) is a
`DrafterError`; the CLI turns it into one message per problem and an exit code, never a traceback.
"""

from __future__ import annotations

import difflib
import errno
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from drafter.i18n import N_, _

# info: a note that asks for nothing (a Chinese key read as its English one); no exit code
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True)
class Location:
    """Where a value stands in a file: 1-based line and column, either may be unknown; or, in a
    spreadsheet, its cell (`主要指标!C14`)."""

    file: str = ""
    line: int = 0
    column: int = 0
    cell: str = ""

    def __str__(self) -> str:
        if self.cell:
            return f"{self.file or '<input>'}:{self.cell}"
        parts = [self.file or "<input>"]
        if self.line:
            parts.append(str(self.line))
            if self.column:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as drafter can."""

    message: str
    location: Location | None = None
    path: str = ""
    severity: Severity = "error"
    rule: str = "schema"
    # each occurrence the message sums up (a half-width mark: line, column, mark), for JSON
    details: tuple[Mapping[str, object], ...] = field(default=(), compare=False)

    def format(self, *, with_severity: bool = False, with_rule: bool = False) -> str:
        """`file:line:col: [severity: ]path: message[ [rule]]`, the form editors jump to."""
        head = f"{self.location}: " if self.location else ""
        severity = f"{self.severity}: " if with_severity else ""
        path = f"{self.path}: " if self.path else ""
        rule = f" [{self.rule}]" if with_rule else ""
        return f"{head}{severity}{path}{self.message}{rule}"

    def as_json(self) -> dict[str, object]:
        """The problem for editors and CI: file, line, column, severity, rule, path, message
        (and cell, for a problem in a spreadsheet)."""
        location = self.location or Location()
        found: dict[str, object] = {
            "file": location.file,
            "line": location.line,
            "column": location.column,
            "severity": self.severity,
            "rule": self.rule,
            "path": self.path,
            "message": self.message,
        }
        if location.cell:
            found["cell"] = location.cell
        if self.details:
            found["details"] = [dict(detail) for detail in self.details]
        return found

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location or Location()
        return (loc.file, loc.line, loc.column, self.path)


class DrafterError(Exception):
    """Root of every error drafter reports to a writer. `exit_code` is what the CLI returns."""

    exit_code = 2

    def __init__(self, message: str = "", problems: Iterable[Problem] = ()) -> None:
        self.problems: list[Problem] = sorted(problems, key=Problem.sort_key)
        if not message and self.problems:
            message = self.problems[0].format()
        super().__init__(message)

    def as_problems(self) -> list[Problem]:
        """The located problems, or the message as one unlocated problem."""
        return self.problems or [Problem(str(self))]

    def messages(self) -> list[str]:
        """One line per problem (or the message itself when there is no list)."""
        return [problem.format() for problem in self.as_problems()]


class SourceError(DrafterError):
    """A file cannot be read, decoded or parsed as YAML (whatever the file is for)."""


class OutlineError(DrafterError):
    """The outline cannot be read or does not validate: broken YAML, schema or semantic problems."""


class TableError(DrafterError):
    """A statistics table (.xlsx, .csv) cannot be read, or its header row is not recognised."""


class ConfigError(DrafterError):
    """An office defaults file (drafter.yaml) is broken or names something that does not exist."""


class TemplateError(DrafterError):
    """A template is missing, does not compile, or fails while rendering."""


class MarkupError(DrafterError):
    """The block markup a template produced is not understood."""


class LibraryError(DrafterError):
    """A library of closings and stock paragraphs has a broken entry or an unknown id."""


class StyleError(DrafterError):
    """A style profile or reference document cannot be used."""


class ExtractError(DrafterError):
    """A speech cannot be read for extraction."""


class UsageError(DrafterError):
    """Arguments that do not fit together (e.g. several outlines onto one file)."""


class OutputError(DrafterError):
    """The result cannot be written: missing or read-only folder, locked file, full disk."""

    exit_code = 1


class ToolError(DrafterError):
    """A program an output needs (LibreOffice for PDF) is missing, failed or took too long."""

    exit_code = 1


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice closest to `word`, or None when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


def with_hint(
    message: str,
    typed: str,
    choices: Iterable[str],
    names: Mapping[str, str] | None = None,
) -> str:
    """`message` and, when something is close to `typed`, "(did you mean …?)" after it: the
    closest of `choices`, else the closest of the Chinese `names` with what it stands for
    (讲话人 / speaker). The joining is a message of its own, so a language orders it."""
    choice = closest(typed, choices)
    if choice is not None:
        return _("{message} (did you mean '{choice}'?)").format(message=message, choice=choice)
    name = closest(typed, names, cutoff=0.5) if names else None
    if names and name is not None:
        return _("{message} (did you mean '{name}' / '{key}'?)").format(
            message=message, name=name, key=names[name]
        )
    return message


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or '' when nothing is close: the hint
    alone, for a message that goes on after it (`with_hint` joins it to a whole message)."""
    return with_hint("", word, choices)


def name_meant(typed: str, names: Mapping[str, str]) -> str:
    """' (did you mean '讲话人' / 'speaker'?)' for the Chinese name closest to `typed`, with
    what it stands for; '' when none is close."""
    return with_hint("", typed, (), names)


def listed(items: Iterable[str]) -> str:
    """Items one after another as the language lists them: a, b, c (Chinese: a、b、c)."""
    return _joined(items, lambda text, item: _("{list}, {item}").format(list=text, item=item))


def clauses(items: Iterable[str]) -> str:
    """Clauses one after another: value D6 864,321 (2025年); unit 万元 (C6) (Chinese: …；…)."""
    return _joined(
        items, lambda text, clause: _("{clauses}; {clause}").format(clauses=text, clause=clause)
    )


def _joined(items: Iterable[str], join: Callable[[str, str], str]) -> str:
    """The items joined one at a time by `join` (each join a message the catalogue orders)."""
    found = list(items)
    text = found[0] if found else ""
    for item in found[1:]:
        text = join(text, item)
    return text


def one_of(items: Iterable[str]) -> str:
    """Choices offered: a, b or c (Chinese: a、b 或 c)."""
    found = list(items)
    if len(found) < 2:
        return listed(found)
    return _("{list} or {item}").format(list=listed(found[:-1]), item=found[-1])


# Why the system refused, for the errors it names most (the system says the others in English).
_REASONS = {
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.ENOENT: N_("No such file or directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.EISDIR: N_("Is a directory"),
    errno.ELOOP: N_("Too many levels of symbolic links"),
    errno.ENAMETOOLONG: N_("File name too long"),
    errno.EROFS: N_("Read-only file system"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EIO: N_("Input/output error"),
    errno.EADDRINUSE: N_("Address already in use"),
    errno.EADDRNOTAVAIL: N_("Cannot assign requested address"),
}


def os_reason(err: OSError) -> str:
    """Why an operation on a file failed, as the system says it, in the current language."""
    reason = _REASONS.get(err.errno or 0)
    if reason is not None and err.strerror == reason:
        return _(reason)
    return err.strerror or str(err)
