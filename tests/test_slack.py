"""The Slack door over the wire: the real Bolt `AsyncApp` and slack_sdk client against the stand-in.

HTTP mode: payloads signed with the test secret are POSTed to the adapter's own aiohttp server on
127.0.0.1, so Bolt's request verification is the real one. Socket Mode: the stand-in pushes envelopes
over its WebSocket and records the acks. After a request, `adapter.drain()` waits for the work that
was started after the acknowledgement; nothing sleeps.
"""
from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime, timezone
from typing import Any

import pytest

from bot.registry import Registry
from bot.settings import Settings
from bot.slack import SlackAdapter, SlackSender, blocks_for, command_text, from_event, posts_for
from bot.slack.inbound import from_command, plain_text
from bot.slack.modal import CALLBACK_ID
from bot.wiring import run
from handlers import Core, CoreConfig
from handlers.types import Address, Attachment, Button, DeliveryFailed, Incoming, RecipientGone, Reply
from scheduler import Ticker
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_user import buttons, shown

ADA, BEN = "U0ADA", "U0BEN"


class Harness:
    """One adapter over a fake and a store; `say`/`command`/`press` return what the person read."""

    def __init__(self, fake: FakeSlack, store: Any, clock: Any, socket: bool = False, wrap: Any = None) -> None:
        core: Any = Core(store, clock, CoreConfig(default_timezone="UTC"))
        self.fake, self.core = fake, wrap(core) if wrap else core
        self.adapter = SlackAdapter(self.core, store, clock, fake.bot_token,
                                    app_token=fake.app_token if socket else None,
                                    signing_secret=None if socket else fake.signing_secret, port=0,
                                    base_url=fake.base_url, host="127.0.0.1", per_channel_rate=1000)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.adapter.port}/slack/events"

    async def post(self, payload: dict[str, Any], kind: str = "events", **kw: Any) -> tuple[int, str]:
        status = await self.fake.post_signed(self.url, payload, kind, **kw)
        await self.adapter.drain()
        return status

    async def read_after(self, user: str, payload: dict[str, Any], kind: str) -> str:
        before = len(self.fake.messages_to(self.fake.dm_of(user)))
        status, _ = await self.post(payload, kind)
        assert status == 200
        return "\n".join(shown(m) for m in self.fake.messages_to(self.fake.dm_of(user))[before:])

    async def say(self, text: str, user: str = ADA) -> str:
        return await self.read_after(user, self.fake.dm_event(user, text), "events")

    async def command(self, text: str, user: str = ADA) -> str:
        return await self.read_after(user, self.fake.command(user, text), "command")

    async def press(self, value: str, user: str = ADA, home: bool = False) -> str:
        return await self.read_after(user, self.fake.press(user, value, home=home), "interactive")


@pytest.fixture
async def fake():
    async with FakeSlack() as f:
        f.add_user(ADA, "Ada Lovelace", "Europe/Berlin")
        f.add_user(BEN, "Ben Okri", "UTC")
        yield f


@pytest.fixture
async def slack(fake, store, clock):
    h = Harness(fake, store, clock)
    await h.adapter.start()
    yield h
    await h.adapter.stop()


# -- HTTP mode -----------------------------------------------------------------------------------------
async def test_dm_commitment_in_the_users_slack_zone(slack: Harness, fake: FakeSlack) -> None:
    reply = await slack.say("I'll send the deck by Friday 5pm")
    assert "#1 Send the deck, due Fri 27 Nov, 17:00" in reply          # 17:00 in Berlin...
    await slack.command("export")
    exported = json.loads(fake.files[-1]["data"])
    assert exported["actions"][0]["deadline"].startswith("2026-11-27T16:00")  # ...is 16:00 UTC in winter
    assert fake.files[-1]["channel"] == fake.dm_of(ADA)
    assert len(fake.calls_of("users.info")) == 1                          # cached per user
    post = fake.calls_of("chat.postMessage")[0].params
    assert post["channel"] == fake.dm_of(ADA) and post["blocks"][0]["text"]["type"] == "mrkdwn"


