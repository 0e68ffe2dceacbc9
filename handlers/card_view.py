"""/card [REP]: a skills card as text and PNG. The person sees their own cards; a manager or coach
the cards they keep, of anyone they coach or manage; anyone else is refused."""
from __future__ import annotations

from handlers.assigning import pick_client
from handlers.card_png import render_async
from handlers.names import display
from handlers.refs import CMD
from handlers.skill_card import card_text
from handlers.skill_cards import card_squares, cards_of, topics_of
from handlers.turn import Turn
from handlers.types import Attachment, Reply
from storage import Person


async def card(turn: Turn, args: str) -> list[Reply]:
    who = args.strip()
    rep: Person = turn.person
    if who and who.lower() not in {"me", "mine"}:
        found = pick_client(list(await turn.u.coaching.clients(turn.person.id)), who)
        if isinstance(found, str):
            return [Reply(f"You see your own skills card ({CMD}card), and those of the people you coach or manage. "
                          + found)]
        rep = found
    cards = [c for c in await cards_of(turn.u, rep, turn.person) if c.skills]
    if not cards:
        whose = "You have" if rep.id == turn.person.id else f"{display(rep)} has"
        return [Reply(f"{whose} no skills card yet. A manager adds skills with {CMD}team skill add in the team's "
                      f"channel; a coach with {CMD}skill add CLIENT SKILL.")]
    topics = await topics_of(turn.u, rep.id)
    replies = []
    for c in cards:
        squares = await card_squares(turn.u, rep, c, turn.now)
        title = c.title if rep.id == turn.person.id else f"{display(rep)}: {c.title}"
        png = await render_async(title, squares)
        replies.append(Reply(card_text(title, squares, topics),
                             file=Attachment(f"skills-card-{turn.local_now:%Y%m%d}.png", "image/png", png)))
    return replies
