"""`drafter check`: every problem of a draft, found before a reviewer does.

Rules run on the outline as written (so each problem is located at its file:line:col) and on the
rendered speech (spoken counts, speaking time). Each rule has a stable id; an outline or office
turns rules off with `checks: {disable: [rule-id]}`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from drafter.analysis.repetition import PHRASE_LENGTH, repeated_phrases
from drafter.analysis.stats import of_document
from drafter.chinese import numerals, punctuation
from drafter.chinese.text import SEMICOLON, SENTENCE_END, SPOKEN_COUNT
from drafter.document import Document
from drafter.errors import DrafterError, Location, Problem, Severity, did_you_mean
from drafter.outline.data import shown
from drafter.outline.load import LoadedOutline
from drafter.outline.marks import marks
from drafter.outline.units import number_and_unit
from drafter.outline.values import (
    PLACEHOLDER_RULE,
    Text,
    ValueLocator,
    indexed,
    item_lists,
    placeholders_in,
    texts,
)
from drafter.pipeline import Renderer, Session
from drafter.render.filters import ends_sentence
from drafter.schema.source import LIST_ITEM_RULE, PathKey, format_path

KEY_ALIAS_RULE = "chinese-key"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    description: str


RULES = {
    rule.id: rule
    for rule in (
        Rule(
            "schema", "error", "what render rejects: YAML, keys, types, kinds, library, templates"
        ),
        Rule(
            PLACEHOLDER_RULE,
            "warning",
            "unfilled placeholders: XX, ××, ○○, 201X, TODO, 【待补】, ？？, ___",
        ),
        Rule("empty", "warning", "a part with nothing in it, or an item that is only a headline"),
        Rule("duplicate-headline", "warning", "the same headline twice in one speech"),
        Rule("headline-length", "warning", "a headline too long to read as a heading"),
        Rule("headline-punctuation", "warning", "headlines of one part ending differently"),
        Rule(
            "half-width-punctuation",
            "warning",
            "half-width , : ; ! ? ( ) or straight quotes in Chinese",
        ),
        Rule("figure-conflict", "warning", "the same figure label twice with different values"),
        Rule("figure-source", "warning", "a figure typed differently from the table it is from"),
        Rule(
            "count-mismatch", "error", "a spoken count (讲三个方面) that differs from what follows"
        ),
        Rule("speaking-time", "warning", "speaking time above target_minutes, or far below it"),
        Rule("sentence-end", "warning", "a paragraph without final punctuation (render adds 。)"),
        Rule(
            "count-sentence",
            "warning",
            "an announce sentence left out (one element), or an intro leading into none",
        ),
        Rule(
            "repeated-phrase",
            "warning",
            f"a phrase of {PHRASE_LENGTH}+ characters said twice where stock text is involved",
        ),
        Rule("marked", "warning", "a # 更新 or # 核对 comment left by drafter next or extract"),
        Rule(LIST_ITEM_RULE, "warning", "a list line without its '- ', joined to the item above"),
        Rule(KEY_ALIAS_RULE, "info", "a Chinese key (讲话人) read as its English one (speaker)"),
    )
}
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
    problems = list(outline_problems(loaded))
    document = None
    try:
        document = renderer.document(loaded)
    except DrafterError as err:
        problems += [_as_schema(problem) for problem in err.as_problems()]
    else:
        speed = rate or renderer.settings.words_per_minute
        problems += document_problems(loaded, document, speed)
    disabled, unknown = _disabled(loaded, renderer)
    kept = [p for p in problems if p.rule not in disabled] + unknown
    return Inspection(sorted(kept, key=Problem.sort_key), loaded, document)


def _as_schema(problem: Problem) -> Problem:
    return replace(problem, rule="schema", severity="error")


def _disabled(loaded: LoadedOutline, renderer: Renderer) -> tuple[set[str], list[Problem]]:
    disabled, unknown = set(), []
    sources = [(s.value, s.origin, "checks.disable") for s in renderer.settings.disabled_checks]
    for index, rule in enumerate(loaded.outline.checks.disable):
        where = loaded.source.locate(("checks", "disable", index))
        sources.append((rule, where, format_path(("checks", "disable", index))))
    for rule, where, path in sources:
        if rule in RULES:
            disabled.add(rule)
            continue
        message = f"unknown check rule '{rule}'{did_you_mean(rule, RULES)}"
        unknown.append(Problem(message, where, path, "error", "schema"))
    return disabled, unknown


def outline_problems(loaded: LoadedOutline) -> Iterator[Problem]:
    """Rules on the outline as written."""
    locate = ValueLocator(loaded, {rule.id: rule.severity for rule in RULES.values()})
    data = loaded.data or {}
    yield from _aliases(loaded)
    yield from loaded.warnings
    for text in texts(data):
        yield from placeholders_in(locate, text)
        yield from _half_width(locate, text)
    yield from _structure(locate, data)
    yield from _figures(locate, data)
    yield from _figure_sources(locate, loaded)
    yield from _counts(locate, data)
    if loaded.outline.kind != "generic":  # it prints text exactly as written: nothing to say
        yield from _sentence_ends(locate, data)
    yield from _count_sentences(locate, data)
    yield from _marks(loaded)


_MARK_MESSAGES = {
    "更新": "to update for this speech (# 更新{note}); rewrite it, then delete the comment",
    "核对": "to check (# 核对{note}): drafter extract was not sure; check, then delete the comment",
}


def _marks(loaded: LoadedOutline) -> Iterator[Problem]:
    """The to-do comments `drafter next` and `extract` write, until the writer deletes them."""
    for mark in marks(loaded.text):
        note = f"：{mark.note}" if mark.note else ""
        message = _MARK_MESSAGES[mark.word].format(note=note)
        where = Location(loaded.source.file, mark.line, mark.column)
        yield Problem(message, where, "", RULES["marked"].severity, "marked")


def _aliases(loaded: LoadedOutline) -> Iterator[Problem]:
    """One note a file, at the first Chinese key, naming the English key of each one used."""
    if not loaded.aliases:
        return
    pairs = dict.fromkeys(f"{alias.typed} → {alias.key}" for alias in loaded.aliases)
    location = loaded.source.locate(loaded.aliases[0].path, prefer_key=True)
    message = f"Chinese keys are read as drafter's keys: {', '.join(pairs)}"
    yield Problem(message, location, severity="info", rule=KEY_ALIAS_RULE)


def _half_width(locate: ValueLocator, text: Text) -> Iterator[Problem]:
    """One warning a value, with the count; each mark's place is in the JSON `details`."""
    marks = punctuation.half_width_marks(text.value)
    if not marks:
        return
    listing = "、".join(dict.fromkeys(f"{m} → {w}" for _, m, w in marks))
    places = []
    for index, mark, wide in marks:
        before = max(0, index - 4)
        context = text.value[before : index + 5]
        where = locate.at(text.path, context, index - before)
        places.append((where, context, index - before, mark, wide))
    _, context, offset, _, _ = places[0]
    message = (
        f"{len(marks)} half-width mark{'s' if len(marks) > 1 else ''} in Chinese text "
        f"({listing}), first in …{context}…; render writes them full width"
    )
    problem = locate.problem(text.path, "half-width-punctuation", message, context, offset)
    details = tuple(
        {"line": where.line, "column": where.column, "mark": mark, "replacement": wide}
        for where, _, _, mark, wide in places
    )
    yield replace(problem, details=details)