async def test_actions_done_button_and_errors(slack: Harness, fake: FakeSlack) -> None:
    await slack.say("I'll send the deck by Friday 5pm")
    listing = await slack.command("actions")
    assert "#1 Send the deck" in listing
    done = buttons(fake.messages_to(fake.dm_of(ADA))[-1]["blocks"])
    assert [(b["action_id"], b["value"], b["text"]["text"]) for b in done] == [("ft-0", "done:1", "✅ #1")]
    assert "Done: #1" in await slack.press("done:1")
    assert "no action #9" in await slack.command("done 9")
    assert "already done" in await slack.command("done 1")
    assert "already done" in await slack.say("done 1")                     # bare words work in the DM


async def test_app_home_lists_open_actions_and_done_redraws_it(slack: Harness, fake: FakeSlack) -> None:
    await slack.say("I'll send the deck by Friday 5pm")
    status, _ = await slack.post(fake.home_opened(ADA))
    assert status == 200
    view = fake.home_views[ADA]
    assert view["type"] == "home" and "#1 Send the deck" in shown(view)
    assert [b["value"] for b in buttons(view["blocks"])] == ["done:1"]
    assert "Done: #1" in await slack.press("done:1", home=True)
    assert "Nothing open" in shown(fake.home_views[ADA])                   # redrawn after the press
    assert len(fake.calls_of("views.publish")) == 2


async def test_modal_opens_and_its_submission_commits(slack: Harness, fake: FakeSlack) -> None:
    status, _ = await slack.post(fake.command(ADA, "new"), "command")
    assert status == 200
    view = fake.opened_views[-1]
    assert view["callback_id"] == CALLBACK_ID
    assert [b["element"]["type"] for b in view["blocks"]] == ["plain_text_input", "datepicker", "timepicker"]
    status, body = await slack.post(fake.submission(ADA, view, {"action": {"action_text": {"value": ""}}}),
                                    "interactive")
    assert status == 200 and json.loads(body)["response_action"] == "errors"
    values = {"action": {"action_text": {"type": "plain_text_input", "value": "Send the deck"}},
              "date": {"date_pick": {"type": "datepicker", "selected_date": "2026-11-27"}},
              "time": {"time_pick": {"type": "timepicker", "selected_time": "17:00"}}}
    reply = await slack.read_after(ADA, fake.submission(ADA, view, values), "interactive")
    assert "#1 Send the deck, due Fri 27 Nov, 17:00" in reply
    shortcut_status, _ = await slack.post(fake.shortcut(ADA, CALLBACK_ID), "interactive")
    assert shortcut_status == 200 and len(fake.opened_views) == 2          # the global shortcut too


@pytest.mark.parametrize("forgery", ["secret", "stale"])
async def test_forged_or_stale_requests_are_refused(slack: Harness, fake: FakeSlack, forgery: str) -> None:
    kw = {"secret": "not-the-secret"} if forgery == "secret" else {"timestamp": int(time.time()) - 6 * 60}
    status, _ = await slack.post(fake.dm_event(ADA, "I'll call Bob by Friday"), **kw)
    assert status == 401
    assert not fake.calls_of("users.info") and not fake.calls_of("chat.postMessage")
    assert "No open actions" in await slack.command("actions")             # nothing was recorded


async def test_a_retried_event_is_handled_once(slack: Harness, fake: FakeSlack) -> None:
    event = fake.dm_event(ADA, "I'll send the deck by Friday 5pm")
    assert (await slack.post(event))[0] == 200
    assert (await slack.post(event, retry_num=1))[0] == 200
    assert len(fake.messages_to(fake.dm_of(ADA))) == 1
    listing = await slack.command("actions")
    assert "#1 Send the deck" in listing and "#2" not in listing


