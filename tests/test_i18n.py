"""The interface's language: chosen from DRAFTER_LANG or the locale, Chinese where none is set;
messages from gettext catalogues compiled at build time or, in a checkout, on first use."""

from __future__ import annotations

import gettext

import pytest

from drafter import i18n


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "zh"),  # no locale at all: drafter's writers are Chinese
        ({"LANG": "C.UTF-8"}, "zh"),
        ({"LC_ALL": "POSIX"}, "zh"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.Big5"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, "zh"),  # LANGUAGE comes first
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"DRAFTER_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"DRAFTER_LANG": "ZH", "LANG": "en_US.UTF-8"}, "zh"),
        ({"DRAFTER_LANG": "klingon", "LANG": "en_US.UTF-8"}, "en"),  # not a language: ignored
    ],
)
def test_the_language_follows_the_user(environ, expected):
    assert i18n.chosen_language(environ) == expected


def test_speaking_sets_the_language_within_a_block(monkeypatch):
    monkeypatch.setenv("DRAFTER_LANG", "zh")
    with i18n.speaking("en"):
        assert i18n.language() == "en"
        with i18n.speaking("zh"):
            assert i18n.language() == "zh"
        assert i18n.language() == "en"
    assert i18n.language() == "zh"


def test_a_catalogue_compiles_from_its_po_file():
    po = (i18n.LOCALE_DIR / "zh" / "LC_MESSAGES" / "click.po").read_bytes()
    compiled = i18n.compile_catalogue(po)
    found = gettext.GNUTranslations(__import__("io").BytesIO(compiled))
    assert found.gettext("Usage:") == "用法："
    assert found.gettext("No such command {name!r}.") == "没有命令 {name!r}。"


def test_a_source_checkout_compiles_its_catalogue_into_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("DRAFTER_NO_CACHE", raising=False)
    compiled = i18n.compiled_file("zh", i18n.CLICK_DOMAIN)
    assert compiled is not None and compiled.is_file()
    assert compiled.name == "click.mo"


def test_a_checkout_whose_cache_cannot_be_written_still_speaks_chinese(tmp_path, monkeypatch):
    (tmp_path / "drafter").write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("DRAFTER_NO_CACHE", raising=False)
    # a checkout: the catalogues' .po files only (an installed drafter ships them compiled)
    checkout = tmp_path / "locale"
    for po in i18n.LOCALE_DIR.glob("*/LC_MESSAGES/*.po"):
        copied = checkout / po.relative_to(i18n.LOCALE_DIR)
        copied.parent.mkdir(parents=True, exist_ok=True)
        copied.write_bytes(po.read_bytes())
    monkeypatch.setattr(i18n, "LOCALE_DIR", checkout)
    assert i18n.compiled_file("zh") is None
    i18n.catalogue.cache_clear()
    try:
        assert i18n.catalogue("zh").gettext("Address already in use") == "端口已被占用"
    finally:
        i18n.catalogue.cache_clear()
    import subprocess
    import sys

    from conftest import ROOT

    env = {**__import__("os").environ, "DRAFTER_LANG": "zh", "XDG_CACHE_HOME": str(tmp_path)}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "drafter", "render", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert done.stdout.startswith("用法：python -m drafter render [选项] 提纲…")
    assert "参数：" in done.stdout


def test_english_is_the_messages_themselves():
    assert i18n.catalogue("en").gettext("Usage:") == "Usage:"


# --- the catalogue: every message of the interface in Chinese --------------------------------

KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "t": None}
_FIELD = __import__("re").compile(r"\{([A-Za-z_][A-Za-z0-9_]*)?[^{}]*\}")


def interface_messages() -> dict[str, list[str]]:
    """Every msgid in drafter's code, pages and scripts (babel.cfg), with where it stands."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    from conftest import ROOT

    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[str, list[str]] = {}
    for file, line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        for msgid in message if isinstance(message, tuple) else (message,):
            if msgid:
                found.setdefault(msgid, []).append(f"{file}:{line}")
    return found


def chinese_catalogue():
    from babel.messages.pofile import read_po

    with (i18n.LOCALE_DIR / "zh" / "LC_MESSAGES" / "drafter.po").open("rb") as source:
        return read_po(source)


def test_every_message_has_its_chinese_and_the_catalogue_nothing_else():
    found = interface_messages()
    catalogue = chinese_catalogue()
    translated = {}
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            translated[msgid] = (strings, message.fuzzy)
    untranslated = [
        f"{where[0]}: {msgid!r}"
        for msgid, where in found.items()
        if msgid not in translated or not all(translated[msgid][0]) or translated[msgid][1]
    ]
    assert not untranslated, "\n".join(untranslated)
    assert not set(translated) - set(found), "obsolete entries: " + ", ".join(
        sorted(set(translated) - set(found))
    )


def test_every_translation_keeps_its_placeholders():
    for message in chinese_catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(_FIELD.findall(ids[-1]))
        for string in strings:
            assert set(_FIELD.findall(string)) == wanted, (message.id, string)
