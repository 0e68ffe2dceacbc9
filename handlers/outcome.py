""""What changed?": after an action is marked done, one optional question: what came of it,
and, for someone who tracks metrics, which one it moved. Kept on the action (`outcome`,
`outcome_metric`) and shown in digests as insight → action → outcome.

The question is a pending row (it survives a restart) that never blocks anything: commands,
new commitments, insights and everyday words are read as usual while it waits, and it lapses
after `LAPSES`. Only a message that would otherwise be "save as insight or action?" answers it.
"""
from __future__ import annotations

from datetime import timedelta

from handlers.formatting import clip, label
from handlers.ids import as_id
from handlers.refs import CMD
from handlers.turn import Turn
from handlers.types import Button, Reply
from storage import Action, ActionStatus, PendingKind

SKIP_PRESS = "outcome_skip"  # arg: the action's id (an occurrence shares its series' number)
METRIC_PRESS = "outcome_metric"  # arg "ACTION_ID:METRIC_ID"
LAPSES = timedelta(hours=12)
MAX_METRICS = 6
OUTCOME_LIMIT = 500  # characters kept of an answer (the message limit is checked before)


async def ask(turn: Turn, action: Action) -> tuple[str, tuple[tuple[Button, ...], ...]]:
    """The question's words and buttons, added under a done reply; records the pending row."""
    metrics = list(await turn.u.metrics.active(turn.person.id))[:MAX_METRICS]
    await turn.u.pending.clear(turn.person.id, [PendingKind.OUTCOME])
    await turn.u.pending.add(turn.person.id, PendingKind.OUTCOME, turn.now, ref=action.id)
    n = str(action.id)
    which = " Did it move one of your metrics?" if metrics else ""
    rows = [tuple(Button(f"📈 {m.name}", METRIC_PRESS, f"{n}:{m.id}") for m in metrics[i:i + 3])
            for i in range(0, len(metrics), 3)]
    rows.append((Button("⏭ Skip", SKIP_PRESS, n),))
    return f"What came of it? A few words (e.g. 2 intros booked), or skip.{which}", tuple(rows)


async def _done_action(turn: Turn, action_id: int | None) -> Action | None:
    """The person's own action with this id, if it is done (a forged id finds nothing)."""
    action = await turn.u.actions.by_id(turn.person.id, action_id) if action_id else None
    return action if action is not None and action.status == ActionStatus.DONE else None


async def answer(turn: Turn, text: str) -> list[Reply] | None:
    """Keep `text` as what came of the action the question is about; None when no question
    waits (or it lapsed), or `text` is a bare number (a metric answer, never an outcome)."""
    pending = await turn.u.pending.latest(turn.person.id, [PendingKind.OUTCOME])
    if pending is None or text.strip().replace(".", "", 1).isdigit():
        return None
    await turn.u.pending.remove(pending)
    action = await _done_action(turn, pending.ref)
    if pending.created_at < turn.now - LAPSES or action is None:
        return None
    action.outcome = " ".join(text.split())[:OUTCOME_LIMIT]
    await turn.u.actions.save(action)
    moved = f" (moved {action.outcome_metric})" if action.outcome_metric else ""
    return [Reply(f"📝 Noted: {label(action)} {clip(action.text, 60)} → {clip(action.outcome, 120)}{moved}. "
                  "It shows in your digest.")]


async def press_skip(turn: Turn, arg: str) -> list[Reply]:
    action_id = as_id(arg)
    if action_id is not None:
        await turn.u.pending.clear(turn.person.id, [PendingKind.OUTCOME], ref=action_id)
    return [Reply("OK, no note." if action_id else f"That button is out of date. {CMD}actions shows your list.")]


async def press_metric(turn: Turn, arg: str) -> list[Reply]:
    """Which metric the action moved; the question for the words stays open."""
    number_text, _, metric_text = arg.partition(":")
    action = await _done_action(turn, as_id(number_text))
    metric_id = as_id(metric_text)
    metric = await turn.u.metrics.by_id(turn.person.id, metric_id) if metric_id else None
    if action is None or metric is None:
        return [Reply(f"That button is out of date. {CMD}actions shows your list.")]
    if action.outcome_metric == metric.name:
        return [Reply(f"Already noted: {label(action)} moved {metric.name}.")]
    action.outcome_metric = metric.name
    await turn.u.actions.save(action)
    waiting = await turn.u.pending.latest(turn.person.id, [PendingKind.OUTCOME])
    if waiting is None or waiting.ref != action.id or action.outcome:
        return [Reply(f"📈 Noted: {label(action)} moved {metric.name}.")]
    return [Reply(f"📈 Noted: {label(action)} moved {metric.name}. What came of it, in a few words?",
                  buttons=((Button("⏭ Skip", SKIP_PRESS, str(action.id)),),))]
