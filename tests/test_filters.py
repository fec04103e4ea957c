import datetime as dt
import re
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafter.render import filters


def fig(**values):
    base = dict(
        label="经费",
        verb="",
        value=None,
        unit="",
        previous=None,
        target=None,
        compare="上年",
        scale="auto",
        change="growth",
        precision=None,
    )
    return SimpleNamespace(**{**base, **values})


@pytest.mark.parametrize(
    ("items", "text"),
    [([], ""), (["甲"], "甲"), (["甲", "乙"], "甲和乙"), (["甲", "乙", "丙"], "甲、乙和丙")],
)
def test_cn_join(items, text):
    assert filters.cn_join(items) == text


def test_cn_join_other_conjunction():
    assert filters.cn_join(["甲", "乙", "丙"], "及") == "甲、乙及丙"


@pytest.mark.parametrize(
    ("people", "said"),
    [
        (["何春兰", "梁宏远"], "何春兰和梁宏远同志"),  # 同志 once, after the last
        (["于锡淼老师", "李素洁校长", "蒋小贵老师"], "于锡淼老师、李素洁校长和蒋小贵老师"),
        (["于锡淼老师", "何春兰"], "于锡淼老师和何春兰同志"),
        (["张华同志", "欧阳春晓"], "张华同志和欧阳春晓同志"),
        (["清溪区教育局", "云川一中", "枫林中学"], "清溪区教育局、云川一中和枫林中学"),
        (["市师德宣讲团"], "市师德宣讲团"),
        (["刘村长", "赵支书", "王警官", "陈总"], "刘村长、赵支书、王警官和陈总"),
        (["王老"], "王老"),
        (["青石县石门乡中心小学教师何春兰"], "青石县石门乡中心小学教师何春兰"),
        ([], ""),
    ],
)
def test_addressed_says_a_title_once(people, said):
    assert filters.addressed(people) == said


def test_cn_date():
    assert filters.cn_date(dt.date(2026, 1, 20)) == "2026年1月20日"
    assert filters.cn_date(dt.date(2026, 10, 5)) == "2026年10月5日"
    assert filters.cn_date("201X年X月") == "201X年X月"
    assert filters.cn_date(None) == ""


@pytest.mark.parametrize(
    ("value", "text"),
    [(45.6, "45.6"), (45.60, "45.6"), (12.0, "12"), (1e9, "1000000000"), (-0.0, "0"), (0, "0")],
)
def test_number(value, text):
    assert filters.number(value) == text


@pytest.mark.parametrize(
    ("value", "unit", "scale", "text"),
    [
        (456000000, "元", "auto", "4.56亿元"),
        (123456789, "元", "auto", "1.23亿元"),
        (1234567, "元", "auto", "123.46万元"),
        (15000, "人", "auto", "1.5万人"),
        (12300, "人", "auto", "1.23万人"),
        (12345, "人", "auto", "12345人"),
        (2697, "名", "auto", "2697名"),
        (68300, "人次", "none", "68300人次"),
        (45.6, "亿元", "auto", "45.6亿元"),
        (92.3, "%", "auto", "92.3%"),
        (250000, "元", "万", "25万元"),
        (250000000, "元", "亿", "2.5亿元"),
    ],
)
def test_amount(value, unit, scale, text):
    assert filters.amount(value, unit, scale) == text


@pytest.mark.parametrize(
    ("value", "previous", "unit", "text"),
    [
        (45.6, 41.2, "亿元", "比上年增长10.7%"),
        (41.2, 45.6, "亿元", "比上年下降9.6%"),
        (100, 100, "所", "与上年持平"),
        (100.02, 100, "所", "与上年持平"),
        (99.98, 100, "所", "与上年持平"),
        (105, 100, "所", "比上年增长5%"),  # no needless trailing zero (下降60%)
        (92.3, 90.1, "%", "比上年提高2.2个百分点"),
        (92.5, 90.5, "%", "比上年提高2个百分点"),
        (40, 100, "所", "比上年下降60%"),
        (90.1, 92.3, "%", "比上年降低2.2个百分点"),
        (97.4, 97.4, "%", "与上年持平"),
        (12, 0, "所", "比上年增加12所"),
    ],
)
def test_growth(value, previous, unit, text):
    assert filters.growth(value, previous, unit) == text


