"""The command line speaks the user's language: Chinese under a Chinese locale and where none
is set, English under an English one, DRAFTER_LANG above both; help, usage errors (typer's and
click's own words included), notes and tables in both, `--json` the same in both."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from drafter.cli.columns import cut, table, wrap
from drafter.outline.json_schema import SCHEMA_FILE

from conftest import EXAMPLES, MINIMAL, ROOT, check_golden

LOCALE_VARIABLES = ("DRAFTER_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
# how a writer's environment chooses the language, and the language it gives
CHOICES = [
    ({"DRAFTER_LANG": "zh"}, "zh"),
    ({"DRAFTER_LANG": "en"}, "en"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "C"}, "zh"),
    ({}, "zh"),  # no locale at all
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"DRAFTER_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
]


def drafter(
    *args: object,
    lang: dict[str, str] | None = None,
    cwd: Path | None = None,
    prelude: str = "",
    stdout: int | None = subprocess.PIPE,
    columns: int | None = 80,
) -> subprocess.CompletedProcess[str]:
    """The drafter command as a writer runs it, in a fresh Python, in the language `lang` asks
    for (Chinese unless told: the locale variables of the test run are taken away)."""
    env = {k: v for k, v in os.environ.items() if k not in (*LOCALE_VARIABLES, "COLUMNS")}
    env.update({"DRAFTER_LANG": "zh"} if lang is None else lang)
    if columns is not None:
        env["COLUMNS"] = str(columns)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    code = f"import sys\nsys.argv[0] = 'drafter'\n{prelude}\nfrom drafter.__main__ import main\nmain()\n"
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


# --- help ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("environ", "lang"), CHOICES)
def test_help_is_in_the_language_the_environment_chooses(environ, lang):
    done = drafter("--help", lang=environ)
    assert done.returncode == 0, done.stderr
    check_golden(f"cli-help.{lang}.txt", done.stdout)
    done = drafter("render", "--help", lang=environ)
    assert done.returncode == 0, done.stderr
    check_golden(f"cli-help-render.{lang}.txt", done.stdout)


def test_chinese_help_keeps_to_the_terminal_and_has_no_english_left():
    for args in (["--help"], ["render", "--help"], ["check", "--help"], ["closings", "--help"]):
        done = drafter(*args)
        assert done.returncode == 0, done.stderr
        for line in done.stdout.splitlines():
            assert cell_len(line) <= 80, line
        for english in ("Usage", "Options", "Arguments", "Commands", "Show this", "required"):
            assert english not in done.stdout, (args, english)


def test_every_command_has_chinese_help():
    commands = "render kinds eject config new schema check extract next stats data serve fonts"
    for command in commands.split():
        done = drafter(command, "--help")
        assert done.returncode == 0, done.stderr
        summary = done.stdout.split("\n\n")[1]
        assert any("\u4e00" <= char <= "\u9fff" for char in summary), (command, summary)


# --- usage errors: typer's and click's words, said by drafter --------------------------------

USAGE_ERRORS = [
    ["rendr", "x.yaml"],  # no such command, the likely one named
    ["ne"],  # two likely ones
    ["render", "--verbos", "x.yaml"],  # no such option, the likely one named
    ["render", "--nothing-like-it", "x.yaml"],
    ["render"],  # a missing argument
    ["check", "x.yaml", "--rate"],  # an option without its value
    ["check", "x.yaml", "--json=yes"],  # a flag given a value
    ["check", "x.yaml", "--rate", "0"],  # values refused
    ["check", "x.yaml", "--rate", "fast"],
    ["serve", "--port", "70000"],
    ["check", "x.yaml", "-f", "xml"],
    ["kinds", "extra"],  # an argument too many
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_usage_errors_are_said_in_the_users_language_with_exit_2(lang):
    said = []
    for args in USAGE_ERRORS:
        done = drafter(*args, lang={"DRAFTER_LANG": lang})
        assert done.returncode == 2, (args, done.stderr)
        assert done.stdout == ""
        said.append(f"$ drafter {' '.join(args)}\n{done.stderr}")
    check_golden(f"cli-usage-errors.{lang}.txt", "\n".join(said))


def test_no_english_is_left_in_the_usual_usage_errors():
    for args in USAGE_ERRORS:
        stderr = drafter(*args).stderr
        for english in ("Usage", "Error", "Try ", "No such", "Missing", "Invalid", "Input"):
            assert english not in stderr, (args, stderr)


# --- what the commands say -------------------------------------------------------------------

TWO_PROBLEMS = MINIMAL.replace("kind: work-conference", "kind: work-conferance").replace(
    "date: 2026-01-20", "date: 2026-02-30"
)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_check_run_golden(tmp_path, lang):
    (tmp_path / "提纲.yaml").write_text(TWO_PROBLEMS, encoding="utf-8")
    done = drafter("check", "提纲.yaml", lang={"DRAFTER_LANG": lang}, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    check_golden(f"cli-check.{lang}.txt", done.stdout + done.stderr)


def test_render_notes_in_both_languages_without_typer(tmp_path):
    (tmp_path / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    args = ("render", "a.yaml", "missing.yaml", "-o", "out/", "-f", "txt")
    chinese = drafter(*args, cwd=tmp_path)
    english = drafter(*args, lang={"DRAFTER_LANG": "en"}, cwd=tmp_path)
    assert chinese.returncode == english.returncode == 2
    assert chinese.stdout == f"已写入 {Path('out') / 'a.txt'}\n"
    assert english.stdout == f"wrote {Path('out') / 'a.txt'}\n"
    assert chinese.stderr.endswith("2 份提纲中有 1 份失败\n")
    assert english.stderr.endswith("1 of 2 outlines failed\n")


def test_a_chinese_render_loads_neither_typer_nor_babel(tmp_path):
    (tmp_path / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    prelude = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('loaded', sorted({m.split('.')[0] for m in sys.modules}"
        " & {'typer', 'babel', 'pydantic'}), file=sys.stderr))\n"
    )
    drafter("render", "a.yaml", "-f", "md", cwd=tmp_path)  # the catalogue compiled and kept
    done = drafter("render", "a.yaml", "-f", "md", "-o", "b.md", cwd=tmp_path, prelude=prelude)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "已写入 b.md\n"
    assert done.stderr.splitlines()[-1] == "loaded []"


def _planning_raises(exception: str) -> str:
    """Python run before drafter: planning a render raises `exception`."""
    return (
        "import signal, drafter.pipeline as p\n"
        "from drafter.output import Terminated\n"
        f"def failing(*a, **k):\n    raise {exception}\n"
        "p.Session.plan = failing\n"
    )


def test_an_internal_error_and_a_signal_are_said_in_chinese(tmp_path):
    (tmp_path / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    bug = _planning_raises("ZeroDivisionError('division by zero')")
    done = drafter("render", "a.yaml", cwd=tmp_path, prelude=bug)
    assert done.returncode == 3
    assert done.stderr == (
        "drafter：内部错误：ZeroDivisionError：division by zero"
        "（这是 drafter 的缺陷；设置 DRAFTER_DEBUG=1 可看到出错位置）\n"
    )
    stop = _planning_raises("Terminated(signal.SIGTERM)")
    done = drafter("render", "a.yaml", cwd=tmp_path, prelude=stop)
    assert done.returncode == 128 + signal.SIGTERM
    assert done.stderr == "drafter：收到 SIGTERM，已停止；没有留下写了一半的文件\n"


def test_tables_and_listings_in_chinese(tmp_path):
    config = drafter("config", cwd=tmp_path).stdout
    assert config.startswith("这里没有适用的 drafter.yaml：只用内置默认值\n")
    assert "org               （未设置）" in config
    fonts = drafter("fonts").stdout.splitlines()
    assert fonts[0] == "版式 gbt9704：" and fonts[1].split() == [
        "字体",
        "用于",
        "已安装",
        "Word/WPS",
        "替代字体",
        "本机显示为",
    ]
    kinds = drafter("kinds").stdout
    assert "（提纲中也可写：经验交流会、现场会、交流会）  [内置]" in kinds
    stats = drafter("stats", EXAMPLES / "launch-ceremony.yaml", "--rate", "200").stdout
    assert stats.splitlines()[1].startswith("共 ") and stats.splitlines()[1].endswith(
        "（200 字/分钟）"
    )
    assert " 字   " in stats.splitlines()[2] and " 段  " in stats.splitlines()[2]
    english = drafter("stats", EXAMPLES / "launch-ceremony.yaml", lang={"DRAFTER_LANG": "en"})
    assert " paragraphs, about " in english.stdout.splitlines()[1]
    shown = drafter("closings", "show", "opening-meeting")
    assert shown.returncode == 2
    assert "  --with occasion=…  会议名称，如：2026年全市教育工作会议 [必填]" in shown.stdout
    assert shown.stderr.startswith("opening-meeting 要填上 occasion 才能显示，例如：\n")
    assert (
        "仿宋_GB2312" in fonts[2] and "正文（默认）、三级标题" in fonts[2]
    )  # not normal, heading3


def test_chinese_names_of_kinds_and_categories_are_taken_and_shown(tmp_path):
    new = drafter("new", "年度工作会议", cwd=tmp_path)
    assert new.returncode == 0 and "work-conference：年度工作会议讲话" in new.stdout
    ejected = drafter("eject", "工作会议", cwd=tmp_path)
    assert ejected.returncode == 0 and (tmp_path / "templates/kinds/work-conference.j2").is_file()
    listed = drafter("closings", "list", "-c", "结束语", columns=200).stdout.splitlines()
    assert listed[0].split()[:2] == ["ID", "类别"]
    assert all(line.split()[1] == "结束语" for line in listed[1:])
    english = drafter("closings", "list", "-c", "结束语", lang={"DRAFTER_LANG": "en"}, columns=200)
    assert english.stdout.splitlines()[1].split()[1] == "closings"
    unknown = drafter("closings", "list", "-c", "结语")
    assert unknown.returncode == 2 and "结束语 closing、问候语 greeting" in unknown.stderr
    assert " | " not in unknown.stderr


# --- --json: the same in every language -----------------------------------------------------


def test_json_output_is_the_same_in_both_languages(tmp_path):
    (tmp_path / "提纲.yaml").write_text(TWO_PROBLEMS, encoding="utf-8")
    commands = [
        ["check", "提纲.yaml", "--json"],
        ["check", "提纲.yaml", "--format", "json"],
        ["kinds", "--json"],
        ["closings", "list", "--json"],
        ["config", "--json"],
        ["fonts", "--json"],
        ["stats", EXAMPLES / "launch-ceremony.yaml", "--json"],
    ]
    for args in commands:
        chinese = drafter(*args, cwd=tmp_path)
        english = drafter(*args, lang={"DRAFTER_LANG": "en"}, cwd=tmp_path)
        assert chinese.returncode == english.returncode, args
        assert chinese.stdout == english.stdout, args
        json.loads(chinese.stdout)
    problems = json.loads(drafter(*commands[0], cwd=tmp_path).stdout)
    assert "unknown kind 'work-conferance'" in problems[0]["message"]  # drafter's msgids


# --- closings list on a terminal -------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_closings_list_fits_an_80_column_terminal(lang):
    done = drafter("closings", "list", lang={"DRAFTER_LANG": lang}, columns=80)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    listed = json.loads(drafter("closings", "list", "--json").stdout)
    # each description is there whole, wrapped in its column
    heading = lines[0].split()
    start, end = (_column(lines[0], lines[0].index(heading[i])) for i in (3, 4))
    text = "".join(_cells(line, start, end).strip() for line in lines[1:])
    for entry in listed:
        assert entry["description"].replace(" ", "") in text.replace(" ", "")
    assert "--json" in done.stderr  # where the tags cut are whole


def _column(line: str, index: int) -> int:
    return cell_len(line[:index])


def _cells(line: str, start: int, end: int) -> str:
    """The characters of `line` between two terminal columns."""
    found, at = [], 0
    for char in line:
        if start <= at < end:
            found.append(char)
        at += cell_len(char)
    return "".join(found)


def test_closings_list_into_a_pipe_keeps_whole_rows():
    done = drafter("closings", "list", columns=None)
    listed = json.loads(drafter("closings", "list", "--json").stdout)
    rows = done.stdout.splitlines()[1:]
    assert len(rows) == len(listed)
    for row, entry in zip(rows, listed, strict=True):
        assert (
            "、".join(entry["tags"]) in row
        )  # Chinese lists with 、 and entry["description"] in row
    assert done.stderr == ""


# --- drafter new: the schema for the editor from the first minute ----------------------------


def test_a_skeleton_saved_from_standard_output_gets_its_schema_beside_it(tmp_path):
    folder = tmp_path / "讲话"
    folder.mkdir()
    with (folder / "提纲.yaml").open("w", encoding="utf-8") as saved:
        done = drafter("new", "work-conference", cwd=tmp_path, stdout=saved)
    assert done.returncode == 0, done.stderr
    schema = folder / SCHEMA_FILE
    assert schema.is_file()
    assert done.stderr == f"已写入 {schema}（提纲的 schema，供编辑器补全）\n"
    saved = (folder / "提纲.yaml").read_text(encoding="utf-8")
    assert saved.startswith(f"# yaml-language-server: $schema={SCHEMA_FILE}")
    assert not (tmp_path / SCHEMA_FILE).exists()
    schema.write_text("{}", encoding="utf-8")  # the writer's own: left alone
    with (folder / "另一个.yaml").open("w", encoding="utf-8") as saved:
        done = drafter("new", "launch-ceremony", cwd=tmp_path, stdout=saved)
    assert done.returncode == 0 and done.stderr == ""
    assert schema.read_text(encoding="utf-8") == "{}"


def test_a_skeleton_printed_to_a_pipe_says_how_to_get_the_schema(tmp_path):
    done = drafter("new", "work-conference", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.startswith("# yaml-language-server")
    assert SCHEMA_FILE in done.stderr and "-o" in done.stderr
    assert list(tmp_path.iterdir()) == []
    english = drafter("new", "work-conference", cwd=tmp_path, lang={"DRAFTER_LANG": "en"})
    assert english.stderr.startswith("(for your editor to complete the outline's keys")


def test_new_with_o_still_writes_the_schema_beside_the_outline(tmp_path):
    done = drafter("new", "work-conference", "-o", tmp_path / "a.yaml")
    assert done.returncode == 0
    assert done.stdout == f"已写入 {tmp_path / 'a.yaml'}\n"
    assert (tmp_path / SCHEMA_FILE).is_file()


# --- text fitted to columns ------------------------------------------------------------------


def test_wrap_breaks_chinese_anywhere_but_before_a_closing_mark_and_english_at_spaces():
    lines = wrap(
        "输出文件（一个提纲时）、文件夹（以 / 结尾，或有多个提纲时），或 - 表示标准输出。", 20
    )
    assert all(cell_len(line) <= 20 for line in lines)
    assert "".join(lines).replace(" ", "") == (
        "输出文件（一个提纲时）、文件夹（以/结尾，或有多个提纲时），或-表示标准输出。"
    )
    for line in lines[1:]:
        assert line[0] not in "，。、；：？！）"
    for line in lines:
        assert line[-1] not in "（“"
    assert wrap("Output file (one outline), folder (ends with /)", 20) == [
        "Output file (one",
        "outline), folder",
        "(ends with /)",
    ]
    assert wrap("a" * 25, 10) == ["a" * 10, "a" * 10, "a" * 5]


def test_cut_ends_with_an_ellipsis_within_the_width_and_keeps_english_words_whole():
    assert cut("年度工作会议：坚定信心", 9) == "年度工作…"
    assert cell_len(cut("年度工作会议：坚定信心", 9)) <= 9
    assert cut("short", 9) == "short"
    assert cut("Render outlines to drafts next", 24) == "Render outlines to…"


def test_a_table_narrows_the_columns_it_may_cut_first_then_wraps():
    rows = [("a", "x" * 30, "长" * 20)]
    lines, was_cut = table(("id", "tags", "description"), rows, 40, (1,), (2,))
    assert was_cut and all(cell_len(line) <= 40 for line in lines)
    assert len(lines) > 2  # the description wrapped on several lines
    lines, was_cut = table(("id", "tags", "description"), rows, None, (1,), (2,))
    assert not was_cut and len(lines) == 2


def test_settings_problems_are_located_and_missing_paths_said(tmp_path):
    (tmp_path / "drafter.yaml").write_text("org: 某局\nlibrary_dirs: [nothere]\n", encoding="utf-8")
    (tmp_path / "o.yaml").write_text(MINIMAL, encoding="utf-8")
    checked = drafter("check", "o.yaml", cwd=tmp_path)
    assert checked.returncode == 2
    assert f"{tmp_path / 'drafter.yaml'}:2:16: error: library_dirs: 素材库文件夹" in checked.stdout
    (tmp_path / "drafter.yaml").write_text("style: gbt9704-mac\n", encoding="utf-8")
    rendered = drafter("render", "o.yaml", "-o", "o.docx", cwd=tmp_path)
    assert rendered.returncode == 2
    assert rendered.stderr.startswith(f"{tmp_path / 'drafter.yaml'}:1:8: style: 未知的版式")
    missing = drafter("config", "nothere", cwd=tmp_path)
    assert missing.returncode == 2 and missing.stderr == "nothere 不存在：请给出提纲或文件夹\n"
    folder = drafter("data", str(tmp_path))
    assert folder.returncode == 2 and "是文件夹" in folder.stderr
    served = drafter("serve", "nothere", "--no-browser", cwd=tmp_path)
    assert served.returncode == 2 and "文件夹 nothere 不存在" in served.stderr
