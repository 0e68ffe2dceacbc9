"""The weekly chart: metric trends with completed actions marked on the same timeline, so
the client sees the dots connect (actions done → numbers moving). A PNG, 1000×600 px.

Rendering costs ~0.1 s of CPU, so it never runs on the event loop: `chart_data` extracts
plain, picklable data, and `render_async` draws it in a worker process (matplotlib's
object API, no pyplot global state).
"""
from __future__ import annotations

import asyncio
import io
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from handlers.record import Record
from handlers.refs import CMD

WIDTH, HEIGHT, DPI = 1000, 600, 100
_pool: ProcessPoolExecutor | None = None


@dataclass(frozen=True)
class Series:
    name: str
    target: float | None
    points: tuple[tuple[date, float], ...]


@dataclass(frozen=True)
class ChartData:
    title: str
    start: date
    end: date
    series: tuple[Series, ...]
    done: tuple[tuple[date, int], ...]  # (day, action number)


def chart_data(rec: Record, tz: tzinfo, end: date, days: int = 56) -> ChartData | None:
    """What to draw: up to three metrics over the last `days`, and completed actions.
    None when there is nothing to draw."""
    series = []
    start = end - timedelta(days=days - 1)
    for week in rec.metrics:
        points = tuple((d, v) for d, v in week.points if start <= d <= end)
        if not points:
            continue
        label = week.metric.name + (f" ({week.metric.unit})" if week.metric.unit else "")
        series.append(Series(label, week.metric.target, points))
    done = tuple((a.completed_at.astimezone(tz).date(), a.number) for a in rec.completed if a.completed_at)
    if not series and not done:
        return None
    return ChartData(f"{rec.person.name or 'Your'} trends, {start:%d %b} – {end:%d %b}", start, end,
                     tuple(series[:3]), done)


def render(data: ChartData) -> bytes:
    """Draw the chart as PNG bytes (runs in a worker process)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    rows = max(1, len(data.series))
    axes = fig.subplots(rows + 1, 1, sharex=True, gridspec_kw={"height_ratios": [3] * rows + [1]})
    for ax, s in zip(axes[:-1], data.series):
        ax.plot([d for d, _ in s.points], [v for _, v in s.points], marker="o", color="#2b6cb0", label=s.name)
        if s.target is not None:
            ax.axhline(s.target, linestyle="--", color="#c05621", label=f"target {s.target:g}")
        for d, _ in data.done:  # completed actions on the same timeline: do numbers move after?
            ax.axvline(d, color="#2f855a", alpha=0.25, linewidth=1)
        ax.set_ylabel(s.name)
        ax.legend(loc="upper left", fontsize=8)
        ax.grid(alpha=0.3)
    if not data.series:
        axes[0].text(0.5, 0.5, f"No metric values yet: {CMD}metric add NAME", ha="center", va="center",
                     transform=axes[0].transAxes)
    timeline = axes[-1]
    timeline.scatter([d for d, _ in data.done], [0] * len(data.done), marker="v", color="#2f855a", s=60)
    for d, n in data.done:
        timeline.annotate(f"#{n}", (d, 0), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7)
    timeline.set_yticks([])
    timeline.set_ylabel("done")
    timeline.set_xlim(datetime.combine(data.start, datetime.min.time()),
                      datetime.combine(data.end, datetime.min.time()) + timedelta(days=1))
    from matplotlib.dates import DateFormatter

    timeline.xaxis.set_major_formatter(DateFormatter("%d %b"))  # type: ignore[no-untyped-call]  # unannotated in matplotlib
    for label in timeline.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")
    fig.suptitle(data.title)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


async def render_async(data: ChartData) -> bytes:
    """Render in the shared worker processes (one per core, up to 4; started on first use,
    spawned, not forked, so they inherit no event loop or database connection)."""
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1)),
                                    mp_context=multiprocessing.get_context("spawn"))
    return await asyncio.get_running_loop().run_in_executor(_pool, render, data)


def shutdown() -> None:
    """Stop the worker process (at bot shutdown)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