def test_growth_compare_word():
    assert filters.growth(110, 100, "", "去年同期") == "比去年同期增长10%"


@given(
    st.floats(min_value=0.01, max_value=1e9, allow_nan=False),
    st.floats(min_value=0.01, max_value=1e9, allow_nan=False),
)
def test_growth_reads_as_one_decimal_and_never_zero_or_negative(value, previous):
    text = filters.growth(value, previous, "元")
    assert re.fullmatch(r"比上年(增长|下降)\d+(\.[1-9])?%|与上年持平", text), text
    assert not re.search(r"(增长|下降)0\.0%", text)


@pytest.mark.parametrize(
    ("value", "target", "unit", "text"),
    [
        (21500, 20000, "个", "完成目标任务的107.5%"),
        (18.7, 32, "亿元", "完成目标任务的58.4%"),
        (32, 32, "亿元", "全面完成目标任务"),
        (91.2, 90, "%", "高于预期目标1.2个百分点"),
        (88, 90, "%", "距预期目标还差2个百分点"),
        (90, 90, "%", "达到预期目标"),
    ],
)
def test_completion(value, target, unit, text):
    assert filters.completion(value, target, unit) == text


def test_figure_variants():
    assert filters.figure(fig(label="经费", value=45.6, unit="亿元", previous=41.2)) == (
        "经费45.6亿元，比上年增长10.7%"
    )
    assert filters.figure(fig(label="入园率", verb="达", value=92.3, unit="%")) == "入园率达92.3%"
    assert filters.figure(fig(label="达标率", target=93, unit="%")) == "达标率力争达到93%"
    assert filters.figure(fig(label="达标率", verb="力争达到", target=93, unit="%")) == (
        "达标率力争达到93%"
    )
    assert (
        filters.figure(fig(label="占比", value=91.5, previous=78.3, unit="%", change="from-to"))
        == "占比由78.3%提高到91.5%"
    )
    assert filters.figure(fig(label="学位", value=21500, unit="个", target=20000)) == (
        "学位2.15万个，完成目标任务的107.5%"
    )


def test_a_figure_not_known_yet_reads_whole_with_xx():
    assert filters.figure(fig(label="经费", verb="达", value="XX", unit="亿元", previous=86.4)) == (
        "经费达XX亿元，比上年增长XX%"
    )
    assert filters.figure(fig(label="入学率", value="XX", unit="%", previous=91.5, target=95)) == (
        "入学率XX%，比上年提高XX个百分点，预期目标为95%"
    )
    assert filters.figure(fig(label="学位", value="XX", unit="个", target=20000)) == (
        "学位XX个，完成目标任务的XX%"
    )
    assert filters.figure(
        fig(label="占比", value="XX", previous=78.3, unit="%", change="from-to")
    ) == ("占比由78.3%提高到XX%")


def test_from_to():
    assert filters.from_to(45.6, 41.2, "亿元") == "由41.2亿元增加到45.6亿元"
    assert filters.from_to(30, 41, "所") == "由41所减少到30所"
    assert filters.from_to(97.4, 97.4, "%") == "保持在97.4%"


def test_details_joins_facts_and_figures():
    item = SimpleNamespace(
        facts=["新建幼儿园12所", "评选示范校30所。"],
        figures=[fig(label="经费", value=2, unit="亿元", previous=1)],
    )
    assert filters.details(item) == "新建幼儿园12所；评选示范校30所；经费2亿元，比上年增长100%。"
    assert filters.details(SimpleNamespace(facts=[], figures=[])) == ""


