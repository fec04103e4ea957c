"""The workbench in a real browser: Debian's headless Chromium driven by Selenium, against
`drafter serve` started as a writer starts it. One browser session walks the writer's flow:
open the list, open an outline, type an unknown key and see its problem at its line, click it,
delete it and see the problems clear, change the title and see the draft change where it was
scrolled, insert a library entry, save and find the file changed, download a DOCX that opens.
Then on the start page: a new outline from a kind, and last year's speech turned into one.
The browser is a Chinese writer's: the workbench answers in Chinese, and in English once the
page's switch says so. It also takes the README's screenshot (rewritten with DRAFTER_UPDATE_GOLDENS=1)."""

from __future__ import annotations

import os
import shutil
import signal
import time
import zipfile
from collections.abc import Iterator

import docx
import pytest
from test_sources import FOLDED

from conftest import EXAMPLES, MINIMAL, ROOT, Serving, browser_tools

pytestmark = pytest.mark.browser
SCREENSHOT = ROOT / "docs" / "workbench.png"
WAIT = 20  # seconds; the machine is shared


@pytest.fixture(scope="module")
def browser(tmp_path_factory) -> Iterator[object]:
    chromium, chromedriver = browser_tools()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
        "--window-size=1440,900",
        "--lang=zh-CN",
    ):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "intl.accept_languages": "zh-CN,zh",  # a Chinese writer's browser (Accept-Language)
        },
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(chromedriver))
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    metrics = {"width": 1440, "height": 900, "deviceScaleFactor": 1, "mobile": False}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    driver.downloads = downloads  # type: ignore[attr-defined]
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Serving]:
    folder = tmp_path_factory.mktemp("speeches")
    (folder / "outline.yaml").write_text(MINIMAL, encoding="utf-8")
    shutil.copy(EXAMPLES / "2025年教育统计.csv", folder)
    # The screenshot's outline: the example, with a figure left to fill (a warning to show).
    example = (EXAMPLES / "work-conference.yaml").read_text(encoding="utf-8")
    assert "新建民办学校党组织14个" in example
    example = example.replace("新建民办学校党组织14个", "新建民办学校党组织XX个")
    (folder / "work-conference.yaml").write_text(example, encoding="utf-8")
    running = Serving(str(folder), "--port", "0", "--no-browser")
    running.folder = folder  # type: ignore[attr-defined]
    yield running
    code, err = running.stop(signal.SIGTERM)
    assert code == 0, err


