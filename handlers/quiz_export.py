"""What /export holds of a person's learning: the quizzes they took with every answer, their
review answers and boxes, and their mastery per topic (the lessons a coach wrote are exported
with the rest of the record, handlers/export_data.py).
Read here so handlers/export_data.py stays about the rest of the record."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, tzinfo
from typing import Any

from handlers.turn import Turn


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (datetime, date)) else value


def _row(obj: Any) -> dict[str, Any]:
    return {k: _plain(v) for k, v in obj.model_dump().items()}


async def read(turn: Turn) -> dict[str, Any]:
    """Every learning row of the turn's person, as plain data."""
    u, pid, tz = turn.u, turn.person.id, turn.tz
    answers = [_row(a) for a in await u.quizzes.answers_of(pid)]
    by_attempt: dict[int | None, list[dict[str, Any]]] = {}
    for a in answers:
        by_attempt.setdefault(a["attempt_id"], []).append(a)
    local: Callable[[datetime], str] = lambda t: _local(t, tz)  # noqa: E731
    return {
        "attempts": [{**_row(attempt), "lesson": lesson.title, "lesson_number": lesson.number,
                      "topic": lesson.topic, "answers": by_attempt.get(attempt.id, [])}
                     for attempt, lesson in await u.quizzes.attempts_of(pid)],
        "review_answers": by_attempt.get(None, []),
        "review_cards": [{**_row(card), "question": question.text, "lesson": lesson.title,
                          "due_local": local(card.due_at)} for card, question, lesson in await u.reviews.cards_of(pid)],
        "mastery": [_row(m) for m in await u.quizzes.mastery(pid)],
        "reviews_off": turn.person.reviews_off,
    }


def _local(t: datetime, tz: tzinfo) -> str:
    return t.astimezone(tz).isoformat()


def csv_rows(knowledge: dict[str, Any]) -> list[dict[str, Any]]:
    """The same as CSV rows (handlers/export_data.py's columns)."""
    rows: list[dict[str, Any]] = []
    for a in knowledge.get("attempts", []):
        rows.append({"type": "quiz_attempt", "number": a["lesson_number"], "text": a["lesson"], "name": a["topic"],
                     "value": a["score"] if a["score"] is not None else "", "created_at": a["started_at"],
                     "completed_at": a["finished_at"] or "",
                     "status": {True: "passed", False: "not passed"}.get(a["passed"], "open")})
        for ans in a["answers"]:
            rows.append(_answer(ans, a["lesson_number"]))
    rows += [_answer(ans, "") for ans in knowledge.get("review_answers", [])]
    for c in knowledge.get("review_cards", []):
        rows.append({"type": "review_card", "text": c["question"], "name": c["lesson"], "value": c["box"],
                     "deadline_local": c["due_local"], "at": c["last_answered_at"] or ""})
    for m in knowledge.get("mastery", []):
        rows.append({"type": "mastery", "name": m["topic"], "value": m["score"], "at": m["updated_at"],
                     "detail": f"{m['answers']} answers"})
    return rows


def _answer(ans: dict[str, Any], number: Any) -> dict[str, Any]:
    return {"type": f"{ans['kind']}_answer", "number": number, "name": ans["topic"], "at": ans["answered_at"],
            "status": "right" if ans["is_right"] else "wrong", "detail": ans["chosen"]}
