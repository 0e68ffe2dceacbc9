"""What /export hands over: every row stored about the person, as JSON and as one CSV.

Each stored row is dumped whole (all its columns), so a column added later is exported
without anyone remembering to; friendlier fields (local times, names instead of ids) are
added beside them. tests/test_privacy_tables.py checks that every table is covered.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone, tzinfo
from typing import Any

from handlers.export_development import csv_rows, development_export
from handlers.names import display
from handlers.digest import digest_slot
from handlers.metrics import describe
from handlers import quiz_export
from handlers.ontime import done_on_time, grace_end
from handlers.formatting import shown_ref
from handlers.timing import DAYS, format_lead
from handlers.timing.recurrence import describe as describe_rule
from handlers.turn import CoreConfig, Turn, leads_of, quiet_of
from storage import (DONE, DROPPED, DUE, MOVED, Action, ActionEvent, CoachInvite, CoachingSession, CoachLink, Insight,
                     Lesson, LessonQuestion, Metric, MetricValue, Notice, Nudge, Pending, Person, Series, SessionNote,
                     Team, TeamMember, TeamMetric)

ACTION_NUDGES = {"reminder", "checkin", "followup", "snoozed"}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (datetime, date)) else value


def row(obj: Any) -> dict[str, Any]:
    """Every column of a stored row, times in ISO 8601 (UTC)."""
    return {k: _plain(v) for k, v in obj.model_dump().items()}


def _missed(action: Action, events: list[ActionEvent], tz: tzinfo, now: datetime) -> list[tuple[datetime, datetime]]:
    """(grace end, deadline) for each deadline whose grace ended while the action was still open
    (handlers/ontime.py, the rule every report uses); not stored as events. A deadline that was
    moved before its grace ended, the last deadline of a done or dropped action: never missed."""
    spans = [(e.deadline, e.at) for e in events if e.kind in (DUE, MOVED) and e.deadline is not None]
    if not spans and action.deadline is not None:  # actions from before first deadlines were logged
        spans = [(action.deadline, action.deadline_set_at or action.created_at)]
    out = []
    for i, (deadline, _) in enumerate(spans):
        last = i + 1 == len(spans)
        if last and action.status in (DONE, DROPPED):
            break
        ends = grace_end(deadline, tz).astimezone(timezone.utc)  # UTC like every stored time: history sorts by it
        if ends <= (now if last else spans[i + 1][1]):
            out.append((ends, deadline))
    return out


def _history(action: Action, events: list[ActionEvent], tz: tzinfo, now: datetime) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"kind": "created", "at": _plain(action.created_at)}]
    for e in events:
        entry = {"kind": e.kind, "at": _plain(e.at), "deadline": _plain(e.deadline),
                 "deadline_local": _plain(e.deadline.astimezone(tz)) if e.deadline else None}
        if e.kind == DONE:
            entry["on_time"] = done_on_time(action, tz)
        out.append(entry)
    out += [{"kind": "missed", "at": _plain(ends), "deadline": _plain(deadline), "derived": True}
            for ends, deadline in _missed(action, events, tz, now)]
    return sorted(out, key=lambda e: e["at"])


@dataclass
class Stored:
    """The rows read for one export, before any formatting (read on the loop, formatted off it)."""

    person: Person
    config: CoreConfig
    zone_name: str
    tz: tzinfo
    now: datetime
    insights: Sequence[Insight]
    actions: Sequence[Action]
    series: Sequence[Series]
    history: Sequence[ActionEvent]
    metrics: Sequence[Metric]
    values: Sequence[MetricValue]
    links: Sequence[tuple[CoachLink, Person, str]]
    assigned: Sequence[tuple[Action, Person]]
    invite: CoachInvite | None
    memberships: Sequence[tuple[Team, TeamMember]]
    managed: Sequence[Team]
    team_metrics: Sequence[TeamMetric]
    pending: Sequence[Pending]
    nudges: Sequence[Nudge]
    notices: Sequence[Notice]
    development: dict[str, Any]  # skills, observations, bingo marks, goal (handlers/export_development.py)
    lessons: Sequence[Lesson] = ()  # the lessons this person wrote (sent in chat as a coach)
    lesson_questions: Sequence[LessonQuestion] = ()
    sessions: Sequence[CoachingSession] = ()  # held or attended
    session_notes: Sequence[SessionNote] = ()  # written as a coach
    knowledge: dict[str, Any] = field(default_factory=dict)  # handlers/quiz_export.py


async def read(turn: Turn) -> Stored:
    u, pid = turn.u, turn.person.id
    p = u.personal
    return Stored(
        person=turn.person, config=turn.config, zone_name=turn.zone_name, tz=turn.tz, now=turn.now,
        insights=await p.insights(pid), actions=await p.actions(pid), series=await p.series(pid),
        history=await p.action_history(pid),
        metrics=await p.metrics(pid), values=await p.metric_values(pid), links=await p.coach_links(pid),
        assigned=await p.assigned(pid), invite=await p.invite(pid), memberships=await p.memberships(pid),
        managed=await u.teams.managed_by(pid), team_metrics=await p.managed_team_metrics(pid),
        pending=await p.pending(pid), nudges=await p.nudges(pid), notices=await u.notices.of_person(pid),
        lessons=await u.lessons.authored(pid), lesson_questions=await u.lessons.authored_questions(pid),
        sessions=await u.sessions.of_person(pid), session_notes=await u.sessions.notes_by(pid),
        development=await development_export(turn),
        knowledge=await quiz_export.read(turn))


def _iso(instant: datetime | None) -> str | None:
    return instant.isoformat() if instant is not None else None


def _settings(s: Stored) -> dict[str, Any]:
    p = s.person
    day, at = digest_slot(p, s.config)
    quiet = quiet_of(p, s.config)
    return {"timezone": s.zone_name,
            "reminder_leads": [format_lead(lead) for lead in leads_of(p, s.config)],
            "quiet_hours": f"{quiet.start:%H:%M}-{quiet.end:%H:%M}" if quiet else "off",
            "weekly_digest": {"day": DAYS[day], "time": f"{at:%H:%M}"},
            "daily_budget": p.daily_budget or s.config.daily_budget,
            "morning_plan": p.morning_time or "off",
            "paused": {"from": _iso(p.paused_from), "until": _iso(p.paused_until),
                       "away_by_status": p.away, "away_until": _iso(p.away_until)},
            "defaults_in_use": [name for name, v in (("timezone", p.timezone), ("reminder_leads", p.reminder_leads),
                                                     ("quiet_hours", p.quiet_hours), ("digest_day", p.digest_day),
                                                     ("digest_time", p.digest_time)) if v is None]}


def build(s: Stored) -> dict[str, Any]:
    """The export as plain data. Pure: runs in a worker thread, so a long record never holds the loop."""
    tz = s.tz
    events: dict[int, list[ActionEvent]] = {}
    for e in s.history:
        events.setdefault(e.action_id, []).append(e)
    values: dict[int, list[dict[str, Any]]] = {}
    for v in sorted(s.values, key=lambda v: v.period):
        values.setdefault(v.metric_id, []).append(row(v))
    numbers = {a.id: shown_ref(a) for a in s.actions}
    metric_names = {m.id: m.name for m in s.metrics}

    def about(kind: str, subject: int) -> str:
        if kind in ACTION_NUDGES:
            return f"action #{numbers[subject]}" if subject in numbers else "an action since deleted"
        if kind == "metric":
            return f"metric {metric_names.get(subject, subject)}"
        return f"{kind} {subject}"

    return {
        "exported_at": _plain(s.now),
        "person": {**row(s.person), "timezone": s.zone_name, "since": _plain(s.person.created_at)},
        "settings": _settings(s),
        "insights": [row(i) for i in s.insights],
        "actions": [{**row(a), "deadline_local": _plain(a.deadline.astimezone(tz)) if a.deadline else None,
                     "history": _history(a, events.get(a.id or 0, []), tz, s.now)}
                    for a in sorted(s.actions, key=lambda a: (a.number, a.occurrence))],
        # Repeating actions: the rule in local wall time and its zone; each occurrence is in "actions"
        # with the series' number and its own "occurrence" (#12·3).
        "series": [{**row(r), "description": describe_rule(r.rule)} for r in s.series],
        "metrics": [{**row(m), "description": describe(m), "removed": m.removed_at is not None,
                     "values": values.get(m.id or 0, [])} for m in s.metrics],
        "coaching": {"links": [{**row(link), "role_of_other": role, "other": display(other)}
                               for link, other, role in s.links],
                     "invite": row(s.invite) if s.invite else None,
                     # What you gave clients: your words and when; the rest of the action is theirs.
                     "assigned": [{"to": display(client), "number": a.number, "text": a.text,
                                   "created_at": _plain(a.created_at)} for a, client in s.assigned]},
        "teams": {"member_of": [{**row(m), "team": t.name, "channel_id": t.channel_id} for t, m in s.memberships],
                  "managed": [{**row(t), "metrics": [row(m) for m in s.team_metrics if m.team_id == t.id]}
                              for t in s.managed]},
        "pending": [row(p) for p in s.pending],
        "nudges": [{**row(n), "about": about(n.kind, n.subject_id)} for n in s.nudges],
        # Messages waiting for someone's quiet hours to end: to you, or from you to someone else.
        "notices": [{**row(n), "direction": "to you" if n.person_id == s.person.id else "from you"}
                    for n in s.notices],
        # Lessons you wrote (coaches), with their quizzes, questions no longer in the file included.
        "lessons_authored": [{**row(lesson), "questions": [row(q) for q in s.lesson_questions
                                                           if q.lesson_id == lesson.id]} for lesson in s.lessons],
        "sessions": [_session(x, s.person.id, tz) for x in s.sessions],
        # Your private notes as a coach (a client's export never holds their coach's notes).
        "session_notes": [row(n) for n in s.session_notes],
        "development": s.development,
        # Lessons taken with every answer, review boxes, mastery per topic, lessons you wrote.
        "knowledge": s.knowledge,
    }


def _session(x: CoachingSession, person_id: int, tz: tzinfo) -> dict[str, Any]:
    """A session you held or attended; a coach's export leaves out the client's prep answer."""
    data = {**row(x), "role": "coach" if x.coach_id == person_id else "client",
            "starts_local": _plain(x.starts_at.astimezone(tz))}
    if x.coach_id == person_id and x.client_id != person_id:
        data.pop("prep_answer")
    return data


def encode(s: Stored, as_csv: bool) -> bytes:
    data = build(s)
    return to_csv(data) if as_csv else json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


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
    for r in data["series"]:
        w.writerow({"type": "series", "number": r["number"], "text": r["text"], "status": r["status"],
                    "created_at": r["created_at"], "completed_at": r["stopped_at"] or "", "detail": r["description"]})
    for m in data["metrics"]:
        w.writerow({"type": "metric", "name": m["name"], "text": m["description"], "created_at": m["created_at"],
                    "status": "removed" if m["removed"] else "active", "completed_at": m["removed_at"] or ""})
        for v in m["values"]:
            w.writerow({"type": "metric_value", "name": m["name"], "period": v["period"], "value": v["value"],
                        "at": v["recorded_at"]})
    for link in data["coaching"]["links"]:
        w.writerow({"type": link["role_of_other"], "name": link["other"], "created_at": link["created_at"]})
    for a in data["coaching"]["assigned"]:
        w.writerow({"type": "assigned", "name": a["to"], "number": a["number"], "text": a["text"],
                    "created_at": a["created_at"]})
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
    for n in data["notices"]:
        w.writerow({"type": "notice", "text": n["text"], "status": n["direction"], "created_at": n["created_at"],
                    "at": n["next_check_at"] or ""})
    for lesson in data["lessons_authored"]:
        w.writerow({"type": "lesson_authored", "number": lesson["number"], "name": lesson["topic"],
                    "text": lesson["title"], "created_at": lesson["created_at"], "at": lesson["updated_at"],
                    "value": len(lesson["questions"])})
    for x in data["sessions"]:
        w.writerow({"type": "session", "status": x["status"], "deadline_local": x["starts_local"],
                    "created_at": x["created_at"], "name": x["role"], "text": x.get("prep_answer", ""),
                    "detail": x["every"]})
    for n in data["session_notes"]:
        w.writerow({"type": "session_note", "text": n["text"], "created_at": n["created_at"]})
    for r in csv_rows(data["development"]):
        w.writerow(r)
    for r in quiz_export.csv_rows(data["knowledge"]):
        w.writerow(r)
    return out.getvalue().encode("utf-8")
