"""The pure nudge rules at pinned instants: leads, quiet hours, collapsing, DST."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from handlers.timing import (ActionFacts, Prefs, Quiet, followup_time, format_lead, parse_leads, parse_quiet,
                             plan_action, plan_insight, reminder_times)

BERLIN, NY = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
H = timedelta(hours=1)
QUIET = Quiet(time(21), time(8))


def local(tz, *args) -> datetime:
    return datetime(*args).replace(tzinfo=tz)


def prefs(tz=BERLIN, leads=(24 * H, H), quiet=QUIET) -> Prefs:
    return Prefs(tz, leads, quiet)


def test_reminders_24h_and_1h_before():
    deadline = local(BERLIN, 2026, 11, 27, 17)
    facts = ActionFacts(deadline, set_at=local(BERLIN, 2026, 11, 23, 10))
    assert [t for t, _ in reminder_times(facts, prefs())] == [deadline - 24 * H, deadline - H]


def test_reminder_already_past_when_created_is_not_sent():
    deadline = local(BERLIN, 2026, 11, 24, 9)
    facts = ActionFacts(deadline, set_at=local(BERLIN, 2026, 11, 23, 18))  # 15 h before
    assert [lead for _, lead in reminder_times(facts, prefs())] == [H]


def test_reminder_inside_quiet_hours_goes_out_just_before_they_begin():
    deadline = local(BERLIN, 2026, 11, 25, 7)  # 1 h lead = 06:00, quiet
    facts = ActionFacts(deadline, set_at=local(BERLIN, 2026, 11, 20, 10))
    times = dict((lead, t) for t, lead in reminder_times(facts, prefs()))
    assert times[H] == local(BERLIN, 2026, 11, 24, 20, 55)
    assert times[24 * H] == local(BERLIN, 2026, 11, 23, 20, 55)


def test_checkin_in_quiet_hours_waits_until_they_end():
    deadline = local(BERLIN, 2026, 11, 24, 23)
    facts = ActionFacts(deadline, set_at=local(BERLIN, 2026, 11, 20, 10), last_reminder_planned=deadline)
    due, nxt = plan_action(facts, prefs(), local(BERLIN, 2026, 11, 24, 23, 30))
    assert due is None and nxt == local(BERLIN, 2026, 11, 25, 8)
    due, _ = plan_action(facts, prefs(), local(BERLIN, 2026, 11, 25, 8))
    assert due and due.kind == "checkin"


def test_followup_at_end_of_next_quiet_hours_then_nothing():
    deadline = local(BERLIN, 2026, 11, 24, 17)
    sent = local(BERLIN, 2026, 11, 24, 17, 0, 3)
    facts = ActionFacts(deadline, set_at=local(BERLIN, 2026, 11, 20), checkin_sent_at=sent)
    due, nxt = plan_action(facts, prefs(), sent + H)
    assert due is None and nxt == local(BERLIN, 2026, 11, 25, 8)
    due, _ = plan_action(facts, prefs(), local(BERLIN, 2026, 11, 25, 8, 0, 1))
    assert due and due.kind == "followup"
    from dataclasses import replace
    assert plan_action(replace(facts, followup_sent=True), prefs(), local(BERLIN, 2026, 11, 26)) == (None, None)
    assert plan_action(replace(facts, checkin_answered=True), prefs(), local(BERLIN, 2026, 11, 26)) == (None, None)


def test_downtime_collapses_to_latest_meaningful_nudge():
    deadline = local(BERLIN, 2026, 11, 27, 17)
    facts = ActionFacts(deadline, set_at=local(BERLIN, 2026, 11, 20))
    # Down across both reminders, back before the deadline: only the 1 h one.
    due, _ = plan_action(facts, prefs(), local(BERLIN, 2026, 11, 27, 16, 30))
    assert due and due.kind == "reminder" and due.lead == H
    # Back after the deadline: the check-in supersedes every reminder.
    due, _ = plan_action(facts, prefs(), local(BERLIN, 2026, 11, 27, 19))
    assert due and due.kind == "checkin"


def test_reminders_off_still_checks_in():
    deadline = local(BERLIN, 2026, 11, 27, 17)
    facts = ActionFacts(deadline, set_at=local(BERLIN, 2026, 11, 20))
    due, nxt = plan_action(facts, prefs(leads=()), local(BERLIN, 2026, 11, 26, 17))
    assert due is None and nxt == deadline


@pytest.mark.parametrize("tz, deadline, reminder_24h", [
    # Europe: clocks go forward Sun 29 Mar 2026; 24 h before Mon 09:00 CEST is Sun 08:00 CEST.
    (BERLIN, (2026, 3, 30, 9), (2026, 3, 29, 9, 0)),
    # US: clocks go back Sun 1 Nov 2026.
    (NY, (2026, 11, 2, 9), (2026, 11, 1, 9, 0)),
])
def test_dst_weeks_keep_local_wall_times(tz, deadline, reminder_24h):
    d = local(tz, *deadline)
    facts = ActionFacts(d, set_at=local(tz, 2026, 1, 1))
    first = reminder_times(facts, prefs(tz=tz))[0][0]
    assert first == d - 24 * H  # exact elapsed lead
    assert first.astimezone(tz).hour in (8, 9, 10)
    # Quiet hours end at 08:00 on the clock on the morning after the change.
    sent = local(tz, *deadline[:3], 17) - timedelta(days=2)
    assert followup_time(sent, prefs(tz=tz)).astimezone(tz).timetz().replace(tzinfo=None) == time(8)


def test_quiet_hours_across_midnight_and_during_the_day():
    assert QUIET.contains(local(BERLIN, 2026, 1, 1, 23), BERLIN)
    assert QUIET.contains(local(BERLIN, 2026, 1, 1, 3), BERLIN)
    assert not QUIET.contains(local(BERLIN, 2026, 1, 1, 8), BERLIN)
    lunch = Quiet(time(12), time(13))
    assert lunch.contains(local(BERLIN, 2026, 1, 1, 12, 30), BERLIN)
    assert not lunch.contains(local(BERLIN, 2026, 1, 1, 13), BERLIN)


def test_insight_nudged_once_24h_later_outside_quiet_hours():
    noted = local(BERLIN, 2026, 11, 23, 22)
    due, nxt = plan_insight(noted, 24 * H, False, prefs(), noted + H)
    assert due is None and nxt == local(BERLIN, 2026, 11, 25, 8)  # 22:00 next day is quiet
    assert plan_insight(noted, 24 * H, True, prefs(), noted + 48 * H) == (None, None)


@pytest.mark.parametrize("text, leads", [
    ("1d 2h 15m", (timedelta(days=1), 2 * H, timedelta(minutes=15))), ("24h, 1h", (24 * H, H)),
    ("90m", (timedelta(minutes=90),)), ("off", ()), ("2 days and 3 hours", (timedelta(days=2), 3 * H)),
])
def test_parse_leads(text, leads):
    assert parse_leads(text) == leads


@pytest.mark.parametrize("text", ["soon", "0m", "30d", "1h 2h 3h 4h 5h 6h", "5"])
def test_parse_leads_refuses(text):
    assert parse_leads(text) is None


def test_formats_and_quiet_parsing():
    assert format_lead(timedelta(days=1, minutes=15)) == "1d 15m"
    assert parse_quiet("22:00-07:00") == Quiet(time(22), time(7))
    assert parse_quiet("22-7") == Quiet(time(22), time(7))
    assert parse_quiet("nonsense") is None and parse_quiet("9-9") is None


def test_times_are_utc_aware():
    deadline = datetime(2026, 11, 27, 16, tzinfo=timezone.utc)
    facts = ActionFacts(deadline, set_at=deadline - 48 * H)
    assert all(t.utcoffset() is not None for t, _ in reminder_times(facts, prefs()))


def test_one_reader_for_weekday_names_and_clock_times():
    from handlers.timing import read_clock, read_weekday

    assert [read_weekday(w) for w in ("fri", "Friday", "thurs.", "tues", "Sundays", "mon")] == [4, 4, 3, 1, 6, 0]
    assert [read_weekday(w) for w in ("fr", "xyz", "monkey", "", "3")] == [None] * 5
    assert [read_clock(t) for t in ("17:30", "9", "09", "5pm", "5:30 pm", "12am", "12pm", "7.30")] == [
        time(17, 30), time(9), time(9), time(17), time(17, 30), time(0), time(12), time(7, 30)]
    assert [read_clock(t) for t in ("24:00", "13pm", "17:60", "noonish", "")] == [None] * 5
    assert parse_quiet("10pm to 7am") == Quiet(time(22), time(7))
    assert [read_weekday(w) for w in ("weds", "wedss", "thurs", "s" * 3000)] == [2, 2, 3, None]


def test_the_deadline_reader_reads_weekdays_with_the_same_reader():
    """Every weekday word the reader's patterns accept (with a dot, plural) gets the day the
    settings reader gives it: one reader for weekday names."""
    from handlers.deadlines.vocabulary import WEEKDAYS, weekday_number
    from handlers.timing import read_weekday

    for word, day in WEEKDAYS.items():
        for form in (word, f"{word}.", f"{word}s"):
            assert weekday_number(form) == read_weekday(form) == day, form


def test_when_in_words_across_a_dst_change():
    from handlers.timing import day_words

    now = local(BERLIN, 2026, 3, 28, 20, 55)  # Saturday; clocks go forward that night
    assert day_words(local(BERLIN, 2026, 3, 29, 7), BERLIN, now) == "tomorrow at 07:00"
    assert day_words(local(BERLIN, 2026, 3, 28, 23), BERLIN, now) == "today at 23:00"
    assert day_words(local(BERLIN, 2026, 4, 2, 9), BERLIN, now) == "Thursday at 09:00"
    assert day_words(local(NY, 2026, 4, 20, 9), NY, now) == "Mon 20 Apr at 09:00"
