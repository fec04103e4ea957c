"""An .xlsx read part by part before openpyxl opens it, and what openpyxl's read-only mode does
not give: which rows and columns of each sheet are hidden, which cells are merged, which hold a
formula.

openpyxl builds each element whole before it looks at it, and some of its steps grow with the
square of what they read: a row of a million cells, a style table of a million formats,
millions of shared strings take minutes and gigabytes from a file of a few hundred KB. So every
XML part is first read here as a stream, building nothing, and the workbook is refused, naming
the part, when one passes a bound (see the constants: sizes, counts of cells, strings, formats
and styles, children of one element, depth). A DOCTYPE (and so any entity), an encrypted part
or an encoding Excel never writes is refused too.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NoReturn
from xml.parsers import expat

from drafter.i18n import N_, _
from drafter.outline.sheet import MAX_COLUMNS, MAX_ROWS, Span, column_number, refuse

MB = 1024 * 1024
MAX_MEMBERS = 10_000
MAX_UNPACKED = 200 * MB  # every part together
MAX_PART = {"worksheet": 64 * MB, "sst": 32 * MB, "styleSheet": 16 * MB}
MAX_OTHER_PART = 16 * MB
MAX_ELEMENTS = 4_000_000  # in every part together
MAX_CELLS = 1_000_000  # in every sheet together
MAX_FORMAT_CODE = 255  # characters of a number format, as Excel allows
MAX_FORMAT_BRACKETS = 16  # [Red] [>=100] [$-804] … in one number format
MAX_DEPTH = 64
MAX_CHILDREN = 65_536  # of any element not listed in CHILDREN
# element → (most children, what they are): Excel's widest row, its limit on rows, far more
# strings and formats than a statistics workbook holds
CHILDREN = {
    "row": (16_384, N_("cells")),
    "sheetData": (1_048_576, N_("rows")),
    "sst": (200_000, N_("shared strings")),
    "numFmts": (512, N_("number formats")),
    "cellXfs": (16_384, N_("cell formats")),
    "cellStyleXfs": (16_384, N_("cell styles")),
}
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_ENCODING = N_("the part {part} is in an encoding Excel does not write ({error})")
_CHUNK = 64 * 1024
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")
_ENCODING_ERRORS = {
    expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING],
    expat.errors.codes[expat.errors.XML_ERROR_INCORRECT_ENCODING],
}


@dataclass
class Layout:
    """What a sheet's part says besides its values: 0-based rows and columns, bounded to the
    rows and columns drafter reads."""

    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    spans: list[Span] = field(default_factory=list)
    formulas: set[tuple[int, int]] = field(default_factory=set)


@dataclass
class Package:
    """What the parts say: each worksheet part's layout, the relationships, the sheets."""

    layouts: dict[str, Layout] = field(default_factory=dict)
    relations: dict[str, dict[str, tuple[str, str]]] = field(
        default_factory=dict
    )  # Id → type, target
    sheets: list[tuple[str, str]] = field(default_factory=list)  # name, relationship Id
    workbook: str = ""  # the workbook part's name

    def layout(self, sheet: str) -> Layout:
        """The layout of the sheet with this name (an empty one if its part is not found)."""
        folder, name = posixpath.split(self.workbook)
        relations = self.relations.get(posixpath.join(folder, "_rels", f"{name}.rels"), {})
        for title, relation in self.sheets:
            if title == sheet and relation in relations:
                target = relations[relation][1]
                part = target[1:] if target.startswith("/") else posixpath.join(folder, target)
                return self.layouts.get(posixpath.normpath(part), Layout())
        return Layout()


