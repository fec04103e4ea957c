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
    if compiled is None:
        return gettext.NullTranslations()
    with compiled.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def compiled_file(lang: str, domain: str = DOMAIN) -> Path | None:
    """The .mo of a catalogue: in the package (a built wheel), else the .po compiled by Babel
    into the user's cache (a source checkout); None when there is no catalogue."""
    beside = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.mo"
    if beside.is_file():
        return beside
    source = beside.with_suffix(".po")
    if not source.is_file():
        return None
    return _compiled_in_cache(source, lang, domain)


def _compiled_in_cache(source: Path, lang: str, domain: str) -> Path | None:
    from drafter import cache

    text = source.read_bytes()
    folder = cache.folder("locale")
    if folder is None:
        return None
    key = cache.key("catalogue", text)
    target = folder / key / lang / "LC_MESSAGES" / f"{domain}.mo"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        cache.store_bytes(target, compile_catalogue(text))
    return target


def compile_catalogue(po_text: bytes) -> bytes:
    """A .po file's text compiled to a .mo file's bytes (Babel), fuzzy entries left out."""
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po_text))
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def install_click_words(lang: str | None = None) -> None:
    """click's and typer's own words in `lang`: they look them up with the stdlib's gettext in
    its global domain, by the locale variables, so the domain is pointed at drafter's catalogue
    and the language named for it. Called before typer is imported (it translates some words
    as it loads)."""
    lang = lang or language()
    if lang == SOURCE_LANGUAGE:
        return
    compiled = compiled_file(lang, CLICK_DOMAIN)
    if compiled is None:
        return
    gettext.bindtextdomain(CLICK_DOMAIN, str(compiled.parents[2]))
    gettext.textdomain(CLICK_DOMAIN)
    os.environ["LANGUAGE"] = lang  # this process's lookups; child programs get it too, harmless
