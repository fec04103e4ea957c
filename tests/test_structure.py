"""Reading a finished speech into a Document: its header, parts and items, the traps of one-line
text, and that what drafter wrote reads back into what it was written from."""

from pathlib import Path

import pytest

from drafter.analysis.extract import read_source
from drafter.analysis.frame import header_fields, split_greeting
from drafter.analysis.structure import Hints, read_document
from drafter.document import Document, Header, Heading, Lead, Numbered, Paragraph, Run

from conftest import EXAMPLES, KINDS

HEAD = "深化改革 推进发展——在2026年全市教育工作会议上的讲话市教育局局长 张某某2026年1月20日同志们:"


def frame(document: Document) -> tuple[str, ...]:
    """(title, occasion, speaker, date, salutation) as the speech has them."""
    title, occasion, _ = header_fields(document.header)
    header = document.header
    return title, occasion, header.byline, header.date, said(document, "salutation").rstrip("：")


def said(document: Document, role: str = "body") -> str:
    """The text of the paragraphs in `role` outside any heading, one a line."""
    texts, inside = [], False
    for block in document.blocks:
        inside = inside or isinstance(block, Heading) or getattr(block, "lead", None) is not None
        if isinstance(block, Paragraph) and block.role == role and (role != "body" or not inside):
            texts.append(block.body_text)
    return "\n".join(texts)


def under(document: Document, heading: Numbered) -> str:
    """The text that follows a heading up to the next heading, one paragraph a line."""
    index = next(i for i, b in enumerate(document.blocks) if heading in (b, getattr(b, "lead", 0)))
    block = document.blocks[index]
    texts = [block.body_text] if isinstance(block, Paragraph) and block.body_text else []
    for block in document.blocks[index + 1 :]:
        if isinstance(block, Heading) or block.lead is not None or block.role != "body":
            break
        texts.append(block.body_text)
    return "\n".join(texts)


def inside(document: Document, heading: Numbered) -> list[Numbered]:
    """The headings one level inside `heading`, up to the next heading of its level."""
    found = list(document.headings())
    start = next(i for i, h in enumerate(found) if h is heading)
    items = []
    for item in found[start + 1 :]:
        if item.level <= heading.level:
            break
        if item.level == heading.level + 1:
            items.append(item)
    return items


def parts(text: str) -> tuple[Document, list[Numbered]]:
    document = read_document(HEAD + text)
    return document, list(document.headings(1))


def test_header_from_one_line():
    document = read_document(HEAD + "今天开会。")
    assert frame(document) == (
        "深化改革 推进发展",
        "2026年全市教育工作会议",
        "市教育局局长 张某某",
        "2026年1月20日",
        "同志们",
    )
    assert said(document) == "今天开会。"
    # worded as render words it, so a writer writes it as drafter's own drafts
    assert document.header == Header(
        "深化改革 推进发展",
        "——在2026年全市教育工作会议上的讲话",
        "市教育局局长 张某某",
        "2026年1月20日",
    )
    assert document.blocks[0] == Paragraph((Run("同志们："),), role="salutation")


def test_header_from_lines_without_title_and_with_a_date_in_brackets():
    text = "在全市读书活动启动仪式上的讲话\n副市长 王某\n（2026年4月23日）\n各位领导，老师们、同学们：\n今天……"
    document = read_document(text)
    assert document.header.title == "在全市读书活动启动仪式上的讲话"
    assert frame(document) == (
        "",
        "全市读书活动启动仪式",
        "副市长 王某",
        "（2026年4月23日）",
        "各位领导，老师们、同学们",
    )


def test_placeholder_dates_are_kept_as_printed():
    header = read_document("题目——在201X年会上的讲话局长 XX201X年X月XX日同志们:开场。").header
    assert (header.byline, header.date) == ("局长 XX", "201X年X月XX日")


def test_headings_must_come_in_sequence_and_at_a_sentence_start():
    text = (
        "开场。一、工作回顾。标准统一、教师编制到位。初中一、二年级班额下降。排名第一，进步明显。"
        "二、重点任务。抓好落实。一、这不是第三部分。三、工作要求。各单位要落实。"
    )
    document, found = parts(text)
    assert [(p.label, p.text) for p in found] == [
        ("一、", "工作回顾。"),
        ("二、", "重点任务。"),
        ("三、", "工作要求。"),
    ]
    intro = under(document, found[0])
    assert "标准统一、教师编制到位。初中一、二年级班额下降。排名第一，进步明显。" in intro


