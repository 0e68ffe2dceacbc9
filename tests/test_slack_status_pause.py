"""An away Slack status pauses nudges without a command (issue 14): 🌴 or "OOO" in the status,
sent as the real `user_change` event through the real Bolt app, with its expiry honoured; a
deadline inside gets one check-in once the status ends. Under the manual clock, in the week the
US leaves daylight-saving time (1 Nov 2026)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from bot.registry import Registry
from handlers import CoreConfig
from scheduler import Ticker
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_user import shown
from tests.test_slack import ADA, Harness, fake, slack  # noqa: F401  (the fixtures)


def ticker(slack: Harness, store: Any, clock: Any) -> Ticker:
    registry = Registry()
    registry.add("slack", slack.adapter.sender)
    return Ticker(store, registry, clock, CoreConfig(default_timezone="UTC"))


def texts(fake: FakeSlack) -> list[str]:
    return [shown(m) for m in fake.messages_to(fake.dm_of(ADA))]


async def run_until(t: Ticker, clock: Any, end: datetime, step: timedelta = timedelta(hours=1)) -> None:
    while clock.now() < end:
        clock.set(min(clock.now() + step, end))
        await t.tick()


async def test_an_away_status_pauses_until_it_expires(slack, fake, store, clock):
    clock.set(datetime(2026, 10, 29, 14, 0, tzinfo=timezone.utc))
    fake.users[ADA].tz = "America/New_York"
    await slack.say("/tz New York")
    await slack.say("I'll send the deck by Friday 5pm")      # Fri 30 Oct 17:00 EDT
    back = datetime(2026, 11, 2, 14, 0, tzinfo=timezone.utc)  # Mon 09:00 EST: the status expires
    status, _ = await slack.post(fake.status_change(ADA, ":palm_tree:", "Vacationing", int(back.timestamp())))
    assert status == 200
    t = ticker(slack, store, clock)
    before = len(texts(fake))
    await run_until(t, clock, back - timedelta(minutes=1))
    assert texts(fake)[before:] == []                        # no reminder, no check-in while away
    await run_until(t, clock, back + timedelta(hours=1), timedelta(minutes=15))
    got = texts(fake)[before:]
    assert len(got) == 1 and "Did you do #1 Send the deck?" in got[0]  # one check-in once it expired
    # (the Monday 08:00 digest fell inside the status: not sent then, nor afterwards)


async def test_words_in_the_status_pause_and_clearing_it_resumes(slack, fake, store, clock):
    await slack.say("I'll call Anna by Tuesday 5pm")
    await slack.post(fake.status_change(ADA, ":speech_balloon:", "OOO - sick"))  # no expiry
    async with store.unit() as u:
        person = await u.people.find("slack", ADA)
        assert person.away and person.away_until is None
    t = ticker(slack, store, clock)
    before = len(texts(fake))
    await run_until(t, clock, datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc), timedelta(hours=3))
    assert texts(fake)[before:] == []
    assert "paused while your status says you're away" in await slack.command("pause")
    before = len(texts(fake))
    await slack.post(fake.status_change(ADA, ":coffee:", "In the office"))  # cleared: back at once
    clock.advance(timedelta(seconds=5))
    await t.tick()
    got = texts(fake)[before:]
    assert len(got) == 1 and "Did you do #1 Call Anna?" in got[0]


async def test_a_status_of_someone_unknown_or_not_away_changes_nothing(slack, fake, store, clock):
    fake.add_user("U0NEW", "New Person", "UTC")
    status, _ = await slack.post(fake.status_change("U0NEW", ":palm_tree:", "Vacation"))
    assert status == 200
    await slack.say("hello")
    await slack.post(fake.status_change(ADA, ":calendar:", "In a meeting"))
    async with store.unit() as u:
        assert (await u.people.find("slack", ADA)).away is False
        assert await u.people.find("slack", "U0NEW") is None


async def test_a_status_set_while_no_event_came_is_read_from_users_info(slack, fake, store, clock):
    await slack.say("hello")                                 # Ada is known
    fake.users[ADA].status_emoji = ":face_with_thermometer:"  # set while the bot heard nothing
    clock.advance(timedelta(hours=2))                        # the cached profile is stale: users.info again
    assert "paused while your status says you're away" in await slack.command("pause")
