"""The docs: every reference table placed in a page and filled from the code, and the site
built by mkdocs with --strict, offline."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from drafter import reference
from drafter.analysis.check import RULES
from drafter.outline.model import CHOICES, Outline
from drafter.render.filters import FILTERS
from drafter.schema.records import walk_fields

from conftest import ROOT

DOCS = ROOT / "docs"
MARKER = re.compile(r"<!-- drafter:([a-z-]+) -->")


def markers() -> dict[str, list[str]]:
    """Each table a page asks for → the pages that ask."""
    found: dict[str, list[str]] = {}
    for page in sorted(DOCS.glob("*.md")):
        for name in MARKER.findall(page.read_text(encoding="utf-8")):
            found.setdefault(name, []).append(page.name)
    return found


def rows(table: str) -> list[list[str]]:
    """The body rows of a Markdown table, cell by cell: a bar escaped as \\| or inside code stays
    in its cell, as Python-Markdown reads it."""

    def cells(line: str) -> list[str]:
        kept = re.sub(r"`[^`]*`", lambda span: span.group().replace("|", "\0"), line)
        return [c.replace("\0", "|").strip() for c in re.split(r"(?<!\\)\|", kept)[1:-1]]

    header, rule, *body = table.splitlines()
    assert rule.startswith("|---"), table
    found = [cells(line) for line in body]
    assert all(len(row) == len(cells(header)) for row in found), table
    return found


def test_every_table_is_placed_in_a_page_and_every_marker_names_a_table():
    found = markers()
    assert set(found) == set(reference.TABLES), found
    assert all(len(pages) == 1 for pages in found.values()), found


@pytest.mark.parametrize("name", list(reference.TABLES))
def test_every_table_has_rows_and_no_empty_cell(name):
    body = rows(reference.TABLES[name]())
    assert body, name
    assert all(all(body_row) for body_row in body), name


def test_the_key_table_gives_every_chinese_key_in_its_key_row():
    body = {(row[0], row[1]) for row in rows(reference.TABLES["outline-keys"]())}
    declared = [(f.key or name, f.zh) for _, name, f in walk_fields(Outline) if f.zh]
    assert len(declared) > 50
    for key, names in declared:
        assert (f"`{key}`", " / ".join(names)) in body, key


def test_the_choice_table_gives_every_chinese_name():
    body = {(row[0], row[1]): row[2] for row in rows(reference.TABLES["choices"]())}
    for key, choice in CHOICES.items():
        for value, names in choice.names.items():
            assert body.get((f"`{key}`", f"`{value}`"), "") == " / ".join(names), (key, value)


def test_the_rule_and_filter_tables_follow_their_declarations():
    rules = rows(reference.TABLES["check-rules"]())
    assert [(r[0], r[1]) for r in rules] == [(f"`{i}`", rule.severity) for i, rule in RULES.items()]
    filters = rows(reference.TABLES["filters"]())
    assert [r[0].strip("`").split("(")[0] for r in filters] == list(FILTERS)
    cn_count = [
        "`cn_count(measure='个')`",
        "Spoken count before a measure word: 3 → 三个, 2 → 两个.",
    ]
    assert cn_count in filters


def test_a_cell_keeps_to_one_line_and_to_its_column():
    assert reference.cell("a | b\n<br> c") == "a \\| b &lt;br> c"


def mkdocs_here() -> None:
    """mkdocs is in the test extra; skipped without it, except in CI, where it must build."""
    if importlib.util.find_spec("mkdocs") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have mkdocs (pip install '.[test]' installs it)")
        pytest.skip("mkdocs is not installed (pip install '.[docs]')")


def test_the_site_builds_strictly_offline_with_the_tables_filled(tmp_path: Path):
    mkdocs_here()
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    check = (site / "check" / "index.html").read_text(encoding="utf-8")
    assert "drafter:" not in check
    assert "<td><code>chinese-key</code></td>" in check
    outline = (site / "outline" / "index.html").read_text(encoding="utf-8")
    assert "<td><code>speaker</code></td>" in outline
    assert (site / "workbench.png").is_file()
    assert not (site / "hooks.py").exists()
    for page in site.rglob("*.html"):  # nothing the pages load comes from the network
        text = page.read_text(encoding="utf-8")
        loaded = re.findall(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]+)"', text)
        assert not [url for url in loaded if "//" in url], page


def test_a_marker_naming_no_table_fails_the_build():
    mkdocs_here()
    from mkdocs.exceptions import PluginError

    spec = importlib.util.spec_from_file_location("docs_hooks", DOCS / "hooks.py")
    assert spec is not None and spec.loader is not None
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)

    class Page:
        class file:
            src_path = "outline.md"

    with pytest.raises(PluginError, match=r"outline\.md: no table 'check-rule'"):
        hooks.on_page_markdown("<!-- drafter:check-rule -->", page=Page)
    hooks.on_pre_build(config={})
    hooks.on_page_markdown("<!-- drafter:kinds -->", page=Page)
    with pytest.raises(PluginError, match="no page places the table"):
        hooks.on_post_build(config={})


def test_the_outline_written_out_in_full_names_every_key_of_the_outline():
    """docs/outline.md's "Every key in one outline" is written by hand: it must not fall behind
    the declaration (date_brackets and checks once did)."""
    page = (DOCS / "outline.md").read_text(encoding="utf-8")
    block = page.split("## Every key in one outline", 1)[1].split("```yaml", 1)[1]
    block = block.split("```", 1)[0]
    written = set(re.findall(r"^([a-z_]+):", block, re.M))
    assert written == {declared.key or name for name, declared in Outline.fields.items()}
