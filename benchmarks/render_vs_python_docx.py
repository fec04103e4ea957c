"""drafter against python-docx writing the same paragraphs: cold, warm and in a batch.

    python benchmarks/render_vs_python_docx.py [--runs 15] [--repeat 30] [--rounds 3]

The largest example is rendered by drafter and its paragraphs are written by two python-docx
scripts: the bare one (the same paragraphs and runs, bold where drafter is bold, with the body
style's face and size set: the floor any tool writing this draft with python-docx pays) and the
styled one (every style drafter sets: faces through w:eastAsia, sizes, exact line spacing,
first-line indents, page setup, a PAGE field footer). Goals are against the bare script; the
styled one is reported beside it.

- cold: `drafter render` against each script, all as fresh processes, alternating, medians;
- warm: in one fresh process, after warm-up, `build()` and `render_text()` of the outline
  against the bare script's writing done as a function, alternating, medians;
- batch: one `drafter render` of 100 copies of the outline, per document, against that warm
  python-docx figure (rounds alternate the batch with the warm process).

Every process runs with compiled bytecode, as an installed drafter has (PYTHONDONTWRITEBYTECODE
is dropped and drafter's package compiled first). The load average before and after is printed:
the machine is shared, so only ratios within one run mean something.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
COLD_GOAL = 2.0
WARM_GOAL = 1.5
BATCH_GOAL = 1.5
BATCH_SIZE = 100

# The bare script: the body style set, the paragraphs and runs written, the document saved.
BARE = r"""
import json, sys
import docx
from docx.oxml.ns import qn
from docx.shared import Pt

def write(paragraphs, target):
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    for _, runs in paragraphs:
        p = d.add_paragraph()
        for text, kind in runs:
            p.add_run(text).bold = kind == "bold" or None
    d.save(target)

if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        write(json.load(f), sys.argv[2])
"""

STYLED = r"""
import json, sys
import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

def fonts(rpr, face):
    f = rpr.get_or_add_rFonts()
    for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        f.attrib.pop(qn(a), None)
    for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        f.set(qn(a), face)

def indent(style, chars):
    ind = style.element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100)); ind.set(qn("w:firstLine"), str(chars * 320))

paragraphs = json.load(open(sys.argv[1], encoding="utf-8"))
d = docx.Document()
s = d.sections[0]
s.page_width, s.page_height = Mm(210), Mm(297)
s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
normal = d.styles["Normal"]
fonts(normal.element.get_or_add_rPr(), "仿宋_GB2312")
normal.font.size = Pt(16)
normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
normal.paragraph_format.line_spacing = Pt(28.95)
K, F = "楷体_GB2312", "仿宋_GB2312"
spec = {
    "title": ("Title", "方正小标宋简体", 22, 0, "center"),
    "subtitle": ("Subtitle", K, 16, 0, "center"),
    "byline": ("Byline", K, 16, 0, "center"),
    "date": ("Date", K, 16, 0, "center"),
    "salutation": ("Salutation", F, 16, 0, None),
    "body": ("Body Text", F, 16, 2, None),
    "closing": ("Closing", F, 16, 2, None),
    "heading1": ("Heading 1", "黑体", 16, 2, None),
    "heading2": ("Heading 2", K, 16, 2, None),
    "heading3": ("Heading 3", F, 16, 2, None),
}
styles = {}
for key, (name, face, size, chars, align) in spec.items():
    try:
        st = d.styles[name]
    except KeyError:
        st = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    fonts(st.element.get_or_add_rPr(), face)
    st.font.size = Pt(size)
    indent(st, chars)
    if align:
        st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles[key] = st
lead = d.styles.add_style("Lead", WD_STYLE_TYPE.CHARACTER)
fonts(lead.element.get_or_add_rPr(), "楷体_GB2312")
strong = d.styles["Strong"]
for style_key, runs in paragraphs:
    p = d.add_paragraph(style=styles[style_key])
    for text, kind in runs:
        p.add_run(text, style={"lead": lead, "bold": strong}.get(kind))
fp = s.footer.paragraphs[0]
fp.add_run("— ")
for kind in ("begin", "instr", "separate", "end"):
    r = fp.add_run("1" if kind == "separate" else None)
    if kind == "instr":
        el = OxmlElement("w:instrText"); el.text = " PAGE "; r._r.append(el)
    else:
        el = OxmlElement("w:fldChar"); el.set(qn("w:fldCharType"), kind); r._r.append(el)
fp.add_run(" —")
d.core_properties.title = paragraphs[0][1][0][0]
d.save(sys.argv[2])
"""

# One process: warm-up, then build(), render_text() and the bare script's write() alternating.
WARM = r"""
import json, statistics, sys, time
from pathlib import Path
import drafter
from bare import write

outline, folder, repeat = Path(sys.argv[1]), Path(sys.argv[3]), int(sys.argv[4])
paragraphs = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
text = outline.read_text(encoding="utf-8")
work = {
    "build": lambda: drafter.build(outline, folder / "built.docx"),
    "render_text": lambda: (folder / "text.docx").write_bytes(
        drafter.render_text(text, "docx", folder=outline.parent, name=outline.name)
    ),
    "python-docx": lambda: write(paragraphs, folder / "bare.docx"),
}
times = {name: [] for name in work}
for _ in range(3):
    for job in work.values():
        job()
for _ in range(repeat):
    for name, job in work.items():
        start = time.perf_counter()
        job()
        times[name].append(time.perf_counter() - start)
