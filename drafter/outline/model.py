"""The outline a writer fills in: a validated model whose JSON Schema editors can use.

Keys are English identifiers; values are the writer's Chinese text. Descriptions are in Chinese
because they show up as hover help in the writer's editor (via `drafter schema`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from drafter.chinese.numerals import ITEM_STYLES
from drafter.outline import rules
from drafter.outline.names import CHOICES, choice, choice_schema
from drafter.outline.rules import (  # noqa: F401  (the model's own names, for its readers)
    MAX_FIGURE,
    MAX_ITEM_DEPTH,
    PART_TYPES,
    VERBATIM_KIND,
    hearers_of,
    year_words,
)


def _choice(key: str, values: Any) -> Any:
    """A choice among `values` that may also be typed by its Chinese name (names.CHOICES)."""
    return Annotated[
        values,
        BeforeValidator(lambda value: choice(key, value)),
        WithJsonSchema(choice_schema(key)),
    ]


def _part_tag(tag: str) -> Any:
    """A part's `type`; its Chinese names are taken before the tag picks the model (`Part`)."""
    return Annotated[Literal[tag], WithJsonSchema(choice_schema("type", [tag]))]


Numbering = _choice("numbering", Literal[ITEM_STYLES])  # the one table in numerals


def _as_written(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """A number keeps the decimals the writer typed (60.0), for where it is printed as typed."""
    return rules.as_written(value, handler(value))


Line = Annotated[str, AfterValidator(rules.one_line)]
# A number not known yet (drafter next writes XX for this year's value): rendered as written.
Pending = Annotated[str, AfterValidator(rules.a_placeholder)]
# A count sentence with {n} where drafter writes the number: 下面，我从{n}个方面谈谈看法。
CountSentence = Annotated[str, AfterValidator(rules.one_line), AfterValidator(rules.has_count)]
Announce = Annotated[
    bool | CountSentence,
    Field(
        description=(
            "报数句：true 用该讲话类型的固定表述（数目自动计算），false 不写，"
            "或自己写一句，用 {n} 表示数目，如：下面，我从{n}个方面谈谈自己的看法。"
        )
    ),
]
RunIn = Annotated[
    bool | Literal["items"],
    Field(
        description=(
            "接排：true 标题与正文接排（部分标题“一、……。正文”，其条目也接排），"
            "false 标题单独成行（条目也单独成行），items 只有条目接排"
        )
    ),
]
NUMBERING_HELP = (
    "序号样式："
    + " | ".join(f"{style} {names[0]}" for style, names in CHOICES["numbering"].items())
    + "（只有一项时自动不编号）；也可以照样子写，如：（一）、一是"
)
Headline = Annotated[str, AfterValidator(rules.one_line), AfterValidator(rules.not_blank)]
Amount = Annotated[
    float,
    AfterValidator(rules.ordinary_number),
    WrapValidator(_as_written),
    WithJsonSchema(
        {"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^\s*[+-]?[0-9０-９]"}]}
    ),
]
Paragraphs = Annotated[
    str,
    AfterValidator(rules.paragraphs),
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
    value: Amount | Pending | None = Field(
        None,
        description=(
            "本期数值，可带单位（如：86.4亿元、8.7%）；部署类（只有目标）时可省略；还不知道时写 XX"
        ),
    )
    unit: Line = Field("", description="单位，如：亿元、所、%、万人次；数值带了单位时可省略")
    previous: Amount | Pending | None = Field(None, description="上期数值：自动写“比上年增长8.3%”")
    target: Amount | Pending | None = Field(
        None, description="目标值：有本期值时写完成情况，否则写“达到…”"
    )
    compare: Line = Field("上年", description="比较对象，如：上年、去年同期")
    change: _choice("change", Literal["growth", "from-to"]) = Field(  # type: ignore[valid-type]
        "growth",
        description=(
            "有上期值时的写法：growth（增长率）写“比上年增长8.3%”，"
            "from-to（由…到…）写“由41.2亿元增加到45.6亿元”"
        ),
    )
    scale: _choice("scale", Literal["auto", "none", "万", "亿"]) = Field(  # type: ignore[valid-type]
        "auto",
        description=(
            "大数换算：auto（自动）用万/亿，none（原样）不换算，或指定万、亿"
            "（单位是万元而指定亿时，864000万元写成86.4亿元）"
        ),
    )
    from_: Headline | None = Field(
        None,
        alias="from",
        description=(
            "从统计表取数：data 中的表名，如：stats；本期、上期、目标和单位取自指标名称相同的一行，"
            "提纲里写了的以提纲为准"
        ),
    )
    row: Headline | None = Field(
        None, description="统计表中这一行的指标名称（与 label 不同时），如：教育经费总投入"
    )

    @model_validator(mode="before")
    @classmethod
    def _units_in_numbers(cls, data: Any) -> Any:
        """`value: 86.4亿元` is 86.4 in 亿元 (see `rules.units_in_numbers`); a number in another
        unit is an error at its line."""
        data, clashes = rules.units_in_numbers(data)
        if clashes:
            raise ValidationError.from_exception_data(
                cls.__name__,
                [
                    InitErrorDetails(
                        type=PydanticCustomError("unit_clash", "{message}", {"message": message}),
                        loc=(key,),
                        input=data[key],
                    )
                    for key, message in clashes.items()
                ],
            )
        return data

    @model_validator(mode="after")
    def _needs_a_number(self) -> Figure:
        rules.needs_a_number(self)
        return self


class DataTable(Strict):
    """一张统计表（.xlsx 或 .csv）：表头按常用名称自动识别，也可以写明各列的表头。"""

    file: Headline = Field(
        description="统计表文件，相对于提纲所在的文件夹，如：2025年教育统计.xlsx"
    )
    sheet: Line | None = Field(None, description="工作表名称；省略时用第一张能识别表头的工作表")
    label: Line | None = Field(None, description="指标名称列的表头；省略时识别 指标、项目、名称")
    value: Line | None = Field(
        None, description="本期数列的表头，如：2025年；省略时识别 本年、今年、本期或最近的年份"
    )
    previous: Line | None = Field(
        None, description="上期数列的表头；省略时识别 上年、去年、上期或前一年份"
    )
    target: Line | None = Field(None, description="目标值列的表头；省略时识别 目标、计划")
    unit: Line | None = Field(None, description="单位列的表头；省略时识别 单位、计量单位")


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
    """一个条目：标题句，接正文、事实、数据、举措和下一级条目；或用 use 引用素材库中的要求段落。"""

    headline: Headline | None = Field(
        None, description="标题句，如：系统党建不断加强；没有标题句时只写 text"
    )
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
    run_in: bool | None = Field(
        None, description="本条标题是否与正文接排（true）或单独成行（false）；省略时随所在部分"
    )
    numbering: Numbering | None = Field(None, description="下一级条目的" + NUMBERING_HELP)
    items: list[OutlineItem] = Field(
        default_factory=list,
        description="下一级条目（如“第一，……”下的“一是……二是……”），写法同条目",
    )

    @model_validator(mode="after")
    def _has_something(self) -> OutlineItem:
        rules.has_something(self)
        return self


class PartBase(Strict):
    title: Line | None = Field(None, description="部分标题；省略时用该讲话类型的默认标题")
    intro: Paragraphs = Field("", description="导语：条目之前的文字")
    numbering: Numbering | None = Field(None, description="条目的" + NUMBERING_HELP)
    run_in: RunIn | None = None
    announce: Announce | None = None
    items: list[OutlineItem] = Field(default_factory=list, description="条目，顺序即编号顺序")
    outro: Paragraphs = Field("", description="结语：条目之后的文字")


class ReviewPart(PartBase):
    """工作回顾：成绩（条目）和不足。"""

    type: _part_tag("review")  # type: ignore[valid-type]
    period: Line | None = Field(None, description="回顾的时段，如：2025年、上半年")
    shortcomings: list[Headline] = Field(
        default_factory=list, description="问题和不足，写成“一是……；二是……”"
    )


class SituationPart(PartBase):
    """形势分析：机遇与挑战。"""

    type: _part_tag("situation")  # type: ignore[valid-type]
    opportunities: list[Headline] = Field(default_factory=list, description="有利条件、发展机遇")
    challenges: list[Headline] = Field(default_factory=list, description="压力与挑战")


class TasksPart(PartBase):
    """重点工作：总体要求和各项任务。"""

    type: _part_tag("tasks")  # type: ignore[valid-type]
    goal: Paragraphs = Field("", description="总体要求或目标，放在任务之前")


class RequirementsPart(PartBase):
    """工作要求。"""

    type: _part_tag("requirements")  # type: ignore[valid-type]


class TopicPart(PartBase):
    """专题部分（如学校文化建设、学习先进事迹）：标题必填。"""

    type: _part_tag("topic")  # type: ignore[valid-type]
    title: Headline = Field(description="部分标题（必填）")


Part = Annotated[
    ReviewPart | SituationPart | TasksPart | RequirementsPart | TopicPart,
    Field(discriminator="type"),
    BeforeValidator(rules.part_type),
]


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
    announce: Announce = True

    _text_or_use = model_validator(mode="after")(lambda self: rules.text_or_use(self, "opening"))


class Said(Strict):
    """自己写的一段话（如原讲话中的节日问候），照写。"""

    text: Paragraphs = Field(description="原话，如：新春佳节即将来临，……拜个早年！")


class Closing(Strict):
    """结束语：自己写 text，或 use 素材库中的结束语；可加节日问候和致谢。"""

    text: Paragraphs = Field("", description="结束语全文；省略时用该讲话类型的标准结束语")
    use: Headline | None = Field(None, description="素材库中的结束语编号（category: closing）")
    with_: Params = Field(default_factory=dict, alias="with", description="结束语参数")
    greeting: Headline | Ref | Said | None = Field(
        None,
        description="节日问候：素材编号，或 {use: 编号, with: {参数}}，或自己写的 {text: 问候的话}",
    )
    thanks: bool | Headline = Field(False, description="true 加“谢谢大家！”；也可写致谢素材的编号")

    _text_or_use = model_validator(mode="after")(lambda self: rules.text_or_use(self, "closing"))


class Checks(Strict):
    """drafter check 的设置。"""

    disable: list[Headline] = Field(
        default_factory=list, description="关闭的检查规则编号，如：half-width-punctuation"
    )


class Outline(Strict):
    """一篇讲话的提纲。"""

    kind: Headline = Field(
        description="讲话类型（drafter kinds 查看），如：work-conference，或中文名称：年度工作会议"
    )
    title: Line | None = Field(None, description="主标题；省略时标题为“在……上的讲话”，不设副标题")
    occasion: Headline | None = Field(
        description="会议名称，如：2026年全市教育工作会议（generic 类型可省略：不写副标题）"
    )
    speaker: Line = Field("", description="讲话人，如：市教育局党委书记、局长 张某某")
    date: Annotated[dt.date | Line | None, BeforeValidator(rules.typed_date)] = Field(
        None,
        description=(
            "日期：2026-01-20（也可写 2026-1-20、2026.1.20、2026/01/20、2026年1月20日），"
            "或照原样保留的文字（如：2026年1月）"
        ),
    )
    salutation: Line | None = Field(
        None, description="称呼，如：同志们、各位领导、同志们；省略时用该讲话类型的称呼"
    )
    address: Literal["讲话", "致辞", "发言", "报告"] | None = Field(
        None, description="副标题“在……上的讲话”中的用词；省略时用该讲话类型的用词"
    )
    parts_numbering: _choice("parts_numbering", Literal["cn", "arabic-dun", "none"]) = Field(  # type: ignore[valid-type]
        "cn", description="部分的序号：cn 一、 | arabic-dun 1、 | none 不编号（只有一部分时不编号）"
    )
    year: int | None = Field(
        None, ge=1900, le=2200, description="讲话所在年份；省略时从日期或会议名称推断"
    )
    org: Line = Field("", description="讲话人所在单位，如：市教育局")
    leadership: Line = Field("", description="上级领导机关，如：市委、市政府")
    scope: Line = Field("", description="工作主体，如：全市教育系统")
    cause: Line = Field("", description="所从事的事业，如：教育事业（结束语等固定表述用到）")
    audience: Line = Field(
        "", description="讲话面向的群体，如：全市广大教师和教育工作者（致敬、号召时用到）"
    )
    host: Line = Field("", description="会议的主办单位（嘉宾致辞时用到），如：市教育局")
    presenters: list[Headline] = Field(
        default_factory=list,
        description="作交流发言或事迹报告的单位、个人，如：[清溪区教育局, 云川一中]",
    )
    commendation: bool | list[Headline] = Field(
        False,
        description=(
            "会上是否有表彰：true，或受表彰的名目，如：[先进集体, 优秀教师]；"
            "有表彰时开场向受表彰者表示祝贺"
        ),
    )
    target_minutes: float | None = Field(None, gt=0, description="计划讲话时长（分钟）")
    style: Line | None = Field(None, description="Word 版式：gbt9704（默认）、plain，或自己的版式")
    checks: Checks = Field(default_factory=lambda: Checks(), description="drafter check 的设置")
    opening: Opening = Field(default_factory=Opening)
    parts: list[Part] = Field(
        description="各部分，顺序即“一、二、三”的顺序（generic 类型可为 []：只有开场和结束语）"
    )
    closing: Closing = Field(default_factory=Closing)
    data: dict[str, Headline | DataTable] = Field(
        default_factory=dict,
        description=(
            "统计表：名称: 文件（或 {file, sheet, 各列表头}）；数据项写 from: 名称 即从表中取数，"
            "如：stats: 2025年教育统计.xlsx"
        ),
    )

    @field_validator("occasion")
    @classmethod
    def _occasion_unless_verbatim(cls, value: str | None, info: ValidationInfo) -> str | None:
        return rules.occasion_unless_verbatim(value, info.data.get("kind", VERBATIM_KIND))

    @field_validator("parts")
    @classmethod
    def _parts_unless_verbatim(cls, value: list[Any], info: ValidationInfo) -> list[Any]:
        return rules.parts_unless_verbatim(value, info.data.get("kind", VERBATIM_KIND))

    @model_validator(mode="before")
    @classmethod
    def _text_shorthands(cls, data: Any) -> Any:
        """`opening: 今天……` and `closing: 同志们……` are short for `{text: …}`; the verbatim
        kind may leave the occasion out."""
        return rules.text_shorthands(data)

    def office_values(self) -> dict[str, str]:
        """Values library entries and templates fall back on: office words, the year's words."""
        return rules.office_values(self)

    def effective_year(self) -> int | None:
        """The speech's year: given, or read from the date or the occasion."""
        return rules.effective_year(self)