def test_the_writers_flow(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    wait = WebDriverWait(driver, WAIT)

    def testid(name: str) -> object:
        return driver.find_element(By.CSS_SELECTOR, f'[data-testid="{name}"]')

    def problems() -> list[str]:
        return [p.text for p in driver.find_elements(By.CSS_SELECTOR, '[data-testid="problem"]')]

    # The list, then the outline.
    driver.get(server.url)
    listing = testid("outline-list")
    names = [a.text for a in listing.find_elements(By.TAG_NAME, "a")]
    assert names == ["outline.yaml", "work-conference.yaml"]
    listing.find_element(By.LINK_TEXT, "outline.yaml").click()
    wait.until(lambda d: "测试标题" in testid("preview").text)
    stats = testid("stats").text
    assert "字" in stats and "分钟" in stats
    assert problems() == []
    wait.until(lambda d: "closing-annual-forward" in testid("library").text)

    # An unknown key: its problem at its line; clicking it puts the cursor there.
    editor = driver.find_element(By.CSS_SELECTOR, '[data-testid="outline-editor"] .cm-content')
    editor.click()
    editor.send_keys(Keys.CONTROL, Keys.HOME)
    editor.send_keys(Keys.END, Keys.ENTER, "colour: red")
    wait.until(lambda d: any(p.startswith("2:1 ") and "colour" in p for p in problems()))
    assert testid("preview").get_attribute("data-stale") == "true"
    assert "测试标题" in testid("preview").text  # the last good draft stays
    assert driver.find_element(By.ID, "stale-kept").is_displayed()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".cm-lintRange-error"))  # marked
    editor.send_keys(Keys.CONTROL, Keys.END)
    driver.find_element(By.CSS_SELECTOR, '[data-testid="problem"] button').click()
    active = driver.find_element(By.CSS_SELECTOR, ".cm-activeLineGutter")
    assert active.text == "2"

    # Deleting it clears the problems.
    editor.send_keys(Keys.END, *[Keys.BACKSPACE] * (len("colour: red") + 1))
    wait.until(
        lambda d: problems() == [] and testid("preview").get_attribute("data-stale") == "false"
    )

    # A new title: the draft changes, and stays where the writer had scrolled it.
    pane = driver.find_element(By.ID, "preview-pane")
    scrolled = driver.execute_script(
        "arguments[0].scrollTop = 100; return arguments[0].scrollTop", pane
    )
    assert scrolled > 0
    editor.send_keys(Keys.CONTROL, Keys.HOME)
    editor.send_keys(Keys.DOWN, Keys.END, "改")
    wait.until(lambda d: "测试标题改" in testid("preview").text)
    assert driver.execute_script("return arguments[0].scrollTop", pane) == scrolled

    # A library entry inserted at the cursor: a requirement as the tasks part's next item.
    editor.send_keys(Keys.CONTROL, Keys.END)  # a modifier holds to the end of one call
    editor.send_keys(" " * 6)
    entry = driver.find_element(By.CSS_SELECTOR, '.entry[data-id="req-organization"]')
    entry.find_element(By.CLASS_NAME, "entry-head").click()
    assert "摆上重要议事日程" in entry.text and "task" in entry.text  # its text and parameter
    entry.find_element(By.CLASS_NAME, "insert").click()
    lines = driver.find_elements(By.CSS_SELECTOR, ".cm-line")  # a short outline: all drawn
    text = "\n".join(line.get_attribute("textContent") for line in lines)
    inserted = text.splitlines()[-3:]  # the snippet, indented as the cursor was
    assert inserted[:2] == ["      - use: req-organization", "        # with:"]
    assert inserted[2].startswith("        #   task: ")
    wait.until(lambda d: "加强组织领导" in testid("preview").text)
    assert problems() == []

    # Save: the file on disk changes.
    testid("save").click()
    saved = server.folder / "outline.yaml"
    wait.until(lambda d: "测试标题改" in saved.read_text(encoding="utf-8"))
    wait.until(lambda d: driver.find_element(By.ID, "status").text == "已保存")
    assert "req-organization" in saved.read_text(encoding="utf-8")

    # Download: a DOCX of the text in the editor, a valid package.
    testid("download-docx").click()
    target = browser.downloads / "outline.docx"
    wait.until(lambda d: target.is_file() and not list(browser.downloads.glob("*.crdownload")))
    assert zipfile.is_zipfile(target)
    body = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "测试标题改" in body and "加强组织领导" in body

    # The start page: a new outline from a kind, and last year's speech chosen as a file.
    from selenium.webdriver.support.ui import Select

    driver.get(server.url)
    Select(driver.find_element(By.NAME, "kind")).select_by_value("launch-ceremony")
    driver.find_element(By.NAME, "name").send_keys("启动仪式讲话")
    driver.find_element(By.CSS_SELECTOR, "#new-outline button").click()
    wait.until(
        lambda d: "kind: launch-ceremony" in d.find_element(By.CLASS_NAME, "cm-content").text
    )
    assert (server.folder / "启动仪式讲话.yaml").is_file()
    speech = server.folder.parent / "去年讲话.txt"
    speech.write_text(
        "同志们：\n今天我们召开会议。\n一、工作回顾\n去年工作成效明显。\n谢谢大家！\n",
        encoding="utf-8",
    )
    driver.get(server.url)
    driver.find_element(By.ID, "speech-file").send_keys(str(speech))
    wait.until(lambda d: "kind: generic" in d.find_element(By.CLASS_NAME, "cm-content").text)
    assert (server.folder / "去年讲话.yaml").is_file()

    _screenshot(driver, wait, server)
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == [], severe


