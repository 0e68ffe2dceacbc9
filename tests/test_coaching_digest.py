"""Coaches, clients, privacy, and the weekly digests with their chart."""
from __future__ import annotations

import re
import struct
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers import Core, CoreConfig
from scheduler import Ticker
from tests.support.chat import Person
from tests.support.senders import RecordingSender

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def config() -> CoreConfig:
    return CoreConfig()


@pytest.fixture
def core(store, clock, config) -> Core:
    return Core(store, clock, config)


async def _coach_and_client(core):
    sam, ada = Person(core, "1", name="Sam Coach"), Person(core, "2", name="Ada")
    await sam.say("/tz Berlin")
    await ada.say("/tz Berlin")
    text = await sam.say("/coach")
    code = re.findall(r"/join ([\w-]+)", text)[0]
    return sam, ada, code, text


async def _notices(core, store, clock) -> list[tuple[str, str]]:
    """(chat, text) of what the scheduler's tick sends now (notices to other people go this way)."""
    sender = RecordingSender()
    await Ticker(store, sender, clock, core.config).tick_nudges()
    return [(to.chat_id, r.text) for to, r in sender.sent]


async def test_coach_invite_join_and_notice(core, store, clock):
    sam, ada, code, text = await _coach_and_client(core)
    assert f"https://t.me/FollowBot?start={code}" in text and len(code) >= 16   # as Telegram renders the invite
    replies = await ada.send(f"/join {code}")
    assert "You're now coached by Sam Coach" in replies[0].text and len(replies) == 1
    assert [(chat, "Ada joined" in text) for chat, text in await _notices(core, store, clock)] == [("1", True)]
    assert "already coached" in await ada.say(f"/join {code}")
    assert "Sam Coach" in await ada.say("/coaches")
    assert "1. Ada: 0 done on time, 0 missed; 0 open" in await sam.say("/clients")


async def test_deep_link_start_joins(core):
    sam, ada, code, _ = await _coach_and_client(core)
    assert "coached by Sam Coach" in await ada.say(f"/start {code}")


async def test_wrong_or_renewed_code_is_refused_without_revealing(core):
    sam, ada, code, _ = await _coach_and_client(core)
    assert "doesn't work" in await ada.say("/join not-a-real-code-123")
    assert "doesn't work" in await sam.say(f"/join {code}")  # not your own
    assert "old one no longer works" in await sam.say("/coach renew")
    reply = await ada.say(f"/join {code}")
    assert reply == "That invite code doesn't work. Ask your coach for a fresh invite." and "Sam" not in reply


async def test_assign_gives_the_client_an_action_in_their_zone(core, store, clock, config):
    sam, ada, code, _ = await _coach_and_client(core)
    await ada.say(f"/join {code}")
    await ada.say("/tz New York")  # Mon 09:00 UTC is 04:00 in New York: quiet hours
    replies = await sam.send("/assign 1 Send the proposal by Friday 5pm")
    assert len(replies) == 1  # the client hears of it through the scheduler, when their quiet hours allow
    assert "Assigned to Ada: #1 Send the proposal, due Fri 27 Nov, 17:00 (their time)" in replies[0].text
    sender = RecordingSender()
    ticker = Ticker(store, sender, clock, config)
    await ticker.tick()
    assert [r.text for to, r in sender.sent if to.chat_id == "2"] == []
    clock.set(datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo("America/New_York")))
    await ticker.tick()
    await ticker.tick()
    notices = [r.text for to, r in sender.sent if to.chat_id == "2" and not r.text.startswith("🗓")]
    assert notices == ["📌 Sam Coach (your coach) gave you an action: #1 Send the proposal, due Fri 27 Nov, 17:00."]
    assert "#1 Send the proposal 📌 from your coach, due Fri 27 Nov, 17:00" in await ada.say("/actions")
    assert "You have no client" in await sam.say("/assign 5 Something by Friday")
    assert "Add a deadline" in await sam.say("/assign Ada Something")


async def test_coach_sees_only_own_clients_and_leave_unlinks(core, store, clock):
    sam, ada, code, _ = await _coach_and_client(core)
    eve = Person(core, "3", name="Eve")
    await ada.say(f"/join {code}")
    await eve.say("/commit Eve's secret tomorrow")
    assert "Eve" not in await sam.say("/clients")
    assert "You have no client" in await sam.say("/assign Eve Do this by Friday")
    assert "No clients yet" in await eve.say("/clients")
    await _notices(core, store, clock)
    replies = await ada.send("/leave")
    assert "no longer sees your data" in replies[0].text and len(replies) == 1
    assert [(chat, "Ada stopped sharing" in text) for chat, text in await _notices(core, store, clock)] == [
        ("1", True)]
    assert "No clients yet" in await sam.say("/clients")


async def test_shared_shows_what_the_coach_sees(core):
    sam, ada, code, _ = await _coach_and_client(core)
    assert "no coach" in await ada.say("/shared")
    await ada.say(f"/join {code}")
    await ada.say("/commit Call Bob tomorrow")
    text = await ada.say("/shared")
    assert "Sam Coach sees this line about you" in text and "1 open (0 overdue)" in text


