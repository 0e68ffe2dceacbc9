"""The REKS reading of a sales team: Results and Effort measured, the gap between them
pointing at Knowledge or Skills. Pure: figures in, one call per rep out, with its numbers.

A rep's call depends on that rep's own figures against their (pro rata) targets only, so the
same figures always get the same call, whatever the rest of the team logged that week:

- behind, effort low: results under target, effort under 80 % of target (coach on how much);
- effort on par, results low: a knowledge or skills gap (coach on how, not how much);
- lone wolf: results on target while effort is under 60 % of target (watch: not scalable);
- on track: results on target with effort at 60 % or more (or no effort metric logged);
- with one side missing: effort alone on par or low, or results behind with no effort logged
  (the cause is unknown: ask); nothing logged at all: no data.
The team's average effort is shown beside each call, never used to make it.
"""
from __future__ import annotations

from dataclasses import dataclass

from handlers.record import MetricWeek

EFFORT_PAR = 0.8  # effort at 80 % of target counts as on par
LONE_WOLF = 0.6  # results on target with effort under 60 % of target


@dataclass(frozen=True)
class Reading:
    name: str
    call: str  # on_track | low_effort | skills_gap | lone_wolf | effort_only | no_effort | no_data
    results: float | None  # share of results targets reached (1.0 = on target)
    effort: float | None  # share of effort targets reached
    effort_vs_team: float | None  # effort relative to the team's average (shown, not judged on)
    detail: str  # the numbers behind the call

    @property
    def headline(self) -> str:
        return {
            "on_track": "on track",
            "low_effort": "behind because effort is low: coach on how much",
            "skills_gap": "effort on par but results low: a knowledge or skills gap, coach on how, not how much",
            "lone_wolf": "lone wolf: results on target while effort is under 60% of target (watch: not scalable)",
            "effort_only": "effort on par, no results logged yet",
            "no_effort": "results behind and no effort logged: ask what got in the way",
            "no_data": "no figures logged this week",
        }[self.call]


def call_for(results: float | None, effort: float | None) -> str:
    """The call for one rep's results and effort shares of target (None: nothing logged)."""
    if results is None:
        if effort is None:
            return "no_data"
        return "effort_only" if effort >= EFFORT_PAR else "low_effort"
    if results >= 1.0:
        return "lone_wolf" if effort is not None and effort < LONE_WOLF else "on_track"
    if effort is None:
        return "no_effort"
    return "low_effort" if effort < EFFORT_PAR else "skills_gap"


def _ratio(weeks: list[MetricWeek]) -> float | None:
    """Mean share of the pro rata target reached over metrics that have a target and a value."""
    shares = [w.this_week / w.target_now for w in weeks if w.target_now and w.this_week is not None]
    return sum(shares) / len(shares) if shares else None


def _detail(weeks: list[MetricWeek]) -> str:
    parts = []
    for w in sorted(weeks, key=lambda w: (w.metric.kind != "results", w.metric.name)):  # results, then effort
        got = "–" if w.this_week is None else f"{w.this_week:g}"
        target = f"/{w.target_now:g}" if w.target_now is not None else ""
        parts.append(f"{w.metric.name} {got}{target}")
    return ", ".join(parts)


def read_team(reps: dict[str, list[MetricWeek]]) -> list[Reading]:
    """One reading per rep (name -> that rep's metric weeks), worst first."""
    effort_of = {name: _ratio([w for w in weeks if w.metric.kind == "effort"]) for name, weeks in reps.items()}
    known = [e for e in effort_of.values() if e is not None]
    team_effort = sum(known) / len(known) if known else None
    readings = []
    for name, weeks in reps.items():
        results, effort = _ratio([w for w in weeks if w.metric.kind == "results"]), effort_of[name]
        vs_team = effort / team_effort if effort is not None and team_effort else None
        readings.append(Reading(name, call_for(results, effort), results, effort, vs_team, _detail(weeks)))
    order = {"low_effort": 0, "skills_gap": 1, "no_effort": 2, "lone_wolf": 3, "effort_only": 4, "no_data": 5,
             "on_track": 6}
    return sorted(readings, key=lambda r: (order[r.call], r.name.lower()))
