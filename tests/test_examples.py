"""Every example renders, matches its golden Markdown and text, and has a realistic length."""

from __future__ import annotations

import re
import typing

import pytest
import yaml
from pydantic import BaseModel

from drafter.outline.model import Outline
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
    assert re.search(f"讲{count}(个方面|点)", opening), opening


def _keys(model: type[BaseModel], prefix: str = "", seen: frozenset = frozenset()) -> set[str]:
    """Every key path of the model; a model inside itself (items in items) is walked once."""
    found = set()
    for name, field in model.model_fields.items():
        name = field.alias or name
        found.add(prefix + name)
        for inner in _models(field.annotation):
            if inner not in seen:
                found |= _keys(inner, f"{prefix}{name}.", seen | {model})
    return found


def _models(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def _used(value, prefix: str = "") -> set[str]:
    found = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            found.add(prefix + key)
            found |= _used(inner, f"{prefix}{key}.")
    elif isinstance(value, list):
        for inner in value:
            found |= _used(inner, prefix)
    return found


def test_the_examples_together_show_every_key():
    used: set[str] = set()
    for kind in KINDS:
        used |= _used(yaml.safe_load((EXAMPLES / f"{kind}.yaml").read_text(encoding="utf-8")))
    # items inside items are items: parts.items.items.text is parts.items.text
    missing = sorted({re.sub(r"(items\.)+items", "items", k) for k in _keys(Outline)} - used)
    assert not missing, f"keys no example shows: {missing}"


def test_every_kind_has_an_example():
    assert sorted(p.stem for p in EXAMPLES.glob("*.yaml")) == sorted(KINDS)
