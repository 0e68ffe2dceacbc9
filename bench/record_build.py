"""The record of accomplishment for clients with two years of history: how long
`handlers.accomplishment.build_record` takes and how many statements it runs.

    python bench/record_build.py                     # 20 clients, 104 weeks, SQLite in a temp file
    python bench/record_build.py --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/ft_bench_record

Each client gets, over 104 weeks: two daily metrics with a value for ~95 % of the days (~1,400
values), `--actions` actions with their events, `--insights` insights, and a fortnightly session
(52) with every other insight of the engagement linked to the session before it. The database
must be empty (a fresh temporary SQLite file unless --database-url is given).
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)


async def main(args: argparse.Namespace) -> None:
    from sqlalchemy import event

    from handlers.accomplishment import build_record
    from storage import CoachingSession, Store
    from storage.seed_history import History, analyze, seed_history

    url = args.database_url or f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/record.db"
    store = Store(url)
    await store.migrate()
    h = History(clients=args.clients, coaches=1, weeks=104, actions=args.actions, insights=args.insights,
                probe_coaches=())
    await seed_history(store, h, NOW)
    start = NOW - timedelta(weeks=104)
    async with store.unit() as u:
        for client in h.client_ids:
            rows = [CoachingSession(coach_id=1, client_id=client, starts_at=start + timedelta(weeks=2 * k),
                                    local_start="", timezone="UTC", every="2w", created_at=start)
                    for k in range(52)]
            u.session.add_all(rows)
            await u.session.flush()
            insights = sorted((await u.insights.all_for(client)), key=lambda i: i.created_at)
            for i in insights[::2]:
                held = [r for r in rows if r.starts_at <= i.created_at]
                if held:
                    i.session_id = held[-1].id  # as capture links an insight to the session it came from
                    u.session.add(i)
    await analyze(store)
    statements: list[str] = []
    event.listen(store.engine.sync_engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    took, sizes = [], []
    for client in h.client_ids:
        statements.clear()
        t0 = time.perf_counter()
        async with store.unit() as u:
            person = await u.people.get(client)
            assert person is not None
            record = await build_record(u, person, ZoneInfo(person.timezone or "UTC"), NOW, None)
        took.append((time.perf_counter() - t0) * 1000)
        sizes.append((len(record.held), len(record.insights), len(record.completed),
                      sum(len(m.points) for m in record.metrics), len(statements)))
    print(f"{store.backend}: {len(took)} clients, 104 weeks each")
    print(f"per client: sessions held, insights, completed, metric values, statements = {sizes[0]}")
    print(f"build_record: p50 {statistics.median(took):.1f} ms, max {max(took):.1f} ms")
    await store.close()


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--actions", type=int, default=400)
    p.add_argument("--insights", type=int, default=100)
    p.add_argument("--database-url", default="")
    asyncio.run(main(p.parse_args()))
