"""Development goals: one long-term goal per person (/goal TEXT [by WHEN]; /goal shows it,
/goal clear drops it), the skills or lessons they chose to grow (/goal grow ...), and the actions
that serve it (/commit ... for goal, or the "For my goal" button under a new commitment).
Development is coached over months; the weekly numbers are performance."""
from __future__ import annotations

import re
from dataclasses import replace

from handlers import capture
from handlers.deadline_input import deadline_in
from handlers.formatting import clip, when_with_year
from handlers.ids import as_id
from handlers.refs import CMD
from handlers.turn import Turn
from handlers.types import Button, Reply
from storage import DONE, DevelopmentGoal

FOR_GOAL = re.compile(r"\s*\bfor\s+(?:my\s+)?(?:development\s+)?goal\b\s*", re.IGNORECASE)
PRESS = "goal_link"
MAX_GOAL, MAX_GROW = 300, 500


async def progress(turn: Turn, goal: DevelopmentGoal) -> str:
    actions = await turn.u.goals.actions(goal)
    done = sum(1 for a in actions if a.status == DONE)
    by = f" by {when_with_year(goal.by, turn.tz, turn.now)}" if goal.by else ""
    grow = f"\nGrowing: {goal.grow}" if goal.grow else ""
    listed = "".join(f"\n   {'✅' if a.status == DONE else '·'} #{a.number} {clip(a.text, 60)}" for a in actions[:8])
    return f"🌱 Your goal: {goal.text}{by}. Actions for it: {done} of {len(actions)} done.{listed}{grow}"


async def goal(turn: Turn, args: str) -> list[Reply]:
    text = " ".join(args.split())
    current = await turn.u.goals.of(turn.person.id)
    if not text:
        if current is None:
            return [Reply(f"No development goal yet. Set one with {CMD}goal TEXT [by WHEN], e.g. "
                          f"{CMD}goal run my own enterprise deals by 30 June")]
        return [Reply(await progress(turn, current))]
    head, _, rest = text.partition(" ")
    if head.lower() == "clear":
        if current is None:
            return [Reply("You have no development goal to clear.")]
        await turn.u.goals.clear(current)
        return [Reply("Goal cleared. Its actions stay in your list.")]
    if head.lower() == "grow":
        if current is None or not rest:
            return [Reply(f"Set a goal first ({CMD}goal TEXT), then {CMD}goal grow SKILL or lesson N.")]
        grown = [g for g in current.grow.split(", ") if g] + [clip(rest, 80)]
        current.grow = ", ".join(dict.fromkeys(grown))[:MAX_GROW]
        await turn.u.goals.save(current)
        return [Reply(f"🌱 Growing towards your goal: {current.grow}")]
    match = deadline_in(turn, text)
    said_by = match is not None and (re.search(r"\bby\s*$", text[:match.start], re.IGNORECASE) is not None
                                     or text[match.start:].lower().startswith("by "))
    by = match.when if match and said_by and match.when > turn.now else None  # "the Q3 pilot" is no deadline
    body = (text[:match.start] + " " + text[match.end:]).strip() if by and match else text
    body = re.sub(r"\s+by$", "", body).strip()
    if not body:
        return [Reply(f"What is the goal? e.g. {CMD}goal run my own enterprise deals by 30 June")]
    if len(body) > MAX_GOAL:
        return [Reply(f"A goal is at most {MAX_GOAL} characters: the one thing you are growing towards.")]
    g = current or DevelopmentGoal(person_id=turn.person.id, text=body, created_at=turn.now)
    g.text, g.by = body, by
    await turn.u.goals.save(g)
    when = f", by {when_with_year(by, turn.tz, turn.now)}" if by else ""
    return [Reply(f"🌱 Development goal{' changed' if current else ''}: {body}{when}. Link actions to it with "
                  f"{CMD}commit ... for goal; your manager or coach sees it, the team channel does not.")]


async def commit(turn: Turn, raw: str) -> list[Reply]:
    """/commit, plus "for goal" to link the new action to the development goal (or a button to)."""
    g = await turn.u.goals.of(turn.person.id)
    wants = g is not None and FOR_GOAL.search(raw) is not None
    text = FOR_GOAL.sub(" ", raw).strip() if wants else raw
    before = turn.person.next_action_number
    replies = await capture.commit(turn, text)
    made = turn.person.next_action_number > before
    if g is None or not made or not replies:
        return replies
    number = turn.person.next_action_number - 1
    if wants:
        action = await turn.u.actions.by_number(turn.person.id, number)
        if action is not None:
            await turn.u.goals.link(g, action.id)
            return [replace(replies[0], text=replies[0].text + f"\n🌱 For your goal: {clip(g.text, 60)}"),
                    *replies[1:]]
    if replies[0].buttons:
        return replies
    return [replace(replies[0], buttons=((Button("🌱 For my goal", PRESS, str(number)),),)), *replies[1:]]


async def press_link(turn: Turn, arg: str) -> list[Reply]:
    g = await turn.u.goals.of(turn.person.id)
    number = as_id(arg)
    action = await turn.u.actions.by_number(turn.person.id, number) if number is not None else None
    if g is None or action is None:
        return [Reply(f"Nothing to link: no goal ({CMD}goal) or no such action.")]
    await turn.u.goals.link(g, action.id)
    return [Reply(f"🌱 #{action.number} now counts towards your goal: {clip(g.text, 60)}")]
