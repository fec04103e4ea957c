"""The language drafter speaks to its writers: Chinese, or English on request.

Every message is written in English in the code (`_("…")`, the gettext convention) and found in
the language's GNU gettext catalogue, `drafter/locale/<lang>/LC_MESSAGES/drafter.po`; click's
and typer's own words (Usage, Options, Error …) are in `click.po` beside it. A built wheel
holds the catalogues compiled (`hatch_build.py`); a source checkout has them compiled by Babel
on first use into the user's cache.

The language follows the user: `DRAFTER_LANG=zh|en`, else the locale (LANGUAGE, LC_ALL,
LC_MESSAGES, LANG; on Windows the user's UI language): Chinese under a Chinese locale and when
none is set (C, POSIX: drafter's writers are Chinese), English under any other. What programs
read stays the same in both: file:line:col, the severity words, rule ids, `--json` output.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import io
import os
import sys
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path

LANGUAGES = ("zh", "en")
SOURCE_LANGUAGE = "en"  # the msgids
DOMAIN = "drafter"
CLICK_DOMAIN = "click"  # click's and typer's own words, as they look them up
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_speaking: ContextVar[str | None] = ContextVar("drafter_language", default=None)


def chosen_language(environ: Mapping[str, str] = os.environ) -> str:
    """The user's language: DRAFTER_LANG, else the locale's (Chinese where none is set)."""
    asked = environ.get("DRAFTER_LANG", "").strip().lower()
    if asked in LANGUAGES:
        return asked
    for name in _LOCALE_VARIABLES:
        value = environ.get(name, "").split(":")[0].strip()
        if value:
            return _of_locale(value)
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return "zh" if _windows_ui_is_chinese() else "en"
    return "zh"


def _of_locale(name: str) -> str:
    """zh_CN.UTF-8, zh_TW, zh → zh; C and POSIX (no locale chosen) → zh; anything else → en."""
    base = name.split(".")[0].split("@")[0].lower()
    if base.startswith("zh") or base in ("c", "posix"):
        return "zh"
    return "en"


def _windows_ui_is_chinese() -> bool:  # pragma: no cover - Windows only
    import ctypes

    language = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    return bool(language & 0x3FF == 0x04)  # LANG_CHINESE, every sublanguage


def language() -> str:
    """The language messages are given in now."""
    return _speaking.get() or chosen_language()


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Give messages in `lang` within the block (a workbench request, `--json` output)."""
    token = _speaking.set(lang if lang in LANGUAGES else SOURCE_LANGUAGE)
    try:
        yield
    finally:
        _speaking.reset(token)


def _(message: str) -> str:
    """`message` in the current language."""
    return catalogue(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for `count` (Chinese has one; English two)."""
    return catalogue(language()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark `message` for the catalogue where it is defined; `_` translates it where shown."""
    return message


@functools.cache
def catalogue(lang: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The compiled catalogue of `lang` (the msgids themselves for English)."""
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    compiled = compiled_file(lang, domain)
    if compiled is not None:
        with compiled.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    source = _source(lang, domain)
    if source is None:
        return gettext.NullTranslations()
    # a checkout whose cache cannot be written: compiled again in memory, never English
    return gettext.GNUTranslations(io.BytesIO(compile_catalogue(source.read_bytes())))


def compiled_file(lang: str, domain: str = DOMAIN) -> Path | None:
    """The .mo of a catalogue: in the package (a built wheel), else the .po compiled by Babel
    into the user's cache (a source checkout); None when there is no catalogue."""
    beside = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.mo"
    if beside.is_file():
        return beside
    source = _source(lang, domain)
    if source is None:
        return None
    return _compiled_in(_cache_folder(), source, lang, domain)


def _source(lang: str, domain: str) -> Path | None:
    """A catalogue's .po file, where the package has one."""
    source = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    return source if source.is_file() else None


def _cache_folder() -> Path | None:
    from drafter import cache

    return cache.folder("locale")


def _compiled_in(folder: Path | None, source: Path, lang: str, domain: str) -> Path | None:
    """The .po compiled into `folder` (kept by its content); None when it cannot be written."""
    from drafter import cache

    if folder is None:
        return None
    text = source.read_bytes()
    target = folder / cache.key("catalogue", text) / lang / "LC_MESSAGES" / f"{domain}.mo"
    if not target.is_file():
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        cache.store_bytes(target, compile_catalogue(text))
    return target if target.is_file() else None


def compile_catalogue(po_text: bytes) -> bytes:
    """A .po file's text compiled to a .mo file's bytes (Babel), fuzzy entries left out."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po_text))
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


@functools.cache
def _run_folder() -> Path | None:
    """A temporary folder for this run, removed when it ends (gettext reads only files)."""
    import atexit
    import shutil
    import tempfile

    try:
        folder = Path(tempfile.mkdtemp(prefix="drafter-locale-"))
    except OSError:
        return None
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def install_click_words(lang: str | None = None) -> None:
    """click's and typer's own words in `lang`: they look them up with the stdlib's gettext in
    its global domain, by the locale variables, so the domain is pointed at drafter's catalogue
    and the language named for it. Called before typer is imported (it translates some words
    as it loads)."""
    lang = lang or language()
    if lang == SOURCE_LANGUAGE:
        return
    compiled = compiled_file(lang, CLICK_DOMAIN)
    source = _source(lang, CLICK_DOMAIN)
    if compiled is None and source is not None:  # no cache to keep it in: this run's own
        compiled = _compiled_in(_run_folder(), source, lang, CLICK_DOMAIN)
    if compiled is None:
        return
    gettext.bindtextdomain(CLICK_DOMAIN, str(compiled.parents[2]))
    gettext.textdomain(CLICK_DOMAIN)
    os.environ["LANGUAGE"] = lang  # this process's lookups; child programs get it too, harmless
