"""Office defaults: `drafter.yaml` files next to or above an outline, and the user's own.

Layers, strongest first: the nearest `drafter.yaml` (the outline's folder), then each folder
above it, then the user's config folder (platformdirs). For a single value the strongest layer
that sets it wins; folder lists (template_dirs, library_dirs) are searched strongest first.
Relative folders resolve against the folder of the file that names them. The outline itself
overrides org, leadership, speaker, salutation, scope and style.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PositiveInt

from drafter.decoding import read_text
from drafter.errors import ConfigError, Location
from drafter.outline.model import Checks
from drafter.outline.source import SourceMap
from drafter.outline.validation import parse_model

CONFIG_NAME = "drafter.yaml"
OUTLINE_KEYS = ("org", "leadership", "speaker", "salutation", "scope", "cause")
SCALAR_KEYS = (*OUTLINE_KEYS, "style", "words_per_minute")
FOLDER_KEYS = ("template_dirs", "library_dirs")
DEFAULT_WORDS_PER_MINUTE = 220


class ConfigFile(BaseModel):
    """What a drafter.yaml may hold."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    org: str | None = Field(None, description="讲话人所在单位，如：市教育局")
    leadership: str | None = Field(None, description="上级领导机关，如：市委、市政府")
    speaker: str | None = Field(None, description="默认讲话人")
    salutation: str | None = Field(None, description="默认称呼")
    scope: str | None = Field(None, description="工作主体，如：全市教育系统")
    cause: str | None = Field(None, description="所从事的事业，如：教育事业")
    style: str | None = Field(None, description="DOCX style profile")
    template_dirs: list[str] = Field(default_factory=list, description="your template folders")
    library_dirs: list[str] = Field(default_factory=list, description="your library folders")
    words_per_minute: PositiveInt | None = Field(None, description="speaking rate, 字/分钟")
    checks: Checks = Field(default_factory=Checks)


@dataclass(frozen=True)
class Setting:
    """A value and the place in a drafter.yaml it came from."""

    value: Any
    origin: Location


@dataclass
class Settings:
    """The effective office defaults for one outline."""

    values: dict[str, Setting] = field(default_factory=dict)
    template_dirs: list[Setting] = field(default_factory=list)
    library_dirs: list[Setting] = field(default_factory=list)
    disabled_checks: list[Setting] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def get(self, key: str, default: Any = None) -> Any:
        setting = self.values.get(key)
        return default if setting is None else setting.value

    def outline_defaults(self) -> dict[str, Any]:
        """Values an outline inherits unless it sets them itself."""
        return {key: self.get(key) for key in OUTLINE_KEYS if self.get(key)}

    @property
    def words_per_minute(self) -> int:
        return int(self.get("words_per_minute", DEFAULT_WORDS_PER_MINUTE))


def user_config_file() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("drafter", appauthor=False)) / CONFIG_NAME


def discover(start: Path) -> list[Path]:
    """Config files that apply at `start`, strongest (nearest) first, the user's last."""
    folder = start if start.is_dir() else start.parent
    found = []
    for candidate in [folder.resolve(), *folder.resolve().parents]:
        path = candidate / CONFIG_NAME
        if path.is_file():
            found.append(path)
    user = user_config_file()
    if user.is_file() and user.resolve() not in {p.resolve() for p in found}:
        found.append(user)
    return found


def load_settings(start: Path, *, use_files: bool = True) -> Settings:
    """Merge every config file that applies at `start` (nearest first)."""
    settings = Settings()
    if os.environ.get("DRAFTER_NO_CONFIG") or not use_files:
        return settings
    for path in discover(start):
        config, source = _read(path)
        settings.files.append(path)
        _merge(settings, config, source, path)
    return settings


def _read(path: Path) -> tuple[ConfigFile, SourceMap]:
    return parse_model(read_text(path), str(path), ConfigFile, ConfigError)


def _merge(settings: Settings, config: ConfigFile, source: SourceMap, path: Path) -> None:
    for key in SCALAR_KEYS:
        value = getattr(config, key)
        if value is not None and key not in settings.values:
            settings.values[key] = Setting(value, _origin(source, (key,)))
    for key in FOLDER_KEYS:
        for index, folder in enumerate(getattr(config, key)):
            resolved = (path.parent / folder).resolve()
            getattr(settings, key).append(Setting(resolved, _origin(source, (key, index))))
    for index, rule in enumerate(config.checks.disable):
        settings.disabled_checks.append(
            Setting(rule, _origin(source, ("checks", "disable", index)))
        )


def _origin(source: SourceMap, path: tuple[str | int, ...]) -> Location:
    return source.locate(path)