@pytest.mark.parametrize(
    ("text", "result"),
    [
        ("系统党建不断加强", "系统党建不断加强。"),
        ("已经是句子。", "已经是句子。"),
        ("问句？", "问句？"),
        ("结尾逗号，", "结尾逗号。"),
        ("", ""),
    ],
)
def test_sentence(text, result):
    assert filters.sentence(text) == result


def test_lead_in_runs_into_the_enumeration_after_it():
    """A lead-in before 一是……二是…… never ends its sentence: 但也要看到，一是……"""
    assert filters.lead_in("围绕上述要求，") == "围绕上述要求，"
    assert filters.lead_in("还存在一些短板：") == "还存在一些短板："
    assert filters.lead_in("但也要看到") == "但也要看到，"
    assert filters.lead_in("但也要看到,") == "但也要看到，"
    assert filters.lead_in("还存在一些短板。") == "还存在一些短板："
    assert filters.lead_in("还存在一些短板.") == "还存在一些短板："
    assert filters.lead_in("问题在哪里？") == "问题在哪里？"


def test_bare_strips_trailing_punctuation():
    assert filters.bare("突出抓督导，力促均衡。") == "突出抓督导，力促均衡"
    assert filters.bare("为什么？") == "为什么？"


def test_points():
    assert filters.points(["甲", "乙。", "丙；"]) == "一是甲；二是乙；三是丙。"
    assert filters.points(["甲", "要乙"], "yao") == "一要甲；二要乙。"  # no 二要要
    assert filters.points(["甲"], "yao") == "甲。"  # one clause is not enumerated
    assert filters.points([]) == ""


def test_count_sentence():
    stock, one = "重点抓好{n}个方面工作：", "重点抓好以下工作："
    assert filters.count_sentence(True, stock, 4, one) == "重点抓好四个方面工作："
    assert filters.count_sentence(None, stock, 2, one) == "重点抓好两个方面工作："
    assert filters.count_sentence(True, stock, 1, one) == "重点抓好以下工作："
    assert filters.count_sentence(False, stock, 4, one) == ""
    assert filters.count_sentence(True, stock, 0, one) == ""
    mine = "下面，我从{n}个方面谈谈看法。"
    assert filters.count_sentence(mine, stock, 3) == "下面，我从三个方面谈谈看法。"
    assert filters.count_sentence(mine, stock, 1) == ""  # 从一个方面谈谈: left out (check warns)


def test_before_count():
    assert filters.before_count("围绕上述要求，") == "围绕上述要求，"
    assert filters.before_count("工作成效显著：") == "工作成效显著。"
    assert filters.before_count("工作成效显著") == "工作成效显著。"


def test_finish_and_ends_sentence():
    assert (
        filters.finish("实现全年校园安全责任事故“零发生”") == "实现全年校园安全责任事故“零发生”。"
    )
    assert filters.finish("他说：“要抓落实。”") == "他说：“要抓落实。”"
    assert filters.finish("主要有以下几项：") == "主要有以下几项："
    assert filters.finish("抓好落实；") == "抓好落实。"
    assert filters.finish("Hello, world.") == "Hello, world."
    assert filters.sentence("……。”") == "……。”"


def test_after_label_drops_the_word_the_label_already_says():
    assert filters.after_label("要加强组织领导", "yao") == "加强组织领导"
    assert filters.after_label("是要加强组织领导", "shi") == "要加强组织领导"
    assert filters.after_label("要加强组织领导", "shi") == "要加强组织领导"
    assert filters.after_label("要加强组织领导", "paren") == "要加强组织领导"


def test_paragraphs():
    assert filters.paragraphs("一\n\n 二 \n") == ["一", "二"]
    assert filters.paragraphs("") == []


def test_counts():
    assert filters.cn(8) == "八"
    assert filters.cn_count(2) == "两个"
    assert filters.cn_count(3, "点") == "三点"
