"""Development, as the digests show it: per person, knowledge per topic (mastery now, answers this
month), the skills card this 4 weeks against the 4 before, and the development goal with its
actions; plus what the reading needs of Knowledge and Skills. Read once per digest for everyone
in it; the lines are pure."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from handlers.formatting import clip
from handlers.reks import Reading, Rep, SkillStat, TopicScore
from handlers.skill_card import WINDOW, squares, summary
from storage import DONE, DevelopmentGoal, Person, Skill, Unit

MONTH = timedelta(days=30)


@dataclass
class Growth:
    person: Person
    skills: list[Skill] = field(default_factory=list)
    mastery: dict[str, float] = field(default_factory=dict)
    answers: dict[str, tuple[int, int]] = field(default_factory=dict)  # topic -> (answers, right) this month
    card_now: tuple[int, int] = (0, 0)  # (applied, observed), last 4 weeks
    card_before: tuple[int, int] = (0, 0)  # the 4 weeks before
    stats: list[SkillStat] = field(default_factory=list)
    lessons: dict[str, str] = field(default_factory=dict)  # topic -> "lesson N “Title”"
    goal: DevelopmentGoal | None = None
    goal_actions: tuple[int, int] = (0, 0)  # (done, linked)

    @property
    def rep(self) -> Rep:
        return Rep(tuple(TopicScore(t, s, self.lessons.get(t)) for t, s in sorted(self.mastery.items())),
                   tuple(self.stats))


async def growth_of(u: Unit, people: Sequence[Person], skills_of: dict[int, list[Skill]],
                    now: datetime) -> dict[int, Growth]:
    """Everyone's development in a few statements per person (a digest page is bounded)."""
    ids = [p.id for p in people]
    mastery = await u.knowledge.mastery(ids)
    answers = await u.knowledge.answers_since(ids, now - MONTH)
    by_topic = await u.knowledge.lessons_by_topic()
    goals = await u.goals.of_many(ids)
    out = {}
    for p in people:
        skills = skills_of.get(p.id, [])
        obs = await u.skills.observations(p.id, [s.id for s in skills], now - 2 * WINDOW)
        recent = squares(skills, [o for o in obs if o.observed_at >= now - WINDOW])
        before = squares(skills, [o for o in obs if o.observed_at < now - WINDOW])
        lessons = {t: f"lesson {n} “{title}”" for t, (n, title) in by_topic.items()}
        for s in skills:
            if s.topic and s.lesson_number:
                lessons[s.topic] = f"lesson {s.lesson_number}"
        g = Growth(p, skills, mastery.get(p.id, {}), answers.get(p.id, {}), summary(recent), summary(before),
                   [SkillStat(sq.skill.name, sq.observed, sq.applied, sq.skill.topic) for sq in recent], lessons,
                   goals.get(p.id))
        if g.goal is not None:
            linked = await u.goals.actions(g.goal)
            g.goal_actions = (sum(1 for a in linked if a.status == DONE), len(linked))
        out[p.id] = g
    return out


def _rate(applied: int, observed: int) -> str:
    return f"{applied} of {observed} ({applied / observed:.0%})" if observed else "none observed"


def knowledge_line(g: Growth) -> str | None:
    if not g.mastery:
        return None
    parts = []
    for topic, score in sorted(g.mastery.items(), key=lambda kv: kv[1]):
        n, ok = g.answers.get(topic, (0, 0))
        month = f", {ok} of {n} right this month" if n else ""
        parts.append(f"{topic} {score:.0f}%{month}")
    return "knowledge: " + "; ".join(parts)


def card_line(g: Growth) -> str | None:
    if not g.skills:
        return None
    return f"skills card: applied {_rate(*g.card_now)} in the last 4 weeks, the 4 weeks before {_rate(*g.card_before)}"


def goal_line(g: Growth, tz_words: str = "") -> str | None:
    if g.goal is None:
        return None
    by = f" by {g.goal.by:%d %b %Y}" if g.goal.by else ""
    done, linked = g.goal_actions
    grow = f"; growing {clip(g.goal.grow, 60)}" if g.goal.grow else ""
    return f"goal “{clip(g.goal.text, 60)}”{by}: {done} of {linked} actions done{grow}"


def next_step(g: Growth, reading: Reading | None) -> str:
    """What to do next for development, with its numbers."""
    if reading is not None and reading.how:
        return reading.how
    weak = [t for t in g.rep.topics if t.score < 70]
    if weak:
        t = min(weak, key=lambda t: t.score)
        return f"{t.topic} at {t.score:.0f}%: " + (f"assign {t.lesson}" if t.lesson else "a lesson on it")
    if g.skills and g.card_now[1] < 3:
        return f"observe a call: {g.card_now[1]} observation(s) in 4 weeks"
    if g.goal is None:
        return "agree a development goal (/goal)"
    if g.goal_actions[1] == g.goal_actions[0]:
        return "agree the next action for the goal"
    return "keep going"


def lines_for(g: Growth, name: str, reading: Reading | None = None, advice: bool = True) -> list[str]:
    found = [x for x in (knowledge_line(g), card_line(g), goal_line(g)) if x]
    head = f"🌱 {name}: " + ("; ".join(found[:1]) if found else "nothing measured yet")
    out = [head] + [f"   {x}" for x in found[1:]]
    if advice:
        out.append(f"   → next: {next_step(g, reading)}")
    return out


def development_part(growth: dict[int, Growth], names: dict[int, str], readings: dict[str, Reading],
                     advice: bool = True) -> list[str]:
    """The Development half: every person, what they grew and what to do next."""
    out = ["— Development (knowledge this month, the card over 4 weeks, goals) —"]
    for pid, g in growth.items():
        out += lines_for(g, names[pid], readings.get(names[pid]), advice)
    return out
