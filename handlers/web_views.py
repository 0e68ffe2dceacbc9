"""What the read-only web pages show, as plain data: a coach's clients, one client's record, a
team's REKS reading. Built here from the same records the digests count (so a page and a
digest never disagree); the web door (bot/web/) only turns them into HTML.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from handlers.accomplishment import ActionOutcome, InsightChain, build_record
from handlers.chart import engagement_chart
from handlers.chart_model import ChartData
from handlers.client_list import by_attention
from handlers.formatting import when_with_year
from handlers.names import display
from handlers.record import records
from handlers.reks import Reading, read_team
from handlers.turn import CoreConfig
from handlers.weeks import rolling_week
from handlers.zones import zone
from storage import Action, ActionStatus, Person, Team, Unit

RATE_WINDOW = timedelta(days=28)  # the on-time rate on the coach's page: the last four weeks


@dataclass(frozen=True)
class ClientRow:
    person_id: int
    name: str
    url: str
    reasons: tuple[str, ...]  # why the coach should look, heaviest first; () when on track
    week: str  # "2 done on time, 1 missed" over the last 7 days
    on_time_rate: str  # "80% (4 of 5)" over the last four weeks, "–" with nothing due then
    open_count: int
    overdue: int
    last_active: str
    next_session: str | None = None


@dataclass(frozen=True)
class ClientsPage:
    coach: str
    as_of: str
    rows: tuple[ClientRow, ...]


@dataclass(frozen=True)
class ActionItem:
    number: int
    text: str
    when: str  # "done Fri 6 Mar", "due Fri 6 Mar, 17:00"
    mark: str  # on_time | late | missed | open | dropped


@dataclass(frozen=True)
class ChainView:
    """An insight and the actions made from it: insight → actions → outcomes."""

    text: str
    noted: str
    actions: tuple[ActionItem, ...]


@dataclass(frozen=True)
class SessionView:
    when: str
    chains: tuple[ChainView, ...]


@dataclass(frozen=True)
class MetricSummary:
    name: str
    kind: str
    target: str  # "20 per day", "" without a target
    first: str  # "12 on Mon 2 Mar 2026"
    latest: str
    on_target: bool | None


@dataclass(frozen=True)
class RecordPage:
    """The record of accomplishment (handlers/accomplishment.py) as the page shows it, in the
    client's zone."""

    name: str
    since: str | None  # None: no coach yet, so no engagement to count from
    as_of: str
    done_total: int  # done thanks to the coaching: completed since the engagement began
    done_on_time: int
    held: tuple[SessionView, ...]  # sessions held, oldest first, each with its chains
    next_session: str | None
    other_chains: tuple[ChainView, ...]  # insights of the engagement not from a session
    other_done: tuple[ActionItem, ...]  # completed actions not made from an insight
    open_actions: tuple[ActionItem, ...]
    metrics: tuple[MetricSummary, ...]
    chart: ChartData | None = None


@dataclass(frozen=True)
class TeamPage:
    team: str
    as_of: str
    readings: tuple[Reading, ...]
    actions: dict[str, str]  # rep -> "2 done on time, 1 missed"


def _day(dt: datetime, tz: tzinfo, now: datetime) -> str:
    local = dt.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b}" + (f" {local.year}" if local.year != now.astimezone(tz).year else "")


def _as_of(now: datetime, tz: tzinfo) -> str:
    local = now.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} ({local.tzname()})"


def action_item(a: ActionOutcome, tz: tzinfo, now: datetime) -> ActionItem:
    if a.status == ActionStatus.DONE and a.completed_at is not None:
        return ActionItem(a.number, a.text, f"done {_day(a.completed_at, tz, now)}", "on_time" if a.on_time else "late")
    if a.status == ActionStatus.DROPPED:
        return ActionItem(a.number, a.text, "dropped", "dropped")
    due = f"due {when_with_year(a.deadline, tz, now)}" if a.deadline else "no deadline yet"
    return ActionItem(a.number, a.text, due, "missed" if a.missed else "open")


def _rate(done: list[Action], late: list[Action], missed_: list[Action]) -> str:
    counted = len(done) + len(missed_)
    if not counted:
        return "–"
    on_time = len(done) - len(late)
    return f"{on_time / counted:.0%} ({on_time} of {counted})"


