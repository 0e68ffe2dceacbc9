"""/lessons (the library with the person's status on each) and /lesson N (one lesson: its text,
its link and the "Take the quiz" button, whose press `quiz_start` the quiz handles).
`/lesson assign ...` is in `handlers/lesson_assign.py`."""
from __future__ import annotations

from handlers import lesson_assign
from handlers.formatting import clip, plural, when_with_year
from handlers.ids import as_id
from handlers.lesson_library import ensure_library
from handlers.refs import CMD
from handlers.turn import Turn
from handlers.types import Button, Reply
from storage import Lesson
from storage.kinds import ActionStatus
from storage.lesson_progress import Standing

QUIZ_PRESS = "quiz_start"  # arg: the lesson number; handled by the quiz
OPEN_PRESS = "lesson_open"  # arg: the lesson's id (the button under an assignment's notice)
LIST_MAX = 50


async def owners_for(turn: Turn) -> list[int]:
    """Whose lessons this person sees besides the library's: their own and their coaches' and managers'."""
    return [turn.person.id, *(c.id for c in await turn.u.coaching.coaches(turn.person.id))]


def status_of(lesson: Lesson, standing: Standing, turn: Turn) -> str:
    """new · assigned, due DATE · passed 100% · tried, best 50% · to review (N questions)."""
    parts = []
    best = standing.best.get(lesson.id)
    open_ = [a for a in standing.assignments if a.lesson_id == lesson.id and a.status == ActionStatus.OPEN]
    if best is not None and best[1]:
        parts.append(f"✅ passed, {best[0]}%")
    elif open_:
        due = open_[0].deadline
        when = f", due {when_with_year(due, turn.tz, turn.now)}" if due else ""
        late = " ⚠️ overdue" if due and due < turn.now else ""
        parts.append(f"📌 assigned (#{open_[0].number}){when}{late}")
    elif best is not None:
        parts.append(f"tried, best {best[0]}% (pass mark {lesson.pass_mark}%)")
    if lesson.id in standing.reviews_due:
        parts.append(f"🔁 to review ({plural(standing.reviews_due[lesson.id], 'question')})")
    return " · ".join(parts) or "new"


async def list_lessons(turn: Turn, args: str) -> list[Reply]:
    await ensure_library(turn.u, turn.now)
    lessons = await turn.u.lessons.visible(await owners_for(turn), LIST_MAX)
    if not lessons:
        return [Reply("No lessons yet.")]
    standing = await turn.u.lesson_progress.standing(turn.person.id, turn.now)
    lines = ["📚 Lessons:"]
    for lesson in lessons:
        lines.append(f"{lesson.number}. {clip(lesson.title, 60)} ({lesson.topic}, {lesson.minutes} min): "
                     f"{status_of(lesson, standing, turn)}")
    lines.append(f"{CMD}lesson N opens one, with its quiz.")
    return [Reply("\n".join(lines))]


async def lesson(turn: Turn, args: str) -> list[Reply]:
    words = args.split(maxsplit=1)
    if words and words[0].lower() == "assign":
        return await lesson_assign.assign(turn, words[1] if len(words) > 1 else "")
    number = as_id(words[0].lstrip("#")) if len(words) == 1 else None
    if number is None:
        return [Reply(f"Send {CMD}lesson N to open lesson N ({CMD}lessons lists them), or "
                      f"{CMD}lesson assign N NAME by WHEN to give one to a client.")]
    return await open_lesson(turn, number)


async def press_open(turn: Turn, arg: str) -> list[Reply]:
    lesson_id = as_id(arg)
    found = await turn.u.lessons.by_id(lesson_id) if lesson_id is not None else None
    if found is None or (found.owner_id is not None and found.owner_id not in await owners_for(turn)):
        return [Reply(f"That lesson is no longer there. {CMD}lessons lists yours.")]
    return await open_lesson(turn, found.number)


async def open_lesson(turn: Turn, number: int) -> list[Reply]:
    await ensure_library(turn.u, turn.now)
    found = await turn.u.lessons.by_number(number, await owners_for(turn))
    if found is None:
        return [Reply(f"There is no lesson {number}. {CMD}lessons lists yours.")]
    questions = await turn.u.lessons.questions(found.id)
    standing = await turn.u.lesson_progress.standing(turn.person.id, turn.now)
    head = (f"📚 Lesson {found.number}: {found.title}\n{found.topic} · {found.minutes} min · "
            f"{plural(len(questions), 'question')}, pass mark {found.pass_mark}% · {status_of(found, standing, turn)}")
    link = f"\n🔗 {found.link}" if found.link else ""
    button = Button("📝 Take the quiz", QUIZ_PRESS, str(found.number))
    return [Reply(f"{head}\n\n{found.body}{link}", buttons=((button,),))]
