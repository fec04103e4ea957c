"""Located validation: pydantic errors become problems at file:line:col with plain messages.

Shared by everything drafter reads from YAML (outlines, style profiles, office defaults, library
entries): unknown keys get "did you mean", unions collapse to one message per value. Chinese
aliases of keys (讲话人 for speaker, names.KEY_ALIASES) become the English keys before validation,
their locations moving with them; Chinese names of choices are offered where a choice is wrong.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from drafter.errors import DrafterError, Location, Problem, did_you_mean
from drafter.outline.names import CHOICES, aliases_of, choice, choice_names, name_meant, shown
from drafter.outline.source import (
    PathKey,
    SourceMap,
    colon_after_key,
    colon_problem,
    format_path,
    load_yaml,
)

if TYPE_CHECKING:  # pydantic is loaded only where a model validates (outline.plain says why)
    from pydantic import BaseModel, ValidationError

ModelT = TypeVar("ModelT", bound="BaseModel")


def parse_model(
    text: str, file: str, model: type[ModelT], error: type[DrafterError]
) -> tuple[ModelT, SourceMap]:
    """Parse a YAML mapping and validate it as `model`; raise `error` with every problem
    (a file that is not YAML at all raises SourceError, as every reader of YAML does)."""
    from pydantic import ValidationError

    loaded = load_yaml(text, file)
    if not isinstance(loaded.data, dict):
        what = "empty" if loaded.data is None else f"{describe(loaded.data)}, not a mapping"
        raise error(problems=[Problem(f"the file is {what}", loaded.source.locate(()))])
    try:
        return model.model_validate(loaded.data), loaded.source
    except ValidationError as err:
        problems = validation_problems(err, loaded.data, loaded.source, model)
        raise error(problems=problems) from None


@dataclass(frozen=True)
class Alias:
    """A Chinese key the writer typed, read as its English key (`path` ends with the English)."""

    path: PathKey
    typed: str
    key: str


def english_keys(
    data: dict[str, Any], source: SourceMap, root: type[Any]
) -> tuple[dict[str, Any], list[Alias], list[Problem]]:
    """`data` with every Chinese alias of a key replaced by its English key (values untouched),
    the source map's locations moved along; the aliases used, and a key given twice (讲话人 and
    speaker) as a problem at the alias. `root` is a pydantic model or a plain record class."""
    aliases: list[Alias] = []
    problems: list[Problem] = []
    moved: dict[PathKey, PathKey] = {}

    def walk(value: Any, models: list[type[Any]], old: PathKey, new: PathKey) -> Any:
        if old != new:
            moved[old] = new
        if isinstance(value, list):
            return [walk(v, models, (*old, i), (*new, i)) for i, v in enumerate(value)]
        if not isinstance(value, dict) or not models:
            if isinstance(value, dict):  # a free mapping (with:): its keys are names
                return {k: walk(v, [], (*old, k), (*new, k)) for k, v in value.items()}
            return value
        models = _pick_part(models, value)
        fields = _field_shapes(models)
        names = aliases_of(models)
        result: dict[str, Any] = {}
        for key, item in value.items():
            english = key if key in fields or key not in names else names[key]
            if english != key:
                if english in value or english in result:
                    message = f"'{key}' is '{english}', which is given too; keep one"
                    where = source.locate((*old, key), prefer_key=True)
                    problems.append(Problem(message, where, format_path((*new, english))))
                    continue
                aliases.append(Alias((*new, english), key, english))
            inner, keyed = fields.get(english, ([], False))
            if keyed and isinstance(item, dict):
                result[english] = {
                    k: walk(v, inner, (*old, key, k), (*new, english, k)) for k, v in item.items()
                }
                if key != english:
                    moved[(*old, key)] = (*new, english)
            else:
                result[english] = walk(item, inner, (*old, key), (*new, english))
        return result

    translated = walk(data, [root], (), ())
    if moved:
        source.values = {moved.get(p, p): loc for p, loc in source.values.items()}
        source.keys = {moved.get(p, p): loc for p, loc in source.keys.items()}
    return translated, aliases, problems


def _field_shapes(models: list[type[Any]]) -> dict[str, tuple[list[type[Any]], bool]]:
    """Each key of the models' mappings: the models its value may be, and whether the value
    is a mapping of free names (a dict) rather than a model."""
    from drafter.outline.plain import Record

    shapes: dict[str, tuple[list[type[Any]], bool]] = {}
    for model in models:
        for name, field in model.model_fields.items():
            if issubclass(model, Record):
                shape = (field.reader.records(), field.reader.keyed())
                shapes[field.key or name] = shape
            else:
                shapes[field.alias or name] = (
                    _models_in(field.annotation),
                    _is_dict(field.annotation),
                )
    return shapes


def validation_problems(
    err: ValidationError,
    data: dict[str, Any],
    source: SourceMap,
    root: type[BaseModel],
    prefix: PathKey = (),
) -> list[Problem]:
    """Turn pydantic's errors into located problems, one per path (unions collapse to one).

    `root` is the model that validated `data` (for "did you mean" on unknown keys); `prefix`
    is where `data` sits in its file, when it is only part of one."""
    by_path: dict[PathKey, list[dict[str, Any]]] = {}
    for error in err.errors(include_url=False):
        path = _data_path(error, data)
        by_path.setdefault(path, []).append(error)
    problems = []
    for path, errors in by_path.items():
        first = errors[0]
        prefer_key = first["type"] == "extra_forbidden" or _about_key(first)
        location = source.locate((*prefix, *path), prefer_key=prefer_key)
        colon = _colon_in_value(errors[0], value_at(path, data), location)
        if colon is not None:
            problems.append(colon_problem(*colon, format_path((*prefix, *path))))
            continue
        message = _message(errors, path, data, root)
        problems.append(Problem(message, location, format_path((*prefix, *path))))
    return problems


def _colon_in_value(
    error: dict[str, Any], value: Any, location: Location
) -> tuple[str, Location] | None:
    """A mapping expected and text found that begins `key：` (- headline：党建): the key and
    where its full-width colon stands."""
    if error["type"] not in _MAPPING_ERRORS or not isinstance(value, str):
        return None
    found = colon_after_key(value)
    if found is None:
        return None
    key, index = found
    return key, Location(location.file, location.line, location.column + index)


_MAPPING_ERRORS = {"model_type", "model_attributes_type", "dict_type"}


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


def _message(
    errors: list[dict[str, Any]], path: PathKey, data: dict[str, Any], root: type[BaseModel]
) -> str:
    first = errors[0]
    kind = first["type"]
    value = path[-1] if _about_key(first) else value_at(path, data)
    if kind == "missing":
        return f"required key '{path[-1]}' is missing"
    if kind == "extra_forbidden":
        key = str(path[-1])
        allowed = _allowed_keys(path[:-1], data, root)
        models = _models_at(path[:-1], data, root)
        hint = did_you_mean(key, allowed) or name_meant(key, aliases_of(models))
        return f"unknown key '{key}'{hint}"
    if kind == "union_tag_invalid":
        tag = first["ctx"]["tag"]
        tags = [t.strip().strip("'") for t in first["ctx"]["expected_tags"].split(",")]
        hint = did_you_mean(tag, tags) or name_meant(tag, choice_names("type"))
        return f"unknown type '{tag}'{hint}; types: {_shown('type', tags)}"
    if kind == "union_tag_not_found":
        tags = [tag for model in _models_at(path, data, root) for tag in _type_tags(model)]
        return f"needs a 'type': one of {_shown('type', tags)}"
    if kind == "literal_error":
        expected = first["ctx"]["expected"].replace("'", "")
        options = [word.strip() for word in expected.replace(" or ", ",").split(",")]
        key = str(path[-1]) if path else ""
        if key in CHOICES and set(options) <= set(CHOICES[key]):
            expected = _shown(key, options)
        hint = did_you_mean(str(value), options) or name_meant(str(value), choice_names(key))
        return f"'{first['input']}' is not one of: {expected}{hint}"
    if kind == "too_short" and path == ("parts",):
        return "a speech needs at least one part"
    refused = [e for e in errors if e["type"] == "value_error"]
    if refused:  # a value of the right type that a check refused says more than a type list
        first = refused[0]
    expected = [_EXPECTED[e["type"]] for e in errors if e["type"] in _EXPECTED]
    if expected and not refused:
        return f"expected {' or '.join(dict.fromkeys(expected))}, got {describe(value)}"
    message = first["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message[0].lower() + message[1:] if message else message


def _shown(key: str, values: list[str]) -> str:
    """review 工作回顾, situation 形势分析, …"""
    return ", ".join(shown(key, value) for value in values)


def _about_key(error: dict[str, Any]) -> bool:
    """The error is about a mapping's key (a key not allowed there), not its value."""
    return bool(error["loc"]) and error["loc"][-1] == "[key]"


