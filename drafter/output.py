"""Where drafts go and how they are written: planned before any work, written atomically.

A draft is written to a temporary file in the destination folder and then moved over the final
name, so an interrupted or failed render never leaves a partial file and never destroys last
week's draft; a draft the user may not write is not replaced. While the temporary file exists,
SIGTERM and SIGHUP stop drafter as Ctrl-C does (the file is removed); once the draft is in
place, any of the three waits until the write is complete. drafter refuses to write over any
file a render reads (the outline, its tables, the office's template, settings, templates and
library entries), whatever name reaches it: a symlink or a hard link is the same file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType

from drafter.decoding import STDIN, special_kind
from drafter.errors import OutputError, UsageError, listed, os_reason
from drafter.i18n import _, ngettext
from drafter.writers import FORMATS, SUFFIXES

STDOUT = Path("-")  # -o - : the result goes to standard output
Identity = tuple[int, int]  # a file's device and inode: what all its names share


@dataclass(frozen=True)
class Job:
    """One outline to render: where from, where to, in which format."""

    source: Path
    target: Path
    format: str
    make_folder: bool = False  # -o out/ names a folder drafter may create


class DiskFull(OutputError):
    """A write failed for want of space (a full disk, a used-up quota); nothing was written."""


class Terminated(BaseException):
    """SIGTERM or SIGHUP while a draft was being written (Ctrl-C raises KeyboardInterrupt)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class InterruptedAfterWrite(KeyboardInterrupt):
    """Ctrl-C, SIGTERM or SIGHUP that came once `target` was complete: the draft is written,
    and the caller decides whether to go on."""

    def __init__(self, signum: int, target: Path) -> None:
        super().__init__(f"{signal.Signals(signum).name} after {target} was written")
        self.signum = signum
        self.target = target

    def interruption(self) -> BaseException:
        """The exception the signal raises when nothing was just written."""
        return _interruption(self.signum)


def _interruption(signum: int) -> BaseException:
    return KeyboardInterrupt() if signum == signal.SIGINT else Terminated(signum)


def looks_like_folder(output: str) -> bool:
    """-o out/ (or an existing folder) names a folder; anything else a file."""
    # os.path.isdir: a path that cannot be looked at (too long, no access) is not a folder,
    # and writing there fails later with the reason
    return output.endswith(("/", os.sep)) or os.path.isdir(output)


def choose_format(fmt: str | None, output: Path | None, folder: bool) -> str:
    """--format wins; else the suffix of -o; else docx. A clash between the two is an error."""
    suffix_format = None if (output is None or folder) else SUFFIXES.get(output.suffix.lower())
    if fmt is None:
        return suffix_format or "docx"
    if fmt not in FORMATS:
        message = _("unknown format '{format}'; formats: {formats}")
        raise UsageError(message.format(format=fmt, formats=listed(FORMATS)))
    if suffix_format and suffix_format != fmt:
        message = _("--format {format} does not match the output name {output}")
        raise UsageError(message.format(format=fmt, output=output))
    return fmt


