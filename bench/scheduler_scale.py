"""The scheduler at scale: 100,000 people, 1,000,000 open actions in SQLite, and a real nudge window.

    python bench/scheduler_scale.py                                   # full size (about 10-15 min here)
    python bench/scheduler_scale.py --people 10000 --actions 100000 --window 500 --window-minutes 2

1. Seed (this process): people in four zones (Europe/Berlin, America/New_York, Asia/Tokyo, UTC), open
   actions with deadlines spread uniformly over the next 30 days, as `/commit` leaves them (the
   scheduler is to look at each now). Bulk INSERTs through `storage.seed`.
2. A child process runs the scheduler as `followthrough run` would: the real `TelegramAdapter` (PTB
   limiter 30/s, per-chat buckets) and `Ticker` on the system clock, against the Bot API stand-in,
   which runs here in limits-enforcing mode. The child measures:
   * `plan(now + 1h)`, cold: the read-only walk while every action still asks to be looked at;
   * the first full `tick()`: re-plans all actions (and sends what the random deadlines owe);
   * `plan(now + 1h)` again, warm: the steady state;
   * peak RSS (VmHWM from /proc/self/status) after each step;
   * the window: `--window` actions get deadlines (as `/move` would) so that their nudges fall due
     within `--window-minutes` starting 30 s later, half of them on whole minutes ("5pm") and half
     spread out; half are check-ins (deadline in the window) and half 1 h reminders (deadline an hour
     later). Owners are people whose local time is daytime, so quiet hours do not move them. A
     `NudgeService` ticks every second until every one of them is in the ledger as sent.
   With `--recurring F` (e.g. 0.25), that fraction of the actions are the first occurrence of a weekly
   series (at the deadline's local wall time and weekday); of the window's actions the same fraction are
   occurrences whose series' time is moved into the window too, so the scheduler's series source makes
   their next occurrences while the nudges go out.
3. Lateness = ledger `sent_at - planned_at`. Part of it is queueing for the 30/s limit, which no
   scheduler can avoid when 400 nudges fall due in the same second: "beyond the limiter" is the
   lateness measured from the instant an ideal 30/s queue (fed every nudge of the run in planned
   order) would have let the nudge go. The stand-in counts the 429s it had to answer.
"""
from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC")
FIRST_CHAT = 100_000_000


def vm_hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


# -- 1. seeding --------------------------------------------------------------------------------------------

def is_recurring(action_id: int, fraction: float) -> bool:
    """Every 1/fraction-th action is the first occurrence of a series whose id is the action's id."""
    return fraction > 0 and action_id % max(1, round(1 / fraction)) == 0


def is_paused(pid: int, paused: float) -> bool:
    """Every k-th person is paused (`--paused 0.1`: one in ten), for two weeks from the seed."""
    return paused > 0 and pid % max(1, round(1 / paused)) == 0


async def seed(db: str, people: int, actions: int, rng: random.Random, fixes: bool,
               recurring: float = 0.0, paused: float = 0.0) -> dict[str, float]:
    from storage import Store
    from storage.seed import action_row, analyze, insert_actions, insert_people, insert_series, person_row, series_row

    store = Store(f"sqlite+aiosqlite:///{db}")
    await store.migrate()
    now = datetime.now(timezone.utc)
    per_person = actions // people
    t0 = time.perf_counter()
    away = now + timedelta(days=14)
    await insert_people(store, (person_row(i, str(FIRST_CHAT + i), ZONES[i % len(ZONES)], now,
                                           next_action_number=per_person + 1,
                                           paused_until=away if is_paused(i, paused) else None)
                                for i in range(1, people + 1)))
    t1 = time.perf_counter()
    span = 30 * 86400

    deadlines = [now + timedelta(seconds=rng.uniform(600, span)) for _ in range(people * per_person)]
    days = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

    def series_rows():
        for action_id, deadline in enumerate(deadlines, 1):
            if is_recurring(action_id, recurring):
                person, number = (action_id - 1) // per_person + 1, (action_id - 1) % per_person + 1
                local = deadline.astimezone(ZoneInfo(ZONES[person % len(ZONES)])).replace(tzinfo=None, microsecond=0)
                rule = f"DTSTART:{local:%Y%m%dT%H%M%S}\nRRULE:FREQ=WEEKLY;BYDAY={days[local.weekday()]}"
                yield series_row(action_id, person, number, f"Task {number}", rule, ZONES[person % len(ZONES)], now,
                                 local.isoformat(), deadline)

    def rows():
        action_id = 0
        for person in range(1, people + 1):
            for number in range(1, per_person + 1):
                action_id += 1
                deadline = deadlines[action_id - 1]
                # each asks to be looked at now, as after `/commit`; a few ms apart, as commits are
                look_at = now - timedelta(microseconds=rng.randrange(60_000_000))
                if is_recurring(action_id, recurring):
                    yield action_row(action_id, person, number, f"Task {number}", deadline, now, look_at,
                                     series_id=action_id, occurrence=1, nudges_until=deadline + timedelta(days=7))
                else:
                    yield action_row(action_id, person, number, f"Task {number}", deadline, now, look_at)

    series_count = await insert_series(store, series_rows())
    await insert_actions(store, rows())
    t2 = time.perf_counter()
    if fixes:
        await analyze(store)
    t3 = time.perf_counter()
    await store.close()
    return {"seed_people_s": t1 - t0, "seed_actions_s": t2 - t1, "analyze_s": t3 - t2, "actions": people * per_person,
            "series": series_count}


