"""No exit 3 (issue 15): each of these ends in a located message and exit 2 (bad input) or 1
(an output that cannot be written), or, for signals, the usual 128 + signal, with nothing lost."""

from __future__ import annotations

import errno
import os
import signal

import pytest
from typer.testing import CliRunner

from drafter.cli.app import app

from conftest import MINIMAL, OTHER_USER, drafter_process, is_root

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def no_bug(output: str) -> None:
    assert "internal error" not in output and "Traceback" not in output, output


def test_an_outline_in_a_folder_that_cannot_be_searched(world_dir):
    locked = world_dir / "locked"
    locked.mkdir()
    outline = locked / "outline.yaml"
    outline.write_text(MINIMAL, encoding="utf-8")
    good = world_dir / "good.yaml"
    good.write_text(MINIMAL, encoding="utf-8")
    locked.chmod(0o600)  # readable, not searchable: stat on anything inside fails
    results = []
    for args in (("render", outline), ("check", outline), ("render", good, "-o", locked / "x.txt")):
        if is_root():
            done = drafter_process(*args, user=OTHER_USER, home=world_dir)
            results.append((done.returncode, done.stdout + done.stderr))
        else:
            done = run(*args)
            results.append((done.exit_code, done.output))
    for _code, output in results:
        no_bug(output)
    (render_code, render_out), (check_code, check_out), (write_code, write_out) = results
    assert render_code == 2 and f"{outline}: cannot read: Permission denied" in render_out
    assert check_code == 2 and f"{outline}: error: cannot read: Permission denied" in check_out
    assert write_code == 1 and f"cannot write {locked / 'x.txt'}: permission denied" in write_out


def test_a_name_longer_than_the_system_allows(tmp_path, write_outline):
    long = tmp_path / ("长" * 100 + ".yaml")  # 300 bytes: over the 255 a name may have
    result = run("render", long)
    no_bug(result.output)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{long}: cannot read: File name too long")
    result = run("render", write_outline(), "-o", tmp_path / ("稿" * 100 + ".docx"))
    no_bug(result.output)
    assert result.exit_code == 1 and "File name too long" in result.stderr


def test_closed_standard_input():
    result = drafter_process("extract", "-", preexec_fn=lambda: os.close(0))
    no_bug(result.stderr)
    assert result.returncode == 2
    assert result.stderr == "<stdin>: standard input is closed\n"


@pytest.mark.parametrize("encoding", ["idna", "base64", "rot13", "no-such-codec"])
def test_encodings_that_do_not_read_text(write_outline, encoding):
    path = write_outline()
    result = run("render", path, "--encoding", encoding)
    no_bug(result.output)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}")


def test_an_unknown_outline_style_is_located(write_outline):
    path = write_outline(MINIMAL + "style: 公文体\n")
    for command in ("render", "check"):
        result = run(command, path)
        assert result.exit_code == 2
        line = MINIMAL.count("\n") + 1
        assert f"{path}:{line}:8: " in result.output
        assert (
            "style: unknown style profile '公文体'; style profiles: gbt9704, gbt9704-win, plain"
            in (result.output)
        )


def test_a_100_mb_value_is_an_outline_problem_not_a_template_one(tmp_path, memory_cap):
    memory_cap(1500)
    path = tmp_path / "big.yaml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(MINIMAL + "scope: ")
        for _ in range(100):
            handle.write("x" * 1_000_000)
        handle.write("\n")
    result = run("render", path)
    no_bug(result.output)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:1:1: the file holds 100,000,")
    assert "template" not in result.stderr


# --- signals and interrupts -----------------------------------------------------------------


def _signal_during_write(signum: int) -> str:
    """Python run before drafter: the first fsync of a draft sends `signum` to drafter."""
    return (
        "import os, signal\n"
        "real = os.fsync\n"
        f"def fsync(fd):\n    real(fd)\n    os.kill(os.getpid(), {int(signum)})\n"
        "os.fsync = fsync\n"
    )


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_during_a_write_leave_no_temporary_file(tmp_path, signum):
    outline = tmp_path / "outline.yaml"
    outline.write_text(MINIMAL, encoding="utf-8")
    draft = tmp_path / "outline.docx"
    draft.write_bytes(b"last week")
    result = drafter_process("render", outline, prelude=_signal_during_write(signum))
    no_bug(result.stderr)
    assert result.returncode == 128 + signum
    assert result.stderr == (
        f"drafter: stopped by {signal.Signals(signum).name}; nothing partial was left\n"
    )
    assert draft.read_bytes() == b"last week"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outline.docx", "outline.yaml"]


def test_ctrl_c_during_start_up_prints_no_traceback():
    """Ctrl-C while Python loads drafter's command line (simulated at the import of typer)."""
    prelude = (
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'typer':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
    )
    result = drafter_process("kinds", prelude=prelude)
    assert result.returncode == 130
    assert result.stderr == "" and result.stdout == ""


def _interrupt_after_replace(monkeypatch: pytest.MonkeyPatch, times: int = 1) -> None:
    """Ctrl-C arrives just after the draft is moved into place (the first `times` drafts)."""
    real = os.replace
    sent = []

    def replace(source, target):
        real(source, target)
        if len(sent) < times:
            sent.append(target)
            signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(os, "replace", replace)


def test_ctrl_c_after_the_last_replace_reports_the_draft_written(tmp_path, monkeypatch):
    outline = tmp_path / "outline.yaml"
    outline.write_text(MINIMAL, encoding="utf-8")
    _interrupt_after_replace(monkeypatch)
    result = run("render", outline, "--format", "txt")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {outline.with_suffix('.txt')}\n"
    assert "测试标题" in outline.with_suffix(".txt").read_text(encoding="utf-8")


def test_ctrl_c_after_a_replace_in_a_batch_stops_after_reporting_it(tmp_path, monkeypatch):
    outlines = []
    for name in ("a", "b"):
        outlines.append(tmp_path / f"{name}.yaml")
        outlines[-1].write_text(MINIMAL, encoding="utf-8")
    _interrupt_after_replace(monkeypatch)
    result = run("render", *outlines, "-o", f"{tmp_path}/out/", "--format", "txt")
    assert result.exit_code == 130
    assert result.stdout == f"wrote {tmp_path / 'out' / 'a.txt'}\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt"]


def test_a_full_disk_does_not_leave_the_new_folder(tmp_path, write_outline, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = run("render", write_outline(), "-o", f"{tmp_path}/new/deeper/")
    assert result.exit_code == 1
    assert "the disk is full" in result.stderr
    assert not (tmp_path / "new").exists()
    existing = tmp_path / "existing"
    existing.mkdir()
    result = run("render", write_outline(), "-o", f"{existing}/")
    assert result.exit_code == 1 and existing.is_dir()  # a folder drafter did not make stays


def test_malformed_or_deep_xml_in_a_docx(tmp_path):
    """(The package checks are in test_bounds; here, the exit code of each command.)"""
    path = tmp_path / "speech.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    for command in ("extract", "stats"):
        result = run(command, path)
        no_bug(result.output)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"{path}: the document is damaged")


def test_render_takes_a_reference_docx_that_is_checked(tmp_path, write_outline):
    reference = tmp_path / "ref.docx"
    reference.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    result = run("render", write_outline(), "--reference-docx", reference)
    no_bug(result.output)
    assert result.exit_code == 2
    assert str(reference) in result.stderr
