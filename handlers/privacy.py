"""The person's data is theirs: /export hands it over, /forget deletes it (after a yes)."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from typing import Any

from handlers.ids import as_id
from handlers.turn import Turn
from handlers.types import Attachment, Button, Reply

FORGET = "forget"
CONFIRM_WINDOW = timedelta(minutes=15)


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


async def _collect(turn: Turn) -> dict[str, Any]:
    person, tz = turn.person, turn.tz
    insights = await turn.u.insights.all_for(person.id)
    actions = await turn.u.actions.all_for(person.id)

    def local(dt: datetime | None) -> str | None:
        return dt.astimezone(tz).isoformat() if dt else None

    return {
        "exported_at": _iso(turn.now),
        "person": {"name": person.name, "platform": person.platform, "timezone": turn.zone_name,
                   "since": _iso(person.created_at)},
        "insights": [{"id": i.id, "text": i.text, "created_at": _iso(i.created_at), "source": i.source}
                     for i in insights],
        "actions": [{"number": a.number, "text": a.text, "status": a.status, "deadline": _iso(a.deadline),
                     "deadline_local": local(a.deadline), "created_at": _iso(a.created_at),
                     "completed_at": _iso(a.completed_at), "insight_id": a.insight_id, "moves": a.moves}
                    for a in actions],
    }


def _csv(data: dict[str, Any]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["type", "number", "text", "status", "deadline_local", "created_at", "completed_at",
                     "insight_id", "moves"])
    for i in data["insights"]:
        writer.writerow(["insight", i["id"], i["text"], "", "", i["created_at"], "", "", ""])
    for a in data["actions"]:
        writer.writerow(["action", a["number"], a["text"], a["status"], a["deadline_local"] or "", a["created_at"],
                         a["completed_at"] or "", a["insight_id"] or "", a["moves"]])
    return out.getvalue().encode("utf-8")


async def export(turn: Turn, args: str) -> list[Reply]:
    data = await _collect(turn)
    stamp = turn.local_now.strftime("%Y%m%d")
    summary = f"Your data: {len(data['insights'])} insights, {len(data['actions'])} actions."
    if args.strip().lower() == "csv":
        return [Reply(summary, file=Attachment(f"followthrough-{stamp}.csv", "text/csv", _csv(data)))]
    body = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    return [Reply(summary + " (/export csv for a spreadsheet.)",
                  file=Attachment(f"followthrough-{stamp}.json", "application/json", body))]


async def forget(turn: Turn, _args: str) -> list[Reply]:
    await turn.u.pending.clear(turn.person.id, [FORGET])
    ask = await turn.u.pending.add(turn.person.id, FORGET, turn.now)
    return [Reply("This deletes all your insights, actions and settings, for good. /export first if you want a copy.\n"
                  "Delete everything?",
                  buttons=((Button("🗑 Yes, delete everything", "forget_yes", str(ask.id)),
                            Button("Keep my data", "forget_no", str(ask.id))),))]


async def press_forget(turn: Turn, arg: str, confirmed: bool) -> list[Reply]:
    ask = await turn.u.pending.take(turn.person.id, as_id(arg), FORGET)
    if ask is None:
        return [Reply("Nothing to confirm: that request is no longer open. Send /forget again if you mean it.")]
    if not confirmed:
        return [Reply("Kept. Nothing was deleted.")]
    if turn.now - ask.created_at > CONFIRM_WINDOW:
        return [Reply("That confirmation expired. Send /forget again if you still want to delete your data.")]
    await turn.u.people.delete(turn.person)
    return [Reply("Done: all your data is deleted. If you come back, /start begins afresh.")]
