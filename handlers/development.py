"""Development, as the digests show it: per person, knowledge per topic (mastery now, answers this
month), the skills card this 4 weeks against the 4 before, and the development goal with its
actions; plus what the reading needs of Knowledge and Skills. Read once per digest for everyone
in it; the lines are pure."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from handlers.formatting import clip
from handlers.refs import CMD
from handlers.reks import Reading, Rep, SkillStat, TopicScore, how_finding
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


async def growth_of(u: Unit, people: Sequence[Person], skills_of: dict[int, list[Skill]] | None,
                    now: datetime) -> dict[int, Growth]:
    """Everyone's development in a fixed number of reads for the whole page. `skills_of`: the card
    to read per person (a team's); None: every card each person has (their own digest)."""
    ids = [p.id for p in people]
    cards = skills_of if skills_of is not None else await u.skills.cards_of(ids)
    mastery = await u.knowledge.mastery(ids)
    answers = await u.knowledge.answers_since(ids, now - MONTH)
    by_topic = await u.knowledge.lessons_by_topic()
    goals = await u.goals.of_many(ids)
    observed = await u.skills.observations_of(ids, now - 2 * WINDOW)
    goal_actions = await u.goals.actions_of([g.id for g in goals.values()])
    out = {}
    for p in people:
        skills = cards.get(p.id, [])
        obs = observed.get(p.id, [])
        recent = squares(skills, [o for o in obs if o.observed_at >= now - WINDOW])
        before = squares(skills, [o for o in obs if o.observed_at < now - WINDOW])
        lessons = {t: f"lesson {n} “{title}”" for t, (n, title) in by_topic.items()}
        for s in skills:
            if s.topic and s.lesson_number and by_topic.get(s.topic, (0, ""))[0] != s.lesson_number:
                lessons[s.topic] = f"lesson {s.lesson_number}"  # the manager named another lesson
        g = Growth(p, skills, mastery.get(p.id, {}), answers.get(p.id, {}), summary(recent), summary(before),
                   [SkillStat(sq.skill.name, sq.observed, sq.applied, sq.skill.topic) for sq in recent], lessons,
                   goals.get(p.id))
        if g.goal is not None:
            linked = goal_actions.get(g.goal.id, [])
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


def goal_line(g: Growth) -> str | None:
    if g.goal is None:
        return None
    by = f" by {g.goal.by:%d %b %Y}" if g.goal.by else ""
    done, linked = g.goal_actions
    grow = f"; growing {clip(g.goal.grow, 60)}" if g.goal.grow else ""
    return f"goal “{clip(g.goal.text, 60)}”{by}: {done} of {linked} actions done{grow}"


def next_step(g: Growth, reading: Reading | None) -> str:
    """What to do next for development, with its numbers: the reading's finding when it has one,
    else what Knowledge and Skills say alone, else the goal."""
    if reading is not None and reading.how:
        return reading.how
    finding = how_finding(g.rep.topics, g.rep.skills)
    if finding.call in {"knowledge_gap", "skills_gap", "observe"}:
        return finding.advice
    done, linked = g.goal_actions
    if g.goal is None:
        return f"agree a development goal ({CMD}goal)"
    if done == linked:
        return f"agree the next action for the goal ({done} of {linked} done)"
    return f"keep going: {linked - done} goal action(s) open"


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


def own_part(g: Growth) -> list[str]:
    """The Development half of a person's own digest (the week above it is the performance half)."""
    found = [x for x in (knowledge_line(g), card_line(g), goal_line(g)) if x]
    if not found:
        return []
    return ["— Development —", *[f"🌱 {x}" for x in found], f"→ next: {next_step(g, None)}"]
