"""/tz: the person's zone, in which every deadline is read and shown; also the answer to
"Which time zone are you in?" and the buttons that settle a city name several places share."""
from __future__ import annotations

from handlers.formatting import clip, when_with_year
from handlers.turn import Turn
from handlers.types import Button, Reply
from handlers.zones import NoLocationSupport, ZoneAnswer, find_zone, find_zone_at, resolve_zone, suggest_zones
from handlers.refs import CMD
from storage import PendingKind

USAGE = f"Send {CMD}tz with a city, a zone or an offset, e.g. {CMD}tz Berlin, {CMD}tz America/New_York, {CMD}tz +02:00."
PRESS = "tz"
SHARE_LOCATION = "📍 Share my location"  # shown where the platform can ask for a location (Telegram)


def _buttons(choices: tuple[tuple[str, str], ...]) -> tuple[tuple[Button, ...], ...]:
    return tuple((Button(f"{label} ({zone_name})", PRESS, zone_name),) for label, zone_name in choices)


async def set_timezone(turn: Turn, args: str) -> list[Reply]:
    person = turn.person
    if not args.strip():
        current = person.timezone or f"not set (using {turn.config.default_timezone})"
        return [Reply(f"Your time zone: {current}. It's {turn.local_now:%a %d %b, %H:%M} for you now.\n{USAGE}",
                      ask_location=SHARE_LOCATION)]
    answer = await find_zone(args)
    if answer.zone is None and not answer.choices:
        hints = suggest_zones(args)
        hint = f" Did you mean {' or '.join(hints)}?" if hints else ""
        return [Reply(f"I don't know the time zone “{clip(args.strip(), 60)}”.{hint}\n{USAGE}")]
    return await settle(turn, args, answer)


async def settle(turn: Turn, typed: str, answer: ZoneAnswer) -> list[Reply]:
    """Set the zone the answer settles (offering the other places of that name), or ask which."""
    if answer.zone is None:
        return [Reply(f"Several places are called “{clip(typed.strip(), 40)}”. Which one is yours?",
                      buttons=_buttons(answer.choices))]
    reply = await apply_zone(turn, answer.zone, answer.place)
    if not answer.choices:
        return [reply]
    return [Reply(f"{reply.text}\nNot that {clip(typed.strip(), 40)}? Tap yours:", buttons=_buttons(answer.choices))]


async def apply_zone(turn: Turn, name: str, place: str | None = None) -> Reply:
    person = turn.person
    first = person.timezone is None
    person.timezone = name
    await turn.u.people.save(person)
    await turn.u.nudges.replan_person(person.id, turn.now)
    earlier = await _read_before(turn) if first and name != turn.config.default_timezone else ""
    await turn.u.pending.clear(person.id, [PendingKind.TIMEZONE])
    note = ""
    if name.startswith("UTC") and name != "UTC":
        note = f"\nA fixed offset doesn't follow daylight saving; a city ({CMD}tz Berlin) does."
    where = f" ({place})" if place else ""
    return Reply(f"Time zone set to {name}{where}. It's {turn.local_now:%a %d %b, %H:%M} there now; "
                 f"deadlines are read and shown in this zone.{note}{earlier}")


async def _read_before(turn: Turn) -> str:
    """Deadlines given before a first zone was read in the default zone. Nothing is shifted by
    guesswork: they are shown in the new zone, with the /move that puts one right."""
    dated = [a for a in await turn.u.actions.open_for(turn.person.id, limit=6) if a.deadline is not None]
    if not dated:
        return ""
    lines = [f"\nI read these before I knew your zone (in {turn.config.default_timezone}); in yours they are:"]
    lines += [f"#{a.number} {clip(a.text, 60)}, due {when_with_year(a.deadline, turn.tz, turn.now)}"
              for a in dated[:5] if a.deadline is not None]
    lines.append(f"If you meant your own clock, {CMD}move {dated[0].number} WHEN puts one right.")
    return "\n".join(lines)


async def press_zone(turn: Turn, arg: str) -> list[Reply]:
    """A "which Portland?" button: the zone is checked again, since button data can be forged."""
    name = resolve_zone(arg) if "/" in arg else None
    if name is None or name != arg:
        return [Reply(f"That button is out of date. {USAGE}")]
    return [await apply_zone(turn, name)]


async def from_location(turn: Turn) -> list[Reply]:
    """A shared location: its zone, looked up offline. Only the zone is kept, never the place."""
    latitude, longitude = turn.incoming.location or (float("nan"), float("nan"))
    try:
        name = await find_zone_at(latitude, longitude)
    except NoLocationSupport:
        return [Reply(f"I can't read locations here. Type your city instead. {USAGE}")]
    if name is None:
        return [Reply(f"I found no time zone at that spot. Type your city instead. {USAGE}")]
    return [await apply_zone(turn, name)]
