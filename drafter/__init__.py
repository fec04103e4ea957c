"""drafter: a YAML outline of a work-conference speech becomes a formatted first draft.

Library use:

    from drafter import build
    build("examples/work-conference.yaml", "draft.docx")
"""

from drafter.errors import DrafterError
from drafter.pipeline import Options, build

__version__ = "0.1.0"
__all__ = ["DrafterError", "Options", "__version__", "build"]
