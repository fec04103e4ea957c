"""Every example renders, matches its golden Markdown and text, and has a realistic length."""

from __future__ import annotations

import re

import pytest
import yaml

from drafter.outline.model import Outline
from drafter.schema.records import Record
from drafter.writers.text import to_markdown, to_text

from conftest import EXAMPLES, KINDS, check_golden


@pytest.fixture(scope="module")
def documents(renderer):
    return {kind: renderer.document(renderer.load(EXAMPLES / f"{kind}.yaml")) for kind in KINDS}


@pytest.mark.parametrize("kind", KINDS)
def test_text_golden(documents, kind):
    check_golden(f"{kind}.txt", to_text(documents[kind]))


@pytest.mark.parametrize("kind", KINDS)
def test_markdown_golden(documents, kind):
    check_golden(f"{kind}.md", to_markdown(documents[kind]))


# A guest's 致辞 and an exchange meeting's remarks are shorter than a work report.
SHORTEST = {"guest-speech": 1800, "exchange-meeting": 2400}


@pytest.mark.parametrize("kind", KINDS)
def test_length_is_a_real_speech(documents, kind):
    characters = len(re.sub(r"\s", "", to_text(documents[kind])))
    assert SHORTEST.get(kind, 3000) <= characters <= 10000, characters


@pytest.mark.parametrize("kind", KINDS)
def test_spoken_part_count_matches_the_parts(documents, kind):
    document = documents[kind]
    parts = [b for b in document.headings(level=1)]
    opening = "".join(b.full_text for b in document.blocks[: document.blocks.index(parts[0])])
    count = "两" if len(parts) == 2 else "一二三四五六七八九"[len(parts) - 1]
    assert re.search(f"[讲谈]{count}(个方面|点)", opening), opening


# Keys no example can show, with the test that does.
NOT_IN_EXAMPLES = {
    # only an .xlsx has sheets, and the examples ship CSV tables rather than binary workbooks
    "data.*.sheet": "tests/test_data.py::test_explicit_sheet_and_columns",
    # a greeting in the speaker's own words is what extract finds in last year's closing
    "closing.greeting.text": "tests/test_extract.py::test_greeting_in_the_closing_is_split_off",
}


def _keys(record: type[Record], prefix: str = "", seen: frozenset = frozenset()) -> set[str]:
    """Every key of the schema; a mapping's own keys (names of tables under data:) are '*';
    a record inside itself (items in items) is walked once."""
    found = set()
    for name, declared in record.fields.items():
        name = declared.key or name
        found.add(prefix + name)
        inner = f"{prefix}{name}.*." if declared.kind.keyed() else None
        for inside in declared.kind.records():
            if inside not in seen:
                found |= _keys(inside, inner or f"{prefix}{name}.", seen | {record})
    return found


def _used(value, named: set[str], prefix: str = "") -> set[str]:
    """Keys the examples use; under a key in `named`, the names stand for '*'."""
    found = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            found.add(prefix + key)
            if prefix + key in named and isinstance(inner, dict):
                for each in inner.values():
                    found |= _used(each, named, f"{prefix}{key}.*.")
            else:
                found |= _used(inner, named, f"{prefix}{key}.")
    elif isinstance(value, list):
        for inner in value:
            found |= _used(inner, named, prefix)
    return found


def test_the_examples_together_show_every_key():
    keys = _keys(Outline)
    named = {key.split(".*.")[0] for key in keys if ".*." in key}  # e.g. data
    used: set[str] = set()
    for kind in KINDS:
        outline = yaml.safe_load((EXAMPLES / f"{kind}.yaml").read_text(encoding="utf-8"))
        used |= _used(outline, named)
    # items inside items are items: parts.items.items.text is parts.items.text
    keys = {re.sub(r"(items\.)+items", "items", key) for key in keys}
    missing = sorted(keys - used - set(NOT_IN_EXAMPLES))
    assert not missing, f"keys no example shows: {missing}"


def test_every_kind_has_an_example():
    assert sorted(p.stem for p in EXAMPLES.glob("*.yaml")) == sorted(KINDS)
