"""The rules of session time: recurrence on wall time across DST, the monthly series on the
31st, reading "every 2 weeks", and when prep, agenda and prod fall due (or lapse)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from handlers.timing import SessionFacts, next_wall_time, plan_session, read_every, wall_to_instant

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, code, rest", [
    ("Thursday 10:00 every 2 weeks", "2w", "Thursday 10:00"),
    ("fortnightly Thursday 10am", "2w", "Thursday 10am"),
    ("Mon 9:00 monthly", "monthly", "Mon 9:00"),
    ("every week Friday 8am", "1w", "Friday 8am"),
    ("Friday 10:00", "", "Friday 10:00"),
])
def test_read_every(text: str, code: str, rest: str) -> None:
    assert read_every(text) == (code, rest)


def test_a_fortnightly_series_keeps_its_wall_time_across_the_spring_change() -> None:
    first = datetime(2027, 3, 18, 10, 0)  # Berlin leaves winter time on Sun 28 Mar 2027
    second = next_wall_time(first, "2w", first)
    assert second == datetime(2027, 4, 1, 10, 0)
    assert wall_to_instant(first, BERLIN) == utc(2027, 3, 18, 9, 0)
    assert wall_to_instant(second, BERLIN) == utc(2027, 4, 1, 8, 0)  # an hour earlier in UTC, 10:00 on the wall


def test_a_monthly_series_on_the_31st_falls_on_each_months_last_day() -> None:
    first = datetime(2027, 1, 31, 9, 0)
    assert next_wall_time(first, "monthly", first) == datetime(2027, 2, 28, 9, 0)
    assert next_wall_time(first, "monthly", datetime(2027, 2, 28, 9, 0)) == datetime(2027, 3, 31, 9, 0)
    assert next_wall_time(first, "", first) is None


def _facts(**kw) -> SessionFacts:
    base = dict(starts_at=utc(2026, 11, 5, 15, 0), minutes=60, created_at=utc(2026, 10, 1, 0, 0),
                client_tz=NEW_YORK)
    return SessionFacts(**{**base, **kw})


def test_prep_comes_the_day_before_on_the_clients_clock_across_the_us_change() -> None:
    facts = _facts()  # Thu 5 Nov 10:00 New York (EST); the day before is also EST
    assert plan_session(facts, utc(2026, 11, 4, 14, 59)) == ([], utc(2026, 11, 4, 15, 0))
    assert plan_session(facts, utc(2026, 11, 4, 15, 0))[0] == [("session_prep", utc(2026, 11, 4, 15, 0))]
    sunday = _facts(starts_at=utc(2026, 11, 2, 15, 0))  # Mon 10:00 EST; Sun 1 Nov 10:00 is already EST
    assert plan_session(sunday, utc(2026, 10, 30, 0, 0))[1] == utc(2026, 11, 1, 15, 0)


def test_agenda_an_hour_before_and_prod_after_the_end_then_nothing() -> None:
    facts = _facts(prep_sent=True)
    assert plan_session(facts, utc(2026, 11, 5, 14, 0))[0] == [("session_agenda", utc(2026, 11, 5, 14, 0))]
    done = _facts(prep_sent=True, agenda_sent=True)
    assert plan_session(done, utc(2026, 11, 5, 15, 30)) == ([], utc(2026, 11, 5, 16, 15))
    assert plan_session(done, utc(2026, 11, 5, 16, 15))[0] == [("session_prod", utc(2026, 11, 5, 16, 15))]
    every = _facts(prep_sent=True, agenda_sent=True, prod_sent=True)
    assert plan_session(every, utc(2026, 11, 5, 16, 15)) == ([], None)


def test_late_messages_lapse_and_a_session_added_late_gets_its_prep_at_once() -> None:
    facts = _facts(agenda_lead=timedelta(hours=2))
    owed, _ = plan_session(facts, utc(2026, 11, 5, 15, 30))  # the bot was down through the start
    assert owed == []  # prep and agenda mean nothing any more; the prod is still ahead
    late = _facts(created_at=utc(2026, 11, 5, 8, 0))  # added the same morning, 7 hours ahead
    assert plan_session(late, utc(2026, 11, 5, 8, 0))[0] == [("session_prep", utc(2026, 11, 5, 8, 0))]
    too_late = _facts(created_at=utc(2026, 11, 5, 14, 0))  # an hour ahead: no prep, the agenda at once
    assert plan_session(too_late, utc(2026, 11, 5, 14, 0))[0] == [("session_agenda", utc(2026, 11, 5, 14, 0))]
    assert plan_session(facts, utc(2026, 11, 6, 16, 15)) == ([], None)  # a prod a day late is dropped


def test_an_early_sessions_agenda_comes_before_the_coachs_quiet_hours() -> None:
    from datetime import time
    from handlers.timing import Prefs, Quiet
    berlin = Prefs(BERLIN, (), Quiet(time(21, 0), time(8, 0)))
    early = _facts(starts_at=utc(2026, 11, 5, 7, 0), prep_sent=True, coach_prefs=berlin)  # 08:00 Berlin
    assert plan_session(early, utc(2026, 11, 4, 19, 0)) == ([], utc(2026, 11, 4, 19, 55))  # 20:55 the evening before
    assert plan_session(early, utc(2026, 11, 4, 19, 55))[0] == [("session_agenda", utc(2026, 11, 4, 19, 55))]
    late = _facts(starts_at=utc(2026, 11, 5, 15, 0), prep_sent=True, coach_prefs=berlin)  # 16:00: an hour before
    assert plan_session(late, utc(2026, 11, 5, 13, 0))[1] == utc(2026, 11, 5, 14, 0)
