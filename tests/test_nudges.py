"""Nudges end to end through the core and the tick, on a real database and a manual clock."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers import Core, DeliveryFailed, RecipientGone
from scheduler import Delivery, Ticker
from tests.support.chat import Person
from tests.support.senders import RecordingSender

BERLIN = ZoneInfo("Europe/Berlin")


async def _no_sleep(_seconds: float) -> None:
    return None


@pytest.fixture
def sender() -> RecordingSender:
    return RecordingSender()


@pytest.fixture
def ticker(store, clock, sender, core) -> Ticker:
    return Ticker(store, sender, clock, core.config, delivery=Delivery(store, sender, clock, sleep=_no_sleep))


@pytest.fixture
async def ada(core):
    p = Person(core)
    await p.say("/tz Europe/Berlin")  # Mon 23 Nov 2026, 10:00 Berlin
    return p


def at(clock, *args) -> None:
    clock.set(datetime(*args).replace(tzinfo=BERLIN))


async def run(ticker, clock, *when) -> list[str]:
    """Tick twice at `when` (the second must send nothing new); return the new texts, leaving
    out weekly digests (tested in test_coaching_digest.py)."""
    at(clock, *when)
    before = len(ticker.delivery.sender.sent)
    await ticker.tick()
    await ticker.tick()
    return [r.text for _, r in ticker.delivery.sender.sent[before:] if not r.text.startswith("🗓")]


async def test_reminders_checkin_and_one_followup_each_once(ada, ticker, clock, sender):
    await ada.say("/commit Call the supplier by Friday 5pm")
    assert await run(ticker, clock, 2026, 11, 26, 16, 59) == []
    assert await run(ticker, clock, 2026, 11, 26, 17, 0) == [
        "⏰ Coming up in 1d: #1 Call the supplier, due Fri 27 Nov, 17:00."]
    assert await run(ticker, clock, 2026, 11, 27, 16, 0) == [
        "⏰ Coming up in 1h: #1 Call the supplier, due Fri 27 Nov, 17:00."]
    checkin = await run(ticker, clock, 2026, 11, 27, 17, 0)
    assert checkin == ["Did you do #1 Call the supplier? (due Fri 27 Nov, 17:00)"]
    assert [b.label for b in sender.sent[-1][1].buttons[0]] == ["✅ Done", "⏳ Need more time", "🗑 Drop"]
    assert await run(ticker, clock, 2026, 11, 27, 23, 0) == []  # quiet hours
    assert await run(ticker, clock, 2026, 11, 28, 8, 0) == [
        "Following up once: did you do #1 Call the supplier? It was due Fri 27 Nov, 17:00."]
    assert await run(ticker, clock, 2026, 11, 30, 8, 0) == []  # no nagging beyond that
    assert "🔴 #1 Call the supplier, missed: due Fri 27 Nov, 17:00" in await ada.say("/actions")  # grace ended


async def test_done_on_checkin_means_no_followup(ada, ticker, clock):
    await ada.say("/commit Send invoice tomorrow 3pm")
    await run(ticker, clock, 2026, 11, 24, 15, 0)
    assert "Done: #1 Send invoice" in await ada.press("done", "1")
    assert await run(ticker, clock, 2026, 11, 25, 8, 0) == []


async def test_need_more_time_moves_and_replans(ada, ticker, clock):
    await ada.say("/commit Draft the plan tomorrow 3pm")
    await run(ticker, clock, 2026, 11, 24, 15, 0)
    assert "By when will you do #1" in await ada.press("more_time", "1")
    clock.advance(timedelta(minutes=2))
    assert "moved to Thu 26 Nov, 12:00 (moved 1 time)" in await ada.say("Thursday noon")
    assert await run(ticker, clock, 2026, 11, 25, 8, 0) == []  # answered: no follow-up
    assert await run(ticker, clock, 2026, 11, 25, 12, 0) == [
        "⏰ Coming up in 1d: #1 Draft the plan, due Thu 26 Nov, 12:00."]


async def test_moving_a_deadline_replans_reminders(ada, ticker, clock):
    await ada.say("/commit Review contract by Wednesday 5pm")
    await ada.say("/move 1 Friday 5pm")
    assert await run(ticker, clock, 2026, 11, 24, 17, 0) == []  # the old 24 h reminder is gone
    assert await run(ticker, clock, 2026, 11, 25, 17, 0) == []
    assert len(await run(ticker, clock, 2026, 11, 26, 17, 0)) == 1


async def test_zone_change_replans(ada, ticker, clock):
    await ada.say("/commit Call Tokyo office by Wednesday 5pm")  # 17:00 Berlin = 16:00 UTC
    await ada.say("/tz America/New_York")  # the deadline instant stays; quiet hours move
    texts = await run(ticker, clock, 2026, 11, 25, 16, 0)  # 10:00 in New York
    assert texts == ["⏰ Coming up in 1h: #1 Call Tokyo office, due Wed 25 Nov, 11:00."]


async def test_reminder_in_quiet_hours_is_sent_just_before(ada, ticker, clock):
    await ada.say("/commit Catch the early train Wednesday 6:30am")
    assert await run(ticker, clock, 2026, 11, 23, 20, 54) == []
    # Brought forward before quiet hours, a reminder says when the action is due in words.
    assert await run(ticker, clock, 2026, 11, 23, 20, 55) == [
        "⏰ Coming up: #1 Catch the early train is due Wednesday at 06:30."]
    texts = await run(ticker, clock, 2026, 11, 24, 20, 55)
    assert texts == ["⏰ Coming up: #1 Catch the early train is due tomorrow at 06:30."]
    assert await run(ticker, clock, 2026, 11, 25, 6, 30) == []  # check-in waits for 08:00
    assert await run(ticker, clock, 2026, 11, 25, 8, 0) == [
        "Did you do #1 Catch the early train? (due Wed 25 Nov, 06:30)"]


async def test_after_downtime_only_the_checkin_is_sent(ada, ticker, clock):
    await ada.say("/commit File taxes Wednesday 5pm")
    texts = await run(ticker, clock, 2026, 11, 26, 10, 0)  # the bot was down for days
    assert texts == ["Did you do #1 File taxes? (due Wed 25 Nov, 17:00)"]


async def test_reminder_settings(ada, ticker, clock):
    assert "Reminders: 1d, 1h before each deadline" in await ada.say("/reminders")
    assert "Reminders set: 2h 30m before each deadline." in await ada.say("/reminders 2h30m")
    assert "couldn't read" in await ada.say("/reminders sometimes")
    await ada.say("/commit Pitch deck tomorrow 5pm")
    assert await run(ticker, clock, 2026, 11, 24, 14, 30) == [
        "⏰ Coming up in 2h 30m: #1 Pitch deck, due Tue 24 Nov, 17:00."]
    assert "Reminders are off" in await ada.say("/reminders off")
    await ada.say("/done 1")
    await ada.say("/commit Second thing Thursday 5pm")
    assert await run(ticker, clock, 2026, 11, 26, 16, 0) == []
    assert await run(ticker, clock, 2026, 11, 26, 17, 0) == ["Did you do #2 Second thing? (due Thu 26 Nov, 17:00)"]


async def test_quiet_hours_setting(ada, ticker, clock):
    assert "Quiet hours: 21:00-08:00 (Europe/Berlin)" in await ada.say("/quiet")
    assert "22:00-07:00" in await ada.say("/quiet 22:00-07:00")
    assert "couldn't read" in await ada.say("/quiet later")
    await ada.say("/commit Night task Tuesday 21:30")
    assert await run(ticker, clock, 2026, 11, 24, 21, 30) == ["Did you do #1 Night task? (due Tue 24 Nov, 21:30)"]
    assert "off" in await ada.say("/quiet off")


async def test_insight_followup_once_with_buttons(ada, ticker, clock):
    await ada.say("Insight: I never ask for referrals")
    assert await run(ticker, clock, 2026, 11, 24, 9, 0) == []
    texts = await run(ticker, clock, 2026, 11, 24, 10, 0)
    assert texts == ["You noted: “I never ask for referrals”\nWhat is one action you will take on it?"]
    arg = ticker.delivery.sender.sent[-1][1].buttons[0][0].arg
    assert "What will you do about" in await ada.press("insight_act", arg)
    assert "From your insight" in await ada.say("I'll ask two clients for referrals by Friday")
    assert await run(ticker, clock, 2026, 11, 26, 10, 0) == []


async def test_insight_just_a_thought_and_linked_insight_are_not_nudged(ada, ticker, clock):
    await ada.say("Insight: mornings are my best hours")
    await ada.say("Insight: short emails get answers")
    await ada.say("I'll shorten my follow-up template by Friday")  # links the second
    texts = await run(ticker, clock, 2026, 11, 24, 11, 0)
    assert texts == ["You noted: “mornings are my best hours”\nWhat is one action you will take on it?"]
    arg = ticker.delivery.sender.sent[-1][1].buttons[0][1].arg
    assert "Kept as a thought" in await ada.press("insight_thought", arg)


async def test_transient_failures_are_retried_and_arrive_once(ada, ticker, clock, sender):
    await ada.say("/commit Send report tomorrow 5pm")
    sender.fail_next(DeliveryFailed("502"), DeliveryFailed("timeout"))
    assert len(await run(ticker, clock, 2026, 11, 24, 16, 0)) == 1
    # All retries failing: the claim is given back and a later tick sends it.
    sender.fail_next(*[DeliveryFailed("down")] * 4)
    assert await run(ticker, clock, 2026, 11, 24, 17, 0) == []
    assert await run(ticker, clock, 2026, 11, 24, 17, 1) == ["Did you do #1 Send report? (due Tue 24 Nov, 17:00)"]


async def test_blocked_bot_stops_nudges_until_the_person_writes(ada, ticker, clock, sender):
    await ada.say("/commit A tomorrow 5pm")
    await ada.say("/commit B Wednesday 5pm")
    sender.fail_next(RecipientGone("403"))
    assert await run(ticker, clock, 2026, 11, 24, 16, 0) == []
    assert await run(ticker, clock, 2026, 11, 24, 17, 0) == []
    await ada.say("/actions")  # writing again reactivates
    assert await run(ticker, clock, 2026, 11, 24, 17, 1) == [  # due together: one bundled message
        "📋 2 things for you today:\n1. Did you do #1 A? (due Tue 24 Nov, 17:00)\n"
        "2. ⏰ Coming up in 1d: #2 B, due Wed 25 Nov, 17:00."]


async def test_restart_resends_an_interrupted_claim_exactly_once(ada, store, clock, sender, core):
    await ada.say("/commit Renew passport tomorrow 5pm")
    at(clock, 2026, 11, 24, 17, 0)

    class Crash(BaseException):
        pass

    class CrashingSender(RecordingSender):
        async def send(self, to, reply):
            raise Crash()

    crashing = Ticker(store, CrashingSender(), clock, core.config)
    with pytest.raises(Crash):
        await crashing.tick()  # "kill -9" after the claim, before the send
    clock.advance(timedelta(seconds=30))
    fresh = Ticker(store, sender, clock, core.config)
    await fresh.tick()
    await fresh.tick()
    assert sender.texts() == ["Did you do #1 Renew passport? (due Tue 24 Nov, 17:00)"]


async def test_paging_reaches_everyone(store, clock, sender, core):
    people = [Person(core, str(i)) for i in range(7)]
    for p in people:
        await p.say("/commit Task tomorrow 5pm")
    small = Ticker(store, sender, clock, core.config, page=2)
    clock.advance(timedelta(days=1, hours=8))  # Tue 17:00 UTC, after the deadline
    await small.tick()
    assert len(sender.sent) == 7 and {to.chat_id for to, _ in sender.sent} == {str(i) for i in range(7)}


async def test_no_nudges_for_done_dropped_or_undated_actions(ada, ticker, clock):
    await ada.say("/commit A tomorrow 5pm")
    await ada.say("/commit B tomorrow 5pm")
    await ada.say("/commit C")
    await ada.say("/cancel")
    await ada.say("/done 1")
    await ada.say("/drop 2")
    assert await run(ticker, clock, 2026, 11, 25, 9, 0) == []


async def test_each_person_gets_their_own_nudges_in_their_zone(core, ticker, clock, sender):
    ada, bob = Person(core, "1"), Person(core, "2", name="Bob")
    await ada.say("/tz Berlin")
    await bob.say("/tz New York")
    await ada.say("/commit Ada task tomorrow 9am")
    await bob.say("/commit Bob task tomorrow 9am")
    await run(ticker, clock, 2026, 11, 24, 9, 0)
    assert [(to.chat_id, r.text) for to, r in sender.sent] == [("1", "Did you do #1 Ada task? (due Tue 24 Nov, 09:00)")]
    await run(ticker, clock, 2026, 11, 24, 15, 0)  # 09:00 in New York
    assert sender.sent[-1][0].chat_id == "2" and "Bob task" in sender.sent[-1][1].text


def test_core_fixture_is_berlin_free(core: Core):
    assert core.config.default_timezone == "UTC"


async def test_plan_previews_the_next_hours_without_sending(ada, ticker, clock, sender):
    await ada.say("/commit A tomorrow 5pm")
    await ada.say("/commit B tomorrow 6pm")
    await run(ticker, clock, 2026, 11, 23, 10, 1)  # first look: plans reminders
    at(clock, 2026, 11, 24, 16, 30)
    assert await ticker.plan(clock.now() + timedelta(hours=1)) == {"reminder": 2}
    assert sender.sent == []


async def test_an_accepted_send_is_recorded_even_when_the_tick_is_cancelled(ada, store, clock, core):
    """Cancellation (a stop, a sibling's crash) must not open the duplicate window: once the
    platform accepted a nudge, its record is written and a restart does not send it again."""
    import asyncio

    await ada.say("/commit Renew passport tomorrow 5pm")
    at(clock, 2026, 11, 24, 17, 0)

    class CancelledOnAnswer(RecordingSender):
        task: asyncio.Task | None = None

        async def send(self, to, reply):
            message_id = await super().send(to, reply)
            assert self.task is not None
            asyncio.get_running_loop().call_soon(self.task.cancel)  # lands right after the answer
            return message_id

    first = CancelledOnAnswer()
    ticker = Ticker(store, first, clock, core.config)
    first.task = asyncio.create_task(ticker.tick())
    with pytest.raises(asyncio.CancelledError):
        await first.task
    await ticker.delivery.settle()
    clock.advance(timedelta(seconds=30))  # the restart
    second = RecordingSender()
    await Ticker(store, second, clock, core.config).tick()
    assert len(first.sent) == 1 and second.sent == []
