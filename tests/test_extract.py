"""drafter extract: corpus speeches, traps, and render → extract round trips (txt and docx)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from drafter.analysis.check import check_outline
from drafter.analysis.extract import extract
from drafter.analysis.labels import fold
from drafter.chinese.punctuation import normalize
from drafter.cli.app import app
from drafter.pipeline import Renderer
from drafter.render.filters import cn_date

from conftest import CORPUS, EXAMPLES, KINDS

runner = CliRunner()


def flat(text: str) -> str:
    return re.sub(r"\s", "", normalize(text))


def extracted(path: Path) -> dict:
    return yaml.safe_load(extract(path.read_bytes(), path))


def structure(data: dict) -> list[tuple]:
    return [
        (p["title"], p.get("numbering"), [i.get("headline") for i in p.get("items", [])])
        for p in data["parts"]
    ]


@pytest.mark.corpus
def test_sample_02():
    data = extracted(CORPUS / "sample-02.txt")
    assert data["title"] == "深化改革创新 推进优质发展 努力打造与国家中心城市相匹配的一流教育"
    assert (data["occasion"], data["speaker"], data["date"], data["salutation"]) == (
        "201X年全市教育工作会议",
        "市教育局党委书记、局长 XX",
        "201X年X月XX日",
        "同志们",
    )
    assert (data["address"], data["parts_numbering"]) == ("讲话", "cn")
    parts = structure(data)
    assert [(t, n, len(h)) for t, n, h in parts] == [
        ("201X年主要工作回顾", "paren", 10),
        ("201X年工作重点", "paren", 7),
        ("切实提升工作能力", "paren", 3),
    ]
    assert parts[0][2][0] == "科学规划构建新体系。"
    assert parts[1][2][-1] == "突出依法治教，提升教育治理能力。"
    assert "初中一、二年级" in data["parts"][1]["items"][1]["text"]  # not a heading
    closing = data["closing"]
    assert closing["text"].startswith("同志们，新的一年")
    assert closing["greeting"]["text"].startswith("最后，我代表市教育局")
    assert closing["greeting"]["text"].endswith("幸福安康！")


@pytest.mark.corpus
def test_sample_05():
    path = CORPUS / "sample-05.txt"
    data = extracted(path)
    parts = structure(data)
    assert [(t, n, len(h)) for t, n, h in parts] == [
        ("上半年主要工作回顾", "arabic-dun", 6),
        ("下半年重点工作安排", "arabic-dun", 8),
        ("切实提高工作执行能力", "none", 4),
    ]
    assert parts[1][2] == [
        "抓统筹，切实优化教育结构",
        "抓改革，不断提高办学质量",
        "抓党建，巩固提升创新品牌",
        "抓队伍，大力实施英才工程。",
        "抓管理，全力维护系统和谐稳定",
        "抓项目，加快学校建设步伐",
        "抓考核，全面完成年度任务",
        "抓督导，构建教育评价新格局",
    ]
    # the source numbers its requirements 一是、三是、三是、四是: one list of four, as written
    assert [h[:3] for h in parts[2][2]] == ["一是要", "三是要", "三是要", "四是要"]
    text = extract(path.read_bytes(), path)
    assert "# 核对：原文序号有误（一是、三是、三是、四是）" in text
    # every heading whose end is a guess is marked, and only those
    guessed = [line for line in text.splitlines() if "核对：标题到这里结束是推测的" in line]
    assert len(guessed) == 10  # three titles and seven of the eight tasks (抓队伍…。 has its 。)


@pytest.mark.corpus
def test_sample_12():
    data = extracted(CORPUS / "sample-12.txt")
    assert "title" not in data  # the title is 在……上的讲话
    assert (data["occasion"], data["date"], data["date_brackets"], data["salutation"]) == (
        "全市“师德师风建设年”活动启动仪式",
        "201X年6月3日",  # printed in brackets: the date, and the key that keeps them
        True,
        "同志们，老师们",
    )
    assert [(t, n, len(h)) for t, n, h in structure(data)] == [
        ("统一思想，充分认识加强师德师风建设的重要意义", "di", 3),
        ("把握重点，努力开创师德师风建设的崭新局面", "di", 3),
        ("加强领导，确保师德师风建设活动取得实效", "di", 3),
    ]
    second = data["parts"][0]["items"][1]  # 第二，…… holds 一是政治性、二是先进性、三是示范性
    assert second["numbering"] == "shi"
    assert [i["headline"] for i in second["items"]] == ["政治性。", "先进性。", "示范性。"]
    inner = data["parts"][1]["items"][1]  # 第二，…… holds 一要、二要、三要
    assert (inner["numbering"], len(inner["items"])) == ("yao", 3)
    assert data["closing"]["thanks"] is True


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["sample-02.txt", "sample-05.txt", "sample-12.txt"])
def test_corpus_gives_back_its_exact_characters(keep_renderer, name):
    path = CORPUS / name
    outline = extract(path.read_bytes(), path)
    rendered = "".join(keep_renderer.document(keep_renderer.loads(outline)).lines())
    assert fold(rendered) == fold(path.read_text(encoding="utf-8"))
    assert "【待补】" not in outline


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["sample-02.txt", "sample-05.txt", "sample-12.txt"])
def test_check_on_an_extracted_speech_warns_of_no_width_and_no_placeholder_marked(
    tmp_path, renderer, name
):
    """Extract writes , ; : ! ? ( ) full width inside Chinese text, as render would; and each
    placeholder stands under a # 更新 that lists it (待补：XX), which `marked` reports."""
    path = CORPUS / name
    outline = tmp_path / "extracted.yaml"
    outline.write_text(extract(path.read_bytes(), path), encoding="utf-8")
    found = {p.rule for p in check_outline(outline, renderer)}
    assert "marked" in found
    assert not found & {"half-width-punctuation", "placeholder"}


