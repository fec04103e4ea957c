from drafter.chinese.counting import count, minutes


def test_chinese_characters_and_full_width_punctuation_count_one_each():
    assert count("同志们：") == 4
    assert count("“好”。") == 4


def test_latin_words_and_numbers_count_one_each():
    assert count("2026年") == 2
    assert count("增长3.5%") == 3
    assert count("GDP增长") == 3
    assert count("3,000所") == 2


def test_whitespace_and_ascii_punctuation_do_not_count():
    assert count("  \n ") == 0
    assert count("a , b") == 2


def test_minutes():
    assert minutes(2200, 220) == 10
    assert minutes(100, 0) == 0
