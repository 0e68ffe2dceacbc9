"""Skills over the Slack door (real Bolt app and client over the stand-in): the card set up in the
team's channel, an observation ticked on the Block Kit card, /card as text and PNG, the manager's
two-part weekly DM with every number, and what the channel sees of development in both modes."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from bot.registry import Registry
from scheduler import Ticker
from storage import Lesson, TopicMastery
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_user import buttons, shown
from tests.test_slack import ADA, BEN, Harness, slack  # noqa: F401  (the fixture, over this module's `fake`)

RILEY = "U0RILEY"
CHANNEL = "C0SALES"


@pytest.fixture
async def fake():
    async with FakeSlack() as f:
        f.add_user(ADA, "Ada Lovelace", "Europe/Berlin")
        f.add_user(BEN, "Ben Okri", "UTC")
        f.add_user(RILEY, "Riley Quinn", "America/New_York")
        yield f


async def in_channel(slack: Harness, user: str, text: str) -> str:
    """A command in the team's channel; what the person then read in their DM."""
    before = len(slack.fake.messages_to(slack.fake.dm_of(user)))
    status, _ = await slack.post(slack.fake.command(user, text, channel=CHANNEL), "command")
    assert status == 200
    return "\n".join(shown(m) for m in slack.fake.messages_to(slack.fake.dm_of(user))[before:])


async def team(slack: Harness, store: Any, clock: Any, skills: int = 4) -> None:
    await lesson(store, clock)
    await in_channel(slack, BEN, "team create Closers")
    await in_channel(slack, BEN, "team metric add deals weekly target 4 results")
    await in_channel(slack, BEN, "team metric add calls weekly target 100 effort")
    for rep in (ADA, RILEY):
        await in_channel(slack, rep, "team join")
    for i in range(skills):
        await in_channel(slack, BEN, f"team skill add Skill {i + 1}" + (" topic discovery lesson 1" if i == 0 else ""))


async def lesson(store: Any, clock: Any) -> None:
    """What the Knowledge feature would have stored: lesson 1, on discovery."""
    async with store.unit() as u:
        if await u.knowledge.lesson(1) is None:
            u.session.add(Lesson(key="lib:discovery", number=1, title="Discovery questions", topic="discovery",
                                 body="Ask before you pitch.", created_at=clock.now(), updated_at=clock.now()))


async def knowledge(store: Any, clock: Any, user: str, score: float) -> None:
    """A person's mastery of discovery, as their quizzes would have left it."""
    async with store.unit() as u:
        person = await u.people.find("slack", user)
        u.session.add(TopicMastery(person_id=person.id, topic="discovery", score=score, answers=8,
                                   updated_at=clock.now()))


def card_button(fake: FakeSlack, user: str, label: str) -> str:
    message = next(m for m in reversed(fake.messages_to(fake.dm_of(user))) if "Observation of" in shown(m))
    return next(b["value"] for b in buttons(message["blocks"]) if b["text"]["text"] == label)


async def test_the_card_set_up_in_the_channel_and_ticked_in_one_go(slack: Harness, fake: FakeSlack,
                                                                   store: Any, clock: Any) -> None:
    await team(slack, store, clock)
    await knowledge(store, clock, ADA, 40)
    listing = await in_channel(slack, ADA, "team skill list")
    assert " 1. Skill 1 (topic discovery) (lesson 1)" in listing and " 4. Skill 4" in listing
    card = await slack.command("observe Ada", user=BEN)
    assert "Observation of Ada Lovelace" in card
    blocks = fake.messages_to(fake.dm_of(BEN))[-1]["blocks"]
    assert [b["text"]["text"] for b in buttons(blocks)][:3] == ["✅ 1", "❌ 1", "– 1"]
    assert [b["type"] for b in blocks].count("actions") == 5  # a row per skill, then Done
    for label in ("✅ 1", "✅ 2", "❌ 3"):
        assert await slack.press(card_button(fake, BEN, label), user=BEN) == ""  # ticks are silent
    assert await slack.press(card_button(fake, BEN, "✅ 3"), user=BEN) == ""  # a second press changes square 3
    bingo = await slack.press(card_button(fake, BEN, "✅ 4"), user=BEN)
    assert bingo == "🎉 Bingo for Ada Lovelace: row 1 of the card applied (Skill 1, Skill 2, Skill 3, Skill 4)."
    edited = fake.calls_of("chat.update")[-1].params
    assert "→ ✅ 4" in str(edited["blocks"])  # the card message shows the latest tick under it
    done = await slack.press(card_button(fake, BEN, "Done"), user=BEN)
    assert "Observation of Ada Lovelace saved: 4 applied, 0 missed." in done
    assert "Bingo" not in await slack.command("observe Ada 4 yes", user=BEN)  # celebrated once
    mine = await slack.command("card")
    assert mine.startswith("🎯 Team Closers skills card, last 4 weeks: applied 5 of 5 observed (100%)")
    assert "✅ ✅ ✅ ✅" in mine and " 1 ✅ Skill 1: applied 1 of 1 (discovery 40%)" in mine
    assert fake.files[-1]["channel"] == fake.dm_of(ADA) and fake.files[-1]["data"][:4] == b"\x89PNG"
    assert "You see your own skills card" in await slack.command("card Ada", user=RILEY)


async def _digest_dm(slack: Harness, fake: FakeSlack) -> tuple[str, str]:
    await in_channel(slack, BEN, "team digest")
    reading = next(shown(m) for m in reversed(fake.messages_to(fake.dm_of(BEN))) if "REKS reading" in shown(m))
    return reading, shown(fake.messages_to(CHANNEL)[-1])


