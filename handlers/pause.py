"""Pause (/pause, /resume, "I'm on vacation until Monday", an away Slack status): while paused
nothing unprompted reaches the person (the scheduler's policy holds it, `scheduler/policy.py`).
A pause ends at the start of the day the person is back, so what fell due inside it (one
check-in per deadline, bundled into one message) arrives that morning, after quiet hours."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from handlers.deadline_input import deadline_in
from handlers.formatting import action_line
from handlers.refs import CMD
from handlers.timing import at_local, local_day, pause_end
from handlers.turn import Turn
from handlers.types import Reply
from storage import Person, Unit

USAGE = f"e.g. {CMD}pause until Dec 28, {CMD}pause 2w, {CMD}pause 3 days; {CMD}resume ends it"
MAX_DAYS = 366
MAX_LISTED = 8
_SPAN = re.compile(r"^(?:for\s+)?(\d{1,3})\s*(d|days?|w|wks?|weeks?)$", re.IGNORECASE)
# An away Slack status: 🌴 🤒 🏖 (and the 🤧 🏝 ✈️ cousins people pick), or these words in its text.
AWAY_EMOJI = frozenset({":palm_tree:", ":face_with_thermometer:", ":beach_with_umbrella:", ":desert_island:",
                        ":sneezing_face:", ":airplane:"})
AWAY_WORDS = re.compile(r"\b(?:ooo|out\s+of\s+(?:the\s+)?office|vacation|vacay|holidays?|sick|pto|on\s+leave)\b",
                        re.IGNORECASE)


def status_says_away(emoji: str, text: str) -> bool:
    """Does a chat status (emoji code, text) say the person is away?"""
    return emoji.strip() in AWAY_EMOJI or bool(AWAY_WORDS.search(text or ""))


def back_on(turn: Turn, args: str) -> datetime | None:
    """The local midnight the person is back, from "until Dec 28", "2w", "3 days", "Monday"."""
    text = args.strip()
    span = _SPAN.match(text)
    today = local_day(turn.now, turn.tz)
    if span:
        n = int(span.group(1)) * (7 if span.group(2).lower().startswith("w") else 1)
        day = today + timedelta(days=n)
    else:
        match = deadline_in(turn, text)
        if match is None:
            return None
        day = local_day(match.when, turn.tz)
    if day <= today or (day - today).days > MAX_DAYS:
        return None
    return at_local(day, time(0), turn.tz)


def day_words_short(instant: datetime, turn: Turn) -> str:
    local = instant.astimezone(turn.tz)
    return f"{local:%a} {local.day} {local:%b}"


def until_words(until: datetime, turn: Turn) -> str:
    """"Sun 27 Dec (back Mon 28 Dec)": the last day away, and the day back."""
    return f"{day_words_short(until - timedelta(hours=12), turn)} (back {day_words_short(until, turn)})"


def absence_window(turn: Turn, phrase: str, when: datetime) -> tuple[datetime, datetime] | None:
    """The pause an absence in words asks for, from the date phrase found in it: "until Monday"
    (from now, back on Monday), "through Friday" (back Saturday), "next week" / "this week" (that
    week, back the Monday after), or one day ("today", "tomorrow", "on Friday"). None when it
    names no day from today on (or more than a year ahead)."""
    tz, words = turn.tz, phrase.strip().lower()
    today, day = local_day(turn.now, tz), local_day(when, tz)

    def midnight(d: date) -> datetime:
        return at_local(d, time(0), tz)

    if re.match(r"(?:until|till|til|'til|up\s+to)\b", words):
        start, end = turn.now, midnight(day)
    elif re.match(r"(?:through|thru)\b", words):
        start, end = turn.now, midnight(day + timedelta(days=1))
    elif "week" in words:
        monday = day - timedelta(days=day.weekday())
        start, end = max(turn.now, midnight(monday)), midnight(monday + timedelta(days=7))
    else:
        start, end = max(turn.now, midnight(day)), midnight(day + timedelta(days=1))
    if day < today or end <= turn.now or (end - turn.now).days > MAX_DAYS:
        return None
    return start, end


async def start_pause(turn: Turn, until: datetime, start: datetime | None = None) -> str:
    """Pause the person from `start` (now by default) until `until`; the reply (what is held, what
    falls due inside)."""
    person = turn.person
    start = start if start is not None and start > turn.now else turn.now
    current = pause_end(person.paused_from, person.paused_until, False, None, turn.now)
    person.paused_from = start if current is None or start > turn.now else person.paused_from
    person.paused_until = until
    await turn.u.people.save(person)
    when = f"from {day_words_short(start, turn)} through" if start > turn.now else "through"
    lines = [f"⏸ Paused {when} {until_words(until, turn)}: no reminders, check-ins, metric questions or "
             "digests until then. Deadlines that fall inside get one check-in that morning, together in one "
             f"message. {CMD}resume ends it sooner."]
    inside = [a for a in await turn.u.actions.open_for(person.id)
              if a.deadline is not None and start <= a.deadline < until]
    if inside:
        lines.append(f"Due while you're away ({len(inside)}):")
        lines += [action_line(a, turn.tz, turn.now) for a in inside[:MAX_LISTED]]
        lines.append(f"{CMD}move N WHEN gives one a new date.")
    return "\n".join(lines)


async def pause(turn: Turn, args: str) -> list[Reply]:
    if not args.strip():
        p = turn.person
        until = pause_end(p.paused_from, p.paused_until, p.away, p.away_until, turn.now)
        state = (f"paused until {until.astimezone(turn.tz):%a %-d %b, %H:%M}" if until else "not paused")
        if until is not None and turn.person.away and turn.person.away_until is None:
            state = "paused while your status says you're away"
        elif until is None and p.paused_from is not None and p.paused_until is not None and p.paused_from > turn.now:
            state = f"not paused yet: a pause is planned from {day_words_short(p.paused_from, turn)} through " \
                    f"{until_words(p.paused_until, turn)}"
        return [Reply(f"You're {state}. {USAGE}")]
    until = back_on(turn, args)
    if until is None:
        return [Reply(f"I couldn't read “{args.strip()[:40]}” as a day after today (up to a year ahead). {USAGE}")]
    return [Reply(await start_pause(turn, until))]


async def resume(turn: Turn, args: str) -> list[Reply]:
    person = turn.person
    was = pause_end(person.paused_from, person.paused_until, person.away, person.away_until, turn.now)
    planned = person.paused_from is not None and person.paused_from > turn.now
    by_status = person.away
    if person.paused_until is not None and person.paused_until > turn.now:
        person.paused_until = turn.now  # a pause planned for later is called off too
        if person.paused_from is not None and person.paused_from > turn.now:
            person.paused_from = None
    person.away, person.away_until = False, None
    await turn.u.people.save(person)
    await turn.u.nudges.replan_person(person.id, turn.now)
    if was is None:
        return [Reply("The pause you had planned is called off: nudges come as usual." if planned else
                      "You weren't paused: nudges come as usual.")]
    note = (" (Your Slack status still says you're away: clear it, or the pause returns when I next read it.)"
            if by_status else "")
    return [Reply("▶️ Welcome back: nudges are on again. What fell due while you were away comes in one message "
                  f"(outside your quiet hours).{note}")]


async def status_changed(u: Unit, person: Person, away: bool, until: datetime | None, now: datetime) -> bool:
    """A chat status changed (Slack): paused while it says away, until its expiry. True if anything changed."""
    if until is not None and until <= now:
        away, until = False, None
    if (person.away, person.away_until) == (away, until):
        return False
    if away and not person.away and (person.paused_until is None or person.paused_until <= now):
        person.paused_from = now
    if not away and person.away and (person.paused_until is None or person.paused_until <= now):
        person.paused_until = now  # the window the status covered, for the metric record
    person.away, person.away_until = away, until
    await u.people.save(person)
    await u.nudges.replan_person(person.id, now)
    return True