def test_the_draft_beside_its_outline(browser, server):
    """A click on a paragraph of the draft puts the cursor on the outline line that holds its
    words; the cursor on a line shades the paragraphs it made; drafter's words are named."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    wait = WebDriverWait(driver, WAIT)
    lines = (server.folder / "work-conference.yaml").read_text(encoding="utf-8").splitlines()

    def line_of(words: str) -> int:
        return next(n for n, line in enumerate(lines, start=1) if words in line)

    def active_line() -> str:
        return driver.find_element(By.CSS_SELECTOR, ".cm-activeLineGutter").text

    def shaded() -> list[str]:
        return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#preview .current")]

    driver.get(server.url + "edit/work-conference.yaml")
    preview = driver.find_element(By.ID, "preview")
    wait.until(lambda d: "建成市级学科教研基地42个" in preview.text)

    # A click on a paragraph: the cursor goes to the line of its words, and it is shaded.
    paragraph = next(
        p for p in preview.find_elements(By.CSS_SELECTOR, "p") if "学科教研基地42个" in p.text
    )
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", paragraph)
    paragraph.click()  # its middle: the body, not the run-in headline
    text_line = line_of("建成市级学科教研基地42个")
    wait.until(lambda d: active_line() == str(text_line))
    assert any("学科教研基地42个" in text for text in shaded())

    # The cursor moved to another line (a click in the editor): that item's paragraph shaded.
    headline_line = line_of("headline: 各级各类教育协调发展")
    editor_line = next(
        element
        for element in driver.find_elements(By.CSS_SELECTOR, ".cm-line")
        if "各级各类教育协调发展" in element.text
    )
    editor_line.click()
    wait.until(lambda d: active_line() == str(headline_line))
    wait.until(lambda d: any(text.startswith("（三）各级各类教育协调发展") for text in shaded()))
    assert not any("学科教研基地42个" in text for text in shaded())

    # What drafter wrote is named where it stands: a library entry, a computed growth rate.
    stock = preview.find_element(By.CSS_SELECTOR, '[data-source="stock"]')
    assert stock.get_attribute("title") == "素材库 opening-meeting"
    computed = preview.find_elements(By.CSS_SELECTOR, '[data-source="computed"]')
    assert any(element.text == "比上年增长8.7%" for element in computed)
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == [], severe


def test_the_cursor_on_a_values_later_line_shades_its_paragraph(browser, server):
    """A value folded (>) or wrapped over lines: the cursor on any of them shades it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    (server.folder / "folded.yaml").write_text(FOLDED, encoding="utf-8")
    driver = browser
    wait = WebDriverWait(driver, WAIT)
    driver.get(server.url + "edit/folded.yaml")
    preview = driver.find_element(By.ID, "preview")
    wait.until(lambda d: "取缔无证摊点37个" in preview.text)

    def shaded() -> list[str]:
        return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#preview .current")]

    for later, words in (
        ("落实“一岗双责”。", "全县各级各类学校"),
        ("取缔无证摊点37个", "联合公安"),
    ):
        line = next(e for e in driver.find_elements(By.CSS_SELECTOR, ".cm-line") if later in e.text)
        line.click()
        wait.until(lambda d, words=words: any(words in text for text in shaded()))


