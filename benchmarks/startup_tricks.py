"""What `drafter.__main__`'s start-up tricks are worth to a cold render, measured.

    python benchmarks/startup_tricks.py [--runs 25] [--example work-conference.yaml]

`drafter render <example> -o draft.docx` as fresh processes, the four ways of running it
alternating round by round (the first round only warms the caches), medians and quartiles:

- as shipped: `drafter.__main__.main`, which turns Python's cycle collector off;
- collector on: the same with `gc.disable` made a no-op;
- os._exit: as shipped, then leaving through `os._exit(0)` once the output is flushed, so
  that Python does not tear its modules down (what `__main__` did before);
- collector on, os._exit: both.

A trick's share is the difference of medians, against the as-shipped figure. The load
average before and after is printed: the machine is shared, so compare figures of one run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from render_vs_python_docx import EXAMPLES, environment, load

RUN = "from drafter.__main__ import main\nmain()\n"
COLLECTOR_ON = "import gc\ngc.disable = lambda: None\n"
# Leave as `_leave` did: once a command succeeded and its output is flushed, skip the teardown.
OS_EXIT = (
    "import os, sys\n"
    "from drafter.__main__ import main\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as done:\n"
    "    if done.code not in (None, 0):\n"
    "        raise\n"
    "sys.stdout.flush()\n"
    "sys.stderr.flush()\n"
    "os._exit(0)\n"
)
VARIANTS = {
    "as shipped": RUN,
    "collector on": COLLECTOR_ON + RUN,
    "os._exit": OS_EXIT,
    "collector on, os._exit": COLLECTOR_ON + OS_EXIT,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--example", default="work-conference.yaml")
    args = parser.parse_args()
    print(f"before: {load()}")
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    with tempfile.TemporaryDirectory() as tmp:
        argv = ["render", str(EXAMPLES / args.example), "-o", str(Path(tmp) / "draft.docx")]
        for run in range(args.runs + 1):
            for name, code in VARIANTS.items():
                command = [sys.executable, "-c", f"import sys\nsys.argv[1:] = {argv!r}\n{code}"]
                start = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True, env=environment())
                if run:
                    times[name].append(time.perf_counter() - start)
    shipped = statistics.median(times["as shipped"])
    print(f"cold `drafter render {args.example} -o draft.docx`, {args.runs} runs each:")
    for name, values in times.items():
        low, median, high = statistics.quantiles(values, n=4)
        share = (median - shipped) / shipped
        print(
            f"  {name:<24} median {median * 1000:6.1f} ms  (quartiles {low * 1000:6.1f}–"
            f"{high * 1000:6.1f})  {share:+6.1%} against as shipped"
        )
    print(f"after: {load()}")


if __name__ == "__main__":
    main()
