"""Statistics tables that would crash, hang or exhaust drafter (issue 27): control characters in
cells, a named pipe where the table should be, and small .xlsx files whose parts unpack into
millions of formats, styles, cells or strings. Each ends in one located message, exit 2, in
bounded time, with nothing written. The hostile files are made here, part by part."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from drafter.cli.app import app
from drafter.errors import OutlineError, TableError
from drafter.outline import xlsx_parts
from drafter.outline.tables import read_table
from drafter.pipeline import Renderer
from drafter.serve.files import Folder
from drafter.serve.workbench import Workbench

from conftest import ROOT

runner = CliRunner()
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>指标</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>本年</t></is></c></row>'
)
DATA_ROW = (
    '<row r="2"><c r="A2" t="inlineStr"><is><t>新增学位</t></is></c><c r="B2"><v>9600</v></c></row>'
)
STYLES = (
    f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/></font></fonts>'
    '<fills count="1"><fill><patternFill/></fill></fills><borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>'
)


def workbook(path: Path, rows: str = HEADER_ROW + DATA_ROW, **parts: Any) -> Path:
    """An .xlsx written part by part, as a hostile file would be (see `xlsx`)."""
    path.write_bytes(xlsx(rows, **parts))
    return path


def xlsx(
    rows: str = HEADER_ROW + DATA_ROW,
    *,
    styles: str = STYLES,
    strings: str | None = None,
    sheet_part: str = "xl/worksheets/sheet1.xml",
    extra: dict[str, str] | None = None,
    dimension: str = "",
) -> bytes:
    """The bytes of an .xlsx made from its parts: one sheet of these rows (its <dimension>
    given or left out), these styles and shared strings, and any other parts. Also used by
    benchmarks/hostile_xlsx.py."""
    target = sheet_part.removeprefix("xl/")
    overrides = [
        ("/xl/workbook.xml", f"{TYPES}.sheet.main+xml"),
        (f"/{sheet_part}", f"{TYPES}.worksheet+xml"),
        ("/xl/styles.xml", f"{TYPES}.styles+xml"),
    ]
    relations = [
        ("rId1", "worksheet", target),
        ("rId2", "styles", "styles.xml"),
    ]
    if strings is not None:
        overrides.append(("/xl/sharedStrings.xml", f"{TYPES}.sharedStrings+xml"))
        relations.append(("rId3", "sharedStrings", "sharedStrings.xml"))
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides)
            + "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{OFFICE}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets>'
            '<sheet name="主要指标" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{RELS}">'
            + "".join(
                f'<Relationship Id="{i}" Type="{OFFICE}/{kind}" Target="{t}"/>'
                for i, kind, t in relations
            )
            + "</Relationships>"
        ),
        "xl/styles.xml": styles,
        sheet_part: (
            f'<worksheet xmlns="{MAIN}">'
            + (f'<dimension ref="{dimension}"/>' if dimension else "")
            + f"<sheetData>{rows}</sheetData></worksheet>"
        ),
    }
    if strings is not None:
        parts["xl/sharedStrings.xml"] = strings
    parts.update(extra or {})
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return packed.getvalue()


def refused(path: Path) -> str:
    with pytest.raises(TableError) as info:
        read_table(path)
    (problem,) = info.value.problems
    assert str(problem.location) == str(path)
    return problem.message


def test_the_hand_made_workbook_reads(tmp_path):
    (row,) = read_table(workbook(tmp_path / "t.xlsx")).rows
    assert (row.label, row.cells["value"].number) == ("新增学位", 9600)


# --- parts that unpack into millions of things ---------------------------------------------


def test_a_style_table_of_endless_number_formats(tmp_path):
    formats = "".join(f'<numFmt numFmtId="{164 + i}" formatCode="0.{i}"/>' for i in range(600))
    styles = STYLES.replace("<fonts", f'<numFmts count="600">{formats}</numFmts><fonts')
    assert refused(workbook(tmp_path / "t.xlsx", styles=styles)) == (
        "the part xl/styles.xml has more than 512 number formats in one <numFmts>"
    )


def test_a_part_larger_than_its_kind_needs(tmp_path):
    padding = "<fonts/>" * (17 * 1024 * 1024 // 8)  # compresses to a few KB
    styles = STYLES.replace("<fonts", f"{padding}<fonts")
    assert refused(workbook(tmp_path / "t.xlsx", styles=styles)) == (
        "the part xl/styles.xml unpacks to more than 16 MB"
    )


def test_a_number_format_built_to_take_time(tmp_path):
    code = "[" * 300 + "0"  # openpyxl's date test scans such a format once per bracket
    styles = STYLES.replace(
        "<fonts", f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{code}"/></numFmts><fonts'
    )
    message = refused(workbook(tmp_path / "t.xlsx", styles=styles))
    assert message.startswith("the part xl/styles.xml has a number format of 301 characters")


def test_a_style_table_of_endless_cell_formats(tmp_path):
    formats = '<xf numFmtId="0"/>' * 20_000
    styles = STYLES.replace('<cellXfs count="1"><xf numFmtId="0"/>', f"<cellXfs>{formats}")
    assert refused(workbook(tmp_path / "t.xlsx", styles=styles)) == (
        "the part xl/styles.xml has more than 16,384 cell formats in one <cellXfs>"
    )


def test_one_giant_row(tmp_path):
    row = '<row r="3">' + "<c><v>1</v></c>" * 20_000 + "</row>"
    assert refused(workbook(tmp_path / "t.xlsx", HEADER_ROW + DATA_ROW + row)) == (
        "the part xl/worksheets/sheet1.xml has more than 16,384 cells in one <row> (row 3)"
    )


def test_a_giant_row_in_a_sheet_that_hides_its_name(tmp_path):
    row = '<row r="3">' + "<c><v>1</v></c>" * 20_000 + "</row>"
    path = workbook(tmp_path / "t.xlsx", HEADER_ROW + row, sheet_part="xl/data.bin")
    assert refused(path).startswith("the part xl/data.bin has more than 16,384 cells")


def test_millions_of_tiny_shared_strings(tmp_path):
    strings = f'<sst xmlns="{MAIN}">' + "<si><t>a</t></si>" * 200_001 + "</sst>"
    assert refused(workbook(tmp_path / "t.xlsx", strings=strings)) == (
        "the part xl/sharedStrings.xml has more than 200,000 shared strings in one <sst>"
    )


def test_the_cells_of_the_whole_workbook_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_parts, "MAX_CELLS", 100)
    rows = "".join(f'<row r="{r}"><c><v>1</v></c><c><v>2</v></c></row>' for r in range(3, 60))
    assert refused(workbook(tmp_path / "t.xlsx", HEADER_ROW + DATA_ROW + rows)) == (
        "the workbook has more than 100 cells (in xl/worksheets/sheet1.xml)"
    )


def test_any_element_with_endless_children(tmp_path):
    merges = "".join(f'<mergeCell ref="A{r}:B{r}"/>' for r in range(3, 70_000))
    rows = f"{HEADER_ROW}{DATA_ROW}</sheetData><mergeCells>{merges}</mergeCells><sheetData>"
    assert refused(workbook(tmp_path / "t.xlsx", rows)) == (
        "the part xl/worksheets/sheet1.xml has more than 65,536 <mergeCell> elements in one "
        "<mergeCells>"
    )


@pytest.mark.parametrize(
    ("part", "text", "message"),
    [
        (
            "docProps/core.xml",
            '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
            "the part docProps/core.xml has a DOCTYPE, which no Excel workbook has",
        ),
        (
            "docProps/app.xml",
            '<?xml version="1.0" encoding="GBK"?><Properties/>',
            "the part docProps/app.xml is in an encoding Excel does not write",
        ),
        (
            "docProps/custom.xml",
            "<a>" * 70 + "</a>" * 70,
            "the part docProps/custom.xml nests its XML more than 64 deep",
        ),
        ("docProps/core.xml", "<a><b></a>", "the part docProps/core.xml is broken XML at line 1"),
    ],
)
def test_parts_openpyxl_must_not_parse(tmp_path, part, text, message):
    assert refused(workbook(tmp_path / "t.xlsx", extra={part: text})).startswith(message)


def encrypted(path: Path, name: str) -> None:
    """Mark a member encrypted, in its local header and the central directory (zipfile
    writes no encrypted member)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        data[archive.getinfo(name).header_offset + 6] |= 0x1
    start = 0
    while (start := data.find(b"PK\x01\x02", start + 1)) >= 0:
        length = int.from_bytes(data[start + 28 : start + 30], "little")
        if data[start + 46 : start + 46 + length] == name.encode():
            data[start + 8] |= 0x1
    path.write_bytes(bytes(data))


