"""drafter's own Word package: the minimal base document every fresh draft starts from, and the
finishing pass that makes the saved package clean and reproducible.

python-docx's default template says Word 2010 (compatibility mode 14), "Microsoft Macintosh
Word", a blank thumbnail, a stale stylesWithEffects part and a font table of Calibri and ＭＳ 明朝.
The base here has none of that; `finish` then writes drafter's app.xml, a font table naming every
face the profile uses with the face Word and WPS should substitute, and the zip with fixed dates,
so the same outline gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import posixpath
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from drafter import __version__
from drafter.errors import UsageError
from drafter.writers.faces import face

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE = "application/vnd.openxmlformats-officedocument"
_REL = _R
_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_APP_REL = f"{_REL}/extended-properties"
_FONTS_REL = f"{_REL}/fontTable"
_APP_TYPE = f"{_OFFICE}.extended-properties+xml"
_FONTS_TYPE = f"{_OFFICE}.wordprocessingml.fontTable+xml"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EPOCH_1980 = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the earliest date a zip entry holds

_BASE_PARTS = {
    "[Content_Types].xml": f"""<Types xmlns="{_CT}">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="{_OFFICE}.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="{_OFFICE}.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="{_OFFICE}.wordprocessingml.settings+xml"/>
<Override PartName="/word/fontTable.xml" ContentType="{_FONTS_TYPE}"/>
</Types>""",
    "_rels/.rels": f"""<Relationships xmlns="{_PKG_R}">
<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>
</Relationships>""",
    "word/_rels/document.xml.rels": f"""<Relationships xmlns="{_PKG_R}">
<Relationship Id="rId1" Type="{_REL}/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="{_REL}/settings" Target="settings.xml"/>
<Relationship Id="rId3" Type="{_FONTS_REL}" Target="fontTable.xml"/>
</Relationships>""",
    "word/document.xml": f"""<w:document xmlns:w="{W}" xmlns:r="{_R}"><w:body><w:sectPr>
<w:pgSz w:w="11906" w:h="16838"/>
<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="851" w:footer="992"
 w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="312"/>
</w:sectPr></w:body></w:document>""",
    # The four styles Word itself always defines; the profile adds and shapes the rest.
    "word/styles.xml": f"""<w:styles xmlns:w="{W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="22"/>
<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>
</w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">
<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>
</w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>
<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>
<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>
<w:left w:w="108" w:type="dxa"/>
<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>
<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>
</w:styles>""",
    # Compatibility mode 15: Word 2013 and later open the draft as a native document.
    "word/settings.xml": f"""<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/>
<w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="doNotCompress"/>
<w:compat><w:useFELayout/>{
        "".join(
            f'<w:compatSetting w:name="{name}" w:uri="http://schemas.microsoft.com/office/word" '
            f'w:val="{value}"/>'
            for name, value in (
                ("compatibilityMode", 15),
                ("overrideTableStyleFontSizeAndJustification", 1),
                ("enableOpenTypeFeatures", 1),
                ("doNotFlipMirrorIndents", 1),
                ("differentiateMultirowTableHeaders", 1),
            )
        )
    }</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>
<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>""",
    "word/fontTable.xml": f'<w:fonts xmlns:w="{W}"/>',
}


def base_package() -> bytes:
    """The minimal .docx every fresh draft starts from (python-docx opens it like any other)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in _BASE_PARTS.items():
            archive.writestr(name, _XML + xml)
    return buffer.getvalue()


def build_time() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now; whole seconds, UTC."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        return dt.datetime.fromtimestamp(int(raw), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(
            f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (e.g. 1767225600), not '{raw}'"
        ) from None


@dataclass(frozen=True)
class Statistics:
    """What app.xml says about the document (Word recounts pages itself, so they are left out)."""

    words: int  # 字数, counted as Word counts words in Chinese text
    characters: int
    characters_with_spaces: int
    paragraphs: int


