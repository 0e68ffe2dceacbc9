"""Spaced review at scale: N people with 20 review questions each, falling due over a month.

    python bench/review_scale.py                       # 10,000 people (about 5 min here)
    python bench/review_scale.py --people 1000         # the same page cost with a tenth of the people

Seeds people in four zones (Europe/Berlin, America/New_York, Asia/Tokyo, UTC), one library lesson of
20 questions, and 20 review cards per person with due instants at 10:00 local on days spread over the
next 30 (as `handlers/timing/reviews.py` computes them), each person's `next_review_at` at their
earliest card. Then runs the real review source (`scheduler/sources/reviews.py`) in the real
`Ticker`, under a manual clock stepped hour by hour through the month (31 days, the EU and US
summer-time changes included when started in March), sending to a counting sender. Nobody answers,
so due questions pile up: the worst case for a sitting's read.

Reported: pages and their SQL statements (a `before_cursor_execute` listener, counted only while the
source's own steps run: due, owed, prepare, record), sittings sent, the most sent to one person in
one day, wall time, and peak RSS (VmHWM). By default messages are delivered without the ledger (its
claim and record are one INSERT and one UPDATE per message, as for every kind; `--ledger` puts them
back, at about 20 ms a message on this machine).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from handlers import Address, CoreConfig, ManualClock, Reply  # noqa: E402
from handlers.timing import review_at  # noqa: E402
from scheduler import Delivery, Ticker  # noqa: E402
from scheduler.delivery import Job  # noqa: E402
from scheduler.sources.base import Outcome  # noqa: E402
from scheduler.sources.reviews import ReviewSittings  # noqa: E402
from scheduler.stats import TickStats  # noqa: E402
from storage import Store  # noqa: E402
from storage.seed import analyze, insert_knowledge, insert_people, person_row  # noqa: E402

ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC")
CARDS = 20


def vm_hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class CountingSender:
    def __init__(self) -> None:
        self.sent = 0
        self.per_day: Counter[tuple[str, date]] = Counter()
        self.clock: ManualClock | None = None

    async def send(self, to: Address, reply: Reply) -> str:
        self.sent += 1
        assert self.clock is not None
        self.per_day[(to.chat_id, self.clock.now().date())] += 1
        return str(self.sent)


class Counted(ReviewSittings):
    """The real source, with the SQL of its own steps counted per page (a page starts at `due`)."""

    def __init__(self, config: CoreConfig, counter: dict[str, Any]) -> None:
        super().__init__(config)
        self.c = counter

    async def _counted(self, step, *args):  # type: ignore[no-untyped-def]
        self.c["on"], start = True, self.c["n"]
        try:
            return await step(*args)
        finally:
            self.c["pages"][-1][1] += self.c["n"] - start
            self.c["on"] = False

    async def due(self, u, now, limit):  # type: ignore[no-untyped-def]
        self.c["pages"].append([0, 0])
        rows = await self._counted(super().due, u, now, limit)
        self.c["pages"][-1][0] = len(rows)
        return rows

    async def owed(self, u, rows, now):  # type: ignore[no-untyped-def]
        return await self._counted(super().owed, u, rows, now)

    async def prepare(self, u, owed, now):  # type: ignore[no-untyped-def]
        return await self._counted(super().prepare, u, owed, now)

    async def record(self, u, results, now):  # type: ignore[no-untyped-def]
        return await self._counted(super().record, u, results, now)


class NoLedger(Delivery):
    """Sends without the ledger's claim and record (one INSERT and one UPDATE per message, the same for
    every kind and measured by scheduler_scale.py), so a month of 10,000 people runs in minutes."""

    async def deliver(self, job: Job) -> Outcome:
        await self.sender.send(job.to, job.reply)
        return Outcome.SENT


async def seed(store: Store, people: int, start: datetime, rng: random.Random) -> None:
    lessons = [{"id": 1, "key": "lib:bench", "number": 1, "owner_id": None, "title": "Bench lesson",
                "topic": "discovery", "minutes": 5, "link": None, "body": "b", "pass_mark": 80, "source": "import",
                "created_at": start, "updated_at": start}]
    questions = [{"id": q, "lesson_id": 1, "position": q - 1, "text": f"Question {q}?",
                  "options": json.dumps(["yes", "no", "maybe"]), "correct": "[0]", "explanation": "Because.",
                  "active": True} for q in range(1, CARDS + 1)]
    firsts: dict[int, datetime] = {}
    cards = []
    for pid in range(1, people + 1):
        tz = ZoneInfo(ZONES[pid % len(ZONES)])
        first = start.astimezone(tz).date()
        for q in range(1, CARDS + 1):
            due = review_at(first + timedelta(days=rng.randrange(1, 31)), tz)
            firsts[pid] = min(firsts.get(pid, due), due)
            cards.append({"id": (pid - 1) * CARDS + q, "person_id": pid, "question_id": q, "box": rng.randrange(4),
                          "due_at": due, "last_answered_at": start})
    await insert_people(store, ({**person_row(pid, str(10_000_000 + pid), ZONES[pid % len(ZONES)], start),
                                 "reviews_off": False, "next_review_at": firsts[pid]} for pid in range(1, people + 1)))
    await insert_knowledge(store, lessons, questions, cards)
    await analyze(store)


async def main(people: int, days: int, start: datetime, ledger: bool) -> None:
    path = Path(tempfile.mkdtemp()) / "reviews.db"
    store = Store(f"sqlite+aiosqlite:///{path}")
    await store.migrate()
    t0 = time.perf_counter()
    await seed(store, people, start, random.Random(7))
    seeded = time.perf_counter() - t0
    counter: dict[str, Any] = {"n": 0, "on": False, "page": 0, "rows": 0, "pages": []}

    from sqlalchemy import event

    @event.listens_for(store.engine.sync_engine, "before_cursor_execute")
    def count(*_: Any) -> None:
        if counter["on"]:
            counter["n"] += 1

    clock, sender = ManualClock(start), CountingSender()
    sender.clock = clock
    config = CoreConfig(default_timezone="UTC")

    async def no_sleep(_s: float) -> None:
        return None

    delivery = (Delivery if ledger else NoLedger)(store, sender, clock, sleep=no_sleep)
    ticker = Ticker(store, sender, clock, config, delivery=delivery)
    source = Counted(config, counter)
    stats = TickStats()
    t1 = time.perf_counter()
    for _ in range(days * 24):
        await ticker.run(source, clock.now(), stats)
        clock.advance(timedelta(hours=1))
    ran = time.perf_counter() - t1
    pages = counter["pages"]
    by_rows: dict[str, Counter[int]] = {"empty": Counter(), "1-499 people": Counter(), "500 (full)": Counter()}
    for rows, n in pages:
        by_rows["empty" if rows == 0 else "500 (full)" if rows >= 500 else "1-499 people"][n] += 1
    worst_day = max(sender.per_day.values(), default=0)
    print(f"people {people:,}, cards {people * CARDS:,}, days {days}, start {start:%a %d %b %Y %H:%M} UTC")
    print(f"seed {seeded:.1f} s; hourly ticks over {days} days {ran:.1f} s; sittings sent {sender.sent:,}; "
          f"most to one person in one day {worst_day}")
    print(f"delivery: {'claim, send, record (the ledger)' if ledger else 'send only (--ledger for the ledger)'}")
    print(f"pages {len(pages):,}; SQL statements per page of the source's steps, as {{statements: pages}}:")
    for label, counts in by_rows.items():
        print(f"  {label}: {dict(sorted(counts.items()))}")
    print(f"peak RSS {vm_hwm_mb():.0f} MB")
    await store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=31)
    parser.add_argument("--start", default="2027-03-01T00:00:00+00:00",
                        help="the first instant (default: 1 March 2027, a month with both summer-time changes)")
    parser.add_argument("--ledger", action="store_true", help="deliver through the real ledger (slower)")
    args = parser.parse_args()
    asyncio.run(main(args.people, args.days, datetime.fromisoformat(args.start).astimezone(timezone.utc),
                     args.ledger))