def test_the_workbench_speaks_the_browsers_language(browser, server):
    """A Chinese browser gets the workbench in Chinese: buttons, the problems panel and the
    workbench's own problems; the page's switch turns it English, and it stays so."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    wait = WebDriverWait(driver, WAIT)
    secret = server.folder.parent / "secret.csv"  # beside the served folder: not read
    secret.write_text("指标,2025年\n经费,1\n", encoding="utf-8")
    text = (EXAMPLES / "work-conference.yaml").read_text(encoding="utf-8")
    outline = server.folder / "外面的表.yaml"
    outline.write_text(text.replace("stats: 2025年教育统计.csv", "stats: ../secret.csv"), "utf-8")

    def problems() -> list[str]:
        return [p.text for p in driver.find_elements(By.CSS_SELECTOR, '[data-testid="problem"]')]

    def text_of(selector: str) -> str:
        return driver.find_element(By.CSS_SELECTOR, selector).text

    try:
        driver.get(server.url + "edit/外面的表.yaml")
        wait.until(lambda d: any("工作台只读取这个文件夹里的统计表" in p for p in problems()))
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
        assert any(" 错误 " in p for p in problems()), problems()
        assert text_of(".problems-pane h2").startswith("问题")
        assert "个错误" in text_of("#problem-count")
        # no draft was ever good: the note does not speak of a last good version
        assert "初稿就会显示在这里" in text_of("#stale-note"), text_of("#stale-note")
        assert text_of('[data-testid="save"]') == "保存"
        assert text_of('[data-testid="download-docx"]') == "下载 DOCX"
        assert text_of("#status") == "已保存"
        assert "插入到光标处" in text_of(".library-pane .hint")

        driver.find_element(By.LINK_TEXT, "English").click()
        wait.until(lambda d: any("it reads tables only there" in p for p in problems()))
        assert text_of('[data-testid="save"]') == "Save"
        assert any(" error " in p for p in problems()), problems()
        assert text_of(".problems-pane h2").startswith("Problems")
        assert text_of("#status") == "Saved"
        driver.get(server.url)  # the switch stays
        assert text_of(".start-page h2") == "Outlines"
        driver.find_element(By.LINK_TEXT, "中文").click()
        wait.until(lambda d: text_of(".start-page h2") == "提纲")
    finally:
        driver.delete_all_cookies()
        outline.unlink()
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == [], severe


def _screenshot(driver, wait, server) -> None:
    """The README's picture: the example outline, its draft, a figure's source row."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    driver.get(server.url + "edit/work-conference.yaml")
    wait.until(lambda d: "奋力建设人民满意的云川教育" in d.find_element(By.ID, "preview").text)
    scroller = driver.find_element(By.CSS_SELECTOR, ".cm-scroller")
    for _ in range(30):  # the editor draws the lines near its view: scroll to the figure
        found = [
            element
            for element in driver.find_elements(By.CSS_SELECTOR, ".cm-line")
            if "{label: 市本级教育专项资金, from: stats}" in element.text
        ]
        if found:
            break
        driver.execute_script("arguments[0].scrollTop += 300", scroller)
        time.sleep(0.1)
    line = found[0]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", line)
    start = -line.size["width"] // 2 + 60  # over the text, near the line's start
    ActionChains(driver).move_to_element_with_offset(line, start, 0).perform()
    warnings = [p.text for p in driver.find_elements(By.CSS_SELECTOR, '[data-testid="problem"]')]
    assert any("XX" in p and "[placeholder]" in p for p in warnings), warnings
    tooltip = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".figure-source"))
    assert "2025年教育统计.csv 第" in tooltip[0].text
    time.sleep(0.3)  # let the tooltip settle
    shot = driver.get_screenshot_as_png()
    assert shot.startswith(b"\x89PNG") and len(shot) > 50_000  # a page, not a blank
    if os.environ.get("DRAFTER_UPDATE_GOLDENS"):
        SCREENSHOT.parent.mkdir(exist_ok=True)
        SCREENSHOT.write_bytes(shot)
    assert SCREENSHOT.is_file(), f"missing {SCREENSHOT}; run with DRAFTER_UPDATE_GOLDENS=1"
