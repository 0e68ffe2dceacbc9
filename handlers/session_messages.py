"""What the scheduler says around a session: the client's prep question the day before, the
coach's agenda before it, the client's prod after it; and the client's answer to the prep
question (kept on the session, shown in the agenda).

The agenda is the record (handlers/accomplishment.py) narrowed to the time since the last
session, most important first: the client's own words, what slipped, what is due next, what
got done and moved, insights still without an action, metrics against target, the coach's
own notes from last time. Short: each list shows three at most.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from handlers import knowledge_lines
from handlers.accomplishment import ActionOutcome, EngagementRecord, MetricProgress, build_record
from handlers.deadline_input import deadline_in
from handlers.development_digest import clients_development
from handlers.knowledge_lines import Knowledge
from handlers.formatting import clip, when
from handlers.intent import COMMIT_OPENER, INSIGHT_PREFIX
from handlers.names import display
from handlers.refs import CMD
from handlers.timing import day_words
from handlers.turn import Turn
from handlers.types import Reply
from handlers.zones import zone
from storage import CoachingSession, Person, PendingKind, Unit

SHOWN = 3  # items per list in the agenda
FIRST_WINDOW = timedelta(days=14)  # "since the last session" for a first session
# An insight recorded within this of a session's start (during it, or in the day after) came from it.
SESSION_INSIGHTS_WITHIN = timedelta(hours=36)


def _list(items: list[str]) -> str:
    more = f" (+{len(items) - SHOWN} more)" if len(items) > SHOWN else ""
    return "; ".join(items[:SHOWN]) + more


def prep_question(row: CoachingSession, client_tz: tzinfo, coach: Person, now: datetime) -> Reply:
    words = day_words(row.starts_at, client_tz, now)
    return Reply(f"🗓 {words[0].upper()}{words[1:]}: your session with {display(coach)}.\n"
                 "To prepare: what went well, what got in the way, what do you want to bring?\n"
                 f"(Reply here; {display(coach)} sees your answer before the session.)")


def prod(row: CoachingSession, coach: Person) -> Reply:
    return Reply(f"🗓 After your session with {display(coach)}: what did you take away from today? "
                 "What will you do about it, and by when?\n"
                 "(e.g. “Insight: I rush the close”, then “I'll ask two questions per call, starting tomorrow”)")


def _action(a: ActionOutcome, tz: tzinfo) -> str:
    due = f" (due {when(a.deadline, tz)})" if a.deadline else ""
    return f"#{a.number} {clip(a.text, 50)}{due}"


def _metric(m: MetricProgress, since: date) -> str | None:
    before = [p for p in m.points if p[0] < since]
    start = before[-1] if before else next((p for p in m.points if p[0] >= since), None)
    if start is None or m.latest is None:
        return None
    unit = f" {m.unit}" if m.unit else ""
    target = ""
    if m.target is not None:
        target = f" (target {m.target:g}{unit} {'✅' if m.latest[1] >= m.target else '⚠️'})"
    return f"{m.name} {start[1]:g} → {m.latest[1]:g}{unit}{target}"


def agenda_text(record: EngagementRecord, row: CoachingSession, client: Person, coach_tz: tzinfo,
                client_tz: tzinfo, since: datetime, moved: dict[int, int], notes: list[str], now: datetime,
                learning: Sequence[str] = ()) -> str:
    name = display(client)
    lines = [f"🗓 Agenda: {name}, {day_words(row.starts_at, coach_tz, now)}"]
    lines.append(f"💬 {name}'s prep: “{clip(row.prep_answer, 400)}”" if row.prep_answer.strip()
                 else f"💬 {name} has not answered the prep question.")
    lines.append(f"Since {when(since, coach_tz)}:")
    acts = [a for s in (record.completed, record.open) for a in s]
    missed = [a for a in record.open if a.missed]
    done = [a for a in record.completed if a.completed_at and a.completed_at >= since]
    moves = [a for a in acts if moved.get(a.id)]
    nexts = [a for a in record.open if not a.missed and a.deadline is not None]
    loose = [i for i in record.insights if not i.actions and not i.just_a_thought and i.created_at >= since]
    if missed:
        lines.append(f"⚠️ Missed: {_list([_action(a, client_tz) for a in missed])}")
    if nexts:
        lines.append(f"📋 Open, due next: {_list([_action(a, client_tz) for a in nexts])}")
    on_time = sum(1 for a in done if a.on_time)
    lines.append(f"✅ Done: {len(done)} ({on_time} on time, {len(done) - on_time} late)"
                 + (f": {_list([f'#{a.number} {clip(a.text, 50)}' for a in done])}" if done else ""))
    if moves:
        lines.append(f"↪️ Moved: {_list([f'#{a.number} {clip(a.text, 50)} ({moved[a.id]}×)' for a in moves])}")
    if loose:
        lines.append(f"💡 No action yet: {_list([f'“{clip(i.text, 60)}”' for i in loose])}")
    metrics = [t for m in record.metrics if (t := _metric(m, since.astimezone(client_tz).date()))]
    if metrics:
        lines.append(f"📈 {_list(metrics)}")
    lines.extend(learning)
    if notes:
        lines.append(f"📝 Your notes: {_list([f'“{clip(n, 80)}”' for n in notes])}")
    return "\n".join(lines)


async def agenda(u: Unit, row: CoachingSession, client: Person, coach: Person, default_zone: str,
                 now: datetime) -> Reply:
    """The database half: the record, the last session, moves since, the coach's notes."""
    client_tz, coach_tz = zone(client.timezone, default_zone), zone(coach.timezone, default_zone)
    last = await u.sessions.held_before(coach.id, client.id, row.starts_at)
    since = last.starts_at if last is not None else row.starts_at - FIRST_WINDOW
    record = await build_record(u, client, client_tz, now, coach)
    moved = (await u.reports.moves_between([client.id], since, now)).get(client.id, {})
    notes = [n.text for n in await u.sessions.notes_by(coach.id, client.id)
             if last is not None and n.session_id == last.id]
    learning = await _learning(u, coach, client, since, now)
    return Reply(agenda_text(record, row, client, coach_tz, client_tz, since, moved, notes, now, learning))


