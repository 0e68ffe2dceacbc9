"""Whether the team's channel sees development: knowledge scores, skills cards and goals are
between each member and the manager unless the manager opts the channel in
(/team share development on|off). Members are told when it changes."""
from __future__ import annotations

from handlers.notices import tell
from handlers.refs import CMD
from handlers.turn import Turn
from handlers.types import Reply
from storage import Team

SHARED = "each member's knowledge scores, skills card and development goal"


async def share_development(turn: Turn, t: Team, words: list[str]) -> list[Reply]:
    what = [w.lower() for w in words]
    if len(what) != 2 or what[0] != "development" or what[1] not in {"on", "off"}:
        now = "sees" if t.share_development else "does not see"
        return [Reply(f"The channel {now} {SHARED}. Send {CMD}team share development on (the channel's digest "
                      f"shows them) or off (only you and each member see them).")]
    on = what[1] == "on"
    changed = t.share_development != on
    t.share_development = on
    await turn.u.teams.save(t)
    told = [m for m in await turn.u.teams.members(t.id or 0) if changed and m.id != turn.person.id]
    for m in told:
        await tell(turn, m, f"Team {t.name}'s manager changed what the channel sees: its weekly digest "
                            f"{'now shows' if on else 'no longer shows'} {SHARED}. {CMD}team leave stops all sharing.")
    return [Reply(f"The channel's digest {'will show' if on else 'will not show'} {SHARED}."
                  + (f" Members will be told ({len(told)})." if told else ""))]
