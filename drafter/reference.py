"""The docs' reference tables, built from the declarations they describe, so they cannot drift.

Each table is Markdown from one declaration: the check rules, the Chinese names of keys and of
choices, the template filters, the built-in kinds. `docs/hooks.py` puts each where a page says
`<!-- drafter:NAME -->` (NAME a key of `TABLES`). The functions that lay out a table take plain
rows, and one small function per table reads its declaration into rows, so a declaration that
moves changes one reader, never the layout.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from drafter.schema.records import KeyRow, key_rows

if TYPE_CHECKING:
    from drafter.render.templating import Kind


class ChoiceRow(NamedTuple):
    """A value a key takes and its Chinese names (the first is the one shown)."""

    key: str
    value: str
    names: tuple[str, ...]


def cell(text: object) -> str:
    """Text that stays inside one cell of a Markdown table: one line, no column bar, no HTML."""
    flat = " ".join(str(text).split())
    return flat.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def code(text: object) -> str:
    """Text as inline code in a table cell (Python-Markdown's tables leave a bar inside code
    alone)."""
    return f"`{text}`"


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells are written as given (escape them with `cell`)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def key_table(rows: Iterable[KeyRow]) -> str:
    """The outline's keys by their Chinese names, with what each is (its description)."""
    return markdown_table(
        ["key", "Chinese key", "in", "说明"],
        (
            [code(row.key), cell(" / ".join(row.zh)), cell(", ".join(row.places)), cell(row.doc)]
            for row in rows
        ),
    )


def choice_table(rows: Iterable[ChoiceRow]) -> str:
    """The choices of keys by their Chinese names."""
    return markdown_table(
        ["key", "value", "Chinese name"],
        ([code(row.key), code(row.value), cell(" / ".join(row.names))] for row in rows),
    )


def check_rule_table(rules: Mapping[str, Any]) -> str:
    """`drafter check`'s rules: id → an object with `.severity` and `.description`."""
    return markdown_table(
        ["rule", "severity", "what it finds"],
        ([code(rule), rules[rule].severity, cell(rules[rule].description)] for rule in rules),
    )


def filter_table(filters: Mapping[str, Callable[..., Any]]) -> str:
    """The template filters: how each is written in a template, and its docstring's first
    paragraph."""
    rows = []
    for name, function in filters.items():
        parameters = list(inspect.signature(function).parameters.values())[1:]  # after the |
        written = ", ".join(
            p.name if p.default is p.empty else f"{p.name}={p.default!r}" for p in parameters
        )
        written = f"{name}({written})" if parameters else name
        summary = (inspect.getdoc(function) or "").split("\n\n")[0]
        rows.append([code(written), cell(summary)])
    return markdown_table(["filter", "what it gives"], rows)


def kind_table(kinds: Iterable[Kind]) -> str:
    """The kinds as `drafter kinds` lists them, with their usual parts and default closing."""
    return markdown_table(
        ["kind", "also written", "the speech", "usual parts", "default closing"],
        (
            [
                code(kind.name),
                cell(" / ".join(kind.names)),
                cell(kind.description),
                cell(", ".join(kind.parts)),
                code(kind.closing) if kind.closing else "none",
            ]
            for kind in kinds
        ),
    )


# --- the declarations, read into rows ---------------------------------------------------------


def outline_key_rows() -> list[KeyRow]:
    """Each key with Chinese names, once per set of names, with every place it stands."""
    from drafter.outline.model import Outline

    return key_rows(Outline)


def choice_rows() -> list[ChoiceRow]:
    """Each choice that has a Chinese name."""
    from drafter.outline.model import CHOICES

    return [
        ChoiceRow(key, value, names)
        for key, choice in CHOICES.items()
        for value, names in choice.names.items()
        if names
    ]


def _check_rules() -> str:
    from drafter.analysis.check import RULES
    from drafter.i18n import speaking

    with speaking("en"):  # the docs are English, whatever the locale they are built under
        return check_rule_table(RULES)


def _filters() -> str:
    from drafter.render.filters import FILTERS

    return filter_table(FILTERS)


def _kinds() -> str:
    from drafter.render.templating import Templates

    return kind_table(Templates().kinds().values())  # the built-in kinds only


TABLES: dict[str, Callable[[], str]] = {
    "outline-keys": lambda: key_table(outline_key_rows()),
    "choices": lambda: choice_table(choice_rows()),
    "check-rules": _check_rules,
    "filters": _filters,
    "kinds": _kinds,
}
