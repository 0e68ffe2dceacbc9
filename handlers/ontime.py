"""When an action counts as done on time, and when as missed: one rule for every report.

The check-in arrives at the deadline (or when quiet hours end), so "done from the check-in"
happens after the deadline by design. The grace therefore runs to the end of the day after
the deadline's local day: it always holds the check-in (quiet hours can push it to the next
morning) and a day to answer it, and with quiet hours also the follow-up of the next morning.

- done on time: completed before the grace ends;
- done late: completed after it;
- missed: still open when the grace ended (it counts in the week the grace ends, so a
  Sunday deadline is not lost between two Monday digests).

Pure functions of the action, its owner's zone and the instant asked about.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

from handlers.timing import at_local
from storage import Action, ActionStatus

GRACE_DAYS = 1  # whole local days after the deadline's own day


def grace_end(deadline: datetime, tz: tzinfo) -> datetime:
    """Midnight (local) at the end of the day after the deadline's local day."""
    day = deadline.astimezone(tz).date() + timedelta(days=GRACE_DAYS + 1)
    return at_local(day, time(0, 0), tz)


def done_on_time(action: Action, tz: tzinfo) -> bool:
    """Completed, and before its grace ended (an action without a deadline is never late)."""
    if action.status != ActionStatus.DONE or action.completed_at is None:
        return False
    return action.deadline is None or action.completed_at < grace_end(action.deadline, tz)


def missed(action: Action, tz: tzinfo, now: datetime) -> bool:
    """Still open (not done, not dropped) after its grace ended."""
    return action.status == ActionStatus.OPEN and action.deadline is not None and grace_end(action.deadline, tz) <= now


# -- the status of one action, and the rate over four weeks --------------------------------------------
ON_TIME, LATE, MISSED, DROPPED = "on_time", "late", "missed", "dropped"
MARKS = {ON_TIME: "🟢", LATE: "🟡", MISSED: "🔴", DROPPED: "⚪"}
RATE_WINDOW = timedelta(weeks=4)


def status(action: Action, tz: tzinfo, now: datetime) -> str | None:
    """on_time, late, missed (open, and still can be done late) or dropped; None while open
    within its grace (or without a deadline)."""
    if action.status == ActionStatus.DROPPED:
        return DROPPED
    if action.status == ActionStatus.DONE:
        return ON_TIME if done_on_time(action, tz) else LATE
    return MISSED if missed(action, tz, now) else None


def how_late(action: Action) -> str:
    """'3 days late', '5 h late': how long after its deadline a late action was done."""
    if action.deadline is None or action.completed_at is None:
        return "late"
    delta = action.completed_at - action.deadline
    if delta >= timedelta(days=1):
        days = delta.days
        return f"{days} day{'s' if days > 1 else ''} late"
    return f"{max(1, int(delta.total_seconds() // 3600))} h late"


def mark_words(action: Action, tz: tzinfo, now: datetime) -> tuple[str, str]:
    """(mark, words) for an action's status: ('🟡', 'done 2 days late'); ('', '') while it is open."""
    st = status(action, tz, now)
    words = {ON_TIME: "done on time", LATE: f"done {how_late(action)}", MISSED: "missed", DROPPED: "dropped"}
    return (MARKS[st], words[st]) if st else ("", "")


def judged_at(action: Action, tz: tzinfo, now: datetime) -> datetime | None:
    """When a dated action's status was settled: its completion, or the end of its grace for a
    miss; None for dropped actions, actions without a deadline and open ones within their grace."""
    if action.deadline is None:
        return None
    if action.status == ActionStatus.DONE:
        return action.completed_at
    return grace_end(action.deadline, tz) if missed(action, tz, now) else None


def on_time_rate(actions: list[Action], tz: tzinfo, now: datetime,
                 window: timedelta = RATE_WINDOW) -> tuple[int, int] | None:
    """(on time, judged) over the dated actions settled in the last `window`: done on time
    against done on time, done late and missed (dropped ones are neither). None if none was."""
    since = now - window
    judged = [a for a in actions if (at := judged_at(a, tz, now)) is not None and since <= at <= now]
    if not judged:
        return None
    return sum(1 for a in judged if done_on_time(a, tz)), len(judged)


def rate_words(rate: tuple[int, int] | None) -> str:
    """'80% on time over 4 weeks (4 of 5)'; '' when nothing was judged."""
    if rate is None:
        return ""
    on_time, judged = rate
    return f"{on_time / judged:.0%} on time over 4 weeks ({on_time} of {judged})"
