"""Reading a finished speech's structure: the traps of one-line text."""

from drafter.analysis.frame import split_greeting
from drafter.analysis.structure import read_speech

HEAD = "深化改革 推进发展——在2026年全市教育工作会议上的讲话市教育局局长 张某某2026年1月20日同志们:"


def parts(text: str):
    return read_speech(HEAD + text).parts


def test_header_from_one_line():
    speech = read_speech(HEAD + "今天开会。")
    header = speech.header
    assert (header.title, header.occasion, header.speaker, header.date, header.salutation) == (
        "深化改革 推进发展",
        "2026年全市教育工作会议",
        "市教育局局长 张某某",
        "2026年1月20日",
        "同志们",
    )
    assert speech.opening == "今天开会。"


def test_header_from_lines_without_title_and_with_a_date_in_brackets():
    text = "在全市读书活动启动仪式上的讲话\n副市长 王某\n（2026年4月23日）\n各位领导，老师们、同学们：\n今天……"
    header = read_speech(text).header
    assert (header.title, header.occasion, header.speaker, header.date, header.salutation) == (
        "",
        "全市读书活动启动仪式",
        "副市长 王某",
        "（2026年4月23日）",
        "各位领导，老师们、同学们",
    )


def test_placeholder_dates_are_kept_as_printed():
    header = read_speech("题目——在201X年会上的讲话局长 XX201X年X月XX日同志们:开场。").header
    assert (header.speaker, header.date) == ("局长 XX", "201X年X月XX日")


def test_headings_must_come_in_sequence_and_at_a_sentence_start():
    text = (
        "开场。一、工作回顾。标准统一、教师编制到位。初中一、二年级班额下降。排名第一，进步明显。"
        "二、重点任务。抓好落实。一、这不是第三部分。三、工作要求。各单位要落实。"
    )
    found = parts(text)
    assert [(p.label, p.title) for p in found] == [
        ("一、", "工作回顾。"),
        ("二、", "重点任务。"),
        ("三、", "工作要求。"),
    ]
    assert "标准统一、教师编制到位。初中一、二年级班额下降。排名第一，进步明显。" in found[0].intro


def test_items_restart_in_each_part_and_keep_their_style():
    text = (
        "一、回顾。(一)甲项成效明显。正文。(二)乙项稳步推进。正文。"
        "二、任务。1、抓统筹,切实优化教育结构促进协调发展。正文。2、抓改革,不断提高办学质量。正文。"
        "三、要求。第一,加强领导。正文。第二,严明纪律。正文。"
    )
    found = parts(text)
    assert [(p.numbering, len(p.items)) for p in found] == [
        ("paren", 2),
        ("arabic-dun", 2),
        ("di", 2),
    ]
    assert found[1].items[0].headline == "抓统筹,切实优化教育结构"
    assert found[1].items[0].text.startswith("促进协调发展。")


def test_a_secondary_enumeration_stays_in_the_text():
    text = (
        "一、回顾。(一)甲项成效明显。正文。(二)乙项稳步推进。正文。同时也存在问题:一是投入不足;"
        "二是结构不优。对此要高度重视。二、任务。一是加强学习。二是改进作风。"
    )
    first, second = parts(text)
    assert len(first.items) == 2
    assert "一是投入不足;二是结构不优" in first.items[1].text
    assert (second.numbering, [i.headline for i in second.items]) == (
        "shi",
        ["加强学习。", "改进作风。"],
    )


def test_a_title_run_into_its_body_is_split_where_the_body_begins():
    found = parts(
        "开场。一、2025年主要工作回顾2025年,在市委领导下,各项工作扎实推进。二、下半年工作安排今年下半年,重点抓好。"
    )
    assert [(p.title, p.guessed_title) for p in found] == [
        ("2025年主要工作回顾", True),
        ("下半年工作安排", True),
    ]
    assert found[0].intro.startswith("2025年,在市委领导下")


def test_closing_greeting_and_thanks():
    speech = read_speech(
        HEAD + "开场。一、要求。各单位要落实。同志们,让我们共同努力!最后,祝大家新春愉快!谢谢大家!"
    )
    assert speech.parts[0].intro == "各单位要落实。"
    closing, greeting, thanks = split_greeting(speech.closing)
    assert (closing, greeting, thanks) == (
        "同志们,让我们共同努力!",
        "最后,祝大家新春愉快!",
        "谢谢大家!",
    )


