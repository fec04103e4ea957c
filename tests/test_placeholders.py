import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafter.chinese.placeholders import find


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("201X年X月XX日", ["X", "X", "XX"]),
        ("增长X%", ["X"]),
        ("新建XX所", ["XX"]),
        ("市教育局局长 xx", ["xx"]),
        ("××同志", ["××"]),
        ("○○学校", ["○○"]),
        ("“十X五”期末", ["X"]),
        ("TODO: 补充数据", ["TODO"]),
        ("【待补】成绩", ["【待补】"]),
        ("[待定]", ["[待定]"]),
        ("数据？？", ["？？"]),
        ("___年", ["___"]),
        ("XML文件", []),
        ("Xi Jinping", []),
        ("max_x", []),
        ("x轴", []),
        ("新建幼儿园12所", []),
        ("……", []),
    ],
)
def test_find(text, found):
    assert [text[a:b] for a, b in find(text)] == found


@given(
    st.text(
        alphabet="XxTtodOFIMEBfixme×＊*○〇Ｏ【】[]［］待补？?_＿年月2019十五 今天了", max_size=30
    )
)
def test_the_quick_look_never_hides_a_placeholder(text):
    from drafter.chinese.placeholders import PATTERN

    assert find(text) == [match.span() for match in PATTERN.finditer(text)]
