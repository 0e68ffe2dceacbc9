"""The recurrence reader and the rule: each phrasing class, short months, daylight-saving weeks in
both the US and the EU, downtime collapsing into the latest occurrence, and a seeded fuzz that
proves garbage and huge input never raise or hang."""
from __future__ import annotations

import random
import time as wall
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

import pytest

from handlers.deadlines.recurrence import find_recurrence
from handlers.timing.recurrence import Rule, Step, anchor, catch_up, describe, first, next_dates

BERLIN, NY = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)  # Monday


@pytest.mark.parametrize("text, rule, title", [
    ("Weekly report every Friday 4pm", Rule("weekly", 1, (4,), at=time(16)), "Weekly report"),
    ("Standup every weekday at 9", Rule("weekly", 1, (0, 1, 2, 3, 4), at=time(9)), "Standup"),
    ("1:1 every 2 weeks on Monday", Rule("weekly", 2, (0,)), "1:1"),
    ("Pay rent on the 1st of every month", Rule("monthly", 1, monthday=1), "Pay rent"),
    ("Stretch every day until Dec 20", Rule("daily", until=date(2026, 12, 20)), "Stretch"),
    ("run 5 km every Saturday morning", Rule("weekly", 1, (5,), at=time(9)), "run 5 km"),
    ("gym every Monday and Thursday at 7am", Rule("weekly", 1, (0, 3), at=time(7)), "gym"),
    ("every other Tuesday: lunch with Sam", Rule("weekly", 2, (1,)), ": lunch with Sam"),
    ("review the pipeline daily at 8", Rule("daily", at=time(8)), "review the pipeline"),
    ("pay bills monthly on the 15th", Rule("monthly", 1, monthday=15), "pay bills"),
    ("close the books on the last day of every month", Rule("monthly", 1, monthday=-1), "close the books"),
    ("at 9am every weekday inbox zero", Rule("weekly", 1, (0, 1, 2, 3, 4), at=time(9)), "inbox zero"),
    ("Do a weekly review every Friday", Rule("weekly", 1, (4,)), "Do a weekly review"),
])
def test_each_phrasing_class(text, rule, title):
    found = find_recurrence(text, NOW)
    assert found is not None and found.rule == rule
    assert " ".join((text[:found.start] + " " + text[found.end:]).split()) == title


@pytest.mark.parametrize("text", ["Send it by Friday", "my weekly review", "every 999 weeks", "call every 5 minutes",
                                  "every other weekday", "Each of us", "everyday stuff", ""])
def test_what_is_not_a_recurrence(text):
    assert find_recurrence(text, NOW) is None


def test_the_31st_falls_on_the_last_day_of_shorter_months():
    rule = anchor(Rule("monthly", monthday=31), datetime(2027, 1, 5, tzinfo=BERLIN), BERLIN, time(17))
    assert rule is not None
    assert describe(rule) == "on the 31st of every month (the last day in shorter months) at 17:00"
    days = [s.at.date() for s in next_dates(rule, BERLIN, first(rule, BERLIN), 5)]
    assert days == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30), date(2027, 5, 31)]
    leap = anchor(Rule("monthly", monthday=30), datetime(2028, 1, 31, 18, tzinfo=BERLIN), BERLIN, time(17))
    assert leap is not None and first(leap, BERLIN).at.date() == date(2028, 2, 29)


@pytest.mark.parametrize("tz, start, changes", [
    (BERLIN, datetime(2026, 3, 16, tzinfo=BERLIN), "EU spring: last Sunday of March"),
    (BERLIN, datetime(2026, 10, 19, tzinfo=BERLIN), "EU autumn: last Sunday of October"),
    (NY, datetime(2026, 3, 2, tzinfo=NY), "US spring: second Sunday of March"),
    (NY, datetime(2026, 10, 26, tzinfo=NY), "US autumn: first Sunday of November"),
])
def test_weekly_keeps_its_wall_time_across_dst(tz, start, changes):
    rule = anchor(Rule("weekly", 1, (0,), at=time(9)), start, tz, time(17))
    assert rule is not None
    steps = next_dates(rule, tz, first(rule, tz), 4)
    assert {s.at.astimezone(tz).time() for s in steps} == {time(9)}, changes
    offsets = {s.at.utcoffset() for s in steps}
    assert len(offsets) == 2, f"the series should straddle a change: {changes}"


def test_downtime_collapses_into_the_latest_occurrence():
    rule = anchor(Rule("daily", at=time(9)), NOW, BERLIN, time(17))
    assert rule is not None
    one = first(rule, BERLIN)
    caught = catch_up(rule, BERLIN, one, datetime(2026, 12, 1, 12, tzinfo=timezone.utc))
    assert caught.latest_past is not None and caught.latest_past.index == 8  # Tue 1 Dec, 09:00
    assert caught.upcoming is not None and caught.upcoming.at == datetime(2026, 12, 2, 9, tzinfo=BERLIN)
    ended = anchor(Rule("daily", until=date(2026, 11, 25)), NOW, BERLIN, time(17))
    assert ended is not None
    after = catch_up(ended, BERLIN, first(ended, BERLIN), datetime(2027, 1, 1, tzinfo=timezone.utc))
    assert after.upcoming is None and after.latest_past == Step(3, datetime(2026, 11, 25, 17), after.latest_past.at)


def test_an_until_already_past_gives_no_series():
    assert anchor(Rule("daily", until=date(2026, 11, 1)), NOW, BERLIN, time(17)) is None


_PIECES = ["every", "each", "other", "2", "99", "999", "week", "weeks", "day", "month", "Friday", "fri", "and", ",",
           "on", "the", "31st", "1st", "of", "at", "9", "4pm", "25:99", "until", "Dec 20", "in 99999999999 days",
           "weekday", "weekend", "morning", "daily", "monthly", "last day", "·", "#", "\u0000", "²", "🔁", "  ",
           "thru", "till", "0", "00:00", "a.m.", "p.m.", "biweekly", "-", "\n"]


def test_fuzz_never_raises_or_hangs():
    """A seeded stream of word salad, random unicode and huge inputs: the reader answers (a match
    or None) for each, every match anchors to a valid rule, and the whole run stays fast."""
    rng = random.Random(14)
    texts = [" ".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 30))) for _ in range(400)]
    texts += ["".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(1, 200))) for _ in range(100)]
    texts += ["every " * 700, "every Friday and " * 230, "on the 31st of every " * 190, "9" * 4000, "x" * 5000]
    started = wall.perf_counter()
    for text in texts:
        found = find_recurrence(text, NOW)
        if found is not None:
            assert found.rule.valid() and 0 <= found.start <= found.end <= len(text)
            rule = anchor(found.rule, NOW.astimezone(timezone.utc), BERLIN, time(17))
            if rule is not None:
                describe(rule)
                next_dates(rule, BERLIN, first(rule, BERLIN), 3)
    assert wall.perf_counter() - started < 10
