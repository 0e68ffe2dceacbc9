"""Messages one person's action addresses to another (issue 10: one policy point per person).

A coach's 👋 Nudge, "X joined as your client", "X stopped sharing" and a team's changed
visibility are held as notices and sent by the scheduler through the recipient's quiet hours,
never from the reply path. Driven through the real PTB client against the Bot API stand-in,
with the manual clock, in the weeks Europe (25 Oct 2026) and the US (1 Nov 2026) leave
daylight-saving time.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func, select

from bot.registry import Registry
from handlers import CoreConfig
from scheduler import Ticker
from storage import Notice, NudgeKind
from tests.fakes import FakeTelegram, button_data
from tests.support.telegram_harness import OTHER, USER, Harness

SAM: dict[str, Any] = dict(user=OTHER, first_name="Sam", last_name=None)
THINKING = "(your coach) is thinking of you"


def ticker(tg: Harness, store: Any, clock: Any) -> Ticker:
    """A fresh scheduler (as after a restart) sending through the adapter's own sender."""
    registry = Registry()
    assert tg.adapter is not None
    registry.add("telegram", tg.adapter.sender)
    return Ticker(store, registry, clock, CoreConfig(default_timezone="UTC"))


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=timezone.utc)


def nudges_to_ada(fake: FakeTelegram) -> list[str]:
    return [t for t in fake.texts_to(USER) if THINKING in t]


async def held_notices(store: Any) -> int:
    async with store.engine.connect() as conn:
        return (await conn.execute(select(func.count()).select_from(Notice))).scalar_one()


async def sam_coaches_ada_in_new_york(tg: Harness, fake: FakeTelegram, store: Any, clock: Any) -> None:
    """Sam in Berlin coaches Ada in New York, who has one open action."""
    await tg.say("/tz Berlin", **SAM)
    code = (await tg.say("/coach", **SAM)).split("/join ")[1].split()[0]
    assert "New_York" in await tg.say("/tz New York")
    assert "coached by Sam" in await tg.say(f"/join {code}")
    assert "Call the bank" in await tg.say("/commit Call the bank by Friday 5pm")
    await ticker(tg, store, clock).tick_nudges()  # "Ada joined" reaches Sam (daytime in Berlin)


async def press_nudge(tg: Harness, fake: FakeTelegram) -> str:
    await tg.say("/clients", **SAM)
    nudge = next(d for d in button_data(fake.messages_to(OTHER)[-1]) if d.startswith("coach_nudge:"))
    return await tg.press(nudge, user=OTHER)


async def test_a_coachs_nudge_waits_for_the_clients_quiet_hours_across_the_us_dst_change(
        tg: Harness, fake: FakeTelegram, store: Any, clock: Any) -> None:
    clock.set(utc(2026, 10, 31, 14, 0))                     # Sat 15:00 Berlin, 10:00 New York (EDT)
    await sam_coaches_ada_in_new_york(tg, fake, store, clock)
    clock.set(utc(2026, 11, 1, 5, 0))                       # Sun 06:00 Berlin, 01:00 New York (still EDT)
    told = await press_nudge(tg, fake)
    assert "Sent Ada" in told and "about #1 Call the bank — it reaches them at 08:00 their time." in told
    await ticker(tg, store, clock).tick_nudges()
    assert nudges_to_ada(fake) == []                        # nothing at 01:00 in New York
    clock.set(utc(2026, 11, 1, 12, 30))                     # 07:30 EST (08:30 had the clocks not gone back)
    await ticker(tg, store, clock).tick_nudges()
    assert nudges_to_ada(fake) == []
    clock.set(utc(2026, 11, 1, 13, 0))                      # 08:00 EST: Ada's quiet hours end
    t = ticker(tg, store, clock)
    await t.tick_nudges()
    clock.advance(timedelta(minutes=5))
    await t.tick_nudges()
    await ticker(tg, store, clock).tick_nudges()
    assert len(nudges_to_ada(fake)) == 1                    # exactly once
    message = [m for m in fake.messages_to(USER) if THINKING in (m.get("text") or "")][0]
    assert message["text"].endswith("what's the status of #1 Call the bank?") and "done:1" in button_data(message)
    assert "Done: #1" in await tg.press("done:1")           # its buttons work
    assert await held_notices(store) == 0                   # nothing of it is kept but the ledger row


