"""The record of accomplishment: a whole coaching engagement as neutral, frozen data.

Sessions held with the insights each produced and the actions those became (insight →
action → outcome), actions completed with their on-time marks, each metric from its first
value to now against its target, the open actions, and the running "done thanks to the
coaching" total: actions completed since the engagement began. Built with a fixed number of
queries (six), whatever the length of the history, so a chat summary and a web page can
both afford it. Platform-neutral: `/record` renders it as text, the web pages as HTML.
Private session notes are never part of it (the client may see the record).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from handlers.ontime import done_on_time, missed
from handlers.zones import zone
from storage import Action, ActionStatus, CoachingSession, Insight, Metric, Person, Unit

CANCELLED = "cancelled"


@dataclass(frozen=True)
class ActionOutcome:
    """One action and how it ended (so far)."""

    id: int
    number: int
    text: str
    created_at: datetime
    deadline: datetime | None
    status: str  # open | done | dropped
    completed_at: datetime | None
    on_time: bool | None  # done: on time or late; None while open or dropped
    missed: bool  # still open after its grace ended
    moves: int
    insight_id: int | None
    assigned: bool  # a coach gave it (/assign)


@dataclass(frozen=True)
class InsightChain:
    """An insight and the actions it produced (none yet: a chain still waiting for its action)."""

    id: int
    text: str
    created_at: datetime
    session_id: int | None
    actions: tuple[ActionOutcome, ...]
    just_a_thought: bool = False  # kept on purpose without an action


@dataclass(frozen=True)
class SessionEntry:
    """A session held (started before now) or ahead, with the insights it produced."""

    id: int
    coach_id: int
    starts_at: datetime
    minutes: int
    every: str  # "" | "2w" | "monthly"
    held: bool
    insights: tuple[InsightChain, ...]


@dataclass(frozen=True)
class MetricProgress:
    """A metric from its first value to now, against its target; `points` are every value."""

    id: int
    name: str
    unit: str | None
    kind: str  # results | effort
    cadence: str
    target: float | None
    first: tuple[date, float] | None
    latest: tuple[date, float] | None
    points: tuple[tuple[date, float], ...]

    @property
    def change(self) -> float | None:
        if self.first is None or self.latest is None:
            return None
        return self.latest[1] - self.first[1]

    @property
    def on_target(self) -> bool | None:
        """The latest value at or above the target; None without a target or a value."""
        if self.target is None or self.latest is None:
            return None
        return self.latest[1] >= self.target


@dataclass(frozen=True)
class EngagementRecord:
    """Everything the record shows, for one client (with one coach, or all of theirs)."""

    client_id: int
    client_name: str
    timezone: str
    built_at: datetime
    since: datetime | None  # when the engagement began (first coach link or first session)
    sessions: tuple[SessionEntry, ...]  # held and ahead, oldest first; cancelled ones left out
    other_insights: tuple[InsightChain, ...]  # insights of the engagement not from a session
    completed: tuple[ActionOutcome, ...]  # done since the engagement began, oldest first
    open: tuple[ActionOutcome, ...]  # open now, soonest deadline first
    metrics: tuple[MetricProgress, ...]

    @property
    def held(self) -> tuple[SessionEntry, ...]:
        return tuple(s for s in self.sessions if s.held)

    @property
    def upcoming(self) -> tuple[SessionEntry, ...]:
        return tuple(s for s in self.sessions if not s.held)

    @property
    def thanks_total(self) -> int:
        """Done thanks to the coaching: actions completed since the engagement began."""
        return len(self.completed)

    @property
    def on_time(self) -> int:
        return sum(1 for a in self.completed if a.on_time)

    @property
    def insights(self) -> tuple[InsightChain, ...]:
        return tuple(i for s in self.sessions for i in s.insights) + self.other_insights


def outcome_of(action: Action, tz: tzinfo, now: datetime) -> ActionOutcome:
    assert action.id is not None
    return ActionOutcome(
        id=action.id, number=action.number, text=action.text, created_at=action.created_at,
        deadline=action.deadline, status=action.status, completed_at=action.completed_at,
        on_time=done_on_time(action, tz) if action.status == ActionStatus.DONE else None,
        missed=missed(action, tz, now), moves=action.moves, insight_id=action.insight_id,
        assigned=action.assigned_by_id is not None)


def _chain(insight: Insight, by_insight: dict[int, list[ActionOutcome]]) -> InsightChain:
    assert insight.id is not None
    return InsightChain(insight.id, insight.text, insight.created_at, insight.session_id,
                        tuple(by_insight.get(insight.id, ())), insight.just_a_thought)


def _metric(metric: Metric, values: dict[date, float]) -> MetricProgress:
    assert metric.id is not None
    points = tuple(sorted(values.items()))
    return MetricProgress(metric.id, metric.name, metric.unit, metric.kind, metric.cadence, metric.target,
                          points[0] if points else None, points[-1] if points else None, points)


async def build_record(u: Unit, client: Person, tz: tzinfo, now: datetime,
                       coach: Person | None = None) -> EngagementRecord:
    """The client's record (sessions with `coach` only, when given): six queries in all."""
    sessions: list[CoachingSession] = [s for s in await u.sessions.of_client(client.id, coach.id if coach else None)
                                       if s.status != CANCELLED]
    linked = await u.sessions.engagement_start(client.id, coach.id if coach else None)
    starts = [t for t in (linked, sessions[0].starts_at if sessions else None) if t is not None]
    since = min(starts) if starts else None
    insights = await u.insights.all_for(client.id)
    actions = [outcome_of(a, tz, now) for a in await u.actions.all_for(client.id)]
    metrics = await u.metrics.active(client.id)
    values = await u.metrics.values_since([client.id], date.min) if metrics else {}

    by_insight: dict[int, list[ActionOutcome]] = {}
    for a in actions:
        if a.insight_id is not None:
            by_insight.setdefault(a.insight_id, []).append(a)
    session_ids = {s.id for s in sessions}
    by_session: dict[int, list[InsightChain]] = {}
    others: list[InsightChain] = []
    for i in insights:
        if i.session_id in session_ids:
            by_session.setdefault(i.session_id, []).append(_chain(i, by_insight))
        elif since is not None and i.created_at >= since:
            others.append(_chain(i, by_insight))
    entries = tuple(SessionEntry(s.id, s.coach_id, s.starts_at, s.minutes, s.every, s.starts_at <= now,
                                 tuple(by_session.get(s.id, ()))) for s in sessions)
    completed = sorted((a for a in actions if a.status == ActionStatus.DONE and a.completed_at is not None
                        and since is not None and a.completed_at >= since), key=lambda a: a.completed_at or now)
    far = datetime.max.replace(tzinfo=now.tzinfo)
    open_ = sorted((a for a in actions if a.status == ActionStatus.OPEN), key=lambda a: (a.deadline or far, a.number))
    return EngagementRecord(
        client_id=client.id, client_name=client.name, timezone=str(tz), built_at=now, since=since,
        sessions=entries, other_insights=tuple(others), completed=tuple(completed), open=tuple(open_),
        metrics=tuple(_metric(m, values.get(m.id, {})) for m in metrics))


async def record_for_viewer(u: Unit, viewer: Person, client_id: int, now: datetime,
                            default_zone: str) -> EngagementRecord | None:
    """The record as `viewer` may see it: their own (with every coach), or that of a client of
    theirs (the sessions with them only); None for anyone else's. For doors such as web pages
    that are handed an id rather than a name from the viewer's own list."""
    if client_id == viewer.id:
        return await build_record(u, viewer, zone(viewer.timezone, default_zone), now)
    if not await u.coaching.is_client_of(viewer.id, client_id):
        return None
    client = await u.people.get(client_id)
    if client is None:
        return None
    return await build_record(u, client, zone(client.timezone, default_zone), now, viewer)
