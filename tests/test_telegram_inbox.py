"""The Telegram adapter's inbox pipeline: bounded memory, the backlog of an earlier run first, done
marks that survive a failing commit. Real PTB against the Bot API stand-in, as in test_telegram_e2e."""
from __future__ import annotations

import json
from typing import Any

from handlers import Core
from tests.fakes import FakeTelegram
from tests.support.telegram_harness import USER, Harness, bot_key


class Counting:
    """A core wrapper that notes, at each message, how many updates the bot holds in memory:
    taken from Telegram but not yet finished."""

    def __init__(self, core: Core, fake: FakeTelegram, finished: list[str]) -> None:
        self.core, self.fake, self.finished = core, fake, finished
        self.held: list[int] = []

    def commands(self):
        return self.core.commands()

    async def handle(self, incoming, **options):
        taken = sum(len(c.result or []) for c in self.fake.calls_of("getUpdates"))
        self.held.append(taken - len(self.finished))
        return await self.core.handle(incoming, **options)


async def test_a_full_queue_makes_polling_wait_and_nothing_is_lost(fake: FakeTelegram, store: Any,
                                                                    clock: Any) -> None:
    finished: list[str] = []
    wrappers: list[Counting] = []

    def wrap(core: Any) -> Counting:
        wrappers.append(Counting(core, fake, finished))
        return wrappers[-1]
    h = Harness(fake, store, clock, wrap=wrap, max_queued=1, batch=1)
    h._processed = lambda event_id: (finished.append(event_id), Harness._processed(h, event_id))  # type: ignore
    users = (USER, USER + 10, USER + 20)
    updates = [fake.user_text(user, f"/commit Task {n} for {user} by Friday 5pm") for n in (1, 2, 3)
               for user in users]
    await h.start()
    try:
        for update in updates:
            await h.wait(update)
        assert max(wrappers[0].held) == 1       # three chats were waiting, yet one update at a time was held
        for user in users:
            assert [t.split()[1] for t in fake.texts_to(user)] == ["#1", "#2", "#3"]   # each chat in order
        async with store.unit() as u:
            assert list(await u.events.inbox_pending("telegram")) == []
    finally:
        await h.stop()


async def test_rows_of_an_earlier_run_go_before_new_messages_of_the_same_chat(fake: FakeTelegram, store: Any,
                                                                              clock: Any) -> None:
    # An earlier run stored (and confirmed) two updates and died; the person has written again since.
    old = [fake.user_text(USER, "/commit Call Anna by Friday 5pm"), fake.user_text(USER, "/commit Pay rent")]
    async with store.unit() as u:
        await u.events.inbox_add("telegram", [(bot_key(fake, o), json.dumps(o)) for o in old], clock.now())
    fake.offset = old[-1]["update_id"] + 1
    new = fake.user_text(USER, "Friday 5pm")        # answers the "By when?" that "Pay rent" asks
    h = Harness(fake, store, clock)
    await h.start()
    try:
        await h.wait(new)
        texts = fake.texts_to(USER)
        assert texts[0].startswith("✅ #1 Call Anna") and "By when?" in texts[1]
        assert "#2 Pay rent, due Fri 27 Nov, 17:00" in texts[2]
    finally:
        await h.stop()


async def test_done_marks_are_retried_when_their_commit_fails(fake: FakeTelegram, store: Any, clock: Any) -> None:
    h = Harness(fake, store, clock)
    adapter = await h.start()
    real = adapter.done_marks.commit
    failures: list[list[int]] = []

    async def flaky(row_ids: list[int]) -> None:
        if not failures:
            failures.append(row_ids)
            raise OSError("disk full")
        await real(row_ids)

    adapter.done_marks.commit = flaky  # type: ignore[method-assign]
    try:
        update = fake.user_text(USER, "/commit Call Anna by Friday 5pm")
        await h.wait(update)                # reported only once its row is marked done
        assert failures and h.counts[str(update["update_id"])] == 1
        async with store.unit() as u:
            assert list(await u.events.inbox_pending("telegram")) == []
        assert sum("Call Anna" in t for t in fake.texts_to(USER)) == 1
    finally:
        await h.stop()


async def test_inbox_add_reports_only_the_updates_it_had_not_seen(store: Any, clock: Any) -> None:
    async with store.unit() as u:
        first = await u.events.inbox_add("telegram", [("1", "{}"), ("2", "{}")], clock.now())
    async with store.unit() as u:
        again = await u.events.inbox_add("telegram", [("2", "{}"), ("3", "{}"), ("1", "{}")], clock.now())
    assert set(first) == {"1", "2"} and set(again) == {"3"}
    assert len(set(first.values()) | set(again.values())) == 3
    async with store.unit() as u:
        assert [r.event_id for r in await u.events.inbox_pending("telegram")] == ["1", "2", "3"]
        assert [r.event_id for r in await u.events.inbox_pending("telegram", after=first["2"])] == ["3"]


async def test_a_batch_stored_by_a_commit_that_reported_failure_is_still_handled(fake: FakeTelegram, store: Any,
                                                                                  clock: Any) -> None:
    h = Harness(fake, store, clock)
    adapter = await h.start()
    real = adapter.pump._commit_rows
    failures: list[list[tuple[str, str, str | None]]] = []

    async def committed_but_failed(rows: list[tuple[str, str, str | None]]) -> dict[str, int]:
        ids = await real(rows)
        if not failures:                  # e.g. the connection dropped while COMMIT went through
            failures.append(rows)
            raise ConnectionResetError("connection lost during COMMIT")
        return ids

    adapter.pump._commit_rows = committed_but_failed  # type: ignore[method-assign, assignment]
    try:
        update = fake.user_text(USER, "/commit Call Anna by Friday 5pm")
        await h.wait(update)               # Telegram sent it again; the inbox already had it
        assert failures
        assert sum("Call Anna" in t for t in fake.texts_to(USER)) == 1
        assert h.counts[str(update["update_id"])] == 1
    finally:
        await h.stop()
