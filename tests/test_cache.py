"""What drafter keeps between runs (drafter/cache.py): found again only for the same content,
ignored when broken or unwritable, off with DRAFTER_NO_CACHE=1, never changing the output."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest

from drafter import cache
from drafter.pipeline import Renderer
from drafter.writers import docx as docx_writer

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "work-conference.yaml"


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("DRAFTER_NO_CACHE", raising=False)
    return tmp_path / "cache" / "drafter"


def counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def make() -> object:
        calls.append(1)
        return value

    return calls, make


def test_a_result_is_found_again_for_the_same_content_only(cache_home):
    calls, make = counting({"made": 1})
    assert cache.remember("test", "content", make) == {"made": 1}
    assert cache.remember("test", "content", make) == {"made": 1}
    assert len(calls) == 1
    cache.remember("test", "other content", make)
    cache.remember("other kind", "content", make)
    assert len(calls) == 3
    assert len(list((cache_home / "results").iterdir())) == 3


def test_a_result_made_in_one_language_is_not_found_in_another(cache_home):
    """A result may hold messages (a library entry's warnings): each language has its own."""
    from drafter import i18n
    from drafter.schema.source import load_kept

    text = "- 第一项\n  第二项\n"  # a list line that lost its '- ': a warning
    with i18n.speaking("zh"):
        chinese = load_kept(text, "素材.yaml").warnings[0].message
    with i18n.speaking("en"):
        english = load_kept(text, "素材.yaml").warnings[0].message
    assert chinese.startswith("这一行接到了上面的列表项")
    assert english.startswith("this line is joined to the list item above")


def test_a_broken_cache_file_is_made_anew(cache_home):
    calls, make = counting([1, 2, 3])
    cache.remember("test", "content", make)
    for path in (cache_home / "results").iterdir():
        path.write_bytes(b"not a pickle")
    assert cache.remember("test", "content", make) == [1, 2, 3]
    assert cache.remember("test", "content", make) == [1, 2, 3]
    assert len(calls) == 2  # the broken file was replaced by a good one


def test_no_cache_when_turned_off_or_when_its_folder_cannot_be_made(cache_home, monkeypatch):
    calls, make = counting("x")
    monkeypatch.setenv("DRAFTER_NO_CACHE", "1")
    cache.remember("test", "content", make)
    cache.remember("test", "content", make)
    assert len(calls) == 2 and not cache_home.exists()
    monkeypatch.delenv("DRAFTER_NO_CACHE")
    cache_home.parent.mkdir(parents=True)
    cache_home.write_text("a file where the folder should be", encoding="utf-8")
    assert cache.remember("test", "content", make) == "x"
    assert len(calls) == 3


def test_a_result_that_cannot_be_kept_is_still_given(cache_home):
    calls, make = counting(lambda: None)  # a lambda cannot be pickled
    first = cache.remember("test", "content", make)
    assert callable(first) and callable(cache.remember("test", "content", make))
    assert len(calls) == 2
    assert [p.name for p in (cache_home / "results").iterdir()] == []  # no half-written file


def within(seconds: float, work: Callable[[], object]) -> object:
    """What `work()` gives, failing the test if it has not returned after `seconds`."""
    results: list[object] = []
    worker = threading.Thread(target=lambda: results.append(work()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert results, f"still waiting after {seconds} s"
    return results[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_in_place_of_a_cache_file_is_passed_by_without_waiting(cache_home, tmp_path):
    from drafter.render.templating import _QuietBytecodeCache

    calls, make = counting("made")
    cache.remember("test", "content", make)
    (kept,) = (cache_home / "results").iterdir()
    kept.unlink()
    os.mkfifo(kept)
    assert within(20, lambda: cache.remember("test", "content", make)) == "made"
    assert len(calls) == 2

    compiled = _QuietBytecodeCache(str(tmp_path))
    bucket = jinja2.bccache.Bucket(jinja2.Environment(), "template key", "checksum")
    os.mkfifo(compiled._get_cache_filename(bucket))
    within(20, lambda: compiled.load_bytecode(bucket))
    assert bucket.code is None  # compiled anew


def draft() -> bytes:
    renderer = Renderer()  # a fresh renderer reads templates, library and profile again
    docx_writer._STYLED_BASES.clear()  # and styles its base again (or finds it in the cache)
    return renderer.to_bytes(renderer.document(renderer.load(EXAMPLE)), "docx")


def test_the_draft_is_the_same_with_the_cache_empty_full_broken_or_off(cache_home, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    empty = draft()
    assert (cache_home / "results").is_dir()
    assert draft() == empty
    for path in (cache_home / "results").iterdir():
        path.write_bytes(path.read_bytes()[:20])  # cut short
    assert draft() == empty
    monkeypatch.setenv("DRAFTER_NO_CACHE", "1")
    assert draft() == empty
