"""The typefaces a style profile names, what stands in for each where it is missing, and how
each format asks for them.

Official drafts name faces that Windows does not ship (仿宋_GB2312, 楷体_GB2312, 方正小标宋简体).
Word and WPS fall back on the font table's `w:altName`; browsers on a CSS font list; LibreOffice
on fontconfig. One table here serves all three, so a draft looks alike wherever it is opened.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from drafter.chinese.text import pattern
from drafter.i18n import N_, _
from drafter.writers.styles import Profile

_CJK = pattern(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Face:
    """A typeface a profile may name."""

    name: str
    alt_name: str = ""  # what Word and WPS try first where `name` is not installed
    generic: str = "serif"  # the CSS generic family it belongs to
    lookalikes: tuple[str, ...] = ()  # faces that look alike, nearest first, across systems
    east_asian: bool = True

    @property
    def chain(self) -> tuple[str, ...]:
        """The face, then its stand-ins, each once."""
        alt = () if self.alt_name in self.lookalikes else (self.alt_name,)
        return tuple(n for n in dict.fromkeys((self.name, *alt, *self.lookalikes)) if n)


# Stand-ins by look: the Windows/WPS face, the macOS one, then free faces Linux ships.
_SERIF_CJK = ("Noto Serif CJK SC", "Source Han Serif SC")
_FANGSONG = ("仿宋", "FangSong", "STFangsong", "华文仿宋", *_SERIF_CJK)
_KAITI = ("楷体", "KaiTi", "STKaiti", "华文楷体", "AR PL UKai CN", "Noto Serif CJK SC")
_HEITI = ("黑体", "SimHei", "STHeiti", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC")
_SONGTI = ("宋体", "SimSun", "STSong", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC")
_ZHONGSONG = ("华文中宋", "STZhongsong", *_SONGTI)
_TIMES = ("Times New Roman", "Times", "Liberation Serif", "Nimbus Roman", "DejaVu Serif")

FACES: dict[str, Face] = {
    face.name: face
    for face in (
        Face("仿宋_GB2312", "仿宋", "serif", ("FangSong_GB2312", *_FANGSONG)),
        Face("楷体_GB2312", "楷体", "serif", ("KaiTi_GB2312", *_KAITI)),
        Face("方正小标宋简体", "华文中宋", "serif", ("FZXiaoBiaoSong-B05S", *_ZHONGSONG)),
        Face("黑体", "SimHei", "sans-serif", _HEITI[1:]),
        Face("宋体", "SimSun", "serif", _SONGTI[1:]),
        Face("仿宋", "FangSong", "serif", _FANGSONG[1:]),
        Face("楷体", "KaiTi", "serif", _KAITI[1:]),
        Face("华文中宋", "STZhongsong", "serif", _ZHONGSONG[1:]),
        Face("Times New Roman", "", "serif", _TIMES[1:], east_asian=False),
    )
}
# A face the table does not know is matched by the word in its name (方正仿宋_GBK → 仿宋).
_BY_WORD = (
    ("仿宋", "仿宋"),
    ("fangsong", "仿宋"),
    ("楷", "楷体"),
    ("kai", "楷体"),
    ("黑", "黑体"),
    ("hei", "黑体"),
    ("小标宋", "方正小标宋简体"),
    ("中宋", "华文中宋"),
    ("宋", "宋体"),
    ("song", "宋体"),
)


def face(name: str) -> Face:
    """What drafter knows about a face: its entry, or one borrowed from a face it names."""
    if name in FACES:
        return FACES[name]
    lowered = name.casefold()
    for word, known in _BY_WORD:
        if word in lowered:
            like = FACES[known]
            return Face(name, like.name, like.generic, like.chain)
    return Face(name, east_asian=bool(_CJK().search(name)))


def profile_faces(profile: Profile) -> dict[str, list[str]]:
    """Each face the profile names, with what it is used for (style keys, page numbers)."""
    uses: dict[str, list[str]] = {}
    specs = [("normal", profile.normal), *profile.styles.items()]
    for key, spec in specs:
        for name in dict.fromkeys((spec.font, spec.latin_font)):
            if name:
                uses.setdefault(name, []).append(key)
    if profile.page_number.enabled:
        uses.setdefault(profile.page_number.font, []).append(
            N_("page numbers")
        )  # a style key, or this: shown translated
    return uses


def css_family(name: str) -> str:
    """A CSS font-family list: the face, its stand-ins, then the generic family."""
    known = face(name)
    return ", ".join([*(_css_name(n) for n in known.chain), known.generic])


def _css_name(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", name) else f'"{name}"'


def escape(text: str) -> str:
    """Text for XML content (what xml.sax.saxutils.escape does, whose import pulls in
    urllib.request, http and ssl: a fifth of a render's start-up on a busy machine)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fontconfig_aliases(names: Iterable[str], include: str = "/etc/fonts/fonts.conf") -> str:
    """A fontconfig file: the system's (`include`), then rules preferring each face's stand-ins,
    nearest first (LibreOffice on Linux otherwise draws every missing Chinese face in one
    sans-serif)."""
    rules = []
    for name in names:
        known = face(name)
        prefer = "".join(f"<family>{escape(n)}</family>" for n in known.chain[1:])
        if prefer:
            rules.append(
                f'  <alias binding="strong"><family>{escape(name)}</family>'
                f"<prefer>{prefer}</prefer><default><family>{known.generic}</family></default>"
                "</alias>"
            )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{escape(include)}</include>\n'
        + "\n".join(rules)
        + "\n</fontconfig>\n"
    )


