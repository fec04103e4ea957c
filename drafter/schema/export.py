"""A record's JSON Schema, from the same declaration that reads it: every key with its
description and default, each Chinese key as a key of its own (titled with the English one),
choices with their Chinese names, and no key the record does not know (editors complete and
check outlines with it: `drafter schema`)."""

from __future__ import annotations

import copy
from typing import Any

from drafter.schema.records import Field, Record

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(root: type[Record], title: str) -> dict[str, Any]:
    """The JSON Schema of `root` and every record inside it (in `$defs`)."""
    definitions: dict[str, dict[str, Any]] = {}

    def ref(record: type[Record]) -> dict[str, Any]:
        if record is not root and record.__name__ not in definitions:
            definitions[record.__name__] = {}  # taken before it is made: records inside itself
            definitions[record.__name__] = _record_schema(record, ref)
        return {"$ref": "#" if record is root else f"#/$defs/{record.__name__}"}

    schema = _record_schema(root, ref)
    return {
        "$schema": DIALECT,
        "title": title,
        **schema,
        "$defs": dict(sorted(definitions.items())),
    }


def _record_schema(record: type[Record], ref: Any) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for name, declared in record.fields.items():
        key = declared.key or name
        prop = _field_schema(record, name, declared, ref)
        if declared.zh:
            prop["title"] = f"{key}（{'、'.join(declared.zh)}）"
        properties[key] = prop
        for alias in declared.zh:
            properties[alias] = {**copy.deepcopy(prop), "title": f"{alias} = {key}"}
        if declared.required:
            required.append(key)
    schema: dict[str, Any] = {"type": "object"}
    if record.__doc__:
        schema["description"] = " ".join(record.__doc__.split())
    schema |= {"properties": properties, "additionalProperties": False}
    # A required key may be given under any of its names (会议 for occasion).
    either = [key for key in required if record.fields[record.by_key[key]].zh]
    plain = [key for key in required if key not in either]
    if plain:
        schema["required"] = plain
    if either:
        schema["allOf"] = [
            {
                "anyOf": [
                    {"required": [name]} for name in (key, *record.fields[record.by_key[key]].zh)
                ]
            }
            for key in either
        ]
    return schema


def _field_schema(record: type[Record], name: str, declared: Field, ref: Any) -> dict[str, Any]:
    kind = declared.kind
    if name == "type" and record.tag and hasattr(kind, "names"):
        prop = kind.schema(ref, [record.tag])  # type: ignore[call-arg]  # a tagged record's own
    else:
        prop = kind.schema(ref)
    if declared.doc:
        prop["description"] = declared.doc
    if not declared.required and declared.factory is None:
        prop["default"] = declared.default  # None, text, a number or true/false
    return prop