def test_items_restart_in_each_part_and_keep_their_style():
    text = (
        "一、回顾。(一)甲项成效明显。正文。(二)乙项稳步推进。正文。"
        "二、任务。1、抓统筹,切实优化教育结构促进协调发展。正文。2、抓改革,不断提高办学质量。正文。"
        "三、要求。第一,加强领导。正文。第二,严明纪律。正文。"
    )
    document, found = parts(text)
    items = [inside(document, p) for p in found]
    assert [(i[0].numbering, len(i)) for i in items] == [
        ("paren", 2),
        ("arabic-dun", 2),
        ("di", 2),
    ]
    assert items[1][0].text == "抓统筹,切实优化教育结构"
    assert under(document, items[1][0]).startswith("促进协调发展。")


def test_a_secondary_enumeration_stays_in_the_text():
    text = (
        "一、回顾。(一)甲项成效明显。正文。(二)乙项稳步推进。正文。同时也存在问题:一是投入不足;"
        "二是结构不优。对此要高度重视。二、任务。一是加强学习。二是改进作风。"
    )
    document, (first, second) = parts(text)
    assert len(inside(document, first)) == 2
    assert "一是投入不足;二是结构不优" in under(document, inside(document, first)[1])
    items = inside(document, second)
    assert (items[0].numbering, [i.text for i in items]) == ("shi", ["加强学习。", "改进作风。"])


def test_a_title_run_into_its_body_is_split_where_the_body_begins():
    document, found = parts(
        "开场。一、2025年主要工作回顾2025年,在市委领导下,各项工作扎实推进。二、下半年工作安排今年下半年,重点抓好。"
    )
    assert [(p.text, p.guessed) for p in found] == [
        ("2025年主要工作回顾", True),
        ("下半年工作安排", True),
    ]
    assert under(document, found[0]).startswith("2025年,在市委领导下")


def test_closing_greeting_and_thanks():
    document, found = parts(
        "开场。一、要求。各单位要落实。同志们,让我们共同努力!最后,祝大家新春愉快!谢谢大家!"
    )
    assert under(document, found[0]) == "各单位要落实。"
    closing, greeting, thanks = split_greeting(said(document, "closing"))
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
    document = read_document(text)
    first, second = document.headings(1)
    intro = under(document, first)
    assert (first.text, intro, len(inside(document, first))) == ("工作回顾", "回顾的导语。", 2)
    item = inside(document, second)[0]
    assert item.text == "突出抓督导，力促均衡"
    assert not isinstance(item, Lead)  # on a line of its own
    assert under(document, item) == "对照标准找问题。"
    assert said(document, "closing") == "同志们，让我们努力！"
    # one paragraph a line, as the text has them: headings on their lines, run-in ones leading
    assert [b.full_text for b in document.blocks] == text.split("\n")[4:]


def test_nothing_is_lost():
    text = HEAD + "开场白。一、回顾。(一)甲。正文甲。二、任务。同志们,努力!"
    document = read_document(text)
    pieces = [b.full_text for b in document.blocks[1:]]  # after the salutation
    assert "".join(pieces) == text[len(HEAD) :]
    # a speech in one line: every block after the opening's ran on in the one before it
    assert [b.joined for b in document.blocks] == [False, False, True, True, True, True]
    assert [s.paragraphs for s in document.sections()] == [2, 1, 1, 1]


def test_a_salutation_ends_the_speaker_line_in_one_line_text():
    text = "在全市教师节表彰大会上的讲话市长 顾远帆尊敬的各位老教师、各位领导,老师们:大家好。"
    _, occasion, speaker, _, salutation = frame(read_document(text))
    assert (occasion, speaker, salutation) == (
        "全市教师节表彰大会",
        "市长 顾远帆",
        "尊敬的各位老教师、各位领导,老师们",
    )


def test_the_subtitle_word_is_the_address():
    for word in ("讲话", "致辞", "发言", "报告"):
        header = read_document(f"题目\n——在全市会议上的{word}\n同志们：\n开场。").header
        assert header_fields(header) == ("题目", "全市会议", word)


