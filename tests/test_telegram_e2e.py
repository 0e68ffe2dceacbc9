"""End to end over the wire: the real PTB client and the real core against the Bot API stand-in.

Each test drives a person through the fake (updates in), waits for the adapter to finish an update
(`on_processed`), and reads what the bot sent. Restarts are fresh adapters on the same database.
Nothing sleeps: every wait is on an event with a short timeout.
"""
from __future__ import annotations

import asyncio
import re
import csv
import io
import json
from typing import Any

import pytest

from handlers import Core, CoreConfig
from handlers.refs import CMD
from handlers.types import Address, Button, DeliveryFailed, RecipientGone, Reply
from tests.fakes import FakeTelegram, button_data, button_labels
from tests.support.telegram_harness import OTHER, USER, Harness, bot_key

async def test_start_registers_commands_and_greets(tg: Harness, fake: FakeTelegram) -> None:
    assert {c["command"] for c in fake.commands} >= {"start", "commit", "actions", "done", "export", "help"}
    reply = await tg.say("/start")
    assert "Hi Ada" in reply and "time zone" in reply
    assert "Europe/Berlin" in await tg.say("Berlin")
    assert all("parse_mode" not in c.params for c in fake.calls_of("sendMessage"))


async def test_commit_with_deadline_then_list_done_move_drop(tg: Harness, fake: FakeTelegram) -> None:
    assert "Europe/Berlin" in await tg.say("/tz Berlin")
    reply = await tg.say("/commit Send the report to Acme by Friday 5pm")
    assert "#1" in reply and "Fri 27 Nov, 17:00" in reply
    assert "#2" in await tg.say("I'll call Anna by Thursday 10am")
    await tg.say("/do Book the venue by Friday 5pm")

    listing = await tg.say("/actions")
    assert "#1 Send the report" in listing and "#2" in listing
    assert sorted(button_data(tg.last())) == ["done:1", "done:2", "done:3"]   # soonest first
    assert "✅ #1" in button_labels(tg.last())

    assert "🎉 Done: #1" in await tg.press("done:1")
    answered = await fake.wait_for_calls("answerCallbackQuery", 1)
    assert answered[0].params["callback_query_id"]
    assert "moved to Tue 1 Dec, 10:00" in await tg.say("/move 2 next Tuesday 10am")
    assert "Dropped #3" in await tg.say("/drop 3")
    assert "no action #99" in await tg.say("/done 99")
    assert "already done" in await tg.say("/done 1")


async def test_commitment_without_deadline_asks_by_when(tg: Harness) -> None:
    reply = await tg.say("/commit Call the bank")
    assert "#1 Call the bank" in reply and "By when?" in reply
    assert "due Fri 27 Nov, 17:00" in await tg.say("Friday 5pm")


async def test_insight_links_the_next_commitment(tg: Harness) -> None:
    assert "Insight saved" in await tg.say("/insight I talk more than I listen")
    reply = await tg.say("I'll ask two questions per call by Friday 5pm")
    assert "#1" in reply and "From your insight" in reply


async def test_plain_text_offers_save_buttons(tg: Harness) -> None:
    assert "Shall I keep that?" in await tg.say("Customers care about speed more than price")
    data = button_data(tg.last())
    assert [d.split(":")[0] for d in data] == ["save_insight", "save_action"]
    offer = tg.last()["message_id"]
    assert "Insight saved" in await tg.press(data[0])
    assert button_data(tg.fake.messages_to(USER)[-2]) == []            # the pressed message lost its buttons
    stale = tg.fake.user_press(USER, data[1], message_id=offer)        # a press already on its way
    await tg.wait(stale)
    assert "already saved" in tg.fake.texts_to(USER)[-1]


