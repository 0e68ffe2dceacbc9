"""Table-driven tests for handlers.deadlines: every row pins `now` and the exact local
datetime (with its UTC offset), so DST weeks and conventions are checked, not just dates."""
from __future__ import annotations

import re
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from handlers.deadlines import DeadlineMatch, find_deadline, parse_deadline

BER = ZoneInfo("Europe/Berlin")
NYC = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 24, 10, 0, tzinfo=BER)  # Tuesday, CET (+01:00); DST starts Sun 29th
CORPUS_NOW = datetime(2013, 2, 12, 4, 30, tzinfo=timezone(timedelta(hours=-2)))  # Tuesday

BARE = [
    # relative day names
    ("today", "2026-03-24T17:00:00+01:00"),
    ("tonight", "2026-03-24T20:00:00+01:00"),
    ("tomorrow", "2026-03-25T17:00:00+01:00"),
    ("tmrw", "2026-03-25T17:00:00+01:00"),
    ("tmr", "2026-03-25T17:00:00+01:00"),
    ("2moro", "2026-03-25T17:00:00+01:00"),
    ("the day after tomorrow", "2026-03-26T17:00:00+01:00"),
    # weekdays
    ("friday", "2026-03-27T17:00:00+01:00"),
    ("fri.", "2026-03-27T17:00:00+01:00"),
    ("thurs", "2026-03-26T17:00:00+01:00"),
    ("tuesday", "2026-03-31T17:00:00+02:00"),       # today's weekday alone = a week ahead
    ("this tuesday", "2026-03-24T17:00:00+01:00"),  # "this" + today's weekday = today
    ("next monday", "2026-03-30T17:00:00+02:00"),
    ("next friday", "2026-04-03T17:00:00+02:00"),   # Friday of next week
    ("coming wed", "2026-03-25T17:00:00+01:00"),
    ("friday after next", "2026-04-03T17:00:00+02:00"),
    # weeks, weekends, end of day/month/quarter/year
    ("next week", "2026-03-30T17:00:00+02:00"),
    ("this week", "2026-03-27T17:00:00+01:00"),
    ("end of the week", "2026-03-27T17:00:00+01:00"),
    ("EOW", "2026-03-27T17:00:00+01:00"),
    ("this weekend", "2026-03-28T17:00:00+01:00"),
    ("EOD", "2026-03-24T17:00:00+01:00"),
    ("close of business", "2026-03-24T17:00:00+01:00"),
    ("end of the month", "2026-03-31T17:00:00+02:00"),
    ("EOM", "2026-03-31T17:00:00+02:00"),
    ("end of next month", "2026-04-30T17:00:00+02:00"),
    ("EOY", "2026-12-31T17:00:00+01:00"),
    ("EOQ", "2026-03-31T17:00:00+02:00"),
    ("next month", "2026-04-30T17:00:00+02:00"),
    ("mid-April", "2026-04-11T17:00:00+02:00"),
    ("early next week", "2026-03-30T17:00:00+02:00"),
    ("Q2", "2026-06-30T17:00:00+02:00"),
    ("in 2027", "2027-12-31T17:00:00+01:00"),
    # parts of the day
    ("first thing tomorrow", "2026-03-25T09:00:00+01:00"),
    ("tomorrow morning", "2026-03-25T09:00:00+01:00"),
    ("noon tomorrow", "2026-03-25T12:00:00+01:00"),
    ("before lunch", "2026-03-24T12:00:00+01:00"),
    ("tomorrow afternoon", "2026-03-25T15:00:00+01:00"),
    ("tomorrow evening", "2026-03-25T20:00:00+01:00"),
    ("at midnight", "2026-03-25T00:00:00+01:00"),
    # clock times (next occurrence)
    ("5pm", "2026-03-24T17:00:00+01:00"),
    ("5 pm", "2026-03-24T17:00:00+01:00"),
    ("17:00", "2026-03-24T17:00:00+01:00"),
    ("5:30pm", "2026-03-24T17:30:00+01:00"),
    ("at 5", "2026-03-24T17:00:00+01:00"),           # bare 1-7 -> pm
    ("at 9", "2026-03-25T09:00:00+01:00"),           # 09:00 already passed -> tomorrow
    ("half past 4", "2026-03-24T16:30:00+01:00"),
    ("quarter to 5", "2026-03-24T16:45:00+01:00"),
    ("ten past 9", "2026-03-25T09:10:00+01:00"),
    ("4pm CET", "2026-03-24T16:00:00+01:00"),
    ("3pm UTC", "2026-03-24T16:00:00+01:00"),
    ("next tue at 3pm", "2026-03-31T15:00:00+02:00"),
    # calendar dates (future preferred)
    ("March 30", "2026-03-30T17:00:00+02:00"),
    ("12 April", "2026-04-12T17:00:00+02:00"),
    ("Apr 12th", "2026-04-12T17:00:00+02:00"),
    ("March 12", "2027-03-12T17:00:00+01:00"),       # already past this year
    ("the 28th", "2026-03-28T17:00:00+01:00"),
    ("on the 12th", "2026-04-12T17:00:00+02:00"),
    ("4/15", "2026-04-15T17:00:00+02:00"),           # month/day
    ("2026-05-01", "2026-05-01T17:00:00+02:00"),
    ("01.05.2026", "2026-05-01T17:00:00+02:00"),     # day.month.year
    ("April 2 at 3pm", "2026-04-02T15:00:00+02:00"),
    ("the 20th of next month", "2026-04-20T17:00:00+02:00"),
    ("Monday, March 30", "2026-03-30T17:00:00+02:00"),
    ("the first of April", "2026-04-01T17:00:00+02:00"),
    # relative durations
    ("in three days", "2026-03-27T10:00:00+01:00"),
    ("in twenty minutes", "2026-03-24T10:20:00+01:00"),
    ("in 2 hours", "2026-03-24T12:00:00+01:00"),
    ("in 45 min", "2026-03-24T10:45:00+01:00"),
    ("in half an hour", "2026-03-24T10:30:00+01:00"),
    ("in a couple of hours", "2026-03-24T12:00:00+01:00"),
    ("in an hour and a half", "2026-03-24T11:30:00+01:00"),
    ("in 2 wks", "2026-04-07T10:00:00+02:00"),
    ("in 3d", "2026-03-27T10:00:00+01:00"),
    ("in 2h", "2026-03-24T12:00:00+01:00"),
    ("a fortnight from now", "2026-04-07T10:00:00+02:00"),
    ("3 days from now", "2026-03-27T10:00:00+01:00"),
    ("within a week", "2026-03-31T10:00:00+02:00"),
    ("in a month", "2026-04-24T10:00:00+02:00"),
    ("in 3 days at 9am", "2026-03-27T09:00:00+01:00"),
    ("in 3 business days", "2026-03-27T10:00:00+01:00"),
]

