"""Repeating commitments through the real Telegram adapter under the manual clock: a weekly series
keeps its local time across the US and EU daylight-saving changes, a monthly series on the 31st
falls on the last day of shorter months, downtime over several occurrences brings one check-in
(for the latest), /skip and /stop, the streak, and another person's numbers."""
from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from handlers import CoreConfig
from scheduler import Delivery, Ticker
from tests.fakes import FakeTelegram
from tests.support.telegram_harness import OTHER, USER, Harness

BERLIN, NY = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _no_sleep(_seconds: float) -> None:
    return None


@pytest.fixture
def ticker(tg: Harness, store: Any, clock: Any) -> Ticker:
    assert tg.adapter is not None
    sender = tg.adapter.sender
    return Ticker(store, sender, clock, CoreConfig(default_timezone="UTC"),
                  delivery=Delivery(store, sender, clock, sleep=_no_sleep))


async def tick_at(ticker: Ticker, clock: Any, fake: FakeTelegram, when: datetime, chat: int = USER) -> list[str]:
    """Tick (twice: the second must add nothing) at `when`; the texts the chat got."""
    clock.set(when)
    before = len(fake.texts_to(chat))
    await ticker.tick_nudges()
    await ticker.tick_nudges()
    return fake.texts_to(chat)[before:]


def checkins(texts: list[str]) -> list[str]:
    return [t for t in texts if t.startswith("Did you do")]


async def test_weekly_series_keeps_local_time_across_both_dst_changes(tg, ticker, clock, fake):
    """Friday 16:00 in New York stays 16:00 local through the US change (1 Nov) while Berlin's
    change (25 Oct) shifts the gap to Europe: the check-in comes at 16:00 New York every week."""
    clock.set(datetime(2026, 10, 19, 9, 0, tzinfo=NY))  # Monday before the EU change
    await tg.say("/tz America/New_York")
    reply = await tg.say("/commit Weekly report every Friday 4pm")
    assert "🔁 #1 Weekly report, every Friday at 16:00." in reply
    assert "Next: #1·1 Fri 23 Oct, 16:00; #1·2 Fri 30 Oct, 16:00; #1·3 Fri 6 Nov, 16:00" in reply
    for day, index in ((23, 1), (30, 2), (6, 3)):
        month = 10 if day > 20 else 11
        before = await tick_at(ticker, clock, fake, datetime(2026, month, day, 15, 0, tzinfo=NY))
        assert [t.split(",")[0] for t in before] == [f"⏰ Coming up in 1h: #1·{index} Weekly report"]
        got = checkins(await tick_at(ticker, clock, fake, datetime(2026, month, day, 16, 0, tzinfo=NY)))
        assert got == [f"Did you do #1·{index} Weekly report? (due Fri {day} {'Oct' if month == 10 else 'Nov'}, 16:00)"]
        assert "🎉 Done: #1·" + str(index) in await tg.press(f"done:1.{index}")


async def test_weekly_series_in_berlin_across_the_eu_change(tg, ticker, clock, fake):
    clock.set(datetime(2026, 3, 23, 9, 0, tzinfo=BERLIN))  # the EU change is Sunday 29 March
    await tg.say("/tz Europe/Berlin")
    await tg.say("I'll run 5 km every Saturday morning")
    assert checkins(await tick_at(ticker, clock, fake, datetime(2026, 3, 28, 9, 0, tzinfo=BERLIN))) == [
        "Did you do #1·1 Run 5 km? (due Sat 28 Mar, 09:00)"]
    assert "🎉 Done: #1·1" in await tg.say("/done 1")
    assert checkins(await tick_at(ticker, clock, fake, datetime(2026, 4, 4, 8, 0, tzinfo=BERLIN))) == []
    assert checkins(await tick_at(ticker, clock, fake, datetime(2026, 4, 4, 9, 0, tzinfo=BERLIN))) == [
        "Did you do #1·2 Run 5 km? (due Sat 4 Apr, 09:00)"]
    done = await tg.say("/done 1·2")
    assert "🎉 Done: #1·2" in done and "🔥 2 weeks in a row" in done
    assert "is already done" in await tg.press("done:1.2")  # a second press counts nothing
    digest = await tg.say("/digest")
    assert "🔁 Repeating: 1\n   #1 Run 5 km: 2 weeks in a row" in digest and "#1·2 Run 5 km" in digest


