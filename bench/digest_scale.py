"""Weekly digests at scale: 10,000 clients of 50 coaches with 8 weeks of history (over 1,000,000 rows).

    python bench/digest_scale.py                                        # full size, SQLite (about 5-10 min here)
    python bench/digest_scale.py --clients 1000 --coaches 5 --charts 50 # quick
    python bench/digest_scale.py --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/ft_bench_digest

The database must be empty (SQLite: a fresh temporary file unless --db is given; `--reuse` measures an
already seeded one with the same --clients/--coaches/--weeks). Migrations run first (`Store.migrate()`),
then `storage.seed_history` bulk-loads the history (core INSERT executemany, 10k-row chunks). With a
fixed "now" (Monday 2 March 2026, 08:00 UTC) and the window [now - 7 days, now), it measures the real
code paths:

1. Client digests: for every client, `handlers.digest.client_record` (the database half) and
   `client_text` (the words), one unit of work (`store.unit()`) per coach's page of clients, as the
   tick does per page. Total time, per-digest p50/p99, and SQL statements per digest, counted with a
   `before_cursor_execute` listener on `store.engine.sync_engine`.
2. Coach digests: `handlers.digest.coach_digest` for every coach (200 clients each at full size), then
   the probe coaches with 1 and 10 clients against a 200-client one: the statement count must not grow.
3. Peak memory (VmHWM) of 1 and 2 only: the high-water mark is reset (/proc/self/clear_refs) after
   seeding; charts are measured afterwards and their peak reported separately.
4. Charts for a sample: `handlers.chart.chart_data` + `handlers.chart.render` in this process (ms per
   chart, projected for every non-empty client digest on one worker process), plus a few through
   `render_async` (the production path: a spawned worker, data pickled across).

Also prints where the statement time goes (the statements by total time) and the plans of the
slowest ones.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)  # a Monday, 08:00 UTC
assert NOW.weekday() == 0


def proc_status(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS (Linux >= 4.0)
        return True
    except OSError:
        return False


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


QUERIES = (  # (fingerprint in the SQL, the repository method that sends it), first match wins
    ("NOT (EXISTS", "reports.unlinked_insights"),
    ("FROM action WHERE action.insight_id = insight.id) AS", "reports.insights_between"),
    ("FROM action_event", "reports.changes_between"),
    ("sum(CASE", "reports.open_counts"),
    ("action.deadline IS NOT NULL", "reports.judged_since"),
    ("SELECT insight.id, insight.text", "reports.insight_texts"),
    ("action.completed_at >=", "reports.closed_between"),
    ("action.deadline >=", "reports.deadlines_between (x2)"),
    ("action.id IN", "reports.actions_by_ids"),
    ("GROUP BY action.person_id", "reports.done_totals"),
    ("FROM metric_value", "metrics.values_since"),
    ("FROM metric ", "metrics.active_for"),
    ("JOIN coach_link", "coaching.clients"),
    ("FROM person", "people.get"),
)


def label(sql: str) -> str:
    """The repository method behind a statement."""
    return next((name for mark, name in QUERIES if mark in sql), sql[:50])


async def seed_phase(store, h, args) -> dict:
    from storage.seed_history import analyze, seed_history, table_counts

    t0 = time.perf_counter()
    await store.migrate()
    t_mig = time.perf_counter() - t0
    counts = await table_counts(store)
    if counts["person"] and not args.reuse:
        raise SystemExit(f"the database already holds {counts['person']} people: give an empty one, or --reuse")
    took: dict[str, float] = {}
    if not args.reuse:
        t0 = time.perf_counter()
        took = await seed_history(store, h, NOW, chunk=args.chunk)
        took["total"] = time.perf_counter() - t0
    if store.backend == "postgresql" and not args.no_analyze:
        t0 = time.perf_counter()
        await analyze(store)
        took["analyze"] = time.perf_counter() - t0
    counts = await table_counts(store)
    return {"migrate": t_mig, "took": took, "counts": counts}


async def main(args) -> None:
    from handlers import chart as charts
    from handlers import digest
    from handlers.turn import CoreConfig
    from handlers.zones import zone
    from storage import Store
    from storage.seed_history import History, coach_ids, explain
    from storage.statements import StatementCounter

    h = History(clients=args.clients, coaches=args.coaches, weeks=args.weeks)
    tmp = None
    if args.database_url:
        url = args.database_url
    else:
        if args.db:
            path = Path(args.db)
        else:
            tmp = tempfile.TemporaryDirectory(prefix="ft-digest-")
            path = Path(tmp.name) / "bench.db"
        url = f"sqlite+aiosqlite:///{path}"
    store = Store(url)
    config = CoreConfig()
    start, end = NOW - timedelta(days=7), NOW
    print(f"backend: {store.backend}   now: {NOW:%a %Y-%m-%d %H:%M} UTC   window: [{start:%a %d %b %H:%M}, "
          f"{end:%a %d %b %H:%M})   history: {h.clients:,} clients, {h.coaches} coaches, {h.weeks} weeks", flush=True)

    # -- seed --------------------------------------------------------------------------------------------------
    seeded = await seed_phase(store, h, args)
    total_rows = sum(seeded["counts"].values())
    print(f"\nseeded in {seeded['took'].get('total', 0):.1f} s (migrations {seeded['migrate']:.1f} s): "
          + ", ".join(f"{k} {v:,}" for k, v in seeded["counts"].items()) + f"; {total_rows:,} rows", flush=True)
    for k, v in seeded["took"].items():
        print(f"   {k:<22} {v:7.1f} s")
    if store.backend == "sqlite" and args.db is None and tmp is not None:
        size = sum(p.stat().st_size for p in Path(tmp.name).iterdir())
        print(f"   database files: {size / 2**20:.0f} MB")

    counter = StatementCounter(store)
    rss0 = proc_status("VmRSS")
    peak_reset = reset_peak()

    # -- 1. client digests ---------------------------------------------------------------------------------------
    coaches = await coach_ids(store)
    probes = [c for c in coaches if c in set(h.probe_ids)]
    real = [c for c in coaches if c not in set(h.probe_ids)]
    per_digest: list[float] = []
    statements: Counter[int] = Counter()
    empty = chars = 0
    page_overhead = 0
    sample_ids: list[int] = []
    every = max(1, h.clients // max(1, args.charts))
    t_all = time.perf_counter()
    for cid in real:
        async with store.unit() as u:
            n0 = counter.n
            clients = list(await u.coaching.clients(cid))
            page_overhead += counter.n - n0
            for person in clients:
                tz = zone(person.timezone, config.default_timezone)
                n0, t0 = counter.n, time.perf_counter()
                rec = await digest.client_record(u, person, config, start, end, NOW)
                text = digest.client_text(rec, tz, start, end, NOW)
                per_digest.append(time.perf_counter() - t0)
                statements[counter.n - n0] += 1
                empty += rec.empty
                chars += len(text)
                if (person.id - h.first_client) % every == 0 and not rec.empty:
                    sample_ids.append(person.id)
    t_clients = time.perf_counter() - t_all
    n_clients = len(per_digest)
    client_stmts = dict(counter.by_sql)
    client_samples = dict(counter.sample)
    counter.reset_timings()
    print(f"\n1. client digests: {n_clients:,} in {t_clients:.1f} s", flush=True)

    # -- 1b. client digests batched, as the digest job does: one records() per page of people -------------------
    from handlers.record import records

    batch_stmts: list[int] = []
    t_all = time.perf_counter()
    n_batched = 0
    for cid in real:
        async with store.unit() as u:
            clients = list(await u.coaching.clients(cid))
            n0 = counter.n
            recs = await records(u, clients, start, end, NOW, lambda p: zone(p.timezone, config.default_timezone))
            batch_stmts.append(counter.n - n0)
            for person in clients:
                digest.client_text(recs[person.id], zone(person.timezone, config.default_timezone), start, end, NOW)
                n_batched += 1
    t_batched = time.perf_counter() - t_all
    counter.reset_timings()
    print(f"1b. batched client digests: {n_batched:,} in {t_batched:.1f} s", flush=True)

    # -- 2. coach digests ----------------------------------------------------------------------------------------
    coach_times: list[float] = []
    coach_stmts: Counter[int] = Counter()
    coach_clients: list[int] = []
    coach_chars = 0
    t_all = time.perf_counter()
    for cid in real:
        async with store.unit() as u:
            coach = await u.people.get(cid)
            assert coach is not None
            coach_clients.append(len(await u.coaching.clients(cid)))  # for the table; not counted below
            n0, t0 = counter.n, time.perf_counter()
            reply = await digest.coach_digest(u, coach, config, start, end, NOW)
            coach_times.append(time.perf_counter() - t0)
            coach_stmts[counter.n - n0] += 1
            coach_chars += len(reply.text)
    t_coaches = time.perf_counter() - t_all
    print(f"2. coach digests: {len(coach_times)} in {t_coaches:.1f} s", flush=True)

    async def probe(cid: int, repeat: int = 5) -> tuple[int, int, float]:
        times, stmts, n_clients = [], set(), 0
        for _ in range(repeat):
            async with store.unit() as u:
                coach = await u.people.get(cid)
                assert coach is not None
                n_clients = len(await u.coaching.clients(cid))
                n0, t0 = counter.n, time.perf_counter()
                await digest.coach_digest(u, coach, config, start, end, NOW)
                times.append(time.perf_counter() - t0)
                stmts.add(counter.n - n0)
        assert len(stmts) == 1, stmts
        return n_clients, stmts.pop(), statistics.median(times)

    probe_rows = [await probe(c) for c in probes + real[:1]]
    peak = proc_status("VmHWM")
    rss1 = proc_status("VmRSS")

    # -- 3. charts -----------------------------------------------------------------------------------------------
    chart_rows: list[tuple[str, float, float, int]] = []
    chart_peak = float("nan")
    if args.charts and sample_ids:
        chart_recs = []
        async with store.unit() as u:
            for pid in sample_ids[:args.charts]:
                sample = await u.people.get(pid)
                assert sample is not None
                chart_recs.append(await digest.client_record(u, sample, config, start, end, NOW))
        warm_up = charts.chart_data(chart_recs[0], zone(chart_recs[0].person.timezone), NOW.date())
        assert warm_up is not None, "the samples are clients with something to chart"
        charts.render(warm_up)  # imports matplotlib before the timings
        data_t, render_t, sizes, datas = [], [], [], []
        for rec in chart_recs:
            tz = zone(rec.person.timezone, config.default_timezone)
            t0 = time.perf_counter()
            data = charts.chart_data(rec, tz, (min(end, NOW) - timedelta(seconds=1)).astimezone(tz).date())
            t1 = time.perf_counter()
            if data is None:
                continue
            png = charts.render(data)
            t2 = time.perf_counter()
            data_t.append(t1 - t0)
            render_t.append(t2 - t1)
            sizes.append(len(png))
            datas.append(data)
        chart_rows.append(("chart_data + render, in process", pct(render_t, .5), pct(render_t, .99), len(render_t)))
        n_async = min(len(datas), args.async_charts)
        if n_async:
            await charts.render_async(datas[0])  # spawn the worker first
            async_t = []
            for data in datas[:n_async]:
                t0 = time.perf_counter()
                await charts.render_async(data)
                async_t.append(time.perf_counter() - t0)
            charts.shutdown()
            chart_rows.append(("render_async (worker process)", pct(async_t, .5), pct(async_t, .99), n_async))
        chart_peak = proc_status("VmHWM")
        chart_mean = statistics.mean(render_t) + statistics.mean(data_t)
        chart_async_mean = statistics.mean(async_t) if n_async else float("nan")

    # -- results -------------------------------------------------------------------------------------------------
    ms = 1000
    print("\n## Results\n")
    print(f"{'measure':<58} {'value':>16}")
    print("-" * 75)

    def row(name: str, value: str) -> None:
        print(f"{name:<58} {value:>16}")

    row("rows seeded (all tables)", f"{total_rows:,}")
    row("  of which metric_value", f"{seeded['counts']['metric_value']:,}")
    row("seeding time (incl. migrations)", f"{seeded['took'].get('total', 0) + seeded['migrate']:.1f} s")
    row(f"client digests (record + text), {n_clients:,}", f"{t_clients:.1f} s")
    row("  per digest p50 / p99", f"{pct(per_digest, .5) * ms:.2f} / {pct(per_digest, .99) * ms:.2f} ms")
    row("  per digest max", f"{max(per_digest) * ms:.1f} ms")
    row("  throughput", f"{n_clients / t_clients:,.0f} /s")
    row("  SQL statements per digest (count: digests)",
        ", ".join(f"{k}: {v:,}" for k, v in sorted(statements.items())))
    row("  + per page (one coach's client list)", f"{page_overhead // max(1, len(real))}")
    row("  empty weeks (no digest sent)", f"{empty:,}")
    row(f"client digests batched per page of {round(statistics.mean(coach_clients)) if coach_clients else 0} "
        f"(as the job does), {n_batched:,}", f"{t_batched:.1f} s")
    row("  SQL statements per page (any page size)", ", ".join(str(n) for n in sorted(set(batch_stmts))))
    row("  mean text length", f"{chars / max(1, n_clients):.0f} chars")
    row(f"coach digests, {len(coach_times)} x {round(statistics.mean(coach_clients)) if coach_clients else 0} clients",
        f"{t_coaches:.2f} s")
    row("  per coach digest p50 / max", f"{pct(coach_times, .5) * ms:.0f} / {max(coach_times) * ms:.0f} ms")
    row("  SQL statements per coach digest (count: digests)",
        ", ".join(f"{k}: {v}" for k, v in sorted(coach_stmts.items())))
    row("  mean text length", f"{coach_chars / max(1, len(coach_times)):,.0f} chars")
    for n, stmts, t in probe_rows:
        row(f"  coach with {n} client{'s' if n != 1 else ''}: statements, median time", f"{stmts}, {t * ms:.1f} ms")
    row("RSS after seeding (baseline)", f"{rss0:.0f} MB")
    row("peak RSS (VmHWM) during 1+2" + ("" if peak_reset else " (whole process)"), f"{peak:.0f} MB")
    row("RSS after 1+2", f"{rss1:.0f} MB")
    for name, p50, p99, n in chart_rows:
        row(f"chart: {name}, p50 / p99 (n={n})", f"{p50 * ms:.0f} / {p99 * ms:.0f} ms")
    if chart_rows:
        sent = n_clients - empty
        row(f"  projected, {sent:,} charts on one worker (in-process mean)", f"{sent * chart_mean / 60:.1f} min")
        if chart_async_mean == chart_async_mean:
            row("  projected, same, via render_async (mean)", f"{sent * chart_async_mean / 60:.1f} min")
        row("  PNG size, mean", f"{statistics.mean(sizes) / 1024:.0f} KiB")
        row("peak RSS (VmHWM) incl. charts (matplotlib)", f"{chart_peak:.0f} MB")

    print("\n## Where the statement time goes (client digests)\n")
    print(f"{'statement':<52} {'count':>8} {'total s':>8} {'mean ms':>8} {'max ms':>8}")
    ranked = sorted(client_stmts.items(), key=lambda kv: -sum(kv[1]))
    for sql, times in ranked:
        print(f"{label(sql)[:52]:<52} {len(times):>8,} {sum(times):>8.2f} {statistics.mean(times) * ms:>8.2f} "
              f"{max(times) * ms:>8.2f}")
    if args.explain:
        for sql, _ in ranked[:args.explain]:
            raw, params = client_samples[sql]
            print(f"\nplan of {label(sql)}:\n   " + " ".join(raw.split())[:400])
            for line in await explain(store, raw, params):
                print(f"   | {line}")

    await store.close()
    if tmp is not None:
        tmp.cleanup()


def parse() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", type=int, default=10_000)
    p.add_argument("--coaches", type=int, default=50)
    p.add_argument("--weeks", type=int, default=8)
    p.add_argument("--database-url", help="default: a temporary SQLite file; the database must be empty")
    p.add_argument("--db", help="SQLite file to use (kept afterwards; with --reuse, measure it again)")
    p.add_argument("--reuse", action="store_true", help="skip seeding: the database holds this history already")
    p.add_argument("--chunk", type=int, default=10_000, help="rows per executemany")
    p.add_argument("--charts", type=int, default=200, help="chart sample size (0: skip charts)")
    p.add_argument("--async-charts", type=int, default=20, help="of which also through render_async")
    p.add_argument("--explain", type=int, default=3, help="print the plans of the N slowest statements")
    p.add_argument("--no-analyze", action="store_true", help="PostgreSQL: skip ANALYZE after seeding")
    return p.parse_args()


if __name__ == "__main__":
    args = parse()
    if args.clients % args.coaches:
        raise SystemExit("--clients must be a multiple of --coaches")
    os.environ.setdefault("MPLBACKEND", "Agg")
    asyncio.run(main(args))
