"""`drafter new` and `drafter schema`: a commented outline to fill, and its JSON Schema.

The schema carries the Chinese names an outline may use (names.py): each key's aliases as keys
of their own (titled with the English key), choices with their Chinese names (from the model),
and the built-in kinds with theirs, so an editor completes and accepts 讲话人: and 年度工作会议.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

from drafter.outline import model
from drafter.outline.model import Outline, year_words
from drafter.outline.names import aliases_of, choice_names
from drafter.output import write_atomic, write_new
from drafter.render.templating import Templates

SCHEMA_FILE = "drafter-outline.schema.json"
SKELETON_TEMPLATE = "skeleton.yaml.j2"
SKELETON_DIR = "skeletons"  # skeletons/KIND.yaml.j2: a kind's own skeleton, if it has one


def schema_dict() -> dict[str, Any]:
    """The outline's JSON Schema, generated from the same model that validates outlines."""
    schema = Outline.model_json_schema()
    for name, definition in [("Outline", schema), *schema.get("$defs", {}).items()]:
        _with_aliases(definition, aliases_of([getattr(model, name)]))
    _with_kinds(schema["properties"]["kind"], Templates().kinds().values())
    for mapping in _discriminators(schema):
        for chinese, english in choice_names("type").items():
            mapping[chinese] = mapping[english]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "drafter outline",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def _with_aliases(definition: dict[str, Any], aliases: dict[str, str]) -> None:
    """Each Chinese alias as a key of its own (the English key's schema, titled with it); a
    required key is required under any of its names."""
    properties = definition.get("properties", {})
    for key, prop in properties.items():
        names = [alias for alias, english in aliases.items() if english == key]
        if names:
            prop["title"] = f"{key}（{'、'.join(names)}）"
    for alias, key in aliases.items():
        if key in properties:
            properties[alias] = {**copy.deepcopy(properties[key]), "title": f"{alias} = {key}"}
    required = definition.get("required", [])
    either = [key for key in required if key in aliases.values()]
    if either:
        definition["required"] = [key for key in required if key not in either]
        definition["allOf"] = [
            {"anyOf": [{"required": [name]} for name in _names(key, aliases)]} for key in either
        ]
        if not definition["required"]:
            del definition["required"]


def _names(key: str, aliases: dict[str, str]) -> list[str]:
    return [key, *(alias for alias, english in aliases.items() if english == key)]


def _with_kinds(prop: dict[str, Any], kinds: Any) -> None:
    """The built-in kinds and their Chinese names, offered (an office's own kinds are text)."""
    enum: list[str] = []
    descriptions: list[str] = []
    for kind in kinds:
        enum.append(kind.name)
        descriptions.append(kind.description)
        for name in kind.names:
            enum.append(name)
            descriptions.append(f"同 {kind.name}")
    offered = {"type": "string", "enum": enum, "enumDescriptions": descriptions}
    prop["anyOf"] = [offered, {"type": "string"}]
    prop.pop("type", None)


def _discriminators(schema: Any) -> list[dict[str, Any]]:
    """Every discriminator mapping in the schema (the part types')."""
    found = []
    if isinstance(schema, dict):
        mapping = schema.get("discriminator", {}).get("mapping")
        if isinstance(mapping, dict):
            found.append(mapping)
        for value in schema.values():
            found += _discriminators(value)
    elif isinstance(schema, list):
        for value in schema:
            found += _discriminators(value)
    return found


def schema_text() -> str:
    return json.dumps(schema_dict(), ensure_ascii=False, indent=2) + "\n"


def skeleton(templates: Templates, kind_name: str, year: int | None = None) -> str:
    """A commented outline for `kind_name` whose placeholders (【待补】) `check` will flag."""
    kind = templates.kind(kind_name)
    year = year or dt.date.today().year
    context = {
        "kind": kind,
        "parts": kind.parts or ("review", "tasks", "requirements"),
        "year": year,
        "schema_file": SCHEMA_FILE,
        **year_words(year),
    }
    own = f"{SKELETON_DIR}/{kind.name}.yaml.j2"
    return templates.render(own if templates.has(own) else SKELETON_TEMPLATE, context)


def write_skeleton(templates: Templates, kind_name: str, output: Path) -> None:
    """`drafter new -o FILE`: the skeleton (never over a file), and the schema beside it so the
    writer's editor completes keys (written once; an existing one is left alone)."""
    write_new(output, skeleton(templates, kind_name).encode("utf-8"), command="new")
    schema_path = output.parent / SCHEMA_FILE
    if not schema_path.exists():
        write_atomic(schema_path, schema_text().encode("utf-8"))
