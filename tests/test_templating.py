from pathlib import Path

import pytest

from drafter.errors import TemplateError
from drafter.pipeline import Options, Renderer
from drafter.render.templating import Templates, builtin_templates

from conftest import ALL_KINDS, MINIMAL


def test_builtin_kinds_have_descriptions_and_parts():
    kinds = Templates().kinds()
    assert sorted(kinds) == sorted(ALL_KINDS)
    for kind in kinds.values():
        assert kind.description
        assert kind.parts
        assert kind.source == "built-in"


def test_outline_values_are_data_not_templates(renderer):
    text = MINIMAL.replace(
        "新建党组织12个。", "'{{ 7*7 }} {% if true %}x{% endif %} **粗** @at #井'"
    )
    document = renderer.document(renderer.loads(text))
    assert "{{ 7*7 }} {% if true %}x{% endif %} **粗** @at #井" in "\n".join(document.lines())


def test_user_template_overrides_a_block_of_a_builtin_kind(tmp_path: Path):
    (tmp_path / "kinds").mkdir()
    (tmp_path / "kinds" / "work-conference.j2").write_text(
        '{% extends "builtin/kinds/work-conference.j2" %}\n'
        "{% block closing %}@closing 我们自己的结束语。\n{% endblock %}\n",
        encoding="utf-8",
    )
    renderer = Renderer(Options(template_dirs=(tmp_path,)))
    assert renderer.templates.kinds()["work-conference"].source == str(tmp_path)
    lines = renderer.document(renderer.loads(MINIMAL)).lines()
    assert lines[-1] == "我们自己的结束语。"
    assert "党建工作不断加强。新建党组织12个。" in lines  # one item is not numbered


def test_a_new_kind_from_a_user_folder(tmp_path: Path):
    (tmp_path / "kinds").mkdir()
    (tmp_path / "kinds" / "briefing.j2").write_text(
        '{#-\ndescription: 情况通报会讲话\nparts: [review]\n-#}\n{% extends "base.j2" %}\n',
        encoding="utf-8",
    )
    renderer = Renderer(Options(template_dirs=(tmp_path,)))
    kind = renderer.templates.kinds()["briefing"]
    assert (kind.description, kind.parts) == ("情况通报会讲话", ("review",))
    document = renderer.document(renderer.loads(MINIMAL.replace("work-conference", "briefing")))
    assert document.header.title == "测试标题"


def write_kind(folder: Path, body: str) -> Renderer:
    (folder / "kinds").mkdir(exist_ok=True)
    (folder / "kinds" / "broken.j2").write_text(body, encoding="utf-8")
    return Renderer(Options(template_dirs=(folder,)))


def render_error(renderer: Renderer) -> str:
    with pytest.raises(TemplateError) as info:
        renderer.document(renderer.loads(MINIMAL.replace("work-conference", "broken")))
    return info.value.messages()[0]


def test_undefined_variable_names_template_and_line(tmp_path: Path):
    renderer = write_kind(tmp_path, "@title x\n\n{{ outline.titel }}\n")
    message = render_error(renderer)
    assert message.startswith(f"{tmp_path / 'kinds' / 'broken.j2'}:3: undefined:")
    assert "has no key 'titel' (did you mean 'title'?)" in message


def test_syntax_error_names_template_and_line(tmp_path: Path):
    renderer = write_kind(tmp_path, "@title x\n{% if %}\n")
    message = render_error(renderer)
    assert message.startswith(str(tmp_path / "kinds" / "broken.j2") + ":2: template syntax:")


def test_sandbox_refuses_python_internals(tmp_path: Path):
    renderer = write_kind(tmp_path, "{{ outline.__class__.__mro__ }}\n")
    assert "not allowed in a template: access to attribute '__class__'" in render_error(renderer)
    renderer = write_kind(tmp_path, "{{ ''.__class__.__subclasses__() }}\n")
    assert "not allowed in a template: access to attribute '__class__'" in render_error(renderer)
    renderer = write_kind(tmp_path, "{% import 'os' as os %}\n")
    assert "template 'os' not found" in render_error(renderer)


def test_templates_cannot_read_files_outside_the_search_path(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    folder = tmp_path / "tpl"
    folder.mkdir()
    renderer = write_kind(folder, '{% include "../secret.txt" %}\n')
    assert "not found" in render_error(renderer)


def test_runaway_output_is_stopped(tmp_path: Path):
    renderer = write_kind(
        tmp_path,
        "{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxx{% endfor %}"
        "{% endfor %}\n",
    )
    assert "template stopped" in render_error(renderer)


def test_endless_recursion_is_stopped(tmp_path: Path):
    renderer = write_kind(tmp_path, "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}\n")
    assert "template stopped" in render_error(renderer)


def test_missing_user_folder_is_an_error(tmp_path: Path):
    with pytest.raises(TemplateError, match="does not exist"):
        Templates([tmp_path / "nope"])


def test_builtin_templates_found():
    assert (builtin_templates() / "base.j2").is_file()
