"""mkdocs hook: each `<!-- drafter:NAME -->` in a page becomes the table `drafter.reference`
builds from the code's own declarations (check rules, Chinese names, filters, kinds).

An unknown NAME, or a table no page places, fails the build.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.exceptions import PluginError

from drafter.reference import TABLES

MARKER = re.compile(r"<!-- drafter:([a-z-]+) -->")
_placed: set[str] = set()


def on_pre_build(config: Any, **_: Any) -> None:
    _placed.clear()


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    def table(found: re.Match[str]) -> str:
        name = found.group(1)
        if name not in TABLES:
            known = ", ".join(TABLES)
            raise PluginError(f"{page.file.src_path}: no table '{name}' (tables: {known})")
        _placed.add(name)
        return TABLES[name]()

    return MARKER.sub(table, markdown)


def on_post_build(config: Any, **_: Any) -> None:
    missing = sorted(set(TABLES) - _placed)
    if missing:
        raise PluginError(f"no page places the table(s) {', '.join(missing)}")
