"""The skills card of one person, worked out from the card's skills and the observations of the
last four weeks. Pure: rows in, squares, bingo lines and text out (the PNG is card_png.py).

A square shows the latest observation by a manager or coach (✅ applied, ❌ missed, · not seen);
its numbers are the applied rate over the window (observed N, applied M). What the person said
themselves ("used it") is counted apart and never fills a square. A bingo is a full row, column
or diagonal of the 4x4 card whose four skills were all applied in their latest observation.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from storage import Skill, SkillObservation

WINDOW = timedelta(days=28)
SIDE = 4
APPLIED, MISSED, UNSEEN = "✅", "❌", "·"


@dataclass(frozen=True)
class Square:
    skill: Skill
    observed: int  # by a manager or coach in the window
    applied: int
    latest: bool | None  # the latest observation: applied, missed, or None (not seen)
    said: int  # times the person said they used it

    @property
    def mark(self) -> str:
        return UNSEEN if self.latest is None else (APPLIED if self.latest else MISSED)

    @property
    def rate(self) -> str:
        return f"{self.applied}/{self.observed}" if self.observed else "–"


def squares(skills: Sequence[Skill], observations: Sequence[SkillObservation]) -> list[Square]:
    """One square per skill, observations taken oldest first (as storage returns them)."""
    out = []
    for s in skills:
        seen = [o for o in observations if o.skill_id == s.id and not o.self_report]
        said = sum(1 for o in observations if o.skill_id == s.id and o.self_report and o.applied)
        out.append(Square(s, len(seen), sum(1 for o in seen if o.applied), seen[-1].applied if seen else None, said))
    return out


def _lines() -> list[tuple[str, tuple[int, ...]]]:
    rows = [(f"row {r + 1}", tuple(r * SIDE + c for c in range(SIDE))) for r in range(SIDE)]
    cols = [(f"column {c + 1}", tuple(r * SIDE + c for r in range(SIDE))) for c in range(SIDE)]
    diagonals = [("diagonal", tuple(i * SIDE + i for i in range(SIDE))),
                 ("other diagonal", tuple(i * SIDE + SIDE - 1 - i for i in range(SIDE)))]
    return rows + cols + diagonals


LINES = _lines()


def bingo_lines(card: Sequence[Square]) -> list[tuple[str, str, list[Square]]]:
    """(label, key, squares) of every full line applied in its latest observation; the key names
    the line's skills, so the same four skills make the same bingo."""
    at = {sq.skill.position: sq for sq in card}
    out = []
    for label, positions in LINES:
        line = [at[p] for p in positions if p in at]
        if len(line) == SIDE and all(sq.latest for sq in line):
            out.append((label, ",".join(str(sq.skill.id) for sq in line), line))
    return out


def grid(card: Sequence[Square]) -> list[str]:
    """The 4x4 marks, a dot for an empty square too."""
    at = {sq.skill.position: sq.mark for sq in card}
    return [" ".join(at.get(r * SIDE + c, UNSEEN) for c in range(SIDE)) for r in range(SIDE)]


def square_line(sq: Square, topics: dict[str, float]) -> str:
    """'3 ✅ Asks three discovery questions: applied 3 of 4 (discovery 92%) · said used it 2×'."""
    seen = f"applied {sq.applied} of {sq.observed}" if sq.observed else "not observed yet"
    topic = sq.skill.topic
    known = f" ({topic} {topics[topic]:.0f}%)" if topic and topic in topics else (f" ({topic})" if topic else "")
    said = f" · said used it {sq.said}×" if sq.said else ""
    return f"{sq.skill.position + 1:>2} {sq.mark} {sq.skill.name}: {seen}{known}{said}"


def card_text(title: str, card: Sequence[Square], topics: dict[str, float]) -> str:
    """The card as text: the grid, then each square with its numbers (last 4 weeks)."""
    if not card:
        return f"🎯 {title}: no skills on this card yet."
    observed, applied = sum(sq.observed for sq in card), sum(sq.applied for sq in card)
    share = f" ({applied / observed:.0%})" if observed else ""
    lines = [f"🎯 {title}, last 4 weeks: applied {applied} of {observed} observed{share}", *grid(card)]
    lines += [square_line(sq, topics) for sq in sorted(card, key=lambda sq: sq.skill.position)]
    if any(sq.said for sq in card):
        lines.append("(“said used it”: the person's own report, not counted in the squares.)")
    return "\n".join(lines)


def summary(card: Sequence[Square]) -> tuple[int, int]:
    """(applied, observed) over the whole card."""
    return sum(sq.applied for sq in card), sum(sq.observed for sq in card)
