"""`drafter serve`: the workbench, a local web page to write an outline and see its draft.

The server is an optional extra (`pip install 'speech-drafter[serve]'`: Starlette, uvicorn,
watchfiles), so nothing here is imported unless `serve` runs; `require` says which extra to
install when a part is missing, before anything else is imported.
"""

from __future__ import annotations

import importlib.util

from drafter.errors import UsageError
from drafter.i18n import _

EXTRA = "speech-drafter[serve]"
_NEEDED = ("starlette", "uvicorn", "watchfiles")


def require() -> None:
    """Raise UsageError naming the extra when the server's packages are not installed."""
    missing = [name for name in _NEEDED if importlib.util.find_spec(name) is None]
    if missing:
        message = _("drafter serve needs {packages}: pip install '{extra}'")
        raise UsageError(message.format(packages=", ".join(missing), extra=EXTRA))
