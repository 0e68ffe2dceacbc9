"""What a coach can do from a client's line: nudge them, assign them an action, open their record.

Every press names the client by id and is checked against the pressing coach's own clients,
so a forged or stale button reveals and sends nothing.
"""
from __future__ import annotations

from handlers.assigning import assign_to
from handlers.client_list import client_buttons, client_records, status_line
from handlers.digest import client_text
from handlers.formatting import action_line, clip, label
from handlers.weeks import rolling_week
from handlers.ids import as_id
from handlers.nudges import checkin_buttons
from handlers.notices import tell
from handlers.turn import Turn
from handlers.types import Button, Reply
from handlers.names import display
from handlers.zones import zone
from handlers.refs import CMD
from storage import Person, PendingKind

NOT_YOURS = f"That client is no longer on your list. {CMD}clients shows who is."


async def _client(turn: Turn, arg: str) -> Person | None:
    client_id = as_id(arg)
    if not client_id or not await turn.u.coaching.is_client_of(turn.person.id, client_id):
        return None
    return await turn.u.people.get(client_id)


async def client_detail(turn: Turn, client: Person) -> Reply:
    """The client's line, why to look, their week and their open actions, as the coach sees them."""
    rec = (await client_records(turn, [client]))[client.id]
    ctz = zone(client.timezone, turn.config.default_timezone)
    start, end = rolling_week(turn.now)  # the window /clients counts
    why = rec.attention(turn.now)
    lines = [status_line(rec, None, turn.now, turn.tz), f"→ {'; '.join(why)}" if why else "→ on track",
             client_text(rec, ctz, start, end, turn.now)]
    opened = await turn.u.actions.open_for(client.id, limit=10)
    lines.append(f"Open actions ({len(opened)}{'+' if len(opened) == 10 else ''}):")
    lines += [f"   {action_line(a, ctz, turn.now)}" for a in opened] or ["   none"]
    return Reply("\n".join(lines), buttons=(client_buttons(rec),))


async def press_record(turn: Turn, arg: str) -> list[Reply]:
    client = await _client(turn, arg)
    return [await client_detail(turn, client)] if client else [Reply(NOT_YOURS)]


async def press_nudge(turn: Turn, arg: str) -> list[Reply]:
    """A neutral word to the client about their most pressing action, held as a notice: it
    reaches them through their policy (never inside their quiet hours)."""
    client = await _client(turn, arg)
    if client is None:
        return [Reply(NOT_YOURS)]
    pressing = await turn.u.actions.open_for(client.id, limit=1)
    first = pressing[0] if pressing else None
    coach = display(turn.person)
    buttons: tuple[tuple[Button, ...], ...] = ()
    if first is None:
        text = f"👋 {coach} (your coach) is thinking of you: what will you take on next, and by when?"
        about = "what they'll take on next"
    else:
        text = (f"👋 {coach} (your coach) is thinking of you: "
                f"what's the status of {label(first)} {clip(first.text, 80)}?")
        buttons, about = checkin_buttons(first), f"{label(first)} {clip(first.text, 60)}"
    when = await tell(turn, client, text, buttons)
    return [Reply(f"👋 Sent {display(client)} a nudge about {about}{when}.")]


async def press_assign(turn: Turn, arg: str) -> list[Reply]:
    """Start /assign for this client: the next message is the action and its deadline."""
    client = await _client(turn, arg)
    if client is None:
        return [Reply(NOT_YOURS)]
    await turn.u.pending.clear(turn.person.id, [PendingKind.ASSIGN])
    await turn.u.pending.add(turn.person.id, PendingKind.ASSIGN, turn.now, ref=client.id)
    return [Reply(f"What should {display(client)} do, and by when? e.g. Send the proposal by Friday 5pm "
                  f"({CMD}cancel to stop)")]


async def answer_assign(turn: Turn, text: str) -> list[Reply] | None:
    """The coach's answer to "What should X do?"; None when no assignment is waiting."""
    pending = await turn.u.pending.latest(turn.person.id, [PendingKind.ASSIGN])
    if pending is None:
        return None
    client = await _client(turn, str(pending.ref or 0))
    if client is None:
        await turn.u.pending.remove(pending)
        return [Reply(NOT_YOURS)]
    replies, assigned = await assign_to(turn, client, text, display(client).split()[0])
    if assigned:
        await turn.u.pending.remove(pending)
    return replies or [Reply(f"What should {display(client)} do? e.g. Send the proposal by Friday 5pm "
                             f"({CMD}cancel to stop)")]
