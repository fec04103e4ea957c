"""Read a YAML file into plain data plus the file:line:col of every key and value.

Safe loading only (no object tags); duplicate keys are errors naming both lines; aliases are
allowed but their expansion is bounded (in values and in characters), so a "billion laughs" file
is refused quickly; a file, one value and the nesting depth are bounded too. Characters that Word
cannot hold are reported where they stand, before anything else looks at the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from drafter.errors import Location, Problem, SourceError

PathKey = tuple[str | int, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# XML 1.0 characters (what a .docx can hold), minus the C1 controls that YAML also refuses.
_FORBIDDEN_CHAR = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
_YAML_LINES = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")  # YAML's line breaks, no others
_MIN_EXPANSION = 20_000
_EXPANSION_FACTOR = 4
MAX_FILE_CHARS = 10_000_000  # a whole outline (or any YAML file drafter reads)
MAX_SCALAR_CHARS = 1_000_000  # one value
MAX_EXPANDED_CHARS = 10_000_000  # every value, counted again each time an alias repeats it
MAX_DEPTH = 100  # mappings and lists inside each other

_MAP_TAGS = {"tag:yaml.org,2002:map"}
_SEQ_TAGS = {"tag:yaml.org,2002:seq"}
_MERGE_TAG = "tag:yaml.org,2002:merge"


def format_path(path: PathKey) -> str:
    """('parts', 1, 'items', 0, 'headline') → 'parts[1].items[0].headline'."""
    text = ""
    for key in path:
        if isinstance(key, int):
            text += f"[{key}]"
        else:
            text += f".{key}" if text else str(key)
    return text


@dataclass
class SourceMap:
    """Locations of the keys and values of one YAML file, by path."""

    file: str
    values: dict[PathKey, Location] = field(default_factory=dict)
    keys: dict[PathKey, Location] = field(default_factory=dict)

    def locate(self, path: PathKey, *, prefer_key: bool = False) -> Location:
        """The location of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        if prefer_key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), Location(self.file, 1, 1))


@dataclass
class Loaded:
    data: Any
    source: SourceMap


def forbidden_characters(text: str, file: str, first_line: int = 1) -> list[Problem]:
    """One problem per character a Word document cannot hold (control characters, surrogates)."""
    problems = []
    for line_no, line in enumerate(_YAML_LINES.split(text), start=first_line):
        for match in _FORBIDDEN_CHAR.finditer(line):
            char = match.group()
            msg = (
                f"character U+{ord(char):04X} cannot appear in a Word document "
                "(often pasted from a web page or PDF); delete it"
            )
            problems.append(_problem(file, line_no, match.start() + 1, msg, rule="characters"))
    return problems


def load_yaml(text: str, file: str) -> Loaded:
    """Parse one YAML document into plain data and a source map; raise SourceError on problems."""
    if len(text) > MAX_FILE_CHARS:
        msg = f"the file holds {len(text):,} characters; drafter reads at most {MAX_FILE_CHARS:,}"
        raise SourceError(problems=[_problem(file, 1, 1, msg)])
    problems = forbidden_characters(text, file)
    if problems:
        raise SourceError(problems=problems)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except RecursionError:  # nesting far deeper than MAX_DEPTH: find where it passes the limit
        raise SourceError(problems=[_too_deep(text, file)]) from None
    except yaml.MarkedYAMLError as err:
        raise SourceError(problems=[_yaml_problem(err, file, text)]) from None
    except yaml.YAMLError as err:  # pragma: no cover - unmarked errors are rare
        raise SourceError(problems=[_problem(file, 0, 0, f"not valid YAML: {err}")]) from None
    finally:
        loader.dispose()
    source = SourceMap(file)
    if node is None:
        return Loaded(None, source)
    builder = _Builder(loader, source, _expansion_limit(node))
    data = builder.build(node, ())
    if builder.problems:
        raise SourceError(problems=builder.problems)
    return Loaded(data, source)


