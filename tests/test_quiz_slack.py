"""Quizzes and spaced review in Slack: the real Bolt app and slack_sdk client against the stand-in.

An assigned lesson's check-in Done opens the quiz in the DM, options are Block Kit buttons and
the pressed message is updated; passing completes the action and the snapshot's chart is
uploaded. Another person's quiz button is refused. A review falls due days later for a rep in
New York across the US change to summer time (Sun 14 March 2027).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from bot.registry import Registry
from handlers import CoreConfig
from scheduler import Ticker
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_user import buttons, shown
from tests.support.lessons import add_lesson, make_assignment, warm_chart
from tests.test_slack import ADA, BEN, Harness, fake, slack  # noqa: F401  (fixtures)

CAL = "U0CAL"
Choice = str | tuple[str, ...]


@pytest.fixture(autouse=True)
async def chart_worker() -> None:
    await warm_chart()


def ticker(slack: Harness, store: Any, clock: Any) -> Ticker:
    registry = Registry()
    registry.add("slack", slack.adapter.sender)
    return Ticker(store, registry, clock, CoreConfig(default_timezone="UTC"))


def _value(fake: FakeSlack, user: str, kind: str, letter: str) -> str:
    for message in reversed(fake.messages_to(fake.dm_of(user))):
        for b in buttons(message.get("blocks", [])):
            if b["value"].startswith(kind) and f"{letter})" in b["text"]["text"]:
                return str(b["value"])
    raise AssertionError(f"no {kind} button {letter} in the DM")


async def answer(slack: Harness, fake: FakeSlack, choice: Choice, user: str = ADA,
                 kind: str = "quiz") -> str:
    if isinstance(choice, str):
        return await slack.press(_value(fake, user, f"{kind}_answer", choice), user)
    for letter in choice:
        await slack.press(_value(fake, user, f"{kind}_pick", letter), user)
    submit = next(b["value"] for m in reversed(fake.messages_to(fake.dm_of(user)))
                  for b in buttons(m.get("blocks", [])) if b["text"]["text"].startswith("✔️"))
    return await slack.press(submit, user)


async def test_checkin_done_opens_the_quiz_and_passing_completes_it(slack: Harness, fake: FakeSlack, store: Any,
                                                                   clock: Any) -> None:
    lesson = await add_lesson(store, clock.now())
    await slack.command("commit 📚 Discovery questions by tomorrow 10am")       # Ada is in Berlin (profile)
    await make_assignment(store, ADA, 1, lesson)
    clock.advance(timedelta(days=1))
    await ticker(slack, store, clock).tick_nudges()
    assert "Did you do #1 📚 Discovery questions?" in shown(fake.messages_to(fake.dm_of(ADA))[-1])
    opened = await slack.press("done:1")
    assert "#1 is a lesson: pass its quiz to complete it" in opened and "question 1 of 5" in opened
    question = fake.messages_to(fake.dm_of(ADA))[-1]
    said = await answer(slack, fake, "B")
    assert "✅ Right!" in said and "question 2 of 5" in said
    assert buttons(question["blocks"]) == [] and len(fake.calls_of("chat.update")) >= 1   # the press shown, settled
    rest: list[Choice] = [("A", "C"), "B", "B", "A"]
    for choice in rest:
        said = await answer(slack, fake, choice)
    assert "4 of 5 right, 80%: passed ✅" in said and "🎉 Done: #1" in said
    assert fake.files[-1]["name"] == "mastery.png" and fake.files[-1]["data"].startswith(b"\x89PNG")
    assert "No open actions" in await slack.command("actions")


async def test_another_persons_quiz_button_is_refused(slack: Harness, fake: FakeSlack, store: Any,
                                                      clock: Any) -> None:
    await add_lesson(store, clock.now())
    await slack.command("quiz 1")
    payload = fake.press(ADA, _value(fake, ADA, "quiz_answer", "B"))
    payload["user"]["id"] = BEN                                      # Ben replays Ada's button
    status, _ = await slack.post(payload, "interactive")
    assert status == 200
    assert any("isn't one of yours" in shown(m) for m in fake.messages_to(fake.dm_of(ADA)))
    assert "question 1 of 5" in await slack.command("quiz 1")         # nothing of Ada's quiz moved
    said = await answer(slack, fake, "B")
    assert "✅ Right!" in said and "question 2 of 5" in said


async def test_a_review_falls_due_days_later_across_the_us_summer_time_change(slack: Harness, fake: FakeSlack,
                                                                            store: Any, clock: Any) -> None:
    fake.add_user(CAL, "Cal Ripken", "America/New_York")
    clock.set(datetime(2027, 3, 12, 15, 0, tzinfo=timezone.utc))      # Fri 12 Mar 2027, 10:00 EST
    await add_lesson(store, clock.now())
    await slack.command("quiz 1", CAL)
    first_wrong: list[Choice] = ["A", ("A", "C"), "B", "B", "B"]
    for choice in first_wrong:                   # the first one wrong
        await answer(slack, fake, choice, CAL)
    t = ticker(slack, store, clock)
    clock.set(datetime(2027, 3, 13, 15, 0, tzinfo=timezone.utc))      # Sat 10:00 EST: the review
    await t.tick_nudges()
    assert "🧠 Review time: one question" in shown(fake.messages_to(fake.dm_of(CAL))[-1])
    said = await answer(slack, fake, "A", CAL, "review")               # wrong again: back to box 0
    assert "❌ Not quite" in said and "Back tomorrow at 10:00" in said and "today's review done" in said
    clock.set(datetime(2027, 3, 14, 13, 59, tzinfo=timezone.utc))     # Sun, summer time: 09:59 EDT
    await t.tick_nudges()
    assert sum("Review time" in shown(m) for m in fake.messages_to(fake.dm_of(CAL))) == 1
    clock.set(datetime(2027, 3, 14, 14, 0, tzinfo=timezone.utc))      # 10:00 EDT, an hour earlier in UTC
    await t.tick_nudges()
    assert sum("Review time" in shown(m) for m in fake.messages_to(fake.dm_of(CAL))) == 2
    said = await answer(slack, fake, "B", CAL, "review")
    assert "✅ Right!" in said and "Back Wednesday at 10:00" in said  # box 1: three local days later
