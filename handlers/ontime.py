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
