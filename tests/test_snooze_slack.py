"""Snooze, on-time marks and "What changed?" through the Slack door (real Bolt and slack_sdk against
the stand-in): Block Kit buttons under the reminder, the press updates the message at once, a second
click already on its way counts nothing, past the deadline it asks with buttons, and the App Home marks
what was done on time."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from bot.registry import Registry
from handlers import CoreConfig
from scheduler import Ticker
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_user import buttons, shown
from tests.test_slack import ADA, Harness, fake, slack  # noqa: F401  (fixtures: the stand-in, the adapter)


async def test_snooze_buttons_in_block_kit_count_once(slack: Harness, fake: FakeSlack, store: Any,
                                                     clock: Any) -> None:
    await slack.say("I'll send the deck by Friday 5pm")                    # Fri 27 Nov 17:00 Berlin (profile)
    registry = Registry()
    registry.add("slack", slack.adapter.sender)
    clock.set(datetime(2026, 11, 26, 16, 0, tzinfo=timezone.utc))         # Thu 17:00 Berlin: one day ahead
    await Ticker(store, registry, clock, CoreConfig(default_timezone="UTC")).tick()
    reminder = fake.messages_to(fake.dm_of(ADA))[-1]
    assert "Coming up in 1d: #1 Send the deck" in shown(reminder)
    assert [(b["value"], b["text"]["text"]) for b in buttons(reminder["blocks"])] == [
        ("done:1", "✅ Done"), ("snooze:1:1h:0", "⏰ 1 h"), ("snooze:1:morn:0", "🌅 Tomorrow 09:00"),
        ("snooze:1:week:0", "📅 Next week (Mon 09:00)")]

    press, second = fake.press(ADA, "snooze:1:morn:0"), fake.press(ADA, "snooze:1:morn:0")  # a 2nd click on its way
    before = len(fake.messages_to(fake.dm_of(ADA)))
    assert (await slack.post(press, "interactive"))[0] == 200
    said = "\n".join(shown(m) for m in fake.messages_to(fake.dm_of(ADA))[before:])
    assert "😴 Snoozed #1 Send the deck: I'll remind you tomorrow at 09:00" in said
    assert buttons(reminder["blocks"]) == []                                # updated at once: nothing to press
    assert fake.calls_of("chat.update")[-1].params["ts"] == reminder["ts"]
    assert (await slack.post(second, "interactive"))[0] == 200
    assert "#1 was already snoozed" in shown(fake.messages_to(fake.dm_of(ADA))[-1])

    asked = await slack.command("snooze 1 next week")                       # past Friday's deadline: asks
    assert "is after the deadline: #1 Send the deck is due Fri 27 Nov, 17:00" in asked
    move, keep = [b["value"] for b in buttons(fake.messages_to(fake.dm_of(ADA))[-1]["blocks"])]
    assert "📅 #1 Send the deck moved to Mon 30 Nov, 09:00 (moved 1 time)" in await slack.press(move)

    done = await slack.command("done 1")
    assert "What came of it?" in done
    assert "📝 Noted: #1 Send the deck → Acme said yes" in await slack.say("Acme said yes")
    status, _ = await slack.post(fake.home_opened(ADA))
    assert status == 200 and "🟢 #1 Send the deck (done on time)" in shown(fake.home_views[ADA])
    assert "100% on time over 4 weeks (1 of 1)" in shown(fake.home_views[ADA])
