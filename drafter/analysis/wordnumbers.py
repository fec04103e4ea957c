"""The numbers Word writes itself: a paragraph with `w:numPr` shows a label (一、 1. （一）) that is
not in its text. `extract` puts that label back, as the reader of the document sees it, from the
list's definition in numbering.xml (its format and its level text, such as “%1、”)."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

from drafter.chinese import numerals

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


class WordNumbers:
    """Counts numbered paragraphs in reading order and gives each its displayed label."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstracts = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            abstract = abstracts.get(ref.get(qn("w:val")) if ref is not None else None)
            if abstract is None:
                continue
            for lvl in abstract.findall(qn("w:lvl")):
                fmt, text, start = (
                    lvl.find(qn(f"w:{key}")) for key in ("numFmt", "lvlText", "start")
                )
                self.levels[(num.get(qn("w:numId")), int(lvl.get(qn("w:ilvl"), "0")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "",
                    int(start.get(qn("w:val"))) if start is not None else 1,
                )

    def label(self, paragraph: Any) -> str:
        """The label Word shows before `paragraph`, or "" when it is not numbered."""
        found = _num_pr(paragraph)
        if found is None:
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
            number = counters.get(shown, 0) + self.levels.get((num_id, shown), ("", "", 1))[2] - 1
            text = text.replace(f"%{shown + 1}", self._format(num_id, shown, number))
        return text

    def _format(self, num_id: str, level: int, number: int) -> str:
        fmt = self.levels.get((num_id, level), ("decimal", "", 1))[0]
        return numerals.chinese(number) if fmt in _CHINESE else str(number)


def _num_pr(paragraph: Any) -> tuple[str, int] | None:
    """(numId, level) from the paragraph's properties, else from its style's; numId 0 is none."""
    sources = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        sources.append(style.element.pPr)
        style = style.base_style
    for ppr in sources:
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is None:
            continue
        num_id, level = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
        value = num_id.get(qn("w:val")) if num_id is not None else "0"
        if value == "0":
            return None
        return value, int(level.get(qn("w:val"))) if level is not None else 0
    return None
