"""How fast `extract` reads speeches: the shared corpus, and a large synthetic text.

    python benchmarks/extract_corpus.py [--repeat 20]

Target: the whole corpus folder in well under a second.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from drafter.analysis.extract import extract

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def best_of(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    files = sorted(CORPUS.glob("*.txt"))
    if files:
        data = [(path, path.read_bytes()) for path in files]
        size = sum(len(raw.decode("utf-8")) for _, raw in data)

        def corpus() -> None:
            for path, raw in data:
                extract(raw, path)

        seconds = best_of(args.repeat, corpus)
        print(f"corpus: {len(files)} speeches, {size} characters: {seconds * 1000:.1f} ms (median)")
    else:
        print(f"corpus: not found at {CORPUS}")
    parts = "".join(
        f"{'一二三四五六七八九十'[p]}、第{p}部分标题今年以来,工作扎实推进。"
        + "".join(
            f"({'一二三四五六七八九十'[i]})第{i}项成效明显。" + "正文内容," * 200 + "。"
            for i in range(10)
        )
        for p in range(10)
    )
    big = ("题目——在会议上的讲话局长 张某某2026年1月1日同志们:开场。" + parts).encode("utf-8")
    seconds = best_of(max(1, args.repeat // 4), lambda: extract(big, Path("big.txt")))
    print(f"large one-line text: {len(big.decode())} characters: {seconds * 1000:.1f} ms (median)")


if __name__ == "__main__":
    main()
