"""The Skills tables of REKS: the skills card a manager (per team) or a coach (per client) keeps,
the observations of whether a person applied a skill, the bingo lines already celebrated, and
each person's long-term development goal with the actions that serve it.

Every row names the people it is about with a `person.id` foreign key ON DELETE CASCADE (or SET
NULL for the observer, whose words stay the observed person's record), so /forget is one delete.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.columns import UTCDateTime


def _utc(nullable: bool = False) -> Column:
    return Column(UTCDateTime(), nullable=nullable)


def _person(nullable: bool = False, ondelete: str = "CASCADE") -> Column:
    return Column(Integer, ForeignKey("person.id", ondelete=ondelete), nullable=nullable, index=True)


class Skill(SQLModel, table=True):
    """One square of a 4x4 skills card. A team's card (`team_id`, defined by its manager) or one
    client's card (`client_id`, defined by their coach); `owner_id` is who defined it. `position`
    0-15 is the square (row = position // 4), kept when other skills are removed."""

    __tablename__ = "skill"
    __table_args__ = (Index("ix_skill_card", "team_id", "client_id", "position"),)

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    owner_id: int = Field(sa_column=_person())
    team_id: Optional[int] = Field(default=None, sa_column=Column(Integer, ForeignKey("team.id", ondelete="CASCADE"),
                                                                  nullable=True, index=True))
    client_id: Optional[int] = Field(default=None, sa_column=_person(nullable=True))
    position: int
    name: str = Field(max_length=120)
    topic: Optional[str] = Field(default=None, max_length=40)  # links to Knowledge (lesson.topic)
    lesson_number: Optional[int] = Field(default=None)  # the lesson to assign when the topic is weak
    created_at: datetime = Field(sa_column=_utc())


class SkillObservation(SQLModel, table=True):
    """Whether `person_id` applied a skill when someone watched (a call, an email, a ride-along).
    `self_report`: the person said so themselves, kept apart from what a manager or coach saw.
    `card_round`: observations ticked on one card message share it, so a second press on the same
    square changes that observation instead of adding one."""

    __tablename__ = "skill_observation"
    __table_args__ = (Index("ix_skill_observation_person_at", "person_id", "observed_at"),
                      UniqueConstraint("skill_id", "person_id", "card_round", name="uq_skill_observation_round"))

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    skill_id: int = Field(sa_column=Column(Integer, ForeignKey("skill.id", ondelete="CASCADE"), nullable=False,
                                           index=True))
    person_id: int = Field(sa_column=_person())
    observer_id: Optional[int] = Field(default=None, sa_column=_person(nullable=True, ondelete="SET NULL"))
    applied: bool
    self_report: bool = Field(default=False)
    note: str = Field(default="", max_length=500)
    card_round: Optional[str] = Field(default=None, max_length=40)
    observed_at: datetime = Field(sa_column=_utc())


class SkillBingo(SQLModel, table=True):
    """A row, column or diagonal of a person's card already celebrated: `line` names its skills
    ("12,13,14,15"), so the same four skills are celebrated once, ever."""

    __tablename__ = "skill_bingo"
    __table_args__ = (UniqueConstraint("person_id", "line", name="uq_skill_bingo_line"),)

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    person_id: int = Field(sa_column=_person())
    line: str = Field(max_length=80)
    label: str = Field(default="", max_length=40)  # "row 1", "column 2", "diagonal"
    at: datetime = Field(sa_column=_utc())


class DevelopmentGoal(SQLModel, table=True):
    """A person's one long-term development goal ("run my own enterprise deals by Q3") and the
    skills or lessons they chose to grow towards it (`grow`, comma-separated as typed)."""

    __tablename__ = "development_goal"
    __table_args__ = (UniqueConstraint("person_id", name="uq_development_goal_person"),)

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    person_id: int = Field(sa_column=_person())
    text: str = Field(max_length=300)
    by: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    grow: str = Field(default="", max_length=500)
    created_at: datetime = Field(sa_column=_utc())


class GoalAction(SQLModel, table=True):
    """An action the person linked to their development goal (`/commit ... for goal`)."""

    __tablename__ = "goal_action"

    action_id: int = Field(sa_column=Column(Integer, ForeignKey("action.id", ondelete="CASCADE"), primary_key=True))
    goal_id: int = Field(sa_column=Column(Integer, ForeignKey("development_goal.id", ondelete="CASCADE"),
                                          nullable=False, index=True))
    person_id: int = Field(sa_column=_person())
