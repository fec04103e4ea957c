"""A .docx from outside (a speech to extract or count, a reference or template document),
checked before python-docx opens it.

A .docx is a zip of XML parts; python-docx trusts both. Before it sees a package, every member
is checked against bounds (its size, its compression ratio, the total, how many there are), an
encrypted member or an unknown compression method is refused, and every XML part is read as a
stream without entity expansion and with a depth limit. Each refusal is a located message in
the caller's error class (ExtractError for extract and stats, StyleError for a reference).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING
from xml.parsers import expat

from drafter.decoding import read_bytes
from drafter.errors import DrafterError, Location, Problem
from drafter.i18n import N_, _

if TYPE_CHECKING:
    import docx.document

MAX_MEMBERS = 2_000
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one part, uncompressed
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # every part, uncompressed
MAX_RATIO = 100  # uncompressed to compressed, for a part past RATIO_FROM_BYTES (as Apache POI)
RATIO_FROM_BYTES = 1024 * 1024
MAX_XML_DEPTH = 200
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, and password-protected .docx
_CHUNK = 64 * 1024


# What is wrong with a file that is not a .docx one can read, said as a writer acts on it.
_NOT_WORD = N_(
    "not a Word document (.docx); if it was made in Word or WPS, open it there and save it as .docx"
)
_NOT_DOCX = N_(
    "a zip package but not a Word document (.docx): an .xlsx or another kind of file? "
    "Open it in Word or WPS and save it as .docx"
)
_DAMAGED = N_(
    "the document is damaged (cut short or broken); open it in Word or WPS and save it again"
)


class _Refused(Exception):
    """Why a package is refused (turned into the caller's DrafterError)."""


def is_word_file(raw: bytes) -> bool:
    """Whether `raw` is a Word file by its first bytes (a .docx, or an old .doc/.wps to be
    refused as one), whatever the file's name."""
    return raw.startswith((b"PK", _OLE_MAGIC))


def check_package(raw: bytes) -> None:
    """Raise _Refused unless `raw` is a zip whose members python-docx can read safely."""
    if raw.startswith(_OLE_MAGIC):
        raise _Refused(
            _(
                "a password-protected document or an old .doc/.wps file, not a .docx; "
                "remove the password or save it as .docx in Word or WPS"
            )
        )
    try:
        package = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, NotImplementedError):
        # NotImplementedError: a zip version Python does not know (zip file version 6.4)
        raise _Refused(_(_DAMAGED if raw.startswith(b"PK") else _NOT_WORD)) from None
    with package:
        members = package.infolist()
        if "[Content_Types].xml" not in package.namelist():  # every Office package has it
            raise _Refused(_(_NOT_DOCX))
        if len(members) > MAX_MEMBERS:
            message = _("{count} parts; a .docx holds at most {most}")
            raise _Refused(message.format(count=f"{len(members):,}", most=f"{MAX_MEMBERS:,}"))
        total = 0
        for member in members:
            _check_member(member)
            total += member.file_size
            if total > MAX_TOTAL_BYTES:
                message = _("its parts unpack to more than {megabytes} MB")
                raise _Refused(message.format(megabytes=_mb(MAX_TOTAL_BYTES)))
        for member in members:
            _check_xml(package, member)


def _check_member(member: zipfile.ZipInfo) -> None:
    name = member.filename
    if member.flag_bits & 0x1:
        message = _("the part {part} is encrypted; remove the document's password")
        raise _Refused(message.format(part=name))
    if member.compress_type not in _METHODS:
        message = _("the part {part} is packed in a way Word does not use (method {method})")
        raise _Refused(message.format(part=name, method=member.compress_type))
    if member.file_size > MAX_MEMBER_BYTES:
        message = _("the part {part} unpacks to more than {megabytes} MB")
        raise _Refused(message.format(part=name, megabytes=_mb(MAX_MEMBER_BYTES)))
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
        message = _(
            "the part {part} unpacks to {ratio} times its size (a zip bomb?); "
            "a .docx part stays under {most}"
        )
        raise _Refused(message.format(part=name, ratio=f"{ratio:,.0f}", most=MAX_RATIO))


