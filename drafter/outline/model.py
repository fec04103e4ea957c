"""The outline a writer fills in: a validated model whose JSON Schema editors can use.

Keys are English identifiers; values are the writer's Chinese text. Descriptions are in Chinese
because they show up as hover help in the writer's editor (via `drafter schema`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
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

from drafter.chinese import placeholders
from drafter.chinese.numerals import ITEM_STYLES
from drafter.outline.names import CHOICES, choice, choice_schema
from drafter.outline.units import Written, converted, typed_numbers, typed_unit

PART_TYPES = ("review", "situation", "tasks", "requirements", "topic")
# The kind that prints an outline exactly as written (what `drafter extract` writes): it may
# leave out what only stock text needs, the occasion and the parts (a speech of one paragraph).
VERBATIM_KIND = "generic"
MAX_FIGURE = 1e15  # 千万亿: anything larger (or inf, nan) is a typo, and its growth would overflow


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


def _has_count(value: str) -> str:
    if "{n}" not in value:
        raise ValueError("a count sentence needs {n} where drafter writes the count")
    return value


def _a_placeholder(value: str) -> str:
    if [(0, len(value))] != placeholders.find(value.strip()):
        raise ValueError("must be a number, or a placeholder such as XX until the number is known")
    return value


def _ordinary_number(value: float) -> float:
    if not math.isfinite(value) or abs(value) > MAX_FIGURE:
        raise ValueError(f"must be a finite number within ±{MAX_FIGURE:.0e}, not {value}")
    return value


def _as_written(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """A number keeps the decimals the writer typed (60.0), for where it is printed as typed."""
    number = handler(value)
    return value if isinstance(value, Written) and number == value else number


# 2026-1-16, 2026.1.16, 2026/01/16, 2026年1月16日
_DATE = re.compile(r"(\d{4})([-./])(\d{1,2})\2(\d{1,2})|(\d{4})年(\d{1,2})月(\d{1,2})日")


def _date(value: Any) -> Any:
    """A date typed the ways writers type one is that date; other text is kept as written."""
    if not isinstance(value, str):
        return value
    match = _DATE.fullmatch("".join(unicodedata.normalize("NFKC", value).split()))
    if match is None:
        return value
    numbers = [int(number) for number in match.groups() if number and number.isdigit()]
    year, month, day = numbers
    if not 1 <= month <= 12:
        raise ValueError(f"'{value}' is not a date: there is no month {month}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"'{value}' is not a date: month {month} of {year} has {days} days")
    return dt.date(year, month, day)


Line = Annotated[str, AfterValidator(_one_line)]
# A number not known yet (drafter next writes XX for this year's value): rendered as written.
Pending = Annotated[str, AfterValidator(_a_placeholder)]
# A count sentence with {n} where drafter writes the number: 下面，我从{n}个方面谈谈看法。
CountSentence = Annotated[str, AfterValidator(_one_line), AfterValidator(_has_count)]
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
MAX_ITEM_DEPTH = 3  # items, their items, and theirs: headings of levels 2 to 4
Headline = Annotated[str, AfterValidator(_one_line), AfterValidator(_not_blank)]
Amount = Annotated[
    float,
    AfterValidator(_ordinary_number),
    WrapValidator(_as_written),
    WithJsonSchema(
        {"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^\s*[+-]?[0-9０-９]"}]}
    ),
]
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
        """`value: 86.4亿元` is 86.4 in 亿元 (so are `previous` and `target`); a number typed in
        another scale of the figure's unit is converted (7940万元 in a figure in 亿元), a number
        in another unit is an error at its line."""
        if not isinstance(data, dict):
            return data
        typed = typed_numbers(data)
        if not typed:
            return data
        data = dict(data)
        given = data.get("unit")
        unit = given if isinstance(given, str) and given.strip() else typed_unit(typed)
        clashes = []
        for key, (number, its_unit) in typed.items():
            value = converted(number, its_unit, unit) if its_unit else number
            if value is None:
                said = "unit: says" if unit == given else "the figure's other numbers are in"
                message = (
                    f"'{data[key]}' is in {its_unit}, but {said} {unit}; "
                    "give the unit once (in unit:) or the same unit everywhere"
                )
                error = PydanticCustomError("unit_clash", "{message}", {"message": message})
                clashes.append(InitErrorDetails(type=error, loc=(key,), input=data[key]))
            else:
                data[key] = number if its_unit in ("", unit) else value
        if clashes:
            raise ValidationError.from_exception_data(cls.__name__, clashes)
        if unit and unit != given:
            data["unit"] = unit
        return data

    @model_validator(mode="after")
    def _needs_a_number(self) -> Figure:
        # a figure taken from a table that could not be read is reported with the table
        if self.value is None and self.target is None and not self.from_:
            raise ValueError("a figure needs a value or a target")
        if self.previous is not None and self.value is None:
            raise ValueError("'previous' needs a 'value' to compare with")
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
        if not (self.headline or self.use or self.text or self.items):
            raise ValueError("an item needs a 'headline' or 'text' (or 'use' of a library entry)")
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


def _part_type(part: Any) -> Any:
    """`type: 工作回顾` is `type: review` (before the type picks the part's model)."""
    if isinstance(part, dict) and "type" in part:
        return {**part, "type": choice("type", part["type"])}
    return part


Part = Annotated[
    ReviewPart | SituationPart | TasksPart | RequirementsPart | TopicPart,
    Field(discriminator="type"),
    BeforeValidator(_part_type),
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
    announce: Announce = True

    _text_or_use = model_validator(mode="after")(lambda self: _text_or_use(self, "opening"))


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

    _text_or_use = model_validator(mode="after")(lambda self: _text_or_use(self, "closing"))


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
    date: Annotated[dt.date | Line | None, BeforeValidator(_date)] = Field(
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
        if value is None and info.data.get("kind", VERBATIM_KIND) != VERBATIM_KIND:
            raise ValueError("the meeting's name is needed, e.g. 2026年全市教育工作会议")
        return value

    @field_validator("parts")
    @classmethod
    def _parts_unless_verbatim(cls, value: list[Any], info: ValidationInfo) -> list[Any]:
        if not value and info.data.get("kind", VERBATIM_KIND) != VERBATIM_KIND:
            raise ValueError(
                f"a speech needs at least one part (only kind {VERBATIM_KIND} may have none)"
            )
        return value

    @model_validator(mode="before")
    @classmethod
    def _text_shorthands(cls, data: Any) -> Any:
        """`opening: 今天……` and `closing: 同志们……` are short for `{text: …}`; the verbatim
        kind may leave the occasion out."""
        if isinstance(data, dict):
            data = dict(data)
            if data.get("kind") == VERBATIM_KIND:
                data.setdefault("occasion", None)
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
            "cause": self.cause,
            "audience": self.audience,
            "host": self.host,
            "hearers": hearers_of(self.salutation or ""),
            "speaker": self.speaker,
            "occasion": self.occasion or "",
            **year_words(self.effective_year()),
        }
        return {key: value for key, value in values.items() if value}

    def effective_year(self) -> int | None:
        """The speech's year: given, or read from the date or the occasion."""
        if self.year:
            return self.year
        if isinstance(self.date, dt.date):
            return self.date.year
        for text in (self.date or "", self.occasion or ""):
            match = re.search(r"(?<!\d)((?:19|20|21)\d{2})\s*年", str(text))
            if match:
                return int(match.group(1))
        return None


def hearers_of(salutation: str) -> str:
    """Whom a closing addresses, from the salutation: its last group without the titles of
    honour (各位领导，老师们、同学们 → 老师们、同学们; 各位领导、同志们 → 同志们)."""
    last = re.split(r"[，,]", salutation.strip().rstrip("：:"))[-1]
    kept = [w for w in re.split(r"[、]", last) if w and not w.startswith(("各位", "尊敬的"))]
    return "、".join(kept)


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
