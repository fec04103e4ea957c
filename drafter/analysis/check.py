"""`drafter check`: every problem of a draft, found before a reviewer does.

Rules run on the outline as written (so each problem is located at its file:line:col) and on the
rendered speech (spoken counts, speaking time). Each rule has a stable id; an outline or office
turns rules off with `checks: {disable: [rule-id]}`. A rule is declared where it is found, by
`@rule(id, severity, description)` on its function; `RULES` lists them all, in the order they
run (problems at one place keep that order).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from drafter.analysis.repetition import (
    CLOSE_LENGTH,
    CLOSE_WINDOW,
    PHRASE_LENGTH,
    repeated_phrases,
)
from drafter.analysis.stats import of_document
from drafter.chinese import numerals, punctuation, seasons
from drafter.chinese.text import COUNTED, SEMICOLON, SENTENCE_END
from drafter.document import Document
from drafter.errors import DrafterError, Location, Problem, Severity, did_you_mean
from drafter.outline.data import shown
from drafter.outline.load import LoadedOutline
from drafter.outline.marks import PLACEHOLDER_NOTE, marked_lines, marks
from drafter.outline.model import Said
from drafter.outline.references import outline_references
from drafter.outline.tables import NUMBER_ROLES
from drafter.outline.units import number_and_unit, scaled, unit_factor
from drafter.outline.values import (
    PLACEHOLDER_RULE,
    ValueLocator,
    indexed,
    item_lists,
    placeholders_in,
    texts,
)
from drafter.pipeline import Renderer, Session
from drafter.render.filters import cn_date, ends_sentence
from drafter.render.library import Library
from drafter.render.sources import template_name
from drafter.schema.source import LIST_ITEM_RULE, PathKey, format_path

KEY_ALIAS_RULE = "chinese-key"
TABLE_CELLS_RULE = "table-cells"  # the workbench shows them its own way
F = TypeVar("F", bound=Callable[..., Iterable[Problem]])


@dataclass(frozen=True)
class Written:
    """What a rule on the outline reads: the outline as loaded, where each value stands, and
    the library its references name (None where there is none to read)."""

    loaded: LoadedOutline
    locate: ValueLocator
    library: Library | None = field(default=None, kw_only=True)

    @property
    def data(self) -> dict[str, Any]:
        return self.loaded.data or {}


@dataclass(frozen=True)
class Rendered(Written):
    """What a rule on the speech reads besides: the rendered speech and the speaking rate."""

    document: Document
    rate: float


@dataclass(frozen=True)
class Rule:
    """A check rule: its id (what `checks: disable` names), severity and what it finds; `find`
    yields its problems (None where they come from elsewhere: loading, rendering)."""

    id: str
    severity: Severity
    description: str
    find: Callable[[Any, Rule], Iterable[Problem]] | None = field(default=None, compare=False)
    on_speech: bool = False  # `find` reads the rendered speech (`Rendered`), not only `Written`

    def problem(self, message: str, where: Location | None, path: str = "") -> Problem:
        return Problem(message, where, path, self.severity, self.id)


RULES: dict[str, Rule] = {}  # id → rule, in the order the rules run


def declare(
    id: str,
    severity: Severity,
    description: str,
    find: Callable[[Any, Rule], Iterable[Problem]] | None = None,
    *,
    on_speech: bool = False,
) -> Rule:
    """Add a rule to `RULES`."""
    if id in RULES:
        raise ValueError(f"check rule '{id}' is declared twice")
    RULES[id] = Rule(id, severity, description, find, on_speech)
    return RULES[id]


def rule(
    id: str, severity: Severity, description: str, *, on_speech: bool = False
) -> Callable[[F], F]:
    """Declare the rule the decorated function finds: `find(written, rule)`, or
    `find(rendered, rule)` with `on_speech`."""

    def register(find: F) -> F:
        declare(id, severity, description, find, on_speech=on_speech)
        return find

    return register


SCHEMA = declare(
    "schema", "error", "what render rejects: YAML, keys, types, kinds, library, templates"
)
MAX_HEADLINE = 30
TIME_SLACK = 1.1  # 10% over the target is still on time
FAR_BELOW = 0.5
# A headline "ends with 。" when it ends a sentence or a clause (； closes a clause headline).
_SENTENCE_END = tuple(SENTENCE_END + SEMICOLON)


def check_paths(paths: list[Path], session: Session, *, rate: float | None = None) -> list[Problem]:
    """Every problem of several outlines (a broken office config counts against its outlines)."""
    problems: list[Problem] = []
    for path in paths:
        try:
            renderer = session.renderer_for(path)
        except DrafterError as err:
            problems += [_as_schema(problem) for problem in err.as_problems()]
            continue
        finally:
            problems += session.take_warnings()  # settings files skipped, and why
        problems += check_outline(path, renderer, rate=rate)
    return problems


def check_outline(path: Path, renderer: Renderer, *, rate: float | None = None) -> list[Problem]:
    """Every problem of one outline, errors and warnings, in file order."""
    return inspect(lambda: renderer.load(path), renderer, rate=rate).problems


@dataclass(frozen=True)
class Inspection:
    """What `check` found, with the outline and the speech it found it in (None when they
    could not be made): the workbench shows all three from one render."""

    problems: list[Problem]
    loaded: LoadedOutline | None = None
    document: Document | None = None


def inspect(
    load: Callable[[], LoadedOutline], renderer: Renderer, *, rate: float | None = None
) -> Inspection:
    """Load an outline (from a file or text) and render it, collecting every problem."""
    try:
        loaded = load()
    except DrafterError as err:
        return Inspection([_as_schema(problem) for problem in err.as_problems()])
    locate = ValueLocator(loaded, {r.id: r.severity for r in RULES.values()})
    written = Written(loaded, locate, library=_library(renderer))
    problems = list(_found(written))
    document = None
    try:
        document = renderer.document(loaded)
    except DrafterError as err:
        problems += [_as_schema(problem) for problem in err.as_problems()]
    else:
        speed = rate or renderer.settings.words_per_minute
        problems += _found(Rendered(loaded, locate, document, speed, library=written.library))
    disabled, unknown = _disabled(loaded, renderer)
    kept = [p for p in problems if p.rule not in disabled] + unknown
    return Inspection(sorted(kept, key=Problem.sort_key), loaded, document)


def _library(renderer: Renderer) -> Library | None:
    """The renderer's library; None when it cannot be read (render reports why)."""
    try:
        return renderer.library()
    except DrafterError:
        return None


