"""The outline a writer fills in: a validated model whose JSON Schema editors can use.

Keys are English identifiers; values are the writer's Chinese text. Descriptions are in Chinese
because they show up as hover help in the writer's editor (via `drafter schema`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from drafter.chinese.numerals import ITEM_STYLES

PART_TYPES = ("review", "situation", "tasks", "requirements", "topic")
MAX_FIGURE = 1e15  # 千万亿: anything larger (or inf, nan) is a typo, and its growth would overflow
Numbering = Literal[ITEM_STYLES]  # type: ignore[valid-type]  # the one table in numerals


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be one line (no line breaks)")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _paragraphs(value: str) -> str:
    lines = (line.strip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _ordinary_number(value: float) -> float:
    if not math.isfinite(value) or abs(value) > MAX_FIGURE:
        raise ValueError(f"must be a finite number within ±{MAX_FIGURE:.0e}, not {value}")
    return value


Line = Annotated[str, AfterValidator(_one_line)]
Headline = Annotated[str, AfterValidator(_one_line), AfterValidator(_not_blank)]
Amount = Annotated[float, AfterValidator(_ordinary_number)]
Paragraphs = Annotated[
    str,
    AfterValidator(_paragraphs),
    Field(description="文字；每行一段（多段用 YAML 的 | 块写法）"),
]


class Strict(BaseModel):
    """Unknown keys are errors; numbers typed where text is expected are kept as text."""

    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        str_strip_whitespace=True,
        frozen=True,
        populate_by_name=True,  # `with` (a Python keyword) is the field `with_`
        defer_build=True,  # only Outline is ever validated; nested models build with it
    )


class Figure(Strict):
    """一项数据：本期值，可选上期值（自动算增长）和目标值（自动写完成情况）。"""

    label: Headline = Field(description="指标名称，如：市本级教育经费")
    verb: Line = Field("", description="指标名与数值之间的词，如：达、达到、为")
    value: Amount | None = Field(None, description="本期数值；部署类（只有目标）时可省略")
    unit: Line = Field("", description="单位，如：亿元、所、%、万人次")
    previous: Amount | None = Field(None, description="上期数值：自动写“比上年增长8.3%”")
    target: Amount | None = Field(None, description="目标值：有本期值时写完成情况，否则写“达到…”")
    compare: Line = Field("上年", description="比较对象，如：上年、去年同期")
    change: Literal["growth", "from-to"] = Field(
        "growth",
        description=(
            "有上期值时的写法：growth 写“比上年增长8.3%”，from-to 写“由41.2亿元增加到45.6亿元”"
        ),
    )
    scale: Literal["auto", "none", "万", "亿"] = Field(
        "auto", description="大数换算：auto 自动用万/亿，none 原样，或指定万、亿"
    )

    @model_validator(mode="after")
    def _needs_a_number(self) -> Figure:
        if self.value is None and self.target is None:
            raise ValueError("a figure needs a value or a target")
        if self.previous is not None and self.value is None:
            raise ValueError("'previous' needs a 'value' to compare with")
        return self


class Measure(Strict):
    """一条举措：加粗的小标题（引领句）接正文。"""

    lead: Headline = Field(description="引领句，加粗，如：对照标准找问题")
    text: Paragraphs = ""


Params = dict[str, str | int | float]


class Ref(Strict):
    """引用素材库中的一条（drafter closings list 查看）。"""

    use: Headline = Field(description="素材编号，如：greeting-spring-festival")
    with_: Params = Field(default_factory=dict, alias="with", description="参数")


class OutlineItem(Strict):
    """一个条目：标题句，接正文、事实、数据和举措；或用 use 引用素材库中的要求段落。"""

    headline: Headline | None = Field(None, description="标题句，如：系统党建不断加强")
    use: Headline | None = Field(
        None, description="引用素材库中的要求段落（category: requirement），如：req-organization"
    )
    with_: Params = Field(default_factory=dict, alias="with", description="素材参数")
    text: Paragraphs = ""
    facts: list[Headline] = Field(
        default_factory=list, description="事实短句，按顺序用分号连成一句"
    )
    figures: list[Figure] = Field(default_factory=list, description="数据，自动写增长和完成情况")
    measures: list[Measure] = Field(default_factory=list, description="举措，每条一段")

    @model_validator(mode="after")
    def _headline_or_use(self) -> OutlineItem:
        if not self.headline and not self.use:
            raise ValueError("an item needs a 'headline' (or 'use' of a library entry)")
        return self


class PartBase(Strict):
    title: Line | None = Field(None, description="部分标题；省略时用该讲话类型的默认标题")
    intro: Paragraphs = Field("", description="导语：条目之前的文字")
    numbering: Numbering | None = Field(
        None,
        description=(
            "条目序号样式：paren （一） | arabic 1. | arabic-dun 1、 | paren-arabic （1） | "
            "shi 一是 | yao 一要 | di 第一， | none 不编号"
        ),
    )
    run_in: bool | None = Field(
        None, description="条目标题是否与正文接排（true）或单独成行（false）"
    )
    items: list[OutlineItem] = Field(default_factory=list, description="条目，顺序即编号顺序")
    outro: Paragraphs = Field("", description="结语：条目之后的文字")


class ReviewPart(PartBase):
    """工作回顾：成绩（条目）和不足。"""

    type: Literal["review"]
    period: Line | None = Field(None, description="回顾的时段，如：2025年、上半年")
    shortcomings: list[Headline] = Field(
        default_factory=list, description="问题和不足，写成“一是……；二是……”"
    )


class SituationPart(PartBase):
    """形势分析：机遇与挑战。"""

    type: Literal["situation"]
    opportunities: list[Headline] = Field(default_factory=list, description="有利条件、发展机遇")
    challenges: list[Headline] = Field(default_factory=list, description="压力与挑战")


class TasksPart(PartBase):
    """重点工作：总体要求和各项任务。"""

    type: Literal["tasks"]
    goal: Paragraphs = Field("", description="总体要求或目标，放在任务之前")


class RequirementsPart(PartBase):
    """工作要求。"""

    type: Literal["requirements"]


class TopicPart(PartBase):
    """专题部分（如学校文化建设、学习先进事迹）：标题必填。"""

    type: Literal["topic"]
    title: Headline = Field(description="部分标题（必填）")


Part = Annotated[
    ReviewPart | SituationPart | TasksPart | RequirementsPart | TopicPart,
    Field(discriminator="type"),
]


def _text_or_use(model: Any, what: str) -> Any:
    """An opening or closing is the writer's own text or a library entry, never both."""
    if model.text and model.use:
        raise ValueError(f"give the {what}'s 'text' or 'use' a library entry, not both")
    return model