def test_a_placeholder_a_mark_lists_is_reported_once(write_outline, renderer):
    outline = """\
        kind: generic
        speaker: 局长 XX   # 更新：待补：XX
        parts:
          - type: topic
            title: 重点工作
            items:
              # 更新：数据 12；待补：XX
              - headline: 扩大学位
                text: |
                  新建学校12所，XX县完成扩建。
                  另有两所在建。
              # 更新：按新一年的情况改写
              - headline: 建强队伍
                text: 培训XX人次。
        """
    found = [(p.rule, p.location.line) for p in check_outline(write_outline(outline), renderer)]
    # listed by its mark, once; a mark that does not say 待补 leaves the placeholder reported
    assert sorted(found) == [("marked", 2), ("marked", 7), ("marked", 12), ("placeholder", 14)]


def expected_structure(renderer: Renderer, kind: str):
    """What extraction should find in an example: header fields and each part's items."""
    from drafter.render.filling import fill

    loaded = renderer.load(EXAMPLES / f"{kind}.yaml")
    outline = fill(
        loaded.outline, renderer.templates.kind(loaded.outline.kind).closing, renderer.library()
    )
    document = renderer.document(loaded)
    titles = [h.text for h in document.headings(level=1)]
    header = (
        outline.title,
        outline.occasion,
        outline.speaker,
        cn_date(outline.date),
        bool(outline.date_brackets),
        outline.salutation,
    )
    return header, [
        (
            flat(title),
            len(part.items),
            [flat(i.headline).rstrip("。") for i in part.items],
        )
        for title, part in zip(titles, outline.parts, strict=True)
    ]


def actual_structure(data: dict):
    header = (
        data.get("title"),
        data["occasion"],
        data["speaker"],
        data["date"],
        data["date_brackets"],  # said either way, whatever the office's settings say
        data["salutation"],
    )
    return header, [
        (
            flat(p["title"]),
            len(p.get("items", [])),
            [flat(i.get("headline", "")).rstrip("。") for i in p.get("items", [])],
        )
        for p in data["parts"]
    ]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["txt", "docx", "md"])
def test_examples_round_trip(renderer, kind, fmt):
    header, parts = expected_structure(renderer, kind)
    document = renderer.document(renderer.load(EXAMPLES / f"{kind}.yaml"))
    data = yaml.safe_load(extract(renderer.to_bytes(document, fmt), Path(f"x.{fmt}")))
    assert actual_structure(data) == (header, parts)


