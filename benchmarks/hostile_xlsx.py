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

import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from test_table_hardening import DATA_ROW, HEADER_ROW, MAIN, xlsx  # noqa: E402  (the one builder)

HEADER = HEADER_ROW + DATA_ROW


def repeated(unit: str, size: int) -> str:
    return unit * (size // len(unit.encode()))


def workbook(
    *, rows: str = HEADER, styles: str = "", strings: str = "", dimension: str = "A1:B2"
) -> bytes:
    plain = f'<styleSheet xmlns="{MAIN}"><cellXfs><xf numFmtId="0"/></cellXfs></styleSheet>'
    return xlsx(rows, styles=styles or plain, strings=strings or None, dimension=dimension)


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
