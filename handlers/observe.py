"""Observations: a manager or coach records whether a person applied a skill (/observe NAME SKILL
yes|no [note]), or ticks several on one card message (/observe NAME: one row of buttons per
skill, ✅ applied / ❌ missed / – not seen; a second press on a square changes it). The person may
say they used a skill themselves (/used SKILL), kept apart from what others saw."""
from __future__ import annotations


from handlers.assigning import pick_client
from handlers.formatting import clip
from handlers.names import display
from handlers.refs import CMD
from handlers.skill_card import WINDOW
from handlers.skill_cards import Card, cards_of, celebrate
from handlers.skills import find_skill
from handlers.turn import Turn
from handlers.types import Button, Reply
from storage import Person, Skill, SkillObservation

PRESS = "obs"
YES, NO = frozenset({"yes", "y", "applied", "✅"}), frozenset({"no", "n", "missed", "❌"})
VERDICTS = YES | NO
USAGE = (f"Send {CMD}observe NAME SKILL yes|no [note] (SKILL: its square number or name), or {CMD}observe NAME "
         "for the card to tick several at once.")
MAX_NOTE = 500


async def _rep_and_cards(turn: Turn, who: str) -> tuple[Person, list[Card]] | str:
    rep = pick_client(list(await turn.u.coaching.clients(turn.person.id)), who)
    if isinstance(rep, str):
        return f"{rep} You can observe the people you coach or manage."
    cards = [c for c in await cards_of(turn.u, rep, turn.person) if c.skills]
    if not cards:
        return (f"{display(rep)} has no skills card from you yet: {CMD}team skill add ... in your team's channel, "
                f"or {CMD}skill add {clip(who, 20)} SKILL.")
    return rep, cards


def read_verdict(cards: list[Card], words: list[str]) -> tuple[Card, Skill, bool, str] | str:
    """SKILL yes|no [note]: the first yes/no whose words before it name a skill on the cards, so a
    skill called "Says no to discounts" and a note saying "no" both read right."""
    answer = USAGE
    for exact in (True, False):  # a whole name (or number) first, then the start of one
        for i, word in enumerate(words):
            if i and word.lower() in VERDICTS:
                hit = _find(cards, " ".join(words[:i]), exact)
                if not isinstance(hit, str):
                    return hit[0], hit[1], word.lower() in YES, " ".join(words[i + 1:])[:MAX_NOTE]
                answer = hit if answer == USAGE else answer
    return answer


def _find(cards: list[Card], ref: str, exact: bool = False) -> tuple[Card, Skill] | str:
    answer: str = ""
    for card in cards:
        found = find_skill(card.skills, ref, exact)
        if not isinstance(found, str):
            return card, found
        answer = answer or found
    return answer


async def observe(turn: Turn, args: str) -> list[Reply]:
    who, _, rest = args.strip().partition(" ")
    if not who:
        return [Reply(USAGE)]
    found = await _rep_and_cards(turn, who)
    if isinstance(found, str):
        return [Reply(found)]
    rep, cards = found
    if not rest.strip():
        return [card_message(turn, rep, cards[0])]
    read = read_verdict(cards, rest.split())
    if isinstance(read, str):
        return [Reply(read)]
    card, skill, applied, note = read
    await turn.u.skills.observe(SkillObservation(skill_id=skill.id, person_id=rep.id, observer_id=turn.person.id,
                                                 applied=applied, note=note, observed_at=turn.now))
    said = "✅ applied" if applied else "❌ missed"
    lines = [f"Noted: {display(rep)}, “{clip(skill.name, 80)}”: {said}. {CMD}card {clip(who, 20)} shows the card."]
    return [Reply("\n".join(lines + await celebrate(turn, rep, card)))]


def card_message(turn: Turn, rep: Person, card: Card) -> Reply:
    """One row per skill: ✅ N / ❌ N / – N, then Done. Presses carry rep, round, skill and verdict."""
    round_id = f"{turn.person.id}-{int(turn.now.timestamp())}"
    lines = [f"🎯 Observation of {display(rep)}: tick what you saw (– not seen); press again to change."]
    rows = []
    for s in card.skills:
        n = s.position + 1
        lines.append(f"{n:>2}. {s.name}")
        rows.append(tuple(Button(f"{mark} {n}", PRESS, f"{rep.id}.{round_id}.{s.id}.{v}")
                          for mark, v in (("✅", "y"), ("❌", "n"), ("–", "x"))))
    rows.append((Button("Done", PRESS, f"{rep.id}.{round_id}.done"),))
    return Reply("\n".join(lines), buttons=tuple(rows))


async def press(turn: Turn, arg: str) -> list[Reply]:
    """A tick on the card. Silent unless it completes a bingo; Done sums the round up."""
    parts = arg.split(".")
    if len(parts) not in (3, 4) or not parts[0].isdigit():
        return [Reply("That card is no longer in use.")]
    rep = next((c for c in await turn.u.coaching.clients(turn.person.id) if str(c.id) == parts[0]), None)
    if rep is None:
        return [Reply("You can only observe the people you coach or manage.")]
    cards = await cards_of(turn.u, rep, turn.person)
    round_id = parts[1]
    if len(parts) == 3:
        skills = [s.id for c in cards for s in c.skills]
        obs = [o for o in await turn.u.skills.observations(rep.id, skills, turn.now - WINDOW)
               if o.card_round == round_id]
        yes = sum(1 for o in obs if o.applied)
        return [Reply(f"Observation of {display(rep)} saved: {yes} applied, {len(obs) - yes} missed. "
                      f"{CMD}card {display(rep).split(' ')[0]} shows the card.")]
    hit = next(((c, s) for c in cards for s in c.skills if str(s.id) == parts[2]), None)
    if hit is None or parts[3] not in {"y", "n", "x"}:
        return [Reply("That skill is no longer on the card.")]
    card, skill = hit
    if parts[3] == "x":
        await turn.u.skills.unobserve(skill.id, rep.id, round_id)
        return []
    await turn.u.skills.observe(SkillObservation(skill_id=skill.id, person_id=rep.id, observer_id=turn.person.id,
                                                 applied=parts[3] == "y", card_round=round_id, observed_at=turn.now))
    found = await celebrate(turn, rep, card)
    return [Reply("\n".join(found))] if found else []


async def used(turn: Turn, args: str) -> list[Reply]:
    """/used SKILL [note]: the person's own report, shown apart from what others observed."""
    cards = [c for c in await cards_of(turn.u, turn.person, turn.person) if c.skills]
    if not args.strip():
        return [Reply(f"Send {CMD}used SKILL (its square number or name from {CMD}card) when you applied it.")]
    if not cards:
        return [Reply("You have no skills card yet: your manager or coach sets one up.")]
    ref, note = args.strip(), ""
    hit = _find(cards, ref)
    if isinstance(hit, str) and " " in ref:  # "3 on the Acme call": a number, then a note
        head, _, note = ref.partition(" ")
        hit = _find(cards, head)
    if isinstance(hit, str):
        return [Reply(hit)]
    _, skill = hit
    await turn.u.skills.observe(SkillObservation(skill_id=skill.id, person_id=turn.person.id,
                                                 observer_id=turn.person.id, applied=True, self_report=True,
                                                 note=note[:MAX_NOTE], observed_at=turn.now))
    return [Reply(f"Noted that you used “{clip(skill.name, 80)}”. It shows on your card as your own report, "
                  "apart from what your manager or coach observed.")]
