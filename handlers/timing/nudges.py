"""Reminders, check-ins, follow-ups, assignment notices and insight nudges: what a subject
owes right now, and when to look at it next. Pure functions.

Every instant is worked out as local wall time in the person's zone and then converted,
so quiet hours and deadlines stay put across daylight-saving changes. Missed nudges (the
bot was down) collapse to the latest one that still means something: a reminder whose
deadline has passed is dropped because the check-in supersedes it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from handlers.timing.quiet import Quiet

PRE_QUIET_MARGIN = timedelta(minutes=5)  # a reminder due in quiet hours goes out just before them
REMINDER_GRACE = timedelta(minutes=5)  # a slightly late reminder may still go out into quiet hours
FOLLOWUP_WITHOUT_QUIET = timedelta(hours=24)
SAME_SUBJECT_GAP = timedelta(hours=1)  # never two nudges about the same action within this


@dataclass(frozen=True)
class Prefs:
    tz: tzinfo
    leads: tuple[timedelta, ...]
    quiet: Quiet | None


@dataclass(frozen=True)
class Due:
    """A nudge owed now: its kind, its lead (reminders) and the instant it was planned for."""

    kind: str  # a NudgeKind value: reminder | checkin | followup | assigned | insight
    planned: datetime
    lead: timedelta = timedelta(0)


@dataclass(frozen=True)
class ActionFacts:
    """An open action with a deadline, and what the ledger says about that deadline."""

    deadline: datetime
    set_at: datetime
    last_reminder_planned: datetime | None = None  # the latest reminder already sent
    checkin_sent_at: datetime | None = None
    checkin_answered: bool = False
    followup_sent: bool = False
    notice_owed: bool = False  # a coach assigned it and the person has not been told yet
    # No nudge at or after this instant (an occurrence of a series: the next occurrence's time), so
    # missed occurrences never pile up: each one's check-in and follow-up end where the next begins.
    ends_at: datetime | None = None
    snoozed_until: datetime | None = None  # the person snoozed its nudges to this instant
    snooze_sent: bool = False  # the snoozed nudge went out


def in_quiet(instant: datetime, prefs: Prefs) -> bool:
    return prefs.quiet is not None and prefs.quiet.contains(instant, prefs.tz)


def after_quiet(instant: datetime, prefs: Prefs) -> datetime:
    """`instant`, or the end of the quiet hours it falls in."""
    if prefs.quiet is None or not prefs.quiet.contains(instant, prefs.tz):
        return instant
    return prefs.quiet.period_around(instant, prefs.tz)[1]


def before_quiet(instant: datetime, prefs: Prefs) -> datetime:
    """`instant`, or just before the quiet hours it falls in begin."""
    if prefs.quiet is None or not prefs.quiet.contains(instant, prefs.tz):
        return instant
    return prefs.quiet.period_around(instant, prefs.tz)[0] - PRE_QUIET_MARGIN


def followup_time(checkin_sent_at: datetime, prefs: Prefs) -> datetime:
    """The end of the next quiet hours after the check-in (08:00 next morning by default)."""
    if prefs.quiet is None:
        return checkin_sent_at + FOLLOWUP_WITHOUT_QUIET
    return prefs.quiet.next_end_after(checkin_sent_at, prefs.tz)


def reminder_times(facts: ActionFacts, prefs: Prefs) -> list[tuple[datetime, timedelta]]:
    """(send instant, lead) for each reminder worth sending for this deadline, earliest
    first. A reminder whose instant had already passed when the deadline was set is out."""
    times: dict[datetime, timedelta] = {}
    for lead in prefs.leads:
        at = before_quiet(facts.deadline - lead, prefs)
        if facts.set_at <= at < facts.deadline:
            times[at] = min(lead, times.get(at, lead))  # two leads landing together: one message
    return sorted(times.items())


def plan_action(facts: ActionFacts, prefs: Prefs, now: datetime) -> tuple[Due | None, datetime | None]:
    """(what is owed now, when to look next). Look-next is None when nothing more will be.
    Nothing is owed once the action's nudges have ended (`ends_at`)."""
    if facts.ends_at is not None and now >= facts.ends_at:
        return None, None
    due, next_at = _plan(facts, prefs, now)
    if due is None and next_at is not None and facts.ends_at is not None and next_at >= facts.ends_at:
        return None, None
    return due, next_at


