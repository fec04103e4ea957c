"""The served folder: which files the workbench may read and write, and how.

A page names files by their path relative to the folder. Such a path is refused (before the
file system is asked anything) when it is empty, absolute, has a `..`, `.` or hidden part, a
backslash, or another suffix than an outline's; and after resolving, when a symlink leads it
outside the folder. Saving is atomic (`output.write_atomic`), keeps the file's encoding and
line ends, and never overwrites silently a file changed on disk since the page read it.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from drafter.decoding import decode_text
from drafter.errors import DrafterError
from drafter.outline.config import CONFIG_NAME
from drafter.output import write_atomic, write_new

OUTLINE_SUFFIXES = (".yaml", ".yml")
MAX_OUTLINE_BYTES = 5 * 1024 * 1024  # far above any speech; an outline is a few kilobytes
MAX_LISTED = 500  # outlines shown on the start page
_MAX_VISITED = 5000  # files looked at while listing (someone may serve their home folder)
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


class TooLarge(Refused):
    status = 413


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
            raise Missing(f"{root} is not a folder")
        self._writing = threading.Lock()

    def locate(self, relative: str) -> Path:
        """The file a page means by `relative`, or Refused (the file need not exist yet)."""
        if not relative or "\x00" in relative or "\\" in relative:
            raise Refused(f"not a file name of this folder: {relative!r}")
        pure = PurePosixPath(relative)
        if pure.is_absolute() or re.match(r"^[A-Za-z]:", relative):
            raise Refused(f"{relative}: only files inside the served folder, by relative name")
        parts = relative.split("/")
        if any(not part or unquote(part).startswith(".") for part in parts):
            raise Refused(f"{relative}: no '..', '.' or hidden names (nor their %2e spelling)")
        if pure.suffix.lower() not in OUTLINE_SUFFIXES:
            raise Refused(f"{relative}: only outlines ({', '.join(OUTLINE_SUFFIXES)})")
        path = self.root.joinpath(*pure.parts)
        real = path.resolve()
        if not real.is_relative_to(self.root) or real.suffix.lower() not in OUTLINE_SUFFIXES:
            raise Refused(f"{relative}: leads outside the served folder")
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
            if not path.resolve().is_relative_to(self.root) or not path.is_file():
                return False
            with path.open("rb") as handle:
                head = handle.read(64 * 1024)
        except OSError:
            return False
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            head = head.decode("utf-16", "ignore").encode("utf-8")
        return bool(_OUTLINE_MARK.search(head))

    def read(self, relative: str) -> Stored:
        path = self.locate(relative)
        raw = self._raw(path, relative)
        if raw is None:
            raise Missing(f"{relative} does not exist")
        return Stored(relative, decode_text(raw, relative), version_of(raw))

    def version(self, relative: str) -> str | None:
        """The version of the file on disk now (None when it does not exist)."""
        raw = self._raw(self.locate(relative), relative)
        return None if raw is None else version_of(raw)

    def save(self, relative: str, text: str, base: str | None, *, force: bool = False) -> str:
        """Write `text` over the file the page read as version `base` (None: a new file);
        Changed when the file on disk is no longer that version, unless `force`."""
        path = self.locate(relative)
        with self._writing:
            raw = self._raw(path, relative)
            current = None if raw is None else version_of(raw)
            if current != base and not force:
                raise Changed(f"{relative} was changed on disk after it was opened", current)
            data = encode_like(text, raw)
            if len(data) > MAX_OUTLINE_BYTES:
                raise TooLarge(f"{relative}: an outline is at most {_megabytes()} MB")
            write_atomic(path, data)
            return version_of(data)

    def create(self, relative: str, data: bytes, command: str) -> Stored:
        """A new file (a skeleton, an extracted speech); never over an existing one."""
        path = self.locate(relative)
        if not path.parent.is_dir():
            raise Missing(f"the folder of {relative} does not exist")
        with self._writing:
            write_new(path, data, command=command)
        return self.read(relative)

    def free_name(self, stem: str, folder: str = "") -> str:
        """A name for a new outline from `stem` that no file has yet: 去年讲话.yaml, then
        去年讲话-2.yaml …"""
        stem = safe_stem(stem) or "提纲"
        prefix = f"{folder.strip('/')}/" if folder.strip("/") else ""
        for number in range(1, 1000):
            name = f"{prefix}{stem}{'' if number == 1 else f'-{number}'}.yaml"
            if not self.locate(name).exists():
                return name
        raise Refused(f"too many outlines named {stem}")

    @staticmethod
    def _raw(path: Path, relative: str) -> bytes | None:
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            return None
        except OSError as err:
            raise Refused(f"{relative}: {err.strerror}") from None
        if not path.is_file():
            raise Refused(f"{relative} is not a file")
        if size > MAX_OUTLINE_BYTES:
            raise TooLarge(f"{relative}: an outline is at most {_megabytes()} MB")
        return path.read_bytes()


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


def _megabytes() -> int:
    return MAX_OUTLINE_BYTES // 1024 // 1024
