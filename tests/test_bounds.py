"""Bounded work and bounded input (issue 15): every template, library entry and input file ends
in seconds and bounded memory, with a located message."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from drafter.cli.app import app
from drafter.docx_input import open_docx
from drafter.errors import StyleError, TemplateError
from drafter.pipeline import Options, Renderer
from drafter.render.budget import Budget
from drafter.render.sandbox import new_sandbox, render_text

from conftest import MINIMAL

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def boom(tmp_path: Path, body: str, **options) -> str:
    """The first message of rendering MINIMAL with a kind whose template is `body`."""
    (tmp_path / "kinds").mkdir(exist_ok=True)
    (tmp_path / "kinds" / "boom.j2").write_text(body + "\n", encoding="utf-8")
    renderer = Renderer(Options(template_dirs=(tmp_path,), **options))
    with pytest.raises(TemplateError) as info:
        renderer.document(renderer.loads(MINIMAL.replace("work-conference", "boom")))
    message = info.value.messages()[0]
    assert message.startswith(str(tmp_path / "kinds" / "boom.j2") + ":"), message
    return message


# --- templates and library entries share one budget -------------------------------------------


def office_library(tmp_path: Path, text: str) -> Path:
    """A folder with drafter.yaml naming a library whose closing entry has `text`, and an
    outline closing with it."""
    entry = tmp_path / "素材" / "closing-office.yaml"
    entry.parent.mkdir()
    body = textwrap.indent(text, "  ")
    entry.write_text(
        f"id: closing-office\ncategory: closing\ndescription: 本单位结束语\ntext: |\n{body}\n",
        encoding="utf-8",
    )
    (tmp_path / "drafter.yaml").write_text("library_dirs: [素材]\n", encoding="utf-8")
    outline = tmp_path / "outline.yaml"
    outline.write_text(MINIMAL + "closing: {use: closing-office}\n", encoding="utf-8")
    return outline


def test_a_library_entry_with_nested_loops_is_stopped_in_render_and_check(tmp_path, memory_cap):
    memory_cap(1000)
    loops = "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"
    outline = office_library(tmp_path, "同志们，\n" + loops)
    entry = tmp_path / "素材" / "closing-office.yaml"
    result = run("render", outline, "--format", "txt")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{entry}:6: library entry 'closing-office', line 2 of its")
    assert "more than 2,000,000 loop iterations" in result.stderr
    checked = run("check", outline)
    assert checked.exit_code == 2 and f"{entry}:6:" in checked.stdout
    assert not outline.with_suffix(".txt").exists()


def test_a_library_entry_cannot_write_gigabytes(tmp_path, memory_cap):
    memory_cap(1000)
    outline = office_library(tmp_path, "{% for i in range(3000) %}{{ 'x' * 10000 }}{% endfor %}")
    result = run("render", outline, "--format", "txt")
    assert result.exit_code == 2
    assert "output grew beyond 20,000,000 characters" in result.stderr


def test_library_entries_and_the_kind_share_one_budget(tmp_path):
    work = "{% for i in range(600000) %}{% endfor %}"  # 1,200,000 steps: range and loop
    outline = office_library(tmp_path, "同志们：" + work)
    assert run("render", outline, "--format", "txt").exit_code == 0  # the entry alone fits
    kinds = tmp_path / "模板" / "kinds"
    kinds.mkdir(parents=True)
    kinds.joinpath("work-conference.j2").write_text(
        '{% extends "builtin/kinds/work-conference.j2" %}\n'
        "{% block salutation %}" + work + "{{ super() }}{% endblock %}\n",
        encoding="utf-8",
    )
    (tmp_path / "drafter.yaml").write_text(
        "library_dirs: [素材]\ntemplate_dirs: [模板]\n", encoding="utf-8"
    )
    result = run("render", outline, "--format", "txt")
    assert result.exit_code == 2
    assert f"{kinds / 'work-conference.j2'}:2: template stopped: more than 2,000,000" in (
        result.stderr
    )


# --- every loop, call and string builder is bounded ---------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "{% for c in 'x' * 10000000 %}{% for d in 'y' * 10000 %}{% endfor %}{% endfor %}",
        "{% set l = ['a'] * 5000 %}{% for a in l %}{% for b in l %}{% endfor %}{% endfor %}",
        "{% for x in [1] recursive %}{{ loop(range(4000000)) }}{{ loop(range(4000000)) }}"
        "{% endfor %}",
    ],
)
def test_every_loop_and_call_counts(tmp_path, body):
    message = boom(tmp_path, body)
    assert "template stopped: more than 2,000,000 loop iterations, calls" in message


def test_calls_without_loops_are_stopped(tmp_path):
    """2**40 macro calls: stopped by the step count or the clock, whichever comes first."""
    body = (
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}"
    )
    message = boom(tmp_path, body, time_limit=1)
    assert "template stopped: more than 2,000,000" in message or "longer than 1 s" in message


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("{{ 'x'.ljust(1000000000) }}", "ljust() would build 1,000,000,000"),
        ("{{ 'x'.rjust(100000) }}", "rjust(): a width of 100,000 is more than any page needs"),
        ("{{ 'x'.center(1000000000) }}", "center() would build"),
        ("{{ 'x'.zfill(1000000000) }}", "zfill() would build"),
        ("{{ '{:>1000000000}'.format(1) }}", "a format width: a width of 1,000,000,000"),
        ("{{ '{a:>1000000000}'.format_map({'a': 1}) }}", "a format width"),
        ("{{ '{:{}}'.format(1, 100000) }}", "a width given by another value"),
        ("{{ '%1000000000s' % 1 }}", "a '%' width: a width of 1,000,000,000"),
        ("{{ '%.999999999d' % 1 }}", "a '%' width"),
        ("{{ '%*s' % (1000000000, 1) }}", "a '%*s' width given by a value"),
        ("{{ '%1000000000s'|format(1) }}", "a '%' width"),
        ("{{ 'x'|center(1000000000) }}", "|center: a width of 1,000,000,000"),
        ("{{ ''.join(range(10000000)|map('string')) }}", "more than 2,000,000 loop iterations"),
        ("{% set s = 'x' * 19000000 %}{{ ''.join([s, s, s]) }}", "join() would build"),
        ("{% set s = 'x' * 19000000 %}{{ [s, s]|join }}", "|join would build"),
        ("{% set s = 'x' * 19000000 %}{{ s.replace('', s) }}", "replace() would build"),
        ("{% set s = 'x' * 19000000 %}{{ s|replace('x', 'yy') }}", "replace() would build"),
        ("{% set s = 'x' * 19000000 %}{{ [s] * 2 }}", "'*' would build"),
        ("{% set s = 'x' * 19000000 %}{{ [s, s] }}", "printing a value would build"),
        ("{% set s = 'x' * 19000000 %}{{ [s, s]|string }}", "|string would build"),
        ("{% set s = 'x' * 19000000 %}{{ s ~ s }}", "'~' would build"),
        (
            "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
            "{% endfor %}",
            "'+' would build",
        ),
        (
            "{% set ns = namespace(n=3) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}"
            "{% endfor %}",
            "'*' would build a number of more than 4096 bits",
        ),
        (
            "{% set s = 'x' * 19000000 %}{% set b %}{% for i in range(9) %}{{ s }}{% endfor %}"
            "{% endset %}",
            "a block's output would build",
        ),
        ("{{ ('\t' * 1000000).expandtabs(9999) }}", "expandtabs() would build"),
        ("{{ (1).to_bytes(1000000000, 'big') }}", "to_bytes() would build"),
        ("{{ [1]|batch(1000000000, 'x')|list }}", "|batch: a width of 1,000,000,000"),
        ("{{ lipsum(1000000) }}", "lipsum is not defined here"),
        (
            "{% set l = ['x'] %}{% for i in range(40) %}{{ l.extend(l) }}{% endfor %}",
            "extend() would build",
        ),
        ("{{ 'x' * 19999999 }}{{ 'x' * 19999999 }}", "output grew beyond 20,000,000 characters"),
        # a text's characters, words or lines as a list (a CJK character is an object of 76 B)
        ("{% set s = '中' * 19000000 %}{{ s|list|length }}", "|list would build 19,000,000 items"),
        ("{% set s = '中' * 19000000 %}{{ s|sort|length }}", "|sort would build 19,000,000"),
        ("{% set s = '中' * 19000000 %}{{ s|unique|list }}", "|unique would build 19,000,000"),
        ("{{ dict.fromkeys('中' * 19000000)|length }}", "fromkeys() would build 19,000,000"),
        ("{{ ('a ' * 9000000).split()|length }}", "split() would build 9,000,001 items"),
        ("{{ ('a,' * 9000000).rsplit(',')|length }}", "rsplit() would build 9,000,001"),
        ("{{ ('a\n' * 9000000).splitlines()|length }}", "splitlines() would build 9,000,001"),
        ("{{ ('a\n' * 9000000)|paragraphs|length }}", "|paragraphs would build 9,000,001"),
        ("{{ ('中' * 9000000)|cn_join }}", "|cn_join would build 9,000,000 items"),
        ("{% set l = [1] * 900000 %}{{ (l + l)|length }}", "'+' would build 1,800,000 items"),
        ("{{ ('a\n' * 1000000)|indent(10000)|length }}", "|indent would build 1,000,001 items"),
        ("{{ ('a\n' * 100000)|indent(10000)|length }}", "|indent would build 1,000,"),
        ("{{ ('a ' * 3000000)|title|length }}", "|title would build 6,000,001 items"),
        # results longer than their text: case, escapes, formats and fields
        ("{% set s = 'ß' * 19000000 %}{{ s.upper()|length }}", "upper() would build 57,000,000"),
        ("{% set s = 'ß' * 19000000 %}{{ s|upper|length }}", "|upper would build 57,000,0"),
        ("{% set s = '&' * 19000000 %}{{ s|e|length }}", "|e would build 95,000,0"),
        ("{% set s = '中' * 10000000 %}{{ s|urlencode|length }}", "|urlencode would build"),
        ("{% set s = '<' * 5000000 %}{{ s|tojson|length }}", "|tojson would build"),
        ("{% set s = 'x' * 19000000 %}{{ s.encode('utf-32')|length }}", "encode() would build"),
        ("{% set s = 'x' * 19000000 %}{{ ('{0}' * 8).format(s)|length }}", "format() would build"),
        ("{% set s = 'x' * 19000000 %}{{ '{0!r}'.format(s)|length }}", "format() would build"),
        ("{% set s = 'x' * 9000000 %}{{ '%s%s%s' % (s, s, s) }}", "'%' would build 27,000,0"),
        ("{% set s = 'x' * 9000000 %}{{ '%(a)s%(a)s%(a)s' % {'a': s} }}", "'%' would build"),
        ("{% set s = 'x' * 9000000 %}{{ '%s%s%s'|format(s, s, s) }}", "|format would build"),
        ("{{ ('{}' * 100000).format(2 ** 4000)|length }}", "format() would build"),
        (
            "{{ true|count_sentence('{n}' * 6000000, 2 ** 4000) }}",
            "replace() would build 13,626,000,000",  # the count carries its two source marks
        ),
        # printing: a list held many times prints as often as it is held, text as its repr
        ("{% set l = ['x' * 5000000] %}{{ [l, l, l, l, l] }}", "printing a value would build"),
        (
            "{% set ns = namespace(a='x' * 5000000) %}{{ [ns, ns, ns] }}",
            "printing a value would build",
        ),
        ("{% set s = '\x00' * 5000000 %}{{ [s] }}", "printing a value would build"),
        # what one render builds, together: kept values, however many, hold bounded memory
        (
            "{% set s = 'a ' * 450000 %}{% set a = s.split() %}{% set b = s.split() %}"
            "{% set c = s.split() %}{% set d = s.split() %}{% set e = s.split() %}",
            "the lists built grew beyond 2,000,000 items in one render",
        ),
        (
            "{% set s = 'x' * 19000000 %}{% set ns = namespace(l=[]) %}"
            "{% for i in range(80) %}{% set ns.l = ns.l + [s ~ i] %}{% endfor %}",
            "the values built grew beyond 200,000,000 characters in one render",
        ),
        # a long word wrapped into lines of one: each line a step (textwrap took minutes)
        ("{{ ('a' * 2000000)|wordwrap(1) }}", "more than 2,000,000 loop iterations"),
        ("{{ ('ab ' * 600000)|wordwrap(80) }}", "|wordwrap would build 1,200,001 items"),
        ("{{ ('a' * 19000000)|wordwrap(100) }}", "|wordwrap would build 38,000,000"),
    ],
)
def test_values_are_bounded_before_they_are_built(tmp_path, memory_cap, body, says):
    memory_cap(1200)
    assert says in boom(tmp_path, body)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="ab- \t\n中，", max_size=40),
    width=st.integers(1, 9),
    break_long_words=st.booleans(),
    break_on_hyphens=st.booleans(),
)
def test_wordwrap_and_wordcount_give_what_jinja_gives(
    text, width, break_long_words, break_on_hyphens
):
    """drafter's linear wordwrap gives Jinja's (textwrap's) lines, whatever the text."""
    args = f"{width}, {break_long_words}, '|', {break_on_hyphens}"
    template = "{{ text|wordwrap(%s) }}" % args  # noqa: UP031 - Jinja braces
    plain = jinja2.Environment().from_string(template).render(text=text)
    bounded = new_sandbox().from_string(template)
    assert render_text(bounded, {"text": text}, Budget()) == plain
    count = "{{ text|wordcount }}"  # counted without listing the words
    plain = jinja2.Environment().from_string(count).render(text=text)
    assert render_text(new_sandbox().from_string(count), {"text": text}, Budget()) == plain


def test_memory_a_render_keeps_is_bounded_when_counts_let_it_pass():
    """Slices share their items (8 bytes each), so they pass the counts of items built; kept by
    thousands they still stop at the memory limit (looked at in a fresh process, whose peak
    is its own)."""
    code = textwrap.dedent(
        """
        import resource
        from drafter.render import budget
        from drafter.render.sandbox import new_sandbox, render_text
        budget.MAX_RENDER_MEMORY = 200 * 1024 * 1024
        template = new_sandbox().from_string(
            "{% set big = range(60000)|list %}{% set ns = namespace(l=[]) %}"
            "{% for i in range(3000) %}{% set ns.l = ns.l + [big[1:]] %}{% endfor %}"
        )
        try:
            render_text(template, {}, budget.Budget())
        except budget.TemplateRunaway as err:
            print(err)
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    said, peak_mb = result.stdout.splitlines()
    assert said == "the render took more than 200 MB of memory for the values it keeps"
    assert int(peak_mb) < 1000  # 3000 slices kept would take 1.4 GB


def test_sum_of_lists_is_linear_and_charged_item_by_item():
    """sum() copies the total for every list it adds: half a million lists took hours."""
    template = new_sandbox().from_string(
        "{% set l = [[1]] * 500000 %}{{ l|sum(start=[])|length }} {{ [(1,), (2,)]|sum(start=()) }}"
    )
    budget = Budget()
    assert render_text(template, {}, budget) == "500000 (1, 2)"
    assert budget.steps > 500000  # each list added was a step: the clock was looked at
    with pytest.raises(TypeError, match='can only concatenate list \\(not "tuple"\\) to list'):
        render_text(new_sandbox().from_string("{{ [(1,)]|sum(start=[]) }}"), {}, Budget())


def test_a_render_has_a_wall_clock_limit_naming_the_template(tmp_path, monkeypatch):
    slow = (
        "{% set l = range(400000)|list %}{% for i in range(1000) %}{{ l|sort|length }}{% endfor %}"
    )
    message = boom(tmp_path, "@title x\n" + slow, time_limit=0.3)
    assert ":2: template stopped: the render took longer than 0.3 s (DRAFTER_TIME_LIMIT" in message
    monkeypatch.setenv("DRAFTER_TIME_LIMIT", "0.2")
    assert "longer than 0.2 s" in boom(tmp_path, slow)
    monkeypatch.setenv("DRAFTER_TIME_LIMIT", "soon")
    outline = tmp_path / "outline.yaml"
    outline.write_text(MINIMAL, encoding="utf-8")
    result = run("render", outline)
    assert result.exit_code == 2
    assert "DRAFTER_TIME_LIMIT=soon must be a number of seconds above 0" in result.stderr


# --- YAML ----------------------------------------------------------------------------------------


def test_aliases_are_bounded_by_the_characters_they_expand_to(write_outline, memory_cap):
    memory_cap(800)
    big = "x" * 1_000_000
    path = write_outline(
        f"{MINIMAL}scope: &big {big}\nchecks: {{disable: [{', '.join(['*big'] * 2000)}]}}\n"
    )
    result = run("render", path)
    assert result.exit_code == 2
    assert "aliases (*name) expand it to more than 10,000,000 characters" in result.stderr
    assert result.stderr.startswith(f"{path}:")


def test_one_value_and_one_file_are_bounded(write_outline, memory_cap):
    memory_cap(800)
    path = write_outline(MINIMAL.replace("测试标题", "长" * 1_000_001))
    result = run("check", path)
    assert f"{path}:2:8: error: title: this value holds 1,000,001 characters" in result.stdout
    path = write_outline(MINIMAL + "# " + "x" * 10_000_000 + "\n")
    result = run("render", path)
    assert result.exit_code == 2
    assert f"{path}:1:1: the file holds 10,000," in result.stderr


@pytest.mark.parametrize("depth", [101, 400, 5000])
def test_deep_nesting_is_refused_at_its_line(write_outline, depth):
    path = write_outline(MINIMAL + "extra:\n  x: " + "[" * depth + "]" * depth + "\n")
    result = run("check", path)
    assert result.exit_code == 2
    expected = "lists and mappings nest more than 100 levels deep here"  # or libyaml's limit
    assert f"{path}:{MINIMAL.count(chr(10)) + 2}:" in result.stdout and expected in result.stdout


# --- encodings -----------------------------------------------------------------------------------

UTF16_CUT = b"\xff\xfek\x00i\x00n"  # UTF-16 with its byte-order mark, cut inside a character
UTF16_SURROGATE = "kind: x\ntitle: a".encode("utf-16-le").join([b"\xff\xfe", b"\x00\xd8b\x00"])


@pytest.mark.parametrize("command", ["render", "check", "stats", "extract"])
def test_broken_utf16_is_located_in_every_command(tmp_path, command):
    for raw, where, says in (
        (UTF16_CUT, ":1:3:", "the file ends in the middle of a character"),
        (UTF16_SURROGATE, ":2:9:", "half of a character here (a lone surrogate)"),
    ):
        path = tmp_path / "utf16.yaml"
        path.write_bytes(raw)
        result = run(command, path)
        assert result.exit_code == 2, result.output
        assert f"{path}{where}" in result.output and says in result.output, result.output


def test_broken_utf16_office_settings_are_reported(tmp_path):
    (tmp_path / "drafter.yaml").write_bytes(UTF16_CUT)
    outline = tmp_path / "outline.yaml"
    outline.write_text(MINIMAL, encoding="utf-8")
    result = run("render", outline)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / 'drafter.yaml'}:1:3: not valid UTF-16")


# --- .docx input ---------------------------------------------------------------------------------


def repacked(draft: bytes, replace=None, extra=None, method=zipfile.ZIP_DEFLATED) -> bytes:
    """`draft` with some parts replaced or added, packed again with `method`."""
    source = zipfile.ZipFile(io.BytesIO(draft))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name in source.namelist():
            data = (replace or {}).get(name, source.read(name))
            package.writestr(name, data, compress_type=method)
        for name, data in (extra or {}).items():
            package.writestr(name, data, compress_type=method)
    return out.getvalue()


def forged(
    data: bytes,
    name: str,
    *,
    size: int | None = None,
    packed: int | None = None,
    flags: int | None = None,
) -> bytes:
    """The package with a part's declared size (unpacked, packed) or flags changed in both of
    its headers (what a zip bomb or an encrypted part looks like to a reader)."""
    buffer = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    central = buffer.find(b"PK\x01\x02")
    while struct.unpack_from("<I", buffer, central + 42)[0] != info.header_offset:
        central = buffer.find(b"PK\x01\x02", central + 4)
    for header, size_at, flags_at in ((info.header_offset, 22, 6), (central, 24, 8)):
        if size is not None:
            struct.pack_into("<I", buffer, header + size_at, size)
        if packed is not None:
            struct.pack_into("<I", buffer, header + size_at - 4, packed)
        if flags is not None:
            struct.pack_into("<H", buffer, header + flags_at, flags)
    return bytes(buffer)


def docx_messages(tmp_path: Path, data: bytes) -> list[str]:
    """What extract and stats say about a .docx with these bytes (both must refuse it)."""
    path = tmp_path / "speech.docx"
    path.write_bytes(data)
    said = []
    for command in ("extract", "stats"):
        result = run(command, path)
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.startswith(f"{path}: "), result.stderr
        said.append(result.stderr)
    with pytest.raises(StyleError) as info:
        open_docx(path, str(path), StyleError)  # the --reference-docx and --into path
    said.append(info.value.messages()[0])
    return said


def test_a_part_that_unpacks_to_gigabytes_is_refused(tmp_path, minimal_docx, memory_cap):
    memory_cap(600)
    bomb = forged(
        repacked(minimal_docx, extra={"word/media/image1.png": b"\0" * 100}),
        "word/media/image1.png",
        size=3 * 2**30,
    )
    for said in docx_messages(tmp_path, bomb):
        assert "the part word/media/image1.png unpacks to more than 64 MB" in said
    huge_xml = forged(minimal_docx, "word/document.xml", size=600 * 2**20)
    assert "word/document.xml unpacks to more than 64 MB" in docx_messages(tmp_path, huge_xml)[0]


def test_a_part_packed_far_tighter_than_any_document_is_refused(tmp_path, minimal_docx, memory_cap):
    memory_cap(600)
    packed = repacked(minimal_docx, extra={"word/media/zeros.bin": b"\0" * 5_000_000})
    said = docx_messages(tmp_path, packed)[0]
    assert "the part word/media/zeros.bin unpacks to" in said and "(a zip bomb?)" in said


def test_parts_together_are_bounded(tmp_path, minimal_docx):
    names = [f"word/media/part{i}.bin" for i in range(5)]
    data = repacked(minimal_docx, extra={name: b"abc" for name in names})
    for name in names:
        data = forged(data, name, size=60 * 2**20, packed=2**20)
    assert "its parts unpack to more than 256 MB" in docx_messages(tmp_path, data)[0]


def test_encrypted_parts_and_unknown_methods_are_refused(tmp_path, minimal_docx):
    encrypted = forged(minimal_docx, "word/document.xml", flags=0x1)
    assert "the part word/document.xml is encrypted" in docx_messages(tmp_path, encrypted)[0]
    bzip = repacked(minimal_docx, method=zipfile.ZIP_BZIP2)
    assert "packed in a way Word does not use (method 12)" in docx_messages(tmp_path, bzip)[0]
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    assert "password-protected document or an old .doc" in docx_messages(tmp_path, ole)[0]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda xml: xml[:-40], "is broken at line 2"),
        (
            lambda xml: xml.replace(b"<w:body>", b"<w:body>" + b"<w:x>" * 300 + b"</w:x>" * 300),
            "XML nested more than 200 deep",
        ),
        (
            lambda xml: (
                b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>'
                + xml.split(b"?>", 1)[1]
            ),
            "a DOCTYPE, which no Word document has",
        ),
    ],
)
def test_broken_deep_or_entity_xml_is_refused(tmp_path, minimal_docx, change, says):
    document = zipfile.ZipFile(io.BytesIO(minimal_docx)).read("word/document.xml")
    data = repacked(minimal_docx, replace={"word/document.xml": change(document)})
    for said in docx_messages(tmp_path, data):
        assert f"the part word/document.xml {'has ' if 'broken' not in says else ''}" in said
        assert says in said


def test_a_long_document_reads_styles_once(tmp_path, minimal_docx, memory_cap, monkeypatch):
    """40,000 paragraphs with a style the document lacks: python-docx would look for the
    default style once per paragraph (most of a 27 s extract); drafter reads styles once."""
    from docx.styles.styles import Styles

    memory_cap(1500)
    looked_up = []
    default = Styles.default
    monkeypatch.setattr(
        Styles, "default", lambda self, kind: looked_up.append(kind) or default(self, kind)
    )
    paragraph = (
        '<w:p><w:pPr><w:pStyle w:val="Missing"/></w:pPr><w:r><w:t>第{}段。</w:t></w:r></w:p>'
    )
    document = zipfile.ZipFile(io.BytesIO(minimal_docx)).read("word/document.xml").decode()
    head, tail = document.split("<w:body>", 1)
    body = "".join(paragraph.format(i) for i in range(40_000))
    data = repacked(
        minimal_docx,
        replace={
            "word/document.xml": f"{head}<w:body>{body}{tail[tail.index('<w:sectPr') :]}".encode()
        },
    )
    path = tmp_path / "long.docx"
    path.write_bytes(data)
    result = run("stats", path, "--json")
    assert result.exit_code == 0, result.output
    assert '"paragraphs": 40000' in result.stdout
    assert len(looked_up) <= 1


# --- figures and rates ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["value", "previous", "target"])
@pytest.mark.parametrize("number", [".inf", "-.inf", ".nan", "1e308", "1.0e+16"])
def test_figures_must_be_ordinary_numbers(write_outline, key, number):
    figure = {"value": "86.4", "previous": "79.5", "target": "90"}
    figure[key] = number
    text = MINIMAL.replace(
        "        text: 新建党组织12个。\n",
        "        figures:\n          - {label: 经费, unit: 亿元, "
        + ", ".join(f"{k}: {v}" for k, v in figure.items())
        + "}\n",
    )
    path = write_outline(text)
    result = run("render", path, "--format", "txt")
    assert result.exit_code == 2
    line = text.split("\n").index(next(x for x in text.split("\n") if "label: 经费" in x)) + 1
    assert result.stderr.startswith(f"{path}:{line}:"), result.stderr
    assert f"figures[0].{key}: must be a finite number within ±1e+15" in result.stderr
    assert "macros.j2" not in result.stderr


@pytest.mark.parametrize("rate", ["0", "-5", "nan", "inf"])
def test_check_and_stats_refuse_the_same_rates(write_outline, rate):
    path = write_outline()
    for command in ("check", "stats"):
        result = run(command, path, "--rate", rate)
        assert result.exit_code == 2, (command, rate, result.output)
        assert "Invalid value for '--rate'" in result.output


def _zip_version(data: bytes, name: str, version: int) -> bytes:
    """The package with a part's "version needed to extract" raised (zip file version 6.4)."""
    buffer = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    central = buffer.find(b"PK\x01\x02")
    while struct.unpack_from("<I", buffer, central + 42)[0] != info.header_offset:
        central = buffer.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<H", buffer, central + 6, version)
    struct.pack_into("<H", buffer, info.header_offset + 4, version)
    return bytes(buffer)


@pytest.mark.parametrize("case", ["gb18030", "shift_jis", "no-body", "zip-version"])
def test_documents_python_cannot_read_as_they_are_are_refused_not_failed_on(
    tmp_path, minimal_docx, case
):
    """(The audit's and a fuzzer's: an encoding expat has no table for, a main part without
    its body, a part packed by a zip version Python does not know.)"""
    document = zipfile.ZipFile(io.BytesIO(minimal_docx)).read("word/document.xml")
    if case in ("gb18030", "shift_jis"):
        declared = document.replace(b'encoding="UTF-8"', f'encoding="{case}"'.encode(), 1)
        declared = declared.replace(b"encoding='UTF-8'", f"encoding='{case}'".encode(), 1)
        assert declared != document
        data = repacked(minimal_docx, replace={"word/document.xml": declared})
        says = "is in an encoding Word never writes"
    elif case == "no-body":
        bare = document.split(b"<w:body>")[0] + document.split(b"</w:body>")[1]
        data = repacked(minimal_docx, replace={"word/document.xml": bare})
        says = "the document is damaged"
    else:
        data = _zip_version(minimal_docx, "word/document.xml", 64)
        says = "the document is damaged"
    for said in docx_messages(tmp_path, data):
        assert says in said, said
