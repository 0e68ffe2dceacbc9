"""Bulk loading of coaching history (coaches, clients, metrics and daily values, actions with
their events, insights) for digest benchmarks. The bot never uses this.

Like `storage.seed`, nothing here is scoped to a person: rows are generated in memory-light
streams and written with SQLAlchemy core `insert(...)` executemany in chunks (one transaction
per chunk), with explicit ids so that rows can point at each other without reading back. It
lives in `storage` because only storage builds SQL.

The shape of the history, per client, over `weeks` weeks that end at `now` (a digest instant):
* one coach (coaches `1..coaches`, clients after them), linked by `coach_link`;
* two daily metrics with targets, one results ("deals") and one effort ("calls"), with a value
  for ~95 % of the days (so ~2 x 7 x weeks values);
* `actions` actions whose deadlines spread from the start of the history to a week after
  `now`: done (some late), open (overdue when past), a few dropped; ~20 % moved once or twice;
  every one has `created` / `moved` / `done` / `dropped` rows in `action_event`;
* `insights` insights spread over the history, some linked to a later action, some kept as
  "just a thought";
* zones mixed, and some clients silent for more than a week (coach digests flag them).
"""
from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from itertools import islice
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlmodel import col

from storage.models import Action, ActionEvent, CoachLink, Insight, Metric, MetricValue, Person
from storage.store import Store

CHUNK = 10_000
ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/London", "Australia/Sydney")
VERBS = ("Call", "Email", "Send the proposal to", "Book a demo with", "Follow up with", "Prepare notes for",
         "Ask three questions before pitching to", "Review the contract of", "Write a case study on")
WHO = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka", "Tyrell", "Cyberdyne")
INSIGHTS = ("I talk more than I listen on sales calls", "I rush the close when the prospect hesitates",
            "Mornings are when I actually make calls", "I avoid asking for referrals",
            "Follow-ups work better by phone than by email", "I underprice when I feel nervous")
TABLES = (Person, CoachLink, Metric, MetricValue, Insight, Action, ActionEvent)


@dataclass(frozen=True)
class History:
    clients: int = 10_000
    coaches: int = 50
    weeks: int = 8
    actions: int = 10  # per client
    insights: int = 3  # per client
    seed: int = 7
    # Extra coaches (ids after the clients) linked to the first N clients, to compare the cost
    # of a small coach digest with a full one: (1, 10) adds a 1-client and a 10-client coach.
    probe_coaches: tuple[int, ...] = (1, 10)

    @property
    def first_client(self) -> int:
        return self.coaches + 1

    @property
    def client_ids(self) -> range:
        return range(self.first_client, self.first_client + self.clients)

    @property
    def probe_ids(self) -> list[int]:
        start = self.first_client + self.clients
        return list(range(start, start + len(self.probe_coaches)))


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


async def _insert(store: Store, model: Any, rows: Iterable[dict[str, Any]], chunk: int) -> int:
    count, stmt = 0, insert(model)
    for batch in _chunks(rows, chunk):
        async with store.engine.begin() as conn:
            await conn.execute(stmt, batch)
        count += len(batch)
    return count


def _person(pid: int, now: datetime, created: datetime, *, zone: str, name: str, coach: bool,
            last_seen: datetime | None, next_number: int = 1) -> dict[str, Any]:
    return {"id": pid, "platform": "telegram", "platform_user_id": str(900_000_000 + pid),
            "chat_id": str(900_000_000 + pid), "name": name, "timezone": zone, "next_action_number": next_number,
            "link_insight_id": None, "active": True, "created_at": created, "reminder_leads": None,
            "quiet_hours": None, "is_coach": coach, "digest_day": None, "digest_time": None,
            "next_digest_at": now, "last_seen_at": last_seen}


