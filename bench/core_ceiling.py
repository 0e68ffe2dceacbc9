"""The conversation alone: `handlers.Core.handle` on SQLite, one message after another, no Telegram.

    python bench/core_ceiling.py [--users 200] [--stock-sqlite]

`--stock-sqlite` measures aiosqlite's stock path (FAST_SQLITE=0) instead of the inline connection.

The adapter cannot go faster than this: it is the ceiling `bench/telegram_throughput.py` is measured
against (the core runs one unit of work at a time on SQLite).
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


async def main(users: int, fast_sqlite: bool = True) -> None:
    from handlers import Core, CoreConfig, Incoming, SystemClock
    from storage import Store

    with tempfile.TemporaryDirectory(prefix="ft-core-") as d:
        store = Store(f"sqlite+aiosqlite:///{d}/core.db", fast_sqlite=fast_sqlite)
        await store.migrate()
        core = Core(store, SystemClock(), CoreConfig())

        async def say(user: int, text: str, event: str) -> None:
            await core.handle(Incoming("telegram", str(user), str(user), text, event_id=event))

        for i in range(20):  # warm-up
            await say(900_000 + i, f"/commit warm {i} by Friday 5pm", f"w{i}")
        t0 = time.perf_counter()
        for i in range(users):
            await say(i, f"/commit Task {i} by Friday 5pm", f"c{i}")
        t1 = time.perf_counter()
        for i in range(users):
            await say(i, "/actions", f"a{i}")
        t2 = time.perf_counter()
        await store.close()
    print(f"\nCore alone, SQLite ({'inline' if fast_sqlite else 'stock aiosqlite'}), {users} users, sequential")
    print(f"{'message':<10}{'ms each':>10}")
    print(f"{'/commit':<10}{(t1 - t0) / users * 1000:>10.2f}")
    print(f"{'/actions':<10}{(t2 - t1) / users * 1000:>10.2f}")
    print(f"ceiling: {2 * users / (t2 - t0):.0f} messages/s")


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--users", type=int, default=200)
    p.add_argument("--stock-sqlite", action="store_true", help="aiosqlite's stock path (FAST_SQLITE=0)")
    args = p.parse_args()
    asyncio.run(main(args.users, fast_sqlite=not args.stock_sqlite))
