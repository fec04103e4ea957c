"""The public API for callers that hold text rather than files: render_text, render_file, and
DrafterError with located problems; names load lazily and the package ships its type hints."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import docx
import pytest

import drafter
from drafter import DrafterError, render_file, render_text

from conftest import MINIMAL, ROOT


def test_render_text_to_every_text_format():
    assert render_text(MINIMAL, "txt").decode("utf-8").startswith("测试标题\n")
    assert render_text(MINIMAL, "md").decode("utf-8").startswith('---\ntitle: "测试标题"')
    page = render_text(MINIMAL, "html").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "测试标题" in page


def test_render_text_to_docx_with_options(tmp_path: Path):
    data = render_text(MINIMAL, style="plain", keep_punctuation=True)
    word = docx.Document(io.BytesIO(data))
    assert word.paragraphs[0].text == "测试标题"
    assert word.styles["Normal"].font.size.pt == 12  # the plain profile


def test_render_text_reads_office_settings_of_a_folder(tmp_path: Path):
    (tmp_path / "drafter.yaml").write_text("speaker: 办公室主任 王某某\n", encoding="utf-8")
    outline = MINIMAL.replace("speaker: 市教育局局长 张某某\n", "")
    assert "王某某" in render_text(outline, "txt", folder=tmp_path).decode("utf-8")
    assert "王某某" not in render_text(outline, "txt", folder=tmp_path, use_config=False).decode(
        "utf-8"
    )


def test_problems_are_located_in_the_name_given():
    with pytest.raises(DrafterError) as caught:
        render_text("kind: work-conferance\n", "txt", name="提纲.yaml")
    problems = caught.value.as_problems()
    kind = next(p for p in problems if p.path == "kind")
    assert (kind.location.file, kind.location.line, kind.location.column) == ("提纲.yaml", 1, 7)
    assert caught.value.exit_code == 2


def test_unknown_format_and_unknown_option():
    with pytest.raises(DrafterError, match="unknown format 'odt'"):
        render_text(MINIMAL, "odt")
    with pytest.raises(TypeError):
        render_text(MINIMAL, "txt", colour="red")


def test_render_file(write_outline, tmp_path: Path):
    path = write_outline()
    assert render_file(path, "txt").decode("utf-8").startswith("测试标题")
    assert render_file(str(path), "md").decode("utf-8").startswith("---\n")
    data = render_file(path, template_dirs=[str(tmp_path)])
    assert docx.Document(io.BytesIO(data)).paragraphs[0].text == "测试标题"
    with pytest.raises(DrafterError, match="no such file"):
        render_file(tmp_path / "missing.yaml", "txt")


def test_public_names_load_lazily():
    code = (
        "import sys, drafter\n"
        "assert 'drafter.pipeline' not in sys.modules\n"
        "assert callable(drafter.render_text)\n"
        "assert 'drafter.pipeline' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert {"render_text", "render_file", "DrafterError", "build"} <= set(drafter.__all__)


def test_the_package_says_it_is_typed():
    assert (ROOT / "drafter" / "py.typed").is_file()


def test_files_and_folders_may_be_named_as_text(tmp_path: Path):
    """build() and render_text() take paths as text, so the options they pass on do too."""
    from drafter.pipeline import Options

    template = tmp_path / "模板.docx"
    docx.Document().save(template)
    data = render_text(MINIMAL, into=str(template))
    assert docx.Document(io.BytesIO(data)).paragraphs[0].text == "测试标题"
    options = Options(into=str(template), template_dirs=[str(tmp_path)])  # type: ignore[arg-type]
    assert options.into == template and options.template_dirs == (tmp_path,)


def test_render_text_finds_the_outline_s_tables_in_its_folder(tmp_path: Path, monkeypatch):
    """Tables are named relative to the outline: `folder`, not the current folder."""
    from conftest import EXAMPLES

    outline = (EXAMPLES / "work-conference.yaml").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # no table here
    data = render_text(outline, "txt", folder=EXAMPLES, name="work-conference.yaml")
    assert "86.4亿元" in data.decode("utf-8")
