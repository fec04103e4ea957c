"""The one declaration of each record (drafter/schema): reading with every problem located, the
JSON Schema an editor checks outlines with, and the docs' rows, all from the same fields."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any, ClassVar

import jsonschema
import pytest
import yaml

from drafter.errors import OutlineError
from drafter.outline.json_schema import schema_dict
from drafter.outline.model import Outline
from drafter.render.templating import Templates
from drafter.schema.export import json_schema
from drafter.schema.fields import (
    INVALID,
    Choice,
    Either,
    Flag,
    ListOf,
    MapOf,
    Maybe,
    Number,
    One,
    Reading,
    Tagged,
    Text,
)
from drafter.schema.records import Record, english_keys, field, key_rows, located, read_record
from drafter.schema.source import load_yaml

from conftest import EXAMPLES


def _one_line(value: str) -> str:
    if "\n" in value:
        raise ValueError("must be one line")
    return value


class Leaf(Record):
    """A leaf."""

    tag: ClassVar[str] = "leaf"
    where: ClassVar[str] = "a leaf"
    type: str = field(Choice({"leaf": ("叶",), "twig": ("枝",)}, "type"), zh="类型")
    name: str = field(Text(_one_line), zh="名称", doc="its name")
    size: float = field(Number(above=0, high=10), 1.0)


class Twig(Record):
    tag: ClassVar[str] = "twig"
    type: str = field(Choice({"leaf": ("叶",), "twig": ("枝",)}, "type"), zh="类型")
    leaves: list[Leaf] = field(ListOf(One(Leaf)), factory=list, zh="叶子")


class Tree(Record):
    """A tree."""

    where: ClassVar[str] = "top level"
    kind: str = field(Text(), zh="种类", doc="which tree")
    tall: bool = field(Flag(), False)
    parts: list[Any] = field(
        ListOf(Tagged(Choice({"leaf": ("叶",), "twig": ("枝",)}, "type"), Leaf, Twig)),
        factory=list,
        zh="部分",
    )
    notes: dict[str, Any] = field(MapOf(Either(Text(numbers=False), Number())), factory=dict)
    age: int | None = field(Maybe(Number(low=0, high=5000, whole=True)), None)
    with_: dict[str, Any] = field(MapOf(Text()), factory=dict, key="with")


def read(data: Any) -> tuple[Any, list[tuple[str, str]]]:
    reading = Reading()
    made = read_record(Tree, data, (), reading)
    return made, [(".".join(map(str, s.path)), s.message) for s in reading.slips]


def test_a_record_is_read_with_its_defaults_and_kinds():
    tree, slips = read({"kind": 7, "parts": [{"type": "叶", "name": " oak "}], "with": {"a": "b"}})
    assert slips == []
    assert tree.kind == "7"  # a number typed where text is expected is text
    assert tree.parts == [Leaf(type="leaf", name="oak", size=1.0)]
    assert tree.with_ == {"a": "b"}
    assert tree.replace(tall=True).tall is True and tree.tall is False
    with pytest.raises(AttributeError):
        tree.kind = "elm"  # type: ignore[misc]


def test_every_slip_of_a_record_is_found_in_one_read():
    tree, slips = read(
        {
            "knd": "oak",
            "tall": "yes",
            "age": 2.5,
            "parts": [
                {"name": "x"},
                {"type": "leef", "name": "y"},
                {"type": "leaf", "name": "a\nb", "size": 11},
                "text",
            ],
            "notes": {"a": [1]},
        }
    )
    assert tree is INVALID
    assert slips == [
        ("knd", "unknown key 'knd' (did you mean 'kind'?)"),
        ("kind", "required key 'kind' is missing"),
        ("tall", "expected true or false, got text"),
        ("parts.0", "needs a 'type': one of leaf 叶, twig 枝"),
        ("parts.1", "unknown type 'leef' (did you mean 'leaf'?); types: leaf 叶, twig 枝"),
        ("parts.2.name", "must be one line"),
        ("parts.2.size", "must be greater than 0 and at most 10"),
        ("parts.3", "expected a mapping of keys (key: value), got text"),
        ("notes.a", "expected text or a number, got a list"),
        ("age", "expected a whole number, got the number 2.5"),
    ]


def test_numbers_out_of_bounds_say_the_bounds():
    _, slips = read({"kind": "oak", "age": 6000})
    assert slips == [("age", "must be between 0 and 5000")]


def test_chinese_keys_become_english_with_their_locations():
    loaded = load_yaml(
        "种类: 橡树\n部分:\n  - 类型: 枝\n    叶子:\n      - {类型: 叶, 名称: 甲}\n", "t.yaml"
    )
    data, aliases, problems = english_keys(loaded.data, loaded.source, Tree)
    assert problems == []
    assert data == {
        "kind": "橡树",
        "parts": [{"type": "枝", "leaves": [{"type": "叶", "name": "甲"}]}],
    }
    assert [(a.typed, a.key) for a in aliases] == [
        ("种类", "kind"),
        ("部分", "parts"),
        ("类型", "type"),
        ("叶子", "leaves"),
        ("类型", "type"),
        ("名称", "name"),
    ]
    assert str(loaded.source.locate(("parts", 0, "leaves", 0, "name"))) == "t.yaml:5:21"


def test_a_key_given_under_both_names_is_said_once_at_the_alias():
    loaded = load_yaml("kind: a\n种类: b\n", "t.yaml")
    _, _, problems = english_keys(loaded.data, loaded.source, Tree)
    assert [p.format() for p in problems] == [
        "t.yaml:2:1: kind: '种类' is 'kind', which is given too; keep one"
    ]


def test_slips_are_located_and_a_full_width_colon_is_said_at_the_colon():
    loaded = load_yaml("kind: oak\nparts:\n  - 类型：叶\n", "t.yaml")
    reading = Reading()
    read_record(Tree, loaded.data, (), reading)
    assert [p.format() for p in located(reading.slips, loaded.source)] == [
        "t.yaml:3:7: parts[0]: a key must be followed by a half-width colon : (found ： after "
        "'类型'); write 类型: …"
    ]


def test_the_json_schema_comes_from_the_declaration():
    schema = json_schema(Tree, "tree")
    assert schema["title"] == "tree" and schema["description"] == "A tree."
    assert schema["properties"]["kind"]["title"] == "kind（种类）"
    assert schema["properties"]["种类"]["title"] == "种类 = kind"
    assert schema["allOf"] == [{"anyOf": [{"required": ["kind"]}, {"required": ["种类"]}]}]
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Leaf"]["properties"]["type"]["enum"] == ["leaf", "叶"]
    assert schema["$defs"]["Leaf"]["properties"]["size"] == {
        "type": "number",
        "exclusiveMinimum": 0,
        "maximum": 10,
        "default": 1.0,
    }
    jsonschema.Draft202012Validator.check_schema(schema)


def test_key_rows_name_each_key_once_with_its_places():
    rows = {(row.key, row.zh): row.places for row in key_rows(Tree)}
    assert rows[("type", ("类型",))] == ("a leaf", "")  # Twig has no `where`
    assert rows[("kind", ("种类",))] == ("top level",)


# --- the outline's schema and the examples -------------------------------------------------


class _EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: 2026-01-16 is text, not a date."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
FREE = {"with", "参数", "data", "统计表"}  # mappings of names, not of keys


@pytest.fixture(scope="module")
def validator():
    schema = schema_dict(Templates().kinds().values())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _examples() -> list[Any]:
    return sorted(EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("example", _examples(), ids=lambda p: p.stem)
def test_the_schema_accepts_every_example(validator, example):
    data = yaml.load(example.read_text(encoding="utf-8"), Loader=_EditorLoader)
    assert [error.message for error in validator.iter_errors(data)] == []


@pytest.mark.parametrize("kind", sorted(Templates().kinds()))
def test_the_schema_accepts_every_fresh_skeleton(validator, kind):
    """`drafter new` writes the schema beside the skeleton: the editor must not mark a line of
    an outline nobody has touched yet (`closing:` left empty, its keys commented out)."""
    from drafter.render.skeleton import skeleton

    data = yaml.load(skeleton(Templates(), kind), Loader=_EditorLoader)
    assert [error.message for error in validator.iter_errors(data)] == []


def _mappings(value: Any, path: tuple = (), free: bool = False):
    """Every mapping of the outline with its path, and whether its keys are free names."""
    if isinstance(value, dict):
        yield path, free
        for key, inner in value.items():
            if key in FREE and isinstance(inner, dict):
                for name, each in inner.items():
                    yield from _mappings(each, (*path, key, name))
                yield (*path, key), True
            else:
                yield from _mappings(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _mappings(inner, (*path, index))


def _at(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


@pytest.mark.parametrize("example", _examples(), ids=lambda p: p.stem)
def test_the_schema_and_drafter_refuse_an_unknown_key_at_every_level(validator, example):
    text = example.read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_EditorLoader)
    checked = 0
    for path, free in _mappings(data):
        if free:
            continue
        mutated = copy.deepcopy(data)
        _at(mutated, path)["unknown_key"] = "x"
        assert not validator.is_valid(mutated), path
        checked += 1
        typed = yaml.safe_load(text)  # as drafter reads it: dates are dates
        _at(typed, path)["unknown_key"] = "x"
        with pytest.raises(OutlineError) as info:
            from drafter.outline.load import parse_outline

            parse_outline(yaml.safe_dump(typed, allow_unicode=True), "o.yaml", path=example)
        assert any("unknown key 'unknown_key'" in m for m in info.value.messages()), path
    assert checked > 10


def test_drafter_reads_the_examples_into_records():
    from drafter.outline.load import load_outline

    for example in _examples():
        outline = load_outline(example).outline
        assert isinstance(outline, Outline)
        assert json.dumps(outline.office_values(), ensure_ascii=False)
        if outline.date is not None:
            assert isinstance(outline.date, dt.date | str)
