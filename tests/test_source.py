"""YAML read with the file:line:col of every key and value; bounded and safe."""

import datetime as dt
import time

import pytest

from drafter.errors import Location, SourceError
from drafter.schema.source import format_path, load_yaml


def problems(text: str) -> list[str]:
    with pytest.raises(SourceError) as info:
        load_yaml(text, "f.yaml")
    return [p.format() for p in info.value.problems]


def test_locations_of_values_and_keys():
    loaded = load_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml")
    assert loaded.data == {"a": 1, "b": ["x", {"c": 2}]}
    assert loaded.source.locate(("b", 1, "c")) == Location("f.yaml", 4, 9)
    assert loaded.source.locate(("b", 1, "c"), prefer_key=True) == Location("f.yaml", 4, 6)
    assert loaded.source.locate(("b", 0)) == Location("f.yaml", 3, 5)
    # a path that does not exist falls back to its nearest ancestor
    assert loaded.source.locate(("b", 1, "missing")) == Location("f.yaml", 4, 5)


def test_types_are_yaml_types():
    loaded = load_yaml("d: 2026-01-20\nn: 45.6\nt: 2026年1月\nq: '2026-01-20'\n", "f.yaml")
    assert loaded.data == {
        "d": dt.date(2026, 1, 20),
        "n": 45.6,
        "t": "2026年1月",
        "q": "2026-01-20",
    }


def test_duplicate_keys_name_both_lines():
    found = problems("a: 1\nb: 2\na: 3\n")
    assert found == ["f.yaml:3:1: a: duplicate key 'a' (first at line 1); keep only one"]


def test_broken_yaml_is_located_with_a_hint():
    found = problems("text: 主要动力: 一是\n")
    assert found[0].startswith("f.yaml:1:")
    assert "a value contains ': ' (colon and space)" in found[0]
    assert "full-width colon" in found[0]


@pytest.mark.parametrize("loader", ["SafeLoader", "CSafeLoader"])
def test_every_problem_of_the_yaml_parser_is_explained(loader, monkeypatch):
    """Every problem PyYAML's scanner, parser and composer can raise (read from its source) is
    said in the writer's words, never in the parser's English."""
    import ast
    import inspect

    import yaml

    from drafter.schema import source

    said = []
    for module in (yaml.scanner, yaml.parser, yaml.composer):
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "").endswith("Error"):
                words = [
                    (arg.left if isinstance(arg, ast.BinOp) else arg).value
                    for arg in node.args
                    if isinstance(arg.left if isinstance(arg, ast.BinOp) else arg, ast.Constant)
                ]
                said.append([w for w in words if isinstance(w, str)])
    assert len(said) > 40
    names = (("an %s", "an anchor"), ("a %s node", "a block node"), ("a %s", "a tag"))
    for words in said:
        for pattern, name in names:
            words = [word.replace(pattern, name) for word in words]
        context, problem = (words[0], words[-1]) if len(words) > 1 else (None, words[0])
        err = yaml.MarkedYAMLError(context, None, problem.replace("%r", "'x'"), None)
        assert source._slip(err, []) is not None, words
    # and the slips writers make, read by either parser, at the place the parser stopped
    monkeypatch.setattr(source, "_Loader", getattr(yaml, loader))
    assert problems('title: "守正创新\nspeaker: 张\n') == [
        "f.yaml:3:1: not valid YAML: the quote on line 1 is never closed; add the closing quote "
        "(a value that holds a quote of its own goes inside the other kind of quotes)"
    ]
    assert "not indented like the lines above" in problems("a:\n  b: 1\n c: 2\n")[0]
    assert "cannot begin with @" in problems("title: @abc\n")[0]
    assert "something follows the value" in problems('title: "abc" def\n')[0]


def test_tabs_get_a_hint():
    assert "not tabs" in problems("a:\n\t- b\n")[0]


def test_object_tags_are_refused():
    found = problems("a: !!python/object/apply:os.system ['echo hi']\n")
    assert "not allowed" in found[0]
    assert found[0].startswith("f.yaml:1:4:")


def test_custom_tags_on_mappings_are_refused():
    assert "not allowed" in problems("a: !thing {b: 1}\n")[0]


def test_aliases_and_merge_keys_work():
    text = "base: &b {unit: 亿元, compare: 上年}\nf: {<<: *b, label: 经费}\nl: [*b, *b]\n"
    data = load_yaml(text, "f.yaml").data
    assert data["f"] == {"unit": "亿元", "compare": "上年", "label": "经费"}
    assert data["l"] == [data["base"], data["base"]]


def test_explicit_keys_win_over_merged_ones():
    data = load_yaml("b: &b {x: 1, y: 2}\nc: {<<: *b, y: 3}\n", "f.yaml").data
    assert data["c"] == {"x": 1, "y": 3}


def test_billion_laughs_is_refused_fast():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev = chr(ord("a") + n - 1)
        name = chr(ord("a") + n)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    found = problems("\n".join(lines) + "\n")
    assert "expand to more than" in found[0]
    assert time.perf_counter() - start < 5  # generous: the point is "not minutes"


def test_control_characters_are_located():
    found = problems("a: ok\nb: bad\x01text\n")
    assert found == [
        "f.yaml:2:7: character U+0001 cannot appear in a Word document "
        "(often pasted from a web page or PDF); delete it"
    ]


def test_escaped_control_characters_are_located():
    found = problems('a: "bad\\x07"\n')
    assert found[0].startswith("f.yaml:1:4: a: character U+0007")


def test_lone_surrogate_escape_is_refused():
    assert problems('a: "\\ud800"\n')


def test_empty_document():
    assert load_yaml("", "f.yaml").data is None


def test_format_path():
    assert format_path(("parts", 1, "items", 0, "headline")) == "parts[1].items[0].headline"
    assert format_path(()) == ""


WRAPPED = """\
folded: >
  各单位要签订责任书，
  落实到人。
plain: 这是一段很长的文字，
  接着写 2026年
  的目标。
quoted: "引号里的文字，
  接着写。"
english: >
  Words wrap
  here.
literal: |
  第一行
  第二行
typed: 局长 张某某
paragraphs: >
  段一

  段二，
  续写。
after: 1
"""


def test_chinese_wrapped_over_lines_gets_no_space_where_yaml_folded_the_break():
    data = load_yaml(WRAPPED, "x.yaml").data
    assert data["folded"] == "各单位要签订责任书，落实到人。\n"
    assert data["plain"] == "这是一段很长的文字，接着写 2026年的目标。"  # the typed space stays
    assert data["quoted"] == "引号里的文字，接着写。"
    assert data["english"] == "Words wrap here.\n"
    assert data["literal"] == "第一行\n第二行\n"
    assert data["typed"] == "局长 张某某"
    assert data["paragraphs"] == "段一\n段二，续写。\n"
