"""The outline a writer fills in, declared once: each key with the kind of value it takes, its
default, the Chinese keys a writer may type instead, and a description.

Keys are English identifiers; values are the writer's Chinese text. Descriptions are in Chinese
because they show up as hover help in the writer's editor (`drafter schema`). Reading, located
messages, the JSON Schema and the docs' tables all come from these records (`drafter.schema`);
the rules a value must keep are plain functions in `rules.py`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from drafter.chinese.numerals import ITEM_STYLES, label
from drafter.i18n import N_, _
from drafter.outline import rules
from drafter.outline.rules import (  # noqa: F401  (the model's own names, for its readers)
    MAX_FIGURE,
    MAX_ITEM_DEPTH,
    PART_TYPES,
    VERBATIM_KIND,
    hearers_of,
    year_words,
)
from drafter.schema.fields import (
    Choice,
    DateOrText,
    Either,
    Flag,
    Kind,
    ListOf,
    MapOf,
    Maybe,
    Number,
    Off,
    One,
    Reading,
    Tagged,
    Text,
)
from drafter.schema.records import FieldError, Record, field
from drafter.schema.source import PathKey, Written


def numbering_names(styles: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Each numbering style typed as it looks: its first label (（一）, 1、, 第一，)."""
    names: dict[str, tuple[str, ...]] = {}
    for style in styles:
        first = label(style, 1)
        if not first:
            names[style] = ("不编号",)
        elif first.endswith("，"):
            names[style] = (first, first[:-1])  # 第一， and 第一
        else:
            names[style] = (first,)
    return names


class Amount(Kind):
    """A figure's number: finite and ordinary, keeping the decimals typed (60.0); or a
    placeholder (XX) until the number is known, printed as written."""

    expected = N_("a number (or XX until it is known)")

    def fits(self, value: Any) -> bool:
        return isinstance(value, int | float | str) and not isinstance(value, bool)

    def take(self, value: Any, path: PathKey, reading: Reading) -> Any:
        try:
            if isinstance(value, str) and not _a_number(value):
                return rules.a_placeholder(value.strip())
            number = rules.ordinary_number(float(value))
        except ValueError as err:
            return reading.slip(path, str(err))
        return value if isinstance(value, Written) and number == value else number

    def schema(self, ref: Any) -> dict[str, Any]:
        digits = {"type": "string", "pattern": r"^\s*[+-]?[0-9０-９]"}  # 86.4亿元
        return {"anyOf": [{"type": "number"}, digits, {"type": "string"}]}


def _a_number(text: str) -> bool:
    """Text Python reads as a number (1e308, inf): a number, to be refused as one if it is
    not an ordinary one."""
    try:
        float(text)
    except ValueError:
        return False
    return True


class Stock(Kind):
    """A place drafter fills with the kind's stock text unless the writer says otherwise: left
    out (or true) for the stock text, "" or false for none at all (`off`), or the writer's own
    (what `inner` reads). Read as None (the stock text), `off`, or the writer's value."""

    def __init__(self, inner: Kind, off: Any = "", *, stock: bool = True) -> None:
        self.inner = inner
        self.off = off
        self.stock = stock  # False: a place with no stock text of its own, "" or false allowed

    def expectation(self) -> str:
        return _("{expected}, or false for none").format(expected=self.inner.expectation())

    def fits(self, value: Any) -> bool:
        blank = isinstance(value, str) and not value.strip()
        return value is None or isinstance(value, bool) or blank or self.inner.fits(value)

    def take(self, value: Any, path: PathKey, reading: Reading) -> Any:
        if value is None or value is True:
            return None
        if value is False or (isinstance(value, str) and not value.strip()):
            return type(self.off)(self.off)  # a fresh empty value
        return self.inner.take(value, path, reading)

    def schema(self, ref: Any) -> dict[str, Any]:
        blank = {"type": "string", "pattern": "^\\s*$"}
        return {"anyOf": [self.inner.schema(ref), blank, {"type": "boolean"}, {"type": "null"}]}


