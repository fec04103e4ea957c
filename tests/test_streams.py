"""Standard streams and unusual outputs: `-o -`, `render -`, `check -`, `stats -`; an output
that is a symlink (written through), a FIFO or device (refused), a hard-linked draft (replaced
as a new file, with a note)."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from drafter.cli.app import app
from drafter.errors import OutputError, UsageError
from drafter.output import STDOUT, plan, write_atomic

from conftest import MINIMAL

runner = CliRunner()


def test_render_from_stdin_to_stdout_as_text():
    result = runner.invoke(app, ["render", "-", "-f", "txt"], input=MINIMAL)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "测试标题"
    assert "wrote" not in result.stdout


def test_render_a_file_to_stdout_as_docx(write_outline, tmp_path: Path):
    result = runner.invoke(app, ["render", str(write_outline()), "-o", "-"])
    assert result.exit_code == 0, result.stderr
    word = docx.Document(io.BytesIO(result.stdout_bytes))
    assert word.paragraphs[0].text == "测试标题"
    assert not (tmp_path / "-").exists() and not Path("-").exists()


def test_stdin_outline_problems_are_located_in_stdin():
    result = runner.invoke(app, ["render", "-", "-f", "md"], input="kind: work-conferance\n")
    assert result.exit_code == 2
    assert "<stdin>:1:7: kind: unknown kind 'work-conferance'" in result.stderr.splitlines()[-1]
    assert result.stdout == ""


def test_stdin_uses_the_current_folders_office_settings(tmp_path: Path, monkeypatch):
    (tmp_path / "drafter.yaml").write_text("speaker: 办公室主任 王某某\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    outline = MINIMAL.replace("speaker: 市教育局局长 张某某\n", "")
    result = runner.invoke(app, ["render", "-", "-f", "txt"], input=outline)
    assert result.exit_code == 0, result.output
    assert "办公室主任 王某某" in result.stdout


def test_check_and_stats_read_stdin():
    checked = runner.invoke(app, ["check", "-", "--json"], input=MINIMAL.replace("12个", "XX个"))
    problems = json.loads(checked.stdout)
    assert checked.exit_code == 0
    assert [(p["file"], p["rule"]) for p in problems] == [("<stdin>", "placeholder")]
    stats = runner.invoke(app, ["stats", "-", "--json"], input=MINIMAL)
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.stdout)["characters"] > 100


def test_stdin_only_once_and_alone(write_outline):
    twice = runner.invoke(app, ["check", "-", "-"], input=MINIMAL)
    assert twice.exit_code == 2 and "can be read only once" in twice.stderr
    mixed = runner.invoke(app, ["render", "-", str(write_outline())], input=MINIMAL)
    assert mixed.exit_code == 2 and "rendered on its own" in mixed.stderr


def test_a_file_named_dash_is_dot_slash_dash(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("-").write_text(MINIMAL, encoding="utf-8")
    result = runner.invoke(app, ["render", "./-", "-o", "draft.txt"])
    assert result.exit_code == 0, result.output
    assert Path("draft.txt").read_text(encoding="utf-8").startswith("测试标题")


def test_several_outlines_cannot_share_stdout(tmp_path: Path):
    with pytest.raises(UsageError, match="standard output takes one draft"):
        plan([tmp_path / "a.yaml", tmp_path / "b.yaml"], "-", "md")
    (job,) = plan([tmp_path / "a.yaml"], "-", None)
    assert job.target == STDOUT and job.format == "docx"


def test_binary_drafts_are_not_written_to_a_terminal(tmp_path: Path, monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    with pytest.raises(UsageError, match="not for the terminal"):
        plan([tmp_path / "a.yaml"], "-", "docx")
    assert plan([tmp_path / "a.yaml"], "-", "md")[0].target == STDOUT


def test_symlinked_output_is_written_through(write_outline, tmp_path: Path):
    real = tmp_path / "shared" / "讲话.txt"
    real.parent.mkdir()
    real.write_text("last week", encoding="utf-8")
    link = tmp_path / "draft.txt"
    link.symlink_to(real)
    result = runner.invoke(app, ["render", str(write_outline()), "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text(encoding="utf-8").startswith("测试标题")
    assert not list(tmp_path.glob(".*.tmp")) and not list(real.parent.glob(".*.tmp"))


def test_dangling_symlink_creates_its_target(tmp_path: Path):
    link = tmp_path / "draft.txt"
    link.symlink_to(tmp_path / "target.txt")
    write_atomic(link, b"new")
    assert link.is_symlink() and (tmp_path / "target.txt").read_bytes() == b"new"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_output_is_refused_before_any_work(write_outline, tmp_path: Path):
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["render", str(write_outline()), "-o", str(fifo)])
    assert result.exit_code == 1
    assert "it is a named pipe (FIFO), not a file" in result.stderr
    with pytest.raises(OutputError, match="named pipe"):
        write_atomic(fifo, b"x")


def test_device_output_is_refused(tmp_path: Path):
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null here")
    with pytest.raises(OutputError, match="it is a device, not a file"):
        write_atomic(Path("/dev/null"), b"x")


def test_hard_linked_draft_is_replaced_as_a_new_file(write_outline, tmp_path: Path):
    draft = tmp_path / "draft.txt"
    draft.write_text("last week", encoding="utf-8")
    other = tmp_path / "copy-for-review.txt"
    os.link(draft, other)
    result = runner.invoke(app, ["render", str(write_outline()), "-o", str(draft)])
    assert result.exit_code == 0, result.output
    assert draft.read_text(encoding="utf-8").startswith("测试标题")
    assert other.read_text(encoding="utf-8") == "last week"
    assert os.stat(draft).st_nlink == 1
    assert f"note: {draft} had 1 other hard link; it was replaced by a new file" in result.stderr