async def test_ack_returns_before_slow_work(fake: FakeSlack, store: Any, clock: Any) -> None:
    gate = asyncio.Event()

    class Slow:
        def __init__(self, core: Core) -> None:
            self.core = core

        async def handle(self, incoming: Incoming, **options: Any) -> list[Reply]:
            await gate.wait()
            return await self.core.handle(incoming, **options)

        def commands(self) -> Any:
            return self.core.commands()

    h = Harness(fake, store, clock, wrap=Slow)
    await h.adapter.start()
    try:
        status, _ = await asyncio.wait_for(fake.post_signed(h.url, fake.dm_event(ADA, "I'll call Bob by Friday")), 2)
        assert status == 200 and not fake.messages                         # acknowledged, nothing said yet
        gate.set()
        await h.adapter.drain()
        assert "#1 Call Bob" in shown(fake.messages[-1])
    finally:
        await h.adapter.stop()


async def test_mention_in_a_channel_gets_the_private_note(slack: Harness, fake: FakeSlack) -> None:
    event = fake.envelope({"type": "app_mention", "user": BEN, "channel": "C0GENERAL", "text": "<@UBOT0001> help"})
    assert (await slack.post(event))[0] == 200
    assert "private chat" in shown(fake.messages_to("C0GENERAL")[-1])


async def test_a_reminder_reaches_the_slack_dm(slack: Harness, fake: FakeSlack, store: Any, clock: Any) -> None:
    await slack.say("I'll send the deck by Friday 5pm")
    registry = Registry()
    registry.add("slack", slack.adapter.sender)
    clock.set(datetime(2026, 11, 26, 16, 0, tzinfo=timezone.utc))         # Thu 17:00 Berlin: one day ahead
    await Ticker(store, registry, clock, CoreConfig(default_timezone="UTC")).tick()
    reminder = fake.messages_to(fake.dm_of(ADA))[-1]
    assert "Coming up in 1d: #1 Send the deck" in shown(reminder)


async def test_run_refuses_http_mode_without_a_signing_secret(capsys: Any) -> None:
    assert await run(Settings(_env_file=None, slack_bot_token="xoxb-1", slack_app_token="",
                              slack_signing_secret=" ", telegram_bot_token="")) == 2
    assert "SLACK_SIGNING_SECRET" in capsys.readouterr().out
    with pytest.raises(ValueError, match="SLACK_SIGNING_SECRET"):
        SlackAdapter(None, None, None, "xoxb-1")  # type: ignore[arg-type]


# -- Socket Mode ----------------------------------------------------------------------------------------
async def test_socket_mode_event_and_slash_command(fake: FakeSlack, store: Any, clock: Any) -> None:
    h = Harness(fake, store, clock, socket=True)
    await h.adapter.start()
    try:
        await fake.wait_connected()
        assert fake.calls_of("apps.connections.open")[0].token == fake.app_token
        envelope = await fake.push("events_api", fake.dm_event(ADA, "I'll send the deck by Friday 5pm"))
        await fake.wait_for_ack(envelope)
        await fake.wait_for_messages(fake.dm_of(ADA), 1)
        assert "#1 Send the deck, due Fri 27 Nov, 17:00" in shown(fake.messages[-1])
        envelope = await fake.push("slash_commands", fake.command(ADA, "actions"))
        await fake.wait_for_ack(envelope)
        listing = await fake.wait_for_messages(fake.dm_of(ADA), 2)
        assert [b["value"] for b in buttons(listing[-1]["blocks"])] == ["done:1"]
    finally:
        await h.adapter.stop()


# -- the sender ------------------------------------------------------------------------------------------
@pytest.fixture
async def sender(fake):
    adapter = SlackAdapter(None, None, None, fake.bot_token, signing_secret="s",  # type: ignore[arg-type]
                           base_url=fake.base_url, per_channel_rate=1000, max_retries=1)
    return adapter.sender


