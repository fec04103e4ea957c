import pytest

from drafter.chinese import numerals


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0, "零"),
        (1, "一"),
        (2, "二"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (30, "三十"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (111, "一百一十一"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (1100, "一千一百"),
        (10000, "一万"),
        (10500, "一万零五百"),
        (12000, "一万二千"),
        (100000000, "一亿"),
        (-3, "负三"),
    ],
)
def test_chinese_numerals(number, text):
    assert numerals.chinese(number) == text


def test_every_number_up_to_99_reads_correctly():
    tens = ["", "十", "二十", "三十", "四十", "五十", "六十", "七十", "八十", "九十"]
    for number in range(10, 100):
        ten, unit = divmod(number, 10)
        expected = tens[ten] + ("" if unit == 0 else numerals.DIGITS[unit])
        assert numerals.chinese(number) == expected


@pytest.mark.parametrize(
    ("style", "number", "label"),
    [
        ("cn", 1, "一、"),
        ("cn", 10, "十、"),
        ("cn", 12, "十二、"),
        ("paren", 3, "（三）"),
        ("paren", 20, "（二十）"),
        ("arabic", 7, "7."),
        ("paren-arabic", 2, "（2）"),
        ("shi", 1, "一是"),
        ("shi", 11, "十一是"),
        ("yao", 2, "二要"),
        ("di", 10, "第十，"),
        ("none", 5, ""),
    ],
)
def test_labels(style, number, label):
    assert numerals.label(style, number) == label


def test_unknown_style_is_an_error():
    with pytest.raises(ValueError, match="unknown numbering style"):
        numerals.label("roman", 1)


def test_spoken_counts_use_liang_for_two():
    assert numerals.ordinal_count(2) == "两个"
    assert numerals.ordinal_count(3, "点") == "三点"
    assert numerals.ordinal_count(12) == "十二个"


def test_non_integers_are_refused():
    with pytest.raises(TypeError):
        numerals.chinese(2.5)
    with pytest.raises(TypeError):
        numerals.chinese(True)
