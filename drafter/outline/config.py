"""Office defaults: `drafter.yaml` files next to or above an outline, and the user's own.

Layers, strongest first: the nearest `drafter.yaml` (the outline's folder), then each folder
above it up to the user's home folder or the repository root, then the user's config folder
(platformdirs). For a single value the strongest layer that sets it wins; folder lists
(template_dirs, library_dirs) are searched strongest first. Relative folders resolve against the
folder of the file that names them, `~` against the home folder. The outline itself overrides
org, leadership, speaker, salutation, scope and style.

Only trusted files count: like git's safe.directory, a file another user owns (root aside) is
ignored, so a `/tmp/drafter.yaml` cannot redirect anyone's render; it and a file that cannot be
read are skipped with a warning (`Settings.warnings`), not an error.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafter.decoding import decode_text, read_bytes, special_kind
from drafter.errors import ConfigError, Location, Problem, SourceError, os_reason
from drafter.i18n import _
from drafter.outline.model import Checks, Outline
from drafter.schema.fields import ListOf, Maybe, Number, One, Text
from drafter.schema.records import Record, field, read_file
from drafter.schema.source import SourceMap, load_yaml

CONFIG_NAME = "drafter.yaml"
FOLDER_KEYS = ("template_dirs", "library_dirs")
DEFAULT_WORDS_PER_MINUTE = 220
REPOSITORY_MARKERS = (".git", ".hg", ".svn")

_FOLDERS = ListOf(Text(strip=False))
_outline_keys: list[str] = []


def _for_every_outline(name: str) -> Any:
    """An outline key the office sets for all its outlines (an outline's own value wins): the
    outline's own declaration, so a value the outline would refuse is refused here, at its
    line; here it may be left out."""
    _outline_keys.append(name)
    declared = Outline.fields[name]
    return declared.but(kind=Maybe(declared.kind), default=None, factory=None, zh=())


class ConfigFile(Record):
    """What a drafter.yaml may hold."""

    org: str | None = _for_every_outline("org")
    leadership: str | None = _for_every_outline("leadership")
    speaker: str | None = _for_every_outline("speaker")
    salutation: str | None = _for_every_outline("salutation")
    scope: str | None = _for_every_outline("scope")
    cause: str | None = _for_every_outline("cause")
    date_brackets: bool | None = _for_every_outline("date_brackets")
    style: str | None = field(Maybe(Text(strip=False)), None, doc="默认版式（style profile）")
    template_dirs: list[str] = field(_FOLDERS, factory=list, doc="自己的模板文件夹")
    library_dirs: list[str] = field(_FOLDERS, factory=list, doc="自己的素材库文件夹")
    words_per_minute: int | None = field(
        Maybe(Number(low=1, whole=True)), None, doc="语速（字/分钟）"
    )
    checks: Checks = field(One(Checks), factory=Checks, doc="drafter check 的设置")


OUTLINE_KEYS = tuple(_outline_keys)  # what the office sets for every outline
SCALAR_KEYS = (*OUTLINE_KEYS, "style", "words_per_minute")


@dataclass(frozen=True)
class Setting:
    """A value and the place in a drafter.yaml it came from."""

    value: Any
    origin: Location


@dataclass
class Settings:
    """The effective office defaults for one outline."""

    values: dict[str, Setting] = dataclasses.field(default_factory=dict)
    template_dirs: list[Setting] = dataclasses.field(default_factory=list)
    library_dirs: list[Setting] = dataclasses.field(default_factory=list)
    disabled_checks: list[Setting] = dataclasses.field(default_factory=list)
    files: list[Path] = dataclasses.field(default_factory=list)
    warnings: list[Problem] = dataclasses.field(default_factory=list)  # files skipped, and why

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


def discover(start: Path, warnings: list[Problem] | None = None) -> list[Path]:
    """Config files that apply at `start`, strongest (nearest) first, the user's last: from
    start's folder up to the home folder or a repository root. Files that are not trusted
    are left out, each with a warning added to `warnings`."""
    warnings = [] if warnings is None else warnings
    folder = start if os.path.isdir(start) else start.parent  # False where it cannot look
    folder = folder.resolve()
    home = _home()
    found = []
    for candidate in [folder, *folder.parents]:
        path = candidate / CONFIG_NAME
        if _trusted(path, warnings):
            found.append(path)
        if candidate == home or any(os.path.exists(candidate / m) for m in REPOSITORY_MARKERS):
            break
    user = user_config_file()
    if user.resolve() not in {p.resolve() for p in found} and _trusted(user, warnings):
        found.append(user)
    return found


def _trusted(path: Path, warnings: list[Problem]) -> bool:
    """Whether `path` is a drafter.yaml to read: a regular file that the current user or root
    owns (`read_bytes` looks again as it opens it, without waiting)."""
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as err:
        message = _("skipped: cannot look at it: {reason}").format(reason=os_reason(err))
        warnings.append(_warning(path, message))
        return False
    if stat.S_ISDIR(info.st_mode):
        return False
    if not stat.S_ISREG(info.st_mode):  # never opened: a pipe would wait for a writer
        kind = special_kind(info.st_mode)
        message = _("skipped: it is {kind}, not a regular file").format(kind=kind)
        warnings.append(_warning(path, message))
        return False
    getuid = getattr(os, "getuid", None)  # Windows has no file owners to compare
    if getuid is not None and info.st_uid not in (getuid(), 0):
        msg = _(
            "ignored: it belongs to another user ({user}); drafter reads "
            "only settings files that you or root own"
        ).format(user=_user_name(info.st_uid))
        warnings.append(_warning(path, msg))
        return False
    return True


def _warning(path: Path, message: str) -> Problem:
    return Problem(message, Location(str(path)), severity="warning", rule="config")


def _user_name(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return f"uid {uid}"


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):  # no HOME and no passwd entry
        return None


def load_settings(start: Path, *, use_files: bool = True) -> Settings:
    """Merge every trusted config file that applies at `start` (nearest first); a file that
    cannot be read is skipped with a warning, one that is broken is an error."""
    settings = Settings()
    if os.environ.get("DRAFTER_NO_CONFIG") or not use_files:
        return settings
    for path in discover(start, settings.warnings):
        try:
            raw = read_bytes(path)
        except SourceError as err:
            reason = err.as_problems()[0].message
            settings.warnings.append(_warning(path, _("skipped: {reason}").format(reason=reason)))
            continue
        config, source = _parse(decode_text(raw, str(path)), path)
        settings.files.append(path)
        _merge(settings, config, source, path)
    return settings


def _parse(text: str, path: Path) -> tuple[ConfigFile, SourceMap]:
    loaded = load_yaml(text, str(path))
    return read_file(ConfigFile, loaded.data, loaded.source, ConfigError), loaded.source


def _merge(settings: Settings, config: ConfigFile, source: SourceMap, path: Path) -> None:
    for key in SCALAR_KEYS:
        value = getattr(config, key)
        if value is not None and key not in settings.values:
            settings.values[key] = Setting(value, _origin(source, (key,)))
    for key in FOLDER_KEYS:
        for index, folder in enumerate(getattr(config, key)):
            resolved = (path.parent / Path(folder).expanduser()).resolve()
            getattr(settings, key).append(Setting(resolved, _origin(source, (key, index))))
    for index, rule in enumerate(config.checks.disable):
        settings.disabled_checks.append(
            Setting(rule, _origin(source, ("checks", "disable", index)))
        )


def _origin(source: SourceMap, path: tuple[str | int, ...]) -> Location:
    return source.locate(path)
