"""The language the workbench speaks to each request, and the words its page scripts need.

A request's language is the page's switch (`?lang=zh|en`, kept in a cookie once chosen), else
the browser's Accept-Language (the first of Chinese or English it names; Chinese when it names
neither), else, for a client that sends none (a script, a test), the language drafter speaks
on the command line. The whole request runs in it (`i18n.speaking`): its problems, notices and
error texts are made in that language. The page scripts translate their own words with
`t("…")` and `ngettext("…", "…", n)` from a table the page carries as JSON (the CSP allows
scripts only from the workbench, and data is no script): `script_words`.
"""

from __future__ import annotations

import functools
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from drafter import i18n

COOKIE = "drafter_lang"
PARAMETER = "lang"
COOKIE_SECONDS = 365 * 24 * 3600
SCRIPTS = ("api.js", "edit.js", "start.js")  # the page scripts, in drafter/serve/static


def of_request(connection: HTTPConnection) -> str:
    """The language of a request: its switch, its cookie, its Accept-Language, or drafter's."""
    for chosen in (connection.query_params.get(PARAMETER), connection.cookies.get(COOKIE)):
        if chosen in i18n.LANGUAGES:
            return chosen
    accepted = connection.headers.get("accept-language", "").strip()
    return of_accept_language(accepted) if accepted else i18n.language()


def of_accept_language(header: str) -> str:
    """The first of Chinese and English an Accept-Language header prefers (q-values
    respected); Chinese when it names neither (drafter's writers are Chinese)."""
    ranked = []
    for position, item in enumerate(header.split(",")):
        tag, _semicolon, parameters = item.strip().partition(";")
        quality = 1.0
        for parameter in parameters.split(";"):
            name, _equals, value = parameter.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in i18n.LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else "zh"


class Speaking:
    """ASGI middleware: each request runs in its language; a switch (`?lang=`) is kept in a
    cookie for the next pages."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        lang = of_request(connection)
        switched = connection.query_params.get(PARAMETER) in i18n.LANGUAGES

        async def send_with_cookie(message: Message) -> None:
            if switched and message["type"] == "http.response.start":
                cookie = (
                    f"{COOKIE}={lang}; Path=/; Max-Age={COOKIE_SECONDS}; SameSite=Strict; HttpOnly"
                )
                MutableHeaders(scope=message).append("set-cookie", cookie)
            await send(message)

        with i18n.speaking(lang):
            await self.app(scope, receive, send_with_cookie)


def script_words(lang: str) -> dict[str, Any]:
    """The page scripts' messages in `lang`: msgid → its text, or for a plural message,
    singular msgid → [its form for one, its form for more] (Chinese and English have at most
    these two). Empty for English: the scripts' msgids are English."""
    if lang == i18n.SOURCE_LANGUAGE:
        return {}
    catalogue = i18n.catalogue(lang)
    words: dict[str, Any] = {}
    for message in _script_messages():
        if isinstance(message, tuple):
            singular, plural = message
            words[singular] = [catalogue.ngettext(singular, plural, n) for n in (1, 2)]
        else:
            words[message] = catalogue.gettext(message)
    return words


@functools.cache
def _script_messages() -> tuple[str | tuple[str, str], ...]:
    """The msgids of the page scripts, found as the catalogue's extraction finds them."""
    from pathlib import Path

    from babel.messages.extract import extract

    static = Path(__file__).parent / "static"
    found: list[str | tuple[str, str]] = []
    for name in SCRIPTS:
        with (static / name).open("rb") as script:
            for _line, message, _comments, _context in extract(
                "javascript", script, keywords={"t": None, "ngettext": (1, 2)}
            ):
                if message and message not in found:
                    found.append(message)
    return tuple(found)