def vet(archive: zipfile.ZipFile, file: str) -> Package:
    """Read every XML part within the bounds, or refuse the workbook naming the part."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        message = _("the workbook has {count} parts; drafter reads at most {most}")
        refuse(file, message.format(count=f"{len(members):,}", most=f"{MAX_MEMBERS:,}"))
    if sum(member.file_size for member in members) > MAX_UNPACKED:
        message = _("the workbook unpacks to more than {megabytes} MB")
        refuse(file, message.format(megabytes=MAX_UNPACKED // MB))
    package = Package()
    counts = _Counts()
    for member in members:
        _Part(archive, member, file, package, counts).read()
    relations = package.relations.get("_rels/.rels", {})
    package.workbook = next(
        (
            target.lstrip("/")
            for kind, target in relations.values()
            if kind.endswith("/officeDocument")
        ),
        "xl/workbook.xml",
    )
    return package


@dataclass
class _Counts:
    """What the bounds on the whole workbook count."""

    elements: int = 0
    cells: int = 0


class _Part:
    """One member read as an XML stream: bounds checked, layout and relationships noted."""

    def __init__(
        self,
        archive: zipfile.ZipFile,
        member: zipfile.ZipInfo,
        file: str,
        package: Package,
        counts: _Counts,
    ) -> None:
        self.archive, self.member, self.file = archive, member, file
        self.name = member.filename
        self.package, self.counts = package, counts
        self.parser = expat.ParserCreate()
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        # the open elements: their names, and how many more children each may have
        self.names: list[str] = []
        self.left: list[int] = []
        self.layout: Layout | None = None
        self.row = 0  # the current row of a sheet, 1-based
        self.cell = ""  # the reference of the row's last cell that gave one (C5)
        self.after = 0  # cells since that one (a cell may leave its reference out)

    def refuse(self, message: str, **values: object) -> NoReturn:
        """Refuse the workbook: `message` says what is wrong with the part ({part})."""
        refuse(self.file, message.format(part=self.name, **values))

    def read(self) -> None:
        member = self.member
        if member.flag_bits & 0x1:
            self.refuse(_("the part {part} is encrypted; remove the workbook's password"))
        if member.compress_type not in _METHODS:
            self.refuse(
                _("the part {part} is packed in a way Excel does not use (method {method})"),
                method=member.compress_type,
            )
        named = self.name.endswith((".xml", ".rels"))
        self.parser.StartElementHandler, self.parser.EndElementHandler = self.handlers()
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.parser.EntityDeclHandler = self.doctype
        try:
            with self.archive.open(member) as stream:
                chunk = stream.read(_CHUNK)
                if not (named or _looks_like_xml(chunk)):
                    return  # an image or a binary part: openpyxl parses none of them
                while chunk:
                    self.parser.Parse(chunk, False)
                    chunk = stream.read(_CHUNK)
            self.parser.Parse(b"", True)
        except expat.ExpatError as err:
            message = expat.errors.messages[err.code] if err.code else str(err)
            if err.code in _ENCODING_ERRORS:
                self.refuse(_(_ENCODING), error=message)
            if self.name.endswith(".vml"):
                return  # Excel's own drawings are not always well-formed; openpyxl skips them
            self.refuse(
                _("the part {part} is broken XML at line {line}, column {column} ({error})"),
                line=err.lineno,
                column=err.offset + 1,
                error=message,
            )
        except ValueError as err:  # an encoding expat cannot map (a multi-byte one: GBK)
            self.refuse(_(_ENCODING), error=err)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError) as err:
            self.refuse(_("the part {part} is damaged ({error})"), error=err)

    def doctype(self, *args: object) -> None:
        self.refuse(_("the part {part} has a DOCTYPE, which no Excel workbook has"))

    def handlers(self) -> tuple[Callable[[str, dict[str, str]], None], Callable[[str], None]]:
        """The parser's start and end handlers: they run for every element, so they keep what
        they count in local names."""
        counts, names, left = self.counts, self.names, self.left
        most = {name: children for name, (children, _) in CHILDREN.items()}

        def start(tag: str, attributes: dict[str, str]) -> None:
            counts.elements += 1
            if counts.elements > MAX_ELEMENTS:
                message = _("the workbook has more than {most} XML elements (in {part})")
                self.refuse(message, most=f"{MAX_ELEMENTS:,}")
            name = tag[tag.find(":") + 1 :]  # x:row is a row
            if names:
                left[-1] -= 1
                if left[-1] < 0:
                    self.too_many(name)
                if len(names) >= MAX_DEPTH:
                    self.refuse(
                        _("the part {part} nests its XML more than {most} deep"), most=MAX_DEPTH
                    )
            else:
                self.root(name)
            names.append(name)
            left.append(most.get(name, MAX_CHILDREN))
            handle = _HANDLERS.get(name)
            if handle is not None:
                handle(self, attributes)

        def end(tag: str) -> None:
            names.pop()
            left.pop()

        return start, end

    def too_many(self, name: str) -> NoReturn:
        parent = self.names[-1]
        most, what = CHILDREN.get(parent, (MAX_CHILDREN, ""))
        children = _(what) if what else _("<{name}> elements").format(name=name)
        if parent == "row":
            message = _(
                "the part {part} has more than {most} {children} in one <{parent}> (row {row})"
            )
        else:
            message = _("the part {part} has more than {most} {children} in one <{parent}>")
        self.refuse(message, most=f"{most:,}", children=children, parent=parent, row=self.row)

    def root(self, name: str) -> None:
        most = MAX_PART.get(name, MAX_OTHER_PART)
        if self.member.file_size > most:
            self.refuse(
                _("the part {part} unpacks to more than {megabytes} MB"), megabytes=most // MB
            )
        if name == "worksheet":
            self.layout = self.package.layouts.setdefault(self.name, Layout())

    # --- what is noted, by element ----------------------------------------------------------

    def on_row(self, attributes: dict[str, str]) -> None:
        self.row = _number(attributes.get("r"), self.row + 1)
        self.cell, self.after = "", 0
        if self.layout is not None and _true(attributes.get("hidden")) and self.row <= MAX_ROWS + 1:
            self.layout.hidden_rows.add(self.row - 1)

    def on_cell(self, attributes: dict[str, str]) -> None:
        self.counts.cells += 1
        if self.counts.cells > MAX_CELLS:
            message = _("the workbook has more than {most} cells (in {part})")
            self.refuse(message, most=f"{MAX_CELLS:,}")
        reference = attributes.get("r")
        if reference is None:
            self.after += 1
        else:
            self.cell, self.after = reference, 0

    def on_formula(self, attributes: dict[str, str]) -> None:
        if self.layout is None or len(self.names) < 2 or self.names[-2] != "c":
            return
        found = _REF.fullmatch(self.cell)
        column = (column_number(found.group(1)) if found else 0) + self.after
        if self.row <= MAX_ROWS + 1 and column <= MAX_COLUMNS:
            self.layout.formulas.add((self.row - 1, column - 1))

    def on_column(self, attributes: dict[str, str]) -> None:
        if self.layout is None or not _true(attributes.get("hidden")):
            return
        first = _number(attributes.get("min"), 1)
        last = min(_number(attributes.get("max"), first), MAX_COLUMNS)
        self.layout.hidden_columns.update(range(first - 1, last))

    def on_merge(self, attributes: dict[str, str]) -> None:
        if self.layout is None:
            return
        corners = [_REF.fullmatch(part) for part in attributes.get("ref", "").split(":")]
        if len(corners) != 2 or not all(corners):
            return
        (left, top), (right, bottom) = [
            (column_number(c.group(1)), int(c.group(2))) for c in corners if c
        ]
        if top <= MAX_ROWS + 1 and left <= MAX_COLUMNS:
            span = Span(
                top - 1, left - 1, min(bottom, MAX_ROWS + 1) - 1, min(right, MAX_COLUMNS) - 1
            )
            self.layout.spans.append(span)

    def on_format(self, attributes: dict[str, str]) -> None:
        code = attributes.get("formatCode", "")
        if len(code) > MAX_FORMAT_CODE or code.count("[") > MAX_FORMAT_BRACKETS:
            self.refuse(
                _(
                    "the part {part} has a number format of {count} characters or {brackets} [ ]; "
                    "Excel writes at most {most}"
                ),
                count=f"{len(code):,}",
                brackets=code.count("["),
                most=MAX_FORMAT_CODE,
            )

    def on_sheet(self, attributes: dict[str, str]) -> None:
        if self.names[0] != "workbook":
            return
        relation = next((v for k, v in attributes.items() if k.endswith(":id")), "")
        self.package.sheets.append((attributes.get("name", ""), relation))

    def on_relationship(self, attributes: dict[str, str]) -> None:
        relations = self.package.relations.setdefault(self.name, {})
        relations[attributes.get("Id", "")] = (
            attributes.get("Type", ""),
            attributes.get("Target", ""),
        )


_HANDLERS = {
    "row": _Part.on_row,
    "c": _Part.on_cell,
    "f": _Part.on_formula,
    "col": _Part.on_column,
    "mergeCell": _Part.on_merge,
    "numFmt": _Part.on_format,
    "sheet": _Part.on_sheet,
    "Relationship": _Part.on_relationship,
}


def _looks_like_xml(start: bytes) -> bool:
    """Whether a part begins as XML does in any encoding a parser detects by itself (UTF-8,
    UTF-16 or UTF-32 with or without a byte-order mark, EBCDIC)."""
    if start.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\xef\xbb\xbf")):
        return True
    if start.startswith((b"\x00<", b"<\x00", b"\x00\x00\x00<", b"Lo\xa7\x94")):
        return True
    return start.lstrip()[:1] == b"<"


def _number(text: str | None, default: int) -> int:
    try:
        return int(float(text)) if text else default
    except (ValueError, OverflowError):
        return default


def _true(text: str | None) -> bool:
    return text in ("1", "true")
