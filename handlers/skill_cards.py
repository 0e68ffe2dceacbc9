"""Which skills cards a person has and who may see them: the card of each team they are in
(defined by its manager) and the card a coach keeps for them as a client. A person sees all
their own cards; a manager or coach sees the cards they define, of the people they coach."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from handlers.names import display
from handlers.notices import tell
from handlers.skill_card import WINDOW, Square, bingo_lines, squares
from handlers.turn import Turn
from storage import Person, Skill, Team, Unit


@dataclass(frozen=True)
class Card:
    title: str
    owner_id: int  # the manager or coach who keeps it
    team: Team | None = None
    client_id: int | None = None
    skills: list[Skill] = field(default_factory=list)


async def cards_of(u: Unit, rep: Person, viewer: Person) -> list[Card]:
    """The rep's cards the viewer may see (all of them when the viewer is the rep)."""
    out = []
    for t in await u.teams.joined(rep.id):
        if viewer.id in (rep.id, t.manager_id):
            out.append(Card(f"Team {t.name} skills card", t.manager_id, team=t, skills=list(await u.skills.card(t.id))))
    own = list(await u.skills.card(client_id=rep.id))
    for owner in dict.fromkeys(s.owner_id for s in own):
        if viewer.id in (rep.id, owner):
            coach = await u.people.get(owner)
            out.append(Card(f"Skills card from {display(coach) if coach else 'your coach'}", owner, client_id=rep.id,
                            skills=[s for s in own if s.owner_id == owner]))
    return out


async def client_card(u: Unit, coach: Person, client: Person) -> Card:
    """The card the coach keeps for one client (possibly empty)."""
    skills = [s for s in await u.skills.card(client_id=client.id) if s.owner_id == coach.id]
    return Card(f"Skills card of {display(client)}", coach.id, client_id=client.id, skills=skills)


async def card_squares(u: Unit, rep: Person, card: Card, now: datetime) -> list[Square]:
    obs = await u.skills.observations(rep.id, [s.id for s in card.skills], now - WINDOW)
    return squares(card.skills, obs)


async def topics_of(u: Unit, person_id: int) -> dict[str, float]:
    return (await u.knowledge.mastery([person_id])).get(person_id, {})


async def celebrate(turn: Turn, rep: Person, card: Card) -> list[str]:
    """Mark each new bingo line of the rep's card (stored: celebrated once) and tell the rep."""
    found = []
    for label, key, line in bingo_lines(await card_squares(turn.u, rep, card, turn.now)):
        if await turn.u.skills.mark_bingo(rep.id, key, label, turn.now):
            names = ", ".join(sq.skill.name for sq in line)
            found.append(f"🎉 Bingo for {display(rep)}: {label} of the card applied ({names}).")
            if rep.id != turn.person.id:
                await tell(turn, rep, f"🎉 Bingo! {label.capitalize()} of your skills card was applied: {names}.")
    return found