def finish(data: bytes, *, faces: Iterable[str], stats: Statistics, when: dt.datetime) -> bytes:
    """The saved package made clean: no thumbnail or stylesWithEffects, drafter's app.xml, the
    profile's faces in the font table, and every zip entry dated `when` in a fixed order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    dropped = _drop_relationships(parts, "_rels/.rels", {_THUMBNAIL})
    main = _main_part(parts)  # word/document.xml, unless a template named it otherwise
    folder, name = posixpath.split(main)
    main_rels = posixpath.join(folder, "_rels", f"{name}.rels")
    parts.setdefault(main_rels, _serialise(etree.Element(f"{{{_PKG_R}}}Relationships")))
    dropped |= _drop_relationships(parts, main_rels, {_WITH_EFFECTS})
    for name in dropped:
        parts.pop(name, None)
    parts["docProps/app.xml"] = _app_xml(stats)
    _ensure_relationship(parts, "_rels/.rels", _APP_REL, "docProps/app.xml")
    fonts = _ensure_relationship(parts, main_rels, _FONTS_REL, "fontTable.xml")
    font_part = posixpath.normpath(posixpath.join(folder, fonts))
    parts[font_part] = _font_table(parts.get(font_part), faces)
    _content_types(parts, dropped, {"/docProps/app.xml": _APP_TYPE, f"/{font_part}": _FONTS_TYPE})
    return _zip(parts, when)


def _main_part(parts: dict[str, bytes]) -> str:
    """The main document part's name, as the package's relationships give it."""
    for rel in etree.fromstring(parts["_rels/.rels"]):
        if rel.get("Type") == f"{_REL}/officeDocument":
            return posixpath.normpath(rel.get("Target", "").lstrip("/"))
    return "word/document.xml"


def _drop_relationships(parts: dict[str, bytes], rels: str, types: set[str]) -> set[str]:
    """Remove relationships of the given types; the part names they pointed at."""
    if rels not in parts:
        return set()
    root = etree.fromstring(parts[rels])
    folder = posixpath.dirname(posixpath.dirname(rels))
    dropped = set()
    for rel in list(root):
        if rel.get("Type") in types and rel.get("TargetMode") != "External":
            dropped.add(posixpath.normpath(posixpath.join(folder, rel.get("Target", ""))))
            root.remove(rel)
    parts[rels] = _serialise(root)
    return dropped


def _ensure_relationship(parts: dict[str, bytes], rels: str, kind: str, target: str) -> str:
    """The target of the relationship of `kind`, added (to `target`) when there is none."""
    root = etree.fromstring(parts[rels])
    for rel in root:
        if rel.get("Type") == kind:
            return rel.get("Target", target).lstrip("/")
    ids = {rel.get("Id") for rel in root}
    number = len(ids) + 1
    while f"rId{number}" in ids:
        number += 1
    etree.SubElement(root, f"{{{_PKG_R}}}Relationship", Id=f"rId{number}", Type=kind, Target=target)
    parts[rels] = _serialise(root)
    return target


def _app_xml(stats: Statistics) -> bytes:
    return (
        _XML + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties">'
        f"<Words>{stats.words}</Words><Characters>{stats.characters}</Characters>"
        f"<Application>drafter {__version__}</Application><DocSecurity>0</DocSecurity>"
        f"<Paragraphs>{stats.paragraphs}</Paragraphs>"
        f"<CharactersWithSpaces>{stats.characters_with_spaces}</CharactersWithSpaces>"
        "</Properties>"
    ).encode()


def _font_table(existing: bytes | None, names: Iterable[str]) -> bytes:
    """The font table with an entry for each face: its alternative name and the GB2312
    character set for Chinese faces, so Word and WPS pick a sensible stand-in."""
    root = etree.fromstring(existing) if existing else etree.Element(_w("fonts"), nsmap={"w": W})
    present = {font.get(_w("name")) for font in root.iter(_w("font"))}
    for name in names:
        if name in present:
            continue
        known = face(name)
        font = etree.SubElement(root, _w("font"), {_w("name"): name})
        properties = (
            ("altName", known.alt_name),
            ("charset", "86" if known.east_asian else "00"),
            ("family", "modern" if known.east_asian else "roman"),
            ("pitch", "fixed" if known.east_asian else "variable"),
        )
        for tag, value in properties:
            if value:
                etree.SubElement(font, _w(tag), {_w("val"): value})
        present.add(name)
    return _serialise(root)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _content_types(parts: dict[str, bytes], dropped: set[str], wanted: dict[str, str]) -> None:
    root = etree.fromstring(parts["[Content_Types].xml"])
    overrides = {}
    for override in root.findall(f"{{{_CT}}}Override"):
        name = override.get("PartName", "")
        if name.lstrip("/") in dropped:
            root.remove(override)
        else:
            overrides[name] = override
    for name, content_type in wanted.items():
        if name in overrides:
            overrides[name].set("ContentType", content_type)
        else:
            etree.SubElement(root, f"{{{_CT}}}Override", PartName=name, ContentType=content_type)
    parts["[Content_Types].xml"] = _serialise(root)


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _zip(parts: dict[str, bytes], when: dt.datetime) -> bytes:
    """The parts as a zip: [Content_Types].xml first, then by name, all dated `when`."""
    stamp = max(when.astimezone(dt.UTC), _EPOCH_1980).timetuple()[:6]
    order = sorted(parts, key=lambda name: (name != "[Content_Types].xml", name))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # the same bytes whichever system wrote them
            info.external_attr = 0o644 << 16
            archive.writestr(info, parts[name])
    return buffer.getvalue()
