"""The workbench over HTTP (Starlette's TestClient): its guard (Host header, token, same
origin), the folder's safety (no `..`, encoded or not, no absolute paths, no symlinks out, no
other suffixes, bounded uploads), and what the page asks of it: previews that stay on the last
good draft when the outline breaks, saves that never overwrite a file changed on disk, new
outlines, extraction, the library, downloads."""

from __future__ import annotations

import asyncio
import errno
import io
import os
import re
import shutil
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from starlette.testclient import TestClient

from drafter.serve import app as served
from drafter.serve.app import create_app
from drafter.serve.files import Folder, Refused, encode_like, safe_stem
from drafter.serve.watch import Hub, describe, watch

from conftest import EXAMPLES, MINIMAL, libreoffice_tools

PORT = 8765
ORIGIN = f"http://127.0.0.1:{PORT}"
TOKEN = "test-token"
UNKNOWN_KEY = MINIMAL.replace("title: 测试标题\n", "title: 测试标题\ncolour: red\n")


@dataclass
class Bench:
    client: TestClient
    folder: Path

    def post(self, url: str, json: object = None, **kwargs: object):
        headers = {"X-Drafter-Token": TOKEN, "Origin": ORIGIN, **kwargs.pop("headers", {})}  # type: ignore[dict-item]
        return self.client.post(url, json=json, headers=headers, **kwargs)  # type: ignore[arg-type]

    def get(self, url: str, **kwargs: object):
        """A GET as the page sends it, with the token."""
        return self.client.get(url, headers={"X-Drafter-Token": TOKEN}, **kwargs)  # type: ignore[arg-type]

    def preview(self, text: str, path: str = "outline.yaml", language: str | None = None):
        headers = {"Accept-Language": language} if language else {}
        return self.post("/api/preview", {"path": path, "text": text}, headers=headers)


@pytest.fixture
def bench(tmp_path: Path) -> Iterator[Bench]:
    folder = tmp_path / "speeches"
    folder.mkdir()
    (folder / "outline.yaml").write_text(MINIMAL, encoding="utf-8")
    app = create_app(folder, port=PORT, token=TOKEN, watching=False)
    with TestClient(app, base_url=ORIGIN) as client:
        yield Bench(client, folder)


# ---- the guard -------------------------------------------------------------------------------


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"LOCALHOST:{PORT}"])
def test_the_workbench_answers_to_its_own_address(bench, host):
    response = bench.client.get("/", headers={"Host": host})
    assert response.status_code == 200
    assert 'data-testid="outline-list"' in response.text
    assert "content-security-policy" in response.headers


@pytest.mark.parametrize(
    "host", ["evil.example", f"evil.example:{PORT}", "127.0.0.1", "127.0.0.1:9999", ""]
)
def test_another_host_header_is_refused(bench, host):
    """DNS rebinding: a page elsewhere that points its own name at 127.0.0.1 gets nothing."""
    for url in ("/", "/api/file?path=outline.yaml", "/static/edit.js"):
        response = bench.client.get(url, headers={"Host": host})
        assert response.status_code == 403, url
        assert "测试标题" not in response.text


def test_changes_need_the_token_and_the_same_origin(bench):
    body = {"path": "outline.yaml", "text": "kind: generic\n", "version": None, "force": True}
    refused = [
        {},
        {"Origin": ORIGIN},
        {"X-Drafter-Token": "wrong", "Origin": ORIGIN},
        {"X-Drafter-Token": "tést".encode("latin-1"), "Origin": ORIGIN},
        {"X-Drafter-Token": TOKEN},
        {"X-Drafter-Token": TOKEN, "Origin": "http://evil.example"},
        {"X-Drafter-Token": TOKEN, "Origin": "null"},
    ]
    for headers in refused:
        response = bench.client.post("/api/save", json=body, headers=headers)
        assert response.status_code == 403, headers
    assert (bench.folder / "outline.yaml").read_text(encoding="utf-8") == MINIMAL
    assert bench.post("/api/save", body).status_code == 200
    assert (bench.folder / "outline.yaml").read_text(encoding="utf-8") == "kind: generic\n"


def test_the_page_holds_the_token(bench):
    page = bench.client.get("/edit/outline.yaml").text
    assert f'<meta name="drafter-token" content="{TOKEN}">' in page


# ---- the folder's safety ---------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.yaml"
    secret.write_text("kind: generic\ntitle: 机密\n", encoding="utf-8")
    return secret


