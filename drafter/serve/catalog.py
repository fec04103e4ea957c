"""The library panel: every stock paragraph with its text, its parameters and a ready snippet.

The text is shown as the draft would say it, with the outline's and the office's values and
the defaults; a required parameter none of them gives shows as 【待补】. The snippet is the
`use:`/`with:` YAML a writer inserts at the cursor: required parameters as lines to fill,
optional ones commented out (inserting it changes nothing the outline or office decide).
"""

from __future__ import annotations

from typing import Any

import yaml

from drafter.errors import DrafterError
from drafter.i18n import _
from drafter.outline.references import Reference
from drafter.pipeline import Renderer
from drafter.render.library import Library, LoadedEntry, category_name

TO_FILL = "【待补】"


def entries(renderer: Renderer, values: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every library entry the outline's folder sees, for the page; `values`: the outline's
    own (occasion, org …), which parameters fall back on as they do when rendering."""
    library = renderer.library()
    fallbacks = {**renderer.settings.outline_defaults(), **(values or {})}
    return [entry_json(library, found, fallbacks) for found in library.select()]


def entry_json(library: Library, found: LoadedEntry, fallbacks: dict[str, Any]) -> dict[str, Any]:
    entry = found.entry
    return {
        "id": found.id,
        "category": entry.category,
        "category_name": category_name(entry.category),
        "description": entry.description,
        "tags": entry.tags,
        "source": found.source,
        "params": [
            {"name": name, "description": param.description, "default": param.default}
            for name, param in entry.params.items()
        ],
        "text": _text(library, found, fallbacks),
        "snippet": snippet(found, fallbacks),
    }


def _required(found: LoadedEntry, fallbacks: dict[str, Any]) -> list[str]:
    """Parameters without a default that the office settings do not give either."""
    return [
        name
        for name, param in found.entry.params.items()
        if param.default is None and fallbacks.get(name) in (None, "")
    ]


def _text(library: Library, found: LoadedEntry, fallbacks: dict[str, Any]) -> str:
    given = dict.fromkeys(_required(found, fallbacks), TO_FILL)
    try:
        filled = library.resolve(Reference(found.id, None, given), fallbacks)
    except DrafterError as err:  # an office's own entry may be broken: said, not fatal
        return _("(this entry cannot be shown now: {error})").format(error=err)
    return f"{filled.headline}\n{filled.text}" if filled.headline else filled.text


def snippet(found: LoadedEntry, fallbacks: dict[str, Any]) -> str:
    """The YAML that uses the entry where the cursor is (under closing: or opening:, in an
    item list, or as a closing's greeting: or thanks:)."""
    entry = found.entry
    required = _required(found, fallbacks)
    lines = [f"use: {found.id}"]
    if entry.params:
        lines.append("with:" if required else "# with:")
        for name, param in entry.params.items():
            note = f"  # {param.description}"
            if name in required:
                lines.append(f"  {name}: {TO_FILL}{note}")
                continue
            value = f" {_scalar(param.default)}" if param.default else ""
            lines.append(f"{'  # ' if required else '#   '}{name}:{value}{note}")
    if entry.category in ("greeting", "thanks"):
        if not entry.params:
            return f"{entry.category}: {found.id}"
        return "\n".join([f"{entry.category}:", *(f"  {line}" for line in lines)])
    if entry.category == "requirement":
        return "\n".join([f"- {lines[0]}", *(f"  {line}" for line in lines[1:])])
    return "\n".join(lines)


def _scalar(value: str) -> str:
    """A value as YAML writes it on one line (quoted only when it must be)."""
    dumped = yaml.safe_dump([value], allow_unicode=True, default_flow_style=True, width=10**6)
    return dumped.strip()[1:-1]
