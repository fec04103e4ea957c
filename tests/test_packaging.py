"""The wheel carries the templates inside the package, and they are found without the source."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{result.stderr}")
    (path,) = out.glob("speech_drafter-*.whl")
    return path


def test_wheel_contains_every_template(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (ROOT / "templates").rglob("*"):
        if template.is_file():
            relative = template.relative_to(ROOT / "templates").as_posix()
            assert f"drafter/templates/{relative}" in names, relative


def test_wheel_contains_the_workbench_pages_and_static_files(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    serve = ROOT / "drafter" / "serve"
    for folder in ("static", "pages"):
        for path in (serve / folder).iterdir():
            assert f"drafter/serve/{folder}/{path.name}" in names, path.name
    assert "drafter/serve/static/codemirror.js" in names
    assert "drafter/serve/static/codemirror.LICENSES.txt" in names
    archive = zipfile.ZipFile(wheel)
    (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
    text = archive.read(metadata).decode("utf-8")
    assert "Provides-Extra: serve" in text
    assert "Requires-Dist: uvicorn>=0.30; extra == 'serve'" in text
    assert "Requires-Dist: openpyxl<4,>=3.1\n" in text  # .xlsx tables with a plain install


def test_wheel_ships_type_hints_and_metadata(wheel: Path):
    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    assert "drafter/py.typed" in names
    (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
    text = archive.read(metadata).decode("utf-8")
    assert "Name: speech-drafter" in text
    assert "Classifier: Typing :: Typed" in text
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    assert "drafter = drafter.__main__:main" in archive.read(entry_points).decode("utf-8")


def test_installed_wheel_finds_its_templates_outside_the_source_tree(wheel: Path, tmp_path: Path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import drafter.render.templating as t; p = t.builtin_templates(); "
        "print(p); print(sorted(t.Templates().kinds()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    found, kinds = result.stdout.splitlines()
    assert found.startswith(str(target))
    assert "work-conference" in kinds


def test_the_code_map_names_every_module():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    modules = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "drafter").rglob("*.py"))
    missing = [m for m in modules if f"`{m}`" not in text and not m.endswith("/__init__.py")]
    assert not missing, f"ARCHITECTURE.md does not name {missing}"
    assert "`drafter/__init__.py`" in text


def test_the_code_map_names_each_modules_tests_and_they_exist():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| `(drafter/[^`]+)` \| .* \| (`test_\w+`(?:, `test_\w+`)*) \|$", text, re.M
    )
    listed = {module for module, _ in rows}
    every = {line.split("`")[1] for line in text.splitlines() if line.startswith("| `drafter/")}
    assert every == listed, f"rows without their tests: {sorted(every - listed)}"
    for module, tests in rows:
        for name in re.findall(r"`(test_\w+)`", tests):
            assert (ROOT / "tests" / f"{name}.py").is_file(), (module, name)