# -- 2. the child: scheduler, measured ---------------------------------------------------------------------

def daytime_people(people: int, at: datetime, rng: random.Random, count: int, paused: float = 0.0) -> list[int]:
    """Random person ids whose local time at `at` (and 10 minutes on) lies between 09:00 and 19:00,
    and who are not paused (a paused person's nudges are held, by design)."""
    ok = [z for z in range(len(ZONES))
          if all(9 <= (at + timedelta(minutes=m)).astimezone(ZoneInfo(ZONES[z])).hour < 19 for m in (0, 10, 70))]
    if not ok:
        raise SystemExit("no zone is in daytime now; cannot place the window")
    chosen: set[int] = set()
    while len(chosen) < count:
        pid = rng.randrange(1, people + 1)
        if (pid % len(ZONES)) in ok and not is_paused(pid, paused):
            chosen.add(pid)
    return sorted(chosen)


async def run_child(args: argparse.Namespace) -> dict:
    from bot.telegram import TelegramAdapter
    from handlers import Core, CoreConfig, SystemClock
    from scheduler import NudgeService, Ticker
    from storage import Store
    from storage.seed import move_deadlines, nudge_ledger, series_due_at, table_counts

    rng = random.Random(args.seed + 1)
    out: dict = {"rss_start_mb": vm_hwm_mb()}
    store = Store(f"sqlite+aiosqlite:///{args.db}")
    await store.migrate()
    clock = SystemClock()
    config = CoreConfig()
    adapter = TelegramAdapter(Core(store, clock, config), store, clock, args.token, args.base_url, poll_timeout=10)
    await adapter.start()
    ticker = Ticker(store, adapter.sender, clock, config)
    try:
        t = time.perf_counter()
        out["plan_cold"] = await ticker.plan(clock.now() + timedelta(hours=1))
        out["plan_cold_s"] = time.perf_counter() - t
        out["rss_after_plan_mb"] = vm_hwm_mb()
        print(f"  plan (cold) {out['plan_cold_s']:.1f}s", file=sys.stderr, flush=True)

        t = time.perf_counter()
        stats = await ticker.tick()
        out["tick_full_s"] = time.perf_counter() - t
        out["tick_full_looked_at"], out["tick_full_outcomes"] = stats.looked_at, stats.outcomes
        out["rss_after_tick_mb"] = vm_hwm_mb()
        print(f"  full tick {out['tick_full_s']:.1f}s", file=sys.stderr, flush=True)

        t = time.perf_counter()
        out["plan_warm"] = await ticker.plan(clock.now() + timedelta(hours=1))
        out["plan_warm_s"] = time.perf_counter() - t

        # the window
        armed_at = clock.now()
        start = armed_at + timedelta(seconds=30)
        owners = daytime_people(args.people, start, rng, args.window, args.paused)
        per_person = args.actions // args.people
        minutes = max(1, args.window_minutes)
        deadlines: dict[int, datetime] = {}
        for i, pid in enumerate(owners):
            if i % 2:   # on a whole minute, like "5pm"
                first_minute = start.replace(second=0, microsecond=0) + timedelta(minutes=1)
                due = first_minute + timedelta(minutes=rng.randrange(minutes))
            else:
                due = start + timedelta(seconds=rng.uniform(0, 60 * minutes))
            reminder = (i // 2) % 2 == 1
            action_id = (pid - 1) * per_person + rng.randrange(1, per_person + 1)
            deadlines[action_id] = due + timedelta(hours=1) if reminder else due
        await move_deadlines(store, deadlines, armed_at)
        # a recurring occurrence's series comes due with it: its next occurrence is made in the window
        await series_due_at(store, {a: d for a, d in deadlines.items() if is_recurring(a, args.recurring)})
        out["window_series"] = sum(1 for a in deadlines if is_recurring(a, args.recurring))
        out["actions_before_window"] = (await table_counts(store))["action"]
        window_end = start + timedelta(minutes=minutes + 1)
        out["window"] = {"nudges": len(deadlines), "from": start.isoformat(), "to": window_end.isoformat()}

        service = NudgeService(Ticker(store, adapter.sender, clock, config), interval_seconds=1.0)
        service.start()
        deadline = time.monotonic() + (window_end - clock.now()).total_seconds() + args.drain
        rows = []
        while time.monotonic() < deadline:
            await asyncio.sleep(5)
            rows = await nudge_ledger(store, armed_at)
            sent = {r[2] for r in rows if r[6] == "sent"}
            print(f"  window: {len(sent & deadlines.keys())}/{len(deadlines)} sent", file=sys.stderr, flush=True)
            if deadlines.keys() <= sent:
                break
        stopped = service.stop()
        if inspect.isawaitable(stopped):   # NudgeService.stop became a coroutine
            await stopped
        out["rss_end_mb"] = vm_hwm_mb()
        out["occurrences_made_in_window"] = (await table_counts(store))["action"] - out["actions_before_window"]
    finally:
        await adapter.stop()
        await store.close()

    # lateness
    sent_rows = [r for r in rows if r[6] == "sent" and r[5] is not None]
    queue: dict[tuple[int, str], float] = {}
    free_at = 0.0
    for r in sorted(sent_rows, key=lambda r: r[3]):   # an ideal 30/s queue, in planned order
        planned = r[3].timestamp()
        free_at = max(planned, free_at + 1 / 30)
        queue[(r[2], r[1])] = free_at
    armed = [r for r in sent_rows if r[2] in deadlines]
    late = [(r[5] - r[3]).total_seconds() for r in armed if r[5] is not None]
    beyond = [r[5].timestamp() - queue[(r[2], r[1])] for r in armed if r[5] is not None]
    out["lateness"] = {"sent": len(armed), "of": len(deadlines), "all_sent_in_run": len(sent_rows),
                       "p50_s": pct(late, .5), "p99_s": pct(late, .99), "max_s": max(late, default=float("nan")),
                       "beyond_p50_s": pct(beyond, .5), "beyond_p99_s": pct(beyond, .99),
                       "kinds": dict(Counter(r[1] for r in armed))} if armed else {"sent": 0}
    return out


# -- 3. the parent -------------------------------------------------------------------------------------------

async def main(args: argparse.Namespace) -> None:
    from tests.fakes import FakeTelegram

    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="ft-scale-") as workdir:
        db = args.db or os.path.join(workdir, "scale.db")
        print(f"seeding {args.people:,} people, {args.actions:,} actions into {db} ...", file=sys.stderr, flush=True)
        seeded = await seed(db, args.people, args.actions, rng, not args.no_analyze, args.recurring, args.paused)
        async with FakeTelegram(enforce_limits=True) as fake:
            cmd = [sys.executable, __file__, "--child", "--db", db, "--token", fake.token, "--base-url", fake.base_url,
                   "--people", str(args.people), "--actions", str(args.actions), "--window", str(args.window),
                   "--window-minutes", str(args.window_minutes), "--drain", str(args.drain), "--seed", str(args.seed),
                   "--recurring", str(args.recurring), "--paused", str(args.paused)]
            proc = await asyncio.create_subprocess_exec(*cmd, cwd=str(ROOT), stdout=asyncio.subprocess.PIPE)
            stdout, _ = await proc.communicate()
            if proc.returncode:
                raise SystemExit(f"the scheduler process failed ({proc.returncode})")
            res = json.loads(stdout.decode().strip().splitlines()[-1])
            res["http_429"] = fake.rate_limited
            res["messages"] = len(fake.calls_of("sendMessage")) - fake.rate_limited
        db_mb = os.path.getsize(db) / 2**20
    report(args, seeded, res, db_mb)