class Opening(Strict):
    """开场白：会议目的和“下面，我讲N个方面的问题”（N 自动计算）。"""

    text: Paragraphs = Field("", description="开场的话；省略时按讲话类型和会议名称生成")
    use: Headline | None = Field(None, description="引用素材库中的开场段落（category: opening）")
    with_: Params = Field(default_factory=dict, alias="with", description="素材参数")
    purposes: list[Headline] = Field(
        default_factory=list,
        description="会议的主要任务，如：回顾总结2025年工作；连成“主要任务是：……”",
    )
    basis: Line = Field("", description="讲话依据，如：根据局党委研究意见")
    announce: bool = Field(True, description="是否加“下面，我讲N个方面的问题”")

    _text_or_use = model_validator(mode="after")(lambda self: _text_or_use(self, "opening"))


class Closing(Strict):
    """结束语：自己写 text，或 use 素材库中的结束语；可加节日问候和致谢。"""

    text: Paragraphs = Field("", description="结束语全文；省略时用该讲话类型的标准结束语")
    use: Headline | None = Field(None, description="素材库中的结束语编号（category: closing）")
    with_: Params = Field(default_factory=dict, alias="with", description="结束语参数")
    greeting: Headline | Ref | None = Field(
        None, description="节日问候：素材编号，或 {use: 编号, with: {参数}}"
    )
    thanks: bool | Headline = Field(False, description="true 加“谢谢大家！”；也可写致谢素材的编号")

    _text_or_use = model_validator(mode="after")(lambda self: _text_or_use(self, "closing"))


