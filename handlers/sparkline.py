"""Sparklines for metric histories in digests and the home view."""
from __future__ import annotations


def sparkline(values: list[float | None]) -> str:
    """▁▂▃▄▅▆▇█ for values, '·' for a period with no value."""
    bars = "▁▂▃▄▅▆▇█"
    known = [v for v in values if v is not None]
    if not known:
        return "·" * len(values)
    lo, hi = min(known), max(known)
    span = (hi - lo) or 1.0
    return "".join("·" if v is None else bars[min(7, int((v - lo) / span * 7.999))] if hi != lo else bars[3]
                   for v in values)
