"""The workbench's web application: two pages, a small JSON API, the static files.

| route | what |
|---|---|
| `GET /` | the start page: the folder's outlines, a new one from a kind, a speech to extract |
| `GET /edit/PATH` | the editing page of one outline |
| `GET /api/outlines`, `GET /api/file?path=` | the list; one outline's text and version |
| `POST /api/preview` | {path, text} → the speech as HTML, problems, 字数 and minutes |
| `POST /api/save` | {path, text, version[, force]} → the new version, or 409 when changed on disk |
| `POST /api/new`, `POST /api/extract?name=` | a skeleton of a kind; a speech (request body) |
| `GET /api/library?path=` | the library panel's entries |
| `POST /api/render?format=docx\\|pdf` | {path, text} → the draft of the text in the editor |
| `GET /download?path=&format=` | the draft of the file as saved (the download links' address) |
| `GET /api/events` | server-sent events: files changed in the folder |

Rendering runs on one worker thread, one request at a time, each bounded in time; the others
wait their turn, a few at most (beyond, 503 with Retry-After). A preview that takes too long
answers with the last good draft and says so. A problem the writer can fix is a JSON answer
with its status (`files.Refused` and its kin) and the located problems. A request's body must
arrive within `BODY_SECONDS`. Every request, its render included, runs in its writer's
language (`language.Speaking`): pages, problems and error texts are made in it.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import webbrowser
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar
from urllib.parse import quote

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from drafter import __version__, i18n
from drafter.errors import DrafterError
from drafter.i18n import _
from drafter.render.library import CATEGORIES, category_name
from drafter.serve.files import (
    MAX_OUTLINE_BYTES,
    BadRequest,
    Changed,
    Folder,
    Missing,
    Refused,
    TooLarge,
)
from drafter.serve.language import Speaking, script_words
from drafter.serve.security import Guard, allowed_hosts
from drafter.serve.watch import Hub, watch
from drafter.serve.workbench import Workbench, problem_json, timed_out

HERE = Path(__file__).parent
PREVIEW_SECONDS = 20  # far above a real outline's tens of milliseconds
DOWNLOAD_SECONDS = 240  # a PDF waits for LibreOffice, which drafter gives 180 s
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_JSON_BYTES = MAX_OUTLINE_BYTES + 64 * 1024
BODY_SECONDS = 60  # a request's body, all of it (20 MB arrive in well under a second here)
MAX_WAITING = 8  # requests waiting for the render worker; more get 503
MAX_ABANDONED = 2  # renders given up on that still run on their threads; more: 503
RETRY_SECONDS = 2  # what a 503 asks the page to wait
DOWNLOADS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
T = TypeVar("T")


class RenderTimeout(DrafterError):
    status = 422


class Busy(DrafterError):
    """Too many requests wait for the worker: 503, to be asked again after Retry-After."""

    status = 503


class Worker:
    """Runs renders one at a time on a thread of their own, each bounded in time. Requests wait
    their turn in order, at most MAX_WAITING of them; one that takes too long is given up alone
    (its thread cannot be stopped: it finishes on its own, and the next render gets a new one),
    at most MAX_ABANDONED at a time."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="drafter-render")
        self._turn: asyncio.Lock | None = None  # made in the server's loop
        self._waiting = 0
        self._abandoned: list[Future[Any]] = []

    async def run(self, seconds: float, call: Callable[..., T], *args: Any) -> T:
        self._abandoned = [future for future in self._abandoned if not future.done()]
        if self._waiting >= MAX_WAITING or len(self._abandoned) >= MAX_ABANDONED:
            message = _("the workbench is busy rendering; try again in {seconds} s")
            raise Busy(message.format(seconds=RETRY_SECONDS))
        if self._turn is None:
            self._turn = asyncio.Lock()
        self._waiting += 1
        try:
            await self._turn.acquire()
        finally:
            self._waiting -= 1
        try:
            # the render runs in the request's context: its language (i18n.speaking)
            future = self._pool.submit(contextvars.copy_context().run, call, *args)
            try:
                return await asyncio.wait_for(asyncio.wrap_future(future), seconds)
            except TimeoutError:
                self._abandon(future)
                message = _("rendering took longer than {seconds} s and was given up")
                raise RenderTimeout(message.format(seconds=f"{seconds:g}")) from None
            except asyncio.CancelledError:  # the request itself was given up while it ran
                self._abandon(future)
                raise
        finally:
            self._turn.release()

    def _abandon(self, future: Future[Any]) -> None:
        """Leave a render that still runs to its thread; the next one gets a new thread."""
        if future.done():
            return
        self._abandoned.append(future)
        self._pool.shutdown(wait=False)  # nothing waits in it: renders take turns
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="drafter-render")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def create_app(
    folder: Path,
    *,
    port: int,
    token: str,
    host: str | None = None,
    open_url: str | None = None,
    watching: bool = True,
) -> Starlette:
    """The workbench for `folder`, answering at `port` (and `host`, when given)."""
    workbench = Workbench(Folder(folder))
    workbench.folder.clean()  # what an interrupted save left
    hub = Hub()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        task = None
        if watching:
            task = asyncio.create_task(watch(workbench.folder, hub, workbench.refresh, stop))
        app.state.on_ready()
        if open_url:
            asyncio.get_running_loop().run_in_executor(None, webbrowser.open, open_url)
        try:
            yield
        finally:
            app.state.stopping = True
            stop.set()
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                    await asyncio.wait_for(task, 3)
            app.state.worker.close()

    app = Starlette(routes=ROUTES, lifespan=lifespan, exception_handlers=ERRORS)  # type: ignore[arg-type]
    app.state.workbench = workbench
    app.state.worker = Worker()
    app.state.hub = hub
    app.state.token = token
    app.state.stopping = False  # set when the server is told to stop: event streams end
    app.state.on_ready = lambda: None  # called once the server answers
    app.add_middleware(Guard, hosts=allowed_hosts(port, host), token=token)
    app.add_middleware(Speaking)  # outermost: the guard's refusals are in the request's language
    return app


