"""Capture: insights and commitments, from commands, plain messages and "save as" buttons.

Nothing is guessed and nothing is lost: a commitment with no readable deadline is saved at
once as #N and the bot asks "By when?"; a later message that is only a date completes it. The
question lapses after `DEADLINE_QUESTION_LAPSES` (the next message is read afresh and told so),
and a message that is a whole commitment of its own ("gym tmrw 7am") is never taken as its answer.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from handlers import everyday, outcome
from handlers.actions import reschedule
from handlers.deadline_input import deadline_in
from handlers.deadlines import DeadlineMatch
from handlers.deadlines.recurrence import find_recurrence
from handlers.recurring import start_series, title
from handlers.ids import as_id
from handlers.formatting import DEADLINE_EXAMPLES, clip, when_with_year
from handlers.metric_answers import answer as answer_metric
from handlers.intent import (COMMIT_OPENER, INSIGHT_PHRASE, INSIGHT_PREFIX, action_title, is_past_report,
                             is_question)
from handlers.onboarding import take_zone
from handlers.phrases import greeting_rest
from handlers.session_messages import SESSION_INSIGHTS_WITHIN, answer_prep
from handlers.turn import Turn
from handlers.types import Button, Reply
from handlers.refs import CMD
from storage import ActionStatus, Insight, Pending, PendingKind

DEADLINE_QUESTION_LAPSES = timedelta(hours=12)
# Words that can sit around a date in an answer to "By when?" without making it a new commitment.
_ANSWER_WORDS = frozenset("""ok okay sure yes yeah yep yup so then let's lets say maybe probably hopefully i i'll ill
    i'd will can could should would do done it that this one finish finished have get got make by at on before the
    latest please hmm um uh er think guess try to be for and or oh well how about around ish max deadline due is it's
    its let me go with shall we fine no actually sorry hm right alright cool good""".split())


def too_long(turn: Turn, text: str) -> Reply | None:
    if len(text) > turn.config.max_text:
        return Reply(f"That's {len(text):,} characters; I keep insights and actions up to "
                     f"{turn.config.max_text:,}. Please send a shorter version.")
    return None


async def commit(turn: Turn, raw: str, source: str = "command") -> list[Reply]:
    """Record an action from free text; read the deadline out of it."""
    text = " ".join(raw.split())
    if not text:
        return [Reply(f"What will you do, and by when? e.g. {CMD}commit Send the proposal to Acme by Friday 5pm")]
    if (r := too_long(turn, text)) is not None:
        return [r]
    repeating = find_recurrence(text, turn.local_now)
    if repeating is not None and title(text, repeating):
        return await start_series(turn, text, repeating, _linked_insight)
    match = deadline_in(turn, text)
    body, recurs = action_title(text, match.start, match.end) if match else action_title(text, len(text), len(text))
    if not body:
        due = when_with_year(match.when, turn.tz, turn.now) if match else ""
        return [Reply(f"What will you do by {due}? e.g. {CMD}commit Call Anna {text}")]
    u, person = turn.u, turn.person
    number = await u.people.take_action_number(person)
    insight = await _linked_insight(turn)
    deadline = match.when if match and match.when > turn.now else None
    action = await u.actions.add(person.id, number, body, deadline, turn.now, insight.id if insight else None)
    lines = []
    if deadline is None:
        await u.pending.clear(person.id, [PendingKind.DEADLINE])
        await u.pending.add(person.id, PendingKind.DEADLINE, turn.now, ref=action.number)
        past = f" ({when_with_year(match.when, turn.tz, turn.now)} has already passed.)" if match else ""
        lines.append(f"Got it: #{number} {clip(body)}.{past}")
        lines.append(f"By when? ({DEADLINE_EXAMPLES})")
    else:
        lines.append(f"✅ #{number} {clip(body)}, due {when_with_year(deadline, turn.tz, turn.now)}")
        if recurs:
            lines.append("(I couldn't read how this repeats, so this is a one-off. A repeating action reads e.g. "
                         "“every Friday 4pm”, “every 2 weeks on Monday”, “on the 1st of every month”.)")
    if insight is not None:
        lines.append(f"💡 From your insight: “{clip(insight.text, 80)}”")
    if person.timezone is None:
        lines.append(f"(Times are in {turn.zone_name}. Set yours with {CMD}tz, e.g. {CMD}tz Berlin.)")
    return [Reply("\n".join(lines))]


async def _linked_insight(turn: Turn) -> Insight | None:
    """The insight this commitment answers ("What will you do about it?"), taken once."""
    person = turn.person
    if person.link_insight_id is None:
        return None
    insight = await turn.u.insights.get(person.id, person.link_insight_id)
    person.link_insight_id = None
    await turn.u.people.save(person)
    return insight


async def insight(turn: Turn, raw: str, source: str = "command") -> list[Reply]:
    """Record an insight and prod for the action that turns it into a result."""
    text = " ".join(raw.split())
    if not text:
        return [Reply(f"What did you realise? e.g. {CMD}insight I talk more than I listen in sales calls")]
    if (r := too_long(turn, text)) is not None:
        return [r]
    saved = await turn.u.insights.add(turn.person.id, text, turn.now, source,
                                      next_check_at=turn.now + turn.config.insight_followup_after)
    came_from = await turn.u.sessions.just_ended(turn.person.id, turn.now, turn.now - SESSION_INSIGHTS_WITHIN)
    if came_from is not None:  # recorded during or in the day after a session: it came from it
        saved.session_id = came_from.id
        await turn.u.insights.save(saved)
    turn.person.link_insight_id = saved.id
    await turn.u.people.save(turn.person)
    return [Reply(f"💡 Insight saved: “{clip(text, 200)}”\n"
                  "What will you do about it, and by when? (e.g. I'll ask two questions per call, starting tomorrow)")]


def has_own_body(text: str, match: DeadlineMatch) -> bool:
    """True when `text` says what to do besides when ("gym tmrw 7am"), so it is a commitment of
    its own; "Friday 5pm", "ok, let's say Friday" or "I'll do it by Friday" only give a date."""
    rest = text[: match.start] + " " + text[match.end:]
    if m := COMMIT_OPENER.match(rest):
        rest = rest[m.end():]
    return any(w not in _ANSWER_WORDS for w in re.findall(r"[a-z][a-z'’]*", rest.lower().replace("’", "'")))


async def answer_deadline(turn: Turn, text: str) -> list[Reply] | None:
    """Complete the action that is waiting for "By when?". None when `text` is no answer."""
    u, person = turn.u, turn.person
    pending = await u.pending.latest(person.id, [PendingKind.DEADLINE])
    if pending is None:
        return None
    action = await u.actions.by_number(person.id, pending.ref or 0)
    if action is None or action.status != ActionStatus.OPEN:
        await u.pending.remove(pending)
        return None
    match = deadline_in(turn, text)
    if match is None or has_own_body(text, match):
        return None
    if match.when <= turn.now:
        return [Reply(f"{when_with_year(match.when, turn.tz, turn.now)} has already passed. "
                      f"By when will you do #{action.number} {clip(action.text, 60)}? ({DEADLINE_EXAMPLES})")]
    await u.pending.remove(pending)
    return [await reschedule(turn, action, match.when)]


async def _lapsed_note(turn: Turn) -> str:
    """Drop "By when?" questions older than the lapse; the note that tells the person so."""
    lapsed = await turn.u.pending.lapse(turn.person.id, [PendingKind.DEADLINE], turn.now - DEADLINE_QUESTION_LAPSES)
    notes = []
    for row in lapsed:
        action = await turn.u.actions.by_number(turn.person.id, row.ref or 0)
        if action is not None and action.status == ActionStatus.OPEN and action.deadline is None:
            notes.append(f"(My question “By when?” about #{action.number} {clip(action.text, 60)} has lapsed; "
                         f"it stays on your list without a deadline: {CMD}move {action.number} WHEN sets one.)")
    return "\n".join(notes)


async def plain(turn: Turn, text: str) -> list[Reply]:
    """A message that is not a command: answer a pending question, or read its intent."""
    if (r := too_long(turn, text)) is not None:
        return [r]
    note = await _lapsed_note(turn)
    replies = await _read(turn, text)
    if not note:
        return replies
    mine = next((i for i, r in enumerate(replies) if r.to is None), None)
    if mine is None:
        return [*replies, Reply(note)]
    replies[mine] = replace(replies[mine], text=f"{replies[mine].text}\n\n{note}")
    return replies


def _explicit(turn: Turn, text: str) -> bool:
    """A commitment or insight marked as one, or a sentence with a date ahead."""
    if COMMIT_OPENER.match(text) or INSIGHT_PREFIX.match(text):
        return True
    match = deadline_in(turn, text)
    return match is not None and match.when > turn.now and not is_question(text)


async def _read(turn: Turn, text: str) -> list[Reply]:
    u, person = turn.u, turn.person
    zoned = await take_zone(turn, text)
    if zoned is not None:
        return zoned
    from handlers.coach_actions import answer_assign
    assigned = await answer_assign(turn, text)  # a coach's answer to "What should X do?"
    if assigned is not None:
        return assigned
    rest = greeting_rest(text)
    if rest is not None:
        if not rest or not _explicit(turn, rest):
            return (await everyday.answer(turn, rest) if rest else None) or await everyday.greeting(turn, rest)
        text = rest
    talk = await everyday.answer(turn, text)
    if talk is not None:
        return talk
    answered = await answer_deadline(turn, text)
    if answered is not None:
        return answered
    if not _explicit(turn, text) and not INSIGHT_PHRASE.search(text):
        noted = await outcome.answer(turn, text)  # "What came of it?" (never a commitment or insight)
        if noted is not None:
            return noted
    logged = await answer_metric(turn, text)
    if logged is not None:
        return logged
    prepared = await answer_prep(turn, text)  # a client's answer to a session's prep question
    if prepared is not None:
        return prepared
    if m := INSIGHT_PREFIX.match(text):
        return await insight(turn, text[m.end():] or text, source="message")
    waiting = await u.pending.latest(person.id, [PendingKind.DEADLINE])
    match = deadline_in(turn, text)
    if m := COMMIT_OPENER.match(text):
        return _still_waiting(await commit(turn, text[m.end():], source="message"), waiting)
    if INSIGHT_PHRASE.search(text):
        return await insight(turn, text, source="message")
    if (match is not None and match.when > turn.now and not is_question(text) and not is_past_report(text)
            and (waiting is None or has_own_body(text, match))):
        return _still_waiting(await commit(turn, text, source="message"), waiting)
    if waiting is not None:
        action = await u.actions.by_number(person.id, waiting.ref or 0)
        name = f"#{waiting.ref} {clip(action.text, 60)}" if action else f"#{waiting.ref}"
        return [Reply(f"I couldn't find a date in that. By when will you do {name}? ({DEADLINE_EXAMPLES})\n"
                      f"Or {CMD}cancel to keep it without a deadline.")]
    held = await u.pending.add(person.id, PendingKind.OFFER, turn.now, text=text)
    return [Reply("Shall I keep that? Save it as an insight (something you realised) or as an action "
                  "(something you will do)?",
                  buttons=((Button("💡 Save as insight", "save_insight", str(held.id)),
                            Button("✅ Save as action", "save_action", str(held.id))),))]


def _still_waiting(replies: list[Reply], waiting: Pending | None) -> list[Reply]:
    """After a new commitment, remind that an older action still waits for its date."""
    if waiting is None or not replies or "By when?" in replies[0].text:
        return replies
    return [replace(replies[0], text=f"{replies[0].text}\n(#{waiting.ref} still waits for a date: reply with one, "
                                     f"or {CMD}cancel.)"), *replies[1:]]


async def press_save(turn: Turn, arg: str, as_action: bool) -> list[Reply]:
    """The "Save as insight / action" buttons under a plain message."""
    held = await turn.u.pending.take(turn.person.id, as_id(arg), PendingKind.OFFER)
    if held is None:
        return [Reply("That message was already saved (or is no longer waiting). "
                      f"{CMD}actions and {CMD}insights show what I have.")]
    return await (commit(turn, held.text, "button") if as_action else insight(turn, held.text, "button"))


async def cancel(turn: Turn, _args: str) -> list[Reply]:
    u, person = turn.u, turn.person
    pending = await u.pending.latest(person.id, [PendingKind.DEADLINE, PendingKind.TIMEZONE, PendingKind.ASSIGN])
    if pending is None:
        return [Reply("Nothing to cancel.")]
    await u.pending.clear(person.id, [PendingKind.DEADLINE, PendingKind.TIMEZONE, PendingKind.ASSIGN])
    if pending.kind == PendingKind.ASSIGN:
        return [Reply("OK, nothing assigned.")]
    if pending.kind == PendingKind.DEADLINE:
        return [Reply(f"OK. #{pending.ref} stays on your list without a deadline: {CMD}move {pending.ref} WHEN "
                      f"sets one, {CMD}drop {pending.ref} removes it.")]
    return [Reply("OK, no time zone change.")]
