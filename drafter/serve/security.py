"""The guard in front of every request: a local server is an attack surface.

- The Host header must name this server (`127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`, or
  the address given with --host): a web page elsewhere that points its own name at 127.0.0.1
  (DNS rebinding) gets 403.
- A request that changes anything (not GET, HEAD or OPTIONS) must carry the run's token, which
  only the workbench's own page holds (in a <meta> element), in the `X-Drafter-Token` header,
  and come from the same origin (its `Origin` header is this server); else 403.
- A GET that renders (`/download`, `/api/library`) must carry the token too, in that header or
  (for a download link) as `token=` in its address: a page elsewhere cannot make the
  workbench render (and keep its worker busy) by pointing a link or an image at it.
- Every response forbids framing, sniffing and scripts from anywhere but the server itself.
  (The page's translated words come as a JSON data block, which is not a script.)
- A refusal is said in the request's language (`language.Speaking` runs outside the guard).
"""

from __future__ import annotations

import secrets
import socket
from collections.abc import Iterable

from starlette.datastructures import Headers, MutableHeaders, QueryParams
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from drafter.i18n import _

TOKEN_HEADER = "x-drafter-token"
TOKEN_PARAMETER = "token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
RENDERING_GETS = {"/download", "/api/library"}  # reads that run a render: token needed
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARDS = {"0.0.0.0", "::", ""}
# Styles inline: CodeMirror and the speech's stylesheet are set from scripts.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
_HEADERS = {
    "content-security-policy": POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-resource-policy": "same-origin",
}


def new_token() -> str:
    return secrets.token_urlsafe(32)


def allowed_hosts(port: int, host: str | None = None) -> set[str]:
    """The Host headers this server answers: the loopback names, and with --host that address
    (for a wildcard such as 0.0.0.0, the machine's own name)."""
    names: Iterable[str] = LOOPBACK_NAMES
    if host is not None:
        extra = [socket.gethostname(), socket.getfqdn()] if host in WILDCARDS else [host]
        names = [*names, *(f"[{name}]" if ":" in name else name for name in extra)]
    return {f"{name}:{port}".lower() for name in names}


class Guard:
    """ASGI middleware applying the rules above before the application sees a request."""

    def __init__(self, app: ASGIApp, *, hosts: set[str], token: str) -> None:
        self.app = app
        self.hosts = hosts
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self.refusal(
            Headers(scope=scope), scope["method"], scope["path"], scope["query_string"]
        )
        if refusal:
            await PlainTextResponse(refusal, 403, headers=_HEADERS)(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def refusal(self, headers: Headers, method: str, path: str = "/", query: bytes = b"") -> str:
        """Why a request is refused ('' when it is not)."""
        host = headers.get("host", "").lower()
        if host not in self.hosts:
            return _("forbidden: this workbench answers only to its own address (Host header)")
        if method in SAFE_METHODS and path not in RENDERING_GETS:
            return ""
        given = headers.get(TOKEN_HEADER, "")
        if not given and method in SAFE_METHODS:  # a download link carries it in its address
            given = QueryParams(query).get(TOKEN_PARAMETER, "")
        if not secrets.compare_digest(given.encode("utf-8"), self.token.encode("ascii")):
            return _("forbidden: the request does not carry this workbench's token")
        if method in SAFE_METHODS:
            return ""
        if headers.get("origin", "").lower() != f"http://{host}":
            return _("forbidden: the request does not come from the workbench's own page")
        return ""
