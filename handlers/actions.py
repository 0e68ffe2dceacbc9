"""The action list and what can happen to an action: done, moved, dropped.

Numbers are the person's own (#N), so every lookup is scoped to them: one person can never
reach another's action, and a wrong number gets a clear answer, not a guess.
"""
from __future__ import annotations

import re
from datetime import datetime

from handlers.deadline_input import deadline_in
from handlers.ids import MAX_ID, as_id
from handlers.formatting import action_line, clip, plural, when_with_year
from handlers.turn import Turn
from handlers.types import Button, Reply
from handlers.refs import CMD
from storage import Action, ActionStatus, PendingKind

LIST_LIMIT = 30
AT_ONCE = 20  # /done 1 2 3 … : each number is a lookup and a reply, so a message holds a few
_NUMBER = re.compile(r"#?(\d+)\b")


def _numbers(args: str) -> tuple[list[int], str]:
    """Leading action numbers ("3", "#3", "3 4", "#3,#4") and the rest of the text."""
    numbers: list[int] = []
    rest = args.strip()
    while True:
        m = _NUMBER.match(rest)
        if not m:
            return numbers, rest
        numbers.append(int(m.group(1)))
        rest = rest[m.end():].lstrip(" ,")


async def _open_action(turn: Turn, number: int) -> tuple[Action | None, str | None]:
    """The person's open action #number, or the error to show."""
    action = await turn.u.actions.by_number(turn.person.id, number) if number <= MAX_ID else None
    if action is None:
        return None, f"You have no action #{number}. {CMD}actions lists yours."
    if action.status == ActionStatus.DONE:
        day = when_with_year(action.completed_at, turn.tz, turn.now) if action.completed_at else "earlier"
        return None, f"#{number} {clip(action.text, 60)} is already done ({day})."
    if action.status == ActionStatus.DROPPED:
        return None, f"#{number} {clip(action.text, 60)} was dropped."
    return action, None


async def list_actions(turn: Turn, _args: str = "") -> list[Reply]:
    actions = await turn.u.actions.open_for(turn.person.id, limit=LIST_LIMIT + 1)
    if not actions:
        return [Reply("No open actions. Tell me what you'll do and by when, e.g. I'll send the proposal by Friday 5pm")]
    shown = actions[:LIST_LIMIT]
    total = await turn.u.actions.count_open(turn.person.id) if len(actions) > LIST_LIMIT else len(shown)
    lines = [f"Open actions ({total}):"] + [action_line(a, turn.tz, turn.now) for a in shown]
    if total > len(shown):
        lines.append(f"…and {total - len(shown)} more with later deadlines.")
    lines.append(f"Tap to mark done, or {CMD}done N, {CMD}move N WHEN, {CMD}drop N.")
    buttons = [Button(f"✅ #{a.number}", "done", str(a.number)) for a in shown]
    rows = tuple(tuple(buttons[i:i + 4]) for i in range(0, len(buttons), 4))
    return [Reply("\n".join(lines), buttons=rows)]


async def complete(turn: Turn, number: int) -> Reply:
    action, error = await _open_action(turn, number)
    if action is None:
        return Reply(error or "")
    action.status, action.completed_at, action.next_check_at = ActionStatus.DONE, turn.now, None
    await turn.u.actions.save(action)
    await turn.u.actions.log(action, ActionStatus.DONE, turn.now)
    total = await turn.u.actions.count_done(turn.person.id)
    late = " (after its deadline)" if action.deadline and action.deadline < turn.now else ""
    text = f"🎉 Done: #{number} {clip(action.text)}{late}. That's {plural(total, 'action')} completed so far."
    if action.insight_id is not None:
        source = await turn.u.insights.get(turn.person.id, action.insight_id)
        if source is not None:
            text += f"\n💡 It came from your insight: “{clip(source.text, 80)}”"
    return Reply(text)


async def done(turn: Turn, args: str) -> list[Reply]:
    numbers, rest = _numbers(args)
    if not numbers or rest:
        return [Reply(f"Which action? Send {CMD}done N, e.g. {CMD}done 3. {CMD}actions lists your open ones.")]
    if len(numbers) > AT_ONCE:
        return [Reply(f"That's {len(numbers)} actions; send up to {AT_ONCE} at a time.")]
    return [await complete(turn, n) for n in dict.fromkeys(numbers)]


async def press_done(turn: Turn, arg: str) -> list[Reply]:
    number = as_id(arg)
    if number is None:
        return [Reply(f"That button is out of date. {CMD}actions shows your list.")]
    return [await complete(turn, number)]


async def drop(turn: Turn, args: str) -> list[Reply]:
    numbers, rest = _numbers(args)
    if not numbers or rest:
        return [Reply(f"Which action? Send {CMD}drop N, e.g. {CMD}drop 3.")]
    if len(numbers) > AT_ONCE:
        return [Reply(f"That's {len(numbers)} actions; send up to {AT_ONCE} at a time.")]
    replies = []
    for number in dict.fromkeys(numbers):
        action, error = await _open_action(turn, number)
        if action is None:
            replies.append(Reply(error or ""))
            continue
        action.status, action.completed_at, action.next_check_at = ActionStatus.DROPPED, turn.now, None
        await turn.u.actions.save(action)
        await turn.u.actions.log(action, ActionStatus.DROPPED, turn.now)
        replies.append(Reply(f"Dropped #{number} {clip(action.text)}. It won't be nudged or counted as missed."))
    return replies


async def reschedule(turn: Turn, action: Action, deadline: datetime) -> Reply:
    """Set a new deadline; replacing an earlier one counts as a move."""
    moved = action.deadline is not None
    action.deadline = deadline
    # A new deadline is a new plan: the scheduler looks again now, and reminders that were
    # already due at this moment are not sent.
    action.deadline_set_at = action.next_check_at = turn.now
    if moved:
        action.moves += 1
    await turn.u.actions.save(action)
    await turn.u.actions.log(action, "moved" if moved else "due", turn.now)
    due = when_with_year(deadline, turn.tz, turn.now)
    if not moved:
        return Reply(f"✅ #{action.number} {clip(action.text)}, due {due}")
    return Reply(f"📅 #{action.number} {clip(action.text)} moved to {due} (moved {plural(action.moves, 'time')}).")


async def move(turn: Turn, args: str) -> list[Reply]:
    numbers, rest = _numbers(args)
    if len(numbers) != 1 or not rest:
        return [Reply(f"Send {CMD}move N WHEN, e.g. {CMD}move 3 next Tuesday 10am.")]
    action, error = await _open_action(turn, numbers[0])
    if action is None:
        return [Reply(error or "")]
    match = deadline_in(turn, rest)
    if match is None:
        return [Reply(f"I couldn't read a date in “{clip(rest, 60)}”. Try e.g. {CMD}move {numbers[0]} Friday 5pm "
                      f"or {CMD}move {numbers[0]} in 3 days.")]
    if match.when <= turn.now:
        return [Reply(f"{when_with_year(match.when, turn.tz, turn.now)} has already passed. Pick a time ahead.")]
    await turn.u.pending.clear(turn.person.id, [PendingKind.DEADLINE], ref=action.number)
    return [await reschedule(turn, action, match.when)]
