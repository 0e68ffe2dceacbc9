"""Numbers answering metric questions: which metric a value belongs to, said back with an undo.

A value goes to a metric only when the message makes that certain: it names the metric ("calls
12", "12 calls", "calls 12, meetings 3"), or exactly one metric question is open (asked within
`OPEN_FOR` and not answered for its period; with none open, the last question asked in 36 hours,
so a second number corrects the first). With two or more open, a bare number gets one button
per open question instead of a guess. Every logged answer is echoed ("📈 calls today,
Mon 23 Nov: 12") with a one-tap Undo that puts back what was there before.
"""
from __future__ import annotations

import json
import re
from datetime import date, timedelta

from handlers.formatting import clip
from handlers.ids import as_id
from handlers.metrics import cadence_of, parse_number, record
from handlers.refs import CMD
from handlers.turn import Turn
from handlers.types import Button, Reply
from storage import Metric, NudgeKind, PendingKind

UNDO_PRESS = "metric_undo"  # the Undo button's action

OPEN_FOR = timedelta(days=8)  # a weekly question stays open until the next one
_NUM = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NAME = r"[A-Za-z][\w\-]*"
_PAIR = re.compile(rf"\s*(?:(?P<n1>{_NAME})\s*[:=]?\s*(?P<v1>{_NUM})|(?P<v2>{_NUM})\s*(?P<n2>{_NAME})?)\s*")
_SEP = re.compile(r"\s*(?:,|;|&|\band\b|\+)\s*|\s+", re.IGNORECASE)


def pairs(text: str) -> list[tuple[str, float]] | None:
    """[("calls", 12.0), ("", 3.0)] for "calls 12, 3"; None unless the whole message is values."""
    t = text.strip().rstrip(".!")
    out: list[tuple[str, float]] = []
    pos = 0
    while pos < len(t):
        m = _PAIR.match(t, pos)
        if not m or m.end() == pos:
            return None
        value = parse_number(m.group("v1") or m.group("v2"))
        if value is None:
            return None
        out.append(((m.group("n1") or m.group("n2") or "").lower(), value))
        pos = m.end()
        sep = _SEP.match(t, pos)
        if sep and sep.end() > pos:
            pos = sep.end()
    if not out or (len(out) > 1 and any(not name for name, _ in out)):
        return None  # several bare numbers name nothing
    return out


async def _named(turn: Turn, word: str) -> Metric | None:
    found = await turn.u.metrics.named(turn.person.id, word)
    if found is None:
        found = next((x for x in await turn.u.metrics.active(turn.person.id) if x.unit and x.unit.lower() == word),
                     None)
    return found


async def open_questions(turn: Turn) -> list[tuple[Metric, date]]:
    """The metric questions still waiting for a value, newest first, one per metric."""
    seen: set[int] = set()
    out = []
    for nudge in await turn.u.nudges.sent_since(turn.person.id, NudgeKind.METRIC, turn.now - OPEN_FOR):
        if nudge.subject_id in seen:
            continue
        seen.add(nudge.subject_id)
        metric = await turn.u.metrics.by_id(turn.person.id, nudge.subject_id)
        period = nudge.anchor.date()
        if metric is None or metric.removed_at is not None or metric.id is None:
            continue
        if await turn.u.metrics.value(metric.id, cadence_of(metric).period_of(period)) is None:
            out.append((metric, period))
    return out