SENTENCES = [
    ("Send the proposal to Acme by Friday 5pm", "2026-03-27T17:00:00+01:00"),
    ("Send 3 proposals by Friday", "2026-03-27T17:00:00+01:00"),
    ("Call 5 clients tomorrow", "2026-03-25T17:00:00+01:00"),
    ("Read chapter 12 by March 30", "2026-03-30T17:00:00+02:00"),
    ("Book 2 rooms for the offsite next week", "2026-03-30T17:00:00+02:00"),
    ("Finish the 2027 budget by Friday", "2026-03-27T17:00:00+01:00"),
    ("Email 10 leads in 3 days", "2026-03-27T10:00:00+01:00"),
    ("tomorrow I will send it", "2026-03-25T17:00:00+01:00"),
    ("send it at 3pm tomorrow", "2026-03-25T15:00:00+01:00"),
    ("by 5pm on Friday", "2026-03-27T17:00:00+01:00"),
    ("Read chapter 12 tomorrow", "2026-03-25T17:00:00+01:00"),
    ("Read pages 2-15 by Friday", "2026-03-27T17:00:00+01:00"),
    ("Submit 4 reports by tues.", "2026-03-31T17:00:00+02:00"),
    ("Pay the 3 invoices before noon", "2026-03-24T12:00:00+01:00"),
    ("Meet Anna at 7:30pm on Thursday", "2026-03-26T19:30:00+01:00"),
    ("Deploy on sat", "2026-03-28T17:00:00+01:00"),
]

