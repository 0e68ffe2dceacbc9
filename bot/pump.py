"""The one inbound pump every chat adapter uses: persist, order, handle, deliver, mark done.

An adapter keeps only its transport (polling Telegram, Bolt for Slack) and its translation
(`Translator`). Everything between "an event arrived" and "it is finished" happens here, once:

1. **Persist**: the platform's raw event (its own JSON, never `Incoming`, so a change to the
   neutral types never breaks a replay) goes into the inbox with its sender's id, committed
   before the platform is told it arrived. Group-chat events are not stored: the bot only points
   people to a private chat there, and nobody's words are kept for that.
2. **Order**: events with one ordering key (a chat, a person) are handled strictly one after
   another, different keys at once (`concurrency` at most); at most `max_queued` events wait in
   memory (`room()` lets a poller wait beyond that).
3. **Handle**: `core.handle`. When the database is away (`StoreUnavailable`), the event is tried
   again, less and less often, until it comes back: a stored message is never answered "not saved".
4. **Deliver** each reply through the registry (a reply may be for someone on another platform).
   A reply that meets a temporary failure (5xx, timeout, 429 beyond the client's own retries) is
   tried again for `retry_for` seconds, then given up and logged: at least once, so a retry after
   a lost response (`DeliveryFailed.maybe_delivered`) can show a reply twice; a lost answer to what
   someone said is worse. Except a reply carrying a file (an /export, a chart): at most once, as
   a second copy of a file is worse than asking again; after a lost response it is not re-sent.
5. **Mark done**: the inbox row is deleted, many rows per commit (`DoneMarks`). A row not yet
   deleted when the process dies is handled again at the next start (`load_backlog`, oldest
   first), which the core's event ledger turns into a no-op.

Housekeeping, at start and every `prune_every` seconds: event ids older than `SEEN_KEEP` leave
the ledger (platforms redeliver within a day; Telegram reuses update ids only after a week
without updates), so a reused id is a new message.
"""
from __future__ import annotations

import asyncio
import itertools
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from bot.done_marks import DoneMarks, Finished
from bot.pause import pause
from bot.reply_retry import send_reply
from handlers.clock import Clock
from handlers.types import Address, Incoming, Reply, Sender, StoreUnavailable

log = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong on my side. Please try again in a moment."
SEEN_KEEP = timedelta(days=3)      # how long a handled event id is remembered
PRUNE_EVERY = 3600.0               # seconds between prunings of the ledger


class CoreLike(Protocol):
    async def handle(self, incoming: Incoming, *, retry_later: bool = False) -> list[Reply]: ...


class Translator(Protocol):
    """The adapter's half: what an event means, and anything the platform wants once it is done."""

    async def turns(self, raw: Any) -> Sequence[Incoming]:
        """The messages for the core in one raw event, in order (usually one; none to ignore it)."""
        ...

    async def arrived(self, raw: Any) -> None:
        """Called first, before the core (e.g. answer a press at once)."""
        ...

    async def handled(self, raw: Any) -> None:
        """Called when the core handled one of the event's messages, before its replies go out
        (e.g. edit the message whose button was pressed)."""
        ...


@dataclass(frozen=True)
class Event:
    """One raw platform event on its way through the pump."""

    key: str          # the ordering key: one key's events are handled strictly in order
    event_id: str     # the inbox key, unique per platform (and per bot)
    raw: Any          # the platform's object (a PTB Update, a Slack request body)
    label: str = ""   # how logs and `on_processed` name it


Deliver = Callable[[Incoming, Reply], Awaitable[Any]]


async def settle(tasks: set[asyncio.Task[Any]], timeout: float, cancel: bool, what: str) -> set[asyncio.Task[Any]]:
    """Wait up to `timeout` for `tasks`; those still running are cancelled (with `cancel`) and
    returned, or a TimeoutError says how many there are."""
    _, late = await asyncio.wait(tasks, timeout=timeout)
    if late:
        if not cancel:
            raise TimeoutError(f"{len(late)} {what} still running")
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
    return late


class Abandoned(Exception):
    """The pump is stopping while the database is away: the row stays for the next run."""