TEXT = Text()
LINE = Text(rules.one_line)
HEADLINE = Text(rules.one_line, rules.not_blank)
HEADLINES = ListOf(HEADLINE)
PARAGRAPHS = Text(rules.paragraphs)
COUNT_SENTENCE = Text(rules.one_line, rules.not_blank)
AMOUNT = Maybe(Amount())
PARAMS = MapOf(Either(Text(numbers=False), Number(whole=True), Number()))
NUMBERING = Choice(numbering_names(ITEM_STYLES), "numbering")
RUN_IN = Maybe(Either(Flag(), Choice({"items": ()}, "run_in")))
PARTS_NUMBERING = Choice(numbering_names(("cn", "arabic-dun", "none")), "parts_numbering")
PART_TYPE = Choice(
    {
        "review": ("工作回顾", "回顾"),
        "situation": ("形势分析", "形势"),
        "tasks": ("重点工作", "重点任务"),
        "requirements": ("工作要求", "要求"),
        "topic": ("专题",),
    },
    "type",
)
CHANGE = Choice({"growth": ("增长率", "增长"), "from-to": ("由…到…",)}, "change")
SCALE = Choice({"auto": ("自动",), "none": ("原样", "不换算"), "万": (), "亿": ()}, "scale")
ADDRESS = Choice({word: () for word in ("讲话", "致辞", "发言", "报告")}, "address")
# The choices by the key that takes them (the docs' table of their Chinese names).
CHOICES = {
    "type": PART_TYPE,
    "numbering": NUMBERING,
    "parts_numbering": PARTS_NUMBERING,
    "change": CHANGE,
    "scale": SCALE,
}
NUMBERING_HELP = (
    "序号样式："
    + " | ".join(f"{style} {names[0]}" for style, names in NUMBERING.names.items())
    + "（只有一项时自动不编号）；也可以照样子写，如：（一）、一是"
)
ANNOUNCE_HELP = (
    "报数句：true 用该讲话类型的固定表述（数目自动计算），false 不写，"
    "或自己写一句，用 {n} 表示数目，如：下面，我从{n}个方面谈谈自己的看法；"
    "也可以不说具体数目，如：借此机会，我讲几点意见。"
)
OFF = '；写 "" 或 false 则不要'
STOCK_OFF = '；省略时用该讲话类型的固定表述，写 "" 或 false 则不要'


def _with(doc: str = "参数") -> Any:
    return field(PARAMS, factory=dict, key="with", zh="参数", doc=doc)


