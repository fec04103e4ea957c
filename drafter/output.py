"""Where drafts go and how they are written: planned before any work, written atomically.

A draft is written to a temporary file in the destination folder and then moved over the final
name, so an interrupted or failed render never leaves a partial file and never destroys last
week's draft. drafter refuses to write over its own inputs.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from drafter.decoding import STDIN
from drafter.errors import OutputError, UsageError
from drafter.writers import FORMATS, SUFFIXES

STDOUT = Path("-")  # -o - : the result goes to standard output


@dataclass(frozen=True)
class Job:
    """One outline to render: where from, where to, in which format."""

    source: Path
    target: Path
    format: str
    make_folder: bool = False  # -o out/ names a folder drafter may create


def looks_like_folder(output: str) -> bool:
    """-o out/ (or an existing folder) names a folder; anything else a file."""
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def choose_format(fmt: str | None, output: Path | None, folder: bool) -> str:
    """--format wins; else the suffix of -o; else docx. A clash between the two is an error."""
    suffix_format = None if (output is None or folder) else SUFFIXES.get(output.suffix.lower())
    if fmt is None:
        return suffix_format or "docx"
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}'; formats: {', '.join(FORMATS)}")
    if suffix_format and suffix_format != fmt:
        raise UsageError(f"--format {fmt} does not match the output name {output}")
    return fmt


def plan(sources: Sequence[Path], output: str | None, fmt: str | None) -> list[Job]:
    """Decide every target before anything is rendered; refuse clashes and overwriting inputs.
    `output` is -o as typed (a trailing / makes it a folder)."""
    if not sources:
        raise UsageError("no outline given")
    if STDIN in sources and len(sources) > 1:
        raise UsageError("an outline read from standard input (-) is rendered on its own")
    if output == "-" or (output is None and STDIN in sources):
        return [_to_stdout(sources, fmt)]
    out = Path(output) if output else None
    folder = out is not None and (len(sources) > 1 or looks_like_folder(str(output)))
    if out is not None and len(sources) > 1 and out.exists() and not out.is_dir():
        raise UsageError(f"{len(sources)} outlines cannot all be written to the file {out}")
    chosen = choose_format(fmt, out, folder)
    suffix = FORMATS[chosen].suffix
    jobs = []
    for source in sources:
        if out is None:
            target = source.with_suffix(suffix)
        elif folder:
            if source == STDIN:
                raise UsageError(f"an outline from standard input needs a file name: -o {out}/NAME")
            target = out / (source.stem + suffix)
        else:
            target = out
        jobs.append(Job(source, target, chosen, make_folder=folder))
    _refuse_clashes(jobs)
    for job in jobs:
        _through_links(job.target)  # a FIFO or device is refused before any work
    return jobs


def _to_stdout(sources: Sequence[Path], fmt: str | None) -> Job:
    """The one job of -o - (or of an outline read from standard input without -o)."""
    if len(sources) > 1:
        raise UsageError(f"standard output takes one draft, not {len(sources)}; use -o FOLDER/")
    chosen = choose_format(fmt, None, False)
    if FORMATS[chosen].binary and sys.stdout.isatty():
        raise UsageError(
            f"a {FORMATS[chosen].suffix} draft is not for the terminal: redirect standard output "
            "(> draft.docx), or give -o FILE, or --format txt or md"
        )
    return Job(sources[0], STDOUT, chosen)


def _refuse_clashes(jobs: list[Job]) -> None:
    sources = {_key(job.source) for job in jobs if job.source != STDIN}
    seen: dict[str, Path] = {}
    for job in jobs:
        key = _key(job.target)
        if key in sources:
            raise UsageError(f"refusing to write over the outline {job.source} (name another -o)")
        if key in seen:
            raise UsageError(
                f"{seen[key]} and {job.source} would both be written to {job.target}; "
                "give them different names or folders"
            )
        seen[key] = job.source


def _key(path: Path) -> str:
    return os.path.normcase(str(path.resolve()))


def write_new(
    target: Path,
    data: bytes,
    *,
    command: str,
    source: Path | None = None,
    make_folder: bool = False,
) -> None:
    """Write a file that must not exist yet (`drafter new`, `extract`, `eject` never overwrite)."""
    if source is not None and _key(target) == _key(source):
        raise UsageError(f"refusing to write over {source}, the file drafter {command} reads")
    if target.exists():
        raise UsageError(f"{target} already exists; drafter {command} never overwrites a file")
    write_atomic(target, data, make_folder=make_folder)


def prepare_folder(folder: Path) -> None:
    """Create an output folder the writer asked for (-o out/)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create the folder {folder}: {_reason(err)}") from None


def deliver(target: Path, data: bytes, *, make_folder: bool = False) -> list[str]:
    """Write a result to its file (atomically) or to standard output; notes for the writer."""
    if target == STDOUT:
        stream = sys.stdout.buffer
        stream.write(data)
        stream.flush()
        return []
    return write_atomic(target, data, make_folder=make_folder)


def write_atomic(target: Path, data: bytes, *, make_folder: bool = False) -> list[str]:
    """Write `data` to `target` through a temporary file in the same folder, then replace.
    Returns notes for the writer (a hard-linked draft replaced by a new file)."""
    target, notes = _through_links(target)
    folder = target.parent
    if make_folder:
        prepare_folder(folder)
    if not folder.is_dir():
        raise OutputError(f"cannot write {target}: the folder {folder} does not exist")
    if target.is_dir():
        raise OutputError(f"cannot write {target}: a folder has that name")
    if target.exists() and not target.stat().st_mode & 0o222:
        raise OutputError(f"cannot write {target}: the file is read-only (someone protected it)")
    handle = None
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, kept for cleanup
            dir=folder, prefix=f".{target.name}.", suffix=".tmp", delete=False
        )
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, _mode_for(target))
        os.replace(handle.name, target)
        return notes
    except OSError as err:
        if handle is not None:
            with contextlib.suppress(OSError):
                os.unlink(handle.name)
        raise OutputError(f"cannot write {target}: {_reason(err)}") from None
    except BaseException:
        if handle is not None:
            with contextlib.suppress(OSError):
                os.unlink(handle.name)
        raise


def _through_links(target: Path) -> tuple[Path, list[str]]:
    """Where a draft really goes: through a symlink to its target (the link stays a link); a
    FIFO, socket or device is refused; a file with other hard links is replaced by a new file
    (the other names keep the previous draft), which the returned note says."""
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    try:
        status = real.stat()
    except FileNotFoundError:
        return real, []
    except OSError as err:
        raise OutputError(f"cannot write {target}: {_reason(err)}") from None
    if not (stat.S_ISREG(status.st_mode) or stat.S_ISDIR(status.st_mode)):
        raise OutputError(
            f"cannot write {target}: it is {_special_kind(status.st_mode)}, not a file "
            "(to write to standard output, use -o -)"
        )
    notes = []
    if stat.S_ISREG(status.st_mode) and status.st_nlink > 1:
        others = status.st_nlink - 1
        notes.append(
            f"{target} had {others} other hard link{'s' if others > 1 else ''}; it was "
            "replaced by a new file, and the other names keep the previous draft"
        )
    return real, notes


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def _mode_for(target: Path) -> int:
    """The replaced draft keeps its permissions; a new one gets what a plain write would give
    (temporary files are private, which would hide a draft from colleagues on a shared drive)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _reason(err: OSError) -> str:
    if err.errno == errno.ENOSPC:
        return "the disk is full"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (is the file open in Word or WPS, or the folder read-only?)"
    if err.errno == errno.EROFS:
        return "the disk is read-only"
    return err.strerror or str(err)