class _Gen:
    """Row streams for one `History`; deterministic for a given seed."""

    def __init__(self, h: History, now: datetime) -> None:
        self.h, self.now = h, now
        self.begin = now - timedelta(weeks=h.weeks)
        self.created = self.begin - timedelta(days=1)

    def _rng(self, salt: int, pid: int) -> random.Random:
        return random.Random(self.h.seed * 1_000_003 + salt * 7_919 + pid)

    def zone(self, pid: int) -> str:
        return ZONES[pid % len(ZONES)]

    def people(self) -> Iterator[dict[str, Any]]:
        h = self.h
        for c in range(1, h.coaches + 1):
            yield _person(c, self.now, self.created, zone=self.zone(c), name=f"Coach {c}", coach=True,
                          last_seen=self.now - timedelta(hours=3))
        for pid in h.client_ids:
            rng = self._rng(1, pid)
            # 15 % silent for over a week; the rest seen within the last few days.
            seen = self.now - (timedelta(days=rng.randint(8, 30)) if rng.random() < 0.15
                               else timedelta(hours=rng.randint(1, 120)))
            yield _person(pid, self.now, self.created, zone=self.zone(pid), name=f"Client {pid}", coach=False,
                          last_seen=seen, next_number=h.actions + 1)
        for i, pid in enumerate(h.probe_ids):
            yield _person(pid, self.now, self.created, zone="UTC", name=f"Probe coach {h.probe_coaches[i]}",
                          coach=True, last_seen=self.now)

    def links(self) -> Iterator[dict[str, Any]]:
        h, link = self.h, 0
        for i, pid in enumerate(h.client_ids):
            link += 1
            yield {"id": link, "coach_id": 1 + i % h.coaches, "client_id": pid,
                   "created_at": self.created + timedelta(seconds=i)}
        for n, coach in zip(h.probe_coaches, h.probe_ids):
            for i, pid in enumerate(list(h.client_ids)[:n]):
                link += 1
                yield {"id": link, "coach_id": coach, "client_id": pid,
                       "created_at": self.created + timedelta(seconds=i)}

    def metric_id(self, pid: int, k: int) -> int:
        return (pid - self.h.first_client) * 2 + k + 1

    def metrics(self) -> Iterator[dict[str, Any]]:
        for pid in self.h.client_ids:
            for k, (name, kind, target, unit) in enumerate((("deals", "results", 2.0, None),
                                                            ("calls", "effort", 20.0, "calls"))):
                yield {"id": self.metric_id(pid, k), "person_id": pid, "name": name, "cadence": "daily",
                       "weekday": 4, "at": "18:00", "target": target, "kind": kind, "unit": unit,
                       "created_at": self.created, "removed_at": None,
                       "next_check_at": self.now + timedelta(hours=10), "team_id": None}

    def values(self) -> Iterator[dict[str, Any]]:
        days = self.h.weeks * 7
        first = self.now.date() - timedelta(days=days)
        vid = 0
        for pid in self.h.client_ids:
            rng = self._rng(2, pid)
            diligence = rng.uniform(0.6, 1.3)  # about a third of clients end up below target
            for k, target in ((0, 2.0), (1, 20.0)):
                mid = self.metric_id(pid, k)
                for d in range(days):
                    if rng.random() < 0.05:
                        continue
                    period = first + timedelta(days=d)
                    value = max(0.0, round(rng.gauss(target * diligence, target * 0.3)))
                    vid += 1
                    yield {"id": vid, "metric_id": mid, "person_id": pid, "period": period, "value": value,
                           "recorded_at": datetime.combine(period, time(18, 30), tzinfo=timezone.utc)}

    def insight_id(self, pid: int, k: int) -> int:
        return (pid - self.h.first_client) * self.h.insights + k + 1

    def _insight_times(self, pid: int) -> list[datetime]:
        rng = self._rng(3, pid)
        span = (self.now - self.begin).total_seconds()
        return sorted(self.begin + timedelta(seconds=rng.uniform(0, span)) for _ in range(self.h.insights))

    def insights(self) -> Iterator[dict[str, Any]]:
        for pid in self.h.client_ids:
            rng = self._rng(4, pid)
            for k, at in enumerate(self._insight_times(pid)):
                yield {"id": self.insight_id(pid, k), "person_id": pid, "text": rng.choice(INSIGHTS),
                       "source": "command", "created_at": at, "next_check_at": None,
                       "just_a_thought": rng.random() < 0.1}

    def actions_and_events(self) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
        """(action row, its event rows) for every client, numbered 1..actions per client."""
        h, now = self.h, self.now
        span = (now + timedelta(days=7) - self.begin).total_seconds()
        aid = 0
        for pid in h.client_ids:
            rng = self._rng(5, pid)
            insight_times = self._insight_times(pid)
            linked: set[int] = set()
            deadlines = sorted(self.begin + timedelta(seconds=rng.uniform(3600, span)) for _ in range(h.actions))
            for number, deadline in enumerate(deadlines, start=1):
                aid += 1
                deadline = deadline.replace(minute=0, second=0, microsecond=0)
                moves = rng.choice((1, 1, 2)) if rng.random() < 0.2 else 0  # each move: two days later
                first = deadline - timedelta(days=2 * moves)
                created = max(self.begin - timedelta(hours=12), first - timedelta(days=rng.uniform(1, 10)))
                created = min(created, now - timedelta(minutes=5) - timedelta(hours=2 * moves))
                # An earlier, not yet linked insight becomes this action's source, half of the time.
                insight_id = None
                for k, at in enumerate(insight_times):
                    if at < created and k not in linked and rng.random() < 0.5:
                        linked.add(k)
                        insight_id = self.insight_id(pid, k)
                        break
                events = [{"person_id": pid, "action_id": aid, "kind": "created", "at": created, "deadline": first}]
                current, at = first, created
                for _ in range(moves):  # moved some hours before the deadline it had (never in the future)
                    at = min(now - timedelta(minutes=5), max(at + timedelta(hours=1),
                                                             current - timedelta(hours=rng.randint(2, 36))))
                    current += timedelta(days=2)
                    events.append({"person_id": pid, "action_id": aid, "kind": "moved", "at": at, "deadline": current})
                roll = rng.random()
                status, completed = "open", None
                if current < now:
                    if roll < 0.55:
                        status, completed = "done", current - timedelta(hours=rng.uniform(1, 30))
                    elif roll < 0.70:
                        status, completed = "done", current + timedelta(hours=rng.uniform(1, 40))  # late
                    elif roll < 0.75:
                        status = "dropped"
                elif roll < 0.2:
                    status, completed = "done", now - timedelta(hours=rng.uniform(1, 48))
                if completed is not None:
                    completed = max(completed, created + timedelta(minutes=30))
                    completed = min(completed, now - timedelta(minutes=1))
                    events.append({"person_id": pid, "action_id": aid, "kind": "done", "at": completed,
                                   "deadline": current})
                if status == "dropped":
                    events.append({"person_id": pid, "action_id": aid, "kind": "dropped",
                                   "at": min(now - timedelta(minutes=1), current + timedelta(hours=2)),
                                   "deadline": current})
                row = {"id": aid, "person_id": pid, "number": number,
                       "text": f"{rng.choice(VERBS)} {rng.choice(WHO)} #{rng.randint(1, 99)}",
                       "deadline": current, "status": status, "created_at": created, "completed_at": completed,
                       "insight_id": insight_id, "moves": moves,
                       "deadline_set_at": at,
                       "next_check_at": current if status == "open" and current > now else None,
                       "assigned_by_id": None}
                yield row, events