async def test_export_sends_json_and_csv(tg: Harness, fake: FakeTelegram) -> None:
    await tg.say("/commit Send the report by Friday 5pm")
    assert "1 actions" in await tg.say("/export")
    doc = tg.last()
    assert doc["document"]["file_name"].endswith(".json")
    data = json.loads(doc["document_bytes"])
    assert [a["text"] for a in data["actions"]] == ["Send the report"]
    await tg.say("/export csv")
    rows = list(csv.reader(io.StringIO(tg.last()["document_bytes"].decode())))
    assert [r[:3] for r in rows if r[0] == "action"] == [["action", "1", "Send the report"]]
    assert fake.calls_of("sendDocument")[0].params["caption"].startswith("Your data")


async def test_forget_after_confirmation(tg: Harness, fake: FakeTelegram) -> None:
    await tg.say("/commit Send the report by Friday 5pm")
    assert "Delete everything?" in await tg.say("/forget")
    yes = [d for d in button_data(tg.last()) if d.startswith("forget_yes")][0]
    assert "all your data is deleted" in await tg.press(yes)
    assert "No open actions" in await tg.say("/actions")
    assert "0 insights, 0 actions" in await tg.say("/export")


async def test_group_message_points_to_private_chat(tg: Harness, fake: FakeTelegram) -> None:
    group = -1000000000000 - USER
    sent = await tg.deliver(fake.user_text, group, USER, "/commit Plan the offsite by Friday", chat_type="group")
    assert len(sent) == 1 and "private chat" in sent[0]["text"]
    other_bot = fake.user_text(USER, "/help@OtherBot", chat_type="supergroup")
    await tg.wait(other_bot)
    assert len(fake.messages_to(group)) == 1        # a command for another bot is not ours
    assert "Here's what I understand" in await tg.say("/help@FollowBot")


async def test_duplicate_delivery_is_processed_once(tg: Harness, fake: FakeTelegram) -> None:
    update = fake.user_text(USER, "/commit Send the invoice by Friday 5pm")
    await tg.wait(update)
    fake.redeliver(update)
    listing = await tg.say("/actions")          # processed after the redelivered copy was seen
    assert listing.count("Send the invoice") == 1
    created = [t for t in fake.texts_to(USER) if "✅ #1" in t]
    assert len(created) == 1     # its inbox row was deleted once handled; the event ledger stops the copy
    assert not any("went wrong" in t for t in fake.texts_to(USER))       # and the copy gets no answer at all


async def test_edit_sticker_and_long_message(tg: Harness, fake: FakeTelegram) -> None:
    first = fake.user_text(USER, "/commit Call Anna by Friday 5pm")
    await tg.wait(first)
    edited = await tg.deliver(fake.user_edit, USER, USER, first["message"]["message_id"], "/commit Call Bob")
    assert "edited" in edited[0]["text"]
    sticker = await tg.deliver(fake.user_sticker, USER, USER)
    assert "only read text" in sticker[0]["text"]
    assert "5,000 characters" in await tg.say("a" * 4999 + "!")
    ignored = fake.queue(fake.make_update(channel_post={"message_id": 1, "date": 0, "text": "hi",
                                                        "chat": {"id": -100123, "type": "channel"}}))
    await tg.wait(ignored)


async def test_emoji_and_other_scripts_round_trip(tg: Harness) -> None:
    reply = await tg.say("I'll send the 📊 report to Zoë and 李雷 by Friday 5pm")
    assert "📊 report to Zoë and 李雷" in reply
    assert "Я слишком много говорю 🙊" in await tg.say("/insight Я слишком много говорю 🙊")
    assert "📊" in await tg.say("/actions")


async def test_long_reply_is_split_with_buttons_last(tg: Harness, fake: FakeTelegram) -> None:
    lines = [f"Line {i}: " + "word " * 30 for i in range(60)]   # ~9,500 characters
    reply = Reply("\n".join(lines), buttons=((Button("OK", "ok", "1"),),))
    await tg.running.sender.send(Address("telegram", str(USER)), reply)
    parts = fake.messages_to(USER)
    assert len(parts) == 3 and all(len(p["text"]) <= 4096 for p in parts)
    assert all(p["text"].startswith("Line") for p in parts)
    assert [button_data(p) for p in parts] == [[], [], ["ok:1"]]
    assert " ".join(p["text"] for p in parts).split() == reply.text.split()   # nothing lost, no word cut
    with pytest.raises(ValueError):
        await tg.running.sender.send(Address("telegram", str(USER)), Reply("x", ((Button("x", "a" * 70),),)))


