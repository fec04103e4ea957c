"""What drafter tells a writer about an outline, a table, a YAML slip and an encoding, in
Chinese and in English: golden files of the lines (tests/golden/messages/), both languages
made from one run of the same input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from drafter import i18n
from drafter.decoding import decode_text
from drafter.errors import DrafterError, Location, Problem
from drafter.outline.load import parse_outline
from drafter.outline.values import placeholder_summary
from drafter.schema.source import load_yaml

from conftest import check_golden

KINDS = {"work-conference": None, "generic": None}
KIND_NAMES = {"年度工作会议": "work-conference"}
STYLES = ("gbt9704", "plain")

MANY_PROBLEMS = """\
kind: work-conferance
titel: 测试标题
occasion: 2026年全市教育工作会议
date: 2026-02-30
style: gbt9740
讲话时长: -5
讲话人: 张某某
speaker: 李某某
parts:
  - type: review
    items:
      - headline: 党建工作不断加强
        figures:
          - {label: 经费, value: 86.4亿元, previous: 7940万人}
          - {label: 学校}
          - {label: 在校生, previous: 12, target: 15}
      - {}
  - type: 重点工作
    numbering: 1
    items: text
  - type: revew
  - 讲话人：张某某
closing: {text: 谢谢大家。, use: thanks}
"""

TABLE = """\
指标,本年,上年,单位
教育经费总投入,86.4,79.4,亿元
在校生数,约52,50.1,万人
"""

TABLE_OUTLINE = """\
kind: work-conference
occasion: 2026年全市教育工作会议
data:
  stats: 统计.csv
parts:
  - type: review
    items:
      - headline: 教育投入持续加大
        figures:
          - {label: 教育经费总收入, from: stats}
          - {label: 在校生数, from: stats}
          - {label: 教育经费总投入, from: stat}
          - {label: 教育经费总投入, from: stats, unit: 万人}
"""

FULL_WIDTH_COLONS = """\
kind: work-conference
讲话人：张某某
occasion：2026年全市教育工作会议
parts:
  - type: review
    items:
      - headline：党建工作不断加强