@pytest.mark.parametrize(
    "path",
    [
        "../secret.yaml",
        "sub/../../secret.yaml",
        "%2e%2e/secret.yaml",  # the query is decoded once: a literal name, refused all the same
        "/etc/passwd.yaml",
        "C:/secret.yaml",
        "..\\secret.yaml",
        "notes.txt",
        ".hidden.yaml",
        "",
    ],
)
def test_paths_outside_the_folder_or_not_outlines_are_refused(bench, outside, path):
    response = bench.client.get("/api/file", params={"path": path})
    assert response.status_code in (403, 404)
    assert "机密" not in response.text
    saved = bench.post("/api/save", {"path": path, "text": "x", "version": None, "force": True})
    assert saved.status_code in (403, 404)
    assert outside.read_text(encoding="utf-8") == "kind: generic\ntitle: 机密\n"


@pytest.mark.parametrize(
    "url",
    ["/edit/%2e%2e/secret.yaml", "/edit/%2E%2E/secret.yaml", "/edit/sub/%2e%2e/%2e%2e/secret.yaml"],
)
def test_encoded_dots_in_the_page_address_are_refused(bench, outside, url):
    response = bench.client.get(url)
    assert response.status_code == 403
    assert "机密" not in response.text


def test_symlinks_leading_outside_are_refused(bench, outside):
    (bench.folder / "link.yaml").symlink_to(outside)
    (bench.folder / "away").symlink_to(outside.parent, target_is_directory=True)
    inside = bench.folder / "inside.yaml"
    inside.symlink_to(bench.folder / "outline.yaml")
    for path in ("link.yaml", "away/secret.yaml"):
        assert bench.client.get("/api/file", params={"path": path}).status_code == 403
        saved = bench.post("/api/save", {"path": path, "text": "x", "version": None, "force": True})
        assert saved.status_code == 403
    assert outside.read_text(encoding="utf-8") == "kind: generic\ntitle: 机密\n"
    assert bench.client.get("/api/file", params={"path": "inside.yaml"}).status_code == 200
    listed = [o["path"] for o in bench.client.get("/api/outlines").json()]
    assert "link.yaml" not in listed and "inside.yaml" in listed


