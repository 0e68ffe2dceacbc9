"""Coaching sessions and the coach's private notes about them (tables of their own, beside
`models.py`). A session is one occurrence: a recurring series keeps its next occurrence as a
row, made when the one before it ends, so insights, prep answers and notes always have the
occurrence they belong to."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Column, ForeignKey, Index, Integer, Text
from sqlmodel import Field, SQLModel

from storage.columns import UTCDateTime


def _person(index: bool = True) -> Column:
    return Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=index)


class CoachingSession(SQLModel, table=True):
    """One session of a coach with a client, at one instant.

    `local_start` is the wall time ("2026-12-03T10:00") in `timezone`, the zone of the coach
    who scheduled it; `starts_at` is that instant in UTC, worked out from the wall time, so a
    recurring series keeps its wall time across daylight-saving changes. Each person is shown
    the instant in their own zone. `every` is "" (once), "2w" or "monthly"; `series_start`
    is the wall time of the series' first occurrence (the rule's start).
    """

    __tablename__ = "coaching_session"
    # Ids are never reused (SQLite AUTOINCREMENT): an insight's session id never names a later session.
    __table_args__ = (Index("ix_coaching_session_next_check", "next_check_at"),
                      Index("ix_coaching_session_client_start", "client_id", "starts_at"),
                      {"sqlite_autoincrement": True})

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    coach_id: int = Field(sa_column=_person())
    client_id: int = Field(sa_column=_person(index=False))  # ix_coaching_session_client_start covers it
    starts_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    local_start: str = Field(max_length=16)
    timezone: str = Field(max_length=64)
    minutes: int = Field(default=60)
    every: str = Field(default="", max_length=8)
    series_start: str = Field(default="", max_length=16)
    status: str = Field(default="planned", max_length=10)  # planned | cancelled
    moves: int = Field(default=0)
    prep_answer: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    successor_made: bool = Field(default=False)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    # When the scheduler looks at this session again (prep, agenda, prod); None: nothing more.
    next_check_at: Optional[datetime] = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class SessionNote(SQLModel, table=True):
    """A coach's private note about a client's session: never shown to the client, nor in the
    client's /export (it is the coach's data, in the coach's /export). Deleted with either."""

    __tablename__ = "session_note"

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    coach_id: int = Field(sa_column=_person())
    client_id: int = Field(sa_column=_person())
    session_id: Optional[int] = Field(default=None, sa_column=Column(
        Integer, ForeignKey("coaching_session.id", ondelete="SET NULL"), nullable=True))
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