_pages = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "pages"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    extensions=["jinja2.ext.i18n"],
)
# `_` looks the language up when called: one environment serves every request's language
_pages.install_gettext_callables(i18n._, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
# the scripts' words as they are (tojson still escapes < > & ' inside the page)
_pages.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}


def _page(request: Request, template: str, **context: Any) -> HTMLResponse:
    workbench: Workbench = request.app.state.workbench
    lang = i18n.language()
    html = _pages.get_template(template).render(
        token=request.app.state.token,
        folder=workbench.folder.root.name or str(workbench.folder.root),
        version=__version__,
        lang=lang,
        html_lang="zh-CN" if lang == "zh" else lang,
        words=script_words(lang),
        **context,
    )
    return HTMLResponse(html, headers={"cache-control": "no-store"})


async def start_page(request: Request) -> Response:
    workbench: Workbench = request.app.state.workbench
    outlines = await run_in_threadpool(workbench.folder.outlines)
    kinds = await request.app.state.worker.run(PREVIEW_SECONDS, workbench.kinds)
    return _page(request, "start.html", outlines=outlines, kinds=kinds)


async def edit_page(request: Request) -> Response:
    workbench: Workbench = request.app.state.workbench
    relative = request.path_params["path"]
    try:
        if not workbench.folder.locate(relative).is_file():
            raise Missing(_("{path} does not exist").format(path=relative))
    except Refused as err:
        response = _page(
            request,
            "error.html",
            title=_("Outline not found"),
            heading=_("This outline cannot be opened"),
            message=str(err),
        )
        response.status_code = err.status
        return response
    categories = [(category, category_name(category)) for category in CATEGORIES]
    name = PurePosixPath(relative).name
    return _page(request, "edit.html", path=relative, name=name, categories=categories)


