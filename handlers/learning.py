"""What one answer teaches the bot about a person: their mastery of the lesson's topic and when
the question comes back for review. Quiz answers and review answers both pass here.

Mastery (0-100) is a running average in which recent answers weigh more: each answer moves the
score toward 100 (right) or 0 (wrong) by a weight of 1/n for the person's n-th answer on the
topic, but never less than 1/4. The first answers average plainly; from the fourth on, the
newest answer always counts for a quarter, so old mistakes fade and a slip shows at once.

Review cards (handlers/timing/reviews.py): a question answered wrong in a quiz comes back after
1 day (box 0). One answered right comes back too, less often: it enters box 2 (first after 7
days, then every 21), or moves one box up when it already had a card.
"""
from __future__ import annotations

import json

from handlers.timing import due_after, next_box
from handlers.turn import Turn
from storage import Lesson, LessonQuestion, ReviewCard

WEIGHT_FLOOR = 0.25
RIGHT_ENTRY_BOX = 2


def mastery_after(score: float, answers: int, right: bool) -> float:
    """The topic's mastery after one more answer (`answers`: how many came before it)."""
    weight = max(1.0 / (answers + 1), WEIGHT_FLOOR)
    return score + weight * ((100.0 if right else 0.0) - score)


async def note_mastery(turn: Turn, topic: str, right: bool) -> float:
    """Fold one answer into the person's mastery of `topic`; returns the new score."""
    row = await turn.u.quizzes.mastery_of(turn.person.id, topic, turn.now)
    row.score = round(mastery_after(row.score, row.answers, right), 2)
    row.answers += 1
    row.updated_at = turn.now
    await turn.u.quizzes.save_mastery(row)
    return row.score


async def note_quiz_answer(turn: Turn, question: LessonQuestion, lesson: Lesson, chosen: list[int], right: bool,
                           attempt_id: int) -> None:
    """A quiz answer: stored, mastery updated, and its question put in (or moved along) the
    person's review boxes."""
    assert question.id is not None
    pid = turn.person.id
    await turn.u.quizzes.answer(pid, attempt_id, question.id, lesson.topic, json.dumps(chosen), right, "quiz",
                                turn.now)
    await note_mastery(turn, lesson.topic, right)
    card = await turn.u.reviews.card_for(pid, question.id)
    if card is None:
        card = ReviewCard(person_id=pid, question_id=question.id, box=0, due_at=turn.now)
        box = 0 if not right else RIGHT_ENTRY_BOX
    else:
        box = next_box(card.box, right)
    card.box, card.due_at, card.last_answered_at = box, due_after(turn.now, box, turn.tz), turn.now
    await turn.u.reviews.put(card)
    await turn.u.reviews.look_by(pid, card.due_at)