def _found(draft: Written) -> Iterator[Problem]:
    """The problems of every rule on the outline, or, given the speech, of every rule on it."""
    on_speech = isinstance(draft, Rendered)
    for found in RULES.values():
        if found.find is not None and found.on_speech == on_speech:
            yield from found.find(draft, found)


def _as_schema(problem: Problem) -> Problem:
    return replace(problem, rule=SCHEMA.id, severity=SCHEMA.severity)


def _disabled(loaded: LoadedOutline, renderer: Renderer) -> tuple[set[str], list[Problem]]:
    disabled, unknown = set(), []
    sources = [(s.value, s.origin, "checks.disable") for s in renderer.settings.disabled_checks]
    for index, rule_id in enumerate(loaded.outline.checks.disable):
        where = loaded.source.locate(("checks", "disable", index))
        sources.append((rule_id, where, format_path(("checks", "disable", index))))
    for rule_id, where, path in sources:
        if rule_id in RULES:
            disabled.add(rule_id)
            continue
        message = f"unknown check rule '{rule_id}'{did_you_mean(rule_id, RULES)}"
        unknown.append(SCHEMA.problem(message, where, path))
    return disabled, unknown


# --- rules on the outline, in the order they run -------------------------------------------


@rule(KEY_ALIAS_RULE, "info", "a Chinese key (讲话人) read as its English one (speaker)")
def _aliases(written: Written, rule: Rule) -> Iterator[Problem]:
    """One note a file, at the first Chinese key, naming the English key of each one used."""
    loaded = written.loaded
    if not loaded.aliases:
        return
    pairs = dict.fromkeys(f"{alias.typed} → {alias.key}" for alias in loaded.aliases)
    location = loaded.source.locate(loaded.aliases[0].path, prefer_key=True)
    yield rule.problem(f"Chinese keys are read as drafter's keys: {', '.join(pairs)}", location)


@rule(LIST_ITEM_RULE, "warning", "a list line without its '- ', joined to the item above")
def _loading_warnings(written: Written, rule: Rule) -> Iterator[Problem]:
    """What loading the outline warned of (the list lines it joined)."""
    yield from written.loaded.warnings


