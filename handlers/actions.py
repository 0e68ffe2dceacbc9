"""The action list and what can happen to an action: done, moved, dropped.

Numbers are the person's own (#N), so every lookup is scoped to them: one person can never
reach another's action, and a wrong number gets a clear answer, not a guess.
"""
from __future__ import annotations

import re
from datetime import datetime

from handlers import occurrences as occ
from handlers import quiz
from handlers.completion import mark_done
from handlers.deadline_input import deadline_in
from handlers.ids import MAX_ID, Ref, as_ref
from handlers.formatting import action_line, clip, label, plural, ref, when_with_year
from handlers.outcome import ask
from handlers.recurring import series_lines
from handlers.turn import Turn
from handlers.types import Button, Reply
from handlers.refs import CMD
from storage import Action, ActionStatus, PendingKind

LIST_LIMIT = 30
AT_ONCE = 20  # /done 1 2 3 … : each number is a lookup and a reply, so a message holds a few
_NUMBER = re.compile(r"#?(\d+)(?:[.·](\d+))?\b")


def _numbers(args: str) -> tuple[list[Ref], str]:
    """Leading action references ("3", "#3", "3 4", "#3,#4", "12·3", "12.3") and the rest of the text."""
    numbers: list[Ref] = []
    rest = args.strip()
    while True:
        m = _NUMBER.match(rest)
        if not m:
            return numbers, rest
        numbers.append((int(m.group(1)), int(m.group(2) or 0)))
        rest = rest[m.end():].lstrip(" ,")


def _shown(r: Ref) -> str:
    return f"#{r[0]}{occ.SEP}{r[1]}" if r[1] else f"#{r[0]}"


async def find(turn: Turn, r: Ref) -> Action | None:
    """The person's action for a reference: #12·3 an occurrence; #12 a plain action, or the
    current occurrence of the series #12 (the one just past while its check-in stands, else
    the one ahead); None when there is none."""
    number, occurrence = r
    if number > MAX_ID or occurrence > MAX_ID:
        return None
    if occurrence:
        return await turn.u.series.occurrence(turn.person.id, number, occurrence)
    action = await turn.u.actions.by_number(turn.person.id, number)
    if action is not None:
        return action
    series = await turn.u.series.by_number(turn.person.id, number)
    if series is None:
        return None
    seen = await turn.u.series.occurrences(series.id, limit=8)
    return occ.current(seen, turn.now) or (seen[0] if seen else None)


async def open_action(turn: Turn, r: Ref) -> tuple[Action | None, str | None]:
    """The person's open action for the reference, or the error to show."""
    action = await find(turn, r)
    if action is None:
        return None, f"You have no action {_shown(r)}. {CMD}actions lists yours."
    if action.status == ActionStatus.DONE:
        day = when_with_year(action.completed_at, turn.tz, turn.now) if action.completed_at else "earlier"
        return None, f"{label(action)} {clip(action.text, 60)} is already done ({day})."
    if action.status == ActionStatus.DROPPED:
        return None, f"{label(action)} {clip(action.text, 60)} was dropped."
    return action, None


async def list_actions(turn: Turn, _args: str = "") -> list[Reply]:
    actions = await turn.u.actions.open_for(turn.person.id, limit=LIST_LIMIT + 1)
    if not actions:
        return [Reply("No open actions. Tell me what you'll do and by when, e.g. I'll send the proposal by Friday 5pm")]
    grouped, repeating = await series_lines(turn, list(actions[:LIST_LIMIT]))
    shown = [a for a, _ in grouped]
    more = await turn.u.actions.count_open(turn.person.id) - LIST_LIMIT if len(actions) > LIST_LIMIT else 0
    lines = [f"Open actions ({len(shown) + more}):"] + [action_line(a, turn.tz, turn.now) + extra
                                                         for a, extra in grouped]
    if more:
        lines.append(f"…and {more} more with later deadlines.")
    lines += repeating
    lines.append(f"Tap to mark done, or {CMD}done N, {CMD}move N WHEN, {CMD}drop N"
                 + (f"; a repeating one (🔁): {CMD}done 12·3, {CMD}skip 12, {CMD}stop 12." if any(
                     a.series_id for a in shown) or repeating else "."))
    buttons = [Button(f"✅ {label(a)}", "done", ref(a)) for a in shown]
    rows = tuple(tuple(buttons[i:i + 4]) for i in range(0, len(buttons), 4))
    return [Reply("\n".join(lines), buttons=rows)]


