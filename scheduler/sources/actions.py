"""Nudges about dated actions: reminders before the deadline, the check-in at it, one
follow-up, the nudge a snooze moved (its anchor is the snoozed instant, so each snooze is its
own obligation), and the notice of an action a coach assigned. One family, one look-again column
(`action.next_check_at`), one page read: the open actions whose look is due, with their
ledger rows (one statement for the page)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from handlers import CoreConfig, Reply
from handlers import nudges as compose
from handlers.timing import ActionFacts, Due, Prefs, plan_action
from scheduler.prefs import prefs_for
from scheduler.sources.base import BROKEN_RETRY, RETRY_LATER, Duplicates, Outcome, Owed, Source, each_row
from storage import ACTION_KINDS, Action, Nudge, NudgeKind, Person, Unit


@dataclass
class Planned:
    action: Action
    facts: ActionFacts
    prefs: Prefs
    due: Due
    coach: Person | None = None


def facts_for(action: Action, rows: list[Nudge]) -> ActionFacts:
    """What the ledger says about the action's current deadline (older deadlines don't count)."""
    assert action.deadline is not None
    mine = [r for r in rows if r.anchor == action.deadline]
    reminders = [r.planned_at for r in mine if r.kind == NudgeKind.REMINDER]
    checkin = next((r for r in mine if r.kind == NudgeKind.CHECKIN), None)
    return ActionFacts(
        deadline=action.deadline,
        set_at=action.deadline_set_at or action.created_at,
        last_reminder_planned=max(reminders, default=None),
        checkin_sent_at=(checkin.sent_at or checkin.claimed_at) if checkin else None,
        checkin_answered=bool(checkin and checkin.answered_at),
        followup_sent=any(r.kind == NudgeKind.FOLLOWUP for r in mine),
        notice_owed=action.assigned_by_id is not None and not any(r.kind == NudgeKind.ASSIGNED for r in rows),
        ends_at=action.nudges_until,
        snoozed_until=action.snoozed_until,
        snooze_sent=any(r.kind == NudgeKind.SNOOZED and r.anchor == action.snoozed_until for r in rows),
    )


def after_sending(facts: ActionFacts, due: Due, now: datetime) -> ActionFacts:
    if due.kind == NudgeKind.ASSIGNED:
        return replace(facts, notice_owed=False)
    if due.kind == NudgeKind.REMINDER:
        return replace(facts, last_reminder_planned=due.planned)
    if due.kind == NudgeKind.CHECKIN:
        return replace(facts, checkin_sent_at=now)
    if due.kind == NudgeKind.SNOOZED:
        return replace(facts, snooze_sent=True)
    return replace(facts, followup_sent=True)


def last_about(rows: list[Nudge]) -> datetime | None:
    """When the latest nudge about this action went out (or was claimed)."""
    return max((r.sent_at or r.claimed_at for r in rows), default=None)


class ActionNudges(Source):
    name = "actions"
    # A reminder, check-in or follow-up twice is better than none.
    kinds = {k: Duplicates.AT_LEAST_ONCE for k in ACTION_KINDS}

    def __init__(self, config: CoreConfig) -> None:
        self.config = config

    async def due(self, u: Unit, now: datetime, limit: int) -> Sequence[tuple[Action, Person, list[Nudge]]]:
        rows = await u.nudges.due_actions(now, limit)
        ledger = await u.nudges.ledger_for([a.id for a, _ in rows if a.id is not None])
        return [(a, p, ledger.get(a.id or 0, [])) for a, p in rows]

    async def owed(self, u: Unit, rows: Sequence[tuple[Action, Person, list[Nudge]]], now: datetime) -> list[Owed]:
        owed: list[Owed] = []
        looks: list[tuple[int, datetime | None]] = []  # stored in one statement for the page

        def plan(row: tuple[Action, Person, list[Nudge]]) -> None:
            action, person, ledger = row
            assert action.id is not None and person.id is not None
            if action.deadline is None:
                looks.append((action.id, None))
                return
            prefs = prefs_for(person, self.config)
            facts = facts_for(action, ledger)
            due, next_at = plan_action(facts, prefs, now)
            if due is None:
                looks.append((action.id, next_at))
                return
            kind = NudgeKind(due.kind)
            anchor = {NudgeKind.ASSIGNED: action.created_at, NudgeKind.SNOOZED: action.snoozed_until}.get(
                kind, action.deadline)
            assert anchor is not None
            owed.append(Owed(person, kind, action.id, anchor, due.planned, int(due.lead.total_seconds() // 60),
                             last_about_subject=last_about(ledger), data=Planned(action, facts, prefs, due),
                             known_since=facts.set_at))

        each_row(rows, plan, lambda row: looks.append((row[0].id, now + BROKEN_RETRY)))
        await u.nudges.set_action_checks(looks)
        return owed

    async def prepare(self, u: Unit, owed: list[Owed], now: datetime) -> list[Owed]:
        notices = [o.data for o in owed if o.kind == NudgeKind.ASSIGNED]
        coaches = await u.people.by_ids([p.action.assigned_by_id for p in notices if p.action.assigned_by_id])
        for p in notices:
            p.coach = coaches.get(p.action.assigned_by_id or 0)
        return owed

    async def compose(self, owed: Owed, now: datetime) -> Reply:
        p: Planned = owed.data
        if owed.kind == NudgeKind.REMINDER:
            return compose.reminder(p.action, p.prefs, now, p.due.lead)
        if owed.kind == NudgeKind.CHECKIN:
            return compose.checkin(p.action, p.prefs, now)
        if owed.kind == NudgeKind.FOLLOWUP:
            return compose.followup(p.action, p.prefs, now)
        if owed.kind == NudgeKind.SNOOZED:
            return compose.snoozed(p.action, p.prefs, now)
        if owed.kind == NudgeKind.ASSIGNED:
            return compose.assigned(p.action, p.coach, p.prefs.tz, now)
        raise ValueError(f"not an action nudge: {owed.kind}")

    async def record(self, u: Unit, results: list[tuple[Owed, Outcome]], now: datetime) -> None:
        looks: list[tuple[int, datetime | None]] = []
        for owed, outcome in results:
            p: Planned = owed.data
            if outcome == Outcome.SENT:
                again, next_at = plan_action(after_sending(p.facts, p.due, now), p.prefs, now)
                looks.append((owed.subject_id, now if again else next_at))
            elif outcome == Outcome.HELD:
                looks.append((owed.subject_id, owed.hold_until))
            elif outcome == Outcome.FAILED:
                looks.append((owed.subject_id, now + RETRY_LATER))
            elif outcome == Outcome.BROKEN:
                looks.append((owed.subject_id, now + BROKEN_RETRY))
            elif outcome == Outcome.DUPLICATE:
                looks.append((owed.subject_id, now + timedelta(seconds=1)))
        await u.nudges.set_action_checks(looks)

    async def reset(self, u: Unit, row: Nudge, now: datetime) -> None:
        await u.nudges.set_action_check(row.subject_id, now)