NONE = [
    "Call mom",
    "Read 3 books",
    "I realised I talk too much",
    "version 2.0 release notes",
    "Be the first to reply",
    "I may go to the gym",
    "Good morning team",
    "Have lunch with Sam",
    "Sell at 2 locations",
    "Watch the sun rise",
    "Buy 2 apples and 3 pears",
    "",
]

SPANS = [
    ("Send the proposal to Acme by Friday 5pm", "by Friday 5pm", "Send the proposal to Acme"),
    ("Tomorrow at 10am call the bank", "Tomorrow at 10am", "call the bank"),
    ("Finish the deck due by EOD", "due by EOD", "Finish the deck"),
    ("Email 10 leads in 3 days please", "in 3 days", "Email 10 leads please"),
    ("Renew passport before the end of the month", "before the end of the month", "Renew passport"),
    ("Ship v2 until 17:00", "until 17:00", "Ship v2"),
    ("Call 5 clients tomorrow", "tomorrow", "Call 5 clients"),
    ("Send it at 3pm tomorrow!", "at 3pm tomorrow", "Send it !"),
]

# DST weeks: local wall time is built first, then the zone attached.
DST = [
    # Europe/Berlin springs forward Sun 2026-03-29 02:00 -> 03:00
    ("Monday 9am", datetime(2026, 3, 27, 10, 0, tzinfo=BER), "2026-03-30T09:00:00+02:00"),
    ("tomorrow at 10am", datetime(2026, 3, 28, 10, 0, tzinfo=BER), "2026-03-29T10:00:00+02:00"),
    ("in 2 hours", datetime(2026, 3, 29, 1, 30, tzinfo=BER), "2026-03-29T04:30:00+02:00"),
    ("in 3 days", datetime(2026, 3, 27, 10, 0, tzinfo=BER), "2026-03-30T10:00:00+02:00"),
    ("at 2:30am", datetime(2026, 3, 28, 23, 0, tzinfo=BER), "2026-03-29T03:30:00+02:00"),  # gap
    ("tomorrow", datetime(2026, 3, 28, 10, 0, tzinfo=BER), "2026-03-29T17:00:00+02:00"),
    # Europe/Berlin falls back Sun 2026-10-25 03:00 -> 02:00
    ("tomorrow 9am", datetime(2026, 10, 24, 10, 0, tzinfo=BER), "2026-10-25T09:00:00+01:00"),
    ("in 24 hours", datetime(2026, 10, 24, 10, 0, tzinfo=BER), "2026-10-25T09:00:00+01:00"),
    ("in 1 day", datetime(2026, 10, 24, 10, 0, tzinfo=BER), "2026-10-25T10:00:00+01:00"),
    ("Monday", datetime(2026, 10, 24, 10, 0, tzinfo=BER), "2026-10-26T17:00:00+01:00"),
    # America/New_York springs forward Sun 2026-03-08, falls back Sun 2026-11-01
    ("tomorrow at noon", datetime(2026, 3, 7, 12, 0, tzinfo=NYC), "2026-03-08T12:00:00-04:00"),
    ("in 24 hours", datetime(2026, 3, 7, 12, 0, tzinfo=NYC), "2026-03-08T13:00:00-04:00"),
    ("Monday 9am", datetime(2026, 3, 6, 16, 0, tzinfo=NYC), "2026-03-09T09:00:00-04:00"),
    ("tomorrow 8am", datetime(2026, 10, 31, 18, 0, tzinfo=NYC), "2026-11-01T08:00:00-05:00"),
    ("in 12 hours", datetime(2026, 10, 31, 18, 0, tzinfo=NYC), "2026-11-01T05:00:00-05:00"),
    ("next week", datetime(2026, 10, 29, 9, 0, tzinfo=NYC), "2026-11-02T17:00:00-05:00"),
]

