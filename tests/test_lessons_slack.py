"""Lessons over the real Slack adapter: a manager shares lesson files in the app's DM (files.info,
then the private URL with the bot token), assigns a lesson to the team from its channel and from
the DM, and the team digest shows knowledge per rep only when the channel may see each rep."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from storage import TopicMastery
from tests import test_slack as wire
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_user import shown
from tests.test_lessons import BAD, GOOD
from tests.test_slack import ADA, BEN, Harness

fake, slack = wire.fake, wire.slack  # the Slack stand-in and the adapter over it, as fixtures here too
CY = "U0CY"
CHANNEL = "C0SALES"


@pytest.fixture(autouse=True)
def third_rep(fake: FakeSlack) -> None:
    fake.add_user(CY, "Cy Young", "UTC")


async def in_channel(slack: Harness, user: str, text: str) -> str:
    return await slack.read_after(user, slack.fake.command(user, text, channel=CHANNEL), "command")


async def share(slack: Harness, user: str, name: str, data: bytes, **kw: Any) -> str:
    return await slack.read_after(user, slack.fake.file_share(user, name, data, **kw), "events")


async def _team(slack: Harness) -> None:
    """Ben manages team Closers; Ada and Cy join."""
    await in_channel(slack, BEN, "team create Closers")
    await in_channel(slack, ADA, "team join")
    await in_channel(slack, CY, "team join")


async def test_a_manager_shares_lesson_files_in_the_dm(slack: Harness, fake: FakeSlack) -> None:
    await _team(slack)
    added = await share(slack, BEN, "openers.md", GOOD)
    assert "✅ openers.md: lesson 7 “Opening a call” added" in added
    assert "/ft lesson assign 7 NAME by WHEN" in added
    downloads = fake.calls_of("download")
    assert [c.token for c in downloads] == [fake.bot_token] and fake.calls_of("files.info")
    bad = await share(slack, BEN, "bad.md", BAD)
    assert "❌ bad.md: not imported, 5 problems:" in bad and "line 3: the topic is a short tag" in bad
    big = await share(slack, BEN, "huge.md", b"x", size=5_000_000)
    assert "I could not read that file" in big
    assert len(fake.calls_of("download")) == 2  # the big one was never downloaded
    assert "I can only read text" in await share(slack, BEN, "chart.png", b"\x89PNG", mimetype="image/png")
    assert "7. Opening a call (openers, 4 min): new" in await slack.command("lessons", user=ADA)
    assert "Coaches and team managers can send me lesson files" in await share(slack, ADA, "mine.md", GOOD)


async def test_a_manager_assigns_a_lesson_to_the_team_and_to_one_rep(slack: Harness, fake: FakeSlack) -> None:
    await _team(slack)
    reply = await in_channel(slack, BEN, "lesson assign 1 team by Friday")
    assert "assigned to Ada Lovelace: #1, due Fri 27 Nov, 17:00" in reply
    assert "assigned to Cy Young: #1" in reply and "Ben" not in reply.split("assigned to")[1]
    assert "#1 📚 Discovery questions, 8 min + quiz" in await slack.command("actions", user=ADA)
    again = await slack.command("lesson assign 1 team", user=BEN)  # from the DM: Ben's only team
    assert again.count("already has it: #1") == 2
    one = await slack.command("lesson assign 2 Cy by Thursday", user=BEN)
    assert "“Following up without being a pest” assigned to Cy Young: #2, due Thu 26 Nov" in one
    assert "Only this channel's team manager" in await in_channel(slack, ADA, "lesson assign 1 team")
    assert "You have no clients" in await slack.command("lesson assign 1 Cy", user=ADA)


async def _mastery(store: Any, clock: Any, user: str, scores: dict[str, float]) -> None:
    async with store.unit() as u:
        person = await u.people.find("slack", user)
        for topic, score in scores.items():
            u.session.add(TopicMastery(person_id=person.id, topic=topic, score=score, answers=4,
                                       updated_at=clock.now()))


async def _digest(slack: Harness, fake: FakeSlack, clock: Any) -> tuple[str, str]:
    """The channel's digest and the manager's DM, asked for now."""
    clock.advance(timedelta(hours=2))  # past the channel's on-demand limit
    before = len(fake.messages_to(fake.dm_of(BEN)))
    await in_channel(slack, BEN, "team digest")
    dm = "\n".join(shown(m) for m in fake.messages_to(fake.dm_of(BEN))[before:])
    return shown(fake.messages_to(CHANNEL)[-1]), dm


async def test_knowledge_in_the_team_digest_follows_the_channels_visibility(slack: Harness, fake: FakeSlack,
                                                                            store: Any, clock: Any) -> None:
    await _team(slack)
    await in_channel(slack, BEN, "lesson assign 1 team by Friday")
    await in_channel(slack, BEN, "lesson assign 3 Ada by Friday")
    await _mastery(store, clock, ADA, {"discovery": 55, "objections": 80})
    await _mastery(store, clock, CY, {"discovery": 85})
    channel, dm = await _digest(slack, fake, clock)
    # Each rep's scores stay between them and the manager until the manager opts the channel in (issue 13).
    assert "Team average: discovery 70%, objections 80%" in channel and "55%" not in channel
    await in_channel(slack, BEN, "team share development on")
    channel, dm = await _digest(slack, fake, clock)
    assert "• Ada Lovelace: discovery 55%, objections 80%" in channel and "• Cy Young: discovery 85%, objections –" \
        in channel
    assert "Not taken yet: Ada Lovelace (Discovery questions; Handling a price objection)" not in channel
    assert "Not taken yet: Ada Lovelace (Handling a price objection, Discovery questions); Cy Young" in channel
    assert "• Ada Lovelace: discovery 55%, objections 80%" in dm
    await in_channel(slack, BEN, "team visibility totals")
    channel, dm = await _digest(slack, fake, clock)
    assert "Team average: discovery 70%, objections 80%" in channel
    assert "2 reps still to take an assigned lesson (0 overdue)" in channel
    assert "55%" not in channel and "Ada" not in channel and "Cy" not in channel
    assert "• Ada Lovelace: discovery 55%, objections 80%" in dm and "Not taken yet: Ada Lovelace" in dm
    clients = await slack.command("clients", user=BEN)
    assert "📚 lessons 2 assigned, 0 done, 0 overdue; weakest: discovery 55%" in clients
