"""The REKS reading of a sales team: Results and Effort measured, the gap between them
pointing at Knowledge or Skills. Pure: figures in, one call per rep out, with its numbers.

- behind, effort low: results under target because effort is under target (coach on how much);
- effort on par, results low: a knowledge or skills gap (coach on how, not how much);
- lone wolf: results on target while effort is well below the team's (watch: not scalable);
- on track: results on target with effort near the team's.
"""
from __future__ import annotations

from dataclasses import dataclass

from handlers.record import MetricWeek

EFFORT_PAR = 0.8  # effort at 80 % of target (or of the team average) counts as on par
LONE_WOLF = 0.6  # effort under 60 % of the team's average while results are on target


@dataclass(frozen=True)
class Reading:
    name: str
    call: str  # on_track | low_effort | skills_gap | lone_wolf | no_data
    results: float | None  # share of results targets reached (1.0 = on target)
    effort: float | None  # share of effort targets reached
    effort_vs_team: float | None  # effort relative to the team's average
    detail: str  # the numbers behind the call

    @property
    def headline(self) -> str:
        return {
            "on_track": "on track",
            "low_effort": "behind on results because effort is low: coach on how much",
            "skills_gap": "effort on par but results low: a knowledge or skills gap, coach on how, not how much",
            "lone_wolf": "lone wolf: results high while effort is well below the team's (watch: not scalable)",
            "no_data": "no figures logged this week",
        }[self.call]


def _ratio(weeks: list[MetricWeek]) -> float | None:
    """Mean share of target reached over metrics that have a target and a value."""
    shares = [w.this_week / w.metric.target for w in weeks
              if w.metric.target and w.this_week is not None]
    return sum(shares) / len(shares) if shares else None


def _detail(weeks: list[MetricWeek]) -> str:
    parts = []
    for w in sorted(weeks, key=lambda w: (w.metric.kind != "results", w.metric.name)):  # results, then effort
        got = "–" if w.this_week is None else f"{w.this_week:g}"
        target = f"/{w.metric.target:g}" if w.metric.target is not None else ""
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
        if results is None and effort is None:
            call = "no_data"
        elif results is not None and results >= 1.0:
            call = "lone_wolf" if vs_team is not None and vs_team < LONE_WOLF else "on_track"
        elif effort is not None and effort < EFFORT_PAR:
            call = "low_effort"
        elif results is not None:
            call = "skills_gap"
        else:
            call = "on_track" if effort is not None and effort >= 1.0 else "low_effort"
        readings.append(Reading(name, call, results, effort, vs_team, _detail(weeks)))
    order = {"low_effort": 0, "skills_gap": 1, "lone_wolf": 2, "no_data": 3, "on_track": 4}
    return sorted(readings, key=lambda r: (order[r.call], r.name.lower()))
