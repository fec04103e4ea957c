"""A real client of the format opens the draft: LibreOffice converts it to PDF with its headings.

Runs in CI (where .ci/run installs LibreOffice); elsewhere it is skipped when soffice is absent.
"""

from __future__ import annotations

import re
import statistics
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLES, libreoffice_tools

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
    _, pdftotext, _ = _tools()
    _, pdf = converted
    layout = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    counts, widths = [], []
    for page in layout.split("\f")[1:-1]:  # body pages: not the title page, not the last
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not re.fullmatch(r"—\s*\d+\s*—", line)]
        counts.append(len(body))
        widths += [
            len(line) for line in body if re.fullmatch(r"[\u3000-\u9fff\uff00-\uffef“”]+", line)
        ]
    assert max(counts) == 22, counts
    # the usual full line is 28 wide (a line may hang one punctuation mark past the margin)
    assert statistics.mode(widths) == 28, widths
