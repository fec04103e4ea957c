"""Nothing a writer types or does loses work or crashes drafter (issue: robustness)."""

from __future__ import annotations

import copy
import io
import os
import shutil
import zipfile

import docx
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from drafter.cli.app import app
from drafter.errors import DrafterError, OutputError, TemplateError
from drafter.output import write_atomic
from drafter.pipeline import Options, Renderer

from conftest import EXAMPLES, KINDS, MINIMAL, ROOT

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


# --- encodings and characters ----------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_outlines_in_windows_encodings_render_correctly(write_outline, encoding):
    path = write_outline(MINIMAL, encoding=encoding)
    result = run("render", path, "--format", "txt")
    assert result.exit_code == 0, result.output
    assert "测试标题" in path.with_suffix(".txt").read_text(encoding="utf-8")


def test_a_damaged_byte_in_a_utf8_file_is_located_not_misread(write_outline):
    path = write_outline(MINIMAL)
    raw = path.read_bytes().replace("党组织".encode(), "党组织".encode() + b"\xff", 1)
    path.write_bytes(raw)
    result = run("render", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:10:20: byte 0xff")
    assert "0xff is not valid UTF-8" in result.stderr and "--encoding" in result.stderr


def test_mixed_line_endings(write_outline):
    path = write_outline()
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\r\n".join(lines[:6]) + b"\n" + b"\r\n".join(lines[6:]))
    result = run("render", path, "--format", "txt")
    assert result.exit_code == 0, result.output
    broken = path.read_bytes().replace(b"headline: \xe5\x85\x9a", b"headlin: \xe5\x85\x9a")
    path.write_bytes(broken)
    assert run("render", path).stderr.startswith(f"{path}:9:9:")


def test_characters_word_cannot_hold_are_located(write_outline):
    path = write_outline(MINIMAL.replace("新建党组织12个。", "新建\x0c党组织12个。"))
    result = run("render", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:10:17: character U+000C")
    assert not path.with_suffix(".docx").exists()


def test_billion_laughs_through_the_command(write_outline):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    path = write_outline("\n".join(lines) + "\n" + MINIMAL)
    result = run("render", path)
    assert result.exit_code == 2 and "refusing to expand" in result.stderr


def test_duplicate_keys_name_both_lines(write_outline):
    path = write_outline(MINIMAL + "title: 又一个标题\n")
    result = run("render", path)
    assert result.exit_code == 2
    assert "duplicate key 'title' (first at line 2)" in result.stderr


# --- writing ---------------------------------------------------------------------------------


def test_a_read_only_draft_is_not_replaced(write_outline):
    path = write_outline()
    target = path.with_suffix(".txt")
    target.write_text("reviewed copy", encoding="utf-8")
    target.chmod(0o444)
    try:
        result = run("render", path, "--format", "txt")
        assert result.exit_code == 1
        assert "read-only" in result.stderr
        assert target.read_text(encoding="utf-8") == "reviewed copy"
    finally:
        target.chmod(0o644)


def test_a_folder_of_drafts_onto_a_missing_parent_folder(write_outline, tmp_path):
    result = run("render", write_outline(), "-o", tmp_path / "no" / "such" / "draft.docx")
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


def test_an_interrupted_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "draft.docx"
    target.write_bytes(b"last week")

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"last week"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.docx"]


def test_output_errors_are_output_errors(tmp_path):
    with pytest.raises(OutputError):
        write_atomic(tmp_path / "missing" / "x", b"")


# --- templates cannot run away ---------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "{{ 'x' * 1000000000 }}",
        "{{ [1] * 1000000000 }}",
        "{{ 10 ** 1000000 }}",
        "{{ 'x'|center(1000000000) }}",
        "{{ 'x'|indent(1000000000) }}",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "{% for i in range(10**12) %}{% endfor %}",
        "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
        "{% for i in range(99999) %}{{ outline.parts|string * 999 }}{% endfor %}",
    ],
)
def test_a_runaway_template_is_stopped_with_a_clear_error(tmp_path, body):
    (tmp_path / "kinds").mkdir()
    (tmp_path / "kinds" / "boom.j2").write_text(body + "\n", encoding="utf-8")
    renderer = Renderer(Options(template_dirs=(tmp_path,)))
    with pytest.raises(TemplateError) as info:
        renderer.document(renderer.loads(MINIMAL.replace("work-conference", "boom")))
    message = info.value.messages()[0]
    assert message.startswith(str(tmp_path / "kinds" / "boom.j2") + ":")
    assert "stopped" in message or "Range too big" in message or "OverflowError" in message


