"""The library of stock paragraphs: built-in entries, office overrides, located errors."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from drafter.errors import LibraryError, OutlineError
from drafter.outline.references import Reference
from drafter.pipeline import Options, Renderer
from drafter.render.filling import KINDS_HEARERS
from drafter.render.library import Library
from drafter.render.templating import builtin_templates

from conftest import CORPUS, EXAMPLES, KINDS, MINIMAL, ROOT

BUILTIN = builtin_templates() / "library"


def render(library: Library, entry_id: str, given=None, fallbacks=None) -> tuple[str, str]:
    """(headline, text) of an entry filled with `given` (with:) and `fallbacks` (office)."""
    filled = library.resolve(Reference(entry_id, None, given or {}), fallbacks or {})
    return filled.headline, filled.text


@pytest.fixture(scope="module")
def library() -> Library:
    return Library([], BUILTIN)


def test_every_builtin_entry_renders_with_its_defaults(library):
    for entry_id, loaded in library.entries.items():
        given = {
            name: f"【{name}】" for name, p in loaded.entry.params.items() if p.default is None
        }
        headline, text = render(library, entry_id, given)
        assert text, entry_id
        assert "{{" not in text and "{%" not in text, entry_id
        if loaded.entry.category == "requirement":
            assert headline, entry_id


def test_builtin_coverage(library):
    def ids(category):
        return [e for e in library.entries.values() if e.entry.category == category]

    closings = ids("closing")
    assert len(closings) >= 12
    for kind in KINDS:
        assert any(kind in e.entry.tags for e in closings), kind
    greeting_tags = {tag for e in ids("greeting") for tag in e.entry.tags}
    assert {"元旦", "春节", "教师节", "国庆", "年中"} <= greeting_tags
    assert len(ids("greeting")) >= 5
    assert render(library, "thanks")[1] == "谢谢大家！"
    headlines = {render(library, e.id)[0] for e in ids("requirement")}
    assert {"加强组织领导", "强化督查考核", "营造良好氛围"} <= headlines


def test_every_kind_names_an_existing_default_closing(renderer):
    for name in KINDS:
        kind = renderer.templates.kinds()[name]
        assert kind.closing in renderer.library().ids("closing"), name
    assert renderer.templates.kinds()["generic"].closing is None  # adds nothing


def test_parameters_fall_back_to_office_values_then_defaults(library):
    _, text = render(library, "greeting-spring-festival", {}, {"org": "市教育局"})
    assert text.startswith("春节即将来临，我代表市教育局，向同志们拜个早年")
    _, text = render(library, "greeting-spring-festival", {"audience": "全体干部"}, {})
    assert text.startswith("春节即将来临，我向全体干部拜个早年")  # no org: no 我代表…


def write_entry(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_office_entries_win_over_builtin_ones(tmp_path: Path):
    write_entry(
        tmp_path,
        "mine",
        """\
        id: thanks
        category: thanks
        description: 本单位习惯的致谢
        text: 谢谢！
    """,
    )
    library = Library([tmp_path], BUILTIN)
    assert render(library, "thanks")[1] == "谢谢！"
    assert library.entries["thanks"].source == str(tmp_path)
    assert library.entries["closing-general"].source == "built-in"


def test_broken_entry_files_are_located(tmp_path: Path):
    write_entry(
        tmp_path,
        "bad",
        """\
        id: Bad Id
        category: closnig
        description: x
        text: y
        tagz: [a]
        when: [腊八, 13-01..01-02]
    """,
    )
    with pytest.raises(LibraryError) as info:
        Library([tmp_path], BUILTIN)
    found = [p.format() for p in info.value.problems]
    path = tmp_path / "bad.yaml"
    assert any(m.startswith(f"{path}:1:5: id: must be lowercase Latin letters") for m in found)
    assert any(m.startswith(f"{path}:2:11: category: 'closnig' is not one of") for m in found)
    assert f"{path}:5:1: tagz: unknown key 'tagz' (did you mean 'tags'?)" in found
    assert any(m.startswith(f"{path}:6:8: when[0]: '腊八' is neither a season") for m in found)
    assert f"{path}:6:12: when[1]: '13-01..01-02': 13-1 is not a day of the year" in found


def test_duplicate_ids_in_one_folder(tmp_path: Path):
    for name in ("a", "b"):
        write_entry(tmp_path, name, "id: same\ncategory: thanks\ndescription: x\ntext: y\n")
    with pytest.raises(LibraryError, match="id 'same' is also used by"):
        Library([tmp_path], BUILTIN)


def test_template_error_in_entry_text_is_located(tmp_path: Path):
    path = write_entry(
        tmp_path,
        "e",
        """\
        id: broken
        category: closing
        description: x
        params: {}
        text: |
          第一行。
          {{ missing }}
    """,
    )
    library = Library([tmp_path], BUILTIN)
    with pytest.raises(LibraryError) as info:
        render(library, "broken")
    message = info.value.messages()[0]
    assert message.startswith(f"{path}:7: library entry 'broken', line 2 of its text:")
    assert "missing is not defined here" in message


def outline_errors(renderer: Renderer, text: str) -> list[str]:
    with pytest.raises(OutlineError) as info:
        renderer.loads(text, "o.yaml")
    return [p.format() for p in info.value.problems]


def test_unknown_ids_and_parameters_are_located_with_the_closest(renderer):
    text = MINIMAL + textwrap.dedent("""\
        closing:
          use: closing-anual-forward
          greeting: {use: greeting-spring-festival, with: {audiense: 大家}}
          thanks: thank
        """)
    found = outline_errors(renderer, text)
    assert found[0].startswith(
        "o.yaml:17:8: closing.use: the closings have no entry 'closing-anual-forward' "
        "(did you mean 'closing-annual-forward'?); they are: closing-annual-confidence,"
    )
    assert found[1] == (
        "o.yaml:18:52: closing.greeting.with.audiense: 'greeting-spring-festival' has no "
        "parameter 'audiense' (did you mean 'audience'?); parameters: org, audience"
    )
    assert found[2].startswith(
        "o.yaml:19:11: closing.thanks: the thanks have no entry 'thank' (did you mean 'thanks'?)"
    )


def test_numbers_as_entry_ids_are_checked_like_text(renderer):
    found = outline_errors(renderer, MINIMAL + "closing: {use: 7, greeting: 0, thanks: 5}\n")
    assert [m.split(": ", 2)[1:] for m in found] == [
        [
            "closing.use",
            "the closings have no entry '7'; they are: "
            + ", ".join(renderer.library().ids("closing")),
        ],
        [
            "closing.greeting",
            "the greetings have no entry '0'; they are: "
            + ", ".join(renderer.library().ids("greeting")),
        ],
        ["closing.thanks", "the thanks have no entry '5'; they are: thanks, thanks-closing-words"],
    ]
    assert renderer.loads(MINIMAL + "closing: {thanks: 1}\n").outline.closing.thanks is True


def test_an_entry_of_the_wrong_category(renderer):
    found = outline_errors(renderer, MINIMAL + "closing: {greeting: closing-general}\n")
    assert found == [
        "o.yaml:16:21: closing.greeting: 'closing-general' is one of the closings, "
        "not of the greetings"
    ]


def test_required_parameter_falls_back_on_the_outline(renderer):
    text = MINIMAL + "opening: {use: opening-meeting}\n"
    loaded = renderer.loads(text)  # occasion: the outline's own value fills the parameter
    assert renderer.document(loaded).lines()[5].startswith("今天，我们召开2026年全市教育工作会议。")
    problems = renderer.library().problems(Reference("opening-meeting", "opening"), {})
    assert [p.message for p in problems] == [
        "'opening-meeting' needs the parameter 'occasion' (会议名称，如：2026年全市教育工作会议); "
        "give it under with:"
    ]


def test_missing_required_parameter_is_located(tmp_path: Path):
    write_entry(
        tmp_path,
        "e",
        """\
        id: req-deadline
        category: requirement
        description: 限期完成
        params:
          task: {description: 要完成的工作}
          deadline: {description: 完成时限}
        headline: 按期完成任务
        text: "{{ task }}要在{{ deadline }}前完成。"
    """,
    )
    renderer = Renderer(Options(library_dirs=(tmp_path,)))
    text = MINIMAL + (
        "  - type: requirements\n"
        "    items:\n"
        "      - use: req-deadline\n"
        "        with: {task: 创建工作}\n"
    )
    found = outline_errors(renderer, text)
    assert found == [
        "o.yaml:18:14: parts[2].items[0].use: 'req-deadline' needs the parameter 'deadline' "
        "(完成时限); give it under with:"
    ]
    with pytest.raises(LibraryError, match="needs the parameter 'deadline'"):
        render(renderer.library(), "req-deadline", {"task": "x"})
    assert render(renderer.library(), "req-deadline", {"task": "创建", "deadline": "6月"})[1] == (
        "创建要在6月前完成。"
    )


def test_requirement_items_from_the_library(renderer):
    text = MINIMAL + (
        "  - type: requirements\n"
        "    numbering: yao\n"
        "    items:\n"
        "      - use: req-organization\n"
        "        with: {task: 创建工作}\n"
        "      - {use: req-safety, headline: 守牢校园安全底线}\n"
    )
    lines = renderer.document(renderer.loads(text)).lines()
    assert any(
        line.startswith("一要加强组织领导。各单位要把创建工作摆上重要议事日程") for line in lines
    )
    assert any(line.startswith("二要守牢校园安全底线。要牢固树立安全发展理念") for line in lines)


def test_closing_with_greeting_and_thanks(renderer):
    text = (
        MINIMAL
        + "org: 市教育局\nclosing: {use: closing-general, greeting: greeting-new-year, thanks: true}\n"
    )
    lines = renderer.document(renderer.loads(text)).lines()
    assert lines[-3].startswith("同志们，一分部署，九分落实")
    assert lines[-2].startswith("新年的钟声即将敲响。在此，我代表市教育局，")
    assert lines[-1] == "谢谢大家！"


def test_default_closing_comes_from_the_kind(renderer):
    lines = renderer.document(renderer.loads(MINIMAL)).lines()
    assert (
        lines[-1]
        == render(
            renderer.library(),
            "closing-annual-forward",
            {},
            {"this_year": "2026年", "hearers": KINDS_HEARERS},
        )[1]
    )


def test_user_library_folder_through_options(tmp_path: Path):
    write_entry(
        tmp_path,
        "c",
        """\
        id: closing-annual-forward
        category: closing
        description: 本局的年度结束语
        text: 同志们，让我们一起努力！
    """,
    )
    renderer = Renderer(Options(library_dirs=(tmp_path,)))
    assert renderer.document(renderer.loads(MINIMAL)).lines()[-1] == "同志们，让我们一起努力！"


def test_missing_library_folder(tmp_path: Path):
    with pytest.raises(LibraryError, match="does not exist"):
        Library([tmp_path / "nope"], BUILTIN)


def _phrases(text: str, size: int = 16) -> set[str]:
    """Runs of `size` Chinese characters within one line (punctuation and spaces removed).

    16 characters: longer than the genre's set forms (在……工作会议上的讲话), shorter than any
    copied sentence."""
    found = set()
    for line in text.splitlines():
        chars = re.sub(r"[^\u4e00-\u9fff]", "", line)
        found |= {chars[i : i + size] for i in range(len(chars) - size + 1)}
    return found


@pytest.mark.corpus
def test_nothing_is_copied_from_the_corpus():
    corpus = set()
    for path in CORPUS.glob("*.txt"):  # one line each: split at sentence ends to compare
        corpus |= _phrases(re.sub(r"[。！？；]", "\n", path.read_text(encoding="utf-8")))
    ours = list((ROOT / "templates").rglob("*.*")) + list(EXAMPLES.glob("*.yaml"))
    for path in ours:
        shared = _phrases(path.read_text(encoding="utf-8")) & corpus
        assert not shared, f"{path.relative_to(ROOT)} repeats the corpus: {sorted(shared)[:3]}"
