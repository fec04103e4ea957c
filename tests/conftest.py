"""Shared fixtures: the repository's examples, a renderer, golden files, outline helpers."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from drafter.pipeline import Options, Renderer

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
# Real speeches of the genre, beside the repository (DRAFTER_CORPUS names another folder).
CORPUS = Path(os.environ.get("DRAFTER_CORPUS") or ROOT.parent / "shared" / "corpus")
KINDS = [
    "work-conference",
    "midyear-conference",
    "promotion-meeting",
    "launch-ceremony",
    "report-meeting",
    "guest-speech",
    "exchange-meeting",
]
ALL_KINDS = [*KINDS, "generic"]  # generic: adds no stock text (what drafter extract writes)

MINIMAL = """\
kind: work-conference
title: 测试标题
occasion: 2026年全市教育工作会议
speaker: 市教育局局长 张某某
date: 2026-01-20
parts:
  - type: review
    items:
      - headline: 党建工作不断加强
        text: 新建党组织12个。
  - type: tasks
    items:
      - headline: 突出抓督导
        measures:
          - {lead: 对照标准找问题, text: 全面对照评估标准。}
"""


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked `corpus` need the shared speeches: skipped without them, except in CI
    (which always has them), where a missing corpus must fail rather than pass silently."""
    if item.get_closest_marker("corpus") and not CORPUS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the corpus {CORPUS} is missing (CI always has it)", pytrace=False)
        pytest.skip(f"the corpus {CORPUS} is not here")


@pytest.fixture(autouse=True)
def no_user_config(tmp_path_factory, monkeypatch):
    """Tests never see the developer's own drafter.yaml (platformdirs honours XDG on Linux)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    return Renderer()


@pytest.fixture(scope="session")
def keep_renderer() -> Renderer:
    """A renderer that leaves punctuation as written (render --keep-punctuation)."""
    return Renderer(Options(keep_punctuation=True))


@pytest.fixture
def write_outline(tmp_path: Path) -> Callable[..., Path]:
    """Write outline text (dedented) to a file in tmp_path and return its path."""

    def write(text: str = MINIMAL, name: str = "outline.yaml", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(textwrap.dedent(text).encode(encoding))
        return path

    return write


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; DRAFTER_UPDATE_GOLDENS=1 rewrites it (review the diff)."""
    path = GOLDEN / name
    if os.environ.get("DRAFTER_UPDATE_GOLDENS"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with DRAFTER_UPDATE_GOLDENS=1"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"
