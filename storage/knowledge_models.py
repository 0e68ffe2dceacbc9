"""The Knowledge tables of REKS: lessons and their quizzes, each person's attempts and answers,
the spaced-review boxes of the questions they answered, and their mastery per topic.

A lesson belongs to the deployment's library (`owner_id` None: the starter lessons and
`followthrough lessons import`) or to the coach who sent its file in chat (visible to that coach
and the people they coach or manage; deleted with the coach by /forget). People's attempts,
answers, review boxes and mastery are theirs: every row carries `person_id` and goes with them.
"""
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


class Lesson(SQLModel, table=True):
    """One short training item: what to take away, an optional link, and a quiz.

    `key` is unique: "lib:<slug>" for the library, "p<owner id>:<slug>" for a coach's own, so a
    re-import of the same file updates the lesson (and keeps people's results) instead of adding
    a second one. `number` is the N of `/lesson N`, stable across re-imports.
    """

    __tablename__ = "lesson"
    __table_args__ = (UniqueConstraint("key", name="uq_lesson_key"),
                      UniqueConstraint("number", name="uq_lesson_number"))

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    key: str = Field(max_length=200)
    number: int
    owner_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=True,
                                       index=True))
    title: str = Field(max_length=200)
    topic: str = Field(max_length=40, index=True)  # a short tag: "discovery", "objections"
    minutes: int = Field(default=5)
    link: Optional[str] = Field(default=None, max_length=500)
    body: str = Field(sa_column=Column(Text, nullable=False))
    pass_mark: int = Field(default=80)  # percent of questions right to pass
    source: str = Field(default="import", max_length=16)  # starter | import | chat
    created_at: datetime = Field(sa_column=_utc())
    updated_at: datetime = Field(sa_column=_utc())


class LessonQuestion(SQLModel, table=True):
    """One quiz question. A re-import updates questions by position and marks the ones it no
    longer has inactive, so answers already given keep their question."""

    __tablename__ = "lesson_question"
    __table_args__ = (UniqueConstraint("lesson_id", "position", name="uq_lesson_question_position"),)

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    lesson_id: int = Field(sa_column=Column(Integer, ForeignKey("lesson.id", ondelete="CASCADE"), nullable=False,
                                            index=True))
    position: int  # 0-based order in the quiz
    text: str = Field(sa_column=Column(Text, nullable=False))
    options: str = Field(sa_column=Column(Text, nullable=False))  # JSON list of 2-5 option texts
    correct: str = Field(max_length=32)  # JSON list of the right options' 0-based indices
    explanation: str = Field(default="", sa_column=Column(Text, nullable=False))
    active: bool = Field(default=True)


class QuizAttempt(SQLModel, table=True):
    """One run through a lesson's quiz. Open (`finished_at` None) until the last answer, so a quiz
    left half way resumes at `position`, after a restart too."""

    __tablename__ = "quiz_attempt"
    __table_args__ = (Index("ix_quiz_attempt_person_lesson", "person_id", "lesson_id"),)

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False))
    lesson_id: int = Field(sa_column=Column(Integer, ForeignKey("lesson.id", ondelete="CASCADE"), nullable=False,
                                            index=True))
    # The assignment this attempt completes when passed (the action "📚 Discovery questions").
    action_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("action.id", ondelete="SET NULL"), nullable=True))
    started_at: datetime = Field(sa_column=_utc())
    finished_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))
    position: int = Field(default=0)  # the next question to ask (0-based, over the active questions)
    right_count: int = Field(default=0)
    total: int = Field(default=0)  # questions in this attempt
    score: Optional[int] = Field(default=None)  # percent, once finished
    passed: Optional[bool] = Field(default=None)


class QuizAnswer(SQLModel, table=True):
    """One answer to one question, in a quiz or a review. Unique per attempt and question, so a
    second press (or a press on an old question) counts once."""

    __tablename__ = "quiz_answer"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id", name="uq_quiz_answer_attempt_question"),
                      Index("ix_quiz_answer_person_at", "person_id", "answered_at"))

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False))
    attempt_id: Optional[int] = Field(  # None: a spaced-review answer
        default=None, sa_column=Column(Integer, ForeignKey("quiz_attempt.id", ondelete="CASCADE"), nullable=True))
    question_id: int = Field(sa_column=Column(Integer, ForeignKey("lesson_question.id", ondelete="CASCADE"),
                                              nullable=False, index=True))
    topic: str = Field(max_length=40)  # the lesson's topic when answered (mastery is per topic)
    chosen: str = Field(max_length=32)  # JSON list of the chosen options' indices
    is_right: bool
    kind: str = Field(default="quiz", max_length=8)  # quiz | review
    answered_at: datetime = Field(sa_column=_utc())


class ReviewCard(SQLModel, table=True):
    """A question in a person's Leitner boxes: `box` 0 comes back after the first interval, each
    right answer moves it one box up (longer interval), a wrong one back to box 0. `due_at` is
    when it is next asked (computed from the person's local day)."""

    __tablename__ = "review_card"
    __table_args__ = (UniqueConstraint("person_id", "question_id", name="uq_review_card_person_question"),
                      Index("ix_review_card_due", "due_at"))

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False))
    question_id: int = Field(sa_column=Column(Integer, ForeignKey("lesson_question.id", ondelete="CASCADE"),
                                              nullable=False, index=True))
    box: int = Field(default=0)
    due_at: datetime = Field(sa_column=_utc())
    last_answered_at: Optional[datetime] = Field(default=None, sa_column=_utc(nullable=True))


class TopicMastery(SQLModel, table=True):
    """A person's mastery of a topic, 0-100: a running average of their answers in which recent
    ones weigh more. Kept per answer so readings and digests need no replay of every answer."""

    __tablename__ = "topic_mastery"
    __table_args__ = (UniqueConstraint("person_id", "topic", name="uq_topic_mastery_person_topic"),)

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    person_id: int = Field(sa_column=_owner())
    topic: str = Field(max_length=40)
    score: float = Field(default=0.0)
    answers: int = Field(default=0)
    updated_at: datetime = Field(sa_column=_utc())
