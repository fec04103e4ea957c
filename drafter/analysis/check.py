"""`drafter check`: every problem of a draft, found before a reviewer does.

Rules run on the outline as written (so each problem is located at its file:line:col) and on the
rendered speech (spoken counts, speaking time). Each rule has a stable id; an outline or office
turns rules off with `checks: {disable: [rule-id]}`. A rule is declared where it is found, by
`@rule(id, severity, description)` on its function; `RULES` lists them all, in the order they
run (problems at one place keep that order).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar, cast

from drafter.analysis.repetition import (
    CLOSE_LENGTH,
    CLOSE_WINDOW,
    PHRASE_LENGTH,
    repeated_phrases,
)
from drafter.analysis.stats import of_document
from drafter.chinese import punctuation, seasons
from drafter.chinese.text import SEMICOLON, SENTENCE_END, stated_counts
from drafter.chinese.text import pattern as text_pattern
from drafter.document import Document
from drafter.errors import DrafterError, Location, Problem, Severity, clauses, listed
from drafter.i18n import N_, _, ngettext
from drafter.outline.data import RULE as DATA_RULE
from drafter.outline.data import YEAR_REVIEWS, shown
from drafter.outline.header import later_hidden
from drafter.outline.load import LoadedOutline
from drafter.outline.marks import PLACEHOLDER_NOTE, marked_lines, marks
from drafter.outline.model import Said, Stock
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
from drafter.render.filters import LABEL_WORD_COMPOUNDS, cn_date, ends_sentence
from drafter.render.library import Library, category_name
from drafter.render.sources import template_name
from drafter.schema.source import LIST_ITEM_RULE, PathKey, format_path, value_at

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
    about: str  # what it finds: the English msgid (marked N_ where declared), with {facts}
    find: Callable[[Any, Rule], Iterable[Problem]] | None = field(default=None, compare=False)
    on_speech: bool = False  # `find` reads the rendered speech (`Rendered`), not only `Written`
    # the numbers `about` names ({length}: PHRASE_LENGTH), declared once where they are used
    facts: Mapping[str, object] = field(default_factory=dict, compare=False)

    @property
    def description(self) -> str:
        """What the rule finds, in the current language."""
        return _(self.about).format_map(self.facts)

    def problem(self, message: str, where: Location | None, path: str = "") -> Problem:
        return Problem(message, where, path, self.severity, self.id)


RULES: dict[str, Rule] = {}  # id → rule, in the order the rules run


def declare(
    id: str,
    severity: Severity,
    about: str,
    find: Callable[[Any, Rule], Iterable[Problem]] | None = None,
    *,
    on_speech: bool = False,
    facts: Mapping[str, object] | None = None,
) -> Rule:
    """Add a rule to `RULES`."""
    if id in RULES:
        raise ValueError(f"check rule '{id}' is declared twice")
    RULES[id] = Rule(id, severity, about, find, on_speech, dict(facts or {}))
    return RULES[id]


def rule(
    id: str,
    severity: Severity,
    about: str,
    *,
    on_speech: bool = False,
    facts: Mapping[str, object] | None = None,
) -> Callable[[F], F]:
    """Declare the rule the decorated function finds: `find(written, rule)`, or
    `find(rendered, rule)` with `on_speech`."""

    def register(find: F) -> F:
        declare(id, severity, about, find, on_speech=on_speech, facts=facts)
        return find

    return register


SCHEMA = declare(
    "schema", "error", N_("what render rejects: YAML, keys, types, kinds, library, templates")
)
DATA = declare(
    DATA_RULE,
    "error",
    N_("a statistics table a figure cannot take its numbers from, or a choice it leaves open"),
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
    """A problem that stops render: under its table's rule when a table caused it."""
    if problem.rule == DATA.id:
        return replace(problem, severity=DATA.severity)
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
        unknown.append(SCHEMA.problem(_unknown_rule(rule_id), where, path))
    return disabled, unknown


def _unknown_rule(rule_id: str) -> str:
    """An unknown rule id in `checks: disable`, with the rule it is closest to."""
    close = difflib.get_close_matches(rule_id, list(RULES), n=1, cutoff=0.6)
    if close:
        return _("unknown check rule '{rule}' (did you mean '{choice}'?)").format(
            rule=rule_id, choice=close[0]
        )
    return _("unknown check rule '{rule}'").format(rule=rule_id)


