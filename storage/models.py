"""The tables. Every row that belongs to someone carries `person_id`, so every read can be
scoped to the person it serves, and `/forget` can delete a person with one cascade."""
from __future__ import annotations

from datetime import date, datetime
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
    __table_args__ = (UniqueConstraint("platform", "platform_user_id", name="uq_person_platform_user"),
                      Index("ix_person_next_digest", "next_digest_at"),
                      Index("ix_person_next_morning", "next_morning_at"),
                      Index("ix_person_next_review", "next_review_at"))

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
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
    # Nudge preferences; None means "the deployment's default".
    reminder_leads: Optional[str] = Field(default=None, max_length=64)  # minutes "1440,60"; "" = off
    quiet_hours: Optional[str] = Field(default=None, max_length=16)  # "21:00-08:00" or "off"
    is_coach: bool = Field(default=False)
    # Weekly digest: weekday (0 = Monday) and local time; None means the default (Mon 08:00).
    digest_day: Optional[int] = Field(default=None)
    digest_time: Optional[str] = Field(default=None, max_length=5)
    next_digest_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    last_seen_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    # The generation of the person's web links: a link carries the value it was made with, and
    # `/dashboard revoke` adds one, so every link handed out before stops working.
    web_link_epoch: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    session_agenda_lead: Optional[int] = Field(default=None)  # minutes before a session; None: the default
    # Pause: nothing unprompted before `paused_until` (/pause, "I'm on vacation until Monday").
    paused_from: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    paused_until: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    # Slack status says away (🌴, "OOO"...): paused while it lasts; `away_until` is its expiry (None: none).
    away: bool = Field(default=False)
    away_until: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    # Unprompted messages per local day (None: the deployment's default).
    daily_budget: Optional[int] = Field(default=None)
    # The morning plan's local time "08:30" (None: off) and the scheduler's next look at it.
    morning_time: Optional[str] = Field(default=None, max_length=5)
    next_morning_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    # Spaced review (handlers/reviews.py): /reviews off, and when the review source looks again.
    reviews_off: bool = Field(default=False)
    next_review_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))


class Insight(SQLModel, table=True):
    """Something the person realised. Actions may point back to it."""

    __tablename__ = "insight"
    __table_args__ = (Index("ix_insight_next_check", "next_check_at"),)

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    person_id: int = Field(sa_column=_owner())
    text: str = Field(sa_column=Column(Text, nullable=False))
    source: str = Field(default="command", max_length=16)
    created_at: datetime = Field(sa_column=_utc())
    # When the scheduler should look at this insight again (the 24 h follow-up); None: never.
    next_check_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    just_a_thought: bool = Field(default=False)
    # The coaching session it came from (recorded during it or in the day and a half after its
    # start). No foreign key: adding one would rebuild `insight` on SQLite; session ids are never
    # reused, and an id whose session is gone (forgotten) links to nothing.
    session_id: Optional[int] = Field(default=None)


def _owner_unindexed() -> Column:
    return Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False)


class Action(SQLModel, table=True):
    """A dated commitment. `number` is the person's own #N and never changes."""

    __tablename__ = "action"
    __table_args__ = (
        # An occurrence of a series shares the series' #N; plain actions are occurrence 0.
        UniqueConstraint("person_id", "number", "occurrence", name="uq_action_person_number"),
        Index("ix_action_status_deadline", "status", "deadline"),
        Index("ix_action_status_next_check", "status", "next_check_at"),  # the scheduler's due pages
        Index("ix_action_insight_id", "insight_id"),  # "which actions came from this insight"
        Index("ix_action_person_status", "person_id", "status"),  # a person's open / done actions
    )

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    person_id: int = Field(sa_column=_owner_unindexed())  # ix_action_person_status covers it
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
    # Snoozes move the next nudge, never the deadline: how many, and when the next nudge is due.
    snoozes: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    snoozed_until: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    # "What changed?" after done: what came of it, and the metric it moved (by name), both optional.
    outcome: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))
    outcome_metric: Optional[str] = Field(default=None, max_length=40)
    # When the current deadline was set: reminders that were already due then are not sent.
    deadline_set_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    # When the scheduler should look at this action again. Handlers set it to "now" whenever
    # the deadline, the status or the person's zone or preferences change; the scheduler
    # derives what is owed from the data and stores the next instant. None: nothing more.
    next_check_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    # Set when a coach gave this action to the client (/assign).
    assigned_by_id: Optional[int] = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="SET NULL", name="fk_action_assigned_by"),
                         nullable=True),
    )
    # Set when the action is a lesson to take (an assignment): its Done opens the lesson's quiz.
    lesson_id: Optional[int] = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("lesson.id", ondelete="SET NULL", name="fk_action_lesson"),
                         nullable=True),
    )
    # A repeating commitment's occurrence: its series, its 1-based place in it (#12·3) and when
    # its nudges end (the next occurrence's time: missed ones never pile up). Plain actions: None, 0, None.
    series_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("series.id", ondelete="CASCADE", name="fk_action_series"),
                                       nullable=True, index=True))
    occurrence: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    nudges_until: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))