def test_outline_values_are_never_evaluated(write_outline):
    text = MINIMAL.replace("新建党组织12个。", "\"{{ ''.__class__.__mro__ }} {% raw %}\"")
    path = write_outline(text)
    assert run("render", path, "--format", "txt").exit_code == 0
    assert "{{ ''.__class__.__mro__ }} {% raw %}" in path.with_suffix(".txt").read_text(
        encoding="utf-8"
    )


# --- fuzz: mutated outlines through every command ---------------------------------------------

BASES = [yaml.safe_load((EXAMPLES / f"{k}.yaml").read_text(encoding="utf-8")) for k in KINDS]
BASES.append(yaml.safe_load(MINIMAL))
ODD_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=12
)
ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    ODD_TEXT,
    st.lists(ODD_TEXT, max_size=3),
    st.dictionaries(ODD_TEXT, ODD_TEXT, max_size=2),
)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _paths(inner, (*path, index))


@st.composite
def mutated_outline(draw) -> str:
    data = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        last = path[-1]
        action = draw(st.sampled_from(["drop", "retype", "garble-key", "duplicate", "unicode"]))
        if action == "drop":
            del parent[last]
        elif action == "retype":
            parent[last] = draw(ANY_VALUE)
        elif action == "garble-key" and isinstance(parent, dict):
            parent[draw(ODD_TEXT) or "x"] = parent.pop(last)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
        elif action == "unicode" and isinstance(parent[last], str):
            text = parent[last]
            cut = draw(st.integers(0, len(text)))
            parent[last] = text[:cut] + draw(ODD_TEXT) + text[cut:]
        if not isinstance(data, dict) or not data:
            break
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if draw(st.booleans()):  # text-level damage: a duplicated or deleted line, a stray char
        lines = text.split("\n")
        index = draw(st.integers(0, max(0, len(lines) - 1)))
        choice = draw(st.sampled_from(["dup", "del", "char"]))
        if choice == "dup":
            lines.insert(index, lines[index])
        elif choice == "del":
            del lines[index]
        else:
            lines[index] += draw(ODD_TEXT)
        text = "\n".join(lines)
    return text


def _clean(result) -> None:
    assert result.exit_code in (0, 2), (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output and "internal error" not in result.output


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(mutated_outline())
def test_fuzz_every_command_on_mutated_outlines(tmp_path, text):
    for table in EXAMPLES.glob("*.csv"):  # the statistics tables examples take figures from
        shutil.copyfile(table, tmp_path / table.name)
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    for fmt in ("docx", "md", "txt"):
        target = tmp_path / f"out.{fmt}"
        target.unlink(missing_ok=True)
        result = run("render", path, "-o", target)
        _clean(result)
        if result.exit_code == 0:
            assert target.is_file()
            if fmt == "docx":
                data = target.read_bytes()
                assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
                docx.Document(io.BytesIO(data))
        else:
            assert not target.exists()
    for args in (
        ("check", path),
        ("check", path, "--format", "json"),
        ("stats", path),
        ("stats", path, "--json"),
    ):
        _clean(run(*args))
    if (tmp_path / "out.txt").exists():
        _clean(run("extract", tmp_path / "out.txt"))


# --- fuzz: mutated library entries, rendered and checked ----------------------------------------

ENTRIES = [
    yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "templates" / "library").rglob("*.yaml"))
]
JINJA = st.sampled_from(
    [
        "{{ org }}",
        "{{ nope }}",
        "{{ scope|cn_join }}",
        "{{ 3|cn }}{{ 2|cn_count }}",
        "{% for i in range(5) %}{{ i }}、{% endfor %}",
        "{% for c in org %}{% for d in org %}{{ c }}{% endfor %}{% endfor %}",
        "{% if %}",
        "}}",
        "{%",
        "{{ 1/0 }}",
        "{{ org[10**9] }}",
        "{{ org.__class__ }}",
        "{{ lipsum(1000000) }}",
        "{{ 'x' * 100000000 }}",
        "{{ range(10**9)|list }}",
        "{{ ''.join(range(10**8)|map('string')) }}",
        "{{ org|center(10**9) }}",
        "{{ '%99999999s' % 1 }}",
        "{{ '{:>999999999}'.format(1) }}",
        "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
        "{% set ns = namespace(s='x') %}{% for i in range(50) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}",
    ]
)


