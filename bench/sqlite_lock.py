"""What people see while another process holds the SQLite write lock (README, Durability).

The real Telegram adapter on a SQLite file, against the Bot API stand-in. Another connection takes
the write lock (BEGIN IMMEDIATE, as a second `followthrough chat` or a backup would) for
`--hold` seconds; meanwhile `--users` people write one message each, one a second. Reported: when
each was answered relative to the lock's release, how many answers came during the lock, and
whether any was lost, doubled or answered "not saved".

    python bench/sqlite_lock.py --hold 60
"""
from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


async def main(hold: float, users: int) -> None:
    from bot.telegram import TelegramAdapter
    from handlers import Core, CoreConfig, SystemClock
    from storage import Store
    from tests.fakes import FakeTelegram

    with tempfile.TemporaryDirectory() as tmp:
        db = f"{tmp}/lock.db"
        store = Store(f"sqlite+aiosqlite:///{db}")
        await store.migrate()
        clock = SystemClock()
        async with FakeTelegram() as fake:
            adapter = TelegramAdapter(Core(store, clock, CoreConfig()), store, clock, fake.token, fake.base_url,
                                      poll_timeout=1)
            await adapter.start()
            fake.user_text(1, "/start")
            await fake.wait_for_messages(1, 1, timeout=10)
            other = sqlite3.connect(db, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
            locked_at = time.monotonic()
            sent_at = {}
            for n in range(users):
                user = 100 + n
                fake.user_text(user, f"/commit Task {n} by Friday 5pm")
                sent_at[user] = time.monotonic()
                await asyncio.sleep(hold / users)
            await asyncio.sleep(max(0.0, hold - (time.monotonic() - locked_at)))
            other.execute("COMMIT")
            other.close()
            released = time.monotonic()
            for user in sent_at:
                await fake.wait_for_messages(user, 1, timeout=120)
            answered = {}
            for call in fake.calls_of("sendMessage"):
                user = int(call.params["chat_id"])
                if user in sent_at and user not in answered:
                    answered[user] = call
            texts = [t for user in sent_at for t in fake.texts_to(user)]
            done_at = time.monotonic()
            during = sum(1 for c in answered.values() if c.at < released)
            lag = sorted(c.at - released for c in answered.values())
            print(f"lock held {released - locked_at:.1f}s; {users} messages sent during it")
            print(f"answered: {len(answered)}/{users}; replies {len(texts)} "
                  f"(doubled: {len(texts) - len(answered)}); 'not saved': {sum('not saved' in t for t in texts)}")
            print(f"answered during the lock: {during}; after the release: first {lag[0]:.2f}s, "
                  f"last {lag[-1]:.2f}s (all seen by {done_at - released:.1f}s)")
            await adapter.stop()
        await store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--hold", type=float, default=60)
    parser.add_argument("--users", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.hold, args.users))