def _data_path(error: dict[str, Any], data: Any) -> PathKey:
    """pydantic's loc → the path in the YAML data (discriminator tags and union labels dropped)."""
    current = data
    path: list[str | int] = []
    for element in error["loc"]:
        if (isinstance(current, dict) and element in current) or (
            isinstance(current, list) and isinstance(element, int) and element < len(current)
        ):
            current = current[element]
        elif isinstance(current, dict) and choice("type", current.get("type")) == element:
            continue
        elif isinstance(current, dict) and error["type"] in ("missing", "extra_forbidden"):
            current = None
        else:
            break
        path.append(element)
    return tuple(path)


def value_at(path: PathKey, data: Any) -> Any:
    """The value at `path` in loaded YAML data, or None where there is none."""
    current = data
    for element in path:
        try:
            current = current[element]
        except (KeyError, IndexError, TypeError):
            return None
    return current


def _allowed_keys(path: PathKey, data: Any, root: type[BaseModel]) -> list[str]:
    """The keys a mapping at `path` may have."""
    names: list[str] = []
    for model in _models_at(path, data, root):
        for name, field in model.model_fields.items():
            key = field.alias or name
            if key not in names:
                names.append(key)
    return names


def _models_at(path: PathKey, data: Any, root: type[BaseModel]) -> list[type[BaseModel]]:
    """The model(s) that describe the value at `path`, found by walking the schema."""
    candidates: list[type[BaseModel]] = [root]
    keyed = False  # the next path element is a key of a dict-typed field, not a field name
    current = data
    for element in path:
        current = value_at((element,), current)
        if isinstance(element, int) or keyed:
            candidates = _pick_part(candidates, current)
            keyed = False
            continue
        fields = {}
        for model in candidates:
            fields.update({f.alias or n: f for n, f in model.model_fields.items()})
        if element not in fields:
            return []
        annotation = fields[element].annotation
        keyed = _is_dict(annotation)
        candidates = _models_in(annotation)
    if isinstance(current, dict):
        candidates = _pick_part(candidates, current)
    return candidates