async def clients_page(u: Unit, coach: Person, config: CoreConfig, now: datetime,
                       url_of: dict[int, str]) -> ClientsPage:
    """The coach's clients, the one needing the most attention first, with the coach digest's
    reasons (the same 7-day records), the on-time rate of the last four weeks, last active."""
    tz = zone(coach.timezone, config.default_timezone)
    clients = list(await u.coaching.clients(coach.id))
    start, end = rolling_week(now)
    default = config.default_timezone
    week = await records(u, clients, start, end, now, lambda p: zone(p.timezone, default))
    month = await records(u, clients, now - RATE_WINDOW, end, now, lambda p: zone(p.timezone, default))
    sessions = await u.sessions.next_per_client(coach.id, now)
    rows = []
    for _, rec in by_attention([(i, week[c.id]) for i, c in enumerate(clients, 1) if c.id in week], now):
        pid, m = rec.person.id, month[rec.person.id]
        seen = rec.person.last_seen_at
        rows.append(ClientRow(pid, display(rec.person), url_of.get(pid, ""), tuple(rec.attention(now)),
                              rec.done_words(), _rate(m.completed, m.late, m.missed), rec.open_count, rec.overdue,
                              _day(seen, tz, now) if seen else "never",
                              when_with_year(sessions[pid].starts_at, tz, now) if pid in sessions else None))
    return ClientsPage(display(coach), _as_of(now, tz), tuple(rows))


def _chain(c: InsightChain, tz: tzinfo, now: datetime) -> ChainView:
    return ChainView(c.text, _day(c.created_at, tz, now), tuple(action_item(a, tz, now) for a in c.actions))


def _value(point: tuple[date, float] | None) -> str:
    return "–" if point is None else f"{point[1]:g} on {point[0]:%a} {point[0].day} {point[0]:%b %Y}"


async def record_page(u: Unit, client: Person, config: CoreConfig, now: datetime,
                      coach: Person | None = None) -> RecordPage:
    """The client's record (with `coach` only, when a coach is looking, as /record CLIENT), and
    the chart of every metric over the whole engagement with the completed actions on it."""
    tz = zone(client.timezone, config.default_timezone)
    rec = await build_record(u, client, tz, now, coach)
    chained = {a.id for c in rec.insights for a in c.actions}
    metrics = tuple(MetricSummary(m.name, m.kind, f"{m.target:g}{' per week' if m.cadence == 'weekly' else ' per day'}"
                                  if m.target is not None else "", _value(m.first), _value(m.latest), m.on_target)
                    for m in rec.metrics)
    marks = [(a.completed_at.astimezone(tz).date(), a.number) for a in rec.completed if a.completed_at]
    chart = engagement_chart(f"{display(client)}: the whole engagement", [(m, m.points) for m in rec.metrics],
                             marks, now.astimezone(tz).date())
    held = tuple(SessionView(when_with_year(s.starts_at, tz, now), tuple(_chain(c, tz, now) for c in s.insights))
                 for s in rec.held)
    return RecordPage(
        display(client), _day(rec.since, tz, now) if rec.since else None, _as_of(now, tz), rec.thanks_total,
        rec.on_time, held,
        when_with_year(rec.upcoming[0].starts_at, tz, now) if rec.upcoming else None,
        tuple(_chain(c, tz, now) for c in rec.other_insights),
        tuple(action_item(a, tz, now) for a in rec.completed if a.id not in chained),
        tuple(action_item(a, tz, now) for a in rec.open), metrics, chart)


async def team_page(u: Unit, team: Team, config: CoreConfig, now: datetime) -> TeamPage:
    """The manager's REKS reading, as the weekly DM makes it (team metrics, the week so far)."""
    members = list(await u.teams.members(team.id or 0))
    default = config.default_timezone
    start, end = rolling_week(now)
    recs = await records(u, members, start, end, now, lambda p: zone(p.timezone, default))
    by_name = {display(recs[m.id].person): recs[m.id] for m in members if m.id in recs}
    weeks = {name: [w for w in r.metrics if w.metric.team_id is not None] for name, r in by_name.items()}
    manager = await u.people.get(team.manager_id)
    tz = zone(manager.timezone if manager else None, default)
    return TeamPage(team.name, _as_of(now, tz), tuple(read_team(weeks)),
                    {name: r.done_words() for name, r in by_name.items()})