async def test_chats_run_in_parallel_and_each_in_order(tg: Harness, fake: FakeTelegram) -> None:
    updates = []
    for user in (USER, OTHER):
        for what in ("Call Anna", "Send the deck", "Book travel"):
            updates.append(fake.user_text(user, f"/commit {what} by Friday 5pm"))
    listings = [fake.user_text(user, "/actions") for user in (USER, OTHER)]
    for update in updates + listings:
        await tg.wait(update)
    for user in (USER, OTHER):
        texts = fake.texts_to(user)
        assert [t.split()[1] for t in texts[:3]] == ["#1", "#2", "#3"]
        assert "#3 Book travel" in texts[3]


async def test_restart_mid_conversation_keeps_the_question(fake, store, clock) -> None:
    first = Harness(fake, store, clock)
    await first.start()
    assert "By when?" in await first.say("/commit Call the bank")
    await first.stop()
    second = Harness(fake, store, clock)
    await second.start()
    try:
        assert "#1 Call the bank, due Fri 27 Nov, 17:00" in await second.say("Friday 5pm")
    finally:
        await second.stop()


async def test_stored_but_unprocessed_update_runs_once_after_restart(fake, store, clock) -> None:
    # A previous run stored the update and died before processing it or confirming it to Telegram.
    update = fake.user_text(USER, "/commit Pay the rent by Friday 5pm")
    async with store.unit() as u:
        await u.events.inbox_add("telegram", [(bot_key(fake, update), json.dumps(update))], clock.now())
    h = Harness(fake, store, clock)
    await h.start()
    try:
        await h.wait(update)
        listing = await h.say("/actions")      # by now Telegram has re-sent the unconfirmed copy
        assert fake.offset > update["update_id"]
        assert listing.count("Pay the rent") == 1
        assert sum("✅ #1 Pay the rent" in t for t in fake.texts_to(USER)) == 1
    finally:
        await h.stop()


async def test_polling_survives_network_faults(tg: Harness, fake: FakeTelegram) -> None:
    fake.fail("getUpdates", "502")
    fake.fail("getUpdates", "drop")
    assert "Hi Ada" in await tg.say("/start")
    assert sum(c.fault is not None for c in fake.calls_of("getUpdates")) == 2


@pytest.mark.filterwarnings("ignore::DeprecationWarning")   # PTB's own RetryAfter reads its int retry_after
async def test_send_faults_retry_429_and_survive_403(tg: Harness, fake: FakeTelegram) -> None:
    fake.fail("sendMessage", "429", retry_after=1)
    assert "Hi Ada" in await tg.say("/start")
    assert [c.fault for c in fake.calls_of("sendMessage")] == ["429", None]
    fake.fail("sendMessage", "403")
    with pytest.raises(RecipientGone):
        await tg.running.sender.send(Address("telegram", str(USER)), Reply("a nudge"))
    fake.fail("sendMessage", "403")
    blocked = fake.user_text(USER, "/help")
    await tg.wait(blocked)                      # the failure is logged; the row is still finished
    assert "no time zone change" in await tg.say("/cancel")   # the loop lives on


async def test_send_timeout_raises_and_the_fault_is_recorded(fake, store, clock) -> None:
    h = Harness(fake, store, clock, request_timeout=0.3, max_retries=0)
    await h.start()
    try:
        fake.fail("sendMessage", "timeout", hang=1)
        with pytest.raises(DeliveryFailed):
            await h.running.sender.send(Address("telegram", str(USER)), Reply("hello"))
        assert [c.fault for c in fake.calls_of("sendMessage")] == ["timeout"]
        assert await h.running.sender.send(Address("telegram", str(USER)), Reply("hello again"))
    finally:
        await h.stop()