async def test_a_held_nudge_survives_a_restart_and_an_interrupted_send(
        tg: Harness, fake: FakeTelegram, store: Any, clock: Any) -> None:
    clock.set(utc(2026, 11, 24, 14, 0))                     # Tue 15:00 Berlin, 09:00 New York
    await sam_coaches_ada_in_new_york(tg, fake, store, clock)
    clock.set(utc(2026, 11, 25, 10, 0))                     # Wed 11:00 Berlin, 05:00 New York
    assert "it reaches them at 08:00 their time" in await press_nudge(tg, fake)
    await ticker(tg, store, clock).tick_nudges()
    await tg.stop()                                         # the bot restarts while the nudge is held
    second = Harness(fake, store, clock)
    await second.start()
    try:
        clock.set(utc(2026, 11, 25, 13, 0))                 # 08:00 New York
        async with store.engine.connect() as conn:
            (notice,) = (await conn.execute(select(Notice.__table__))).all()  # type: ignore[attr-defined]
        async with store.unit() as u:                       # the process died mid-send: a claim left `sending`
            assert await u.nudges.claim(notice.person_id, NudgeKind.NOTICE, notice.id, notice.created_at, 0,
                                        notice.created_at, clock.now())
        clock.advance(timedelta(minutes=1))
        t = ticker(second, store, clock)                    # the next process settles it: sent, at least once
        await t.tick_nudges()
        await t.tick_nudges()
        assert len(nudges_to_ada(fake)) == 1
        assert await held_notices(store) == 0
    finally:
        await second.stop()
        tg.adapter = None  # the fixture's stop has nothing left to stop


async def test_forget_deletes_a_held_notice_as_recipient_and_as_sender(
        tg: Harness, fake: FakeTelegram, store: Any, clock: Any) -> None:
    clock.set(utc(2026, 11, 24, 14, 0))
    await sam_coaches_ada_in_new_york(tg, fake, store, clock)
    clock.set(utc(2026, 11, 25, 10, 0))                     # 05:00 New York: the nudge is held
    await press_nudge(tg, fake)
    assert await held_notices(store) == 1
    await tg.say("/forget", **SAM)                          # the sender forgets: their word is not delivered
    yes = next(d for d in button_data(fake.messages_to(OTHER)[-1]) if d.startswith("forget_yes:"))
    assert "all your data is deleted" in await tg.press(yes, user=OTHER)
    assert await held_notices(store) == 0
    clock.set(utc(2026, 11, 25, 13, 0))
    await ticker(tg, store, clock).tick_nudges()
    assert nudges_to_ada(fake) == []

    # Held for the client, who then forgets: deleted with everything else of hers.
    clock.set(utc(2026, 11, 25, 14, 0))
    await sam_coaches_ada_in_new_york(tg, fake, store, clock)
    clock.set(utc(2026, 11, 26, 10, 0))
    await press_nudge(tg, fake)
    assert await held_notices(store) == 1
    await tg.say("/forget")
    yes = next(d for d in button_data(fake.messages_to(USER)[-1]) if d.startswith("forget_yes:"))
    assert "all your data is deleted" in await tg.press(yes)
    assert await held_notices(store) == 0


async def test_the_joined_notice_waits_for_the_coachs_quiet_hours_across_the_eu_dst_change(
        tg: Harness, fake: FakeTelegram, store: Any, clock: Any) -> None:
    clock.set(utc(2026, 10, 24, 12, 0))                     # Sat 14:00 Berlin (CEST)
    await tg.say("/tz Berlin", **SAM)
    code = (await tg.say("/coach", **SAM)).split("/join ")[1].split()[0]
    clock.set(utc(2026, 10, 24, 21, 30))                    # Sat 23:30 Berlin: Sam's quiet hours
    before = len(fake.messages_to(OTHER))
    await tg.say("/tz New York")
    assert "coached by Sam" in await tg.say(f"/join {code}")
    t = ticker(tg, store, clock)
    await t.tick_nudges()
    assert len(fake.messages_to(OTHER)) == before           # not at 23:30 in Berlin
    clock.set(utc(2026, 10, 25, 6, 0))                      # Sun 07:00 CET (08:00 had the clocks not gone back)
    await t.tick_nudges()
    assert len(fake.messages_to(OTHER)) == before
    clock.set(utc(2026, 10, 25, 7, 0))                      # 08:00 CET: Sam's quiet hours end
    await t.tick_nudges()
    await t.tick_nudges()
    joined = [t for t in fake.texts_to(OTHER)[before:] if "joined as your client" in t]
    assert len(joined) == 1 and len(fake.messages_to(OTHER)) == before + 1


async def test_the_stopped_sharing_notice_waits_too(tg: Harness, fake: FakeTelegram, store: Any, clock: Any) -> None:
    clock.set(utc(2026, 11, 24, 14, 0))
    await sam_coaches_ada_in_new_york(tg, fake, store, clock)
    clock.set(utc(2026, 11, 24, 22, 0))                     # 23:00 Berlin, 17:00 New York
    before = len(fake.messages_to(OTHER))
    assert "no longer sees your data" in await tg.say("/leave")
    await ticker(tg, store, clock).tick_nudges()
    assert len(fake.messages_to(OTHER)) == before
    clock.set(utc(2026, 11, 25, 7, 0))                      # 08:00 Berlin
    await ticker(tg, store, clock).tick_nudges()
    assert [t for t in fake.texts_to(OTHER)[before:]] == ["Ada Lovelace stopped sharing with you."]
