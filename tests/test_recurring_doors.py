"""Repeating actions through the Slack door (real Bolt app over the Web API stand-in: Block Kit
buttons carry the occurrence, `/ft stop`, a check-in in the DM) and the terminal (numbered
choices, bare `skip 1` / `done 1.1`)."""
from __future__ import annotations

import io
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from bot.registry import Registry
from bot.terminal import TerminalAdapter
from handlers import Core, CoreConfig
from handlers.commands import as_command
from scheduler import Ticker
from tests.test_slack import ADA, FakeSlack, Harness, buttons, fake, shown, slack  # noqa: F401 (fixtures)

BERLIN = ZoneInfo("Europe/Berlin")


async def test_slack_series_buttons_checkin_and_stop(slack: Harness, fake: FakeSlack, store: Any, clock: Any) -> None:
    reply = await slack.say("I'll send the pipeline update every Monday at 10")
    assert "🔁 #1 Send the pipeline update, every Monday at 10:00." in reply   # Ada's Slack zone: Berlin
    assert "#1·1 Mon 30 Nov, 10:00" in reply and "/ft stop 1" in reply
    await slack.command("actions")
    done = buttons(fake.messages_to(fake.dm_of(ADA))[-1]["blocks"])
    assert [(b["value"], b["text"]["text"]) for b in done] == [("done:1.1", "✅ #1·1")]
    registry = Registry()
    registry.add("slack", slack.adapter.sender)
    clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN))
    await Ticker(store, registry, clock, CoreConfig(default_timezone="UTC")).tick_nudges()
    checkin = fake.messages_to(fake.dm_of(ADA))[-1]
    assert "Did you do #1·1 Send the pipeline update?" in shown(checkin)
    assert [b["value"] for b in buttons(checkin["blocks"])][:3] == ["done:1.1", "more_time:1.1", "drop:1.1"]
    assert "snooze:1.1:1h:0" in [b["value"] for b in buttons(checkin["blocks"])]   # snooze an occurrence
    assert "is after the deadline: #1·1 Send the pipeline update was due" in await slack.press("snooze:1.1:1h:0")
    keep = [b["value"] for b in buttons(fake.messages_to(fake.dm_of(ADA))[-1]["blocks"])][1]
    assert "😴 Snoozed #1·1 Send the pipeline update: I'll remind you today at 11:00" in await slack.press(keep)
    assert "🎉 Done: #1·1" in await slack.press("done:1.1")
    assert "⏹ Stopped #1" in await slack.command("stop 1")


async def test_terminal_series_with_bare_words_and_numbered_choices(store, clock, tmp_path) -> None:
    assert as_command("skip 1") == "/skip 1" and as_command("stop 2") == "/stop 2"
    assert as_command("stop worrying about it") == "stop worrying about it"
    lines = "\n".join(["tz Europe/Berlin", "commit Water the plants every 2 weeks on Saturday", "actions", "1",
                       "skip 1", "done 1.3", ""])
    out = io.StringIO()
    term = TerminalAdapter(Core(store, clock), stdin=io.StringIO(lines), stdout=out, user_id="me", files_dir=tmp_path)
    await term.run()
    text = out.getvalue()
    assert "every 2 weeks on Saturday at 17:00" in text
    assert "#1·1 Sat 28 Nov, 17:00; #1·2 Sat 12 Dec, 17:00; #1·3 Sat 26 Dec, 17:00" in text
    assert "[1] ✅ #1·1" in text and "🎉 Done: #1·1 Water the plants" in text
    assert "⏭ Skipped #1·2 Water the plants (Sat 12 Dec, 17:00). Next: #1·3, Sat 26 Dec, 17:00." in text
    assert "🎉 Done: #1·3 Water the plants" in text
    assert clock.now() == datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
