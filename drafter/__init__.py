"""drafter: a YAML outline of a work-conference speech becomes a formatted first draft.

Library use:

    from drafter import build, render_text
    build("examples/work-conference.yaml", "draft.docx")
    pdf = render_text(outline_text, "pdf", style="gbt9704-win")

The names below load their modules on first use, so `import drafter` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"  # the one place the version is written (pyproject reads it through hatch)
__all__ = ["DrafterError", "Options", "__version__", "build", "render_file", "render_text"]

if TYPE_CHECKING:
    from drafter.errors import DrafterError
    from drafter.pipeline import Options, build, render_file, render_text

_LAZY = {
    "DrafterError": "drafter.errors",
    "Options": "drafter.pipeline",
    "build": "drafter.pipeline",
    "render_text": "drafter.pipeline",
    "render_file": "drafter.pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'drafter' has no attribute {name!r}")
