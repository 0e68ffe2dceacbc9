"""Bulk loading and whole-table reads for benchmarks and large fixtures. The bot never uses these.

Unlike the repositories, nothing here is scoped to a person: it loads and reads in bulk, fast
(SQLAlchemy core `insert(...)` executemany in chunks, one transaction per chunk), so a benchmark can
build 100,000 people with 1,000,000 actions in well under a minute. It lives in `storage` because
only storage builds SQL.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import Any

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlmodel import col

from storage.columns import UTCDateTime
from storage.models import Action, Person, Series
from storage.ledger_models import Nudge
from storage.store import Store

CHUNK = 20_000


def person_row(person_id: int, chat_id: str, timezone: str | None, now: datetime, *, platform: str = "telegram",
               name: str = "", quiet_hours: str | None = None, reminder_leads: str | None = None,
               next_action_number: int = 1, paused_until: datetime | None = None) -> dict[str, Any]:
    return {"id": person_id, "platform": platform, "platform_user_id": chat_id, "chat_id": chat_id, "name": name,
            "timezone": timezone, "next_action_number": next_action_number, "link_insight_id": None,
            "active": True, "created_at": now, "reminder_leads": reminder_leads, "quiet_hours": quiet_hours,
            "paused_from": now if paused_until else None, "paused_until": paused_until, "away": False}


def action_row(action_id: int, person_id: int, number: int, text: str, deadline: datetime | None,
               now: datetime, look_at: datetime | None = None, *, series_id: int | None = None, occurrence: int = 0,
               nudges_until: datetime | None = None) -> dict[str, Any]:
    """An open action as `/commit` at `now` leaves it: the scheduler is to look at it then (or at `look_at`).
    With `series_id`: occurrence `occurrence` of that series, its nudges ending at `nudges_until`."""
    return {"id": action_id, "person_id": person_id, "number": number, "text": text, "deadline": deadline,
            "status": "open", "created_at": now, "completed_at": None, "insight_id": None, "moves": 0,
            "deadline_set_at": now if deadline else None, "next_check_at": (look_at or now) if deadline else None,
            "series_id": series_id, "occurrence": occurrence, "nudges_until": nudges_until}


def series_row(series_id: int, person_id: int, number: int, text: str, rule: str, timezone: str, now: datetime,
               last_local: str, next_check_at: datetime) -> dict[str, Any]:
    """A repeating action whose first occurrence is made (its local wall time `last_local`); the
    scheduler makes the next one at `next_check_at`."""
    return {"id": series_id, "person_id": person_id, "number": number, "text": text, "rule": rule,
            "timezone": timezone, "status": "active", "created_at": now, "stopped_at": None, "last_index": 1,
            "last_local": last_local, "next_check_at": next_check_at, "insight_id": None}


async def insert_series(store: Store, rows: Iterable[dict[str, Any]], chunk: int = CHUNK) -> int:
    """Insert series rows (see `series_row`) before the actions that are their occurrences."""
    return await _insert(store, Series, rows, chunk)


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


async def _insert(store: Store, table: Any, rows: Iterable[dict[str, Any]], chunk: int) -> int:
    count = 0
    stmt = insert(table)
    for batch in _chunks(rows, chunk):
        async with store.engine.begin() as conn:
            await conn.execute(stmt, batch)
        count += len(batch)
    return count


async def insert_people(store: Store, rows: Iterable[dict[str, Any]], chunk: int = CHUNK) -> int:
    """Insert people rows (see `person_row`); returns how many."""
    return await _insert(store, Person, rows, chunk)


async def insert_actions(store: Store, rows: Iterable[dict[str, Any]], chunk: int = CHUNK) -> int:
    """Insert action rows (see `action_row`); returns how many."""
    return await _insert(store, Action, rows, chunk)


async def insert_knowledge(store: Store, lessons: Iterable[dict[str, Any]], questions: Iterable[dict[str, Any]],
                           cards: Iterable[dict[str, Any]], chunk: int = CHUNK) -> int:
    """Insert lesson, lesson_question and review_card rows (whole rows, every column); returns the cards."""
    from storage.knowledge_models import Lesson, LessonQuestion, ReviewCard

    await _insert(store, Lesson, lessons, chunk)
    await _insert(store, LessonQuestion, questions, chunk)
    return await _insert(store, ReviewCard, cards, chunk)


async def move_deadlines(store: Store, deadlines: dict[int, datetime], now: datetime) -> None:
    """Give actions new deadlines, as `/move` does: set now, looked at again now."""
    stmt = (update(Action).where(Action.id == bindparam("b_id"))  # type: ignore[arg-type]
            .values(deadline=bindparam("b_deadline", type_=UTCDateTime()), deadline_set_at=now, next_check_at=now))
    rows = [{"b_id": action_id, "b_deadline": deadline} for action_id, deadline in deadlines.items()]
    for batch in _chunks(rows, CHUNK):
        async with store.engine.begin() as conn:
            await conn.execute(stmt, batch)


async def series_due_at(store: Store, when: dict[int, datetime]) -> None:
    """Set when the scheduler makes each series' next occurrence (as if its time came then)."""
    stmt = (update(Series).where(Series.id == bindparam("b_id"))  # type: ignore[arg-type]
            .values(next_check_at=bindparam("b_at", type_=UTCDateTime())))
    rows = [{"b_id": series_id, "b_at": at} for series_id, at in when.items()]
    for batch in _chunks(rows, CHUNK):
        async with store.engine.begin() as conn:
            await conn.execute(stmt, batch)


async def nudge_ledger(store: Store, claimed_since: datetime) -> list[tuple[int, str, int, datetime, datetime,
                                                                           datetime | None, str]]:
    """Ledger rows claimed since an instant: (person, kind, subject, planned_at, claimed_at, sent_at, status)."""
    stmt = (select(col(Nudge.person_id), col(Nudge.kind), col(Nudge.subject_id), col(Nudge.planned_at),
                   col(Nudge.claimed_at), col(Nudge.sent_at), col(Nudge.status))
            .where(col(Nudge.claimed_at) >= claimed_since)
            .order_by(col(Nudge.id)))
    async with store.engine.connect() as conn:
        return [tuple(r) for r in (await conn.execute(stmt)).all()]  # type: ignore[misc]


async def table_counts(store: Store) -> dict[str, int]:
    out: dict[str, int] = {}
    async with store.engine.connect() as conn:
        for name, model in (("person", Person), ("action", Action), ("nudge", Nudge), ("series", Series)):
            out[name] = (await conn.execute(select(func.count()).select_from(model))).scalar_one()
    return out


async def analyze(store: Store) -> None:
    """Gather the planner's statistics (SQLite `ANALYZE`, PostgreSQL `ANALYZE`) after a bulk load."""
    async with store.engine.begin() as conn:
        await conn.execute(text("ANALYZE"))
