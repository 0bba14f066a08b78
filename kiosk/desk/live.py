"""The desk's live feed: one snapshot per change of any kiosk's database, shared by every open page.

One task polls the kiosks' `PRAGMA data_version` (cheap) every `poll_seconds`; when a version moved, or
`refresh_seconds` passed without a change (health turns stale without any write), it builds the snapshot once and
serialises it once, and every stream sends that same text. The task runs while at least one stream follows it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    generation: int
    data: dict[str, Any]
    text: str  # the JSON every stream sends

    @property
    def shown_ids(self) -> set[str]:
        """The personal data this snapshot shows: reception ids and open item ids (for the audit)."""
        ids = {row["reception_id"] for row in self.data["receptions"]}
        return ids | {item["item_id"] for kiosk in self.data["kiosks"] for item in kiosk["items"]}


class SnapshotFeed:
    def __init__(self, build: Callable[[], dict[str, Any]], versions: Callable[[], tuple[int, ...]], *,
                 poll_seconds: float = 0.2, refresh_seconds: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._build = build
        self._versions = versions
        self._poll = poll_seconds
        self._refresh = refresh_seconds
        self._clock = clock
        self._latest: Snapshot | None = None
        self._changed: asyncio.Condition | None = None
        self._task: asyncio.Task[None] | None = None
        self._followers = 0
        self._generation = 0  # never restarts, so a stream waiting for a newer one is never stuck
        self.builds = 0  # snapshots built so far (one per change, however many pages watch)

    async def follow(self, after: int, timeout: float) -> Snapshot | None:
        """The first snapshot newer than generation `after`, or None after `timeout` seconds without one."""
        changed = self._condition()
        self._followers += 1
        try:
            self._ensure_running()
            async with changed:
                try:
                    await asyncio.wait_for(changed.wait_for(lambda: self._newer(after)), timeout)
                except TimeoutError:
                    return None
                return self._latest
        finally:
            self._followers -= 1

    def _newer(self, after: int) -> bool:
        return self._latest is not None and self._latest.generation > after

    def _condition(self) -> asyncio.Condition:
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed

    def _ensure_running(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(), name="desk-snapshot-feed")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass

    async def _run(self) -> None:
        last: tuple[int, ...] | None = None  # a restarted feed builds afresh: the cached snapshot may be old
        built_at = self._clock()
        idle_polls = 0
        while idle_polls < 2:  # nobody followed for two polls in a row: stop (the next follower starts it again)
            idle_polls = 0 if self._followers else idle_polls + 1
            try:
                versions = await run_in_threadpool(self._versions)
                if versions != last or self._clock() - built_at > self._refresh:
                    data = await run_in_threadpool(self._build)
                    last, built_at = versions, self._clock()
                    await self._publish(data)
            except Exception as error:  # a kiosk's database briefly unreadable: try again next poll
                logger.error("desk snapshot failed: %s", type(error).__name__)
            await asyncio.sleep(self._poll)
        self._latest = None  # not kept up to date while nobody follows

    async def _publish(self, data: dict[str, Any]) -> None:
        self._generation += 1
        snapshot = Snapshot(self._generation, data, json.dumps(data, ensure_ascii=False))
        self.builds += 1
        changed = self._condition()
        async with changed:
            self._latest = snapshot
            changed.notify_all()
