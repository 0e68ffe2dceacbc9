"""/budget N: at most N unprompted messages a day (the person's local day). Replies never count;
what cannot fit is bundled and waits (the scheduler's policy, `scheduler/policy.py`)."""
from __future__ import annotations

from handlers.refs import CMD
from handlers.turn import Turn
from handlers.types import Reply

MOST = 50
USAGE = f"e.g. {CMD}budget 4 (1 to {MOST})"


async def budget(turn: Turn, args: str) -> list[Reply]:
    text = args.strip()
    current = turn.person.daily_budget or turn.config.daily_budget
    if not text:
        return [Reply(f"At most {current} unprompted messages a day; nudges due together come as one message, "
                      f"and what doesn't fit waits (check-ins first). Replies to you never count. {USAGE}")]
    if not (text.isascii() and text.isdigit() and len(text) <= 3 and 1 <= int(text) <= MOST):
        return [Reply(f"I couldn't read “{text[:40]}” as a number of messages. {USAGE}")]
    turn.person.daily_budget = int(text)
    await turn.u.people.save(turn.person)
    await turn.u.nudges.replan_person(turn.person.id, turn.now)
    return [Reply(f"At most {int(text)} unprompted messages a day from now on. When more fall due, they come "
                  "bundled in one message, check-ins first; the last one of the day comes in the evening "
                  "with whatever had to wait.")]
