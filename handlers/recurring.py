"""Repeating commitments in the conversation: starting a series from a commitment ("Weekly report
every Friday 4pm"), `/stop N`, `/skip N`, and the series' line in `/actions`.

The series takes the person's next #N; its occurrences are #N·1, #N·2 … (typed `12·3` or
`12.3`). The reply to a new series states the rule and the next three dates, in local time.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from handlers import occurrences as occ
from handlers.deadlines.recurrence import RecurrenceMatch
from handlers.formatting import clip, when_with_year
from handlers.ids import MAX_ID
from handlers.intent import tidy_action_text
from handlers.refs import CMD
from handlers.timing.recurrence import anchor, describe, first, next_dates
from handlers.turn import Turn
from handlers.types import Reply
from storage import Action, Insight, Series


def title(text: str, found: RecurrenceMatch) -> str:
    """The action's title: the message without its repeating phrase ("Weekly report")."""
    return tidy_action_text(text[: found.start] + " " + text[found.end:])


async def start_series(turn: Turn, text: str, found: RecurrenceMatch,
                       linked: Callable[[Turn], Awaitable[Insight | None]]) -> list[Reply]:
    """A new series and its first occurrence; the reply states the rule and the next three dates.
    `linked` takes the insight it answers, once the series is sure to be made."""
    body = title(text, found)
    if not body:
        return [Reply(f"What will you do {text}? e.g. {CMD}commit Weekly report every Friday 4pm")]
    rule = anchor(found.rule, turn.now, turn.tz, turn.config.end_of_day)
    if rule is None:
        return [Reply(f"That ends before it starts: no date of “{clip(text, 60)}” lies ahead. "
                      f"Try e.g. {CMD}commit Stretch every day until Dec 20")]
    u, person = turn.u, turn.person
    insight = await linked(turn)
    number = await u.people.take_action_number(person)
    series = await u.series.add(Series(person_id=person.id, number=number, text=body, rule=rule,
                                       timezone=turn.zone_name, created_at=turn.now,
                                       insight_id=insight.id if insight else None))
    action = await occ.start(u, series, turn.now)
    dates = next_dates(rule, turn.tz, first(rule, turn.tz), 3)
    lines = [f"🔁 #{number} {clip(body)}, {describe(rule)}.",
             "Next: " + "; ".join(f"#{number}{occ.SEP}{d.index} {when_with_year(d.at, turn.tz, turn.now)}"
                                  for d in dates),
             f"Each time is its own action (#{occ.shown_ref(action)} first), with its own check-in. "
             f"{CMD}skip {number} skips the next one, {CMD}stop {number} ends the series."]
    if insight is not None:
        lines.append(f"💡 From your insight: “{clip(insight.text, 80)}”")
    if person.timezone is None:
        lines.append(f"(Times are in {turn.zone_name}. Set yours with {CMD}tz, e.g. {CMD}tz Berlin.)")
    return [Reply("\n".join(lines))]


async def _series(turn: Turn, args: str, command: str) -> tuple[Series | None, str]:
    word = args.strip().lstrip("#").split(occ.SEP)[0].split(".")[0]
    number = int(word) if word.isascii() and word.isdigit() and len(word) <= 10 else None
    if number is None:
        return None, f"Which series? Send {CMD}{command} N, e.g. {CMD}{command} 12. {CMD}actions lists them."
    series = await turn.u.series.by_number(turn.person.id, number) if number <= MAX_ID else None
    if series is None:
        return None, f"You have no repeating action #{number}. {CMD}actions lists yours (🔁 marks a series)."
    return series, ""


async def stop(turn: Turn, args: str) -> list[Reply]:
    """End a series: no more occurrences; the one ahead is dropped, the past ones stay as they are."""
    series, error = await _series(turn, args, "stop")
    if series is None:
        return [Reply(error)]
    if series.status != occ.ACTIVE:
        return [Reply(f"#{series.number} {clip(series.text, 60)} has already {series.status}.")]
    series.status, series.stopped_at, series.next_check_at = occ.STOPPED, turn.now, None
    await turn.u.series.save(series)
    await turn.u.series.drop_upcoming(series.id, turn.now)
    n = occ.streak(await turn.u.series.occurrences(series.id), turn.now)
    kept = f" It ends on {n} {'time' if n == 1 else 'times'} in a row." if n else ""
    return [Reply(f"⏹ Stopped #{series.number} {clip(series.text)}: no more occurrences. "
                  f"What you did and missed stays in your history.{kept}")]


async def skip(turn: Turn, args: str) -> list[Reply]:
    """Skip the next occurrence (it is neither nudged nor counted, and doesn't break a streak)."""
    series, error = await _series(turn, args, "skip")
    if series is None:
        return [Reply(error)]
    if series.status != occ.ACTIVE:
        return [Reply(f"#{series.number} {clip(series.text, 60)} has {series.status}: nothing to skip.")]
    skipped, nxt = await occ.skip_next(turn.u, series, turn.now)
    if skipped is None or skipped.deadline is None:
        return [Reply(f"#{series.number} has no occurrence ahead to skip.")]
    after = (f" Next: #{occ.shown_ref(nxt)}, {when_with_year(nxt.deadline, turn.tz, turn.now)}."
             if nxt is not None and nxt.deadline is not None else " That was the last one: the series has ended.")
    return [Reply(f"⏭ Skipped #{occ.shown_ref(skipped)} {clip(skipped.text, 60)} "
                  f"({when_with_year(skipped.deadline, turn.tz, turn.now)}).{after}")]


async def streak_note(turn: Turn, action: Action) -> str:
    """" 🔥 4 weeks in a row" after an occurrence is done (empty for other actions)."""
    if action.series_id is None:
        return ""
    series = (await turn.u.series.by_ids(turn.person.id, [action.series_id])).get(action.series_id)
    if series is None:
        return ""
    words = occ.streak_words(series, occ.streak(await turn.u.series.occurrences(series.id), turn.now))
    return f"\n🔥 {words}" if words else ""


async def series_lines(turn: Turn, actions: list[Action]) -> tuple[list[tuple[Action, str]], list[str]]:
    """`/actions` shows a series once: its current occurrence, with the rule and how many earlier
    ones are still open after it; a series whose next occurrence is not made yet (the last one
    is done) gets a line of its own. Returns (action, what to add to its line) and those lines."""
    sids = sorted({a.series_id for a in actions if a.series_id is not None})
    series = await turn.u.series.by_ids(turn.person.id, sids)
    shown: list[tuple[Action, str]] = []
    seen: set[int] = set()
    for a in actions:
        if a.series_id is None:
            shown.append((a, ""))
            continue
        if a.series_id in seen:
            continue
        seen.add(a.series_id)
        same = [b for b in actions if b.series_id == a.series_id]
        pick = occ.current(same, turn.now) or a
        earlier = sum(1 for b in same if b.occurrence < pick.occurrence)
        more = f"; {earlier} earlier still open" if earlier else ""
        s = series.get(a.series_id)
        shown.append((pick, f" (🔁 {describe(s.rule)}{more})" if s else ""))
    extra = [f"🔁 #{s.number} {clip(s.text, 80)}: {describe(s.rule)}, next {_next_text(turn, s)}"
             for s in await turn.u.series.active_for(turn.person.id) if s.id not in seen]
    return shown, extra


def _next_text(turn: Turn, series: Series) -> str:
    step = occ.next_step(series)
    return f"#{series.number}{occ.SEP}{step.index} {when_with_year(step.at, turn.tz, turn.now)}" if step else "none"

