"""Who sees a person's data, and stopping it. A team manager coaches every member, so a team
membership and a coach link travel together: leaving the team ends the link (unless another
team of the same manager still holds the person), and leaving the coach ends every team
membership under them. Either way, nothing of the person shows in the manager's REKS reading,
coach digest, /clients or the channel's digest any more, and their sessions ahead are cancelled."""
from __future__ import annotations

from datetime import datetime

from storage import Person, Team, Unit

# What a coach (and so a team manager) sees about a client: the same words in every message.
COACH_SEES = ("a line on your last 7 days (actions done on time, late or missed; how many are open and overdue; "
              "when you were last active; until when you're paused) with what needs attention, and on request your "
              "week as your own digest shows it (the actions you completed, missed and moved, what is due next, your "
              "insights and which became actions, your metrics against targets) and your open actions; and when you "
              "tell me you're away or back, your own words about it; around your sessions with them, your answer to "
              "the prep question, and your record (sessions held, your insights and the actions that came from them, "
              "metrics from their first value to now); and your development: your knowledge scores per topic, the "
              "skills card they keep for you with what they observed and what you reported, and your development goal "
              "with its actions")


def channel_sees(t: Team) -> str:
    """What the team's channel shows of a member each week, for this team's visibility."""
    development = (", and your knowledge scores, skills card and development goal (the manager shares them)"
                   if t.share_development else "")
    if t.visibility == "reps":
        return ("your team-metric figures and how many actions you did on time, late or missed, beside each rep's"
                + development)
    return "team totals only (your team-metric figures and completed actions count in them, not shown by name)" + (
        development)


async def _stop_team_metrics(u: Unit, person: Person, t: Team, now: datetime) -> None:
    """Team metrics stop prompting; their values stay the person's (in /export)."""
    for m in await u.metrics.active(person.id):
        if m.team_id == t.id:
            m.removed_at, m.next_check_at = now, None
            await u.metrics.save(m)


async def leave_team(u: Unit, person: Person, t: Team, now: datetime) -> bool:
    """Leave one team; False when the person was not in it. The manager stops coaching them
    unless another of the manager's teams still holds them."""
    if not await u.teams.remove_member(t.id or 0, person.id):
        return False
    await _stop_team_metrics(u, person, t, now)
    if not any(other.manager_id == t.manager_id for other in await u.teams.joined(person.id)):
        await u.coaching.unlink(t.manager_id, person.id)
        await u.sessions.end_between(t.manager_id, person.id, now)
    return True


async def leave_coach(u: Unit, person: Person, coach: Person, now: datetime) -> list[Team]:
    """End the coach link and every team membership under that coach; returns the teams left."""
    await u.coaching.unlink(coach.id, person.id)
    await u.sessions.end_between(coach.id, person.id, now)
    left = [t for t in await u.teams.joined(person.id) if t.manager_id == coach.id]
    for t in left:
        await u.teams.remove_member(t.id or 0, person.id)
        await _stop_team_metrics(u, person, t, now)
    return left
