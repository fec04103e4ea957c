"""Planning where drafts go, and writing them atomically."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from drafter.errors import OutputError, UsageError
from drafter.output import plan, write_atomic


def test_default_target_is_next_to_the_outline(tmp_path: Path):
    (job,) = plan([tmp_path / "a.yaml"], None, None)
    assert (job.target, job.format) == (tmp_path / "a.docx", "docx")


def test_output_folder_by_trailing_slash_or_several_inputs(tmp_path: Path):
    jobs = plan([tmp_path / "a.yaml"], f"{tmp_path}/out/", "md")
    assert jobs[0].target == tmp_path / "out" / "a.md"
    assert jobs[0].make_folder
    jobs = plan([tmp_path / "a.yaml", tmp_path / "b.yaml"], str(tmp_path / "out"), "txt")
    assert [j.target.name for j in jobs] == ["a.txt", "b.txt"]


def test_unknown_format(tmp_path: Path):
    with pytest.raises(UsageError, match="unknown format 'odt'"):
        plan([tmp_path / "a.yaml"], None, "odt")


def test_write_atomic_replaces_and_leaves_no_temporary_files(tmp_path: Path):
    target = tmp_path / "draft.txt"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, b"new")
    assert target.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.txt"]


def test_missing_folder(tmp_path: Path):
    with pytest.raises(OutputError, match="does not exist"):
        write_atomic(tmp_path / "nope" / "draft.txt", b"x")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder(tmp_path: Path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="permission denied"):
            write_atomic(folder / "draft.txt", b"x")
    finally:
        folder.chmod(0o700)


def test_disk_full_leaves_the_old_draft(tmp_path: Path, monkeypatch):
    target = tmp_path / "draft.txt"
    target.write_text("last week", encoding="utf-8")

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match="the disk is full"):
        write_atomic(target, b"new draft")
    assert target.read_text(encoding="utf-8") == "last week"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.txt"]


def test_locked_file_on_replace(tmp_path: Path, monkeypatch):
    target = tmp_path / "draft.docx"
    target.write_bytes(b"open in Word")

    def locked(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError, match="open in Word or WPS"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"open in Word"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.docx"]


def test_interrupt_leaves_no_partial_file(tmp_path: Path, monkeypatch):
    target = tmp_path / "draft.txt"

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"x")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_with_the_target_name(tmp_path: Path):
    (tmp_path / "draft.txt").mkdir()
    with pytest.raises(OutputError, match="a folder has that name"):
        write_atomic(tmp_path / "draft.txt", b"x")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_new_drafts_get_normal_permissions_and_replaced_ones_keep_theirs(tmp_path: Path):
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "new.txt"
        write_atomic(fresh, b"x")
        assert fresh.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.txt"
        kept.write_bytes(b"old")
        kept.chmod(0o640)
        write_atomic(kept, b"new")
        assert kept.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)


# --- no file a render reads is written over, under any name ----------------------------------


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """An outline with a table, office settings naming a library and a template folder."""
    from conftest import EXAMPLES

    shutil.copy(EXAMPLES / "work-conference.yaml", tmp_path / "outline.yaml")
    shutil.copy(EXAMPLES / "2025年教育统计.csv", tmp_path / "2025年教育统计.csv")
    (tmp_path / "drafter.yaml").write_text(
        "library_dirs: [素材]\ntemplate_dirs: [模板]\n", encoding="utf-8"
    )
    (tmp_path / "素材").mkdir()
    (tmp_path / "素材" / "mine.yaml").write_text(
        "id: thanks-mine\ncategory: thanks\ndescription: 我的致谢\ntext: 谢谢！\n", encoding="utf-8"
    )
    (tmp_path / "模板").mkdir()
    (tmp_path / "模板" / "notes.j2").write_text("{# 备用 #}\n", encoding="utf-8")
    return tmp_path


INPUTS = {
    "table": ("2025年教育统计.csv", "the table 'stats'"),
    "settings": ("drafter.yaml", "the settings file"),
    "library entry": ("素材/mine.yaml", "an entry of the library folder"),
    "template": ("模板/notes.j2", "a file of the template folder"),
}


@pytest.mark.parametrize("how", ["named", "symlink", "hard link"])
@pytest.mark.parametrize("which", list(INPUTS))
def test_no_file_the_render_reads_is_written_over(office: Path, which: str, how: str):
    from typer.testing import CliRunner

    from drafter.cli.app import app

    name, what = INPUTS[which]
    target = office / name
    if how != "named":
        target = office / "draft.txt"
        (target.symlink_to if how == "symlink" else target.hardlink_to)(office / name)
    before = {p: p.read_bytes() for p in office.rglob("*") if p.is_file()}
    result = CliRunner().invoke(
        app, ["render", str(office / "outline.yaml"), "-f", "txt", "-o", str(target)]
    )
    assert result.exit_code == 2, result.output
    said = f"refusing to write over {what}" if how == "named" else f"it is {what}"
    assert said in result.stderr
    assert {p: p.read_bytes() for p in office.rglob("*") if p.is_file()} == before
    assert not list(office.rglob(".*.tmp"))


OFFICE_FILES = {
    "--into": "the office template (--into)",
    "--reference-docx": "the reference document (--reference-docx)",
}


@pytest.mark.parametrize("option", list(OFFICE_FILES))
def test_the_office_template_is_refused_as_output_before_any_work(office: Path, option: str):
    from typer.testing import CliRunner

    from drafter.cli.app import app

    template = office / "模板.docx"
    template.write_bytes(b"not read: the refusal comes first")
    link = office / "draft.docx"
    link.symlink_to(template)
    for target in (template, link):
        result = CliRunner().invoke(
            app, ["render", str(office / "outline.yaml"), option, str(template), "-o", str(target)]
        )
        assert result.exit_code == 2, result.output
        assert OFFICE_FILES[option] in result.stderr
        assert template.read_bytes() == b"not read: the refusal comes first"


def test_the_library_api_refuses_an_input_as_output(office: Path):
    from drafter import build

    table = office / "2025年教育统计.csv"
    before = table.read_bytes()
    link = office / "stats-link.txt"
    link.hardlink_to(table)
    for target in (table, link):
        with pytest.raises(UsageError, match="the table 'stats'"):
            build(office / "outline.yaml", target, "txt")
    assert table.read_bytes() == before
    assert build(office / "outline.yaml", office / "draft.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("order", ["draft first", "table read first"])
def test_a_batch_never_writes_one_draft_over_another_outline_s_table(office: Path, order: str):
    """Only a .txt draft can be a table: b.yaml reads out/outline.txt, the draft of outline.yaml."""
    from typer.testing import CliRunner

    from drafter.cli.app import app

    (office / "out").mkdir()
    table = office / "out" / "outline.txt"
    shutil.copy(office / "2025年教育统计.csv", table)
    text = (office / "outline.yaml").read_text(encoding="utf-8")
    (office / "b.yaml").write_text(
        text.replace("stats: 2025年教育统计.csv", "stats: out/outline.txt"), encoding="utf-8"
    )
    outlines = ["outline.yaml", "b.yaml"] if order == "draft first" else ["b.yaml", "outline.yaml"]
    before = table.read_bytes()
    result = CliRunner().invoke(
        app,
        ["render", *(str(office / name) for name in outlines), "-f", "txt", "-o", f"{office}/out/"],
    )
    assert result.exit_code == 2, result.output
    assert f"it is the table 'stats' of {office / 'b.yaml'}" in result.stderr
    assert table.read_bytes() == before
    assert "一、" in (office / "out" / "b.txt").read_text(encoding="utf-8")  # the other is written


def test_a_draft_on_a_read_only_disk_is_said_to_be_so(tmp_path: Path, monkeypatch):
    """Not "someone else's file": on a read-only mount nobody may change it."""
    import types

    draft = tmp_path / "讲话.docx"
    draft.write_bytes(b"old")
    monkeypatch.setattr(os, "statvfs", lambda path: types.SimpleNamespace(f_flag=os.ST_RDONLY))
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(OutputError, match="the disk is read-only"):
        write_atomic(draft, b"new")
    assert draft.read_bytes() == b"old"


def test_an_empty_output_name_is_refused_not_taken_for_the_default(office: Path):
    from typer.testing import CliRunner

    from drafter.cli.app import app

    result = CliRunner().invoke(app, ["render", str(office / "outline.yaml"), "-o", ""])
    assert result.exit_code == 2 and "-o names no file" in result.stderr
    assert not (office / "outline.docx").exists()


@pytest.mark.parametrize("folder", ["素材", "模板"])
def test_no_draft_is_written_into_a_library_or_template_folder(office: Path, folder: str):
    """A draft saved there as 素材/x.yaml would be read as an entry by every later render."""
    from typer.testing import CliRunner

    from drafter.cli.app import app

    target = office / folder / "closing-new.yaml"
    args = ["render", str(office / "outline.yaml"), "-f", "md", "-o", str(target)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "where every file is read as a template or library entry" in result.stderr
    assert not target.exists()
    assert CliRunner().invoke(app, ["check", str(office / "outline.yaml")]).exit_code == 0