class Checks(Strict):
    """drafter check 的设置。"""

    disable: list[Headline] = Field(
        default_factory=list, description="关闭的检查规则编号，如：half-width-punctuation"
    )


class Outline(Strict):
    """一篇讲话的提纲。"""

    kind: Headline = Field(description="讲话类型（drafter kinds 查看），如：work-conference")
    title: Line | None = Field(None, description="主标题；省略时标题为“在……上的讲话”，不设副标题")
    occasion: Headline = Field(description="会议名称，如：2026年全市教育工作会议")
    speaker: Line = Field("", description="讲话人，如：市教育局党委书记、局长 张某某")
    date: dt.date | Line | None = Field(
        None, description="日期：2026-01-20，或照原样保留的文字（如：2026年1月）"
    )
    salutation: Line = Field("同志们", description="称呼，如：同志们、各位领导、同志们")
    year: int | None = Field(
        None, ge=1900, le=2200, description="讲话所在年份；省略时从日期或会议名称推断"
    )
    org: Line = Field("", description="讲话人所在单位，如：市教育局")
    leadership: Line = Field("", description="上级领导机关，如：市委、市政府")
    scope: Line = Field("", description="工作主体，如：全市教育系统")
    target_minutes: float | None = Field(None, gt=0, description="计划讲话时长（分钟）")
    style: Line | None = Field(None, description="Word 版式：gbt9704（默认）、plain，或自己的版式")
    checks: Checks = Field(default_factory=lambda: Checks(), description="drafter check 的设置")
    opening: Opening = Field(default_factory=Opening)
    parts: list[Part] = Field(min_length=1, description="各部分，顺序即“一、二、三”的顺序")
    closing: Closing = Field(default_factory=Closing)

    @model_validator(mode="before")
    @classmethod
    def _text_shorthands(cls, data: Any) -> Any:
        """`opening: 今天……` and `closing: 同志们……` are short for `{text: …}`."""
        if isinstance(data, dict):
            data = dict(data)
            for key in ("opening", "closing"):
                if isinstance(data.get(key), str):
                    data[key] = {"text": data[key]}
                elif key in data and data[key] is None:  # `closing:` left empty
                    del data[key]
        return data

    def office_values(self) -> dict[str, str]:
        """Values library entries and templates fall back on: office words, the year's words."""
        values = {
            "org": self.org,
            "leadership": self.leadership,
            "scope": self.scope,
            "speaker": self.speaker,
            "occasion": self.occasion,
            **year_words(self.effective_year()),
        }
        return {key: value for key, value in values.items() if value}

    def effective_year(self) -> int | None:
        """The speech's year: given, or read from the date or the occasion."""
        if self.year:
            return self.year
        if isinstance(self.date, dt.date):
            return self.date.year
        for text in (self.date or "", self.occasion):
            match = re.search(r"(?<!\d)((?:19|20|21)\d{2})\s*年", str(text))
            if match:
                return int(match.group(1))
        return None


def year_words(year: int | None) -> dict[str, str]:
    """Period words templates use: 2026年 / 2025年, or 今年 / 过去一年 without a year."""
    if year is None:
        return {"this_year": "今年", "last_year": "过去一年", "next_year": "明年"}
    return {
        "year": str(year),
        "this_year": f"{year}年",
        "last_year": f"{year - 1}年",
        "next_year": f"{year + 1}年",
    }