def test_an_encrypted_part_and_a_password_protected_workbook(tmp_path):
    path = workbook(tmp_path / "t.xlsx", extra={"xl/extra.xml": "<x/>"})
    encrypted(path, "xl/extra.xml")
    assert refused(path) == "the part xl/extra.xml is encrypted; remove the workbook's password"
    ole = tmp_path / "locked.xlsx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert refused(ole) == (
        "a password-protected workbook or an old .xls file, not an .xlsx; remove the password, "
        "or save it as .xlsx or .csv"
    )


# --- control characters in cells -----------------------------------------------------------


def outline(tmp_path: Path, table: str) -> Path:
    (tmp_path / "统计.csv").write_text(table, encoding="utf-8")
    path = tmp_path / "o.yaml"
    path.write_text(
        "kind: work-conference\noccasion: 2026年全市教育工作会议\ndata: {stats: 统计.csv}\n"
        "parts:\n  - type: review\n    items:\n      - headline: 投入加大\n        figures:\n"
        "          - {label: 教育经费总投入, from: stats}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("output", ["docx", "pdf", "html", "md", "txt"])
def test_a_control_character_in_a_unit_is_refused_at_its_cell_in_every_format(tmp_path, output):
    path = outline(tmp_path, "指标,本年,上年,单位\n教育经费总投入,86.4,79.4,亿\x1b[31m元\n")
    target = tmp_path / f"o.{output}"
    result = runner.invoke(app, ["render", str(path), "-f", output, "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (
        f"{tmp_path / '统计.csv'}:A2: the unit of '教育经费总投入' (D2) holds control characters "
        "(U+001B); delete them in the table"
    )
    assert not target.exists()


def test_a_control_character_in_a_number_is_refused_at_its_cell(tmp_path):
    path = outline(tmp_path, "指标,本年,单位\n教育经费总投入,86.4\x07,亿元\n")
    with pytest.raises(OutlineError) as info:
        Renderer().load(path)
    (problem,) = info.value.problems
    assert str(problem.location) == f"{tmp_path / '统计.csv'}:B2"
    assert "'86.4' holds control characters (U+0007); delete them in the table" in problem.message


def test_a_control_character_in_a_label_is_left_out(tmp_path):
    path = outline(tmp_path, "指标\x07,本年,单位\n教育经费总投入\x07,86.4,亿元\n")
    renderer = Renderer()
    document = renderer.document(renderer.load(path))
    assert renderer.to_bytes(document, "docx").startswith(b"PK")  # no XML error
    notes = [p.format() for p in read_table(tmp_path / "统计.csv").problems()]
    assert notes == [
        f"{tmp_path / '统计.csv'}:A1: the header cell holds control characters (U+0007), left out",
        f"{tmp_path / '统计.csv'}:A2: the label '教育经费总投入' holds control characters "
        "(U+0007), left out",
    ]


def test_drafter_data_prints_no_escape_sequence_from_a_cell(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text(
        "指标,本年,单位,备注\x1b]0;pwned\x07\n"
        "新增学位\x1b[31m,9600\x9b1m,个\x1b[0m,\n"
        "新建园\u202e,约\x1b[5m26,所,\n",
        encoding="utf-8",
    )
    for arguments in (["data", str(table)], ["data", str(table), "-c", "value=本年\x1b[2J"]):
        result = runner.invoke(app, arguments)
        shown = result.stdout + result.stderr
        assert not any(char in shown for char in "\x1b\x07\x9b\u202e"), shown
    result = runner.invoke(app, ["data", str(table)])
    assert result.exit_code == 0, result.output
    assert "新增学位[31m" in result.stdout  # what is left of a sequence is plain text
    assert "(unused)  D       备注]0;pwned" in result.stdout


# --- a named pipe where the table should be ------------------------------------------------


def fifo_outline(tmp_path: Path, name: str) -> Path:
    os.mkfifo(tmp_path / name)
    path = tmp_path / "o.yaml"
    path.write_text(
        f"kind: work-conference\noccasion: 2026年全市教育工作会议\ndata: {{stats: {name}}}\n"
        "parts:\n  - type: review\n    items:\n      - headline: 投入加大\n        figures:\n"
        "          - {label: 教育经费总投入, from: stats}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("name", ["stats.csv", "stats.xlsx"])
@pytest.mark.parametrize("command", ["render", "check", "data"])
def test_a_named_pipe_as_a_table_is_refused_at_once(tmp_path, name, command):
    path = fifo_outline(tmp_path, name)
    argument = tmp_path / name if command == "data" else path
    result = subprocess.run(
        [sys.executable, "-m", "drafter", command, str(argument)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,  # the guard against a hang, not a measure of speed
    )
    assert result.returncode == 2, result.stderr
    assert "not a regular file (a pipe, a device or a socket); name the table's file" in (
        result.stdout + result.stderr
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_as_a_table_in_the_workbench(tmp_path):
    path = fifo_outline(tmp_path, "stats.csv")
    bench = Workbench(Folder(tmp_path))
    answers = []
    worker = threading.Thread(
        target=lambda: answers.append(bench.preview("o.yaml", path.read_text(encoding="utf-8"))),
        daemon=True,
    )
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "the preview waits on the pipe"
    (preview,) = answers
    assert any("not a regular file" in problem.message for problem in preview.problems)


def test_a_control_character_excel_wrote_as_an_escape_is_found(tmp_path):
    """Excel writes a control character in a cell as _x001B_; read row by row, openpyxl keeps
    the escape, which must not reach the draft as text."""
    label = '<row r="2"><c r="A2" t="inlineStr"><is><t>新增学位_x0007_</t></is></c>'
    unit = '<c r="B2"><v>9600</v></c><c r="C2" t="inlineStr"><is><t>个_x001B_[2J</t></is></c></row>'
    header = HEADER_ROW.replace("</row>", '<c r="C1" t="inlineStr"><is><t>单位</t></is></c></row>')
    table = read_table(workbook(tmp_path / "t.xlsx", header + label + unit))
    (row,) = table.rows
    assert row.label == "新增学位"  # the control character left out, as in a CSV
    assert row.unit == "" and "(U+001B); delete them in the table" in row.unit_problem


def test_overlapping_merged_ranges_by_the_thousand_are_read_at_once(tmp_path):
    """Excel's merged ranges never overlap; 60,000 copies of one huge range took hours."""
    merges = (
        '<mergeCells count="60000">' + '<mergeCell ref="A1:CV10000"/>' * 60000 + "</mergeCells>"
    )
    path = workbook(tmp_path / "t.xlsx")
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "</sheetData>", "</sheetData>" + merges
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    table = read_table(path)  # the header is one merged cell now: asked, or read, not hung
    assert table is not None
