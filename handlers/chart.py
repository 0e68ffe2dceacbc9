"""The weekly chart: metric trends with completed actions marked on the same timeline, so
the client sees the dots connect (actions done → numbers moving). A PNG, 1000×600 px."""
from __future__ import annotations

import io
from datetime import date, datetime, timedelta, tzinfo

from handlers.record import Record

WIDTH, HEIGHT, DPI = 1000, 600, 100


def chart_png(rec: Record, tz: tzinfo, end: date, days: int = 56) -> bytes | None:
    """Metric values over the last `days` with targets, completed actions as markers below.
    None when there is nothing to draw."""
    series = [m for m in rec.metrics if any(v is not None for v in m.history)]
    if not series and not rec.completed:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    start = end - timedelta(days=days - 1)
    rows = max(1, len(series[:3]))
    fig, axes = plt.subplots(rows + 1, 1, figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, sharex=True,
                             gridspec_kw={"height_ratios": [3] * rows + [1]})
    try:
        for ax, week in zip(axes[:-1], series[:3]):
            m = week.metric
            step = 7 if m.cadence == "weekly" else 1
            points = [(end - timedelta(days=step * i), v) for i, v in enumerate(reversed(week.history))]
            xs = [d for d, v in points if v is not None]
            ys = [v for d, v in points if v is not None]
            ax.plot(xs, ys, marker="o", color="#2b6cb0", label=m.name)
            if m.target is not None:
                ax.axhline(m.target, linestyle="--", color="#c05621", label=f"target {m.target:g}")
            ax.set_ylabel(m.name + (f" ({m.unit})" if m.unit else ""))
            ax.legend(loc="upper left", fontsize=8)
            ax.grid(alpha=0.3)
        if not series:
            axes[0].text(0.5, 0.5, "No metric values yet: /metric add NAME", ha="center", va="center",
                         transform=axes[0].transAxes)
        timeline = axes[-1]
        done = [(a.completed_at.astimezone(tz).date(), a.number) for a in rec.completed if a.completed_at]
        timeline.scatter([d for d, _ in done], [0] * len(done), marker="v", color="#2f855a", s=60)
        for d, n in done:
            timeline.annotate(f"#{n}", (d, 0), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7)
        timeline.set_yticks([])
        timeline.set_ylabel("done")
        timeline.set_xlim(datetime.combine(start, datetime.min.time()), datetime.combine(end, datetime.min.time())
                          + timedelta(days=1))
        fig.suptitle(f"{rec.person.name or 'Your'} trends, {start:%d %b} – {end:%d %b}")
        fig.autofmt_xdate()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=DPI)
        return buf.getvalue()
    finally:
        plt.close(fig)