# --- rules on the outline, in the order they run -------------------------------------------


@rule(KEY_ALIAS_RULE, "info", N_("a Chinese key (讲话人) read as its English one (speaker)"))
def _aliases(written: Written, rule: Rule) -> Iterator[Problem]:
    """One note a file, at the first Chinese key, naming the English key of each one used."""
    loaded = written.loaded
    if not loaded.aliases:
        return
    pairs = listed(dict.fromkeys(f"{alias.typed} → {alias.key}" for alias in loaded.aliases))
    location = loaded.source.locate(loaded.aliases[0].path, prefer_key=True)
    message = _("Chinese keys are read as drafter's keys: {pairs}").format(pairs=pairs)
    yield rule.problem(message, location)


@rule(LIST_ITEM_RULE, "warning", N_("a list line without its '- ', joined to the item above"))
def _loading_warnings(written: Written, rule: Rule) -> Iterator[Problem]:
    """What loading the outline warned of (the list lines it joined)."""
    yield from written.loaded.warnings


@rule(
    PLACEHOLDER_RULE,
    "warning",
    N_("unfilled placeholders: XX, ××, ○○, 201X, TODO, 【待补】, ？？, ___"),
)
def _placeholders(written: Written, rule: Rule) -> Iterator[Problem]:
    """Each placeholder, but those a mark over their line lists already (extract's
    `# 更新：……；待补：XX`, also after a `# 核对` note), which the rule `marked` reports."""
    notes = marked_lines(written.loaded.text)
    noted = {line for line, note in notes.items() if PLACEHOLDER_NOTE in note}
    for text in texts(written.data):
        for problem in placeholders_in(written.locate, text):
            if problem.location is None or problem.location.line not in noted:
                yield problem


@rule(
    "half-width-punctuation",
    "warning",
    N_("half-width , : ; ! ? ( ) or straight quotes in Chinese"),
)
def _half_width(written: Written, rule: Rule) -> Iterator[Problem]:
    """One warning a value, with the count; each mark's place is in the JSON `details`."""
    for text in texts(written.data):
        marks = punctuation.half_width_marks(text.value)
        if not marks:
            continue
        listing = "、".join(dict.fromkeys(f"{m} → {w}" for _index, m, w in marks))
        places = []
        for index, mark, wide in marks:
            before = max(0, index - 4)
            context = text.value[before : index + 5]
            where = written.locate.at(text.path, context, index - before)
            places.append((where, context, index - before, mark, wide))
        context, offset = places[0][1:3]
        message = ngettext(
            "{count} half-width mark in Chinese text ({marks}), first in …{context}…; "
            "render writes it full width",
            "{count} half-width marks in Chinese text ({marks}), first in …{context}…; "
            "render writes them full width",
            len(marks),
        ).format(count=len(marks), marks=listing, context=context)
        problem = written.locate.problem(text.path, rule.id, message, context, offset)
        details = tuple(
            {"line": where.line, "column": where.column, "mark": mark, "replacement": wide}
            for where, _context, _offset, mark, wide in places
        )
        yield replace(problem, details=details)


@rule("empty", "warning", N_("a part with nothing in it, or an item that is only a headline"))
def _empty(written: Written, rule: Rule) -> Iterator[Problem]:
    for p, part in indexed(written.data.get("parts")):
        said = ("items", "intro", "goal", "outro", "opportunities", "challenges", "shortcomings")
        if isinstance(part, dict) and not any(part.get(key) for key in said):
            message = _("this part has nothing in it yet")
            yield written.locate.problem(("parts", p), rule.id, message)
    body = ("text", "facts", "figures", "measures", "use", "items")
    for _where, items in item_lists(written.data):
        for path, item in items:
            headline = item.get("headline")
            if isinstance(headline, str) and not any(item.get(key) for key in body):
                message = _("item '{headline}' is only a headline").format(headline=headline)
                yield written.locate.problem(path, rule.id, message)


