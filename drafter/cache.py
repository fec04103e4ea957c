"""What drafter keeps between runs in the user's cache folder.

Reading the built-in kinds, library entries and style profiles (PyYAML, in Python) and styling
a profile's base document are the same work in every run, a tenth of a short render. Their
results are kept here, each filed under a key made of drafter's version, a fingerprint of its
code and of the libraries that made the result, and the exact content it was made from: a
result is found again only for the same content read by the same code, in the same language
(a result may hold messages: a warning in a library entry), so it can never change what drafter
writes or says. A file that cannot be read or written is ignored (the work is done as if
there were no cache); DRAFTER_NO_CACHE=1 turns the cache off. Compiled templates are kept by
Jinja in a folder beside these (`render/templating.py`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_RESULTS = "results"


def enabled() -> bool:
    return not os.environ.get("DRAFTER_NO_CACHE")


def folder(name: str) -> Path | None:
    """A folder of the user's drafter cache, made if needed; None when it cannot be."""
    from platformdirs import user_cache_dir

    path = Path(user_cache_dir("drafter", appauthor=False)) / name
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path


def remember(kind: str, content: str | bytes, make: Callable[[], T]) -> T:
    """`make()`, or what it gave before for the same `kind` and `content`, made by the same
    code in the same language (`kind` names the libraries' versions that matter: `yaml 6.0.2`)."""
    if not enabled():
        return make()
    from drafter.i18n import language

    place = folder(_RESULTS)
    path = place / key(f"{kind} {language()}", content) if place is not None else None
    if path is not None:
        from drafter.decoding import open_regular

        # missing, unreadable, cut short, not a pickle or not a regular file (a pipe put there
        # would make drafter wait forever): made anew
        with contextlib.suppress(Exception), open_regular(path) as handle:
            return pickle.load(handle)  # type: ignore[no-any-return]
    result = make()
    if path is not None:
        _store(path, result)
    return result


def key(kind: str, content: str | bytes) -> str:
    """The name a result of `content` is filed under: drafter's version and code, `kind`
    (the libraries' versions that matter) and the content."""
    raw = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    return hashlib.sha256(_fingerprint() + kind.encode() + b"\0" + raw).hexdigest()


def _store(path: Path, result: object) -> None:
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an unpicklable result: no cache, the same output
        return
    store_bytes(path, data)


def store_bytes(path: Path, data: bytes) -> bool:
    """Write atomically (a reader sees a whole file or none); a failure leaves no file and
    returns False."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except Exception:  # a full disk: no cache, the same output
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    return True


@functools.cache
def _fingerprint() -> bytes:
    """drafter's version, code and catalogues (every module's and .po file's size and time)
    and Python's version."""
    from drafter import __version__

    parts = [__version__, sys.version]
    package = Path(__file__).resolve().parent
    for top, folders, files in os.walk(package):
        folders.sort()
        for name in sorted(files):
            if name.endswith((".py", ".po")):
                info = os.stat(os.path.join(top, name))
                parts.append(f"{top}/{name} {info.st_size} {info.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).digest()
