"""Whole-process `drafter render` of the largest example vs a minimal python-docx script.

The baseline writes the same paragraphs with the same styles (fonts through w:eastAsia, sizes,
exact line spacing, first-line indents, page setup, a PAGE field footer) and nothing else, so
the ratio is drafter's own overhead: reading and validating the outline, templates, markup.
Both run as fresh processes, alternately, and the medians are compared (target: ratio ≤ 1.25).

    python benchmarks/render_vs_python_docx.py [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BASELINE = r"""
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


def largest_example() -> Path:
    from drafter.pipeline import Renderer

    renderer = Renderer()
    sizes = {}
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        lines = renderer.document(renderer.load(path)).lines()
        sizes[path] = sum(len(re.sub(r"\s", "", line)) for line in lines)
    return max(sizes, key=sizes.get)


def paragraphs_of(example: Path) -> list:
    """The example's paragraphs as (style key, [(text, run kind)]) for the baseline script."""
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


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    example = largest_example()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = folder / "paragraphs.json"
        data.write_text(json.dumps(paragraphs_of(example), ensure_ascii=False), encoding="utf-8")
        script = folder / "baseline.py"
        script.write_text(BASELINE, encoding="utf-8")
        drafter_cmd = [
            sys.executable,
            "-m",
            "drafter",
            "render",
            str(example),
            "-q",
            "-o",
            str(folder / "drafter.docx"),
        ]
        baseline_cmd = [sys.executable, str(script), str(data), str(folder / "baseline.docx")]
        timed(drafter_cmd), timed(baseline_cmd)  # warm the OS file cache (and Jinja's cache)
        drafter_times, baseline_times = [], []
        for _ in range(args.runs):
            drafter_times.append(timed(drafter_cmd))
            baseline_times.append(timed(baseline_cmd))
    ours, theirs = statistics.median(drafter_times), statistics.median(baseline_times)
    print(f"example:            {example.relative_to(ROOT)}")
    print(f"runs:               {args.runs} each, alternating, fresh processes")
    print(f"drafter render:     {ours * 1000:7.1f} ms (median)")
    print(f"python-docx script: {theirs * 1000:7.1f} ms (median)")
    print(f"ratio:              {ours / theirs:7.2f}  (target ≤ 1.25)")


if __name__ == "__main__":
    main()
