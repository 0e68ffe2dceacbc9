"""The team digest and the manager's REKS reading over the Slack door (issue 16): done from the
check-in counts as on time in the reading too, weekly targets are pro rata mid-week, and a rep's
call depends on that rep's figures only. Plus the table of calls for every combination."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from bot.registry import Registry
from handlers import CoreConfig
from handlers import reks
from handlers.reks import EFFORT_PAR, LONE_WOLF, read_team
from handlers.record import MetricWeek
from scheduler import Ticker
from storage import Metric
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_user import shown
from tests.test_slack import ADA, BEN, Harness, slack  # noqa: F401  (the fixture, over this module's `fake`)

RILEY = "U0RILEY"
CHANNEL = "C0SALES"


@pytest.fixture
async def fake():
    async with FakeSlack() as f:
        f.add_user(ADA, "Ada Lovelace", "Europe/Berlin")
        f.add_user(BEN, "Ben Okri", "UTC")
        f.add_user(RILEY, "Riley Quinn", "Europe/Berlin")
        yield f


async def in_channel(slack: Harness, user: str, text: str) -> None:
    status, _ = await slack.post(slack.fake.command(user, text, channel=CHANNEL), "command")
    assert status == 200


async def team(slack: Harness) -> None:
    """Ben manages; Ada and Riley are reps. Deals: weekly, target 3. Calls: daily, target 20."""
    await in_channel(slack, BEN, "team create Closers")
    await in_channel(slack, BEN, "team metric add deals weekly target 3 results")
    await in_channel(slack, BEN, "team metric add calls daily target 20 effort")
    for rep in (ADA, RILEY):
        await in_channel(slack, rep, "team join")


def ticker(slack: Harness, store: Any, clock: Any) -> Ticker:
    registry = Registry()
    registry.add("slack", slack.adapter.sender)
    return Ticker(store, registry, clock, CoreConfig(default_timezone="UTC"))


def dm(fake: FakeSlack, user: str) -> list[str]:
    return [shown(m) for m in fake.messages_to(fake.dm_of(user))]


async def test_done_from_the_checkin_is_on_time_in_the_reks_reading(slack: Harness, fake: FakeSlack, store: Any,
                                                                   clock: Any) -> None:
    await team(slack)
    await slack.say("I'll send the deck by Friday 5pm")
    clock.set(datetime(2026, 11, 27, 16, 0, tzinfo=timezone.utc))          # Fri 17:00 Berlin
    await ticker(slack, store, clock).tick()
    assert any("Did you do #1 Send the deck?" in t for t in dm(fake, ADA))
    clock.advance(timedelta(minutes=5))
    assert "Done: #1" in await slack.press("done:1")
    await in_channel(slack, BEN, "team digest")
    assert "• Ada Lovelace: results deals –/3 · effort calls –/20 · 1 done on time, 0 missed" in \
        shown(fake.messages_to(CHANNEL)[-1])
    reading = dm(fake, BEN)[-1]
    assert reading.startswith("🧭 REKS reading") and "actions: 1 done on time, 0 missed" in reading
    assert "done late" not in reading and "1 missed" not in reading


async def test_mid_week_targets_are_pro_rata_and_unlogged_is_not_zero(slack: Harness, fake: FakeSlack,
                                                                     clock: Any) -> None:
    await team(slack)
    clock.advance(timedelta(days=2))                                        # Wed 25 Nov: 3 of 5 working days
    await in_channel(slack, BEN, "team digest")
    channel = shown(fake.messages_to(CHANNEL)[-1])
    assert "Results: deals not logged yet" in channel and "0/" not in channel
    await slack.command("log deals 2")
    clock.advance(timedelta(hours=1))                                       # the channel's hourly on-demand slot
    await in_channel(slack, BEN, "team digest")
    channel = shown(fake.messages_to(CHANNEL)[-1])
    assert "Results: deals 2/1.8 (111%) (1 of 2 reps logged)" in channel
    assert "• Ada Lovelace: results deals 2/1.8" in channel and "pro rata" in channel
    assert "Ada Lovelace: on track" in dm(fake, BEN)[-1]


def _rep_entry(reading: str, name: str) -> str:
    """A rep's call and figures in a reading (the lines from their name to the next rep)."""
    lines = reading.split("\n")
    start = next(i for i, line in enumerate(lines) if f" {name}: " in line)
    return "\n".join(lines[start:start + 2])


