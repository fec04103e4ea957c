import textwrap

import pytest

from drafter.errors import OutlineError
from drafter.outline.load import parse_outline
from drafter.outline.model import Outline
from drafter.schema.records import read_valid

KINDS = {"work-conference": None, "midyear-conference": None}  # name → default closing

GOOD = """\
kind: work-conference
occasion: 2026年全市教育工作会议
parts:
  - type: review
    items:
      - headline: 党建工作不断加强
"""


def errors(text: str) -> list[str]:
    with pytest.raises(OutlineError) as info:
        parse_outline(textwrap.dedent(text), "o.yaml", kinds=KINDS)
    return [p.format() for p in info.value.problems]


def test_a_good_outline_validates():
    loaded = parse_outline(GOOD, "o.yaml", kinds=KINDS)
    assert loaded.outline.parts[0].items[0].headline == "党建工作不断加强"
    assert loaded.outline.salutation is None  # the kind's salutation (同志们) is used


def test_unknown_key_with_suggestion_at_the_key():
    found = errors(GOOD + "        headlin: x\n")
    assert found == [
        "o.yaml:7:9: parts[0].items[0].headlin: unknown key 'headlin' (did you mean 'headline'?)"
    ]


@pytest.mark.parametrize("kind", ["[]", "{a: 1}", "[midyear-conference]"])
def test_a_kind_that_is_not_text_is_said_not_failed_on(kind):
    """(A fuzzer found `kind: []` failing inside drafter.)"""
    found = errors(GOOD.replace("kind: work-conference", f"kind: {kind}"))
    assert found and found[0].startswith("o.yaml:1:7: kind: expected ")


def test_unknown_key_in_a_typed_part_suggests_that_part_s_keys():
    found = errors(GOOD.replace("    items:", "    shortcomming: [x]\n    items:"))
    assert found == [
        "o.yaml:5:5: parts[0].shortcomming: unknown key 'shortcomming' "
        "(did you mean 'shortcomings'?)"
    ]


def test_every_problem_at_once_sorted_by_line():
    text = """\
    kind: work-conferance
    occasion: [a, b]
    speaker: 张某某
    target_minutes: -5
    parts:
      - type: reveiw
      - type: tasks
        items:
          - facts: [缺标题]
          - headline: ""
      - title: 无类型
    """
    found = errors(text)
    assert found == [
        "o.yaml:1:7: kind: unknown kind 'work-conferance' (did you mean 'work-conference'?); "
        "kinds: midyear-conference, work-conference",
        "o.yaml:2:11: occasion: expected text, got a list",
        "o.yaml:4:17: target_minutes: must be greater than 0",
        "o.yaml:6:5: parts[0]: unknown type 'reveiw' (did you mean 'review'?); "
        "types: review 工作回顾, situation 形势分析, tasks 重点工作, requirements 工作要求, "
        "topic 专题",
        "o.yaml:9:9: parts[1].items[0]: an item needs a 'headline' or 'text' "
        "(or 'use' of a library entry)",
        "o.yaml:10:19: parts[1].items[1].headline: must not be empty",
        "o.yaml:11:5: parts[2]: needs a 'type': one of review 工作回顾, situation 形势分析, "
        "tasks 重点工作, requirements 工作要求, topic 专题",
    ]


def test_missing_top_level_keys():
    found = errors("kind: work-conference\n")
    assert "o.yaml:1:1: occasion: required key 'occasion' is missing" in found
    assert "o.yaml:1:1: parts: required key 'parts' is missing" in found


def test_empty_parts_list():
    found = errors("kind: work-conference\noccasion: 会\nparts: []\n")
    assert found == [
        "o.yaml:3:8: parts: a speech needs at least one part (only kind generic may have none)"
    ]


def test_the_verbatim_kind_may_leave_out_occasion_and_parts(renderer):
    document = renderer.document(renderer.loads("kind: generic\nparts: []\nopening: 今天开会。\n"))
    assert document.lines() == ["今天开会。"]
    found = errors("kind: work-conference\noccasion:\nparts: []\n")
    assert (
        found[0]
        == "o.yaml:2:10: occasion: the meeting's name is needed, e.g. 2026年全市教育工作会议"
    )


def test_wrong_numbering_style_suggests():
    found = errors(GOOD.replace("    items:", "    numbering: paran\n    items:"))
    assert found[0].startswith("o.yaml:5:16: parts[0].numbering: 'paran' is not one of:")
    assert "(did you mean 'paren'?)" in found[0]


def test_date_accepts_date_or_text_only():
    assert parse_outline(GOOD + "date: 2026年1月\n", "o", kinds=KINDS).outline.date == "2026年1月"
    found = errors(GOOD + "date: [1]\n")
    assert found == ["o.yaml:7:7: date: expected a date like 2026-01-20 or text, got a list"]


def test_numbers_where_text_is_expected_are_kept_as_text():
    loaded = parse_outline(GOOD + "title: 2026\n", "o", kinds=KINDS)
    assert loaded.outline.title == "2026"


def test_headline_must_be_one_line():
    found = errors(GOOD.replace("headline: 党建工作不断加强", 'headline: "两\\n行"'))
    assert found == ["o.yaml:6:19: parts[0].items[0].headline: must be one line (no line breaks)"]


def test_figure_needs_a_number():
    found = errors(GOOD + "        figures:\n          - {label: 经费}\n")
    assert found == [
        "o.yaml:8:13: parts[0].items[0].figures[0]: a figure needs a value or a target"
    ]


