"""Weekly digests: the client's record of the week, and one message for a coach over all
their clients, those who need attention first. Also /digest (on demand) and /digest time."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, time, timedelta, tzinfo

from handlers.chart import chart_data, render_async
from handlers.dashboard import clients_line, record_line
from handlers import knowledge_lines
from handlers.development_digest import clients_development, own_development
from handlers.client_list import BUTTON_ROWS, by_attention, client_buttons, status_line
from handlers.weeks import rolling_week
from handlers.formatting import action_line, clip, label, outcome_chain, plural, when_with_year
from handlers.occurrences import streak_words
from handlers.ontime import mark_words, rate_words
from handlers.sparkline import sparkline
from handlers.timing import day_name, last_slot as weekly_slot_before, read_clock, read_weekday, slot_of
from handlers.record import Record, records
from handlers.turn import CoreConfig, Turn
from handlers.types import Attachment, Button, Reply
from handlers.zones import zone
from handlers.refs import CMD
from storage import Action, Person, Unit

LIST_MAX = 8


def _fmt(v: float | None) -> str:
    return "–" if v is None else f"{v:g}"


def _changes(rec: Record) -> list[tuple[Action, str]]:
    """Each action moved or snoozed in the window, with 'moved 2×, snoozed 3×'."""
    moved = {a.id: (a, n) for a, n in rec.moved}
    snoozed = {a.id: (a, n) for a, n in rec.snoozed}
    out = []
    for key in dict.fromkeys([*moved, *snoozed]):
        action = (moved.get(key) or snoozed[key])[0]
        parts = [f"moved {moved[key][1]}×" if key in moved else "",
                 f"snoozed {snoozed[key][1]}×" if key in snoozed else ""]
        out.append((action, ", ".join(p for p in parts if p)))
    return out


def client_text(rec: Record, tz: tzinfo, start: datetime, end: datetime, now: datetime) -> str:
    """The week in words: done (with the running total), missed, moved, next, insights, metrics."""
    local_start, local_end = start.astimezone(tz), (end - timedelta(seconds=1)).astimezone(tz)
    head = f"🗓 Your week, {local_start:%a %d %b} – {local_end:%a %d %b}"
    if rec.empty:
        return (f"{head}\nNothing recorded yet, and that's fine: every record starts with one action. "
                "Tell me what you'll do and by when, e.g. I'll call two prospects by Friday.")
    late = f" ({len(rec.late)} late)" if rec.late else ""
    lines = [head, f"✅ Completed: {len(rec.completed)} this week{late}, {rec.total_done} in total"]
    for a in rec.completed[:LIST_MAX]:
        mark, words = mark_words(a, tz, now)
        result = f" → {clip(a.outcome, 80)}" if a.outcome else ""
        lines.append(f"   {mark} {label(a)} {clip(a.text, 80)}{'' if a not in rec.late else f' ({words})'}{result}")
    if rate := rate_words(rec.rate):
        lines.append(f"🎯 {rate[0].upper()}{rate[1:]}")
    if rec.missed:
        lines.append(f"🔴 Missed: {len(rec.missed)}")
        lines += [f"   {action_line(a, tz, now)}" for a in rec.missed[:LIST_MAX]]
    if rec.dropped:
        lines.append(f"⚪ Dropped: {len(rec.dropped)}")
        lines += [f"   {label(a)} {clip(a.text, 60)}" for a in rec.dropped[:LIST_MAX]]
    changed = _changes(rec)
    if changed:
        lines.append(f"📅 Moved or snoozed: {len(changed)}")
        lines += [f"   {label(a)} {clip(a.text, 60)} ({words})" for a, words in changed[:LIST_MAX]]
    chains = [c for a in rec.completed if (c := outcome_chain(a, rec.sources.get(a.insight_id or 0)))]
    if chains:
        lines.append("🔗 What came of it:")
        lines += [f"   {c}" for c in chains[:LIST_MAX]]
    if rec.due_next:
        lines.append(f"➡️ Due next: {len(rec.due_next)}")
        lines += [f"   {label(a)} {clip(a.text, 60)}, {when_with_year(a.deadline, tz, now)}"
                  for a in rec.due_next[:LIST_MAX] if a.deadline]
    if rec.streaks:
        lines.append(f"🔁 Repeating: {len(rec.streaks)}")
        lines += [f"   #{series.number} {clip(series.text, 60)}: {streak_words(series, n) or 'no streak yet'}"
                  for series, n in rec.streaks[:LIST_MAX]]
    if rec.insights:
        acted = sum(1 for _, n in rec.insights if n)
        lines.append(f"💡 Insights: {len(rec.insights)}, {acted} became actions")
        for insight, n in rec.insights[:LIST_MAX]:
            became = f" ({plural(n, 'action')})" if n else ""
            lines.append(f"   {'→' if n else '·'} {clip(insight.text, 70)}{became}")
    for m in rec.metrics:
        target = f" · target {m.metric.target:g}" if m.metric.target is not None else ""
        per = "" if m.metric.cadence == "weekly" else " avg/day"
        flag = " ⚠️" if m.below_target else (" 🎯" if m.metric.target is not None else "")
        lines.append(f"📈 {m.metric.name} ({m.metric.kind}): this week {_fmt(m.this_week)}{per} · last week "
                     f"{_fmt(m.last_week)}{target}{flag}  {sparkline(m.history)}")
    lines += knowledge_lines.client_lines(rec.knowledge)
    return "\n".join(lines)


def coach_text(coach: Person, recs: list[Record], tz: tzinfo, start: datetime, end: datetime, now: datetime) -> str:
    """Every client, the one needing the most attention first, each with the reason; numbered
    as in /clients (the order the coach's list holds them), so /assign N means the same."""
    local_start, local_end = start.astimezone(tz), (end - timedelta(seconds=1)).astimezone(tz)
    head = f"🧭 Your clients, {local_start:%a %d %b} – {local_end:%a %d %b}"
    if not recs:
        return f"{head}\nNo clients yet. {CMD}coach gives you an invite to share."
    ranked = by_attention(list(enumerate(recs, 1)), now)
    need = sum(1 for _, r in ranked if r.attention(now))
    lines = [head, f"{need} need attention, {len(recs) - need} on track. Most in need first:"]
    for i, r in ranked:
        why = r.attention(now)
        reason = f"\n   → {'; '.join(why)}" if why else ""
        lines.append(f"{'⚠️' if why else '✅'} {status_line(r, i, now, tz)}{reason}")
    return "\n".join(lines)


def coach_buttons(recs: list[Record], now: datetime) -> tuple[tuple[Button, ...], ...]:
    """Nudge / assign / record for the clients needing attention, most in need first."""
    ranked = [r for _, r in by_attention(list(enumerate(recs, 1)), now) if r.attention(now)]
    return tuple(client_buttons(r) for r in ranked[:BUTTON_ROWS])


async def client_record(u: Unit, person: Person, config: CoreConfig, start: datetime, end: datetime,
                        now: datetime) -> Record:
    """The database half of a client digest (render() is the CPU half, outside the transaction)."""
    tz = zone(person.timezone, config.default_timezone)
    return (await records(u, [person], start, end, now, lambda p: tz))[person.id]


async def render_client(rec: Record, config: CoreConfig, start: datetime, end: datetime, now: datetime,
                        development: Sequence[str] = ()) -> Reply:
    """Words and chart for a record; the chart is drawn in a worker process. `development`: the
    person's Development lines (handlers/development.py), under the week's performance."""
    tz = zone(rec.person.timezone, config.default_timezone)
    text = "\n".join([_performance(client_text(rec, tz, start, end, now), development), *development])
    if config.web is not None and not rec.empty:
        text += "\n" + record_line(config.web, rec.person, now)
    data = None if rec.empty else chart_data(rec, tz, (min(end, now) - timedelta(seconds=1)).astimezone(tz).date())
    if data is None:
        return Reply(text)
    png = await render_async(data)
    return Reply(text, file=Attachment(f"followthrough-week-{start.astimezone(tz):%Y%m%d}.png", "image/png", png))


async def client_digest(u: Unit, person: Person, config: CoreConfig, start: datetime, end: datetime,
                        now: datetime) -> Reply:
    rec = await client_record(u, person, config, start, end, now)
    return await render_client(rec, config, start, end, now, await own_development(u, person, now))


async def coach_digest(u: Unit, coach: Person, config: CoreConfig, start: datetime, end: datetime,
                       now: datetime) -> Reply:
    tz = zone(coach.timezone, config.default_timezone)
    clients = list(await u.coaching.clients(coach.id))
    default = config.default_timezone
    recs = await records(u, clients, start, end, now, lambda p: zone(p.timezone, default))
    mine = [recs[c.id] for c in clients if c.id in recs]
    development = await clients_development(u, coach, clients, now)
    text = _performance(coach_text(coach, mine, tz, start, end, now), development)
    text = "\n".join([text, *development])
    if config.web is not None and mine:
        text += "\n" + clients_line(config.web, coach, now)
    return Reply(text, buttons=coach_buttons(mine, now))


def _performance(text: str, development: Sequence[str]) -> str:
    """With a Development part below, the week's lines are marked as the Performance part."""
    if not development:
        return text
    head, _, rest = text.partition("\n")
    return f"{head}\n— Performance (this week) —\n{rest}"


def digest_slot(person: Person, config: CoreConfig) -> tuple[int, time]:
    return slot_of(person.digest_day, person.digest_time, config.digest_day, config.digest_time)


def last_slot(person: Person, config: CoreConfig, now: datetime) -> datetime:
    """The most recent weekly digest instant at or before `now`, in the person's zone."""
    return weekly_slot_before(*digest_slot(person, config), zone(person.timezone, config.default_timezone), now)


AS_FILE = frozenset({"png", "file", "document"})


async def digest(turn: Turn, args: str) -> list[Reply]:
    words = args.lower().split()
    start, end = rolling_week(turn.now)
    if not words or words[0] in AS_FILE:
        reply = await client_digest(turn.u, turn.person, turn.config, start, end, turn.now)
        if words and reply.file is not None:  # the chart as the PNG file itself, to keep or forward
            reply = replace(reply, file=replace(reply.file, as_file=True))
        return [reply]
    if words[0] == "clients":
        return [await coach_digest(turn.u, turn.person, turn.config, start, end, turn.now)]
    if words[0] == "time":
        return await digest_time(turn, words[1:])
    return [Reply(f"Send {CMD}digest for your last 7 days ({CMD}digest png: the chart as a file), "
                  f"{CMD}digest clients for your clients, "
                  f"or {CMD}digest time DAY HH:MM to choose when the weekly one comes.")]


async def digest_time(turn: Turn, words: list[str]) -> list[Reply]:
    day = read_weekday(words[0]) if len(words) == 2 else None
    if day is None:
        now_day, now_at = digest_slot(turn.person, turn.config)
        return [Reply(f"Your weekly digest comes {day_name(now_day)} at {now_at:%H:%M}. "
                      f"Change it with {CMD}digest time DAY HH:MM, e.g. {CMD}digest time friday 16:00")]
    at = read_clock(words[1])
    if at is None:
        return [Reply(f"“{words[1]}” is not a time like 16:00.")]
    turn.person.digest_day, turn.person.digest_time = day, at.strftime("%H:%M")
    await turn.u.people.save(turn.person)
    await turn.u.nudges.replan_person(turn.person.id, turn.now)
    return [Reply(f"Weekly digest: {day_name(day)}s at {at:%H:%M} ({turn.zone_name}).")]