def test_a_speech_without_a_salutation_keeps_its_header():
    document = read_document(
        "在全县春季开学工作会上的讲话\n2026年2月20日\n今天开会。\n一、要求\n落实。"
    )
    _, occasion, _, date, _ = frame(document)
    assert (occasion, date) == ("全县春季开学工作会", "2026年2月20日")
    assert said(document) == "今天开会。"


def test_cues_for_a_heading_that_lost_its_end():
    # a body that opens with its period, or with words no heading contains
    _, found = parts(
        "开场。一、2025年工作回顾2025年,全市教育系统攻坚克难。二、坚定信心习近平总书记强调,要办好教育。"
    )
    assert [(p.text, p.guessed) for p in found] == [
        ("2025年工作回顾", True),
        ("坚定信心", True),
    ]
    # the body takes up the heading's noun
    _, found = parts("开场。一、加强师德师风建设师德师风建设是立教之本。二、工作要求。各单位落实。")
    assert (found[0].text, found[0].guessed) == ("加强师德师风建设", True)
    # a heading that ends with its own mark and a short tail is one heading, not a cut
    _, found = parts("开场。一、准确把握教育改革发展的新形势新任务。当前,形势很好。")
    assert (found[0].text, found[0].guessed) == (
        "准确把握教育改革发展的新形势新任务。",
        False,
    )


def test_long_headings_that_ran_into_their_body_with_no_sibling_cut_are_marked():
    """One line of text, every heading run into its first sentence and none cut by a cue:
    each ends at its 。 only by guess (the auditor's 突出抓督导,力促义务教育优质均衡对照标准找问题)."""
    document, _ = parts(
        "开场。一、工作回顾（一）突出抓督导,力促义务教育优质均衡对照标准找问题。逐校开展自查。"
        "（二）创新抓育人,构建核心素养培养体系突出培养重点。开展主题活动。"
    )
    items = [
        (h.text, h.guessed) for h in document.headings(2) if h.text.startswith(("突出", "创新"))
    ]
    assert items and all(guessed for _, guessed in items), items


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
    text = "同志们：\n开场。\n工作回顾\n（一）党建引领有力全面推进党组织建设。\n工作要求\n落实。"
    document = read_document(
        text, Hints(headings={2: 0, 4: 0}, leads={3: len("（一）党建引领有力")})
    )
    found = list(document.headings(1))
    assert [(p.label, p.numbering) for p in found] == [("", "none"), ("", "none")]
    assert [p.text for p in found] == ["工作回顾", "工作要求"]
    item = inside(document, found[0])[0]
    assert (item.text, under(document, item), item.guessed) == (
        "党建引领有力",
        "全面推进党组织建设。",
        False,
    )
    assert document.blocks[3] == Paragraph(
        document.blocks[3].runs, Lead(2, "（一）", "党建引领有力", numbering="paren")
    )


def test_labels_written_unlike_drafter_s_stay_in_the_text_with_a_note():
    document = read_document(
        "同志们：\n开场。\n一、要求\n一是讲规矩。正文。\n三是守纪律。正文。\n三是重实效。正文。"
    )
    items = list(document.headings(2))
    assert [(i.label, i.text, i.numbering) for i in items] == [
        ("", "一是讲规矩。", "none"),
        ("", "三是守纪律。", "none"),
        ("", "三是重实效。", "none"),
    ]
    assert items[0].note.startswith("核对：原文序号有误（一是、三是、三是）")
    assert [i.note for i in items[1:]] == ["", ""]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["txt", "md", "docx"])
def test_what_drafter_wrote_reads_back_into_the_same_speech(renderer, kind, fmt):
    """Read back, a draft is a Document every writer writes: as text, the draft's own text."""
    document = renderer.document(renderer.load(EXAMPLES / f"{kind}.yaml"))
    source = read_source(Path(f"x.{fmt}"), renderer.to_bytes(document, fmt))
    read = read_document(source.text, source.hints)
    assert renderer.to_bytes(read, "txt") == renderer.to_bytes(document, "txt")
    assert [h.full_text for h in read.headings(1)] == [h.full_text for h in document.headings(1)]
    for written in ("docx", "html", "md"):
        assert renderer.to_bytes(read, written)
