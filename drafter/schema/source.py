"""Read a YAML file into plain data plus the file:line:col of every key and value.

Safe loading only (no object tags); duplicate keys are errors naming both lines; aliases are
allowed but their expansion is bounded (in values and in characters), so a "billion laughs" file
is refused quickly; a file, one value and the nesting depth are bounded too. Characters that Word
cannot hold are reported where they stand, before anything else looks at the text. What writers
type by habit is explained where it stands: a key followed by a full-width colon (讲话人：张某某),
a list line that lost its '- ' (a warning: YAML joins it to the item above).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from drafter.chinese.text import HAN, pattern
from drafter.errors import Location, Problem, SourceError
from drafter.i18n import N_, _
from drafter.schema.folding import joined

PathKey = tuple[str | int, ...]


class Written(float):
    """A number that remembers how the writer wrote it (`written`: '60.0', '8.70')."""

    written: str

    def __new__(cls, value: float, written: str) -> Written:
        number = super().__new__(cls, value)
        number.written = written
        return number

    def __getnewargs__(self) -> tuple[float, str]:  # type: ignore[override]  # copies keep it
        return float(self), self.written

    def places(self) -> int:
        """The decimals the writer typed: 60.0 → 1, 86 → 0."""
        return len(self.written.partition(".")[2])


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

MAX_COLON_FIXES = 20  # full-width colons after keys reported in one run (each a fresh parse)
LIST_ITEM_RULE = "list-item"

_FLOAT_TAG = "tag:yaml.org,2002:float"
_MAP_TAGS = {"tag:yaml.org,2002:map"}
_SEQ_TAGS = {"tag:yaml.org,2002:seq"}
_MERGE_TAG = "tag:yaml.org,2002:merge"
_DECIMAL = re.compile(r"[+-]?\d+\.\d+")
# A key as writers type one (speaker, 讲话人), then a full-width colon: 讲话人：张某某
_KEY_COLON = re.compile(rf"\s*(?:-\s+)*([A-Za-z_][\w-]*|[{HAN}]{{1,8}})\s*：")
_KEY_LINE = re.compile(r"\s*(?:-\s+)*[^\s#][^:#]*:(?:\s|$)")  # a line holding a key: value
_RUNS_ON = tuple("，、；：,;:—")  # a line ending in one of these continues its sentence
_CHINESE = pattern(f"[{HAN}]")


def _represent_written(dumper: yaml.SafeDumper, number: Written) -> yaml.ScalarNode:
    return dumper.represent_scalar(_FLOAT_TAG, number.written)


# What is read as typed is dumped as typed (60.0 stays 60.0), by every safe YAML dumper.
yaml.SafeDumper.add_representer(Written, _represent_written)
if hasattr(yaml, "CSafeDumper"):
    yaml.CSafeDumper.add_representer(Written, _represent_written)


def format_path(path: PathKey) -> str:
    """('parts', 1, 'items', 0, 'headline') → 'parts[1].items[0].headline'."""
    text = ""
    for key in path:
        if isinstance(key, int):
            text += f"[{key}]"
        else:
            text += f".{key}" if text else str(key)
    return text


def value_at(path: PathKey, data: Any) -> Any:
    """The value at `path` in loaded YAML data, or None where there is none."""
    current = data
    for element in path:
        try:
            current = current[element]
        except (KeyError, IndexError, TypeError):
            return None
    return current


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
    warnings: list[Problem] = field(default_factory=list)  # a list line that lost its '- '


def colon_after_key(text: str) -> tuple[str, int] | None:
    """(key, index of the ：) when `text` begins with a key and a full-width colon."""
    match = _KEY_COLON.match(text)
    return (match.group(1), match.end() - 1) if match else None


def colon_problem(key: str, location: Location, path: str = "") -> Problem:
    """The problem of a key followed by a full-width colon, at the colon."""
    message = _(
        "a key must be followed by a half-width colon : (found ： after '{key}'); write {key}: …"
    ).format(key=key)
    return Problem(message, location, path, rule="yaml")


def forbidden_characters(text: str, file: str, first_line: int = 1) -> list[Problem]:
    """One problem per character a Word document cannot hold (control characters, surrogates)."""
    problems = []
    for line_no, line in enumerate(_YAML_LINES.split(text), start=first_line):
        for match in _FORBIDDEN_CHAR.finditer(line):
            char = match.group()
            msg = _(
                "character {code} cannot appear in a Word document "
                "(often pasted from a web page or PDF); delete it"
            ).format(code=f"U+{ord(char):04X}")
            problems.append(_problem(file, line_no, match.start() + 1, msg, rule="characters"))
    return problems


def load_kept(text: str, file: str) -> Loaded:
    """`load_yaml` for drafter's own kind of files (library entries, style profiles), its
    result kept between runs by `drafter.cache` (the same text of the same file gives it back)."""
    from drafter import cache

    return cache.remember(f"yaml {yaml.__version__} {file}", text, lambda: load_yaml(text, file))


def load_yaml(text: str, file: str) -> Loaded:
    """Parse one YAML document into plain data and a source map; raise SourceError on problems."""
    if len(text) > MAX_FILE_CHARS:
        msg = _("the file holds {count} characters; drafter reads at most {most}").format(
            count=f"{len(text):,}", most=f"{MAX_FILE_CHARS:,}"
        )
        raise SourceError(problems=[_problem(file, 1, 1, msg)])
    problems = forbidden_characters(text, file)
    if problems:
        raise SourceError(problems=problems)
    colons: list[Problem] = []  # each full-width colon after a key, found by parsing past it
    while True:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            break
        except RecursionError:  # nesting far deeper than MAX_DEPTH: find where it passes it
            raise SourceError(problems=[*colons, _too_deep(text, file)]) from None
        except yaml.MarkedYAMLError as err:
            colon_at = _colon_in_error(err, text)
            if colon_at is None or len(colons) >= MAX_COLON_FIXES:
                raise SourceError(problems=[*colons, _yaml_problem(err, file, text)]) from None
            line, column, key = colon_at
            colons.append(colon_problem(key, Location(file, line, column)))
            text = _with_half_width_colon(text, line, column)
        except yaml.YAMLError as err:  # pragma: no cover - unmarked errors are rare
            msg = _("not valid YAML: {error}").format(error=err)
            raise SourceError(problems=[_problem(file, 0, 0, msg)]) from None
        finally:
            loader.dispose()
    source = SourceMap(file)
    if node is None:
        if colons:
            raise SourceError(problems=colons)
        return Loaded(None, source)
    builder = _Builder(loader, source, _expansion_limit(node), text.splitlines())
    data = builder.build(node, ())
    if colons or builder.problems:
        raise SourceError(problems=colons + builder.problems)
    return Loaded(data, source, builder.warnings)


class _Builder:
    """Walks composed YAML nodes into data, recording locations and collecting problems."""

    def __init__(self, loader: Any, source: SourceMap, limit: int, lines: list[str]) -> None:
        self.loader = loader
        self.source = source
        self.limit = limit
        self.lines = lines
        self.count = 0
        self.chars = 0
        self.active: set[int] = set()
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def _loc(self, node: Node) -> Location:
        mark = node.start_mark
        return Location(self.source.file, mark.line + 1, mark.column + 1)

    def build(self, node: Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > self.limit:
            msg = _(
                "the outline's aliases (*name) expand to more than {most} values; "
                "refusing to expand it"
            ).format(most=f"{self.limit:,}")
            raise SourceError(problems=[Problem(msg, self._loc(node), rule="yaml")])
        if len(path) > MAX_DEPTH:
            msg = _too_deep_message()
            raise SourceError(problems=[Problem(msg, self._loc(node), rule="yaml")])
        self.source.values[path] = self._loc(node)
        if id(node) in self.active:
            self._fail(node, path, _("this alias refers to itself; an outline cannot be recursive"))
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
            msg = _("this value holds {count} characters; a value holds at most {most}").format(
                count=f"{size:,}", most=f"{MAX_SCALAR_CHARS:,}"
            )
            raise SourceError(problems=[Problem(msg, self._loc(node), format_path(path), "yaml")])
        if self.chars > MAX_EXPANDED_CHARS:
            msg = _(
                "the file's aliases (*name) expand it to more than {most} "
                "characters; refusing to expand it"
            ).format(most=f"{MAX_EXPANDED_CHARS:,}")
            raise SourceError(problems=[Problem(msg, self._loc(node), format_path(path), "yaml")])
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            self._fail(node, path, _tag_message(node))
            return None
        except ValueError:  # a date that does not exist (2026-02-30): the model says why
            return node.value
        if isinstance(value, str) and node.end_mark.line > node.start_mark.line:
            value = joined(value, node, self.lines)  # Chinese wrapped over lines: no spaces
        if isinstance(value, str) and (char := _FORBIDDEN_CHAR.search(value)):
            code = f"U+{ord(char.group()):04X}"
            msg = _("character {code} cannot appear in a Word document; delete it")
            self._fail(node, path, msg.format(code=code))
        if isinstance(value, float) and not node.style and _DECIMAL.fullmatch(node.value):
            return Written(value, node.value)  # 60.0 is printed as 60.0 where printed as typed
        return value

    def _sequence(self, node: SequenceNode, path: PathKey) -> list[Any]:
        if node.tag not in _SEQ_TAGS:
            self._fail(node, path, _tag_message(node))
        for child in node.value:
            self._runs_on(child)
        return [self.build(child, (*path, index)) for index, child in enumerate(node.value)]

    def _runs_on(self, node: Node) -> None:
        """Warn where a list item's plain text runs on over lines that each read as an item of
        their own: a line that lost its '- ' is joined to the item above (with a space)."""
        start, end = node.start_mark, node.end_mark
        if not isinstance(node, ScalarNode) or node.style or start.line == end.line:
            return
        texts = [(start.line, self.lines[start.line][start.column :])]
        texts += [
            (row, self.lines[row])
            for row in range(start.line + 1, min(end.line + 1, len(self.lines)))
        ]
        pieces = [(row, piece.strip()) for row, piece in texts if piece.strip()]
        if len(pieces) < 2 or not all(_CHINESE().search(piece) for _, piece in pieces):
            return
        if any(piece.endswith(_RUNS_ON) for _, piece in pieces[:-1]):
            return  # a sentence wrapped over lines, not items
        row, piece = pieces[1]
        column = self.lines[row].index(piece) + 1
        message = _(
            "this line is joined to the list item above ({count} lines read as one item); "
            "if it is an item of its own, start it with '- '"
        ).format(count=len(pieces))
        where = Location(self.source.file, row + 1, column)
        self.warnings.append(Problem(message, where, severity="warning", rule=LIST_ITEM_RULE))

    def _mapping(self, node: MappingNode, path: PathKey) -> dict[str, Any]:
        if node.tag not in _MAP_TAGS:
            self._fail(node, path, _tag_message(node))
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        seen: dict[str, Location] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self._merge(value_node, path, merged)
                continue
            if not isinstance(key_node, ScalarNode):
                self._fail(key_node, path, _("a key must be a plain word, not a list or mapping"))
                continue
            key = key_node.value
            key_loc = self._loc(key_node)
            colon = colon_after_key(key) if not key_node.style else None
            if colon is not None:
                at = Location(key_loc.file, key_loc.line, key_loc.column + colon[1])
                self.problems.append(colon_problem(colon[0], at, format_path(path)))
                continue
            if key in seen:
                msg = _("duplicate key '{key}' (first at line {line}); keep only one").format(
                    key=key, line=seen[key].line
                )
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
                self._fail(source, path, _("'<<' merges only mappings"))
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
    return _problem(file, line, column, _too_deep_message())


def _too_deep_message() -> str:
    return _("lists and mappings nest more than {most} levels deep here").format(most=MAX_DEPTH)


def _tag_message(node: Node) -> str:
    return _("YAML tag {tag} is not allowed in an outline").format(tag=node.tag)


# Every problem PyYAML's (and libyaml's) scanner, parser and composer can raise, said as a
# writer understands it: (words of the parser's English problem or context, what it means and
# what to do). The first that matches is said; {line} is the line where what went wrong began
# (an opening quote, bracket, anchor), {char} the character the value begins with.
_TAB = N_("a tab stands where YAML expects spaces; indent with spaces, not tabs")
_TOO_DEEP = ("maximum nesting depth", "Maximum nesting level")  # libyaml's own limit
_SLIPS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("tab character",), _TAB),
    (
        ("end of stream", "document separator", "document indicator"),
        N_(
            "the quote on line {line} is never closed; add the closing quote (a value that "
            "holds a quote of its own goes inside the other kind of quotes)"
        ),
    ),
    (
        ("could not find expected ':'",),
        N_("line {line} holds a key without its ':', or a quote that is not closed"),
    ),
    (
        ("mapping values are not allowed", "found unexpected ':'"),
        N_(
            "a value contains ': ' (colon and space); put the value in quotes or use the "
            "full-width colon '：'"
        ),
    ),
    (
        ("cannot start any token",),
        N_("a value cannot begin with {char}; put the whole value in quotes"),
    ),
    (
        ("while scanning an anchor", "while scanning an alias"),
        N_(
            "{char} at the start of a value means an anchor or alias in YAML; put the whole "
            "value in quotes (a list item begins with '- ')"
        ),
    ),
    (
        ("undefined alias",),
        N_(
            "a value beginning with * refers to an anchor (&name) earlier in the file, and there "
            "is none; if the * is part of the text, put the whole value in quotes"
        ),
    ),
    (
        ("duplicate anchor",),
        N_("the anchor (&name) of line {line} is given again here; give each its own name"),
    ),
    (
        ("sequence entries are not allowed",),
        N_(
            "a list item '- ' cannot follow a key on its line: begin the list on the next line, "
            "indented; if the '-' is part of the text, put the whole value in quotes"
        ),
    ),
    (
        ("mapping keys are not allowed",),
        N_("'? ' begins a key in YAML; put a value that begins with ? in quotes"),
    ),
    (
        ("flow sequence",),
        N_(
            "the list in brackets begun on line {line} is not closed with ']', or its items are "
            "not separated by ','"
        ),
    ),
    (
        ("flow mapping",),
        N_(
            "the braces begun on line {line} are not closed with '}}', or their items are not "
            "separated by ','"
        ),
    ),
    (
        ("node content",),
        N_(
            "a value is missing here: a bracket or brace is not closed, or a ',' stands "
            "without a value"
        ),
    ),
    (
        ("expected a single document",),
        N_("an outline is one YAML document; remove the extra '---'"),
    ),
    (
        ("document start>",),
        N_(
            "the file goes on after its end (after '...' or a value standing alone); an "
            "outline is keys with their values, each 'key: value'"
        ),
    ),
    (
        ("directive", "incompatible YAML document", "tag handle"),
        N_(
            "a line beginning with '%' is a YAML directive; put a value that begins with % "
            "in quotes"
        ),
    ),
    (
        ("block scalar",),
        N_(
            "{char} at the start of a value begins a block of text on the lines below, with "
            "nothing after it on its line; put a value that begins with {char} in quotes"
        ),
    ),
    (
        ("escape", "hexdecimal", "hexadecimal", "Unicode character"),
        N_(
            "inside double quotes a backslash begins an escape: write \\\\ for a backslash, or "
            "put the value in single quotes"
        ),
    ),
    (
        ("tag", "URI", "UTF-8 octet"),
        N_("'!' at the start of a value means a YAML tag; put the whole value in quotes"),
    ),
)
# A line that does not fit the mapping or list it stands in: badly indented when it begins
# there, else something after a value on the line (past a closing quote or bracket).
_MISPLACED = ("expected key", "expected '-' indicator", "expected <block end>")
_INDENTED = N_(
    "this line is not indented like the lines above it: the keys of one mapping, and the "
    "items of one list, stand at the same indentation"
)
_TRAILING = N_(
    "something follows the value on this line (after a closing quote or bracket); put the "
    "whole value in quotes"
)


def _colon_in_error(err: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str] | None:
    """A full-width colon after a key that made the YAML unreadable: the key on the line the
    parser stopped at, or on a line just before it whose text ran on into it."""
    lines = text.splitlines()
    rows: list[int] = []
    if err.context_mark is not None and "simple key" in (err.context or ""):
        rows.append(err.context_mark.line)
    if err.problem_mark is not None:
        row = err.problem_mark.line
        rows.append(row)
        for before in range(row - 1, max(-1, row - 6), -1):
            if before >= len(lines) or not lines[before].strip():
                break
            rows.append(before)
            if _KEY_LINE.match(lines[before]):
                break
    for row in rows:
        found = colon_after_key(lines[row]) if row < len(lines) else None
        if found is not None:
            return row + 1, found[1] + 1, found[0]  # line, column, key
    return None


def _with_half_width_colon(text: str, line: int, column: int) -> str:
    """The text with the full-width colon at line:column made ': ', to read past it."""
    pieces = re.split(f"({_YAML_LINES.pattern})", text)  # lines, each followed by its break
    row = pieces[2 * (line - 1)]
    pieces[2 * (line - 1)] = row[: column - 1] + ": " + row[column:].lstrip()
    return "".join(pieces)


def _yaml_problem(err: yaml.MarkedYAMLError, file: str, source: str) -> Problem:
    """PyYAML's problem said as a writer understands it, where the parser stopped."""
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    explanation = _slip(err, source.splitlines())
    if explanation is None:
        words = " ".join(part for part in (err.context, err.problem) if part)
        msg = _("not valid YAML here ({error}); check its quotes, colons and indentation").format(
            error=words
        )
    else:
        msg = _("not valid YAML: {error}").format(error=explanation)
    return _problem(file, line, column, msg, rule="yaml")


