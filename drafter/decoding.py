"""Bytes → text for every file drafter reads: outlines, office settings, library entries, speeches.

UTF-8 (with or without BOM) and UTF-16 with BOM are recognised; anything else is tried as
GB18030/GBK (what Windows Notepad and WPS save). A UTF-8 file with one damaged byte is reported at
that byte rather than misread as GBK; so is a UTF-16 file cut short or holding half a character.
A file that reads as GB18030 only as rare characters (Big5, Shift-JIS …) is named for what it
likely is (charset-normalizer guesses, imported only then) and `--encoding` is asked for.
Every failure is a `SourceError` at file:line:col. No file is read past `MAX_INPUT_BYTES`, and
only regular files are read: a named pipe, a device or a socket is refused without waiting on it.
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import errno
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from drafter.errors import Location, Problem, SourceError, os_reason
from drafter.i18n import _

MAX_INPUT_BYTES = 128 * 1024 * 1024  # any one file drafter reads (outline, speech, .docx)
# GB18030 text with more than 1 in RARE_SHARE of its characters outside GB2312 (the common
# simplified characters, with kana, Greek and Cyrillic) may be another encoding misread
RARE_SHARE = 20
_GB_FAMILY = {"gb18030", "gbk", "gb2312", "hz", "cp936"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# encodings an office's file may be in (a guess of another, for text this short, is noise)
_NAMED = ("big5", "cp950", "cp932", "shift_jis", "euc_jp", "euc_kr", "cp949", "utf_16", "utf_32")


def decode_text(raw: bytes, file: str, encoding: str | None = None) -> str:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030/GBK."""
    if encoding:
        return _decode_as(raw, file, encoding)
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = _("UTF-16 (the file begins with its byte-order mark)")
        return _decode_as(raw, file, "utf-16", name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        line, column = _position(raw[: utf8_error.start].decode("utf-8", "replace"))
        if _mostly_utf8(raw):
            # A UTF-8 file with a damaged byte: reading it as GBK would garble every character.
            msg = _(
                "byte {byte} is not valid UTF-8 (the rest of the file is); "
                "delete or retype the character here, or name the file's encoding with --encoding"
            ).format(byte=f"0x{raw[utf8_error.start]:02x}")
            raise SourceError(problems=[_problem(file, line, column, msg)]) from None
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            msg = _("the file is neither UTF-8 nor GB18030/GBK; {ask}").format(
                ask=_ask_encoding(_guess(raw))
            )
            raise SourceError(problems=[_problem(file, line, column, msg)]) from None
        _refuse_misread(raw, text, file)
        return text


def _refuse_misread(raw: bytes, text: str, file: str) -> None:
    """A GB18030 reading made of rare characters is another encoding (Big5 reads as GB18030
    without an error, as 瞏てэ承): ask for --encoding, naming the likely one. Counted with the
    codecs (C speed), so a large file costs little unless it looks misread."""
    plain = len(text.encode("ascii", "ignore"))
    wide = len(text) - plain
    common = (len(text.encode("gb2312", "ignore")) - plain) // 2  # two bytes each
    rare = wide - common + len(_CONTROL.findall(text))
    if not rare or rare * RARE_SHARE <= wide:
        return
    guess = _guess(raw)
    if guess.replace("_", "") in _GB_FAMILY:
        return  # traditional characters saved as GBK: the reading is right
    found = _rare_characters(text)
    line, column = _position(text[: found[0]]) if found else (0, 0)
    sample = "".join(char for i in found if unicodedata.category(char := text[i])[0] != "C")
    if sample:
        msg = _(
            "the file does not read as UTF-8 or GB18030 (it would read as {sample}…); {ask}"
        ).format(sample=sample[:6], ask=_ask_encoding(guess))
    else:
        msg = _("the file does not read as UTF-8 or GB18030; {ask}").format(
            ask=_ask_encoding(guess)
        )
    raise SourceError(problems=[_problem(file, line, column, msg)])


def _guess(raw: bytes) -> str:
    """The encoding charset-normalizer finds most likely ('' when it finds none); imported only
    for a file that does not read as UTF-8 or GB18030."""
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    return best.encoding.lower() if best is not None else ""


def _ask_encoding(guess: str) -> str:
    if guess.startswith(_NAMED):
        return _(
            "it looks like {encoding}: name it with --encoding {encoding}, or save it as UTF-8"
        ).format(encoding=guess)
    return _("save it as UTF-8, or name its encoding with --encoding")


def _rare_characters(text: str, most: int = 6) -> list[int]:
    """Where the first few characters outside GB2312 (or control characters) stand."""
    found: list[int] = []
    start = 0
    for line in text.splitlines(keepends=True):
        try:
            line.encode("gb2312")
            bad = bool(_CONTROL.search(line))
        except UnicodeEncodeError:
            bad = True
        if bad:
            for offset, char in enumerate(line):
                if _CONTROL.match(char) or not _in_gb2312(char):
                    found.append(start + offset)
                    if len(found) == most:
                        return found
        start += len(line)
    return found


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _decode_as(raw: bytes, file: str, encoding: str, name: str | None = None) -> str:
    """Bytes in a named encoding; a byte that does not fit is reported at its line and column."""
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        msg = _("unknown encoding '{encoding}'").format(encoding=encoding)
        raise SourceError(problems=[_problem(file, 0, 0, msg)]) from None
    if not getattr(codec, "_is_text_encoding", True):
        msg = _("'{encoding}' is not an encoding of text; name one such as gb18030 or big5")
        msg = msg.format(encoding=encoding)
        raise SourceError(problems=[_problem(file, 0, 0, msg)]) from None
    try:
        return codec.decode(raw)[0]
    except UnicodeError as err:  # UnicodeDecodeError, or a codec (idna) that only says no
        name = name or encoding
        start = getattr(err, "start", None)
        if start is None:
            msg = _("the file cannot be read as {encoding}; check --encoding").format(encoding=name)
            raise SourceError(problems=[_problem(file, 0, 0, msg)]) from None
        try:
            line, column = _position(codec.decode(raw[:start], "replace")[0])
        except UnicodeError:
            line, column = 0, 0
        reason = getattr(err, "reason", "")
        if reason == "truncated data":
            msg = _("not valid {encoding}: the file ends in the middle of a character")
        elif "surrogate" in reason:
            msg = _("not valid {encoding}: half of a character here (a lone surrogate)")
        else:
            msg = _("not valid {encoding} here (byte {byte}); check --encoding")
        msg = msg.format(encoding=name, byte=f"0x{raw[start]:02x}")
        raise SourceError(problems=[_problem(file, line, column, msg)]) from None


def _mostly_utf8(raw: bytes) -> bool:
    """Whether nearly all of the non-ASCII text is valid UTF-8 (a few bad bytes at most)."""
    text = raw.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for char in text if ord(char) > 0x7F and char != "\ufffd")
    return good >= 4 and bad * 20 <= good


