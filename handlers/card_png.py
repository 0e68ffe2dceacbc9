"""The skills card as a PNG: a 4x4 grid, each square coloured by its latest observation
(green applied, red missed, grey not seen) with the skill's name and applied rate. Drawn from
plain data with matplotlib's object API (no pyplot state) in a worker thread, off the event loop."""
from __future__ import annotations

import asyncio
import io
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from handlers.skill_card import SIDE, Square

COLOURS = {True: "#c8ecc9", False: "#f6c9c6", None: "#eeeeee"}
DPI = 100


@dataclass(frozen=True)
class Cell:
    position: int
    name: str
    rate: str  # "3/4" or "–"
    latest: bool | None


def drawable(text: str) -> str:
    """The name without symbols the chart's font has no glyph for (emoji)."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "So" and ord(ch) < 0x10000).strip() or "…"


def cells(card: Sequence[Square]) -> list[Cell]:
    return [Cell(sq.skill.position, drawable(sq.skill.name), sq.rate, sq.latest) for sq in card]


def render(title: str, data: Sequence[Cell]) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    fig = Figure(figsize=(6.4, 6.8), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.02, 0.02, 0.96, 0.88))
    ax.set_xlim(0, SIDE)
    ax.set_ylim(0, SIDE)
    ax.axis("off")
    fig.suptitle(title[:70], fontsize=13)
    at = {c.position: c for c in data}
    for pos in range(SIDE * SIDE):
        row, col = divmod(pos, SIDE)
        c = at.get(pos)
        x, y = col, SIDE - 1 - row
        ax.add_patch(Rectangle((x + 0.04, y + 0.04), 0.92, 0.92, facecolor=COLOURS[c.latest if c else None],
                               edgecolor="#999999"))
        if c is None:
            continue
        ax.text(x + 0.5, y + 0.6, "\n".join(textwrap.wrap(c.name, 16)[:4]), ha="center", va="center", fontsize=7)
        ax.text(x + 0.5, y + 0.15, f"{pos + 1}: {c.rate}", ha="center", va="center", fontsize=8, weight="bold")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


async def render_async(title: str, card: Sequence[Square]) -> bytes:
    return await asyncio.to_thread(render, title, cells(card))