"""

YAML_SLIPS = {
    "colon in a value": "kind: work-conference\ntitle: 会议: 讲话\n",
    "tab": "kind: work-conference\nparts:\n\t- type: review\n",
    "duplicate key": "kind: work-conference\ntitle: 一\ntitle: 二\n",
    "control character": "kind: work-conference\ntitle: 标题\x1b\n",
    "second document": "kind: work-conference\n---\nkind: generic\n",
    "quote not closed": 'kind: work-conference\ntitle: "守正创新\nspeaker: 张某某\n',
    "bad indentation": "kind: work-conference\nparts:\n  - type: review\n - type: tasks\n",
    "@ at the start": "kind: work-conference\ntitle: @全市教育\n",
    "* as a bullet": "kind: work-conference\nparts:\n  * 第一部分\n",
    "words after a quote": 'kind: work-conference\ntitle: "守正创新" 提质增效\n',
    "list not closed": "kind: work-conference\nthanks: [各位代表, 同志们\nspeaker: 张某某\n",
    "backslash in double quotes": 'kind: work-conference\ntitle: "C:\\讲话"\n',
}


def _problems(run: Callable[[], object]) -> list[Problem]:
    try:
        run()
    except DrafterError as err:
        return err.as_problems()
    pytest.fail("no problem reported")


def _both(name: str, make: Callable[[], list[str]]) -> None:
    """The lines `make` gives in each language, each checked against its golden file."""
    for lang in ("en", "zh"):
        with i18n.speaking(lang):
            lines = make()
        check_golden(f"messages/{name}.{lang}.txt", "\n".join(lines) + "\n")


def _parse(text: str) -> Callable[[], object]:
    """The outline read as `drafter check` reads it (its tables beside it, in the current
    folder)."""
    return lambda: parse_outline(
        text, "提纲.yaml", path=Path("提纲.yaml"), kinds=KINDS, styles=STYLES, kind_names=KIND_NAMES
    )


def _outline(text: str) -> Callable[[], list[str]]:
    return lambda: [problem.format() for problem in _problems(_parse(text))]


def test_an_outline_with_many_problems():
    _both("outline-problems", _outline(MANY_PROBLEMS))


def test_a_table_and_the_figures_that_take_from_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("统计.csv").write_text(TABLE, encoding="utf-8")
    _both("table-problems", _outline(TABLE_OUTLINE))


def test_keys_typed_with_a_full_width_colon():
    _both("full-width-colons", _outline(FULL_WIDTH_COLONS))


def test_yaml_slips():
    def make() -> list[str]:
        lines = []
        for name, text in YAML_SLIPS.items():
            lines.append(f"# {name}")
            problems = _problems(lambda text=text: load_yaml(text, "提纲.yaml"))
            lines += [problem.format() for problem in problems]
        return lines

    _both("yaml-slips", make)


def test_encoding_problems():
    damaged_utf8 = "讲话人: 张某某\n".encode() * 5 + b"title: \xff\n"
    big5 = "校長在全市教育工作會議上的講話，總結過去一年的工作。".encode("big5") * 4
    cases = {
        "damaged UTF-8": lambda: decode_text(damaged_utf8, "提纲.yaml"),
        "Big5": lambda: decode_text(big5, "提纲.yaml"),
        "unknown encoding": lambda: decode_text(b"x", "提纲.yaml", "gb1830"),
        "not an encoding of text": lambda: decode_text(b"x", "提纲.yaml", "rot13"),
        "cut UTF-16": lambda: decode_text(
            b"\xff\xfe" + "讲话".encode("utf-16-le")[:-1], "提纲.yaml"
        ),
    }

    def make() -> list[str]:
        lines = []
        for name, run in cases.items():
            lines.append(f"# {name}")
            lines += [problem.format() for problem in _problems(run)]
        return lines

    _both("encoding-problems", make)


def test_placeholders_left_are_summed_up_in_each_language():
    problems = [Problem("x", Location("提纲.yaml", line), rule="placeholder") for line in (3, 7, 9)]
    with i18n.speaking("zh"):
        (summary,) = placeholder_summary(problems)
    assert summary.message == "还有 3 个占位符未填：第 3、7、9 行（drafter check 或 -v 会逐个列出）"
    with i18n.speaking("en"):
        (summary,) = placeholder_summary(problems)
    assert summary.message == "3 placeholders left: lines 3, 7, 9 (drafter check or -v lists each)"


def test_messages_are_made_in_the_language_of_the_moment_whatever_the_locale(monkeypatch):
    """--json asks for English within a block (`i18n.speaking`): what is made there is the
    same under a Chinese locale as under an English one."""
    found = {}
    for lang in ("zh", "en"):
        monkeypatch.setenv("DRAFTER_LANG", lang)
        with i18n.speaking("en"):
            found[lang] = [p.as_json() for p in _problems(_parse(MANY_PROBLEMS))]
    assert found["zh"] == found["en"]
    assert "unknown key 'titel' (did you mean 'title'?)" in [p["message"] for p in found["zh"]]


def test_the_systems_reasons_in_chinese_and_a_reason_of_drafters_own_as_given():
    import errno

    from drafter.decoding import cannot_read

    denied = PermissionError(errno.EACCES, "Permission denied")
    own = PermissionError(errno.EACCES, "outside the folder the workbench serves")
    with i18n.speaking("zh"):
        assert cannot_read(denied) == "无法读取：没有权限"
        assert cannot_read(own) == "无法读取：outside the folder the workbench serves"
    with i18n.speaking("en"):
        assert cannot_read(denied) == "cannot read: Permission denied"


def test_every_style_key_has_a_name_for_drafter_fonts():
    from drafter.cli.presenting import STYLE_NAMES
    from drafter.writers.styles import STYLE_KEYS

    assert set(STYLE_NAMES) == {"normal", *STYLE_KEYS}
    with i18n.speaking("zh"):
        assert all(i18n._(name) != name for name in STYLE_NAMES.values())


def test_jinja_errors_in_an_offices_templates_are_said_plainly():
    import jinja2

    from drafter.render.jinja_messages import syntax_message, undefined_message
    from drafter.render.sandbox import new_sandbox

    env = new_sandbox(undefined=jinja2.StrictUndefined, autoescape=False)
    broken = {"{{ }}": "}} 之前缺少值", "{% if a %}x": "if 块没有闭合：请补上 {% endif %}"}
    broken |= {"{{ a": "模板在应有 }} 的地方结束了", "{{ a | nofilter }}": "没有过滤器 nofilter"}
    for text, says in broken.items():
        with pytest.raises(jinja2.TemplateSyntaxError) as info:
            env.from_string(text)
        with i18n.speaking("zh"):
            assert syntax_message(info.value) == f"模板语法错误：{says}"
    with pytest.raises(jinja2.UndefinedError) as undefined:
        env.from_string("{{ goal }}").render()
    with i18n.speaking("zh"):
        assert undefined_message(undefined.value).startswith("goal 未定义")
    with i18n.speaking("en"):
        assert undefined_message(undefined.value).startswith("goal is not defined here")
