"""Answers to everyday words (read by `handlers.phrases`): completions told in words, questions
about the list, absences, snooze and move requests, and small talk. None of them is saved as an
insight or an action, and none gets the "Save as insight or action?" form.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from handlers import phrases
from handlers.actions import complete_all, list_actions, move, reschedule
from handlers.names import display
from handlers.notices import tell
from handlers.deadline_input import deadline_in
from handlers.formatting import action_line, clip, label, ref, when_with_year
from handlers.occurrences import current
from handlers.pause import absence_window, day_words_short, start_pause
from handlers.refs import CMD
from handlers.snooze_words import from_words
from handlers.turn import Turn
from handlers.types import Button, Reply
from storage import Action, ActionStatus, PendingKind

MAX_CHOICES = 8
HOW_TO = ("Tell me what you realised (e.g. “Insight: I rush the close”) and what you will do by when "
          f"(e.g. “I'll call Anna by Friday 5pm”); {CMD}help shows everything.")


async def answer(turn: Turn, text: str) -> list[Reply] | None:
    """The reply to an everyday message, or None when `text` is none of these classes."""
    if (number := phrases.move_request(text)) is not None and deadline_in(turn, text) is not None:
        rest = text[text.find(str(number)) + len(str(number)):]
        return await move(turn, f"{number} {rest}")
    if phrases.is_snooze(text):
        return await _snooze(turn, text)
    if (kind := phrases.absence(text)) is not None:
        return await _absence(turn, text, kind)
    if (done := phrases.completion(text)) is not None:
        return await _completion(turn, done.ref)
    if phrases.is_list_question(text):
        return await _list(turn, text)
    if phrases.is_about_bot(text):
        return await greeting(turn, text)
    if phrases.is_thanks(text):
        return [Reply("👍")]
    return None


async def greeting(turn: Turn, rest: str) -> list[Reply]:
    """"hi", or "hi! my coach said I should write my insights here": answered, nothing saved."""
    first = turn.person.name.split(" ")[0] if turn.person.name else ""
    hello = f"Hi {first}!" if first else "Hi!"
    return [Reply(f"{hello} {HOW_TO}" if rest or turn.first_contact else
                  f"{hello} What's on your mind: something you realised, or something you'll do by when?\n"
                  "(Greetings aren't saved.)")]


async def _open(turn: Turn) -> list[Action]:
    return list(await turn.u.actions.open_for(turn.person.id, limit=100))


def _choices(actions: list[Action]) -> tuple[tuple[Button, ...], ...]:
    buttons = [Button(f"✅ {label(a)} {clip(a.text, 24)}", "done", ref(a)) for a in actions[:MAX_CHOICES]]
    return tuple(tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2))


_ONE_NUMBER = r"(?:#\s*|number\s+|no\.?\s*)?\d+"
_NUMBERS = re.compile(rf"\s*{_ONE_NUMBER}(?:(?:\s*(?:,|&|\band\b)\s*|\s+){_ONE_NUMBER})*\s*", re.IGNORECASE)


def numbers_named(ref: str) -> list[int]:
    """[1, 3] for "#1 and #3", "number 2" or "2"; [] when `ref` is not just numbers."""
    if not _NUMBERS.fullmatch(ref):
        return []
    return list(dict.fromkeys(int(n) for n in re.findall(r"\d+", ref)))


def one_per_series(actions: list[Action], now: datetime) -> list[Action]:
    """Open occurrences of one series are one candidate: its current occurrence."""
    out: list[Action] = []
    for a in actions:
        if a.series_id is None:
            out.append(a)
        elif not any(b.series_id == a.series_id for b in out):
            same = [b for b in actions if b.series_id == a.series_id]
            out.append(current(same, now) or a)
    return out


def matching(actions: list[Action], ref: str) -> list[Action]:
    """The open actions whose titles share the most words with `ref` ("the Paul one" ->
    "Call Paul about the renewal"); [] when none shares one."""
    wanted = phrases.words(ref)
    if not wanted:
        return []
    scored = [(len(wanted & phrases.words(a.text)), a) for a in actions]
    best = max((s for s, _ in scored), default=0)
    return [a for s, a in scored if s == best and best > 0]


async def _completion(turn: Turn, ref: str) -> list[Reply] | None:
    if numbers := numbers_named(ref):
        return await complete_all(turn, [(n, 0) for n in numbers])  # says so when one is done already or unknown
    actions = await _open(turn)
    found = one_per_series(matching(actions, ref), turn.now)
    if len(found) == 1:
        return await complete_all(turn, [(found[0].number, found[0].occurrence)])
    if found:
        return [Reply(f"Which one did you finish? “{clip(ref, 40)}” fits {len(found)}:", buttons=_choices(found))]
    if phrases.words(ref):
        return None  # names nothing on the list: read it as any other message
    if not actions:
        return [Reply("Nice! You have no open actions to tick off. What will you do next, and by when?")]
    return [Reply(f"🎉 Which one did you finish? Tap it, or send {CMD}done N.", buttons=_choices(actions))]


def window(text: str, local_now: datetime) -> tuple[str, datetime] | None:
    """"today", "tomorrow", "this week", "next week" in a question: its label and its end."""
    lowered = text.lower()
    midnight = datetime.combine(local_now.date(), datetime.min.time(), tzinfo=local_now.tzinfo)
    monday = midnight - timedelta(days=local_now.weekday())
    if "tomorrow" in lowered or "tmrw" in lowered:
        return "by tomorrow", midnight + timedelta(days=2)
    if "today" in lowered or "tonight" in lowered:
        return "today", midnight + timedelta(days=1)
    if "next week" in lowered:
        return "by the end of next week", monday + timedelta(days=14)
    if "week" in lowered:
        return "this week", monday + timedelta(days=7)
    return None


async def _list(turn: Turn, text: str) -> list[Reply]:
    span = window(text, turn.local_now)
    if span is None:
        return await list_actions(turn)
    label, end = span
    actions = await _open(turn)
    due = [a for a in actions if a.deadline is not None and a.deadline.astimezone(turn.tz) < end]
    later = len(actions) - len(due)
    if not due:
        lines = [f"Nothing due {label}."]
    else:
        lines = [f"Due {label} ({len(due)}):"] + [action_line(a, turn.tz, turn.now) for a in due]
    if later:
        lines.append(f"{later} more open later or without a deadline: {CMD}actions shows all.")
    return [Reply("\n".join(lines), buttons=_choices(due))]


async def _tell_coaches(turn: Turn, text: str, said: str) -> str:
    """Each coach gets a notice (held for their quiet hours); returns what to tell the client."""
    coaches = list(await turn.u.coaching.coaches(turn.person.id))
    for c in coaches:
        await tell(turn, c, f"{text}: “{clip(said, 200)}”")
    names = ", ".join(display(c) for c in coaches)
    return f" I've let {names} know." if coaches else ""


async def _absence(turn: Turn, text: str, kind: str) -> list[Reply]:
    me = display(turn.person)
    if kind == "back":
        if turn.person.paused_until is not None and turn.person.paused_until > turn.now:
            turn.person.paused_until = turn.now
            await turn.u.people.save(turn.person)
            await turn.u.nudges.replan_person(turn.person.id, turn.now)
        told = await _tell_coaches(turn, f"👋 {me} is back after time away", text)
        hope = " Hope you're feeling better." if phrases.is_sick(text) else ""
        listing = await list_actions(turn)
        head = f"Welcome back!{hope}{told} Here's where things stand:\n"
        return [Reply(head + listing[0].text, buttons=listing[0].buttons)]
    match = deadline_in(turn, text)
    window = absence_window(turn, text[match.start:match.end], match.when) if match is not None else None
    until_text = ""
    if window is not None:
        start, end = window
        since = f" from {day_words_short(start, turn)}" if start > turn.now else ""
        until_text = f"{since} until {day_words_short(end, turn)}"
    told = await _tell_coaches(turn, f"🏖 {me} says they're away{until_text}", text)
    wish = "Get well soon!" if phrases.is_sick(text) else "Noted, enjoy the time off!"
    if window is not None:
        return [Reply(f"{wish}{told}\n" + await start_pause(turn, window[1], window[0]))]
    lines = [f"{wish}{told} Until when? {CMD}pause until DATE (or {CMD}pause 2w) holds my nudges till then."]
    actions = await _open(turn)
    if actions:
        lines.append(f"{CMD}move N WHEN gives an action a new date; {CMD}actions lists them.")
    return [Reply("\n".join(lines))]


async def _snooze(turn: Turn, text: str) -> list[Reply]:
    """"snooze #1 until tomorrow", "remind me about the Paul one on Friday", "later"."""
    titled = [] if re.search(r"#\s*\d", text) else matching(await _open(turn), text)
    return await from_words(turn, text, titled)


async def press_move_to(turn: Turn, arg: str) -> list[Reply]:
    """The "📅 Move #N to ..." button under a snooze request."""
    parts = arg.split(":")
    if len(parts) != 3 or not all(p.isdigit() and len(p) < 12 for p in parts):
        return [Reply(f"That button is out of date. {CMD}actions shows your list.")]
    number, stamp, moves = (int(p) for p in parts)
    action = await turn.u.actions.by_number(turn.person.id, number)
    if action is None or action.status != ActionStatus.OPEN or action.moves != moves:
        return [Reply(f"That button is out of date: #{number} changed since. {CMD}actions shows your list.")]
    when = datetime.fromtimestamp(stamp, tz=timezone.utc)
    if when <= turn.now:
        return [Reply(f"{when_with_year(when, turn.tz, turn.now)} has passed. Send {CMD}move {number} WHEN.")]
    await turn.u.pending.clear(turn.person.id, [PendingKind.DEADLINE], ref=action.number)
    return [await reschedule(turn, action, when)]