def test_topic_needs_a_title():
    text = "kind: work-conference\noccasion: 会\nparts:\n  - type: topic\n"
    assert errors(text) == ["o.yaml:4:5: parts[0].title: required key 'title' is missing"]


def test_opening_and_closing_text_shorthands():
    loaded = parse_outline(GOOD + "opening: 今天……\nclosing: 同志们……\n", "o", kinds=KINDS)
    assert loaded.outline.opening.text == "今天……"
    assert loaded.outline.closing.text == "同志们……"


def test_empty_closing_key_means_the_default_and_false_means_none():
    loaded = parse_outline(GOOD + "closing:\n", "o", kinds=KINDS)
    assert loaded.outline.closing.text is None  # the kind's stock closing
    for off in ("closing: false", 'closing: ""', "closing: {text: false}", "结束语: false"):
        loaded = parse_outline(GOOD + off + "\n", "o", kinds=KINDS)
        assert loaded.outline.closing.text == "", off


def test_outline_that_is_not_a_mapping():
    assert errors("- a\n- b\n") == [
        "o.yaml:1:1: the outline is a list, not a mapping; it needs keys such as kind:, "
        "occasion: and parts:"
    ]
    assert "the outline is empty" in errors("")[0]


def test_effective_year():
    assert (
        read_valid(
            Outline,
            {
                "kind": "k",
                "occasion": "2026年全市教育工作会议",
                "parts": [{"type": "requirements"}],
            },
        ).effective_year()
        == 2026
    )
    outline = parse_outline(GOOD + "date: 2026-03-30\n", "o", kinds=KINDS).outline
    assert outline.effective_year() == 2026
    # a speech dated in December looks to the coming year; one summing up a year, to the next
    for occasion, date, year in [
        ("2026年全市教育工作会议", "2025-12-30", 2026),
        ("全市教育工作会议", "2025-12-30", 2026),
        ("全市教育工作会议", "2025年12月", 2026),
        ("2025年度总结表彰大会", "2025-12-30", 2026),
        ("2025年度总结表彰大会", "2025-11-30", 2026),
        ("2024年全市教育工作会议", "2025-11-30", 2025),  # the date's year outside December
    ]:
        text = GOOD.replace("2026年全市教育工作会议", occasion) + f"date: {date}\n"
        assert parse_outline(text, "o", kinds=KINDS).outline.effective_year() == year, occasion
    explicit = parse_outline(GOOD + "year: 2030\n", "o", kinds=KINDS).outline
    assert explicit.effective_year() == 2030


def test_a_number_typed_as_the_opening_or_closing_is_its_text():
    """`opening: 0` is short for `{text: '0'}` as a word is (it once failed inside drafter)."""
    outline = parse_outline(GOOD + "opening: 0\nclosing: 2026.0\n", "o", kinds=KINDS).outline
    assert (outline.opening.text, outline.closing.text) == ("0", "2026.0")


def test_opening_and_closing_are_text_or_a_library_entry_not_both():
    text = (
        GOOD
        + "opening: {text: 今天开会。, use: opening-meeting}\nclosing: {text: 同志们……, use: closing-general}\n"
    )
    assert errors(text) == [
        "o.yaml:7:10: opening: give the opening's 'text' or 'use' a library entry, not both",
        "o.yaml:8:10: closing: give the closing's 'text' or 'use' a library entry, not both",
    ]


def test_a_greeting_in_the_speaker_s_words_and_figures_not_known_yet(renderer):
    closing = "closing:\n  text: 同志们，努力！\n  greeting: {text: 新春将至，祝大家新春愉快！}\n"
    document = renderer.document(renderer.loads(GOOD + closing))
    assert document.lines()[-2:] == ["同志们，努力！", "新春将至，祝大家新春愉快！"]
    figure = GOOD + "        figures: [{label: 经费, value: XX, previous: 86.4, unit: 亿元}]\n"
    assert renderer.loads(figure).outline.parts[0].items[0].figures[0].value == "XX"
    assert errors(figure.replace("XX", "八十")) == [
        "o.yaml:7:38: parts[0].items[0].figures[0].value: must be a number, or a placeholder "
        "such as XX until the number is known"
    ]


def test_the_date_in_brackets_from_the_outline_or_the_office(tmp_path):
    from drafter.outline.config import load_settings
    from drafter.pipeline import Renderer

    outline = tmp_path / "o.yaml"
    outline.write_text(GOOD + "date: 2026-01-16\n", encoding="utf-8")
    assert "2026年1月16日" in Renderer().document(Renderer().load(outline)).lines()
    (tmp_path / "drafter.yaml").write_text("date_brackets: true\n", encoding="utf-8")
    office = Renderer(settings=load_settings(tmp_path))
    assert "（2026年1月16日）" in office.document(office.load(outline)).lines()
    outline.write_text(GOOD + "date: 2026-01-16\n日期加括号: false\n", encoding="utf-8")
    assert "2026年1月16日" in office.document(office.load(outline)).lines()  # the outline wins
    outline.write_text(GOOD + "date_brackets: 是\n", encoding="utf-8")
    with pytest.raises(OutlineError) as info:
        Renderer().load(outline)
    assert info.value.messages() == [
        f"{outline}:7:16: date_brackets: expected true or false, got text"
    ]


def test_a_title_typed_over_lines_breaks_where_the_writer_broke_it():
    text = GOOD.replace(
        "occasion:", "title: |\n  守正创新 提质增效\n  奋力建设人民满意的教育\noccasion:"
    )
    outline = parse_outline(text, "o", kinds=KINDS).outline
    assert outline.title == "守正创新 提质增效|奋力建设人民满意的教育"