def test_example_numbering_styles_round_trip(renderer):
    for kind in KINDS:
        loaded = renderer.load(EXAMPLES / f"{kind}.yaml")
        document = renderer.document(loaded)
        data = yaml.safe_load(extract(renderer.to_bytes(document, "txt"), Path("x.txt")))
        for part, found in zip(loaded.outline.parts, data["parts"], strict=True):
            if part.items and part.numbering:
                assert found["numbering"] == part.numbering, (kind, part.title)


# --- the command -----------------------------------------------------------------------------


def test_extract_command_writes_a_valid_outline(tmp_path, renderer):
    speech = tmp_path / "old.txt"
    speech.write_text(
        "标题——在2025年全市教育工作会议上的讲话局长 张某某2025年1月3日同志们:今天开会。"
        "一、2024年工作回顾2024年,各项工作扎实推进。(一)甲项成效明显。新建学校12所。"
        "二、工作要求。一要加强学习。同志们,让我们共同努力!",
        encoding="gb18030",
    )
    result = runner.invoke(app, ["extract", str(speech), "-o", str(tmp_path / "o.yaml")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "o.yaml").read_text(encoding="utf-8")
    assert "# 更新：数据 12" in text
    assert "date: 2025年1月3日   # 更新：日期" in text
    assert "核对：标题到这里结束是推测的" in text
    assert "最接近的讲话类型：work-conference" in text
    assert (
        runner.invoke(app, ["render", str(tmp_path / "o.yaml"), "--format", "txt"]).exit_code == 0
    )
    again = runner.invoke(app, ["extract", str(speech), "-o", str(tmp_path / "o.yaml")])
    assert again.exit_code == 2 and "never overwrites" in again.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_the_header_names_each_kind_s_own_draft(renderer, kind):
    document = renderer.document(renderer.load(EXAMPLES / f"{kind}.yaml"))
    outline = extract(renderer.to_bytes(document, "txt"), Path("draft.txt"))
    assert f"# 最接近的讲话类型：{kind}（" in outline


@pytest.mark.parametrize(
    ("occasion", "address", "kind"),
    [
        ("全县中小学体育工作经验交流会", "讲话", "exchange-meeting"),  # not a 推进会
        ("全县学前教育普及普惠推进会", "讲话", "promotion-meeting"),
        ("全县“护苗”专项行动启动会", "讲话", "launch-ceremony"),
        ("全县优秀班主任事迹报告会", "讲话", "report-meeting"),
        ("县青少年足球联赛开幕式", "致辞", "guest-speech"),  # a guest's words at another's
        ("2026年全县教育工作会议", "致辞", "guest-speech"),
        ("2026年全县年中教育工作会议", "讲话", "midyear-conference"),
        ("全县上半年教育工作会议", "讲话", "midyear-conference"),
        ("2026年全县暑期教育工作会议", "讲话", "midyear-conference"),
        ("2026年全县教育工作会议", "讲话", "work-conference"),
        ("全县教育工作会议暨表彰大会", "讲话", "work-conference"),  # the meeting named first
        ("全县校长座谈会", "讲话", "work-conference"),  # none named: the usual one
    ],
)
def test_the_header_names_the_closest_kind(occasion, address, kind):
    speech = f"在{occasion}上的{address}\n同志们：\n今天开会。\n一、工作要求\n抓好落实。\n"
    outline = extract(speech.encode("utf-8"), Path("s.txt"))
    assert f"# 最接近的讲话类型：{kind}（" in outline


def test_extract_from_standard_input_and_to_standard_output():
    result = runner.invoke(
        app, ["extract", "-"], input="题目\n——在会上的讲话\n同志们：\n开场。\n一、要求\n落实。\n"
    )
    assert result.exit_code == 0
    assert yaml.safe_load(result.stdout)["parts"][0]["title"] == "要求"


def test_nothing_to_extract_is_said_in_the_writers_language(monkeypatch):
    from drafter.errors import ExtractError

    monkeypatch.setenv("DRAFTER_LANG", "zh")
    with pytest.raises(ExtractError) as raised:
        extract(b"  \n", Path("空.txt"))
    assert str(raised.value) == "空.txt 中没有可以提取的文字"
    monkeypatch.setenv("DRAFTER_LANG", "en")
    with pytest.raises(ExtractError) as raised:
        extract(b"")
    assert str(raised.value) == "<stdin>: there is no text to extract"


def test_extract_bad_input(tmp_path):
    assert runner.invoke(app, ["extract", str(tmp_path / "nope.txt")]).exit_code == 2
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not really")
    result = runner.invoke(app, ["extract", str(tmp_path / "bad.docx")])
    assert result.exit_code == 2 and "the document is damaged" in result.stderr
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    assert (
        "no text to extract" in runner.invoke(app, ["extract", str(tmp_path / "empty.txt")]).stderr
    )
    (tmp_path / "latin.txt").write_bytes("讲话".encode("utf-16-le"))
    result = runner.invoke(app, ["extract", str(tmp_path / "latin.txt"), "--encoding", "ascii"])
    assert result.exit_code == 2 and "--encoding" in result.stderr


def test_extract_refuses_to_write_over_its_input(tmp_path):
    speech = tmp_path / "s.txt"
    speech.write_text("同志们：开场。一、要求。", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(speech), "-o", str(speech)])
    assert (
        result.exit_code == 2 and speech.read_text(encoding="utf-8") == "同志们：开场。一、要求。"
    )


