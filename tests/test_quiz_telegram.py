"""Quizzes and spaced review over the wire: the real PTB adapter against the Bot API stand-in.

A check-in's Done button on an assigned lesson opens the quiz; each press is answered, the
pressed message is edited, and passing completes the action. A quiz resumes after a restart.
Reviews fall due days later under the manual clock, across the EU change to summer time
(Sun 28 March 2027), once a day with several questions, and stop with /reviews off.
"""
from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from sqlalchemy import func, select

from bot.registry import Registry
from handlers import CoreConfig
from scheduler import Ticker
from storage import QuizAnswer
from tests.fakes import FakeTelegram, button_data
from tests.support.lessons import add_lesson, make_assignment, warm_chart
from tests.support.telegram_harness import USER, Harness

Choice = str | tuple[str, ...]
RIGHT: list[Choice] = ["B", ("A", "C"), "B", "B", "B"]


@pytest.fixture(autouse=True)
async def chart_worker() -> None:
    await warm_chart()


def ticker(tg: Harness, store: Any, clock: Any) -> Ticker:
    registry = Registry()
    registry.add("telegram", tg.running.sender)
    return Ticker(store, registry, clock, CoreConfig(default_timezone="UTC"))


def _data(message: dict[str, Any], action: str, letter: str) -> str:
    """The callback data of the option `letter` on a question message."""
    rows = message["reply_markup"]["inline_keyboard"]
    return next(b["callback_data"] for row in rows for b in row
                if b["callback_data"].startswith(action + ":") and f"{letter})" in b["text"])


def _question(fake: FakeTelegram) -> dict[str, Any]:
    return next(m for m in reversed(fake.messages_to(USER)) if "reply_markup" in m
                and any(d.split(":")[0] in ("quiz_answer", "quiz_pick", "review_answer", "review_pick")
                        for d in button_data(m)))


async def press(tg: Harness, data: str) -> str:
    """A press, waited for long enough to draw the snapshot's chart (a worker process starts on first use)."""
    before = len(tg.fake.messages_to(USER))
    update = tg.fake.user_press(USER, data)
    await tg.wait(update, timeout=60)
    return "\n".join(m.get("text") or m.get("caption") or "" for m in tg.fake.messages_to(USER)[before:])


async def answer(tg: Harness, fake: FakeTelegram, choice: Choice, kind: str = "quiz") -> str:
    if isinstance(choice, str):
        return await press(tg, _data(_question(fake), f"{kind}_answer", choice))
    for letter in choice:
        await press(tg, _data(_question(fake), f"{kind}_pick", letter))
    rows = _question(fake)["reply_markup"]["inline_keyboard"]
    return await press(tg, next(b["callback_data"] for row in rows for b in row if b["text"].startswith("✔️")))


async def test_checkin_done_opens_the_quiz_and_passing_completes_the_action(tg: Harness, fake: FakeTelegram,
                                                                           store: Any, clock: Any) -> None:
    lesson = await add_lesson(store, clock.now())
    await tg.say("/tz Europe/Berlin")
    await tg.say("/commit 📚 Discovery questions by tomorrow 10am")
    await make_assignment(store, str(USER), 1, lesson)
    clock.advance(timedelta(days=1))                                   # Tue 10:00 Berlin: the check-in
    await ticker(tg, store, clock).tick_nudges()
    checkin = fake.messages_to(USER)[-1]
    assert "Did you do #1 📚 Discovery questions?" in checkin["text"] and "done:1" in button_data(checkin)
    opened = await tg.press("done:1")
    assert "#1 is a lesson: pass its quiz to complete it" in opened and "question 1 of 5" in opened
    question = _question(fake)
    said = await answer(tg, fake, "B")
    assert "✅ Right! Open questions get them talking" in said and "question 2 of 5" in said
    edited = next(m for m in fake.messages_to(USER) if m["message_id"] == question["message_id"])
    assert button_data(edited) == [] and edited["text"].endswith("→ B) An open question about their goals")
    for choice in RIGHT[1:]:
        await answer(tg, fake, choice)
    snapshot = fake.messages_to(USER)[-1]
    assert "photo" in snapshot and "5 of 5 right, 100%: passed ✅" in snapshot["caption"]
    assert "📈 Progress snapshot" in snapshot["caption"] and "🎉 Done: #1" in snapshot["caption"]
    assert "No open actions" in await tg.say("/actions")