async def test_sender_waits_out_a_429_and_delivers_once(sender: SlackSender, fake: FakeSlack) -> None:
    fake.fail("chat.postMessage", "429", retry_after=1)
    ts = await sender.send(Address("slack", "D0ADA"), Reply("Reminder: #1 is due"))
    assert ts and len(fake.calls_of("chat.postMessage")) == 2 and len(fake.messages) == 1


async def test_sender_maps_errors(sender: SlackSender, fake: FakeSlack) -> None:
    fake.fail("chat.postMessage", "error", error="account_inactive")
    with pytest.raises(RecipientGone):
        await sender.send(Address("slack", "D0ADA"), Reply("hello"))
    fake.fail("chat.postMessage", "503", times=2)                         # the retry meets it again
    with pytest.raises(DeliveryFailed):
        await sender.send(Address("slack", "D0ADA"), Reply("hello"))
    fake.fail("chat.postMessage", "429", times=2, retry_after=0)          # still limited after the retry
    with pytest.raises(DeliveryFailed):
        await sender.send(Address("slack", "D0ADA"), Reply("hello"))
    assert not fake.messages and len(fake.calls_of("chat.postMessage")) == 5


async def test_sender_splits_long_text_and_uploads_files(sender: SlackSender, fake: FakeSlack) -> None:
    text = "\n".join(f"line {i} <b> & more words here" for i in range(3000))   # ~110,000 chars escaped
    await sender.send(Address("slack", "D0ADA"), Reply(text, buttons=((Button("✅ #1", "done", "1"),),),
                                                        file=Attachment("a.csv", "text/csv", b"x,y\n")))
    assert len(fake.messages) >= 3 and all(len(m["text"]) < 40_000 for m in fake.messages)
    assert "\n".join(shown(m) for m in fake.messages) == text
    assert buttons(fake.messages[-1]["blocks"]) and not buttons(fake.messages[0]["blocks"])
    assert fake.files[0]["data"] == b"x,y\n" and fake.files[0]["name"] == "a.csv"


async def test_sender_paces_one_channel(fake: FakeSlack) -> None:
    sender = SlackAdapter(None, None, None, fake.bot_token, signing_secret="s",  # type: ignore[arg-type]
                          base_url=fake.base_url, per_channel_rate=20).sender
    loop = asyncio.get_running_loop()
    start = loop.time()
    await asyncio.gather(*(sender.send(Address("slack", "D1"), Reply(f"m{i}")) for i in range(3)),
                         sender.send(Address("slack", "D2"), Reply("other")))
    assert loop.time() - start >= 0.09        # 3 posts to D1 at 20/s; D2 is not held up by D1


# -- pure translation ------------------------------------------------------------------------------------------
def test_command_text_mapping() -> None:
    assert command_text("commit Send it by Friday") == "/commit Send it by Friday"
    assert command_text("  done 3 ") == "/done 3" and command_text("move 2 next Tuesday") == "/move 2 next Tuesday"
    assert command_text("log weight 81.5") == "/log weight 81.5" and command_text("Digest") == "/digest"
    assert command_text("") == "/help" and command_text("/actions") == "/actions"
    incoming = from_command({"user_id": "U1", "channel_id": "C1", "text": "drop 2", "trigger_id": "t1"})
    assert incoming and incoming.private and incoming.text == "/drop 2" and incoming.event_id == "cmd:t1"


def test_events_to_incoming() -> None:
    fake = FakeSlack()
    assert from_event(fake.dm_event("U1", "hi", bot_id="B1")) is None
    assert from_event(fake.dm_event("U1", "", subtype="channel_join")) is None
    media = from_event(fake.dm_event("U1", "", subtype="file_share"))
    assert media is not None and media.kind == "media"
    edit = from_event(fake.envelope({"type": "message", "subtype": "message_changed", "channel": "D1",
                                     "channel_type": "im", "message": {"user": "U1", "text": "new"}}))
    assert edit is not None and edit.kind == "edit" and edit.text == "new"
    text = from_event(fake.dm_event("U1", "Ping <@U2> &amp; see <https://x.io|the doc> &lt;3", event_id="Ev1"))
    assert text is not None and text.text == "Ping @U2 & see the doc <3" and text.event_id == "Ev1"
    assert plain_text("<!channel> hi") == "@channel hi"


