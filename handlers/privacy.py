"""The person's data is theirs: /export hands it over, /forget deletes it (after a yes)."""
from __future__ import annotations

import asyncio
from datetime import timedelta

from handlers.export_data import encode, read
from handlers.ids import as_id
from handlers.turn import Turn
from handlers.types import Attachment, Button, Reply
from handlers.refs import CMD
from storage import PendingKind

CONFIRM_WINDOW = timedelta(minutes=15)


async def export(turn: Turn, args: str) -> list[Reply]:
    stored = await read(turn)
    as_csv = args.strip().lower() == "csv"
    body = await asyncio.to_thread(encode, stored, as_csv)  # formatting a long record stays off the loop
    stamp = turn.local_now.strftime("%Y%m%d")
    summary = (f"Your data: {len(stored.insights)} insights, {len(stored.actions)} actions, "
               f"{len(stored.metrics)} metrics with {len(stored.values)} values, {len(stored.nudges)} nudges sent or "
               "tried, your settings, coach and team links, skills cards, observations and development goal, "
               f"{len(stored.knowledge['attempts'])} quizzes taken with every answer, review boxes and mastery.")
    if as_csv:
        return [Reply(summary, file=Attachment(f"followthrough-{stamp}.csv", "text/csv", body))]
    return [Reply(summary + f" ({CMD}export csv for a spreadsheet.)",
                  file=Attachment(f"followthrough-{stamp}.json", "application/json", body))]


async def forget(turn: Turn, _args: str) -> list[Reply]:
    await turn.u.pending.clear(turn.person.id, [PendingKind.FORGET])
    ask = await turn.u.pending.add(turn.person.id, PendingKind.FORGET, turn.now)
    return [Reply("This deletes everything stored about you, for good: insights, actions and their history, "
                  "metrics and values, settings, coach and team links (a team you manage goes too), skills cards, "
                  "observations, bingo marks, your development goal, quizzes, review boxes and mastery. "
                  f"{CMD}export first if you want a copy.\nDelete everything?",
                  buttons=((Button("🗑 Yes, delete everything", "forget_yes", str(ask.id)),
                            Button("Keep my data", "forget_no", str(ask.id))),))]


async def press_forget(turn: Turn, arg: str, confirmed: bool) -> list[Reply]:
    ask = await turn.u.pending.take(turn.person.id, as_id(arg), PendingKind.FORGET)
    if ask is None:
        return [Reply(f"Nothing to confirm: that request is no longer open. Send {CMD}forget again if you mean it.")]
    if not confirmed:
        return [Reply("Kept. Nothing was deleted.")]
    if turn.now - ask.created_at > CONFIRM_WINDOW:
        return [Reply(f"That confirmation expired. Send {CMD}forget again if you still want to delete your data.")]
    await turn.u.events.inbox_forget(turn.person.platform, turn.person.platform_user_id)  # their raw messages
    await turn.u.people.delete(turn.person)
    return [Reply(f"Done: all your data is deleted. If you come back, {CMD}start begins afresh.")]
