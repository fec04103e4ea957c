"""extract on small speeches of the genre, written for these tests: every structure real speeches
use, each as paragraphs and as one line from a web page (no line breaks, no punctuation at the
end of headings). Each gives back its own characters; every guessed heading is marked # 核对."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml

from drafter.analysis.extract import extract
from drafter.analysis.labels import fold
from drafter.pipeline import Renderer

GUESS = "核对：标题到这里结束是推测的"  # the comment on a heading whose end is a guess

GUEST = """\
在云岭县职业教育集团成立大会上的致辞
县人民政府副县长 孟清和
（2026年3月12日）
尊敬的周启明会长，
各位来宾、各位老师，
同志们：
很高兴出席云岭县职业教育集团成立大会。我代表县人民政府，对集团的成立表示热烈祝贺！借此机会，我讲三点意见。
1、充分认识集团成立的重要意义
职业教育连着产业、连着就业，是县域经济的重要支撑。组建职业教育集团，把学校、企业和行业协会联结起来，资源可以共享，优势可以互补。
2、找准集团发展的着力点
（1）深化校企合作。集团要推动成员学校与企业共建实训基地，让学生在真实岗位上学本领。
（2）提升专业水平。要围绕县里的主导产业调整专业设置，办好一批骨干专业。
3、为集团发展创造良好环境。县直有关部门要在场地、经费、人才引进等方面给予支持，帮助集团解决实际困难。
新春即至，我谨代表县人民政府，向各位来宾和全县职业教育工作者拜个早年，祝大家新春愉快、阖家幸福！
谢谢大家！
"""

NESTED = """\
同志们：
今天召开全市中小学读书活动推进会，我讲两个方面。
一、读书活动开局良好
第一，组织有力
各校把读书活动列入学期计划，做到有方案、有专人。
一是书目精。各校结合学段特点选定必读书目。
二是时间实。每天安排二十分钟集中阅读。
第二，氛围浓厚
校园书香角、班级图书柜已经普遍建立起来。
二、推动读书活动走深走实
1、丰富活动形式
（1）办好读书节。每学期举办一次读书节，展示阅读成果。
（2）用好数字资源。引导学生利用电子书库开展拓展阅读。
2、完善评价办法。把阅读情况纳入学生综合素质评价，防止走过场。
同志们，读书是一辈子的事。希望大家共同努力，让书香溢满校园！
"""

SLIP = """\
同志们：
今天的会议主要是部署作风建设工作。
一、切实加强作风建设
作风建设永远在路上。
一是要讲规矩。规矩立起来了，工作才有章法。
三是要重实干。一分部署，九分落实。
三是要敢担当。遇到难题不回避，碰到矛盾不推诿。
四是要守底线。廉洁自律这根弦任何时候都不能松。
同志们，让我们以过硬作风推动各项工作落地见效！
"""

NO_PARTS = """\
在全市青少年科技节开幕式上的致辞
市科学技术协会主席 卢文涛
（2026年5月18日）
各位老师、同学们：
上午好！今天，第十届全市青少年科技节开幕了。科技节是同学们展示创意、交流成果的舞台，也是播撒科学种子的园地。
希望同学们珍惜机会，多动手、多动脑，在探索中发现乐趣，在实践中增长才干。
最后，预祝本届科技节取得圆满成功！
谢谢大家！
"""

PART_WORDS = """\
凝心聚力 奋发有为
——在2026年全区卫生健康工作会议上的讲话
区卫生健康局局长 贺明远
2026年1月9日
同志们：
这次会议的任务是总结去年工作，部署今年任务。
第一部分 2025年工作回顾
过去一年，全区卫生健康系统扎实工作，各项指标稳中有升。
第二部分 2026年重点工作
今年要着力抓好基层医疗机构能力建设，推动优质资源下沉。
同志们，新的一年任务艰巨，让我们携手并进，再创佳绩！
"""

# One line from a web page, half-width punctuation; the opening announces the three parts.
ANNOUNCED = (
    "深化改革 提质增效——在2026年全县教育工作会议上的讲话县教育局局长 岳明川2026年2月6日"
    "同志们:今天召开全县教育工作会议。下面,我讲三个方面:一是回顾过去一年工作;"
    "二是部署今年重点任务;三是提出几点要求。一、回顾过去一年工作过去一年,全县教育系统"
    "迎难而上,各项工作取得新进展。(一)办学条件持续改善新建改扩建学校6所,新增学位3200个。"
    "(二)教育质量稳步提升高中学业水平考试合格率达到98.6%。二、部署今年重点任务今年要重点"
    "抓好三件事。(一)扩大优质学位供给加快城区学校建设。(二)建强教师队伍实施青年教师成长"
    "计划。(三)守牢校园安全底线健全安全风险排查机制。三、提出几点要求已有成绩的取得,离不开"
    '大家的辛勤付出。各单位要对照"任务清单",逐项抓好落实。同志们,让我们团结一心,为建设教育'
    "强县而努力奋斗!谢谢大家!"
)

# Tasks headed 抓……, each on its own line; run together, three end where a cue says and one
# (突出抓督导……) runs into a first sentence no cue cuts.
TASKS = """\
在2026年全县教育工作会议上的讲话
县教育局局长 田立新
2026年1月15日
同志们：
今天召开全县教育工作会议，总结去年工作，部署今年任务。
一、2025年工作回顾
过去一年，全县教育系统攻坚克难，各项工作取得新进展。
（一）办学条件持续改善。新建学校3所，改造校舍2万平方米。
（二）队伍素质稳步提升。全年培训教师1800人次。
二、2026年重点工作
今年重点抓好四个方面工作：
（一）着力抓统筹，推动城乡学校协同发展
按照一体化思路配置资源，全年完成结对帮扶学校20对。
（二）突出抓督导，促进县域教育优质均衡
逐校梳理办学短板。县里将组织专项督导，督导结果向社会公开。
（三）创新抓育人，完善学生综合素质评价体系
围绕核心素养改进评价，引导学校转变育人方式。
（四）严格抓安全，筑牢校园安全防线
坚持每月排查隐患，发现问题立即整改。
同志们，新的一年任务艰巨，让我们共同努力！
"""

# An exchange meeting's 第一，…… on lines of their own, one holding 一是、二是.
EXCHANGE = """\
在全市中小学劳动教育经验交流会上的讲话
市教育局副局长 蔡文远
（2026年4月22日）
同志们：
刚才，三所学校介绍了开展劳动教育的做法，讲得很实在。下面，我谈两点体会。
一、几点启示
第一，劳动教育要坚持因地制宜
劳动教育没有统一的模板，各校条件不同，路子也不同。从交流的情况看，办得好的学校都抓住了两点：
一是用好身边资源。城区学校开辟屋顶菜园，乡村学校利用周边农田，让学生就近参加劳动。
二是贴近学生生活。从整理书包、打扫教室做起，把劳动融入学生的日常。
第二，劳动教育要坚持久久为功
劳动习惯不是一两次活动就能养成的。要把劳动教育排进课表，每周安排固定课时，持之以恒地抓下去。
第三，劳动教育要坚持家校协同
学校要给家长布置适合的家务劳动清单，请家长做好督促和评价。
二、下一步要求
各校要结合实际制订劳动教育实施方案，下学期开学前报市教育局备案。
同志们，让我们把劳动教育抓实抓好！
"""

SPEECHES = {
    "guest": GUEST,
    "nested": NESTED,
    "slip": SLIP,
    "no-parts": NO_PARTS,
    "part-words": PART_WORDS,
    "announced": ANNOUNCED,
    "tasks": TASKS,
    "exchange": EXCHANGE,
}


def one_line(text: str) -> str:
    """The speech as a web page gives it: one line, headings run into their text."""
    return "".join(line.strip() for line in text.splitlines())


def read(text: str) -> tuple[str, dict]:
    outline = extract(text.encode("utf-8"), Path("speech.txt"))
    return outline, yaml.safe_load(outline)


def items_of(holder: dict) -> list[tuple]:
    return [
        (item.get("headline", ""), item.get("numbering"), items_of(item))
        for item in holder.get("items", [])
    ]


@pytest.mark.parametrize("name", list(SPEECHES))
@pytest.mark.parametrize("form", ["paragraphs", "one line"])
def test_every_speech_gives_back_its_characters(keep_renderer: Renderer, name, form):
    text = SPEECHES[name] if form == "paragraphs" else one_line(SPEECHES[name])
    outline, _ = read(text)
    rendered = "".join(keep_renderer.document(keep_renderer.loads(outline)).lines())
    assert fold(rendered) == fold(text)
    assert "【待补】" not in outline


def marked_headings(outline: str) -> list[tuple[str, bool]]:
    """Every heading of an extracted outline in order (part titles, headlines, "" for an item
    without one) and whether its line carries a # 核对 comment."""
    found: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            found.append(item.get("headline", ""))
            walk(item.get("items", []))

    for part in yaml.safe_load(outline)["parts"]:
        found.append(part["title"])
        walk(part.get("items", []))
    lines = [line for line in outline.splitlines() if HEADING_LINE.match(line)]
    return list(zip(found, ["# 核对" in line for line in lines], strict=True))