class Figure(Record):
    """一项数据：本期值，可选上期值（自动算增长）和目标值（自动写完成情况）。"""

    where: ClassVar[str] = "a figure"
    label: str = field(HEADLINE, zh="指标", doc="指标名称，如：市本级教育经费")
    verb: str = field(LINE, "", zh="动词", doc="指标名与数值之间的词，如：达、达到、为")
    value: float | str | None = field(
        AMOUNT,
        None,
        zh=("数值", "本期"),
        doc="本期数值，可带单位（如：86.4亿元、8.7%）；部署类（只有目标）时可省略；还不知道时写 XX",
    )
    unit: str = field(
        LINE, "", zh="单位", doc="单位，如：亿元、所、%、万人次；数值带了单位时可省略"
    )
    previous: float | str | None = field(
        AMOUNT, None, zh=("上期", "上年"), doc="上期数值：自动写“比上年增长8.3%”"
    )
    target: float | str | None = field(
        AMOUNT, None, zh="目标", doc="目标值：有本期值时写完成情况，否则写“达到…”"
    )
    compare: str = field(
        LINE,
        "上年",
        zh="比较对象",
        doc="比较对象，如：上年、去年同期（年中工作会议不写时为去年同期）",
    )
    change: str = field(
        CHANGE,
        "growth",
        zh="写法",
        doc=(
            "有上期值时的写法：growth（增长率）写“比上年增长8.3%”，"
            "from-to（由…到…）写“由41.2亿元增加到45.6亿元”"
        ),
    )
    scale: str = field(
        SCALE,
        "auto",
        zh="换算",
        doc=(
            "大数换算：auto（自动）用万/亿（单位已是万元的，满1万万元写成亿元，"
            "如864321万元写成86.43亿元），none（原样）不换算，或指定万、亿"
        ),
    )
    precision: int | None = field(
        Maybe(Number(low=0, high=4, whole=True)),
        None,
        zh="小数位数",
        doc=(
            "换算成万、亿后保留的小数位数（默认两位，末尾的0不写），"
            "如：1（864321万元写成86.4亿元）；也用于不换算的数值"
        ),
    )
    from_: str | None = field(
        Maybe(HEADLINE),
        None,
        key="from",
        zh=("统计表", "来源"),
        doc=(
            "从统计表取数：data 中的表名，如：stats；本期、上期、目标和单位取自指标名称相同的一行，"
            "提纲里写了的以提纲为准"
        ),
    )
    row: str | None = field(
        Maybe(HEADLINE),
        None,
        zh="行",
        doc="统计表中这一行的指标名称（与 label 不同时），如：教育经费总投入",
    )

    @classmethod
    def before(cls, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        """`value: 86.4亿元` is 86.4 in 亿元 (rules.units_in_numbers); a number in another
        unit is wrong at its key."""
        return rules.units_in_numbers(data)

    def check(self) -> None:
        rules.needs_a_number(self)


class DataTable(Record):
    """一张统计表（.xlsx 或 .csv）：表头按常用名称自动识别，也可以写明各列的表头。"""

    where: ClassVar[str] = "a table under data"
    file: str = field(
        HEADLINE, zh="文件", doc="统计表文件，相对于提纲所在的文件夹，如：2025年教育统计.xlsx"
    )
    sheet: str | None = field(
        Maybe(LINE), None, zh="工作表", doc="工作表名称；省略时用第一张能识别表头的工作表"
    )
    label: str | None = field(
        Maybe(LINE), None, zh="指标列", doc="指标名称列的表头；省略时识别 指标、项目、名称"
    )
    value: str | None = field(
        Maybe(LINE),
        None,
        zh="本期列",
        doc="本期数列的表头，如：2025年；省略时识别 本年、今年、本期或最近的年份",
    )
    previous: str | None = field(
        Maybe(LINE), None, zh="上期列", doc="上期数列的表头；省略时识别 上年、去年、上期或前一年份"
    )
    target: str | None = field(
        Maybe(LINE), None, zh="目标列", doc="目标值列的表头；省略时识别 目标、计划"
    )
    unit: str | None = field(
        Maybe(LINE), None, zh="单位列", doc="单位列的表头；省略时识别 单位、计量单位"
    )


class Measure(Record):
    """一条举措：加粗的小标题（引领句）接正文。"""

    where: ClassVar[str] = "a measure"
    lead: str = field(HEADLINE, zh="引领句", doc="引领句，加粗，如：对照标准找问题")
    text: str = field(PARAGRAPHS, "", zh="正文", doc="文字；每行一段（多段用 YAML 的 | 块写法）")


class Ref(Record):
    """引用素材库中的一条（drafter closings list 查看）。"""

    where: ClassVar[str] = "greeting"
    use: str = field(HEADLINE, zh="素材", doc="素材编号，如：greeting-spring-festival")
    with_: dict[str, Any] = _with()


class OutlineItem(Record):
    """一个条目：标题句，接正文、事实、数据、举措和下一级条目；或用 use 引用素材库中的要求段落。"""

    where: ClassVar[str] = "an item"
    headline: str | None = field(
        Maybe(HEADLINE),
        None,
        zh=("小标题", "标题"),
        doc="标题句，如：系统党建不断加强；没有标题句时只写 text",
    )
    use: str | None = field(
        Maybe(HEADLINE),
        None,
        zh="素材",
        doc="引用素材库中的要求段落（category: requirement），如：req-organization",
    )
    with_: dict[str, Any] = _with("素材参数")
    text: str = field(PARAGRAPHS, "", zh="正文", doc="文字；每行一段（多段用 YAML 的 | 块写法）")
    facts: list[str] = field(
        HEADLINES, factory=list, zh="事实", doc="事实短句，按顺序用分号连成一句"
    )
    figures: list[Figure] = field(
        ListOf(One(Figure)), factory=list, zh="数据", doc="数据，自动写增长和完成情况"
    )
    measures: list[Measure] = field(
        ListOf(One(Measure)), factory=list, zh="举措", doc="举措，每条一段"
    )
    run_in: bool | str | None = field(
        RUN_IN,
        None,
        zh="接排",
        doc=(
            "接排：true 本条标题与正文接排（下一级条目也接排），false 标题单独成行"
            "（下一级条目也单独成行），items 标题单独成行、下一级条目接排；省略时随所在部分"
        ),
    )
    numbering: str | None = field(
        Maybe(NUMBERING), None, zh="序号", doc="下一级条目的" + NUMBERING_HELP
    )
    items: list[OutlineItem] = field(
        ListOf(One(lambda: OutlineItem)),
        factory=list,
        zh="条目",
        doc="下一级条目（如“第一，……”下的“一是……二是……”），写法同条目",
    )
    outro: str | None = field(
        Stock(PARAGRAPHS, stock=False),
        None,
        zh="结语",
        doc="结语：下一级条目之后的文字（如“一是……三是……”之后的一段）" + OFF,
    )

    def check(self) -> None:
        rules.has_something(self)


class PartBase(Record):
    """一个部分。"""

    where: ClassVar[str] = "a part"
    type: str = field(PART_TYPE, zh="类型", doc="部分的类型")
    title: str | None = field(
        Maybe(LINE), None, zh="标题", doc="部分标题；省略时用该讲话类型的默认标题"
    )
    intro: str | None = field(
        Stock(PARAGRAPHS), None, zh="导语", doc="导语：条目之前的文字" + STOCK_OFF
    )
    numbering: str | None = field(Maybe(NUMBERING), None, zh="序号", doc="条目的" + NUMBERING_HELP)
    run_in: bool | str | None = field(
        RUN_IN,
        None,
        zh="接排",
        doc=(
            "接排：true 标题与正文接排（部分标题“一、……。正文”，其条目也接排），"
            "false 标题单独成行（条目也单独成行），items 只有条目接排"
        ),
    )
    announce: bool | str | None = field(
        Maybe(Either(Flag(), Off(), COUNT_SENTENCE)), None, zh="报数句", doc=ANNOUNCE_HELP
    )
    items: list[OutlineItem] = field(
        ListOf(One(OutlineItem)), factory=list, zh="条目", doc="条目，顺序即编号顺序"
    )
    outro: str | None = field(
        Stock(PARAGRAPHS, stock=False), None, zh="结语", doc="结语：条目之后的文字" + OFF
    )


class ReviewPart(PartBase):
    """工作回顾：成绩（条目）和不足。"""

    tag: ClassVar[str] = "review"
    where: ClassVar[str] = "review part"
    period: str | None = field(Maybe(LINE), None, zh="时段", doc="回顾的时段，如：2025年、上半年")
    shortcomings: list[str] = field(
        HEADLINES,
        factory=list,
        zh=("问题和不足", "不足"),
        doc="问题和不足，写成“一是……；二是……”",
    )
    shortcomings_intro: str | None = field(
        Stock(LINE),
        None,
        zh="不足导语",
        doc="问题和不足之前的话，如：同时也要看到，工作中还存在一些短板：" + STOCK_OFF,
    )
    shortcomings_outro: str | None = field(
        Stock(LINE),
        None,
        zh="不足结语",
        doc="问题和不足之后的话，如：这些问题，必须下大力气加以解决。" + STOCK_OFF,
    )


class SituationPart(PartBase):
    """形势分析：机遇与挑战。"""

    tag: ClassVar[str] = "situation"
    where: ClassVar[str] = "situation part"
    opportunities: list[str] = field(HEADLINES, factory=list, zh="机遇", doc="有利条件、发展机遇")
    opportunities_intro: str | None = field(
        Stock(LINE), None, zh="机遇导语", doc="机遇之前的话，如：从有利条件看，" + STOCK_OFF
    )
    challenges: list[str] = field(HEADLINES, factory=list, zh="挑战", doc="压力与挑战")
    challenges_intro: str | None = field(
        Stock(LINE), None, zh="挑战导语", doc="挑战之前的话，如：从困难挑战看，" + STOCK_OFF
    )


class TasksPart(PartBase):
    """重点工作：总体要求和各项任务。"""

    tag: ClassVar[str] = "tasks"
    where: ClassVar[str] = "tasks part"
    goal: str = field(PARAGRAPHS, "", zh="总体要求", doc="总体要求或目标，放在任务之前")


class RequirementsPart(PartBase):
    """工作要求。"""

    tag: ClassVar[str] = "requirements"


class TopicPart(PartBase):
    """专题部分（如学校文化建设、学习先进事迹）：标题必填。"""

    tag: ClassVar[str] = "topic"
    title: str = PartBase.fields["title"].but(kind=HEADLINE, required=True, doc="部分标题（必填）")


class Opening(Record):
    """开场白：会议目的和“下面，我讲N个方面的问题”（N 自动计算）。"""

    where: ClassVar[str] = "opening"
    text: str | None = field(
        Stock(PARAGRAPHS),
        None,
        zh="正文",
        doc='开场的话；省略时按讲话类型和会议名称生成，写 "" 或 false 则不要（只留报数句）',
    )
    use: str | None = field(
        Maybe(HEADLINE), None, zh="素材", doc="引用素材库中的开场段落（category: opening）"
    )
    with_: dict[str, Any] = _with("素材参数")
    purposes: list[str] | None = field(
        Stock(HEADLINES, off=[]),
        None,
        zh="主要任务",
        doc=(
            "会议的主要任务，如：回顾总结2025年工作；连成“主要任务是：……”；"
            "省略时（且没有写开场的话）按各部分的类型生成，写 [] 或 false 则不要"
        ),
    )
    basis: str = field(LINE, "", zh="依据", doc="讲话依据，如：根据局党委研究意见")
    announce: bool | str = field(
        Either(Flag(), Off(), COUNT_SENTENCE), True, zh="报数句", doc=ANNOUNCE_HELP
    )

    def check(self) -> None:
        rules.text_or_use(self, "opening")


class Said(Record):
    """自己写的一段话（如原讲话中的节日问候），照写。"""

    text: str = field(PARAGRAPHS, doc="原话，如：新春佳节即将来临，……拜个早年！")


class Closing(Record):
    """结束语：自己写 text，或 use 素材库中的结束语；可加节日问候和致谢。"""

    where: ClassVar[str] = "closing"
    text: str | None = field(
        Stock(PARAGRAPHS),
        None,
        zh="正文",
        doc='结束语全文；省略时用该讲话类型的标准结束语，写 "" 或 false 则不要（问候、致谢照加）',
    )
    use: str | None = field(
        Maybe(HEADLINE), None, zh="素材", doc="素材库中的结束语编号（category: closing）"
    )
    with_: dict[str, Any] = _with("结束语参数")
    greeting: str | Ref | Said | None = field(
        Maybe(Either(Off(None), HEADLINE, One(Ref), One(Said))),
        None,
        zh="问候",
        doc="节日问候：素材编号，或 {use: 编号, with: {参数}}，或自己写的 {text: 问候的话}",
    )
    thanks: bool | str = field(
        Either(Flag(), Off(), HEADLINE),
        False,
        zh="致谢",
        doc="true 加“谢谢大家！”；也可写致谢素材的编号",
    )

    def check(self) -> None:
        rules.text_or_use(self, "closing")


class Checks(Record):
    """drafter check 的设置。"""

    where: ClassVar[str] = "checks"
    disable: list[str] = field(
        HEADLINES,
        factory=list,
        zh="关闭",
        doc="关闭的检查规则编号，如：half-width-punctuation",
    )


class Outline(Record):
    """一篇讲话的提纲。"""

    where: ClassVar[str] = "top level"
    kind: str = field(
        HEADLINE,
        zh=("讲话类型", "类型"),
        doc="讲话类型（drafter kinds 查看），如：work-conference，或中文名称：年度工作会议",
    )
    title: str | None = field(
        Maybe(Text(rules.title_breaks)),
        None,
        zh=("标题", "主标题"),
        doc=(
            "主标题；省略时标题为“在……上的讲话”，不设副标题。要在某处换行，写 | 或分行写"
            "（YAML 的 | 块写法），否则自动在词语之间断行"
        ),
    )
    occasion: str | None = field(
        Maybe(HEADLINE),
        zh=("会议", "会议名称"),
        doc="会议名称，如：2026年全市教育工作会议（generic 类型可省略：不写副标题）",
    )
    speaker: str = field(LINE, "", zh="讲话人", doc="讲话人，如：市教育局党委书记、局长 张某某")
    date: dt.date | str | None = field(
        Maybe(DateOrText(rules.typed_date, LINE)),
        None,
        zh="日期",
        doc=(
            "日期：2026-01-20（也可写 2026-1-20、2026.1.20、2026/01/20、2026年1月20日），"
            "或照原样保留的文字（如：2026年1月）"
        ),
    )
    date_brackets: bool = field(
        Flag(),
        False,
        zh="日期加括号",
        doc="讲话人下面的日期是否加括号：true 写成（2026年1月16日），false 写成 2026年1月16日",
    )
    salutation: str | None = field(
        Stock(LINE),
        None,
        zh="称呼",
        doc='称呼，如：同志们、各位领导、同志们；省略时用该讲话类型的称呼，写 "" 或 false 则不要',
    )
    address: str | None = field(
        Maybe(ADDRESS), None, doc="副标题“在……上的讲话”中的用词；省略时用该讲话类型的用词"
    )
    parts_numbering: str = field(
        PARTS_NUMBERING,
        "cn",
        zh="部分序号",
        doc="部分的序号：cn 一、 | arabic-dun 1、 | none 不编号（只有一部分时不编号）",
    )
    year: int | None = field(
        Maybe(Number(low=1900, high=2200, whole=True)),
        None,
        zh="年份",
        doc="讲话部署工作的年份（年度工作会议回顾它的上一年）；省略时从会议名称或日期推断，12月的讲话取下一年",
    )
    org: str = field(LINE, "", zh="单位", doc="讲话人所在单位，如：市教育局")
    leadership: str = field(LINE, "", zh="上级领导机关", doc="上级领导机关，如：市委、市政府")
    scope: str = field(LINE, "", zh="工作主体", doc="工作主体，如：全市教育系统")
    cause: str = field(
        LINE, "", zh="事业", doc="所从事的事业，如：教育事业（结束语等固定表述用到）"
    )
    audience: str = field(
        LINE,
        "",
        zh="面向群体",
        doc="讲话面向的群体，如：全市广大教师和教育工作者（致敬、号召时用到）",
    )
    host: str = field(LINE, "", zh="主办单位", doc="会议的主办单位（嘉宾致辞时用到），如：市教育局")
    presenters: list[str] = field(
        HEADLINES,
        factory=list,
        zh=("发言单位", "报告人"),
        doc=(
            "在会上作交流发言或事迹报告的单位、个人（自己上台讲的），如：[清溪区教育局, 云川一中]、"
            "[何春兰, 梁宏远校长]；不写则不说谁发了言、谁作了报告"
        ),
    )
    exemplars: list[str] = field(
        HEADLINES,
        factory=list,
        zh="先进典型",
        doc=(
            "事迹由别人（如宣讲团）讲述的先进典型，如：[何春兰老师, 梁宏远校长]；"
            "讲述的人写在 presenters"
        ),
    )
    commendation: bool | list[str] = field(
        Either(Flag(), HEADLINES),
        False,
        zh="表彰",
        doc=(
            "会上是否有表彰：true，或受表彰的名目，如：[先进集体, 优秀教师]；"
            "有表彰时开场向受表彰者表示祝贺"
        ),
    )
    target_minutes: float | None = field(
        Maybe(Number(above=0)), None, zh=("讲话时长", "时长"), doc="计划讲话时长（分钟）"
    )
    style: str | None = field(
        Maybe(LINE), None, zh="版式", doc="Word 版式：gbt9704（默认）、plain，或自己的版式"
    )
    checks: Checks = field(One(Checks), factory=Checks, zh="检查", doc="drafter check 的设置")
    opening: Opening = field(
        Maybe(Either(One(Opening), PARAGRAPHS, Flag())),  # text, false, null: read by `before`
        factory=Opening,
        zh="开场白",
        doc='开场白；也可直接写一段文字，写 "" 或 false 则没有开场白（连报数句也不要）',
    )
    parts: list[PartBase] = field(
        ListOf(
            Tagged(PART_TYPE, ReviewPart, SituationPart, TasksPart, RequirementsPart, TopicPart)
        ),
        zh="部分",
        doc="各部分，顺序即“一、二、三”的顺序（generic 类型可为 []：只有开场和结束语）",
    )
    closing: Closing = field(
        Maybe(Either(One(Closing), PARAGRAPHS, Flag())),
        factory=Closing,
        zh="结束语",
        doc='结束语；也可直接写一段文字，写 "" 或 false 则没有结束语',
    )
    data: dict[str, str | DataTable] = field(
        MapOf(Either(HEADLINE, One(DataTable))),
        factory=dict,
        zh="统计表",
        doc=(
            "统计表：名称: 文件（或 {file, sheet, 各列表头}）；数据项写 from: 名称 即从表中取数，"
            "如：stats: 2025年教育统计.xlsx"
        ),
    )

    @classmethod
    def before(cls, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        """`opening: 今天……` and `closing: 同志们……` are short for `{text: …}`; the verbatim
        kind may leave the occasion out; figures take their kind's comparison."""
        return rules.kind_comparisons(rules.text_shorthands(data)), {}

    def check(self) -> None:
        for key, rule in (
            ("occasion", lambda: rules.occasion_unless_verbatim(self.occasion, self.kind)),
            ("parts", lambda: rules.parts_unless_verbatim(self.parts, self.kind)),
        ):
            try:
                rule()
            except ValueError as err:
                raise FieldError(key, str(err)) from None

    def office_values(self) -> dict[str, str]:
        """Values library entries and templates fall back on: office words, the year's words."""
        return rules.office_values(self)

    def effective_year(self) -> int | None:
        """The speech's year: given, or read from the date or the occasion."""
        return rules.effective_year(self)
