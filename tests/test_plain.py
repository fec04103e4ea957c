"""The plain reader (outline/plain.py) reads what pydantic reads, the same way, or leaves it to
pydantic: for every outline, library entry, style profile and settings file, the records are the
ones pydantic's validation gives, value for value and type for type."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from drafter.outline import model, plain
from drafter.outline.config import ConfigFile, config_model
from drafter.outline.library import Entry, Param, models
from drafter.outline.names import KEY_ALIASES
from drafter.outline.source import load_yaml
from drafter.outline.units import Written
from drafter.outline.validation import english_keys
from drafter.writers import styles

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
TEMPLATES = ROOT / "templates"


def shape(value: Any) -> Any:
    """A value with every type spelled out (Written and float, int and float differ)."""
    if isinstance(value, plain.Record):
        return (type(value).__name__, tuple((n, shape(getattr(value, n))) for n in value.fields))
    if isinstance(value, list):
        return ("list", tuple(shape(item) for item in value))
    if isinstance(value, dict):
        return ("dict", tuple((key, shape(item)) for key, item in value.items()))
    if isinstance(value, float) and math.isnan(value):
        return (type(value).__name__, "nan")
    return (type(value).__name__, value, getattr(value, "written", None))


def agree(record: type[plain.Record], pydantic_model: type[BaseModel], data: Any) -> bool:
    """Read `data` both ways: the plain reader is unsure, or both give the same records."""
    try:
        ours = plain.read(record, data)
    except plain.Unsure:
        return True
    theirs = plain.from_model(pydantic_model.model_validate(data))  # raises if it refuses
    assert shape(ours) == shape(theirs)
    assert ours == theirs
    return False


def pairs() -> list[tuple[type[plain.Record], type[BaseModel]]]:
    entry, param = models()
    profile = styles.models()
    nested = {
        name: getattr(model, name)
        for name in plain._RECORDS
        if isinstance(getattr(model, name, None), type)
    }
    found = [(plain._RECORDS[name], pydantic) for name, pydantic in nested.items()]
    found += [(Entry, entry), (Param, param), (ConfigFile, config_model())]
    profile_models = {"Profile": profile} | {
        name: profile.model_fields[field].annotation
        for name, field in (("PageSpec", "page"), ("StyleSpec", "normal"))
    }
    profile_models["PageNumberSpec"] = profile.model_fields["page_number"].annotation
    found += [(getattr(styles, name), found_model) for name, found_model in profile_models.items()]
    return found


@pytest.mark.parametrize("record, pydantic_model", pairs(), ids=lambda p: p.__name__)
def test_records_have_the_models_fields_keys_and_defaults(record, pydantic_model):
    assert list(record.fields) == list(pydantic_model.model_fields)
    for name, field in pydantic_model.model_fields.items():
        ours = record.fields[name]
        assert (ours.key or name) == (field.alias or name), name
        assert ours.required == field.is_required(), name
        if not field.is_required():
            default = field.get_default(call_default_factory=True)
            assert shape(ours.value()) == shape(plain.from_model(default)), name


def test_every_outline_record_has_its_model():
    outline_records = {
        name for name, record in plain._RECORDS.items() if record.__module__ == plain.__name__
    }
    assert outline_records == {
        name
        for name, value in vars(model).items()
        if isinstance(value, type) and issubclass(value, model.Strict) and value is not model.Strict
    }


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_examples_are_read_without_pydantic_and_as_pydantic_reads_them(path):
    data = load_yaml(path.read_text(encoding="utf-8"), path.name).data
    assert not agree(plain.Outline, model.Outline, data)  # read by the plain reader


def test_the_library_and_the_profiles_are_read_as_pydantic_reads_them():
    entries = sorted((TEMPLATES / "library").rglob("*.yaml"))
    assert entries
    for path in entries:
        data = load_yaml(path.read_text(encoding="utf-8"), path.name).data
        assert not agree(Entry, models()[0], data), path
    folders = styles.profile_dirs([], TEMPLATES)
    for name in styles.available_profiles(folders):
        data, _ = styles._merged(name, styles.available_profiles(folders), [])
        assert not agree(styles.Profile, styles.models(), data), name


def test_records_are_read_only_values_with_defaults():
    item = plain.OutlineItem(headline="一是")
    assert item.items == [] and item.run_in is None
    with pytest.raises(AttributeError):
        item.headline = "二是"  # type: ignore[misc]
    copy = item.model_copy(update={"text": "正文"})
    assert (copy.headline, copy.text, item.text) == ("一是", "正文", "")
    assert copy != item and copy == plain.OutlineItem(headline="一是", text="正文")
    with pytest.raises(TypeError):
        plain.OutlineItem(heading="x")
    with pytest.raises(TypeError):
        plain.Ref()  # `use` is required


# --- generated outlines --------------------------------------------------------------------

TEXTS = [
    "2026年全市教育工作会议",
    "  有空格  ",
    "两行\n文字",
    "",
    "   ",
    "\x1c控制符",
    "XX",
    "86.4亿元",
    "7940万元",
    "8.7%",
    "1e5",
    "约86",
    "下面，我讲{n}个方面。",
    "工作回顾",
    "review",
    "tasks",
    "topic",
    "（一）",
    "paren",
    "growth",
    "由…到…",
    "万",
    "自动",
    "cn",
    "讲话",
    "items",
    "2026.1.16",
    "2026年13月1日",
    "2026-02-30",
    "greeting-spring-festival",
    "true",
    "yes",
    "generic",
    "work-conference",
]
NUMBERS = st.one_of(
    st.integers(-3, 3000),
    st.sampled_from([0.0, 2.5, 1e16, math.inf, math.nan, -0.5, 30.0]),
    st.builds(lambda x: Written(x, repr(x)), st.sampled_from([60.0, 8.7, 86.4, 0.0])),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    NUMBERS,
    st.sampled_from(TEXTS),
    st.just(dt.date(2026, 1, 20)),
    st.just(dt.datetime(2026, 1, 20, 9, 30)),
)


def mappings(keys: list[str], values: st.SearchStrategy) -> st.SearchStrategy:
    return st.dictionaries(st.sampled_from(keys), values, max_size=5)


FIGURE_KEYS = [*model.Figure.model_fields, "from", "with", "oops"]
FIGURES = mappings(FIGURE_KEYS, SCALARS) | mappings(["label", "value", "unit"], SCALARS)
PARAMS = st.dictionaries(st.sampled_from(["a", " b ", "b", "c"]), SCALARS, max_size=3)
ITEM_KEYS = ["headline", "text", "use", "with", "facts", "figures", "run_in", "numbering"]
ITEMS = st.recursive(
    mappings(ITEM_KEYS, SCALARS),
    lambda inner: st.fixed_dictionaries(
        {"headline": st.sampled_from(TEXTS)},
        optional={
            "items": st.lists(inner, max_size=2),
            "figures": st.lists(FIGURES, max_size=2),
            "with": PARAMS,
            "facts": st.lists(SCALARS, max_size=2),
            "measures": st.lists(mappings(["lead", "text"], SCALARS), max_size=2),
        },
    ),
    max_leaves=4,
)
PART_KEYS = ["type", "title", "intro", "numbering", "run_in", "announce", "outro", "period", "goal"]
PARTS = st.fixed_dictionaries(
    {"type": st.sampled_from(["review", "tasks", "topic", "工作回顾", "requirements", "bogus"])},
    optional={
        "items": st.lists(ITEMS, max_size=2),
        "shortcomings": st.lists(SCALARS, max_size=2),
        **{key: SCALARS for key in PART_KEYS[1:]},
    },
)
OUTLINES = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["work-conference", "generic", " x "]),
        "parts": st.lists(PARTS, max_size=2),
    },
    optional={
        "occasion": SCALARS,
        "date": SCALARS,
        "year": SCALARS,
        "title": SCALARS,
        "speaker": SCALARS,
        "address": SCALARS,
        "parts_numbering": SCALARS,
        "commendation": SCALARS | st.lists(SCALARS, max_size=2),
        "target_minutes": SCALARS,
        "opening": SCALARS | mappings(["text", "use", "with", "announce", "purposes"], SCALARS),
        "closing": SCALARS
        | mappings(["text", "use", "thanks"], SCALARS)
        | st.fixed_dictionaries({"greeting": SCALARS | mappings(["use", "with", "text"], SCALARS)}),
        "data": st.dictionaries(
            st.sampled_from(["stats", " s "]),
            SCALARS | mappings(["file", "sheet", "label"], SCALARS),
            max_size=2,
        ),
        "checks": mappings(["disable"], st.lists(SCALARS, max_size=2)),
        "oops": SCALARS,
    },
)


def agrees_or_is_unsure(record: type[plain.Record], data: Any) -> None:
    try:
        agree(record, getattr(model, record.__name__), data)
    except ValidationError:
        pytest.fail(f"the plain reader took a {record.__name__} that pydantic refuses")


@settings(max_examples=200, deadline=None)
@given(FIGURES)
def test_generated_figures_are_read_as_pydantic_reads_them(data):
    agrees_or_is_unsure(plain.Figure, data)


# Outlines that are mostly well formed, each value now and then of another type or breaking a
# rule, so both readers' acceptance is compared, not only their refusals.
LINES = st.sampled_from(["系统党建不断加强", "  前后有空格 ", "第一项", "XX", "2025年"])
ODD = st.sampled_from([None, True, 3, 2.5, "", "两行\n文字", ["列表"], {"a": 1}])


def mostly(good: st.SearchStrategy) -> st.SearchStrategy:
    """`good`, or (about one time in fifty: not at a number hypothesis favours) an odd value."""
    return st.tuples(st.integers(0, 49), good, ODD).map(lambda t: t[2] if t[0] == 23 else t[1])


AMOUNTS = st.one_of(NUMBERS, st.sampled_from(["XX", "86.4亿元", "7940万元", "8.7%", "1e5"]))
GOOD_FIGURES = st.fixed_dictionaries(
    {"label": mostly(LINES)},
    optional={
        "value": mostly(AMOUNTS),
        "previous": mostly(AMOUNTS),
        "target": mostly(AMOUNTS),
        "unit": mostly(st.sampled_from(["亿元", "万元", "%", "所", ""])),
        "change": mostly(st.sampled_from(["growth", "from-to", "增长率", "由…到…"])),
        "scale": mostly(st.sampled_from(["auto", "none", "万", "亿", "自动"])),
        "verb": mostly(LINES),
        "from": mostly(st.just("stats")),
    },
)
GOOD_ITEMS = st.recursive(
    st.fixed_dictionaries(
        {"headline": mostly(LINES)},
        optional={
            "text": mostly(st.sampled_from(["正文一段。", "两段\n  文字 ", ""])),
            "facts": st.lists(mostly(LINES), max_size=2),
            "figures": st.lists(GOOD_FIGURES, max_size=2),
            "measures": st.lists(st.fixed_dictionaries({"lead": mostly(LINES)}), max_size=2),
            "run_in": mostly(st.booleans()),
            "numbering": mostly(st.sampled_from(["paren", "shi", "（一）", "一是", "第一"])),
            "with": st.dictionaries(st.sampled_from(["a", " b "]), mostly(LINES), max_size=2),
            "use": mostly(st.just("req-organization")),
        },
    ),
    lambda inner: st.fixed_dictionaries(
        {"headline": LINES, "items": st.lists(inner, min_size=1, max_size=2)}
    ),
    max_leaves=4,
)
GOOD_PARTS = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["review", "tasks", "requirements", "工作回顾", "重点工作"]),
        "items": st.lists(GOOD_ITEMS, max_size=3),
    },
    optional={
        "title": mostly(LINES),
        "intro": mostly(LINES),
        "announce": mostly(st.sampled_from([True, False, "下面，我讲{n}点。"])),
        "run_in": mostly(st.sampled_from([True, False, "items"])),
        "numbering": mostly(st.sampled_from(["paren", "（一）", "di"])),
    },
)
GOOD_OUTLINES = st.fixed_dictionaries(
    {
        "kind": st.just("work-conference"),
        "occasion": mostly(st.just("2026年全市教育工作会议")),
        "parts": st.lists(GOOD_PARTS, min_size=1, max_size=3),
    },
    optional={
        "date": mostly(
            st.sampled_from([dt.date(2026, 1, 20), "2026.1.16", "2026年1月", "2026-02-30"])
        ),
        "year": mostly(st.sampled_from([2026, Written(2026.0, "2026.0")])),
        "speaker": mostly(LINES),
        "salutation": mostly(st.just("同志们：")),
        "address": mostly(st.sampled_from(["讲话", "致辞"])),
        "parts_numbering": mostly(st.sampled_from(["cn", "arabic-dun", "1、"])),
        "commendation": mostly(st.sampled_from([True, False, ["先进集体"]])),
        "target_minutes": mostly(st.sampled_from([30, Written(30.0, "30.0"), "30"])),
        "opening": mostly(
            st.sampled_from(["今天，我们召开会议。", {"purposes": ["回顾工作"], "announce": False}])
        ),
        "closing": mostly(
            st.sampled_from(
                [
                    "同志们，让我们奋勇前进！",
                    {"greeting": "greeting-spring-festival", "thanks": True},
                    {"greeting": {"text": "新春快乐！"}},
                    {"greeting": {"use": "greeting-spring-festival", "with": {"year": 2026}}},
                    {"use": "closing-generic", "text": "两者都写"},
                ]
            )
        ),
        "data": mostly(st.sampled_from([{"stats": "统计.csv"}, {"stats": {"file": "统计.xlsx"}}])),
        "checks": mostly(st.just({"disable": ["half-width-punctuation"]})),
    },
)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(OUTLINES, GOOD_OUTLINES))
def test_generated_outlines_are_read_as_pydantic_reads_them(data):
    agrees_or_is_unsure(plain.Outline, data)


def _in_chinese(draw: Any, value: Any, names: dict[str, tuple[str, ...]], inner: str) -> Any:
    """`value` with some keys written as their Chinese aliases (names: the model's aliases)."""
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        aliases = names.get(key, ())
        typed = draw(st.sampled_from([key, *aliases])) if aliases else key
        if isinstance(item, list):
            item = [_in_chinese(draw, i, KEY_ALIASES.get(inner, {}), "OutlineItem") for i in item]
        out[typed] = item
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(GOOD_OUTLINES, st.data())
def test_chinese_keys_are_found_alike_through_records_and_models(outline, data):
    top = _in_chinese(data.draw, outline, KEY_ALIASES["Outline"], "PartBase")
    text = yaml.safe_dump(
        {k: v for k, v in top.items() if not isinstance(v, dt.date | Written)},
        allow_unicode=True,
    )
    results = []
    for root in (plain.Outline, model.Outline):
        loaded = load_yaml(text, "o.yaml")
        translated, aliases, problems = english_keys(loaded.data, loaded.source, root)
        results.append((translated, aliases, problems, loaded.source.values, loaded.source.keys))
    assert results[0] == results[1]
