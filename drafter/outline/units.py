"""Numbers as writers type them: with their unit (86.4亿元, 8.7%), in a scale (万元, 亿元), and
with the decimals they wrote (60.0 stays 60.0 where it is printed as typed).

Shared by the outline model (a figure's `value: 86.4亿元`) and the statistics tables (a table in
万元 read into a figure in 亿元), so a unit is understood the same way everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from drafter.schema.source import Written

# Scale words a unit may start with: 万元 and 亿元 are one unit in two scales.
SCALES = {"百万": 10**6, "千万": 10**7, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"  # 21,500  86.4  -3
_TYPED = re.compile(rf"({NUMBER})(\D{{0,8}})")  # the number, then a unit of a few characters
_UNIT_MARKS = re.compile(r"[\s,，。；;：:、（）()]")


def number_and_unit(text: str) -> tuple[Written, str] | None:
    """'86.4亿元' → (86.4, '亿元'); '8.7％' → (8.7, '%'); '21,500' → (21500, ''); None when the
    text does not begin with a number followed by a unit (约86, 8.7%左右的增长)."""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("−", "-")
    match = _TYPED.fullmatch(folded)
    if match is None or _UNIT_MARKS.search(match.group(2)):
        return None
    digits = match.group(1).replace(",", "")
    return Written(float(digits), digits), match.group(2)


def typed_numbers(figure: Mapping[str, Any]) -> dict[str, tuple[Written, str]]:
    """A figure's numbers typed as text (value: 86.4亿元), each with the unit typed with it."""
    found = {}
    for key in ("value", "previous", "target"):
        typed = figure.get(key)
        if isinstance(typed, str) and (parsed := number_and_unit(typed)) is not None:
            found[key] = parsed
    return found


def typed_unit(numbers: Mapping[str, tuple[Written, str]]) -> str:
    """The unit the first of them carries, a bare scale word (2.1万) aside; '' if none."""
    return next((unit for _, unit in numbers.values() if unit and unit not in SCALES), "")


def split_unit(unit: str) -> tuple[int, str]:
    """万元 → (10000, 元); 万 alone → (10000, ''); 元 → (1, 元)."""
    for word, scale in SCALES.items():
        if unit.startswith(word):
            return scale, unit[len(word) :]
    return 1, unit


def unit_factor(source: str, target: str) -> Decimal | None:
    """How many `target` units one `source` unit is (万元 → 亿元: 0.0001); None if unrelated."""
    if source == target:
        return Decimal(1)
    (scale_from, base_from), (scale_to, base_to) = split_unit(source), split_unit(target)
    if base_from != base_to or not base_from:
        return None
    return Decimal(scale_from) / Decimal(scale_to)


def converted(number: float, unit: str, into: str) -> float | None:
    """`number` in `unit` expressed in `into` (86.4 亿元 → 864000 万元); a bare scale word takes
    the base of `into` (2.1 万 → 21000 个); None when the units are unrelated."""
    if unit == into:
        return number
    scale, base = split_unit(unit)
    if not base and unit in SCALES:  # 2.1万 in a figure counted in 个, or with no unit at all
        into_scale, _ = split_unit(into)
        factor: Decimal | None = Decimal(scale) / Decimal(into_scale)
    else:
        factor = unit_factor(unit, into)
    if factor is None:
        return None
    return scaled(number, factor)


def scaled(number: float, factor: Decimal) -> float:
    return float(Decimal(repr(float(number))) * factor)