class FailingPresses:
    """A core that breaks on button presses, to show the press is still answered."""

    def __init__(self, core: Core) -> None:
        self.core = core

    def commands(self):
        return self.core.commands()

    async def handle(self, incoming, **options):
        if incoming.kind == "press":
            raise RuntimeError("boom")
        return await self.core.handle(incoming, **options)


async def test_press_is_answered_even_when_the_core_fails(fake, store, clock) -> None:
    h = Harness(fake, store, clock, wrap=FailingPresses)
    await h.start()
    try:
        await h.say("Customers care about speed more than price")
        assert "went wrong" in await h.press(button_data(h.last())[0])
        assert len(fake.calls_of("answerCallbackQuery")) == 1
        assert "#1 Call Anna" in await h.say("/commit Call Anna by Friday 5pm")   # and life goes on
    finally:
        await h.stop()


class Gate:
    """A core that stalls on one message, so the adapter can be stopped while handling it."""

    def __init__(self, core: Core) -> None:
        self.core, self.entered = core, asyncio.Event()

    def commands(self):
        return self.core.commands()

    async def handle(self, incoming, **options):
        if "stall" in incoming.text:
            self.entered.set()
            await asyncio.Event().wait()      # never returns; stop() cancels it
        return await self.core.handle(incoming, **options)


async def test_update_interrupted_by_stop_is_processed_once_after_restart(fake, store, clock) -> None:
    gates: list[Gate] = []

    def wrap(core: Any) -> Gate:
        gates.append(Gate(core))
        return gates[-1]
    first = Harness(fake, store, clock, wrap=wrap, grace=0.05)
    await first.start()
    update = fake.user_text(USER, "/commit Renew the passport by Friday 5pm, stall")
    await asyncio.wait_for(gates[0].entered.wait(), 5)
    await fake.wait_confirmed(update["update_id"])   # Telegram has forgotten it: only the inbox has it
    await first.stop()
    assert fake.texts_to(USER) == []
    second = Harness(fake, store, clock)
    await second.start()
    try:
        await second.wait(update)
        assert sum("Renew the passport" in t for t in fake.texts_to(USER)) == 1
        assert "Renew the passport" in await second.say("/actions")
    finally:
        await second.stop()


async def test_a_notice_for_a_coach_on_another_platform_goes_through_the_registry(fake: FakeTelegram, store: Any,
                                                                                 clock: Any) -> None:
    """A Telegram client joins a coach who uses Slack: the "joined" notice, sent by the scheduler, reaches Slack."""
    from handlers import Incoming
    from scheduler import Ticker
    from tests.support.senders import RecordingSender

    slack = RecordingSender()

    class Registry:
        async def send(self, to, reply):  # type: ignore[no-untyped-def]
            assert to.platform == "slack"
            return await slack.send(to, reply)

    core = Core(store, clock, CoreConfig(default_timezone="UTC"))
    invite = (await core.handle(Incoming("slack", "U9", "D9", text="/coach", name="Sam")))[0].text
    code = re.findall(CMD + r"join ([\w-]+)", invite)[0]     # the core's neutral command mark
    h = Harness(fake, store, clock, registry=Registry())
    await h.start()
    try:
        assert "coached by Sam" in await h.say(f"/join {code}")
        assert slack.sent == []  # held as a notice: the scheduler sends it through Sam's policy
        await Ticker(store, Registry(), clock, core.config).tick_nudges()
    finally:
        await h.stop()
    assert [(to.platform, to.chat_id) for to, _ in slack.sent] == [("slack", "D9")]
    assert "joined as your client" in slack.texts()[0]


async def test_a_coach_invite_carries_the_bots_own_deep_link(tg: Harness, fake: FakeTelegram) -> None:
    text = await tg.say("/coach")
    code = re.findall(r"/join ([\w-]+)", text)[0]
    assert f"or open https://t.me/{fake.username}?start={code}" in text    # the adapter's link, from getMe
    assert "\ue001" not in text and "\ue000" not in text
