"""The one rule for on time, late and missed, at pinned instants, across daylight-saving changes."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from handlers.ontime import done_on_time, grace_end, missed
from storage import Action

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")


def _action(deadline: datetime, status: str = "open", completed_at: datetime | None = None) -> Action:
    return Action(person_id=1, number=1, text="x", deadline=deadline, status=status, completed_at=completed_at,
                  created_at=deadline - timedelta(days=3))


@pytest.mark.parametrize(("deadline", "tz", "ends"), [
    # Tuesday 17:00 -> Thursday 00:00 local, whatever the offset did in between.
    (datetime(2026, 11, 24, 17, 0, tzinfo=BERLIN), BERLIN, datetime(2026, 11, 26, 0, 0, tzinfo=BERLIN)),
    (datetime(2026, 3, 28, 23, 30, tzinfo=BERLIN), BERLIN, datetime(2026, 3, 30, 0, 0, tzinfo=BERLIN)),  # EU spring
    (datetime(2026, 10, 24, 9, 0, tzinfo=BERLIN), BERLIN, datetime(2026, 10, 26, 0, 0, tzinfo=BERLIN)),  # EU autumn
    (datetime(2026, 3, 7, 20, 0, tzinfo=NEW_YORK), NEW_YORK, datetime(2026, 3, 9, 0, 0, tzinfo=NEW_YORK)),  # US
    (datetime(2026, 10, 31, 17, 0, tzinfo=NEW_YORK), NEW_YORK, datetime(2026, 11, 2, 0, 0, tzinfo=NEW_YORK)),
])
def test_grace_runs_to_the_end_of_the_next_local_day(deadline: datetime, tz: ZoneInfo, ends: datetime) -> None:
    end = grace_end(deadline.astimezone(timezone.utc), tz)
    assert end == ends and end.astimezone(tz).hour == 0


def test_on_time_late_and_missed_around_the_grace() -> None:
    deadline = datetime(2026, 3, 28, 17, 0, tzinfo=BERLIN)        # Saturday, the night before the EU change
    end = grace_end(deadline, BERLIN)
    assert done_on_time(_action(deadline, "done", deadline + timedelta(minutes=3)), BERLIN)      # from the check-in
    assert done_on_time(_action(deadline, "done", end - timedelta(seconds=1)), BERLIN)
    assert not done_on_time(_action(deadline, "done", end), BERLIN)                              # done late
    assert not missed(_action(deadline), BERLIN, end - timedelta(seconds=1))
    assert missed(_action(deadline), BERLIN, end)
    assert not missed(_action(deadline, "done", end + timedelta(days=1)), BERLIN, end + timedelta(days=2))
    assert not missed(_action(deadline, "dropped"), BERLIN, end + timedelta(days=2))
    assert not done_on_time(_action(deadline, "dropped"), BERLIN)
