"""Draws a chart (`handlers/chart_model.py`): per metric, one bar per period, green when on
target and grey when below, the target as a dashed line and the trend through the bars; under
them, the completed actions on the same timeline, their labels placed so none overlaps. A PNG
(1000×600 px) for the digest photo, an SVG for the web pages: the same drawing.

Rendering costs ~0.1 s of CPU, so the bot never runs it on the event loop: `render_async`
draws in a worker process (matplotlib's object API, no pyplot global state).
"""
from __future__ import annotations

import asyncio
import io
import multiprocessing
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from handlers.chart_model import ChartData, Series

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

WIDTH, HEIGHT, DPI = 1000, 600, 100
ON_TARGET, BELOW, NO_TARGET, TARGET, DONE = "#2f855a", "#a0aec0", "#3182ce", "#c05621", "#276749"
LABEL_ROWS = 3  # rows of action labels under the bars
LABEL_SIZE, LABEL_GAP = 8, 6  # points; pixels between two labels in a row
OUTCOME_CHARS = 24  # what came of an action, as its label says it
GROUPINGS = (1, 7, 14, 28, 56, 112, 224, 448, 896, 100000)  # days per label group, finest first
WORKERS = max(1, min(4, os.cpu_count() or 1))  # drawing processes: one per core, up to four
_pool: ProcessPoolExecutor | None = None


def _plain(text: str) -> str:
    """Text as typed: a "$" never switches matplotlib to mathematics (nor fails to parse)."""
    return text.replace("$", r"\$")


def _x(d: date, hours: float = 0) -> float:
    """A day (plus hours) where matplotlib's date axis puts it."""
    from matplotlib.dates import date2num

    return float(date2num(datetime.combine(d, time()) + timedelta(hours=hours)))  # type: ignore[no-untyped-call]


def _bars(ax: Axes, s: Series, end: date) -> None:
    lefts = [_x(d) for d, _ in s.points]
    values = [v for _, v in s.points]
    colours = [NO_TARGET if s.target is None else ON_TARGET if s.on_target(v) else BELOW for v in values]
    width = 0.8 * s.period_days
    from matplotlib.collections import PolyCollection

    # One collection of rectangles: ax.bar's patch per period costs a millisecond each.
    ax.add_collection(PolyCollection([((x, 0), (x, v), (x + width, v), (x + width, 0)) for x, v in zip(lefts, values)],
                                     facecolors=colours, edgecolors="none", zorder=2), autolim=False)
    if len(lefts) >= 2:  # the trend through the bars' tops
        ax.plot([x + width / 2 for x in lefts], values, color="#2d3748", linewidth=1, alpha=0.6, zorder=3)
    if s.target is not None:
        ax.axhline(s.target, linestyle="--", color=TARGET, linewidth=1.2, zorder=4)
        hits = sum(1 for v in values if s.on_target(v))
        per = {1: "days", 7: "weeks", 30: "months"}[s.period_days]
        ax.set_title(_plain(f"{s.name}: target {s.target:g}, on target {hits} of {len(values)} {per}"),
                     fontsize=10, loc="left", y=1.0)
    else:
        ax.set_title(_plain(s.name), fontsize=10, loc="left", y=1.0)
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=s.whole))  # whole numbers for counts
    top = max(values + ([s.target] if s.target is not None else []))
    ax.set_ylim(0, top * 1.15 if top > 0 else 1)
    ax.grid(axis="y", alpha=0.3, zorder=0)


