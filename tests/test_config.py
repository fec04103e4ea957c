"""Office defaults: discovery (nearest wins), outline overrides, relative folders, origins."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli.app import app
from drafter.errors import ConfigError
from drafter.outline.config import load_settings
from drafter.pipeline import Session

from conftest import MINIMAL

runner = CliRunner()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """office/drafter.yaml (org, leadership, speaker, templates) and office/2026/drafter.yaml."""
    write(
        tmp_path / "office" / "drafter.yaml",
        """\
        org: 市教育局
        leadership: 市委、市政府
        speaker: 市教育局局长 王某某
        salutation: 同志们、朋友们
        template_dirs: [templates]
        words_per_minute: 200
    """,
    )
    (tmp_path / "office" / "templates" / "kinds").mkdir(parents=True)
    write(
        tmp_path / "office" / "2026" / "drafter.yaml",
        """\
        speaker: 市教育局党委书记 李某某
        style: plain
        checks: {disable: [half-width-punctuation]}
    """,
    )
    return tmp_path / "office"


def test_nearest_file_wins_value_by_value(office: Path):
    settings = load_settings(office / "2026" / "outline.yaml")
    assert settings.files == [office / "2026" / "drafter.yaml", office / "drafter.yaml"]
    assert settings.get("speaker") == "市教育局党委书记 李某某"
    assert settings.get("org") == "市教育局"
    assert settings.get("style") == "plain"
    assert settings.words_per_minute == 200
    assert str(settings.values["speaker"].origin) == f"{office / '2026' / 'drafter.yaml'}:1:10"
    assert str(settings.values["org"].origin) == f"{office / 'drafter.yaml'}:1:6"
    assert [s.value for s in settings.disabled_checks] == ["half-width-punctuation"]


def test_relative_folders_resolve_against_their_file(office: Path):
    settings = load_settings(office / "2026")
    assert [s.value for s in settings.template_dirs] == [(office / "templates").resolve()]


def test_user_config_is_the_weakest_layer(office: Path, tmp_path: Path, monkeypatch):
    xdg = tmp_path / "xdg"
    write(xdg / "drafter" / "drafter.yaml", "org: 我的单位\nscope: 全系统同志\n")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(xdg))
    settings = load_settings(office / "2026")
    assert settings.get("org") == "市教育局"
    assert settings.get("scope") == "全系统同志"
    assert settings.files[-1] == xdg / "drafter" / "drafter.yaml"


def test_outline_inherits_and_overrides(office: Path):
    outline = write(
        office / "2026" / "outline.yaml", MINIMAL.replace("speaker: 市教育局局长 张某某\n", "")
    )
    renderer = Session().renderer_for(outline)
    loaded = renderer.load(outline)
    assert loaded.outline.speaker == "市教育局党委书记 李某某"
    assert loaded.outline.salutation == "同志们、朋友们"
    assert loaded.outline.org == "市教育局"
    write(
        outline,
        MINIMAL.replace("speaker: 市教育局局长 张某某", "speaker: 自己写的讲话人\norg: 市政府"),
    )
    loaded = renderer.load(outline)
    assert (loaded.outline.speaker, loaded.outline.org) == ("自己写的讲话人", "市政府")


def test_config_style_is_used_and_the_outline_can_override_it(office: Path):
    outline = write(office / "2026" / "outline.yaml", MINIMAL)
    renderer = Session().renderer_for(outline)
    assert renderer.style_name() == "plain"
    assert renderer.style_name("gbt9704") == "gbt9704"


def test_broken_config_is_located(tmp_path: Path):
    write(tmp_path / "drafter.yaml", "org: [a]\ntemplate_dir: x\n")
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    found = [p.format() for p in info.value.problems]
    assert f"{tmp_path / 'drafter.yaml'}:1:6: org: expected text, got a list" in found
    assert (
        f"{tmp_path / 'drafter.yaml'}:2:1: template_dir: unknown key 'template_dir' "
        "(did you mean 'template_dirs'?)"
    ) in found


def test_render_reports_a_broken_config(tmp_path: Path):
    write(tmp_path / "drafter.yaml", "speaker: [a]\n")
    outline = write(tmp_path / "o.yaml", MINIMAL)
    result = runner.invoke(app, ["render", str(outline)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / 'drafter.yaml'}:1:10: speaker: expected text")


def test_missing_template_folder_named_by_config(tmp_path: Path):
    write(tmp_path / "drafter.yaml", "template_dirs: [nope]\n")
    outline = write(tmp_path / "o.yaml", MINIMAL)
    result = runner.invoke(app, ["render", str(outline)])
    assert result.exit_code == 2
    assert "template folder" in result.stderr and "does not exist" in result.stderr


def test_config_command_shows_values_and_origins(office: Path):
    result = runner.invoke(app, ["config", str(office / "2026")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("files (strongest first): ")
    row = next(line for line in lines if line.startswith("speaker"))
    assert "市教育局党委书记 李某某" in row and row.endswith(
        f"{office / '2026' / 'drafter.yaml'}:1:10"
    )
    assert any(line.startswith("words_per_minute") and line.endswith(":6:19") for line in lines)
    assert any(
        line.startswith("template_dirs") and str(office / "templates") in line for line in lines
    )


def test_config_command_with_no_files(tmp_path: Path):
    result = runner.invoke(app, ["config", str(tmp_path)])
    assert "no drafter.yaml applies here" in result.stdout
    assert any(
        line.startswith("style") and "gbt9704" in line for line in result.stdout.splitlines()
    )


def test_office_template_folder_overrides_one_block(office: Path):
    (office / "templates" / "kinds" / "work-conference.j2").write_text(
        '{% extends "builtin/kinds/work-conference.j2" %}\n'
        "{% block salutation %}@salutation 各位同事：\n{% endblock %}\n",
        encoding="utf-8",
    )
    outline = write(office / "2026" / "outline.yaml", MINIMAL)
    renderer = Session().renderer_for(outline)
    assert renderer.templates.kinds()["work-conference"].source == str(
        (office / "templates").resolve()
    )
    lines = renderer.document(renderer.load(outline)).lines()
    assert lines[4] == "各位同事："


@pytest.mark.parametrize("said", ["true", "false"])
def test_config_command_shows_a_true_or_false_setting_as_written(tmp_path: Path, said: str):
    (tmp_path / "drafter.yaml").write_text(f"date_brackets: {said}\n", encoding="utf-8")
    result = runner.invoke(app, ["config", str(tmp_path)])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith("date_brackets"))
    assert row.split()[1] == said
