"""Who sees a rep's data, over the real Slack adapter: joining says exactly what is shared,
leaving (the team or the manager as coach) stops all of it, and people outside the team
see neither its members nor its figures, nor can they make the bot post to the channel."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from bot.registry import Registry
from scheduler import Ticker
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_user import shown
from tests.support.senders import RecordingSender
from tests import test_slack as wire
from tests.test_slack import ADA, BEN, Harness

fake, slack = wire.fake, wire.slack  # the Slack stand-in and the adapter over it, as fixtures here too
CY = "U0CY"
CHANNEL = "C0SALES"


@pytest.fixture(autouse=True)
def outsider(fake: FakeSlack) -> None:
    fake.add_user(CY, "Cy Outsider", "UTC")


async def in_channel(slack: Harness, user: str, text: str) -> str:
    """Run /ft TEXT in the team's channel; what the user read in their DM."""
    return await slack.read_after(user, slack.fake.command(user, text, channel=CHANNEL), "command")


def channel_posts(fake: FakeSlack) -> list[str]:
    return [shown(m) for m in fake.messages_to(CHANNEL)]


async def _team_with_ada(slack: Harness) -> str:
    """Ben manages team Closers; Ada joins and logs; returns what Ada read when she joined."""
    await in_channel(slack, BEN, "team create Closers")
    await in_channel(slack, BEN, "team metric add deals daily target 3 results")
    joined = await in_channel(slack, ADA, "team join")
    await slack.command("log deals 2")
    return joined


async def _ben_sees_ada(slack: Harness, fake: FakeSlack, clock: Any) -> dict[str, bool]:
    """Where Ben (the manager) can still see Ada: the REKS DM, the channel digest, /clients, /digest clients."""
    clock.advance(timedelta(hours=2))  # past the channel's on-demand limit
    dm_before = len(fake.messages_to(fake.dm_of(BEN)))
    await in_channel(slack, BEN, "team digest")
    reading = "\n".join(shown(m) for m in fake.messages_to(fake.dm_of(BEN))[dm_before:] if "REKS" in shown(m))
    assert reading, "the manager's REKS reading comes by DM"
    return {"reks": "Ada" in reading, "channel": "Ada" in channel_posts(fake)[-1],
            "clients": "Ada" in await slack.command("clients", user=BEN),
            "coach digest": "Ada" in await slack.command("digest clients", user=BEN)}


async def _tick(slack: Harness, store: Any, clock: Any) -> None:
    """The scheduler's tick through the Slack adapter: notices to other people go out here."""
    registry = Registry()
    registry.add("slack", slack.adapter.sender)
    await Ticker(store, registry, clock, slack.core.config).tick_nudges()


async def test_joining_says_exactly_what_the_manager_and_channel_see(slack: Harness, fake: FakeSlack, store: Any,
                                                                     clock: Any) -> None:
    joined = await _team_with_ada(slack)
    assert "Ben Okri, the team's manager, coaches you and sees a line on your last 7 days" in joined
    assert "your week as your own digest shows it" in joined and "and your open actions" in joined
    assert "weekly REKS reading of your team-metric figures and action counts" in joined
    assert "The channel's weekly digest shows your team-metric figures" in joined
    assert "/ft team leave stops all of it" in joined
    shared = await slack.command("shared")
    assert "Ben Okri sees this line about you" in shared
    assert "Team Closers: the manager also gets a weekly REKS reading" in shared
    assert "Members will be told (1)" in await in_channel(slack, BEN, "team visibility totals")
    await _tick(slack, store, clock)
    told = "\n".join(shown(m) for m in fake.messages_to(fake.dm_of(ADA))[-1:])
    assert "channel sees: its weekly digest now shows team totals only" in told  # told when it changes
    assert "shows team totals only" in await slack.command("shared")
    before = len(fake.messages_to(fake.dm_of(ADA)))
    await in_channel(slack, BEN, "team visibility totals")  # no change, no message
    await _tick(slack, store, clock)
    assert len(fake.messages_to(fake.dm_of(ADA))) == before


