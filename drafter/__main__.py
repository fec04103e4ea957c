"""`python -m drafter` and the `drafter` command: a start-up that Ctrl-C ends quietly.

A command runs with Python's cycle collector off: the objects of the modules it loads live as
long as the process, and one outline leaves little in cycles, so collecting would only cost time
(a tenth of a render, and more the larger the outline). Commands that go on (a batch of
outlines, the workbench) turn it back on (`render_command.collect_cycles`). A command that
succeeded leaves without tearing every module down once its output is flushed.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
from functools import partial


def main() -> None:
    """Load the command line and run it; Ctrl-C while Python loads drafter exits 130 without
    a traceback (the command line itself handles it once loaded). A plain `drafter render`
    runs without loading typer (`drafter.render_command`)."""
    gc.disable()
    try:
        from drafter.render_command import guarded, parse, render

        asked = parse(sys.argv[1:])
        if asked is None:
            from drafter.cli import main as run
        else:
            run = partial(guarded, lambda: sys.exit(render(asked)))
    except KeyboardInterrupt:
        sys.exit(130)
    try:
        run()
    except SystemExit as done:
        if done.code in (None, 0):
            _leave()
        raise
    _leave()


def _leave() -> None:
    """Exit 0 at once, skipping the teardown of every module (a tenth of a short command),
    when nothing is left to do at exit: output flushed, no other thread, no exit handler.
    Otherwise return, and Python exits as usual."""
    exit_handlers = getattr(atexit, "_ncallbacks", lambda: 1)()  # CPython's count; else assume
    if threading.active_count() > 1 or exit_handlers:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return  # a closed or broken stream: Python's own exit reports it as it always has
    os._exit(0)


if __name__ == "__main__":
    main()