class _Builder:
    """Walks composed YAML nodes into data, recording locations and collecting problems."""

    def __init__(self, loader: Any, source: SourceMap, limit: int) -> None:
        self.loader = loader
        self.source = source
        self.limit = limit
        self.count = 0
        self.chars = 0
        self.active: set[int] = set()
        self.problems: list[Problem] = []

    def _loc(self, node: Node) -> Location:
        mark = node.start_mark
        return Location(self.source.file, mark.line + 1, mark.column + 1)

    def build(self, node: Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > self.limit:
            msg = (
                f"the outline's aliases (*name) expand to more than {self.limit:,} values; "
                "refusing to expand it"
            )
            raise SourceError(problems=[Problem(msg, self._loc(node), rule="yaml")])
        if len(path) > MAX_DEPTH:
            msg = f"lists and mappings nest more than {MAX_DEPTH} levels deep here"
            raise SourceError(problems=[Problem(msg, self._loc(node), rule="yaml")])
        self.source.values[path] = self._loc(node)
        if id(node) in self.active:
            self._fail(node, path, "this alias refers to itself; an outline cannot be recursive")
            return None
        self.active.add(id(node))
        try:
            if isinstance(node, ScalarNode):
                return self._scalar(node, path)
            if isinstance(node, SequenceNode):
                return self._sequence(node, path)
            return self._mapping(node, path)
        finally:
            self.active.discard(id(node))

    def _fail(self, node: Node, path: PathKey, msg: str) -> None:
        self.problems.append(Problem(msg, self._loc(node), format_path(path), rule="yaml"))

    def _scalar(self, node: ScalarNode, path: PathKey) -> Any:
        size = len(node.value)
        self.chars += size
        if size > MAX_SCALAR_CHARS:
            msg = (
                f"this value holds {size:,} characters; a value holds at most {MAX_SCALAR_CHARS:,}"
            )
            raise SourceError(problems=[Problem(msg, self._loc(node), format_path(path), "yaml")])
        if self.chars > MAX_EXPANDED_CHARS:
            msg = (
                f"the file's aliases (*name) expand it to more than {MAX_EXPANDED_CHARS:,} "
                "characters; refusing to expand it"
            )
            raise SourceError(problems=[Problem(msg, self._loc(node), format_path(path), "yaml")])
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            self._fail(node, path, f"YAML tag {node.tag} is not allowed in an outline")
            return None
        if isinstance(value, str) and (char := _FORBIDDEN_CHAR.search(value)):
            code = f"U+{ord(char.group()):04X}"
            self._fail(node, path, f"character {code} cannot appear in a Word document; delete it")
        return value

    def _sequence(self, node: SequenceNode, path: PathKey) -> list[Any]:
        if node.tag not in _SEQ_TAGS:
            self._fail(node, path, f"YAML tag {node.tag} is not allowed in an outline")
        return [self.build(child, (*path, index)) for index, child in enumerate(node.value)]

    def _mapping(self, node: MappingNode, path: PathKey) -> dict[str, Any]:
        if node.tag not in _MAP_TAGS:
            self._fail(node, path, f"YAML tag {node.tag} is not allowed in an outline")
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        seen: dict[str, Location] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self._merge(value_node, path, merged)
                continue
            if not isinstance(key_node, ScalarNode):
                self._fail(key_node, path, "a key must be a plain word, not a list or mapping")
                continue
            key = key_node.value
            key_loc = self._loc(key_node)
            if key in seen:
                msg = f"duplicate key '{key}' (first at line {seen[key].line}); keep only one"
                self.problems.append(Problem(msg, key_loc, format_path((*path, key)), rule="yaml"))
                continue
            seen[key] = key_loc
            self.source.keys[(*path, key)] = key_loc
            result[key] = self.build(value_node, (*path, key))
        return {**merged, **result} if merged else result

    def _merge(self, node: Node, path: PathKey, into: dict[str, Any]) -> None:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in sources:
            value = self.build(source, path)
            if not isinstance(value, dict):
                self._fail(source, path, "'<<' merges only mappings")
                continue
            for key, item in value.items():
                into.setdefault(key, item)


def _expansion_limit(root: Node) -> int:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return max(_MIN_EXPANSION, _EXPANSION_FACTOR * len(seen))


def _too_deep(text: str, file: str) -> Problem:
    """Where the nesting first goes past MAX_DEPTH (YAML events are read without recursion)."""
    depth = 0
    mark = None
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                break
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    msg = f"lists and mappings nest more than {MAX_DEPTH} levels deep here"
    return _problem(file, line, column, msg)


_HINTS = (
    (
        "mapping values are not allowed",
        "a value contains ': ' (colon and space); put the value in quotes or use the "
        "full-width colon '：'",
    ),
    ("could not find expected ':'", "a key is missing its ':' or a quote is not closed"),
    ("found undefined alias", "an alias (*name) needs an anchor (&name) earlier in the file"),
    ("expected a single document", "an outline is one YAML document; remove the extra '---'"),
)


def _yaml_problem(err: yaml.MarkedYAMLError, file: str, source: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    text = " ".join(part for part in (err.context, err.problem) if part)
    lines = source.splitlines()
    if mark and mark.line < len(lines) and "\t" in lines[mark.line]:
        text = f"{text} (indent with spaces, not tabs)"
    else:
        for needle, hint in _HINTS:
            if needle in text:
                text = f"{text} ({hint})"
                break
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    return _problem(file, line, column, f"not valid YAML: {text}", rule="yaml")


def _problem(file: str, line: int, column: int, msg: str, rule: str = "yaml") -> Problem:
    return Problem(msg, Location(file, line, column), rule=rule)