@rule("empty-key", "warning", N_("a stock slot left empty (intro:), which keeps the stock text"))
def _empty_keys(written: Written, rule: Rule) -> Iterator[Problem]:
    """`intro:` with nothing after it reads as left out, so the stock sentence stays: a writer
    who typed the key most likely wanted none (which "" or false says)."""
    for path, kind in written.loaded.value_kinds.items():
        if isinstance(kind, Stock) and kind.stock and value_at(path, written.data) is None:
            message = _(
                "'{key}' is empty, so the stock text stays; write \"\" or false for none, or "
                "delete the key"
            ).format(key=path[-1])
            yield written.locate.problem(path, rule.id, message)


def _headlines(items: list[tuple[PathKey, Any]]) -> Iterator[tuple[PathKey, str]]:
    """The path and text of each headline written in a list of items."""
    for path, item in items:
        headline = item.get("headline")
        if isinstance(headline, str) and headline.strip():
            yield (*path, "headline"), headline.strip()


@rule("headline-length", "warning", N_("a headline too long to read as a heading"))
def _headline_length(written: Written, rule: Rule) -> Iterator[Problem]:
    for _where, items in item_lists(written.data):
        for path, headline in _headlines(items):
            if len(headline) > MAX_HEADLINE:
                message = _(
                    "headline has {count} characters; a heading reads best in {most} or fewer"
                ).format(count=len(headline), most=MAX_HEADLINE)
                yield written.locate.problem(path, rule.id, message)


@rule("duplicate-headline", "warning", N_("the same headline twice in one speech"))
def _duplicate_headline(written: Written, rule: Rule) -> Iterator[Problem]:
    seen: dict[str, PathKey] = {}
    for _where, items in item_lists(written.data):
        for path, headline in _headlines(items):
            key = re.sub(r"[\s。！？；，、：]", "", headline)
            if key in seen:
                line = written.locate.at(seen[key]).line
                message = _("headline '{headline}' is already used (line {line})").format(
                    headline=headline, line=line
                )
                yield written.locate.problem(path, rule.id, message)
            else:
                seen[key] = path


@rule("headline-punctuation", "warning", N_("headlines of one part ending differently"))
def _headline_punctuation(written: Written, rule: Rule) -> Iterator[Problem]:
    for _where, items in item_lists(written.data):
        endings: dict[bool, list[PathKey]] = {True: [], False: []}
        for path, headline in _headlines(items):
            endings[headline.endswith(_SENTENCE_END)].append(path)
        if endings[True] and endings[False]:
            odd = min(endings.values(), key=len)
            message = (
                _(
                    "this headline ends with 。 unlike the others in its list "
                    "(drafter adds or drops it anyway; keep the outline consistent)"
                )
                if odd is endings[True]
                else _(
                    "this headline does not end with 。 unlike the others in its list "
                    "(drafter adds or drops it anyway; keep the outline consistent)"
                )
            )
            for path in odd:
                yield written.locate.problem(path, rule.id, message)


