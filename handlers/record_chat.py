"""/record: the record of accomplishment as a short chat summary (a client's own; a coach's
`/record CLIENT` for one of their clients). The whole record, with its chain of sessions →
insights → actions → outcomes, is built by handlers/accomplishment.py; this only words it."""
from __future__ import annotations

from datetime import datetime, tzinfo

from handlers.accomplishment import ActionOutcome, EngagementRecord, build_record
from handlers.assigning import pick_client
from handlers.dashboard import record_line
from handlers.formatting import clip, when, when_with_year
from handlers.names import display
from handlers.refs import CMD
from handlers.turn import Turn
from handlers.types import Reply
from handlers.web_pages import link
from handlers.zones import zone
from handlers.ontime import DROPPED, LATE, MARKS, MISSED, ON_TIME
from storage import Person

LATEST = 3  # completed actions and sessions shown by name


def _mark(a: ActionOutcome) -> str:
    """The marks every list uses (handlers/ontime.py): 🟢 on time, 🟡 done late, 🔴 missed, ⚪ dropped."""
    if a.status == "done":
        return f"{MARKS[ON_TIME]} on time" if a.on_time else f"{MARKS[LATE]} done late"
    if a.status == "dropped":
        return f"{MARKS[DROPPED]} dropped"
    return f"{MARKS[MISSED]} missed" if a.missed else "open"


def summary(record: EngagementRecord, title: str, tz: tzinfo, now: datetime, with_coach: str = "") -> str:
    since = f" since {when_with_year(record.since, tz, now).split(',')[0]}" if record.since else ""
    lines = [f"🏆 {title}{since}{with_coach}"]
    nxt = f" (next: {when_with_year(record.upcoming[0].starts_at, tz, now)})" if record.upcoming else ""
    lines.append(f"🗓 Sessions held: {len(record.held)}{nxt}")
    insights = record.insights
    acted = sum(1 for i in insights if i.actions)
    lines.append(f"💡 Insights: {len(insights)}, {acted} turned into actions")
    late = record.thanks_total - record.on_time
    lines.append(f"✅ Done thanks to the coaching: {record.thanks_total} ({record.on_time} on time, {late} late)")
    for a in record.completed[-LATEST:][::-1]:
        lines.append(f"   #{a.number} {clip(a.text, 60)} {_mark(a)}")
    for m in record.metrics:
        if m.first is None or m.latest is None:
            continue
        unit = f" {m.unit}" if m.unit else ""
        target = f" (target {m.target:g}{' ✅' if m.on_target else ''})" if m.target is not None else ""
        lines.append(f"📈 {m.name}: {m.first[1]:g} → {m.latest[1]:g}{unit}{target}")
    lines.append(f"📋 Open now: {len(record.open)}")
    for s in [s for s in record.held if s.insights][-LATEST:][::-1]:
        chain = "; ".join(f"“{clip(i.text, 50)}” → "
                          + (", ".join(f"#{a.number} {_mark(a)}" for a in i.actions) or "no action yet")
                          for i in s.insights[:2])
        lines.append(f"• {when(s.starts_at, tz).split(',')[0]}: {chain}")
    return "\n".join(lines)


async def record(turn: Turn, args: str) -> list[Reply]:
    who = args.strip()
    if not who:
        rec = await build_record(turn.u, turn.person, turn.tz, turn.now)
        if rec.since is None:
            return [Reply(f"Your record of coaching starts when you join a coach ({CMD}join CODE, or their link). "
                          f"Until then {CMD}digest shows your week.")]
        text = summary(rec, "Your record", turn.tz, turn.now)
        if turn.config.web is not None:  # the whole record, with the chart: the web page
            text += "\n" + record_line(turn.config.web, turn.person, turn.now)
        return [Reply(text)]
    mine = list(await turn.u.coaching.clients(turn.person.id))
    if not mine:
        return [Reply(f"{CMD}record shows your own record; {CMD}record CLIENT is for coaches.")]
    client = pick_client(mine, who)
    if isinstance(client, str):
        return [Reply(client)]
    text = await coach_summary(turn, client)
    if turn.config.web is not None:
        text += f"\n🌐 The whole record on the web: {link(turn.config.web, turn.person, 'client', client.id, turn.now)}"
    return [Reply(text)]


async def coach_summary(turn: Turn, client: Person) -> str:
    ctz = zone(client.timezone, turn.config.default_timezone)
    rec = await build_record(turn.u, client, ctz, turn.now, turn.person)
    return summary(rec, f"{display(client)}'s record", turn.tz, turn.now, " with you")
