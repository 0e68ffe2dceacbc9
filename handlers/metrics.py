"""Metrics: /metric add | list | remove, /log, and numbers answering a prompt.

A metric is counted per period (a day, or a week for weekly ones). REKS kind: results
(what moved) or effort (what was done to move it); results is the default.

Every number read here (a logged value, an answer to a metric question, a target) is finite
and at most MAX_VALUE: "/log calls 999…9" would otherwise store infinity and break every
digest and chart that sums it.
"""
from __future__ import annotations

import math
import re
from datetime import date, time
from typing import Any

from handlers.date_order import day_first
from handlers.timing import Cadence, next_prompt, period_label, read_clock, read_weekday
from handlers.formatting import clip
from handlers.past_dates import parse_past_day
from handlers.turn import Turn
from handlers.types import Reply
from handlers.refs import CMD
from storage import Metric

NAME = re.compile(r"^[a-z][a-z0-9_\-]{0,39}$")
NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
ADD_USAGE = (f"Send {CMD}metric add NAME [daily | weekdays | weekly DAY] [at HH:MM] [target N] [unit U] "
             f"[results | effort], e.g. {CMD}metric add calls weekdays at 17:30 target 20 effort")
MAX_VALUE = 10**12  # a trillion: above any count or sum of money a person tracks per period
TOO_BIG = f"up to {MAX_VALUE:,}"
RESERVED = {"daily", "weekdays", "weekly", "at", "target", "unit", "results", "effort", "add", "list", "remove"}


def cadence_of(metric: Metric) -> Cadence:
    return Cadence(metric.cadence, metric.weekday, time.fromisoformat(metric.at))


def parse_number(text: str) -> float | None:
    """The number `text` spells ("12", "1,250", "-3.5"), or None. May be huge or infinite:
    `out_of_range` says whether it can be stored."""
    t = text.strip()
    return float(t.replace(",", "")) if NUMBER.match(t) else None


def out_of_range(value: float) -> bool:
    """True for infinity, NaN and anything beyond ±MAX_VALUE."""
    return not math.isfinite(value) or abs(value) > MAX_VALUE


def describe(metric: Metric) -> str:
    unit = f" {metric.unit}" if metric.unit else ""
    target = f", target {metric.target:g}{unit}" if metric.target is not None else ""
    return f"{metric.name}: {cadence_of(metric).describe()}{target}, {metric.kind}"


def parse_spec(words: list[str]) -> dict[str, Any] | str:
    """The options after the name, or an error message."""
    spec: dict[str, Any] = {"cadence": "daily", "weekday": 4, "at": "18:00", "target": None, "kind": "results",
                            "unit": None}
    i = 0
    while i < len(words):
        w = words[i].lower()
        raw_next = words[i + 1] if i + 1 < len(words) else None
        nxt = raw_next.lower() if raw_next else None
        if w in {"daily", "weekdays"}:
            spec["cadence"] = w
        elif w == "weekly":
            spec["cadence"] = "weekly"
            if nxt and (day := read_weekday(nxt)) is not None:
                spec["weekday"] = day
                i += 1
        elif w == "at" and nxt:
            if (at := read_clock(nxt)) is None:
                return f"“{nxt}” is not a time like 17:30."
            spec["at"] = at.strftime("%H:%M")
            i += 1
        elif w == "target" and nxt:
            value = parse_number(nxt)
            if value is None or value < 0 or out_of_range(value):
                return f"“{clip(nxt, 30)}” is not a target I can use (a number from 0 {TOO_BIG})."
            spec["target"] = value
            i += 1
        elif w == "unit" and nxt:
            spec["unit"] = (raw_next or "")[:20]
            i += 1
        elif w in {"results", "result", "effort"}:
            spec["kind"] = "effort" if w == "effort" else "results"
        else:
            return f"I don't understand “{w}” there."
        i += 1
    return spec


async def metric(turn: Turn, args: str) -> list[Reply]:
    words = args.split()
    verb = words[0].lower() if words else "list"
    if verb == "list":
        return await list_metrics(turn)
    if verb == "add":
        return await add_metric(turn, [words[1].lower(), *words[2:]] if len(words) > 1 else [])
    if verb in {"remove", "delete", "rm"} and len(words) == 2:
        return await remove_metric(turn, words[1].lower())
    return [Reply(f"{ADD_USAGE}\n{CMD}metric list shows yours; {CMD}metric remove NAME stops one.")]


