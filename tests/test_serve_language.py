"""The workbench in its writer's language (Starlette's TestClient): pages, API answers, refusals
and a preview's problems in Chinese for a Chinese browser, in English for an English one, and as
the page's switch (中文 | English) says once it is used; the page scripts' words carried as data
the CSP allows."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from drafter import i18n
from drafter.serve import workbench as served_workbench
from drafter.serve.app import create_app
from drafter.serve.language import COOKIE, of_accept_language, script_words

from conftest import EXAMPLES, MINIMAL

PORT = 8765
ORIGIN = f"http://127.0.0.1:{PORT}"
TOKEN = "test-token"
CHINESE = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}
ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}
WORDS = re.compile(r'<script type="application/json" id="drafter-words">(.*?)</script>', re.S)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    folder = tmp_path / "speeches"
    folder.mkdir()
    (folder / "outline.yaml").write_text(MINIMAL, encoding="utf-8")
    app = create_app(folder, port=PORT, token=TOKEN, watching=False)
    with TestClient(app, base_url=ORIGIN) as test_client:
        yield test_client


def post(client: TestClient, url: str, body: object, headers: dict[str, str]):
    sent = {"X-Drafter-Token": TOKEN, "Origin": ORIGIN, **headers}
    return client.post(url, json=body, headers=sent)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("zh-TW", "zh"),
        ("en-US,en;q=0.9", "en"),
        ("EN-gb", "en"),
        ("fr-FR,fr;q=0.9", "zh"),  # neither: drafter's writers are Chinese
        ("fr-FR, en;q=0.5", "en"),
        ("en;q=0.5, zh-CN;q=0.8", "zh"),  # by quality, not by place
        ("zh;q=0, en", "en"),  # q=0: not acceptable
        ("*", "zh"),
        ("en;q=nonsense, zh;q=0.1", "zh"),
    ],
)
def test_the_language_follows_accept_language(header, expected):
    assert of_accept_language(header) == expected


def test_the_pages_speak_the_browsers_language(client):
    start = client.get("/", headers=CHINESE).text
    assert '<html lang="zh-CN">' in start
    assert "新建提纲" in start and "从去年的讲话稿开始" in start and "drafter 工作台" in start
    assert "New outline" not in start
    edit = client.get("/edit/outline.yaml", headers=CHINESE).text
    for words in ("保存", "下载 DOCX", "问题", "素材库", "结束语", "正在载入……"):
        assert words in edit, words
    start = client.get("/", headers=ENGLISH).text
    assert '<html lang="en">' in start
    assert "New outline" in start and "Start from last year's speech" in start
    assert "新建提纲" not in start
    edit = client.get("/edit/outline.yaml", headers=ENGLISH).text
    for words in ("Save", "Download DOCX", "Problems", "Library", "closings", "Loading…"):
        assert words in edit, words
    assert "保存" not in edit


def test_a_client_without_a_language_gets_drafters_own(client, monkeypatch):
    """No Accept-Language (a script, curl): the language drafter speaks on the command line."""
    assert "New outline" in client.get("/").text  # the suite asks for English
    monkeypatch.setenv("DRAFTER_LANG", "zh")
    assert "新建提纲" in client.get("/").text


def test_the_scripts_words_come_as_data_in_the_pages_language(client):
    """A JSON block (no script the CSP would have to allow) with the scripts' t() messages."""
    page = client.get("/edit/outline.yaml", headers=CHINESE)
    assert "script-src 'self';" in page.headers["content-security-policy"]
    words = json.loads(WORDS.search(page.text).group(1))
    assert words["Insert at the cursor"] == "插入到光标处"
    assert words["No problems found."] == "没有发现问题。"
    assert words["{n} error"] == ["{n} 个错误", "{n} 个错误"]  # Chinese has one form
    assert words == script_words("zh")
    english = client.get("/edit/outline.yaml", headers=ENGLISH).text
    assert json.loads(WORDS.search(english).group(1)) == {}  # the msgids are English


def test_every_script_message_is_in_the_table():
    """Each t("…") of the scripts is in the Chinese table, translated."""
    static = Path(__file__).resolve().parent.parent / "drafter" / "serve" / "static"
    words = script_words("zh")
    called = set()
    for name in ("api.js", "edit.js", "start.js"):
        text = re.sub(r"^\s*//.*$", "", (static / name).read_text(encoding="utf-8"), flags=re.M)
        called |= set(re.findall(r'\bt\(\s*"([^"]+)"\s*[,)]', text))
    assert called and called <= set(words)
    assert all(words[message] != message for message in called)


def test_the_switch_is_kept_in_a_cookie(client):
    page = client.get("/?lang=en", headers=CHINESE)
    assert "New outline" in page.text
    assert f"{COOKIE}=en" in page.headers["set-cookie"]
    assert "samesite=strict" in page.headers["set-cookie"].lower()
    # the next pages and the API follow the switch, whatever the browser says
    assert "Save" in client.get("/edit/outline.yaml", headers=CHINESE).text
    missing = client.get("/api/file", params={"path": "none.yaml"}, headers=CHINESE)
    assert missing.json()["error"] == "none.yaml does not exist"
    page = client.get("/edit/outline.yaml?lang=zh", headers=ENGLISH)
    assert "保存" in page.text and 'aria-current="page">中文' in page.text
    assert "新建提纲" in client.get("/", headers=ENGLISH).text
    client.cookies.clear()
    assert "New outline" in client.get("/", headers=ENGLISH).text
    assert "新建提纲" in client.get("/?lang=klingon", headers=CHINESE).text  # not a language


