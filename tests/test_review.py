"""`drafter render --review`: a DOCX with a Word comment on every stock and computed paragraph,
naming its source and how to change it; a normal render has none; LibreOffice reads them."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from drafter.outline.config import load_settings
from drafter.pipeline import Options, Renderer
from drafter.writers.review import note

from conftest import EXAMPLES, drafter_process, libreoffice_tools


@pytest.fixture(scope="module")
def reviewed() -> tuple[object, bytes]:
    renderer = Renderer(Options(review=True, use_config=False))
    document = renderer.document(renderer.load(EXAMPLES / "work-conference.yaml"))
    return document, renderer.to_bytes(document, "docx")


def commented(data: bytes) -> dict[int, str]:
    """The index of each commented paragraph of the body → its comment's text."""
    word = docx.Document(io.BytesIO(data))
    texts = {comment.comment_id: comment.text for comment in word.comments}
    found = {}
    for index, paragraph in enumerate(word.paragraphs):
        for start in paragraph._p.iter(qn("w:commentRangeStart")):
            found[index] = texts[int(start.get(qn("w:id")))]
    return found


def test_every_stock_and_computed_paragraph_carries_a_comment(reviewed):
    document, data = reviewed
    found = commented(data)
    lines = document.lines()
    header = len(document.header.lines())
    expected = set()
    for index, block in enumerate(document.blocks, start=header):
        source = block.source
        drafted = [  # stock text, numbers worked out or read from a table, anywhere in it
            piece.source
            for piece in getattr(block, "pieces", ())
            if re.search(r"\w", piece.text)
            and (piece.source.kind != "outline" or piece.source.computed or piece.source.table)
        ]
        if source.kind != "outline" or source.computed or drafted:
            expected.add(index)
    assert set(found) == expected
    by_text = {lines[index]: text for index, text in found.items()}
    closing = next(line for line in lines if line.startswith("同志们，新的一年"))
    assert (
        by_text[closing]
        == "素材库 closing-annual-forward；在提纲 closing.use（第153行）处更换，或写 text"
    )
    growth = next(line for line in lines if "比上年增长8.7%" in line)
    assert (
        "比上年增长8.7%（提纲 parts[0].items[1].figures[0]，第45行，据表格 2025年教育统计.csv D6、E6）"
        in by_text[growth]
    )
    count = next(line for line in lines if line.startswith("围绕上述要求"))
    assert by_text[count].startswith("固定表述：讲话类型 work-conference 的模板（重点工作）")
    assert "六（所列部分或条目的数目）" in by_text[count]
    own = next(line for line in lines if line.startswith("当前，教育强国建设"))
    assert own not in by_text  # the writer's own words: nothing to say


def comments_of(path, settings=None) -> dict[str, str]:
    """The first words of each commented paragraph → its comment, for the outline at `path`."""
    renderer = Renderer(Options(review=True, use_config=settings is not None), settings)
    data = renderer.to_bytes(renderer.document(renderer.load(path)), "docx")
    lines = [paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs]
    return {lines[index]: text for index, text in commented(data).items()}


def comment_on(found: dict[str, str], start: str) -> str:
    return next(text for line, text in found.items() if line.startswith(start))


def test_stock_text_inside_the_writers_paragraph_is_commented_with_its_key():
    found = comments_of(EXAMPLES / "report-meeting.yaml")
    opening = comment_on(found, "今天，我们隆重召开")  # mostly the writer's values, the rest stock
    assert opening.startswith("“今天，我们隆重召开”“首先，我代表”“向受到表彰的”等9处——")
    assert "讲话类型 report-meeting 的模板（开场白）；在提纲中写 opening 的 text" in opening
    guest = comment_on(comments_of(EXAMPLES / "guest-speech.yaml"), "很高兴应邀出席")
    assert guest.startswith("“很高兴应邀出席”“首先，我代表”")
    review = comments_of(EXAMPLES / "work-conference.yaml")
    turn = comment_on(review, "同时，我们也清醒地看到").splitlines()
    assert turn[0].startswith("“同时，我们也清醒地看到，工作中还……”——固定表述")
    assert turn[0].endswith("在提纲 parts[0]（第29行）下写 shortcomings_intro 替换")
    assert turn[1].startswith("“二是”“三是”“四是”——列举用语")
    assert turn[2].endswith("下写 shortcomings_outro 替换")
    chances = comment_on(review, "从发展机遇看")
    assert "下写 opportunities_intro 替换" in chances


