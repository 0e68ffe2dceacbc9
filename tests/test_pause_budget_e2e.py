"""Pause, the daily message budget with bundling, and the morning plan (issue 14), through the
real PTB adapter over the Bot API stand-in, under the manual clock, in the weeks Europe (25 Oct
2026) and the US (1 Nov 2026) leave daylight-saving time."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from bot.registry import Registry
from handlers import CoreConfig
from scheduler import Ticker
from tests.fakes import FakeTelegram, button_data
from tests.support.telegram_harness import OTHER, USER, Harness

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")


def ticker(tg: Harness, store: Any, clock: Any) -> Ticker:
    registry = Registry()
    assert tg.adapter is not None
    registry.add("telegram", tg.adapter.sender)
    return Ticker(store, registry, clock, CoreConfig(default_timezone="UTC"))


async def run_until(t: Ticker, clock: Any, end: datetime, step: timedelta = timedelta(minutes=15)) -> None:
    """Tick every `step` up to `end`, as the running bot would (more coarsely)."""
    while clock.now() < end:
        clock.set(min(clock.now() + step, end))
        await t.tick()


def unprompted(fake: FakeTelegram, before: int) -> list[str]:
    return fake.texts_to(USER)[before:]


async def test_pause_holds_everything_and_the_morning_after_brings_one_check_in(tg, fake, store, clock):
    clock.set(datetime(2026, 10, 21, 9, 0, tzinfo=timezone.utc))  # Wed; Berlin leaves DST on Sun 25 Oct
    await tg.say("/tz Berlin")
    await tg.say("/commit Send the deck by Friday 5pm")      # Fri 23 Oct, inside the pause
    await tg.say("/commit Call Anna on Monday 10am")         # Mon 26 Oct, inside the pause
    await tg.say("/commit Book the venue on Thursday 29 Oct 3pm")  # after it
    await tg.say("/metric add calls daily at 17:30")
    reply = await tg.say("/pause until Tuesday")
    assert "Paused through Mon 26 Oct (back Tue 27 Oct)" in reply and "Due while you're away (2)" in reply
    t = ticker(tg, store, clock)
    before = len(fake.texts_to(USER))
    await run_until(t, clock, datetime(2026, 10, 27, 6, 45, tzinfo=timezone.utc), timedelta(hours=1))  # Tue 07:45
    assert unprompted(fake, before) == []                    # no reminder, check-in, metric question, digest
    await run_until(t, clock, datetime(2026, 10, 27, 7, 15, tzinfo=timezone.utc))  # 08:15: quiet hours over
    got = unprompted(fake, before)
    assert len(got) == 1                                     # ONE message the morning after, both check-ins in it
    assert got[0].startswith("📋 2 things for you today:")
    assert "Did you do #1 Send the deck?" in got[0] and "Did you do #2 Call Anna?" in got[0]
    assert "How many calls" not in got[0]                    # the pause's days are not asked after it
    bundle = fake.messages_to(USER)[-1]
    assert {"done:1", "done:2", "more_time:1", "drop:2"} <= set(button_data(bundle))
    assert "Done: #1" in await tg.press("done:1")            # a press settles its own item only
    edited = next(m for m in fake.messages_to(USER) if m["message_id"] == bundle["message_id"])
    kept = button_data(edited)                               # #2's choices and its snoozes stay, #1's rows go
    assert sorted(d for d in kept if not d.startswith("snooze")) == ["done:2", "drop:2", "more_time:2"]
    assert kept and all(d.split(":")[1] == "2" for d in kept if d.startswith("snooze"))
    assert edited["text"].endswith("→ #1 ✅ Done")
    update = fake.user_press(USER, "done:1", message_id=bundle["message_id"])  # a second press, already on its way
    await tg.wait(update)
    assert "already done" in fake.texts_to(USER)[-1]
    before = len(fake.texts_to(USER))
    await run_until(t, clock, datetime(2026, 10, 27, 12, 0, tzinfo=timezone.utc))
    assert unprompted(fake, before) == []                    # nothing repeated


async def test_resume_and_words_and_bad_input(tg, fake, store, clock):
    await tg.say("/tz New York")
    await tg.say("/commit Call the bank by Wednesday 5pm")
    assert "couldn't read" in await tg.say("/pause until yesterday")
    assert "couldn't read" in await tg.say("/pause 9999 weeks")
    assert "couldn't read" in await tg.say("/pause " + "9" * 1900)
    reply = await tg.say("I'm on vacation until Monday")     # plain words pause too
    assert "Paused through Sun 29 Nov (back Mon 30 Nov)" in reply and "#1 Call the bank" in reply
    assert "paused until Mon 30 Nov, 00:00" in await tg.say("/pause")
    assert "Welcome back" in await tg.say("/resume")
    assert "weren't paused" in await tg.say("/resume")
    reply = await tg.say("I'm off sick until Thursday")
    assert "Paused through" in reply
    assert "Welcome back" in await tg.say("back from vacation!")
    assert "/pause until Dec 28" in await tg.say("/help") and "/budget" in await tg.say("/help")


async def test_twelve_nudges_in_one_day_fit_the_budget_bundled_with_check_ins_first(tg, fake, store, clock):
    clock.set(datetime(2026, 10, 29, 12, 0, tzinfo=timezone.utc))  # Thu; New York leaves DST on Sun 1 Nov
    await tg.say("/tz New York")
    await tg.say("/reminders 1h")
    for hour in range(9, 21):                                # twelve deadlines on Mon 2 Nov, 09:00 .. 20:00
        clock.advance(timedelta(seconds=1))
        await tg.say(f"/commit Task {hour} on Monday at {hour}:00")
    assert "At most 6 unprompted" in await tg.say("/budget")
    t = ticker(tg, store, clock)
    before = len(fake.texts_to(USER))
    clock.set(datetime(2026, 11, 2, 12, 0, tzinfo=timezone.utc))  # Mon 07:00 EST: nothing was due before
    await t.tick()
    await run_until(t, clock, datetime(2026, 11, 3, 2, 30, tzinfo=timezone.utc), timedelta(minutes=5))  # 21:30 EST
    got = unprompted(fake, before)
    assert len(got) <= 6                                     # the budget holds
    checked = {n for n in range(1, 13) if any(f"Did you do #{n} " in m for m in got)}
    assert checked == set(range(1, 13))                      # nothing lost: every deadline got its check-in
    last = got[-1]
    assert last.startswith("📋") and last.index("Did you do") < last.find("Coming up") if "Coming up" in last else True
    messages = fake.messages_to(USER)[before:]
    for m in messages:                                       # each item its choices and its snooze row
        choices = [d for d in button_data(m) if not d.startswith("snooze")]
        assert len(choices) == 3 * m["text"].count("Did you do") + m["text"].count("Coming up")  # reminders: ✅ Done
        assert {d.split(":")[1] for d in button_data(m) if d.startswith("snooze")} == {
            d.split(":")[1] for d in choices}


async def test_budget_bad_input(tg):
    assert "couldn't read" in await tg.say("/budget 0")
    assert "couldn't read" in await tg.say("/budget ²")
    assert "couldn't read" in await tg.say("/budget 99999999999999999999")
    assert "At most 3 unprompted" in await tg.say("/budget 3")


async def test_morning_plan_folds_that_days_reminders(tg, fake, store, clock):
    clock.set(datetime(2026, 10, 22, 9, 0, tzinfo=timezone.utc))  # Thu; Berlin leaves DST on Sun 25 Oct
    await tg.say("/tz Berlin")
    await tg.say("/commit Send the deck on Monday 11am")
    await tg.say("/commit Pay the invoice on Sunday 5pm")    # missed on Sunday: listed Monday
    reply = await tg.say("/morning 08:30")
    assert "Morning plan at 08:30" in reply
    t = ticker(tg, store, clock)
    await run_until(t, clock, datetime(2026, 10, 26, 7, 20, tzinfo=timezone.utc), timedelta(hours=1))  # Mon 08:20
    before = len(fake.texts_to(USER))
    await run_until(t, clock, datetime(2026, 10, 26, 11, 0, tzinfo=timezone.utc), timedelta(minutes=5))  # 12:00
    got = unprompted(fake, before)
    morning = [m for m in got if "Good morning" in m]
    assert len(morning) == 1 and "#1 Send the deck at 11:00" in morning[0] and "#2 Pay the invoice" in morning[0]
    assert not any("Coming up" in m and "#1" in m for m in got)  # the 1h reminder folded into the plan
    assert any("Did you do #1 Send the deck?" in m for m in got)  # the check-in still comes
    assert "off" in await tg.say("/morning off")
    assert "couldn't read" in await tg.say("/morning 25:99")


async def test_the_coach_sees_paused_until_and_paused_days_are_not_missing(tg, fake, store, clock):
    sam: dict[str, Any] = dict(user=OTHER, first_name="Sam", last_name=None)
    await tg.say("/tz Berlin", **sam)
    code = (await tg.say("/coach", **sam)).split("/join ")[1].split()[0]
    await tg.say("/tz Berlin")
    await tg.say(f"/join {code}")
    await tg.say("/metric add calls weekly friday target 20")
    await tg.say("/pause until Dec 28")
    listing = await tg.say("/clients", **sam)
    assert "⏸ paused until Mon 28 Dec" in listing              # back that day
    assert "calls nothing logged" not in listing             # the paused days are not counted as missing
