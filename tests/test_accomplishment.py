"""The record builder: a whole engagement as neutral data, in a fixed number of queries."""
from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import event

from handlers.accomplishment import build_record, record_for_viewer
from storage import ActionStatus, CoachingSession

from datetime import datetime, timezone

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)

BERLIN = ZoneInfo("Europe/Berlin")


async def _engagement(store, sessions: int = 2):
    async with store.unit() as u:
        coach, _ = await u.people.find_or_create("telegram", "c", "c", "Sam", T0 - timedelta(days=60))
        client, _ = await u.people.find_or_create("telegram", "a", "a", "Ann", T0 - timedelta(days=60))
        before, _ = await u.actions.add(client.id, 1, "Old habit", T0 - timedelta(days=50), T0 - timedelta(days=55)), 0
        before.status, before.completed_at = ActionStatus.DONE, T0 - timedelta(days=50)
        await u.actions.save(before)
        await u.coaching.link(coach.id, client.id, T0 - timedelta(days=40))
        number = 2
        for k in range(sessions):
            start = T0 - timedelta(days=28 - 14 * k)
            row = await u.sessions.save(CoachingSession(
                coach_id=coach.id, client_id=client.id, starts_at=start, local_start="", timezone="Europe/Berlin",
                created_at=start - timedelta(days=20)))
            insight = await u.insights.add(client.id, f"Insight {k}", start + timedelta(hours=2))
            insight.session_id = row.id
            await u.insights.save(insight)
            done = await u.actions.add(client.id, number, f"Act {k}", start + timedelta(days=3), start, insight.id)
            done.status, done.completed_at = ActionStatus.DONE, start + timedelta(days=2 if k == 0 else 6)
            await u.actions.save(done)
            number += 1
        await u.actions.add(client.id, number, "Open one", T0 + timedelta(days=2), T0)
        metric = await u.metrics.save(__import__("storage").Metric(person_id=client.id, name="calls", target=20,
                                                                     created_at=T0 - timedelta(days=40)))
        await u.metrics.record(metric, date(2026, 10, 20), 8, T0)
        await u.metrics.record(metric, date(2026, 11, 20), 22, T0)
        upcoming = await u.sessions.save(CoachingSession(
            coach_id=coach.id, client_id=client.id, starts_at=T0 + timedelta(days=3), local_start="",
            timezone="Europe/Berlin", created_at=T0))
        return coach, client, upcoming


async def test_the_record_chains_sessions_insights_actions_and_counts_what_got_done(store):
    coach, client, upcoming = await _engagement(store)
    async with store.unit() as u:
        record = await build_record(u, client, BERLIN, T0, coach)
    assert [s.held for s in record.sessions] == [True, True, False]
    assert [i.text for i in record.held[0].insights] == ["Insight 0"]
    assert [a.text for a in record.held[1].insights[0].actions] == ["Act 1"]
    assert [(a.text, a.on_time) for a in record.completed] == [("Act 0", True), ("Act 1", False)]
    assert record.thanks_total == 2 and record.on_time == 1  # "Old habit" came before the coaching
    assert [a.text for a in record.open] == ["Open one"]
    (calls,) = record.metrics
    assert calls.first == (date(2026, 10, 20), 8) and calls.latest == (date(2026, 11, 20), 22)
    assert calls.change == 14 and calls.on_target is True
    assert record.upcoming[0].id == upcoming.id


async def test_the_record_costs_the_same_queries_for_a_long_history(sqlite_only_store):
    coach, client, _ = await _engagement(sqlite_only_store, sessions=2)
    coach2, client2, _ = await _engagement_other(sqlite_only_store)
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)
    counts = []
    event.listen(sqlite_only_store.engine.sync_engine, "before_cursor_execute", count)
    for who, boss in ((client, coach), (client2, coach2)):
        statements.clear()
        async with sqlite_only_store.unit() as u:
            await build_record(u, who, BERLIN, T0, boss)
        counts.append(len(statements))
    event.remove(sqlite_only_store.engine.sync_engine, "before_cursor_execute", count)
    assert max(counts) <= 6  # twelve sessions cost what two do


async def _engagement_other(store):
    async with store.unit() as u:
        coach, _ = await u.people.find_or_create("telegram", "c2", "c2", "Kim", T0 - timedelta(days=60))
        client, _ = await u.people.find_or_create("telegram", "b", "b", "Bo", T0 - timedelta(days=60))
        await u.coaching.link(coach.id, client.id, T0 - timedelta(days=40))
        for k in range(12):
            start = T0 - timedelta(days=30 - 2 * k)
            row = await u.sessions.save(CoachingSession(coach_id=coach.id, client_id=client.id, starts_at=start,
                                                        local_start="", timezone="UTC", created_at=start))
            insight = await u.insights.add(client.id, f"I{k}", start)
            insight.session_id = row.id
            await u.insights.save(insight)
            await u.actions.add(client.id, k + 1, f"A{k}", start + timedelta(days=1), start, insight.id)
        return coach, client, None


async def test_a_viewer_sees_their_own_record_or_their_clients_and_nobody_elses(store):
    coach, client, _ = await _engagement(store)
    other, _, _ = await _engagement_other(store)
    async with store.unit() as u:
        own = await record_for_viewer(u, client, client.id, T0, "UTC")
        coached = await record_for_viewer(u, coach, client.id, T0, "UTC")
        assert own is not None and coached is not None and own.thanks_total == coached.thanks_total == 2
        assert await record_for_viewer(u, other, client.id, T0, "UTC") is None  # another coach
        assert await record_for_viewer(u, client, coach.id, T0, "UTC") is None  # a client is no coach
