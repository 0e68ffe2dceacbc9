"""Snooze: a nudge comes again later, the deadline stays. The buttons under every reminder and
check-in, `/snooze N WHEN`, and the words ("snooze 2 days", "remind me tomorrow", "later").

A snooze stores, on the action, when its next nudge is due (`snoozed_until`) and counts it
(`snoozes`, with a "snoozed" line in its history); the action source plans from that, so no
tick knows about snoozes. A time past the deadline is not applied at once: the person is asked
whether to move the deadline there (a move) or keep it and be reminded then (a snooze).

Buttons carry the action's snooze and move counts, so a second press of the same message, or a
press after the action changed, counts nothing and says so.
"""
from __future__ import annotations

from datetime import datetime, timezone

from handlers.actions import open_action, reschedule
from handlers.formatting import clip, label, plural, ref, when_with_year
from handlers.ids import as_ref
from handlers.refs import CMD
from handlers.timing import KEYS, after_quiet, day_words, snooze_at, snooze_choices, Prefs
from handlers.turn import Turn, prefs_of
from handlers.types import Button, Reply
from storage import Action, PendingKind

PRESS = "snooze"  # arg "REF:KEY:SNOOZES" (REF: 12, or 12.3 for an occurrence): a choice under a nudge
AT_PRESS = "snooze_at"  # arg "REF:STAMP:SNOOZES:MOVES": snooze to that instant (asks when past the deadline)
KEEP_PRESS = "snooze_keep"  # same arg: past the deadline, keep it and remind then
MOVE_PRESS = "snooze_move"  # same arg: past the deadline, move the deadline there instead
STALE = f"That button is out of date. {CMD}actions shows your list."


def snooze_row(action: Action, now: datetime, prefs: Prefs) -> tuple[Button, ...]:
    """One button per snooze choice that fits the person's day now."""
    return tuple(Button(c.label, PRESS, f"{ref(action)}:{c.key}:{action.snoozes}")
                 for c in snooze_choices(now, prefs))


def at_arg(action: Action, at: datetime) -> str:
    return f"{ref(action)}:{int(at.timestamp())}:{action.snoozes}:{action.moves}"


async def snooze_to(turn: Turn, action: Action, at: datetime) -> Reply:
    """Snooze `action` to `at`; past its deadline, ask whether to move the deadline instead."""
    if action.deadline is None:
        return Reply(f"{label(action)} {clip(action.text, 60)} has no deadline, so there is nothing to snooze: "
                     f"{CMD}move {label(action)[1:]} WHEN gives it one.")
    if at <= turn.now:
        return Reply(f"{when_with_year(at, turn.tz, turn.now)} has already passed. Pick a time ahead.")
    if at > action.deadline:
        return _ask_move(turn, action, at)
    return await _apply(turn, action, at)


async def _apply(turn: Turn, action: Action, at: datetime) -> Reply:
    action.snoozed_until, action.next_check_at = at, turn.now
    action.snoozes += 1
    await turn.u.actions.save(action)
    await turn.u.actions.log(action, "snoozed", turn.now)
    assert action.deadline is not None
    await turn.u.nudges.answer_checkin(action.id or 0, action.deadline, turn.now)  # no follow-up now
    comes = day_words(after_quiet(at, prefs_of(turn.person, turn.config)), turn.tz, turn.now)
    verb = "stays" if action.deadline > turn.now else "was"
    return Reply(f"😴 Snoozed {label(action)} {clip(action.text, 80)}: I'll remind you {comes}. "
                 f"The deadline {verb} {when_with_year(action.deadline, turn.tz, turn.now)} "
                 f"(snoozed {plural(action.snoozes, 'time')}).")


