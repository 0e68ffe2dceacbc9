"""Reports over the wire (issue 16): done from the check-in is on time everywhere, and the coach
sees who needs attention first, with buttons that do something.

The real PTB client against the Bot API stand-in; the scheduler's tick under the manual clock
sends the check-in through the same adapter's sender, and the person presses its Done button.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from bot.registry import Registry
from handlers import CoreConfig
from scheduler import Ticker
from tests.fakes import FakeTelegram, button_data
from tests.support.telegram_harness import OTHER, USER, Harness

BEN = 503


def ticker(tg: Harness, store: Any, clock: Any) -> Ticker:
    registry = Registry()
    assert tg.adapter is not None
    registry.add("telegram", tg.adapter.sender)
    return Ticker(store, registry, clock, CoreConfig(default_timezone="UTC"))


async def coach_and_client(tg: Harness) -> str:
    """Sam (OTHER) coaches Ada (USER); both in Berlin. Returns the invite code."""
    await tg.say("/tz Berlin", user=OTHER, first_name="Sam", last_name=None)
    text = await tg.say("/coach", user=OTHER, first_name="Sam", last_name=None)
    code = text.split("/join ")[1].split()[0]
    await tg.say("/tz Berlin")
    assert "coached by Sam" in await tg.say(f"/join {code}")
    return code


async def digest(tg: Harness, fake: FakeTelegram) -> str:
    """/digest, waited for longer: its chart is drawn in a worker process that may be starting."""
    before = len(fake.messages_to(USER))
    await tg.wait(fake.user_text(USER, "/digest"), timeout=60)
    return "\n".join(m.get("text") or m.get("caption") or "" for m in fake.messages_to(USER)[before:])


async def sam(tg: Harness, text: str) -> str:
    return await tg.say(text, user=OTHER, first_name="Sam", last_name=None)


async def test_done_from_the_checkin_is_on_time_in_every_report(tg: Harness, fake: FakeTelegram, store: Any,
                                                                clock: Any) -> None:
    await coach_and_client(tg)
    assert "Tue 24 Nov, 17:00" in await tg.say("/commit Send the report tomorrow 5pm")
    clock.set(datetime(2026, 11, 24, 16, 0, tzinfo=timezone.utc))          # 17:00 Berlin: the deadline
    await ticker(tg, store, clock).tick()
    assert "Did you do #1 Send the report?" in fake.texts_to(USER)[-1]
    clock.advance(timedelta(minutes=7))
    assert "Done: #1" in await tg.press("done:1")                           # Done on the check-in

    own = await digest(tg, fake)
    assert own.endswith("✅ Completed: 1 this week, 1 in total\n   🟢 #1 Send the report\n"
                        "🎯 100% on time over 4 weeks (1 of 1)")
    assert "Missed" not in own and "late" not in own
    line = "Ada Lovelace: 1 done on time, 0 missed; 0 open (0 overdue)"
    coach_digest = await sam(tg, "/digest clients")
    assert "0 need attention, 1 on track." in coach_digest and f"✅ 1. {line}" in coach_digest
    assert f"1. {line}" in await sam(tg, "/clients")
    assert line in await sam(tg, "/clients 1")                               # the client's record
    # The scheduled Monday digests say the same.
    clock.set(datetime(2026, 11, 30, 7, 0, tzinfo=timezone.utc))
    await ticker(tg, store, clock).tick()
    assert "0 need attention, 1 on track." in fake.texts_to(OTHER)[-1]
    assert any("Completed: 1 this week" in t and "Missed" not in t for t in fake.texts_to(USER))


async def test_never_done_is_missed_once_its_grace_ends_and_late_done_is_late(tg: Harness, fake: FakeTelegram,
                                                                             clock: Any) -> None:
    await coach_and_client(tg)
    await tg.say("/commit Send the report tomorrow 5pm")                    # Tue 17:00 Berlin
    await tg.say("/commit Call the bank tomorrow 6pm")
    clock.set(datetime(2026, 11, 25, 22, 59, tzinfo=timezone.utc))         # Wed 23:59 Berlin: still in grace
    assert "0 done on time, 0 missed; 2 open (2 overdue)" in await sam(tg, "/clients")
    clock.set(datetime(2026, 11, 25, 23, 0, tzinfo=timezone.utc))          # Thu 00:00 Berlin: grace over
    assert "0 done on time, 2 missed; 2 open (2 overdue)" in await sam(tg, "/clients")
    assert "Ada Lovelace: 0 done on time, 2 missed" in await sam(tg, "/digest clients")
    await tg.say("/done 2")
    assert "0 done on time, 1 done late, 1 missed" in await sam(tg, "/clients")
    own = await digest(tg, fake)
    assert "Completed: 1 this week (1 late)" in own and "🟡 #2 Call the bank (done 1 day late)" in own
    assert "🔴 Missed: 1\n   🔴 #1 Send the report, missed" in own and "0% on time over 4 weeks (0 of 2)" in own


def _buttons_for(message: dict[str, Any], action: str) -> list[str]:
    return [d for d in button_data(message) if d.startswith(action + ":")]


async def test_coach_digest_ranks_by_attention_with_buttons_that_work(tg: Harness, fake: FakeTelegram,
                                                                      clock: Any, store: Any) -> None:
    code = await coach_and_client(tg)
    ben: dict[str, Any] = dict(user=BEN, first_name="Ben", last_name=None)
    await tg.say("/tz Berlin", **ben)
    await tg.say(f"/join {code}", **ben)
    await tg.say("/commit Call the bank by 10 Dec 5pm", **ben)              # then Ben goes silent
    clock.advance(timedelta(days=8))                                        # Tue 1 Dec
    await tg.say("/commit Send the deck tomorrow 9am")                      # Ada: Wed 2 Dec 09:00
    clock.advance(timedelta(days=3))                                        # Fri 4 Dec 10:00: Ada missed it
    await tg.say("/actions")                                                # ...and is active

    digest = await sam(tg, "/digest clients")
    assert "2 need attention, 0 on track." in digest
    assert digest.index("2. Ben: ") < digest.index("1. Ada Lovelace: ")    # 11 silent days outrank one miss
    assert "Ben: 0 done on time, 0 missed; 1 open (0 overdue)" in digest and "→ silent 11 days" in digest
    assert "Ada Lovelace: 0 done on time, 1 missed; 1 open (1 overdue)" in digest and "→ missed 1" in digest
    listing = await sam(tg, "/clients")
    assert listing.index("2. Ben: ") < listing.index("1. Ada Lovelace: ")
    message = fake.messages_to(OTHER)[-1]
    assert [d.split(":")[0] for d in button_data(message)][:3] == ["coach_nudge", "coach_assign", "coach_record"]
    nudge, assign, record = (_buttons_for(message, a)[0] for a in ("coach_nudge", "coach_assign", "coach_record"))

    # Record: the client's line, why, their week and open actions.
    shown = await tg.press(record, user=OTHER)
    assert "Ben: 0 done on time" in shown and "→ silent 11 days" in shown and "#1 Call the bank" in shown

    # Assign: the next message is the action.
    assert "What should Ben do, and by when?" in await tg.press(assign, user=OTHER)
    assigned = await sam(tg, "Send the invoice by Monday 5pm")
    assert "Assigned to Ben: #2 Send the invoice, due Mon 7 Dec, 17:00" in assigned
    await ticker(tg, store, clock).tick_nudges()  # Ben is told by the scheduler: his quiet hours hold
    assert "#2 Send the invoice" in fake.texts_to(BEN)[-1]
    assert "Nothing to cancel" in await sam(tg, "/cancel")                 # the question was answered

    # Nudge: a neutral question about his most pressing action (soonest deadline), answered with a tap.
    before = len(fake.messages_to(BEN))
    assert "Sent Ben a nudge about #2 Send the invoice" in await tg.press(nudge, user=OTHER)
    await ticker(tg, store, clock).tick_nudges()  # a notice: sent by the scheduler through Ben's policy
    to_ben = fake.messages_to(BEN)[before:]
    assert len(to_ben) == 1    # (the stand-in names every presser Ada Lovelace, so the coach's name is not checked)
    assert to_ben[0]["text"].endswith("(your coach) is thinking of you: what's the status of #2 Send the invoice?")
    assert "done:2" in button_data(to_ben[0])
    assert "Done: #2" in await tg.press("done:2", user=BEN)