def test_one_figures_computed_words_are_one_number():
    found = comments_of(EXAMPLES / "midyear-conference.yaml")
    said = comment_on(found, "1.重点项目建设加快推进")
    assert "比去年同期增长17.1%（提纲 parts[0].items[0].figures[1]，第38行，据表格 " in said
    assert "；去年同期（" not in said


def test_numbers_read_from_a_table_name_their_cells():
    said = comment_on(comments_of(EXAMPLES / "work-conference.yaml"), "（二）教育投入持续加大")
    assert re.search(
        r"“86\.4亿元”——表格数字：2025年教育统计\.csv D6；数值有误请改表格，"
        r"或在提纲 parts\[0\]\.items\[1\]\.figures\[0\]（第45行）写 value",
        said,
    )
    assert re.search(r"比上年增长8\.7%（提纲 [^）]*，第45行，据表格 \S*\.csv D6、E6）", said)


def test_an_office_default_is_sourced_to_its_settings_file(tmp_path):
    (tmp_path / "drafter.yaml").write_text("org: 云川市教育局\nspeaker: 李明\n", encoding="utf-8")
    text = (EXAMPLES / "report-meeting.yaml").read_text(encoding="utf-8")
    outline = tmp_path / "提纲.yaml"
    outline.write_text(re.sub(r"(?m)^(speaker|org):.*\n", "", text), encoding="utf-8")
    found = comments_of(outline, load_settings(tmp_path))
    settings = tmp_path / "drafter.yaml"
    assert found["李明"] == (
        f"单位设置：{settings} 的 speaker（第2行）；在提纲中写 speaker 替换，或改单位设置"
    )
    opening = comment_on(found, "今天，我们隆重召开")
    assert f"“云川市教育局”——单位设置：{settings} 的 org（第1行）" in opening


def test_a_normal_render_has_no_comments(renderer, minimal_docx):
    assert "word/comments.xml" not in zipfile.ZipFile(io.BytesIO(minimal_docx)).namelist()


def test_the_default_closing_says_where_to_write_one():
    from drafter.document import Piece, Source

    said = note(Source("closing", stock="closing-annual-forward"))
    assert said.startswith("素材库 closing-annual-forward（该讲话类型默认的结束语）")
    assert note(Source("parts[0].text", 3, 5)) == ""  # the writer's own
    assert note(Source("opening.text", 3, 5), [Piece("。", Source("", template="k/opening"))]) == ""
    template = note(Source("", template="work-conference/salutation"))
    assert (
        template == "固定表述：讲话类型 work-conference 的模板（称呼）；在提纲中写 salutation 替换"
    )


def test_review_is_for_docx_only(tmp_path):
    target = tmp_path / "draft.html"
    result = drafter_process("render", EXAMPLES / "work-conference.yaml", "--review", "-o", target)
    assert result.returncode == 2
    assert "--review makes a DOCX" in result.stderr
    assert not target.exists()


@pytest.mark.libreoffice
def test_libreoffice_reads_the_comments(reviewed, tmp_path):
    (soffice,) = libreoffice_tools("soffice")
    _, data = reviewed
    draft = tmp_path / "review.docx"
    draft.write_bytes(data)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "odt",
            "--outdir",
            str(tmp_path),
            str(draft),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    content = zipfile.ZipFile(tmp_path / "review.odt").read("content.xml").decode("utf-8")
    annotations = re.findall(r"<office:annotation\b.*?</office:annotation>", content, re.S)
    assert len(annotations) == len(commented(data))
    said = [re.sub(r"<[^>]+>", "", annotation) for annotation in annotations]
    assert any("素材库 closing-annual-forward" in text for text in said)
    assert all("drafter" in annotation for annotation in annotations)  # the author
