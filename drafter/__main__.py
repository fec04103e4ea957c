"""`python -m drafter` and the `drafter` command: a start-up that Ctrl-C ends quietly.

A command runs with Python's cycle collector off: the objects of the modules it loads live as
long as the process, and one outline leaves little in cycles, so collecting would only cost time
(more the larger the outline). Commands that go on (a batch of
outlines, the workbench) turn it back on (`drafter.cli.running.collect_cycles`).

Measured by benchmarks/startup_tricks.py (cold render of examples/work-conference.yaml,
alternating, medians; load 1.3–2.2 on 2 cores): with the collector on, a render takes 17% longer
(247 ms against 211 ms over 80 runs each), most of it the collection at exit of what a frozen
collector never looks at. Leaving through `os._exit` to skip the teardown saved from −0.6% to
3.5% in five runs (7 ms at most), within the noise of one run, and needed CPython's private
count of exit handlers to be safe: a command exits as Python does.
"""

from __future__ import annotations

import gc
import sys
from functools import partial


def main() -> None:
    """Load the command line and run it; Ctrl-C while Python loads drafter exits 130 without
    a traceback (the command line itself handles it once loaded). A plain `drafter render`
    runs without loading typer (`drafter.cli.render`); otherwise typer's own words are
    pointed at the user's language before typer loads."""
    gc.disable()
    try:
        from drafter.cli.render import parse
        from drafter.cli.render import run as render
        from drafter.cli.running import guarded

        asked = parse(sys.argv[1:])
        if asked is None:
            from drafter.i18n import install_click_words

            install_click_words()  # typer translates some of its words as it loads
            from drafter.cli.app import main as run
        else:
            run = partial(guarded, lambda: sys.exit(render(asked)))
    except KeyboardInterrupt:
        sys.exit(130)
    run()


if __name__ == "__main__":
    main()