def _structure(locate: ValueLocator, data: dict[str, Any]) -> Iterator[Problem]:
    for p, part in indexed(data.get("parts")):
        said = ("items", "intro", "goal", "outro", "opportunities", "challenges", "shortcomings")
        if isinstance(part, dict) and not any(part.get(key) for key in said):
            yield locate.problem(("parts", p), "empty", "this part has nothing in it yet")
    seen: dict[str, PathKey] = {}
    for _, items in item_lists(data):
        endings: dict[bool, list[PathKey]] = {True: [], False: []}
        for path, item in items:
            headline = item.get("headline")
            body = ("text", "facts", "figures", "measures", "use", "items")
            if isinstance(headline, str) and not any(item.get(key) for key in body):
                yield locate.problem(path, "empty", f"item '{headline}' is only a headline")
            if not isinstance(headline, str) or not headline.strip():
                continue
            headline = headline.strip()
            hpath = (*path, "headline")
            if len(headline) > MAX_HEADLINE:
                message = (
                    f"headline has {len(headline)} characters; a heading reads best in "
                    f"{MAX_HEADLINE} or fewer"
                )
                yield locate.problem(hpath, "headline-length", message)
            key = re.sub(r"[\s。！？；，、：]", "", headline)
            if key in seen:
                line = locate.at(seen[key]).line
                message = f"headline '{headline}' is already used (line {line})"
                yield locate.problem(hpath, "duplicate-headline", message)
            else:
                seen[key] = hpath
            endings[headline.endswith(_SENTENCE_END)].append(hpath)
        if endings[True] and endings[False]:
            odd = min(endings.values(), key=len)
            style = "ends" if odd is endings[True] else "does not end"
            for hpath in odd:
                message = (
                    f"this headline {style} with 。 unlike the others in its list "
                    "(drafter adds or drops it anyway; keep the outline consistent)"
                )
                yield locate.problem(hpath, "headline-punctuation", message)


