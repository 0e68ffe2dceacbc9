"""The Development lines the digests add under the week's performance: a person's own (their
digest), and each client's for a coach (the coach digest, with what to do next). Only the
people concerned read them: a coach sees the cards they keep and their clients' knowledge
and goals, as the coaching link shares."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from handlers.development import development_part, growth_of, own_part
from handlers.names import display
from storage import Person, Unit


async def own_development(u: Unit, person: Person, now: datetime) -> list[str]:
    return own_part((await growth_of(u, [person], None, now))[person.id])


async def clients_development(u: Unit, coach: Person, clients: Sequence[Person], now: datetime) -> list[str]:
    """Each client's development, only the cards this coach keeps (or the team cards they manage)."""
    if not clients:
        return []
    cards = await u.skills.cards_of([c.id for c in clients])
    managed = {t.id for t in await u.teams.managed_by(coach.id)}
    mine = {pid: [s for s in skills if s.owner_id == coach.id or s.team_id in managed] for pid, skills in cards.items()}
    growth = await growth_of(u, clients, mine, now)
    if not any(g.mastery or g.skills or g.goal for g in growth.values()):
        return []
    return development_part(growth, {c.id: display(c) for c in clients}, {})