async def seed_history(store: Store, h: History, now: datetime, chunk: int = CHUNK) -> dict[str, float]:
    """Insert the history (into an empty, migrated database); returns seconds per table."""
    import time as _time

    g = _Gen(h, now)
    took: dict[str, float] = {}

    async def timed(name: str, model: Any, rows: Iterable[dict[str, Any]]) -> None:
        t0 = _time.perf_counter()
        await _insert(store, model, rows, chunk)
        took[name] = _time.perf_counter() - t0

    await timed("person", Person, g.people())
    await timed("coach_link", CoachLink, g.links())
    await timed("metric", Metric, g.metrics())
    await timed("metric_value", MetricValue, g.values())
    await timed("insight", Insight, g.insights())
    # Actions first, then their events (foreign key), streamed in client-sized batches.
    t0, event_id = _time.perf_counter(), 0
    actions: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for row, evs in g.actions_and_events():
        actions.append(row)
        for e in evs:
            event_id += 1
            events.append({"id": event_id, **e})
        if len(actions) >= chunk:
            await _insert(store, Action, actions, chunk)
            await _insert(store, ActionEvent, events, chunk)
            actions, events = [], []
    await _insert(store, Action, actions, chunk)
    await _insert(store, ActionEvent, events, chunk)
    took["action+action_event"] = _time.perf_counter() - t0
    if store.backend == "postgresql":
        t0 = _time.perf_counter()
        async with store.engine.begin() as conn:
            for model in TABLES:  # explicit ids: move the sequences past them
                name = model.__tablename__
                await conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                        f"(SELECT coalesce(max(id), 1) FROM {name}))"))
        took["setval"] = _time.perf_counter() - t0
    return took


async def analyze(store: Store) -> None:
    """Refresh planner statistics (PostgreSQL's autovacuum would, after a bulk load)."""
    async with store.engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("ANALYZE"))


async def table_counts(store: Store) -> dict[str, int]:
    out: dict[str, int] = {}
    async with store.engine.connect() as conn:
        for model in TABLES:
            out[model.__tablename__] = (await conn.execute(select(func.count()).select_from(model))).scalar_one()
    return out


async def coach_ids(store: Store) -> list[int]:
    """Every coach, in id order (the benchmark then reads each one's clients through `Coaching`)."""
    async with store.engine.connect() as conn:
        rows = await conn.execute(select(col(Person.id)).where(col(Person.is_coach).is_(True))
                                  .order_by(col(Person.id)))
        return [r[0] for r in rows]


async def explain(store: Store, sql: str, params: Any) -> list[str]:
    """The plan of one captured statement (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL)."""
    async with store.engine.connect() as conn:
        raw = await conn.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None, "a live connection has its driver's connection"
        if store.backend == "sqlite":
            cur = await driver.execute("EXPLAIN QUERY PLAN " + sql, params)
            return [str(r[-1]) for r in await cur.fetchall()]
        return [r[0] for r in await driver.fetch("EXPLAIN " + sql, *params)]
