"""Render time grows linearly with the outline: 5,000 items against 500, as `drafter render`.

    python benchmarks/linear_cost.py [--runs 5] [--small 500] [--factor 10]

Two outlines of the same shape, one `factor` times the other's items, are rendered to DOCX by
`drafter render` in fresh processes, alternating with a one-item outline (the fixed cost of a
process: start-up, imports, settings). The goal: the large outline's render time (the fixed cost
taken off) within 15% of `factor` times the small one's. Render time is the process's CPU time
(user and system), which a busy machine disturbs less than the wall clock; both are printed, and
`drafter check` of the large outline for comparison.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

TOLERANCE = 1.15


def outline(path: Path, items: int) -> None:
    """A work-conference outline with `items` items over ten parts, each with a figure."""
    per_part = max(1, items // 10)
    parts = [
        {
            "type": "review",
            "title": f"第{p + 1}部分的工作",
            "items": [
                {
                    "headline": f"第{p + 1}部分第{i + 1}项工作扎实推进",
                    "text": "各单位高度重视，切实抓好落实，确保各项任务按期完成。",
                    "figures": [{"label": "完成投资", "value": 10 + i, "unit": "亿元"}],
                }
                for i in range(per_part if items >= 10 else items)
            ],
        }
        for p in range(10 if items >= 10 else 1)
    ]
    data = {"kind": "work-conference", "occasion": "2026年全市教育工作会议", "parts": parts}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, width=10**9), encoding="utf-8")


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user and system) of one run of a command."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if command[3] == "render" and child.returncode:
        raise SystemExit(f"{' '.join(command)} failed")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--factor", type=int, default=10)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["DRAFTER_TIME_LIMIT"] = "600"  # the budget's clock must not stop the large render
    one, five, _ = os.getloadavg()
    print(f"before: load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores")
    sizes = {"one item": 1, "small": args.small, "large": args.small * args.factor}
    cpu: dict[str, list[float]] = {name: [] for name in sizes}
    wall: dict[str, list[float]] = {name: [] for name in sizes}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, items in sizes.items():
            outline(folder / f"{name.replace(' ', '-')}.yaml", items)
        for run in range(args.runs + 1):  # the first round warms caches and is not counted
            for name in sizes:
                source = folder / f"{name.replace(' ', '-')}.yaml"
                command = [sys.executable, "-m", "drafter", "render", str(source), "-q", "-o"]
                seconds = timed([*command, str(folder / "draft.docx")], env)
                if run:
                    wall[name].append(seconds[0])
                    cpu[name].append(seconds[1])
        check = timed([sys.executable, "-m", "drafter", "check", str(folder / "large.yaml")], env)
    median = {name: statistics.median(values) for name, values in cpu.items()}
    for name, items in sizes.items():
        print(
            f"  {name:<9} {items:>6} items: {median[name] * 1000:7.0f} ms CPU, "
            f"{statistics.median(wall[name]) * 1000:7.0f} ms wall (medians, whole process)"
        )
    fixed = median["one item"]
    ratio = (median["large"] - fixed) / (median["small"] - fixed)
    goal = args.factor * TOLERANCE
    verdict = "met" if ratio <= goal else "NOT MET"
    print(
        f"render time ratio, {args.factor}× the items (fixed cost taken off): {ratio:5.2f} "
        f"(goal ≤ {goal:.1f}: {verdict}); whole processes: {median['large'] / median['small']:.2f}"
    )
    print(f"drafter check of the large outline: {check[0] * 1000:.0f} ms wall")
    one, five, _ = os.getloadavg()
    print(f"after: load average {one:.2f} (1 min), {five:.2f} (5 min)")


if __name__ == "__main__":
    main()
