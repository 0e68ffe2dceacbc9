"""A web page for a client with two years of history: how long it takes to serve.

    python bench/web_pages.py [--days 730] [--runs 20]

Seeds one client through the conversation (a coach, two daily metrics logged every day, an
insight every week with an action made from it, most done, some late, some open), then asks
the real web server (bot/web, aiohttp on 127.0.0.1) for the client's record page and the
coach's list, over HTTP, as a browser would:
- the record page the first time (the view read from the database, the chart drawn as SVG in
  the warmed worker process, the template) and again (the chart then comes from the cache);
- the coach's list.
Prints min / median / max milliseconds per request. Goal: under 300 ms for the record page.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


async def main(days: int, runs: int) -> None:
    import aiohttp

    from bot.web import WebServer
    from bot.web import render as web_render
    from handlers import Core, CoreConfig, Incoming, ManualClock, chart
    from handlers.web_pages import link, make_signer
    from storage import Store

    with tempfile.TemporaryDirectory(prefix="ft-web-") as d:
        store = Store(f"sqlite+aiosqlite:///{d}/web.db")
        await store.migrate()
        now = datetime.now(timezone.utc).replace(hour=9, minute=0, second=0, microsecond=0)
        clock = ManualClock(now - timedelta(days=days))
        signer = await make_signer(store, "bench-secret", clock.now())
        config = CoreConfig(default_timezone="Europe/Berlin", web=signer)
        core = Core(store, clock, config)
        events = iter(range(10**9))

        async def say(user: str, text: str) -> None:
            await core.handle(Incoming("telegram", user, user, text, event_id=str(next(events)), name=user))

        t0 = time.perf_counter()
        await say("coach", "/tz Berlin")
        await say("coach", "/coach")
        async with store.unit() as u:
            coach = await u.people.find("telegram", "coach")
            code = (await u.coaching.invite_of(coach.id)).code  # type: ignore[union-attr]
        await say("ada", "/tz Berlin")
        await say("ada", f"/join {code}")
        await say("ada", "/metric add calls daily target 20 effort")
        await say("ada", "/metric add deals weekly friday target 3 results")
        number = 0
        for day in range(days):
            await say("ada", f"/log calls {12 + (day * 7) % 15}")
            if day % 7 == 4:
                await say("ada", f"/log deals {day % 5}")
            if day % 7 == 0:
                await say("ada", f"Insight: lesson {day // 7} about listening before pitching")
                await say("ada", f"I'll try approach {day // 7} in 2 days")
                number += 1
            if day % 7 == 1 and day % 28 != 1:
                await say("ada", f"/done {number}")
            if day % 7 == 3 and day % 28 == 1:
                await say("ada", f"/done {number}")   # late
            clock.advance(timedelta(days=1))
        seeded = time.perf_counter() - t0
        async with store.unit() as u:
            ada = await u.people.find("telegram", "ada")
            coach = await u.people.get(coach.id)  # type: ignore[union-attr]
            values = len(await u.metrics.all_values(ada.id))  # type: ignore[union-attr]
            actions = len(await u.actions.all_for(ada.id))  # type: ignore[union-attr]
        assert ada is not None and coach is not None
        server = WebServer(store, clock, config, signer, "127.0.0.1", 0)
        signer.base_url = await server.start()
        await chart.warm_up()
        record_url = link(signer, coach, "client", ada.id, clock.now())
        clients_url = link(signer, coach, "clients", coach.id, clock.now())
        timings: dict[str, list[float]] = {"record page, chart drawn": [], "record page, chart cached": [],
                                           "coach's clients": []}
        async with aiohttp.ClientSession() as http:
            async def fetch(url: str) -> float:
                t = time.perf_counter()
                async with http.get(url) as resp:
                    body = await resp.text()
                    assert resp.status == 200 and ("<svg" in body or url == clients_url)
                return (time.perf_counter() - t) * 1000

            for _ in range(runs):
                web_render._charts.clear()
                timings["record page, chart drawn"].append(await fetch(record_url))
                timings["record page, chart cached"].append(await fetch(record_url))
                timings["coach's clients"].append(await fetch(clients_url))
        await server.stop()
        chart.shutdown()
        await store.close()
    print(f"seeded {days} days in {seeded:.1f} s: {values} metric values, {actions} actions")
    print(f"{'request':<28} {'min':>8} {'median':>8} {'max':>8}  (ms, {runs} runs)")
    for name, ts in timings.items():
        print(f"{name:<28} {min(ts):8.1f} {statistics.median(ts):8.1f} {max(ts):8.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.days, args.runs))
