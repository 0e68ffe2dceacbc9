"""The one way an action becomes done: status, history, the count so far and the insight it
came from. `/done`, a Done button, done in words and a passed lesson quiz all end here, so
digests and on-time counts see a completion the same way whichever door it came by."""
from __future__ import annotations

from handlers.formatting import clip, label, plural
from handlers.recurring import streak_note
from handlers.turn import Turn
from handlers.types import Reply
from storage import Action, ActionStatus


async def mark_done(turn: Turn, action: Action) -> Reply:
    """Complete an open action of the turn's person and say so."""
    action.status, action.completed_at, action.next_check_at = ActionStatus.DONE, turn.now, None
    await turn.u.actions.save(action)
    await turn.u.actions.log(action, ActionStatus.DONE, turn.now)
    total = await turn.u.actions.count_done(turn.person.id)
    late = " (after its deadline)" if action.deadline and action.deadline < turn.now else ""
    text = (f"🎉 Done: {label(action)} {clip(action.text)}{late}. That's {plural(total, 'action')} completed so far."
            + await streak_note(turn, action))
    if action.insight_id is not None:
        source = await turn.u.insights.get(turn.person.id, action.insight_id)
        if source is not None:
            text += f"\n💡 It came from your insight: “{clip(source.text, 80)}”"
    return Reply(text)
