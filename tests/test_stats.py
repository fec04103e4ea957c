"""drafter stats: the same figures from an outline, its text and its DOCX; any speech."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.analysis.extract import read_source
from drafter.analysis.stats import of_document
from drafter.analysis.structure import read_document
from drafter.cli.app import app

from conftest import CORPUS, EXAMPLES, KINDS

runner = CliRunner()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_outline_and_its_renderings_agree(renderer, kind, fmt):
    document = renderer.document(renderer.load(EXAMPLES / f"{kind}.yaml"))
    ours = of_document(document, 220)
    source = read_source(Path(f"x.{fmt}"), renderer.to_bytes(document, fmt))
    theirs = of_document(read_document(source.text, source.hints), 220)
    assert [(s.name, s.characters, s.paragraphs) for s in theirs.sections] == [
        (s.name, s.characters, s.paragraphs) for s in ours.sections
    ]
    assert ours.title == theirs.title


def test_totals_and_minutes(renderer):
    stats = of_document(renderer.document(renderer.load(EXAMPLES / "work-conference.yaml")), 200)
    assert stats.characters == sum(s.characters for s in stats.sections)
    assert stats.minutes() == pytest.approx(stats.characters / 200)
    names = [s.name for s in stats.sections]
    assert (names[0], names[-1]) == ("开场", "结束语")
    assert stats.sections[1].name == "一、2025年工作回顾"


@pytest.mark.corpus
def test_stats_of_corpus_speeches():
    found = {}
    for path in sorted(CORPUS.glob("*.txt")):
        stats = of_document(read_document(path.read_text(encoding="utf-8")), 220)
        found[path.name] = [s.name for s in stats.sections]
        assert 3000 < stats.characters < 11000
    assert found["sample-12.txt"] == [
        "开场",
        "一、统一思想,充分认识加强师德师风建设的重要意义",
        "二、把握重点,努力开创师德师风建设的崭新局面",
        "三、加强领导,确保师德师风建设活动取得实效",
        "结束语",
    ]
    assert len(found["sample-02.txt"]) == 5


def test_stats_command_tree_and_json(tmp_path):
    result = runner.invoke(app, ["stats", str(EXAMPLES / "launch-ceremony.yaml"), "--rate", "200"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "在云川市2026年“书香校园”阅读季启动仪式上的讲话"
    assert lines[1].endswith(" (200 字/分钟)")  # in English (tests ask for it)
    assert lines[2].startswith("├─ 开场") and lines[-1].startswith("└─ 结束语")
    assert "█" in lines[3]
    result = runner.invoke(app, ["stats", str(EXAMPLES / "launch-ceremony.yaml"), "--json"])
    data = json.loads(result.stdout)
    assert set(data) == {"title", "rate", "characters", "paragraphs", "minutes", "parts"}
    assert data["rate"] == 220
    assert set(data["parts"][0]) == {"name", "characters", "paragraphs", "minutes"}


def test_stats_on_a_plain_text_speech_and_rate_from_config(tmp_path):
    (tmp_path / "drafter.yaml").write_text("words_per_minute: 100\n", encoding="utf-8")
    speech = tmp_path / "old.txt"
    speech.write_text("同志们：\n今天开会。\n一、要求\n各单位要落实。\n", encoding="utf-8")
    result = runner.invoke(app, ["stats", str(speech), "--json"])
    data = json.loads(result.stdout)
    assert data["rate"] == 100
    assert [p["name"] for p in data["parts"]] == ["开场", "一、要求"]


def test_stats_bad_input(tmp_path):
    assert runner.invoke(app, ["stats", str(tmp_path / "nope.txt")]).exit_code == 2
    bad = tmp_path / "o.yaml"
    bad.write_text("kind: nope\n", encoding="utf-8")
    assert runner.invoke(app, ["stats", str(bad)]).exit_code == 2


def test_check_times_the_speech_stats_counts(renderer, tmp_path):
    """`check`'s speaking-time reads the figures `stats` shows: one count, the title unspoken."""
    from drafter.analysis.check import check_outline

    outline = tmp_path / "o.yaml"
    text = (EXAMPLES / "launch-ceremony.yaml").read_text(encoding="utf-8")
    outline.write_text(text.replace("target_minutes: 15", "target_minutes: 1"), encoding="utf-8")
    stats = of_document(renderer.document(renderer.load(outline)), 220)
    found = [p for p in check_outline(outline, renderer) if p.rule == "speaking-time"]
    assert len(found) == 1 and f"({stats.characters} 字 at 220 字/分钟)" in found[0].message
