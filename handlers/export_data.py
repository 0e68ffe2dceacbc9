"""What /export hands over: every row stored about the person, as JSON and as one CSV.

Each stored row is dumped whole (all its columns), so a column added later is exported
without anyone remembering to; friendlier fields (local times, names instead of ids) are
added beside them. tests/test_privacy_tables.py checks that every table is covered.
"""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, tzinfo
from typing import Any

from handlers.cadence import DAYS
from handlers.coaching import display
from handlers.digest import digest_slot
from handlers.metrics import describe
from handlers.reminder_leads import format_lead
from handlers.turn import Turn, leads_of, quiet_of
from storage import DONE, DROPPED, DUE, MOVED, Action, ActionEvent

ACTION_NUDGES = {"reminder", "checkin", "followup"}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (datetime, date)) else value


def row(obj: Any) -> dict[str, Any]:
    """Every column of a stored row, times in ISO 8601 (UTC)."""
    return {k: _plain(v) for k, v in obj.model_dump().items()}


def _missed(action: Action, events: list[ActionEvent], now: datetime) -> list[datetime]:
    """Deadlines that passed before the action was done or given a new deadline (how digests count
    "missed"; not stored as events). A dropped action's last deadline is never missed."""
    spans = [(e.deadline, e.at) for e in events if e.kind in (DUE, MOVED) and e.deadline is not None]
    if not spans and action.deadline is not None:  # actions from before first deadlines were logged
        spans = [(action.deadline, action.deadline_set_at or action.created_at)]
    out = []
    for i, (deadline, _) in enumerate(spans):
        last = i + 1 == len(spans)
        if last and action.status == DROPPED:
            break
        ended = spans[i + 1][1] if not last else (action.completed_at if action.status == DONE else None) or now
        if deadline < ended:
            out.append(deadline)
    return out


def _history(action: Action, events: list[ActionEvent], tz: tzinfo, now: datetime) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"kind": "created", "at": _plain(action.created_at)}]
    out += [{"kind": e.kind, "at": _plain(e.at), "deadline": _plain(e.deadline),
             "deadline_local": _plain(e.deadline.astimezone(tz)) if e.deadline else None} for e in events]
    out += [{"kind": "missed", "at": _plain(d), "derived": True} for d in _missed(action, events, now)]
    return sorted(out, key=lambda e: e["at"])


async def collect(turn: Turn) -> dict[str, Any]:
    u, person, tz = turn.u, turn.person, turn.tz
    pid = person.id
    actions = await u.actions.all_for(pid)
    events: dict[int, list[ActionEvent]] = {}
    for e in await u.personal.action_history(pid):
        events.setdefault(e.action_id, []).append(e)
    metrics = await u.personal.metrics(pid)
    values: dict[int, list[dict[str, Any]]] = {}
    for v in await u.personal.metric_values(pid):
        values.setdefault(v.metric_id, []).append(row(v))
    invite = await u.personal.invite(pid)
    numbers = {a.id: a.number for a in actions}
    metric_names = {m.id: m.name for m in metrics}
    team_metrics = await u.personal.managed_team_metrics(pid)

    def local(dt: datetime | None) -> str | None:
        return dt.astimezone(tz).isoformat() if dt else None

    def about(kind: str, subject: int) -> str:
        if kind in ACTION_NUDGES:
            return f"action #{numbers[subject]}" if subject in numbers else "an action since deleted"
        if kind == "metric":
            return f"metric {metric_names.get(subject, subject)}"
        return f"{kind} {subject}"

    day, at = digest_slot(person, turn.config)
    quiet = quiet_of(person, turn.config)
    return {
        "exported_at": _plain(turn.now),
        "person": {**row(person), "timezone": turn.zone_name, "since": _plain(person.created_at)},
        "settings": {"timezone": turn.zone_name,
                     "reminder_leads": [format_lead(lead) for lead in leads_of(person, turn.config)],
                     "quiet_hours": f"{quiet.start:%H:%M}-{quiet.end:%H:%M}" if quiet else "off",
                     "weekly_digest": {"day": DAYS[day], "time": f"{at:%H:%M}"},
                     "defaults_in_use": [name for name, v in (("timezone", person.timezone),
                                                              ("reminder_leads", person.reminder_leads),
                                                              ("quiet_hours", person.quiet_hours),
                                                              ("digest_day", person.digest_day),
                                                              ("digest_time", person.digest_time)) if v is None]},
        "insights": [row(i) for i in await u.insights.all_for(pid)],
        "actions": [{**row(a), "deadline_local": local(a.deadline),
                     "history": _history(a, events.get(a.id or 0, []), tz, turn.now)} for a in actions],
        "metrics": [{**row(m), "description": describe(m), "removed": m.removed_at is not None,
                     "values": values.get(m.id or 0, [])} for m in metrics],
        "coaching": {"links": [{**row(link), "role_of_other": role, "other": display(other)}
                               for link, other, role in await u.personal.coach_links(pid)],
                     "invite": row(invite) if invite else None},
        "teams": {"member_of": [{**row(m), "team": t.name, "channel_id": t.channel_id}
                                for t, m in await u.personal.memberships(pid)],
                  "managed": [{**row(t), "metrics": [row(s) for s in team_metrics if s.team_id == t.id]}
                              for t in await u.teams.managed_by(pid)]},
        "pending": [row(p) for p in await u.personal.pending(pid)],
        "nudges": [{**row(n), "about": about(n.kind, n.subject_id)} for n in await u.personal.nudges(pid)],
    }


