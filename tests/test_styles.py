"""Style profiles: `base:` inheritance, the writer's own profiles first, located errors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from drafter.errors import SourceError, StyleError
from drafter.render.templating import builtin_templates
from drafter.writers.styles import STYLE_KEYS, Profile, load_profile, look, profile_dirs

BUILTIN_DIRS = profile_dirs([], builtin_templates())


def folders(tmp_path: Path) -> list[Path]:
    return profile_dirs([tmp_path], builtin_templates())


def write(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / "styles").mkdir(exist_ok=True)
    path = tmp_path / "styles" / f"{name}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_builtin_profiles_load_and_define_every_style():
    for name in ("gbt9704", "gbt9704-win", "plain"):
        profile = load_profile(name, BUILTIN_DIRS)
        assert set(profile.styles) == set(STYLE_KEYS), name


def test_the_windows_variant_uses_only_faces_windows_and_wps_ship():
    from drafter.writers.faces import profile_faces

    standard = load_profile("gbt9704", BUILTIN_DIRS)
    windows = load_profile("gbt9704-win", BUILTIN_DIRS)
    assert set(profile_faces(windows)) == {"仿宋", "楷体", "黑体", "宋体"}
    assert windows.page == standard.page
    assert windows.normal.line_spacing_pt == standard.normal.line_spacing_pt == 28.95
    assert windows.style("title").size_pt == 22 and windows.style("title").bold is True
    assert windows.style("body").first_line_chars == 2


def test_a_profile_inherits_from_its_base_and_overrides_only_what_it_names(tmp_path):
    write(
        tmp_path,
        "office",
        """\
        base: gbt9704
        description: 本单位讲话稿
        normal:
          size_pt: 15
        styles:
          heading1: {font: 方正黑体_GBK}
        """,
    )
    office = load_profile("office", folders(tmp_path))
    standard = load_profile("gbt9704", BUILTIN_DIRS)
    assert office.description == "本单位讲话稿"
    assert office.normal.size_pt == 15
    assert office.normal.font == standard.normal.font  # kept from the base
    assert office.style("heading1").font == "方正黑体_GBK"
    assert office.style("heading1").first_line_chars == 2  # merged key by key
    assert office.page == standard.page


def test_a_chain_of_bases_merges_in_order(tmp_path):
    write(tmp_path, "a", "base: gbt9704\nnormal: {size_pt: 15}\n")
    write(tmp_path, "b", "base: a\nnormal: {line_spacing_pt: 28}\n")
    profile = load_profile("b", folders(tmp_path))
    assert (profile.normal.size_pt, profile.normal.line_spacing_pt) == (15, 28)


def test_a_writers_profile_replaces_a_builtin_one_of_the_same_name(tmp_path):
    write(tmp_path, "plain", "description: mine\n")
    assert load_profile("plain", folders(tmp_path)) == Profile(description="mine")


def test_unknown_profile_and_unknown_base(tmp_path):
    with pytest.raises(StyleError, match=r"unknown style profile 'gbt9740' \(did you mean"):
        load_profile("gbt9740", BUILTIN_DIRS)
    write(tmp_path, "x", "base: nothing\n")
    with pytest.raises(StyleError, match="unknown style profile 'nothing'"):
        load_profile("x", folders(tmp_path))


def test_bases_that_name_each_other_are_refused(tmp_path):
    write(tmp_path, "a", "base: b\n")
    write(tmp_path, "b", "base: a\n")
    with pytest.raises(StyleError, match="name each other as base: a → b → a"):
        load_profile("a", folders(tmp_path))


def test_bad_values_are_located_in_their_file(tmp_path):
    path = write(
        tmp_path,
        "bad",
        """\
        normal:
          size_pt: -3
          colour: red
        styles:
          heading9: {bold: true}
        page_number: {format: "第页"}
        """,
    )
    with pytest.raises(StyleError) as info:
        load_profile("bad", folders(tmp_path))
    found = info.value.messages()
    assert f"{path}:2:12: normal.size_pt: must be greater than 0 and at most 400" in found
    assert f"{path}:3:3: normal.colour: unknown key 'colour'" in found
    assert any(
        m.startswith(f"{path}:5:3: styles.heading9: 'heading9' is not one of: body,")
        and m.endswith("(did you mean 'heading4'?)")
        for m in found
    )
    assert any(
        m.startswith(f"{path}:6:23: page_number.format: must contain {{page}}") for m in found
    )


def test_a_profile_that_is_not_yaml_or_not_a_mapping(tmp_path):
    write(tmp_path, "broken", "normal: [\n")
    with pytest.raises(SourceError, match="not valid YAML"):
        load_profile("broken", folders(tmp_path))
    write(tmp_path, "list", "- a\n")
    with pytest.raises(StyleError, match="a style profile is a mapping"):
        load_profile("list", folders(tmp_path))


def test_a_headlines_look_follows_its_number_form_and_yishi_is_bold_fangsong_at_any_depth():
    assert [look(label, 2) for label in ("一、", "（一）", "1.", "（1）")] == [1, 2, 3, 4]
    assert look("一是", 2) == look("二是", 3) == look("三要", 1) == 3
    assert look("第一，", 2) == 2  # no form of its own: its depth's
