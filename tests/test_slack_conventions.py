"""Slack's conventions and operations, over the wire (real Bolt and slack_sdk against the stand-in):
a pressed message is updated so its stale buttons go, a channel that refuses the team digest never
deactivates the manager (who is told to invite the bot), and forged HTTP requests cost one short
log line each, not their whole body."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from bot.registry import Registry
from scheduler import Ticker
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_user import buttons, shown
from tests.test_slack import ADA, BEN, Harness, fake, slack  # noqa: F401  (fixtures: the stand-in, the adapter)

CHANNEL = "C0SALES"


def _context(message: dict[str, Any]) -> str:
    return " ".join(e["text"] for b in message["blocks"] if b["type"] == "context" for e in b["elements"])


async def test_a_press_updates_the_message_that_carried_the_buttons(slack: Harness, fake: FakeSlack) -> None:
    await slack.say("Customers care about speed more than price")
    offer = fake.messages_to(fake.dm_of(ADA))[-1]
    assert [b["value"].split(":")[0] for b in buttons(offer["blocks"])] == ["save_insight", "save_action"]
    assert "Insight saved" in await slack.press(buttons(offer["blocks"])[0]["value"])
    update = fake.calls_of("chat.update")
    assert len(update) == 1 and update[0].params["ts"] == offer["ts"]
    assert buttons(offer["blocks"]) == []                       # the stand-in's copy, as people now see it
    assert _context(offer) == "→ 💡 Save as insight" and "Shall I keep that?" in shown(offer)


async def test_a_list_keeps_the_other_items_buttons(slack: Harness, fake: FakeSlack) -> None:
    for text in ("Send the report by Friday 5pm", "Call Anna by Thursday 10am"):
        await slack.command(f"commit {text}")
    await slack.command("actions")
    listing = fake.messages_to(fake.dm_of(ADA))[-1]
    assert "🎉 Done: #1" in await slack.press("done:1")
    assert [b["value"] for b in buttons(listing["blocks"])] == ["done:2"] and _context(listing) == "→ ✅ #1"


async def test_a_channel_without_the_bot_never_deactivates_the_manager(slack: Harness, fake: FakeSlack,
                                                                        store: Any, clock: Any) -> None:
    await slack.post(fake.command(BEN, "team create Closers", channel=CHANNEL), "command")
    await slack.post(fake.command(ADA, "team join", channel=CHANNEL), "command")
    fake.outside.add(CHANNEL)              # the bot was removed from (or never invited to) the channel
    registry = Registry()
    registry.add("slack", slack.adapter.sender)
    ticker = Ticker(store, registry, clock, slack.core.config)
    await ticker.tick()
    posted = len(fake.messages_to(CHANNEL))
    clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc))      # Monday: the weekly digests
    await ticker.tick()
    refused = [c for c in fake.calls_of("chat.postMessage") if c.params.get("channel") == CHANNEL]
    assert refused and len(fake.messages_to(CHANNEL)) == posted
    told = "\n".join(shown(m) for m in fake.messages_to(fake.dm_of(BEN)))
    assert "invite me to the channel" in told
    async with store.unit() as u:
        manager = await u.people.find("slack", BEN)
    assert manager is not None and manager.active                    # his own nudges and digests go on
    await slack.command("commit Call the bank by tomorrow 10am", user=BEN)
    assert "Call the bank" in "\n".join(shown(m) for m in fake.messages_to(fake.dm_of(BEN))[-1:])
    fake.outside.clear()                                             # invited: next week's digest arrives
    clock.advance(timedelta(days=7))
    await ticker.tick()
    assert any(shown(m).startswith("📊 Team Closers") for m in fake.messages_to(CHANNEL)[posted:])


async def test_forged_requests_cost_one_short_line_each(slack: Harness, fake: FakeSlack,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    body = {"type": "event_callback", "event": {"type": "message", "text": "x" * 1_000_000}}
    for _ in range(20):
        status, _ = await fake.post_signed(slack.url, body, secret="not-the-secret")
        assert status == 401
    status, _ = await fake.post_signed(slack.url, fake.dm_event(ADA, "hi"), timestamp=1)   # stale
    assert status == 401
    logged = sum(len(r.getMessage()) for r in caplog.records)
    assert logged < 21 * 200, f"{logged} characters of log for 21 refused requests"
    refusals = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refusals) == 21 and all("xxxx" not in r.getMessage() for r in refusals)
    assert fake.messages_to(fake.dm_of(ADA)) == []                   # and nothing was handled


async def test_a_command_whose_channel_post_is_refused_says_so_in_the_dm(slack: Harness, fake: FakeSlack,
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    fake.outside.add(CHANNEL)
    status, _ = await slack.post(fake.command(BEN, "team create Closers", channel=CHANNEL), "command")
    assert status == 200 and fake.messages_to(CHANNEL) == []
    told = "\n".join(shown(m) for m in fake.messages_to(fake.dm_of(BEN)))
    assert "Team Closers created" in told and "Invite me there" in told
    assert not [r for r in caplog.records if r.exc_info]            # a routine refusal, not a traceback


async def test_one_log_line_at_start_and_one_at_stop(fake: FakeSlack, store: Any, clock: Any,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    h = Harness(fake, store, clock)
    await h.adapter.start()
    await h.say("hello")
    await h.adapter.stop()
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("bot.") and r.levelno >= logging.INFO]
    assert len(lines) == 2 and lines[0].startswith("Slack: started as followthrough in Acme, HTTP mode on 127.0.0.1:")
    assert lines[1] == "Slack: stopped"
