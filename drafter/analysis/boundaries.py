"""Where a heading ends in text that lost its line breaks and its punctuation.

A speech pasted from a web page runs each heading straight into its body ("一、2025年工作回顾
2025年，全市……"). No single mark says where the heading stops, so every place it could stop is
scored by the cues the text offers: words that end the genre's headings (the kinds' own titles
and stock headlines end this way), words that open a sentence and cannot belong to a heading
(今年、习近平总书记、成绩的取得), a noun repeated across the junction, and the length and shape
of the sibling headings whose end is known. The reader marks every such cut for the writer to
check; only punctuation, a line break or the speech's own announced list make a heading certain.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from drafter.chinese.text import HALF_WIDTH_ENDS, SEMICOLON, SENTENCE_END

# Words the genre's headings end with. They include the endings of every kind's default part
# titles (工作回顾、当前面临的形势、重点工作、工作要求 …) and of the library's stock headlines
# (tests/test_structure.py checks both).
HEADING_ENDINGS = tuple(
    (
        "回顾 安排 重点 重点工作 各项工作 阶段工作 今后工作 能力 意义 局面 实效 形势 任务 "
        "要求 水平 成效 格局 步伐 保障 氛围 机制 品牌 形象 体系 结构 质量 稳定 工程 目标 "
        "作风 效能 活力 新篇 征程 基础 举措 方向 认识 思路 进展 成绩 问题 短板 不足 挑战 "
        "机遇 责任 落实 发展 建设 领导 督查 考核 底线 纪律 常态 理念 环境 合力 担当 使命 "
        "共识 启示 经验 希望 作为 突破 新台阶 可学可鉴 提质增效 落地见效 感人至深 各项活动 "
        "改善 提升 提高 加强 优化 完善 深化 增强 巩固 拓展 健全 凸显 丰硕 活跃 有力 明显"
    ).split()
)
# A heading's body usually opens with its period ("2025年，……" "今年上半年……").
_PERIOD_OPENER = re.compile(
    r"(?:(?:19|20)[\dXx]{2}\s*年|今年|去年|明年|当前|目前|近年|今后|过去|一年来|半年来|这次|"
    r"上半年|下半年|新的一年)"
)
# Openings that cannot belong to a heading: a quotation's source, a maxim, a nominal subject
# ("成绩的取得，" "这些经验的形成，").
_NEVER_IN_HEADING = re.compile(
    r"(?:习近平总书记|习总书记|总书记|党的[一二三四五六七八九十]+大|党中央|中央|国务院|"
    r"[^，,。\s]{1,8}的(?:取得|形成|提出|实施|召开|成功|出台)[，,]|"
    r"百年大计|千秋基业|教育大计|国势之强|[^，,。\s]{2,4}者[，,]|实践证明|事实证明|"
    r"这些|这是|这项|此次|本次|刚才)"
)
# A measure, a task or a body often opens with a verb.
_VERB_OPENER = re.compile(
    r"(?:为了|为确保|为|按照|根据|围绕|面对|随着|我们|全市|全省|全县|各级|各地|各校|各单位|要|"
    r"促进|推动|推进|完善|提升|提高|落实|加强|强化|深化|优化|增强|建立|健全|开展|实施|"
    r"做好|抓好|规范|坚持|加快|扎实|切实|着力|全面|积极|不断|在|既要|对照|聚焦|立足|"
    r"新建|新增|建成|完成|实现|累计|全年|共有|组织|举办|出台|印发)"
)
_BAD_START = "的了和与及之性化者们地得着过"
_OPENS_ON_ITS_OWN = re.compile(f"{_PERIOD_OPENER.pattern}|{_NEVER_IN_HEADING.pattern}")
_SOFT_MARKS = "，,、；;：:。"
HEAD_END = SENTENCE_END + SEMICOLON + HALF_WIDTH_ENDS  # what ends a run-in headline: 。！？；
MIN_HEADING = 4
MAX_HEADING = 45
# A cut is proposed only with enough evidence: more for an item's headline (a run-in body is
# just as likely) than for a part's title (a part's title always stops somewhere).
THRESHOLD = {True: 4, False: 5}
WEAK = {part: score - 1 for part, score in THRESHOLD.items()}  # a sign: mark it for checking
PARALLEL = 2  # enough once a sibling heading was cut: the headings of one list are alike


@dataclass(frozen=True)
class Cut:
    position: int  # characters into the segment where the heading ends
    score: int


def _clauses(text: str) -> list[str]:
    return [clause for clause in re.split(r"[，,]", text) if clause]


def best_cut(
    segment: str, stop: int, *, part: bool, siblings: Sequence[str] = (), sentence: bool = False
) -> Cut | None:
    """The likeliest end of a heading inside `segment[:stop]` with its score (compare with
    THRESHOLD), or None when no place fits at all.

    `siblings` are headings of the same list whose end is known: their lengths and clause shapes
    (抓统筹，切实优化教育结构) say how long this one probably is. With `sentence`, `stop` is the
    end of a sentence: what follows the heading must then be a sentence of its own (a clause, or
    a verb and its object), so 新形势|新任务。 is one heading, not a heading and a sentence."""
    lengths = [len(s.rstrip(HEAD_END)) for s in siblings if s]
    low, high = (min(lengths) - 2, max(lengths) + 3) if lengths else (6, 25)
    shapes = shapes_of(siblings)
    words = [m.span() for m in _NEVER_IN_HEADING.finditer(segment, 0, stop)]
    best: Cut | None = None
    for position in range(MIN_HEADING, min(stop, MAX_HEADING + 1)):
        title, rest = segment[:position], segment[position:]
        if not rest or rest[0] in _SOFT_MARKS or title[-1] in "，,、“《（(":
            continue
        if rest[0] in _BAD_START and not body_opener(rest):
            continue  # 通过|过……, but 回顾|过去一年
        if any(start < position < end for start, end in words):
            continue  # never inside 习近平总书记
        if title.count("“") != title.count("”") or title.count("《") != title.count("》"):
            continue  # never inside a quotation or a document's name
        said = rest[: stop - position]
        if sentence and not a_sentence(said):
            continue
        if len(_clauses(said)[0]) < 3 and not body_opener(rest):
            continue  # 坚持质量|为本，……: a body never opens with a clause's last words
        score = _score(title, rest, part=part, low=low, high=high, shapes=shapes)
        if best is None or score > best.score:
            best = Cut(position, score)
    return best


def a_sentence(text: str) -> bool:
    """Whether text could be a sentence on its own: a clause, eight characters, or a verb and its
    object (提升管理水平), never a fragment of a noun (新任务)."""
    return (
        len(text) >= 8
        or bool(re.search(r"[，,]", text))
        or (len(text) >= 4 and bool(_VERB_OPENER.match(text)))
    )


def body_opener(text: str) -> bool:
    """Whether text opens as a body does, never as a heading (今年……, 习近平总书记……)."""
    return bool(_OPENS_ON_ITS_OWN.match(text))


def _score(title: str, rest: str, *, part: bool, low: int, high: int, shapes: list) -> int:
    score = 0
    if title.endswith(HEADING_ENDINGS):
        score += 3
    if body_opener(rest):
        score += 4
    elif len(title) >= 6 and rest[:2] == title[:2]:
        # 劳动教育要坚持统筹推进|劳动教育涉及……: the body takes up the heading's subject
        score += 4 if rest[:3] == title[:3] else 3
    elif _VERB_OPENER.match(rest):
        score += 1 if part else 2
    if any(rest.startswith(title[-size:]) for size in range(2, min(len(title), 8) + 1)):
        score += 4  # 加强师德师风建设|师德师风建设是……: the body takes up the heading's noun
    if low <= len(title) <= high:
        score += 2 if shapes else 1
    elif shapes:
        score -= 2
    clauses = _clauses(title)
    if len(clauses) > 1 and len(clauses[-1]) < 4:
        score -= 2  # 统一思想，充分|认识……: the last clause is cut short
    if shapes and alike(title, shapes):
        score += 1  # 抓统筹，切实优化教育结构: the same clauses, the same weight
    return score


def shapes_of(headings: Sequence[str]) -> list[list[str]]:
    """The clauses of each heading, its end mark aside: what `alike` compares."""
    return [_clauses(h.rstrip(HEAD_END)) for h in headings if h]


def alike(heading: str, shapes: list[list[str]]) -> bool:
    """Whether a heading has the shape of its siblings (`shapes_of`): as many clauses, the last
    about as long."""
    clauses = _clauses(heading.rstrip(HEAD_END))
    if not shapes or not clauses or any(len(shape) != len(clauses) for shape in shapes):
        return False
    last = [len(shape[-1]) for shape in shapes]
    return min(last) - 1 <= len(clauses[-1]) <= max(last) + 2