async def complete_all(turn: Turn, refs: list[Ref]) -> list[Reply]:
    """Mark each done; when exactly one was, ask "What came of it?" under its reply."""
    done = [await _finish(turn, r) for r in refs]
    finished = [(i, a) for i, (_, a) in enumerate(done) if a is not None]
    replies = [r for r, _ in done]
    if len(finished) == 1:
        i, action = finished[0]
        question, buttons = await ask(turn, action)
        replies[i] = Reply(f"{replies[i].text}\n{question}", buttons=buttons)
    return replies


async def complete(turn: Turn, number: Ref) -> Reply:
    return (await _finish(turn, number))[0]


async def _finish(turn: Turn, number: Ref) -> tuple[Reply, Action | None]:
    """Mark #number done (the action, for "What came of it?"); an assigned lesson (an action
    naming its lesson) opens its quiz instead, and passing the quiz completes it (handlers/quiz.py)."""
    action, error = await open_action(turn, number)
    if action is None:
        return Reply(error or ""), None
    if action.lesson_id is not None:
        return await quiz.open_for_action(turn, action), None
    return await mark_done(turn, action), action


async def done(turn: Turn, args: str) -> list[Reply]:
    numbers, rest = _numbers(args)
    if not numbers or rest:
        return [Reply(f"Which action? Send {CMD}done N, e.g. {CMD}done 3. {CMD}actions lists your open ones.")]
    if len(numbers) > AT_ONCE:
        return [Reply(f"That's {len(numbers)} actions; send up to {AT_ONCE} at a time.")]
    return await complete_all(turn, list(dict.fromkeys(numbers)))


async def press_done(turn: Turn, arg: str) -> list[Reply]:
    number = as_ref(arg)
    if number is None:
        return [Reply(f"That button is out of date. {CMD}actions shows your list.")]
    return await complete_all(turn, [number])


async def drop(turn: Turn, args: str) -> list[Reply]:
    numbers, rest = _numbers(args)
    if not numbers or rest:
        return [Reply(f"Which action? Send {CMD}drop N, e.g. {CMD}drop 3.")]
    if len(numbers) > AT_ONCE:
        return [Reply(f"That's {len(numbers)} actions; send up to {AT_ONCE} at a time.")]
    replies = []
    for number in dict.fromkeys(numbers):
        action, error = await open_action(turn, number)
        if action is None:
            replies.append(Reply(error or ""))
            continue
        action.status, action.completed_at, action.next_check_at = ActionStatus.DROPPED, turn.now, None
        await turn.u.actions.save(action)
        await turn.u.actions.log(action, ActionStatus.DROPPED, turn.now)
        again = (f" (It repeats: {CMD}stop {action.number} ends the series.)" if action.series_id else "")
        replies.append(Reply(f"Dropped {label(action)} {clip(action.text)}. It won't be nudged or counted as missed."
                             + again))
    return replies


async def reschedule(turn: Turn, action: Action, deadline: datetime) -> Reply:
    """Set a new deadline; replacing an earlier one counts as a move."""
    moved = action.deadline is not None
    action.deadline, action.snoozed_until = deadline, None  # a new deadline is a new plan: no snooze left
    # A new deadline is a new plan: the scheduler looks again now, and reminders that were
    # already due at this moment are not sent.
    action.deadline_set_at = action.next_check_at = turn.now
    if moved:
        action.moves += 1
    await turn.u.actions.save(action)
    await turn.u.actions.log(action, "moved" if moved else "due", turn.now)
    due = when_with_year(deadline, turn.tz, turn.now)
    if not moved:
        return Reply(f"✅ {label(action)} {clip(action.text)}, due {due}")
    return Reply(f"📅 {label(action)} {clip(action.text)} moved to {due} (moved {plural(action.moves, 'time')}).")


async def move(turn: Turn, args: str) -> list[Reply]:
    numbers, rest = _numbers(args)
    if len(numbers) != 1 or not rest:
        return [Reply(f"Send {CMD}move N WHEN, e.g. {CMD}move 3 next Tuesday 10am.")]
    action, error = await open_action(turn, numbers[0])
    if action is None:
        return [Reply(error or "")]
    match = deadline_in(turn, rest)
    if match is None:
        n = _shown(numbers[0])[1:]
        return [Reply(f"I couldn't read a date in “{clip(rest, 60)}”. Try e.g. {CMD}move {n} Friday 5pm "
                      f"or {CMD}move {n} in 3 days.")]
    if match.when <= turn.now:
        return [Reply(f"{when_with_year(match.when, turn.tz, turn.now)} has already passed. Pick a time ahead.")]
    if not action.occurrence:
        await turn.u.pending.clear(turn.person.id, [PendingKind.DEADLINE], ref=action.number)
    return [await reschedule(turn, action, match.when)]
