"""The progress snapshot's chart: mastery per topic over time, one line per topic, 0-100.

Mastery is replayed from the person's newest answers (storage bounds them) with the same
running average `handlers/learning.py` keeps, taking each local day's closing value. Drawing
costs ~0.1 s of CPU, so, like the weekly chart, it runs in a spawned worker process (its own
pool, started on first use): the event loop never draws.
"""
from __future__ import annotations

import asyncio
import io
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from handlers.learning import mastery_after

WIDTH, HEIGHT, DPI = 800, 450, 100
MAX_TOPICS = 6
_pool: ProcessPoolExecutor | None = None


@dataclass(frozen=True)
class MasteryChart:
    topics: tuple[tuple[str, tuple[tuple[date, float], ...]], ...]  # topic, (day, mastery at day's end)


def chart_data(history: list[tuple[datetime, str, bool]], tz: tzinfo) -> MasteryChart | None:
    """Each topic's mastery at the end of every local day it was answered; None without answers."""
    state: dict[str, tuple[float, int]] = {}
    days: dict[str, dict[date, float]] = {}
    for at, topic, right in history:
        score, n = state.get(topic, (0.0, 0))
        score = mastery_after(score, n, right)
        state[topic] = (score, n + 1)
        days.setdefault(topic, {})[at.astimezone(tz).date()] = score
    if not days:
        return None
    busiest = sorted(days, key=lambda t: (-len(days[t]), t))[:MAX_TOPICS]
    return MasteryChart(tuple((t, tuple(sorted(days[t].items()))) for t in sorted(busiest)))


def render(data: MasteryChart) -> bytes:
    """Draw the chart as PNG bytes (runs in a worker process)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import DateFormatter, date2num
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    for topic, points in data.topics:
        days = date2num([d for d, _ in points])  # type: ignore[no-untyped-call]  # unannotated in matplotlib
        ax.plot(days, [v for _, v in points], marker="o", label=topic)
    ax.set_ylim(0, 100)
    ax.set_ylabel("mastery %")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    ax.xaxis.set_major_formatter(DateFormatter("%d %b"))  # type: ignore[no-untyped-call]  # unannotated
    fig.suptitle("Mastery by topic")
    fig.autofmt_xdate()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


async def render_async(data: MasteryChart) -> bytes:
    """Render in this module's worker process (spawned, not forked: no loop or connection inherited)."""
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1)),
                                    mp_context=multiprocessing.get_context("spawn"))
    return await asyncio.get_running_loop().run_in_executor(_pool, render, data)


def shutdown() -> None:
    """Stop the worker processes (at bot shutdown)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
