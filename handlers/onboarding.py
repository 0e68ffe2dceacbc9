"""First contact: whichever door a person comes in by (/start, an invite link, /join, a plain
first message), the bot asks their time zone unless the platform gave it (Slack's profile).

Deadlines are read in the person's zone, so without one "Friday 5pm" would mean the server's
Friday. The question is a pending row: the next message may answer it with any city (the city
table of `handlers.zones`); later, while the person still has no zone, a message that is just a
zone name ("Berlin", "I'm in New York", "Pacific time") sets it.
"""
from __future__ import annotations

import re
from dataclasses import replace

from handlers.timezone import SHARE_LOCATION, settle
from handlers.refs import CMD
from handlers.turn import Turn
from handlers.types import Reply
from handlers.zones import ZoneAnswer, find_zone, resolve_zone
from storage import PendingKind

ZONE_QUESTION = f"Which time zone are you in? Reply with your city (e.g. Berlin, New York) or {CMD}tz +02:00."
# Kinds of first contact that read a reply as chat (a button press or Slack's Home tab do not).
_CHAT_KINDS = frozenset({"text", "edit", "media"})
_ZONE_WRAPPER = re.compile(
    r"^\s*(?:(?:i['’]?m|i\s+am|im|we['’]?re|we\s+are)\s+)?(?:(?:based\s+)?in|from)?\s*(?P<zone>.+?)"
    r"\s*(?:time(?:\s*zone)?|timezone|tz)?\s*[.!]*\s*$",
    re.IGNORECASE)


async def ask_zone(turn: Turn) -> str:
    """Ask for the zone when none is known: keeps one pending question and returns its text
    (empty when the zone is known). The reply that carries it offers the location button."""
    if turn.person.timezone is not None:
        return ""
    if not turn.first_contact:  # a person created by this message has no question yet to replace
        await turn.u.pending.clear(turn.person.id, [PendingKind.TIMEZONE])
    await turn.u.pending.add(turn.person.id, PendingKind.TIMEZONE, turn.now)
    return ZONE_QUESTION


def with_question(reply: Reply, question: str) -> Reply:
    """`reply` with the zone question (and the location button) added, when there is one."""
    if not question:
        return reply
    return replace(reply, text=f"{reply.text}\n\n{question}", ask_location=SHARE_LOCATION)


async def greet_first_contact(turn: Turn, replies: list[Reply]) -> list[Reply]:
    """A new person's first message is answered as usual, and the zone question is added to
    the answer unless it was asked already (by /start or /join) or the zone is known."""
    if not turn.first_contact or turn.person.timezone is not None or turn.incoming.kind not in _CHAT_KINDS:
        return replies
    if any(r.ask_location for r in replies):  # /start or /join asked already (with_question marks it)
        return replies
    question = await ask_zone(turn)
    mine = next((i for i, r in enumerate(replies) if r.to is None), None)
    if mine is None:
        return [*replies, with_question(Reply(""), question)]
    out = list(replies)
    out[mine] = with_question(out[mine], question)
    return out


def _unwrapped(text: str) -> str:
    """"I'm in New York" -> "New York", "Pacific time" -> "Pacific"."""
    m = _ZONE_WRAPPER.match(text)
    return m.group("zone") if m else text


async def take_zone(turn: Turn, text: str) -> list[Reply] | None:
    """The answer to "Which time zone are you in?" (any city, with buttons when several places
    share the name), or, from a person with no zone yet, a message that is just a zone name.
    Otherwise None: a pending question is dropped by any message that does not answer it."""
    u, person = turn.u, turn.person
    waiting = await u.pending.latest(person.id, [PendingKind.TIMEZONE])
    if (waiting is None and person.timezone is not None) or len(text) > 60:
        if waiting is not None:
            await u.pending.remove(waiting)
        return None
    if waiting is not None:
        await u.pending.remove(waiting)
        for typed in dict.fromkeys((text, _unwrapped(text))):
            answer = await find_zone(typed)
            if answer.zone or answer.choices:
                return await _settled(turn, typed, answer)
        return None
    name = resolve_zone(text) or resolve_zone(_unwrapped(text))  # unasked: only plain zone names, no city guess
    return await _settled(turn, text, ZoneAnswer(name)) if name else None


async def _settled(turn: Turn, typed: str, answer: ZoneAnswer) -> list[Reply]:
    replies = await settle(turn, typed, answer)
    if answer.zone and "before I knew your zone" not in replies[0].text:
        replies.append(Reply("Now tell me what you will do and by when, e.g. I'll call Anna by Friday 5pm"))
    return replies