HEADING_LINE = re.compile(r"\s+(?:title|- headline|- text):")


@pytest.mark.parametrize("name", [name for name, text in SPEECHES.items() if "\n" in text])
def test_an_unmarked_heading_is_one_the_text_marks(name):
    """Read as paragraphs, every heading is certain; run into one line, a heading left unmarked
    is exactly the heading the paragraphs have, at every level."""
    certain = marked_headings(read(SPEECHES[name])[0])
    assert not any(marked for _, marked in certain)
    found = marked_headings(read(one_line(SPEECHES[name]))[0])
    assert len(found) == len(certain)
    for (heading, marked), (truth, _) in zip(found, certain, strict=True):
        assert marked or fold(heading) == fold(truth), (heading, truth)


def test_headlines_run_into_their_text_are_cut_or_marked_in_one_line():
    outline, data = read(one_line(TASKS))
    first, second = data["parts"]
    # 2025年工作回顾|过去一年……: a period opens the body, even after 回顾
    assert (first["title"], first["intro"][:4]) == ("2025年工作回顾", "过去一年")
    # a title and its intro run up to the list's first label: the colon says there is an intro
    assert (second["title"], second["intro"]) == ("2026年重点工作", "今年重点抓好四个方面工作：")
    assert [i["headline"] for i in second["items"]] == [
        "着力抓统筹，推动城乡学校协同发展",
        "突出抓督导，促进县域教育优质均衡逐校梳理办学短板。",  # no cue inside: marked
        "创新抓育人，完善学生综合素质评价体系",
        "严格抓安全，筑牢校园安全防线",
    ]
    merged = next(line for line in outline.splitlines() if "突出抓督导" in line)
    assert f"{GUESS}（原文的标题可能丢了自己的标点，和正文连成了这一句）" in merged
    assert all(marked for _, marked in marked_headings(outline)[4:])