async def test_monthly_on_the_31st_falls_on_the_last_day_of_shorter_months(tg, clock):
    clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=BERLIN))
    await tg.say("/tz Europe/Berlin")
    reply = await tg.say("/commit Send the invoice on the 31st of every month")
    assert "on the 31st of every month (the last day in shorter months) at 17:00" in reply
    assert "#1·1 Sun 31 Jan, 17:00; #1·2 Sun 28 Feb, 17:00; #1·3 Wed 31 Mar, 17:00" in reply


async def test_downtime_over_several_occurrences_brings_one_checkin_for_the_latest(tg, ticker, clock, fake, store):
    await tg.say("/tz Europe/Berlin")  # Mon 23 Nov 2026
    await tg.say("/commit Standup notes every weekday at 9")
    assert checkins(await tick_at(ticker, clock, fake, datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN))) == [
        "Did you do #1·1 Standup notes? (due Tue 24 Nov, 09:00)"]
    # Down from Tuesday 09:05 to Friday 11:00: Wednesday's, Thursday's and Friday's passed unseen.
    # A restart is a fresh scheduler over the same database: nothing about the series lives in memory.
    assert tg.adapter is not None
    restarted = Ticker(store, tg.adapter.sender, clock, CoreConfig(default_timezone="UTC"),
                       delivery=Delivery(store, tg.adapter.sender, clock, sleep=_no_sleep))
    texts = await tick_at(restarted, clock, fake, datetime(2026, 11, 27, 11, 0, tzinfo=BERLIN))
    assert texts == ["Did you do #1·4 Standup notes? (due Fri 27 Nov, 09:00)"]  # no follow-up of ·1, no pile
    listed = await tg.say("/actions")
    assert listed.count("Standup notes") == 1 and "#1·4" in listed
    # Monday's is next (the weekend has none), and ·1 (missed) is still there to be done late.
    assert "🎉 Done: #1·1" in await tg.say("/done 1.1")


async def test_skip_stop_and_another_persons_numbers(tg, ticker, clock, fake):
    await tg.say("/tz Europe/Berlin")
    await tg.say("/insight I only call mum when she calls")
    assert "💡 From your insight: “I only call mum when she calls”" in await tg.say(
        "/commit Call mum every Sunday at 6pm")
    skipped = await tg.say("/skip 1")
    assert "⏭ Skipped #1·1" in skipped and "Next: #1·2, Sun 6 Dec, 18:00." in skipped
    assert checkins(await tick_at(ticker, clock, fake, datetime(2026, 11, 29, 18, 0, tzinfo=BERLIN))) == []
    assert "You have no repeating action #1" in await tg.say("/stop 1", user=OTHER)
    assert "You have no action #1·2" in await tg.say("/done 1·2", user=OTHER)
    assert "You have no action #1·99999999999" in await tg.say("/done 1·99999999999")
    await tg.say("/actions")  # a real keyboard; its callback data is then forged
    for data in ("done:1.²", "done:1.99999999999", "more_time:1.x"):
        sent = await tg.deliver(fake.user_press, USER, USER, data, message_id=tg.last()["message_id"])
        assert "out of date" in sent[0]["text"]
    stopped = await tg.say("/stop 1")
    assert "⏹ Stopped #1 Call mum" in stopped
    assert checkins(await tick_at(ticker, clock, fake, datetime(2026, 12, 6, 18, 0, tzinfo=BERLIN))) == []
    assert "has already stopped" in await tg.say("/stop 1")
    assert "No open actions" in await tg.say("/actions")
