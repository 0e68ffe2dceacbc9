"""The end of a quiz: the score, passed or not, and the progress snapshot.

The snapshot sets this score against the person's earlier attempts at the lesson, lists their
mastery per topic, and, where the person is in a team and at least MIN_TEAM of its members took
the lesson, the team's average (an average only: no one's score is ever shown to anyone else),
with a PNG chart of mastery per topic over time (handlers/mastery_chart.py). Passing completes
the assignment the attempt was for, through the normal done path; not passing offers a retake.
"""
from __future__ import annotations

import logging

from handlers import mastery_chart
from handlers.completion import mark_done
from handlers.formatting import plural
from handlers.refs import CMD
from handlers.turn import Turn
from handlers.types import Attachment, Button, Reply
from storage import ActionStatus, Lesson, QuizAttempt

log = logging.getLogger(__name__)

MIN_TEAM = 3  # teammates' scores are averaged only over at least this many people

def _trend(earlier: list[int], score: int) -> str:
    if not earlier:
        return "Your first attempt at this lesson."
    change = score - earlier[-1]
    sign = f"+{change}" if change > 0 else str(change)
    return f"Your earlier attempts: {', '.join(f'{s}%' for s in earlier)}; now {score}% ({sign} points)."


async def _snapshot(turn: Turn, attempt: QuizAttempt, lesson: Lesson, score: int) -> list[str]:
    assert attempt.id is not None and lesson.id is not None
    pid = turn.person.id
    lines = ["", "📈 Progress snapshot",
             _trend(await turn.u.quizzes.earlier_scores(pid, lesson.id, attempt.id), score)]
    mastery = await turn.u.quizzes.mastery(pid)
    if mastery:
        lines.append("Mastery by topic: " + ", ".join(f"{m.topic} {round(m.score)}%" for m in mastery))
    team = await turn.u.quizzes.team_scores(pid, lesson.id)
    if len(team) >= MIN_TEAM:
        lines.append(f"Your team's average on this lesson: {round(sum(team) / len(team))}% "
                     f"({plural(len(team), 'person', 'people')}).")
    return lines


async def _chart(turn: Turn) -> Attachment | None:
    data = mastery_chart.chart_data(await turn.u.quizzes.answer_history(turn.person.id), turn.tz)
    if data is None:
        return None
    try:
        png = await mastery_chart.render_async(data)
    except (OSError, RuntimeError) as exc:  # a worker that died: the snapshot goes without its chart
        log.warning("mastery chart for person %s not drawn: %s", turn.person.id, exc)
        return None
    return Attachment("mastery.png", "image/png", png)


async def finish(turn: Turn, attempt: QuizAttempt, lesson: Lesson) -> Reply:
    """Score the attempt, complete its assignment when passed, and say how it went."""
    total = max(attempt.total, 1)
    score = round(100 * attempt.right_count / total)
    passed = score >= lesson.pass_mark
    await turn.u.quizzes.finish(attempt, score, passed, turn.now)
    verdict = "passed ✅" if passed else f"not passed (the pass mark is {lesson.pass_mark}%)"
    lines = [f"🏁 {lesson.title}: {attempt.right_count} of {attempt.total} right, {score}%: {verdict}."]
    lines += await _snapshot(turn, attempt, lesson, score)
    missed = attempt.total - attempt.right_count
    if missed:
        later = (f"{CMD}reviews on brings them back" if turn.person.reviews_off
                 else "they come back for review tomorrow")
        lines.append(f"🧠 {plural(missed, 'question')} to learn again: {later}.")
    if passed and attempt.action_id is not None:
        action = await turn.u.quizzes.assignment(turn.person.id, attempt.action_id)
        if action is not None and action.status == ActionStatus.OPEN:
            lines += ["", (await mark_done(turn, action)).text]
    buttons = () if passed else ((Button("🔁 Retake the quiz", "quiz_start", str(lesson.number)),),)
    return Reply("\n".join(lines), buttons=buttons, file=await _chart(turn))