@rule(
    PLACEHOLDER_RULE,
    "warning",
    "unfilled placeholders: XX, ××, ○○, 201X, TODO, 【待补】, ？？, ___",
)
def _placeholders(written: Written, rule: Rule) -> Iterator[Problem]:
    """Each placeholder, but those a mark over their line lists already (extract's
    `# 更新：……；待补：XX`, also after a `# 核对` note), which the rule `marked` reports."""
    notes = marked_lines(written.loaded.text)
    listed = {line for line, note in notes.items() if PLACEHOLDER_NOTE in note}
    for text in texts(written.data):
        for problem in placeholders_in(written.locate, text):
            if problem.location is None or problem.location.line not in listed:
                yield problem


@rule("half-width-punctuation", "warning", "half-width , : ; ! ? ( ) or straight quotes in Chinese")
def _half_width(written: Written, rule: Rule) -> Iterator[Problem]:
    """One warning a value, with the count; each mark's place is in the JSON `details`."""
    for text in texts(written.data):
        marks = punctuation.half_width_marks(text.value)
        if not marks:
            continue
        listing = "、".join(dict.fromkeys(f"{m} → {w}" for _, m, w in marks))
        places = []
        for index, mark, wide in marks:
            before = max(0, index - 4)
            context = text.value[before : index + 5]
            where = written.locate.at(text.path, context, index - before)
            places.append((where, context, index - before, mark, wide))
        _, context, offset, _, _ = places[0]
        message = (
            f"{len(marks)} half-width mark{'s' if len(marks) > 1 else ''} in Chinese text "
            f"({listing}), first in …{context}…; render writes them full width"
        )
        problem = written.locate.problem(text.path, rule.id, message, context, offset)
        details = tuple(
            {"line": where.line, "column": where.column, "mark": mark, "replacement": wide}
            for where, _, _, mark, wide in places
        )
        yield replace(problem, details=details)


@rule("empty", "warning", "a part with nothing in it, or an item that is only a headline")
def _empty(written: Written, rule: Rule) -> Iterator[Problem]:
    for p, part in indexed(written.data.get("parts")):
        said = ("items", "intro", "goal", "outro", "opportunities", "challenges", "shortcomings")
        if isinstance(part, dict) and not any(part.get(key) for key in said):
            yield written.locate.problem(("parts", p), rule.id, "this part has nothing in it yet")
    body = ("text", "facts", "figures", "measures", "use", "items")
    for _, items in item_lists(written.data):
        for path, item in items:
            headline = item.get("headline")
            if isinstance(headline, str) and not any(item.get(key) for key in body):
                message = f"item '{headline}' is only a headline"
                yield written.locate.problem(path, rule.id, message)


def _headlines(items: list[tuple[PathKey, Any]]) -> Iterator[tuple[PathKey, str]]:
    """The path and text of each headline written in a list of items."""
    for path, item in items:
        headline = item.get("headline")
        if isinstance(headline, str) and headline.strip():
            yield (*path, "headline"), headline.strip()


@rule("headline-length", "warning", "a headline too long to read as a heading")
def _headline_length(written: Written, rule: Rule) -> Iterator[Problem]:
    for _, items in item_lists(written.data):
        for path, headline in _headlines(items):
            if len(headline) > MAX_HEADLINE:
                message = (
                    f"headline has {len(headline)} characters; a heading reads best in "
                    f"{MAX_HEADLINE} or fewer"
                )
                yield written.locate.problem(path, rule.id, message)


@rule("duplicate-headline", "warning", "the same headline twice in one speech")
def _duplicate_headline(written: Written, rule: Rule) -> Iterator[Problem]:
    seen: dict[str, PathKey] = {}
    for _, items in item_lists(written.data):
        for path, headline in _headlines(items):
            key = re.sub(r"[\s。！？；，、：]", "", headline)
            if key in seen:
                line = written.locate.at(seen[key]).line
                message = f"headline '{headline}' is already used (line {line})"
                yield written.locate.problem(path, rule.id, message)
            else:
                seen[key] = path


