"""The pure rules behind pause and the daily budget (`handlers/timing/budget.py`), the policy's
bundling (`scheduler/policy.py`) and the readers of /pause and /budget under fuzzed input.
DST weeks: Europe leaves summer time on Sun 25 Oct 2026, the US on Sun 1 Nov 2026."""
from __future__ import annotations

import random
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from handlers import CoreConfig
from handlers.timing import Prefs, Quiet, day_start, last_call, messages_today, next_day_start, pause_end, paused_days
from scheduler.policy import Policy, Today
from scheduler.sources.base import Owed
from storage import NudgeKind, Person
from tests.support.chat import Person as Chat

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
QUIET = Quiet(time(21, 0), time(8, 0))
UTC = timezone.utc


def test_the_day_and_its_last_call_across_the_dst_change():
    sunday = datetime(2026, 10, 25, 12, 0, tzinfo=UTC)          # Berlin: a 25-hour day
    assert day_start(sunday, BERLIN) == datetime(2026, 10, 24, 22, 0, tzinfo=UTC)   # 00:00 CEST
    assert next_day_start(sunday, BERLIN) == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)  # 00:00 CET
    prefs = Prefs(BERLIN, (), QUIET)
    assert last_call(sunday, prefs) == datetime(2026, 10, 25, 19, 55, tzinfo=UTC)   # 20:55 CET
    us = Prefs(NEW_YORK, (), None)
    assert last_call(datetime(2026, 11, 1, 15, 0, tzinfo=UTC), us) == datetime(2026, 11, 2, 4, 55, tzinfo=UTC)


def test_messages_today_counts_a_bundle_once_and_only_the_local_day():
    now = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)               # 15:00 EST, the US change day
    sent = [(datetime(2026, 11, 1, 3, 30, tzinfo=UTC), "a"),     # 23:30 EDT the day before: not today
            (datetime(2026, 11, 1, 4, 30, tzinfo=UTC), "b"),     # 00:30 EDT today
            (datetime(2026, 11, 1, 14, 0, tzinfo=UTC), "c"), (datetime(2026, 11, 1, 14, 0, tzinfo=UTC), "c")]
    assert messages_today(sent, NEW_YORK, now) == 2


def test_pause_windows():
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    later = now + timedelta(days=3)
    assert pause_end(None, later, False, None, now) == later
    assert pause_end(later, later + timedelta(days=7), False, None, now) is None     # starts later
    assert pause_end(None, now - timedelta(seconds=1), False, None, now) is None      # over
    assert pause_end(None, None, True, None, now) == now + timedelta(hours=6)         # a status without expiry
    assert pause_end(None, None, True, now - timedelta(minutes=1), now) is None       # expired
    week = (datetime(2026, 10, 26).date(), datetime(2026, 10, 30).date())
    assert paused_days(*week, datetime(2026, 10, 24, tzinfo=UTC), datetime(2026, 10, 28, 23, tzinfo=UTC), BERLIN) == 3


def _owed(person: Person, kind: NudgeKind, subject: int, at: datetime) -> Owed:
    return Owed(person, kind, subject, at, at)


def test_the_policy_bundles_check_ins_first_and_keeps_the_last_message_for_the_evening():
    policy = Policy(CoreConfig(default_timezone="UTC"))
    ada = Person(id=1, platform="telegram", platform_user_id="1", chat_id="1", timezone="Europe/Berlin",
                 created_at=datetime(2026, 1, 1, tzinfo=UTC))
    now = datetime(2026, 10, 25, 9, 0, tzinfo=UTC)              # 10:00 CET on the change day
    items = [_owed(ada, NudgeKind.REMINDER, n, now) for n in range(1, 7)] + \
            [_owed(ada, NudgeKind.CHECKIN, n, now) for n in range(7, 13)]
    bundles = frozenset(NudgeKind)
    admitted = policy.admit(items, {1: Today(messages=2)}, now, bundles)
    assert len(admitted.messages) == 1 and len(admitted.messages[0]) == 12 and not admitted.held
    assert [o.kind for o in admitted.messages[0][:6]] == [NudgeKind.CHECKIN] * 6    # check-ins lead
    last = policy.admit(items, {1: Today(messages=5)}, now, bundles)               # one left: the evening's
    assert not last.messages and {o.hold_until for o in last.held} == {datetime(2026, 10, 25, 19, 55, tzinfo=UTC)}
    spent = policy.admit(items, {1: Today(messages=6)}, now, bundles)              # none left: tomorrow
    assert {o.hold_until for o in spent.held} == {datetime(2026, 10, 25, 23, 0, tzinfo=UTC)}
    evening = policy.admit(items, {1: Today(messages=5)}, datetime(2026, 10, 25, 19, 56, tzinfo=UTC), bundles)
    assert len(evening.messages) == 1 and len(evening.messages[0]) == 12                # all in the last one
    once = policy.admit(items, {1: Today(messages=0)}, now, frozenset({NudgeKind.CHECKIN}))
    assert len(once.messages) == 6 and len(once.messages[0]) == 6   # the check-ins' bundle, then 5 reminders alone
    assert [o.kind for o in once.held] == [NudgeKind.REMINDER]     # the 7th message waits (a minute, then the budget)


async def test_the_readers_of_pause_and_budget_never_fail(core):
    rng = random.Random(20261202)
    ada = Chat(core, "77")
    await ada.say("/tz Berlin")
    pieces = ["until", "for", "2w", "3 days", "Dec 28", "tomorrow", "²", "٣", "-1", "0", "999999999999", "🌴",
              "next week", "31/02", "yesterday", " ", "weeks", "d", "%", "/pause"]
    for _ in range(40):
        words = " ".join(rng.choice(pieces) for _ in range(rng.randrange(1, 5)))
        for command in ("/pause", "/budget", "/morning"):
            reply = await ada.say(f"{command} {words}")
            assert reply and "went wrong" not in reply.lower(), (command, words, reply)
