"""Neutral formatting of times and actions: plain text every adapter can show as is."""
from __future__ import annotations

from datetime import datetime, tzinfo

from storage import Action, ActionStatus
from handlers.refs import CMD
from handlers.ontime import mark_words

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
    """'#3 Send the proposal, due Fri 6 Mar, 17:00' with overdue and no-deadline marked, and the
    on-time status once settled (handlers/ontime.py): 🟢 on time, 🟡 done late, 🔴 missed, ⚪ dropped."""
    head = f"{label(action)} {clip(action.text)}" + (" 📌 from your coach" if action.assigned_by_id else "")
    mark, words = mark_words(action, tz, now)
    if action.status in (ActionStatus.DONE, ActionStatus.DROPPED):
        return f"{mark} {head} ({words})"
    if action.deadline is None:
        return f"{head}, no deadline yet ({CMD}move {shown_ref(action)} WHEN)"
    if mark:
        return f"{mark} {head}, missed: due {when_with_year(action.deadline, tz, now)} (can still be done)"
    if action.deadline <= now:
        return f"⚠️ {head}, overdue since {when_with_year(action.deadline, tz, now)}"
    return f"{head}, due {when_with_year(action.deadline, tz, now)}"


def outcome_chain(action: Action, source: str | None = None) -> str:
    """'“I rush the close” → #4 Ask for referrals → 2 intros booked (moved calls)': insight, action,
    what came of it; '' when nothing came of it was noted."""
    if not action.outcome and not action.outcome_metric:
        return ""
    start = f"“{clip(source, 50)}” → " if source else ""
    moved = f" (moved {action.outcome_metric})" if action.outcome_metric else ""
    return f"{start}{label(action)} {clip(action.text, 60)} → {clip(action.outcome or 'done', 80)}{moved}"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"
