"""The tables. Every row that belongs to someone carries `person_id`, so every read can be
scoped to the person it serves, and `/forget` can delete a person with one cascade."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.columns import UTCDateTime


def _utc(nullable: bool = False) -> Column:
    return Column(UTCDateTime(), nullable=nullable)


def _owner() -> Column:
    return Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True)


class Person(SQLModel, table=True):
    """Someone the bot talks to, on one platform."""

    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("platform", "platform_user_id", name="uq_person_platform_user"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    platform_user_id: str = Field(max_length=64)
    chat_id: str = Field(max_length=64)
    name: str = Field(default="", max_length=200)
    timezone: Optional[str] = Field(default=None, max_length=64)
    next_action_number: int = Field(default=1)
    # The insight the next commitment is linked to ("What will you do about it?").
    link_insight_id: Optional[int] = Field(default=None)
    active: bool = Field(default=True)
    created_at: datetime = Field(sa_column=_utc())


class Insight(SQLModel, table=True):
    """Something the person realised. Actions may point back to it."""

    __tablename__ = "insight"

    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_owner())
    text: str = Field(sa_column=Column(Text, nullable=False))
    source: str = Field(default="command", max_length=16)
    created_at: datetime = Field(sa_column=_utc())


class Action(SQLModel, table=True):
    """A dated commitment. `number` is the person's own #N and never changes."""

    __tablename__ = "action"
    __table_args__ = (
        UniqueConstraint("person_id", "number", name="uq_action_person_number"),
        Index("ix_action_status_deadline", "status", "deadline"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_owner())
    number: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    deadline: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    status: str = Field(default="open", max_length=8)  # open | done | dropped
    created_at: datetime = Field(sa_column=_utc())
    completed_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    insight_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("insight.id", ondelete="SET NULL"), nullable=True)
    )
    moves: int = Field(default=0)


class Pending(SQLModel, table=True):
    """A question the bot asked or a message it is holding for a button press.

    Rows, not memory, so "By when?" and "Save as insight or action?" survive a restart.
    kind: "deadline" (ref = action number awaiting a deadline), "offer" (text held for the
    save-as buttons), "forget" (a /forget awaiting confirmation).
    """

    __tablename__ = "pending"

    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_owner())
    kind: str = Field(max_length=16)
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    ref: Optional[int] = Field(default=None)
    created_at: datetime = Field(sa_column=_utc())


class SeenEvent(SQLModel, table=True):
    """Platform event ids already handled: a redelivered update changes nothing."""

    __tablename__ = "seen_event"

    platform: str = Field(primary_key=True, max_length=16)
    event_id: str = Field(primary_key=True, max_length=128)
    seen_at: datetime = Field(sa_column=_utc())


class InboxEntry(SQLModel, table=True):
    """A raw platform update stored before it is confirmed to the platform.

    The Telegram adapter owns its polling loop: it saves each update here, commits, and only
    then asks for the next batch, so a kill -9 never drops a message nobody answered.
    """

    __tablename__ = "inbox"
    __table_args__ = (UniqueConstraint("platform", "event_id", name="uq_inbox_platform_event"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    event_id: str = Field(max_length=128)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    received_at: datetime = Field(sa_column=_utc())
    done_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
