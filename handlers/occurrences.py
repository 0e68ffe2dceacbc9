"""Occurrences of a repeating commitment: made one at a time, found by number, counted in streaks.

A series never holds more than the occurrence ahead (and, right after its time, the one just
past, for its check-in): the next is made when the current one's time comes, by the scheduler's
series source or right away by `/skip`. After downtime over several occurrences only the latest
one that passed is made (one check-in, not a pile); the ones between are never made and break
the streak like a miss. Each occurrence is an ordinary dated action (#12·3), so reminders,
check-ins, follow-ups, done/late/missed and digests treat it like any other; its nudges end
where the next occurrence begins (`Action.nudges_until`).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from handlers.formatting import SEP, label, ref, shown_ref
from handlers.timing.recurrence import Step, catch_up, first, following, period_word
from handlers.zones import zone
from storage import Action, ActionStatus, Series, Unit

__all__ = ["SEP", "label", "ref", "shown_ref", "start", "advance", "skip_next", "current", "streak", "streak_words",
           "next_step", "ACTIVE", "STOPPED", "ENDED"]
ACTIVE, STOPPED, ENDED = "active", "stopped", "ended"
SET_MARGIN = timedelta(seconds=1)


def _last(series: Series, now: datetime) -> Step:
    """The newest occurrence made, as a step of the rule."""
    tz = zone(series.timezone)
    local = datetime.fromisoformat(series.last_local) if series.last_local else first(series.rule, tz).local
    return Step(series.last_index, local, series.next_check_at or now)


async def _make(u: Unit, series: Series, step: Step, nxt: Step | None, now: datetime) -> Action:
    # A reminder falling exactly when this occurrence is made (the previous one's time) would come
    # with that one's check-in: it counts as already past.
    return await u.actions.add(series.person_id, series.number, series.text, step.at, now, series.insight_id,
                               series=(series.id, step.index, nxt.at if nxt else None), set_at=now + SET_MARGIN)


async def _remember(u: Unit, series: Series, step: Step, upcoming: Step | None) -> None:
    series.last_index, series.last_local = step.index, step.local.isoformat()
    series.next_check_at = upcoming.at if upcoming else None
    if upcoming is None:
        series.status = ENDED
    await u.series.save(series)


async def start(u: Unit, series: Series, now: datetime) -> Action:
    """Make the first occurrence of a new series."""
    tz = zone(series.timezone)
    step = first(series.rule, tz)
    nxt = following(series.rule, tz, step)
    action = await _make(u, series, step, nxt, now)
    series.last_index, series.last_local, series.next_check_at = step.index, step.local.isoformat(), step.at
    await u.series.save(series)
    return action


async def advance(u: Unit, series: Series, now: datetime) -> list[Action]:
    """The series' time has come: make the latest occurrence that passed since the last one made
    (after downtime; none when the last one made is it) and the next one ahead."""
    if series.last_local is None:
        return [await start(u, series, now)]
    tz = zone(series.timezone)
    last = _last(series, now)
    caught = catch_up(series.rule, tz, last, now)
    made = []
    if caught.latest_past is not None:
        made.append(await _make(u, series, caught.latest_past, caught.upcoming, now))
    newest = caught.latest_past or last
    if caught.upcoming is not None:
        made.append(await _make(u, series, caught.upcoming, following(series.rule, tz, caught.upcoming), now))
        newest = caught.upcoming
    await _remember(u, series, newest, caught.upcoming)
    return made


async def skip_next(u: Unit, series: Series, now: datetime) -> tuple[Action | None, Action | None]:
    """Drop the next occurrence ahead and make the one after it: (skipped, now next)."""
    tz = zone(series.timezone)
    ahead = [a for a in await u.series.occurrences(series.id, limit=4)
             if a.status == ActionStatus.OPEN and a.deadline is not None and a.deadline > now]
    if not ahead:  # the one ahead is done already (or not made yet): the next after it is skipped
        nxt = following(series.rule, tz, _last(series, now))
        if nxt is None:
            return None, None
        ahead = [await _make(u, series, nxt, following(series.rule, tz, nxt), now)]
        await _remember(u, series, nxt, nxt)
    skipped = min(ahead, key=lambda a: a.occurrence)
    skipped.status, skipped.completed_at, skipped.next_check_at = ActionStatus.DROPPED, now, None
    await u.actions.save(skipped)
    await u.actions.log(skipped, "skipped", now)
    later = [a for a in ahead if a.occurrence > skipped.occurrence]
    if later:
        return skipped, min(later, key=lambda a: a.occurrence)
    nxt = following(series.rule, tz, _last(series, now))
    if nxt is None:
        await _remember(u, series, _last(series, now), None)
        return skipped, None
    made = await _make(u, series, nxt, following(series.rule, tz, nxt), now)
    await _remember(u, series, nxt, nxt)
    return skipped, made


def next_step(series: Series) -> Step | None:
    """The occurrence after the newest one made (not made yet itself)."""
    if series.last_local is None:
        return None
    return following(series.rule, zone(series.timezone), _last(series, series.next_check_at or series.created_at))


def current(occurrences: Sequence[Action], now: datetime) -> Action | None:
    """The occurrence `/done 12` means: the oldest open one whose nudges have not ended (the one
    just past while its check-in stands, else the one ahead)."""
    live = [a for a in occurrences if a.status == ActionStatus.OPEN
            and (a.nudges_until is None or a.nudges_until > now)]
    return min(live, key=lambda a: a.occurrence) if live else None


def streak(occurrences: Sequence[Action], now: datetime) -> int:
    """How many occurrences in a row are done, newest first. Skipped (dropped) ones neither count
    nor break it; one still open whose time to answer has not ended is not judged yet; a missed
    one, or a gap (occurrences never made, the bot was down), ends it."""
    count, expected = 0, None
    for a in sorted(occurrences, key=lambda o: -o.occurrence):
        if expected is not None and a.occurrence < expected:
            break  # a gap: occurrences never made
        expected = a.occurrence - 1
        if a.status == ActionStatus.DROPPED:
            continue
        if a.status == ActionStatus.OPEN:
            if count == 0 and (a.nudges_until is None or a.nudges_until > now):
                continue
            break
        count += 1
    return count


def streak_words(series: Series, n: int) -> str:
    """"4 weeks in a row" (empty below 2: one is not yet a streak)."""
    return f"{n} {period_word(series.rule)} in a row" if n >= 2 else ""