STDIN = Path("-")  # an outline read from standard input (the CLI passes a file named - as ./-)


def source_name(path: Path) -> str:
    """How messages name a file: standard input is <stdin>."""
    return "<stdin>" if path == STDIN else str(path)


def read_bytes(path: Path) -> bytes:
    """A file's bytes (or standard input's, for STDIN); a missing, unreadable, oversized or
    special file (a pipe, a device) is a SourceError naming it."""
    if path == STDIN:
        return read_stdin()
    try:
        raw = read_allowed(path, MAX_INPUT_BYTES)
    except FileNotFoundError:
        raise SourceError(problems=[_problem(str(path), 0, 0, _("no such file"))]) from None
    except IsADirectoryError:
        msg = _("is a folder, not a file")
        raise SourceError(problems=[_problem(str(path), 0, 0, msg)]) from None
    except NotAFile as err:
        msg = _("{reason}; to read standard input, give -").format(reason=err.strerror)
        raise SourceError(problems=[_problem(str(path), 0, 0, msg)]) from None
    except OSError as err:
        msg = not_read(err)
        raise SourceError(problems=[_problem(str(path), 0, 0, msg)]) from None
    if len(raw) > MAX_INPUT_BYTES:
        msg = _("more than {megabytes} MB; drafter reads no larger file").format(
            megabytes=MAX_INPUT_BYTES // 1024 // 1024
        )
        raise SourceError(problems=[_problem(str(path), 0, 0, msg)])
    return raw


