"""Taking a lesson's quiz in the chat: one question at a time, feedback after each answer.

`/quiz N` and the lesson's "Take the quiz" button (press `quiz_start`, arg N) open it; so do the
Done button, `/done N` and done in words on an assigned lesson (an action naming its lesson),
and passing then completes that action. State lives in `quiz_attempt` (the next position), so a
quiz left half way resumes where it stopped, after a restart too. An answer carries its attempt
and position: a second press, or one on a question already behind, counts once.
"""
from __future__ import annotations

from handlers import quiz_end
from handlers.completion import mark_done
from handlers.ids import as_id
from handlers.learning import note_quiz_answer
from handlers.lesson_library import ensure_library
from handlers.quiz_view import Keys, feedback, is_right, parse_arg, question_reply, valid_mask, chosen_of
from handlers.refs import CMD
from handlers.turn import Turn
from handlers.types import Reply
from storage import Action, Lesson, LessonQuestion, QuizAttempt

START, ANSWER, PICK, LATER = "quiz_start", "quiz_answer", "quiz_pick", "quiz_later"
NOT_YOURS = f"That quiz button isn't one of yours any more. {CMD}lessons lists the lessons."


def _keys(attempt: QuizAttempt, position: int) -> Keys:
    return Keys(ANSWER, PICK, LATER, f"{attempt.id}.{position}")


def _ask(lesson: Lesson, attempt: QuizAttempt, questions: list[LessonQuestion], head: str = "",
         mask: int = 0) -> Reply:
    pos = attempt.position
    title = f"📚 {lesson.title}, question {pos + 1} of {len(questions)}"
    return question_reply(f"{head}\n{title}".strip(), questions[pos], _keys(attempt, pos), mask)


async def open_quiz(turn: Turn, lesson: Lesson, action: Action | None = None) -> Reply:
    """Start the lesson's quiz, or resume the person's open attempt at its next question."""
    assert lesson.id is not None
    questions = list(await turn.u.quizzes.questions(lesson.id))
    if not questions:
        return Reply(f"Lesson {lesson.number} “{lesson.title}” has no quiz questions yet.")
    attempt = await turn.u.quizzes.open_attempt(turn.person.id, lesson.id)
    if attempt is None:
        action = action or await turn.u.quizzes.open_assignment(turn.person.id, lesson.id)
        attempt = await turn.u.quizzes.start(turn.person.id, lesson.id, action.id if action else None,
                                             len(questions), turn.now)
        head = (f"📚 Quiz: {lesson.title}: {len(questions)} questions, pass mark {lesson.pass_mark}%."
                + (f" Passing it completes #{action.number}." if action else ""))
    else:
        if attempt.action_id is None and action is not None:
            attempt.action_id = action.id
        head = f"Picking up where you stopped: question {attempt.position + 1} of {len(questions)}."
    if attempt.position >= len(questions):  # the lesson lost questions since: score what was answered
        return await quiz_end.finish(turn, attempt, lesson)
    return _ask(lesson, attempt, questions, head)


async def open_for_action(turn: Turn, action: Action) -> Reply:
    """Done on an assigned lesson: its quiz, not a tick (unless its quiz was passed since it was
    assigned, which completes it now)."""
    assert action.lesson_id is not None
    lesson = await turn.u.quizzes.lesson_by_id(action.lesson_id)
    if lesson is None:
        return Reply(f"The lesson of #{action.number} is gone. {CMD}drop {action.number} removes it.")
    passed = await turn.u.quizzes.passed_since(turn.person.id, lesson.id, action.created_at)
    if passed is not None:  # taken and passed since it was assigned (by /quiz N): that counts
        done = await mark_done(turn, action)
        return Reply(f"You passed “{lesson.title}” already ({passed.score}%).\n{done.text}")
    reply = await open_quiz(turn, lesson, action)
    return Reply(f"#{action.number} is a lesson: pass its quiz to complete it.\n{reply.text}", reply.buttons,
                 reply.file)


async def quiz(turn: Turn, args: str) -> list[Reply]:
    number = as_id(args)
    if number is None:
        return [Reply(f"Which lesson? Send {CMD}quiz N, e.g. {CMD}quiz 1. {CMD}lessons lists them.")]
    return await press_start(turn, str(number))


async def press_start(turn: Turn, arg: str) -> list[Reply]:
    number = as_id(arg)
    await ensure_library(turn.u, turn.now)  # a newcomer's first /quiz 1 finds the starter lessons
    lesson = await turn.u.quizzes.lesson(turn.person.id, number) if number else None
    if lesson is None:
        return [Reply(f"There is no lesson {arg[:10]} for you. {CMD}lessons lists them.")]
    return [await open_quiz(turn, lesson)]


async def _where(turn: Turn, arg: str, parts: int) -> tuple[QuizAttempt, Lesson, list[LessonQuestion], list[int]] | str:
    """The person's open attempt a button points at, or what to say instead."""
    ids = parse_arg(arg, parts)
    attempt = await turn.u.quizzes.attempt(turn.person.id, ids[0]) if ids and ids[0] else None
    if ids is None or attempt is None:
        return NOT_YOURS
    lesson = await turn.u.quizzes.lesson_by_id(attempt.lesson_id)
    if lesson is None:
        return NOT_YOURS
    if attempt.finished_at is not None:
        return (f"You finished that quiz already ({attempt.score}%); your answers count once. "
                f"{CMD}quiz {lesson.number} takes it again.")
    return attempt, lesson, list(await turn.u.quizzes.questions(lesson.id)), ids[1:]


async def press_answer(turn: Turn, arg: str) -> list[Reply]:
    found = await _where(turn, arg, 3)
    if isinstance(found, str):
        return [Reply(found)]
    attempt, lesson, questions, (pos, mask) = found
    if pos != attempt.position or pos >= len(questions):
        return [_ask(lesson, attempt, questions, "You answered that question already; it counts once.")]
    question = questions[pos]
    if not valid_mask(question, mask):
        return [_ask(lesson, attempt, questions, "That button is out of date; here is the question again.")]
    right = is_right(question, mask)
    assert attempt.id is not None
    if not await turn.u.quizzes.advance(attempt.id, pos, right):  # a second press raced this one
        return [Reply("You answered that question already; it counts once.")]
    await note_quiz_answer(turn, question, lesson, chosen_of(mask), right, attempt.id)
    attempt = await turn.u.quizzes.refresh(attempt)
    said = Reply(feedback(question, mask))
    if attempt.position >= len(questions):
        return [said, await quiz_end.finish(turn, attempt, lesson)]
    return [said, _ask(lesson, attempt, questions)]


async def press_pick(turn: Turn, arg: str) -> list[Reply]:
    """A toggle on a several-answers question: the question again, with the new selection."""
    found = await _where(turn, arg, 3)
    if isinstance(found, str):
        return [Reply(found)]
    attempt, lesson, questions, (pos, mask) = found
    if pos != attempt.position or pos >= len(questions):
        return [_ask(lesson, attempt, questions, "You answered that question already; it counts once.")]
    if mask and not valid_mask(questions[pos], mask):
        mask = 0
    return [_ask(lesson, attempt, questions, mask=mask)]


async def press_later(turn: Turn, arg: str) -> list[Reply]:
    found = await _where(turn, arg + ".0", 3)
    if isinstance(found, str):
        return [Reply(found)]
    attempt, lesson, questions, _ = found
    return [Reply(f"Paused at question {attempt.position + 1} of {len(questions)} of “{lesson.title}”. "
                  f"{CMD}quiz {lesson.number} picks up where you stopped.")]