def test_blocks_escape_and_respect_limits() -> None:
    blocks = blocks_for(Reply("<!channel> & <https://evil|click>", buttons=((Button("✅ #1", "done", "1"),),)))
    assert blocks[0]["text"]["text"] == "&lt;!channel&gt; &amp; &lt;https://evil|click&gt;"
    assert blocks[1]["elements"][0]["value"] == "done:1"
    posts = posts_for(Reply("&" * 10_000))
    assert all(len(b["text"]["text"]) <= 3000 for p in posts for b in p.blocks)
    assert "".join(b["text"]["text"] for p in posts for b in p.blocks) == "&amp;" * 10_000


# -- teams over the wire -------------------------------------------------------------------------------
async def test_team_commands_in_a_channel_and_the_team_digest(slack: Harness, fake: FakeSlack) -> None:
    channel = "C0SALES"
    status, _ = await slack.post(fake.command(BEN, "team create Closers", channel=channel), "command")
    assert status == 200
    assert any("set up team Closers here" in shown(m) for m in fake.messages_to(channel))
    assert "Team Closers created" in "\n".join(shown(m) for m in fake.messages_to(fake.dm_of(BEN)))
    await slack.post(fake.command(BEN, "team metric add deals daily target 3 results", channel=channel), "command")
    await slack.post(fake.command(ADA, "team join", channel=channel), "command")
    assert "You now track: deals" in "\n".join(shown(m) for m in fake.messages_to(fake.dm_of(ADA)))
    await slack.command("log deals 2")
    await slack.post(fake.command(BEN, "team digest", channel=channel), "command")
    digest = shown(fake.messages_to(channel)[-1])
    assert "Team Closers" in digest and "Ada Lovelace: results deals 2/3" in digest
    reading = "\n".join(shown(m) for m in fake.messages_to(fake.dm_of(BEN)))
    assert "REKS reading" in reading and "Ada Lovelace" in reading
    # In a DM the team commands explain where they belong; core hints name Slack's /ft.
    assert "/ft team join in the team's channel" in await slack.command("team join")
    assert "/ft done 3" in await slack.command("help")


async def test_an_acknowledged_event_survives_a_crash_before_its_answer(fake: FakeSlack, store: Any,
                                                                       clock: Any) -> None:
    """The event is stored before the ack; a fresh adapter replays what the last one never answered."""
    gate = asyncio.Event()

    class Stuck:
        def __init__(self, core: Any) -> None:
            self.core = core

        async def handle(self, incoming: Incoming, **options: Any) -> list[Reply]:
            await gate.wait()  # the process "dies" while the core works
            return await self.core.handle(incoming, **options)

        def commands(self) -> Any:
            return self.core.commands()

    first = Harness(fake, store, clock, wrap=Stuck)
    await first.adapter.start()
    status, _ = await fake.post_signed(first.url, fake.dm_event(ADA, "I'll call Bob by Friday"))
    assert status == 200
    await first.adapter.stop()  # cancels the stuck work: no reply was sent
    assert fake.messages_to(fake.dm_of(ADA)) == []
    second = Harness(fake, store, clock)
    await second.adapter.start()
    await second.adapter.drain()
    await second.adapter.stop()
    assert "#1 Call Bob, due Fri 27 Nov" in "\n".join(shown(m) for m in fake.messages_to(fake.dm_of(ADA)))


async def test_commands_without_the_slash_in_the_dm_come_from_the_command_table(slack: Harness) -> None:
    await slack.say("metric add calls weekdays at 17:30")
    listed = await slack.say("metric list")
    logged = await slack.say("log calls 12")
    week = await slack.say("digest")
    assert "Save as" not in listed + logged + week
    assert listed.startswith("Your metrics") and "calls" in listed
    assert "calls today" in logged and "12" in logged
    assert "Your week" in week


