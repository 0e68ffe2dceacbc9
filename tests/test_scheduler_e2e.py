"""The scheduler through the real Telegram adapter, under the manual clock: preference changes
re-plan everything, the policy holds what quiet hours and spacing forbid, reminders brought
forward say when in words, and one person's bad data costs no one else a nudge."""
from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from handlers import CoreConfig, digest, nudges
from scheduler import Delivery, Ticker
from tests.fakes import FakeTelegram
from tests.support.telegram_harness import OTHER, USER, Harness

BERLIN, LA, NY = ZoneInfo("Europe/Berlin"), ZoneInfo("America/Los_Angeles"), ZoneInfo("America/New_York")

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _no_sleep(_seconds: float) -> None:
    return None


@pytest.fixture
def ticker(tg: Harness, store: Any, clock: Any) -> Ticker:
    assert tg.adapter is not None
    sender = tg.adapter.sender
    return Ticker(store, sender, clock, CoreConfig(default_timezone="UTC"),
                  delivery=Delivery(store, sender, clock, sleep=_no_sleep))


async def tick_at(ticker: Ticker, clock: Any, fake: FakeTelegram, when: datetime, chat: int = USER,
                  digests: bool = False) -> list[str]:
    """Tick (twice: the second must add nothing) at `when`; the texts the chat got (weekly
    digests only when asked for)."""
    clock.set(when)
    before = len(fake.texts_to(chat))
    await ticker.tick()
    await ticker.tick()
    return [t for t in fake.texts_to(chat)[before:] if digests or not t.startswith("🗓")]


async def test_tz_change_keeps_todays_metric_question_and_replans_the_digest(tg, ticker, clock, fake, store):
    assert "America/Los_Angeles" in await tg.say("/tz Los Angeles")
    assert "Tracking calls" in await tg.say("/metric add calls daily at 18:00")
    asked = await tick_at(ticker, clock, fake, datetime(2026, 11, 23, 18, 0, tzinfo=LA))
    assert asked == ["How many calls today, Mon 23 Nov? Reply with a number."]
    assert "12" in await tg.say("12")

    clock.set(datetime(2026, 11, 24, 8, 0, tzinfo=LA))  # Tue 17:00 in Berlin: they flew over
    assert "Europe/Berlin" in await tg.say("/tz Berlin")
    assert await tick_at(ticker, clock, fake, datetime(2026, 11, 24, 17, 0, tzinfo=BERLIN)) == []
    asked = await tick_at(ticker, clock, fake, datetime(2026, 11, 24, 18, 0, tzinfo=BERLIN))
    assert asked == ["How many calls today, Tue 24 Nov? Reply with a number."]
    async with store.unit() as u:
        person = await u.people.find("telegram", str(USER))
        assert person.next_digest_at == datetime(2026, 11, 30, 8, 0, tzinfo=BERLIN)  # Monday 08:00 in Berlin now
    digest = await tick_at(ticker, clock, fake, datetime(2026, 11, 30, 8, 0, tzinfo=BERLIN), digests=True)
    assert [t[:26] for t in digest if t.startswith("🗓")] == ["🗓 Your week, Mon 23 Nov – "]


async def test_digest_time_change_replans_through_the_same_path(tg, ticker, clock, fake, store):
    await tg.say("/tz Berlin")
    await tg.say("/commit Send the report by Wednesday 5pm")
    assert "Fridays at 16:00" in await tg.say("/digest time fri 4pm")
    async with store.unit() as u:
        assert (await u.people.find("telegram", str(USER))).next_digest_at == clock.now()
    early = await tick_at(ticker, clock, fake, datetime(2026, 11, 27, 15, 59, tzinfo=BERLIN), digests=True)
    assert [t for t in early if t.startswith("🗓")] == []
    texts = await tick_at(ticker, clock, fake, datetime(2026, 11, 27, 16, 0, tzinfo=BERLIN), digests=True)
    assert [t[:26] for t in texts if t.startswith("🗓")] == ["🗓 Your week, Fri 20 Nov – "]


async def test_an_assignment_waits_for_the_clients_quiet_hours(tg, ticker, clock, fake):
    invite = await tg.say("/coach", user=OTHER, first_name="Sam", last_name=None)
    code = invite.split("/join ")[1].split()[0]
    await tg.say("/tz New York")
    assert "coached by Sam" in await tg.say(f"/join {code}")
    before = len(fake.texts_to(USER))
    # Mon 09:00 UTC: 04:00 in New York, inside the client's quiet hours.
    reply = await tg.say("/assign 1 Send the proposal by Friday 5pm", user=OTHER, first_name="Sam", last_name=None)
    assert "Assigned to Ada Lovelace: #1 Send the proposal" in reply and "quiet hours" in reply
    assert fake.texts_to(USER)[before:] == []
    assert await tick_at(ticker, clock, fake, datetime(2026, 11, 23, 7, 59, tzinfo=NY)) == []
    assert await tick_at(ticker, clock, fake, datetime(2026, 11, 23, 8, 0, tzinfo=NY)) == [
        "📌 Sam (your coach) gave you an action: #1 Send the proposal, due Fri 27 Nov, 17:00."]