def test_a_list_that_ran_together_is_marked_though_no_sibling_kept_its_end():
    """Every headline of the list ran into its first sentence: the cues cut two, and the two
    they cannot cut are marked, not taken as headlines the text gave."""
    text = one_line(TASKS).replace("防线坚持每月", "防线。坚持每月")  # one more sentence
    for cut in ("协同发展", "评价体系"):
        text = text.replace(cut + "按照", cut + "，按照")
    outline, data = read(text.replace("逐校梳理办学短板。", "逐校梳理办学短板，"))
    items = data["parts"][1]["items"]
    assert all(marked for _, marked in marked_headings(outline)[4:]), outline
    assert len(items) == 4


@pytest.mark.parametrize("form", ["paragraphs", "one line"])
def test_di_items_holding_shi_items_split_their_headlines(form):
    outline, data = read(EXCHANGE if form == "paragraphs" else one_line(EXCHANGE))
    part = data["parts"][0]
    assert (part["title"], part["numbering"]) == ("几点启示", "di")
    first, second, third = part["items"]
    assert (first["headline"], first["numbering"]) == ("劳动教育要坚持因地制宜", "shi")
    assert first["text"].startswith("劳动教育没有统一的模板")
    assert [i["headline"] for i in first["items"]] == ["用好身边资源。", "贴近学生生活。"]
    assert second["headline"] == "劳动教育要坚持久久为功"  # the body takes up 劳动……
    assert third["headline"].startswith("劳动教育要坚持家校协同")
    marks = [marked for _, marked in marked_headings(outline)]
    if form == "paragraphs":
        assert not any(marks)
    else:  # where each 第一，…… ends is a guess: each is marked (the inner 一是…… end at 。)
        assert marks == [False, True, False, False, True, True, True], marks