def _type_tags(model: type[Any]) -> tuple[str, ...]:
    field = model.model_fields.get("type")
    if field is None:
        return ()
    reader = getattr(field, "reader", None)  # a plain record's field
    if reader is not None:
        return tuple(reader.options)
    return typing.get_args(field.annotation)


def _is_dict(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is dict:
        return True
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        return any(_is_dict(arg) for arg in typing.get_args(annotation))
    return False


def _pick_part(candidates: list[type[Any]], value: Any) -> list[type[Any]]:
    """Of a tagged union's models, the one whose `type` matches the value's (typed in Chinese,
    or under a Chinese alias of `type`, alike)."""
    if len(candidates) < 2 or not isinstance(value, dict):
        return candidates
    names = aliases_of(candidates)
    tags = [v for k, v in value.items() if k == "type" or names.get(k) == "type"]
    tag = choice("type", tags[0]) if tags else None
    for model in candidates:
        if tag in _type_tags(model):
            return [model]
    return candidates


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """Every BaseModel class inside an annotation (through list, Optional, unions, Annotated)."""
    if isinstance(annotation, type) and isinstance(getattr(annotation, "model_fields", 0), dict):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin is dict:
        return _models_in(typing.get_args(annotation)[1])
    if origin in (list, typing.Union, types.UnionType):
        found: list[type[BaseModel]] = []
        for arg in typing.get_args(annotation):
            found.extend(_models_in(arg))
        return found
    return []