def plan(
    sources: Sequence[Path],
    output: str | None,
    fmt: str | None,
    reads: Iterable[tuple[Path, str]] = (),
) -> list[Job]:
    """Decide every target before anything is rendered; refuse clashes and overwriting inputs
    (the outlines, and `reads`: other files every job reads, each with what it is). `output`
    is -o as typed (a trailing / makes it a folder)."""
    if not sources:
        raise UsageError(_("no outline given"))
    if STDIN in sources and len(sources) > 1:
        raise UsageError(_("an outline read from standard input (-) is rendered on its own"))
    if output is not None and not output.strip():  # -o "" from a script's empty variable
        raise UsageError(_("-o names no file: give a file, a folder/ or - (standard output)"))
    if output == "-" or (output is None and STDIN in sources):
        return [_to_stdout(sources, fmt)]
    out = Path(output) if output else None
    folder = out is not None and (len(sources) > 1 or looks_like_folder(str(output)))
    if out is not None and len(sources) > 1 and os.path.exists(out) and not os.path.isdir(out):
        message = _("{count} outlines cannot all be written to the file {file}")
        raise UsageError(message.format(count=len(sources), file=out))
    chosen = choose_format(fmt, out, folder)
    suffix = FORMATS[chosen].suffix
    jobs = []
    for source in sources:
        if out is None:
            target = source.with_suffix(suffix)
        elif folder:
            if source == STDIN:
                message = _("an outline from standard input needs a file name: -o {folder}/NAME")
                raise UsageError(message.format(folder=out))
            target = out / (source.stem + suffix)
        else:
            target = out
        jobs.append(Job(source, target, chosen, make_folder=folder))
    _refuse_clashes(jobs)
    inputs = identities(
        [*((job.source, _("the outline")) for job in jobs if job.source != STDIN), *reads]
    )
    for job in jobs:
        refuse_inputs(job.target, inputs)
    for job in jobs:  # a FIFO or device is refused before any work
        with contextlib.suppress(OSError):  # what cannot be looked at is reported on writing
            _through_links(job.target, strict=False)
    return jobs


def _to_stdout(sources: Sequence[Path], fmt: str | None) -> Job:
    """The one job of -o - (or of an outline read from standard input without -o)."""
    if len(sources) > 1:
        message = _("standard output takes one draft, not {count}; use -o FOLDER/")
        raise UsageError(message.format(count=len(sources)))
    chosen = choose_format(fmt, None, False)
    if FORMATS[chosen].binary and sys.stdout.isatty():
        message = _(
            "a {suffix} draft is not for the terminal: redirect standard output "
            "(> draft.docx), or give -o FILE, or --format txt or md"
        )
        raise UsageError(message.format(suffix=FORMATS[chosen].suffix))
    return Job(sources[0], STDOUT, chosen)


def _refuse_clashes(jobs: list[Job]) -> None:
    seen: dict[str, Path] = {}
    for job in jobs:
        key = path_key(job.target)
        if key in seen:
            message = _(
                "{first} and {second} would both be written to {target}; "
                "give them different names or folders"
            )
            raise UsageError(message.format(first=seen[key], second=job.source, target=job.target))
        seen[key] = job.source


def path_key(path: Path) -> str:
    """What every spelling of one path shares (symlinks followed), even before it exists."""
    return os.path.normcase(str(path.resolve()))