@rule("figure-conflict", "warning", N_("the same figure label twice with different values"))
def _figures(written: Written, rule: Rule) -> Iterator[Problem]:
    locate = written.locate
    seen: dict[str, tuple[Any, Any, PathKey]] = {}
    for _where, items in item_lists(written.data):
        for path, item in items:
            for f, figure in indexed(item.get("figures")):
                if not isinstance(figure, dict) or "value" not in figure:
                    continue
                label = str(figure.get("label", "")).strip()
                figure_path = (*path, "figures", f)
                value = _typed_number(figure["value"], figure.get("unit"))
                if label in seen and seen[label][0] != value:
                    first_value, first_path = seen[label][1:]
                    message = _("'{label}' is {value} here but {first} at line {line}").format(
                        label=label,
                        value=figure["value"],
                        first=first_value,
                        line=locate.at(first_path).line,
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


@rule("figure-source", "warning", N_("a figure typed differently from the table it is from"))
def _figure_sources(written: Written, rule: Rule) -> Iterator[Problem]:
    """Numbers typed over a figure's table (`from:`) that are not the table's, nor its rounding."""
    for path, found in written.loaded.figure_sources.items():
        for key, typed, table, cell in found.differences():
            where = Location(found.file, cell=cell.ref)
            message = _(
                "'{label}' {key} is {typed} here but {table} in {where}; the draft says {typed}"
            ).format(
                label=found.row.label, key=key, typed=shown(typed), table=shown(table), where=where
            )
            yield written.locate.problem((*path, key), rule.id, message)


@rule(
    "count-mismatch",
    "warning",
    N_("a count the outline states (讲三个方面, 突出两个重点, 以下三个特点) unlike what follows"),
)
def _counts(written: Written, rule: Rule) -> Iterator[Problem]:
    """Counts the writer typed, against what follows them: in the opening (its text and its
    announce) against the parts; in a part's title, intro, goal and announce against its items,
    in its shortcomings_intro (opportunities_intro, challenges_intro) against that list; in an
    item's headline and text against its own items (or its measures)."""
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
    for p, part in enumerate(parts):
        for listed_key in _LEAD_INS:  # 还存在三个方面的问题 over two shortcomings
            below = part.get(listed_key) if isinstance(part, dict) else None
            if isinstance(below, list):
                path = ("parts", p, f"{listed_key}_intro")
                yield from _count_in(locate, rule, path, part.get(path[-1]), len(below), listed_key)
    for _where, items in item_lists(data):
        for path, item in items:
            below = item.get("items") or item.get("measures")
            if isinstance(below, list):
                for key in ("headline", "text"):
                    yield from _count_in(
                        locate, rule, (*path, key), item.get(key), len(below), "items"
                    )


# a part's lists of elements with the intro that leads into each (shortcomings_intro)
_LEAD_INS = ("shortcomings", "opportunities", "challenges")


def _count_in(
    locate: ValueLocator, rule: Rule, path: PathKey, text: Any, actual: int, what: str
) -> Iterator[Problem]:
    """One problem per count in `text` that is not `actual` (nothing to count: none)."""
    if not isinstance(text, str) or actual < 1:
        return
    for words, said in stated_counts(text):
        if said is not None and said != actual:
            message = _count_message(what, actual).format(
                words=words, said=said, actual=actual, key=what
            )
            yield locate.problem(path, rule.id, message, words)


def _count_message(what: str, actual: int) -> str:
    """The count-mismatch message for `actual` parts or items."""
    if what == "parts":
        return ngettext(
            "'{words}' says {said} but there is {actual} part; "
            "leave the count out and drafter writes the right one",
            "'{words}' says {said} but there are {actual} parts; "
            "leave the count out and drafter writes the right one",
            actual,
        )
    if what in _LEAD_INS:
        return ngettext(
            "'{words}' says {said} but {key} lists {actual}; make the count agree or leave it out",
            "'{words}' says {said} but {key} lists {actual}; make the count agree or leave it out",
            actual,
        )
    return ngettext(
        "'{words}' says {said} but there is {actual} item; "
        "leave the count out and drafter writes the right one",
        "'{words}' says {said} but there are {actual} items; "
        "leave the count out and drafter writes the right one",
        actual,
    )


_PARAGRAPH_KEYS = ("text", "intro", "outro", "goal")


@rule("sentence-end", "warning", N_("a paragraph without final punctuation (render adds 。)"))
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
            message = _(
                "this paragraph ends without 。！？ (…{end}); render adds 。 — "
                "check the sentence is complete"
            ).format(end=line[-8:])
            yield written.locate.problem(text.path, rule.id, message, line[-8:], len(line[-8:]))


@rule(
    "count-sentence",
    "warning",
    N_("an announce sentence left out (one element), or an intro leading into none"),
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
        message = _(
            "there is one part, so nothing to count: render leaves this sentence out "
            "(template {template})"
        ).format(template=template_name(outline.kind, "opening"))
        yield locate.problem(("opening", "announce"), rule.id, message)
    for p, part in indexed(parts):
        if not isinstance(part, dict):
            continue
        items = part.get("items") if isinstance(part.get("items"), list) else []
        announce = part.get("announce")
        template = template_name(outline.kind, outline.parts[p].type)
        if isinstance(announce, str) and len(items) == 1:
            message = _(
                "there is one item, so nothing to count: render leaves this sentence out "
                "(template {template})"
            ).format(template=template)
            yield locate.problem(("parts", p, "announce"), rule.id, message)
        intro = part.get("intro")
        if announce is False and isinstance(intro, str) and intro.rstrip().endswith(("，", ",")):
            message = _(
                "this intro ends with ， to lead into a count sentence, but announce is false: "
                "end it with 。 or let drafter count (template {template})"
            ).format(template=template)
            yield locate.problem(("parts", p, "intro"), rule.id, message)


@rule(
    "date-fit",
    "warning",
    N_("a greeting or closing that does not fit the speech's date (新年的钟声 on 6 January)"),
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
        message = _(
            "'{entry}' ({said}……) does not fit the speech's date, {date}: it is for {seasons}; "
            "{advice}"
        ).format(
            entry=ref.entry_id,
            said=said,
            date=on,
            seasons=seasons.described(found.entry.when),
            advice=_fitting(library, found.entry.category, fits),
        )
        yield written.locate.problem(ref.path, rule.id, message)
    closing = written.data.get("closing")
    said_in = []  # the writer's own words of the closing: a greeting, and the closing's text
    if isinstance(outline.closing.greeting, Said):
        said_in.append((("closing", "greeting", "text"), outline.closing.greeting.text))
    if isinstance(closing, str):
        said_in.append((("closing",), closing))
    elif isinstance(closing, dict) and isinstance(closing.get("text"), str):
        said_in.append((("closing", "text"), closing["text"]))
    for path, text in said_in:
        for found in _SEASON_WORD().finditer(text):
            word = found.group()
            missed = seasons.WORDS[word]
            if any(fits([season]) is not False for season in missed):
                continue
            message = _(
                "the greeting speaks of {word}, which does not fit the speech's date, {date} "
                "({season}: {seasons}); {advice}"
            ).format(
                word=word,
                date=on,
                season="、".join(missed),
                seasons=seasons.described(list(missed)),
                advice=_fitting(library, "greeting", fits),
            )
            yield written.locate.problem(path, rule.id, message, word)
            break


# A season's word in the writer's closing (新年的钟声, 春节将至, 辞旧迎新), not inside another
# word nor said of the time after it (新年度 is a working year; 新年伊始 follows the day).
_SEASON_WORD = text_pattern(f"(?:{'|'.join(seasons.WORDS)})(?!度|伊始|以来)")


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
        return ngettext("{entries} fits that date", "{entries} fit that date", len(fitting)).format(
            entries=listed(fitting)
        )
    return _(
        "none of the {category} in the library fits that date: leave it out, or say it in your "
        "own words"
    ).format(category=category_name(category))


_MARK_MESSAGES = {
    "更新": N_("to update for this speech (# 更新{note}); rewrite it, then delete the comment"),
    "核对": N_(
        "to check (# 核对{note}): drafter extract was not sure; check, then delete the comment"
    ),
}


@rule("marked", "warning", N_("a # 更新 or # 核对 comment left by drafter next or extract"))
def _marks(written: Written, rule: Rule) -> Iterator[Problem]:
    """The to-do comments `drafter next` and `extract` write, until the writer deletes them."""
    loaded = written.loaded
    for mark in marks(loaded.text):
        note = f"：{mark.note}" if mark.note else ""
        message = _(_MARK_MESSAGES[mark.word]).format(note=note)
        yield rule.problem(message, Location(loaded.source.file, mark.line, mark.column))


# --- rules on figures taken from statistics tables ------------------------------------------


@rule(
    TABLE_CELLS_RULE, "info", N_("the cells of its statistics table a figure's numbers come from")
)
def _table_cells(written: Written, rule: Rule) -> Iterator[Problem]:
    """'教育经费总投入' from 统计.xlsx:主要指标 row 6: value D6 864,321 (绝对数/2025年); …"""
    for path, found in written.loaded.figure_sources.items():
        table, row = found.table, found.row
        used = []
        for key in NUMBER_ROLES:
            cell = found.cell(key)
            if key in found.taken and cell is not None:
                where = cell.ref.rsplit("!", 1)[-1]
                named = {"key": key, "cell": where, "text": cell.text}
                named["header"] = table.columns[key].header
                if cell.shown != cell.number and not found.as_stored:
                    said = _("{key} {cell} {text} ({header}; stored as {stored}, read as shown)")
                    used.append(said.format(stored=shown(cast(float, cell.number)), **named))
                else:
                    used.append(_("{key} {cell} {text} ({header})").format(**named))
        if "unit" in found.taken:
            used.append(_("unit {unit} ({source})").format(unit=row.unit, source=row.unit_from))
        if used:
            message = _("'{label}' from {table} row {row}: {cells}").format(
                label=row.label, table=table.name, row=row.number, cells=clauses(used)
            )
            yield written.locate.problem(path, rule.id, message)


@rule("table-hidden", "warning", N_("a figure's number read from a hidden row, column or sheet"))
def _table_hidden(written: Written, rule: Rule) -> Iterator[Problem]:
    for path, found in written.loaded.figure_sources.items():
        table, row = found.table, found.row
        hidden = [_("sheet {sheet}").format(sheet=table.sheet)] if table.sheet_hidden else []
        hidden += [_("row {row}").format(row=row.number)] if row.hidden else []
        for key in NUMBER_ROLES:
            column = table.columns.get(key)
            if key in found.taken and column is not None and column.hidden:
                hidden.append(
                    _("column {column} ({header})").format(
                        column=column.letter, header=column.header
                    )
                )
        if hidden:
            message = _(
                "'{label}' is read from the hidden {places} of {table}, which Excel does not "
                "show; check it is the figure the speech should quote"
            ).format(label=row.label, places=listed(hidden), table=table.name)
            yield written.locate.problem(path, rule.id, message)


@rule(
    "table-column",
    "warning",
    N_(
        "a figure's value from a column that may not be the one meant: a later year's column "
        "is hidden, or the value covers part of a year in a speech that reviews a year"
    ),
)
def _table_columns(written: Written, rule: Rule) -> Iterator[Problem]:
    year_review = written.data.get("kind") in YEAR_REVIEWS
    for path, found in written.loaded.figure_sources.items():
        table, row = found.table, found.row
        cell = found.cell("value")
        if "value" not in found.taken or cell is None:
            continue
        value = table.columns["value"]
        named = {"label": row.label, "cell": cell.ref, "header": value.header}
        if later := later_hidden(table.header):
            message = _(
                "'{label}' is read from {cell} ({header}), but the hidden column {later} "
                "({later_header}) holds a later year; name the column the speech should "
                "quote: value: {later_header}"
            ).format(later=later.letter, later_header=later.header, **named)
            yield written.locate.problem(path, rule.id, message)
        if year_review and table.part_of_year:
            message = _(
                "'{label}' is read from {cell} ({part}), which covers part of the year, in a "
                "speech that reviews the whole year; check it is the figure to quote, or say "
                "the period in the label"
            ).format(part=table.part_of_year, **named)
            yield written.locate.problem(path, rule.id, message)


@rule("table-formula", "warning", N_("a formula without a saved result in a figure's row"))
def _table_formulas(written: Written, rule: Rule) -> Iterator[Problem]:
    """A formula Excel never calculated, where the outline types the number over it (where it
    does not, the figure cannot be made: an error when the outline is loaded)."""
    for path, found in written.loaded.figure_sources.items():
        for key in NUMBER_ROLES:
            cell = found.cell(key)
            if cell is not None and cell.formula and key in found.typed:
                message = _(
                    "the table's {key} of '{label}' ({cell}) is the formula {formula} with no "
                    "saved result, so the outline's number cannot be compared with it; open the "
                    "file in Excel or WPS and save it"
                ).format(key=key, label=found.row.label, cell=cell.ref, formula=cell.text)
                yield written.locate.problem((*path, key), rule.id, message)


@rule("table-unit", "warning", N_("a figure's unit that is not its table's (or no unit at all)"))
def _table_units(written: Written, rule: Rule) -> Iterator[Problem]:
    for path, found in written.loaded.figure_sources.items():
        row, unit = found.row, found.unit
        if not any(key in found.taken for key in NUMBER_ROLES) or (unit and row.unit == unit):
            continue
        named = {"table": found.table.name, "label": row.label, "row": row.number, "unit": unit}
        if not unit:
            message = _("neither {table} (row {row}) nor the outline gives '{label}' a unit")
        elif not row.unit:
            message = _(
                "{table} gives no unit for '{label}' (row {row}): its numbers are taken as "
                "{unit}; check the table's unit"
            )
        else:
            named |= {"table_unit": row.unit, "source": row.unit_from}
            factor = unit_factor(row.unit, unit)
            cell = found.cell("value")
            message = _("{table} gives '{label}' in {table_unit} ({source}), the outline in {unit}")
            if factor is not None and cell is not None and cell.number is not None:
                named |= {"text": cell.text, "number": shown(scaled(cell.number, factor))}
                message = _(
                    "{table} gives '{label}' in {table_unit} ({source}), the outline in {unit}: "
                    "{text}{table_unit} is read as {number}{unit}"
                )
        at = (*path, "unit") if "unit" in found.typed else path
        yield written.locate.problem(at, rule.id, message.format_map(named))


# --- rules on the rendered speech ----------------------------------------------------------


@rule(
    "repeated-phrase",
    "warning",
    N_(
        "a phrase of {length}+ characters said twice (or of {close}+ within {window} "
        "characters) where stock text is involved, or a lead-in said twice in a row (为此，为此，)"
    ),
    on_speech=True,
    facts={"length": PHRASE_LENGTH, "close": CLOSE_LENGTH, "window": CLOSE_WINDOW},
)
def _repeated(rendered: Rendered, rule: Rule) -> Iterator[Problem]:
    """Stock phrases said twice (`analysis.repetition`)."""
    return repeated_phrases(rendered.loaded, rendered.document, rule.severity)


# A label (一要, 二是) followed by a word that begins with the label's own word: render keeps
# the word whole (一要要素保障到位), and neither reading is one a speech would say.
_LABEL_WORD = re.compile(
    f"(?:^|(?<=[，；：。！？]))([一二三四五六七八九十]+([要是]))(?=({'|'.join(LABEL_WORD_COMPOUNDS)}))"
)


@rule(
    "label-word",
    "warning",
    N_("a headline that begins with its label's word (一要 + 要素保障到位 → 一要要素保障到位)"),
    on_speech=True,
)
def _label_words(rendered: Rendered, rule: Rule) -> Iterator[Problem]:
    """Each numbered headline or 一是 clause whose first word begins with the label's 要 or 是,
    at the headline's line in the outline."""
    document, file = rendered.document, rendered.loaded.source.file
    for index, text in enumerate(document.lines()):
        for match in _LABEL_WORD.finditer(text):
            if match.group(3)[0] != match.group(2):
                continue
            source = document.source_at(index, match.end())
            clause = re.match("[^，；：。！？]{0,12}", text[match.end() :])
            said = text[match.start(1) : match.end()] + (clause.group() if clause else "")
            message = _(
                "after its label this reads “{said}”: {word} begins with the label's {char}; "
                "reword it so that it does not begin with {word}"
            ).format(said=said, word=match.group(3), char=match.group(2))
            where = Location(file, source.line, source.column) if source and source.line else None
            yield rule.problem(message, where, source.path if source else "")


@rule(
    "speaking-time",
    "warning",
    N_("speaking time above target_minutes, or far below it"),
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
    said = {
        "minutes": f"{spoken:.0f}",
        "characters": characters,
        "rate": f"{rate:g}",
        "target": f"{target:g}",
    }
    if spoken > target * TIME_SLACK:
        message = _(
            "the speech runs about {minutes} minutes ({characters} 字 at {rate} 字/分钟), "
            "over the {target}-minute target"
        )
        yield rule.problem(message.format_map(said), where, "target_minutes")
    elif spoken < target * FAR_BELOW:
        message = _(
            "the speech runs about {minutes} minutes ({characters} 字 at {rate} 字/分钟), "
            "far below the {target}-minute target"
        )
        yield rule.problem(message.format_map(said), where, "target_minutes")


def exit_code(problems: list[Problem], *, strict: bool = False) -> int:
    """2 with any error; with --strict, 1 with any warning; else 0 (notes never count)."""
    if any(p.severity == "error" for p in problems):
        return 2
    return 1 if strict and any(p.severity == "warning" for p in problems) else 0


def summary(problems: list[Problem], files: int) -> str:
    """The last line of `check`: 0 errors, 1 warning, 2 notes in 3 outlines."""
    if not problems:
        return ngettext(
            "no problems in {files} outline", "no problems in {files} outlines", files
        ).format(files=files)
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    notes = len(problems) - errors - warnings
    counted = [
        ngettext("{count} error", "{count} errors", errors).format(count=errors),
        ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
    ]
    if notes:
        counted.append(ngettext("{count} note", "{count} notes", notes).format(count=notes))
    return ngettext(
        "{problems} in {files} outline", "{problems} in {files} outlines", files
    ).format(problems=listed(counted), files=files)
