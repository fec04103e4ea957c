from hypothesis import given
from hypothesis import strategies as st

from drafter.writers.linebreak import balanced_lines, width


def test_short_titles_stay_on_one_line():
    assert balanced_lines("深化改革创新 推进优质发展", 20) == ["深化改革创新 推进优质发展"]


def test_break_at_the_phrase_space_for_even_lines():
    assert balanced_lines("守正创新 提质增效 奋力建设人民满意的云川教育", 20) == [
        "守正创新 提质增效 ",
        "奋力建设人民满意的云川教育",
    ]


def test_break_after_a_closing_quote_not_inside_a_word():
    assert balanced_lines("在云川市2026年“书香校园”阅读季启动仪式上的讲话", 20) == [
        "在云川市2026年“书香校园”",
        "阅读季启动仪式上的讲话",
    ]


def test_break_keeps_a_year_with_its_character():
    lines = balanced_lines("——在云川市教育系统2026年先进事迹报告会暨表彰大会上的讲话", 27)
    assert lines == ["——在云川市教育系统2026年", "先进事迹报告会暨表彰大会上的讲话"]


def test_no_allowed_break_leaves_the_text_whole():
    assert balanced_lines("一二三四五六七八九十一二三四五六七八九十一二三", 20) == [
        "一二三四五六七八九十一二三四五六七八九十一二三"
    ]


def test_width_counts_ascii_as_half():
    assert width("2026年") == 3


@given(st.text(alphabet="甲乙丙丁 “”、，2026年", min_size=1, max_size=60))
def test_breaking_loses_only_spaces_and_respects_the_capacity(text):
    lines = balanced_lines(text, 12)
    assert "".join(lines) == text.strip()
    if len(lines) > 1:
        assert all(width(line.rstrip()) <= 12 for line in lines)
