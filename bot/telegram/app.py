"""The Telegram adapter's lifecycle: PTB set-up, an owned polling loop, and ordered processing.

Why own the polling: PTB's Updater confirms a batch (the next `getUpdates` offset) before handlers
run, so a kill -9 at that moment loses messages. Here every raw update is written to the inbox and
committed first; only then is the next offset used. The stored updates go straight to per-chat
workers: one chat strictly in sequence, many chats at once; each row is marked done after the
replies went out. Unfinished rows from an earlier run are still pending in the inbox, so on start
they are queued before the first poll. The adapter stays a translator: the conversation is
`core.handle`'s business.

Throughput (bench/telegram_throughput.py): updates just polled are handed over as the objects PTB
parsed, never re-read from the inbox (reading it back capped the pipeline at about 100 updates in
flight); rows finished while a commit is under way are marked done together in the next one; a row
not yet marked when the process dies is simply handled again, which the core's event ledger turns
into a no-op. At most `max_queued` updates wait in memory: beyond that, polling waits.
"""
from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

from telegram import Update
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder, BaseRateLimiter

from bot.pause import pause
from bot.telegram.aiohttp_request import http_request
from bot.telegram.done_marks import DoneMarks, Finished
from bot.telegram.inbound import ALLOWED_UPDATES, PLATFORM, chat_key, to_incoming
from bot.telegram.limits import ChatLimits, rate_limiter as default_rate_limiter
from bot.telegram.outbound import TelegramSender
from bot.telegram.profile import introduce
from handlers.clock import Clock
from handlers.types import CommandInfo, Incoming, RecipientGone, Reply, Sender

log = logging.getLogger(__name__)
SORRY = "Sorry, something went wrong on my side. Please try again in a moment."


class CoreLike(Protocol):
    async def handle(self, incoming: Incoming) -> list[Reply]: ...
    def commands(self) -> list[CommandInfo]: ...


