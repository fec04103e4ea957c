"""`drafter render` read without typer: the same arguments as typer reads, or left to typer.

Both readers are made from one declaration (`RenderArgs`); what these tests prove is that the
fast reader follows click's rules for every option declared there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import drafter.cli.render
from drafter.cli.app import app
from drafter.cli.options import Option, declared
from drafter.cli.render import RenderArgs, parse

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "work-conference.yaml"


def typer_reads(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> RenderArgs | None:
    """What typer passes to the render command for `argv` (None when it refuses the line)."""
    seen: list[RenderArgs] = []

    def capture(args: RenderArgs, say: object) -> int:
        seen.append(args)
        return 0

    monkeypatch.setattr(drafter.cli.render, "run", capture)
    CliRunner().invoke(app, argv)
    return seen[0] if seen else None


CASES = [
    ["render", "a.yaml"],
    ["render", "a.yaml", "b.yaml", "-q", "-o", "out/"],
    ["render", "-o", "-", "-f", "md", "-"],
    ["render", "--output=draft.docx", "--style", "gbt9704-win", "a.yaml"],
    ["render", "a.yaml", "--templates", "mine", "--templates=theirs", "--keep-punctuation"],
    ["render", "--reference-docx", "ref.docx", "a.yaml", "-v", "--encoding", "gb18030"],
    ["render", "--into", "office.dotx", "--quiet", "--verbose", "a.yaml"],
    ["render", "a.yaml", "--review", "-o", "review.docx"],
    ["render", "-o", "x.docx", "-o", "y.docx", "a.yaml"],
    ["render", "--", "-q", "a.yaml"],
    ["render", "-o", "", "a.yaml"],
]


@pytest.mark.parametrize("argv", CASES)
def test_usual_command_lines_read_as_typer_reads_them(argv, monkeypatch):
    assert parse(argv) is not None
    assert parse(argv) == typer_reads(argv, monkeypatch)


@pytest.mark.parametrize(
    "argv",
    [
        ["render"],  # typer says an outline is missing
        ["render", "--help"],
        ["render", "a.yaml", "--bogus"],
        ["render", "a.yaml", "-qv"],
        ["render", "a.yaml", "-oout.docx"],
        ["render", "a.yaml", "-o"],
        ["render", "a.yaml", "--quiet=yes"],
        ["render", "a.yaml", "-o", "--quiet"],
        ["check", "a.yaml"],
        ["--version"],
        [],
    ],
)
def test_anything_else_is_left_to_typer(argv):
    assert parse(argv) is None


def test_completion_is_left_to_typer(monkeypatch):
    monkeypatch.setenv("_DRAFTER_COMPLETE", "complete_bash")
    assert parse(["render", "a.yaml"]) is None


def tokens() -> list[str]:
    """Every name `RenderArgs` declares, with a value after = (which a flag refuses), beside
    outlines, the separators and what neither reader knows: an option added is tried here."""
    found = ["a.yaml", "b.yaml", "-", "--", "out/", "", "--bogus", "-x", "-qv"]
    for field in declared(RenderArgs):
        if isinstance(field.spec, Option):
            found += field.spec.names
            found += [f"{name}=x.md" for name in field.spec.names if name.startswith("--")]
    return found


TOKENS = st.sampled_from(tokens())


@settings(max_examples=250, deadline=None)
@given(st.lists(TOKENS, max_size=7))
def test_any_line_read_is_read_as_typer_reads_it(tokens):
    argv = ["render", *tokens]
    ours = parse(argv)
    if ours is None:
        return
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert ours == typer_reads(argv, monkeypatch)


def test_the_command_renders_without_typer_or_pydantic(tmp_path):
    code = (
        "import sys\n"
        "from drafter.__main__ import main\n"
        f"sys.argv = ['drafter', 'render', {str(EXAMPLE)!r}, '-q', '-o', {str(tmp_path / 'd.md')!r}]\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    loaded = sorted({m.split('.')[0] for m in sys.modules} & {'typer', 'pydantic'})\n"
        "    print('loaded', loaded, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "d.md").read_text(encoding="utf-8").startswith("---")
    assert done.stderr.splitlines()[-1] == "loaded []"  # neither typer nor pydantic


def test_a_failed_command_exits_with_its_message(tmp_path):
    missing = tmp_path / "missing.yaml"
    command = [sys.executable, "-m", "drafter", "render", str(missing)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip() == f"{missing}: no such file"
