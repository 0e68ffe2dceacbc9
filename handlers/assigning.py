"""A coach gives a client an action: /assign N TEXT by WHEN, or the Assign button's question.
The client hears of it through the scheduler (the `assigned` nudge), so their quiet hours hold."""
from __future__ import annotations

from handlers.deadline_input import deadline_in
from handlers.formatting import clip, when_with_year
from handlers.ids import as_id
from handlers.intent import tidy_action_text
from handlers.names import display
from handlers.refs import CMD
from handlers.turn import Turn
from handlers.types import Reply
from handlers.zones import zone
from storage import Person


def pick_client(mine: list[Person], who: str) -> Person | str:
    """Client by /clients number or name prefix; a reply text when there is no single match."""
    if who.isdigit():  # "²" too: as_id reads ASCII digits only
        n = as_id(who)
        if n is not None and n <= len(mine):
            return mine[n - 1]
    else:
        matches = [c for c in mine if display(c).lower().startswith(who.lower())]
        if len(matches) > 1:
            return f"“{clip(who, 30)}” matches several clients; use the number from {CMD}clients."
        if matches:
            return matches[0]
    return f"You have no client “{clip(who, 30)}”. {CMD}clients lists yours."


async def assign(turn: Turn, args: str) -> list[Reply]:
    usage = (f"Send {CMD}assign N TEXT by WHEN (N from {CMD}clients, or a name), "
             f"e.g. {CMD}assign 2 Send the proposal by Friday")
    who, _, rest = args.strip().partition(" ")
    if not who or not rest.strip():
        return [Reply(usage)]
    client = pick_client(list(await turn.u.coaching.clients(turn.person.id)), who)
    if isinstance(client, str):
        return [Reply(client)]
    replies, _ = await assign_to(turn, client, rest, who)
    return replies or [Reply(usage)]


async def assign_to(turn: Turn, client: Person, rest: str, who: str) -> tuple[list[Reply], bool]:
    """Give `client` the action written in `rest` (with its deadline): (replies, whether it was
    assigned); no replies when no text is left beside the deadline."""
    ctz = zone(client.timezone, turn.config.default_timezone)
    match = deadline_in(turn, rest, client.timezone or turn.config.default_timezone, turn.now.astimezone(ctz))
    if match is None or match.when <= turn.now:
        return [Reply(f"Add a deadline ahead, e.g. {CMD}assign {who} {clip(rest, 40)} by Friday.")], False
    text = tidy_action_text(rest[: match.start] + " " + rest[match.end:])
    if not text:
        return [], False
    number = await turn.u.people.take_action_number(client)
    action = await turn.u.actions.add(client.id, number, text, match.when, turn.now, assigned_by_id=turn.person.id)
    due = when_with_year(action.deadline, ctz, turn.now)  # type: ignore[arg-type]
    # The client is told by the scheduler (a nudge of its own), so their quiet hours hold.
    return [Reply(f"📌 Assigned to {display(client)}: #{number} {clip(text)}, due {due} (their time). "
                  "They'll be told now, or when their quiet hours end.")], True
