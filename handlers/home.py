"""A person's at-a-glance view: open actions and this week's record. Platforms with a
home screen (Slack's App Home) render it; it is also what `/home` answers."""
from __future__ import annotations

from datetime import timedelta

from handlers.formatting import action_line, label, plural, ref
from handlers.ontime import rate_words
from handlers.weeks import week_start
from handlers.turn import Turn
from handlers.types import Button, Reply


async def home(turn: Turn, _args: str = "") -> list[Reply]:
    from handlers.sparkline import sparkline
    from handlers.record import records

    u, person = turn.u, turn.person
    actions = await u.actions.open_for(person.id, limit=10)
    start = week_start(turn.local_now)
    rec = (await records(u, [person], start, turn.now + timedelta(microseconds=1), turn.now,
                         lambda p: turn.tz))[person.id]
    done = sorted(rec.completed, key=lambda a: a.completed_at or turn.now, reverse=True)
    lines = [f"Open actions ({len(actions)}{'+' if len(actions) == 10 else ''}):"]
    lines += ([action_line(a, turn.tz, turn.now) for a in actions]
              or ["Nothing open. What will you do next, and by when?"])
    lines.append(f"\nDone this week: {plural(len(done), 'action')}")
    lines += [action_line(a, turn.tz, turn.now) for a in done[:10]]  # 🟢 on time, 🟡 done late
    if rate := rate_words(rec.rate):
        lines.append(f"🎯 {rate[0].upper()}{rate[1:]}")
    for m in rec.metrics:
        target = f" (target {m.metric.target:g})" if m.metric.target is not None else ""
        now_value = "–" if m.this_week is None else f"{m.this_week:g}"
        lines.append(f"📈 {m.metric.name} {sparkline(m.history)} this week {now_value}{target}")
    buttons = tuple(tuple(Button(f"✅ {label(a)}", "done", ref(a)) for a in actions[i:i + 4])
                    for i in range(0, len(actions), 4))
    return [Reply("\n".join(lines), buttons=buttons)]
