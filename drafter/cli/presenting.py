"""How the CLI shows results: aligned tables, the settings listing, the stats tree."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import typer
from rich.cells import cell_len

from drafter.outline.config import OUTLINE_KEYS, Settings
from drafter.outline.sheet import column_letter
from drafter.writers.styles import DEFAULT_PROFILE

if TYPE_CHECKING:
    from drafter.analysis.stats import SpeechStats
    from drafter.outline.tables import Table
    from drafter.render.library import LoadedEntry
    from drafter.render.templating import Kind
    from drafter.writers.faces import FaceStatus


def print_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Columns aligned by display width (a Chinese character is two columns wide)."""
    rows = [list(map(str, row)) for row in rows]
    widths = [max([cell_len(h), *(cell_len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    for row in [list(headers), *rows]:
        cells = [
            cell + " " * (width - cell_len(cell)) for cell, width in zip(row, widths, strict=True)
        ]
        typer.echo("  ".join(cells).rstrip())


def describe_settings(settings: Settings) -> list[str]:
    """Lines of `drafter config`: each effective value and where it came from."""
    lines = []
    if settings.files:
        lines.append("files (strongest first): " + ", ".join(str(f) for f in settings.files))
    else:
        lines.append("no drafter.yaml applies here: built-in defaults only")
    rows: list[tuple[str, str, str]] = []
    for key in OUTLINE_KEYS:
        setting = settings.values.get(key)
        rows.append(
            (key, setting.value if setting else "(not set)", str(setting.origin) if setting else "")
        )
    style = settings.values.get("style")
    rows.append(
        (
            "style",
            style.value if style else DEFAULT_PROFILE,
            str(style.origin) if style else "default",
        )
    )
    wpm = settings.values.get("words_per_minute")
    rows.append(
        ("words_per_minute", str(settings.words_per_minute), str(wpm.origin) if wpm else "default")
    )
    for key in ("template_dirs", "library_dirs", "disabled_checks"):
        entries = getattr(settings, key)
        label = "checks.disable" if key == "disabled_checks" else key
        if not entries:
            rows.append((label, "(none)", ""))
        for entry in entries:
            rows.append((label, str(entry.value), str(entry.origin)))
    widths = [max(cell_len(row[i]) for row in rows) for i in range(2)]
    for key, value, origin in rows:
        pad_key = key + " " * (widths[0] - cell_len(key))
        pad_value = value + " " * (widths[1] - cell_len(value))
        lines.append(f"{pad_key}  {pad_value}  {origin}".rstrip())
    return lines


def kind_json(kind: Kind) -> dict[str, object]:
    """`drafter kinds --json`: one kind."""
    return {
        "name": kind.name,
        "description": kind.description,
        "parts": list(kind.parts),
        "closing": kind.closing,
        "names": list(kind.names),
        "source": kind.source,
    }


def entry_json(loaded: LoadedEntry) -> dict[str, object]:
    """`drafter closings list --json`: one library entry with its parameters."""
    entry = loaded.entry
    return {
        "id": loaded.id,
        "category": entry.category,
        "tags": list(entry.tags),
        "description": entry.description,
        "params": {
            name: {"description": param.description, "default": param.default}
            for name, param in entry.params.items()
        },
        "source": loaded.source,
    }


def print_fonts(style: str, statuses: Sequence[FaceStatus]) -> None:
    """`drafter fonts`: each face, what uses it, installed or not, and its stand-ins."""
    rows = [
        (
            s.name,
            ", ".join(s.uses),
            "yes" if s.installed else "no",
            s.alt_name or "-",
            s.seen_here or "(the system's default)",
        )
        for s in statuses
    ]
    typer.echo(f"style {style}:")
    print_table(("face", "used for", "installed", "Word/WPS substitute", "shown here as"), rows)


def settings_json(settings: Settings) -> dict[str, object]:
    """`drafter config --json`: each effective value with its origin (file:line, or null)."""

    def setting(key: str, default: object = None) -> dict[str, object]:
        found = settings.values.get(key)
        if found is None:
            return {"value": default, "origin": None}
        return {"value": found.value, "origin": str(found.origin)}

    values = {key: setting(key) for key in OUTLINE_KEYS}
    values["style"] = setting("style", DEFAULT_PROFILE)
    values["words_per_minute"] = {
        **setting("words_per_minute"),
        "value": settings.words_per_minute,
    }
    folders = {
        label: [{"value": str(e.value), "origin": str(e.origin)} for e in getattr(settings, key)]
        for key, label in (
            ("template_dirs", "template_dirs"),
            ("library_dirs", "library_dirs"),
            ("disabled_checks", "checks.disable"),
        )
    }
    return {"files": [str(f) for f in settings.files], "values": values, **folders}


def stats_lines(stats: SpeechStats, bar_width: int = 24) -> list[str]:
    """The stats tree: total first, then one branch per part with a bar for its share."""
    lines = []
    if stats.title:
        lines.append(stats.title)
    lines.append(
        f"共 {stats.characters} 字，{stats.paragraphs} 段，约 {stats.minutes():.1f} 分钟"
        f"（{stats.rate:g} 字/分钟）"
    )
    if not stats.sections:
        return lines
    widest = max(s.characters for s in stats.sections) or 1
    names = [_shorten(s.name) for s in stats.sections]
    name_width = max(cell_len(n) for n in names)
    for index, (section, name) in enumerate(zip(stats.sections, names, strict=True)):
        branch = "└─" if index == len(stats.sections) - 1 else "├─"
        bar = "█" * max(
            1 if section.characters else 0, round(bar_width * section.characters / widest)
        )
        pad = " " * (name_width - cell_len(name))
        lines.append(
            f"{branch} {name}{pad}  {section.characters:>6} 字  {section.paragraphs:>3} 段  "
            f"{stats.minutes(section.characters):>5.1f} 分钟  {bar}"
        )
    return lines


def _shorten(name: str, width: int = 30) -> str:
    if cell_len(name) <= width:
        return name
    while cell_len(name + "…") > width:
        name = name[:-1]
    return name + "…"


def print_data_table(table: Table) -> None:
    """`drafter data`: the sheet, the header as the sheet has it, the column taken for each
    role and why (or the columns a role could be), then every row as read."""
    from drafter.outline.data import shown
    from drafter.outline.tables import ROLES

    typer.echo(f"file: {table.file}")
    if table.sheet:
        others = f" (sheets: {'、'.join(table.sheets)})" if len(table.sheets) > 1 else ""
        hidden = " (a hidden sheet)" if table.sheet_hidden else ""
        typer.echo(f"sheet: {table.sheet}{hidden}{others}")
    first, last = table.header_rows[0], table.header_rows[-1]
    rows_word = f"row {first}" if first == last else f"rows {first}-{last}"
    marks = {cell for cells in table.header.shown for cell in cells} & {"←", "↑"}
    merged = " (← ↑: merged with the cell on the left, above)" if marks else ""
    typer.echo(f"header: {rows_word}, as the sheet has it{merged}:")
    width = len(table.header.shown[0]) if table.header.shown else 0
    letters = [column_letter(index) for index in range(width)]
    header_rows = zip(table.header_rows, table.header.shown, strict=True)
    print_table(("", *letters), [(str(number), *cells) for number, cells in header_rows])
    typer.echo("")
    columns: list[tuple[str, ...]] = []
    for role in ROLES:
        if column := table.columns.get(role):
            columns.append((role, column.letter, column.header, column.why))
        elif role in table.ambiguous:
            columns.append((role, "?", table.ambiguity(role)[0], f"name one: -c {role}=…"))
        else:
            columns.append((role, "", "(no such column)", ""))
    columns += [("(unused)", column.letter, column.header, "") for column in table.unused]
    columns += [
        ("(hidden)", column.letter, column.header, "a hidden column: read only when named")
        for column in table.hidden_columns
    ]
    print_table(("role", "column", "header", "why"), columns)
    if table.header.unit and table.header.unit_ref:
        r, c = table.header.unit_ref
        stated = f"{column_letter(c)}{r + 1}"
        typer.echo(
            f"unit of the table: {table.header.unit} (单位：{table.header.unit} in {stated})"
        )
    typer.echo("")
    roles = [role for role in ROLES if role in table.columns and role != "unit"]
    hidden = any(row.hidden for row in table.rows)
    rows = []
    for row in table.rows:
        cells = ["  " * len(row.parents) + row.label]
        for role in roles[1:]:
            cell = row.cells[role]
            number = "" if cell.number is None else shown(cell.number)
            cells.append(f"? {cell.text}" if cell.problem else number)
        rows.append(
            (str(row.number), *cells, row.unit, *(("hidden" if row.hidden else "",) * hidden))
        )
    unit = table.columns["unit"].header if "unit" in table.columns else "unit"
    headers = ("row", *(table.columns[role].header for role in roles), unit, *("",) * hidden)
    print_table(headers, rows)
