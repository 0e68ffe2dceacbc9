"""Neutral formatting of times and actions: plain text every adapter can show as is."""
from __future__ import annotations

from datetime import datetime, tzinfo

from storage import Action, ActionStatus
from handlers.refs import CMD

LIST_TEXT_LIMIT = 140
DEADLINE_EXAMPLES = "e.g. 'Friday 5pm', 'tomorrow at 10am', 'in 3 days'"  # shown wherever we ask "By when?"


def when(dt: datetime, tz: tzinfo) -> str:
    """'Fri 6 Mar, 17:00' in the person's zone: weekday, date and 24-hour time."""
    local = dt.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def when_with_year(dt: datetime, tz: tzinfo, now: datetime) -> str:
    """As `when`, with the year added when it is not the current one."""
    local, today = dt.astimezone(tz), now.astimezone(tz)
    text = when(dt, tz)
    return text if local.year == today.year else text.replace(f"{local:%b},", f"{local:%b} {local.year},")


def clip(text: str, limit: int = LIST_TEXT_LIMIT) -> str:
    """One-line preview of a possibly long text."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


SEP = "·"  # #12·3: occurrence 3 of the repeating action #12 (typed 12·3 or 12.3)


def shown_ref(action: Action) -> str:
    """"12·3" for an occurrence of a series, "12" for any other action."""
    return f"{action.number}{SEP}{action.occurrence}" if action.occurrence else str(action.number)


def label(action: Action) -> str:
    """"#12·3" or "#12": how every message names an action."""
    return f"#{shown_ref(action)}"


def ref(action: Action) -> str:
    """What a button carries: "12.3" or "12" (ASCII, read back by `handlers.ids.as_ref`)."""
    return f"{action.number}.{action.occurrence}" if action.occurrence else str(action.number)


def action_line(action: Action, tz: tzinfo, now: datetime) -> str:
    """'#3 Send the proposal, due Fri 6 Mar, 17:00' with overdue and no-deadline marked."""
    head = f"{label(action)} {clip(action.text)}" + (" 📌 from your coach" if action.assigned_by_id else "")
    if action.status == ActionStatus.DONE:
        return f"{head} (done)"
    if action.status == ActionStatus.DROPPED:
        return f"{head} (dropped)"
    if action.deadline is None:
        return f"{head}, no deadline yet ({CMD}move {shown_ref(action)} WHEN)"
    if action.deadline <= now:
        return f"⚠️ {head}, overdue since {when_with_year(action.deadline, tz, now)}"
    return f"{head}, due {when_with_year(action.deadline, tz, now)}"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"
