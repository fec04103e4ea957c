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
        if source.kind != "outline" or source.computed:
            expected.add(index)
    assert set(found) == expected
    by_text = {lines[index]: text for index, text in found.items()}
    closing = next(line for line in lines if line.startswith("同志们，新的一年"))
    assert (
        by_text[closing]
        == "素材库 closing-annual-forward；在提纲 closing.use（第153行）处更换，或写 text"
    )
    growth = next(line for line in lines if "比上年增长8.7%" in line)
    assert "比上年增长8.7%（提纲 parts[0].items[1].figures[0]，第45行）" in by_text[growth]
    count = next(line for line in lines if line.startswith("围绕上述要求"))
    assert by_text[count].startswith("固定表述：讲话类型 work-conference 的模板（重点工作）")
    assert "六（所列部分或条目的数目）" in by_text[count]
    own = next(line for line in lines if line.startswith("当前，教育强国建设"))
    assert own not in by_text  # the writer's own words: nothing to say


def test_a_normal_render_has_no_comments(renderer, minimal_docx):
    assert "word/comments.xml" not in zipfile.ZipFile(io.BytesIO(minimal_docx)).namelist()


def test_the_default_closing_says_where_to_write_one():
    from drafter.document import Source

    said = note(Source("closing", stock="closing-annual-forward"))
    assert said.startswith("素材库 closing-annual-forward（该讲话类型默认的结束语）")
    assert note(Source("parts[0].text", 3, 5)) == ""  # the writer's own
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