async def test_never_two_nudges_about_one_action_within_an_hour(tg, ticker, clock, fake):
    await tg.say("/tz Berlin")
    await tg.say("/reminders 30m")
    await tg.say("/commit Call the supplier by Wednesday 5pm")
    assert await tick_at(ticker, clock, fake, datetime(2026, 11, 25, 16, 30, tzinfo=BERLIN)) == [
        "⏰ Coming up in 30m: #1 Call the supplier, due Wed 25 Nov, 17:00."]
    assert await tick_at(ticker, clock, fake, datetime(2026, 11, 25, 17, 0, tzinfo=BERLIN)) == []
    assert await tick_at(ticker, clock, fake, datetime(2026, 11, 25, 17, 30, tzinfo=BERLIN)) == [
        "Did you do #1 Call the supplier? (due Wed 25 Nov, 17:00)"]


async def test_a_reminder_brought_forward_before_quiet_hours_says_when_in_words(tg, ticker, clock, fake):
    await tg.say("/tz Berlin")
    await tg.say("/commit Catch the early train Thursday 7am")
    texts = await tick_at(ticker, clock, fake, datetime(2026, 11, 25, 20, 55, tzinfo=BERLIN))
    assert texts == ["⏰ Coming up: #1 Catch the early train is due tomorrow at 07:00."]
    assert "in 1h" not in texts[0]


async def test_one_persons_broken_digest_costs_no_one_else_theirs(tg, ticker, clock, fake, monkeypatch):
    for user, name in ((USER, "Ada"), (OTHER, "Bo")):
        await tg.say("/tz Berlin", user=user, first_name=name)
        await tg.say("/metric add calls daily at 18:00", user=user, first_name=name)
        await tg.say("/log calls 5", user=user, first_name=name)
    real = digest.render_client

    async def breaks_for_ada(rec, *args, **kw):  # bad data of Ada's that the renderer chokes on
        if rec.person.name.startswith("Ada"):
            raise ValueError("Axis limits cannot be NaN or Inf")
        return await real(rec, *args, **kw)

    monkeypatch.setattr(digest, "render_client", breaks_for_ada)
    clock.set(datetime(2026, 11, 30, 8, 0, tzinfo=BERLIN))
    await ticker.tick()
    assert [t[:26] for t in fake.texts_to(OTHER) if t.startswith("🗓")] == ["🗓 Your week, Mon 23 Nov – "]
    assert [t for t in fake.texts_to(USER) if t.startswith("🗓")] == []


async def test_one_persons_broken_nudge_costs_no_one_else_theirs(tg, ticker, clock, fake, monkeypatch):
    for user, name in ((USER, "Ada"), (OTHER, "Bo")):
        await tg.say("/tz Berlin", user=user, first_name=name)
        await tg.say(f"/commit {name}'s report by Tuesday 5pm", user=user, first_name=name)
    real = nudges.checkin

    def breaks_for_ada(action, *args):
        if action.text.startswith("Ada"):
            raise ValueError("bad stored data")
        return real(action, *args)

    monkeypatch.setattr(nudges, "checkin", breaks_for_ada)
    assert await tick_at(ticker, clock, fake, datetime(2026, 11, 24, 17, 0, tzinfo=BERLIN), chat=OTHER) == [
        "Did you do #1 Bo's report? (due Tue 24 Nov, 17:00)"]
    assert not [t for t in fake.texts_to(USER) if t.startswith("Did you do")]  # Ada's could not be composed
    monkeypatch.setattr(nudges, "checkin", real)  # the data is mended: it goes out at the next look
    assert await tick_at(ticker, clock, fake, datetime(2026, 11, 24, 18, 0, tzinfo=BERLIN)) == [  # an hour on
        "Did you do #1 Ada's report? (due Tue 24 Nov, 17:00)"]


async def test_one_persons_broken_record_costs_no_one_else_their_digest(tg, ticker, clock, fake, monkeypatch):
    from handlers import record

    for user, name in ((USER, "Ada"), (OTHER, "Bo")):
        await tg.say("/tz Berlin", user=user, first_name=name)
        await tg.say("/coach", user=user, first_name=name)  # coaches get a coach digest too
        await tg.say(f"/commit {name}'s report by Tuesday 5pm", user=user, first_name=name)
    real = record.records

    async def breaks_with_ada(u, people, *args, **kw):  # reading Ada's week fails, and any page holding her
        if any(p.name.startswith("Ada") for p in people):
            raise ValueError("bad stored data")
        return await real(u, people, *args, **kw)

    from scheduler.sources import client_digests

    for module in (record, client_digests, digest):
        monkeypatch.setattr(module, "records", breaks_with_ada)
    await tick_at(ticker, clock, fake, datetime(2026, 11, 30, 8, 0, tzinfo=BERLIN), chat=OTHER)
    got = sorted(t.splitlines()[0] for t in fake.texts_to(OTHER) if t.startswith(("🗓", "🧭")))  # sent concurrently
    assert got[0].startswith("🗓 Your week, Mon 23 Nov") and got[1].startswith("🧭 Your clients") and len(got) == 2
    assert [t for t in fake.texts_to(USER) if t.startswith("🗓")] == []  # only Ada's own week is lost
