"""Capture: insights and commitments, from commands, plain messages and "save as" buttons.

Nothing is guessed and nothing is lost: a commitment with no readable deadline is saved at
once as #N and the bot asks "By when?"; the next message that holds a date completes it.
"""
from __future__ import annotations

from handlers.actions import reschedule
from handlers.deadline_input import deadline_in
from handlers.ids import as_id
from handlers.formatting import clip, when_with_year
from handlers.metrics import answer_prompt
from handlers.intent import (COMMIT_OPENER, INSIGHT_PHRASE, INSIGHT_PREFIX, is_past_report, is_question,
                             tidy_action_text)
from handlers.turn import Turn
from handlers.types import Button, Reply
from handlers.timezone import settle
from handlers.zones import find_zone
from handlers.refs import CMD

ASK_DEADLINE = "deadline"
ASK_TIMEZONE = "timezone"
ASK_ASSIGN = "assign"  # a coach's "What should X do?" (ref: the client's id)
OFFER = "offer"
EXAMPLES = "e.g. 'Friday 5pm', 'tomorrow at 10am', 'in 3 days'"


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
    match = deadline_in(turn, text)
    body = tidy_action_text(text[: match.start] + " " + text[match.end:]) if match else tidy_action_text(text)
    if not body:
        due = when_with_year(match.when, turn.tz, turn.now) if match else ""
        return [Reply(f"What will you do by {due}? e.g. {CMD}commit Call Anna {text}")]
    u, person = turn.u, turn.person
    number = await u.people.take_action_number(person)
    insight = None
    if person.link_insight_id is not None:
        insight = await u.insights.get(person.id, person.link_insight_id)
        person.link_insight_id = None
        await u.people.save(person)
    deadline = match.when if match and match.when > turn.now else None
    action = await u.actions.add(person.id, number, body, deadline, turn.now, insight.id if insight else None)
    lines = []
    if deadline is None:
        await u.pending.clear(person.id, [ASK_DEADLINE])
        await u.pending.add(person.id, ASK_DEADLINE, turn.now, ref=action.number)
        past = f" ({when_with_year(match.when, turn.tz, turn.now)} has already passed.)" if match else ""
        lines.append(f"Got it: #{number} {clip(body)}.{past}")
        lines.append(f"By when? ({EXAMPLES})")
    else:
        lines.append(f"✅ #{number} {clip(body)}, due {when_with_year(deadline, turn.tz, turn.now)}")
    if insight is not None:
        lines.append(f"💡 From your insight: “{clip(insight.text, 80)}”")
    if person.timezone is None:
        lines.append(f"(Times are in {turn.zone_name}. Set yours with {CMD}tz, e.g. {CMD}tz Berlin.)")
    return [Reply("\n".join(lines))]


async def insight(turn: Turn, raw: str, source: str = "command") -> list[Reply]:
    """Record an insight and prod for the action that turns it into a result."""
    text = " ".join(raw.split())
    if not text:
        return [Reply(f"What did you realise? e.g. {CMD}insight I talk more than I listen in sales calls")]
    if (r := too_long(turn, text)) is not None:
        return [r]
    saved = await turn.u.insights.add(turn.person.id, text, turn.now, source,
                                      next_check_at=turn.now + turn.config.insight_followup_after)
    turn.person.link_insight_id = saved.id
    await turn.u.people.save(turn.person)
    return [Reply(f"💡 Insight saved: “{clip(text, 200)}”\n"
                  "What will you do about it, and by when? (e.g. I'll ask two questions per call, starting tomorrow)")]


async def answer_deadline(turn: Turn, text: str) -> list[Reply] | None:
    """Complete the action that is waiting for "By when?". None when `text` is no answer."""
    u, person = turn.u, turn.person
    pending = await u.pending.latest(person.id, [ASK_DEADLINE])
    if pending is None:
        return None
    action = await u.actions.by_number(person.id, pending.ref or 0)
    if action is None or action.status != "open":
        await u.pending.remove(pending)
        return None
    match = deadline_in(turn, text)
    if match is None:
        return None
    if match.when <= turn.now:
        return [Reply(f"{when_with_year(match.when, turn.tz, turn.now)} has already passed. "
                      f"By when will you do #{action.number} {clip(action.text, 60)}? ({EXAMPLES})")]
    await u.pending.remove(pending)
    return [await reschedule(turn, action, match.when)]