# Duckling corpus conventions (reference Tue 2013-02-12 04:30 -02:00)
CORPUS = [
    ("tuesday", "2013-02-19T17:00:00-02:00"),
    ("next wednesday", "2013-02-20T17:00:00-02:00"),
    ("3 fridays from now", "2013-03-01T17:00:00-02:00"),
    ("Thu 15th", "2013-08-15T17:00:00-02:00"),
    ("last Monday of March", "2013-03-25T17:00:00-02:00"),
    ("20 minutes to 2pm tomorrow", "2013-02-13T13:40:00-02:00"),
    ("Thursday 8:00 PST", "2013-02-14T14:00:00-02:00"),
    ("at 730 in the evening", "2013-02-12T19:30:00-02:00"),
]


@pytest.mark.parametrize("text,expected", BARE + SENTENCES)
def test_phrases(text: str, expected: str) -> None:
    m = find_deadline(text, NOW)
    assert m is not None, text
    assert m.when.isoformat() == expected


@pytest.mark.parametrize("text", NONE)
def test_no_deadline(text: str) -> None:
    assert find_deadline(text, NOW) is None
    assert parse_deadline(text, NOW) is None


@pytest.mark.parametrize("text,span,action", SPANS)
def test_spans_cut_cleanly(text: str, span: str, action: str) -> None:
    m = find_deadline(text, NOW)
    assert m is not None
    assert text[m.start:m.end] == span
    assert re.sub(r"\s+", " ", (text[:m.start] + " " + text[m.end:]).strip()) == action


@pytest.mark.parametrize("text,now,expected", DST)
def test_dst(text: str, now: datetime, expected: str) -> None:
    m = find_deadline(text, now)
    assert m is not None
    assert m.when.isoformat() == expected
    assert m.when.tzinfo is now.tzinfo


@pytest.mark.parametrize("text,expected", CORPUS)
def test_corpus_conventions(text: str, expected: str) -> None:
    assert find_deadline(text, CORPUS_NOW).when.isoformat() == expected  # type: ignore[union-attr]


@pytest.mark.parametrize("text,has_time", [
    ("tomorrow", False), ("tomorrow 5pm", True), ("in 2 hours", True), ("in 3 days", True),
    ("by Friday", False), ("tonight", True), ("EOD", False),
])
def test_has_time(text: str, has_time: bool) -> None:
    m = find_deadline(text, NOW)
    assert isinstance(m, DeadlineMatch) and m.has_time is has_time


def test_end_of_day_parameter() -> None:
    m = find_deadline("tomorrow", NOW, end_of_day=time(18, 30))
    assert m is not None and m.when.isoformat() == "2026-03-25T18:30:00+01:00"


def test_eod_after_hours_means_late_tonight() -> None:
    late = datetime(2026, 3, 24, 19, 0, tzinfo=BER)
    assert parse_deadline("by EOD", late).isoformat() == "2026-03-24T23:59:00+01:00"  # type: ignore[union-attr]


def test_parse_deadline_matches_find() -> None:
    assert parse_deadline("by Friday 5pm", NOW) == find_deadline("by Friday 5pm", NOW).when  # type: ignore[union-attr]


def test_naive_now_rejected() -> None:
    with pytest.raises(ValueError):
        find_deadline("tomorrow", datetime(2026, 3, 24, 10, 0))


@pytest.mark.parametrize("text", [
    "I called Bob last Friday", "we spoke on Monday last week", "the previous Tuesday", "sent it yesterday at 5pm",
    "met her 3 days ago", "the day before yesterday",
])
def test_times_told_about_the_past_are_not_deadlines(text):
    from zoneinfo import ZoneInfo

    assert parse_deadline(text, datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Europe/Berlin"))) is None


def test_last_as_an_ordinary_word_still_reads_the_deadline():
    from zoneinfo import ZoneInfo

    now = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    assert parse_deadline("finish the last slide by Friday", now) == datetime(2026, 11, 27, 17,
                                                                               tzinfo=ZoneInfo("Europe/Berlin"))
