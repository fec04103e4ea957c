"""Load and validate an outline: every problem at once, each at its file:line:col."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from drafter.errors import OutlineError, Problem
from drafter.model import (
    PART_TYPES,
    Outline,
    RequirementsPart,
    ReviewPart,
    SituationPart,
    TasksPart,
    TopicPart,
)
from drafter.yamlsource import PathKey, SourceMap, format_path, load_yaml, read_text

PART_MODELS: dict[str, type[BaseModel]] = {
    "review": ReviewPart,
    "situation": SituationPart,
    "tasks": TasksPart,
    "requirements": RequirementsPart,
    "topic": TopicPart,
}


@dataclass(frozen=True)
class LoadedOutline:
    """A validated outline and where each of its values came from."""

    outline: Outline
    source: SourceMap
    path: Path | None = None


def load_outline(
    path: Path, *, kinds: Collection[str] | None = None, encoding: str | None = None
) -> LoadedOutline:
    """Read, parse and validate the outline at `path`; raise OutlineError with every problem."""
    text = read_text(path, encoding)
    return parse_outline(text, str(path), kinds=kinds, path=path)


def parse_outline(
    text: str,
    file: str = "<outline>",
    *,
    kinds: Collection[str] | None = None,
    path: Path | None = None,
    defaults: dict[str, Any] | None = None,
) -> LoadedOutline:
    """Validate outline text. `kinds` (when given) are the known speech kinds; `defaults`
    fill top-level keys the outline leaves out (office settings)."""
    loaded = load_yaml(text, file)
    data, source = loaded.data, loaded.source
    if not isinstance(data, dict):
        what = "empty" if data is None else f"{describe(data)}, not a mapping"
        msg = f"the outline is {what}; it needs keys such as kind:, occasion: and parts:"
        raise OutlineError(problems=[Problem(msg, source.locate(()))])
    merged = {**(defaults or {}), **data}
    problems = semantic_problems(merged, source, kinds)
    try:
        outline = Outline.model_validate(merged)
    except ValidationError as err:
        raise OutlineError(problems=[*problems, *validation_problems(err, merged, source)]) from None
    if problems:
        raise OutlineError(problems=problems)
    return LoadedOutline(outline, source, path)


def semantic_problems(
    data: dict[str, Any], source: SourceMap, kinds: Collection[str] | None
) -> list[Problem]:
    """Problems the schema cannot see: a kind no template provides."""
    kind = data.get("kind")
    if kinds is None or not isinstance(kind, str) or kind in kinds:
        return []
    msg = f"unknown kind '{kind}'{did_you_mean(kind, kinds)}; kinds: {', '.join(sorted(kinds))}"
    return [Problem(msg, source.locate(("kind",)), "kind")]


def validation_problems(
    err: ValidationError, data: dict[str, Any], source: SourceMap
) -> list[Problem]:
    """Turn pydantic's errors into located problems, one per path (unions collapse to one)."""
    by_path: dict[PathKey, list[dict[str, Any]]] = {}
    for error in err.errors(include_url=False):
        path = _data_path(error, data)
        by_path.setdefault(path, []).append(error)
    problems = []
    for path, errors in by_path.items():
        first = errors[0]
        prefer_key = first["type"] == "extra_forbidden"
        location = source.locate(path, prefer_key=prefer_key)
        message = _message(errors, path, data)
        problems.append(Problem(message, location, format_path(path)))
    return problems


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    if not close:
        return ""
    return "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"


def describe(value: Any) -> str:
    """How a wrong value reads to a writer: 'a list', 'the number 12', 'text'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value)"
    return type(value).__name__


_EXPECTED = {
    "string_type": "text",
    "list_type": "a list (lines starting with '- ')",
    "model_type": "a mapping of keys (key: value)",
    "model_attributes_type": "a mapping of keys (key: value)",
    "dict_type": "a mapping of keys (key: value)",
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": "a date like 2026-01-20",
    "date_parsing": "a date like 2026-01-20",
    "date_from_datetime_inexact": "a date like 2026-01-20 (without a time)",
    "none_required": "nothing",
}


def _message(errors: list[dict[str, Any]], path: PathKey, data: dict[str, Any]) -> str:
    first = errors[0]
    kind = first["type"]
    value = _value_at(path, data)
    if kind == "missing":
        return f"required key '{path[-1]}' is missing"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(path[:-1], data)
        return f"unknown key '{path[-1]}'{did_you_mean(str(path[-1]), allowed)}"
    if kind == "union_tag_invalid":
        tag = first["ctx"]["tag"]
        return (
            f"unknown part type '{tag}'{did_you_mean(tag, PART_TYPES)}; "
            f"types: {', '.join(PART_TYPES)}"
        )
    if kind == "union_tag_not_found":
        return f"each part needs a 'type': one of {', '.join(PART_TYPES)}"
    if kind == "literal_error":
        expected = first["ctx"]["expected"].replace("'", "")
        options = [word.strip() for word in expected.replace(" or ", ",").split(",")]
        return f"'{first['input']}' is not one of: {expected}{did_you_mean(str(value), options)}"
    if kind == "too_short" and path == ("parts",):
        return "a speech needs at least one part"
    expected = [_EXPECTED[e["type"]] for e in errors if e["type"] in _EXPECTED]
    if expected:
        return f"expected {' or '.join(dict.fromkeys(expected))}, got {describe(value)}"
    message = first["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message[0].lower() + message[1:] if message else message


def _data_path(error: dict[str, Any], data: Any) -> PathKey:
    """pydantic's loc → the path in the YAML data (discriminator tags and union labels dropped)."""
    current = data
    path: list[str | int] = []
    for element in error["loc"]:
        if isinstance(current, dict) and element in current:
            current = current[element]
        elif isinstance(current, list) and isinstance(element, int) and element < len(current):
            current = current[element]
        elif isinstance(current, dict) and current.get("type") == element:
            continue
        elif isinstance(current, dict) and error["type"] in ("missing", "extra_forbidden"):
            current = None
        else:
            break
        path.append(element)
    return tuple(path)


def _value_at(path: PathKey, data: Any) -> Any:
    current = data
    for element in path:
        try:
            current = current[element]
        except (KeyError, IndexError, TypeError):
            return None
    return current


def _allowed_keys(path: PathKey, data: Any) -> list[str]:
    """The keys a mapping at `path` may have, found by walking the model along the path."""
    candidates: list[type[BaseModel]] = [Outline]
    current = data
    for element in path:
        current = _value_at((element,), current)
        if isinstance(element, int):
            candidates = _pick_part(candidates, current)
            continue
        fields = {}
        for model in candidates:
            fields.update(model.model_fields)
        if element not in fields:
            return []
        candidates = _models_in(fields[element].annotation)
    if isinstance(current, dict):
        candidates = _pick_part(candidates, current)
    names: list[str] = []
    for model in candidates:
        names.extend(name for name in model.model_fields if name not in names)
    return names


def _pick_part(candidates: list[type[BaseModel]], value: Any) -> list[type[BaseModel]]:
    if len(candidates) > 1 and isinstance(value, dict) and value.get("type") in PART_MODELS:
        return [PART_MODELS[value["type"]]]
    return candidates


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """Every BaseModel class inside an annotation (through list, Optional, unions, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        found: list[type[BaseModel]] = []
        for arg in typing.get_args(annotation):
            found.extend(_models_in(arg))
        return found
    return []