@rule("headline-punctuation", "warning", "headlines of one part ending differently")
def _headline_punctuation(written: Written, rule: Rule) -> Iterator[Problem]:
    for _, items in item_lists(written.data):
        endings: dict[bool, list[PathKey]] = {True: [], False: []}
        for path, headline in _headlines(items):
            endings[headline.endswith(_SENTENCE_END)].append(path)
        if endings[True] and endings[False]:
            odd = min(endings.values(), key=len)
            style = "ends" if odd is endings[True] else "does not end"
            for path in odd:
                message = (
                    f"this headline {style} with 。 unlike the others in its list "
                    "(drafter adds or drops it anyway; keep the outline consistent)"
                )
                yield written.locate.problem(path, rule.id, message)


@rule("figure-conflict", "warning", "the same figure label twice with different values")
def _figures(written: Written, rule: Rule) -> Iterator[Problem]:
    locate = written.locate
    seen: dict[str, tuple[Any, Any, PathKey]] = {}
    for _, items in item_lists(written.data):
        for path, item in items:
            for f, figure in indexed(item.get("figures")):
                if not isinstance(figure, dict) or "value" not in figure:
                    continue
                label = str(figure.get("label", "")).strip()
                figure_path = (*path, "figures", f)
                value = _typed_number(figure["value"], figure.get("unit"))
                if label in seen and seen[label][0] != value:
                    _, first_value, first_path = seen[label]
                    message = (
                        f"'{label}' is {figure['value']} here but {first_value} at line "
                        f"{locate.at(first_path).line}"
                    )
                    yield locate.problem((*figure_path, "value"), rule.id, message)
                seen.setdefault(label, (value, figure["value"], figure_path))


def _typed_number(value: Any, unit: Any) -> Any:
    """A figure's value as compared: 86.4亿元 and 86.4 with unit 亿元 are the same."""
    found = number_and_unit(value) if isinstance(value, str) else None
    if found is None:
        return (value, unit or "")
    number, typed_unit = found
    return (number, typed_unit or unit or "")


@rule("figure-source", "warning", "a figure typed differently from the table it is from")
def _figure_sources(written: Written, rule: Rule) -> Iterator[Problem]:
    """Numbers typed over a figure's table (`from:`) that are not the table's, nor its rounding."""
    for path, found in written.loaded.figure_sources.items():
        for key, typed, table, cell in found.differences():
            where = Location(found.file, cell=cell.ref)
            message = (
                f"'{found.row.label}' {key} is {shown(typed)} here but {shown(table)} in {where}; "
                f"the draft says {shown(typed)}"
            )
            yield written.locate.problem((*path, key), rule.id, message)


@rule(
    "count-mismatch",
    "warning",
    "a count the outline states (讲三个方面, 突出两个重点, 以下三个特点) unlike what follows",
)
def _counts(written: Written, rule: Rule) -> Iterator[Problem]:
    """Counts the writer typed, against what follows them: in the opening (its text and its
    announce) against the parts; in a part's title, intro, goal and announce against its items;
    in an item's headline and text against its own items (or its measures)."""
    data, locate = written.data, written.locate
    parts = data.get("parts") if isinstance(data.get("parts"), list) else []
    opening = data.get("opening")
    said = {("opening",): opening} if isinstance(opening, str) else {}
    if isinstance(opening, dict):
        said = {("opening", key): opening.get(key) for key in ("text", "announce")}
    for path, text in said.items():
        yield from _count_in(locate, rule, path, text, len(parts), "parts")
    for p, part in enumerate(parts):
        if not isinstance(part, dict) or not isinstance(part.get("items"), list):
            continue
        for key in ("title", "intro", "goal", "announce"):
            path = ("parts", p, key)
            yield from _count_in(locate, rule, path, part.get(key), len(part["items"]), "items")
    for _, items in item_lists(data):
        for path, item in items:
            listed = item.get("items") or item.get("measures")
            if isinstance(listed, list):
                for key in ("headline", "text"):
                    yield from _count_in(
                        locate, rule, (*path, key), item.get(key), len(listed), "items"
                    )


def _count_in(
    locate: ValueLocator, rule: Rule, path: PathKey, text: Any, actual: int, what: str
) -> Iterator[Problem]:
    """One problem per count in `text` that is not `actual` (nothing to count: none)."""
    if not isinstance(text, str) or actual < 1:
        return
    for match in COUNTED.finditer(text):
        number = next(group for group in match.groups() if group)
        said = numerals.value(number, spoken=True)
        if said is not None and said != actual:
            noun = what if actual != 1 else what.rstrip("s")
            message = (
                f"'{match.group(0)}' says {said} but there {'is' if actual == 1 else 'are'} "
                f"{actual} {noun}; leave the count out and drafter writes the right one"
            )
            yield locate.problem(path, rule.id, message, match.group(0))


