"""/insights: recent insights and the actions that came from each, so the chain from
realisation to result is visible."""
from __future__ import annotations

from collections import defaultdict

from handlers.formatting import action_line, clip
from handlers.turn import Turn
from handlers.types import Reply

RECENT = 10


async def list_insights(turn: Turn, _args: str = "") -> list[Reply]:
    insights = await turn.u.insights.recent(turn.person.id, RECENT)
    if not insights:
        return [Reply("No insights yet. When something clicks, tell me: Insight: I close more when I ask first")]
    actions = await turn.u.actions.for_insights(turn.person.id, [i.id for i in insights if i.id is not None])
    by_insight = defaultdict(list)
    for a in actions:
        by_insight[a.insight_id].append(a)
    lines = [f"Your recent insights ({len(insights)}):"]
    for i in insights:
        local = i.created_at.astimezone(turn.tz)
        lines.append(f"💡 {local:%a} {local.day} {local:%b}: {clip(i.text, 200)}")
        linked = by_insight.get(i.id, [])
        lines.extend(f"   → {action_line(a, turn.tz, turn.now)}" for a in linked)
        if not linked:
            lines.append("   → no action yet")
    return [Reply("\n".join(lines))]
