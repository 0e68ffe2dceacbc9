"""The Knowledge part of REKS where people already look: one line in the client's digest
(lessons done this week with scores, topics to review), a few words per client in the coach's
digest and /clients (lessons assigned, done, overdue, the weakest topic), and the team digest's
knowledge per rep per topic of the team's lessons with who has not taken an assigned lesson.

Visibility: scores are the person's and their coach's or manager's. The team channel shows each
rep's figures only when the team's visibility is `reps`; in `totals` mode it gets the team's
average per topic and counts, never a name beside a score.

Read once per page of people (`attach`, four statements whatever the page size), formatted
here, called from the digest composers with one line each.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from handlers.formatting import clip, plural
from handlers.names import display
from handlers.refs import CMD
from storage import ActionStatus, Person, Unit
from storage.lesson_progress import Assignment, Finished

WEAK_BELOW = 70  # a topic under this mastery is "to work on"


@dataclass
class Knowledge:
    week: list[Finished] = field(default_factory=list)  # quizzes finished in the window
    review_topics: list[str] = field(default_factory=list)  # topics with questions due for review
    assignments: list[Assignment] = field(default_factory=list)
    mastery: dict[str, float] = field(default_factory=dict)  # topic -> 0-100

    def overdue(self, now: datetime) -> list[Assignment]:
        return [a for a in self.assignments if a.status == ActionStatus.OPEN and a.deadline and a.deadline < now]

    def weakest(self) -> tuple[str, float] | None:
        return min(self.mastery.items(), key=lambda kv: (kv[1], kv[0])) if self.mastery else None


class HasKnowledge(Protocol):
    person: Person
    knowledge: Knowledge


async def attach(u: Unit, recs: Iterable[HasKnowledge], start: datetime, end: datetime, now: datetime) -> None:
    """Read the knowledge of every record's person for the window [start, end)."""
    by_id = {r.person.id: r for r in recs}
    ids = list(by_id)
    for f in await u.lesson_progress.finished(ids, start, end):
        by_id[f.person_id].knowledge.week.append(f)
    for a in await u.lesson_progress.assignments(ids):
        by_id[a.person_id].knowledge.assignments.append(a)
    for pid, _, topic, _ in await u.lesson_progress.reviews_due(ids, now):
        due = by_id[pid].knowledge.review_topics
        if topic not in due:
            due.append(topic)
    for pid, scores in (await u.lesson_progress.mastery(ids)).items():
        by_id[pid].knowledge.mastery = scores


def client_lines(k: Knowledge) -> list[str]:
    """For the client's own digest: quizzes this week with their scores, topics due for review."""
    lines = []
    if k.week:
        done = ", ".join(f"{clip(f.title, 40)} {f.score}%{' ✅' if f.passed else ''}" for f in k.week[:6])
        lines.append(f"📚 Lessons this week: {done}")
    if k.review_topics:
        lines.append(f"🔁 To review: {', '.join(sorted(k.review_topics))} ({CMD}lessons)")
    return lines


def coach_words(k: Knowledge, now: datetime) -> str:
    """For /clients and the coach digest: '📚 lessons 2 assigned, 1 done, 1 overdue; weakest: objections 55%'."""
    live = [a for a in k.assignments if a.status != ActionStatus.DROPPED]
    weakest = k.weakest()
    if not live and weakest is None:
        return ""
    parts = []
    if live:
        done = sum(1 for a in live if a.status == ActionStatus.DONE)
        parts.append(f"lessons {len(live)} assigned, {done} done, {len(k.overdue(now))} overdue")
    if weakest is not None:
        parts.append(f"weakest: {weakest[0]} {weakest[1]:.0f}%")
    return "📚 " + "; ".join(parts)


def _team_topics(members: Sequence[HasKnowledge], manager_id: int) -> list[str]:
    """The topics of the lessons the manager assigned to the team's members."""
    topics = {a.topic for r in members for a in r.knowledge.assignments if a.assigned_by_id == manager_id}
    return sorted(topics)


def _not_taken(r: HasKnowledge, manager_id: int) -> list[Assignment]:
    return [a for a in r.knowledge.assignments if a.assigned_by_id == manager_id and a.status == ActionStatus.OPEN]


def _score(k: Knowledge, topic: str) -> str:
    value = k.mastery.get(topic)
    return f"{topic} –" if value is None else f"{topic} {value:.0f}%"


def team_lines(members: Sequence[HasKnowledge], manager_id: int, now: datetime, *, each_rep: bool) -> list[str]:
    """Knowledge per topic of the team's lessons, and who has not taken an assigned lesson yet.
    `each_rep` False (the channel in `totals` mode): the team's average per topic and counts only."""
    topics = _team_topics(members, manager_id)
    if not topics:
        return []
    lines = ["📚 Knowledge (the team's lessons):"]
    waiting = [(r, _not_taken(r, manager_id)) for r in members]
    waiting = [(r, open_) for r, open_ in waiting if open_]
    if each_rep:
        lines += [f"• {display(r.person)}: {', '.join(_score(r.knowledge, t) for t in topics)}" for r in members]
        if waiting:
            names = [f"{display(r.person)} ({', '.join(_lesson_words(a, now) for a in open_)})" for r, open_ in waiting]
            lines.append(f"Not taken yet: {'; '.join(names)}")
        return lines
    averages = []
    for t in topics:
        values = [r.knowledge.mastery[t] for r in members if t in r.knowledge.mastery]
        averages.append(f"{t} {sum(values) / len(values):.0f}%" if values else f"{t} –")
    lines.append(f"Team average: {', '.join(averages)}")
    if waiting:
        overdue = sum(1 for _, open_ in waiting for a in open_ if a.deadline and a.deadline < now)
        lines.append(f"{plural(len(waiting), 'rep')} still to take an assigned lesson ({overdue} overdue)")
    return lines


def _lesson_words(a: Assignment, now: datetime) -> str:
    late = ", overdue" if a.deadline and a.deadline < now else ""
    return f"{clip(a.title, 40)}{late}"