_PARAGRAPH_KEYS = ("text", "intro", "outro", "goal")


@rule("sentence-end", "warning", "a paragraph without final punctuation (render adds 。)")
def _sentence_ends(written: Written, rule: Rule) -> Iterator[Problem]:
    """Paragraphs of the writer's text that do not end with their punctuation: render adds 。"""
    if written.loaded.outline.kind == "generic":  # it prints text exactly as written
        return
    for text in texts(written.data):
        if not text.path or text.path[-1] not in _PARAGRAPH_KEYS or "with" in text.path:
            continue
        lines = [line.strip() for line in text.value.splitlines() if line.strip()]
        for number, line in enumerate(lines):
            last = number == len(lines) - 1
            lead_in = last and text.path[-1] == "intro" and line.endswith(("，", ",", "：", ":"))
            if ends_sentence(punctuation.normalize(line)) or line.endswith(("：", ":")) or lead_in:
                continue
            message = (
                f"this paragraph ends without 。！？ (…{line[-8:]}); render adds 。 — "
                "check the sentence is complete"
            )
            yield written.locate.problem(text.path, rule.id, message, line[-8:], len(line[-8:]))


@rule(
    "count-sentence",
    "warning",
    "an announce sentence left out (one element), or an intro leading into none",
)
def _count_sentences(written: Written, rule: Rule) -> Iterator[Problem]:
    """Count sentences render must leave out: a writer's `announce` with {n} where there is
    one part or item (nothing to count), and an intro that leads into a count (ends with ，)
    while `announce: false` says there is none."""
    data, locate = written.data, written.locate
    parts = data.get("parts") if isinstance(data.get("parts"), list) else []
    outline = written.loaded.outline
    opening = data.get("opening")
    if isinstance(opening, dict) and isinstance(opening.get("announce"), str) and len(parts) == 1:
        message = (
            "there is one part, so nothing to count: render leaves this sentence out "
            f"(template {template_name(outline.kind, 'opening')})"
        )
        yield locate.problem(("opening", "announce"), rule.id, message)
    for p, part in indexed(parts):
        if not isinstance(part, dict):
            continue
        items = part.get("items") if isinstance(part.get("items"), list) else []
        announce = part.get("announce")
        template = template_name(outline.kind, outline.parts[p].type)
        if isinstance(announce, str) and len(items) == 1:
            message = (
                "there is one item, so nothing to count: render leaves this sentence out "
                f"(template {template})"
            )
            yield locate.problem(("parts", p, "announce"), rule.id, message)
        intro = part.get("intro")
        if announce is False and isinstance(intro, str) and intro.rstrip().endswith(("，", ",")):
            message = (
                "this intro ends with ， to lead into a count sentence, but announce is false: "
                f"end it with 。 or let drafter count (template {template})"
            )
            yield locate.problem(("parts", p, "intro"), rule.id, message)


@rule(
    "date-fit",
    "warning",
    "a greeting or closing that does not fit the speech's date (新年的钟声 on 6 January)",
)
def _date_fit(written: Written, rule: Rule) -> Iterator[Problem]:
    """Library entries the outline names whose seasons (`when:`) miss the speech's date, and a
    greeting in the writer's words that speaks of another season; each with what fits."""
    dated = _dated(written.loaded.outline.date)
    library = written.library
    if dated is None or library is None:
        return
    fits, on = dated
    outline = written.loaded.outline
    for ref in outline_references(outline):
        found = library.entries.get(ref.entry_id)
        if found is None or not found.entry.when or fits(found.entry.when) is not False:
            continue
        said = re.split(r"[{。！，]", found.entry.text.strip(), maxsplit=1)[0]
        advice = _fitting(library, found.entry.category, fits)
        message = (
            f"'{ref.entry_id}' ({said}……) does not fit the speech's date, {on}: it is for "
            f"{seasons.described(found.entry.when)}; {advice}"
        )
        yield written.locate.problem(ref.path, rule.id, message)
    greeting = outline.closing.greeting
    if isinstance(greeting, Said):
        for word, season in seasons.WORDS.items():
            if word in greeting.text and fits([season]) is False:
                message = (
                    f"the greeting speaks of {word}, which does not fit the speech's date, {on} "
                    f"({season}: {seasons.described([season])}); "
                    f"{_fitting(library, 'greeting', fits)}"
                )
                yield written.locate.problem(("closing", "greeting", "text"), rule.id, message)
                break


