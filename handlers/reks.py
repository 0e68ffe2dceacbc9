"""The REKS reading of a sales team: Results and Effort measured, Knowledge (topic mastery from
quizzes) and Skills (how often a manager saw a skill applied) telling why results lag. Pure:
figures in, one call per rep out, each with its numbers.

- no_data / effort_only / no_effort: a side is missing (nothing logged; effort alone; results
  behind with no effort logged: ask);
- low_effort: results under target, effort under 80 % of target: performance, coach on how much;
- striver: results under target, effort on par and at least 130 % of the team's average: effort
  is not converting (the knowledge or skills finding is added to it);
- knowledge_gap: results under target, effort on par, a topic under 70 % mastery: assign its lesson;
- skills_gap: knowledge fine (or not measured), a skill applied in under half of at least 3
  observations: coach on applying it ("knows it (discovery 92%) but applied 1 of 5");
- observe: skills on the card but too few observations (under 3) to tell: watch a call;
- how_gap: effort on par, results low, nothing measured of knowledge or skills: a knowledge or
  skills gap, coach on how; unexplained: both measured and fine (look at the targets, the market);
- lone_wolf: results on target while effort is under 60 % of target or of the team's average;
- on_track: results on target with effort to match (or no effort metric).
A rep's call needs only their own figures, except the two judged against the team (striver,
lone wolf by team average), whose call says so.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from handlers.record import MetricWeek

EFFORT_PAR = 0.8  # effort at 80 % of target counts as on par
LONE_WOLF = 0.6  # results on target with effort under 60 % of target (or of the team's average)
STRIVER = 1.3  # effort at 130 % of the team's average or more
KNOWS = 70.0  # topic mastery at or above this counts as known
MIN_OBSERVED = 3  # observations needed before a skill's applied rate says anything
APPLIED_OFTEN = 0.5  # applied in at least half of the observations


@dataclass(frozen=True)
class TopicScore:
    topic: str
    score: float  # 0-100
    lesson: str | None = None  # "lesson 3 “Discovery questions”", when one teaches the topic


@dataclass(frozen=True)
class SkillStat:
    name: str
    observed: int  # by a manager or coach, last 4 weeks
    applied: int
    topic: str | None = None


@dataclass(frozen=True)
class HowFinding:
    """What Knowledge and Skills say about why effort does not turn into results."""

    call: str  # knowledge_gap | skills_gap | observe | how_gap | unexplained
    advice: str  # with its numbers


def _weakest(topics: Sequence[TopicScore]) -> TopicScore | None:
    weak = [t for t in topics if t.score < KNOWS]
    return min(weak, key=lambda t: (t.score, t.topic)) if weak else None


def _score_of(topics: Sequence[TopicScore], topic: str | None) -> TopicScore | None:
    return next((t for t in topics if t.topic == topic), None) if topic else None


def how_finding(topics: Sequence[TopicScore], skills: Sequence[SkillStat]) -> HowFinding:
    """Knowledge first (a weak topic is taught before its skill is coached), then skills."""
    weak = _weakest(topics)
    rare = sorted((s for s in skills if s.observed >= MIN_OBSERVED and s.applied / s.observed < APPLIED_OFTEN),
                  key=lambda s: (s.applied / s.observed, s.name))
    if weak is not None:
        skill = next((s for s in rare if s.topic == weak.topic), None)
        also = f"; {skill.name} applied {skill.applied} of {skill.observed}" if skill else ""
        assign = f"assign {weak.lesson}" if weak.lesson else f"find a lesson on {weak.topic}"
        return HowFinding("knowledge_gap", f"knowledge gap: {weak.topic} at {weak.score:.0f}%{also}; {assign}")
    if rare:
        s = rare[0]
        known = _score_of(topics, s.topic)
        knows = f"knows it ({known.topic} {known.score:.0f}%) but " if known else ""
        return HowFinding("skills_gap", f"skills gap: {knows}applied {s.applied} of {s.observed}; "
                                        f"coach on applying “{s.name}”")
    few = [s for s in skills if s.observed < MIN_OBSERVED]
    if few:
        seen = sum(s.observed for s in few)
        return HowFinding("observe", f"too few observations to tell ({seen} on {len(few)} skill(s), "
                                     f"{MIN_OBSERVED} each needed): observe a call, e.g. “{few[0].name}”")
    if not topics and not skills:
        return HowFinding("how_gap", "a knowledge or skills gap: coach on how, not how much "
                                     "(no quiz or observation yet to tell which)")
    return HowFinding("unexplained", "knowledge and skills look fine: check the targets and the pipeline")


def call_for(results: float | None, effort: float | None, vs_team: float | None = None,
             topics: Sequence[TopicScore] = (), skills: Sequence[SkillStat] = ()) -> str:
    """The call for one rep: results and effort as shares of target (None: nothing logged),
    effort against the team's average, topic mastery and skill observations (empty: none)."""
    if results is None:
        if effort is None:
            return "no_data"
        return "effort_only" if effort >= EFFORT_PAR else "low_effort"
    if results >= 1.0:
        low = (effort is not None and effort < LONE_WOLF) or (vs_team is not None and vs_team < LONE_WOLF)
        return "lone_wolf" if low else "on_track"
    if effort is None:
        return "no_effort"
    if effort < EFFORT_PAR:
        return "low_effort"
    if vs_team is not None and vs_team >= STRIVER:
        return "striver"
    return how_finding(topics, skills).call