def _check_xml(package: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Read a part as an XML stream (well-formed, no DOCTYPE so no entities, bounded depth),
    unless it is neither named nor looks like XML (images, fonts)."""
    named_xml = member.filename.endswith((".xml", ".rels"))
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0

    def start(name: str, attributes: object) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            message = _(
                "the part {part} has XML nested more than {most} deep "
                "(line {line}, column {column})"
            )
            raise _Refused(_where(member, parser, message, most=MAX_XML_DEPTH))

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    def doctype(*args: object) -> None:
        message = _(
            "the part {part} has a DOCTYPE, which no Word document has "
            "(line {line}, column {column})"
        )
        raise _Refused(_where(member, parser, message))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    try:
        with package.open(member) as stream:
            chunk = stream.read(_CHUNK)
            if not (named_xml or _looks_like_xml(chunk)):
                return
            if chunk.startswith(_UTF32_STARTS):
                message = _(
                    "the part {part} is in UTF-32, which Word never writes; "
                    "open the file in Word or WPS and save it again"
                )
                raise _Refused(message.format(part=member.filename))
            while chunk:
                parser.Parse(chunk, False)
                chunk = stream.read(_CHUNK)
        parser.Parse(b"", True)
    except expat.ExpatError as err:
        message = _(
            "the part {part} is broken at line {line}, column {column}: the document is "
            "damaged; open it in Word or WPS and save it again"
        )
        raise _Refused(
            message.format(part=member.filename, line=err.lineno, column=err.offset + 1)
        ) from None
    except (ValueError, LookupError):  # a multi-byte (GB18030) or unknown encoding declared
        message = _(
            "the part {part} is in an encoding Word never writes; open the file in Word or WPS "
            "and save it again"
        )
        raise _Refused(message.format(part=member.filename)) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
        message = _(
            "the document is damaged: its part {part} cannot be unpacked; open it in Word or "
            "WPS and save it again"
        )
        raise _Refused(message.format(part=member.filename)) from None


# How an XML part begins in each encoding, with or without a byte order mark (XML 1.0,
# appendix F): UTF-16 and UTF-32 (which expat cannot read and Word never writes) included.
_UTF16_STARTS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")
_UTF32_STARTS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"<\x00\x00\x00", b"\x00\x00\x00<")


def _looks_like_xml(start: bytes) -> bool:
    """Whether a part begins as XML does (python-docx parses by content type, not by name)."""
    if start.startswith(_UTF16_STARTS + _UTF32_STARTS):
        return True
    return start.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"<"


def _where(
    member: zipfile.ZipInfo, parser: expat.XMLParserType, message: str, **values: object
) -> str:
    """`message` of a part ({part}) at the parser's line and column."""
    line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
    return message.format(part=member.filename, line=line, column=column, **values)


def _mb(size: int) -> int:
    return size // 1024 // 1024


def checked(raw: bytes, name: str, error: type[DrafterError]) -> None:
    """Refuse (as `error`, located at `name`) a package python-docx must not open."""
    try:
        check_package(raw)
    except _Refused as why:
        raise error(problems=[Problem(str(why), Location(name))]) from None


def open_docx(source: bytes | Path, name: str, error: type[DrafterError]) -> docx.document.Document:
    """A .docx opened by python-docx once it passed `check_package`; any failure is `error`,
    located at `name`. `source` is the file's bytes or its path (read within drafter's bound).
    For --reference-docx and --into, call `open_docx(path, str(path), StyleError)`."""
    import docx
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import OpcError
    from lxml.etree import LxmlError

    raw = read_bytes(source) if isinstance(source, Path) else source
    checked(raw, name, error)
    try:
        word = docx.Document(io.BytesIO(raw))
    except (KeyError, ValueError, OpcError):  # a part Word needs is missing, or not Word's
        raise error(problems=[Problem(_(_NOT_DOCX), Location(name))]) from None
    except (zipfile.BadZipFile, PythonDocxError, LxmlError, AttributeError, TypeError):
        # AttributeError, TypeError: a part whose root python-docx does not expect (a
        # [Content_Types].xml that is not <Types>) fails inside python-docx
        raise error(problems=[Problem(_(_DAMAGED), Location(name))]) from None
    if word.element.body is None:  # Word always writes one
        raise error(problems=[Problem(_(_DAMAGED), Location(name))])
    return word