def test_the_api_answers_in_the_requests_language(client):
    missing = client.get("/api/file", params={"path": "none.yaml"}, headers=CHINESE)
    assert missing.status_code == 404 and missing.json()["error"] == "none.yaml 不存在"
    missing = client.get("/api/file", params={"path": "none.yaml"}, headers=ENGLISH)
    assert missing.json()["error"] == "none.yaml does not exist"
    bad = post(client, "/api/new", {"kind": 3}, CHINESE)
    assert bad.status_code == 400 and bad.json()["error"] == "新建提纲需要讲话类型和文件名"
    escaping = client.get("/api/file", params={"path": "../x.yaml"}, headers=CHINESE)
    assert escaping.status_code == 403 and "不能含" in escaping.json()["error"]
    # the guard's refusals too
    refused = client.post("/api/save", json={}, headers={**CHINESE, "Origin": ORIGIN})
    assert refused.status_code == 403 and refused.text == "已拒绝：请求没有带这个工作台的令牌"
    refused = client.post("/api/save", json={}, headers={**ENGLISH, "Origin": ORIGIN})
    assert refused.text == "forbidden: the request does not carry this workbench's token"


def test_a_previews_problems_come_in_the_requests_language(client, tmp_path, monkeypatch):
    """The render worker runs each preview in its request's language: a problem of the
    workbench's own (a table outside the folder) in Chinese or English, and every message the
    check made asked for in that language."""
    asked = []
    real = served_workbench.inspect

    def recording(*args, **kwargs):
        asked.append(i18n.language())
        return real(*args, **kwargs)

    monkeypatch.setattr(served_workbench, "inspect", recording)
    (tmp_path / "secret.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    text = (EXAMPLES / "work-conference.yaml").read_text(encoding="utf-8")
    text = text.replace("stats: 2025年教育统计.csv", "stats: ../secret.csv")
    body = {"path": "outline.yaml", "text": text}
    chinese = post(client, "/api/preview", body, CHINESE).json()["problems"]
    assert any("工作台只读取这个文件夹里的统计表" in p["message"] for p in chinese), chinese
    english = post(client, "/api/preview", body, ENGLISH).json()["problems"]
    assert any("it reads tables only there" in p["message"] for p in english), english
    assert asked == ["zh", "en"]


def test_the_library_panel_names_its_categories_in_the_requests_language(client):
    headers = {"X-Drafter-Token": TOKEN}
    chinese = client.get("/api/library?path=outline.yaml", headers={**headers, **CHINESE})
    english = client.get("/api/library?path=outline.yaml", headers={**headers, **ENGLISH})
    names = {entry["category"]: entry["category_name"] for entry in chinese.json()}
    assert names["closing"] == "结束语" and names["requirement"] == "工作要求"
    names = {entry["category"]: entry["category_name"] for entry in english.json()}
    assert names["closing"] == "closings" and names["requirement"] == "requirements"
    assert [e["text"] for e in chinese.json()] == [e["text"] for e in english.json()]  # stock


def test_a_renderer_is_kept_for_each_language(client):
    """What a warm renderer keeps was said in the language it was made in: a Chinese page and
    an English one do not share one."""
    body = {"path": "outline.yaml", "text": MINIMAL}
    post(client, "/api/preview", body, CHINESE)
    post(client, "/api/preview", body, ENGLISH)
    post(client, "/api/preview", body, CHINESE)
    workbench = client.app.state.workbench  # type: ignore[attr-defined]
    assert sorted(lang for lang, _folder in workbench._renderers) == ["en", "zh"]


def test_the_speech_is_the_same_in_both_languages(tmp_path):
    """Only what the workbench says changes: the draft and its figures are the outline's."""
    folder = tmp_path / "speeches"
    folder.mkdir()
    for name in ("work-conference.yaml", "2025年教育统计.csv"):
        shutil.copy(EXAMPLES / name, folder / name)
    app = create_app(folder, port=PORT, token=TOKEN, watching=False)
    text = (folder / "work-conference.yaml").read_text(encoding="utf-8")
    body = {"path": "work-conference.yaml", "text": text}
    with TestClient(app, base_url=ORIGIN) as test_client:
        chinese = post(test_client, "/api/preview", body, CHINESE).json()
        english = post(test_client, "/api/preview", body, ENGLISH).json()
    assert chinese["html"] == english["html"]  # the speech is Chinese in both
    assert chinese["stats"] == english["stats"]


def test_every_phrase_codemirror_asks_for_has_its_translation():
    static = Path(served_workbench.__file__).parent / "static"
    bundle = (static / "codemirror.js").read_text(encoding="utf-8")
    asked = set()
    for call in re.findall(r"phrase\(([^()]*)\)", bundle):
        asked.update(re.findall(r'"([^"]+)"', call))
    # the search panel asks through a helper of its own: function X(view, phrase)
    for helper in re.findall(
        r"function (\w+)\(\w+,\w+\)\{return \w+\.state\.phrase\(\w+\)", bundle
    ):
        asked.update(re.findall(rf'\b{helper}\(\w+,"([^"]+)"', bundle))
    assert {"Find", "Control character", "replaced $ matches"} <= asked
    table = (static / "edit.js").read_text(encoding="utf-8").split("const PHRASES = {")[1]
    table = table.split("};")[0]
    given = set(re.findall(r'"([^"]+)": t\(', table)) | set(re.findall(r"(\w+): t\(", table))
    assert asked <= given, sorted(asked - given)


@pytest.mark.parametrize(("headers", "says"), [(CHINESE, "工作台没有页面"), (ENGLISH, "no page")])
def test_an_unknown_address_is_answered_in_the_requests_language(client, headers, says):
    page = client.get("/nothere", headers=headers)
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert says in page.text and "/nothere" in page.text and "Not Found" not in page.text
    answer = client.get("/api/nothere", headers=headers)
    assert answer.status_code == 404 and says in answer.json()["error"]