def test_a_docx_has_its_styles_read_once_not_per_paragraph(tmp_path, renderer, monkeypatch):
    """A long .docx costs time in proportion to its paragraphs: the styles are read once,
    never looked up paragraph by paragraph through python-docx."""
    import docx.text.paragraph

    import drafter.analysis.extract as extracting

    document = renderer.document(renderer.load(EXAMPLES / "work-conference.yaml"))
    data = renderer.to_bytes(document, "docx")
    reads = []
    read_styles = extracting._style_levels
    monkeypatch.setattr(extracting, "_style_levels", lambda d: reads.append(1) or read_styles(d))
    monkeypatch.setattr(
        docx.text.paragraph.Paragraph,
        "style",
        property(lambda _: pytest.fail("a paragraph's style was looked up")),
    )
    outline = extract(data, tmp_path / "speech.docx")
    assert "parts:" in outline and len(reads) == 1


def test_an_unbracketed_date_stays_so_in_an_office_that_brackets_dates(tmp_path):
    from typer.testing import CliRunner

    from drafter.cli.app import app

    (tmp_path / "drafter.yaml").write_text("date_brackets: true\n", encoding="utf-8")
    speech = tmp_path / "讲话.txt"
    speech.write_text(
        "在全市教育工作会议上的讲话\n市教育局局长 王某某\n2026年1月16日\n同志们：\n"
        "今天召开会议。\n一、工作回顾\n去年工作成效明显。\n谢谢大家！\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    assert (
        runner.invoke(app, ["extract", str(speech), "-o", str(tmp_path / "o.yaml")]).exit_code == 0
    )
    assert "date_brackets: false" in (tmp_path / "o.yaml").read_text(encoding="utf-8")
    result = runner.invoke(app, ["render", str(tmp_path / "o.yaml"), "-f", "txt", "-o", "-"])
    assert "\n2026年1月16日\n" in result.stdout


@pytest.mark.parametrize("command", ["extract", "next"])
def test_dash_as_output_is_standard_output_as_for_render(tmp_path, monkeypatch, command):
    from typer.testing import CliRunner

    from drafter.cli.app import app

    monkeypatch.chdir(tmp_path)
    source = EXAMPLES / ("work-conference.yaml" if command == "next" else "work-conference.md")
    if command == "extract":
        source = tmp_path / "讲话.txt"
        source.write_text(
            "在全市教育工作会议上的讲话\n同志们：\n今天召开会议。\n谢谢大家！\n", "utf-8"
        )
    result = CliRunner().invoke(app, [command, str(source), "-o", "-"])
    assert result.exit_code == 0, result.output
    assert "kind:" in result.stdout and not (tmp_path / "-").exists()


def test_a_date_with_its_half_day_is_the_date_not_the_speaker(tmp_path):
    from drafter.analysis.extract import extract

    speech = "在全市教育工作会议上的讲话\n（2025年1月17日上午）\n市教育局局长 王强\n同志们：\n今天召开会议。\n谢谢大家！\n"
    data = yaml.safe_load(extract(speech.encode("utf-8"), tmp_path / "d.txt"))
    assert (data["speaker"], data["date"], data["date_brackets"]) == (
        "市教育局局长 王强",
        "2025年1月17日上午",
        True,
    )
