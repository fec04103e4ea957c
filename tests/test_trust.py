"""Trust (issue 15): only the user's own settings count, template and library folders give only
regular files inside them, and a draft is replaced only by someone who may write it."""

from __future__ import annotations

import os
import pwd
import textwrap
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli.app import app
from drafter.outline.config import load_settings

from conftest import MINIMAL, OTHER_USER, drafter_process, is_root

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def owned_by_someone_else(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `path` another user's file: given to nobody when root, else drafter is made to
    believe it runs as another user (so every file of ours is someone else's)."""
    if is_root():
        other = pwd.getpwnam(OTHER_USER)
        os.chown(path, other.pw_uid, other.pw_gid)
    else:
        real = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: real + 1)


# --- settings files --------------------------------------------------------------------------


def test_a_settings_file_another_user_owns_is_ignored_with_a_warning(tmp_path, monkeypatch):
    planted = write(
        tmp_path / "shared" / "drafter.yaml",
        "org: 别人写进来的单位\nscope: 注入的文字\ntemplate_dirs: [/tmp/elsewhere]\n",
    )
    outline = write(tmp_path / "shared" / "mine" / "outline.yaml", MINIMAL)
    owned_by_someone_else(planted, monkeypatch)
    result = run("render", outline, "--format", "txt")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"{planted}: warning: ignored: it belongs to another user (")
    assert "only settings files that you or root own [config]" in result.stderr
    assert "注入的文字" not in outline.with_suffix(".txt").read_text(encoding="utf-8")
    listing = run("config", outline)
    assert "no drafter.yaml applies here" in listing.stdout
    assert f"{planted}: warning: ignored" in listing.stderr
    checked = run("check", outline)
    assert f"{planted}: warning: ignored: it belongs to another user" in checked.stdout


def test_the_search_stops_at_home_and_at_a_repository_root(tmp_path, monkeypatch):
    write(tmp_path / "drafter.yaml", "org: 家目录之外\n")
    home = write(tmp_path / "home" / "drafter.yaml", "org: 家目录\n")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    settings = load_settings(tmp_path / "home" / "讲话" / "outline.yaml")
    assert settings.files == [home] and settings.get("org") == "家目录"
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    repo = write(tmp_path / "repo" / "drafter.yaml", "org: 仓库\n")
    settings = load_settings(tmp_path / "repo" / "2026" / "outline.yaml")
    assert settings.files == [repo] and settings.get("org") == "仓库"


def test_an_unreadable_settings_file_is_skipped_with_a_warning(tmp_path, world_dir):
    folder = tmp_path if not is_root() else world_dir
    parent = write(folder / "drafter.yaml", "org: 读不到\n")
    outline = write(folder / "work" / "outline.yaml", MINIMAL)
    (folder / "work").chmod(0o777)
    parent.chmod(0o000)
    if is_root():  # root reads anything: ask as another user (a file root owns is trusted)
        result = drafter_process(
            "render", outline, "--format", "txt", user=OTHER_USER, home=world_dir
        )
        stderr, code = result.stderr, result.returncode
    else:
        result = run("render", outline, "--format", "txt")
        stderr, code = result.stderr, result.exit_code
    assert code == 0, stderr
    assert f"{parent}: warning: skipped: cannot read: Permission denied [config]" in stderr
    assert outline.with_suffix(".txt").exists()


def test_multi_line_office_values_are_located_in_drafter_yaml(tmp_path):
    config = write(tmp_path / "drafter.yaml", "speaker: 局长\norg: |\n  市教育局\n  办公室\n")
    outline = write(tmp_path / "outline.yaml", MINIMAL)
    result = run("render", outline)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{config}:2:6: org: must be one line (no line breaks)")


# --- template and library folders -------------------------------------------------------------


def kind_outline(tmp_path: Path, kind: str) -> Path:
    return write(tmp_path / "outline.yaml", MINIMAL.replace("work-conference", kind))


def test_a_template_leading_outside_its_folder_is_refused(tmp_path):
    secret = write(tmp_path / "secret.txt", "@title 机密\n")
    templates = tmp_path / "模板"
    (templates / "kinds").mkdir(parents=True)
    (templates / "kinds" / "leak.j2").symlink_to(secret)
    result = run("render", kind_outline(tmp_path, "leak"), "--templates", templates)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{templates / 'kinds' / 'leak.j2'}: refused: it leads outside the folder {templates}"
    )


def test_an_include_leading_outside_is_refused(tmp_path):
    write(tmp_path / "secret.txt", "机密\n")
    templates = tmp_path / "模板"
    write(templates / "kinds" / "leaky.j2", '{% include "inside.j2" %}\n')
    (templates / "inside.j2").symlink_to(tmp_path / "secret.txt")
    result = run("render", kind_outline(tmp_path, "leaky"), "--templates", templates)
    assert result.exit_code == 2
    assert f"{templates / 'inside.j2'}: refused: it leads outside the folder" in result.stderr


