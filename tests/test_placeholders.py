import pytest

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
