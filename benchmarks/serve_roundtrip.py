"""The workbench's round trip: an edit sent to `drafter serve`, the preview HTML back.

    python benchmarks/serve_roundtrip.py [--edits 40] [--runs 3]

Starts `drafter serve` on a copy of the largest example (with its statistics table), then sends
it edits as the page does (POST /api/preview over HTTP, each a different text) and prints the
median and 90th percentile of the round trip: the warm session (templates, library, style
profile kept) against a cold `drafter render -f html` of the same outline in a fresh process,
with the ratio. Needs the serve extra (pip install 'speech-drafter[serve]').
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "work-conference.yaml"
TABLE = ROOT / "examples" / "2025年教育统计.csv"


def cold_render(folder: Path, runs: int) -> float:
    """Median seconds of `drafter render -f html` in a fresh process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "drafter",
                "render",
                str(folder / EXAMPLE.name),
                "-f",
                "html",
                "-o",
                str(folder / "draft.html"),
            ],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def round_trips(folder: Path, edits: int) -> list[float]:
    """Seconds of each edit → preview, after one warm-up edit."""
    server = subprocess.Popen(
        [sys.executable, "-m", "drafter", "serve", str(folder), "--port", "0", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = server.stdout.readline()  # type: ignore[union-attr]
        port = int(re.search(r"127\.0\.0\.1:(\d+)", line).group(1))  # type: ignore[union-attr]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/")
        page = connection.getresponse().read().decode("utf-8")
        token = re.search(r'name="drafter-token" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        headers = {
            "Content-Type": "application/json",
            "X-Drafter-Token": token,
            "Origin": f"http://127.0.0.1:{port}",
        }
        text = EXAMPLE.read_text(encoding="utf-8")
        times = []
        for edit in range(edits + 1):
            body = json.dumps(
                {"path": EXAMPLE.name, "text": text.replace("守正创新", f"守正创新{edit}")}
            )
            start = time.perf_counter()
            connection.request("POST", "/api/preview", body.encode("utf-8"), headers)
            answer = json.loads(connection.getresponse().read())
            elapsed = time.perf_counter() - start
            assert answer["html"] and f"守正创新{edit}" in answer["html"], answer["problems"]
            if edit:  # the first edit warms the session
                times.append(elapsed)
        return times
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3, help="cold renders to take the median of")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(EXAMPLE, folder)
        shutil.copy(TABLE, folder)
        times = round_trips(folder, args.edits)
        cold = cold_render(folder, args.runs)
    median = statistics.median(times)
    p90 = statistics.quantiles(times, n=10)[-1]
    print(
        f"edit → preview, warm workbench: median {median * 1000:.0f} ms, "
        f"90% {p90 * 1000:.0f} ms ({args.edits} edits)"
    )
    print(f"drafter render -f html, cold process: {cold * 1000:.0f} ms")
    print(f"ratio cold / warm: {cold / median:.1f}")


if __name__ == "__main__":
    main()