def _figures(locate: ValueLocator, data: dict[str, Any]) -> Iterator[Problem]:
    seen: dict[str, tuple[Any, Any, PathKey]] = {}
    for _, items in item_lists(data):
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
                    yield locate.problem((*figure_path, "value"), "figure-conflict", message)
                seen.setdefault(label, (value, figure["value"], figure_path))


def _typed_number(value: Any, unit: Any) -> Any:
    """A figure's value as compared: 86.4亿元 and 86.4 with unit 亿元 are the same."""
    found = number_and_unit(value) if isinstance(value, str) else None
    if found is None:
        return (value, unit or "")
    number, typed_unit = found
    return (number, typed_unit or unit or "")


def _figure_sources(locate: ValueLocator, loaded: LoadedOutline) -> Iterator[Problem]:
    """Numbers typed over a figure's table (`from:`) that are not the table's, nor its rounding."""
    for path, found in loaded.figure_sources.items():
        for key, typed, table, cell in found.differences():
            where = Location(found.file, cell=cell.ref)
            message = (
                f"'{found.row.label}' {key} is {shown(typed)} here but {shown(table)} in {where}; "
                f"the draft says {shown(typed)}"
            )
            yield locate.problem((*path, key), "figure-source", message)


def _counts(locate: ValueLocator, data: dict[str, Any]) -> Iterator[Problem]:
    """Counts the writer typed: 讲三个方面 in the opening, 提三点要求 before a part's items,
    重点抓好三项工作 in an item's text before its own items (or its measures)."""
    parts = data.get("parts") if isinstance(data.get("parts"), list) else []
    opening = data.get("opening")
    text = opening if isinstance(opening, str) else (opening or {}).get("text")
    path: PathKey = ("opening",) if isinstance(opening, str) else ("opening", "text")
    yield from _count_in(locate, path, text, len(parts), "parts")
    for p, part in enumerate(parts):
        if not isinstance(part, dict) or not isinstance(part.get("items"), list):
            continue
        for key in ("intro", "goal"):
            yield from _count_in(
                locate, ("parts", p, key), part.get(key), len(part["items"]), "items"
            )
    for _, items in item_lists(data):
        for path, item in items:
            listed = item.get("items") or item.get("measures")
            if isinstance(listed, list) and listed:
                yield from _count_in(
                    locate, (*path, "text"), item.get("text"), len(listed), "items"
                )


