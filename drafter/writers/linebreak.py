"""Title lines broken as a typesetter breaks them (GB/T 9704-2012, 7.3.3: 词意完整，排列对称，
长短适宜，梯形或菱形).

Word breaks a long title wherever the line is full, often inside a word (启动仪 / 式) and
top-heavy (18 characters over 上的讲话). Here a title breaks only between phrases, into as few
lines as fit, as even as possible, and 上的讲话 never stands alone. Phrases are found in a
curated list of the words meeting names are made of (`_PHRASES`), with the cues of the form:
spaces, closing quotes and marks, 暨 (a line may start with it), a year (2026年), 在 and the
scope it introduces. A stretch the list does not know is kept whole where it can be: a
break inside one costs more than a line more (docs/design.md, "Breaking titles").

Why a list and not a segmenter: measured on the 41 meeting names of tests/test_linebreak.py,
jieba (and rjieba, its Rust port, with the same dictionary) splits words apart (师德师 / 风,
系统安全 / 生产, 经验交流 / 会上) and cuts compounds a title must keep whole (职业 / 教育,
产教 / 融合), so it still needs this list's phrases on top; it also costs 1.2 s to load and
42 MB. Titles of this genre draw on a small vocabulary, which the list covers; a new word is
one line here, and a writer can always break by hand: `|` or a line break in the title.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

BREAK_MARKS = "|\n"  # a writer's own breaks in a title
_AFTER = "”’」》）】、，；："  # a break may follow these
_MAX_BREAKS = 3
_GLUED_END = ("上的讲话", "上的致辞", "上的发言", "上的报告", "的讲话", "讲话")
# Words of meeting names, longest first where they overlap. Scope words (全市) and meeting
# types (推进会) are here too: the break is then before or after them.
_PHRASES = frozenset(
    """
    暑期 寒假 暑假 春季 秋季 年度
    全国 全省 全市 全县 全区 全州 全镇 全乡 市 县 区 省 市委 市政府 县委 县政府 区委 区政府
    教育局 市教育局 县教育局 区教育局 教育厅 教育部 教育系统 全系统 系统 各级 各地 各校
    党委 党组 机关 直属单位 学校 高校 大学 学院 中学 小学 幼儿园 中小学 中小学校 中职
    职业院校 高职院校 技工院校 县域 城区 乡村 农村 城乡 民族地区
    教育 学前教育 义务教育 基础教育 高中教育 高中阶段教育 普通高中 职业教育 高等教育
    特殊教育 民办教育 继续教育 终身教育 家庭教育 社区教育 老年教育 在线教育 素质教育
    思政 思想政治 思想政治教育 思想政治理论课 思政课 德育 智育 体育 美育 劳动教育 劳育
    心理健康 心理健康教育 国防教育 安全教育 法治教育 警示教育 廉政教育 主题教育 党史学习教育
    青少年 学生 中小学生 大学生 教师 校长 班主任 乡村教师 新任 新任教师 骨干教师 名师
    名校长 教研员 督学 责任督学 辅导员 干部 党员 党员干部 领导干部 少先队 共青团
    教师队伍 教师队伍建设 队伍建设 师德 师风 师德师风 师资 人才 人才培养
    党建 党的建设 党建工作 党风 廉政 党风廉政 党风廉政建设 全面从严治党 作风 作风建设
    作风建设年 纪律 纪律作风 巡察 巡视 巡察整改 整改 审计 意识形态 宣传思想 统战 群团
    安全 校园安全 安全生产 安全稳定 消防 食品安全 交通安全 防溺水 平安校园 安全工作
    专项整治 专项治理 综合治理 集中整治 攻坚 攻坚行动 百日攻坚 百日攻坚行动 行动 专项行动
    提升行动 振兴行动 计划 工程 项目 三年行动 三年行动计划
    质量 质量提升 提质 提质增效 扩优提质 优质 均衡 优质均衡 优质均衡发展 均衡发展 发展
    高质量发展 改革 综合改革 深化改革 改革创新 创新 评价改革 课程改革 课改 教学改革
    管理 规范管理 规范办学 办学 招生 招生考试 考试 中考 高考 学业水平考试 学籍
    资助 学生资助 资助政策 政策 政策宣传 宣传 宣传月 宣传周 宣传教育 业务 业务培训
    信息化 教育信息化 数字化 智慧教育 人工智能 科研 教育科研 教研 课题 课题结题 成果
    成果交流 经验 经验交流 交流 观摩 现场 现场观摩 督导 教育督导 督导评估 评估 迎检
    检查 考核 绩效 绩效考核 目标 任务 目标任务 责任 责任制 责任书 联席 调度 部署
    产教融合 校企合作 产教 校企 双减 课后服务 控辍保学 读书行动 书香校园 书香校园建设
    阅读 学校体育 体质健康 艺术教育 科普 研学 研学实践 劳动实践 生态文明 文明校园
    乡村振兴 共同富裕 民生 民生实事 重点工作 工作 各项工作 建设 推进 落实 落实情况
    先进 典型 先进典型 先进事迹 事迹 表彰 表彰奖励 先进集体 先进个人 优秀 技能 技能大赛
    职业技能 技能竞赛 教师节 第40个教师节 开学 开学典礼 毕业 毕业典礼 庆祝 纪念 周年
    会议 工作会议 全体会议 专题会议 视频会议 电视电话会议 联席会议 总结会议 会 大会
    动员大会 表彰大会 推进会 工作推进会 现场推进会 中期推进会 部署会 动员部署会 工作部署会
    座谈会 教师座谈会 交流会 经验交流会 经验交流现场会 现场会 观摩会 现场观摩会 调度会
    工作调度会 推进大会 报告会 先进事迹报告会 培训会 培训班 专题培训班 任职培训班 开班仪式
    开班式 结业式 开幕式 闭幕式 启动仪式 颁奖仪式 签约仪式 揭牌仪式 典礼 仪式 论坛 年会
    研讨会 推介会 发布会 总结会 总结大会 誓师大会 务虚会 读书班 学习班 活动 主题活动
    国家 国家安全 中央 八项规定 中央八项规定 精神 会议精神 大会精神 深入 贯彻 落实 贯彻落实
    学习 学习贯彻 学习教育 专题 主题 体系 服务体系 能力 基地 实践基地 示范 示范区 示范校
    课程 教材 新课程 新教材 布局 调整 结构 优化 协同 协同创新 产业 对接 共同体 一体化
    全国教育大会 教育大会 习近平新时代中国特色社会主义思想 中国特色社会主义 为指导 奋力 谱写
    新篇章 教育强国 教育强省 教育强市 教育强县 宣讲 宣讲报告会 组织 党组织 基层党组织
    新时代 背景 背景下 机制 制度 标准 规范 指导 服务 保障 支持
        """.split()
)
_LONGEST = max(map(len, _PHRASES))
_LATIN_EDGE = re.compile(r"(?<=[\u3400-\u9fff])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])(?=[\u3400-\u9fff])")
_NUMBER = re.compile(r"第?\d+(?:年度|年级|周年|年|届|级|个)?")
_TIME = re.compile(r"\d+(?:年度|年|届)")  # a break after it is as good as one after a mark
_GLUED_NEXT = "—在第暨"  # bound to what follows them (——在……, 在全市, 第……, 暨……)
_GLUED_BACK = "的之"  # bound to what precedes them: no line starts with 的
_CONJUNCTIONS = ("与", "和", "及")  # a line may start with one (…安全 / 与膳食经费管理)
_OPENING, _CLOSING = "“‘《（【「", "”’》）】」"
# A break inside a stretch the list does not know, or inside quotes, costs more than a line
# more; inside a stretch of two-character words (布局调整) a little less: it may fall between
# them. A break before a lone character risks cutting a suffix off (教育日, 委员会).
_INSIDE, _EVEN, _LONE = 16, 10, 7
_EXTRA_LINE = 12  # what a line more than the fewest costs, against twice a break's cost
_SEASONS = ("暑期", "寒假", "暑假", "春季", "秋季", "年度")  # and so are these (暑期专题培训班)
_MEETING = ("会", "会议", "仪式", "典礼", "式", "班", "论坛")  # a break before a meeting is good
# Words that finish the phrase before them (安全生产工作, 作风建设年活动): a break before one
# is the last resort.
_SCOPES = ("全国", "全省", "全市", "全县", "全区", "全州")  # bound to what follows but after 在
_ENDING = ("工作", "活动", "建设", "行动", "情况")


@dataclass(frozen=True)
class _Break:
    end: int  # where this line ends
    start: int  # where the next line starts (after a space dropped at the break)
    cost: int  # 0 strong (space, mark, before 暨 or a meeting, after 2026年), 1 between phrases …


def width(text: str) -> float:
    """Width in full-width characters, a little generous: a Latin letter or digit is about
    0.55 (wider than half in the CJK fonts that set them), and Word, LibreOffice and Chromium
    put about a quarter of a character between Chinese and a digit or letter (2026年)."""
    size = sum(0.55 if ord(char) < 0x80 and not char.isspace() else 1.0 for char in text)
    size -= 0.5 * sum(char.isspace() and ord(char) < 0x80 for char in text)
    return size + 0.25 * len(_LATIN_EDGE.findall(text))


def unmarked(text: str) -> str:
    """A title with the writer's own breaks (`|` or a line break) made spaces, for formats
    that show it on one line: the phrases a writer set on two lines stay apart."""
    return re.sub(r"\s*[|\n]\s*", " ", text).strip()


def title_lines(text: str, capacity: float) -> list[str]:
    """The lines of a title: where the writer broke it (`|` or a line break), else balanced."""
    if any(mark in text for mark in BREAK_MARKS):
        lines = [line.strip() for line in re.split(r"[|\n]", text)]
        return [line for line in lines if line]
    return balanced_lines(text, capacity)


def balanced_lines(text: str, capacity: float) -> list[str]:
    """Lines of `text` each at most `capacity` wide, broken between phrases, even, and
    few: a line more than the fewest that fit is weighed against poorer breaks (a space at
    a break is dropped); [text] when it fits or cannot break."""
    text = text.strip()
    if width(text) <= capacity:
        return [text]
    cuts = _breaks(text)
    best: tuple[float, list[str]] | None = None
    fewest = None  # the fewest lines that fit: each line more costs what a poor break costs
    measured = functools.cache(width)  # the same lines come back in many choices
    for count in range(1, _MAX_BREAKS + 1):
        if best is not None and fewest is not None and best[0] <= _EXTRA_LINE * (count - fewest):
            break  # every score from here on is at least that: none can do better
        for chosen in _fitting(
            cuts, count, lambda start, end: measured(text[start:end].strip()), capacity
        ):
            lines = _split(text, chosen)
            widths = [measured(line) for line in lines]
            if not lines or max(widths) > capacity:
                continue
            fewest = count if fewest is None else fewest
            score = (
                max(widths)
                - min(widths)
                + 2 * sum(cut.cost for cut in chosen)
                + _EXTRA_LINE * (count - fewest)
            )
            if best is None or score < best[0]:
                best = (score, lines)
    return best[1] if best is not None else [text]  # no break fits: the word processor's


def _fitting(
    cuts: list[_Break], count: int, line_width: Callable[[int, int], float], capacity: float
) -> Iterator[tuple[_Break, ...]]:
    """The choices of `count` cuts whose lines before the last each fit `capacity`, in the
    order itertools.combinations gives them. A line only grows with a later cut, so the search
    stops at the first cut that makes it too wide: most choices are never built."""

    def choose(first: int, start: int, chosen: tuple[_Break, ...]) -> Iterator[tuple[_Break, ...]]:
        if len(chosen) == count:
            yield chosen
            return
        for index in range(first, len(cuts)):
            cut = cuts[index]
            if cut.end > start and line_width(start, cut.end) > capacity:
                break
            yield from choose(index + 1, cut.start, (*chosen, cut))

    return choose(0, 0, ())


def _breaks(text: str) -> list[_Break]:
    """Every place a line may end, with its cost. Where the writer set the phrases apart
    with spaces (守正创新 提质增效 加快推进……), a break inside a phrase costs more."""
    tokens = _tokens(text)
    stretches = _stretches(tokens)
    spaced = 3 if " " in text else 0
    found: dict[int, _Break] = {}
    position = depth = 0
    for index, ((token, known), (following, _)) in enumerate(itertools.pairwise(tokens)):
        position += len(token)
        depth = max(0, depth + (token in _OPENING) - (token in _CLOSING))
        if token.isspace() or following.isspace():
            if token.isspace():
                found[position - len(token)] = _Break(position - len(token), position, 0)
            continue
        if token[-1] in _GLUED_NEXT or following.startswith(_GLUED_END):
            continue
        if _NUMBER.fullmatch(token) and not _TIME.fullmatch(token):  # 12345热线, 第42个教师节
            continue
        if token in _SEASONS or following[0] in _GLUED_BACK:
            continue
        before, after = stretches[index], stretches[index + 1]
        meeting = known and following in _PHRASES and following.endswith(_MEETING)
        if depth:
            cost = _INSIDE  # inside quotes (“清廉学校”) or brackets
        elif meeting or token[-1] in _AFTER or _TIME.fullmatch(token) or following == "暨":
            cost = 0
        elif known and _known(following):
            modifier = token in _SCOPES and not text[:position].endswith("在" + token)
            cost = 6 if following in _ENDING or modifier else 1  # 贯彻全国 / 教育大会
        elif before is not None and before == after:
            cost = _inside(position, before)
        elif following in _CONJUNCTIONS or token in _CONJUNCTIONS:
            cost = 1 if following in _CONJUNCTIONS else _INSIDE  # 食品安全 / 与膳食经费管理
        elif len(following) == 1 and (after is None or after[1] - after[0] == 1):
            cost = _LONE
        else:  # at the edge of a stretch the list does not know: between words, likely
            cost = 2
        found.setdefault(position, _Break(position, position, cost + spaced))
    return sorted(found.values(), key=lambda cut: cut.end)


def _stretches(tokens: list[tuple[str, bool]]) -> list[tuple[int, int] | None]:
    """For each token, the (start, end) in the text of the run of characters the list does
    not know that it is part of, or None."""
    spans: list[tuple[int, int] | None] = [None] * len(tokens)
    position = 0
    for unknown, group in itertools.groupby(enumerate(tokens), key=lambda item: _unknown(*item[1])):
        members = list(group)
        size = sum(len(token) for _, (token, _) in members)
        for index, _ in members:
            spans[index] = (position, position + size) if unknown else None
        position += size
    return spans


def _unknown(token: str, known: bool) -> bool:
    return not known and len(token) == 1 and "\u4e00" <= token <= "\u9fff"


def _inside(position: int, stretch: tuple[int, int]) -> int:
    """The cost of a break inside an unknown stretch (see _INSIDE)."""
    start, end = stretch
    even = (position - start) % 2 == 0 and (end - position) % 2 == 0
    return _EVEN if even else _INSIDE


def _known(token: str) -> bool:
    return token in _PHRASES or token == "暨" or bool(_NUMBER.fullmatch(token))


def _tokens(text: str) -> list[tuple[str, bool]]:
    """The title cut into (piece, whether it is a known phrase): the longest phrase of the list
    at each place, a number (2026年, 第42个), a space, a mark, 暨, or a single character of an
    unknown stretch."""
    tokens: list[tuple[str, bool]] = []
    i = 0
    while i < len(text):
        number = _NUMBER.match(text, i) if text[i : i + 2].lstrip("第")[:1].isdigit() else None
        if number:
            piece = number[0]
        elif text[i].isspace():
            piece = re.match(r"\s+", text[i:])[0]  # type: ignore[index]
        elif text.startswith(_GLUED_END, i) and i:
            piece = text[i:]
        else:
            piece = next(
                (
                    text[i : i + size]
                    for size in range(min(_LONGEST, len(text) - i), 1, -1)
                    if text[i : i + size] in _PHRASES
                ),
                text[i],
            )
        tokens.append((piece, _known(piece) or piece.isspace()))
        i += len(piece)
    return tokens


def _split(text: str, cuts: tuple[_Break, ...]) -> list[str]:
    lines, start = [], 0
    for cut in cuts:
        if cut.end <= start:
            return []
        lines.append(text[start : cut.end].strip())
        start = cut.start
    lines.append(text[start:].strip())
    return lines if all(lines) else []
