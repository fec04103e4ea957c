"""The Chinese names writers type for drafter's keys and choices: one table of each.

An outline may say `讲话人:` for `speaker:`, `type: 工作回顾` for `type: review` and
`numbering: （一）` for `numbering: paren`. Validation reads these tables (aliases become the
English keys before validation, Chinese choices their English values), and so do "did you mean",
`drafter schema` and the README's tables. A kind's Chinese names live with the kind (`names:` in
its template's leading comment), so an office's own kinds have them too.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from drafter.chinese import numerals

# Chinese aliases of the keys, by the model that has the key (a part type inherits PartBase's).
KEY_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "Outline": {
        "kind": ("讲话类型", "类型"),
        "title": ("标题", "主标题"),
        "occasion": ("会议", "会议名称"),
        "speaker": ("讲话人",),
        "date": ("日期",),
        "salutation": ("称呼",),
        "parts_numbering": ("部分序号",),
        "year": ("年份",),
        "org": ("单位",),
        "leadership": ("上级领导机关",),
        "scope": ("工作主体",),
        "cause": ("事业",),
        "audience": ("面向群体",),
        "host": ("主办单位",),
        "presenters": ("发言单位",),
        "commendation": ("表彰",),
        "target_minutes": ("讲话时长", "时长"),
        "style": ("版式",),
        "checks": ("检查",),
        "opening": ("开场白",),
        "parts": ("部分",),
        "closing": ("结束语",),
        "data": ("统计表",),
    },
    "PartBase": {
        "type": ("类型",),
        "title": ("标题",),
        "intro": ("导语",),
        "numbering": ("序号",),
        "run_in": ("接排",),
        "announce": ("报数句",),
        "items": ("条目",),
        "outro": ("结语",),
    },
    "ReviewPart": {"period": ("时段",), "shortcomings": ("问题和不足", "不足")},
    "SituationPart": {"opportunities": ("机遇",), "challenges": ("挑战",)},
    "TasksPart": {"goal": ("总体要求",)},
    "OutlineItem": {
        "headline": ("小标题", "标题"),
        "text": ("正文",),
        "facts": ("事实",),
        "figures": ("数据",),
        "measures": ("举措",),
        "use": ("素材",),
        "with": ("参数",),
        "run_in": ("接排",),
        "numbering": ("序号",),
        "items": ("条目",),
    },
    "Figure": {
        "label": ("指标",),
        "verb": ("动词",),
        "value": ("数值", "本期"),
        "unit": ("单位",),
        "previous": ("上期", "上年"),
        "target": ("目标",),
        "compare": ("比较对象",),
        "change": ("写法",),
        "scale": ("换算",),
        "from": ("统计表", "来源"),
        "row": ("行",),
    },
    "Measure": {"lead": ("引领句",), "text": ("正文",)},
    "Opening": {
        "text": ("正文",),
        "use": ("素材",),
        "with": ("参数",),
        "purposes": ("主要任务",),
        "basis": ("依据",),
        "announce": ("报数句",),
    },
    "Closing": {
        "text": ("正文",),
        "use": ("素材",),
        "with": ("参数",),
        "greeting": ("问候",),
        "thanks": ("致谢",),
    },
    "Ref": {"use": ("素材",), "with": ("参数",)},
    "Checks": {"disable": ("关闭",)},
    "DataTable": {
        "file": ("文件",),
        "sheet": ("工作表",),
        "label": ("指标列",),
        "value": ("本期列",),
        "previous": ("上期列",),
        "target": ("目标列",),
        "unit": ("单位列",),
    },
}


def _numbering(styles: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each numbering style typed as it looks: its first label (（一）, 1、, 第一，)."""
    names: dict[str, tuple[str, ...]] = {}
    for style in styles:
        first = numerals.label(style, 1)
        if not first:
            names[style] = ("不编号",)
        elif first.endswith("，"):
            names[style] = (first, first[:-1])  # 第一， and 第一
        else:
            names[style] = (first,)
    return names


# Chinese names of the choices, by the key that takes them; the first name is the one shown.
CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "type": {
        "review": ("工作回顾", "回顾"),
        "situation": ("形势分析", "形势"),
        "tasks": ("重点工作", "重点任务"),
        "requirements": ("工作要求", "要求"),
        "topic": ("专题",),
    },
    "numbering": _numbering(numerals.ITEM_STYLES),
    "parts_numbering": _numbering(("cn", "arabic-dun", "none")),
    "change": {"growth": ("增长率", "增长"), "from-to": ("由…到…",)},
    "scale": {"auto": ("自动",), "none": ("原样", "不换算"), "万": (), "亿": ()},
}


def fold(text: str) -> str:
    """How typed names are compared: full- and half-width alike (（一） = (一)), no spaces,
    an ellipsis of any length."""
    folded = "".join(unicodedata.normalize("NFKC", text).split())
    return folded.replace("...", "…").replace("……", "…")


def aliases_of(models: Iterable[type]) -> dict[str, str]:
    """Alias → English key for mappings described by `models` (and the models they extend)."""
    found: dict[str, str] = {}
    for model in models:
        for ancestor in model.__mro__:
            for key, aliases in KEY_ALIASES.get(ancestor.__name__, {}).items():
                for alias in aliases:
                    found.setdefault(alias, key)
    return found


def choice(key: str, value: Any) -> Any:
    """The English value a Chinese name of a choice stands for (工作回顾 → review); anything else
    is returned as it is, for validation to judge."""
    if not isinstance(value, str) or key not in CHOICES:
        return value
    folded = {fold(name): english for name, english in choice_names(key).items()}
    return folded.get(fold(value), value)


def choice_names(key: str) -> dict[str, str]:
    """Chinese name → English value, for the choices of `key` (none for other keys)."""
    table = CHOICES.get(key, {})
    return {name: value for value, names in table.items() for name in names}


def name_meant(typed: str, names: Mapping[str, str]) -> str:
    """' (did you mean '讲话人' / 'speaker'?)' for the Chinese name closest to `typed`, with
    what it stands for; '' when none is close."""
    close = difflib.get_close_matches(typed, list(names), n=1, cutoff=0.5)
    return f" (did you mean '{close[0]}' / '{names[close[0]]}'?)" if close else ""


def shown(key: str, value: str) -> str:
    """A choice as messages and help show it: review 工作回顾, paren （一）."""
    names = CHOICES.get(key, {}).get(value)
    return f"{value} {names[0]}" if names else value


def choice_schema(key: str, values: Iterable[str] | None = None) -> dict[str, Any]:
    """The JSON Schema of a choice: every English value and Chinese name, each described
    (`enumDescriptions`, which editors show beside each completion)."""
    table = CHOICES[key]
    chosen = list(values) if values is not None else list(table)
    enum: list[str] = []
    descriptions: list[str] = []
    for value in chosen:
        enum.append(value)
        descriptions.append("、".join(table[value]) or value)
        for name in table[value]:
            enum.append(name)
            descriptions.append(f"同 {value}")
    return {"type": "string", "enum": enum, "enumDescriptions": descriptions}