def _dated(date: Any) -> tuple[Callable[[list[str]], bool | None], str] | None:
    """How to tell whether seasons fit the speech's date, and the date as said: a day, or a
    month written as text (2026年4月); None without a date to go by."""
    if isinstance(date, dt.date):
        return (lambda when: seasons.fits(when, date)), cn_date(date)
    found = re.search(r"((?:19|20|21)\d{2})\s*年\s*(\d{1,2})\s*月", date or "")
    if found and 1 <= int(found.group(2)) <= 12:
        year, month = int(found.group(1)), int(found.group(2))
        return (lambda when: seasons.fits_month(when, year, month)), f"{year}年{month}月"
    return None


def _fitting(library: Library, category: str, fits: Callable[[list[str]], bool | None]) -> str:
    """The library's entries of a category that fit the date, as advice."""
    fitting = [
        found.id
        for found in library.entries.values()
        if found.entry.category == category and found.entry.when and fits(found.entry.when)
    ]
    if fitting:
        return f"{'、'.join(fitting)} {'fits' if len(fitting) == 1 else 'fit'} that date"
    return f"no {category} in the library fits that date: leave it out, or say it in your own words"


_MARK_MESSAGES = {
    "更新": "to update for this speech (# 更新{note}); rewrite it, then delete the comment",
    "核对": "to check (# 核对{note}): drafter extract was not sure; check, then delete the comment",
}


@rule("marked", "warning", "a # 更新 or # 核对 comment left by drafter next or extract")
def _marks(written: Written, rule: Rule) -> Iterator[Problem]:
    """The to-do comments `drafter next` and `extract` write, until the writer deletes them."""
    loaded = written.loaded
    for mark in marks(loaded.text):
        note = f"：{mark.note}" if mark.note else ""
        message = _MARK_MESSAGES[mark.word].format(note=note)
        yield rule.problem(message, Location(loaded.source.file, mark.line, mark.column))


# --- rules on figures taken from statistics tables ------------------------------------------


@rule(TABLE_CELLS_RULE, "info", "the cells of its statistics table a figure's numbers come from")
def _table_cells(written: Written, rule: Rule) -> Iterator[Problem]:
    """'教育经费总投入' from 统计.xlsx:主要指标 row 6: value D6 864,321 (绝对数/2025年); …"""
    for path, found in written.loaded.figure_sources.items():
        table, row = found.table, found.row
        used = []
        for key in NUMBER_ROLES:
            cell = found.cell(key)
            if key in found.taken and cell is not None:
                where = cell.ref.rsplit("!", 1)[-1]
                used.append(f"{key} {where} {cell.text} ({table.columns[key].header})")
        if "unit" in found.taken:
            used.append(f"unit {row.unit} ({row.unit_from})")
        if used:
            message = f"'{row.label}' from {table.name} row {row.number}: {'; '.join(used)}"
            yield written.locate.problem(path, rule.id, message)


@rule("table-hidden", "warning", "a figure's number read from a hidden row, column or sheet")
def _table_hidden(written: Written, rule: Rule) -> Iterator[Problem]:
    for path, found in written.loaded.figure_sources.items():
        table, row = found.table, found.row
        hidden = [f"sheet {table.sheet}"] if table.sheet_hidden else []
        hidden += [f"row {row.number}"] if row.hidden else []
        for key in NUMBER_ROLES:
            column = table.columns.get(key)
            if key in found.taken and column is not None and column.hidden:
                hidden.append(f"column {column.letter} ({column.header})")
        if hidden:
            message = (
                f"'{row.label}' is read from the hidden {', '.join(hidden)} of {table.name}, "
                "which Excel does not show; check it is the figure the speech should quote"
            )
            yield written.locate.problem(path, rule.id, message)