def _count_in(
    locate: ValueLocator, path: PathKey, text: Any, actual: int, what: str
) -> Iterator[Problem]:
    if not isinstance(text, str):
        return
    for match in SPOKEN_COUNT.finditer(text):
        said = numerals.value(match.group(1), spoken=True)
        if said is not None and said != actual:
            noun = what if actual != 1 else what.rstrip("s")
            message = (
                f"'{match.group(0)}' says {said} but there {'is' if actual == 1 else 'are'} "
                f"{actual} {noun}; leave the count out and drafter writes the right one"
            )
            yield locate.problem(path, "count-mismatch", message, match.group(0))


def _count_sentences(locate: ValueLocator, data: dict[str, Any]) -> Iterator[Problem]:
    """Count sentences render must leave out: a writer's `announce` with {n} where there is
    one part or item (nothing to count), and an intro that leads into a count (ends with ，)
    while `announce: false` says there is none."""
    parts = data.get("parts") if isinstance(data.get("parts"), list) else []
    opening = data.get("opening")
    if isinstance(opening, dict) and isinstance(opening.get("announce"), str) and len(parts) == 1:
        message = "there is one part, so nothing to count: render leaves this sentence out"
        yield locate.problem(("opening", "announce"), "count-sentence", message)
    for p, part in indexed(parts):
        if not isinstance(part, dict):
            continue
        items = part.get("items") if isinstance(part.get("items"), list) else []
        announce = part.get("announce")
        if isinstance(announce, str) and len(items) == 1:
            message = "there is one item, so nothing to count: render leaves this sentence out"
            yield locate.problem(("parts", p, "announce"), "count-sentence", message)
        intro = part.get("intro")
        if announce is False and isinstance(intro, str) and intro.rstrip().endswith(("，", ",")):
            message = (
                "this intro ends with ， to lead into a count sentence, but announce is false: "
                "end it with 。 or let drafter count"
            )
            yield locate.problem(("parts", p, "intro"), "count-sentence", message)


_PARAGRAPH_KEYS = ("text", "intro", "outro", "goal")


def _sentence_ends(locate: ValueLocator, data: dict[str, Any]) -> Iterator[Problem]:
    """Paragraphs of the writer's text that do not end with their punctuation: render adds 。"""
    for text in texts(data):
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
            yield locate.problem(text.path, "sentence-end", message, line[-8:], len(line[-8:]))


def document_problems(loaded: LoadedOutline, document: Document, rate: float) -> Iterator[Problem]:
    """Rules on the rendered speech: stock phrases said twice, its length against the time."""
    yield from repeated_phrases(loaded, document, RULES["repeated-phrase"].severity)
    yield from _speaking_time(loaded, document, rate)


def _speaking_time(loaded: LoadedOutline, document: Document, rate: float) -> Iterator[Problem]:
    target = loaded.outline.target_minutes
    if not target:
        return
    figures = of_document(document, rate)  # what `drafter stats` says: the title block unspoken
    characters, spoken = figures.characters, figures.minutes()
    where = loaded.source.locate(("target_minutes",))
    path = "target_minutes"
    if spoken > target * TIME_SLACK:
        message = (
            f"the speech runs about {spoken:.0f} minutes ({characters} 字 at {rate:g} 字/分钟), "
            f"over the {target:g}-minute target"
        )
        yield Problem(message, where, path, "warning", "speaking-time")
    elif spoken < target * FAR_BELOW:
        message = (
            f"the speech runs about {spoken:.0f} minutes ({characters} 字 at {rate:g} 字/分钟), "
            f"far below the {target:g}-minute target"
        )
        yield Problem(message, where, path, "warning", "speaking-time")


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
