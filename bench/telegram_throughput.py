"""Throughput of the Telegram adapter against a bare python-telegram-bot echo bot, on one Bot API stand-in.

    python bench/telegram_throughput.py                  # 200 users x (/commit + /actions), both bots, 3 rounds
    python bench/telegram_throughput.py --users 50 --bots project --rounds 1 --profile
    python bench/telegram_throughput.py --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/ft_bench

The stand-in (tests/fakes/telegram_api.py) runs in this process; each bot runs in a child process of
its own (so bot and stand-in each get a core of this 2-core machine):

* `project`: the real `TelegramAdapter` (own polling loop, inbox, `handlers.Core`, SQLite in WAL mode
  in a temporary directory);
* `echo`: a stock PTB `Application` with `Updater.start_polling` and one `MessageHandler` that
  echoes the text back (PTB defaults: updates handled one after another).

Both run WITHOUT rate limiting (the stand-in does not enforce limits, the project's adapter gets a
PTB limiter with every limit off and no per-chat buckets), so the comparison is of processing alone.
Each simulated user sends `/commit Task N by Friday 5pm`, waits for the reply, then sends `/actions`
and waits again; all users start together after a warm-up. Latency: update queued in the stand-in ->
reply recorded by the stand-in (same clock). Throughput: replies / (last reply - first update queued).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


# -- the bots (child processes) ------------------------------------------------------------------------

async def serve_project(token: str, base_url: str, db: str, stop: asyncio.Event) -> None:
    from telegram.ext import AIORateLimiter

    from bot.telegram import TelegramAdapter
    from bot.telegram.limits import NO_CHAT_LIMITS
    from handlers import Core, CoreConfig, SystemClock
    from storage import Store

    store = Store(db if "://" in db else f"sqlite+aiosqlite:///{db}")
    await store.migrate()
    clock = SystemClock()
    no_limits = AIORateLimiter(overall_max_rate=0, group_max_rate=0)
    adapter = TelegramAdapter(Core(store, clock, CoreConfig()), store, clock, token, base_url, poll_timeout=10,
                              rate_limiter=no_limits, chat_limits=NO_CHAT_LIMITS)
    await adapter.start()
    await stop.wait()
    await adapter.stop()
    await store.close()


async def serve_echo(token: str, base_url: str, _db: str, stop: asyncio.Event) -> None:
    from telegram import Update
    from telegram.ext import Application, ContextTypes, MessageHandler, filters

    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        await update.message.reply_text(update.message.text)

    app = Application.builder().token(token).base_url(base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.updater.start_polling(timeout=10)  # type: ignore[union-attr]
        await app.start()
        await stop.wait()
        await app.updater.stop()  # type: ignore[union-attr]
        await app.stop()


def child(kind: str, token: str, base_url: str, db: str, profile: str | None) -> None:
    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        await {"project": serve_project, "echo": serve_echo}[kind](token, base_url, db, stop)

    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005, async_mode="disabled")
        profiler.start()
        asyncio.run(main())
        profiler.stop()
        Path(profile).write_text(profiler.output_text(unicode=True, color=False, show_all=False))
    else:
        asyncio.run(main())


# -- the load (this process) ---------------------------------------------------------------------------

class Inboxes:
    """Futures resolved by the stand-in when the bot sends a message to a chat."""

    def __init__(self) -> None:
        self.waiting: dict[str, asyncio.Future[float]] = {}

    def on_message(self, chat_id: str, _msg: dict) -> None:
        fut = self.waiting.pop(chat_id, None)
        if fut is not None and not fut.done():
            fut.set_result(time.perf_counter())

    def next_reply(self, chat_id: int) -> asyncio.Future[float]:
        fut = asyncio.get_running_loop().create_future()
        self.waiting[str(chat_id)] = fut
        return fut


async def one_user(fake, inboxes: Inboxes, user: int, n: int, latencies: list[float], replies: list[float]) -> None:
    for text in (f"/commit Task {n} by Friday 5pm", "/actions"):
        reply = inboxes.next_reply(user)
        queued = time.perf_counter()
        fake.user_text(user, text, first_name=f"User{n}")
        at = await asyncio.wait_for(reply, 120)
        latencies.append(at - queued)
        replies.append(at)


async def run_bot(fake, kind: str, users: int, base: int, workdir: str, profile: bool,
                  database_url: str | None = None) -> dict[str, Any]:
    inboxes = Inboxes()
    fake.on_message = inboxes.on_message
    prof = os.path.join(workdir, f"profile-{kind}.txt") if profile else ""
    args = [sys.executable, __file__, "--serve", kind, "--token", fake.token, "--base-url", fake.base_url,
            "--db", database_url or os.path.join(workdir, f"{kind}-{base}.db"),
            *(["--profile-to", prof] if prof else [])]
    proc = await asyncio.create_subprocess_exec(*args, cwd=str(ROOT))
    try:
        warm: list[float] = []
        await asyncio.gather(*(one_user(fake, inboxes, base + 900_000 + i, i, warm, []) for i in range(20)))
        latencies: list[float] = []
        replies: list[float] = []
        start = time.perf_counter()
        await asyncio.gather(*(one_user(fake, inboxes, base + i, i, latencies, replies) for i in range(users)))
        elapsed = max(replies) - start
    finally:
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 30)
    latencies.sort()
    return {"messages": len(latencies), "seconds": elapsed, "per_second": len(latencies) / elapsed,
            "p50_ms": 1000 * statistics.median(latencies),
            "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
            "profile": prof}


async def main(users: int, bots: list[str], profile: bool, rounds: int, database_url: str | None) -> None:
    from tests.fakes import FakeTelegram

    runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in bots}
    with tempfile.TemporaryDirectory(prefix="ft-bench-") as workdir:
        async with FakeTelegram() as fake:
            for r in range(rounds):   # the bots alternate, so a slow minute of the machine hits both
                for i, kind in enumerate(bots):
                    base = 10_000_000 * (1 + i + len(bots) * r)
                    result = await run_bot(fake, kind, users, base, workdir, profile and r == 0, database_url)
                    if result["profile"]:
                        keep = ROOT / "bench" / f"profile-{kind}.txt"
                        keep.write_text(Path(result["profile"]).read_text())
                        result["profile"] = str(keep.relative_to(ROOT))
                    runs[kind].append(result)
    print(f"\nTelegram throughput: {users} users x (/commit + /actions), no rate limiting, stand-in on 127.0.0.1, "
          f"{rounds} round(s), project on {'SQLite' if not database_url else database_url.split(':')[0]}")
    print(f"{'bot':<10}{'round':>6}{'replies':>9}{'seconds':>10}{'msgs/s':>10}{'p50 ms':>10}{'p99 ms':>10}")
    for kind, results in runs.items():
        for r, res in enumerate(results, 1):
            print(f"{kind:<10}{r:>6}{res['messages']:>9.0f}{res['seconds']:>10.2f}{res['per_second']:>10.1f}"
                  f"{res['p50_ms']:>10.1f}{res['p99_ms']:>10.1f}")
    if "echo" in runs and "project" in runs:
        ratios = [p["per_second"] / e["per_second"] for p, e in zip(runs["project"], runs["echo"])]
        med = {k: statistics.median(x["per_second"] for x in v) for k, v in runs.items()}
        print(f"median msgs/s: echo {med['echo']:.0f}, project {med['project']:.0f}")
        print(f"project / echo throughput per round: {', '.join(f'{x:.0%}' for x in ratios)}; "
              f"median {statistics.median(ratios):.0%} (goal >= 50%)")
    for kind, results in runs.items():
        if results and results[0].get("profile"):
            print(f"profile of {kind}: {results[0]['profile']}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--bots", default="echo,project", help="comma-separated: echo, project")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each bot, alternating (default 3)")
    parser.add_argument("--database-url", help="the project's database instead of a fresh SQLite file per round, "
                                               "e.g. a scratch PostgreSQL database (rows are left there)")
    parser.add_argument("--profile", action="store_true",
                        help="profile the bots' first round (pyinstrument) into bench/")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", help=argparse.SUPPRESS)
    a = parser.parse_args()
    if a.serve:
        child(a.serve, a.token, a.base_url, a.db, a.profile_to)
    else:
        asyncio.run(main(a.users, [b.strip() for b in a.bots.split(",") if b.strip()], a.profile, max(1, a.rounds),
                         a.database_url))
