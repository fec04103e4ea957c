"""Running the workbench: its socket, uvicorn, and a clean stop on Ctrl+C or SIGTERM.

The socket is bound before anything is printed, so the URL printed is the one that answers
(with `--port 0`, or when the usual port is taken, the port the system gave). uvicorn stops on
SIGINT and SIGTERM; the open pages' event streams end at once, and `run` returns normally.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import uvicorn
from starlette.applications import Starlette

from drafter.errors import UsageError
from drafter.serve.app import create_app
from drafter.serve.security import WILDCARDS, new_token

DEFAULT_PORT = 8765
LOOPBACK = "127.0.0.1"


@dataclass
class Served:
    """A workbench ready to run: where it answers, and what to tell the writer first."""

    url: str
    app: Starlette
    sock: socket.socket
    warning: str = ""
    notes: list[str] = field(default_factory=list)

    def run(self, on_ready: Callable[[], None] = lambda: None) -> None:
        """Serve until SIGINT or SIGTERM; `on_ready` runs once the server answers (and stops
        on a signal rather than dying of it)."""
        self.app.state.on_ready = on_ready
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            access_log=False,
            lifespan="on",
            ws="none",
            timeout_graceful_shutdown=5,
        )
        _Server(config, self.app).run(sockets=[self.sock])


def prepare(
    folder: Path, *, port: int | None = None, host: str | None = None, open_browser: bool = True
) -> Served:
    """Bind the workbench of `folder` to `host` (default 127.0.0.1) and `port` (default 8765,
    or a free port when that one is taken)."""
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    address = host if host is not None else LOOPBACK
    notes = []
    wanted = DEFAULT_PORT if port is None else port
    try:
        sock = _bind(address, wanted)
    except OSError as err:
        if port is not None or err.errno != errno.EADDRINUSE:
            message = f"cannot listen on {address}:{wanted}: {err.strerror}"
            raise UsageError(f"{message} (another --port, or --port 0 for any free one)") from None
        sock = _bind(address, 0)
        notes.append(f"port {DEFAULT_PORT} is in use; this workbench uses another")
    bound = sock.getsockname()[1]
    shown = LOOPBACK if address in WILDCARDS else address
    url = f"http://{f'[{shown}]' if ':' in shown else shown}:{bound}/"
    warning = ""
    if host is not None:
        warning = (
            f"listening on {host}, not only on this computer: anyone who can reach it there "
            f"can read and change the outlines in {folder.resolve()}"
        )
    app = create_app(
        folder, port=bound, host=host, token=new_token(), open_url=url if open_browser else None
    )
    return Served(url, app, sock, warning, notes)


def _bind(address: str, port: int) -> socket.socket:
    """A listening TCP socket. Its protocol is named (not left 0, as `socket.create_server`
    leaves it) so that asyncio turns Nagle's algorithm off on each connection: otherwise every
    answer after the first on a connection waits 40 ms for a delayed ACK."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        if os.name == "posix":  # a restarted workbench may take its port back at once
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address, port))
        sock.listen()
    except socket.gaierror as err:
        sock.close()
        raise UsageError(f"cannot listen on {address}: {err.strerror}") from None
    except OSError:
        sock.close()
        raise
    return sock


class _Server(uvicorn.Server):
    """uvicorn, stopping on SIGINT or SIGTERM and then returning (uvicorn raises the signal
    again after its shutdown, which would end the process with it instead of exit 0)."""

    def __init__(self, config: uvicorn.Config, app: Starlette) -> None:
        super().__init__(config)
        self._app = app

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        handled = (signal.SIGINT, signal.SIGTERM)
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in handled}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self._app.state.stopping = True  # event streams end, so connections close at once
        super().handle_exit(sig, frame)
