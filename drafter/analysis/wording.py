"""How the messages of `check` join what they list, in the user's language: English `a, b`
and `a; b`, Chinese `a、b` and `a；b`. Each join is a msgid, so a language orders it its way."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from drafter.i18n import _


def listed(items: Iterable[str]) -> str:
    """Words or names as one list: 讲话人 → speaker, 日期 → date."""
    return functools.reduce(
        lambda items, item: _("{items}, {item}").format(items=items, item=item), items
    )


def clauses(items: Iterable[str]) -> str:
    """Clauses one after another: value D6 864,321 (2025年); unit 万元 (C6)."""
    return functools.reduce(
        lambda clauses, clause: _("{clauses}; {clause}").format(clauses=clauses, clause=clause),
        items,
    )
