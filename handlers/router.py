"""Routing one incoming message to the feature that answers it: a button press, a command,
or plain text (which may answer a pending question). Bad input gets a clear reply."""
from __future__ import annotations

import difflib
import re
from collections.abc import Awaitable, Callable

from handlers import (actions, capture, coach_actions, everyday, goals, home, lesson_upload, lessons, metric_answers,
                      nudges, observe, onboarding, outcome, privacy, quiz, reviews, snooze, snooze_words, timezone)
from handlers.commands import BY_NAME
from handlers.deadlines import DeadlineInputError
from handlers.turn import Turn
from handlers.types import Reply
from handlers.refs import CMD

_COMMAND = re.compile(r"^/([A-Za-z0-9_]+)(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)

PRESSES: dict[str, Callable[[Turn, str], Awaitable[list[Reply]]]] = {
    "done": actions.press_done,
    "drop": nudges.press_drop,
    "more_time": nudges.press_more_time,
    "insight_act": nudges.press_insight_act,
    "insight_thought": nudges.press_insight_thought,
    "save_action": lambda turn, arg: capture.press_save(turn, arg, as_action=True),
    "save_insight": lambda turn, arg: capture.press_save(turn, arg, as_action=False),
    "coach_nudge": coach_actions.press_nudge,
    "coach_assign": coach_actions.press_assign,
    "coach_record": coach_actions.press_record,
    "metric_log": metric_answers.press_log,
    "move_to": everyday.press_move_to,
    snooze.PRESS: snooze.press_choice,
    snooze.AT_PRESS: snooze.press_at,
    snooze.KEEP_PRESS: snooze.press_keep,
    snooze.MOVE_PRESS: snooze.press_move,
    snooze_words.PICK_PRESS: snooze_words.press_pick,
    outcome.SKIP_PRESS: outcome.press_skip,
    outcome.METRIC_PRESS: outcome.press_metric,
    metric_answers.UNDO_PRESS: metric_answers.press_undo,
    "forget_yes": lambda turn, arg: privacy.press_forget(turn, arg, confirmed=True),
    "forget_no": lambda turn, arg: privacy.press_forget(turn, arg, confirmed=False),
    timezone.PRESS: timezone.press_zone,
    lessons.OPEN_PRESS: lessons.press_open,
    observe.PRESS: observe.press,
    goals.PRESS: goals.press_link,
    quiz.START: quiz.press_start,
    quiz.ANSWER: quiz.press_answer,
    quiz.PICK: quiz.press_pick,
    quiz.LATER: quiz.press_later,
    reviews.ANSWER: reviews.press_answer,
    reviews.PICK: reviews.press_pick,
    reviews.LATER: reviews.press_later,
}


async def route(turn: Turn) -> list[Reply]:
    try:
        replies = await _route(turn)
    except DeadlineInputError as refused:  # "in 99999999999 days": a clear answer, nothing saved half-way
        return [Reply(str(refused))]
    return await onboarding.greet_first_contact(turn, replies)


async def _route(turn: Turn) -> list[Reply]:
    incoming = turn.incoming
    if incoming.kind == "press" and incoming.press is not None:
        run = PRESSES.get(incoming.press.action)
        if run is None:
            return [Reply(f"That button is no longer in use. {CMD}help shows what I can do.")]
        return await run(turn, incoming.press.arg)
    if incoming.kind == "home":
        return await home.home(turn)
    if incoming.kind == "edit":
        return [Reply("I saw you edited a message; edits don't change what I saved. "
                      f"Use {CMD}move N WHEN or {CMD}drop N, or send it again.")]
    if incoming.kind == "location":
        return await timezone.from_location(turn)
    if incoming.kind == "document":
        return await lesson_upload.receive(turn)
    if incoming.kind == "media":
        return [Reply("I can only read text for now. Tell me in words what you'll do and by when.")]
    text = incoming.text.strip()
    if not text:
        return [Reply(f"I got an empty message. Tell me what you'll do and by when, or send {CMD}help.")]
    if (too_long := capture.too_long(turn, text)) is not None:
        return [too_long]  # every command and message, so nothing long reaches a reader
    if text.startswith("/"):
        return await _command(turn, text)
    return await capture.plain(turn, text)


async def _command(turn: Turn, text: str) -> list[Reply]:
    m = _COMMAND.match(text)
    if m is None:
        return [Reply(f"I don't understand “{text[:40]}”. {CMD}help lists the commands.")]
    name, args = m.group(1).lower(), (m.group(2) or "").strip()
    command = BY_NAME.get(name)
    if command is None:
        close = difflib.get_close_matches(name, list(BY_NAME), n=1, cutoff=0.6)
        hint = f" Did you mean {CMD}{close[0]}?" if close else ""
        return [Reply(f"I don't know {CMD}{name[:40]}.{hint} {CMD}help lists what I can do.")]
    return await command.run(turn, args)
