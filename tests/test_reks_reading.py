"""The whole REKS reading, pure: every combination of results, effort, the team's effort, knowledge
and skills (each possibly missing) gets one call, and each call carries its numbers."""
from __future__ import annotations

import itertools
from datetime import datetime

import pytest

from handlers.reks import (HEADLINES, KNOWS, MIN_OBSERVED, Rep, SkillStat, TopicScore, call_for, how_finding,
                           read_team)
from handlers.record import MetricWeek
from storage import Metric

WEAK = (TopicScore("discovery", 55, "lesson 1 “Discovery questions”"), TopicScore("referrals", 90))
FINE = (TopicScore("discovery", 92),)
RARE = (SkillStat("Asks three discovery questions", 5, 1, "discovery"), SkillStat("Follows up", 4, 4))
FEW = (SkillStat("Asks three discovery questions", 1, 0, "discovery"),)
GOOD = (SkillStat("Asks three discovery questions", 5, 4, "discovery"),)

RESULTS = (None, 0.5, 1.0)
EFFORT = (None, 0.5, 1.0)
VS_TEAM = (None, 0.5, 1.0, 1.5)
TOPICS = ((), WEAK, FINE)
SKILLS = ((), RARE, FEW, GOOD)


def expected(results, effort, vs_team, topics, skills) -> str:
    """The rules as the issue states them, written out once more as the oracle."""
    if results is None:
        return "no_data" if effort is None else ("effort_only" if effort >= 0.8 else "low_effort")
    if results >= 1:
        return "lone_wolf" if (effort is not None and effort < 0.6) or (vs_team is not None and vs_team < 0.6) \
            else "on_track"
    if effort is None:
        return "no_effort"
    if effort < 0.8:
        return "low_effort"
    if vs_team is not None and vs_team >= 1.3:
        return "striver"
    if any(t.score < KNOWS for t in topics):
        return "knowledge_gap"
    if any(s.observed >= MIN_OBSERVED and s.applied / s.observed < 0.5 for s in skills):
        return "skills_gap"
    if any(s.observed < MIN_OBSERVED for s in skills):
        return "observe"
    return "how_gap" if not topics and not skills else "unexplained"


@pytest.mark.parametrize(("results", "effort", "vs_team", "topics", "skills"),
                         list(itertools.product(RESULTS, EFFORT, VS_TEAM, TOPICS, SKILLS)))
def test_every_combination_gets_its_call(results, effort, vs_team, topics, skills) -> None:
    call = call_for(results, effort, vs_team, topics, skills)
    assert call == expected(results, effort, vs_team, topics, skills)
    assert call in HEADLINES


def test_each_how_call_says_what_to_do_with_its_numbers() -> None:
    assert how_finding(WEAK, RARE).advice == ("knowledge gap: discovery at 55%; Asks three discovery questions applied "
                                             "1 of 5; assign lesson 1 “Discovery questions”")
    assert how_finding(FINE, RARE).advice == ("skills gap: knows it (discovery 92%) but applied 1 of 5; coach on "
                                             "applying “Asks three discovery questions”")
    assert how_finding((), RARE).advice.startswith("skills gap: applied 1 of 5;")
    assert how_finding((TopicScore("cold-email", 40),), ()).advice == ("knowledge gap: cold-email at 40%; find a "
                                                                       "lesson on cold-email")
    assert how_finding(FINE, FEW).advice == ("too few observations to tell (1 on 1 skill(s), 3 each needed): observe "
                                             "a call, e.g. “Asks three discovery questions”")
    assert how_finding((), ()).call == "how_gap" and "no quiz or observation yet" in how_finding((), ()).advice
    assert how_finding(FINE, GOOD).advice == "knowledge and skills look fine: check the targets and the pipeline"


def _week(name: str, kind: str, value: float | None, target: float) -> MetricWeek:
    m = Metric(person_id=1, name=name, kind=kind, target=target, cadence="weekly", created_at=datetime(2026, 1, 1))
    return MetricWeek(m, value, None, [], working_days=5)


def test_a_team_reading_puts_the_numbers_beside_each_call() -> None:
    weeks = {
        "Ada": [_week("deals", "results", 1, 4), _week("calls", "effort", 100, 100)],
        "Bo": [_week("deals", "results", 1, 4), _week("calls", "effort", 100, 100)],
        "Cy": [_week("deals", "results", 1, 4), _week("calls", "effort", 40, 100)],
        "Di": [_week("deals", "results", 1, 4), _week("calls", "effort", 100, 100)],
    }
    more = {"Ada": Rep(WEAK, RARE), "Bo": Rep(FINE, RARE), "Di": Rep(FINE, FEW)}
    readings = {r.name: r for r in read_team(weeks, more)}
    assert [r.name for r in read_team(weeks, more)] == ["Cy", "Ada", "Bo", "Di"]  # performance first
    ada = readings["Ada"]
    assert ada.call == "knowledge_gap" and ada.results == 0.25 and ada.effort == 1.0
    assert ada.headline == ("effort on par but results low: knowledge gap: discovery at 55%; Asks three discovery "
                            "questions applied 1 of 5; assign lesson 1 “Discovery questions”")
    bo = readings["Bo"]
    assert bo.call == "skills_gap" and "knows it (discovery 92%) but applied 1 of 5" in bo.headline
    assert readings["Cy"].call == "low_effort" and readings["Cy"].detail == "deals 1/4, calls 40/100"
    assert readings["Cy"].headline == "behind because effort is low: performance, coach on how much"
    assert readings["Di"].call == "observe" and not readings["Cy"].development and readings["Di"].development