def _ask_move(turn: Turn, action: Action, at: datetime) -> Reply:
    assert action.deadline is not None
    new, due = when_with_year(at, turn.tz, turn.now), when_with_year(action.deadline, turn.tz, turn.now)
    was = "is due" if action.deadline > turn.now else "was due"
    arg = at_arg(action, at)
    return Reply(f"{new} is after the deadline: {label(action)} {clip(action.text, 80)} {was} {due}. "
                 "Move the deadline, or keep it and remind you then?",
                 buttons=((Button(f"📅 Move deadline to {new}", MOVE_PRESS, arg),
                           Button("⏰ Keep it, remind me then", KEEP_PRESS, arg)),))


def _parse(arg: str, count: int) -> tuple[tuple[int, int], list[str]] | None:
    """(the action reference, the other parts) of a button's arg; None when forged or stale."""
    parts = arg.split(":")
    r = as_ref(parts[0]) if len(parts) == count else None
    if r is None or not all(p.isascii() and p.isdigit() and len(p) < 12 for p in parts[1:] if p not in KEYS):
        return None
    return r, parts[1:]


async def press_choice(turn: Turn, arg: str) -> list[Reply]:
    """A snooze choice under a nudge: worked out again at the press ("1 h" from now)."""
    parsed = _parse(arg, 3)
    if parsed is None or parsed[1][0] not in KEYS or not parsed[1][1].isdigit():
        return [Reply(STALE)]
    r, (key, count) = parsed
    action, error = await open_action(turn, r)
    if action is None:
        return [Reply(error or STALE)]
    if action.snoozes != int(count):  # pressed twice, or snoozed another way since
        nxt = action.snoozed_until
        when = f": its next nudge comes {day_words(nxt, turn.tz, turn.now)}" if nxt and nxt > turn.now else ""
        return [Reply(f"{label(action)} was already snoozed{when}.")]
    at = snooze_at(key, turn.now, prefs_of(turn.person, turn.config))
    assert at is not None  # key is one of KEYS
    return [await snooze_to(turn, action, at)]


async def _pressed_at(turn: Turn, arg: str) -> tuple[Action | None, datetime, str]:
    parsed = _parse(arg, 4)
    if parsed is None or any(p in KEYS for p in parsed[1]):
        return None, turn.now, STALE
    r, values = parsed
    stamp, snoozes, moves = (int(v) for v in values)
    action, error = await open_action(turn, r)
    if action is None:
        return None, turn.now, error or STALE
    if (action.snoozes, action.moves) != (snoozes, moves):
        return None, turn.now, f"That question is out of date: {label(action)} changed since. {CMD}actions shows it."
    at = datetime.fromtimestamp(stamp, tz=timezone.utc)
    if at <= turn.now:
        n = label(action)[1:]
        return None, at, (f"{when_with_year(at, turn.tz, turn.now)} has passed. "
                          f"Send {CMD}snooze {n} WHEN or {CMD}move {n} WHEN.")
    return action, at, ""


async def press_at(turn: Turn, arg: str) -> list[Reply]:
    action, at, error = await _pressed_at(turn, arg)
    return [await snooze_to(turn, action, at)] if action else [Reply(error)]


async def press_keep(turn: Turn, arg: str) -> list[Reply]:
    action, at, error = await _pressed_at(turn, arg)
    return [await _apply(turn, action, at)] if action else [Reply(error)]


async def press_move(turn: Turn, arg: str) -> list[Reply]:
    action, at, error = await _pressed_at(turn, arg)
    if action is None:
        return [Reply(error)]
    if not action.occurrence:  # an occurrence never waits for "By when?"
        await turn.u.pending.clear(turn.person.id, [PendingKind.DEADLINE], ref=action.number)
    return [await reschedule(turn, action, at)]


def choices_reply(turn: Turn, action: Action) -> Reply:
    """"Until when?" with the choices that fit now, for a snooze that names no time."""
    return Reply(f"Snooze {label(action)} {clip(action.text, 80)} until when? Tap one, or send "
                 f"{CMD}snooze {label(action)[1:]} WHEN (e.g. 2 days, tomorrow 3pm).",
                 buttons=(snooze_row(action, turn.now, prefs_of(turn.person, turn.config)),))
