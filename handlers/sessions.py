"""/session and /sessions: a coach schedules, moves and cancels sessions with a client, keeps
private notes, and sets when the agenda comes; a client lists theirs.

A session is stored as wall time in the zone of the coach who scheduled it (the session is one
instant; the coach's wall time is what a series keeps across daylight-saving changes), and each
person is shown it in their own zone. The client hears of a new, moved or cancelled session
through a notice (their quiet hours hold it).
"""
from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from handlers.assigning import pick_client
from handlers.deadline_input import deadline_in
from handlers.formatting import clip, when_with_year
from handlers.names import display
from handlers.notices import tell
from handlers.refs import CMD
from handlers.timing import DEFAULT_MINUTES, EVERY_WORDS, format_lead, parse_leads, read_every
from handlers.turn import Turn
from handlers.types import Reply
from handlers.zones import zone
from storage import CoachingSession, Person

AGENDA_LEAD_MINUTES = 60
MAX_AGENDA_LEAD = timedelta(hours=48)
USAGE = (f"Sessions (coaches): {CMD}session add CLIENT WHEN [every 2 weeks | monthly], "
         f"{CMD}session move CLIENT WHEN, {CMD}session cancel CLIENT [all], {CMD}session note CLIENT TEXT, "
         f"{CMD}session notes CLIENT, {CMD}session agenda 2h; {CMD}sessions lists them. "
         f"CLIENT is a number from {CMD}clients or a name.")


def agenda_lead(person: Person) -> timedelta:
    return timedelta(minutes=person.session_agenda_lead or AGENDA_LEAD_MINUTES)


def both_times(turn: Turn, starts_at: datetime, other: Person) -> str:
    """"Thu 18 Mar, 16:00 (11:00 their time)" when the other person's clock differs."""
    mine = when_with_year(starts_at, turn.tz, turn.now)
    theirs = zone(other.timezone, turn.config.default_timezone)
    if starts_at.astimezone(theirs).utcoffset() == starts_at.astimezone(turn.tz).utcoffset():
        return mine
    return f"{mine} ({when_with_year(starts_at, theirs, turn.now)} their time)"


async def session(turn: Turn, args: str) -> list[Reply]:
    sub, _, rest = args.strip().partition(" ")
    run = {"add": _add, "move": _move, "cancel": _cancel, "note": _note, "notes": _notes, "agenda": _agenda,
           "list": sessions, "": sessions}.get(sub.lower())
    if run is None:
        return [Reply(USAGE)]
    return await run(turn, rest.strip())


async def _client(turn: Turn, who: str) -> Person | str:
    mine = list(await turn.u.coaching.clients(turn.person.id))
    if not mine:
        return (f"Sessions are for coaches and their clients: {CMD}coach gives you an invite to share "
                "(in Slack, a team's manager coaches its members).")
    return pick_client(mine, who) if who else USAGE


async def _when(turn: Turn, text: str, who: str, verb: str) -> tuple[datetime, str] | str:
    every, when_text = read_every(text)
    match = deadline_in(turn, when_text) if when_text else None
    if match is None or match.when <= turn.now:
        return f"When? e.g. {CMD}session {verb} {clip(who, 20)} Thursday 10:00 every 2 weeks"
    if not match.has_time:
        return f"At what time? e.g. {CMD}session {verb} {clip(who, 20)} {clip(when_text, 30)} 10:00"
    return match.when, every


def _wall(instant: datetime, tz: tzinfo) -> str:
    return instant.astimezone(tz).strftime("%Y-%m-%dT%H:%M")


async def _add(turn: Turn, rest: str) -> list[Reply]:
    who, _, text = rest.partition(" ")
    client = await _client(turn, who)
    if isinstance(client, str):
        return [Reply(client)]
    when = await _when(turn, text, who, "add")
    if isinstance(when, str):
        return [Reply(when)]
    starts_at, every = when
    wall = _wall(starts_at, turn.tz)
    await turn.u.sessions.save(CoachingSession(
        coach_id=turn.person.id, client_id=client.id, starts_at=starts_at, local_start=wall, timezone=turn.zone_name,
        minutes=DEFAULT_MINUTES, every=every, series_start=wall, created_at=turn.now, next_check_at=turn.now))
    told = await tell(turn, client, f"🗓 {display(turn.person)} scheduled a session with you: "
                                    f"{_their(turn, starts_at, client)}, {EVERY_WORDS[every]}. "
                                    f"{CMD}sessions lists yours.")
    return [Reply(f"🗓 Session with {display(client)}: {both_times(turn, starts_at, client)}, {EVERY_WORDS[every]}.\n"
                  f"They get a prep question the day before, you get the agenda {format_lead(agenda_lead(turn.person))}"
                  f" before, and after it they're asked what they'll do and by when. They're told{told or ' now'}.")]


def _their(turn: Turn, starts_at: datetime, client: Person) -> str:
    return when_with_year(starts_at, zone(client.timezone, turn.config.default_timezone), turn.now)


async def _next(turn: Turn, who: str, verb: str) -> tuple[Person, CoachingSession] | str:
    client = await _client(turn, who)
    if isinstance(client, str):
        return client
    row = await turn.u.sessions.next_with(turn.person.id, client.id, turn.now)
    if row is None:
        return f"No session ahead with {display(client)}. {CMD}session add {clip(who, 20)} WHEN schedules one."
    return client, row