async def plain(turn: Turn, text: str) -> list[Reply]:
    """A message that is not a command: answer a pending question, or read its intent."""
    u, person = turn.u, turn.person
    if (r := too_long(turn, text)) is not None:
        return [r]
    waiting_tz = await u.pending.latest(person.id, [ASK_TIMEZONE])
    if waiting_tz is not None:
        await u.pending.remove(waiting_tz)
        answer = await find_zone(text) if len(text) < 60 else None
        if answer is not None and (answer.zone or answer.choices):
            replies = await settle(turn, text, answer)
            if answer.zone:
                replies.append(Reply("Now tell me what you will do and by when, e.g. I'll call Anna by Friday 5pm"))
            return replies
    from handlers.coach_actions import answer_assign
    answered = await answer_assign(turn, text) or await answer_deadline(turn, text)
    if answered is not None:
        return answered
    logged = await answer_prompt(turn, text)
    if logged is not None:
        return logged
    if m := INSIGHT_PREFIX.match(text):
        return await insight(turn, text[m.end():] or text, source="message")
    if m := COMMIT_OPENER.match(text):
        return await commit(turn, text[m.end():], source="message")
    if INSIGHT_PHRASE.search(text):
        return await insight(turn, text, source="message")
    waiting = await u.pending.latest(person.id, [ASK_DEADLINE])
    match = deadline_in(turn, text)
    if (match is not None and match.when > turn.now and not is_question(text) and not is_past_report(text)
            and waiting is None):
        return await commit(turn, text, source="message")
    if waiting is not None:
        action = await u.actions.by_number(person.id, waiting.ref or 0)
        name = f"#{waiting.ref} {clip(action.text, 60)}" if action else f"#{waiting.ref}"
        return [Reply(f"I couldn't find a date in that. By when will you do {name}? ({EXAMPLES})\n"
                      f"Or {CMD}cancel to keep it without a deadline.")]
    held = await u.pending.add(person.id, OFFER, turn.now, text=text)
    return [Reply("Shall I keep that? Save it as an insight (something you realised) or as an action "
                  "(something you will do)?",
                  buttons=((Button("💡 Save as insight", "save_insight", str(held.id)),
                            Button("✅ Save as action", "save_action", str(held.id))),))]


async def press_save(turn: Turn, arg: str, as_action: bool) -> list[Reply]:
    """The "Save as insight / action" buttons under a plain message."""
    held = await turn.u.pending.take(turn.person.id, as_id(arg), OFFER)
    if held is None:
        return [Reply("That message was already saved (or is no longer waiting). "
                      f"{CMD}actions and {CMD}insights show what I have.")]
    return await (commit(turn, held.text, "button") if as_action else insight(turn, held.text, "button"))


async def cancel(turn: Turn, _args: str) -> list[Reply]:
    u, person = turn.u, turn.person
    pending = await u.pending.latest(person.id, [ASK_DEADLINE, ASK_TIMEZONE, ASK_ASSIGN])
    if pending is None:
        return [Reply("Nothing to cancel.")]
    await u.pending.clear(person.id, [ASK_DEADLINE, ASK_TIMEZONE, ASK_ASSIGN])
    if pending.kind == ASK_ASSIGN:
        return [Reply("OK, nothing assigned.")]
    if pending.kind == ASK_DEADLINE:
        return [Reply(f"OK. #{pending.ref} stays on your list without a deadline: {CMD}move {pending.ref} WHEN "
                      f"sets one, {CMD}drop {pending.ref} removes it.")]
    return [Reply("OK, no time zone change.")]