def not_read(err: OSError) -> str:
    """Why a file could not be read: refused where reading is `confined` (its reason, as
    the confinement gives it), or what the system says."""
    if isinstance(err, PermissionError) and confined_now():
        return _("not read: {reason}").format(reason=err.strerror)
    return cannot_read(err)


def cannot_read(err: OSError) -> str:
    """Why a file could not be read, as the system says it."""
    return _("cannot read: {reason}").format(reason=os_reason(err))


class NotAFile(OSError):
    """A named pipe, a device or a socket where drafter reads a file (`strerror` says which)."""


def special_kind(mode: int) -> str:
    """What a file that is not a regular file or a folder is, for messages."""
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("a device")


# Opening never waits: a FIFO with no writer would block open() itself.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def read_allowed(path: Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes of the regular file at `path`, where drafter may read now
    (`confined`: a PermissionError outside the folder); OSError as `read_regular` says."""
    confinement = _CONFINED.get()
    if confinement and not Path(os.path.realpath(path)).is_relative_to(confinement[0]):
        raise PermissionError(errno.EACCES, confinement[1], str(path))
    return read_regular(path, limit)


def read_regular(path: Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes of the regular file at `path` (see `open_regular`)."""
    with open_regular(path) as handle:
        return handle.read(limit + 1)


def open_regular(path: Path) -> BinaryIO:
    """The regular file at `path` (symlinks followed), open for reading. Its kind is looked at
    before it is opened (a device is never opened) and again once it is open (without
    waiting), so a pipe swapped in between is refused as well. Raises OSError: `NotAFile` for
    a pipe, device or socket, IsADirectoryError for a folder."""
    _regular(os.stat(path).st_mode, path)
    handle = open(os.open(path, _OPEN_FLAGS), "rb", closefd=True)  # noqa: SIM115 - returned
    try:
        _regular(os.fstat(handle.fileno()).st_mode, path)
    except BaseException:
        handle.close()
        raise
    return handle


@contextlib.contextmanager
def confined(folder: Path, why: str) -> Iterator[None]:
    """Within, `read_bytes` reads only files inside `folder`, symlinks resolved; one outside is
    refused with `why` (the workbench reads an outline's tables only in the folder it serves:
    what such a file holds is never read, so never shown). Template and library folders, read
    through `drafter.folders`, are not concerned."""
    token = _CONFINED.set((Path(os.path.realpath(folder)), why))
    try:
        yield
    finally:
        _CONFINED.reset(token)


_CONFINED: contextvars.ContextVar[tuple[Path, str] | None] = contextvars.ContextVar(
    "confined", default=None
)


def confined_now() -> bool:
    """Whether reading is confined to a folder here (`confined`)."""
    return _CONFINED.get() is not None


def _regular(mode: int, path: Path) -> None:
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, _("is a folder, not a file"), str(path))
    if not stat.S_ISREG(mode):
        message = _("{kind}, not a regular file").format(kind=special_kind(mode))
        raise NotAFile(errno.EINVAL, message, str(path))


def read_stdin() -> bytes:
    """Standard input's bytes (`drafter extract -`); closed or unreadable input is a SourceError."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        msg = _("standard input is closed")
        raise SourceError(problems=[_problem("<stdin>", 0, 0, msg)])
    try:
        raw = stream.read(MAX_INPUT_BYTES + 1)
    except (OSError, ValueError) as err:  # ValueError: the stream was closed
        reason = os_reason(err) if isinstance(err, OSError) else str(err)
        msg = _("cannot read standard input: {reason}").format(reason=reason)
        raise SourceError(problems=[_problem("<stdin>", 0, 0, msg)]) from None
    if len(raw) > MAX_INPUT_BYTES:
        msg = _("more than {megabytes} MB; drafter reads no more").format(
            megabytes=MAX_INPUT_BYTES // 1024 // 1024
        )
        raise SourceError(problems=[_problem("<stdin>", 0, 0, msg)])
    return raw


def read_text(path: Path, encoding: str | None = None) -> str:
    """Read and decode a file, turning OS errors into a located message."""
    return decode_text(read_bytes(path), source_name(path), encoding)


def _position(prefix: str) -> tuple[int, int]:
    lines = prefix.split("\n")
    return len(lines), len(lines[-1]) + 1


def _problem(file: str, line: int, column: int, message: str) -> Problem:
    return Problem(message, Location(file, line, column), rule="yaml")
