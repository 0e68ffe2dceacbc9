"""Metrics: adding, logging, replacing, prompting and answering."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.sparkline import sparkline
from handlers.timing import Cadence, latest_prompt, next_prompt, period_label
from scheduler import Delivery, Ticker
from tests.support.chat import Person
from tests.support.senders import RecordingSender

BERLIN, NY = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")


@pytest.fixture
async def ada(core):
    p = Person(core)
    await p.say("/tz Europe/Berlin")  # Mon 23 Nov 2026, 10:00
    return p


async def test_add_list_remove(ada):
    text = await ada.say("/metric add calls weekdays at 17:30 target 20 effort")
    assert "Tracking calls: weekdays at 17:30, target 20, effort" in text
    assert "Tracking revenue: weekly on Friday at 18:00, target 5000 EUR, results" in await ada.say(
        "/metric add revenue weekly fri target 5000 unit EUR")
    listing = await ada.say("/metric list")
    assert "calls: weekdays at 17:30" in listing and "revenue: weekly on Friday" in listing
    assert "Stopped tracking calls" in await ada.say("/metric remove calls")
    assert "calls" not in await ada.say("/metric")
    assert "You have no metric “calls”. Your metrics: revenue." in await ada.say("/log calls 3")


@pytest.mark.parametrize("command, error", [
    ("/metric add", "one-word name"),
    ("/metric add daily", "one-word name"),
    ("/metric add calls hourly", "I don't understand “hourly”"),
    ("/metric add calls at noonish", "is not a time"),
    ("/metric add calls target lots", "is not a target"),
    ("/log", "Send /log NAME VALUE"),
])
async def test_metric_errors(ada, command, error):
    assert error in await ada.say(command)


async def test_log_replace_and_errors(ada):
    await ada.say("/metric add calls daily target 20")
    assert "📈 calls today, Mon 23 Nov: 12. (target 20)" in await ada.say("/log calls 12")
    assert "replacing 12" in await ada.say("/log calls 14")
    assert "yesterday, Sun 22 Nov: 21. 🎯 on target!" in await ada.say("/log calls 21 yesterday")
    assert "Mon 2 Mar: 5" in await ada.say("/log calls 5 2026-03-02")
    assert "isn't a number" in await ada.say("/log calls twelve")
    assert "can't be negative" in await ada.say("/log calls -3")
    assert "hasn't happened yet" in await ada.say("/log calls 3 2027-01-05")
    assert "You have no metric “meetings”. Your metrics: calls." in await ada.say("/log meetings 3")
    assert "“14 calls”" not in await ada.say("14 calls")  # a named value logs for today
    assert "calls today, Mon 23 Nov: 14" in ada.last[0].text


async def test_prompt_at_cadence_and_bare_number_answer(ada, core, store, clock):
    await ada.say("/metric add calls weekdays at 17:30 target 20 effort")
    sender = RecordingSender()
    ticker = Ticker(store, sender, clock, core.config, delivery=Delivery(store, sender, clock))
    clock.set(datetime(2026, 11, 23, 17, 29, tzinfo=BERLIN))
    await ticker.tick()
    assert sender.texts() == []
    clock.set(datetime(2026, 11, 23, 17, 30, tzinfo=BERLIN))
    await ticker.tick()
    await ticker.tick()
    assert sender.texts() == ["How many calls today, Mon 23 Nov? (target 20) Reply with a number."]
    clock.advance(timedelta(minutes=3))
    assert "calls today, Mon 23 Nov: 14" in await ada.say("14")
    # Weekend: no prompts; unanswered prompts do not pile up after downtime.
    clock.set(datetime(2026, 11, 30, 18, 0, tzinfo=BERLIN))  # next Monday evening
    await ticker.tick()
    prompts = [t for t in sender.texts() if t.startswith("How many")]
    assert prompts[1:] == ["How many calls today, Mon 30 Nov? (target 20) Reply with a number."]
    clock.advance(timedelta(hours=16))  # Tue 10:00: answering late still counts for Monday
    assert "calls yesterday, Mon 30 Nov: 9" in await ada.say("9 calls")


async def test_prompt_waits_for_quiet_hours_to_end(ada, core, store, clock):
    await ada.say("/metric add steps daily at 22:30")
    sender = RecordingSender()
    ticker = Ticker(store, sender, clock, core.config)
    clock.set(datetime(2026, 11, 23, 22, 30, tzinfo=BERLIN))
    await ticker.tick()
    assert sender.texts() == []
    clock.set(datetime(2026, 11, 24, 8, 0, tzinfo=BERLIN))
    await ticker.tick()
    assert sender.texts() == ["How many steps yesterday, Mon 23 Nov? Reply with a number."]


def test_cadence_periods_and_dst():
    weekdays = Cadence("weekdays", at=datetime.strptime("17:30", "%H:%M").time())
    # Berlin springs forward Sun 29 Mar 2026: Monday's 17:30 is 15:30 UTC, Friday's was 16:30 UTC.
    fri = latest_prompt(weekdays, BERLIN, datetime(2026, 3, 28, 12, tzinfo=BERLIN))
    assert fri and fri[0] == date(2026, 3, 27) and fri[1].astimezone(ZoneInfo("UTC")).hour == 16
    mon = next_prompt(weekdays, BERLIN, datetime(2026, 3, 28, 12, tzinfo=BERLIN))
    assert mon == datetime(2026, 3, 30, 17, 30, tzinfo=BERLIN) and mon.astimezone(ZoneInfo("UTC")).hour == 15
    weekly = Cadence("weekly", weekday=6, at=datetime.strptime("09:00", "%H:%M").time())
    assert next_prompt(weekly, NY, datetime(2026, 10, 31, 12, tzinfo=NY)) == datetime(2026, 11, 1, 9, tzinfo=NY)
    assert weekly.period_of(date(2026, 11, 1)) == date(2026, 10, 26)
    assert period_label(weekly, date(2026, 10, 26), date(2026, 11, 1)) == "this week (26 Oct-1 Nov)"


def test_sparkline():
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([None, 5, None]) == "·▄·"
    assert sparkline([None, None]) == "··"


async def test_home_view_shows_actions_completions_and_sparklines(ada, core, clock):
    from handlers import Incoming

    await ada.say("/metric add calls daily target 20")
    for value in (5, 9, 14):
        await ada.say(f"/log calls {value}")
        clock.advance(timedelta(days=1))
    await ada.say("/commit Ship it tomorrow")
    await ada.say("/commit Done thing tomorrow")
    await ada.say("/done 2")
    home = (await core.handle(Incoming("telegram", "100", "100", kind="home")))[0].text
    assert "#1 Ship it, due" in home and "Done this week: 1 action" in home
    assert "🟢 #2 Done thing (done on time)" in home
    assert "📈 calls ····▁▄█· this week 9.3 (target 20)" in home  # today not logged yet
