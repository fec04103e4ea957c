"""Running the workbench: its socket, uvicorn, and a clean stop on Ctrl+C or SIGTERM.

The socket is bound before anything is printed, so the URL printed is the one that answers
(with `--port 0`, or when the usual port is taken, the port the system gave). uvicorn stops on
SIGINT and SIGTERM; the open pages' event streams end at once, and `run` returns normally.

Clients that hold connections open without asking anything (slow-loris) cannot starve the
server of file descriptors: a request's head must be whole within HEAD_SECONDS, an idle
connection closes after KEEP_ALIVE_SECONDS, one that does not take its answers closes after
WRITE_SECONDS, and one address holds at most MAX_CLIENT_CONNECTIONS and all together
MAX_CONNECTIONS. A connection past either limit takes the place of the oldest that is still
sending its head or not taking its answers (a browser sends its head at once and reads what
it asked for), and is answered 503 only when every other is busy with a request. So the
writer's own page keeps working even when every client comes from 127.0.0.1, as on the
writer's own machine they all do.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import signal
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import h11
import uvicorn
from starlette.applications import Starlette
from uvicorn.protocols.http.h11_impl import H11Protocol

from drafter.errors import UsageError, os_reason
from drafter.i18n import _
from drafter.serve.app import create_app
from drafter.serve.security import WILDCARDS, new_token

DEFAULT_PORT = 8765
LOOPBACK = "127.0.0.1"
HEAD_SECONDS = 10  # a request's line and headers, from the connection or the previous answer
KEEP_ALIVE_SECONDS = 5  # an idle connection between requests
MAX_HEAD_BYTES = 16 * 1024  # a request's line and headers
MAX_CONNECTIONS = 256  # open at once (each holds a descriptor; many systems allow 1,024)
MAX_CLIENT_CONNECTIONS = 64  # open at once from one address (a browser uses about 6)
WRITE_SECONDS = 30  # an answer the client does not read, from when the socket's buffer is full
_REFUSED = (
    b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\nContent-Length: 0\r\n"
    b"Connection: close\r\n\r\n"
)


@dataclass
class Served:
    """A workbench ready to run: where it answers, and what to tell the writer first."""

    url: str
    app: Starlette
    sock: socket.socket
    warning: str = ""
    notes: list[str] = field(default_factory=list)
    _server: uvicorn.Server | None = field(default=None, repr=False)

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
            http=_Protocol,
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
            h11_max_incomplete_event_size=MAX_HEAD_BYTES,
            timeout_graceful_shutdown=5,
        )
        self._server = _Server(config, self.app)
        self._server.run(sockets=[self.sock])

    def stop(self) -> None:
        """Stop serving, as SIGTERM does (for a server run on a thread of its own)."""
        if self._server is not None:
            self._server.handle_exit(signal.SIGTERM, None)


def prepare(
    folder: Path, *, port: int | None = None, host: str | None = None, open_browser: bool = True
) -> Served:
    """Bind the workbench of `folder` to `host` (default 127.0.0.1) and `port` (default 8765,
    or a free port when that one is taken)."""
    if not folder.exists():
        raise UsageError(_("the folder {folder} does not exist").format(folder=folder))
    if not folder.is_dir():
        raise UsageError(_("{folder} is not a folder").format(folder=folder))
    address = host if host is not None else LOOPBACK
    notes = []
    wanted = DEFAULT_PORT if port is None else port
    try:
        sock = _bind(address, wanted)
    except OSError as err:
        if port is not None or err.errno != errno.EADDRINUSE:
            raise UsageError(_listen_refused(err, address, wanted)) from None
        sock = _bind(address, 0)
        notes.append(
            _("port {port} is in use; this workbench uses another").format(port=DEFAULT_PORT)
        )
    bound = sock.getsockname()[1]
    shown = LOOPBACK if address in WILDCARDS else address
    url = f"http://{f'[{shown}]' if ':' in shown else shown}:{bound}/"
    warning = ""
    if host is not None:
        warning = _(
            "listening on {host}, not only on this computer: anyone who can reach it there "
            "can read and change the outlines in {folder}"
        ).format(host=host, folder=folder.resolve())
    app = create_app(
        folder, port=bound, host=host, token=new_token(), open_url=url if open_browser else None
    )
    return Served(url, app, sock, warning, notes)


def _listen_refused(err: OSError, address: str, port: int) -> str:
    """Why the workbench cannot listen there, and what to change: the port or the host."""
    reason = os_reason(err)
    if err.errno in (errno.EADDRINUSE, errno.EACCES):  # taken, or reserved to the system
        message = _(
            "cannot listen on {address}:{port}: {reason} (another --port, or --port 0 for any "
            "free one)"
        )
    elif err.errno == errno.EADDRNOTAVAIL:
        message = _(
            "cannot listen on {address}:{port}: {reason} ({address} is not an address of this "
            "computer; see --host)"
        )
    else:
        message = _("cannot listen on {address}:{port}: {reason}")
    return message.format(address=address, port=port, reason=reason)


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
    except socket.gaierror:
        sock.close()
        message = _(
            "cannot listen on {address}: no computer of that name or address is known "
            "(--host takes an address of this computer, such as 127.0.0.1 or 0.0.0.0)"
        )
        raise UsageError(message.format(address=address)) from None
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


class _Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 with the limits above on connections and on the time to a request."""

    _head_timer: asyncio.TimerHandle | None = None
    _write_timer: asyncio.TimerHandle | None = None
    _opened = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._opened = self.loop.time()
        address = self.client[0] if self.client else None
        same = [other for other in self.connections if _address(other) == address]
        limits = ((same, MAX_CLIENT_CONNECTIONS), (self.connections, MAX_CONNECTIONS))
        for crowd in [crowd for crowd, limit in limits if len(crowd) > limit]:
            stalled = [other for other in crowd if other is not self and _stalled(other)]
            if not stalled:
                transport.write(_REFUSED)
                transport.close()
                return
            oldest = min(stalled, key=lambda other: other._opened)
            _drop(oldest.transport)
            self.connections.discard(oldest)  # gone now: it no longer counts
        self._await_head()

    def pause_writing(self) -> None:
        super().pause_writing()
        if self._write_timer is None:
            self._write_timer = self.loop.call_later(WRITE_SECONDS, self._write_late)

    def resume_writing(self) -> None:
        super().resume_writing()
        if self._write_timer is not None:
            self._write_timer.cancel()
            self._write_timer = None

    def _write_late(self) -> None:
        self._write_timer = None
        _drop(self.transport)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._head_timer is not None and self.conn.their_state is not h11.IDLE:
            self._head_timer.cancel()  # the head is whole: the application reads the rest
            self._head_timer = None

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        for timer in (self._head_timer, self._write_timer):
            if timer is not None:
                timer.cancel()
        super().connection_lost(exc)

    def _await_head(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        self._head_timer = self.loop.call_later(HEAD_SECONDS, self._head_late)

    def _head_late(self) -> None:
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def _drop(transport: asyncio.BaseTransport) -> None:
    """Close a connection at once, dropping what it has not read: its descriptor and buffers
    are freed now (a plain close would first send what the system still holds for it)."""
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


def _stalled(protocol: object) -> bool:
    """Whether a connection is still sending its request's head, or not taking its answers:
    one a newer connection may take the place of."""
    if not isinstance(protocol, _Protocol):
        return False
    return protocol._head_timer is not None or protocol._write_timer is not None


def _address(protocol: object) -> str | None:
    client = getattr(protocol, "client", None)
    return client[0] if client else None