async def _move(turn: Turn, rest: str) -> list[Reply]:
    who, _, text = rest.partition(" ")
    found = await _next(turn, who, "move")
    if isinstance(found, str):
        return [Reply(found)]
    client, row = found
    match = deadline_in(turn, text) if text.strip() else None
    if match is None or match.when <= turn.now or not match.has_time:
        return [Reply(f"To when, at what time? e.g. {CMD}session move {clip(who, 20)} Friday 11:00")]
    was = row.starts_at
    row.starts_at, row.local_start, row.timezone = match.when, _wall(match.when, turn.tz), turn.zone_name
    row.moves, row.next_check_at = row.moves + 1, turn.now
    await turn.u.sessions.save(row)
    told = await tell(turn, client, f"🗓 {display(turn.person)} moved your session of {_their(turn, was, client)} "
                                    f"to {_their(turn, match.when, client)}.")
    return [Reply(f"🗓 Moved: the session with {display(client)} is now {both_times(turn, match.when, client)}. "
                  f"They're told{told or ' now'}.")]


async def _cancel(turn: Turn, rest: str) -> list[Reply]:
    who, _, what = rest.partition(" ")
    found = await _next(turn, who, "cancel")
    if isinstance(found, str):
        return [Reply(found)]
    client, row = found
    whole = what.strip().lower() in {"all", "series", "every", "all of them"}
    stops = whole and bool(row.every)
    row.status, row.next_check_at = "cancelled", turn.now
    if stops:
        row.every = ""
    await turn.u.sessions.save(row)
    said = "and the sessions after it" if stops else ""
    told = await tell(turn, client, f"🗓 {display(turn.person)} cancelled your session of "
                                    f"{_their(turn, row.starts_at, client)} {said}".rstrip() + ".")
    series = " The series goes on (" + f"{CMD}session cancel {clip(who, 20)} all stops it)." if row.every else ""
    return [Reply(f"🗓 Cancelled: the session with {display(client)} of "
                  f"{when_with_year(row.starts_at, turn.tz, turn.now)} {said}".rstrip() + "." + series +
                  f" They're told{told or ' now'}.")]


async def _note(turn: Turn, rest: str) -> list[Reply]:
    who, _, text = rest.partition(" ")
    client = await _client(turn, who)
    if isinstance(client, str):
        return [Reply(client)]
    text = " ".join(text.split())
    if not text:
        return [Reply(f"What's the note? e.g. {CMD}session note {clip(who, 20)} Wants to work on delegation")]
    held = await turn.u.sessions.held_before(turn.person.id, client.id, turn.now)
    row = held or await turn.u.sessions.next_with(turn.person.id, client.id, turn.now)
    await turn.u.sessions.add_note(turn.person.id, client.id, row.id if row else None, text, turn.now)
    about = f" (session of {when_with_year(row.starts_at, turn.tz, turn.now)})" if row else ""
    return [Reply(f"📝 Note kept about {display(client)}{about}. Only you see it: never {display(client)}, "
                  f"nor their {CMD}record or {CMD}export. {CMD}session notes {clip(who, 20)} lists them.")]


async def _notes(turn: Turn, rest: str) -> list[Reply]:
    client = await _client(turn, rest.split(" ")[0] if rest else "")
    if isinstance(client, str):
        return [Reply(client)]
    notes = list(await turn.u.sessions.notes_by(turn.person.id, client.id))[-10:]
    if not notes:
        return [Reply(f"No notes about {display(client)} yet. {CMD}session note {clip(rest, 20)} TEXT keeps one.")]
    lines = [f"📝 Your notes about {display(client)} (only you see them), latest 10:"]
    lines += [f"• {when_with_year(n.created_at, turn.tz, turn.now)}: {clip(n.text, 300)}" for n in notes]
    return [Reply("\n".join(lines))]


async def _agenda(turn: Turn, rest: str) -> list[Reply]:
    leads = parse_leads(rest) if rest else None
    if not leads or len(leads) != 1 or leads[0] > MAX_AGENDA_LEAD:
        now = format_lead(agenda_lead(turn.person))
        return [Reply(f"Your agenda comes {now} before each session. Change it with {CMD}session agenda 2h "
                      "(one lead, up to 48h).")]
    turn.person.session_agenda_lead = int(leads[0].total_seconds() // 60)
    await turn.u.people.save(turn.person)
    await turn.u.nudges.replan_person(turn.person.id, turn.now)
    return [Reply(f"🗓 Your agenda now comes {format_lead(leads[0])} before each session.")]


async def sessions(turn: Turn, _args: str) -> list[Reply]:
    """Coach: upcoming sessions per client; client: theirs."""
    lines: list[str] = []
    held = await turn.u.sessions.upcoming_of_coach(turn.person.id, turn.now)
    if held:
        lines.append("🗓 Your sessions ahead:")
        lines += [f"• {display(c)}: {both_times(turn, s.starts_at, c)}"
                  + (f", {EVERY_WORDS[s.every]}" if s.every else "") for s, c in held[:20]]
    mine = await turn.u.sessions.upcoming_of_client(turn.person.id, turn.now)
    if mine:
        lines.append("🗓 Your sessions:")
        lines += [f"• {when_with_year(s.starts_at, turn.tz, turn.now)} with {display(c)}"
                  + (f", {EVERY_WORDS[s.every]}" if s.every else "") for s, c in mine[:20]]
    if not lines:
        return [Reply("No sessions ahead. A coach schedules one with "
                      f"{CMD}session add CLIENT WHEN [every 2 weeks | monthly].")]
    return [Reply("\n".join(lines))]