async def answer(turn: Turn, text: str) -> list[Reply] | None:
    """Log the values in `text`, or ask which metric a bare number is for. None when the text
    is not metric values."""
    found = pairs(text)
    if found is None:
        return None
    asked = await open_questions(turn)
    if len(found) == 1 and not found[0][0]:
        value = found[0][1]
        if not asked:  # every question is answered: a number corrects the last one
            latest = await turn.u.nudges.latest_sent(turn.person.id, NudgeKind.METRIC, turn.now - timedelta(hours=36))
            metric = await turn.u.metrics.by_id(turn.person.id, latest.subject_id) if latest else None
            if latest is None or metric is None or metric.removed_at is not None:
                return None
            asked = [(metric, latest.anchor.date())]
        if len(asked) == 1:
            return [await _log(turn, [(asked[0][0], asked[0][1], value)])]
        buttons = tuple((Button(f"{m.name}: {value:g}", "metric_log", f"{m.id}:{value:.12g}:{day.isoformat()}"),)
                        for m, day in asked[:6])
        names = " or ".join(m.name for m, _ in asked[:6])
        return [Reply(f"Which is {value:g} for: {names}? Tap one, or reply e.g. “{asked[0][0].name} {value:g}”.",
                      buttons=buttons)]
    entries = []
    days = {m.id: day for m, day in asked}
    for word, value in found:
        metric = await _named(turn, word)
        if metric is None:
            if len(found) == 1:
                return None  # "3 apples": not a metric, read it as any other message
            return [Reply(f"You have no metric “{clip(word, 30)}”. {CMD}metric list shows yours.")]
        entries.append((metric, days.get(metric.id, turn.local_now.date()), value))
    return [await _log(turn, entries)]


async def _log(turn: Turn, entries: list[tuple[Metric, date, float]]) -> Reply:
    """Record each value, say where it went, and keep what it replaced for the Undo button."""
    lines, before = [], []
    for metric, day, value in entries:
        period = cadence_of(metric).period_of(day)
        old = await turn.u.metrics.value(metric.id or 0, period)
        reply = await record(turn, metric, day, value)
        lines.append(reply.text)
        if reply.text.startswith("📈"):
            before.append({"m": metric.id, "p": period.isoformat(), "old": old})
    if not before:
        return Reply("\n".join(lines))
    await turn.u.pending.clear(turn.person.id, [PendingKind.METRIC_UNDO])
    held = await turn.u.pending.add(turn.person.id, PendingKind.METRIC_UNDO, turn.now, text=json.dumps(before))
    return Reply("\n".join(lines), buttons=((Button("↩️ Undo", UNDO_PRESS, str(held.id)),),))


async def press_log(turn: Turn, arg: str) -> list[Reply]:
    """A "calls: 12" button under "Which is 12 for?"."""
    try:
        metric_id, value, day = arg.split(":")
        when = date.fromisoformat(day)
        number = float(value)
    except ValueError:
        return [Reply(f"That button is out of date. {CMD}metric list shows your metrics.")]
    metric = await turn.u.metrics.by_id(turn.person.id, as_id(metric_id) or 0)
    if metric is None or metric.removed_at is not None:
        return [Reply(f"That metric is no longer tracked. {CMD}metric list shows yours.")]
    return [await _log(turn, [(metric, when, number)])]


async def press_undo(turn: Turn, arg: str) -> list[Reply]:
    """Put back what the logged values replaced (or nothing, when there was nothing)."""
    held = await turn.u.pending.take(turn.person.id, as_id(arg), PendingKind.METRIC_UNDO)
    if held is None:
        return [Reply("Nothing to undo there (it was undone already, or a newer value came since).")]
    lines = []
    for entry in json.loads(held.text):
        metric = await turn.u.metrics.by_id(turn.person.id, int(entry["m"]))
        if metric is None or metric.id is None:
            continue
        period = date.fromisoformat(entry["p"])
        if entry["old"] is None:
            await turn.u.metrics.forget_value(metric.id, period)
            lines.append(f"↩️ Undone: no {metric.name} value for {period:%a %d %b} now.")
        else:
            await turn.u.metrics.record(metric, period, float(entry["old"]), turn.now)
            lines.append(f"↩️ Undone: {metric.name} for {period:%a %d %b} is back to {float(entry['old']):g}.")
    return [Reply("\n".join(lines) or "Nothing to undo there.")]
