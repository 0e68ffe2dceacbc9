"""The everyday conversation over the wire (issue 16): the real PTB client and core against the Bot API
stand-in, under the manual clock. First contact asks the zone by every door; bare numbers never go to
a guessed metric; "By when?" lapses and never swallows a new commitment; everyday words (done, what's
open, away, back, hello, snooze) are answered, not offered as insights; titles stay as written.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from handlers import CoreConfig
from scheduler import Delivery, Ticker
from tests.fakes import FakeTelegram, button_data, button_labels
from tests.support.telegram_harness import OTHER, USER, Harness

BERLIN = ZoneInfo("Europe/Berlin")
OFFER = "Shall I keep that?"


async def _invite(tg: Harness) -> str:
    text = await tg.say("/coach", user=OTHER)
    return re.search(r"/join (\S+)", text).group(1)  # type: ignore[union-attr]


async def _deadline(store, number: int) -> datetime | None:
    async with store.unit() as u:
        person = await u.people.find("telegram", str(USER))
        action = await u.actions.by_number(person.id, number)
        return action.deadline


# -- 1. every first contact asks the zone ---------------------------------------------------------------

async def test_invite_link_asks_the_zone_and_deadlines_are_read_in_it(tg: Harness, fake: FakeTelegram, store) -> None:
    code = await _invite(tg)
    reply = await tg.say(f"/start {code}")
    assert "You're now coached by" in reply and "Which time zone are you in?" in reply
    assert "Time zone set to Europe/Berlin" in await tg.say("Berlin")
    assert "due Fri 27 Nov, 17:00" in await tg.say("I'll call Anna by Friday 5pm")
    assert await _deadline(store, 1) == datetime(2026, 11, 27, 16, 0, tzinfo=timezone.utc)  # 17:00 in Berlin


@pytest.mark.parametrize("first", ["/start", "/join CODE", "/help", "hi", "I'll call Anna by Friday 5pm",
                                   "Customers care about speed"])
async def test_every_first_contact_asks_the_zone(tg: Harness, first: str) -> None:
    first = first.replace("CODE", await _invite(tg))
    assert "Which time zone are you in?" in await tg.say(first)
    later = await tg.say("/actions")                        # a question is asked once, not on every message
    assert "time zone" not in later
    assert "Time zone set to America/New_York" in await tg.say("I'm in New York")
    assert "America/New_York" in await tg.say("/tz")


async def test_deadlines_given_before_the_zone_are_shown_in_it(tg: Harness) -> None:
    first = await tg.say("I'll call Anna by Friday 5pm")
    assert "#1 Call Anna, due Fri 27 Nov, 17:00" in first and "Which time zone" in first
    reply = await tg.say("Berlin")
    assert "I read these before I knew your zone (in UTC)" in reply
    assert "#1 Call Anna, due Fri 27 Nov, 18:00" in reply and "/move 1 WHEN" in reply


async def test_a_known_person_joining_without_a_zone_is_asked(tg: Harness) -> None:
    code = await _invite(tg)
    await tg.say("/tz Berlin")
    assert "Which time zone" not in await tg.say(f"/join {code}")    # known zone: not asked again


# -- 2. a bare number never goes to a guessed metric ---------------------------------------------------

async def test_a_bare_number_with_two_open_questions_is_asked_about(tg: Harness, fake: FakeTelegram, store,
                                                                    clock) -> None:
    await tg.say("/tz Berlin")
    await tg.say("/metric add calls weekdays at 17:30")
    await tg.say("/metric add meetings weekdays at 17:45")
    await tg.say("/metric add deals weekly mon at 12:00")
    sender = tg.adapter.sender  # type: ignore[union-attr]
    ticker = Ticker(store, sender, clock, CoreConfig(default_timezone="UTC"), delivery=Delivery(store, sender, clock))
    clock.set(datetime(2026, 11, 23, 12, 5, tzinfo=BERLIN))
    await ticker.tick()
    clock.set(datetime(2026, 11, 23, 17, 50, tzinfo=BERLIN))
    await ticker.tick()
    assert sum(t.count("How many") for t in fake.texts_to(USER)) == 3  # asked together: one bundled message

    reply = await tg.say("12")                                # meant for calls; meetings was asked last
    assert "Which is 12 for" in reply
    labels, data = button_labels(tg.last()), button_data(tg.last())
    assert sorted(labels) == ["calls: 12", "deals: 12", "meetings: 12"]
    assert "calls today, Mon 23 Nov: 12" in await tg.press(data[labels.index("calls: 12")])
    assert "Which is 3 for: meetings or deals?" in await tg.say("3")   # the late deals answer: asked too
    both = await tg.say("meetings 3, deals 1")                 # an answer that names its metric
    assert "meetings today, Mon 23 Nov: 3" in both and "deals this week" in both and ": 1" in both
    undo, undo_message = [d for d in button_data(tg.last()) if d.startswith("metric_undo")], tg.last()["message_id"]
    assert len(undo) == 1
    assert "Undone" in await tg.press(undo[0])
    listing = await tg.say("/metric list")
    assert "calls: " in listing and "today, Mon 23 Nov: 12" in listing
    assert "meetings: weekdays at 17:45, results\n" in listing + "\n"   # no value after the undo
    again = await tg.deliver(fake.user_press, USER, USER, undo[0], message_id=undo_message)
    assert "Nothing to undo" in again[0]["text"]                  # a second tap changes nothing
    assert "meetings today, Mon 23 Nov: 4" in await tg.say("4 meetings")


# -- 3. "By when?" lapses and never swallows a new commitment -------------------------------------------

async def test_by_when_lapses_and_a_whole_commitment_is_not_its_answer(tg: Harness, store, clock) -> None:
    assert "By when?" in await tg.say("/commit Call the bank")
    clock.advance(timedelta(days=1))                           # Tue 24 Nov, 09:00
    reply = await tg.say("gym tmrw 7am!!")
    assert "#2 Gym, due Wed 25 Nov, 07:00" in reply
    assert "has lapsed" in reply and "#1 Call the bank" in reply
    assert await _deadline(store, 1) is None
    assert "I couldn't find a date" not in await tg.say("Customers care about speed")   # nothing waits now

    assert "By when?" in await tg.say("/commit Renew the passport")                       # #3, fresh question
    reply = await tg.say("dentist friday 9am")
    assert "#4 Dentist, due Fri 27 Nov, 09:00" in reply and "#3 still waits for a date" in reply
    assert "#3 Renew the passport, due Fri 27 Nov, 17:00" in await tg.say("ok, let's say Friday")
    clock.advance(timedelta(hours=11))
    assert "By when?" in await tg.say("/commit Book the flights")
    clock.advance(timedelta(hours=11, minutes=59))             # within 12 hours: still an answer
    assert "#5 Book the flights, due" in await tg.say("by Friday")


# -- 4. everyday words are understood ------------------------------------------------------------------

async def test_completion_in_words(tg: Harness) -> None:
    await tg.say("I'll call Paul about the renewal by Friday 5pm")     # 1
    await tg.say("I'll send the deck to Acme by Thursday")             # 2
    await tg.say("I'll call Maria back by Wednesday")                  # 3
    await tg.say("I'll book the venue by Friday")                      # 4
    await tg.say("I'll review the budget by Friday")                   # 5
    await tg.say("I'll write the newsletter by Friday")                # 6
    assert "Done: #1 Call Paul" in await tg.say("done with the Paul one")
    assert "Done: #2 Send the deck" in await tg.say("I finished #2")
    assert "Done: #4 Book the venue" in await tg.say("the venue is sorted!")
    assert "Done: #5 Review the budget" in await tg.say("mark 5 as done")
    assert "Done: #6 Write the newsletter" in await tg.say("just wrapped up the newsletter 🎉")
    assert "Done: #3" in await tg.say("#3 done")
    assert "#3 Call Maria back is already done" in await tg.say("finished #3")
    await tg.say("I'll call Ben by Friday")                            # 7
    await tg.say("I'll call Cleo by Friday")                           # 8
    reply = await tg.say("done with the call")                         # two calls are open: ask
    assert "Which one did you finish?" in reply
    assert sorted(button_data(tg.last())) == ["done:7", "done:8"]
    assert "Which one did you finish?" in await tg.say("done!")


async def test_questions_about_the_list(tg: Harness) -> None:
    await tg.say("I'll call Anna by Wednesday")
    await tg.say("I'll send the report by next Friday")
    for question in ("what's still open?", "What do I still have?", "show me my list", "anything left?"):
        reply = await tg.say(question)
        assert "#1 Call Anna" in reply and "#2 Send the report" in reply and OFFER not in reply
    week = await tg.say("what do I have this week")
    assert "Due this week (1)" in week and "#1 Call Anna" in week and "1 more open later" in week
    assert "Nothing due today." in await tg.say("anything due today?")


async def _tick(tg: Harness, store, clock) -> None:
    """The scheduler through the adapter's sender: notices to the coach go out here."""
    from bot.registry import Registry
    registry = Registry()
    assert tg.adapter is not None
    registry.add("telegram", tg.adapter.sender)
    await Ticker(store, registry, clock, CoreConfig(default_timezone="UTC")).tick_nudges()