async def api_outlines(request: Request) -> Response:
    workbench: Workbench = request.app.state.workbench
    listed = await run_in_threadpool(workbench.folder.outlines)
    return JSONResponse([{"path": o.path, "modified": o.modified} for o in listed])


async def api_file(request: Request) -> Response:
    workbench: Workbench = request.app.state.workbench
    relative = request.query_params.get("path", "")
    return JSONResponse(await run_in_threadpool(workbench.snapshot, relative))


async def api_preview(request: Request) -> Response:
    workbench: Workbench = request.app.state.workbench
    relative, text = _outline_text(await _json(request))
    try:
        preview = await request.app.state.worker.run(
            PREVIEW_SECONDS, workbench.preview, relative, text
        )
    except RenderTimeout:  # the last good draft stays, and the page says why
        workbench.folder.locate(relative)
        preview = workbench.stale(relative, [timed_out(relative, PREVIEW_SECONDS)])
    return JSONResponse(preview.as_json(relative, workbench.folder))


async def api_save(request: Request) -> Response:
    workbench: Workbench = request.app.state.workbench
    body = await _json(request)
    relative, text = _outline_text(body)
    base = body.get("version")
    if base is not None and not isinstance(base, str):
        raise BadRequest(_("the request's version is not a string"))
    force = body.get("force") is True
    version = await run_in_threadpool(workbench.save, relative, text, base, force=force)
    return JSONResponse({"path": relative, "version": version})


async def api_new(request: Request) -> Response:
    workbench: Workbench = request.app.state.workbench
    body = await _json(request)
    kind, name = body.get("kind"), body.get("name") or ""
    if not isinstance(kind, str) or not isinstance(name, str):
        raise BadRequest(_("a new outline needs a kind and a name"))
    stored = await request.app.state.worker.run(PREVIEW_SECONDS, workbench.new_outline, kind, name)
    return JSONResponse({"path": stored.path, "version": stored.version})


async def api_extract(request: Request) -> Response:
    workbench: Workbench = request.app.state.workbench
    name = request.query_params.get("name", "")
    raw = await _body(request, MAX_UPLOAD_BYTES)
    stored = await request.app.state.worker.run(PREVIEW_SECONDS, workbench.extract, name, raw)
    return JSONResponse({"path": stored.path, "version": stored.version})


async def api_library(request: Request) -> Response:
    workbench: Workbench = request.app.state.workbench
    relative = request.query_params.get("path", "")
    found = await request.app.state.worker.run(PREVIEW_SECONDS, workbench.library, relative)
    return JSONResponse(found)


async def api_render(request: Request) -> Response:
    relative, text = _outline_text(await _json(request))
    return await _draft(request, relative, text)


async def download(request: Request) -> Response:
    workbench: Workbench = request.app.state.workbench
    relative = request.query_params.get("path", "")
    stored = await run_in_threadpool(workbench.folder.read, relative)
    return await _draft(request, relative, stored.text)


async def _draft(request: Request, relative: str, text: str) -> Response:
    workbench: Workbench = request.app.state.workbench
    fmt = request.query_params.get("format", "docx")
    if fmt not in DOWNLOADS:
        message = _("downloads are {formats}, not '{format}'")
        raise BadRequest(message.format(formats="/".join(DOWNLOADS), format=fmt))
    data = await request.app.state.worker.run(
        DOWNLOAD_SECONDS, workbench.render, relative, text, fmt
    )
    name = f"{PurePosixPath(relative).stem}.{fmt}"
    disposition = f"attachment; filename=\"draft.{fmt}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=DOWNLOADS[fmt], headers={"content-disposition": disposition})


