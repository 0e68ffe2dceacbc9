"""Sessions over the Slack door: a team's manager (Ben, in UTC) schedules a session with a rep
(Ada, in Berlin) the weekend Europe leaves daylight-saving time (25 Oct 2026). Each message
reaches the right DM on the right clock, and the manager's /record of the rep works."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from bot.registry import Registry
from handlers import CoreConfig
from scheduler import Ticker
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_user import shown
from tests.test_slack import ADA, BEN, Harness, fake, slack  # noqa: F401  (fixtures: the stand-in, the adapter)

CHANNEL = "C0SALES"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=timezone.utc)


def dm(fake: FakeSlack, user: str) -> str:
    return "\n".join(shown(m) for m in fake.messages_to(fake.dm_of(user)))


async def tick_at(slack: Harness, store: Any, clock: Any, when: datetime) -> None:
    clock.set(when)
    registry = Registry()
    registry.add("slack", slack.adapter.sender)
    await Ticker(store, registry, clock, CoreConfig(default_timezone="UTC")).tick_nudges()


async def test_a_manager_schedules_a_reps_session_across_the_eu_dst_weekend(
        slack: Harness, fake: FakeSlack, store: Any, clock: Any) -> None:
    clock.set(utc(2026, 10, 23, 9, 0))  # Fri 09:00 UTC, 11:00 Berlin (CEST)
    for user, text in ((BEN, "team create Closers"), (ADA, "team join")):
        status, _ = await slack.post(fake.command(user, text, channel=CHANNEL), "command")
        assert status == 200
    added = await slack.command("session add Ada Monday 10:00", user=BEN)
    assert "Session with Ada Lovelace: Mon 26 Oct, 10:00 (Mon 26 Oct, 11:00 their time), once" in added
    await tick_at(slack, store, clock, utc(2026, 10, 25, 9, 59))  # Sun 10:59 Berlin, now CET
    assert "To prepare" not in dm(fake, ADA)
    await tick_at(slack, store, clock, utc(2026, 10, 25, 10, 0))  # Sun 11:00 Berlin: the day before
    assert "Tomorrow at 11:00: your session with Ben Okri." in dm(fake, ADA)
    assert "Thanks: Ben Okri will see that" in await slack.say("I want to talk about my pipeline")
    await tick_at(slack, store, clock, utc(2026, 10, 26, 9, 0))
    assert "Ada Lovelace's prep: “I want to talk about my pipeline”" in dm(fake, BEN)
    await tick_at(slack, store, clock, utc(2026, 10, 26, 11, 15))
    assert "what did you take away from today?" in dm(fake, ADA)
    assert "Insight saved" in await slack.say("Insight: I chase too many small deals")
    assert "From your insight" in await slack.say("I'll drop the three smallest deals by Wednesday")
    record = await slack.command("record Ada", user=BEN)
    assert "Ada Lovelace's record" in record and "🗓 Sessions held: 1" in record
    assert "“I chase too many small deals” → #1 open" in record
    assert "No sessions ahead" in await slack.command("sessions")
