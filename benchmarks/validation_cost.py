"""The validation question: what pydantic costs a cold `drafter render`, measured.

    python benchmarks/validation_cost.py [--runs 15]

Fresh processes, alternating, medians: the bare python-docx script of
`render_vs_python_docx.py`; `drafter render` of the largest example as it is (well-formed files
read by the plain reader, outline/plain.py); the same render with the plain reader turned off,
so that pydantic validates the outline, the library entries, the style profile and the settings
as before; the render read by typer's command line rather than directly (typer loads pydantic
too); and the bare interpreter and `import pydantic` alone. Each is printed with its ratio to
the bare script.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from render_vs_python_docx import environment, load, prepare

# A render with the plain reader refusing everything: pydantic validates, as before it.
PYDANTIC_RENDER = """
import sys
from drafter.outline import plain
def unsure(*args):
    raise plain.Unsure
plain.read = unsure
from drafter.__main__ import main
sys.argv = ["drafter", *sys.argv[1:]]
main()
"""
# A render through typer's command line (the usual one read by typer, not directly).
TYPER_RENDER = """
import sys
from drafter.cli import render
render.parse = lambda argv: None
from drafter.__main__ import main
sys.argv = ["drafter", *sys.argv[1:]]
main()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(f"before: {load()}")
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _, outline, data = prepare(folder)
        render = ["render", str(outline), "-q", "-o", str(folder / "draft.docx")]
        commands = {
            "bare python-docx script": [python, str(folder / "bare.py"), str(data), "b.docx"],
            "drafter render (plain reader)": [python, "-m", "drafter", *render],
            "drafter render, pydantic validating": [python, "-c", PYDANTIC_RENDER, *render],
            "drafter render read by typer": [python, "-c", TYPER_RENDER, *render],
            "python -c pass": [python, "-c", "pass"],
            "import pydantic (BaseModel)": [python, "-c", "import pydantic.main"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for run in range(args.runs + 1):  # the first round warms the caches
            for name, command in commands.items():
                start = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True, env=environment(), cwd=tmp)
                if run:
                    times[name].append(time.perf_counter() - start)
    median = {name: statistics.median(values) * 1000 for name, values in times.items()}
    floor = median["bare python-docx script"]
    for name, value in median.items():
        print(f"  {name:<37} {value:7.1f} ms  {value / floor:5.2f}× the bare script")
    typer_cost = median["drafter render read by typer"] - median["drafter render (plain reader)"]
    pydantic_cost = (
        median["drafter render, pydantic validating"] - median["drafter render (plain reader)"]
    )
    importing = median["import pydantic (BaseModel)"] - median["python -c pass"]
    print(
        f"pydantic in a render: {pydantic_cost:.0f} ms (of which importing it {importing:.0f} ms); "
        f"typer's command line: {typer_cost:.0f} ms"
    )
    print(f"after: {load()}")


if __name__ == "__main__":
    main()
