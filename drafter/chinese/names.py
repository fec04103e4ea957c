"""Names of people and units as a speech says them: who carries a title of their own (于锡淼老师,
李素洁校长), who is a unit (云川一中, 清溪区教育局), and who is a bare name that takes 同志.

A speech thanks 何春兰和梁宏远同志 but never 于锡淼老师同志: a title is said once.
"""

from __future__ import annotations

from collections.abc import Callable

from drafter.chinese.text import HAN, pattern

# Words that end a name carrying its own title or form of address (a name with one of these
# never takes 同志). 同志 itself is among them: it is never said twice.
TITLES = (
    "同志",
    "老师",
    "教师",
    "讲师",
    "校长",
    "园长",
    "主任",
    "书记",
    "局长",
    "厅长",
    "院长",
    "部长",
    "处长",
    "科长",
    "股长",
    "主席",
    "教授",
    "同学",
    "先生",
    "女士",
    "省长",
    "市长",
    "县长",
    "区长",
    "镇长",
    "乡长",
    "委员",
    "代表",
    "会长",
    "理事长",
    "董事长",
    "经理",
    "馆长",
    "所长",
    "站长",
    "队长",
    "社长",
    "组长",
    "工程师",
    "医生",
    "医师",
    "护士",
    "院士",
    "博士",
    "教练",
    "辅导员",
    "教研员",
    "师傅",
    "村长",
    "支书",
    "警官",
    "民警",
    "法官",
    "检察官",
    "律师",
    "记者",
    "大夫",
    "行长",
    "总",  # 陈总: how a company's head is addressed
    "老",  # 王老: how an elder is honoured
)
# Last characters of a unit's name (云川一中, 清溪区教育局, 市教育学会, 宣讲团): units take no 同志.
_UNIT_ENDS = "中小学校院局厅部委会所站馆园处科室队团组司厂办府心村镇乡区县市省社庭"
# A name of two or three characters is a person unless it ends in a unit word: many given names
# end in one of the characters above (王建中, 李文会, 张振庭), few in these words and characters.
_SHORT_UNIT = pattern(
    "(?:[一二三四五六七八九十]+中|中学|小学|学校|大学|学院|幼儿园|中心|学会|工会|团委"
    "|[局厅部委团院所站馆处室队组司厂办府村镇乡区县市省社])$"
)
# Compound surnames: a name of four characters that begins with one is a person (欧阳建中,
# 司马文会), whatever its last character, unless it ends in a unit word (东方一中, 东方小学).
COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "皇甫",
    "司徒",
    "司空",
    "令狐",
    "慕容",
    "东方",
    "夏侯",
    "尉迟",
    "公孙",
    "长孙",
    "宇文",
    "端木",
    "澹台",
    "万俟",
    "闻人",
    "西门",
    "南宫",
    "呼延",
    "申屠",
    "轩辕",
    "独孤",
    "钟离",
    "宗政",
    "濮阳",
    "淳于",
    "太史",
    "公冶",
    "赫连",
    "百里",
    "东郭",
    "第五",
)
_BARE_NAME = pattern(f"[{HAN}·]{{2,5}}")
HONORIFIC = "同志"


def has_title(name: str) -> bool:
    """Whether a name carries its own title or form of address (于锡淼老师, 张华同志)."""
    return name.endswith(TITLES)


def is_bare_name(name: str) -> bool:
    """Whether `name` reads as a person's bare name (何春兰, 王建中, 欧阳建中): two to four
    characters (five with a ·), no title of its own, not a unit (云川一中, 宣讲团; a name of
    four characters ending in a unit's last character, 实验小学, is read as a unit unless it
    begins with a compound surname)."""
    name = name.strip()
    size = len(name.replace("·", ""))
    if not _BARE_NAME().fullmatch(name) or size > 4 or has_title(name):
        return False
    if size <= 3 or (size == 4 and name.startswith(COMPOUND_SURNAMES)):
        return not _SHORT_UNIT().search(name)
    return name[-1] not in _UNIT_ENDS


def joined(words: list[str], conjunction: str = "和") -> str:
    """Words said as a list: a、b和c; two words a和b."""
    if len(words) < 2:
        return "".join(words)
    return "、".join(words[:-1]) + conjunction + words[-1]


def addressed(names: list[str], is_bare: Callable[[str], bool] = is_bare_name) -> list[str]:
    """Names as a speech says them among others: a bare name with 同志, a titled name or a unit
    as written. When every name is bare, 同志 is said once, after the last (何春兰和梁宏远同志),
    so only the last is changed. `is_bare` judges a name (one that reads past marks around it)."""
    bare = [is_bare(name) for name in names]
    if names and all(bare):
        return [*names[:-1], names[-1] + HONORIFIC]
    return [name + HONORIFIC if plain else name for name, plain in zip(names, bare, strict=True)]
