"""The Word package read back part by part: drafter's own base, not python-docx's template.

Word opens a draft as a native document (compatibility mode 15), app.xml names drafter, the font
table names every face with the face Word and WPS substitute, stale parts are gone, and the same
outline gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
from lxml import etree

from drafter import __version__
from drafter.errors import UsageError
from drafter.pipeline import Options, Renderer
from drafter.writers.package import build_time

from conftest import EXAMPLES, MINIMAL

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
APP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@pytest.fixture(scope="module")
def draft(renderer) -> bytes:
    document = renderer.document(renderer.load(EXAMPLES / "work-conference.yaml"))
    return renderer.to_bytes(document, "docx")


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def xml(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(parts(data)[name])


def test_only_the_parts_a_draft_needs(draft):
    names = set(parts(draft))
    assert names == {
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/app.xml",
        "docProps/core.xml",
        "word/_rels/document.xml.rels",
        "word/document.xml",
        "word/fontTable.xml",
        "word/footer1.xml",
        "word/footer2.xml",
        "word/settings.xml",
        "word/styles.xml",
    }
    assert next(iter(parts(draft))) == "[Content_Types].xml"
    every_xml = b"".join(parts(draft).values())
    for stale in (b"stylesWithEffects", b"thumbnail", b"customXml", b"Calibri", b"MS \xe6\x98\x8e"):
        assert stale not in every_xml, stale
    types = parts(draft)["[Content_Types].xml"].decode()
    assert "jpeg" not in types and "stylesWithEffects" not in types


def test_settings_say_word_2013_and_later(draft):
    settings = xml(draft, "word/settings.xml")
    modes = {s.get(f"{W}name"): s.get(f"{W}val") for s in settings.iter(f"{W}compatSetting")}
    assert modes["compatibilityMode"] == "15"
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    theme = settings.find(f"{W}themeFontLang")
    assert theme.get(f"{W}eastAsia") == "zh-CN"


def test_app_properties_name_drafter_and_count_the_speech(draft, renderer):
    app = xml(draft, "docProps/app.xml")
    assert app.findtext(f"{APP}Application") == f"drafter {__version__}"
    assert app.find(f"{APP}Pages") is None  # Word counts pages itself; a wrong 1 is worse
    assert app.find(f"{APP}Template") is None
    document = renderer.document(renderer.load(EXAMPLES / "work-conference.yaml"))
    from drafter.chinese.counting import count

    assert int(app.findtext(f"{APP}Words")) == sum(count(line) for line in document.lines())
    assert int(app.findtext(f"{APP}Paragraphs")) == len(document.lines())
    rels = xml(draft, "_rels/.rels")
    targets = {rel.get("Target") for rel in rels.iter(f"{REL}Relationship")}
    assert targets == {"word/document.xml", "docProps/core.xml", "docProps/app.xml"}


FONT_TABLE = {
    # face: (altName, charset)
    "仿宋_GB2312": ("仿宋", "86"),
    "楷体_GB2312": ("楷体", "86"),
    "方正小标宋简体": ("华文中宋", "86"),
    "黑体": ("SimHei", "86"),
    "宋体": ("SimSun", "86"),
}


def font_table(data: bytes) -> dict[str, tuple[str | None, str | None]]:
    table = xml(data, "word/fontTable.xml")
    found = {}
    for font in table.iter(f"{W}font"):
        alt, charset = font.find(f"{W}altName"), font.find(f"{W}charset")
        found[font.get(f"{W}name")] = (
            None if alt is None else alt.get(f"{W}val"),
            None if charset is None else charset.get(f"{W}val"),
        )
    return found


def test_font_table_names_every_face_with_its_substitute(draft):
    assert font_table(draft) == FONT_TABLE


def test_font_table_of_the_plain_profile(renderer):
    plain = Renderer(Options(style="plain"))
    data = plain.to_bytes(plain.document(plain.loads(MINIMAL)), "docx")
    assert font_table(data) == {"宋体": ("SimSun", "86"), "Times New Roman": (None, "00")}


def test_same_outline_same_bytes_with_source_date_epoch(renderer, monkeypatch):
    document = renderer.document(renderer.loads(MINIMAL))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = renderer.to_bytes(document, "docx")
    second = Renderer().to_bytes(Renderer().document(Renderer().loads(MINIMAL)), "docx")
    assert first == second
    props = docx.Document(io.BytesIO(first)).core_properties
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert props.created == props.modified == when
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225601")
    assert renderer.to_bytes(document, "docx") != first


def test_without_source_date_epoch_the_dates_are_now(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    assert before <= build_time() <= dt.datetime.now(dt.UTC)


@pytest.mark.parametrize("value", ["yesterday", "1.5", "99999999999999999999"])
def test_a_bad_source_date_epoch_is_a_clear_error(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH must be whole seconds"):
        build_time()


def test_heading_styles_are_words_own(draft):
    """Heading 1–4, Title … are Word's built-in styles (localised names in a Chinese Word)."""
    word = docx.Document(io.BytesIO(draft))
    for name in ("Heading 1", "Heading 4", "Title", "Body Text"):
        assert word.styles[name].builtin, name
    assert not word.styles["讲话人"].builtin
