"""Snooze asked for in words or with `/snooze`: which action is meant, and until when.

Which action: the number named ("#3", "number 3"; the first number after `/snooze`), else the
one whose title the words name, else the action of the latest nudge (sent in the last 12 hours)
the person is answering, else their only dated open action; otherwise they pick from buttons.
Until when: "later" (or nothing) is an hour from now (or tomorrow morning in quiet hours),
"tonight", "tomorrow" and "next week" are the choices the buttons offer, "2 days" or "3h" is
that long from now, and anything else is read like a deadline ("Friday 10am").
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from handlers.actions import open_action
from handlers.deadline_input import deadline_in
from handlers.formatting import clip, label, ref
from handlers.ids import Ref, as_ref
from handlers.refs import CMD
from handlers.snooze import AT_PRESS, at_arg, choices_reply, snooze_to
from handlers.timing import snooze_at
from handlers.turn import Turn, prefs_of
from handlers.types import Button, Reply
from storage import Action, ActionStatus

RECENT = timedelta(hours=12)  # "later" answers a nudge sent this recently
PICK_PRESS = "snooze_pick"  # arg "N": the choices for that action
MAX_CHOICES = 8
_NAMED = re.compile(r"#\s*(\d{1,10}(?:[·.]\d{1,10})?)\b|\b(?:number|no\.?)\s*(\d{1,10})\b", re.IGNORECASE)
_HEAD = re.compile(r"#?(\d{1,10}(?:[·.]\d{1,10})?)\b")
_VERB = re.compile(r"^\s*(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:snooze|remind\s+me(?:\s+again)?|nudge\s+me)"
                   r"(?:\s+(?:about|of)\s+(?:it|that|this))?\b", re.IGNORECASE)
_DURATION = re.compile(r"(?:\b(?:for|by|in)\s+)?\b(\d{1,6})\s*(m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)\b",
                       re.IGNORECASE)
_LATER = re.compile(r"^(?:later|not\s+now|in\s+a\s+(?:bit|while)|for\s+now|again)?(?:\s+please)?$")
_KEYWORDS = {"tomorrow": "morn", "tmrw": "morn", "tomorrow morning": "morn", "tonight": "eve",
             "this evening": "eve", "next week": "week"}


def _bare(words: str) -> str:
    """The words with the snooze verb and a leading "until" taken out, lower case."""
    bare = " ".join(_VERB.sub("", words).lower().strip(" .!?,").split())
    return re.sub(r"^(?:until|till|til|to)\s+", "", bare)


def read_when(turn: Turn, words: str) -> datetime | None:
    """When the snooze ends, from the words after the action is taken out; None if unreadable."""
    prefs = prefs_of(turn.person, turn.config)
    bare = _bare(words)
    if _LATER.match(bare):
        return snooze_at("1h", turn.now, prefs)
    if bare in _KEYWORDS:
        return snooze_at(_KEYWORDS[bare], turn.now, prefs)
    spelled = _DURATION.sub(lambda m: f"in {m.group(1)} {m.group(2)}", bare)
    match = deadline_in(turn, spelled)
    if match is not None and match.when > turn.now:
        phrase = " ".join(spelled[match.start:match.end].lower().split())
        return snooze_at(_KEYWORDS[phrase], turn.now, prefs) if phrase in _KEYWORDS else match.when
    if re.search(r"\blater\b", bare):
        return snooze_at("1h", turn.now, prefs)
    return None


async def _meant(turn: Turn, titled: list[Action]) -> Action | list[Action]:
    """The action a snooze that names no number means, or the candidates to pick from."""
    if len(titled) == 1:
        return titled[0]
    recent = await turn.u.nudges.latest_action_nudge(turn.person.id, turn.now - RECENT)
    if recent is not None and not titled:
        action = await turn.u.actions.by_id(turn.person.id, recent)
        if action is not None and action.status == ActionStatus.OPEN and action.deadline is not None:
            return action
    dated = titled or [a for a in await turn.u.actions.open_for(turn.person.id, limit=MAX_CHOICES + 1)
                       if a.deadline is not None]
    return dated[0] if len(dated) == 1 else dated


async def snooze(turn: Turn, number: Ref | None, words: str, titled: list[Action] | None = None) -> list[Reply]:
    """Snooze action `number` (or the one meant) until what `words` say; ask what is unclear."""
    if number is not None:
        found, error = await open_action(turn, number)
        if found is None:
            return [Reply(error or "")]
        meant: Action | list[Action] = found
    else:
        meant = await _meant(turn, titled or [])
    if not _bare(words):  # no time named: the choices that fit now
        if isinstance(meant, Action):
            return [choices_reply(turn, meant)]
        return _pick(meant, PICK_PRESS, ref)
    at = read_when(turn, words)
    if at is None:
        return [Reply(f"I couldn't read when in “{clip(words, 60)}”. Try e.g. {CMD}snooze "
                      f"{_shown(number)} 2 days, tomorrow, next week or Friday 10am.")]
    if isinstance(meant, Action):
        return [await snooze_to(turn, meant, at)]
    return _pick(meant, AT_PRESS, lambda a: at_arg(a, at))


def _pick(candidates: list[Action], press: str, arg: Callable[[Action], str]) -> list[Reply]:
    if not candidates:
        return [Reply(f"You have no dated open actions to snooze. {CMD}actions lists yours.")]
    buttons = [Button(f"😴 {label(a)} {clip(a.text, 24)}", press, arg(a)) for a in candidates[:MAX_CHOICES]]
    return [Reply("Which one shall I snooze?", buttons=tuple(tuple(buttons[i:i + 2])
                                                                for i in range(0, len(buttons), 2)))]


def _shown(r: Ref | None) -> str:
    return "N" if r is None else f"{r[0]}·{r[1]}" if r[1] else str(r[0])


async def command(turn: Turn, args: str) -> list[Reply]:
    """/snooze N WHEN, /snooze N (the choices), /snooze WHEN or /snooze (the action meant)."""
    head = _HEAD.match(args.strip())
    r = as_ref(head.group(1)) if head else None
    if r is None or _DURATION.match(args.strip()) and not args.strip().startswith("#"):  # "/snooze 2 days"
        return await snooze(turn, None, args)
    assert head is not None
    return await snooze(turn, r, args.strip()[head.end():])


async def from_words(turn: Turn, text: str, titled: list[Action]) -> list[Reply]:
    """"snooze #2 until Friday", "remind me about the Paul one tomorrow", "later"."""
    named = _NAMED.search(text)
    r = as_ref(named.group(1) or named.group(2)) if named else None
    if named is None or r is None:
        return await snooze(turn, None, text, titled)
    return await snooze(turn, r, text[:named.start()] + " " + text[named.end():])


async def press_pick(turn: Turn, arg: str) -> list[Reply]:
    """A "which one?" button for a snooze that named no time: offer the choices."""
    r = as_ref(arg)
    if r is None:
        return [Reply(f"That button is out of date. {CMD}actions shows your list.")]
    action, error = await open_action(turn, r)
    return [choices_reply(turn, action)] if action else [Reply(error or "")]
