"""Watching the served folder: files changed in another editor update the open pages.

watchfiles reports changes in batches; each batch becomes one event for every open page (sent
as server-sent events): which outlines changed (a page holding one reloads it, or says so when
it has unsaved edits), and whether anything else changed (a table, office settings, templates:
pages render again). Office settings, templates and library entries also make the workbench
read them afresh.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import watchfiles

from drafter.outline.config import CONFIG_NAME
from drafter.serve.files import OUTLINE_SUFFIXES, Folder

Event = dict[str, Any]
_SETTINGS_SUFFIXES = (*OUTLINE_SUFFIXES, ".j2")  # drafter.yaml, library entries, templates


class Hub:
    """The open pages' queues; every event goes to each of them."""

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[Event]] = set()

    def subscribe(self) -> asyncio.Queue[Event]:
        queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=100)
        self._queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[Event]) -> None:
        self._queues.discard(queue)

    def publish(self, event: Event) -> None:
        for queue in list(self._queues):
            with contextlib.suppress(asyncio.QueueFull):  # a page that stopped reading
                queue.put_nowait(event)


def describe(folder: Folder, paths: Iterable[str]) -> Event | None:
    """One batch of changed paths as the pages' event (None when none concerns them)."""
    outlines: set[str] = set()
    other = settings = False
    for raw in paths:
        path = Path(raw)
        relative = folder.relative(path)
        if not relative or any(part.startswith(".") for part in relative.split("/")):
            continue
        gone = not path.exists()
        named = path.suffix.lower() in OUTLINE_SUFFIXES and path.name != CONFIG_NAME
        if named and (gone or folder.is_outline(path)):
            outlines.add(relative)
            continue
        other = True
        settings = settings or path.suffix.lower() in _SETTINGS_SUFFIXES or path.is_dir()
    if not outlines and not other:
        return None
    return {"outlines": sorted(outlines), "other": other, "settings": settings}


class _Visible(watchfiles.DefaultFilter):
    """watchfiles' usual filter, and no hidden files (drafter's own temporary files are)."""

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        return super().__call__(change, path) and not Path(path).name.startswith(".")


async def watch(
    folder: Folder, hub: Hub, on_settings: Callable[[], None], stop: asyncio.Event
) -> None:
    """Publish the folder's changes until `stop` is set."""
    async for changes in watchfiles.awatch(
        folder.root,
        watch_filter=_Visible(),
        debounce=300,
        step=50,
        stop_event=stop,
        ignore_permission_denied=True,
    ):
        event = describe(folder, (raw for _, raw in changes))
        if event is None:
            continue
        if event["settings"]:
            on_settings()
        hub.publish(event)
