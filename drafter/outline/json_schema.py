"""The outline's JSON Schema for editors (`drafter schema`), made from the outline's records
(`model.py`): every key with its Chinese description and Chinese names, the part types and
choices with theirs, and the kinds a writer may name (built-in and the office's own)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Protocol

from drafter.outline.model import Outline
from drafter.schema.export import json_schema

SCHEMA_FILE = "drafter-outline.schema.json"


class KindInfo(Protocol):
    name: str
    description: str
    names: tuple[str, ...]


def schema_dict(kinds: Iterable[KindInfo]) -> dict[str, Any]:
    """The outline's JSON Schema, offering `kinds` and their Chinese names for `kind`."""
    schema = json_schema(Outline, "drafter outline")
    enum: list[str] = []
    descriptions: list[str] = []
    for kind in kinds:
        enum.append(kind.name)
        descriptions.append(kind.description)
        for name in kind.names:
            enum.append(name)
            descriptions.append(f"同 {kind.name}")
    offered = {"type": "string", "enum": enum, "enumDescriptions": descriptions}
    for key in ("kind", *Outline.fields["kind"].zh):  # an office's own kinds are text
        prop = schema["properties"][key]
        prop.pop("type", None)
        prop["anyOf"] = [offered, {"type": "string"}]
    return schema


def schema_text(kinds: Iterable[KindInfo]) -> str:
    return json.dumps(schema_dict(kinds), ensure_ascii=False, indent=2) + "\n"