async def api_events(request: Request) -> Response:
    hub: Hub = request.app.state.hub
    queue = hub.subscribe()

    async def stream() -> AsyncIterator[str]:
        try:
            yield "retry: 2000\n\n"
            quiet = 0.0
            while not request.app.state.stopping:
                try:
                    event = await asyncio.wait_for(queue.get(), 0.5)
                except TimeoutError:
                    quiet += 0.5
                    if quiet >= 15:  # a comment keeps proxies and the browser from giving up
                        quiet = 0
                        yield ": still here\n\n"
                    continue
                yield f"data: {json.dumps(event, ensure_ascii=False)}\n\n"
        finally:
            hub.unsubscribe(queue)

    headers = {"cache-control": "no-store", "x-accel-buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)


async def _body(request: Request, limit: int) -> bytes:
    """The request's body, refused (413) once it is longer than `limit` bytes, and (408) when
    it has not all come within BODY_SECONDS."""
    too_large = _("the upload is larger than {megabytes} MB").format(
        megabytes=limit // 1024 // 1024
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(too_large)
    chunks, size = [], 0
    try:
        async with asyncio.timeout(BODY_SECONDS):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise TooLarge(too_large)
                chunks.append(chunk)
    except TimeoutError:
        message = _("the request's body did not arrive within {seconds} s")
        raise SlowBody(message.format(seconds=BODY_SECONDS)) from None
    return b"".join(chunks)


class SlowBody(BadRequest):
    status = 408


async def _json(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await _body(request, MAX_JSON_BYTES))
    except (ValueError, UnicodeDecodeError):
        raise BadRequest(_("the request is not JSON")) from None
    if not isinstance(body, dict):
        raise BadRequest(_("the request is not a JSON object"))
    return body


def _outline_text(body: dict[str, Any]) -> tuple[str, str]:
    relative, text = body.get("path"), body.get("text")
    if not isinstance(relative, str) or not isinstance(text, str):
        raise BadRequest(_("the request needs the outline's path and text"))
    return relative, text


async def _refused(request: Request, err: Exception) -> Response:
    assert isinstance(err, DrafterError)
    status = getattr(err, "status", 422)
    relative = request.query_params.get("path", "")
    folder = request.app.state.workbench.folder
    body: dict[str, Any] = {
        "error": str(err),
        "problems": [problem_json(p, relative, folder) for p in err.as_problems()],
    }
    if isinstance(err, Changed):
        body["version"] = err.version
    headers = {"retry-after": str(RETRY_SECONDS)} if isinstance(err, Busy) else None
    return JSONResponse(body, status, headers=headers)


async def _not_here(request: Request, err: Exception) -> Response:
    """An address the workbench does not have (or a method it does not take there): a page in
    the request's language, or JSON for the API, instead of the server's English."""
    assert isinstance(err, HTTPException)
    if err.status_code == 404:
        message = _("the workbench has no page {path}").format(path=request.url.path)
    else:
        message = _("{path} does not take a {method} request").format(
            path=request.url.path, method=request.method
        )
    if request.url.path.startswith("/api/") or request.method != "GET":
        return JSONResponse({"error": message, "problems": []}, err.status_code)
    response = _page(
        request,
        "error.html",
        title=_("Page not found"),
        heading=_("Page not found"),
        message=message,
    )
    response.status_code = err.status_code
    return response


ERRORS = {DrafterError: _refused, 404: _not_here, 405: _not_here}
ROUTES = [
    Route("/", start_page),
    Route("/edit/{path:path}", edit_page),
    Route("/api/outlines", api_outlines),
    Route("/api/file", api_file),
    Route("/api/preview", api_preview, methods=["POST"]),
    Route("/api/save", api_save, methods=["POST"]),
    Route("/api/new", api_new, methods=["POST"]),
    Route("/api/extract", api_extract, methods=["POST"]),
    Route("/api/library", api_library),
    Route("/api/render", api_render, methods=["POST"]),
    Route("/download", download),
    Route("/api/events", api_events),
    Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
]