def _plan(facts: ActionFacts, prefs: Prefs, now: datetime) -> tuple[Due | None, datetime | None]:
    """A snooze holds every nudge about the action until the snoozed one; after it, only what was
    planned later still comes (a later reminder, the check-in), and nothing when it came after
    the deadline (it asked "did you do it?" itself)."""
    checkin_at = after_quiet(facts.deadline, prefs)
    if facts.notice_owed:  # the assignment comes first; reminders and the check-in follow it
        return _unless_quiet(Due("assigned", facts.set_at), prefs, now)
    snoozed = facts.snoozed_until
    if snoozed is not None:
        if not facts.snooze_sent:  # nothing about the action until the snoozed nudge
            at = after_quiet(snoozed, prefs)
            return _unless_quiet(Due("snoozed", at), prefs, now) if now >= at else (None, at)
        if snoozed >= checkin_at:  # the snoozed nudge came after the deadline: it was the check-in
            return None, None
    if facts.checkin_sent_at is None:
        if now >= checkin_at:
            return _unless_quiet(Due("checkin", checkin_at), prefs, now)
        pending = [(at, lead) for at, lead in reminder_times(facts, prefs)
                   if (facts.last_reminder_planned is None or at > facts.last_reminder_planned)
                   and (snoozed is None or at > snoozed)]
        due = [(at, lead) for at, lead in pending if at <= now]
        later = [at for at, _ in pending if at > now]
        if due:
            at, lead = due[-1]  # the latest meaningful one; earlier missed ones collapse into it
            if in_quiet(now, prefs) and now - at > REMINDER_GRACE:
                return None, min([after_quiet(now, prefs), checkin_at] + later)
            return Due("reminder", at, lead), None
        return None, min(later + [checkin_at])
    if facts.checkin_answered or facts.followup_sent:
        return None, None
    followup_at = followup_time(facts.checkin_sent_at, prefs)
    if now >= followup_at:
        return _unless_quiet(Due("followup", followup_at), prefs, now)
    return None, followup_at


def plan_insight(created_at: datetime, delay: timedelta, has_action: bool, prefs: Prefs,
                 now: datetime) -> tuple[Due | None, datetime | None]:
    """One nudge for an insight still without an action `delay` after it was noted."""
    if has_action:
        return None, None
    at = after_quiet(created_at + delay, prefs)
    if now >= at:
        return _unless_quiet(Due("insight", at), prefs, now)
    return None, at


def _unless_quiet(due: Due, prefs: Prefs, now: datetime) -> tuple[Due | None, datetime | None]:
    """Nothing is sent inside quiet hours (after downtime `now` itself may be quiet)."""
    if in_quiet(now, prefs):
        return None, after_quiet(now, prefs)
    return due, None


def quiet_hold(planned: datetime, prefs: Prefs, now: datetime) -> datetime | None:
    """None when a message may go out now, else the instant the person's quiet hours end.
    A reminder planned just before quiet hours may still go out a few minutes into them."""
    if not in_quiet(now, prefs):
        return None
    if not in_quiet(planned, prefs) and now - planned <= REMINDER_GRACE:
        return None
    return after_quiet(now, prefs)


def spacing_hold(last_about_subject: datetime | None, now: datetime) -> datetime | None:
    """None when nothing was sent about the subject in the last hour, else when the hour is up."""
    if last_about_subject is None or now - last_about_subject >= SAME_SUBJECT_GAP:
        return None
    return last_about_subject + SAME_SUBJECT_GAP