async def test_absences_are_answered_and_the_coach_sees_them(tg: Harness, fake: FakeTelegram, store, clock) -> None:
    await tg.say(f"/join {await _invite(tg)}")
    await tg.say("I'll call Anna by Wednesday")
    away = await tg.say("I'm on vacation until Friday")
    assert OFFER not in away and "Paused through Thu 26 Nov (back Fri 27 Nov)" in away
    assert "#1 Call Anna" in away and "/move N WHEN" in away
    await _tick(tg, store, clock)
    # The join notice and the away note fall due in the same tick: one bundled message.
    assert any("says they're away until Fri 27 Nov" in t for t in fake.texts_to(OTHER))
    for text, paused in (("taking next week off", "from Mon 30 Nov through Sun 6 Dec (back Mon 7 Dec)"),
                         ("I'll be out of office tomorrow", "from Tue 24 Nov through Tue 24 Nov (back Wed 25 Nov)"),
                         ("I'm off sick today", "through Mon 23 Nov (back Tue 24 Nov)")):
        assert f"Paused {paused}" in await tg.say(text)
    back = await tg.say("back from vacation! what's still open?")
    assert "Welcome back" in back and "#1 Call Anna" in back
    before = len(fake.texts_to(OTHER))
    await _tick(tg, store, clock)  # the three away notices and this one go out together: one bundled message
    told = fake.texts_to(OTHER)[before:]
    assert len(told) == 1 and told[0].startswith("📋 4 things") and told[0].count("is back after time away") == 1
    mia = await tg.say("sorry I went MIA, was sick for a week")
    assert "Hope you're feeling better" in mia and OFFER not in mia


