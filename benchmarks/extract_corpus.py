"""How fast `extract` reads speeches: the shared corpus, a large synthetic text, and a
40,000-paragraph .docx whose paragraphs name a style it lacks.

    python benchmarks/extract_corpus.py [--repeat 20]

Targets: the whole corpus folder in well under a second; the long .docx in a few seconds (it
took 27 s while python-docx looked its styles up paragraph by paragraph).
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
import zipfile
from pathlib import Path

import docx

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
    long = long_docx(40_000)
    seconds = best_of(max(1, args.repeat // 10), lambda: extract(long, Path("long.docx")))
    print(f"a .docx of 40,000 paragraphs: {seconds * 1000:.0f} ms (median)")


def long_docx(paragraphs: int) -> bytes:
    """A .docx of `paragraphs` short paragraphs in a style the document does not define."""
    blank = io.BytesIO()
    docx.Document().save(blank)
    source = zipfile.ZipFile(blank)
    document = source.read("word/document.xml").decode()
    head, tail = document.split("<w:body>", 1)
    body = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="Missing"/></w:pPr><w:r><w:t>第{i}段。</w:t></w:r></w:p>'
        for i in range(paragraphs)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                data = f"{head}<w:body>{body}{tail[tail.index('<w:sectPr') :]}".encode()
            package.writestr(name, data)
    return out.getvalue()


if __name__ == "__main__":
    main()