@st.composite
def mutated_entry(draw) -> dict:
    entry = copy.deepcopy(draw(st.sampled_from(ENTRIES)))
    text = entry.get("text", "")
    for _ in range(draw(st.integers(1, 3))):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(JINJA | ODD_TEXT) + text[cut:]
    entry["text"] = text
    entry["id"] = "fuzz-entry"
    if draw(st.booleans()):
        entry["params"] = draw(
            st.dictionaries(
                st.sampled_from(["org", "scope", "goal", "x"]),
                st.fixed_dictionaries({"description": ODD_TEXT}, optional={"default": ANY_VALUE}),
                max_size=3,
            )
        )
    if draw(st.booleans()):
        key = draw(st.sampled_from(sorted(entry)))
        entry[key] = draw(ANY_VALUE)
    return entry


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    mutated_entry(), st.dictionaries(st.sampled_from(["org", "goal", "x"]), ODD_TEXT, max_size=2)
)
def test_fuzz_library_entries_through_render_check_and_show(tmp_path, monkeypatch, entry, given):
    monkeypatch.setenv("DRAFTER_TIME_LIMIT", "2")
    library = tmp_path / "素材"
    library.mkdir(exist_ok=True)
    (library / "entry.yaml").write_text(
        yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8", errors="surrogatepass"
    )
    (tmp_path / "drafter.yaml").write_text("library_dirs: [素材]\n", encoding="utf-8")
    use = "closing" if entry.get("category") != "requirement" else "parts[1].items[0]"
    outline = yaml.safe_load(MINIMAL)
    reference = {"use": "fuzz-entry", "with": given}
    if use == "closing":
        outline["closing"] = reference
    else:
        outline["parts"][1]["items"][0] = reference
    path = tmp_path / "fuzz.yaml"
    path.write_text(yaml.safe_dump(outline, allow_unicode=True), encoding="utf-8")
    target = tmp_path / "fuzz.txt"
    target.unlink(missing_ok=True)
    result = run("render", path, "--format", "txt")
    _clean(result)
    assert target.exists() == (result.exit_code == 0)
    _clean(run("check", path))
    monkeypatch.chdir(tmp_path)
    _clean(run("closings", "show", "fuzz-entry", *[f"--with={k}={v}" for k, v in given.items()]))


# --- fuzz: damaged .docx files through extract and stats -----------------------------------------


XML_NOISE = st.sampled_from(
    [
        b"<",
        b"&nope;",
        b"<w:p>",
        b"</w:body>",
        b"<w:outlineLvl w:val='x'/>",
        b"<w:pStyle w:val=''/>",
        b"<w:x>" * 300,
        b'<!DOCTYPE d [<!ENTITY a "aaaa">]>',
        b"\x00",
        "\ud800".encode("utf-8", "surrogatepass"),
        b"<w:t>\xe4\xb8</w:t>",
    ]
)


DOCX_DAMAGE = st.lists(
    st.tuples(
        st.integers(0, 30),  # which part (modulo the number of parts)
        st.sampled_from(["noise", "cut", "drop", "method", "bytes"]),
        st.floats(0, 1),  # where in it
        XML_NOISE | st.binary(max_size=20),
    ),
    min_size=1,
    max_size=3,
)


