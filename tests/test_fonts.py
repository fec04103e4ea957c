"""Faces: which a profile names, which this machine has (fontconfig, or font files read by
their name tables), what stands in where one is missing; `drafter fonts` and render's warning.

This machine has fonts-noto-cjk and fonts-arphic-ukai, and none of the GB2312 faces."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter import system_fonts
from drafter.cli.app import app
from drafter.pipeline import Renderer
from drafter.writers.faces import css_family, face, missing_message, profile_faces, survey

runner = CliRunner()
FONT_DIRS = [Path("/usr/share/fonts")]


def needs_cjk_fonts() -> None:
    if not shutil.which("fc-list") or not any(p.is_dir() for p in FONT_DIRS):
        pytest.skip("no fontconfig or system fonts here")


def test_profile_faces_and_what_they_are_used_for():
    uses = profile_faces(Renderer().profile("gbt9704"))
    assert uses == {
        "仿宋_GB2312": ["normal", "heading3", "heading4"],
        "方正小标宋简体": ["title"],
        "楷体_GB2312": ["subtitle", "byline", "date", "heading2", "lead2"],
        "黑体": ["heading1", "lead1"],
        "宋体": ["page numbers"],
    }


def test_faces_unknown_to_the_table_borrow_by_their_name():
    assert face("方正仿宋_GBK").alt_name == "仿宋"  # the face every Windows has
    assert face("华文楷体").chain[:3] == ("华文楷体", "楷体", "KaiTi")
    assert face("Georgia").alt_name == "" and not face("Georgia").east_asian
    assert css_family("Georgia") == "Georgia, serif"
    assert css_family("黑体").startswith('"黑体", SimHei, STHeiti')
    assert css_family("黑体").endswith("sans-serif")


def test_survey_against_a_set_of_installed_families():
    profile = Renderer().profile("gbt9704")
    statuses = {
        s.name: s for s in survey(profile, frozenset({"仿宋_GB2312", "kaiti", "Noto Sans CJK SC"}))
    }
    assert statuses["仿宋_GB2312"].installed and statuses["仿宋_GB2312"].seen_here == "仿宋_GB2312"
    kai = statuses["楷体_GB2312"]  # KaiTi installed under its English name: case-insensitive
    assert not kai.installed and kai.seen_here == "KaiTi" and kai.alt_name == "楷体"
    assert statuses["黑体"].seen_here == "Noto Sans CJK SC"
    assert statuses["方正小标宋简体"].seen_here == ""
    message = missing_message("gbt9704", statuses.values())
    assert "楷体_GB2312 (Word/WPS show 楷体)" in message and "仿宋_GB2312 (" not in message
    assert "--style gbt9704-win" in message
    assert "the draft still names them" in message
    pdf = missing_message("gbt9704", statuses.values(), embedded=True)
    assert "the PDF shows the stand-ins that drafter fonts lists" in pdf
    installed = frozenset(statuses)
    assert missing_message("gbt9704", survey(profile, installed)) is None


def test_fontconfig_lists_this_machines_faces():
    needs_cjk_fonts()
    system_fonts.installed_families.cache_clear()
    found = system_fonts.installed_families()
    assert {"Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN"} <= found
    assert "仿宋_GB2312" not in found


def test_font_files_are_read_by_their_name_tables():
    """What Windows and macOS get: the families read from the files themselves (here, the
    Noto .ttc collections and the UKai face), the same names fontconfig gives."""
    needs_cjk_fonts()
    found = system_fonts.families_in(FONT_DIRS)
    assert {"Noto Serif CJK SC", "Noto Sans CJK JP", "AR PL UKai CN"} <= found
    system_fonts.installed_families.cache_clear()
    assert found == set(system_fonts.installed_families())


def _font_with_names(records: list[tuple[int, int, int, bytes]]) -> bytes:
    """A minimal sfnt holding only a name table with the given (platform, encoding, id, raw)."""
    strings = b"".join(raw for *_, raw in records)
    name = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    offset = 0
    for platform, encoding, name_id, raw in records:
        name += struct.pack(">HHHHHH", platform, encoding, 0, name_id, len(raw), offset)
        offset += len(raw)
    name += strings
    header = struct.pack(">IHHHH", 0x00010000, 1, 16, 0, 0)
    table = struct.pack(">4sIII", b"name", 0, 12 + 16, len(name))
    return header + table + name


def test_name_tables_in_every_encoding_chinese_fonts_use(tmp_path: Path):
    data = _font_with_names(
        [
            (3, 1, 1, "仿宋".encode("utf-16-be")),  # Windows Unicode
            (3, 1, 4, "仿宋 常规".encode("utf-16-be")),  # full name: not a family
            (3, 3, 1, b"\x00" + "楷体_GB2312".encode("gbk")),  # Windows PRC, GBK in 16 bits
            (1, 25, 16, "黑体".encode("gb2312")),  # Macintosh Simplified Chinese
            (1, 0, 1, b"FangSong"),
        ]
    )
    (tmp_path / "simfang.ttf").write_bytes(data)
    (tmp_path / "broken.ttf").write_bytes(b"\x00\x01\x00\x00garbage")
    (tmp_path / "notes.txt").write_text("not a font", encoding="utf-8")
    assert system_fonts.families_in([tmp_path, tmp_path / "missing"]) == {
        "仿宋",
        "楷体_GB2312",
        "黑体",
        "FangSong",
    }


def test_windows_and_mac_folders(monkeypatch):
    monkeypatch.setattr(system_fonts.sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", r"D:\Windows")
    assert str(system_fonts.font_folders()[0]).endswith("Fonts")
    monkeypatch.setattr(system_fonts.sys, "platform", "darwin")
    assert Path("/Library/Fonts") in system_fonts.font_folders()


def test_fonts_command(monkeypatch):
    needs_cjk_fonts()
    system_fonts.installed_families.cache_clear()
    result = runner.invoke(app, ["fonts"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "style gbt9704:"
    row = next(line for line in lines if line.startswith("楷体_GB2312"))
    assert row.split("  ")[0] == "楷体_GB2312" and row.split()[-6:] == [
        "no",
        "楷体",
        "AR",
        "PL",
        "UKai",
        "CN",
    ]
    uses = "subtitle, speaker's line, date line, level-2 headings, level-2 run-in headings"
    assert uses in " ".join(row.split())
    data = json.loads(runner.invoke(app, ["fonts", "--style", "gbt9704-win", "--json"]).stdout)
    assert data["style"] == "gbt9704-win"
    assert {f["face"] for f in data["faces"]} == {"仿宋", "楷体", "黑体", "宋体"}
    assert all(f["installed"] is False for f in data["faces"])
    bad = runner.invoke(app, ["fonts", "--style", "gbt9740"])
    assert bad.exit_code == 2 and "did you mean 'gbt9704'" in bad.stderr


def test_render_warns_once_about_missing_faces(write_outline, tmp_path: Path):
    system_fonts.installed_families.cache_clear()
    first = write_outline(name="a.yaml")
    second = write_outline(name="b.yaml")
    result = runner.invoke(app, ["render", str(first), str(second), "-o", f"{tmp_path}/out/"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.endswith("[fonts]")]
    assert len(warnings) == 1
    assert warnings[0].startswith("warning: the style gbt9704 uses faces not installed here: ")
    text = runner.invoke(app, ["render", str(first), "-o", str(tmp_path / "a.md")])
    assert "[fonts]" not in text.stderr  # Markdown names no faces


def test_no_warning_when_every_face_is_installed(write_outline, tmp_path, monkeypatch):
    faces = frozenset({"仿宋_GB2312", "方正小标宋简体", "楷体_GB2312", "黑体", "宋体"})
    monkeypatch.setattr(system_fonts, "installed_families", lambda: faces)
    result = runner.invoke(app, ["render", str(write_outline()), "-o", str(tmp_path / "a.docx")])
    assert result.exit_code == 0 and "[fonts]" not in result.stderr