def test_an_item_opening_with_a_long_sentence_takes_its_first_clause_as_a_guess():
    text = (
        "同志们：\n开场。\n一、几点体会\n"
        "第一，坚持规划先行，把校园建设纳入全县国土空间规划，做到学校和小区同步设计、同步建设。"
        "一是摸清底数。二是预留用地。\n"
        "第二，坚持质量为本，新建校舍全部达到抗震设防标准，所有项目都经过第三方检测。\n"
        "第三，当前全县学位总体够用，但城区学校班额偏大的问题还没有根本解决，需要持续用力。\n"
    )
    outline, data = read(text)
    first, second, third = data["parts"][0]["items"]
    assert (first["headline"], first["numbering"]) == ("坚持规划先行，", "shi")
    assert first["text"].startswith("把校园建设纳入")
    assert second["headline"] == "坚持质量为本，"
    assert "headline" not in third  # 当前…… opens a body, never a heading
    reason = "（原文第一句太长，不像标题：取了它的第一个分句）"
    assert outline.count(f"{GUESS}{reason}") == 2


def test_guest_speech_salutation_subtitle_parts_numbered_1_and_greeting():
    outline, data = read(GUEST)
    assert (data["occasion"], data["address"], data["speaker"], data["date"]) == (
        "云岭县职业教育集团成立大会",
        "致辞",
        "县人民政府副县长 孟清和",
        "2026年3月12日",
    )
    assert data["date_brackets"] is True  # the office's （2026年3月12日） kept
    # a salutation over several lines is one salutation, never part of the speaker
    assert data["salutation"] == "尊敬的周启明会长，各位来宾、各位老师，同志们"
    assert data["parts_numbering"] == "arabic-dun"
    first, second, third = data["parts"]
    assert (first["title"], first["run_in"]) == ("充分认识集团成立的重要意义", False)
    assert (second["numbering"], items_of(second)) == (
        "paren-arabic",
        [("深化校企合作。", None, []), ("提升专业水平。", None, [])],
    )
    # a part heading that runs into its first paragraph: 3、……。正文……
    assert (third["title"], third["run_in"]) == ("为集团发展创造良好环境。", True)
    assert third["intro"].startswith("县直有关部门")
    closing = data["closing"]
    assert "text" not in closing
    assert closing["greeting"]["text"].startswith("新春即至，我谨代表县人民政府")
    assert closing["thanks"] is True
    assert GUESS not in outline


@pytest.mark.parametrize("form", ["paragraphs", "one line"])
def test_a_bracketed_date_over_the_speaker_is_the_date(form):
    """Some offices print the date between the subtitle and the speaker."""
    lines = EXCHANGE.splitlines()
    lines[1:3] = [lines[2], lines[1]]  # （2026年4月22日） over 市教育局副局长 蔡文远
    text = "\n".join(lines)
    _, data = read(text if form == "paragraphs" else one_line(text))
    assert (data["speaker"], data["date"], data["date_brackets"]) == (
        "市教育局副局长 蔡文远",
        "2026年4月22日",
        True,
    )
    assert data["occasion"] == "全市中小学劳动教育经验交流会"


def test_guest_speech_in_one_line_marks_only_the_guessed_title():
    outline, data = read(one_line(GUEST))
    assert [p["title"] for p in data["parts"]] == [
        "充分认识集团成立的重要意义",
        "找准集团发展的着力点",
        "为集团发展创造良好环境。",
    ]
    marked = [line for line in outline.splitlines() if GUESS in line]
    assert marked == [
        f"    title: 充分认识集团成立的重要意义   # {GUESS}（原文这里没有标点或换行）"
    ]


@pytest.mark.parametrize("form", ["paragraphs", "one line"])
def test_items_inside_items(form):
    text = NESTED if form == "paragraphs" else one_line(NESTED)
    outline, data = read(text)
    first, second = data["parts"]
    assert (first["title"], first["numbering"]) == ("读书活动开局良好", "di")
    assert items_of(first) == [
        ("组织有力", "shi", [("书目精。", None, []), ("时间实。", None, [])]),
        ("氛围浓厚", None, []),
    ]
    assert (second["title"], second["numbering"]) == ("推动读书活动走深走实", "arabic-dun")
    assert items_of(second) == [
        (
            "丰富活动形式",
            "paren-arabic",
            [("办好读书节。", None, []), ("用好数字资源。", None, [])],
        ),
        ("完善评价办法。", None, []),
    ]
    assert first["items"][0]["text"] == "各校把读书活动列入学期计划，做到有方案、有专人。"
    if form == "paragraphs":  # 第一，组织有力 stands on its own line; nothing is a guess
        assert first["run_in"] is False
        assert GUESS not in outline
    else:  # where 组织有力 and 氛围浓厚 end is a guess, and says so
        assert outline.count(GUESS) == 2
    assert data["closing"]["text"].startswith("同志们，读书是一辈子的事")