async def add_metric(turn: Turn, words: list[str]) -> list[Reply]:
    if not words or not NAME.match(words[0]) or words[0] in RESERVED:
        return [Reply(f"Give the metric a one-word name (letters, digits, - or _). {ADD_USAGE}")]
    spec = parse_spec(words[1:])
    if isinstance(spec, str):
        return [Reply(f"{spec}\n{ADD_USAGE}")]
    u, person = turn.u, turn.person
    existing = await u.metrics.named(person.id, words[0], include_removed=True)
    m = existing or Metric(person_id=person.id, name=words[0], created_at=turn.now)
    revived = existing is not None and existing.removed_at is not None
    updated = existing is not None and not revived
    m.cadence, m.weekday, m.at, m.target, m.kind, m.unit = (spec["cadence"], spec["weekday"], spec["at"],
                                                           spec["target"], spec["kind"], spec["unit"])
    m.removed_at = None
    m.next_check_at = next_prompt(cadence_of(m), turn.tz, turn.now)
    await u.metrics.save(m)
    verb = "Updated" if updated else "Tracking"
    return [Reply(f"📈 {verb} {describe(m)}. I'll ask {cadence_of(m).describe()} ({turn.zone_name}); "
                  f"log any time with {CMD}log {m.name} 12.")]


async def list_metrics(turn: Turn) -> list[Reply]:
    metrics = await turn.u.metrics.active(turn.person.id)
    if not metrics:
        return [Reply(f"No metrics yet. {ADD_USAGE}")]
    lines = ["Your metrics:"]
    for m in metrics:
        period = cadence_of(m).period_of(turn.local_now.date())
        value = await turn.u.metrics.value(m.id or 0, period)
        now_text = f"; {period_label(cadence_of(m), period, turn.local_now.date())}: {value:g}" if value is not None \
            else ""
        lines.append(f"• {describe(m)}{now_text}")
    return [Reply("\n".join(lines))]


async def remove_metric(turn: Turn, name: str) -> list[Reply]:
    m = await turn.u.metrics.named(turn.person.id, name)
    if m is None:
        return [Reply(await _unknown(turn, name))]
    m.removed_at, m.next_check_at = turn.now, None
    await turn.u.metrics.save(m)
    return [Reply(f"Stopped tracking {name}. Its past values stay in your {CMD}export; "
                  f"{CMD}metric add {name} brings it "
                  f"back.")]


async def _unknown(turn: Turn, name: str) -> str:
    names = [m.name for m in await turn.u.metrics.active(turn.person.id)]
    have = f"Your metrics: {', '.join(names)}." if names else f"You have no metrics yet: {CMD}metric add NAME."
    return f"You have no metric “{clip(name, 40)}”. {have}"


async def log(turn: Turn, args: str) -> list[Reply]:
    words = args.split()
    if len(words) < 2:
        return [Reply(f"Send {CMD}log NAME VALUE [WHEN], e.g. {CMD}log calls 12, {CMD}log calls 12 yesterday.")]
    name, raw, when = words[0].lower(), words[1], " ".join(words[2:])
    m = await turn.u.metrics.named(turn.person.id, name)
    if m is None:
        return [Reply(await _unknown(turn, name))]
    value = parse_number(raw)
    if value is None:
        return [Reply(f"“{clip(raw, 30)}” isn't a number. e.g. {CMD}log {name} 12")]
    today = turn.local_now.date()
    day = parse_past_day(when, today, day_first(turn.zone_name)) if when else today
    if day is None:
        return [Reply(f"I couldn't read “{clip(when, 40)}” as a day. Try yesterday, Monday or 2026-03-02.")]
    if day > today:
        return [Reply("That day hasn't happened yet: log values for today or earlier.")]
    return [await record(turn, m, day, value)]


async def record(turn: Turn, m: Metric, day: date, value: float) -> Reply:
    """Store a value for the period containing `day`, saying when it replaced one."""
    if out_of_range(value):
        return Reply(f"That number is too big to count. I keep values {TOO_BIG}.")
    if value < 0:
        return Reply(f"A count can't be negative ({value:g}). Send 0 or more.")
    cadence = cadence_of(m)
    period = cadence.period_of(day)
    old = await turn.u.metrics.record(m, period, value, turn.now)
    label = period_label(cadence, period, turn.local_now.date())
    unit = f" {m.unit}" if m.unit else ""
    target = ""
    if m.target is not None:
        target = " 🎯 on target!" if value >= m.target else f" (target {m.target:g}{unit})"
    replaced = f", replacing {old:g}" if old is not None and old != value else ""
    return Reply(f"📈 {m.name} {label}: {value:g}{unit}{replaced}.{target}")




def prompt(m: Metric, period: date, today: date) -> Reply:
    """"How many calls today, Wed 11 Mar? (target 20)": the metric and the period, named."""
    target = f" (target {m.target:g}{' ' + m.unit if m.unit else ''})" if m.target is not None else ""
    return Reply(f"How many {m.name} {period_label(cadence_of(m), period, today)}?{target} Reply with a number.")
