"""The tables of delivery and plumbing: the nudge ledger, held notices, pending questions, the
events already handled, the raw inbox and the server's own secret. Split from `storage.models`
(the people and what they own) so each file holds one kind of table."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models import _owner, _utc


class Nudge(SQLModel, table=True):
    """The ledger of nudges: one row per obligation, claimed before it is sent.

    Unique on (subject, kind, anchor, lead): the anchor is the deadline (or the insight's
    time) the nudge is about, so a moved deadline makes new obligations and a restart can
    never send the same one twice.
    """

    __tablename__ = "nudge"
    __table_args__ = (
        UniqueConstraint("subject_id", "kind", "anchor", "lead", name="uq_nudge_obligation"),
        Index("ix_nudge_status", "status"),
    )

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    person_id: int = Field(sa_column=_owner())
    kind: str = Field(max_length=16)  # reminder | checkin | followup | insight
    subject_id: int
    anchor: datetime = Field(sa_column=_utc())
    lead: int = Field(default=0)  # minutes before the anchor, for reminders
    planned_at: datetime = Field(sa_column=_utc())
    status: str = Field(default="sending", max_length=8)  # sending | sent | failed
    claimed_at: datetime = Field(sa_column=_utc())
    sent_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    message_id: Optional[str] = Field(default=None, max_length=64)
    answered_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))


class Notice(SQLModel, table=True):
    """A message one person's action addresses to another (a coach's nudge, "X joined as your
    client"), held until the scheduler's policy lets it go (the recipient's quiet hours).

    Deleted once sent; `/forget` of either the recipient (`person_id`) or the sender deletes it.
    `buttons` is the neutral buttons as JSON (rows of [label, action, arg]).
    """

    __tablename__ = "notice"
    # Ids are never reused (SQLite AUTOINCREMENT; PostgreSQL sequences never reuse): the ledger row of a
    # sent, deleted notice must never match a later one.
    __table_args__ = (Index("ix_notice_next_check_at", "next_check_at"), {"sqlite_autoincrement": True})

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    person_id: int = Field(sa_column=_owner())  # the recipient
    sender_id: Optional[int] = Field(default=None, sa_column=Column(
        Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=True, index=True))
    text: str = Field(sa_column=Column(Text, nullable=False))
    buttons: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))
    created_at: datetime = Field(sa_column=_utc())
    next_check_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))


class Pending(SQLModel, table=True):
    """A question the bot asked or a message it is holding for a button press.

    Rows, not memory, so "By when?" and "Save as insight or action?" survive a restart.
    kind: "deadline" (ref = action number awaiting a deadline), "timezone" (the zone question),
    "offer" (text held for the save-as buttons), "forget" (a /forget awaiting confirmation),
    "metric_undo" (what logged metric values replaced, for their Undo button), "outcome" ("What
    came of it?" after done, ref = the action's id).
    """

    __tablename__ = "pending"

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    person_id: int = Field(sa_column=_owner())
    kind: str = Field(max_length=16)
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    ref: Optional[int] = Field(default=None)
    created_at: datetime = Field(sa_column=_utc())


class SeenEvent(SQLModel, table=True):
    """Platform event ids already handled: a redelivered update changes nothing."""

    __tablename__ = "seen_event"
    __table_args__ = (Index("ix_seen_event_seen_at", "seen_at"),)  # pruning by age

    platform: str = Field(primary_key=True, max_length=16)
    event_id: str = Field(primary_key=True, max_length=128)
    seen_at: datetime = Field(sa_column=_utc())


class InboxEntry(SQLModel, table=True):
    """A raw platform update stored before it is confirmed to the platform.

    The Telegram adapter owns its polling loop: it saves each update here, commits, and only
    then asks for the next batch, so a kill -9 never drops a message nobody answered; Slack events
    are stored before they are acknowledged. `payload` is the platform's own JSON, so a change to
    `Incoming` never breaks a replay. `sender` is the platform user id, so `/forget` can delete a
    person's rows; a row is deleted once handled (see bot/pump.py).
    """

    __tablename__ = "inbox"
    __table_args__ = (UniqueConstraint("platform", "event_id", name="uq_inbox_platform_event"),
                      Index("ix_inbox_platform_sender", "platform", "sender"))

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    platform: str = Field(max_length=16)
    event_id: str = Field(max_length=128)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    received_at: datetime = Field(sa_column=_utc())
    sender: Optional[str] = Field(default=None, max_length=64)


class ServerSecret(SQLModel, table=True):
    """A secret the deployment made for itself on first start (the key that signs web links when
    WEB_SECRET is unset), so links survive restarts and every process of one database agrees."""

    __tablename__ = "server_secret"

    name: str = Field(primary_key=True, max_length=32)
    value: str = Field(max_length=128)
    created_at: datetime = Field(sa_column=_utc())