print(json.dumps({name: statistics.median(values) for name, values in times.items()}))
"""


def prepare(folder: Path) -> tuple[Path, Path, Path]:
    """drafter compiled; the largest example (with its tables) copied into `folder`, its
    paragraphs for the baseline scripts, and the bare script: (example, its copy, paragraphs)."""
    compileall.compile_dir(ROOT / "drafter", quiet=1)
    example = largest_example()
    for table in EXAMPLES.glob("*.csv"):  # the example's figures come from its tables
        shutil.copy(table, folder)
    outline = folder / example.name
    shutil.copy(example, outline)
    data = folder / "paragraphs.json"
    data.write_text(json.dumps(paragraphs_of(example), ensure_ascii=False), encoding="utf-8")
    (folder / "bare.py").write_text(BARE, encoding="utf-8")
    return example, outline, data


def largest_example() -> Path:
    from drafter.pipeline import Renderer

    renderer = Renderer()
    sizes = {}
    for path in sorted(EXAMPLES.glob("*.yaml")):
        lines = renderer.document(renderer.load(path)).lines()
        sizes[path] = sum(len(re.sub(r"\s", "", line)) for line in lines)
    return max(sizes, key=sizes.get)


def paragraphs_of(example: Path) -> list:
    """The example's paragraphs as (style key, [(text, run kind)]) for the baseline scripts."""
    from drafter.document import Heading
    from drafter.pipeline import Renderer

    renderer = Renderer()
    document = renderer.document(renderer.load(example))
    out = [[key, [[text, None]]] for key, text in document.header.lines()]
    for block in document.blocks:
        if isinstance(block, Heading):
            out.append([f"heading{min(block.level, 3)}", [[block.full_text, None]]])
            continue
        runs = [[block.lead.full_text, "lead"]] if block.lead else []
        runs += [[run.text, "bold" if run.bold else None] for run in block.runs]
        out.append([block.role, runs])
    return out


def environment() -> dict[str, str]:
    """Bytecode written and read as in an installed package; fixed dates, no caches disabled."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["SOURCE_DATE_EPOCH"] = "1767225600"
    return env


def timed(command: list[str], **kwargs: object) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=environment(), **kwargs)
    return time.perf_counter() - start


def verdict(ratio: float, goal: float) -> str:
    return f"(goal ≤ {goal:.1f}: {'met' if ratio <= goal else 'NOT MET'})"


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="cold runs of each command")
    parser.add_argument("--repeat", type=int, default=30, help="warm renders of each kind")
    parser.add_argument("--rounds", type=int, default=3, help="batch and warm rounds")
    args = parser.parse_args()
    print(f"before: {load()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        example, outline, data = prepare(folder)
        (folder / "styled.py").write_text(STYLED, encoding="utf-8")
        (folder / "warm.py").write_text(WARM, encoding="utf-8")
        python = sys.executable
        commands = {
            "drafter render": [python, "-m", "drafter", "render", str(outline), "-q", "-o"],
            "bare python-docx": [python, str(folder / "bare.py"), str(data)],
            "styled python-docx": [python, str(folder / "styled.py"), str(data)],
        }
        cold: dict[str, list[float]] = {name: [] for name in commands}
        for run in range(args.runs + 1):  # the first round warms the OS file cache
            for name, command in commands.items():
                seconds = timed([*command, str(folder / f"{name.split()[0]}.docx")])
                if run:
                    cold[name].append(seconds)
        batch = folder / "batch"
        batch.mkdir()
        for table in EXAMPLES.glob("*.csv"):
            shutil.copy(table, batch)
        for n in range(BATCH_SIZE):
            shutil.copy(example, batch / f"speech{n:03}.yaml")
        sources = sorted(str(p) for p in batch.glob("*.yaml"))
        warm_command = [python, str(folder / "warm.py"), str(outline), str(data), str(folder)]
        warm: dict[str, list[float]] = {}
        batches = []
        for _ in range(args.rounds):
            answer = subprocess.run(
                [*warm_command, str(args.repeat)],
                check=True,
                capture_output=True,
                text=True,
                env=environment(),
                cwd=folder,
            )
            for name, seconds in json.loads(answer.stdout).items():
                warm.setdefault(name, []).append(seconds)
            batch_command = [python, "-m", "drafter", "render", *sources, "-q", "-o"]
            batches.append(timed([*batch_command, str(folder / "out") + "/"]) / BATCH_SIZE)
    ms = {name: statistics.median(times) * 1000 for name, times in cold.items()}
    warm_ms = {name: statistics.median(times) * 1000 for name, times in warm.items()}
    per_document = statistics.median(batches) * 1000
    floor = warm_ms["python-docx"]
    print(f"example: {example.relative_to(ROOT)}; cold: {args.runs} runs of each, alternating")
    for name, value in ms.items():
        print(f"  {name:<20} {value:7.1f} ms (median)")
    cold_ratio = ms["drafter render"] / ms["bare python-docx"]
    print(f"cold ratio to the bare script:   {cold_ratio:5.2f} {verdict(cold_ratio, COLD_GOAL)}")
    styled_ratio = ms["drafter render"] / ms["styled python-docx"]
    print(f"cold ratio to the styled script: {styled_ratio:5.2f} (reported)")
    print(f"warm, one process: {args.rounds} × {args.repeat} renders of each, alternating")
    for name, value in warm_ms.items():
        print(f"  {name:<20} {value:7.1f} ms (median)")
    for name in ("build", "render_text"):
        ratio = warm_ms[name] / floor
        print(f"warm {name + '()':<14} ratio: {ratio:5.2f} {verdict(ratio, WARM_GOAL)}")
    ratio = per_document / floor
    print(f"batch of {BATCH_SIZE} in one `drafter render`: {per_document:.1f} ms a document")
    print(f"batch per document ratio:  {ratio:5.2f} {verdict(ratio, BATCH_GOAL)}")
    print(f"after: {load()}")


if __name__ == "__main__":
    main()