def test_paragraph_input():
    text = "\n".join(
        [
            "标题",
            "——在会上的讲话",
            "局长 张某某",
            "2026年1月20日",
            "同志们：",
            "今天开会。",
            "一、工作回顾",
            "回顾的导语。",
            "（一）甲项成效明显。正文一。",
            "（二）乙项稳步推进。正文二。",
            "二、重点工作",
            "（一）突出抓督导，力促均衡",
            "对照标准找问题。",
            "同志们，让我们努力！",
        ]
    )
    speech = read_speech(text)
    first, second = speech.parts
    assert (first.title, first.intro, len(first.items)) == ("工作回顾", "回顾的导语。", 2)
    assert second.items[0].headline == "突出抓督导，力促均衡"
    assert not second.items[0].run_in
    assert second.items[0].text == "对照标准找问题。"
    assert speech.closing == "同志们，让我们努力！"


def test_nothing_is_lost():
    text = HEAD + "开场白。一、回顾。(一)甲。正文甲。二、任务。同志们,努力!"
    speech = read_speech(text)
    pieces = [speech.opening]
    for part in speech.parts:
        pieces += [part.label, part.title, part.intro]
        for item in part.items:
            pieces += [item.label, item.headline, item.text]
    pieces.append(speech.closing)
    assert "".join(pieces) == text[len(HEAD) :]


def test_a_salutation_ends_the_speaker_line_in_one_line_text():
    text = "在全市教师节表彰大会上的讲话市长 顾远帆尊敬的各位老教师、各位领导,老师们:大家好。"
    header = read_speech(text).header
    assert (header.occasion, header.speaker, header.salutation) == (
        "全市教师节表彰大会",
        "市长 顾远帆",
        "尊敬的各位老教师、各位领导,老师们",
    )


def test_the_subtitle_word_is_the_address():
    for word in ("讲话", "致辞", "发言", "报告"):
        header = read_speech(f"题目\n——在全市会议上的{word}\n同志们：\n开场。").header
        assert (header.title, header.occasion, header.address) == ("题目", "全市会议", word)


def test_a_speech_without_a_salutation_keeps_its_header():
    speech = read_speech(
        "在全县春季开学工作会上的讲话\n2026年2月20日\n今天开会。\n一、要求\n落实。"
    )
    assert (speech.header.occasion, speech.header.date) == ("全县春季开学工作会", "2026年2月20日")
    assert speech.opening == "今天开会。"


def test_cues_for_a_heading_that_lost_its_end():
    # a body that opens with its period, or with words no heading contains
    found = parts(
        "开场。一、2025年工作回顾2025年,全市教育系统攻坚克难。二、坚定信心习近平总书记强调,要办好教育。"
    )
    assert [(p.title, p.guessed_title) for p in found] == [
        ("2025年工作回顾", True),
        ("坚定信心", True),
    ]
    # the body takes up the heading's noun
    found = parts("开场。一、加强师德师风建设师德师风建设是立教之本。二、工作要求。各单位落实。")
    assert (found[0].title, found[0].guessed_title) == ("加强师德师风建设", True)
    # a heading that ends with its own mark and a short tail is one heading, not a cut
    found = parts("开场。一、准确把握教育改革发展的新形势新任务。当前,形势很好。")
    assert (found[0].title, found[0].guessed_title) == (
        "准确把握教育改革发展的新形势新任务。",
        False,
    )


def test_the_kinds_own_headings_end_in_the_vocabulary():
    import re
    from pathlib import Path

    from drafter.analysis.boundaries import HEADING_ENDINGS

    templates = Path(__file__).resolve().parent.parent / "templates"
    titles = []
    for kind in (templates / "kinds").glob("*.j2"):
        block = re.search(r"set titles = \{(.*?)\}", kind.read_text(encoding="utf-8"), re.S)
        titles += (
            re.findall(
                r'"(?:review|situation|tasks|requirements)": (?:\w+ ~ )?"([^"]+)"', block.group(1)
            )
            if block
            else []
        )
    for entry in (templates / "library" / "requirement").glob("*.yaml"):
        titles += re.findall(r"^headline: (.+)$", entry.read_text(encoding="utf-8"), re.M)
    assert len(titles) > 30
    assert [t for t in titles if not t.endswith(HEADING_ENDINGS)] == []


def test_formatting_hints_say_where_headings_end():
    from drafter.analysis.structure import Hints

    text = "同志们：\n开场。\n工作回顾\n（一）党建引领有力全面推进党组织建设。\n工作要求\n落实。"
    speech = read_speech(text, Hints(headings={2: 0, 4: 0}, leads={3: len("（一）党建引领有力")}))
    assert speech.parts_numbering == "none"
    assert [p.title for p in speech.parts] == ["工作回顾", "工作要求"]
    item = speech.parts[0].items[0]
    assert (item.headline, item.text, item.guessed) == (
        "党建引领有力",
        "全面推进党组织建设。",
        False,
    )