def report(args: argparse.Namespace, seeded: dict, r: dict, db_mb: float) -> None:
    late = r["lateness"]
    rows = [
        ("people / open actions", f"{args.people:,} / {seeded['actions']:,}", ""),
        ("seed: people, actions (bulk INSERT)", f"{seeded['seed_people_s']:.1f} s, {seeded['seed_actions_s']:.1f} s",
         f"db {db_mb:,.0f} MB; ANALYZE {seeded['analyze_s']:.1f} s"),
        ("plan(now+1h), cold: every action due for a look", f"{r['plan_cold_s']:.1f} s", json.dumps(r["plan_cold"])),
        ("peak RSS while planning (VmHWM)", f"{r['rss_after_plan_mb']:.0f} MB",
         f"at start {r['rss_start_mb']:.0f} MB; goal < 300 MB"),
        ("first full tick(): re-plans every action", f"{r['tick_full_s']:.1f} s",
         f"looked at {r['tick_full_looked_at']:,}; {json.dumps(r['tick_full_outcomes'])}"),
        ("peak RSS after the full tick", f"{r['rss_after_tick_mb']:.0f} MB", ""),
        ("plan(now+1h), warm (steady state)", f"{r['plan_warm_s']:.2f} s", json.dumps(r["plan_warm"])),
        ("window: nudges armed / sent", f"{r['window']['nudges']:,} / {late.get('sent', 0):,}",
         f"{args.window_minutes} min; {late.get('all_sent_in_run', 0):,} sent in all; {json.dumps(late.get('kinds'))}"),
        ("lateness p50 / p99 / max (sent_at - planned_at)",
         f"{late.get('p50_s', float('nan')):.2f} / {late.get('p99_s', float('nan')):.2f} / "
         f"{late.get('max_s', float('nan')):.2f} s", "includes queueing for 30/s"),
        ("lateness beyond the 30/s queue p50 / p99",
         f"{late.get('beyond_p50_s', float('nan')):.2f} / {late.get('beyond_p99_s', float('nan')):.2f} s",
         "goal p99 < 5 s"),
        ("429s answered by the stand-in", f"{r['http_429']}", "goal 0"),
        ("peak RSS at the end", f"{r['rss_end_mb']:.0f} MB", ""),
        ("repeating: series / in the window / next occurrences made",
         f"{seeded['series']:,} / {r['window_series']:,} / {r['occurrences_made_in_window']:,}",
         f"--recurring {args.recurring}"),
    ]
    mode = "as is" + (", no ANALYZE" if args.no_analyze else "")
    mode += f", {args.paused:.0%} of people paused" if args.paused else ""
    print(f"\nScheduler at scale (SQLite, stand-in enforcing 30/s overall and 1/s per chat; storage {mode})")
    width = max(len(a) for a, _, _ in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>22}  {note}")


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--people", type=int, default=100_000)
    p.add_argument("--actions", type=int, default=1_000_000)
    p.add_argument("--window", type=int, default=2_000, help="nudges placed in the window")
    p.add_argument("--window-minutes", type=int, default=3)
    p.add_argument("--drain", type=float, default=180, help="seconds allowed after the window to finish sending")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--recurring", type=float, default=0.0, help="fraction of actions that are weekly series (0.25)")
    p.add_argument("--paused", type=float, default=0.0, help="share of people paused (0.1: one in ten)")
    p.add_argument("--db", help="SQLite file to create (default: a temporary one)")
    p.add_argument("--no-analyze", action="store_true", help="skip ANALYZE after seeding")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--token", help=argparse.SUPPRESS)
    p.add_argument("--base-url", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child:
        import logging

        logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
        logging.getLogger("apscheduler").setLevel(logging.ERROR)  # "skipped: maximum number of running instances"
        print(json.dumps(asyncio.run(run_child(a)), default=str))
    else:
        asyncio.run(main(a))
