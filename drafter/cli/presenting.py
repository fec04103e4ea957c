"""How the CLI shows results: aligned tables, the settings listing, the stats tree."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import typer
from rich.cells import cell_len

from drafter.cli.columns import cut, table
from drafter.errors import listed
from drafter.i18n import N_, _
from drafter.outline.config import OUTLINE_KEYS, Settings
from drafter.outline.sheet import column_letter
from drafter.writers.styles import DEFAULT_PROFILE

if TYPE_CHECKING:
    from drafter.analysis.stats import SpeechStats
    from drafter.outline.tables import Table
    from drafter.render.library import LoadedEntry
    from drafter.render.templating import Kind
    from drafter.writers.faces import FaceStatus


def print_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    width: int | None = None,
    cut_columns: Sequence[int] = (),
    wrapped_columns: Sequence[int] = (),
) -> bool:
    """Columns aligned by display width (a Chinese character is two columns wide), fitted to
    `width` as `columns.table` says; whether a cell was cut."""
    lines, was_cut = table(headers, rows, width, cut_columns, wrapped_columns)
    for line in lines:
        typer.echo(line)
    return was_cut


def noted(text: str, note: str) -> str:
    """A line with a note after it, in brackets."""
    return _("{text} ({note})").format(text=text, note=note)


def _setting_text(value: object) -> str:
    """A setting's value as the writer types it in drafter.yaml (true, not True)."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def describe_settings(settings: Settings) -> list[str]:
    """Lines of `drafter config`: each effective value and where it came from."""
    lines = []
    if settings.files:
        files = listed([str(f) for f in settings.files])
        lines.append(_("files (strongest first): {files}").format(files=files))
    else:
        lines.append(_("no drafter.yaml applies here: built-in defaults only"))
    rows: list[tuple[str, str, str]] = []
    for key in OUTLINE_KEYS:
        setting = settings.values.get(key)
        rows.append(
            (
                key,
                _setting_text(setting.value) if setting else _("(not set)"),
                str(setting.origin) if setting else "",
            )
        )
    style = settings.values.get("style")
    rows.append(
        (
            "style",
            style.value if style else DEFAULT_PROFILE,
            str(style.origin) if style else _("default"),
        )
    )
    wpm = settings.values.get("words_per_minute")
    rows.append(
        (
            "words_per_minute",
            str(settings.words_per_minute),
            str(wpm.origin) if wpm else _("default"),
        )
    )
    for key in ("template_dirs", "library_dirs", "disabled_checks"):
        entries = getattr(settings, key)
        label = "checks.disable" if key == "disabled_checks" else key
        if not entries:
            rows.append((label, _("(none)"), ""))
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


# What a profile's style keys are called where `drafter fonts` says what a face is used for.
STYLE_NAMES = {
    "normal": N_("body text (default)"),
    "body": N_("body text"),
    "title": N_("title"),
    "subtitle": N_("subtitle"),
    "byline": N_("speaker's line"),
    "date": N_("date line"),
    "salutation": N_("salutation"),
    "closing": N_("closing line"),
    "heading1": N_("level-1 headings"),
    "heading2": N_("level-2 headings"),
    "heading3": N_("level-3 headings"),
    "heading4": N_("level-4 headings"),
    "lead1": N_("level-1 run-in headings"),
    "lead2": N_("level-2 run-in headings"),
    "lead3": N_("level-3 run-in headings"),
    "lead4": N_("level-4 run-in headings"),
    "strong": N_("bold text"),
}


def print_fonts(style: str, statuses: Sequence[FaceStatus]) -> None:
    """`drafter fonts`: each face, what uses it, installed or not, and its stand-ins."""
    rows = [
        (
            s.name,
            listed(_(STYLE_NAMES.get(use, use)) for use in s.uses),
            _("yes") if s.installed else _("no"),
            s.alt_name or "-",
            s.seen_here or _("(the system's default)"),
        )
        for s in statuses
    ]
    typer.echo(_("style {style}:").format(style=style))
    headers = (
        _("face"),
        _("used for"),
        _("installed"),
        _("Word/WPS substitute"),
        _("shown here as"),
    )
    print_table(headers, rows)


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
    total = _("{characters} 字, {paragraphs} paragraphs, about {minutes} minutes ({rate} 字/分钟)")
    lines.append(
        total.format(
            characters=stats.characters,
            paragraphs=stats.paragraphs,
            minutes=f"{stats.minutes():.1f}",
            rate=f"{stats.rate:g}",
        )
    )
    if not stats.sections:
        return lines
    widest = max(s.characters for s in stats.sections) or 1
    names = [cut(s.name, 30) for s in stats.sections]
    name_width = max(cell_len(n) for n in names)
    for index, (section, name) in enumerate(zip(stats.sections, names, strict=True)):
        branch = "└─" if index == len(stats.sections) - 1 else "├─"
        bar = "█" * max(
            1 if section.characters else 0, round(bar_width * section.characters / widest)
        )
        pad = " " * (name_width - cell_len(name))
        part = _("{characters} 字  {paragraphs} paragraphs  {minutes} min")
        figures = part.format(
            characters=f"{section.characters:>6}",
            paragraphs=f"{section.paragraphs:>3}",
            minutes=f"{stats.minutes(section.characters):>5.1f}",
        )
        lines.append(f"{branch} {name}{pad}  {figures}  {bar}")
    return lines


def print_data_table(table: Table) -> None:
    """`drafter data`: the sheet, the header as the sheet has it, the column taken for each
    role and why (or the columns a role could be), then every row as read."""
    from drafter.outline.data import shown
    from drafter.outline.tables import ROLES

    typer.echo(_("file: {file}").format(file=table.file))
    if table.sheet:
        sheet = _("sheet: {sheet}").format(sheet=table.sheet)
        if table.sheet_hidden:
            sheet = noted(sheet, _("a hidden sheet"))
        if len(table.sheets) > 1:
            sheet = noted(sheet, _("sheets: {sheets}").format(sheets=listed(table.sheets)))
        typer.echo(sheet)
    first, last = table.header_rows[0], table.header_rows[-1]
    if first == last:
        header = _("header: row {row}, as the sheet has it").format(row=first)
    else:
        header = _("header: rows {first}-{last}, as the sheet has it").format(
            first=first, last=last
        )
    if {cell for cells in table.header.shown for cell in cells} & {"←", "↑"}:
        header = noted(header, _("← ↑: merged with the cell on the left, above"))
    typer.echo(_("{heading}:").format(heading=header))
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
            name_one = _("name one: -c {role}=…").format(role=role)
            columns.append((role, "?", table.ambiguity(role)[0], name_one))
        else:
            columns.append((role, "", _("(no such column)"), ""))
    columns += [(_("(unused)"), column.letter, column.header, "") for column in table.unused]
    columns += [
        (_("(hidden)"), column.letter, column.header, _("a hidden column: read only when named"))
        for column in table.hidden_columns
    ]
    print_table((_("role"), _("column"), _("header"), _("why")), columns)
    if table.header.unit and table.header.unit_ref:
        r, c = table.header.unit_ref
        stated = f"{column_letter(c)}{r + 1}"
        typer.echo(
            _("unit of the table: {unit} (单位：{unit} in {cell})").format(
                unit=table.header.unit, cell=stated
            )
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
        marked = (_("hidden") if row.hidden else "",) * hidden
        rows.append((str(row.number), *cells, row.unit, *marked))
    unit = table.columns["unit"].header if "unit" in table.columns else _("unit")
    headers = (_("row"), *(table.columns[role].header for role in roles), unit, *("",) * hidden)
    print_table(headers, rows)
