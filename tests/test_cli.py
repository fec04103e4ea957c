"""The command line: every command, and bad input giving located messages, exit 2, no output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from drafter.cli.app import app
from drafter.outline.json_schema import SCHEMA_FILE, schema_text
from drafter.render.templating import Templates

from conftest import ALL_KINDS, EXAMPLES, KINDS, MINIMAL

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_kinds_lists_every_kind_with_a_description():
    result = run("kinds")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == sorted(ALL_KINDS)
    assert "年度工作会议讲话" in result.stdout


def test_render_defaults_to_docx_next_to_the_outline(write_outline):
    path = write_outline()
    result = run("render", path)
    assert result.exit_code == 0, result.output
    assert path.with_suffix(".docx").is_file()
    assert f"wrote {path.with_suffix('.docx')}" in result.stdout


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_render_text_formats(write_outline, fmt):
    path = write_outline()
    result = run("render", path, "--format", fmt)
    assert result.exit_code == 0, result.output
    text = path.with_suffix(f".{fmt}").read_text(encoding="utf-8")
    assert "测试标题" in text


def test_format_follows_the_output_suffix(write_outline, tmp_path):
    path = write_outline()
    result = run("render", path, "-o", tmp_path / "draft.md")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "draft.md").read_text(encoding="utf-8").startswith('---\ntitle: "测试标题"')


def test_clashing_format_and_suffix(write_outline, tmp_path):
    result = run("render", write_outline(), "-o", tmp_path / "draft.md", "--format", "txt")
    assert result.exit_code == 2
    assert "does not match" in result.stderr


def test_several_outlines_into_a_folder(write_outline, tmp_path):
    a = write_outline(name="a.yaml")
    b = write_outline(name="b.yaml")
    out = tmp_path / "out"
    result = run("render", a, b, "-o", f"{out}/", "--format", "txt")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt"]


def test_several_outlines_onto_one_existing_file_is_refused(write_outline, tmp_path):
    target = tmp_path / "one.txt"
    target.write_text("keep", encoding="utf-8")
    result = run("render", write_outline(name="a.yaml"), write_outline(name="b.yaml"), "-o", target)
    assert result.exit_code == 2
    assert "cannot all be written to the file" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep"


def test_same_names_from_two_folders_clash(write_outline, tmp_path):
    a = write_outline(name="x/speech.yaml")
    b = write_outline(name="y/speech.yaml")
    result = run("render", a, b, "-o", f"{tmp_path}/out/", "--format", "txt")
    assert result.exit_code == 2
    assert "would both be written" in result.stderr
    assert not (tmp_path / "out").exists()


def test_refuses_to_write_over_its_input(write_outline):
    path = write_outline(name="speech.txt")
    result = run("render", path, "--format", "txt")
    assert result.exit_code == 2
    assert "refusing to write over the outline" in result.stderr


BAD_INPUTS = {
    "broken yaml": ("kind: work-conference\nparts: [\n", "outline.yaml:3:1: not valid YAML"),
    "wrong type": (
        MINIMAL.replace("title: 测试标题", "title: [a, b]"),
        "outline.yaml:2:8: title: expected text, got a list",
    ),
    "unknown key": (
        MINIMAL.replace("speaker:", "speakr:"),
        "outline.yaml:4:1: speakr: unknown key 'speakr' (did you mean 'speaker'?)",
    ),
    "unknown kind": (
        MINIMAL.replace("kind: work-conference", "kind: annual"),
        "outline.yaml:1:7: kind: unknown kind 'annual'",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_is_located_exits_2_and_writes_nothing(write_outline, tmp_path, case):
    text, expected = BAD_INPUTS[case]
    path = write_outline(text)
    result = run("render", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(str(tmp_path / expected)), result.stderr
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outline.yaml"]


def test_template_with_undefined_variable(write_outline, tmp_path):
    templates = tmp_path / "tpl"
    (templates / "kinds").mkdir(parents=True)
    (templates / "kinds" / "work-conference.j2").write_text(
        '{% extends "builtin/kinds/work-conference.j2" %}\n'
        "{% block closing %}\n@closing {{ outline.closng.text }}\n{% endblock %}\n",
        encoding="utf-8",
    )
    path = write_outline()
    result = run("render", path, "--templates", templates)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{templates / 'kinds' / 'work-conference.j2'}:3: undefined:")
    assert "(did you mean 'closing'?)" in result.stderr
    assert not path.with_suffix(".docx").exists()


def test_a_failed_render_keeps_last_weeks_draft(write_outline):
    path = write_outline()
    assert run("render", path).exit_code == 0
    before = path.with_suffix(".docx").read_bytes()
    path.write_text(MINIMAL.replace("speaker:", "speakr:"), encoding="utf-8")
    assert run("render", path).exit_code == 2
    assert path.with_suffix(".docx").read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_batch_continues_past_a_failing_outline(write_outline, tmp_path):
    good = write_outline(name="good.yaml")
    bad = write_outline(MINIMAL.replace("speaker:", "speakr:"), name="bad.yaml")
    result = run("render", bad, good, "--format", "txt")
    assert result.exit_code == 2
    assert good.with_suffix(".txt").is_file()
    assert not bad.with_suffix(".txt").exists()
    assert "1 of 2 outlines failed" in result.stderr


def test_missing_outline_file(tmp_path):
    result = run("render", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{tmp_path / 'nope.yaml'}: no such file"


def test_unknown_style(write_outline):
    result = run("render", write_outline(), "--style", "gbt9740")
    assert result.exit_code == 2
    assert "unknown style profile 'gbt9740' (did you mean 'gbt9704'?)" in result.stderr


def test_new_writes_a_skeleton_that_renders(tmp_path):
    target = tmp_path / "2026工作会议.yaml"
    result = run("new", "work-conference", "-o", target)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema={SCHEMA_FILE}")
    assert (tmp_path / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text(
        Templates().kinds().values()
    )
    data = yaml.safe_load(text)
    assert [part["type"] for part in data["parts"]] == [
        "review",
        "situation",
        "tasks",
        "requirements",
    ]
    assert run("render", target, "--format", "txt").exit_code == 0
    assert "【待补】" in target.with_suffix(".txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", KINDS)
def test_new_for_every_kind_validates(kind, tmp_path):
    target = tmp_path / f"{kind}.yaml"
    assert run("new", kind, "-o", target).exit_code == 0
    assert run("render", target, "--format", "md").exit_code == 0


def test_new_never_overwrites(tmp_path):
    target = tmp_path / "x.yaml"
    target.write_text("mine", encoding="utf-8")
    result = run("new", "work-conference", "-o", target)
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "mine"


def test_new_skeleton_years_follow_the_speech_s_year(tmp_path):
    import datetime as dt

    from drafter.render.skeleton import speech_year

    assert speech_year(dt.date(2026, 1, 5)) == 2026
    assert speech_year(dt.date(2026, 11, 30)) == 2026
    assert speech_year(dt.date(2026, 12, 1)) == 2027  # drafted for the turn of the year
    target = tmp_path / "x.yaml"
    assert run("new", "work-conference", "--year", "2031", "-o", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "occasion: 2031年【待补】会议名称" in text
    assert "# title: 2030年工作回顾" in text and "# title: 2031年重点工作" in text
    result = run("new", "work-conference", "--year", "31")
    assert result.exit_code == 2 and "--year" in result.stderr


def test_new_to_stdout_and_unknown_kind():
    assert run("new", "launch-ceremony").stdout.startswith("# yaml-language-server")
    result = run("new", "launch-ceremoni")
    assert result.exit_code == 2
    assert "(did you mean 'launch-ceremony'?)" in result.stderr


def test_schema_is_json_schema_of_the_outline():
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "drafter outline"
    # required under their English key or any Chinese alias (会议 for occasion)
    required = [{r["required"][0] for r in need["anyOf"]} for need in schema["allOf"]]
    assert {"kind", "讲话类型"} in [r & {"kind", "讲话类型"} for r in required]
    assert any({"occasion", "会议"} <= r for r in required)
    assert any({"parts", "部分"} <= r for r in required)
    assert "description" in schema["properties"]["title"]


def test_the_examples_schema_file_is_current():
    current = schema_text(Templates().kinds().values())
    assert (EXAMPLES / SCHEMA_FILE).read_text(encoding="utf-8") == current, (
        "examples/drafter-outline.schema.json is out of date: "
        "python -m drafter schema > examples/drafter-outline.schema.json"
    )


def test_help_lists_commands():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("render", "kinds", "new", "schema"):
        assert command in result.stdout


def test_library_build(write_outline, tmp_path):
    from drafter import build

    written = build(write_outline(), tmp_path / "draft.txt")
    assert written == Path(tmp_path / "draft.txt")
    assert written.read_text(encoding="utf-8").startswith("测试标题")


def test_closings_list_filters_by_category_and_tag():
    result = run("closings", "list", "--category", "greeting")
    assert result.exit_code == 0
    rows = result.stdout.splitlines()
    assert rows[0].split() == ["id", "category", "tags", "description", "source"]
    assert {row.split()[1] for row in rows[1:]} == {"greetings"}
    tagged = run("closings", "list", "--tag", "春节").stdout.splitlines()[1:]
    assert [row.split()[0] for row in tagged] == ["greeting-spring-festival"]


def test_closings_list_unknown_category():
    result = run("closings", "list", "--category", "farewell")
    assert result.exit_code == 2
    assert "unknown category 'farewell'" in result.stderr
    assert "closings (closing), greetings (greeting)" in result.stderr
    named = run("closings", "list", "--category", "closings")  # a category by its name
    assert named.exit_code == 0 and "closing-general" in named.stdout


def test_closings_show_renders_with_values():
    result = run("closings", "show", "greeting-teachers-day", "--with", "org=市教育局")
    assert result.exit_code == 0, result.output
    assert "--with audience=…" in result.stdout
    assert result.stdout.rstrip().endswith(
        "教师节即将到来，我代表市教育局，向广大教职员工致以节日的问候！"
        "祝大家节日快乐、身体健康、工作顺利！"
    )


def test_closings_show_bad_input():
    assert "(did you mean 'thanks'?)" in run("closings", "show", "thank").stderr
    result = run("closings", "show", "thanks", "--with", "who=我")
    assert result.exit_code == 2
    assert "'thanks' has no parameter 'who'" in result.stderr
    assert run("closings", "show", "thanks", "--with", "novalue").exit_code == 2


def test_closings_list_shows_office_entries_and_their_source(tmp_path, monkeypatch):
    library = tmp_path / "lib"
    library.mkdir()
    (library / "t.yaml").write_text(
        "id: thanks\ncategory: thanks\ndescription: 本局致谢\ntext: 谢谢！\n", encoding="utf-8"
    )
    (tmp_path / "drafter.yaml").write_text("library_dirs: [lib]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    rows = run("closings", "list", "--category", "thanks").stdout.splitlines()
    mine = next(row for row in rows if row.startswith("thanks "))
    assert mine.endswith(str(library.resolve()))
    assert "本局致谢" in mine


def test_eject_copies_a_kind_and_refuses_to_overwrite(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("eject", "midyear-conference")
    assert result.exit_code == 0, result.output
    copied = tmp_path / "templates" / "kinds" / "midyear-conference.j2"
    assert copied.read_text(encoding="utf-8").startswith("{#-\ndescription: 年中")
    assert "list" in result.stdout and "template_dirs" in result.stdout
    again = run("eject", "midyear-conference")
    assert again.exit_code == 2
    assert "never overwrites" in again.stderr
    listed = run("kinds", "--templates", tmp_path / "templates").stdout
    assert "midyear-conference" in listed and f"[{tmp_path / 'templates'}]" in listed


def test_eject_to_a_chosen_folder(tmp_path):
    result = run("eject", "report-meeting", "-o", tmp_path / "mine")
    assert result.exit_code == 0
    assert (tmp_path / "mine" / "kinds" / "report-meeting.j2").is_file()
    assert run("eject", "no-such-kind", "-o", tmp_path).exit_code == 2


def test_render_loads_only_what_rendering_needs(tmp_path):
    """`drafter render` never imports check, stats, extract, the CLI's presentation code or
    the workbench."""
    code = (
        "import sys\n"
        "from drafter.cli.app import main\n"
        f"sys.argv = ['drafter', 'render', {str(EXAMPLES / 'work-conference.yaml')!r},"
        f" '-o', {str(tmp_path / 'd.docx')!r}]\n"
        "try:\n    main()\nexcept SystemExit as done:\n    assert not done.code, done.code\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('drafter'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.split()
    assert "drafter.writers.docx" in loaded
    assert not [
        m
        for m in loaded
        if m.startswith(("drafter.analysis", "drafter.cli.presenting", "drafter.serve"))
    ]


def test_version():
    from drafter import __version__

    result = run("--version")
    assert result.exit_code == 0 and result.stdout == f"drafter {__version__}\n"


def test_shell_completion_offers_commands_and_options():
    """typer's completion (--install-completion) answers the shell's questions."""
    script = Path(sys.executable).with_name("drafter")
    if not script.is_file():
        pytest.skip("the drafter script is not installed beside this Python")
    env = {"_DRAFTER_COMPLETE": "complete_bash", "COMP_WORDS": "drafter ren", "COMP_CWORD": "1"}
    result = subprocess.run([str(script)], capture_output=True, text=True, env=env)
    assert result.stdout.split() == ["render"], result.stderr
    assert "--install-completion" in run("--help").stdout


def test_json_listings():
    kinds = json.loads(run("kinds", "--json").stdout)
    assert {k["name"] for k in kinds} == set(ALL_KINDS)
    conference = next(k for k in kinds if k["name"] == "work-conference")
    assert conference["source"] == "built-in" and "review" in conference["parts"]
    entries = json.loads(run("closings", "list", "--category", "greeting", "--json").stdout)
    spring = next(e for e in entries if e["id"] == "greeting-spring-festival")
    assert spring["category"] == "greeting" and "audience" in spring["params"]


def test_config_json(tmp_path, monkeypatch):
    (tmp_path / "drafter.yaml").write_text("org: 市教育局\nstyle: plain\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = json.loads(run("config", "--json").stdout)
    assert data["files"] == [str((tmp_path / "drafter.yaml").resolve())]
    assert data["values"]["org"]["value"] == "市教育局"
    assert data["values"]["org"]["origin"].endswith("drafter.yaml:1:6")
    assert data["values"]["leadership"] == {"value": None, "origin": None}
    assert data["values"]["words_per_minute"]["value"] == 220


def test_one_json_spelling_everywhere_and_the_old_one_still_works(write_outline):
    path = write_outline()
    assert json.loads(run("check", path, "--json").stdout) == json.loads(
        run("check", path, "--format", "json").stdout
    )
    assert json.loads(run("stats", path, "--format", "json").stdout) == json.loads(
        run("stats", path, "--json").stdout
    )