@dataclass(frozen=True)
class FaceStatus:
    """One face of a profile on this machine: installed, or what a reader sees instead."""

    name: str
    uses: tuple[str, ...]
    installed: bool
    alt_name: str  # Word's and WPS's first choice where the face is missing
    seen_here: str  # the face this machine draws it with (itself, a stand-in, or "")

    def as_json(self) -> dict[str, object]:
        return {
            "face": self.name,
            "used_for": list(self.uses),
            "installed": self.installed,
            "word_substitute": self.alt_name,
            "seen_here": self.seen_here,
        }


def survey(profile: Profile, installed: Mapping[str, str] | frozenset[str]) -> list[FaceStatus]:
    """Each face of `profile` against the installed families (compared case-insensitively)."""
    have = {name.casefold() for name in installed}
    statuses = []
    for name, uses in profile_faces(profile).items():
        known = face(name)
        seen = next((n for n in known.chain if n.casefold() in have), "")
        statuses.append(
            FaceStatus(name, tuple(uses), name.casefold() in have, known.alt_name, seen)
        )
    return statuses


def missing_message(
    style: str, statuses: Iterable[FaceStatus], *, embedded: bool = False
) -> str | None:
    """One sentence naming the faces of `style` this machine lacks, or None. `embedded`: the
    result (a PDF) carries this machine's stand-ins rather than the names."""
    missing = [s for s in statuses if not s.installed]
    if not missing:
        return None
    faces = "、".join(
        _("{face} (Word/WPS show {substitute})").format(face=s.name, substitute=s.alt_name)
        if s.alt_name
        else s.name
        for s in missing
    )
    if embedded:
        message = _(
            "the style {style} uses faces not installed here: {faces}; the PDF shows the "
            "stand-ins that drafter fonts lists"
        )
    else:
        message = _(
            "the style {style} uses faces not installed here: {faces}; the draft still names "
            "them and looks right where they are installed"
        )
    message = message.format(style=style, faces=faces)
    if style != "gbt9704":
        return message
    hint = _("--style {other} uses the faces Windows and WPS ship").format(other="gbt9704-win")
    return _("{warning}; {hint}").format(warning=message, hint=hint)