def identity(path: Path) -> Identity | None:
    """What every name of one file shares (symlinks followed, hard links alike): its device
    and inode; None for a path that cannot be looked at (or a file system without inodes)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino) if info.st_ino else None


def identities(files: Iterable[tuple[Path, str]]) -> dict[Identity, tuple[Path, str]]:
    """Files a render reads, each with what it is ("the outline", "the table 'stats'" …), by
    identity; the first name given for a file is the one messages use."""
    found: dict[Identity, tuple[Path, str]] = {}
    for path, what in files:
        key = identity(path)
        if key is not None:
            found.setdefault(key, (path, what))
    return found


def refuse_inputs(target: Path, inputs: Mapping[Identity, tuple[Path, str]]) -> None:
    """Refuse to write `target` when it is one of the files the render reads, under that name,
    through a symlink or as a hard link of it."""
    key = identity(target) if target != STDOUT else None
    if key is None or key not in inputs:
        return
    path, what = inputs[key]
    if _spelled(path) == _spelled(target):
        message = _("refusing to write over {what}, {path}: this render reads it")
        raise UsageError(message.format(what=what, path=path))
    message = _(
        "refusing to write {target}: it is {what}, {path} (a symlink or hard link to it), "
        "which this render reads"
    )
    raise UsageError(message.format(target=target, what=what, path=path))


def _spelled(path: Path) -> str:
    """A path as named, made absolute (symlinks not followed)."""
    return os.path.normcase(os.path.abspath(path))


def write_new(
    target: Path,
    data: bytes,
    *,
    command: str,
    source: Path | None = None,
    make_folder: bool = False,
) -> None:
    """Write a file that must not exist yet (`drafter new`, `extract`, `eject` never overwrite)."""
    if source is not None and path_key(target) == path_key(source):
        message = _("refusing to write over {source}, the file drafter {command} reads")
        raise UsageError(message.format(source=source, command=command))
    if target.exists():
        message = _("{target} already exists; drafter {command} never overwrites a file")
        raise UsageError(message.format(target=target, command=command))
    write_atomic(target, data, make_folder=make_folder)


def prepare_folder(folder: Path) -> list[Path]:
    """Create an output folder the writer asked for (-o out/); returns the folders created,
    deepest first, so a write that fails can take them away again."""
    created = []
    missing = folder
    while not os.path.exists(missing) and missing != missing.parent:
        created.append(missing)
        missing = missing.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        message = _("cannot create the folder {folder}: {reason}")
        raise OutputError(message.format(folder=folder, reason=_reason(err))) from None
    return created


def _remove_folders(created: list[Path]) -> None:
    for folder in created:
        try:
            folder.rmdir()
        except OSError:  # something else is in it now
            return


def deliver(target: Path, data: bytes, *, make_folder: bool = False) -> list[str]:
    """Write a result to its file (atomically) or to standard output; notes for the writer."""
    if target == STDOUT:
        stream = sys.stdout.buffer
        stream.write(data)
        stream.flush()
        return []
    return write_atomic(target, data, make_folder=make_folder)


def write_atomic(
    target: Path,
    data: bytes,
    *,
    make_folder: bool = False,
    before_replace: Callable[[], None] | None = None,
) -> list[str]:
    """Write `data` to `target` through a temporary file in the same folder, then replace.
    `before_replace` runs once the data is on disk, just before it replaces the target, and
    may raise to give up (the temporary file is removed). A folder created for it is removed
    again if the write fails. Returns notes for the writer (a hard-linked draft replaced by a
    new file)."""
    target, notes = _through_links(target)
    created = prepare_folder(target.parent) if make_folder else []
    try:
        _check_target(target)
        _write_and_replace(target, data, before_replace)
        return notes
    except InterruptedAfterWrite:  # the draft is written: its folder stays
        raise
    except BaseException:
        _remove_folders(created)
        raise


def _check_target(target: Path) -> None:
    """Refuse before writing: a missing folder, a folder in the way, a draft not ours to write."""
    folder = target.parent
    try:
        if not folder.is_dir():
            message = _("cannot write {target}: the folder {folder} does not exist")
            raise OutputError(message.format(target=target, folder=folder))
        if target.is_dir():
            raise OutputError(
                _("cannot write {target}: a folder has that name").format(target=target)
            )
        if target.exists() and not target.stat().st_mode & 0o222:
            msg = _("cannot write {target}: the file is read-only (someone protected it)")
            raise OutputError(msg.format(target=target))
        if target.exists() and _read_only_disk(folder):
            raise OutputError(_cannot_write(target, OSError(errno.EROFS, "")))
        if target.exists() and not os.access(target, os.W_OK):
            msg = _("cannot write {target}: you may not change this file (it is someone else's)")
            raise OutputError(msg.format(target=target))
    except OSError as err:
        raise OutputError(_cannot_write(target, err)) from None


def _read_only_disk(folder: Path) -> bool:
    """Whether `folder` is on a file system mounted read-only (a CD, a locked USB stick)."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): the write itself says
        return False


