"""What the bot says when it reaches out, and what its nudge buttons do.

Composers live here, beside the code that handles their buttons, so a check-in and its
"Need more time" answer are read together. The scheduler decides when; this decides what.
"""
from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from handlers.actions import drop, find
from handlers.names import display
from handlers.ids import as_id, as_ref
from handlers.formatting import DEADLINE_EXAMPLES, clip, label, ref, when_with_year
from handlers.snooze import snooze_row
from handlers.timing import Prefs, day_words, format_lead
from handlers.turn import Turn
from handlers.types import Button, Reply
from handlers.refs import CMD
from storage import Action, Insight, PendingKind, Person, ActionStatus

ON_TIME = timedelta(minutes=10)  # a reminder this close to its lead says "in 1h"


def checkin_buttons(action: Action) -> tuple[tuple[Button, ...], ...]:
    n = ref(action)
    return ((Button("✅ Done", "done", n), Button("⏳ Need more time", "more_time", n), Button("🗑 Drop", "drop", n)),)


def _with_snooze(action: Action, prefs: Prefs, now: datetime,
                 first: tuple[tuple[Button, ...], ...]) -> tuple[tuple[Button, ...], ...]:
    """The nudge's own buttons, then a row of snooze choices that fit the person's day now."""
    return first + (snooze_row(action, now, prefs),)


def reminder(action: Action, prefs: Prefs, now: datetime, lead: timedelta) -> Reply:
    """"Coming up in 1h" when that is true; a reminder brought forward (before quiet hours, or
    late) says when the action is due in words instead: "due tomorrow at 07:00"."""
    assert action.deadline is not None
    tz = prefs.tz
    buttons = _with_snooze(action, prefs, now, ((Button("✅ Done", "done", ref(action)),),))
    if abs((action.deadline - now) - lead) <= ON_TIME:
        return Reply(f"⏰ Coming up in {format_lead(lead)}: {label(action)} {clip(action.text)}, "
                     f"due {when_with_year(action.deadline, tz, now)}.", buttons=buttons)
    return Reply(f"⏰ Coming up: {label(action)} {clip(action.text)} is due {day_words(action.deadline, tz, now)}.",
                 buttons=buttons)


def assigned(action: Action, coach: Person | None, tz: tzinfo, now: datetime) -> Reply:
    """The client hears of a coach's /assign through the scheduler, so quiet hours hold."""
    assert action.deadline is not None
    who = f"{display(coach)} (your coach)" if coach is not None else "Your coach"
    text = (f"📌 {who} gave you an action: {label(action)} {clip(action.text)}, "
            f"due {when_with_year(action.deadline, tz, now)}.")
    if action.lesson_id is not None:  # a lesson to take: one tap opens it (handlers/lessons.py)
        return Reply(text, buttons=((Button("📖 Open the lesson", "lesson_open", str(action.lesson_id)),),))
    return Reply(text)


def checkin(action: Action, prefs: Prefs, now: datetime) -> Reply:
    assert action.deadline is not None
    return Reply(f"Did you do {label(action)} {clip(action.text)}? "
                 f"(due {when_with_year(action.deadline, prefs.tz, now)})",
                 buttons=_with_snooze(action, prefs, now, checkin_buttons(action)))


def followup(action: Action, prefs: Prefs, now: datetime) -> Reply:
    assert action.deadline is not None
    return Reply(f"Following up once: did you do {label(action)} {clip(action.text)}? "
                 f"It was due {when_with_year(action.deadline, prefs.tz, now)}.",
                 buttons=_with_snooze(action, prefs, now, checkin_buttons(action)))


def snoozed(action: Action, prefs: Prefs, now: datetime) -> Reply:
    """The nudge a snooze moved: a reminder before the deadline, a check-in after it."""
    assert action.deadline is not None
    if now < action.deadline:
        return Reply(f"😴 Snoozed reminder: {label(action)} {clip(action.text)} is due "
                     f"{day_words(action.deadline, prefs.tz, now)}.",
                     buttons=_with_snooze(action, prefs, now, ((Button("✅ Done", "done", ref(action)),),)))
    return Reply(f"😴 As you asked: did you do {label(action)} {clip(action.text)}? "
                 f"(due {when_with_year(action.deadline, prefs.tz, now)})",
                 buttons=_with_snooze(action, prefs, now, checkin_buttons(action)))


def insight_nudge(insight: Insight) -> Reply:
    assert insight.id is not None
    return Reply(f"You noted: “{clip(insight.text, 200)}”\nWhat is one action you will take on it?",
                 buttons=((Button("✅ Add an action", "insight_act", str(insight.id)),
                           Button("💭 Just a thought", "insight_thought", str(insight.id))),))


async def press_more_time(turn: Turn, arg: str) -> list[Reply]:
    """"Need more time": ask for the new deadline; the answer counts as a move."""
    number = as_ref(arg)
    action = await find(turn, number) if number else None
    if action is None:
        return [Reply(f"You have no action #{arg}. {CMD}actions lists yours." if number else
                      f"That button is out of date. {CMD}actions shows your list.")]
    if action.status != ActionStatus.OPEN:
        return [Reply(f"{label(action)} {clip(action.text, 60)} is already {action.status}.")]
    if action.deadline is not None:
        await turn.u.nudges.answer_checkin(action.id or 0, action.deadline, turn.now)
    if action.occurrence:  # an occurrence is moved with /move (the "By when?" answer names actions by number)
        return [Reply(f"No problem. Send {CMD}move {ref(action)} WHEN for {label(action)} {clip(action.text, 60)}, "
                      f"e.g. {CMD}move {ref(action)} tomorrow 10am.")]
    await turn.u.pending.clear(turn.person.id, [PendingKind.DEADLINE])
    await turn.u.pending.add(turn.person.id, PendingKind.DEADLINE, turn.now, ref=action.number)
    return [Reply(f"No problem. By when will you do #{action.number} {clip(action.text, 80)}? ({DEADLINE_EXAMPLES})")]


async def press_drop(turn: Turn, arg: str) -> list[Reply]:
    return await drop(turn, arg)


async def press_insight_act(turn: Turn, arg: str) -> list[Reply]:
    insight_id = as_id(arg)
    insight = await turn.u.insights.get(turn.person.id, insight_id) if insight_id else None
    if insight is None:
        return [Reply(f"I can't find that insight any more. {CMD}insights lists yours.")]
    turn.person.link_insight_id = insight.id
    await turn.u.people.save(turn.person)
    return [Reply(f"What will you do about “{clip(insight.text, 80)}”, and by when? "
                  "(e.g. I'll book a call with my manager by Thursday)")]


async def press_insight_thought(turn: Turn, arg: str) -> list[Reply]:
    insight_id = as_id(arg)
    insight = await turn.u.insights.get(turn.person.id, insight_id) if insight_id else None
    if insight is None:
        return [Reply(f"I can't find that insight any more. {CMD}insights lists yours.")]
    insight.just_a_thought, insight.next_check_at = True, None
    await turn.u.insights.save(insight)
    return [Reply("Kept as a thought. No more nudges about it.")]
