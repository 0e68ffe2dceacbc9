"""Telegram's conventions, over the wire (real PTB against the Bot API stand-in): a pressed message is
edited so its stale buttons go, the press is answered before the work, the command menu is scoped to
private chats without Slack's commands, the descriptions are set, and the weekly chart is a photo."""
from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest

from tests.fakes import FakeTelegram, button_data
from tests.support.telegram_harness import USER, Harness


def _message(fake: FakeTelegram, message_id: int) -> dict[str, Any]:
    return next(m for m in fake.messages_to(USER) if m["message_id"] == message_id)


async def test_a_choice_is_settled_by_one_press(tg: Harness, fake: FakeTelegram) -> None:
    await tg.say("Customers care about speed more than price")
    offer = tg.last()
    original, (first, second) = offer["text"], button_data(offer)
    assert "Insight saved" in await tg.press(first)
    edited = _message(fake, offer["message_id"])
    assert button_data(edited) == []                                   # nothing left to press
    assert edited["text"] == f"{original}\n\n→ 💡 Save as insight"      # what was pressed, under the question
    calls = [c.method for c in fake.calls]
    answered = calls.index("answerCallbackQuery")                      # at once, before the work's reply
    assert answered < len(calls) - 1 - calls[::-1].index("sendMessage") and answered < calls.index("editMessageText")
    # A press already on its way (an old client) still gets a sensible answer and no second edit.
    update = fake.user_press(USER, second, message_id=offer["message_id"])
    await tg.wait(update)
    assert "already saved" in fake.texts_to(USER)[-1]
    assert len(fake.calls_of("editMessageText")) == 1


async def test_a_list_keeps_the_buttons_still_open(tg: Harness, fake: FakeTelegram) -> None:
    for text in ("Send the report by Friday 5pm", "Call Anna by Thursday 10am", "Book the venue by Friday"):
        await tg.say(f"/commit {text}")
    await tg.say("/actions")
    listing = tg.last()
    assert sorted(button_data(listing)) == ["done:1", "done:2", "done:3"]
    assert "🎉 Done: #1" in await tg.press("done:1")
    edited = _message(fake, listing["message_id"])
    assert sorted(button_data(edited)) == ["done:2", "done:3"] and edited["text"].endswith("→ ✅ #1")
    assert "🎉 Done: #3" in await tg.press("done:3")
    assert button_data(_message(fake, listing["message_id"])) == ["done:2"]


async def test_a_failed_press_keeps_its_buttons(fake: FakeTelegram, store: Any, clock: Any) -> None:
    class Failing:
        def __init__(self, core: Any) -> None:
            self.core = core

        def commands(self) -> Any:
            return self.core.commands()

        async def handle(self, incoming: Any, **options: Any) -> Any:
            if incoming.press is not None:
                raise RuntimeError("boom")
            return await self.core.handle(incoming)

    h = Harness(fake, store, clock, wrap=Failing)
    await h.start()
    try:
        await h.say("Customers care about speed more than price")
        assert "went wrong" in await h.press(button_data(h.last())[0])
        assert fake.calls_of("answerCallbackQuery") and not fake.calls_of("editMessageText")
        assert len(button_data(fake.messages_to(USER)[-2])) == 2     # try again: the buttons are still there
    finally:
        await h.stop()


async def test_menu_is_scoped_to_private_chats_and_descriptions_are_set(tg: Harness, fake: FakeTelegram) -> None:
    private = {c["command"] for c in fake.menus["all_private_chats"]}
    assert {"start", "commit", "actions", "done", "digest", "export", "forget"} <= private
    assert "team" not in private                    # Slack-only: teams live in Slack channels
    assert "default" not in fake.menus              # groups get no menu: the bot points them to a private chat
    assert "insight" in fake.description.lower() and len(fake.description) <= 512
    assert fake.short_description and len(fake.short_description) <= 120


async def test_the_weekly_chart_is_a_photo_and_the_png_on_request(tg: Harness, fake: FakeTelegram, clock) -> None:
    await tg.say("/metric add calls daily target 20 effort")
    for day in range(3):
        await tg.say(f"/log calls {10 + day}")
        clock.advance(timedelta(days=1))
    await tg.wait(fake.user_text(USER, "/digest"), timeout=60)   # the first chart starts its worker process
    photo = tg.last()
    assert photo["photo"] and photo["document_bytes"][:8] == b"\x89PNG\r\n\x1a\n" and "calls" in photo["caption"]
    assert not fake.calls_of("sendDocument")
    await tg.wait(fake.user_text(USER, "/digest png"), timeout=60)
    document = tg.last()
    assert document["document"]["file_name"].endswith(".png") and document["document_bytes"][:4] == b"\x89PNG"


async def test_one_log_line_at_start_and_one_at_stop(fake: FakeTelegram, store: Any, clock: Any,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    h = Harness(fake, store, clock)
    await h.start()
    await h.say("/start")
    await h.stop()
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("bot.") and r.levelno >= logging.INFO]
    assert lines == ["Telegram: started as @FollowBot, long polling", "Telegram: stopped"]
