"""Lessons over the real Telegram adapter and the Bot API stand-in: a coach sends lesson files
(fetched with getFile and the file URL), good, malformed, too big; a client opens and is
assigned a lesson, and hears of it with a button that opens it."""
from __future__ import annotations

from datetime import timedelta

from handlers import CoreConfig
from scheduler import Delivery, Ticker
from tests.fakes import FakeTelegram, button_data, button_labels
from tests.support.telegram_harness import OTHER, USER, Harness
from tests.test_lessons import BAD, GOOD


async def _send_file(tg: Harness, fake: FakeTelegram, name: str, data: bytes, user: int = USER, **kw) -> str:
    sent = await tg.deliver(fake.user_document, user, user, name, data, **kw)
    return "\n".join(m.get("text") or "" for m in sent)


async def _coach_with_client(tg: Harness) -> None:
    await tg.say("/tz Berlin")
    code = (await tg.say("/coach")).split("/join ")[1].split()[0]
    await tg.say("/tz Berlin", user=OTHER)
    await tg.say(f"/join {code}", user=OTHER)


async def test_a_coach_sends_a_lesson_file_and_the_client_opens_it(tg: Harness, fake: FakeTelegram) -> None:
    await _coach_with_client(tg)
    reply = await _send_file(tg, fake, "openers.md", GOOD)
    assert "✅ openers.md: lesson 7 “Opening a call” added" in reply
    assert [c.params["file_id"] for c in fake.calls_of("getFile")] == ["BQACAgIAAxkBdoc1"]
    assert fake.calls_of("file")  # the bytes came from the file URL, through PTB
    assert "7. Opening a call (openers, 4 min): new" in await tg.say("/lessons", user=OTHER)
    opened = await tg.say("/lesson 7", user=OTHER)
    assert "📚 Lesson 7: Opening a call" in opened and "🔗 https://example.com/openers" in opened
    assert button_data(tg.last(OTHER)) == ["quiz_start:7"] and button_labels(tg.last(OTHER)) == ["📝 Take the quiz"]


async def test_a_malformed_or_oversized_file_saves_nothing(tg: Harness, fake: FakeTelegram) -> None:
    await _coach_with_client(tg)
    reply = await _send_file(tg, fake, "bad.md", BAD)
    assert "❌ bad.md: not imported, 5 problems:" in reply and "line 4: minutes must be a whole number" in reply
    big = await _send_file(tg, fake, "huge.md", b"x" * 10, file_size=10 * 1024 * 1024)
    assert "I could not read that file" in big and "64 KB" in big
    assert len(fake.calls_of("getFile")) == 1  # the big one was never fetched
    binary = await _send_file(tg, fake, "photo.md", b"\x89PNG\r\n\x1a\n\x00\x00")
    assert "not UTF-8 text" in binary or "binary" in binary
    assert "Opening a call" not in await tg.say("/lessons", user=OTHER)


async def test_a_client_cannot_add_lessons(tg: Harness, fake: FakeTelegram) -> None:
    await _coach_with_client(tg)
    reply = await _send_file(tg, fake, "openers.md", GOOD, user=OTHER)
    assert "Coaches and team managers can send me lesson files" in reply
    assert "Opening a call" not in await tg.say("/lessons", user=OTHER)


async def test_an_assigned_lesson_reaches_the_client_with_a_button(tg: Harness, fake: FakeTelegram, store,
                                                                    clock) -> None:
    await _coach_with_client(tg)
    reply = await tg.say("/lesson assign 1 1 by Friday")
    assert "📚 Lesson 1 “Discovery questions” assigned to Ada Lovelace: #1, due Fri 27 Nov, 17:00" in reply
    sender = tg.running.sender

    async def no_sleep(_s: float) -> None:
        return None

    ticker = Ticker(store, sender, clock, CoreConfig(default_timezone="UTC"), delivery=Delivery(store, sender, clock,
                                                                                    sleep=no_sleep))
    clock.advance(timedelta(minutes=1))
    await ticker.tick()
    told = [m for m in fake.messages_to(OTHER) if "gave you an action" in (m.get("text") or "")]
    assert len(told) == 1 and "#1 📚 Discovery questions, 8 min + quiz, due Fri 27 Nov" in told[0]["text"]
    assert button_labels(told[0]) == ["📖 Open the lesson"]
    opened = await tg.press(button_data(told[0])[0], user=OTHER)
    assert "📚 Lesson 1: Discovery questions" in opened and "📌 assigned (#1), due Fri 27 Nov, 17:00" in opened
    assert "1. Discovery questions (discovery, 8 min): 📌 assigned (#1), due Fri 27 Nov, 17:00" in \
        await tg.say("/lessons", user=OTHER)
    assert "#1 📚 Discovery questions" in await tg.say("/actions", user=OTHER)
