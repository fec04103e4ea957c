"""`drafter check` grows with the outline, not its square: 625, 2,500 and 10,000 items.

    python benchmarks/check_growth.py [--sizes 625 2500 10000] [--chars 930]

Each outline is a work-conference of ten review parts whose items have a headline and a text of
about `chars` characters (varied wording, so phrases repeat only as often as real text repeats
them). For each size, `drafter check` runs in a fresh process: its wall and CPU time and its
peak memory are printed, with the time per item and the growth against the previous size (4.0
for four times the items means linear). Then, in this process, the share of one check taken by
the `repeated-phrase` rule (`analysis/repetition.repeated_phrases`), which used to take 60%.

Measured on 2 shared cores (CPU seconds, peak memory): before the rewrite 625 / 2,500 / 10,000
items took 3.0 s / 17.4 s / 145 s and 135 / 422 / 1569 MB, the rule 78% of a check; after it
1.2 s / 3.3 s / 12.1 s and 52 / 90 / 240 MB, the rule 11%.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

WORDS = (
    "坚持以人民为中心的发展思想 深化教育领域综合改革 推动学校高质量发展 提升育人水平 "
    "加强教师队伍建设 完善经费保障机制 落实安全工作责任 办好人民满意的教育 统筹推进城乡一体化 "
    "优化教育资源配置 扩大优质学位供给 规范民办教育发展 健全家校社协同机制 深化课堂教学改革 "
    "强化督导评估 守牢校园安全底线 促进学生全面发展 推进教育数字化转型"
).split()


def paragraph(rng: random.Random, chars: int) -> str:
    """About `chars` characters of clauses in varied order, ending with 。"""
    said: list[str] = []
    while sum(map(len, said)) < chars:
        clause = "".join(rng.sample(WORDS, 2))
        said.append(clause + rng.choice("，，，。"))
    return "".join(said)[: chars - 1] + "。"


def outline(path: Path, items: int, chars: int) -> None:
    rng = random.Random(items)
    per_part = max(1, items // 10)
    parts = [
        {
            "type": "review",
            "title": f"第{p + 1}部分的工作",
            "items": [
                {"headline": f"第{p + 1}部分第{i + 1}项工作", "text": paragraph(rng, chars)}
                for i in range(per_part)
            ],
        }
        for p in range(10)
    ]
    data = {"kind": "work-conference", "occasion": "2026年全市教育工作会议", "parts": parts}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, width=10**9), encoding="utf-8")


def check_process(path: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (MB) of `drafter check` on one outline."""
    env = dict(os.environ, DRAFTER_TIME_LIMIT="600")
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "drafter", "check", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    _, _, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def rule_share(path: Path) -> tuple[float, float]:
    """Seconds of one whole check in this process, and of the repeated-phrase rule in it."""
    from drafter.analysis import check, repetition
    from drafter.pipeline import Renderer

    renderer = Renderer()
    spent = [0.0]
    original = repetition.repeated_phrases

    def timed(*args):  # the rule's generator, timed to its end
        start = time.perf_counter()
        found = list(original(*args))
        spent[0] += time.perf_counter() - start
        return iter(found)

    check.repeated_phrases = timed
    try:
        start = time.perf_counter()
        check.check_outline(path, renderer)
        return time.perf_counter() - start, spent[0]
    finally:
        check.repeated_phrases = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[625, 2500, 10000])
    parser.add_argument("--chars", type=int, default=930)
    args = parser.parse_args()
    one, five, _ = os.getloadavg()
    print(f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores")
    print(
        f"{'items':>7} {'MB file':>8} {'wall s':>8} {'CPU s':>8} {'ms/item':>8} "
        f"{'growth':>7} {'peak MB':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        previous = None
        paths = {}
        for items in args.sizes:
            path = paths[items] = Path(tmp) / f"check-{items}.yaml"
            outline(path, items, args.chars)
            wall, cpu, peak = check_process(path)
            growth = f"{cpu / previous:.2f}" if previous else "-"
            previous = cpu
            size = path.stat().st_size / 1e6
            print(
                f"{items:>7} {size:>8.1f} {wall:>8.2f} {cpu:>8.2f} "
                f"{cpu / items * 1000:>8.2f} {growth:>7} {peak:>8.0f}"
            )
        middle = args.sizes[len(args.sizes) // 2]
        whole, rule = rule_share(paths[middle])
        print(
            f"repeated-phrase at {middle} items: {rule:.2f} s of a {whole:.2f} s check "
            f"({rule / whole:.0%})"
        )


if __name__ == "__main__":
    main()
