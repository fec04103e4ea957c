"""Planning where drafts go, and writing them atomically."""

from __future__ import annotations

import errno
import os
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