class TelegramAdapter:
    """`start()` initialises PTB, registers the command menu, and runs the poller (which hands updates
    to per-chat workers) and the task that marks finished updates done;
    `stop()` ends them (in-flight updates get `grace` seconds) and shuts PTB down.
    `sender` is the `Sender` for this bot, usable between start and stop."""

    def __init__(self, core: CoreLike, store: Any, clock: Clock, token: str, base_url: str | None = None,
                 poll_timeout: int = 30, *, base_file_url: str | None = None, concurrency: int = 64,
                 max_retries: int = 3, request_timeout: float = 10, batch: int = 100,
                 max_queued: int = 1000,
                 grace: float = 5, backoff: float = 0.5, rate_limiter: BaseRateLimiter | None = None,
                 registry: Sender | None = None,
                 chat_limits: ChatLimits | None = None, on_processed: Callable[[str], None] | None = None,
                 http: str = "aiohttp") -> None:
        self.core, self.store, self.clock = core, store, clock
        self.registry = registry  # reaches people on other platforms
        self.poll_timeout, self.batch, self.grace, self.backoff = poll_timeout, batch, grace, backoff
        self.max_queued = max_queued  # updates held in memory at most; more wait at Telegram
        self.on_processed = on_processed  # told each update_id once its row is done (tests, benchmarks)
        builder: ApplicationBuilder = Application.builder().token(token).updater(None).job_queue(None)
        if base_url:
            builder = builder.base_url(base_url)
            if base_file_url is None and base_url.endswith("/bot"):
                base_file_url = base_url[: -len("/bot")] + "/file/bot"
            if base_file_url:
                builder = builder.base_file_url(base_file_url)
        # Flood limits (bot/telegram/limits.py): PTB's limiter, 30 sends/s overall and 20/min per group,
        # 429s retried `max_retries` times (while one waits out retry_after, every send waits), plus
        # the sender's own per-private-chat bucket (~1/s), which PTB lacks.
        # Networking on aiohttp (bot/telegram/aiohttp_request.py): the same timeouts for both requests;
        # a poll adds its long-poll `timeout` to the read timeout, as PTB does.
        timeouts = {"read_timeout": request_timeout, "connect_timeout": request_timeout,
                    "pool_timeout": request_timeout, "write_timeout": request_timeout}
        self._requests = (http_request(http, 256, timeouts), http_request(http, 1, timeouts))
        builder = (builder.rate_limiter(rate_limiter or default_rate_limiter(max_retries))
                   .request(self._requests[0]).get_updates_request(self._requests[1]))
        self.application = builder.build()
        self.sender = TelegramSender(self.application.bot, chat_limits)
        self._slots = asyncio.Semaphore(concurrency)
        self._has_room = asyncio.Event()
        self._stopping = asyncio.Event()
        self._inflight: set[int] = set()
        self._chats: dict[str, deque[tuple[int, Update]]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._username: str | None = None
        self.done_marks = DoneMarks(store, clock, PLATFORM, self._marked, backoff)

    # -- lifecycle --------------------------------------------------------------------------------
    async def start(self) -> None:
        try:
            await self.application.initialize()
        except BaseException:
            for request in self._requests:   # PTB leaves them open when its first call (getMe) fails
                await request.shutdown()
            raise
        await self.application.start()
        self._username = self.application.bot.username
        try:  # polling and a webhook exclude each other; keep pending updates, they are people's words
            await self.application.bot.delete_webhook(drop_pending_updates=False)
        except TelegramError:
            log.exception("could not remove a webhook; polling may fail with a conflict")
        await self._register_commands()
        self._stopping.clear()
        self._tasks = [asyncio.create_task(self._poll_loop(), name="telegram-poll")]
        self.done_marks.start()
        log.info("Telegram: started as @%s, long polling", self._username)

    async def stop(self) -> None:
        self._stopping.set()
        self._has_room.set()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        workers = list(self._workers.values())
        if workers:
            _, late = await asyncio.wait(workers, timeout=self.grace)
            for task in late:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
        await self.done_marks.stop()
        self._tasks, self._workers, self._chats = [], {}, {}
        self._inflight.clear()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()
        log.info("Telegram: stopped")

    async def _register_commands(self) -> None:
        """Menu and descriptions (bot/telegram/profile.py); failures are logged there."""
        await introduce(self.application.bot, self.core.commands())

    # -- polling: store, commit, then confirm ----------------------------------------------------------
    async def _poll_loop(self) -> None:
        offset: int | None = None
        backoff = self.backoff
        backlog_loaded = False
        while not self._stopping.is_set():
            try:
                if not backlog_loaded:  # before any new update, so each chat keeps its order
                    await self._load_backlog()
                    backlog_loaded = True
                await self._room()
                updates = await self.application.bot.get_updates(
                    offset=offset, limit=min(max(self.batch, 1), 100), timeout=self.poll_timeout,
                    allowed_updates=list(ALLOWED_UPDATES))
                if updates:
                    fresh = await self._store(updates)
                    # Only now may Telegram forget them: the next call carries this offset.
                    newest = max(u.update_id for u in updates) + 1
                    offset = newest if offset is None else max(offset, newest)
                    for row_id, update in fresh:
                        self._enqueue(row_id, update)
                backoff = self.backoff
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if isinstance(exc, NetworkError):  # Telegram or the network hiccuped: routine
                    log.warning("polling failed (%s); retrying in %.1fs", exc, backoff)
                else:
                    log.exception("polling failed; retrying in %.1fs", backoff)
                await pause(backoff, self._stopping)
                backoff = min(backoff * 2, 30)

    async def _store(self, updates: tuple[Update, ...]) -> list[tuple[int, Update]]:
        """Commit the batch to the inbox; the updates still to handle, with their row ids, in order.

        Usually those are the ones the inbox had not seen. One it had is finished, or queued already
        (by `_load_backlog`, or by an earlier poll), or, when an earlier commit took effect though
        it reported a failure, stored and never queued: those are looked up and queued now."""
        rows = [(str(u.update_id), u.to_json()) for u in updates]
        # Shielded: once the batch is read, a stop must not interrupt the commit half-way.
        ids = await asyncio.shield(self._commit_rows(rows))
        seen = [event_id for event_id, _ in rows if event_id not in ids]
        if seen:
            async with self.store.unit() as unit:
                ids.update(await unit.events.inbox_pending_among(PLATFORM, seen))
        return [(ids[str(u.update_id)], u) for u in updates if str(u.update_id) in ids]

    async def _commit_rows(self, rows: list[tuple[str, str]]) -> dict[str, int]:
        async with self.store.unit() as unit:
            return await unit.events.inbox_add(PLATFORM, rows, self.clock.now())

    # -- processing: updates in order, one chat at a time ----------------------------------------------
    async def _load_backlog(self) -> None:
        """Queue the rows an earlier run stored but did not finish, page by page, oldest first."""
        after = 0
        while not self._stopping.is_set():
            await self._room()
            async with self.store.unit() as unit:
                rows = [(r.id, r.event_id, r.payload)
                        for r in await unit.events.inbox_pending(PLATFORM, self.batch, after=after)]
            if not rows:
                return
            after = rows[-1][0]
            for row_id, event_id, payload in rows:
                try:
                    update = Update.de_json(json.loads(payload), self.application.bot)
                except Exception:
                    log.exception("update %s is unreadable; skipping it", event_id)
                    self._inflight.add(row_id)
                    self.done_marks.add(row_id, event_id)
                    continue
                self._enqueue(row_id, update)

    def _enqueue(self, row_id: int, update: Update) -> None:
        """Hand a stored update to its chat's worker (started if the chat has none)."""
        if row_id in self._inflight:
            return
        self._inflight.add(row_id)
        key = chat_key(update)
        self._chats.setdefault(key, deque()).append((row_id, update))
        if key not in self._workers:
            self._workers[key] = asyncio.create_task(self._chat_worker(key), name=f"telegram-{key}")

    async def _room(self) -> None:
        """Back-pressure: at most `max_queued` updates wait in memory; the rest wait at Telegram."""
        while len(self._inflight) >= self.max_queued and not self._stopping.is_set():
            self._has_room.clear()
            await self._has_room.wait()

    async def _chat_worker(self, key: str) -> None:
        queue = self._chats[key]
        try:
            while queue and not self._stopping.is_set():
                row_id, update = queue[0]
                async with self._slots:
                    await self._handle(update)
                self.done_marks.add(row_id, str(update.update_id))
                queue.popleft()
        finally:
            self._workers.pop(key, None)
            if not queue:
                self._chats.pop(key, None)

    async def _handle(self, update: Update) -> None:
        """One update: translate, let the core decide, say what it said. A press is answered at once
        (the button's spinner stops) and, once handled, its message is edited (`settle_press`)."""
        if update.callback_query is not None:
            await self._answer_press(update)
        try:
            incoming = to_incoming(update, self._username)
            if incoming is None:
                return
            try:
                replies = await self.core.handle(incoming)
            except Exception:
                log.exception("update %s: the core failed", update.update_id)
                replies = [Reply(SORRY)]
            else:
                if update.callback_query is not None:   # handled: the buttons have done their job
                    await self.sender.settle_press(update.callback_query)
            for reply in replies:
                try:
                    to = reply.to or incoming.address
                    if to.platform != incoming.platform and self.registry is not None:
                        await self.registry.send(to, reply)  # e.g. a coach on Slack told a client joined
                    else:
                        await self.sender.send(to, reply)
                except RecipientGone as exc:  # blocked, or removed from the chat: routine, no traceback
                    log.warning("update %s: reply not delivered: %s", update.update_id, exc)
                except Exception:
                    log.exception("update %s: sending a reply failed", update.update_id)
        except Exception:
            log.exception("update %s: could not be handled", update.update_id)

    async def _answer_press(self, update: Update) -> None:
        try:
            await update.callback_query.answer()  # type: ignore[union-attr]
        except BadRequest as exc:  # e.g. "query is too old" after a restart
            log.info("update %s: press not answered: %s", update.update_id, exc)
        except Exception:
            log.exception("update %s: answering the press failed", update.update_id)

    def _marked(self, batch: list[Finished]) -> None:
        """Rows are on disk as done: they leave memory, and polling may go on."""
        self._inflight.difference_update(row_id for row_id, _ in batch)
        if len(self._inflight) < self.max_queued:
            self._has_room.set()
        if self.on_processed is not None:
            for _, event_id in batch:
                try:
                    self.on_processed(event_id)
                except Exception:
                    log.exception("update %s: the on_processed callback failed", event_id)