def test_a_pipe_in_a_template_folder_is_refused_not_waited_on(tmp_path):
    templates = tmp_path / "模板"
    (templates / "kinds").mkdir(parents=True)
    os.mkfifo(templates / "kinds" / "pipe.j2")
    outline = kind_outline(tmp_path, "work-conference")
    result = drafter_process("render", outline, "--templates", templates, "--format", "txt")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(
        f"{templates / 'kinds' / 'pipe.j2'}: refused: not a regular file (a pipe, a device"
    )


def test_a_device_or_a_pipe_in_a_library_folder_is_refused(tmp_path):
    library = tmp_path / "素材"
    library.mkdir()
    (library / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(library / "pipe.yaml")
    write(tmp_path / "drafter.yaml", "library_dirs: [素材]\n")
    result = drafter_process("closings", "list", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert f"{library / 'pipe.yaml'}: refused: not a regular file" in lines[0]
    assert f"{library / 'zero.yaml'}: refused: it leads outside the folder" in lines[1]


def test_a_pipe_named_drafter_yaml_is_skipped_with_a_warning_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "drafter.yaml")
    outline = kind_outline(tmp_path, "work-conference")
    result = drafter_process("render", outline, "--format", "txt")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(
        f"{tmp_path / 'drafter.yaml'}: warning: skipped: it is a named pipe (FIFO), not a "
        "regular file [config]"
    )


@pytest.mark.parametrize("option", ["--into", "--reference-docx", None])
def test_a_pipe_as_office_template_or_outline_is_refused_not_waited_on(tmp_path, option):
    pipe = tmp_path / "模板.docx"
    os.mkfifo(pipe)
    outline = kind_outline(tmp_path, "work-conference")
    if option is None:  # the outline itself
        pipe = tmp_path / "提纲.yaml"
        os.mkfifo(pipe)
        result = drafter_process("render", pipe, "-o", tmp_path / "out.docx")
    else:
        result = drafter_process("render", outline, option, pipe, "-o", tmp_path / "out.docx")
    assert result.returncode == 2, result.stderr
    assert f"{pipe}: a named pipe (FIFO), not a regular file" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.docx").exists()


def test_a_file_swapped_for_a_pipe_after_it_was_looked_at_is_not_waited_on(tmp_path, monkeypatch):
    """The kind is looked at before opening; a pipe swapped in between is opened without
    waiting and refused once open."""
    from drafter import decoding
    from drafter.errors import SourceError
    from drafter.folders import read_folder_file

    library = tmp_path / "素材"
    library.mkdir()
    regular = write(library / "entry.yaml", "id: x\n")
    os.mkfifo(library / "pipe.yaml")
    real_stat = os.stat
    monkeypatch.setattr(
        decoding.os, "stat", lambda path, **kw: real_stat(regular if "pipe" in str(path) else path)
    )
    outcome: list[object] = []

    def read() -> None:
        try:
            read_folder_file(library, library / "pipe.yaml")
        except SourceError as err:
            outcome.append(err.as_problems()[0].message)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(30)
    assert not reader.is_alive(), "read_folder_file waited on a pipe"
    assert outcome == ["refused: not a regular file (a pipe, a device or a socket)"]


def test_a_huge_folder_is_refused_not_read(tmp_path):
    write(tmp_path / "drafter.yaml", "library_dirs: [/]\n")
    result = drafter_process("closings", "list", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("/: refused: holds more than 5,000 files and folders")


def test_home_folder_entries_are_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    write(
        tmp_path / "home" / "素材" / "mine.yaml",
        "id: thanks-mine\ncategory: thanks\ndescription: 我的致谢\ntext: 谢谢！\n",
    )
    write(tmp_path / "home" / "work" / "drafter.yaml", "library_dirs: ['~/素材']\n")
    monkeypatch.chdir(tmp_path / "home" / "work")
    result = run("closings", "list", "--category", "thanks")
    assert result.exit_code == 0, result.output
    assert "thanks-mine" in result.stdout and str(tmp_path / "home" / "素材") in result.stdout


# --- replacing a draft --------------------------------------------------------------------------


def test_a_draft_the_user_may_not_write_is_not_replaced(world_dir, monkeypatch):
    outline = write(world_dir / "outline.yaml", MINIMAL)
    draft = write(world_dir / "outline.txt", "同事审过的稿子")
    draft.chmod(0o644)
    if is_root():  # the colleague is root here; the writer is another user
        result = drafter_process(
            "render", outline, "--format", "txt", user=OTHER_USER, home=world_dir
        )
        stderr, code = result.stderr, result.returncode
    else:  # as ourselves, the file is ours: let the system say it is not
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode: mode != os.W_OK and real_access(p, mode))
        result = run("render", outline, "--format", "txt")
        stderr, code = result.stderr, result.exit_code
    assert code == 1, stderr
    assert f"cannot write {draft}: you may not change this file (it is someone else's)" in stderr
    assert draft.read_text(encoding="utf-8") == "同事审过的稿子"
    assert sorted(p.name for p in world_dir.iterdir() if p.name.startswith(".")) == []
