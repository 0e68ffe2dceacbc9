"""Storage: the only room that builds SQL. Tables, the async engine, units of work,
repositories scoped to the person they serve, and Alembic migrations."""
from storage.actions import DONE, DROPPED, DUE, MOVED, OPEN
from storage.engine import is_sqlite, normalise_url
from storage.kinds import ACTION_KINDS, ActionStatus, NudgeKind, NudgeStatus, PendingKind
from storage.errors import is_unavailable
from storage.session_models import CoachingSession, SessionNote
from storage.models import (Action, ActionEvent, CoachInvite, CoachLink, Insight, Metric, MetricValue, Person, Series,
                            Team, TeamMember, TeamMetric)
from storage.ledger_models import InboxEntry, Notice, Nudge, Pending, ServerSecret
from storage.knowledge_models import Lesson, LessonQuestion, QuizAnswer, QuizAttempt, ReviewCard, TopicMastery
from storage.skills_models import DevelopmentGoal, GoalAction, Skill, SkillBingo, SkillObservation
from storage.store import Store, Unit

__all__ = ["Store", "Unit", "Person", "Series",
           "Insight", "Action", "Pending", "InboxEntry", "Nudge", "Notice", "Metric",
           "MetricValue", "Team", "TeamMetric", "ActionEvent", "CoachLink", "CoachInvite", "TeamMember",
           "OPEN", "DONE", "DROPPED", "DUE", "MOVED", "NudgeKind", "NudgeStatus", "ActionStatus", "PendingKind",
           "ACTION_KINDS", "ServerSecret", "Lesson", "LessonQuestion", "QuizAttempt", "QuizAnswer", "ReviewCard",
           "TopicMastery",
           "CoachingSession", "SessionNote", "Skill", "SkillObservation", "SkillBingo", "DevelopmentGoal", "GoalAction",
           "is_sqlite", "normalise_url", "is_unavailable"]
