"""The workbench under load (issue 27), on a real uvicorn server with clients on threads:
previews wait their turn (one that takes too long is given up alone, and too many waiting get
503 with Retry-After), and connections held open without a request (slow-loris) are closed in
time and bounded per address, so the writer's own page keeps its answers. Bounds are generous:
the machine running the suite may be slow and busy."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from drafter.serve import app as served_app
from drafter.serve import server
from drafter.serve.server import Served, prepare

from conftest import MINIMAL


@dataclass
class Live:
    served: Served
    folder: Path
    port: int
    token: str

    def request(
        self, method: str, url: str, body: object = None, timeout: float = 60
    ) -> tuple[int, dict[str, str], str]:
        """One request on a connection of its own, as the workbench's page sends it."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {"X-Drafter-Token": self.token, "Origin": f"http://127.0.0.1:{self.port}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        try:
            connection.request(method, url, data, headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode()
        finally:
            connection.close()

    def preview(self, text: str) -> tuple[int, dict[str, str], str]:
        return self.request("POST", "/api/preview", {"path": "outline.yaml", "text": text})


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    folder = tmp_path / "speeches"
    folder.mkdir()
    (folder / "outline.yaml").write_text(MINIMAL, encoding="utf-8")
    served = prepare(folder, port=0, open_browser=False)
    ready = threading.Event()
    running = threading.Thread(target=served.run, kwargs={"on_ready": ready.set}, daemon=True)
    running.start()
    assert ready.wait(60), "the workbench did not start"
    yield Live(served, folder, served.sock.getsockname()[1], served.app.state.token)
    served.stop()
    running.join(30)


def slowed(live: Live, monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Previews of a text holding 慢 take `seconds` longer."""
    workbench = live.served.app.state.workbench
    real = workbench.preview

    def preview(relative: str, text: str):
        if "慢" in text:
            time.sleep(seconds)
        return real(relative, text)

    monkeypatch.setattr(workbench, "preview", preview)


def test_a_preview_that_takes_too_long_is_given_up_alone(live, monkeypatch):
    """One render past the limit used to cancel every request queued behind it (HTTP 500)."""
    assert live.preview(MINIMAL)[0] == 200  # warm: templates and library read
    monkeypatch.setattr(served_app, "PREVIEW_SECONDS", 3)
    slowed(live, monkeypatch, 10)
    texts = [MINIMAL.replace("测试标题", "慢的标题"), *[MINIMAL] * 6]
    with ThreadPoolExecutor(len(texts)) as clients:
        answers = list(clients.map(live.preview, texts))
    assert [status for status, _, _ in answers] == [200] * len(texts)
    late = json.loads(answers[0][2])
    assert late["stale"] is True
    assert "took longer than 3 s" in late["problems"][0]["message"]
    for _, _, body in answers[1:]:
        assert json.loads(body)["stale"] is False


def test_too_many_waiting_previews_get_503_with_retry_after(live, monkeypatch):
    assert live.preview(MINIMAL)[0] == 200
    monkeypatch.setattr(served_app, "MAX_WAITING", 1)
    slowed(live, monkeypatch, 2)
    text = MINIMAL.replace("测试标题", "慢的标题")
    with ThreadPoolExecutor(6) as clients:
        answers = list(clients.map(live.preview, [text] * 6))
    statuses = sorted(status for status, _, _ in answers)
    assert 503 in statuses and statuses.count(200) >= 2, statuses
    assert set(statuses) <= {200, 503}
    for status, headers, body in answers:
        if status == 503:
            assert headers["retry-after"] == str(served_app.RETRY_SECONDS)
            assert "busy" in json.loads(body)["error"]
    assert live.preview(MINIMAL)[0] == 200  # and after the rush, as ever


STATIC = Path(served_app.__file__).parent / "static"
STATIC_FILES = ("codemirror.js", "workbench.css", "edit.js")


def _stalled(port: int, source: str) -> socket.socket:
    """A connection from `source` that sends half a request head and waits."""
    sock = socket.socket()
    sock.settimeout(60)
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", port))
    sock.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode())
    return sock


def _closed_by_server(sock: socket.socket, within: float) -> bytes | None:
    """What the server sent before closing (None if it had not closed within `within` s),
    trickling a header byte now and then as a slow-loris client does."""
    received = b""
    deadline = time.monotonic() + within
    sock.settimeout(0.5)
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(4096)
        except TimeoutError:
            try:
                sock.sendall(b"X")
            except OSError:
                return received
            continue
        except OSError:
            return received
        if not chunk:
            return received
        received += chunk
    return None


def test_connections_held_without_a_request_are_closed_and_bounded(live, monkeypatch):
    """Every client of the writer's own machine comes from 127.0.0.1: a crowd holding half a
    head each gives way to the writer's page, oldest first."""
    monkeypatch.setattr(server, "HEAD_SECONDS", 3)
    monkeypatch.setattr(server, "MAX_CLIENT_CONNECTIONS", 20)
    monkeypatch.setattr(server, "MAX_CONNECTIONS", 30)
    held = [_stalled(live.port, "127.0.0.1") for _ in range(20)]
    time.sleep(0.5)  # the server has taken them in
    newer = [_stalled(live.port, "127.0.0.1") for _ in range(25)]  # past the address's share
    try:
        # the writer's page, from the same address, is answered while the others hold theirs
        status, _, page = live.request("GET", "/", timeout=30)
        assert status == 200 and "outline.yaml" in page
        # the oldest gave way to the newer ones: closed without an answer
        assert _closed_by_server(held[0], 10) == b""
        # a head still unfinished after HEAD_SECONDS: the connection is closed, bytes or not
        for sock in newer[-5:]:
            assert _closed_by_server(sock, 60) == b""
    finally:
        for sock in (*held, *newer):
            sock.close()
    assert live.request("GET", "/api/outlines")[0] == 200


def test_a_client_that_does_not_read_its_answers_is_closed_and_gives_way(live, monkeypatch):
    monkeypatch.setattr(server, "WRITE_SECONDS", 6)
    monkeypatch.setattr(server, "MAX_CLIENT_CONNECTIONS", 10)
    asks = "".join(
        f"GET /static/{name} HTTP/1.1\r\nHost: 127.0.0.1:{live.port}\r\n\r\n"
        for name in STATIC_FILES * 40
    ).encode()
    greedy = []
    for _ in range(10):
        sock = socket.create_connection(("127.0.0.1", live.port), timeout=30)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.sendall(asks)  # and never reads
        greedy.append(sock)
    try:
        time.sleep(2)  # their answers fill the sockets' buffers
        status, _, page = live.request("GET", "/", timeout=30)  # the writer's page meanwhile
        assert status == 200 and "outline.yaml" in page
        time.sleep(6)  # past WRITE_SECONDS: each is closed, what it left unread dropped
        asked = 40 * sum((STATIC / name).stat().st_size for name in STATIC_FILES)
        for sock in greedy:
            assert _read_until_closed(sock, 30) < asked / 2
    finally:
        for sock in greedy:
            sock.close()


def _read_until_closed(sock: socket.socket, within: float) -> int:
    """How many bytes the server sent before it closed the connection."""
    received = 0
    deadline = time.monotonic() + within
    sock.settimeout(1)
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(1 << 20)
        except TimeoutError:
            continue
        except OSError:
            return received
        if not chunk:
            return received
        received += len(chunk)
    raise AssertionError(f"still open after {within} s")
