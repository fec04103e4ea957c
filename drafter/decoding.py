"""Bytes → text for every file drafter reads: outlines, office settings, library entries, speeches.

UTF-8 (with or without BOM) and UTF-16 with BOM are recognised; anything else is tried as
GB18030/GBK (what Windows Notepad and WPS save). A UTF-8 file with one damaged byte is reported at
that byte rather than misread as GBK. Every failure is a `SourceError` at file:line:col.
"""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

from drafter.errors import Location, Problem, SourceError


def decode_text(raw: bytes, file: str, encoding: str | None = None) -> str:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030/GBK."""
    if encoding:
        try:
            return raw.decode(encoding)
        except LookupError:
            msg = f"unknown encoding '{encoding}'"
            raise SourceError(problems=[_problem(file, 0, 0, msg)]) from None
        except UnicodeDecodeError as err:
            line, column = _position(raw[: err.start].decode(encoding, "replace"))
            msg = f"not valid {encoding} here (byte 0x{raw[err.start]:02x}); check --encoding"
            raise SourceError(problems=[_problem(file, line, column, msg)]) from None
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        line, column = _position(raw[: utf8_error.start].decode("utf-8", "replace"))
        if _mostly_utf8(raw):
            # A UTF-8 file with a damaged byte: reading it as GBK would garble every character.
            msg = (
                f"byte 0x{raw[utf8_error.start]:02x} is not valid UTF-8 (the rest of the file is); "
                "delete or retype the character here, or name the file's encoding with --encoding"
            )
            raise SourceError(problems=[_problem(file, line, column, msg)]) from None
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            msg = (
                "the file is neither UTF-8 nor GB18030/GBK; save it as UTF-8, "
                "or name its encoding with --encoding"
            )
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
    """A file's bytes (or standard input's, for STDIN); a missing or unreadable file is a
    SourceError naming it."""
    try:
        if path == STDIN:
            return sys.stdin.buffer.read()
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError(problems=[_problem(str(path), 0, 0, "no such file")]) from None
    except IsADirectoryError:
        raise SourceError(problems=[_problem(str(path), 0, 0, "is a folder, not a file")]) from None
    except OSError as err:
        msg = f"cannot read: {err.strerror or err}"
        raise SourceError(problems=[_problem(str(path), 0, 0, msg)]) from None


def read_text(path: Path, encoding: str | None = None) -> str:
    """Read and decode a file, turning OS errors into a located message."""
    return decode_text(read_bytes(path), source_name(path), encoding)


def _position(prefix: str) -> tuple[int, int]:
    lines = prefix.split("\n")
    return len(lines), len(lines[-1]) + 1


def _problem(file: str, line: int, column: int, message: str) -> Problem:
    return Problem(message, Location(file, line, column), rule="yaml")