class Series(SQLModel, table=True):
    """A repeating commitment: an iCalendar rule in local wall time (DTSTART is naive local) and
    the IANA zone it is read in, so occurrences never drift across daylight-saving changes or
    after downtime. Occurrences are `Action` rows made one at a time (the next one, and after
    downtime the latest one missed); `next_check_at` is when the scheduler makes the next."""

    __tablename__ = "series"
    __table_args__ = (UniqueConstraint("person_id", "number", name="uq_series_person_number"),
                      Index("ix_series_next_check_at", "next_check_at"))

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    person_id: int = Field(sa_column=_owner_unindexed())  # uq_series_person_number covers it
    number: int  # the person's #N, from the same counter as actions
    text: str = Field(sa_column=Column(Text, nullable=False))
    rule: str = Field(max_length=200)  # "DTSTART:20261127T160000\nRRULE:FREQ=WEEKLY;BYDAY=FR"
    timezone: str = Field(max_length=64)
    status: str = Field(default="active", max_length=8)  # active | stopped | ended
    created_at: datetime = Field(sa_column=_utc())
    stopped_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    last_index: int = Field(default=0)  # the newest occurrence made
    last_local: Optional[str] = Field(default=None, max_length=19)  # its local wall time, "2026-11-27T16:00:00"
    next_check_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    insight_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("insight.id", ondelete="SET NULL"), nullable=True)
    )


class ActionEvent(SQLModel, table=True):
    """What happened to an action and when (its first deadline, moved, done, dropped): the record
    that weekly digests count from ("moved twice this week") and /export shows as its history."""

    __tablename__ = "action_event"
    __table_args__ = (Index("ix_action_event_person_at", "person_id", "at"),)

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    person_id: int = Field(sa_column=_owner())
    action_id: int = Field(sa_column=Column(Integer, ForeignKey("action.id", ondelete="CASCADE"), nullable=False))
    kind: str = Field(max_length=8)  # due (first deadline) | moved | snoozed | done | dropped
    at: datetime = Field(sa_column=_utc())
    deadline: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))


class Metric(SQLModel, table=True):
    """Something the person counts, on a cadence: "calls, weekdays at 17:30, target 20, effort"."""

    __tablename__ = "metric"
    __table_args__ = (UniqueConstraint("person_id", "name", name="uq_metric_person_name"),
                      Index("ix_metric_next_check", "next_check_at"))

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    person_id: int = Field(sa_column=_owner())
    name: str = Field(max_length=40)
    cadence: str = Field(default="daily", max_length=8)  # daily | weekdays | weekly
    weekday: int = Field(default=4)  # for weekly: 0 = Monday
    at: str = Field(default="18:00", max_length=5)  # local prompt time
    target: Optional[float] = Field(default=None)
    kind: str = Field(default="results", max_length=8)  # REKS: results | effort
    unit: Optional[str] = Field(default=None, max_length=20)
    created_at: datetime = Field(sa_column=_utc())
    removed_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    next_check_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    team_id: Optional[int] = Field(default=None)  # set when a team manager applied it


class MetricValue(SQLModel, table=True):
    """One value per metric and period (a day, or the Monday of a week); a second value for
    the same period replaces the first."""

    __tablename__ = "metric_value"
    __table_args__ = (UniqueConstraint("metric_id", "period", name="uq_metric_value_period"),
                      Index("ix_metric_value_person_period", "person_id", "period"))

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    metric_id: int = Field(sa_column=Column(Integer, ForeignKey("metric.id", ondelete="CASCADE"), nullable=False))
    person_id: int = Field(sa_column=_owner())
    period: date
    value: float
    recorded_at: datetime = Field(sa_column=_utc())


class CoachLink(SQLModel, table=True):
    """A coach and one of their clients."""

    __tablename__ = "coach_link"
    __table_args__ = (UniqueConstraint("coach_id", "client_id", name="uq_coach_client"),)

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    coach_id: int = Field(sa_column=_owner())
    client_id: int = Field(sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False,
                                            index=True))
    created_at: datetime = Field(sa_column=_utc())


class CoachInvite(SQLModel, table=True):
    """A coach's current invite code; renewing replaces it, which disables the old one."""

    __tablename__ = "coach_invite"

    coach_id: int = Field(sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True))
    code: str = Field(max_length=32, unique=True)
    created_at: datetime = Field(sa_column=_utc())


class Team(SQLModel, table=True):
    """A sales team: a shared channel, a manager (who coaches every member) and members.
    `visibility`: "reps" (the channel sees each rep's figures, the default: REKS values
    transparency) or "totals" (the channel sees team totals only)."""

    __tablename__ = "team"
    __table_args__ = (UniqueConstraint("platform", "channel_id", name="uq_team_channel"),)

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    platform: str = Field(max_length=16)
    channel_id: str = Field(max_length=64)
    name: str = Field(default="", max_length=100)
    manager_id: int = Field(sa_column=_owner())
    visibility: str = Field(default="reps", max_length=8)
    # Knowledge scores, skill observations and development goals stay between each member and the
    # manager unless the manager opts the channel in (/team share development on).
    share_development: bool = Field(default=False)
    created_at: datetime = Field(sa_column=_utc())
    # When someone last had the team digest posted to the channel on demand (the rate limit).
    digest_posted_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))


class TeamMetric(SQLModel, table=True):
    """A metric the manager applies to every member (present and future), marked results or effort."""

    __tablename__ = "team_metric"
    __table_args__ = (UniqueConstraint("team_id", "name", name="uq_team_metric_name"),)

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    team_id: int = Field(sa_column=Column(Integer, ForeignKey("team.id", ondelete="CASCADE"), nullable=False))
    name: str = Field(max_length=40)
    cadence: str = Field(default="daily", max_length=8)
    weekday: int = Field(default=4)
    at: str = Field(default="18:00", max_length=5)
    target: Optional[float] = Field(default=None)
    kind: str = Field(default="results", max_length=8)
    unit: Optional[str] = Field(default=None, max_length=20)


class TeamMember(SQLModel, table=True):
    __tablename__ = "team_member"

    team_id: int = Field(sa_column=Column(Integer, ForeignKey("team.id", ondelete="CASCADE"), primary_key=True))
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True,
                                            index=True))
    joined_at: datetime = Field(sa_column=_utc())
