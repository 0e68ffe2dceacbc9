"""The optional morning plan (/morning 08:30, /morning off): one message a day with what is due
today and yesterday's misses. The scheduler sends it (`scheduler/sources/morning.py`); once it
went out, that day's reminders about the actions it listed are folded into it (the policy)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from handlers.formatting import clip
from handlers.refs import CMD
from handlers.timing import at_local, local_day, read_clock
from handlers.turn import Turn
from handlers.types import Button, Reply
from storage import Action

USAGE = f"e.g. {CMD}morning 08:30, or {CMD}morning off"
MAX_LISTED = 15


def next_slot(morning_time: str, tz: tzinfo, now: datetime) -> datetime:
    """The first morning-plan instant at or after `now` (local wall time first)."""
    clock = time.fromisoformat(morning_time)
    today = local_day(now, tz)
    slot = at_local(today, clock, tz)
    return slot if slot >= now else at_local(today + timedelta(days=1), clock, tz)


def todays_slot(morning_time: str, tz: tzinfo, now: datetime) -> datetime:
    return at_local(local_day(now, tz), time.fromisoformat(morning_time), tz)


def plan_items(actions: list[Action], tz: tzinfo, today: date) -> tuple[list[Action], list[Action]]:
    """(due today, missed yesterday) among open actions."""
    due = [a for a in actions if a.deadline is not None and local_day(a.deadline, tz) == today]
    missed = [a for a in actions if a.deadline is not None and local_day(a.deadline, tz) == today - timedelta(days=1)]
    return due, missed


def compose(due: list[Action], missed: list[Action], tz: tzinfo) -> Reply:
    lines = ["☀️ Good morning! Your plan for today:"]
    if due:
        lines.append("Due today:")
        lines += [f"• #{a.number} {clip(a.text)} at {a.deadline.astimezone(tz):%H:%M}" for a in due[:MAX_LISTED]
                  if a.deadline is not None]
    else:
        lines.append("Nothing is due today.")
    if missed:
        lines.append("Missed yesterday (still open):")
        lines += [f"• #{a.number} {clip(a.text)}" for a in missed[:MAX_LISTED]]
        lines.append(f"{CMD}done N if you did it, {CMD}move N WHEN for a new date.")
    if due:
        lines.append("(No separate reminders today for these.)")
    buttons = [Button(f"✅ #{a.number}", "done", str(a.number)) for a in (due + missed)[:MAX_LISTED]]
    return Reply("\n".join(lines), buttons=tuple(tuple(buttons[i:i + 4]) for i in range(0, len(buttons), 4)))


async def morning(turn: Turn, args: str) -> list[Reply]:
    text = args.strip().lower()
    if not text:
        now_set = turn.person.morning_time
        state = f"at {now_set} ({turn.zone_name})" if now_set else "off"
        return [Reply(f"Morning plan: {state}. Each morning one message lists what is due that day and "
                      f"yesterday's misses; that day's reminders for them are folded into it.\n{USAGE}")]
    if text == "off":
        turn.person.morning_time = None
        turn.person.next_morning_at = None
        await turn.u.people.save(turn.person)
        return [Reply("Morning plan off: reminders come one by one as before.")]
    clock = read_clock(text)
    if clock is None:
        return [Reply(f"I couldn't read “{args.strip()[:40]}” as a time. {USAGE}")]
    turn.person.morning_time = f"{clock:%H:%M}"
    turn.person.next_morning_at = next_slot(turn.person.morning_time, turn.tz, turn.now)
    await turn.u.people.save(turn.person)
    return [Reply(f"Morning plan at {clock:%H:%M} ({turn.zone_name}), every day from "
                  f"{turn.person.next_morning_at.astimezone(turn.tz):%a %-d %b}: what is due that day and "
                  "yesterday's misses, with that day's reminders folded in.")]