CSV_COLUMNS = ["type", "number", "text", "status", "deadline_local", "created_at", "completed_at", "insight_id",
               "moves", "name", "value", "period", "at", "detail"]


def to_csv(data: dict[str, Any]) -> bytes:
    """One sheet, one row per stored thing, `type` saying which."""
    out = io.StringIO()
    w = csv.DictWriter(out, CSV_COLUMNS, restval="")
    w.writeheader()
    p = data["person"]
    w.writerow({"type": "person", "name": p["name"], "text": p["platform_user_id"], "status": p["platform"],
                "created_at": p["created_at"], "at": p["last_seen_at"] or ""})
    for key, value in data["settings"].items():
        w.writerow({"type": "setting", "name": key, "value": value})
    for i in data["insights"]:
        w.writerow({"type": "insight", "number": i["id"], "text": i["text"], "created_at": i["created_at"],
                    "status": "just a thought" if i["just_a_thought"] else ""})
    for a in data["actions"]:
        w.writerow({"type": "action", "number": a["number"], "text": a["text"], "status": a["status"],
                    "deadline_local": a["deadline_local"] or "", "created_at": a["created_at"],
                    "completed_at": a["completed_at"] or "", "insight_id": a["insight_id"] or "", "moves": a["moves"]})
        for e in a["history"]:
            w.writerow({"type": "action_history", "number": a["number"], "status": e["kind"], "at": e["at"],
                        "deadline_local": e.get("deadline_local") or ""})
    for m in data["metrics"]:
        w.writerow({"type": "metric", "name": m["name"], "text": m["description"], "created_at": m["created_at"],
                    "status": "removed" if m["removed"] else "active", "completed_at": m["removed_at"] or ""})
        for v in m["values"]:
            w.writerow({"type": "metric_value", "name": m["name"], "period": v["period"], "value": v["value"],
                        "at": v["recorded_at"]})
    for link in data["coaching"]["links"]:
        w.writerow({"type": link["role_of_other"], "name": link["other"], "created_at": link["created_at"]})
    if data["coaching"]["invite"]:
        w.writerow({"type": "invite_code", "text": data["coaching"]["invite"]["code"],
                    "created_at": data["coaching"]["invite"]["created_at"]})
    for m in data["teams"]["member_of"]:
        w.writerow({"type": "team_membership", "name": m["team"], "text": m["channel_id"], "at": m["joined_at"]})
    for t in data["teams"]["managed"]:
        w.writerow({"type": "team_managed", "name": t["name"], "text": t["channel_id"], "status": t["visibility"],
                    "created_at": t["created_at"], "detail": ", ".join(s["name"] for s in t["metrics"])})
    for q in data["pending"]:
        w.writerow({"type": "pending", "status": q["kind"], "text": q["text"], "number": q["ref"] or "",
                    "created_at": q["created_at"]})
    for n in data["nudges"]:
        w.writerow({"type": "nudge", "name": n["kind"], "status": n["status"], "at": n["planned_at"],
                    "completed_at": n["sent_at"] or "", "detail": n["about"]})
    return out.getvalue().encode("utf-8")
