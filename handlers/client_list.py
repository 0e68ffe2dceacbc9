"""The coach's list of clients, shared by /clients, /shared, the coach digest and the coach's
buttons: one status line per client, the order by how much attention each needs, and the
buttons that act on a client. The records cover the last 7 days, the window both /clients
and /digest clients count, so they always agree."""
from __future__ import annotations

from datetime import datetime, tzinfo

from handlers.formatting import clip
from handlers.knowledge_lines import coach_words
from handlers.names import display
from handlers.ontime import rate_words
from handlers.record import Record, records
from handlers.timing import pause_end
from handlers.turn import Turn
from handlers.types import Button
from handlers.weeks import rolling_week
from handlers.zones import zone
from storage import Person

BUTTON_ROWS = 10  # clients with buttons in a list (a Telegram keyboard stays usable)


def status_line(rec: Record, index: int | None, now: datetime, tz: tzinfo) -> str:
    seen = rec.person.last_seen_at
    last = f"{seen.astimezone(tz):%a %d %b}" if seen else "never"
    head = f"{index}. " if index is not None else ""
    knowledge = coach_words(rec.knowledge, now)
    p = rec.person
    until = pause_end(p.paused_from, p.paused_until, p.away, p.away_until, now)
    paused = ""
    if until is not None:
        paused = ("; ⏸ paused (away status)" if p.away and p.away_until is None
                  else f"; ⏸ paused until {until.astimezone(tz):%a %d %b}")
    extra = "".join(f"; {w}" for w in (rate_words(rec.rate), rec.changes_words()) if w)
    return (f"{head}{display(rec.person)}: {rec.done_words()}; "
            f"{rec.open_count} open ({rec.overdue} overdue){extra}; last active {last}{paused}"
            + (f"\n   {knowledge}" if knowledge else ""))


def by_attention(recs: list[tuple[int, Record]], now: datetime) -> list[tuple[int, Record]]:
    """(number, record) pairs, the client needing the most attention first (then by name).
    The number stays the client's place in the coach's list, so /assign N keeps working."""
    return sorted(recs, key=lambda x: (-x[1].urgency(now), display(x[1].person).lower(), x[0]))


def client_buttons(rec: Record) -> tuple[Button, ...]:
    """Nudge the client, assign them an action, open their record."""
    arg, name = str(rec.person.id), clip(display(rec.person), 16)
    return (Button(f"👋 Nudge {name}", "coach_nudge", arg), Button("📌 Assign", "coach_assign", arg),
            Button("📄 Record", "coach_record", arg))


async def client_records(turn: Turn, clients: list[Person]) -> dict[int, Record]:
    """Records over the last 7 days: the window of /digest clients, so both say the same."""
    start, end = rolling_week(turn.now)
    default = turn.config.default_timezone
    return await records(turn.u, clients, start, end, turn.now, lambda p: zone(p.timezone, default))