class Pump:
    def __init__(self, platform: str, core: CoreLike, store: Any, clock: Clock, sender: Sender,
                 translator: Translator, *, registry: Sender | None = None, deliver: Deliver | None = None,
                 concurrency: int = 64, max_queued: int = 1000, grace: float = 5, backoff: float = 0.5,
                 retry_for: float = 60, prune_every: float = PRUNE_EVERY,
                 on_processed: Callable[[str], None] | None = None) -> None:
        self.platform, self.core, self.store, self.clock = platform, core, store, clock
        self.sender, self.translator, self.registry = sender, translator, registry
        self.deliver: Deliver = deliver or self.route
        self.max_queued, self.grace, self.backoff = max_queued, grace, backoff
        self.retry_for, self.prune_every = retry_for, prune_every
        self.on_processed = on_processed
        self.done_marks = DoneMarks(store, clock, platform, self._marked, backoff)
        self._slots = asyncio.Semaphore(concurrency)
        self._has_room = asyncio.Event()
        self._stopping = asyncio.Event()
        self._inflight: set[int] = set()
        self._memory_ids = itertools.count(-1, -1)   # events held in memory only get negative ids
        self._chats: dict[str, deque[tuple[int, Event]]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._housekeeping: asyncio.Task[None] | None = None

    # -- lifecycle --------------------------------------------------------------------------------
    async def start(self) -> None:
        """Prune the event ledger (before the first event, so an id reused since is new), then
        start marking rows done and pruning every `prune_every` seconds."""
        self._stopping.clear()
        await self._prune_logged()
        self.done_marks.start()
        self._housekeeping = asyncio.create_task(self._prune_loop(), name=f"{self.platform}-prune")

    async def stop(self) -> None:
        """In-flight events get `grace` seconds; what is late stays in the inbox for the next run."""
        self._stopping.set()
        self._has_room.set()
        if self._housekeeping is not None:
            self._housekeeping.cancel()
            await asyncio.gather(self._housekeeping, return_exceptions=True)
            self._housekeeping = None
        await self.drain(self.grace, cancel=True)
        await self.done_marks.stop()
        self._workers, self._chats = {}, {}
        self._inflight.clear()

    async def drain(self, timeout: float = 5, cancel: bool = False) -> None:
        """Wait for every queued event to be handled (tests, shutdown); with `cancel`, end what is late."""
        while self._workers:
            late = await settle(set(self._workers.values()), timeout, cancel, f"{self.platform} worker(s)")
            for key in [k for k, t in self._workers.items() if t in late]:
                self._workers.pop(key, None)

    # -- persist ----------------------------------------------------------------------------------
    async def persist(self, rows: Sequence[tuple[Event, str, str | None]]) -> list[tuple[int, Event]]:
        """Commit raw events (event, JSON payload, sender) to the inbox; the events still to handle,
        with their row ids, in order. One the inbox already held is pending (queued by
        `load_backlog` or an earlier call), or was stored by a commit that reported failure though
        it took effect: those are looked up and returned too (`enqueue` ignores what is queued)."""
        if not rows:
            return []
        items = [(event.event_id, payload, sender) for event, payload, sender in rows]
        # Shielded: once the batch is read, a stop must not interrupt the commit half-way.
        ids = await asyncio.shield(self._commit_rows(items))
        seen = [event_id for event_id, _, _ in items if event_id not in ids]
        if seen:
            async with self.store.unit() as unit:
                ids.update(await unit.events.inbox_pending_among(self.platform, seen))
        return [(ids[event.event_id], event) for event, _, _ in rows if event.event_id in ids]

    async def _commit_rows(self, items: list[tuple[str, str, str | None]]) -> dict[str, int]:
        async with self.store.unit() as unit:
            return await unit.events.inbox_add(self.platform, items, self.clock.now())

    async def load_backlog(self, parse: Callable[[str, str], Event | None], page: int = 100) -> int:
        """Queue the rows an earlier run stored but did not finish, page by page, oldest first.
        `parse(event_id, payload)` rebuilds the event; None (unreadable) finishes the row. Returns
        how many rows were queued."""
        after, queued = 0, 0
        while not self._stopping.is_set():
            await self.room()
            async with self.store.unit() as unit:
                rows = [(r.id, r.event_id, r.payload)
                        for r in await unit.events.inbox_pending(self.platform, page, after=after)]
            if not rows:
                break
            after = rows[-1][0]
            for row_id, event_id, payload in rows:
                try:
                    event = parse(event_id, payload)
                except Exception:
                    log.exception("%s event %s is unreadable; skipping it", self.platform, event_id)
                    event = None
                if event is None:
                    self._inflight.add(row_id)
                    self.done_marks.add(row_id, event_id)
                    continue
                self.enqueue(row_id, event)
                queued += 1
        return queued

    # -- order ------------------------------------------------------------------------------------
    def enqueue(self, row_id: int | None, event: Event) -> None:
        """Hand an event to its key's worker (started if the key has none). `row_id` None: the
        event is held in memory only (a group chat, or storing it failed)."""
        if row_id is None:
            row_id = next(self._memory_ids)
        if row_id in self._inflight:
            return
        self._inflight.add(row_id)
        self._chats.setdefault(event.key, deque()).append((row_id, event))
        if event.key not in self._workers:
            self._workers[event.key] = asyncio.create_task(self._worker(event.key),
                                                           name=f"{self.platform}-{event.key}")

    async def room(self) -> None:
        """Back-pressure: returns once fewer than `max_queued` events wait in memory."""
        while len(self._inflight) >= self.max_queued and not self._stopping.is_set():
            self._has_room.clear()
            await self._has_room.wait()

    async def _worker(self, key: str) -> None:
        queue = self._chats[key]
        try:
            while queue and not self._stopping.is_set():
                row_id, event = queue[0]
                try:
                    async with self._slots:
                        await self._handle(event)
                except Abandoned:
                    return
                queue.popleft()
                if row_id >= 0:
                    self.done_marks.add(row_id, event.label or event.event_id)
                else:
                    self._marked([(row_id, event.label or event.event_id)])
        finally:
            if self._workers.get(key) is asyncio.current_task():
                self._workers.pop(key, None)
            if not queue:
                self._chats.pop(key, None)

    # -- handle and deliver -------------------------------------------------------------------------
    async def _handle(self, event: Event) -> None:
        try:
            await self.translator.arrived(event.raw)
        except Exception:
            log.exception("%s event %s: acknowledging failed", self.platform, event.label or event.event_id)
        try:
            for incoming in await self.translator.turns(event.raw):
                replies = await self._ask(incoming, event)
                if replies is None:      # the core failed: say so (an empty list is a redelivery: say nothing)
                    replies = [Reply(SORRY)]
                else:
                    await self._handled(event)
                for reply in replies:
                    await self._send(incoming, reply, event)
        except Abandoned:
            raise
        except Exception:
            log.exception("%s event %s: could not be handled", self.platform, event.label or event.event_id)

    async def _handled(self, event: Event) -> None:
        try:
            await self.translator.handled(event.raw)
        except Exception:
            log.exception("%s event %s: after-handling step failed", self.platform, event.label or event.event_id)

    async def _ask(self, incoming: Incoming, event: Event) -> list[Reply] | None:
        """The core's replies (None: the core failed); while the database is away, ask again (the
        event is in the inbox)."""
        wait = self.backoff
        while True:
            try:
                return await self.core.handle(incoming, retry_later=True)
            except StoreUnavailable as exc:
                if self._stopping.is_set():
                    raise Abandoned() from exc
                log.warning("%s event %s: the database is away (%s); trying again in %.1fs",
                            self.platform, event.label or event.event_id, exc, wait)
                await pause(wait, self._stopping)
                wait = min(wait * 2, 30)
            except Exception:
                log.exception("%s event %s: the core failed", self.platform, event.label or event.event_id)
                return None

    async def _send(self, incoming: Incoming, reply: Reply, event: Event) -> None:
        await send_reply(lambda: self.deliver(incoming, reply), reply, f"{self.platform} event {event.label}",
                         self.retry_for, self.backoff, self._stopping)

    async def route(self, incoming: Incoming, reply: Reply) -> Any:
        """A reply goes to its `to` (someone on another platform goes through the registry), or
        back to the chat the message came from."""
        to: Address = reply.to or incoming.address
        if to.platform != self.platform and self.registry is not None:
            return await self.registry.send(to, reply)  # e.g. a coach on Slack told a client joined
        return await self.sender.send(to, reply)

    def _marked(self, batch: list[Finished]) -> None:
        """Rows are deleted as done: they leave memory, and polling may go on."""
        self._inflight.difference_update(row_id for row_id, _ in batch)
        if len(self._inflight) < self.max_queued:
            self._has_room.set()
        if self.on_processed is not None:
            for _, label in batch:
                try:
                    self.on_processed(label)
                except Exception:
                    log.exception("%s event %s: the on_processed callback failed", self.platform, label)

    # -- housekeeping -------------------------------------------------------------------------------
    async def prune(self) -> int:
        """Forget event ids older than `SEEN_KEEP`; how many went."""
        async with self.store.unit() as unit:
            return await unit.events.prune_seen(self.clock.now() - SEEN_KEEP)

    async def _prune_logged(self) -> None:
        try:
            pruned = await self.prune()
            if pruned:
                log.info("%s: %d handled event id(s) older than %s pruned", self.platform, pruned, SEEN_KEEP)
        except Exception as exc:
            log.warning("%s: pruning the event ledger failed (%s); will try again", self.platform, exc)

    async def _prune_loop(self) -> None:
        while not self._stopping.is_set():
            await pause(self.prune_every, self._stopping)
            if not self._stopping.is_set():
                await self._prune_logged()
