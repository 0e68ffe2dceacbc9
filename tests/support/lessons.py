"""Lessons for tests, written straight into the tables (the lesson file reader is another
module's): a lesson with its questions, and an assignment (an action naming its lesson)."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import select

from storage import Action, Lesson, LessonQuestion, Person

Question = tuple[str, list[str], list[int], str]  # text, options, right options' indices, explanation

DISCOVERY: list[Question] = [
    ("What opens a discovery call best?", ["A feature tour", "An open question about their goals", "The price"],
     [1], "Open questions get them talking about what matters to them."),
    ("Which are open questions?", ["What made you look now?", "Do you have a budget?", "How do you decide today?",
                                   "Is Friday OK?"], [0, 2], "Open questions can't be answered yes or no."),
    ("How much should you talk on a discovery call?", ["Most of the time", "About a third", "Never"],
     [1], "Listen twice as much as you speak."),
    ("After the call you should…", ["Wait for them", "Send a recap with a next step", "Send the contract"],
     [1], "A recap with a dated next step keeps the deal moving."),
    ("A prospect says “just send info”. You…", ["Send the brochure", "Ask what they'd look for in it",
                                                 "Hang up"], [1], "Find out what they need first."),
]


async def add_lesson(store: Any, now: datetime, number: int = 1, title: str = "Discovery questions",
                     topic: str = "discovery", questions: list[Question] | None = None, pass_mark: int = 80,
                     owner_id: int | None = None) -> int:
    """A lesson with its quiz; returns the lesson's id."""
    async with store.unit() as u:
        lesson = Lesson(key=f"test:{number}", number=number, title=title, topic=topic, minutes=8,
                        body="Ask before you pitch.", pass_mark=pass_mark, source="import", owner_id=owner_id,
                        created_at=now, updated_at=now)
        u.session.add(lesson)
        await u.session.flush()
        for i, (text, options, correct, why) in enumerate(questions or DISCOVERY):
            u.session.add(LessonQuestion(lesson_id=lesson.id, position=i, text=text, options=json.dumps(options),
                                         correct=json.dumps(correct), explanation=why))
        return lesson.id


async def make_assignment(store: Any, user_id: str, number: int, lesson_id: int) -> None:
    """Turn the person's action #number into an assignment of the lesson."""
    async with store.unit() as u:
        pid = (await u.session.exec(select(Person.id).where(Person.platform_user_id == user_id))).one()
        await u.session.exec(update(Action).where(Action.person_id == pid, Action.number == number)  # type: ignore
                             .values(lesson_id=lesson_id))


def answer_arg(buttons: list[tuple[str, str, str]], letter: str) -> str:
    """The arg of the option button starting with `letter` (e.g. "B")."""
    return next(arg for label, action, arg in buttons if action.endswith("_answer") and label.startswith(letter + ")"))


def pick_arg(buttons: list[tuple[str, str, str]], letter: str) -> str:
    return next(arg for label, action, arg in buttons if action.endswith("_pick") and f" {letter})" in label)


def submit_arg(buttons: list[tuple[str, str, str]]) -> str:
    return next(arg for label, action, arg in buttons if label.startswith("✔️ Submit"))


async def warm_chart() -> None:
    """Start the snapshot chart's worker process before a test drives an adapter: its first start
    (a spawned interpreter importing matplotlib) can outlast an adapter's wait on a busy machine."""
    from datetime import date

    from handlers import mastery_chart

    await mastery_chart.render_async(mastery_chart.MasteryChart((("warm-up", ((date(2027, 1, 1), 50.0),)),)))
