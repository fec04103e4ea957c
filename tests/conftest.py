"""Shared fixtures: the repository's examples, a renderer, golden files, outline helpers."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# The suite's expected messages are English (drafter's msgids); tests of the Chinese interface
# ask for it themselves (DRAFTER_LANG=zh, or i18n.speaking("zh")). Set before drafter loads, and
# inherited by the commands tests start.
os.environ["DRAFTER_LANG"] = "en"

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


def libreoffice_tools(*names: str) -> tuple[str, ...]:
    """The paths of LibreOffice and poppler programs; skipped without them, except in CI
    (which installs them), where a missing one fails."""
    tools = [shutil.which(name) for name in names]
    if not all(tools):
        if os.environ.get("CI"):
            pytest.fail("CI must have LibreOffice and poppler-utils (see .ci/run)")
        pytest.skip("LibreOffice or poppler-utils not installed")
    return tuple(t for t in tools if t)


def pdf_layout(pdf: Path) -> tuple[list[int], list[int]]:
    """How many characters each line of Chinese text holds, and how many lines each page but
    the first (the title's) holds, the page number aside."""
    widths, lines = [], []
    (pdftotext,) = libreoffice_tools("pdftotext")
    layout = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for page in layout.split("\f")[1:-1]:
        found = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in found if not re.fullmatch(r"—\s*\d+\s*—", line)]
        lines.append(len(body))
        widths += [
            len(line) for line in body if re.fullmatch(r"[\u3000-\u9fff\uff00-\uffef“”]+", line)
        ]
    return widths, lines


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


@pytest.fixture(scope="session")
def minimal_docx(renderer: Renderer) -> bytes:
    """MINIMAL rendered to .docx bytes (what tests that damage a .docx start from)."""
    return renderer.to_bytes(renderer.document(renderer.loads(MINIMAL)), "docx")


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


SERVED_URL = re.compile(r"http://127\.0\.0\.1:(\d+)/")


class Serving:
    """A `drafter serve` process, started as a writer starts it, and the URL it printed."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "drafter", "serve", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.line = self.process.stdout.readline()  # the server is listening once it is said
        found = SERVED_URL.search(self.line)
        if not found:
            self.process.kill()
            _, err = self.process.communicate()
            pytest.fail(f"no URL printed: {self.line!r} {err}")
        self.url = found.group(0)
        self.port = int(found.group(1))

    def stop(self, sig: int) -> tuple[int, str]:
        self.process.send_signal(sig)
        try:
            _, err = self.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            pytest.fail("drafter serve did not stop")
        return self.process.returncode, err

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()  # closes the pipes


def browser_tools() -> tuple[str, str]:
    """Debian's Chromium and its driver; skipped without them, except in CI (which installs
    them), where a missing one fails."""
    found = shutil.which("chromium"), shutil.which("chromedriver")
    if not all(found):
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium and chromium-driver (see .ci/run)")
        pytest.skip("chromium or chromedriver not installed")
    return found[0] or "", found[1] or ""


@pytest.fixture
def memory_cap() -> Iterator[Callable[[int], None]]:
    """Cap this process's address space at its present size plus N MB for the rest of the test
    (restored after), so a regression fails with MemoryError instead of swapping the machine."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)

    def cap(megabytes: int) -> None:
        status = Path("/proc/self/status")
        if not status.exists():  # the size is only known on Linux; elsewhere, no cap
            return
        size = next(line for line in status.read_text().splitlines() if line.startswith("VmSize"))
        limit = int(size.split()[1]) * 1024 + megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))

    yield cap
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


OTHER_USER = "nobody"


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def world_dir() -> Iterator[Path]:
    """A folder every user may enter and write (tmp_path is private to its owner), for tests
    that run drafter as another user."""
    folder = Path(tempfile.mkdtemp(prefix="drafter-test-"))
    folder.chmod(0o777)
    yield folder
    for path in sorted(folder.rglob("*"), reverse=True):  # undo any chmod the test made
        with contextlib.suppress(OSError):
            path.chmod(0o700)
    shutil.rmtree(folder, ignore_errors=True)


def drafter_process(
    *args: object,
    prelude: str = "",
    user: str | None = None,
    home: Path | None = None,
    **options: Any,
) -> subprocess.CompletedProcess[str]:
    """Run the drafter command in a fresh Python (as `user` if given: root only), after
    `prelude` (Python code that sets the scene, e.g. patches a function to send a signal)."""
    code = (
        f"{prelude}\nimport sys\nsys.argv = ['drafter', *{[str(a) for a in args]!r}]\n"
        "from drafter.__main__ import main\nmain()\n"
    )
    paths = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "DRAFTER_NO_CACHE": "1", "PYTHONPATH": os.pathsep.join(paths)}
    if home is not None:
        env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
    interpreter = sys.executable
    if user is not None:
        import pwd
        import site

        entry = pwd.getpwnam(user)
        options.update(user=entry.pw_uid, group=entry.pw_gid, extra_groups=[])
        interpreter = _interpreter_for_everyone()
        env["PYTHONPATH"] = os.pathsep.join([*paths, *site.getsitepackages()])
    return subprocess.run(
        [interpreter, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
        **options,
    )


def _interpreter_for_everyone() -> str:
    """This Python if every user may run it, else the system's of the same version (a
    virtualenv's Python often lives in a home folder only its owner may enter)."""
    candidates = [
        os.path.realpath(sys.executable),
        shutil.which(f"python{sys.version_info.major}.{sys.version_info.minor}", path="/usr/bin")
        or "",
    ]
    for candidate in candidates:
        folders = Path(candidate).parents
        if candidate and all(os.stat(folder).st_mode & 0o001 for folder in folders):
            return candidate
    pytest.skip("no Python here that another user may run")
