"""The served folder: which files the workbench may read and write, and how.

A page names files by their path relative to the folder. Such a path is refused (before the
file system is asked anything) when it is empty, too long, absolute, has a `..`, `.` or hidden
part, a backslash, or another suffix than an outline's; and after resolving, when a symlink
leads it outside the folder. Only regular files are read, opened without waiting. The
workbench writes only outlines with printable names, never office settings (drafter.yaml).
Saving is atomic (`output.write_atomic`), keeps the file's encoding and line ends, and never
overwrites silently a file changed on disk since the page read it: the file is looked at again
just before the new one takes its place. Temporary files an interrupted save left (of an
outline, drafter's own) are removed when the workbench starts.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Container
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from drafter.decoding import NotAFile, decode_text, open_regular
from drafter.errors import DrafterError, one_of
from drafter.i18n import _
from drafter.outline.config import CONFIG_NAME
from drafter.output import DiskFull, Identity, identity, write_atomic, write_new

OUTLINE_SUFFIXES = (".yaml", ".yml")
MAX_OUTLINE_BYTES = 5 * 1024 * 1024  # far above any speech; an outline is a few kilobytes
MAX_LISTED = 500  # outlines shown on the start page
_MAX_VISITED = 5000  # files looked at while listing (someone may serve their home folder)
MAX_NAME_CHARS = 1000  # a path a page names; each part at most 255 bytes, as file systems allow
_NAME_BYTES = 255
STALE_SECONDS = 10  # a temporary file of a save this old is left from an interrupted one
# A temporary file of write_atomic for an outline: .NAME.yaml.XXXXXXXX.tmp (tempfile's letters)
_OUTLINE_TEMP = re.compile(r"\..+\.(?:yaml|yml)\.[a-z0-9_]{8}\.tmp", re.IGNORECASE)
# Not printable in a file name: controls, format characters (RLO turns a name around), separators
_UNPRINTABLE = ("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp")
_SKIPPED_FOLDERS = {"node_modules", "__pycache__", "site-packages"}
# What marks a YAML file as an outline rather than office settings or a library entry.
_OUTLINE_MARK = re.compile(rb"^(?:\xef\xbb\xbf)?(?:kind|parts)[ \t]*:", re.MULTILINE)


class Refused(DrafterError):
    """A request the workbench will not carry out; `status` is its HTTP status."""

    status = 403


class BadRequest(Refused):
    status = 400


class Missing(Refused):
    status = 404


class WrongType(Refused):
    """A file of a kind the request does not take (a spreadsheet dropped as a speech)."""

    status = 415


class TooLarge(Refused):
    status = 413


class NoSpace(Refused):
    """The disk is full (or the user's quota): nothing was written."""

    status = 507


class Changed(DrafterError):
    """The file changed on disk since the page read it; `version` is the one there now."""

    status = 409

    def __init__(self, message: str, version: str | None) -> None:
        super().__init__(message)
        self.version = version


@dataclass(frozen=True)
class Stored:
    """An outline as read from disk: its text and the version a save must start from."""

    path: str
    text: str
    version: str


@dataclass(frozen=True)
class Listed:
    path: str  # relative to the folder, with /
    modified: float  # seconds since the epoch


class Folder:
    """The folder `drafter serve` was started in, and the only files it touches."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        if not self.root.is_dir():
            raise Missing(_("{folder} is not a folder").format(folder=root))
        self._writing = threading.Lock()

    def locate(self, relative: str) -> Path:
        """The file a page means by `relative`, or Refused (the file need not exist yet)."""
        if not relative or "\x00" in relative or "\\" in relative:
            raise Refused(_("not a file name of this folder: {name!r}").format(name=relative))
        if len(relative) > MAX_NAME_CHARS or any(
            len(part.encode("utf-8", "surrogatepass")) > _NAME_BYTES for part in relative.split("/")
        ):
            message = _("{name}…: a name longer than file systems allow")
            raise BadRequest(message.format(name=relative[:60]))
        pure = PurePosixPath(relative)
        if pure.is_absolute() or re.match(r"^[A-Za-z]:", relative):
            message = _("{path}: only files inside the served folder, by relative name")
            raise Refused(message.format(path=relative))
        parts = relative.split("/")
        if any(not part or unquote(part).startswith(".") for part in parts):
            message = _("{path}: no '..', '.' or hidden names (nor their %2e spelling)")
            raise Refused(message.format(path=relative))
        if pure.suffix.lower() not in OUTLINE_SUFFIXES:
            message = _("{path}: only outlines ({suffixes})")
            raise Refused(message.format(path=relative, suffixes=one_of(OUTLINE_SUFFIXES)))
        path = self.root.joinpath(*pure.parts)
        try:
            real = path.resolve()
        except (OSError, RuntimeError) as err:  # a loop of symlinks, a name the system refuses
            reason = getattr(err, "strerror", None) or err
            raise BadRequest(_("{path}: {reason}").format(path=relative, reason=reason)) from None
        if not real.is_relative_to(self.root) or real.suffix.lower() not in OUTLINE_SUFFIXES:
            raise Refused(_("{path}: leads outside the served folder").format(path=relative))
        return path

    def writable(self, relative: str, reads: Container[Identity | None] = ()) -> Path:
        """The file a page may write as `relative`: an outline with a printable name, not
        office settings (drafter.yaml), nor (`reads`) a file renders read: a library entry,
        a template, settings under another name (a symlink or hard link)."""
        path = self.locate(relative)
        shown = relative.encode("unicode_escape").decode("ascii") if _unprintable(relative) else ""
        if shown:
            message = _("{name}: a name with control or invisible characters is not written")
            raise Refused(message.format(name=shown))
        if CONFIG_NAME in (path.name.lower(), path.resolve().name.lower()):
            message = _("{path}: office settings ({settings}) are not written here")
            raise Refused(message.format(path=relative, settings=CONFIG_NAME))
        if identity(path) in reads:
            message = _("{path}: drafter reads it when rendering (not as an outline)")
            raise Refused(message.format(path=relative))
        return path

    def relative(self, path: Path) -> str | None:
        """The page's name for a path inside the folder (None for one outside it)."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None

    def shown(self, name: str) -> str:
        """A file name in a message, relative to the folder when it is inside it."""
        if not name or not Path(name).is_absolute():
            return name
        return self.relative(Path(name)) or name

    def outlines(self) -> list[Listed]:
        """The folder's outlines and its subfolders' ones, by path (hidden folders skipped)."""
        found: list[Listed] = []
        visited = 0
        for top, folders, files in os.walk(self.root):
            folders[:] = sorted(
                f for f in folders if not f.startswith(".") and f not in _SKIPPED_FOLDERS
            )
            visited += len(files)
            for name in files:
                path = Path(top) / name
                if self.is_outline(path):
                    found.append(
                        Listed(path.relative_to(self.root).as_posix(), path.stat().st_mtime)
                    )
            if visited > _MAX_VISITED or len(found) >= MAX_LISTED:
                break
        return sorted(found, key=lambda listed: listed.path)[:MAX_LISTED]

    def is_outline(self, path: Path) -> bool:
        """A YAML file inside the folder that says `kind:` or `parts:` (not drafter.yaml, not
        a library entry)."""
        if path.name == CONFIG_NAME or path.name.startswith("."):
            return False
        if path.suffix.lower() not in OUTLINE_SUFFIXES:
            return False
        try:
            if not path.resolve().is_relative_to(self.root):
                return False
            with open_regular(path) as handle:
                head = handle.read(64 * 1024)
        except OSError:
            return False
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            head = head.decode("utf-16", "ignore").encode("utf-8")
        return bool(_OUTLINE_MARK.search(head))

    def read(self, relative: str) -> Stored:
        path = self.locate(relative)
        raw, _seen = self._raw(path, relative)
        if raw is None:
            raise Missing(_("{path} does not exist").format(path=relative))
        return Stored(relative, decode_text(raw, relative), version_of(raw))

    def version(self, relative: str) -> str | None:
        """The version of the file on disk now (None when it does not exist)."""
        raw, _seen = self._raw(self.locate(relative), relative)
        return None if raw is None else version_of(raw)

    def save(
        self,
        relative: str,
        text: str,
        base: str | None,
        *,
        force: bool = False,
        reads: Container[Identity | None] = (),
    ) -> str:
        """Write `text` over the file the page read as version `base` (None: a new file);
        Changed when the file on disk is no longer that version, unless `force`. The file is
        looked at again once the new text is on disk, just before it takes the file's place: a
        change that came meanwhile (another editor's save) is Changed too."""
        path = self.writable(relative, reads)
        with self._writing:
            raw, seen = self._raw(path, relative)
            current = None if raw is None else version_of(raw)
            if current != base and not force:
                message = _("{path} was changed on disk after it was opened")
                raise Changed(message.format(path=relative), current)
            data = encode_like(text, raw)
            if len(data) > MAX_OUTLINE_BYTES:
                raise TooLarge(_too_large(relative))

            def unchanged() -> None:
                if _snapshot(path) != seen:
                    message = _("{path} was changed on disk while it was being saved")
                    raise Changed(message.format(path=relative), self.version(relative))

            written(lambda: write_atomic(path, data, before_replace=unchanged))
            return version_of(data)

    def create(self, relative: str, data: bytes, command: str) -> Stored:
        """A new file (a skeleton, an extracted speech); never over an existing one, and not
        at all when it would be larger than an outline may be."""
        path = self.writable(relative)
        if len(data) > MAX_OUTLINE_BYTES:
            raise TooLarge(_too_large(relative))
        if not path.parent.is_dir():
            raise Missing(_("the folder of {path} does not exist").format(path=relative))
        with self._writing:
            written(lambda: write_new(path, data, command=command))
        return self.read(relative)

    def free_name(self, stem: str, folder: str = "") -> str:
        """A name for a new outline from `stem` that no file has yet: 去年讲话.yaml, then
        去年讲话-2.yaml … (never drafter.yaml, the office's settings)."""
        stem = safe_stem(stem) or "提纲"
        prefix = f"{folder.strip('/')}/" if folder.strip("/") else ""
        for number in range(1, 1000):
            name = f"{prefix}{stem}{'' if number == 1 else f'-{number}'}.yaml"
            if PurePosixPath(name).name.lower() != CONFIG_NAME and not self.locate(name).exists():
                return name
        raise Refused(_("too many outlines named {stem}").format(stem=stem))

    def clean(self) -> list[Path]:
        """Remove the temporary files of outline saves that were cut short (a killed
        workbench leaves .NAME.yaml.XXXXXXXX.tmp); returns them. Only those older than a few
        seconds: a save going on now is left alone."""
        removed = []
        visited = 0
        now = time.time()
        for top, folders, files in os.walk(self.root):
            folders[:] = [f for f in folders if not f.startswith(".") and f not in _SKIPPED_FOLDERS]
            visited += len(files)
            for name in files:
                path = Path(top, name)
                if not _OUTLINE_TEMP.fullmatch(name):
                    continue
                try:
                    if path.is_file() and now - path.lstat().st_mtime > STALE_SECONDS:
                        path.unlink()
                        removed.append(path)
                except OSError:
                    continue  # not ours to remove after all
            if visited > _MAX_VISITED:
                break
        return removed

    @staticmethod
    def _raw(path: Path, relative: str) -> tuple[bytes | None, tuple[int, ...] | None]:
        """The file's bytes (None when there is none) and what it looked like then."""
        try:
            with open_regular(path) as handle:
                seen = _status(os.fstat(handle.fileno()))
                raw = handle.read(MAX_OUTLINE_BYTES + 1)
        except FileNotFoundError:
            return None, None
        except (NotAFile, IsADirectoryError):
            raise Refused(_("{path} is not a file").format(path=relative)) from None
        except OSError as err:
            reason = err.strerror
            raise Refused(_("{path}: {reason}").format(path=relative, reason=reason)) from None
        if len(raw) > MAX_OUTLINE_BYTES:
            raise TooLarge(_too_large(relative))
        return raw, seen


def _snapshot(path: Path) -> tuple[int, ...] | None:
    """What a file looks like now (None: there is none): any write changes it."""
    try:
        return _status(os.stat(path))
    except FileNotFoundError:
        return None


def _status(info: os.stat_result) -> tuple[int, ...]:
    # ctime moves with every change of the file, even one that keeps its size and mtime
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def written(write: Callable[[], object]) -> None:
    """A write of the workbench: a full disk is NoSpace (507), other failures as they are."""
    try:
        write()
    except DiskFull as err:
        raise NoSpace(_("{error}; nothing was written").format(error=err)) from None


def _unprintable(name: str) -> bool:
    return any(unicodedata.category(char) in _UNPRINTABLE for char in name)


def version_of(raw: bytes) -> str:
    """A file's version: its content's hash (a timestamp misses two saves in one second)."""
    return hashlib.sha256(raw).hexdigest()[:20]


def encode_like(text: str, previous: bytes | None) -> bytes:
    """The page's text as bytes in the encoding and line ends the file had (a file saved from
    Notepad stays GB18030 with CRLF); a new file is UTF-8 with LF."""
    if previous is None:
        return text.encode("utf-8")
    if b"\r\n" in previous:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    if previous.startswith(codecs.BOM_UTF8):
        return codecs.BOM_UTF8 + text.encode("utf-8")
    if previous.startswith(codecs.BOM_UTF16_LE):
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if previous.startswith(codecs.BOM_UTF16_BE):
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    try:
        previous.decode("utf-8")
    except UnicodeDecodeError:
        return text.encode("gb18030")
    return text.encode("utf-8")


def safe_stem(name: str) -> str:
    """A file name's stem that is safe as a new outline's name: no folders, no hidden dot, no
    control characters."""
    stem = PurePosixPath(name.replace("\\", "/")).stem
    stem = "".join(c for c in stem if unicodedata.category(c)[0] != "C" and c not in '<>:"|?*')
    return stem.strip().lstrip(".")[:80]


def _too_large(relative: str) -> str:
    message = _("{path}: an outline is at most {megabytes} MB")
    return message.format(path=relative, megabytes=MAX_OUTLINE_BYTES // 1024 // 1024)