async def test_team_leave_stops_all_sharing(slack: Harness, fake: FakeSlack, clock: Any) -> None:
    await _team_with_ada(slack)
    assert all((await _ben_sees_ada(slack, fake, clock)).values())
    left = await in_channel(slack, ADA, "team leave")
    assert "Ben Okri no longer sees your data: not in their REKS reading, coach digest or" in left
    assert not any((await _ben_sees_ada(slack, fake, clock)).values())
    assert "You share nothing" in await slack.command("shared")


async def test_leaving_the_manager_as_coach_leaves_the_team_too(slack: Harness, fake: FakeSlack, clock: Any) -> None:
    await _team_with_ada(slack)
    left = await slack.command("leave Ben")
    assert "Ben Okri no longer sees your data. You also left team Closers" in left
    assert await _ben_sees_ada(slack, fake, clock) == {"reks": False, "channel": False, "clients": False,
                                                       "coach digest": False}
    assert "Ada" not in await in_channel(slack, BEN, "team members")
    assert "No metrics yet" in await slack.command("metric list")  # the team's metric stopped prompting her


async def test_leaving_a_coach_removes_the_client_from_their_views(slack: Harness, fake: FakeSlack) -> None:
    invite = await slack.command("coach", user=BEN)
    code = invite.split("/ft join ")[1].split()[0]
    assert "You're now coached by Ben Okri" in await slack.command(f"join {code}")
    assert "Ada Lovelace" in await slack.command("clients", user=BEN)
    assert "Ben Okri no longer sees your data" in await slack.command("leave")
    assert "No clients yet" in await slack.command("clients", user=BEN)
    assert "Ada" not in await slack.command("digest clients", user=BEN)
    assert "no client “Ada”" in await slack.command("assign Ada Call Bob by Friday", user=BEN)


async def test_outsiders_see_no_members_or_figures_and_cannot_post(slack: Harness, fake: FakeSlack) -> None:
    await _team_with_ada(slack)
    posts = len(channel_posts(fake))
    for _ in range(3):
        refused = await in_channel(slack, CY, "team digest")
        assert "Only members of team Closers and its manager" in refused and "deals" not in refused
    members = await in_channel(slack, CY, "team members")
    assert "Only members of team Closers" in members and "Ada" not in members
    assert len(channel_posts(fake)) == posts  # nothing was posted for the outsider


async def test_on_demand_team_digest_posts_to_the_channel_at_most_hourly(slack: Harness, fake: FakeSlack,
                                                                         clock: Any) -> None:
    await _team_with_ada(slack)
    posts = len(channel_posts(fake))
    await in_channel(slack, ADA, "team digest")
    assert len(channel_posts(fake)) == posts + 1
    for user in (ADA, BEN, ADA):  # asked again within the hour: a copy by DM, not another channel post
        copy = await in_channel(slack, user, "team digest")
        assert "📊 Team Closers" in copy and "this copy is just for you" in copy
    assert len(channel_posts(fake)) == posts + 1
    clock.advance(timedelta(minutes=61))
    await in_channel(slack, BEN, "team digest")
    assert len(channel_posts(fake)) == posts + 2


async def test_export_over_slack_keeps_a_removed_metrics_values(slack: Harness, fake: FakeSlack) -> None:
    await slack.command("metric add calls daily target 20 effort")
    await slack.command("log calls 12")
    assert "past values stay in your /ft export" in await slack.command("metric remove calls")
    await slack.command("export")
    data = json.loads(fake.files[-1]["data"])
    calls = next(m for m in data["metrics"] if m["name"] == "calls")
    assert calls["removed"] and [v["value"] for v in calls["values"]] == [12.0]


async def test_the_weekly_digests_after_leaving_name_the_rep_nowhere(slack: Harness, fake: FakeSlack, clock: Any,
                                                                    store: Any) -> None:
    await _team_with_ada(slack)
    await slack.command("leave Ben")
    sender = RecordingSender()
    ticker = Ticker(store, sender, clock, slack.core.config)
    await ticker.tick()
    clock.set(datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc))  # Ben's Monday digest slot
    await ticker.tick()
    to_ben = [(to.chat_id, r.text) for to, r in sender.sent if to.chat_id in (CHANNEL, fake.dm_of(BEN))]
    assert any(text.startswith("🧭 REKS") for _, text in to_ben) and any(c == CHANNEL for c, _ in to_ben)
    assert [text for _, text in to_ben if "Ada" in text] == ["Ada Lovelace stopped sharing with you."]  # not a digest