def _slip(err: yaml.MarkedYAMLError, lines: list[str]) -> str | None:
    """What the parser's problem means, in the current language; None for one not known."""
    words = " ".join(part for part in (err.context, err.problem) if part)
    if any(limit in words for limit in _TOO_DEEP):
        return _too_deep_message()
    mark = err.problem_mark or err.context_mark
    row = lines[mark.line] if mark and mark.line < len(lines) else ""
    indent = row[: len(row) - len(row.lstrip())]
    if "\t" in indent or _char_at(lines, mark) == "\t":  # a tab where YAML wants spaces
        return _(_TAB)
    begun = err.context_mark or mark
    line = begun.line + 1 if begun else 0
    char = _char_at(lines, err.context_mark if err.context_mark else mark)
    if any(needle in words for needle in _MISPLACED):
        trails = mark is not None and row[: mark.column].strip()
        return _(_TRAILING if trails else _INDENTED)
    if "cannot start any token" in words:
        char = _char_at(lines, err.problem_mark or mark)
    for needles, explanation in _SLIPS:
        if any(needle in words for needle in needles):
            return _(explanation).format(line=line, char=char)
    return None


def _char_at(lines: list[str], mark: Any) -> str:
    """The character at a parser's mark ('' past the end of the text)."""
    if mark is None or mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]


def _problem(file: str, line: int, column: int, msg: str, rule: str = "yaml") -> Problem:
    return Problem(msg, Location(file, line, column), rule=rule)