async def test_the_same_figures_get_the_same_call_whatever_the_team_did(slack: Harness, fake: FakeSlack,
                                                                       store: Any, clock: Any) -> None:
    """Riley logs 4/3 deals and 8.6/20 calls two weeks running; Ada's effort swings from 30 to 5 a
    day. Judged against the team's average, Riley was a lone wolf one week and on track the next."""
    await team(slack)
    readings: list[str] = []
    for monday in (datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc), datetime(2026, 11, 30, 9, 0,
                                                                             tzinfo=timezone.utc)):
        ada_calls = 30 if not readings else 5
        for day, riley_calls in enumerate((9, 8, 9, 8, 9)):
            clock.set(monday + timedelta(days=day))
            await slack.command(f"log calls {riley_calls}", user=RILEY)
            await slack.command(f"log calls {ada_calls}", user=ADA)
        await slack.command("log deals 4", user=RILEY)
        await slack.command("log deals 3", user=ADA)
        clock.set(monday + timedelta(days=7) - timedelta(hours=1))         # the next Monday, 08:00 UTC
        await ticker(slack, store, clock).tick()
        readings.append(next(t for t in reversed(dm(fake, BEN)) if t.startswith("🧭 REKS")))
    first, second = (_rep_entry(r, "Riley Quinn") for r in readings)
    assert first.startswith("🐺 Riley Quinn: lone wolf") and "deals 4/3, calls 8.6/20" in first
    assert first.rsplit("; ", 1)[0] == second.rsplit("; ", 1)[0]   # all but the team's average, shown beside
    assert first.endswith("45% of team effort") and second.endswith("126% of team effort")
    assert "Ada Lovelace: on track" in readings[0] and "🐺 Ada Lovelace: lone wolf" in readings[1]


def _week(name: str, kind: str, value: float | None, target: float, cadence: str = "daily",
          working_days: int = 5) -> MetricWeek:
    m = Metric(person_id=1, name=name, kind=kind, target=target, cadence=cadence, created_at=datetime(2026, 1, 1))
    return MetricWeek(m, value, None, [], working_days=working_days)


# results share, effort share -> call; None: nothing logged. Every region and its edges.
CALLS = [
    (None, None, "no_data"),
    (None, 0.0, "low_effort"), (None, EFFORT_PAR - 0.01, "low_effort"), (None, EFFORT_PAR, "effort_only"),
    (None, 1.5, "effort_only"),
    (1.0, None, "on_track"), (2.0, None, "on_track"),
    (1.0, 0.0, "lone_wolf"), (1.0, LONE_WOLF - 0.01, "lone_wolf"), (1.0, LONE_WOLF, "on_track"),
    (1.3, 1.0, "on_track"),
    (0.0, None, "no_effort"), (0.99, None, "no_effort"),
    (0.5, 0.0, "low_effort"), (0.99, EFFORT_PAR - 0.01, "low_effort"),
    (0.5, EFFORT_PAR, "how_gap"), (0.0, 2.0, "how_gap"),
]


@pytest.mark.parametrize(("results", "effort", "call"), CALLS)
def test_reks_call_table(results: float | None, effort: float | None, call: str) -> None:
    assert reks.call_for(results, effort) == call


def test_a_reps_call_does_not_depend_on_the_rest_of_the_team() -> None:
    riley = [_week("deals", "results", 4, 3, "weekly"), _week("calls", "effort", 8.6, 20)]
    alone = {r.name: r.call for r in read_team({"riley": riley})}
    for other_calls in (None, 0, 5, 20, 60):
        other = [_week("deals", "results", 3, 3, "weekly"), _week("calls", "effort", other_calls, 20)]
        with_team = {r.name: r.call for r in read_team({"riley": riley, "ada": other})}
        assert with_team["riley"] == alone["riley"] == "lone_wolf"


def test_weekly_targets_are_pro_rata_by_working_days() -> None:
    assert _week("deals", "results", 2, 3, "weekly", working_days=3).target_now == 1.8
    assert _week("deals", "results", 2, 3, "weekly", working_days=5).target_now == 3
    assert _week("calls", "effort", 8, 20, "daily", working_days=1).target_now == 20   # a per-day average
    wednesday = read_team({"ada": [_week("deals", "results", 2, 3, "weekly", working_days=3)]})[0]
    assert wednesday.call == "on_track" and wednesday.detail == "deals 2/1.8"