@dataclass
class _Learner:
    person: Person
    knowledge: Knowledge = field(default_factory=Knowledge)


async def _learning(u: Unit, coach: Person, client: Person, since: datetime, now: datetime) -> list[str]:
    """Lessons and skills, when the client has any: their lessons (assigned, done, overdue, the
    weakest topic), then the development lines this coach may see (knowledge per topic, the
    skills card they keep, the goal) without their heading, and what to do next."""
    learner = _Learner(client)
    await knowledge_lines.attach(u, [learner], since, now, now)
    words = knowledge_lines.coach_words(learner.knowledge, now)
    development = await clients_development(u, coach, [client], now)
    return ([words] if words else []) + development[1:]


async def answer_prep(turn: Turn, text: str) -> list[Reply] | None:
    """Keep a reply to the prep question on the session; None when `text` is no such answer
    (no question waits, or the message is a dated commitment or a marked insight of its own:
    "I want to talk about my pipeline" answers, "I'll call Anna by Friday" is a commitment)."""
    pending = await turn.u.pending.latest(turn.person.id, [PendingKind.SESSION_PREP])
    if pending is None or INSIGHT_PREFIX.match(text):
        return None
    if COMMIT_OPENER.match(text) and (match := deadline_in(turn, text)) is not None and match.when > turn.now:
        return None
    await turn.u.pending.remove(pending)
    row = await turn.u.sessions.by_id(pending.ref or 0)
    if row is None or row.client_id != turn.person.id or row.status != "planned" or row.starts_at <= turn.now:
        return None
    row.prep_answer = (row.prep_answer + "\n" + text).strip()[: turn.config.max_text]
    await turn.u.sessions.save(row)
    coach = await turn.u.people.get(row.coach_id)
    who = display(coach) if coach else "your coach"
    return [Reply(f"📝 Thanks: {who} will see that before your session {day_words(row.starts_at, turn.tz, turn.now)}."
                  f" ({CMD}sessions lists yours.)")]
