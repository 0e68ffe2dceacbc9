"""Snooze over the wire: the real PTB client and the real core against the Bot API stand-in, the
scheduler's tick under the manual clock. A snooze moves the next nudge, never the deadline; past the
deadline it asks. Both daylight-saving changes fall inside the weeks tested: the EU one (Sun 25 Oct
2026) under a button snooze in Berlin, the US one (Sun 1 Nov 2026) under snoozes in words in New York.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from storage import Action
from tests.fakes import FakeTelegram, button_data, button_labels
from tests.support.telegram_harness import OTHER, USER, Harness
from tests.test_reporting_e2e import ticker


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=timezone.utc)


async def tick_at(tg: Harness, store: Any, clock: Any, when: datetime) -> list[str]:
    """Tick (twice: the second must add nothing) at `when`; the texts the person got."""
    before = len(tg.fake.messages_to(USER))
    clock.set(when)
    await ticker(tg, store, clock).tick()
    got = tg.fake.texts_to(USER)[before:]
    await ticker(tg, store, clock).tick()
    assert tg.fake.texts_to(USER)[before:] == got
    return got


async def action_one(store: Any, user: int = USER) -> Action:
    async with store.unit() as u:
        person = await u.people.find("telegram", str(user))
        found = await u.actions.by_number(person.id, 1)
        assert found is not None
        return found


def message(fake: FakeTelegram, message_id: int) -> dict[str, Any]:
    return next(m for m in fake.messages_to(USER) if m["message_id"] == message_id)


async def test_snooze_button_moves_the_nudge_across_the_eu_clock_change(tg: Harness, fake: FakeTelegram,
                                                                         store: Any, clock: Any) -> None:
    clock.set(utc(2026, 10, 23, 10, 0))                                     # Fri 23 Oct, 12:00 in Berlin
    await tg.say("/tz Europe/Berlin")
    await tg.say("/reminders 2d")
    assert "due Mon 26 Oct, 17:00" in await tg.say("/commit Send the report Monday 5pm")
    # Sat 18:00 (CEST), 48 h ahead: the reminder, with snooze choices that fit the evening (no "this evening").
    assert await tick_at(tg, store, clock, utc(2026, 10, 24, 16, 0)) == [
        "⏰ Coming up in 2d: #1 Send the report, due Mon 26 Oct, 17:00."]
    reminder = tg.last()
    assert button_data(reminder) == ["done:1", "snooze:1:1h:0", "snooze:1:morn:0", "snooze:1:week:0"]
    assert button_labels(reminder)[1:] == ["⏰ 1 h", "🌅 Tomorrow 09:00", "📅 Next week (Mon 09:00)"]

    snoozed = await tg.press("snooze:1:morn:0")
    assert ("😴 Snoozed #1 Send the report: I'll remind you tomorrow at 09:00. The deadline stays "
            "Mon 26 Oct, 17:00 (snoozed 1 time).") in snoozed
    edited = message(fake, reminder["message_id"])
    assert button_data(edited) == [] and edited["text"].endswith("→ 🌅 Tomorrow 09:00")   # the press edits it
    again = tg.fake.user_press(USER, "snooze:1:week:0", message_id=reminder["message_id"])  # already on its way
    await tg.wait(again)
    assert fake.texts_to(USER)[-1] == "#1 was already snoozed: its next nudge comes tomorrow at 09:00."
    action = await action_one(store)
    assert (action.snoozes, action.deadline) == (1, utc(2026, 10, 26, 16, 0))   # counted once; deadline kept

    # Sunday 09:00 in Berlin is 08:00 UTC after the clocks went back (it would be 07:00 in summer time).
    assert await tick_at(tg, store, clock, utc(2026, 10, 25, 7, 59)) == []
    assert await tick_at(tg, store, clock, utc(2026, 10, 25, 8, 0)) == [
        "😴 Snoozed reminder: #1 Send the report is due tomorrow at 17:00."]
    assert "snooze:1:1h:1" in button_data(tg.last())                    # snoozable again, with the new count
    monday = await tick_at(tg, store, clock, utc(2026, 10, 26, 16, 0))    # with the weekly digest, sent at 08:00
    assert "Did you do #1 Send the report? (due Mon 26 Oct, 17:00)" in monday   # the check-in comes on time
    assert any("   #1 Send the report (snoozed 1×)" in text for text in monday)


async def test_snooze_in_words_across_the_us_clock_change_asks_before_passing_the_deadline(
        tg: Harness, fake: FakeTelegram, store: Any, clock: Any) -> None:
    clock.set(utc(2026, 10, 30, 14, 0))                                     # Fri 30 Oct, 10:00 in New York
    await tg.say("/tz America/New_York")
    assert "due Mon 2 Nov, 10:00" in await tg.say("/commit Call the bank Monday 10am")
    clock.set(utc(2026, 10, 31, 16, 0))                                     # Sat 12:00 EDT
    asked = await tg.say("snooze #1 for 2 days")                            # Mon 12:00 EST: past the deadline
    assert asked == ("Mon 2 Nov, 12:00 is after the deadline: #1 Call the bank is due Mon 2 Nov, 10:00. "
                     "Move the deadline, or keep it and remind you then?")
    question = tg.last()
    move, keep = button_data(question)
    assert move.startswith("snooze_move:1:") and keep.startswith("snooze_keep:1:")
    assert "📅 #1 Call the bank moved to Mon 2 Nov, 12:00 (moved 1 time)." in await tg.press(move)
    assert (await action_one(store)).deadline == utc(2026, 11, 2, 17, 0)   # 12:00 EST, wall time kept
    stale = tg.fake.user_press(USER, keep, message_id=question["message_id"])
    await tg.wait(stale)
    assert "out of date" in fake.texts_to(USER)[-1]                          # the question counts once

    snoozed = await tg.say("remind me about #1 on Sunday 3pm")              # before the deadline: applied
    assert "I'll remind you tomorrow at 15:00. The deadline stays Mon 2 Nov, 12:00" in snoozed
    assert await tick_at(tg, store, clock, utc(2026, 11, 1, 17, 0)) == []  # the 1-day reminder is held
    assert await tick_at(tg, store, clock, utc(2026, 11, 1, 20, 0)) == [   # Sun 15:00 EST
        "😴 Snoozed reminder: #1 Call the bank is due tomorrow at 12:00."]
    monday = await tick_at(tg, store, clock, utc(2026, 11, 2, 16, 0))     # and the weekly digest of 08:00
    assert "⏰ Coming up in 1h: #1 Call the bank, due Mon 2 Nov, 12:00." in monday   # the 1-hour reminder comes
    assert any("#1 Call the bank (moved 1×, snoozed 1×)" in text for text in monday)
    action = await action_one(store)
    assert (action.snoozes, action.moves) == (1, 1)


async def test_later_after_a_checkin_asks_then_reminds_once(tg: Harness, fake: FakeTelegram, store: Any,
                                                            clock: Any) -> None:
    await tg.say("/tz UTC")
    await tg.say("/commit Call Anna today 11am")                             # Mon 23 Nov
    assert await tick_at(tg, store, clock, utc(2026, 11, 23, 11, 0)) == [
        "Did you do #1 Call Anna? (due Mon 23 Nov, 11:00)"]
    assert [d.split(":")[0] for d in button_data(tg.last())] == ["done", "more_time", "drop", "snooze", "snooze",
                                                                 "snooze"]
    assert "12:00 is after the deadline: #1 Call Anna was due Mon 23 Nov, 11:00" in await tg.say("later")
    kept = await tg.press(button_data(tg.last())[1])
    assert "I'll remind you today at 12:00. The deadline was Mon 23 Nov, 11:00 (snoozed 1 time)." in kept
    assert await tick_at(tg, store, clock, utc(2026, 11, 23, 12, 0)) == [
        "😴 As you asked: did you do #1 Call Anna? (due Mon 23 Nov, 11:00)"]
    assert await tick_at(tg, store, clock, utc(2026, 11, 24, 8, 0)) == []  # no follow-up after it
    assert "🎉 Done: #1 Call Anna (after its deadline)" in await tg.press("done:1")


async def test_snooze_command_offers_choices_and_refuses_what_is_not_yours(tg: Harness, fake: FakeTelegram,
                                                                         store: Any) -> None:
    await tg.say("/tz UTC")
    await tg.say("/commit Call Anna tomorrow 5pm")
    assert "Snooze #1 Call Anna until when?" in await tg.say("/snooze 1")
    assert [d.split(":")[1:] for d in button_data(tg.last())] == [["1", "1h", "0"], ["1", "eve", "0"],
                                                                 ["1", "week", "0"]]
    await tg.say("/commit Think about pricing")
    assert "has no deadline, so there is nothing to snooze" in await tg.say("/snooze 2 tomorrow")
    assert "I couldn't read when" in await tg.say("/snooze 1 whenever the stars align")
    assert "no action #7" in await tg.say("/snooze 7 tomorrow")

    other: dict[str, Any] = dict(user=OTHER, first_name="Sam", last_name=None)
    await tg.say("/tz UTC", **other)
    assert "You have no action #1" in await tg.say("/snooze 1 tomorrow", **other)
    own = tg.fake.messages_to(OTHER)[-1]["message_id"]
    for forged in ("snooze:1:1h:0", "snooze_keep:1:1795000000:0:0", "snooze_move:1:1795000000:0:0"):
        press = tg.fake.user_press(OTHER, forged, message_id=own)            # Ada's #1, pressed by Sam
        await tg.wait(press)
        assert "no action #1" in tg.fake.texts_to(OTHER)[-1]
    for forged in ("snooze:1:forever:0", "snooze:²:1h:0", "snooze_at:1:99999999999999:0:0", "snooze_pick:x"):
        press = tg.fake.user_press(USER, forged, message_id=tg.last()["message_id"])
        await tg.wait(press)
        assert "out of date" in tg.fake.texts_to(USER)[-1]
    action = await action_one(store)
    assert (action.snoozes, action.snoozed_until) == (0, None)                # nothing of Ada's changed