async def test_a_quiz_resumes_after_a_restart_and_a_second_press_counts_once(tg: Harness, fake: FakeTelegram,
                                                                           store: Any, clock: Any) -> None:
    await add_lesson(store, clock.now())
    await tg.say("/quiz 1")
    first = copy.deepcopy(_question(fake))  # the stand-in edits its copy in place
    await answer(tg, fake, "B")
    again = fake.user_press(USER, _data(first, "quiz_answer", "A"), message_id=first["message_id"])
    await tg.wait(again)                                                # the old question, pressed again
    assert "You answered that question already; it counts once." in fake.texts_to(USER)[-1]
    await tg.stop()
    await tg.start()                                                    # a restart: state is in the database
    assert "Picking up where you stopped: question 2 of 5" in await tg.say("/quiz 1")
    async with store.engine.connect() as conn:
        assert (await conn.execute(select(func.count()).select_from(QuizAnswer))).scalar_one() == 1


async def test_reviews_come_days_later_once_a_day_across_the_summer_time_change(tg: Harness, fake: FakeTelegram,
                                                                               store: Any, clock: Any) -> None:
    clock.set(datetime(2027, 3, 26, 9, 0, tzinfo=timezone.utc))        # Fri 26 Mar 2027, 10:00 CET
    await add_lesson(store, clock.now())
    await tg.say("/tz Europe/Berlin")
    await tg.say("/quiz 1")
    three_wrong: list[Choice] = ["A", ("B",), "A", "B", "B"]
    for choice in three_wrong:                         # three wrong: back tomorrow
        said = await answer(tg, fake, choice)
    assert "3 questions to learn again: they come back for review tomorrow" in fake.texts_to(USER)[-1]
    t = ticker(tg, store, clock)
    clock.set(datetime(2027, 3, 27, 8, 59, tzinfo=timezone.utc))       # Sat 09:59 CET: not yet
    before = len(fake.messages_to(USER))
    await t.tick_nudges()
    assert len(fake.messages_to(USER)) == before
    clock.set(datetime(2027, 3, 27, 9, 0, tzinfo=timezone.utc))        # Sat 10:00 CET
    await t.tick_nudges()
    sitting = fake.texts_to(USER)[-1]
    assert "🧠 Review time (3 questions due today" in sitting and "What opens a discovery call best?" in sitting
    said = await answer(tg, fake, "B", "review")                        # right: box 1, back in 3 days
    assert "✅ Right!" in said and "discovery: " in said and "Back Tuesday at 10:00" in said
    assert "Next (2 due)" in said
    said = await answer(tg, fake, ("A",), "review")                     # wrong: back tomorrow
    assert "❌ Not quite" in said and "Back tomorrow at 10:00" in said
    clock.advance(timedelta(hours=5))
    await t.tick_nudges()                                               # one sitting a day: nothing more today
    assert sum("Review time" in x for x in fake.texts_to(USER)) == 1
    clock.set(datetime(2027, 3, 28, 7, 59, tzinfo=timezone.utc))       # Sun, summer time: 09:59 CEST
    await t.tick_nudges()
    assert sum("Review time" in x for x in fake.texts_to(USER)) == 1
    clock.set(datetime(2027, 3, 28, 8, 0, tzinfo=timezone.utc))        # 10:00 CEST: an hour earlier in UTC
    await t.tick_nudges()
    assert "🧠 Review time (2 questions due today" in fake.texts_to(USER)[-1]
    assert "Spaced review is off" in await tg.say("/reviews off")
    clock.set(datetime(2027, 3, 30, 8, 0, tzinfo=timezone.utc))        # Tue 10:00 CEST: due, but off
    await t.tick_nudges()
    assert sum("Review time" in x for x in fake.texts_to(USER)) == 2
    assert "Spaced review is on. 3 questions due now" in await tg.say("/reviews on")
    await t.tick_nudges()
    assert "🧠 Review time (3 questions due today" in fake.texts_to(USER)[-1]
