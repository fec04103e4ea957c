"""What rendering says, in both languages: template errors at their line, the budget's stops,
library references, markup, the missing-faces warning, --into's notes. English is the msgids
(what the rest of the suite expects); Chinese comes from the catalogue."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from drafter import i18n
from drafter.errors import DrafterError, OutlineError
from drafter.pipeline import Options, Renderer
from drafter.writers.faces import FaceStatus, missing_message

from conftest import MINIMAL, drafter_process


def template_messages(tmp_path: Path, body: str, lang: str) -> list[str]:
    """The messages of rendering MINIMAL, in `lang`, with a kind whose template is `body`
    (the kind's file shown as KIND, wherever the test put it)."""
    (tmp_path / "kinds").mkdir(exist_ok=True)
    kind = tmp_path / "kinds" / "boom.j2"
    kind.write_text(body + "\n", encoding="utf-8")
    renderer = Renderer(Options(template_dirs=(tmp_path,)))
    with i18n.speaking(lang), pytest.raises(DrafterError) as info:
        renderer.document(renderer.loads(MINIMAL.replace("work-conference", "boom")))
    return [message.replace(str(kind), "KIND") for message in info.value.messages()]


@pytest.mark.parametrize(
    ("body", "english", "chinese"),
    [
        (
            "@title x\n\n{{ outline.zzz }}",
            "KIND:3: undefined: <outline> has no key 'zzz'",
            "KIND:3: 未定义：<outline> 没有键 zzz",
        ),
        (
            "@title x\n{% for i in range(3000000) %}{% endfor %}",
            "KIND:2: template stopped: more than 2,000,000 loop iterations, calls, range() "
            "numbers and lines wrapped in one render",
            "KIND:2: 模板已停止：一次生成中的循环、调用、range() 生成的数和折行合计超过 "
            "2,000,000 次",
        ),
        (
            "{{ 'ab' * 30000000 }}",
            "KIND:1: template stopped: '*' would build 60,000,000 characters",
            "KIND:1: 模板已停止：将生成 60,000,000 个字符（'*'）",
        ),
        (
            "{{ '{:>20000}'.format(1) }}",  # the operation named in words (N_), translated too
            "KIND:1: template stopped: a format width: a width of 20,000 is more than any page "
            "needs (at most 10,000)",
            "KIND:1: 模板已停止：格式字段：宽度 20,000 远超页面所需（最多 10,000）",
        ),
        (
            "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
            "KIND:1: template stopped: a macro or include calls itself without end",
            "KIND:1: 模板已停止：宏或 include 无休止地调用自身",
        ),
    ],
)
def test_a_template_error_at_its_line(tmp_path, body, english, chinese):
    assert template_messages(tmp_path, body, "en") == [english]
    assert template_messages(tmp_path, body, "zh") == [chinese]


def test_markup_a_template_made_is_refused_line_by_line(tmp_path):
    body = "@title x\n@title y\n@numbering roman\n###### 太深"
    assert template_messages(tmp_path, body, "en") == [
        "kinds/boom.j2 (rendered):2: @title given twice: @title y",
        "kinds/boom.j2 (rendered):3: unknown numbering style 'roman' "
        "(cn, paren, arabic, arabic-dun, paren-arabic, shi, yao, di, none): "
        "@numbering roman",
        "kinds/boom.j2 (rendered):4: headings go at most 4 levels deep: ###### 太深",
    ]
    assert template_messages(tmp_path, body, "zh") == [
        "kinds/boom.j2 (rendered):2: @title 出现了两次：@title y",
        "kinds/boom.j2 (rendered):3: 未知的编号样式 roman"
        "（可用：cn、paren、arabic、arabic-dun、paren-arabic、shi、yao、di、none）："
        "@numbering roman",
        "kinds/boom.j2 (rendered):4: 标题最多 4 级：###### 太深",
    ]


def reference_problems(lang: str) -> list[str]:
    outline = MINIMAL + (
        "closing: {greeting: closing-general}\n"
        "opening: {use: opening-meeting, with: {place: 礼堂}}\n"
    )
    with i18n.speaking(lang), pytest.raises(OutlineError) as info:
        Renderer().loads(outline, "o.yaml")
    return info.value.messages()


def test_a_library_reference_problem():
    assert reference_problems("en") == [
        "o.yaml:16:21: closing.greeting: 'closing-general' is one of the closings, "
        "not of the greetings",
        "o.yaml:17:40: opening.with.place: 'opening-meeting' has no parameter 'place'; "
        "parameters: occasion, approved_by",
    ]
    assert reference_problems("zh") == [
        "o.yaml:16:21: closing.greeting: 素材 closing-general 属于结束语，不能用作问候语",
        "o.yaml:17:40: opening.with.place: 素材 opening-meeting 没有参数 place；"
        "可用参数：occasion、approved_by",
    ]


def test_a_required_parameter_nobody_gives():
    library = Renderer().library()
    from drafter.outline.references import Reference

    def said(lang: str) -> list[str]:
        with i18n.speaking(lang):
            return [p.message for p in library.problems(Reference("opening-meeting"), {})]

    assert said("en") == [
        "'opening-meeting' needs the parameter 'occasion' (会议名称，如：2026年全市教育工作会议); "
        "give it under with:"
    ]
    assert said("zh") == [
        "素材 opening-meeting 需要参数 occasion（会议名称，如：2026年全市教育工作会议），"
        "请在 with: 下给出"
    ]


def test_a_library_entry_stopped_by_the_budget_speaks_the_users_language(tmp_path):
    """A whole `drafter render` under a Chinese locale (no DRAFTER_LANG): the entry's line and
    the budget's reason, both in Chinese."""
    entry = tmp_path / "素材" / "closing-office.yaml"
    entry.parent.mkdir()
    entry.write_text(
        "id: closing-office\ncategory: closing\ndescription: 本单位结束语\ntext: |\n"
        "  同志们，\n  {% for i in range(3000000) %}{% endfor %}\n",
        encoding="utf-8",
    )
    (tmp_path / "drafter.yaml").write_text("library_dirs: [素材]\n", encoding="utf-8")
    outline = tmp_path / "outline.yaml"
    outline.write_text(MINIMAL + "closing: {use: closing-office}\n", encoding="utf-8")
    chinese = "import os; os.environ.pop('DRAFTER_LANG'); os.environ['LANG'] = 'zh_CN.UTF-8'"
    result = drafter_process("render", outline, "-f", "txt", prelude=chinese)
    assert result.returncode == 2
    assert (
        f"{entry}:6: 素材 closing-office 正文第 2 行：一次生成中的循环、调用、range() 生成的数"
        "和折行合计超过 2,000,000 次"
    ) in result.stderr
    english = drafter_process("render", outline, "-f", "txt")  # DRAFTER_LANG=en, the suite's
    assert (
        f"{entry}:6: library entry 'closing-office', line 2 of its text: more than 2,000,000 "
        "loop iterations"
    ) in english.stderr


FACES = [
    FaceStatus("仿宋_GB2312", ("normal",), True, "仿宋", "仿宋_GB2312"),
    FaceStatus("楷体_GB2312", ("heading2",), False, "楷体", "KaiTi"),
    FaceStatus("方正小标宋简体", ("title",), False, "华文中宋", ""),
    FaceStatus("Georgia", ("page numbers",), False, "", ""),
]


@pytest.mark.parametrize(
    ("lang", "style", "embedded", "expected"),
    [
        (
            "en",
            "gbt9704",
            False,
            "the style gbt9704 uses faces not installed here: 楷体_GB2312 (Word/WPS show 楷体)、"
            "方正小标宋简体 (Word/WPS show 华文中宋)、Georgia; the draft still names them and "
            "looks right where they are installed; --style gbt9704-win uses the faces Windows "
            "and WPS ship",
        ),
        (
            "zh",
            "gbt9704",
            False,
            "版式 gbt9704 用到的字体本机未安装：楷体_GB2312（Word/WPS 显示为 楷体）、"
            "方正小标宋简体（Word/WPS 显示为 华文中宋）、Georgia；草稿仍指定这些字体，"
            "在装有它们的电脑上显示正常；--style gbt9704-win 使用 Windows 和 WPS 自带的字体",
        ),
        (
            "en",
            "office",
            True,
            "the style office uses faces not installed here: 楷体_GB2312 (Word/WPS show 楷体)、"
            "方正小标宋简体 (Word/WPS show 华文中宋)、Georgia; the PDF shows the stand-ins that "
            "drafter fonts lists",
        ),
        (
            "zh",
            "office",
            True,
            "版式 office 用到的字体本机未安装：楷体_GB2312（Word/WPS 显示为 楷体）、"
            "方正小标宋简体（Word/WPS 显示为 华文中宋）、Georgia；PDF 中显示为 drafter fonts "
            "列出的替代字体",
        ),
    ],
)
def test_the_missing_faces_warning(lang, style, embedded, expected):
    with i18n.speaking(lang):
        assert missing_message(style, FACES, embedded=embedded) == expected


def into_notes(tmp_path: Path, lang: str) -> list[str]:
    """The notes of a speech put into a plain Word document: no {{ speech }} paragraph, Word's
    own styles, a Letter page."""
    template = tmp_path / "红头.docx"
    word = docx.Document()
    word.add_paragraph("抄送：市委办公室。")
    word.save(template)
    renderer = Renderer(Options(into=template))
    notes: list[str] = []
    with i18n.speaking(lang):
        renderer.to_bytes(renderer.document(renderer.loads(MINIMAL)), "docx", notes=notes)
    return notes


def test_the_notes_of_a_speech_put_into_a_template(tmp_path):
    assert into_notes(tmp_path, "en") == [
        "红头.docx has no paragraph that is just {{ speech }}; the speech follows the "
        "template's own text",
        "the speech takes the style profile's styles, not 红头.docx's Word defaults (a "
        "template with a style named 讲话人 keeps its own)",
        "红头.docx's page holds 22 lines of 27 characters, not the style profile's 22 of 28; "
        "its margins are kept (the profile's: 37/35/28/26 mm top/bottom/left/right)",
    ]
    assert into_notes(tmp_path, "zh") == [
        "红头.docx 中没有只含 {{ speech }} 的段落；讲话稿接在模板原有文字之后",
        "讲话稿采用版式的样式，而不是 红头.docx 的 Word 默认样式（模板中有名为 讲话人 "
        "的样式时，保留模板自己的样式）",
        "红头.docx 的页面每页 22 行、每行 27 字，与版式的每页 22 行、每行 28 字不同；"
        "保留模板的页边距（版式的上/下/左/右页边距为 37/35/28/26 毫米）",
    ]


def test_what_a_render_reads_is_named_in_each_requests_language(tmp_path):
    """The workbench answers each request in its browser's language from one warm renderer:
    the files it refuses to save over are named in that language, not the first request's."""
    (tmp_path / "kinds").mkdir()
    (tmp_path / "kinds" / "own.j2").write_text("@title x\n", encoding="utf-8")
    renderer = Renderer(Options(template_dirs=(tmp_path,)))
    for lang, named in (
        ("zh", f"模板文件夹 {tmp_path} 中的文件"),
        ("en", f"a file of the template folder {tmp_path}"),
        ("zh", f"模板文件夹 {tmp_path} 中的文件"),
    ):
        with i18n.speaking(lang):
            assert named in {what for _path, what in renderer.reads().values()}


def test_json_output_is_the_same_in_both_languages(renderer):
    loaded = renderer.loads(MINIMAL)
    made = {}
    for lang in ("en", "zh"):
        with i18n.speaking(lang):
            made[lang] = renderer.to_bytes(renderer.document(loaded), "json")
    assert made["en"] == made["zh"]
