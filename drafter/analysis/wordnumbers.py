"""The numbers Word writes itself: a paragraph with `w:numPr` shows a label (一、 1. （一）) that is
not in its text. `extract` puts that label back, as the reader of the document sees it, from the
list's definition in numbering.xml (its format and its level text, such as “%1、”). Definitions
and styles are read once: a long document is read paragraph by paragraph."""

from __future__ import annotations

from typing import Any

from drafter.chinese import numerals

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHINESE = {
    "chineseCounting",
    "chineseCountingThousand",
    "chineseLegalSimplified",
    "ideographTraditional",
    "japaneseCounting",
    "taiwaneseCounting",
}
# Without a readable definition, the usual labels of a 公文 by level: 一、（一）1.（1）
_BY_LEVEL = ("cn", "paren", "arabic", "paren-arabic")

Level = tuple[str, str, int]  # format, level text, start


class WordNumbers:
    """Counts numbered paragraphs in reading order and gives each its displayed label."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], Level] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.styles = _style_numbering(document.styles.element)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstracts = {a.get(f"{_W}abstractNumId"): a for a in root.findall(f"{_W}abstractNum")}
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            abstract = abstracts.get(ref.get(f"{_W}val") if ref is not None else None)
            for lvl in abstract.findall(f"{_W}lvl") if abstract is not None else ():
                key = (num.get(f"{_W}numId") or "", int(lvl.get(f"{_W}ilvl", "0")))
                self.levels[key] = (
                    _value(lvl, "numFmt", "decimal"),
                    _value(lvl, "lvlText", ""),
                    int(_value(lvl, "start", "1") or 1),
                )

    def label(self, ppr: Any) -> str:
        """The label Word shows before a paragraph (by its properties), "" when not numbered."""
        found = _num_pr(ppr)
        if found is None and ppr is not None:
            style = ppr.find(f"{_W}pStyle")
            found = self.styles.get(style.get(f"{_W}val") if style is not None else None)
        if found is None or found[0] in ("", "0"):
            return ""
        num_id, level = found
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, 0) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        if (num_id, level) not in self.levels:
            style = _BY_LEVEL[min(level, len(_BY_LEVEL) - 1)]
            return numerals.label(style, counters[level])
        text = self.levels[(num_id, level)][1]
        for shown in range(level, -1, -1):
            fmt, _, start = self.levels.get((num_id, shown), ("decimal", "", 1))
            number = counters.get(shown, 0) + start - 1
            text = text.replace(
                f"%{shown + 1}", numerals.chinese(number) if fmt in _CHINESE else str(number)
            )
        return text


def _value(element: Any, key: str, default: str) -> str:
    found = element.find(f"{_W}{key}")
    return found.get(f"{_W}val", default) if found is not None else default


def _num_pr(ppr: Any) -> tuple[str, int] | None:
    """(numId, level) a paragraph's or a style's properties give, or None."""
    found = ppr.find(f"{_W}numPr") if ppr is not None else None
    if found is None:
        return None
    num_id, level = found.find(f"{_W}numId"), found.find(f"{_W}ilvl")
    return (
        num_id.get(f"{_W}val", "") if num_id is not None else "",
        int(level.get(f"{_W}val", "0")) if level is not None else 0,
    )


def _style_numbering(styles: Any) -> dict[str | None, tuple[str, int]]:
    """Each paragraph style's numbering, its own or the one it is based on (List Number …)."""
    own: dict[str, tuple[str, int] | None] = {}
    based: dict[str, str] = {}
    for style in styles.findall(f"{_W}style"):
        if style.get(f"{_W}type") != "paragraph":
            continue
        key = style.get(f"{_W}styleId") or ""
        own[key] = _num_pr(style.find(f"{_W}pPr"))
        parent = style.find(f"{_W}basedOn")
        if parent is not None:
            based[key] = parent.get(f"{_W}val", "")
    found: dict[str | None, tuple[str, int]] = {}
    for key in own:
        seen, current = set(), key
        while current in own and current not in seen and own[current] is None:
            seen.add(current)
            current = based.get(current, "")
        if own.get(current) is not None:
            found[key] = own[current]  # type: ignore[assignment]
    return found