def _groups(done: tuple[tuple[date, int], ...], start: date, days: int,
            outcomes: Mapping[int, str] | None = None) -> list[tuple[date, str]]:
    """Completed actions grouped `days` at a time: (the group's middle day, its label). With
    `outcomes`, an action alone in its group says what came of it ("#4 → 2 intros booked")."""
    bins: dict[int, list[tuple[date, int]]] = {}
    for d, n in done:
        bins.setdefault((d - start).days // days, []).append((d, n))
    out = []
    for items in bins.values():
        first, last = items[0][0], items[-1][0]
        middle = first + (last - first) / 2
        label = " ".join(f"#{n}" for _, n in items) if len(items) <= 2 else f"{len(items)} done"
        if outcomes and len(items) == 1 and items[0][1] in outcomes:
            label += f" → {_short(outcomes[items[0][1]])}"
        out.append((middle, label))
    return out


def _short(text: str) -> str:
    """At most OUTCOME_CHARS, cut at a word where there is one."""
    if len(text) <= OUTCOME_CHARS:
        return text
    cut = text[:OUTCOME_CHARS - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip() + "…"


def _place_labels(fig: Figure, ax: Axes, done: tuple[tuple[date, int], ...], start: date,
                  outcomes: Mapping[int, str] | None = None) -> list[Text]:
    """Labels for the completed actions, in up to three rows, never overlapping and never past
    the chart's edges: actions are grouped by day, first with what came of each ("#4 → 2 intros
    booked") when that fits, and when a row has no room left, by ever longer spans ("#3 #4",
    "5 done"). Widths are measured with the font the text is drawn in,
    so the layout is worked out before any text exists."""
    from matplotlib.font_manager import FontProperties

    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg's: the figure's own metrics
    frame = ax.get_window_extent(renderer)
    prop = FontProperties(size=LABEL_SIZE)
    widths: dict[str, float] = {}
    layout: list[tuple[float, int, str]] = []
    tries = ([(GROUPINGS[0], outcomes)] if outcomes else []) + [(days, None) for days in GROUPINGS]
    for days, said in tries:
        right = [float("-inf")] * LABEL_ROWS  # where each row's last label ends, in pixels
        layout = []
        for middle, label in sorted(_groups(done, start, days, said)):
            if label not in widths:
                widths[label] = renderer.get_text_width_height_descent(_plain(label), prop, ismath=False)[0]
            w = widths[label]
            x = ax.transData.transform((_x(middle, 12), 0))[0]
            left = min(max(x - w / 2, frame.x0 + 1), frame.x1 - w - 1)
            row = next((r for r in range(LABEL_ROWS) if right[r] + LABEL_GAP <= left), None)
            if row is None:
                break
            right[row] = left + w
            layout.append((left, row, label))
        else:
            break
    to_data = ax.transData.inverted()
    return [ax.text(to_data.transform((left, 0))[0], 0.85 - row * 0.25, _plain(label), ha="left", va="center",
                    fontsize=LABEL_SIZE, color=DONE, gid="done-label")
            for left, row, label in layout]


def draw(data: ChartData) -> Figure:
    """The figure for `data` (tests look at its axes and labels; `render` saves it)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=0.06, right=0.98, top=0.9 if data.title else 0.95, bottom=0.07, hspace=0.45)
    rows = len(data.series) + (1 if data.done else 0)
    ratios = [3] * len(data.series) + ([1] if data.done else [])
    # One time axis for all, without sharex: only the bottom one computes date ticks (ticks are
    # most of a chart's drawing time).
    axes = fig.subplots(rows, 1, gridspec_kw={"height_ratios": ratios}, squeeze=False)[:, 0]
    for ax, s in zip(axes, data.series):
        _bars(ax, s, data.end)
    last = max([data.end] + [s.points[-1][0] + timedelta(days=s.period_days) for s in data.series])
    from matplotlib.ticker import NullLocator

    for ax in axes:
        ax.set_xlim(_x(data.start), _x(last, 24))
    for ax in axes[:-1]:
        ax.xaxis.set_major_locator(NullLocator())
    locator = AutoDateLocator(minticks=3, maxticks=8)  # type: ignore[no-untyped-call]  # unannotated
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    if data.done:
        timeline = axes[-1]
        timeline.scatter([_x(d, 12) for d, _ in data.done], [0.0] * len(data.done),
                         marker="^", color=DONE, s=30, zorder=3)
        timeline.set_ylim(-0.15, 1.0)
        timeline.set_yticks([])
        timeline.set_ylabel("done", fontsize=9)
        for side in ("top", "right", "left"):
            timeline.spines[side].set_visible(False)
        _place_labels(fig, timeline, data.done, data.start, dict(data.outcomes))
    if data.title:
        fig.suptitle(_plain(data.title))
    return fig


def render(data: ChartData, fmt: str = "png") -> bytes:
    """The chart as PNG (the digest's photo) or SVG bytes (runs in a worker process)."""
    from matplotlib import rc_context

    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "followthrough"}):
        fig = draw(data)
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=DPI)
    return buf.getvalue()


def render_svg(data: ChartData) -> str:
    """The chart as an `<svg>` element to inline in a page (no XML prologue); matplotlib escapes
    every text in it."""
    svg = render(data, "svg").decode()
    return svg[svg.index("<svg"):]


def _pool_of() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=WORKERS,
                                    mp_context=multiprocessing.get_context("spawn"))
    return _pool


async def render_async(data: ChartData, fmt: str = "png") -> bytes:
    """Render in the shared worker processes (one per core, up to 4; started on first use,
    spawned, not forked, so they inherit no event loop or database connection)."""
    return await asyncio.get_running_loop().run_in_executor(_pool_of(), render, data, fmt)


def _warm() -> None:
    """Draw a small chart: imports matplotlib and loads its fonts, the first draw's extra second."""
    day = date(2026, 1, 5)
    render(ChartData("", day, day + timedelta(days=2),
                     (Series("warm", 1.0, tuple((day + timedelta(days=i), 1.0) for i in range(3)), 1, True),),
                     ((day, 1),)), "svg")


async def warm_up() -> None:
    """Start a worker and draw once in it (~2 s of CPU: only one, to weigh little on a start), so
    the first page or digest after a start does not wait for matplotlib."""
    await asyncio.get_running_loop().run_in_executor(_pool_of(), _warm)


def shutdown() -> None:
    """Stop the worker processes (at bot shutdown)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