async def _busy_week(core, clock, ada):
    await ada.say("/metric add calls daily target 20 effort")
    await ada.say("Insight: I over-prepare and under-call")
    await ada.say("I'll call 5 prospects tomorrow 10am")
    await ada.say("/commit Update CRM by Wednesday")
    await ada.say("/commit Old report tomorrow 9am")
    for day in range(5):
        clock.advance(timedelta(days=1))
        await ada.say(f"/log calls {10 + day * 3}")
        if day == 0:
            await ada.say("/done 1")
            await ada.say("/move 2 Friday")


async def test_client_digest_on_demand_with_chart(core, clock):
    ada = Person(core, "2", name="Ada")
    await ada.say("/tz Berlin")
    await _busy_week(core, clock, ada)
    reply = (await ada.send("/digest"))[0]
    text = reply.text
    assert "✅ Completed: 1 this week, 1 in total" in text and "#1 Call 5 prospects" in text
    # #3 (due Tuesday) is still open after its grace (the end of Wednesday); #2, moved to Friday, is not
    # missed yet on Saturday: its grace runs to the end of Saturday.
    assert "🔴 Missed: 1\n   🔴 #3 Old report" in text and "#2 Update CRM, overdue" not in text
    assert "📅 Moved or snoozed: 1" in text and "#2 Update CRM (moved 1×)" in text
    assert "🟢 #1 Call 5 prospects" in text and "🎯 50% on time over 4 weeks (1 of 2)" in text
    assert "💡 Insights: 1, 1 became actions" in text
    assert "📈 calls (effort): this week" in text and "target 20" in text and "▁" in text
    png = reply.file.data
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1000, 600)


async def test_empty_digest_is_kind(core):
    bob = Person(core, "9", name="Bob")
    reply = (await bob.send("/digest"))[0]
    assert "Nothing recorded yet, and that's fine" in reply.text and reply.file is None


async def test_coach_digest_puts_those_who_need_attention_first(core, clock):
    sam, ada, code, _ = await _coach_and_client(core)
    zed = Person(core, "4", name="Zed")
    await zed.say("/tz Berlin")
    for p in (ada, zed):
        await p.say(f"/join {code}")
    await zed.say("/commit Done thing tomorrow")
    await ada.say("/commit Missed thing tomorrow 9am")
    await ada.say("/metric add calls daily target 20")
    clock.advance(timedelta(days=1))
    await zed.say("/done 1")
    await ada.say("/log calls 5")
    clock.advance(timedelta(days=1))
    text = (await sam.send("/digest clients"))[0].text
    assert "1 need attention, 1 on track." in text
    assert text.index("⚠️ 1. Ada") < text.index("✅ 2. Zed")
    assert "Ada: 0 done on time, 0 missed; 1 open (1 overdue)" in text   # its grace runs to the end of today
    assert "→ 1 overdue; calls 5 vs target 20" in text
    assert "Zed: 1 done on time, 0 missed" in text


async def test_weekly_digests_arrive_monday_0800_once(core, clock, store):
    sam, ada, code, _ = await _coach_and_client(core)
    await ada.say(f"/join {code}")
    await ada.say("/commit Call Bob tomorrow")
    await ada.say("/done 1")
    sender = RecordingSender()
    ticker = Ticker(store, sender, clock, core.config)
    await ticker.tick()
    joined = "🤝 Ada joined as your client. \ue000clients"  # held as a notice, sent by the tick
    assert [t for t in sender.texts() if "joined as your client" in t] == [joined]
    clock.set(datetime(2026, 11, 30, 7, 59, tzinfo=BERLIN))
    await ticker.tick()
    assert [t for t in sender.texts() if "week" in t.lower() or "clients" in t.lower()][1:] == []
    clock.set(datetime(2026, 11, 30, 8, 0, tzinfo=BERLIN))
    await ticker.tick()
    await ticker.tick()
    digests = [(to.chat_id, r) for to, r in sender.sent if r.text.startswith(("🗓", "🧭"))]
    assert sorted(chat for chat, _ in digests) == ["1", "2"]  # Sam's coach digest, Ada's own
    ada_digest = next(r for chat, r in digests if chat == "2")
    # One completed action and no metric is no trend: the digest comes without a chart.
    assert "Completed: 1 this week" in ada_digest.text and ada_digest.file is None
    assert "Your clients" in next(r for chat, r in digests if chat == "1").text


async def test_digest_time_setting(core):
    ada = Person(core, "2")
    assert "Monday at 08:00" in await ada.say("/digest time")
    assert "Fridays at 16:00" in await ada.say("/digest time friday 16:00")
    assert "is not a time" in await ada.say("/digest time fri soon")


async def test_coach_buttons_refuse_someone_elses_client(core):
    sam, ada, code, _ = await _coach_and_client(core)
    await ada.say(f"/join {code}")
    eve = Person(core, "3", name="Eve")
    await eve.say("/commit Eve's secret plan tomorrow")
    await sam.say("/clients")
    ada_id = next(arg for label, action, arg in sam.buttons() if action == "coach_record")
    eve_id = str(int(ada_id) + 1)
    for action in ("coach_nudge", "coach_assign", "coach_record"):
        assert await sam.press(action, eve_id) == "That client is no longer on your list. /clients shows who is."
    assert "Eve" not in await sam.say("/clients 1") and "Nothing to cancel" in await sam.say("/cancel")
