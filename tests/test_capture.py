"""Capture: commitments and insights from commands, plain messages and buttons."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support.chat import Person


@pytest.fixture
async def ada(core):
    p = Person(core)
    await p.say("/tz Europe/Berlin")  # Mon 23 Nov 2026, 10:00 in Berlin
    return p


async def test_start_greets_and_asks_for_zone_then_reads_a_city(core):
    p = Person(core)
    text = await p.say("/start")
    assert "Hi Ada" in text and "time zone" in text
    assert "Europe/Berlin" in await p.say("Berlin")
    assert "Europe/Berlin" in await p.say("/tz")


async def test_commit_reads_deadline_and_repeats_action_with_number(ada):
    text = await ada.say("/commit Send the proposal to Acme by Friday 5pm")
    assert text.startswith("✅ #1 Send the proposal to Acme, due Fri 27 Nov, 17:00")
    assert "#2 Call Bob, due Tue 24 Nov, 10:00" in await ada.say("/do Call Bob tomorrow at 10am")


async def test_date_without_time_means_end_of_day(ada):
    assert "due Tue 24 Nov, 17:00" in await ada.say("/commit Book flights tomorrow")


async def test_no_deadline_asks_by_when_and_next_message_completes_it(ada):
    text = await ada.say("/commit Call the supplier")
    assert "#1 Call the supplier" in text and "By when?" in text
    assert "#1 Call the supplier, due Wed 25 Nov, 17:00" in await ada.say("Wednesday")
    assert "due Wed 25 Nov, 17:00" in await ada.say("/actions")


async def test_by_when_asks_again_when_no_date_then_cancel_keeps_action(ada):
    await ada.say("/commit Call the supplier")
    assert "couldn't find a date" in await ada.say("hmm not sure")
    assert "without a deadline" in await ada.say("/cancel")
    assert "#1 Call the supplier, no deadline yet" in await ada.say("/actions")


async def test_past_deadline_is_not_accepted(ada):
    text = await ada.say("/commit Call Anna today 9am")
    assert "already passed" in text and "By when?" in text


async def test_commit_without_text_gets_usage(ada):
    assert "What will you do" in await ada.say("/commit")
    assert "What will you do by Tue 24 Nov" in await ada.say("/commit tomorrow")


async def test_insight_prods_for_action_and_links_next_commitment(ada):
    text = await ada.say("/insight I talk more than I listen on calls")
    assert "Insight saved" in text and "What will you do about it, and by when?" in text
    text = await ada.say("I'll ask three questions before pitching by Friday")
    assert "#1 Ask three questions before pitching, due Fri 27 Nov, 17:00" in text
    assert "From your insight" in text
    listing = await ada.say("/insights")
    assert "I talk more than I listen on calls" in listing
    assert "→ #1 Ask three questions before pitching" in listing
    assert "came from your insight" in await ada.say("/done 1")
    # Only the next commitment is linked.
    assert "From your insight" not in await ada.say("/commit Call Bob tomorrow")


@pytest.mark.parametrize("message, expected", [
    ("I'll send the report by Friday 5pm", "#1 Send the report, due Fri 27 Nov, 17:00"),
    ("I will call Anna tomorrow at 9am", "#1 Call Anna, due Tue 24 Nov, 09:00"),
    ("I'm going to finish the deck in 3 days", "#1 Finish the deck, due Thu 26 Nov"),
    ("I commit to sending 3 proposals by Friday", "#1 Sending 3 proposals, due Fri 27 Nov, 17:00"),
    ("ok I'm gonna book the venue next Tuesday", "#1 Book the venue, due Tue 1 Dec"),
    ("sending the quote before lunch on the 12th", "#1 Sending the quote, due Sat 12 Dec, 12:00"),
    ("Todo: renew the domain by end of month", "#1 Renew the domain, due Mon 30 Nov"),
])
async def test_plain_commitments(ada, message, expected):
    assert expected in await ada.say(message)


@pytest.mark.parametrize("message, stored", [
    ("Insight: people buy when they feel heard", "people buy when they feel heard"),
    ("Big aha today: I avoid calls I fear", "I avoid calls I fear"),
    ("I realised I never follow up after demos", "I realised I never follow up after demos"),
    ("Just noticed I do my best work before 10", None),
    ("Lesson learned: confirm the budget first", "confirm the budget first"),
])
async def test_plain_insights(ada, message, stored):
    assert "Insight saved" in await ada.say(message)
    assert (stored or message) in await ada.say("/insights")


async def test_other_text_gets_save_buttons_and_never_silence(ada):
    text = await ada.say("the client meeting went well")
    assert "insight" in text and "action" in text
    labels = [b[1] for b in ada.buttons()]
    assert labels == ["save_insight", "save_action"]
    arg = ada.buttons()[1][2]
    assert "By when?" in await ada.press("save_action", arg)
    assert "already saved" in await ada.press("save_action", arg)


async def test_save_as_insight_button(ada):
    await ada.say("clients respond to stories")
    arg = ada.buttons()[0][2]
    assert "Insight saved" in await ada.press("save_insight", arg)
    assert "clients respond to stories" in await ada.say("/insights")


async def test_deadline_in_daylight_saving_week_keeps_wall_time(core, clock):
    from datetime import datetime, timezone
    clock.set(datetime(2026, 3, 27, 9, 0, tzinfo=timezone.utc))  # Fri 10:00 CET; clocks go forward Sun
    p = Person(core)
    await p.say("/tz Europe/Berlin")
    assert "due Mon 30 Mar, 09:00" in await p.say("/commit Review the pipeline Monday 9am")
    exported = (await p.send("/export"))[0].file.data.decode()
    assert '"deadline": "2026-03-30T07:00:00+00:00"' in exported  # CEST is UTC+2


async def test_new_york_zone_shows_local_times(core):
    p = Person(core)
    assert "America/New_York" in await p.say("/tz New York")
    assert "due Mon 23 Nov, 17:00" in await p.say("/commit Send invoices today")  # 04:00 there now


async def test_pending_question_survives_a_restart(store, clock):
    from handlers import Core
    first = Person(Core(store, clock))
    await first.say("/commit Call the bank")
    clock.advance(timedelta(minutes=5))
    again = Person(Core(store, clock))  # a fresh core over the same database
    assert "#1 Call the bank, due" in await again.say("tomorrow 11am")


@pytest.mark.parametrize("message", [
    "I called Bob last Friday", "Sent the quote to Acme on Friday", "Finished the deck Monday",
    "Met with the CFO on Wednesday",
])
async def test_reports_of_the_past_are_not_taken_as_commitments(ada, message):
    assert "Shall I keep that?" in await ada.say(message)
