"""Which font families this machine has: fontconfig where there is one (Linux), else the
Windows and macOS font folders, each file's family names read from its `name` table.

A font's file name says little (simfang.ttf is 仿宋, FZXBSJW.TTF 方正小标宋简体), so the names
are read from the fonts themselves, in every language they carry (仿宋 and FangSong alike).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc"}
_FAMILY_IDS = {1, 16}  # family, typographic family


_listing: subprocess.Popen[str] | None = None  # fontconfig's listing, started ahead


@functools.cache
def installed_families() -> frozenset[str]:
    """Every family name installed here (as the fonts spell them)."""
    fc_list = shutil.which("fc-list")
    if fc_list:
        found = _fontconfig(fc_list)
        if found is not None:
            return found
    return frozenset(families_in(font_folders()))


def look_ahead() -> None:
    """Start fontconfig's listing now, so that it runs while drafter renders (a render that
    warns about missing faces then does not wait for it)."""
    global _listing
    known = getattr(installed_families, "cache_info", None)  # None: replaced (in a test)
    if _listing is not None or known is None or known().currsize:
        return
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return
    with contextlib.suppress(OSError):
        _listing = _start(fc_list)


def _start(fc_list: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [fc_list, "--format", "%{family}\n"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        errors="replace",
    )


def _fontconfig(fc_list: str) -> frozenset[str] | None:
    global _listing
    process, _listing = _listing, None
    try:
        process = process or _start(fc_list)
        output, _ = process.communicate(timeout=30)
    except (OSError, subprocess.SubprocessError):
        if process is not None:
            process.kill()
            process.communicate()
        return None
    if process.returncode != 0:
        return None
    names = set()
    for line in output.splitlines():
        for name in line.replace("\\-", "-").split(","):
            if name.strip():
                names.add(name.strip())
    return frozenset(names)


def font_folders() -> list[Path]:
    """The folders Windows or macOS keep fonts in (system-wide and the user's own)."""
    home = Path.home()
    if sys.platform == "win32":
        windows = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windows / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [
            Path("/System/Library/Fonts"),
            Path("/Library/Fonts"),
            home / "Library" / "Fonts",
            # Office for Mac keeps the Chinese faces it installs (仿宋, 楷体, 黑体 …) here
            Path("/Applications/Microsoft Word.app/Contents/Resources/DFonts"),
        ]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local/share/fonts"]


def families_in(folders: Iterable[Path]) -> set[str]:
    """Family names of every font file under `folders` (unreadable files are skipped)."""
    names: set[str] = set()
    for folder in folders:
        for path in _font_files(folder):
            with contextlib.suppress(OSError, struct.error, ValueError):
                names.update(family_names(path))
    return names


def _font_files(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for root, _, files in os.walk(folder):
        for name in files:
            if Path(name).suffix.lower() in _SUFFIXES:
                yield Path(root) / name


def family_names(path: Path) -> set[str]:
    """The family names in a .ttf/.otf file or every font of a .ttc collection."""
    with path.open("rb") as handle:
        tag = handle.read(4)
        if tag == b"ttcf":
            handle.read(4)  # version
            (count,) = struct.unpack(">I", handle.read(4))
            offsets = struct.unpack(f">{min(count, 64)}I", handle.read(4 * min(count, 64)))
        else:
            offsets = (0,)
        names: set[str] = set()
        for offset in offsets:
            names.update(_names_at(handle, offset))
        return names


def _names_at(handle: BinaryIO, offset: int) -> set[str]:
    handle.seek(offset + 4)
    (tables,) = struct.unpack(">H", handle.read(2))
    handle.seek(offset + 12)
    for _ in range(min(tables, 512)):
        tag, _, table_offset, _ = struct.unpack(">4sIII", handle.read(16))
        if tag == b"name":
            return _name_table(handle, table_offset)
    return set()


def _name_table(handle: BinaryIO, start: int) -> set[str]:
    handle.seek(start)
    _, count, strings = struct.unpack(">HHH", handle.read(6))
    records = [struct.unpack(">HHHHHH", handle.read(12)) for _ in range(min(count, 4096))]
    names = set()
    for platform, encoding, _, name_id, length, offset in records:
        if name_id not in _FAMILY_IDS:
            continue
        handle.seek(start + strings + offset)
        name = _decode(handle.read(length), platform, encoding)
        if name:
            names.add(name)
    return names


def _decode(raw: bytes, platform: int, encoding: int) -> str:
    """A name record's text: UTF-16 (Unicode and Windows), GBK in old Chinese fonts, else Mac."""
    with contextlib.suppress(UnicodeDecodeError):
        if platform == 3 and encoding == 3:  # Windows PRC: GBK bytes padded to 16 bits
            return raw.replace(b"\x00", b"").decode("gbk").strip()
        if platform in (0, 3):
            return raw.decode("utf-16-be").strip()
        if platform == 1 and encoding == 25:  # Macintosh Simplified Chinese
            return raw.decode("gb2312").strip()
        if platform == 1 and encoding == 0:
            return raw.decode("mac_roman").strip()
    return ""
