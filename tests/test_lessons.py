"""Lessons through the core: the starter library, /lessons statuses, /lesson N, uploads by
coaches (good and malformed), /lesson assign to a client with and without a deadline."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from handlers.types import Attachment
from storage import QuizAttempt, ReviewCard
from tests.support.chat import Person

GOOD = b"""---
title: Opening a call
topic: openers
minutes: 4
link: https://example.com/openers
---
Say why you called in one sentence, then ask a question.

## Quiz

1. What comes first?
- [x] Why you called
- [ ] Your company history
> People listen once they know why you called.

2. Then?
- [ ] A monologue
- [x] A question
> A question hands them the conversation.
"""

BAD = b"""---
title:
topic: Not A Tag
minutes: lots
---
Body.

## Quiz

1. Only one option?
- [x] yes
> one is not a choice

2. No right answer?
- [ ] this
- [ ] that
> nothing is marked
- [x] stray
"""


def doc(data: bytes, name: str = "openers.md") -> dict:
    return {"kind": "document", "document": Attachment(name, "text/markdown", data)}


async def _coach_and_client(core) -> tuple[Person, Person]:
    ada, bob = Person(core, "1", name="Ada"), Person(core, "2", name="Bob")
    await ada.say("/tz Berlin")
    await bob.say("/tz Berlin")
    code = (await ada.say("/coach")).split("/join ")[1].split()[0]
    await bob.say(f"/join {code}")
    return ada, bob


async def test_a_newcomer_finds_the_starter_library_and_opens_a_lesson(core) -> None:
    ada = Person(core, "1")
    await ada.say("/tz Berlin")
    text = await ada.say("/lessons")
    assert "6. Asking for a referral (referrals, 6 min): new" in text
    assert text.count(": new") == 6
    opened = await ada.say("/lesson 1")
    assert "📚 Lesson 1: Discovery questions" in opened and "4 questions, pass mark 80%" in opened
    assert ada.buttons() == [("📝 Take the quiz", "quiz_start", "1")]
    assert "There is no lesson 99" in await ada.say("/lesson 99")


async def test_a_coach_uploads_a_lesson_and_only_their_clients_see_it(core) -> None:
    ada, bob = await _coach_and_client(core)
    eve = Person(core, "3", name="Eve")
    await eve.say("/tz Berlin")
    added = await ada.say("", **doc(GOOD))
    assert "✅ openers.md: lesson 7 “Opening a call” added" in added
    assert "7. Opening a call (openers, 4 min): new" in await bob.say("/lessons")
    assert "Opening a call" not in await eve.say("/lessons")
    assert "There is no lesson 7" in await eve.say("/lesson 7")
    assert "🔗 https://example.com/openers" in await bob.say("/lesson 7")
    again = await ada.say("", **doc(GOOD.replace(b"Opening a call", b"Opening a call well")))
    assert "lesson 7 “Opening a call well” updated (people's results kept)" in again


async def test_a_malformed_upload_lists_every_problem_and_saves_nothing(core) -> None:
    ada, bob = await _coach_and_client(core)
    text = await ada.say("", **doc(BAD, "bad.md"))
    assert "❌ bad.md: not imported, 5 problems:" in text
    for expected in ("line 2: the header needs a “title:”", "line 3: the topic is a short tag",
                     "line 4: minutes must be a whole number", "line 10: the question has 1 option; it needs 2 to 5",
                     "line 18: an option after the explanation"):
        assert expected in text, expected
    assert "lesson 7" not in await bob.say("/lessons")


async def test_only_coaches_and_managers_may_add_lessons(core) -> None:
    eve = Person(core, "3", name="Eve")
    await eve.say("/tz Berlin")
    assert "Coaches and team managers can send me lesson files" in await eve.say("", **doc(GOOD))
    assert "Opening a call" not in await eve.say("/lessons")


async def test_assigning_a_lesson_makes_an_action_with_a_deadline(core, clock, store) -> None:
    ada, bob = await _coach_and_client(core)
    reply = await ada.say("/lesson assign 1 Bob by Friday")
    assert "📚 Lesson 1 “Discovery questions” assigned to Bob: #1, due Fri 27 Nov, 17:00" in reply
    assert "#1 📚 Discovery questions, 8 min + quiz" in await bob.say("/actions")
    assert "1. Discovery questions (discovery, 8 min): 📌 assigned (#1), due Fri 27 Nov, 17:00" in \
        await bob.say("/lessons")
    assert "Bob already has it: #1" in await ada.say("/lesson assign 1 1")
    week = await ada.say("/lesson assign 5 1")  # no deadline given: a week ahead at end of day
    assert "#2, due Mon 30 Nov, 17:00" in week
    assert "no client “Zed”" in await ada.say("/lesson assign 3 Zed")
    assert "You have no clients" in await bob.say("/lesson assign 3 Ada")


async def test_lessons_show_passed_scores_and_reviews_due(core, clock, store) -> None:
    ada = Person(core, "1")
    await ada.say("/tz Berlin")
    await ada.say("/lessons")
    async with store.unit() as u:
        person = await u.people.find("telegram", "1")
        lesson = await u.lessons.by_number(1, [])
        questions = await u.lessons.questions(lesson.id)
        u.session.add(QuizAttempt(person_id=person.id, lesson_id=lesson.id, started_at=clock.now(),
                                  finished_at=clock.now(), total=4, right_count=3, score=75, passed=False))
        u.session.add(QuizAttempt(person_id=person.id, lesson_id=lesson.id, started_at=clock.now(),
                                  finished_at=clock.now() + timedelta(seconds=1), total=4, right_count=4, score=100,
                                  passed=True))
        u.session.add(ReviewCard(person_id=person.id, question_id=questions[0].id, due_at=clock.now()))
        u.session.add(ReviewCard(person_id=person.id, question_id=questions[1].id,
                                 due_at=clock.now() + timedelta(days=3)))
    text = await ada.say("/lessons")
    assert "1. Discovery questions (discovery, 8 min): ✅ passed, 100% · 🔁 to review (1 question)" in text
    clock.advance(timedelta(minutes=1))
    week = await ada.say("/digest")  # quizzes alone make a week worth a digest
    assert "📚 Lessons this week: Discovery questions 75%, Discovery questions 100% ✅" in week
    assert "🔁 To review: discovery (/lessons)" in week and "Nothing recorded yet" not in week


async def test_the_open_button_refuses_another_coachs_lesson_and_forged_args(core, store) -> None:
    ada, bob = await _coach_and_client(core)
    eve = Person(core, "3", name="Eve")
    await eve.say("/tz Berlin")
    await ada.say("", **doc(GOOD))
    async with store.unit() as u:
        assert await u.lessons.by_number(7, []) is None  # Ada's own lesson is not the library's
        coach = await u.people.find("telegram", "1")
        assert coach is not None
        (own,) = await u.lessons.authored(coach.id)
    assert "That lesson is no longer there" in await eve.press("lesson_open", str(own.id))
    assert "📚 Lesson 7: Opening a call" in await bob.press("lesson_open", str(own.id))
    for forged in ("", "x", "²", "99999999999"):
        assert "That lesson is no longer there" in await bob.press("lesson_open", forged)


async def test_a_default_deadline_over_a_dst_change_is_the_local_end_of_day(core, clock, store) -> None:
    """Assigned on Friday 23 Oct 2026 (Berlin leaves summer time on Sunday 25th), without a date: due
    Friday 30 Oct at 17:00 Berlin, which is 16:00 UTC (it was 15:00 UTC the week before)."""
    clock.set(datetime(2026, 10, 23, 9, 0, tzinfo=timezone.utc))
    ada, bob = await _coach_and_client(core)
    assert "#1, due Fri 30 Oct, 17:00" in await ada.say("/lesson assign 1 Bob")
    async with store.unit() as u:
        client = await u.people.find("telegram", "2")
        assert client is not None
        action = await u.actions.by_number(client.id, 1)
    assert action is not None and action.deadline == datetime(2026, 10, 30, 16, 0, tzinfo=timezone.utc)