@pytest.mark.parametrize("form", ["paragraphs", "one line"])
def test_a_numbering_slip_is_one_list_kept_as_written(form):
    text = SLIP if form == "paragraphs" else one_line(SLIP)
    outline, data = read(text)
    part = data["parts"][0]
    assert part["title"] == "切实加强作风建设"
    assert part["numbering"] == "none"
    assert [item["headline"] for item in part["items"]] == [
        "一是要讲规矩。",
        "三是要重实干。",
        "三是要敢担当。",
        "四是要守底线。",
    ]
    assert "    # 核对：原文序号有误（一是、三是、三是、四是）" in outline


def test_a_speech_without_parts_is_an_opening_and_a_closing():
    _, data = read(NO_PARTS)
    assert data["parts"] == [] and data["parts_numbering"] == "none"
    assert data["salutation"] == "各位老师、同学们"
    assert data["opening"]["text"].startswith("上午好！")
    assert data["opening"]["text"].rstrip().endswith("在实践中增长才干。")
    assert data["closing"] == {"text": "最后，预祝本届科技节取得圆满成功！", "thanks": True}


def test_parts_numbered_di_yi_bu_fen_keep_their_numbers():
    outline, data = read(PART_WORDS)
    assert data["parts_numbering"] == "none"
    assert [p["title"] for p in data["parts"]] == [
        "第一部分 2025年工作回顾",
        "第二部分 2026年重点工作",
    ]
    assert "parts_numbering: none   # 原文用“第一部分”等标出各部分" in outline


def test_the_opening_s_announced_list_says_where_one_line_titles_end():
    outline, data = read(ANNOUNCED)
    assert [p["title"] for p in data["parts"]] == [
        "回顾过去一年工作",
        "部署今年重点任务",
        "提出几点要求",
    ]
    assert [[i["headline"] for i in p.get("items", [])] for p in data["parts"]] == [
        ["办学条件持续改善", "教育质量稳步提升"],
        ["扩大优质学位供给", "建强教师队伍", "守牢校园安全底线"],
        [],
    ]
    for line in outline.splitlines():  # the titles are certain; the items' ends are guesses
        if "- headline:" in line:
            assert GUESS in line
        if line.lstrip().startswith("title:"):
            assert GUESS not in line
    assert data["closing"]["thanks"] is True
    # written as render writes it: full width inside Chinese text, quotes curly
    assert data["parts"][0]["intro"].startswith("过去一年，全县教育系统")
    assert data["parts"][2]["intro"].endswith("各单位要对照“任务清单”，逐项抓好落实。")


def test_an_item_whose_first_sentence_is_its_point_is_only_text():
    text = (
        "同志们：\n开场。\n一、形势\n第一，当前全市教育正处在由规模扩张转向内涵提升的关键阶段，"
        "人民群众对优质教育的期待越来越高。\n第二，教育改革进入深水区。难啃的硬骨头越来越多。\n"
    )
    outline, data = read(text)
    first, second = data["parts"][0]["items"]
    assert first == {"text": first["text"]} and first["text"].startswith("当前全市教育")
    assert second["headline"] == "教育改革进入深水区。"
    assert "【待补】" not in outline


# --- .docx input ------------------------------------------------------------------------------