HEADLINES = {
    "on_track": "on track",
    "low_effort": "behind because effort is low: performance, coach on how much",
    "striver": "striver: effort well above the team but results low; effort is not converting",
    "knowledge_gap": "effort on par but results low",
    "skills_gap": "effort on par but results low",
    "observe": "effort on par but results low",
    "how_gap": "effort on par but results low",
    "unexplained": "effort on par but results low",
    "lone_wolf": "lone wolf: results on target with effort well below target or the team (watch: not scalable)",
    "effort_only": "effort on par, no results logged yet",
    "no_effort": "results behind and no effort logged: ask what got in the way",
    "no_data": "no figures logged this week",
}
PERFORMANCE = frozenset({"low_effort", "no_effort", "no_data", "effort_only", "lone_wolf", "on_track"})
ORDER = ("low_effort", "striver", "knowledge_gap", "skills_gap", "observe", "how_gap", "unexplained", "no_effort",
         "lone_wolf", "effort_only", "no_data", "on_track")


@dataclass(frozen=True)
class Reading:
    name: str
    call: str
    results: float | None  # share of results targets reached (1.0 = on target)
    effort: float | None  # share of effort targets reached
    effort_vs_team: float | None  # effort relative to the team's average
    detail: str  # the figures behind the call
    how: str = ""  # what Knowledge and Skills say (effort on par, results low)

    @property
    def headline(self) -> str:
        return HEADLINES[self.call] + (f": {self.how}" if self.how else "")

    @property
    def development(self) -> bool:
        """A call about how (knowledge, skills), not how much: coached over weeks."""
        return self.call not in PERFORMANCE


@dataclass(frozen=True)
class Rep:
    """What the reading knows of one rep besides their metric weeks."""

    topics: Sequence[TopicScore] = field(default_factory=tuple)
    skills: Sequence[SkillStat] = field(default_factory=tuple)


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


def read_team(reps: dict[str, list[MetricWeek]], more: dict[str, Rep] | None = None) -> list[Reading]:
    """One reading per rep (name -> that rep's metric weeks; `more`: their knowledge and skills), worst first."""
    effort_of = {name: _ratio([w for w in weeks if w.metric.kind == "effort"]) for name, weeks in reps.items()}
    known = [e for e in effort_of.values() if e is not None]
    team_effort = sum(known) / len(known) if known else None
    readings = []
    for name, weeks in reps.items():
        results, effort = _ratio([w for w in weeks if w.metric.kind == "results"]), effort_of[name]
        vs_team = effort / team_effort if effort is not None and team_effort else None
        rep = (more or {}).get(name, Rep())
        call = call_for(results, effort, vs_team, rep.topics, rep.skills)
        how = "" if call in PERFORMANCE else how_finding(rep.topics, rep.skills).advice
        readings.append(Reading(name, call, results, effort, vs_team, _detail(weeks), how))
    return sorted(readings, key=lambda r: (ORDER.index(r.call), r.name.lower()))