def damaged(draft: bytes, damage: list, package_cut: float | None, junk: bytes) -> bytes:
    """The draft with its parts damaged as `damage` says, repacked, and the package itself
    overwritten with `junk` at `package_cut` (a fraction of its length) if given."""
    source = zipfile.ZipFile(io.BytesIO(draft))
    parts = {name: source.read(name) for name in source.namelist()}
    methods = dict.fromkeys(parts, zipfile.ZIP_DEFLATED)
    for which, action, where, noise in damage:
        names = sorted(parts)
        name = names[which % len(names)]
        data = parts[name]
        cut = int(where * len(data))
        if action in ("noise", "bytes"):
            parts[name] = data[:cut] + noise + data[cut:]
        elif action == "cut":
            parts[name] = data[:cut]
        elif action == "drop" and len(parts) > 1:
            del parts[name]
        elif action == "method":
            methods[name] = zipfile.ZIP_BZIP2 if where > 0.5 else zipfile.ZIP_STORED
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data, compress_type=methods[name])
    packed = out.getvalue()
    if package_cut is not None:
        cut = int(package_cut * len(packed))
        packed = packed[:cut] + junk + packed[cut + len(junk) :]
    return packed


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(DOCX_DAMAGE, st.none() | st.floats(0, 1), st.binary(min_size=1, max_size=8))
# found by this fuzzer: [Content_Types].xml whose root is no longer <Types> failed in python-docx
@example(damage=[(0, "noise", 0.0625, b"'")], package_cut=None, junk=b"\x00")
@example(damage=[(24, "noise", 0.09375, b".")], package_cut=None, junk=b"\x00")  # UTF.-8
def test_fuzz_extract_and_stats_on_damaged_docx(tmp_path, minimal_docx, damage, package_cut, junk):
    path = tmp_path / "speech.docx"
    path.write_bytes(damaged(minimal_docx, damage, package_cut, junk))
    for args in (("extract", path), ("stats", path), ("stats", path, "--json")):
        _clean(run(*args))


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=400))
def test_fuzz_extract_on_random_bytes(data):
    result = runner.invoke(app, ["extract", "-"], input=data)
    _clean(result)


def test_fuzz_commands_without_input():
    for args in (
        ("kinds",),
        ("schema",),
        ("closings", "list"),
        ("closings", "show", "thanks"),
        ("config",),
        ("new", "generic"),
    ):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)


@pytest.mark.libreoffice
def test_fuzzed_drafts_open_in_libreoffice(tmp_path):
    """Drafts of mutated outlines (made here, the same ones every run) open in LibreOffice."""
    from test_libreoffice import convert

    renderer = Renderer()
    drafts: list[bytes] = []

    @settings(
        max_examples=40,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(mutated_outline())
    def render_some(text):
        if len(drafts) >= 3:
            return
        try:
            loaded = renderer.loads(text)
            drafts.append(renderer.to_bytes(renderer.document(loaded), "docx"))
        except DrafterError:
            return

    render_some()
    assert drafts, "no mutated outline rendered"
    for index, data in enumerate(drafts):
        draft = tmp_path / f"fuzz{index}.docx"
        draft.write_bytes(data)
        assert convert(draft, tmp_path).stat().st_size > 0


def test_batch_reports_each_failure_and_exits_2(write_outline, tmp_path):
    good = [write_outline(name=f"g{i}.yaml") for i in range(3)]
    bad = write_outline(MINIMAL.replace("kind: work-conference", "kind: nope"), name="bad.yaml")
    result = run("render", *good, bad, "-o", f"{tmp_path}/out/", "--format", "txt")
    assert result.exit_code == 2
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["g0.txt", "g1.txt", "g2.txt"]
    assert f"{bad}:1:7: kind: unknown kind 'nope'" in result.stderr
    assert "1 of 4 outlines failed" in result.stderr
    assert "rendering" not in result.output  # no progress bar when not on a terminal


def test_large_outline_renders(tmp_path):
    """A 1 MB outline renders (its speed is measured in benchmarks/batch_and_check.py)."""
    parts = [
        {
            "type": "review",
            "title": f"部分{p}",
            "items": [
                {"headline": f"第{i}项", "text": "各单位要高度重视，切实抓好落实。" * 40}
                for i in range(90)
            ],
        }
        for p in range(6)
    ]
    outline = {"kind": "work-conference", "occasion": "会议", "parts": parts}
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump(outline, allow_unicode=True), encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    assert run("render", path, "--format", "txt").exit_code == 0
