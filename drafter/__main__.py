"""`python -m drafter` and the `drafter` command: a start-up that Ctrl-C ends quietly."""

from __future__ import annotations

import sys


def main() -> None:
    """Load the command line and run it; Ctrl-C while Python loads drafter exits 130 without
    a traceback (the command line itself handles it once loaded)."""
    try:
        from drafter.cli import main as run
    except KeyboardInterrupt:
        sys.exit(130)
    run()


if __name__ == "__main__":
    main()
