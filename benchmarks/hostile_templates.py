"""Hostile templates end in seconds and bounded memory: the cases of issue 27 and their kin.

    python benchmarks/hostile_templates.py [--seconds 60] [CASE_NUMBER ...]

Each template runs in a fresh process (its memory peak is its own), in drafter's sandbox with a
render's budget, under an address-space cap of 4 GB; printed: the wall time, the process's peak
memory, and how it ended (the message that stopped it, or the first characters it wrote). The
goal: every case ends with drafter's message, in a few seconds and a few hundred MB. Before the
fixes, `('a'*2000000)|wordwrap(1)` took 35 to 50 s, `s|list` of 19 M characters twice 3.3 GB,
four `split()` of a 20 MB text 1.9 GB, and `[[1]]*N|sum(start=[])` was quadratic.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys

CASES = [
    "{{ ('a' * 2000000)|wordwrap(1) }}",
    "{{ ('ab ' * 300000)|wordwrap(80)|length }}",
    "{% set s = '中' * 19000000 %}{% set a = s|list %}{% set b = s|list %}",
    "{% set s = 'a ' * 10000000 %}{% set a = s.split() %}{% set b = s.split() %}",
    "{% set s = 'a ' * 450000 %}{% set a = s.split() %}{% set b = s.split() %}"
    "{% set c = s.split() %}{% set d = s.split() %}{% set e = s.split() %}",
    "{% set s = 'a\\n' * 1000000 %}{{ s|indent(10000)|length }}",
    "{% set s = 'ß' * 19000000 %}{{ s.upper()|length }}",
    "{% set s = 'x' * 19000000 %}{{ ('{0}' * 8).format(s)|length }}",
    "{% set s = 'x' * 9000000 %}{{ '%s%s%s' % (s, s, s) }}",
    "{% set s = '中' * 19000000 %}{{ s|sort|length }}",
    "{% set l = [[1]] * 500000 %}{{ l|sum(start=[])|length }}",
    "{% set l = ['x' * 5000000] %}{{ [l, l, l, l, l] }}",
    "{% set s = 'x' * 19000000 %}{% set ns = namespace(l=[]) %}"
    "{% for i in range(80) %}{% set ns.l = ns.l + [s ~ i] %}{% endfor %}",
    "{% set big = range(60000)|list %}{% set ns = namespace(l=[]) %}"
    "{% for i in range(3000) %}{% set ns.l = ns.l + [big[1:]] %}{% endfor %}",
    "{{ true|count_sentence('{n}' * 6000000, 2 ** 4000) }}",
    "{{ ('a ' * 3000000)|wordcount }}",
]

RUN = """
import sys, time, resource
from drafter.render.budget import Budget
from drafter.render.sandbox import new_sandbox, render_text
template = new_sandbox().from_string(sys.argv[1])
start = time.monotonic()
try:
    ended = "wrote " + repr(render_text(template, {}, Budget())[:40])
except Exception as err:
    ended = f"{type(err).__name__}: {str(err)[:110]}"
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"{time.monotonic() - start:6.1f} s {peak:6,} MB  {ended}")
"""


def cap_memory() -> None:
    limit = 4 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", type=int, help="case numbers (default: all)")
    parser.add_argument("--seconds", type=float, default=60, help="give a case up after this")
    args = parser.parse_args()
    for number in args.cases or range(len(CASES)):
        case = CASES[number]
        try:
            done = subprocess.run(
                [sys.executable, "-c", RUN, case],
                capture_output=True,
                text=True,
                timeout=args.seconds,
                preexec_fn=cap_memory,
                check=False,
            )
            said = done.stdout.strip() or done.stderr.strip().splitlines()[-1]
        except subprocess.TimeoutExpired:
            said = f"still running after {args.seconds:g} s"
        print(f"{number:2} {case[:60]:60} {said}", flush=True)


if __name__ == "__main__":
    main()