def _write_and_replace(
    target: Path, data: bytes, before_replace: Callable[[], None] | None = None
) -> None:
    handle = None
    with _SignalGuard() as guard:
        try:
            handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, kept for cleanup
                dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
            )
            with handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(handle.name, _mode_for(target))
            if before_replace is not None:
                before_replace()
            guard.holding = True  # from here on a signal waits: the draft is about to be whole
            os.replace(handle.name, target)
        except BaseException as err:
            if handle is not None:
                with contextlib.suppress(OSError):
                    os.unlink(handle.name)
            if guard.pending is not None:  # a signal came while the replace failed
                raise _interruption(guard.pending) from None
            if isinstance(err, OSError):
                full = err.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
                raise (DiskFull if full else OutputError)(_cannot_write(target, err)) from None
            raise
    if guard.pending is not None:
        raise InterruptedAfterWrite(guard.pending, target)


class _SignalGuard:
    """While a draft is written, SIGTERM and SIGHUP raise `Terminated` as Ctrl-C raises
    KeyboardInterrupt (so the temporary file is removed); with `holding` set, a signal is kept
    in `pending` instead. Handlers someone else set (or SIG_IGN, as nohup sets) are left alone;
    outside the main thread Python allows no handlers, so nothing changes."""

    def __init__(self) -> None:
        self.holding = False
        self.pending: int | None = None
        self._previous: dict[int, object] = {}

    def __enter__(self) -> _SignalGuard:
        if threading.current_thread() is not threading.main_thread():
            return self
        for signum in _GUARDED:
            if signal.getsignal(signum) in (signal.default_int_handler, signal.SIG_DFL):
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.holding:
            self.pending = self.pending or signum
            return
        raise _interruption(signum)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)  # type: ignore[arg-type]


_GUARDED = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _through_links(target: Path, *, strict: bool = True) -> tuple[Path, list[str]]:
    """Where a draft really goes: through a symlink to its target (the link stays a link); a
    FIFO, socket or device is refused; a file with other hard links is replaced by a new file
    (the other names keep the previous draft), which the returned note says. A path that
    cannot be looked at is an OutputError (an OSError with `strict=False`)."""
    try:
        real = Path(os.path.realpath(target)) if target.is_symlink() else target
        status = real.stat()
    except FileNotFoundError:
        return Path(os.path.realpath(target)) if os.path.islink(target) else target, []
    except OSError as err:  # a folder that cannot be searched, a name too long …
        if not strict:
            raise
        raise OutputError(_cannot_write(target, err)) from None
    if not (stat.S_ISREG(status.st_mode) or stat.S_ISDIR(status.st_mode)):
        message = _(
            "cannot write {target}: it is {kind}, not a file "
            "(to write to standard output, use -o -)"
        )
        raise OutputError(message.format(target=target, kind=special_kind(status.st_mode)))
    notes = []
    if stat.S_ISREG(status.st_mode) and status.st_nlink > 1:
        others = status.st_nlink - 1
        note = ngettext(
            "{target} had {count} other hard link; it was replaced by a new file, and the "
            "other names keep the previous draft",
            "{target} had {count} other hard links; it was replaced by a new file, and the "
            "other names keep the previous draft",
            others,
        )
        notes.append(note.format(target=target, count=others))
    return real, notes


def _mode_for(target: Path) -> int:
    """The replaced draft keeps its permissions; a new one gets what a plain write would give
    (temporary files are private, which would hide a draft from colleagues on a shared drive)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _cannot_write(target: Path, err: OSError) -> str:
    return _("cannot write {target}: {reason}").format(target=target, reason=_reason(err))


def _reason(err: OSError) -> str:
    """Why a draft could not be written, as a writer can act on it."""
    if err.errno == errno.ENOSPC:
        return _("the disk is full")
    if err.errno == getattr(errno, "EDQUOT", None):
        return _("your disk quota is used up")
    if err.errno in (errno.EACCES, errno.EPERM):
        return _("permission denied (is the file open in Word or WPS, or the folder read-only?)")
    if err.errno == errno.EROFS:
        return _("the disk is read-only")
    return os_reason(err)