def docx_bytes(build) -> bytes:
    import docx

    word = docx.Document()
    build(word)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def outline_level(paragraph, level: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    paragraph._p.get_or_add_pPr().append(element)


def test_docx_a_heading_without_label_or_numbering_is_an_unnumbered_part():
    def build(word):
        outline_level(word.add_paragraph("携手共进 再创佳绩"), 0)  # a title at outline level 0
        word.add_paragraph("同志们：")
        word.add_paragraph("开场。")
        word.add_paragraph("工作回顾", style="Heading 1")
        word.add_paragraph("突出抓督导", style="Heading 2")
        word.add_paragraph("正文。")
        word.add_paragraph("工作要求", style="Heading 1")
        word.add_paragraph("各单位要抓好落实。")

    data = yaml.safe_load(extract(docx_bytes(build), Path("w.docx")))
    assert data["title"] == "携手共进 再创佳绩"  # not 一、携手共进……
    assert data["parts_numbering"] == "none"
    assert [p["title"] for p in data["parts"]] == ["工作回顾", "工作要求"]
    assert data["parts"][0]["items"] == [{"headline": "突出抓督导", "text": "正文。"}]


def test_docx_numbers_word_writes_itself_are_read_as_they_show():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(word):
        numbering = word.part.numbering_part.element
        numbering.append(
            parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
                '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
                '<w:lvlText w:val="%1、"/></w:lvl>'
                '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
                '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'
            )
        )
        numbering.append(
            parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
        )
        word.add_paragraph("——在2026年全市教育工作会议上的讲话")
        word.add_paragraph("同志们：")
        word.add_paragraph("开场。")
        for text, level in (("工作回顾", 0), ("党建引领有力。党组织全覆盖。", 1), ("工作要求", 0)):
            paragraph = word.add_paragraph(text)
            paragraph._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/>'
                    "</w:numPr>"
                )
            )
        word.add_paragraph("各单位要抓好落实。")

    data = yaml.safe_load(extract(docx_bytes(build), Path("w.docx")))
    assert data["parts_numbering"] == "cn"
    assert [p["title"] for p in data["parts"]] == ["工作回顾", "工作要求"]
    assert data["parts"][0]["numbering"] == "paren"
    assert data["parts"][0]["items"][0]["headline"] == "党建引领有力。"


def test_docx_run_in_headings_end_where_their_character_style_ends(renderer, keep_renderer):
    outline = {
        "kind": "generic",
        "occasion": "全市教育工作会议",
        "parts_numbering": "cn",
        "parts": [
            {"type": "topic", "title": "正确认识新形势", "run_in": True, "intro": "当前形势很好。"},
            {
                "type": "topic",
                "title": "抓好重点工作",
                "numbering": "paren",
                "run_in": "items",
                "items": [
                    {"headline": "扩大优质学位", "text": "新建学校六所。"},
                    {"headline": "建强教师队伍", "text": "培训教师两千人。"},
                ],
            },
        ],
    }
    document = renderer.document(renderer.loads(yaml.safe_dump(outline, allow_unicode=True)))
    found = extract(renderer.to_bytes(document, "docx"), Path("d.docx"))
    data = yaml.safe_load(found)
    assert (data["parts"][0]["title"], data["parts"][0]["run_in"]) == ("正确认识新形势", True)
    assert [i["headline"] for i in data["parts"][1]["items"]] == ["扩大优质学位", "建强教师队伍"]
    assert GUESS not in found
    rendered = "".join(keep_renderer.document(keep_renderer.loads(found)).lines())
    assert fold(rendered) == fold("".join(document.lines()))


def test_docx_a_list_style_numbers_its_paragraphs():
    def build(word):
        word.add_paragraph("同志们：")
        word.add_paragraph("开场。")
        word.add_paragraph("一、工作要求")
        word.add_paragraph("加强组织领导。各单位要落实责任。", style="List Number")
        word.add_paragraph("强化督查考核。督查结果要通报。", style="List Number")

    data = yaml.safe_load(extract(docx_bytes(build), Path("w.docx")))
    part = data["parts"][0]
    assert part["numbering"] == "arabic"  # List Number shows 1. 2.
    assert [i["headline"] for i in part["items"]] == ["加强组织领导。", "强化督查考核。"]


def headings(data: dict) -> list:
    def items(holder: dict) -> list:
        return [(i.get("headline"), items(i)) for i in holder.get("items", [])]

    return [(p["title"], items(p)) for p in data["parts"]]


@pytest.mark.parametrize("name", list(SPEECHES))
@pytest.mark.parametrize("fmt", ["txt", "md", "docx"])
def test_an_extracted_outline_drafted_again_reads_the_same(keep_renderer, name, fmt):
    """extract → render → extract: the same headings, nothing left to guess the second time."""
    first, data = read(one_line(SPEECHES[name]))
    document = keep_renderer.document(keep_renderer.loads(first))
    again = extract(keep_renderer.to_bytes(document, fmt), Path(f"again.{fmt}"))
    assert headings(yaml.safe_load(again)) == headings(data)
    assert GUESS not in again
