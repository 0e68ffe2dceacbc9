"""Spaced review in the chat: the day's sitting, its answers, and /reviews on|off.

The review source (scheduler/sources/reviews.py) sends at most one sitting a local day: its first
due question. Each answer is told right or wrong at once, moves the card along its Leitner boxes
(handlers/timing/reviews.py), moves the topic's mastery (handlers/learning.py) and asks the next
due question, up to SITTING questions a day; the rest wait for tomorrow's sitting.
"""
from __future__ import annotations

import json
from datetime import datetime, time, timezone, tzinfo

from handlers.formatting import plural
from handlers.learning import note_mastery
from handlers.quiz_view import Keys, chosen_of, feedback, is_right, parse_arg, question_reply, valid_mask
from handlers.refs import CMD
from handlers.timing import at_local, day_words, due_after, next_box, review_at
from handlers.turn import Turn
from handlers.types import Reply
from storage.reviews import Card

ANSWER, PICK, LATER = "review_answer", "review_pick", "review_later"
SITTING = 5  # questions asked in one day's sitting at most
NOT_YOURS = f"That review button isn't one of yours. {CMD}reviews shows yours."


def _keys(card_id: int) -> Keys:
    return Keys(ANSWER, PICK, LATER, str(card_id))


def ask(card: Card, head: str, mask: int = 0) -> Reply:
    c, question, lesson = card
    assert c.id is not None
    return question_reply(f"{head}\n🧠 From “{lesson.title}” ({lesson.topic})".strip(), question, _keys(c.id), mask)


def sitting(card: Card, due: int) -> Reply:
    """The day's review message: how many are due, and the first question."""
    more = f" ({plural(due, 'question')} due today; up to {SITTING} in a sitting)" if due > 1 else ""
    return ask(card, f"🧠 Review time{more}: one question from your lessons.")


async def reviews(turn: Turn, args: str) -> list[Reply]:
    word = args.strip().lower()
    pid = turn.person.id
    if word == "off":
        await turn.u.reviews.switch(pid, True, None)
        return [Reply(f"Spaced review is off: no review questions come. {CMD}reviews on brings them back "
                      "(your review boxes are kept).")]
    if word == "on":
        await turn.u.reviews.switch(pid, False, await turn.u.reviews.earliest(pid))
        turn.person.reviews_off = False
        return [Reply("Spaced review is on. " + await _status(turn))]
    if word:
        return [Reply(f"Send {CMD}reviews on or {CMD}reviews off ({CMD}reviews alone says where you are).")]
    state = "off" if turn.person.reviews_off else "on"
    return [Reply(f"Spaced review is {state}. " + await _status(turn)
                  + f" ({CMD}reviews {'on' if state == 'off' else 'off'} to switch.)")]


async def _status(turn: Turn) -> str:
    due = await turn.u.reviews.count_due(turn.person.id, turn.now)
    earliest = await turn.u.reviews.earliest(turn.person.id)
    if earliest is None:
        return "You have no questions to review yet: they come from the quizzes you take."
    if due:
        return f"{plural(due, 'question')} due now; a sitting comes once a day (at most {SITTING} questions)."
    return f"The next review comes {day_words(_slot(earliest, turn.tz), turn.tz, turn.now)}."


def _slot(when: datetime, tz: tzinfo) -> datetime:
    return max(when, review_at(when.astimezone(tz).date(), tz))


async def _answered_today(turn: Turn) -> int:
    """Review answers since the person's local midnight: the day's sitting so far."""
    midnight = at_local(turn.local_now.date(), time(0), turn.tz).astimezone(timezone.utc)
    return await turn.u.quizzes.reviews_since(turn.person.id, midnight)


async def press_answer(turn: Turn, arg: str) -> list[Reply]:
    ids = parse_arg(arg, 2)
    card = await turn.u.reviews.card(turn.person.id, ids[0]) if ids and ids[0] else None
    if ids is None or card is None:
        return [Reply(NOT_YOURS)]
    c, question, lesson = card
    mask = ids[1]
    assert c.id is not None and question.id is not None
    if c.due_at > turn.now:
        return [Reply(f"You answered that one already; it counts once. It comes back "
                      f"{day_words(c.due_at, turn.tz, turn.now)}.")]
    if not valid_mask(question, mask):
        return [ask(card, "That button is out of date; here is the question again.")]
    right = is_right(question, mask)
    box = next_box(c.box, right)
    due = due_after(turn.now, box, turn.tz)
    if not await turn.u.reviews.answered(c.id, c.due_at, box, due, turn.now):
        return [Reply("You answered that one already; it counts once.")]
    await turn.u.quizzes.answer(turn.person.id, None, question.id, lesson.topic, json.dumps(chosen_of(mask)), right,
                                "review", turn.now)
    score = await note_mastery(turn, lesson.topic, right)
    await turn.u.reviews.look_by(turn.person.id, due)
    said = Reply(f"{feedback(question, mask)}\n{lesson.topic}: {round(score)}% mastery. "
                 f"Back {day_words(due, turn.tz, turn.now)}.")
    return [said, await _next(turn)]


async def _next(turn: Turn) -> Reply:
    """The sitting's next question, or its end."""
    done = await _answered_today(turn)
    following = await turn.u.reviews.next_due(turn.person.id, turn.now) if done < SITTING else None
    if following is None:
        left = await turn.u.reviews.count_due(turn.person.id, turn.now)
        rest = f" {plural(left, 'question')} wait for tomorrow's sitting." if left else ""
        return Reply(f"That's today's review done ✅ ({plural(done, 'answer')} today).{rest}")
    left = await turn.u.reviews.count_due(turn.person.id, turn.now)
    return ask(following, f"Next ({left} due):")


async def press_pick(turn: Turn, arg: str) -> list[Reply]:
    ids = parse_arg(arg, 2)
    card = await turn.u.reviews.card(turn.person.id, ids[0]) if ids and ids[0] else None
    if ids is None or card is None:
        return [Reply(NOT_YOURS)]
    if card[0].due_at > turn.now:
        return [Reply("You answered that one already; it counts once.")]
    mask = ids[1] if valid_mask(card[1], ids[1]) else 0
    return [ask(card, "", mask)]


async def press_later(turn: Turn, arg: str) -> list[Reply]:
    ids = parse_arg(arg, 1)
    if ids is None or await turn.u.reviews.card(turn.person.id, ids[0]) is None:
        return [Reply(NOT_YOURS)]
    return [Reply("OK: the questions wait for tomorrow's sitting.")]