def test_a_missing_outline_is_404(bench):
    assert bench.client.get("/api/file", params={"path": "none.yaml"}).status_code == 404
    page = bench.client.get("/edit/none.yaml", headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 404 and "打不开这个提纲" in page.text
    assert "none.yaml 不存在" in page.text
    page = bench.client.get("/edit/none.yaml", headers={"Accept-Language": "en-US"})
    assert page.status_code == 404 and "This outline cannot be opened" in page.text
    assert "none.yaml does not exist" in page.text


def test_uploads_are_bounded(bench, monkeypatch):
    monkeypatch.setattr(served, "MAX_UPLOAD_BYTES", 1000)
    big = "同志们：" + "我们要抓好落实。" * 200
    declared = bench.post("/api/extract?name=big.txt", content=big.encode("utf-8"))
    assert declared.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(20):
            yield "我们要抓好落实。".encode() * 10

    streamed = bench.post("/api/extract?name=big.txt", content=chunks())
    assert streamed.status_code == 413
    assert not list(bench.folder.glob("big*"))
    oversized = bench.preview("x" * (served.MAX_JSON_BYTES + 1))
    assert oversized.status_code == 413


def test_a_preview_that_takes_too_long_keeps_the_last_good_draft_and_says_so(bench, monkeypatch):
    good = bench.preview(MINIMAL).json()
    monkeypatch.setattr(served, "PREVIEW_SECONDS", 0.2)
    workbench = bench.client.app.state.workbench  # type: ignore[attr-defined]
    real = workbench.preview

    def slow(relative: str, text: str):
        time.sleep(1)
        return real(relative, text)

    monkeypatch.setattr(workbench, "preview", slow)
    response = bench.preview(MINIMAL.replace("测试标题", "很长的提纲"))
    assert response.status_code == 200
    late = response.json()
    assert late["stale"] is True and late["html"] == good["html"]
    (problem,) = late["problems"]
    assert "the preview took longer than 0.2 s and was given up" in problem["message"]
    assert problem["file"] == "outline.yaml" and problem["rule"] == "time"
    monkeypatch.setattr(workbench, "preview", real)
    monkeypatch.setattr(served, "PREVIEW_SECONDS", 20)
    assert bench.preview(MINIMAL).json()["stale"] is False  # a fresh worker takes the next one


# ---- preview, problems, statistics -----------------------------------------------------------


def test_preview_shows_the_speech_its_problems_and_length(bench):
    data = bench.preview(MINIMAL).json()
    assert data["stale"] is False
    assert '<article class="drafter-speech"' in data["html"] and "测试标题" in data["html"]
    assert '<h1 class="title" data-line="2" data-column="8" data-lines="2">' in data["html"]
    assert ".drafter-speech" in data["css"] and "@page" not in data["css"]
    assert data["stats"]["characters"] > 100 and data["stats"]["minutes"] > 0
    assert data["problems"] == []


def test_a_bad_outline_keeps_the_last_good_preview_marked_stale(bench):
    good = bench.preview(MINIMAL).json()
    bad = bench.preview(UNKNOWN_KEY).json()
    assert bad["stale"] is True
    assert bad["html"] == good["html"]
    (problem,) = bad["problems"]
    assert (problem["line"], problem["column"], problem["rule"]) == (3, 1, "schema")
    assert "colour" in problem["message"] and problem["here"] is True
    assert bench.preview(MINIMAL).json()["stale"] is False


def test_a_bad_outline_with_no_good_preview_yet_shows_only_its_problems(bench):
    data = bench.preview("kind: [\n").json()
    assert data["stale"] is True and data["html"] is None
    assert data["problems"][0]["severity"] == "error"


def test_warnings_are_listed_with_their_rule(bench):
    data = bench.preview(MINIMAL.replace("新建党组织12个。", "新建党组织XX个。")).json()
    assert data["stale"] is False
    rules = {p["rule"] for p in data["problems"]}
    assert "placeholder" in rules
    assert '<mark class="placeholder">XX</mark>' in data["html"]


def test_a_skipped_settings_file_is_said_beside_the_outline_s_problems(bench):
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")
    settings = bench.folder / "drafter.yaml"
    settings.write_text("org: 别人的局\n", encoding="utf-8")
    os.chown(settings, 65534, 65534)
    data = bench.preview(MINIMAL).json()
    (problem,) = [p for p in data["problems"] if p["rule"] == "config"]
    assert problem["file"] == "drafter.yaml" and "another user" in problem["message"]
    assert problem["here"] is False


def test_figures_from_a_table_carry_their_source_row(tmp_path):
    folder = tmp_path / "speeches"
    folder.mkdir()
    for name in ("work-conference.yaml", "2025年教育统计.csv"):
        shutil.copy(EXAMPLES / name, folder / name)
    app = create_app(folder, port=PORT, token=TOKEN, watching=False)
    text = (folder / "work-conference.yaml").read_text(encoding="utf-8")
    with TestClient(app, base_url=ORIGIN) as client:
        bench = Bench(client, folder)
        data = bench.preview(text, "work-conference.yaml", "zh-CN").json()
        english = bench.preview(text, "work-conference.yaml", "en-US").json()
    assert data["figures"]
    lines = text.splitlines()
    for note in data["figures"]:
        assert "from: stats" in "\n".join(lines[note["from"] - 1 : note["to"]])
        assert note["text"].splitlines()[0].endswith("行")
        assert "2025年教育统计.csv 第" in note["text"]  # named inside the folder, not absolute
        assert str(tmp_path) not in note["text"]
    first = english["figures"][0]["text"]
    assert re.search(r"^\S+: 2025年教育统计\.csv row \d+\n", first), first
    assert re.search(r"^\S+：2025年教育统计\.csv 第 \d+ 行\n", data["figures"][0]["text"])


# ---- files: save, new, extract ---------------------------------------------------------------


def test_save_writes_the_file_and_refuses_a_file_changed_on_disk(bench):
    opened = bench.client.get("/api/file", params={"path": "outline.yaml"}).json()
    edited = opened["text"].replace("测试标题", "新标题")
    saved = bench.post(
        "/api/save", {"path": "outline.yaml", "text": edited, "version": opened["version"]}
    )
    assert saved.status_code == 200
    assert (bench.folder / "outline.yaml").read_text(encoding="utf-8") == edited
    assert not [p for p in bench.folder.iterdir() if p.name.startswith(".")]  # no temporary file

    (bench.folder / "outline.yaml").write_text(MINIMAL + "# 别处改的\n", encoding="utf-8")
    late = {
        "path": "outline.yaml",
        "text": edited + "# 这里改的\n",
        "version": saved.json()["version"],
    }
    conflict = bench.post("/api/save", late)
    assert conflict.status_code == 409
    assert conflict.json()["version"] != saved.json()["version"]
    assert (bench.folder / "outline.yaml").read_text(encoding="utf-8").endswith("# 别处改的\n")
    assert bench.post("/api/save", {**late, "force": True}).status_code == 200
    assert (bench.folder / "outline.yaml").read_text(encoding="utf-8").endswith("# 这里改的\n")


def test_save_keeps_the_encoding_and_line_ends_of_the_file():
    notepad = "kind: generic\r\ntitle: 标题\r\n".encode("gb18030")
    assert encode_like("kind: generic\ntitle: 新标题\n", notepad) == (
        "kind: generic\r\ntitle: 新标题\r\n".encode("gb18030")
    )
    assert encode_like("标题\n", "\ufeff旧\n".encode()) == "\ufeff标题\n".encode()
    assert encode_like("标题\n", "旧\n".encode("utf-16")) == "标题\n".encode("utf-16")
    assert encode_like("标题\n", None) == "标题\n".encode()


def test_new_outline_from_a_kind_never_overwrites(bench):
    first = bench.post("/api/new", {"kind": "launch-ceremony", "name": "启动仪式讲话"})
    second = bench.post("/api/new", {"kind": "launch-ceremony", "name": "启动仪式讲话"})
    assert first.json()["path"] == "启动仪式讲话.yaml"
    assert second.json()["path"] == "启动仪式讲话-2.yaml"
    text = (bench.folder / "启动仪式讲话.yaml").read_text(encoding="utf-8")
    assert "kind: launch-ceremony" in text
    assert (bench.folder / "drafter-outline.schema.json").is_file()
    listed = [o["path"] for o in bench.client.get("/api/outlines").json()]
    assert listed == ["outline.yaml", "启动仪式讲话-2.yaml", "启动仪式讲话.yaml"]
    assert bench.post("/api/new", {"kind": "no-such-kind", "name": "x"}).status_code == 422
    assert bench.post("/api/new", {"kind": "generic", "name": "../x"}).status_code == 403


def test_a_dropped_speech_becomes_a_new_outline_beside_the_others(bench):
    speech = "同志们：\n今天我们召开会议。\n一、工作回顾\n去年工作成效明显。\n谢谢大家！\n"
    (bench.folder / "去年讲话.yaml").write_text("kind: generic\n", encoding="utf-8")
    response = bench.post("/api/extract?name=去年讲话.txt", content=speech.encode("gb18030"))
    assert response.status_code == 200
    assert response.json()["path"] == "去年讲话-2.yaml"
    assert (bench.folder / "去年讲话.yaml").read_text(encoding="utf-8") == "kind: generic\n"
    outline = (bench.folder / "去年讲话-2.yaml").read_text(encoding="utf-8")
    assert "kind: generic" in outline and "工作回顾" in outline
    refused = bench.post("/api/extract?name=表格.xlsx", content=b"PK")
    assert refused.status_code == 415  # a wrong kind of file, not a stale page (403)
    assert refused.json()["error"].endswith("a .docx, .txt or .md file")
    old_word = bench.post("/api/extract?name=旧讲话.doc", content=b"\xd0\xcf\x11\xe0")
    assert old_word.status_code == 415 and "save it as .docx" in old_word.json()["error"]
    broken = bench.post("/api/extract?name=坏的.docx", content=b"PK\x03\x04 not a zip")
    assert broken.status_code == 422 and "the document is damaged" in broken.json()["error"]


def test_the_folder_lists_outlines_only():
    assert safe_stem("../../去年 讲话.docx") == "去年 讲话"
    assert safe_stem(".bashrc") == "bashrc"
    assert safe_stem("a:b?.txt") == "ab"


def test_listing_skips_settings_library_entries_and_hidden_folders(bench):
    (bench.folder / "drafter.yaml").write_text("org: 市教育局\n", encoding="utf-8")
    (bench.folder / "素材").mkdir()
    (bench.folder / "素材" / "my-closing.yaml").write_text(
        "id: x\ncategory: closing\n", encoding="utf-8"
    )
    (bench.folder / "2025").mkdir()
    (bench.folder / "2025" / "旧提纲.yml").write_text(MINIMAL, encoding="utf-8")
    (bench.folder / ".git").mkdir()
    (bench.folder / ".git" / "x.yaml").write_text(MINIMAL, encoding="utf-8")
    listed = [o["path"] for o in bench.client.get("/api/outlines").json()]
    assert listed == ["2025/旧提纲.yml", "outline.yaml"]
    page = bench.client.get("/").text
    assert '<a href="/edit/2025/%E6%97%A7%E6%8F%90%E7%BA%B2.yml">2025/旧提纲.yml</a>' in page


def test_folder_refuses_before_touching_the_disk(tmp_path):
    folder = Folder(tmp_path)
    for bad in ("a/../b.yaml", "./a.yaml", "a//b.yaml", "a.yaml\x00.txt", "a.YAML.bak"):
        with pytest.raises(Refused):
            folder.locate(bad)
    assert folder.locate("子文件夹/提纲.YML") == tmp_path.resolve() / "子文件夹" / "提纲.YML"


# ---- the library and downloads ---------------------------------------------------------------


def test_library_entries_have_their_text_parameters_and_snippet(bench):
    bench.preview(MINIMAL)  # the outline's own values (occasion …) fill the entries' text
    entries = {
        e["id"]: e for e in bench.get("/api/library", params={"path": "outline.yaml"}).json()
    }
    assert {
        "closing-annual-forward",
        "greeting-spring-festival",
        "thanks",
        "req-organization",
    } <= set(entries)
    opening = entries["opening-meeting"]
    assert opening["text"].startswith("今天，我们召开2026年全市教育工作会议。")
    assert opening["snippet"].startswith("use: opening-meeting\n# with:\n")
    requirement = entries["req-organization"]
    (task,) = requirement["params"]  # optional (it has a default): commented out
    assert requirement["snippet"] == (
        f"- use: req-organization\n  # with:\n  #   task: {task['default']}  # {task['description']}"
    )
    assert entries["thanks"]["snippet"] == "thanks: thanks"
    assert [p["name"] for p in entries["greeting-spring-festival"]["params"]] == ["org", "audience"]


def test_a_snippet_with_a_required_parameter_asks_for_it(tmp_path):
    folder = tmp_path / "speeches"
    folder.mkdir()
    (folder / "outline.yaml").write_text(MINIMAL, encoding="utf-8")
    app = create_app(folder, port=PORT, token=TOKEN, watching=False)
    with TestClient(app, base_url=ORIGIN) as client:  # no preview yet: no outline values
        asked = {"path": "outline.yaml"}
        entries = client.get(
            "/api/library", params=asked, headers={"X-Drafter-Token": TOKEN}
        ).json()
    opening = next(e for e in entries if e["id"] == "opening-meeting")
    assert opening["snippet"].splitlines()[:3] == [
        "use: opening-meeting",
        "with:",
        "  occasion: 【待补】  # 会议名称，如：2026年全市教育工作会议",
    ]
    assert "【待补】" in opening["text"]


def test_download_the_text_in_the_editor_as_docx(bench):
    text = MINIMAL.replace("测试标题", "编辑器里的标题")
    response = bench.post(
        "/api/render?format=docx&path=outline.yaml", {"path": "outline.yaml", "text": text}
    )
    assert response.status_code == 200
    assert "filename*=UTF-8''outline.docx" in response.headers["content-disposition"]
    document = docx.Document(io.BytesIO(response.content))
    assert "编辑器里的标题" in "\n".join(p.text for p in document.paragraphs)


@pytest.mark.libreoffice
def test_download_the_text_in_the_editor_as_pdf(bench):
    libreoffice_tools("soffice")
    response = bench.post(
        "/api/render?format=pdf&path=outline.yaml", {"path": "outline.yaml", "text": MINIMAL}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_download_link_renders_the_saved_file_with_the_token_only(bench):
    asked = {"path": "outline.yaml", "format": "docx"}
    assert bench.client.get("/download", params=asked).status_code == 403  # a page elsewhere
    wrong = bench.client.get("/download", params={**asked, "token": "guess"})
    assert wrong.status_code == 403
    response = bench.client.get("/download", params={**asked, "token": TOKEN})
    assert response.status_code == 200
    assert "测试标题" in "\n".join(
        p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs
    )
    exe = bench.client.get("/download", params={**asked, "format": "exe", "token": TOKEN})
    assert exe.status_code == 400
    page = bench.client.get("/edit/outline.yaml").text
    assert f"/download?path=outline.yaml&amp;format=docx&amp;token={TOKEN}" in page
    library = bench.client.get("/api/library", params={"path": "outline.yaml"})
    assert library.status_code == 403  # it renders the entries: the token too


def test_download_of_a_bad_outline_says_why(bench):
    response = bench.post(
        "/api/render?format=docx&path=outline.yaml", {"path": "outline.yaml", "text": UNKNOWN_KEY}
    )
    assert response.status_code == 422
    assert response.json()["problems"][0]["line"] == 3


# ---- watching the folder ---------------------------------------------------------------------


def test_changes_are_described_for_the_pages(tmp_path):
    folder = Folder(tmp_path)
    (tmp_path / "提纲.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "drafter.yaml").write_text("org: x\n", encoding="utf-8")
    (tmp_path / "表.csv").write_text("指标,本年\n", encoding="utf-8")
    root = str(tmp_path)
    assert describe(folder, [f"{root}/提纲.yaml"]) == {
        "outlines": ["提纲.yaml"],
        "other": False,
        "settings": False,
    }
    assert describe(folder, [f"{root}/删掉的.yaml"])["outlines"] == ["删掉的.yaml"]
    assert describe(folder, [f"{root}/表.csv"]) == {
        "outlines": [],
        "other": True,
        "settings": False,
    }
    assert describe(folder, [f"{root}/drafter.yaml"])["settings"] is True
    assert describe(folder, [f"{root}/.提纲.yaml.abc.tmp", "/elsewhere/x.yaml"]) is None


def test_a_file_changed_in_another_editor_reaches_the_pages(tmp_path):
    (tmp_path / "提纲.yaml").write_text(MINIMAL, encoding="utf-8")
    refreshed = []

    async def run() -> tuple[set[str], bool]:
        hub, stop = Hub(), asyncio.Event()
        queue = hub.subscribe()
        task = asyncio.create_task(watch(Folder(tmp_path), hub, lambda: refreshed.append(1), stop))
        await asyncio.sleep(0.5)  # the watcher is set up
        (tmp_path / "提纲.yaml").write_text(MINIMAL + "# 改了\n", encoding="utf-8")
        (tmp_path / "drafter.yaml").write_text("org: 市教育局\n", encoding="utf-8")
        outlines: set[str] = set()
        settings = False
        while "提纲.yaml" not in outlines or not settings:
            event = await asyncio.wait_for(queue.get(), 10)
            outlines |= set(event["outlines"])
            settings = settings or event["settings"]
        stop.set()
        await asyncio.wait_for(task, 5)
        return outlines, settings

    outlines, settings = asyncio.run(run())
    assert "提纲.yaml" in outlines and settings
    assert refreshed  # office settings changed: the workbench reads them afresh


# ---- hostile requests and files (issue 27) --------------------------------------------------

PASSWD = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"


@pytest.mark.parametrize("how", ["parent", "absolute", "symlink", "missing"])
def test_tables_are_read_only_inside_the_folder_and_never_quoted(bench, tmp_path, how):
    secret = tmp_path / "secret.csv"  # beside the served folder, not in it
    secret.write_text(PASSWD, encoding="utf-8")
    named = {
        "parent": "../secret.csv",
        "absolute": str(secret),
        "symlink": "stats.csv",
        "missing": "../no-such.csv",  # said as outside too: no probing what exists there
    }[how]
    if how == "symlink":
        (bench.folder / "stats.csv").symlink_to(secret)
    text = (EXAMPLES / "work-conference.yaml").read_text(encoding="utf-8")
    text = text.replace("stats: 2025年教育统计.csv", f"stats: {named}")
    for answer in (
        bench.preview(text),
        bench.post("/api/render?format=docx", {"path": "outline.yaml", "text": text}),
    ):
        assert "root:x" not in answer.text and "daemon" not in answer.text
        assert "outside the folder the workbench serves" in answer.text
    problems = bench.preview(text).json()["problems"]
    assert any(p["here"] and p["line"] == 16 for p in problems)  # at the table's entry


def test_a_table_inside_the_folder_is_read_as_ever(bench):
    shutil.copy(EXAMPLES / "2025年教育统计.csv", bench.folder / "2025年教育统计.csv")
    text = (EXAMPLES / "work-conference.yaml").read_text(encoding="utf-8")
    data = bench.preview(text).json()
    assert not [p for p in data["problems"] if p["severity"] == "error"], data["problems"]
    assert data["figures"]


@pytest.mark.parametrize(
    "name", ["x" * 5000 + ".yaml", "目录" * 90 + ".yaml", "a/" * 600 + "b.yaml"]
)
def test_names_too_long_for_the_file_system_are_4xx(bench, name):
    assert bench.client.get(f"/edit/{name}").status_code == 400
    assert bench.client.get("/api/file", params={"path": name}).status_code == 400
    assert bench.preview(MINIMAL, name).status_code == 400
    saved = bench.post("/api/save", {"path": name, "text": MINIMAL, "version": None})
    assert saved.status_code == 400


@pytest.mark.parametrize(
    "name",
    [
        "drafter.yaml",
        "Drafter.YAML",
        "sub/drafter.yaml",
        "a\nb.yaml",
        "a\tb.yaml",
        "報告\u202efdp.yaml",
    ],
)
def test_save_writes_only_outlines_with_printable_names(bench, name):
    (bench.folder / "sub").mkdir()
    response = bench.post("/api/save", {"path": name, "text": "template_dirs: [/]\n"})
    assert response.status_code == 403, response.text
    assert sorted(p.name for p in bench.folder.rglob("*")) == ["outline.yaml", "sub"]


def test_save_never_writes_a_file_renders_read_under_another_name(bench):
    folder = bench.folder
    (folder / "drafter.yaml").write_text("library_dirs: [素材]\n", encoding="utf-8")
    (folder / "素材").mkdir()
    entry = folder / "素材" / "thanks-mine.yaml"
    entry.write_text(
        "id: thanks-mine\ncategory: thanks\ndescription: 我的致谢\ntext: 谢谢！\n", encoding="utf-8"
    )
    (folder / "settings.yaml").symlink_to(folder / "drafter.yaml")
    (folder / "entry-copy.yaml").hardlink_to(entry)
    before = {p: p.read_bytes() for p in folder.rglob("*.yaml")}
    for name in ("settings.yaml", "entry-copy.yaml", "素材/thanks-mine.yaml"):
        stored = bench.get("/api/file", params={"path": name}).json()
        text = {"path": name, "text": "kind: generic\n", "version": stored["version"]}
        assert bench.post("/api/save", text).status_code == 403, name
    assert {p: p.read_bytes() for p in folder.rglob("*.yaml")} == before
    broken = "library_dirs: [素材\n"  # settings that do not parse still protect themselves
    (folder / "drafter.yaml").write_text(broken, encoding="utf-8")
    bench.client.app.state.workbench.refresh()  # type: ignore[attr-defined]
    stored = bench.get("/api/file", params={"path": "settings.yaml"}).json()
    late = {"path": "settings.yaml", "text": "kind: generic\n", "version": stored["version"]}
    assert bench.post("/api/save", late).status_code == 403
    assert (folder / "drafter.yaml").read_text(encoding="utf-8") == broken


def test_new_outlines_are_never_named_as_settings(bench):
    created = bench.post("/api/new", {"kind": "generic", "name": "drafter"})
    assert created.status_code == 200 and created.json()["path"] == "drafter-2.yaml"
    assert not (bench.folder / "drafter.yaml").exists()


def test_an_outline_too_large_is_refused_before_anything_is_written(bench, monkeypatch):
    from drafter.serve import files, workbench

    big = ("同志们：\n" + "我们要抓好落实。" * 100 + "\n") * 7000  # 17 MB of UTF-8
    response = bench.post("/api/extract?name=big.txt", content=big.encode("utf-8"))
    assert response.status_code == 413
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as docx_file:
        docx_file.writestr(
            "word/document.xml", "<w:p/>" * (workbench.MAX_SPEECH_XML_BYTES // 6 + 1)
        )
    response = bench.post("/api/extract?name=big.docx", content=package.getvalue())
    assert response.status_code == 413 and "too long for an outline" in response.json()["error"]
    monkeypatch.setattr(files, "MAX_OUTLINE_BYTES", 300)  # what extract makes is checked too
    speech = "同志们：\n今天我们召开会议。\n一、工作回顾\n去年工作成效明显。\n谢谢大家！\n" * 5
    response = bench.post("/api/extract?name=speech.txt", content=speech.encode("utf-8"))
    assert response.status_code == 413
    assert sorted(p.name for p in bench.folder.iterdir()) == ["outline.yaml"]


def test_a_save_is_refused_when_the_file_changes_just_before_it_takes_its_place(bench, monkeypatch):
    """Another editor's save that lands after the version was checked, while the new text is
    being written, is not lost: the save answers 409 and leaves no temporary file."""
    from drafter import output

    opened = bench.get("/api/file", params={"path": "outline.yaml"}).json()
    real_chmod = os.chmod

    def meanwhile(path, mode, **kwargs):  # write_atomic sets the mode just before replacing
        real_chmod(path, mode, **kwargs)
        (bench.folder / "outline.yaml").write_text(MINIMAL + "# 别处刚存的\n", encoding="utf-8")

    monkeypatch.setattr(output.os, "chmod", meanwhile)
    asked = {"path": "outline.yaml", "text": MINIMAL + "# 这里改的\n", "version": opened["version"]}
    response = bench.post("/api/save", asked)
    monkeypatch.undo()
    assert response.status_code == 409
    assert "changed on disk while it was being saved" in response.json()["error"]
    assert (bench.folder / "outline.yaml").read_text(encoding="utf-8").endswith("# 别处刚存的\n")
    assert (
        response.json()["version"]
        == bench.get("/api/file", params={"path": "outline.yaml"}).json()["version"]
    )
    assert sorted(p.name for p in bench.folder.iterdir()) == ["outline.yaml"]


@pytest.mark.parametrize("failing", ["drafter-outline.schema.json", "提纲.yaml"])
def test_a_full_disk_leaves_no_new_outline(bench, monkeypatch, failing):
    from drafter import output

    real_fsync = os.fsync

    def full(descriptor: int) -> None:
        if os.readlink(f"/proc/self/fd/{descriptor}").split("/")[-1].startswith(f".{failing}."):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(descriptor)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("the test finds the file being written through /proc")
    monkeypatch.setattr(output.os, "fsync", full)
    response = bench.post("/api/new", {"kind": "generic", "name": "提纲"})
    assert response.status_code == 507, response.text
    assert "the disk is full" in response.json()["error"]
    assert sorted(p.name for p in bench.folder.iterdir()) == ["outline.yaml"]


def test_temporary_files_of_interrupted_saves_are_removed_on_start(tmp_path):
    folder = tmp_path / "speeches"
    (folder / "2025").mkdir(parents=True)
    stale = [folder / ".outline.yaml.k3j9x0ab.tmp", folder / "2025" / ".旧提纲.yml.a1b2c3d4.tmp"]
    kept = [
        folder / ".outline.yaml.zzzzzzzz.tmp",  # a save going on right now
        folder / ".draft.docx.a1b2c3d4.tmp",  # not an outline's
        folder / "outline.yaml.a1b2c3d4.tmp",  # not drafter's name
    ]
    for path in (*stale, *kept):
        path.write_text("kind: generic\n", encoding="utf-8")
    for path in (*stale, *kept[1:]):
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    create_app(folder, port=PORT, token=TOKEN, watching=False)
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in kept)


def test_pipes_in_the_folder_are_not_waited_on(bench):
    os.mkfifo(bench.folder / "pipe.yaml")
    assert bench.get("/api/file", params={"path": "pipe.yaml"}).status_code == 403
    assert [o["path"] for o in bench.get("/api/outlines").json()] == ["outline.yaml"]
    assert bench.client.get("/edit/pipe.yaml").status_code in (403, 404)


def test_no_outline_is_saved_or_made_in_a_library_folder(bench):
    """An outline there would be read as a library entry by every render of the folder."""
    folder = bench.folder
    (folder / "drafter.yaml").write_text("library_dirs: [素材]\n", encoding="utf-8")
    (folder / "素材").mkdir()
    bench.client.app.state.workbench.refresh()  # type: ignore[attr-defined]
    saved = bench.post("/api/save", {"path": "素材/new-entry.yaml", "text": MINIMAL})
    assert saved.status_code == 400 and "library folder" in saved.json()["error"]
    made = bench.post("/api/new", {"kind": "generic", "name": "素材/明年讲话"})
    assert made.status_code == 400
    assert list((folder / "素材").iterdir()) == []
    assert bench.preview(MINIMAL, "outline.yaml").status_code == 200
