"""Jinja filters the speech templates need: numerals, joining, dates, figures, punctuation.

They take what templates hold (outline values, already escaped for the block markup) and return
text; none of them emits markup, so escaping never has to be undone. Outline values carry
invisible source marks (`render/sources.py`): filters that look at a text's edges look past
them, and those that work numbers out or write a figure or date mark what they write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from drafter.chinese import names, numerals
from drafter.chinese.punctuation import normalize
from drafter.chinese.text import SENTENCE_END, stated_counts
from drafter.outline.units import SCALES, split_unit
from drafter.render.sources import computed, keyed, through_marks
from drafter.schema.source import Written

# A trailing … also completes a sentence (the speaker trails off on purpose).
_COMPLETE = SENTENCE_END + "…"
_CLOSERS = "”’」』）)》"
SOFT_END = "，；、：,;:"
WRITTEN_PLACES = 6  # decimals typed beyond these are not kept (a figure is no measurement)


def cn(number: int) -> str:
    """8 → 八; for item counts and ordinals in text."""
    return numerals.chinese(int(number))


def cn_count(number: int, measure: str = "个") -> str:
    """Spoken count before a measure word: 3 → 三个, 2 → 两个."""
    return numerals.ordinal_count(int(number), measure)


def cn_join(items: Iterable[Any], conjunction: str = "和") -> str:
    """['a', 'b', 'c'] → a、b和c; two items → a和b."""
    return names.joined([str(item) for item in items if str(item)], conjunction)


def addressed(people: Iterable[Any], conjunction: str = "和") -> str:
    """Names joined as a speech thanks them: a bare name takes 同志 (何春兰和梁宏远同志), a name
    with its own title or a unit does not (于锡淼老师、李素洁校长和蒋小贵同志)."""
    words = [str(person) for person in people if str(person)]
    return cn_join(names.addressed(words, through_marks(names.is_bare_name)), conjunction)


@keyed
def cn_date(value: dt.date | str | None) -> str:
    """2026-01-20 → 2026年1月20日 (no leading zeros); text is kept as written."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def number(value: float | int | Decimal, places: int | None = None) -> str:
    """45.60 → 45.6, 12.0 → 12, 1e9 → 1000000000 (never scientific, never '-0'); a number the
    outline wrote with trailing zeros (60.0) keeps them."""
    if places is None and isinstance(value, Written) and value.places():
        places = min(value.places(), WRITTEN_PLACES)
        decimal = Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
        return f"{decimal:f}"
    decimal = Decimal(str(value))
    if places is not None:
        decimal = decimal.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{decimal:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# A number the outline does not know yet is a placeholder (XX): written as is, and every clause
# computed from it says XX too, so the draft reads whole and the writer sees what to fill in.
PENDING = "XX"
Number = float | str


def amount(value: Number, unit: str = "", scale: str = "auto", precision: int | None = None) -> str:
    """A value with its unit, large values in 万/亿: 456000000, 元 → 4.56亿元.

    auto: ≥1亿 → 亿; ≥100万 → 万 (two decimals); ≥1万 → 万 only when nothing is lost
    (15000 → 1.5万, but 12345 stays). A unit already in a scale counts from it and is never
    made smaller: 864321万元 → 86.43亿元, 5000万元 stays. Rates (%) are never scaled; `none`
    keeps the value as it is. `precision` is the decimals kept: else two in 万 or 亿 (a
    table's 86.4321亿元 says 86.43亿元) unless the outline typed more, and others as they are.
    """
    if isinstance(value, str):
        return value + unit
    if scale == "none" or unit in ("%", "‰"):
        return number(value, precision) + unit
    own, base = split_unit(unit)
    total = Decimal(str(value)) * own
    if scale in ("万", "亿"):
        into = SCALES[scale]
    else:
        into = max(_auto_scale(total), own)
        if into == own:
            if precision is None and own > 1 and not isinstance(value, Written):
                precision = 2  # a table's 86.4321亿元 is said 86.43亿元
            return number(value, precision) + unit
    word = next(word for word, size in SCALES.items() if size == into and len(word) == 1)
    return number(total / into, 2 if precision is None else precision) + word + base


def _auto_scale(total: Decimal) -> int:
    """The scale a speech says an amount in: 亿 from 1亿, 万 from 100万 (or from 1万 when two
    decimals lose nothing), else none."""
    size = abs(total)
    if size >= 100_000_000:
        return 100_000_000
    in_wan = total / 10_000
    if size >= 1_000_000 or (size >= 10_000 and in_wan == in_wan.quantize(Decimal("0.01"))):
        return 10_000
    return 1


def _tenth(value: Decimal) -> Decimal:
    """Rounded half up to one decimal, as statistics are reported."""
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _dec(value: float) -> Decimal:
    return Decimal(str(value))


@computed
def growth(value: Number, previous: Number, unit: str = "", compare: str = "上年") -> str:
    """比上年增长8.3% / 下降2.1% / 与上年持平; rates (%) change in 个百分点."""
    if isinstance(value, str) or isinstance(previous, str):
        return f"比{compare}提高{PENDING}个百分点" if unit == "%" else f"比{compare}增长{PENDING}%"
    if unit == "%":
        rounded = _tenth(_dec(value) - _dec(previous))
        if rounded == 0:
            return f"与{compare}持平"
        verb = "提高" if rounded > 0 else "降低"
        return f"比{compare}{verb}{number(abs(rounded))}个百分点"
    if previous == 0:
        if value == 0:
            return f"与{compare}持平"
        return f"比{compare}增加{amount(value, unit)}"
    rounded = _tenth((_dec(value) - _dec(previous)) / abs(_dec(previous)) * 100)
    if rounded == 0:
        return f"与{compare}持平"
    verb = "增长" if rounded > 0 else "下降"
    return f"比{compare}{verb}{number(abs(rounded))}%"


@computed
def completion(value: Number, target: Number, unit: str = "") -> str:
    """How a value stands against its target: 完成目标任务的96.5% / 超额完成目标任务."""
    if isinstance(value, str) or isinstance(target, str):
        if unit == "%":
            return f"预期目标为{amount(target, unit)}"
        return f"完成目标任务的{PENDING}%"
    if unit == "%":
        gap = _tenth(_dec(value) - _dec(target))
        if gap == 0:
            return "达到预期目标"
        if gap > 0:
            return f"高于预期目标{number(gap)}个百分点"
        return f"距预期目标还差{number(-gap)}个百分点"
    if target == 0:
        return ""
    share = _tenth(_dec(value) / _dec(target) * 100)
    if share == 100:
        return "全面完成目标任务"
    if share > 100:
        return f"完成目标任务的{number(share)}%"
    return f"完成目标任务的{number(share)}%"


@computed
def from_to(
    value: Number,
    previous: Number,
    unit: str = "",
    scale: str = "auto",
    precision: int | None = None,
) -> str:
    """由41.2亿元增加到45.6亿元 / 由78.3%提高到91.5% / 保持在97.4%."""
    now = amount(value, unit, scale, precision)
    before = amount(previous, unit, scale, precision)
    if isinstance(value, str) or isinstance(previous, str):
        return f"由{before}{'提高' if unit in ('%', '‰') else '增加'}到{now}"
    if value == previous:
        return f"保持在{now}"
    if unit in ("%", "‰"):
        verb = "提高" if value > previous else "下降"
    else:
        verb = "增加" if value > previous else "减少"
    return f"由{before}{verb}到{now}"


@keyed
def figure(fig: Any) -> str:
    """One figure as a clause: 市本级教育经费45.6亿元，比上年增长10.7%."""
    if fig.value is None:  # a target only: a goal still to reach
        target = amount(fig.target, fig.unit, fig.scale, fig.precision)
        return f"{fig.label}{fig.verb or '力争达到'}{target}"
    if fig.previous is not None and fig.change == "from-to":
        change = from_to(fig.value, fig.previous, fig.unit, fig.scale, fig.precision)
        clauses = [fig.label + change]
    else:
        clauses = [f"{fig.label}{fig.verb}" + amount(fig.value, fig.unit, fig.scale, fig.precision)]
    if fig.previous is not None and fig.change == "growth":
        clauses.append(growth(fig.value, fig.previous, fig.unit, fig.compare))
    if fig.target is not None:
        done = completion(fig.value, fig.target, fig.unit)
        if "完成" in str(fig.label):  # 完成基建投资18.7亿元，为目标任务的58.4% (not 完成…完成)
            done = done.replace("完成目标任务的", "为目标任务的", 1)
        if done:
            clauses.append(done)
    return "，".join(clauses)


def details(item: Any) -> str:
    """An item's facts and figures as one sentence: 新建幼儿园12所；市本级教育经费45.6亿元…。"""
    clauses = [bare(str(fact)) for fact in item.facts] + [figure(fig) for fig in item.figures]
    return _series([clause for clause in clauses if clause])


@through_marks
def sentence(text: str) -> str:
    """End a run-in headline or fragment with 。 unless it already ends a sentence; a
    half-width . ending Chinese text is its 。 (他说"好." → 他说"好。")."""
    text = _full_stop(str(text).rstrip())
    if not text or ends_sentence(text):
        return text
    if text[-1] in SOFT_END:
        text = text[:-1]
    return text + "。"


def _full_stop(text: str) -> str:
    """Text whose final . (before any closing quotes) follows a Chinese character, with 。 for
    it; a Latin sentence (Hello, world.) and a figure (3.) keep theirs."""
    words = text.rstrip(_CLOSERS + "\"'")
    if len(words) > 1 and words[-1] == "." and not words[-2].isascii():
        return words[:-1] + "。" + text[len(words) :]
    return text


@through_marks
def ends_sentence(text: str) -> bool:
    """Whether text ends a sentence: 。！？… or one of them inside closing quotes (……。”);
    a Latin sentence may end with . ! ? (Hello, world.). Half-width marks in Chinese text are
    read as render writes them (他说："好。" ends with 。” like 他说：“好。”)."""
    text = normalize(str(text).rstrip()).rstrip(_CLOSERS)
    if text.endswith((".", "!", "?")) and len(text) > 1 and text[-2].isascii():
        return True
    return bool(text) and text[-1] in _COMPLETE


@through_marks
def finish(text: str) -> str:
    """A body paragraph ends with its punctuation: 。 is added unless it ends a sentence or
    introduces what follows (：)."""
    text = str(text).rstrip()
    return text if text.endswith(("：", ":")) else sentence(text)


@through_marks
def lead_in(text: str) -> str:
    """Text an enumeration follows in its paragraph (……，一是……；二是……): a trailing ，or ：
    stays, a 。 becomes ：, ！？… stay, and text without a mark takes ，."""
    text = normalize(str(text).rstrip())
    if not text or text.endswith(("，", "：")):
        return text
    if text[-1] in SOFT_END:
        return text[:-1] + "，"
    if text[-1] in "。．" or (text[-1] == "." and not text[-2:-1].isascii()):
        return text[:-1] + "："
    return text if ends_sentence(text) else text + "，"


@through_marks
def before_count(text: str) -> str:
    """The paragraph a count sentence follows: a lead-in ending in ，runs on into it; a
    paragraph ending in ：or anything else ends with 。 (never “……：主要体现在……：”)."""
    text = str(text).rstrip()
    if text.endswith(("，", ",")):
        return text
    return sentence(text.rstrip("：:"))


@through_marks
def bare(text: str) -> str:
    """A standalone heading carries no trailing 。，； (but keeps ？！)."""
    return str(text).rstrip().rstrip("。．.，,；;、：:")


def points(items: Iterable[Any], style: str = "shi") -> str:
    """In-sentence enumeration: ['a', 'b'] → 一是a；二是b。 One clause is not enumerated. A
    clause's own end mark gives way to the ；between clauses; the last keeps its ！？… in
    place of 。 (二是经费紧张！)."""
    clauses = [bare(str(item)) for item in items if str(item).strip()]
    if len(clauses) < 2:
        return _series(clauses)
    return _series(
        [numerals.label(style, n) + after_label(c, style) for n, c in enumerate(clauses, 1)]
    )


def _series(clauses: list[str]) -> str:
    """Clauses said as one sentence, joined by ；: each but the last without its own ！？…, the
    last keeping one in place of 。."""
    if not clauses:
        return ""
    *inner, last = clauses
    return sentence("；".join([*(_unended(clause) for clause in inner), last]))


@through_marks
def _unended(text: str) -> str:
    """A clause without its final ！？… (it goes on after ；)."""
    return str(text).rstrip(_COMPLETE + "!?")


# Words that begin with a label's own word (要素 after 一要, 是非 after 一是): the word is the
# headline's, not a repeat of the label's, so it stays (一要要素保障到位 reads wrong either way:
# `check` asks for another wording). 要务, 要件, 要领 and 要义 are left out: 要务实, 要件件落实,
# 要领会 and 要义无反顾 are 要 + a word far more often.
LABEL_WORD_COMPOUNDS = ("要素", "要点", "要害", "要津", "要塞", "要职", "要员", "是非", "是否")


def label_word(headline: str, style: str) -> str:
    """The label's own word (要 of 一要, 是 of 一是) when `headline` begins with it, else ""."""
    label = numerals.label(style, 1) if style in numerals.STYLES else ""
    word = label[-1:] if label[-1:] in ("要", "是") else ""
    return word if word and str(headline).startswith(word) else ""


@through_marks
def after_label(headline: str, style: str) -> str:
    """A headline as it follows its label: 一要 + 要加强 → 一要加强, 一是 + 是要 → 一是要
    (the label already says the word the writer typed again); a word that only begins with
    it stays whole (一要 + 要素保障到位: LABEL_WORD_COMPOUNDS)."""
    text = str(headline)
    if label_word(text, style) and not text.startswith(LABEL_WORD_COMPOUNDS):
        return text[1:]
    return text


# Ceremonies that open an event: one wishes the event success, not its opening.
_OPENING_CEREMONIES = ("开幕式", "开幕仪式", "启动仪式", "启动式", "开班仪式", "开班式", "开营仪式")


@through_marks
def event(occasion: str) -> str:
    """The event an opening ceremony opens (2026年读书节开幕式 → 2026年读书节, 阅读季启动仪式
    → 阅读季); any other occasion as written (签约仪式 is itself the event)."""
    text = str(occasion).strip()
    ceremony = next((c for c in _OPENING_CEREMONIES if text.endswith(c)), "")
    return text[: -len(ceremony)] if ceremony and text != ceremony else text


# Ceremonies of an act (开园, 签约) and what the act is called: one congratulates on the act.
_ACTS = {
    "开幕式": "开幕",
    "开幕仪式": "开幕",
    "启动仪式": "启动",
    "启动式": "启动",
    "开班仪式": "开班",
    "开班式": "开班",
    "开营仪式": "开营",
    "开园仪式": "开园",
    "开馆仪式": "开馆",
    "开业仪式": "开业",
    "揭牌仪式": "揭牌",
    "挂牌仪式": "挂牌",
    "签约仪式": "签约",
    "开工仪式": "开工",
    "竣工仪式": "竣工",
    "落成典礼": "落成",
    "落成仪式": "落成",
    "成立大会": "成立",
}
# Gatherings that celebrate something the occasion names (建校100周年庆祝大会); one that
# commemorates is congratulated on only when it marks an anniversary (建校100周年纪念大会).
_CELEBRATIONS = ("庆祝大会", "庆典大会", "庆祝活动", "庆典", "庆祝会", "校庆大会")
_COMMEMORATIONS = ("纪念大会", "纪念活动")


@through_marks
def celebrated(occasion: str) -> str:
    """What a guest congratulates on, as the occasion names it: 建校100周年庆祝大会 →
    建校100周年, 科技园开园仪式 → 科技园的开园, 签约仪式 → 这次签约; "" when the occasion
    names no act or anniversary (a meeting: the template says 会议的召开)."""
    text = str(occasion).strip()
    for ending in (*_CELEBRATIONS, *_COMMEMORATIONS):
        marked = text[: -len(ending)] if text.endswith(ending) else ""
        if marked and (ending in _CELEBRATIONS or marked.endswith("周年")):
            return marked
    ending = next((e for e in sorted(_ACTS, key=len, reverse=True) if text.endswith(e)), "")
    if not ending:
        return ""
    done, acts = text[: -len(ending)], [_ACTS[ending]]
    # 揭牌暨开园仪式: both acts
    while done.endswith("暨") and done[:-1].endswith(tuple(_ACTS.values())):
        act = next(a for a in _ACTS.values() if done[:-1].endswith(a))
        done, acts = done[: -len(act) - 1], [act, *acts]
    said = "和".join(acts)
    return f"{done}的{said}" if done else f"这次{said}"


def count_sentence(setting: Any, stock: str, count: int, one: str = "", end: str = "：") -> str:
    """The sentence that announces how many parts or items follow.

    `setting` is the outline's `announce`: false (none), a sentence of the writer's with {n},
    or true/unset for the kind's `stock` sentence. With one element there is nothing to count:
    the stock sentence gives way to `one` (a phrasing for one element, or nothing), and the
    writer's own sentence is left out (`check` says so). The writer's sentence typed without
    its final mark ends with `end` (：before items, 。 before parts)."""
    if setting is False or count < 1:
        return ""
    if count == 1:
        return "" if isinstance(setting, str) else one
    if isinstance(setting, str):
        return _ended(setting.replace("{n}", spoken_number(count)), end)
    return stock.replace("{n}", spoken_number(count))


@through_marks
def _ended(text: str, end: str) -> str:
    """Text that ends a sentence or says ：as it is, else with `end` for its soft mark or none."""
    text = _full_stop(str(text).rstrip())
    if not text or ends_sentence(text) or text.endswith(("：", ":")):
        return text
    return (text[:-1] if text[-1] in SOFT_END else text) + end


# What a count sentence may open with to tie it to what came before (为此，我提三点要求：):
# after a writer's lead-in that ends in ，it is not said (为此，这里，我…). A purpose clause
# (为推动……，) ties it the same way.
CONNECTIVES = ("为此", "对此", "这里", "在此", "下面", "借此机会", "概括起来", "同时", "因此")


def after_lead(count: str, text: str) -> str:
    """A count sentence as it follows `text`: after a lead-in ending in ，(……为此，) the count's
    own tie to what came before (为此，这里，下面，为推动……，) is not said again."""
    return _untied(count) if _leads_on(text) else count


@through_marks
def _leads_on(text: str) -> bool:
    return str(text).rstrip().endswith(("，", ","))


@through_marks
def _untied(count: str) -> str:
    text = str(count)
    head, comma, rest = text.partition("，")
    if comma and rest and (head in CONNECTIVES or head.startswith("为")):
        return rest
    return text


@through_marks
def opens_items(text: str) -> str:
    """The paragraph items follow when no count is said: a lead-in ending in ，(……概括起来，)
    says ：, any other paragraph ends as `finish` ends it."""
    text = str(text).rstrip()
    if text.endswith(("，", ",")):
        return text[:-1] + "："
    return finish(text)


@computed
def spoken_number(count: int) -> str:
    """A count as spoken before a measure word: 3 → 三, 2 → 两 (两个方面, 两点)."""
    return numerals.ordinal_count(int(count), "")


def announces_count(text: str) -> bool:
    """Whether text already says how many parts follow (讲三个方面的问题, 分四个部分来讲), or
    announces them without a number (讲几点意见, 讲些意见): any count `check` compares."""
    return any(True for _count in stated_counts(str(text)))


def paragraphs(text: str) -> list[str]:
    """Multi-line outline text → its paragraphs, one per non-empty line."""
    return [line.strip() for line in str(text or "").split("\n") if line.strip()]


FILTERS = {
    "cn": cn,
    "cn_count": cn_count,
    "cn_join": cn_join,
    "addressed": addressed,
    "cn_date": cn_date,
    "number": number,
    "amount": amount,
    "growth": growth,
    "from_to": from_to,
    "completion": completion,
    "figure": figure,
    "details": details,
    "sentence": sentence,
    "bare": bare,
    "lead_in": lead_in,
    "before_count": before_count,
    "after_lead": after_lead,
    "opens_items": opens_items,
    "points": points,
    "after_label": after_label,
    "event": event,
    "celebrated": celebrated,
    "count_sentence": count_sentence,
    "spoken_number": spoken_number,
    "finish": finish,
    "ends_sentence": ends_sentence,
    "paragraphs": paragraphs,
    "announces_count": announces_count,
}
