"""Sales teams and the REKS reading, through the neutral core (Slack sends /ft team ...)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


from handlers import Core
from handlers.reks import read_team
from handlers.record import MetricWeek
from scheduler import Ticker
from storage import Metric
from tests.support.chat import Person
from tests.support.senders import RecordingSender

BERLIN = ZoneInfo("Europe/Berlin")
CHANNEL = "C-SALES"


class Rep(Person):
    async def team(self, args: str) -> list:
        return await self.send(f"/team {args}", channel_id=CHANNEL)


async def _team(core: Core):
    boss = Rep(core, "U1", platform="slack", name="Maya Manager")
    reps = [Rep(core, f"U{i}", platform="slack", name=n) for i, n in ((2, "Ada"), (3, "Bob"), (4, "Cy"))]
    for p in (boss, *reps):
        await p.say("/tz Berlin")
    created = await boss.team("create Closers")
    assert "Team Closers created" in created[0].text and created[1].to.chat_id == CHANNEL
    await boss.team("metric add deals daily target 3 results")
    await boss.team("metric add calls daily target 20 effort")
    for r in reps:
        assert "You now track: calls, deals" in (await r.team("join"))[0].text
    return boss, reps


async def test_team_setup_roles_and_errors(core):
    boss, (ada, bob, cy) = await _team(core)
    assert "already has a team" in (await ada.team("create Mine"))[0].text
    assert "Only the team's manager" in (await ada.team("metric add x daily"))[0].text
    assert "already in team" in (await ada.team("join"))[0].text
    assert "in the team's channel" in await ada.say("/team join")
    assert "Ada, Bob, Cy" in (await ada.team("members"))[0].text
    assert "calls: daily at 18:00, target 20, effort" in await ada.say("/metric list")
    assert "Ada" in await boss.say("/clients")  # the manager coaches every member
    assert "You left team Closers" in (await cy.team("leave"))[0].text
    assert "No metrics yet" in await cy.say("/metric list")


async def test_team_digest_and_reks_reading(core, clock):
    boss, (ada, bob, cy) = await _team(core)
    figures = {ada: (3, 20), bob: (1, 8), cy: (1, 22)}  # deals, calls per day
    for _day in range(3):
        for rep, (deals, calls) in figures.items():
            await rep.say(f"/log deals {deals}")
            await rep.say(f"/log calls {calls}")
        clock.advance(timedelta(days=1))
    await ada.say("/commit Close Acme today 11pm")
    await ada.say("/done 1")
    replies = await boss.team("digest")
    channel, reading = replies[0], replies[1]
    assert channel.to.chat_id == CHANNEL
    assert "Results: deals 5/9 (56%)" in channel.text and "Effort: calls 50/60 (83%)" in channel.text
    assert "• Ada: results deals 3/3 · effort calls 20/20 · 1 done" in channel.text
    assert reading.to.chat_id == "U1"
    assert "Bob: behind because effort is low" in reading.text
    # Cy's calls are 110% of target and 132% of the team's average: effort is not converting.
    assert "Cy: striver: effort well above the team but results low; effort is not converting" in reading.text
    assert "effort 110% of target; 132% of team effort" in reading.text
    assert "✅ Ada: on track" in reading.text
    assert "deals 1/3, calls 8/20" in reading.text
    # A rep asking sees the channel digest only; totals-only hides reps from the channel.
    assert len(await ada.team("digest")) == 1
    assert "team totals only" in (await boss.team("visibility totals"))[0].text
    assert "• Ada" not in (await boss.team("digest"))[0].text


async def test_weekly_team_digest_goes_to_channel_and_manager(core, clock, store):
    boss, reps = await _team(core)
    await reps[0].say("/log deals 2")
    sender = RecordingSender()
    ticker = Ticker(store, sender, clock, core.config)
    await ticker.tick()
    clock.set(datetime(2026, 11, 30, 8, 0, tzinfo=BERLIN))
    await ticker.tick()
    await ticker.tick()
    to_channel = [r.text for to, r in sender.sent if to.chat_id == CHANNEL]
    assert len(to_channel) == 1 and to_channel[0].startswith("📊 Team Closers")
    assert sum(r.text.startswith("🧭 REKS") for to, r in sender.sent if to.chat_id == "U1") == 1


def _week(name: str, kind: str, value: float | None, target: float) -> MetricWeek:
    m = Metric(person_id=1, name=name, kind=kind, target=target, created_at=datetime(2026, 1, 1))
    return MetricWeek(m, value, None, [])


def test_reks_calls():
    readings = {r.name: r for r in read_team({
        "low": [_week("deals", "results", 1, 4), _week("calls", "effort", 8, 20)],
        "gap": [_week("deals", "results", 1, 4), _week("calls", "effort", 21, 20)],
        "wolf": [_week("deals", "results", 5, 4), _week("calls", "effort", 6, 20)],
        "star": [_week("deals", "results", 4, 4), _week("calls", "effort", 20, 20)],
        "quiet": [_week("deals", "results", None, 4)],
    })}
    assert readings["low"].call == "low_effort"
    # 105% of target and 153% of the team's average effort, results at 25%: a striver, cause not yet measured.
    assert readings["gap"].call == "striver" and "a knowledge or skills gap" in readings["gap"].headline
    assert readings["wolf"].call == "lone_wolf" and readings["wolf"].effort_vs_team < 0.6
    assert readings["star"].call == "on_track"
    assert readings["quiet"].call == "no_data"
    assert [r.name for r in read_team({"b": [], "a": []})] == ["a", "b"]


async def test_cross_platform(core, store, clock):
    coach = Person(core, "U9", platform="slack", name="Sam")
    client = Person(core, "77", platform="telegram", name="Tia")
    code = re.findall(r"/join ([\w-]+)", await coach.say("/coach"))[0]
    await client.send(f"/join {code}")
    await coach.send("/assign Tia Send notes by Friday")
    sender = RecordingSender()
    await Ticker(store, sender, clock, core.config).tick_nudges()  # both notices are nudges
    assert [(to.platform, to.chat_id) for to, r in sender.sent if "joined as your client" in r.text] == [
        ("slack", "U9")]
    assert [(to.platform, to.chat_id) for to, r in sender.sent if "gave you an action" in r.text] == [
        ("telegram", "77")]
