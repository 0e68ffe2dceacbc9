"""The Telegram adapter: PTB set-up, an owned polling loop, and the translation; the shared
inbound pump (bot/pump.py) does the rest.

Why own the polling: PTB's Updater confirms a batch (the next `getUpdates` offset) before handlers
run, so a kill -9 at that moment loses messages. Here every raw update of a private chat is written
to the inbox and committed first; only then is the next offset used. Stored updates go straight to
the pump: one chat strictly in sequence, many chats at once. Unfinished rows from an earlier run
are queued before the first poll. Group-chat updates are not stored (they only get a pointer to
the private chat).

Inbox keys are `<bot id>:<update id>`: two bots may share a database, and Telegram restarts its
update ids after a week without updates (the pump prunes old ids, so a reused one is new).

Throughput (bench/telegram_throughput.py): updates just polled are handed over as the objects PTB
parsed, never re-read from the inbox; rows are deleted as done in batches. At most `max_queued`
updates wait in memory: beyond that, polling waits.
"""
from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import replace
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from telegram import Update
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder, BaseRateLimiter

from bot.adapter import Capabilities
from bot.pause import pause
from bot.pump import Event, Pump
from bot.telegram.aiohttp_request import http_request
from bot.telegram.documents import fetch_document
from bot.telegram.inbound import ALLOWED_UPDATES, PLATFORM, chat_key, is_private, sender_id, to_incoming
from bot.telegram.limits import ChatLimits, rate_limiter as default_rate_limiter
from bot.telegram.outbound import TelegramSender
from bot.telegram.profile import introduce
from handlers.clock import Clock
from handlers.types import CommandInfo, Incoming, Reply, Sender

log = logging.getLogger(__name__)


class CoreLike(Protocol):
    async def handle(self, incoming: Incoming, *, retry_later: bool = False) -> list[Reply]: ...
    def commands(self) -> list[CommandInfo]: ...


class TelegramAdapter:
    """An `Adapter` (bot/adapter.py). `start()` initialises PTB, registers the command menu, starts
    the pump and runs the poller; `stop()` ends them (in-flight updates get `grace` seconds) and
    shuts PTB down. `sender` is the `Sender` for this bot, usable between start and stop."""

    platform = PLATFORM

    def __init__(self, core: CoreLike, store: Any, clock: Clock, token: str, base_url: str | None = None,
                 poll_timeout: int = 30, *, base_file_url: str | None = None, concurrency: int = 64,
                 max_retries: int = 3, request_timeout: float = 10, batch: int = 100,
                 max_queued: int = 1000,
                 grace: float = 5, backoff: float = 0.5, rate_limiter: BaseRateLimiter | None = None,
                 registry: Sender | None = None, reply_retry_for: float = 60,
                 chat_limits: ChatLimits | None = None, on_processed: Callable[[str], None] | None = None,
                 http: str = "aiohttp") -> None:
        self.core, self.store, self.clock = core, store, clock
        self.poll_timeout, self.batch, self.backoff = poll_timeout, batch, backoff
        self.bot_id = token.split(":", 1)[0]  # part of every inbox key: ids are per bot
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
        # on_processed: told each update_id once its row is done (tests, benchmarks)
        self.pump = Pump(PLATFORM, core, store, clock, self.sender, self, registry=registry,
                         concurrency=concurrency, max_queued=max_queued, grace=grace, backoff=backoff,
                         retry_for=reply_retry_for, on_processed=on_processed)
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._username: str | None = None

    @property
    def capabilities(self) -> Capabilities:
        """Invite deep links need the bot's username, known once started."""
        return Capabilities(PLATFORM, "/", self._username and f"https://t.me/{self._username}?start={{code}}")

    @property
    def done_marks(self) -> Any:
        return self.pump.done_marks

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
        self.sender.capabilities = self.capabilities
        try:  # polling and a webhook exclude each other; keep pending updates, they are people's words
            await self.application.bot.delete_webhook(drop_pending_updates=False)
        except TelegramError:
            log.exception("could not remove a webhook; polling may fail with a conflict")
        await self._register_commands()
        self._stopping.clear()
        await self.pump.start()
        self._tasks = [asyncio.create_task(self._poll_loop(), name="telegram-poll")]
        log.info("Telegram: started as @%s, long polling", self._username)

    async def stop(self) -> None:
        self._stopping.set()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        await self.pump.stop()
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
                    await self.pump.load_backlog(self._parse, self.batch)
                    backlog_loaded = True
                await self.pump.room()
                updates = await self.application.bot.get_updates(
                    offset=offset, limit=min(max(self.batch, 1), 100), timeout=self.poll_timeout,
                    allowed_updates=list(ALLOWED_UPDATES))
                if updates:
                    fresh = await self._store(updates)
                    # Only now may Telegram forget them: the next call carries this offset.
                    newest = max(u.update_id for u in updates) + 1
                    offset = newest if offset is None else max(offset, newest)
                    for row_id, event in fresh:
                        self.pump.enqueue(row_id, event)
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

    async def _store(self, updates: tuple[Update, ...]) -> list[tuple[int | None, Event]]:
        """Commit the batch's private-chat updates to the inbox; the updates to handle, in order,
        with their row ids (None: a group chat's, handled from memory, never stored)."""
        private = [(self._event(u), u.to_json(), sender_id(u)) for u in updates if is_private(u)]
        stored = dict((event.event_id, row) for row, event in await self.pump.persist(private))
        out: list[tuple[int | None, Event]] = []
        for update in updates:
            event = self._event(update)
            if not is_private(update):
                out.append((None, event))
            elif event.event_id in stored:
                out.append((stored[event.event_id], event))
        return out

    def _event(self, update: Update) -> Event:
        return Event(chat_key(update), f"{self.bot_id}:{update.update_id}", update, str(update.update_id))

    def _parse(self, event_id: str, payload: str) -> Event:
        return self._event(Update.de_json(json.loads(payload), self.application.bot))

    # -- translation (the pump's `Translator`) ---------------------------------------------------------
    async def turns(self, update: Update) -> Sequence[Incoming]:
        incoming = to_incoming(update, self._username, self.bot_id)
        if incoming is not None and incoming.kind == "document" and incoming.private and update.message:
            incoming = replace(incoming, document=await fetch_document(update.message))
        return [] if incoming is None else [incoming]

    async def arrived(self, update: Update) -> None:
        """A press is answered at once, so the person's client stops its spinner."""
        if update.callback_query is not None:
            await self._answer_press(update)

    async def handled(self, update: Update) -> None:
        """Once the core handled a press, its message is edited: the buttons have done their job."""
        if update.callback_query is not None:
            await self.sender.settle_press(update.callback_query)

    async def _answer_press(self, update: Update) -> None:
        try:
            await update.callback_query.answer()  # type: ignore[union-attr]
        except BadRequest as exc:  # e.g. "query is too old" after a restart
            log.info("update %s: press not answered: %s", update.update_id, exc)
        except Exception:
            log.exception("update %s: answering the press failed", update.update_id)
