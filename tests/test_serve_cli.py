"""`drafter serve` as a writer starts it: the URL on standard output, 127.0.0.1 unless --host
(which warns), a clean exit on SIGINT or SIGTERM even with a page still listening, and one
line naming the extra to install when the server's packages are missing."""

from __future__ import annotations

import signal
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli.app import app
from drafter.serve.server import prepare

from conftest import MINIMAL, Serving


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "提纲.yaml").write_text(MINIMAL, encoding="utf-8")
    return tmp_path


@pytest.fixture
def server(folder: Path) -> Iterator[Serving]:
    running = Serving(str(folder), "--port", "0", "--no-browser")
    yield running
    running.close()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serve_prints_its_url_and_stops_cleanly(server, sig):
    with urllib.request.urlopen(server.url, timeout=10) as response:
        page = response.read().decode("utf-8")
    assert "提纲.yaml" in page and 'data-testid="outline-list"' in page
    # A page listening for changes in the folder must not hold the stop up.
    events = urllib.request.urlopen(server.url + "api/events", timeout=10)
    listening = threading.Thread(target=events.read, daemon=True)
    listening.start()
    started = time.monotonic()
    code, err = server.stop(sig)
    assert code == 0, err
    assert time.monotonic() - started < 8
    assert "Traceback" not in err


def test_serve_listens_on_loopback_only(folder):
    served = prepare(folder, port=0, open_browser=False)
    try:
        assert served.sock.getsockname()[0] == "127.0.0.1"
        assert served.url == f"http://127.0.0.1:{served.sock.getsockname()[1]}/"
        assert not served.warning
    finally:
        served.sock.close()


def test_host_option_warns(folder):
    running = Serving(str(folder), "--port", "0", "--no-browser", "--host", "127.0.0.1")
    code, err = running.stop(signal.SIGTERM)
    assert code == 0
    assert "warning: listening on 127.0.0.1, not only on this computer" in err


def test_a_port_in_use_is_said_in_one_line(folder):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            app, ["serve", str(folder), "--port", str(port), "--no-browser"]
        )
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "another --port" in result.output


@pytest.mark.parametrize(
    ("host", "says"),
    [
        ("192.0.2.1", ("不是本机的地址", "--host")),  # TEST-NET-1: never this computer's
        ("no-such-host.invalid", ("不知道名为或地址为", "127.0.0.1")),
    ],
)
def test_a_host_that_cannot_be_listened_on_is_said_in_chinese(folder, monkeypatch, host, says):
    monkeypatch.setenv("DRAFTER_LANG", "zh")
    result = CliRunner().invoke(
        app, ["serve", str(folder), "--port", "0", "--host", host, "--no-browser"]
    )
    assert result.exit_code == 2
    assert all(word in result.output for word in says), result.output
    assert "换一个 --port" not in result.output and "Cannot assign" not in result.output


def test_serve_without_the_extra_names_it(folder, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name == "uvicorn" else real(name, *args),
    )
    result = CliRunner().invoke(app, ["serve", str(folder), "--no-browser"])
    assert result.exit_code == 2
    assert result.output == (
        "drafter serve needs uvicorn: in drafter's folder (the one with its README), "
        "run pip install '.[serve]'\n"
    )


def test_serve_a_folder_that_does_not_exist(tmp_path):
    result = CliRunner().invoke(app, ["serve", str(tmp_path / "nowhere"), "--no-browser"])
    assert result.exit_code == 2
    assert f"the folder {tmp_path / 'nowhere'} does not exist" in result.output
    (tmp_path / "a file").write_text("x")
    result = CliRunner().invoke(app, ["serve", str(tmp_path / "a file"), "--no-browser"])
    assert result.exit_code == 2 and "is not a folder" in result.output
