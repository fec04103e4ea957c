"""--format pdf: LibreOffice converts the DOCX (private profile, time limit); poppler reads the
PDF back: A4 pages, the speech's text and title, every face embedded, Chinese faces that look
like the ones the profile names. Without LibreOffice, one clear message naming the package."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli.app import app
from drafter.errors import ToolError
from drafter.writers import pdf as pdf_writer

from conftest import EXAMPLES, libreoffice_tools

runner = CliRunner()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    libreoffice_tools("soffice", "pdfinfo", "pdffonts", "pdftotext")
    target = tmp_path_factory.mktemp("pdf") / "讲话.pdf"
    result = runner.invoke(
        app, ["render", str(EXAMPLES / "work-conference.yaml"), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    return target


def poppler(tool: str, pdf: Path, *args: str) -> str:
    return subprocess.run(
        [tool, *args, str(pdf)], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.libreoffice
def test_pdf_pages_are_a4_with_the_speech(rendered: Path):
    assert rendered.read_bytes().startswith(b"%PDF-")
    info = poppler("pdfinfo", rendered)
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert 5 <= pages <= 9, info  # about 3,500 字 at 22 lines × 28 characters a page
    assert "(A4)" in info
    assert re.search(r"^Title:\s+守正创新 提质增效 奋力建设人民满意的云川教育$", info, re.M)
    text = subprocess.run(
        ["pdftotext", str(rendered), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = re.sub(r"\s", "", text)
    assert "一、2025年工作回顾" in text and "—1—" in text and "—2—" in text


@pytest.mark.libreoffice
def test_pdf_fonts_are_embedded_and_chinese_faces_look_alike(rendered: Path):
    listing = poppler("pdffonts", rendered).splitlines()[2:]
    names = [line.split()[0] for line in listing]
    embedded = [line.split()[-5] for line in listing]
    assert names and set(embedded) == {"yes"}, listing
    # 仿宋 and 小标宋 → a serif CJK face, 楷体 → a kai face, 黑体 → a sans CJK face (not one
    # sans-serif for everything, which is what LibreOffice does without drafter's rules)
    joined = " ".join(names)
    assert "SerifCJK" in joined, names
    assert "UKai" in joined, names
    assert "SansCJK" in joined, names


def test_missing_libreoffice_names_the_package(monkeypatch):
    monkeypatch.delenv("DRAFTER_SOFFICE", raising=False)
    monkeypatch.setattr(pdf_writer.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf_writer, "_usual_places", lambda: [])
    with pytest.raises(ToolError) as caught:
        pdf_writer.find_soffice()
    message = str(caught.value)
    assert "sudo apt-get install libreoffice-writer-nogui" in message
    assert "winget install TheDocumentFoundation.LibreOffice" in message
    assert caught.value.exit_code == 1


def test_missing_libreoffice_fails_before_anything_is_written(monkeypatch, write_outline, tmp_path):
    monkeypatch.setenv("DRAFTER_SOFFICE", str(tmp_path / "no-such-soffice"))
    target = tmp_path / "draft.pdf"
    result = runner.invoke(app, ["render", str(write_outline()), "-o", str(target)])
    assert result.exit_code == 1
    assert "DRAFTER_SOFFICE names" in result.stderr
    assert not target.exists()


def test_a_hanging_conversion_is_stopped(monkeypatch, tmp_path):
    """The time limit ends soffice and every process it started."""
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 60 &\nsleep 60\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("DRAFTER_SOFFICE", str(fake))
    with pytest.raises(ToolError, match=r"did not finish the PDF within 0\.5 s"):
        pdf_writer.to_pdf(b"PK", timeout=0.5)


def test_a_failed_conversion_says_so(monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded'\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("DRAFTER_SOFFICE", str(fake))
    with pytest.raises(
        ToolError, match=r"could not convert the draft to PDF \(Error: source file could"
    ):
        pdf_writer.to_pdf(b"PK")


def test_private_profile_and_font_rules(monkeypatch, tmp_path):
    """soffice gets a throw-away profile and, on fontconfig systems, the look-alike rules."""
    seen = tmp_path / "seen.txt"
    fake = tmp_path / "soffice"
    fake.write_text(
        "#!/bin/sh\n"
        f'echo "$@" > {seen}\ncat "$FONTCONFIG_FILE" >> {seen}\n'
        'for last; do :; done\nout=$(dirname "$last")/out\nmkdir -p "$out"\n'
        'printf "%%PDF-1.6 fake" > "$out/draft.pdf"\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv("DRAFTER_SOFFICE", str(fake))
    if not Path("/etc/fonts/fonts.conf").is_file():
        pytest.skip("no system fontconfig file here")
    assert pdf_writer.to_pdf(b"PK", faces=["仿宋_GB2312"]) == b"%PDF-1.6 fake"
    recorded = seen.read_text(encoding="utf-8")
    assert "-env:UserInstallation=file://" in recorded and "--headless" in recorded
    assert "<family>仿宋_GB2312</family><prefer><family>FangSong_GB2312</family>" in recorded
