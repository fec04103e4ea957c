"""Batch rendering, `check` cold start, and a 1 MB outline, as fresh processes.

    python benchmarks/batch_and_check.py [--runs 5]

Prints: the per-document time of one `drafter render` over 100 outlines (against a cold single
render), the cold time of `drafter check` and whether it imported python-docx (it must not),
and the time to render a 1 MB outline.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
DRAFTER = [sys.executable, "-m", "drafter"]


def timed(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def big_outline(path: Path) -> None:
    text = "各单位要高度重视，切实抓好落实，确保各项任务按期完成。" * 20
    parts = [
        {
            "type": "review",
            "title": f"第{p}部分",
            "items": [{"headline": f"第{p}部分第{i}项工作", "text": text} for i in range(100)],
        }
        for p in range(10)
    ]
    outline = {"kind": "work-conference", "occasion": "2026年全市教育工作会议", "parts": parts}
    path.write_text(yaml.safe_dump(outline, allow_unicode=True, width=10**9), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        batch = folder / "batch"
        batch.mkdir()
        for n in range(100):
            shutil.copy(EXAMPLES[n % len(EXAMPLES)], batch / f"speech{n:03}.yaml")
        for table in (ROOT / "examples").glob("*.csv"):  # the tables examples take figures from
            shutil.copy(table, batch)
        outlines = sorted(str(p) for p in batch.glob("*.yaml"))
        single = timed(
            [*DRAFTER, "render", outlines[0], "-q", "-o", str(folder / "one.docx")], args.runs
        )
        runs = max(1, args.runs // 2)
        whole = timed([*DRAFTER, "render", *outlines, "-q", "-o", f"{folder}/out/"], runs)
        print(f"single cold render:        {single * 1000:7.1f} ms")
        print(
            f"batch of 100 (one run):    {whole:7.2f} s  = {whole * 10:6.1f} ms a document "
            f"({single / (whole / 100):.1f}x faster than one process each)"
        )
        check = timed([*DRAFTER, "check", outlines[0]], args.runs)
        probe = (
            "import sys; from drafter.cli.app import main\n"
            f"sys.argv = ['drafter', 'check', {outlines[0]!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('imports python-docx' if 'docx' in sys.modules else 'no python-docx')"
        )
        imported = (
            subprocess.run(
                [sys.executable, "-c", probe], capture_output=True, text=True, check=False
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        print(f"check, cold:               {check * 1000:7.1f} ms ({imported})")
        big = folder / "big.yaml"
        big_outline(big)
        size = big.stat().st_size / 1e6
        render_big = timed([*DRAFTER, "render", str(big), "-q"], max(1, args.runs // 2))
        check_big = timed([*DRAFTER, "check", str(big)], max(1, args.runs // 2))
        print(f"{size:.1f} MB outline: render {render_big:5.2f} s, check {check_big:5.2f} s")


if __name__ == "__main__":
    main()
