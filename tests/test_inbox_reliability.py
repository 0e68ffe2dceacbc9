"""The shared inbound pump over the real Telegram adapter (PTB against the Bot API stand-in):
reused update ids, a database that goes away, replies that fail to send, and what the inbox
keeps (a person's rows until /forget or until handled; group chats never)."""
from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any, cast

from sqlalchemy.exc import OperationalError

from handlers import Core, CoreConfig
from storage import InboxEntry, Store
from tests.fakes import FakeTelegram, button_data
from tests.support.telegram_harness import USER, Harness

OTHER_USER = USER + 1


async def _rows(store: Any) -> list[InboxEntry]:
    async with store.unit() as u:
        return list(await u.events.inbox_pending("telegram", limit=1000))


async def test_an_update_id_telegram_reuses_after_a_quiet_week_is_a_new_message(fake: FakeTelegram, store: Any,
                                                                                 clock: Any) -> None:
    first_run = Harness(fake, store, clock)
    await first_run.start()
    try:
        first = fake.user_text(USER, "/commit Call Anna by Friday 5pm")
        await first_run.wait(first)
    finally:
        await first_run.stop()
    clock.advance(timedelta(days=8))                 # a week without updates: Telegram starts ids afresh
    fake.restart_update_ids(first["update_id"])
    h = Harness(fake, store, clock)
    await h.start()
    try:
        again = fake.user_text(USER, "/commit Pay the rent by Friday 5pm")
        assert again["update_id"] == first["update_id"]
        listing = await h.say("/actions")
        assert "#1 Call Anna" in listing and "#2 Pay the rent" in listing
        assert any("✅ #2 Pay the rent" in t for t in fake.texts_to(USER))
    finally:
        await h.stop()


class Outage:
    """The database as the core sees it, away while `down` is set: every unit of work fails as a
    refused connection does. The adapter's own inbox writes go to the real store, so the messages
    are safely stored before the outage bites (as when PostgreSQL stops between two steps)."""

    def __init__(self, store: Any) -> None:
        self.store, self.down, self.refused = store, True, 0
        self.tried = asyncio.Event()

    def unit(self) -> Any:
        if self.down:
            self.refused += 1
            if self.refused >= 6:
                self.tried.set()
            raise OperationalError("connect", {}, ConnectionRefusedError(111, "Connection refused"))
        return self.store.unit()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


async def test_stored_messages_wait_for_the_database_and_are_never_answered_not_saved(fake: FakeTelegram,
                                                                                      store: Any,
                                                                                      clock: Any) -> None:
    outage = Outage(store)
    config = CoreConfig(default_timezone="UTC")
    h = Harness(fake, store, clock, wrap=lambda core: Core(cast(Store, outage), clock, config))
    await h.start()
    try:
        sent = [fake.user_text(USER, "/commit Call Anna by Friday 5pm"), fake.user_text(USER, "/commit Pay rent"),
                fake.user_text(OTHER_USER, "/commit Book the venue by Monday 9am")]
        await asyncio.wait_for(outage.tried.wait(), 5)    # each message was tried, and tried again
        assert len(await _rows(store)) == 3               # all three safely in the inbox, none answered
        assert fake.texts_to(USER) == [] and fake.texts_to(OTHER_USER) == []
        outage.down = False                               # the database is back
        for update in sent:
            await h.wait(update)
        said = fake.texts_to(USER) + fake.texts_to(OTHER_USER)
        assert not any("not saved" in t or "went wrong" in t for t in said)
        mine = fake.texts_to(USER)
        assert len(mine) == 2 and "#1 Call Anna" in mine[0] and "Pay rent" in mine[1]      # once each, in order
        assert "#1 Book the venue" in fake.texts_to(OTHER_USER)[0]
        assert await _rows(store) == []
    finally:
        await h.stop()


async def test_a_reply_that_meets_5xx_is_sent_again_once_telegram_answers(tg: Harness, fake: FakeTelegram) -> None:
    fake.fail("sendMessage", "502", times=3)
    answer = await tg.say("/commit Call Anna by Friday 5pm")
    assert answer.startswith("✅ #1 Call Anna")
    assert [c.fault for c in fake.calls_of("sendMessage")] == ["502", "502", "502", None]
    assert sum("Call Anna" in t for t in fake.texts_to(USER)) == 1


async def test_a_reply_that_times_out_is_sent_again(fake: FakeTelegram, store: Any, clock: Any) -> None:
    h = Harness(fake, store, clock, request_timeout=0.5, max_retries=0)
    await h.start()
    try:
        fake.fail("sendMessage", "timeout", hang=2)
        assert (await h.say("/commit Call Anna by Friday 5pm")).startswith("✅ #1 Call Anna")
        assert [c.fault for c in fake.calls_of("sendMessage")] == ["timeout", None]
    finally:
        await h.stop()


async def test_retrying_a_reply_is_bounded_in_time(fake: FakeTelegram, store: Any, clock: Any) -> None:
    h = Harness(fake, store, clock, reply_retry_for=0.3)
    await h.start()
    try:
        fake.fail("sendMessage", "502", times=1000)           # Telegram is down for good
        lost = fake.user_text(USER, "/commit Call Anna by Friday 5pm")
        await h.wait(lost)                                    # given up: the chat moves on
        tries = len(fake.calls_of("sendMessage"))
        assert 2 <= tries <= 6
        fake._faults.clear()                                  # Telegram is back
        assert "#1 Call Anna" in await h.say("/actions")     # the commitment itself was saved
    finally:
        await h.stop()


async def test_forget_deletes_the_persons_rows_still_in_the_inbox(tg: Harness, fake: FakeTelegram,
                                                                  store: Any, clock: Any) -> None:
    await tg.say("/commit Send the report by Friday 5pm")
    async with store.unit() as u:     # words of theirs still waiting (e.g. left by a crashed run), and a bystander's
        await u.events.inbox_add("telegram", [("999:1", '{"update_id": 1}', str(USER)),
                                              ("999:2", '{"update_id": 2}', str(OTHER_USER))], clock.now())
    assert "Delete everything?" in await tg.say("/forget")
    yes = [d for d in button_data(tg.last()) if d.startswith("forget_yes")][0]
    assert "all your data is deleted" in await tg.press(yes)
    assert [(r.event_id, r.sender) for r in await _rows(store)] == [("999:2", str(OTHER_USER))]


async def test_handled_rows_are_deleted_and_group_messages_never_stored(tg: Harness, fake: FakeTelegram,
                                                                        store: Any) -> None:
    assert tg.adapter is not None
    stored: list[str] = []
    real = tg.adapter.pump._commit_rows

    async def recording(items: list[tuple[str, str, str | None]]) -> dict[str, int]:
        stored.extend(payload for _, payload, _ in items)
        return await real(items)

    tg.adapter.pump._commit_rows = recording  # type: ignore[method-assign]
    group = fake.user_text(USER, "/commit Secret plan by Friday", chat_type="group")
    await tg.wait(group)
    assert "private chat" in fake.texts_to(group["message"]["chat"]["id"])[0]
    await tg.say("/commit Call Anna by Friday 5pm")
    assert not any("Secret plan" in payload for payload in stored)     # the group's words never hit the disk
    assert any("Call Anna" in payload for payload in stored)           # a private chat's do, until handled
    assert await _rows(store) == []                                    # ... and are deleted once handled
