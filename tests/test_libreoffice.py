"""A real client of the format opens the draft: LibreOffice converts it to PDF with its headings.

Runs in CI (where .ci/run installs LibreOffice); elsewhere it is skipped when soffice is absent.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
from pathlib import Path

import pytest

from drafter.document import Paragraph

from conftest import EXAMPLES, KINDS, libreoffice_tools, pdf_layout

pytestmark = pytest.mark.libreoffice


def _tools() -> tuple[str, str, str]:
    return libreoffice_tools("soffice", "pdftotext", "pdfinfo")  # type: ignore[return-value]


def convert(docx: Path, out: Path) -> Path:
    soffice, _, _ = _tools()
    profile = out / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = out / (docx.stem + ".pdf")
    assert pdf.is_file(), "LibreOffice did not produce a PDF"
    return pdf


@pytest.fixture(scope="module")
def converted(renderer, tmp_path_factory) -> tuple[object, Path]:
    """The work-conference example as a Document and as the PDF LibreOffice made of its DOCX."""
    folder = tmp_path_factory.mktemp("libreoffice")
    document = renderer.document(renderer.load(EXAMPLES / "work-conference.yaml"))
    draft = folder / "work-conference.docx"
    draft.write_bytes(renderer.to_bytes(document, "docx"))
    return document, convert(draft, folder)


def test_example_converts_with_its_headings(converted):
    _, pdftotext, pdfinfo = _tools()
    document, pdf = converted
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages > 0
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True)
    flat = re.sub(r"\s", "", text.stdout)
    for heading in document.headings(level=1):
        assert heading.full_text in flat
    assert "—1—" in flat  # the PAGE field was evaluated


def test_pages_hold_22_lines_of_28_characters(converted):
    """GB/T 9704: a full page holds 22 lines; a line of Chinese text holds 28 characters."""
    _, pdf = converted
    widths, counts = pdf_layout(pdf)
    assert max(counts) == 22, counts
    # the usual full line is 28 wide, and none is wider (no mark hangs past the margin)
    assert statistics.mode(widths) == 28 and max(widths) == 28, widths


# Every example, as drafter makes its PDF (LibreOffice with the look-alike faces) and as
# Chromium prints its HTML. Together they hold the genre's structures: 一、 parts with （一）
# and 1. items, 1、 parts (guest-speech), a part run into its paragraph, own-line 第一， items
# with 一是 inside (exchange-meeting), run-in 一要, （1）.
@pytest.fixture(scope="module")
def printed(renderer, tmp_path_factory) -> dict[str, tuple[object, Path]]:
    _tools()
    folder = tmp_path_factory.mktemp("printed")
    found = {}
    for kind in KINDS:
        document = renderer.document(renderer.load(EXAMPLES / f"{kind}.yaml"))
        pdf = folder / f"{kind}.pdf"
        pdf.write_bytes(renderer.to_bytes(document, "pdf"))
        found[kind] = (document, pdf)
    return found


def _text(pdf: Path, *args: str) -> str:
    _, pdftotext, _ = _tools()
    command = [pdftotext, *args, str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _pages(pdf: Path) -> int:
    _, _, pdfinfo = _tools()
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def test_the_examples_hold_the_genres_structures(printed):
    labels = {
        block.lead.label[:2] if isinstance(block, Paragraph) and block.lead else block.label[:2]
        for document, _ in printed.values()
        for block in document.blocks
        if not isinstance(block, Paragraph) or block.lead
    }
    assert {"一、", "（一", "1.", "1、", "第一", "一是", "一要", "（1"} <= labels
    assert any(
        isinstance(block, Paragraph) and block.lead and block.lead.level == 1
        for document, _ in printed.values()
        for block in document.blocks
    )


@pytest.mark.parametrize("kind", KINDS)
def test_the_pdf_carries_every_character(printed, renderer, kind):
    """pdftotext reads back the text output, character for character (whitespace and the
    page numbers aside): no ，。、 dropped at a line end, nothing added."""
    document, pdf = printed[kind]
    read = re.sub(r"—\s*\d+\s*—", "", _text(pdf))
    expected = renderer.to_bytes(document, "txt").decode("utf-8")
    assert re.sub(r"\s", "", read) == re.sub(r"\s", "", expected)


def test_title_lines_keep_their_own_pitch(printed):
    """The two title lines stand 36 pt apart (the title style's exact spacing), not two body
    grid lines (57.9 pt)."""
    _, pdf = printed["work-conference"]
    tops = [
        float(top)
        for top, word in re.findall(r'yMin="([\d.]+)"[^>]*>([^<]+)</word>', _text(pdf, "-bbox"))
        if word in ("守正创新", "奋力建设人民满意的云川教育")
    ]
    assert len(tops) == 2 and abs(tops[1] - tops[0] - 36) < 0.5, tops


def _chromium() -> str:
    found = shutil.which("chromium")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium (see .ci/run)")
        pytest.skip("chromium not installed")
    return found


@pytest.mark.browser
@pytest.mark.parametrize("kind", KINDS)
def test_the_html_prints_on_the_pdfs_pages(printed, renderer, tmp_path, kind):
    """Chromium prints the HTML on as many A4 pages as the PDF has, with the same 28-character
    lines, and the page numbers inset one character from the type area as in the DOCX."""
    document, pdf = printed[kind]
    page = tmp_path / f"{kind}.html"
    page.write_bytes(renderer.to_bytes(document, "html"))
    printout = tmp_path / f"{kind}-html.pdf"
    subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={printout}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert _pages(printout) == _pages(pdf)
    for made in (pdf, printout):
        numbers = re.findall(r'xMin="([\d.]+)"[^>]*>—</word>', _text(made, "-bbox", "-f", "2"))
        assert abs(float(numbers[0]) - (79.4 + 14)) < 1, (made, numbers[:2])  # 28 mm + 14 pt
    for made in (pdf, printout):
        widths, lines = pdf_layout(made)
        assert statistics.mode(widths) == 28 and max(widths) <= 29, (made, widths)
        assert max(lines) == 22, (made, lines)