async def test_greetings_are_answered_not_saved(tg: Harness) -> None:
    await tg.say("/tz Berlin")
    for text in ("hi! my coach said I should write my insights here", "hello", "Good morning :)",
                 "hey there!", "how does this work?", "thanks!"):
        reply = await tg.say(text)
        assert OFFER not in reply and "Insight saved" not in reply, text
    assert "#1 Call Anna" in await tg.say("hi, I'll call Anna by Friday")   # a greeting before a commitment
    assert "No insights yet" in await tg.say("/insights")


# -- 5. titles are what the person would write -----------------------------------------------------------

async def test_titles_keep_what_the_person_means(tg: Harness, fake: FakeTelegram) -> None:
    # (A repeating commitment, "every Friday", becomes a series: tests/test_recurring_e2e.py.)
    assert "#1 Do the quarterly review, due Fri 27 Nov" in await tg.say("I'll do the quarterly review by Friday")
    assert "#2 Not open email before 10, due Mon 23 Nov, 10:00" in await tg.say("Not open email before 10")
    assert "#3 Don't check Slack after 6pm" in await tg.say("Don't check Slack after 6pm tomorrow")
    snooze = await tg.say("snooze #1 until tomorrow")                 # a snooze, never saved as an action
    assert "Snoozed #1 Do the quarterly review: I'll remind you tomorrow at 09:00" in snooze
    assert "deadline stays Fri 27 Nov, 17:00" in snooze
    assert "I'll remind you today at 10:00" in await tg.say("remind me about #2 later")
    listing = await tg.say("/actions")
    assert "Snooze" not in listing and "#4" not in listing
    assert "#1 Do the quarterly review moved to Mon 30 Nov" in await tg.say("push #1 to next Monday")