async def test_the_managers_dm_has_performance_then_development(slack: Harness, fake: FakeSlack, store: Any,
                                                                clock: Any) -> None:
    await team(slack, store, clock, skills=1)
    await knowledge(store, clock, ADA, 55)
    await knowledge(store, clock, RILEY, 92)
    for rep in (ADA, RILEY):
        await slack.command("log calls 100", user=rep)
        await slack.command("log deals 1", user=rep)
    for verdict in ("yes", "no", "no", "no", "no"):
        await slack.command(f"observe Riley 1 {verdict}", user=BEN)
        await slack.command(f"observe Ada 1 {verdict}", user=BEN)
    await slack.command("goal run my own enterprise deals by 30 June 2027")
    assert "🌱 For your goal: run my own enterprise deals" in await slack.command(
        "commit Shadow Sam on an enterprise call by Friday for goal")
    clock.advance(timedelta(days=3))
    reading, _ = await _digest_dm(slack, fake)
    performance, development = reading.split("— Development")
    assert "— Performance (this week: results and effort against targets) —" in performance
    assert ("⚠️ Ada Lovelace: effort on par but results low: knowledge gap: discovery at 55%; Skill 1 applied 1 of 5; "
            "assign lesson 1 “Discovery questions”\n   deals 1/3.2, calls 100/80 — results 31% of target; "
            "effort 125% of target; 100% of team effort") in performance  # Thursday: weekly targets pro rata
    assert ("⚠️ Riley Quinn: effort on par but results low: skills gap: knows it (discovery 92%) but applied 1 of 5; "
            "coach on applying “Skill 1”") in performance
    assert "🌱 Ada Lovelace: knowledge: discovery 55%" in development
    assert "   skills card: applied 1 of 5 (20%) in the last 4 weeks, the 4 weeks before none observed" in development
    assert "   goal “run my own enterprise deals” by 30 Jun 2027: 0 of 1 actions done" in development
    assert "   → next: knowledge gap: discovery at 55%" in development
    assert "🌱 Riley Quinn: knowledge: discovery 92%" in development
    assert "   → next: skills gap: knows it (discovery 92%) but applied 1 of 5" in development


async def test_the_channel_sees_development_only_when_the_manager_opts_in(slack: Harness, fake: FakeSlack,
                                                                          store: Any, clock: Any) -> None:
    await team(slack, store, clock, skills=1)
    await knowledge(store, clock, ADA, 55)
    await slack.command("observe Ada 1 no", user=BEN)
    await slack.command("goal lead the Q3 pilot")
    await slack.command("log deals 1")
    _, channel = await _digest_dm(slack, fake)
    assert "Ada Lovelace: results deals 1/0.8" in channel  # results: visible to the team by default
    for private in ("discovery", "55%", "skills card", "Q3 pilot", "🌱"):
        assert private not in channel
    assert "Only the team's manager" in await in_channel(slack, ADA, "team share development on")
    assert "will show each member's knowledge scores" in await in_channel(slack, BEN, "team share development on")
    clock.advance(timedelta(hours=2))  # the channel's on-demand digest is limited to one an hour
    _, channel = await _digest_dm(slack, fake)
    assert "🌱 Ada Lovelace: knowledge: discovery 55%" in channel and "goal “lead the Q3 pilot”" in channel
    assert "→ next" not in channel  # the coaching advice stays the manager's
    assert "your knowledge scores, skills card and development goal" in await slack.command("shared")
    await in_channel(slack, BEN, "team share development off")
    clock.advance(timedelta(hours=2))
    _, channel = await _digest_dm(slack, fake)
    assert "discovery" not in channel and "Q3 pilot" not in channel


async def test_the_weekly_dm_in_the_week_clocks_go_back_and_the_bingo_note(slack: Harness, fake: FakeSlack,
                                                                            store: Any, clock: Any) -> None:
    """Berlin leaves summer time on Sun 25 Oct 2026: the manager's Monday 08:00 DM comes at 07:00 UTC,
    with both parts; the rep hears of her bingo from the scheduler (outside her quiet hours)."""
    clock.set(datetime(2026, 10, 19, 9, 0, tzinfo=timezone.utc))
    await team(slack, store, clock)
    await slack.command("tz Europe/Berlin", user=BEN)
    for square in (1, 2, 3, 4):
        await slack.command(f"observe Ada {square} yes", user=BEN)
    await slack.command("log calls 100")
    registry = Registry()
    registry.add("slack", slack.adapter.sender)
    ticker = Ticker(store, registry, clock, slack.core.config)
    await ticker.tick()
    assert any("🎉 Bingo! Row 1 of your skills card was applied" in shown(m) for m in fake.messages_to(fake.dm_of(ADA)))
    clock.set(datetime(2026, 10, 26, 6, 50, tzinfo=timezone.utc))  # 07:50 in Berlin (CET)
    await ticker.tick()
    assert not any("REKS reading" in shown(m) for m in fake.messages_to(fake.dm_of(BEN)))
    clock.set(datetime(2026, 10, 26, 7, 5, tzinfo=timezone.utc))  # 08:05 in Berlin
    await ticker.tick()
    reading = next(shown(m) for m in fake.messages_to(fake.dm_of(BEN)) if "REKS reading" in shown(m))
    assert "— Performance" in reading and "— Development" in reading
    assert "🌱 Ada Lovelace: skills card: applied 4 of 4 (100%) in the last 4 weeks" in reading
