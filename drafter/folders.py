"""Files drafter reads from template, library and style folders, bounded and kept inside.

A file there must be a regular file inside its folder once symlinks are resolved: a symlink
leading out of the folder, a pipe (which would hang every command) or a device (`/dev/zero`,
which never ends) is refused with a message naming it. A folder is scanned with a bound on the
files and folders looked at, so a folder given by mistake (`/`, `~`) is refused, not read.
"""

from __future__ import annotations

import os
import stat
from fnmatch import fnmatchcase
from pathlib import Path

from drafter.decoding import NotAFile, cannot_read, read_regular
from drafter.errors import Location, Problem, SourceError
from drafter.i18n import N_, _

MAX_FOLDER_ENTRIES = 5_000  # files and folders looked at in one template or library folder
MAX_FILE_BYTES = 1_000_000  # one template, library entry or style profile
MAX_FOLDER_BYTES = 20_000_000  # the files one scan of a folder finds, together


# Where a kind or library entry comes from when drafter ships it (shown translated, kept in JSON).
BUILT_IN = N_("built-in")


def _refuse(path: Path, message: str) -> SourceError:
    return SourceError(problems=[Problem(message, Location(str(path)), rule="folder")])


def checked_file(folder: Path, path: Path) -> Path:
    """`path` resolved, if it is a regular file inside `folder` of a readable size."""
    try:
        real = path.resolve()
        root = folder.resolve()
        info = real.stat()
    except OSError as err:
        raise _refuse(path, cannot_read(err)) from None
    if not real.is_relative_to(root):
        message = _("refused: it leads outside the folder {folder} (to {target})")
        raise _refuse(path, message.format(folder=folder, target=real))
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(path, _not_regular())
    if info.st_size > MAX_FILE_BYTES:
        message = _("refused: {size} bytes; such a file holds at most {most}")
        raise _refuse(path, message.format(size=f"{info.st_size:,}", most=f"{MAX_FILE_BYTES:,}"))
    return real


def read_folder_file(folder: Path, path: Path) -> bytes:
    """The bytes of a file in a template, library or style folder (see `checked_file`), opened
    without waiting on it."""
    real = checked_file(folder, path)
    try:
        data = read_regular(real, MAX_FILE_BYTES)
    except NotAFile:  # swapped for a pipe since it was looked at
        raise _refuse(path, _not_regular()) from None
    except OSError as err:
        raise _refuse(path, cannot_read(err)) from None
    if len(data) > MAX_FILE_BYTES:  # it grew since it was looked at
        message = _("refused: more than {most} bytes").format(most=f"{MAX_FILE_BYTES:,}")
        raise _refuse(path, message)
    return data


def _not_regular() -> str:
    return _("refused: not a regular file (a pipe, a device or a socket)")


def folder_files(folder: Path, pattern: str, *, recursive: bool) -> list[Path]:
    """Files in `folder` (and below, if `recursive`) whose names match `pattern`, sorted; a
    missing folder has none. Symlinked folders are not followed."""
    found: list[Path] = []
    seen = 0
    for top, folders, files in os.walk(folder):
        seen += len(folders) + len(files)
        if seen > MAX_FOLDER_ENTRIES:
            message = _(
                "refused: holds more than {most} files and folders; "
                "name the folder that holds only your templates or entries"
            )
            raise _refuse(folder, message.format(most=f"{MAX_FOLDER_ENTRIES:,}"))
        found += [Path(top, name) for name in files if fnmatchcase(name, pattern)]
        if not recursive:
            break
    if sum(_size(path) for path in found) > MAX_FOLDER_BYTES:
        message = _(
            "refused: its {pattern} files hold more than {most} bytes together; "
            "name the folder that holds only your templates or entries"
        )
        raise _refuse(folder, message.format(pattern=pattern, most=f"{MAX_FOLDER_BYTES:,}"))
    return sorted(found)


def every_file(folder: Path) -> list[Path]:
    """Every file in `folder` and below (symlinked folders not followed), among the first
    MAX_FOLDER_ENTRIES files and folders looked at; none for a missing folder."""
    found: list[Path] = []
    seen = 0
    for top, folders, files in os.walk(folder):
        seen += len(folders) + len(files)
        found += [Path(top, name) for name in files]
        if seen > MAX_FOLDER_ENTRIES:
            break
    return found


def _size(path: Path) -> int:
    """A file's size without opening it (a pipe or a device counts as empty)."""
    try:
        info = path.stat()
    except OSError:
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0
