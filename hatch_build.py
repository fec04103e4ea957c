"""Build hook: the interface's gettext catalogues (drafter/locale/*/LC_MESSAGES/*.po) compiled
into the wheel as .mo files, so an installed drafter reads them with the standard library alone.
A source checkout has them compiled on first use instead (drafter/i18n.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogues(BuildHookInterface):
    PLUGIN_NAME = "compile-catalogues"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads the source tree's catalogues (drafter/i18n.py)
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        out = Path(tempfile.mkdtemp(prefix="drafter-mo-"))
        for po in sorted((root / "drafter" / "locale").glob("*/LC_MESSAGES/*.po")):
            relative = po.relative_to(root).with_suffix(".mo")
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source:
                catalog = read_po(source)
            with target.open("wb") as compiled:
                write_mo(compiled, catalog)
            build_data["force_include"][str(target)] = str(relative)
