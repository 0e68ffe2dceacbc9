"""/tz: the person's zone, in which every deadline is read and shown."""
from __future__ import annotations

from handlers.turn import Turn
from handlers.types import Reply
from handlers.zones import resolve_zone, suggest_zones

USAGE = "Send /tz with a city, a zone or an offset, e.g. /tz Berlin, /tz America/New_York, /tz +02:00."


async def set_timezone(turn: Turn, args: str) -> list[Reply]:
    person = turn.person
    if not args.strip():
        current = person.timezone or f"not set (using {turn.config.default_timezone})"
        return [Reply(f"Your time zone: {current}. It's {turn.local_now:%a %d %b, %H:%M} for you now.\n{USAGE}")]
    name = resolve_zone(args)
    if name is None:
        hints = suggest_zones(args)
        hint = f" Did you mean {' or '.join(hints)}?" if hints else ""
        return [Reply(f"I don't know the time zone “{args.strip()[:60]}”.{hint}\n{USAGE}")]
    person.timezone = name
    await turn.u.people.save(person)
    await turn.u.nudges.replan_person(person.id, turn.now)
    await turn.u.pending.clear(person.id, ["timezone"])
    note = ""
    if name.startswith("UTC") and name != "UTC":
        note = "\nA fixed offset doesn't follow daylight saving; a city (/tz Berlin) does."
    return [Reply(f"Time zone set to {name}. It's {turn.local_now:%a %d %b, %H:%M} there now; "
                  f"deadlines are read and shown in this zone.{note}")]
