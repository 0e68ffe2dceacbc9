"""The rules of snoozing at pinned instants (pure), in DST weeks, and the words read under fuzz.

The choices fit the person's day: "this evening" only while it is two hours off, nothing inside
quiet hours, and every choice is local wall time first (Sunday 09:00 in Berlin is 08:00 UTC after
the clocks go back on 25 Oct 2026, 07:00 UTC before). A snooze holds every other nudge about the
action until it comes; one after the deadline stands in for the check-in and its follow-up.
"""
from __future__ import annotations

import random
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from handlers.timing import ActionFacts, Prefs, Quiet, plan_action, snooze_at, snooze_choices
from tests.support.chat import Person

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
QUIET = Quiet(time(21, 0), time(8, 0))


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=timezone.utc)


def prefs(tz: ZoneInfo = BERLIN, quiet: Quiet | None = QUIET) -> Prefs:
    return Prefs(tz, (timedelta(hours=24), timedelta(hours=1)), quiet)


def test_choices_fit_the_day_and_quiet_hours() -> None:
    morning = snooze_choices(utc(2026, 11, 23, 9, 0), prefs())                 # Mon 10:00 Berlin
    assert [(c.key, c.label, c.at) for c in morning] == [
        ("1h", "⏰ 1 h", utc(2026, 11, 23, 10, 0)),
        ("eve", "🌙 This evening 18:00", utc(2026, 11, 23, 17, 0)),
        ("week", "📅 Next week (Mon 09:00)", utc(2026, 11, 30, 8, 0))]
    late = snooze_choices(utc(2026, 11, 23, 19, 30), prefs())                  # 20:30: in an hour is quiet
    assert [c.key for c in late] == ["morn", "week"] and late[0].at == utc(2026, 11, 24, 8, 0)
    sunday = snooze_choices(utc(2026, 11, 29, 16, 0), prefs())                 # tomorrow morning is next week
    assert [c.key for c in sunday] == ["1h", "morn"]
    lazy = snooze_choices(utc(2026, 11, 23, 17, 0), prefs(quiet=Quiet(time(22, 0), time(10, 0))))
    assert lazy[1].label == "🌅 Tomorrow 10:00"                                 # the end of their quiet hours


def test_choices_keep_wall_time_across_both_clock_changes() -> None:
    eu = {c.key: c.at for c in snooze_choices(utc(2026, 10, 24, 16, 0), prefs())}   # Sat 18:00 CEST
    assert eu["morn"] == utc(2026, 10, 25, 8, 0) and eu["week"] == utc(2026, 10, 26, 8, 0)   # 09:00 CET
    us = {c.key: c.at for c in snooze_choices(utc(2026, 10, 31, 14, 0), prefs(NEW_YORK))}  # Sat 10:00 EDT
    assert us["eve"] == utc(2026, 10, 31, 22, 0)                               # 18:00 EDT
    assert us["week"] == utc(2026, 11, 2, 14, 0)                               # Mon 09:00 EST
    assert snooze_at("morn", utc(2026, 10, 31, 14, 0), prefs(NEW_YORK)) == utc(2026, 11, 1, 14, 0)
    assert snooze_at("eve", utc(2026, 10, 31, 21, 0), prefs(NEW_YORK)) == utc(2026, 11, 1, 14, 0)  # too close
    assert snooze_at("never", utc(2026, 10, 31, 14, 0), prefs()) is None


def test_a_snooze_holds_the_other_nudges_until_it_comes() -> None:
    deadline = utc(2026, 11, 26, 16, 0)
    facts = ActionFacts(deadline, utc(2026, 11, 23, 9, 0), snoozed_until=utc(2026, 11, 25, 17, 0))
    assert plan_action(facts, prefs(), utc(2026, 11, 25, 16, 0)) == (None, utc(2026, 11, 25, 17, 0))  # no 24 h one
    due, _ = plan_action(facts, prefs(), utc(2026, 11, 25, 17, 0))
    assert due is not None and (due.kind, due.planned) == ("snoozed", utc(2026, 11, 25, 17, 0))
    sent = ActionFacts(deadline, facts.set_at, snoozed_until=facts.snoozed_until, snooze_sent=True)
    assert plan_action(sent, prefs(), utc(2026, 11, 25, 17, 1)) == (None, utc(2026, 11, 26, 15, 0))  # the 1 h one
    night = ActionFacts(deadline, facts.set_at, snoozed_until=utc(2026, 11, 25, 22, 30))
    assert plan_action(night, prefs(), utc(2026, 11, 25, 22, 0)) == (None, utc(2026, 11, 26, 7, 0))  # after quiet
    after = ActionFacts(deadline, facts.set_at, checkin_sent_at=deadline, snoozed_until=utc(2026, 11, 27, 9, 0),
                        snooze_sent=True)
    assert plan_action(after, prefs(), utc(2026, 11, 28, 7, 0)) == (None, None)   # no follow-up after it


async def test_snooze_words_never_break_under_fuzz(core) -> None:
    ada = Person(core, "1")
    await ada.say("/tz Europe/Berlin")
    await ada.say("/commit Call Anna Friday 5pm")
    pieces = ["snooze", "#1", "remind me", "about", "later", "tomorrow", "next week", "2", "days", "99999999999",
              "in", "h", "for", "until", "Friday", "3pm", "²", "#", "￼", "tonight", "at", "31/02", "0"]
    rng = random.Random(14)
    for _ in range(40):
        words = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        for text in (f"snooze {words}", f"/snooze {words}"):
            assert (await ada.say(text)).strip(), text                    # always a clear answer, never silence
