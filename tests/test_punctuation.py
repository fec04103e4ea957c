import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafter.chinese.punctuation import half_width_marks, normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("同志们:今天,我们召开会议!", "同志们：今天，我们召开会议！"),
        ("主要动力:一是…;二是…", "主要动力：一是…；二是…"),
        ("(一)系统党建", "（一）系统党建"),
        ("怎么办?", "怎么办？"),
        ('他说"好"。再说"不"', "他说“好”。再说“不”"),
        ("中文'引用'", "中文‘引用’"),
        ("8:30上课,减负", "8:30上课，减负"),
        ("达到3,000所,增长3.5%,", "达到3,000所，增长3.5%，"),
        ("比例1:1,很好", "比例1:1，很好"),
        ("见https://a.b/c?x=1,y=2 网站", "见https://a.b/c?x=1,y=2 网站"),
        ("邮箱a.b@edu.cn,请", "邮箱a.b@edu.cn，请"),
        ("Hello, world (ok)", "Hello, world (ok)"),
        ("it's 中文", "it's 中文"),
        ("", ""),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_marks_report_position_and_replacement():
    assert half_width_marks("甲,乙") == [(1, ",", "，")]
    assert half_width_marks("no chinese, here") == []


TOKENS = [*"甲乙丙，。、abcXYZ0123456789 ,:;!?()\"'.%/-_@", "http://", "8:30", "www."]
MIXED = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


@given(MIXED)
def test_normalizing_twice_changes_nothing(text):
    once = normalize(text)
    assert normalize(once) == once


@given(MIXED)
def test_only_punctuation_ever_changes(text):
    out = normalize(text)
    assert len(out) == len(text)
    for before, after in zip(text, out, strict=True):
        if before != after:
            assert before in ",:;!?()\"'"
        if re.match(r"[0-9A-Za-z\u4e00-\u9fff]", before):
            assert before == after


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_any_text_is_safe(text):
    out = normalize(text)
    assert len(out) == len(text)
