"""`drafter serve`: the workbench, a local web page to write an outline and see its draft.

The server is an optional extra (`pip install '.[serve]'` in drafter's folder: Starlette,
uvicorn, watchfiles; drafter is not on the package index), so nothing here is imported unless
`serve` runs; `require` says how to install the extra when a part is missing, before anything
else is imported.
"""

from __future__ import annotations

import importlib.util

from drafter.errors import UsageError, listed
from drafter.i18n import _

EXTRA = ".[serve]"  # installed from drafter's own folder, as the README says
_NEEDED = ("starlette", "uvicorn", "watchfiles")


def require() -> None:
    """Raise UsageError naming the extra when the server's packages are not installed."""
    missing = [name for name in _NEEDED if importlib.util.find_spec(name) is None]
    if missing:
        message = _(
            "drafter serve needs {packages}: in drafter's folder (the one with its README), "
            "run pip install '{extra}'"
        )
        raise UsageError(message.format(packages=listed(missing), extra=EXTRA))
