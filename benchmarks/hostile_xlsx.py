"""Small .xlsx files made to exhaust a reader, and the largest table drafter reads, as fresh
processes: the time and peak memory of reading each as a statistics table.

    python benchmarks/hostile_xlsx.py

The hostile files are those of issue 27, each just under the 200 MB unpacked cap: styles.xml
full of <numFmt> or of <xf>, one giant row, shared strings of millions of tiny strings; then
each again at the size of its part's own cap, so the counts are what refuses it. Before the
parts were bounded, openpyxl took 22 s and 4.5 GB, 125 s and 8.7 GB, 54 s and 6.1 GB, 55 s.
Last, a sheet of 10,000 rows and 100 columns: the most a table may be, read in full.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

MB = 1024 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>指标</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>本年</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>新增学位</t></is></c><c r="B2"><v>9600</v></c></row>'
)


def repeated(unit: str, size: int) -> str:
    return unit * (size // len(unit.encode()))


def workbook(
    *, rows: str = HEADER, styles: str = "", strings: str = "", dimension: str = "A1:B2"
) -> bytes:
    plain = f'<styleSheet xmlns="{MAIN}"><cellXfs><xf numFmtId="0"/></cellXfs></styleSheet>'
    styles = styles or plain
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{TYPES}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPES}.worksheet+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{TYPES}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPES}.sharedStrings+xml"/>'
            "</Types>"
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
            f'<Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{OFFICE}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": styles,
        "xl/sharedStrings.xml": strings or f'<sst xmlns="{MAIN}"><si><t>a</t></si></sst>',
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/>'
            f"<sheetData>{rows}</sheetData></worksheet>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def cases() -> Iterator[tuple[str, bytes]]:
    """Each file in turn (made when its turn comes, so this process stays small)."""
    # (label, styles, sheet, shared strings): as big as the issue's, then just under each cap
    for label, styles, sheet, strings in (
        ("190 MB", 190 * MB, 190 * MB, 190 * MB),
        ("under its part's cap", 15 * MB, 60 * MB, 30 * MB),
    ):
        numfmts = repeated('<numFmt numFmtId="200" formatCode="0.00%"/>', styles)
        style_sheet = f'<styleSheet xmlns="{MAIN}">{{}}</styleSheet>'
        numfmt_part = style_sheet.format(f"<numFmts>{numfmts}</numFmts>")
        yield f"<numFmt> {label}", workbook(styles=numfmt_part)
        xf_part = style_sheet.format(f"<cellXfs>{repeated('<xf/>', styles)}</cellXfs>")
        yield f"<xf> {label}", workbook(styles=xf_part)
        cells = repeated("<c><v>1</v></c>", sheet)
        yield f"one row {label}", workbook(rows=f'{HEADER}<row r="3">{cells}</row>')
        tiny = repeated("<si><t>a</t></si>", strings)
        yield f"shared strings {label}", workbook(strings=f'<sst xmlns="{MAIN}">{tiny}</sst>')
    grid = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>指标{r}</t></is></c>'
        + "".join(f"<c><v>{r * c}</v></c>" for c in range(1, 100))
        + "</row>"
        for r in range(3, 10_001)
    )
    yield "10,000 rows x 100 columns", workbook(rows=HEADER + grid, dimension="A1:CV10000")


READ = """
import resource, sys, time
from pathlib import Path
from drafter.errors import DrafterError
from drafter.outline.tables import read_table
start = time.perf_counter()
try:
    table = read_table(Path(sys.argv[1]))
    said = f"read, {len(table.rows)} rows"
except DrafterError as err:
    said = str(err).split(": ", 1)[1][:90]
try:  # VmHWM: this process's own peak (ru_maxrss keeps the parent's across exec)
    status = open("/proc/self/status").read()
    peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
except (OSError, IndexError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{time.perf_counter() - start:.2f}\\t{peak:.0f}\\t{said}")
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, raw in cases():
            path = Path(folder) / "t.xlsx"
            path.write_bytes(raw)
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-c", READ, str(path)], capture_output=True, text=True
            )
            wall = time.perf_counter() - started
            if result.returncode:
                print(f"{name:28} failed: {result.stderr[-300:]}")
                continue
            seconds, peak, said = result.stdout.strip().split("\t", 2)
            print(
                f"{name:28} {len(raw) / 1024:8.0f} KB  read {seconds:>6} s  "
                f"process {wall:5.2f} s  peak {peak:>5} MB  {said}"
            )


if __name__ == "__main__":
    main()