async def _slack_rows(store: Any) -> list[Any]:
    async with store.unit() as u:
        return list(await u.events.inbox_pending("slack", limit=1000))


async def test_forget_deletes_the_persons_slack_inbox_rows(slack: Harness, fake: FakeSlack, store: Any,
                                                           clock: Any) -> None:
    await slack.say("I'll send the deck by Friday 5pm")
    async with store.unit() as u:     # an event of theirs still waiting (a crashed run's), and a bystander's
        await u.events.inbox_add("slack", [("EvLEFT1", json.dumps(fake.dm_event(ADA, "x")), ADA),
                                           ("EvLEFT2", json.dumps(fake.dm_event(BEN, "y")), BEN)], clock.now())
    assert "Delete everything?" in await slack.command("forget")
    yes = [b["value"] for b in buttons(fake.messages_to(fake.dm_of(ADA))[-1]["blocks"])
           if b["value"].startswith("forget_yes")][0]
    assert "all your data is deleted" in await slack.press(yes)
    assert [(r.event_id, r.sender) for r in await _slack_rows(store)] == [("EvLEFT2", BEN)]


async def test_inbox_keeps_raw_dm_bodies_until_handled_and_never_channel_mentions(slack: Harness,
                                                                                   fake: FakeSlack,
                                                                                   store: Any) -> None:
    stored: list[str] = []
    real = slack.adapter.pump._commit_rows

    async def recording(items: list[tuple[str, str, str | None]]) -> dict[str, int]:
        stored.extend(payload for _, payload, _ in items)
        return await real(items)

    slack.adapter.pump._commit_rows = recording  # type: ignore[method-assign]
    marked: list[str] = []
    both = asyncio.Event()

    def deleted(label: str) -> None:                     # told once a row is deleted, not just handled
        marked.append(label)
        if len(marked) == 2:
            both.set()

    slack.adapter.pump.on_processed = deleted
    mention = fake.envelope({"type": "app_mention", "user": BEN, "channel": "C0GENERAL",
                             "text": "<@UBOT0001> our secret pricing"})
    await slack.post(mention)
    assert "private chat" in shown(fake.messages_to("C0GENERAL")[-1])
    await slack.say("I'll send the deck by Friday 5pm")
    await asyncio.wait_for(both.wait(), 5)
    assert not any("secret pricing" in p for p in stored)                   # a channel's words never stored
    body = json.loads(stored[-1])
    assert body["event"]["text"] == "I'll send the deck by Friday 5pm"      # Slack's own body, as it came
    assert "token" not in body                                             # minus the legacy credential
    assert await _slack_rows(store) == []                                  # deleted once handled


async def test_commands_in_replies_read_as_slack_commands_and_peoples_words_stay_as_typed(slack: Harness) -> None:
    saved = await slack.say("I'll update the /start and /help docs by Friday 5pm")
    assert "/start and /help docs" in saved and "/ft start" not in saved
    listing = await slack.command("actions")
    assert "/start and /help docs" in listing and "/ft help docs" not in listing
    assert "/ft done N" in listing and "/ft move N WHEN" in listing      # the bot's own references, Slack's way
async def test_first_dm_takes_the_profile_zone_and_asks_only_without_one(slack: Harness, fake: FakeSlack) -> None:
    reply = await slack.say("hi")                                        # Ada's profile says Europe/Berlin
    assert "time zone" not in reply and "Insight saved" not in reply
    assert "Europe/Berlin" in await slack.say("tz")
    stranger = "U0NOPROFILE"                                             # users.info fails: no zone given
    first = await slack.say("I'll send the deck by Friday 5pm", user=stranger)
    assert "#1 Send the deck" in first and "Which time zone are you in?" in first
    assert "Time zone set to America/Chicago" in await slack.say("Chicago", user=stranger)