@rule("table-formula", "warning", "a formula without a saved result in a figure's row")
def _table_formulas(written: Written, rule: Rule) -> Iterator[Problem]:
    """A formula Excel never calculated, where the outline types the number over it (where it
    does not, the figure cannot be made: an error when the outline is loaded)."""
    for path, found in written.loaded.figure_sources.items():
        for key in NUMBER_ROLES:
            cell = found.cell(key)
            if cell is not None and cell.formula and key in found.typed:
                message = (
                    f"the table's {key} of '{found.row.label}' ({cell.ref}) is the formula "
                    f"{cell.text} with no saved result, so the outline's number cannot be "
                    "compared with it; open the file in Excel or WPS and save it"
                )
                yield written.locate.problem((*path, key), rule.id, message)


@rule("table-unit", "warning", "a figure's unit that is not its table's (or no unit at all)")
def _table_units(written: Written, rule: Rule) -> Iterator[Problem]:
    for path, found in written.loaded.figure_sources.items():
        row, unit = found.row, found.unit
        if not any(key in found.taken for key in NUMBER_ROLES) or (unit and row.unit == unit):
            continue
        name = found.table.name
        if not unit:
            message = (
                f"neither {name} (row {row.number}) nor the outline gives '{row.label}' a unit"
            )
        elif not row.unit:
            message = (
                f"{name} gives no unit for '{row.label}' (row {row.number}): its numbers are "
                f"taken as {unit}; check the table's unit"
            )
        else:
            factor = unit_factor(row.unit, unit)
            cell = found.cell("value")
            read = ""
            if factor is not None and cell is not None and cell.number is not None:
                read = (
                    f": {cell.text}{row.unit} is read as {shown(scaled(cell.number, factor))}{unit}"
                )
            message = f"{name} gives '{row.label}' in {row.unit} ({row.unit_from})"
            message += f", the outline in {unit}{read}"
        at = (*path, "unit") if "unit" in found.typed else path
        yield written.locate.problem(at, rule.id, message)


# --- rules on the rendered speech ----------------------------------------------------------


@rule(
    "repeated-phrase",
    "warning",
    f"a phrase of {PHRASE_LENGTH}+ characters said twice (or of {CLOSE_LENGTH}+ within "
    f"{CLOSE_WINDOW} characters) where stock text is involved",
    on_speech=True,
)
def _repeated(rendered: Rendered, rule: Rule) -> Iterator[Problem]:
    """Stock phrases said twice (`analysis.repetition`)."""
    return repeated_phrases(rendered.loaded, rendered.document, rule.severity)


@rule(
    "speaking-time",
    "warning",
    "speaking time above target_minutes, or far below it",
    on_speech=True,
)
def _speaking_time(rendered: Rendered, rule: Rule) -> Iterator[Problem]:
    loaded, rate = rendered.loaded, rendered.rate
    target = loaded.outline.target_minutes
    if not target:
        return
    # what `drafter stats` says: the title block is not spoken
    figures = of_document(rendered.document, rendered.rate)
    characters, spoken = figures.characters, figures.minutes()
    where = loaded.source.locate(("target_minutes",))
    if spoken > target * TIME_SLACK:
        message = (
            f"the speech runs about {spoken:.0f} minutes ({characters} 字 at {rate:g} 字/分钟), "
            f"over the {target:g}-minute target"
        )
        yield rule.problem(message, where, "target_minutes")
    elif spoken < target * FAR_BELOW:
        message = (
            f"the speech runs about {spoken:.0f} minutes ({characters} 字 at {rate:g} 字/分钟), "
            f"far below the {target:g}-minute target"
        )
        yield rule.problem(message, where, "target_minutes")


def exit_code(problems: list[Problem], *, strict: bool = False) -> int:
    """2 with any error; with --strict, 1 with any warning; else 0 (notes never count)."""
    if any(p.severity == "error" for p in problems):
        return 2
    return 1 if strict and any(p.severity == "warning" for p in problems) else 0


def summary(problems: list[Problem], files: int) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    notes = len(problems) - errors - warnings
    noun = "outline" if files == 1 else "outlines"
    if not problems:
        return f"no problems in {files} {noun}"
    error_words = f"{errors} error{'s' * (errors != 1)}"
    note_words = f", {notes} note{'s' * (notes != 1)}" if notes else ""
    return f"{error_words}, {warnings} warning{'s' * (warnings != 1)}{note_words} in {files} {noun}"
