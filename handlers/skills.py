"""Setting up a skills card: a manager's for the team (/team skill ..., in the team's channel) and
a coach's for one client (/skill add CLIENT ...). Up to 16 skills, a 4x4 card; a skill may name a
Knowledge topic and the lesson that teaches it, so the reading can tell a knowledge gap from a
skills gap. A starter set matches the starter lessons' topics."""
from __future__ import annotations

import re
from collections.abc import Sequence

from handlers.assigning import pick_client
from handlers.formatting import clip
from handlers.refs import CMD
from handlers.skill_cards import client_card
from handlers.turn import Turn
from handlers.types import Reply
from storage import Person, Skill, Team
from storage.skills import CARD_SIZE

# (skill, topic): one per starter lesson (handlers/starter_lessons/), by its topic.
STARTER = (
    ("Asks three discovery questions before pitching", "discovery"),
    ("Follows up within two days with a next step", "follow-up"),
    ("Answers a price objection with value, not a discount", "objections"),
    ("Sends cold emails under 100 words with one ask", "prospecting"),
    ("Turns each insight into a dated action", "follow-through"),
    ("Asks happy customers for a referral", "referrals"),
)
_TOPIC = re.compile(r"\s+topic\s+([a-z0-9→>_-]{1,40})\s*$", re.IGNORECASE)
_LESSON = re.compile(r"\s+lesson\s+#?(\d{1,6})\s*$", re.IGNORECASE)
MAX_NAME = 120


def parse_skill(text: str) -> tuple[str, str | None, int | None] | str:
    """'Asks three questions topic discovery lesson 2' -> (name, topic, lesson); a reply text when bad."""
    name, topic, lesson = " ".join(text.split()), None, None
    for _ in range(2):  # "topic T lesson N" in either order
        if (m := _LESSON.search(" " + name)) is not None and lesson is None:
            lesson, name = int(m.group(1)), (" " + name)[:m.start()].strip()
        elif (m := _TOPIC.search(" " + name)) is not None and topic is None:
            topic, name = m.group(1).lower(), (" " + name)[:m.start()].strip()
    if not name:
        return "Name the skill, e.g. Asks three discovery questions topic discovery lesson 1."
    if len(name) > MAX_NAME:
        return f"A skill's name is at most {MAX_NAME} characters; keep it to what you would watch for."
    return name, topic, lesson


def find_skill(card: Sequence[Skill], ref: str, exact: bool = False) -> Skill | str:
    """A skill by its square number (1-16) or by its name (or, unless `exact`, the start of it)."""
    ref = ref.strip()
    if ref.isdecimal() and ref.isascii():
        hit = next((s for s in card if s.position + 1 == int(ref)), None)
        return hit or f"No skill on square {clip(ref, 6)}."
    same = [s for s in card if s.name.lower() == ref.lower()]
    starts = same or ([] if exact else [s for s in card if s.name.lower().startswith(ref.lower())])
    if len(starts) == 1:
        return starts[0]
    if starts:
        return f"“{clip(ref, 40)}” matches several skills; use the square's number from {CMD}card."
    return f"No skill “{clip(ref, 40)}” on the card."


async def _add(turn: Turn, card: Sequence[Skill], text: str, team: Team | None, client_id: int | None) -> str:
    parsed = parse_skill(text)
    if isinstance(parsed, str):
        return parsed
    name, topic, lesson = parsed
    if any(s.name.lower() == name.lower() for s in card):
        return f"“{clip(name, 60)}” is already on the card."
    free = sorted(set(range(CARD_SIZE)) - {s.position for s in card})
    if not free:
        return f"The card is full ({CARD_SIZE} skills, 4×4). Remove one first."
    taught = None
    if lesson is not None:
        taught = await turn.u.knowledge.lesson(lesson)
        if taught is None:
            return f"There is no lesson {lesson}. {CMD}lessons lists them."
        topic = topic or taught[0]
    await turn.u.skills.add(Skill(owner_id=turn.person.id, team_id=team.id if team else None, client_id=client_id,
                                  position=free[0], name=name, topic=topic, lesson_number=lesson,
                                  created_at=turn.now))
    links = "".join([f", topic {topic}" if topic else "", f", lesson {lesson}" if lesson else ""])
    return f"🎯 Square {free[0] + 1}: {clip(name, 80)}{links}. {len(card) + 1} of {CARD_SIZE} on the card."


async def _card(turn: Turn, team: Team | None, client: Person | None) -> list[Skill]:
    if team is not None:
        return list(await turn.u.skills.card(team.id))
    return (await client_card(turn.u, turn.person, client)).skills if client is not None else []


async def _starter(turn: Turn, team: Team | None, client: Person | None) -> str:
    out = []
    for name, topic in STARTER:
        card = await _card(turn, team, client)
        out.append(await _add(turn, card, f"{name} topic {topic}", team, client.id if client else None))
    return "\n".join(out)


def listing(card: Sequence[Skill]) -> str:
    if not card:
        return "No skills on the card yet."
    return "\n".join(f"{s.position + 1:>2}. {s.name}" + (f" (topic {s.topic})" if s.topic else "")
                     + (f" (lesson {s.lesson_number})" if s.lesson_number else "") for s in card)


async def team_skill(turn: Turn, t: Team, words: list[str], manager: bool) -> list[Reply]:
    """/team skill add|remove|starter|list (changes: the manager only)."""
    verb, rest = (words[0].lower() if words else ""), " ".join(words[1:])
    card = await _card(turn, t, None)
    if verb in {"", "list"}:
        return [Reply(f"Team {t.name} skills card:\n{listing(card)}")]
    if not manager:
        return [Reply("Only the team's manager can change the skills card.")]
    if verb == "add":
        return [Reply(await _add(turn, card, rest, t, None))]
    if verb == "starter":
        return [Reply(await _starter(turn, t, None))]
    if verb == "remove" and rest:
        found = find_skill(card, rest)
        if isinstance(found, str):
            return [Reply(found)]
        await turn.u.skills.remove(found)
        return [Reply(f"Removed “{clip(found.name, 80)}” and its observations from team {t.name}'s card.")]
    return [Reply(f"Send {CMD}team skill add SKILL [topic TOPIC] [lesson N], {CMD}team skill remove SKILL, "
                  f"{CMD}team skill starter (the starter set) or {CMD}team skill list.")]


SKILL_USAGE = (f"Send {CMD}skill add CLIENT SKILL [topic TOPIC] [lesson N], {CMD}skill remove CLIENT SKILL, "
               f"{CMD}skill starter CLIENT or {CMD}skill list CLIENT (CLIENT: a number from {CMD}clients or a name).")


async def skill(turn: Turn, args: str) -> list[Reply]:
    """/skill add|remove|starter|list CLIENT ...: a coach's card for one client."""
    verb, _, rest = args.strip().partition(" ")
    who, _, text = rest.strip().partition(" ")
    if verb.lower() not in {"add", "remove", "starter", "list"} or not who:
        return [Reply(SKILL_USAGE)]
    client = pick_client(list(await turn.u.coaching.clients(turn.person.id)), who)
    if isinstance(client, str):
        return [Reply(client)]
    card = await _card(turn, None, client)
    verb = verb.lower()
    if verb == "list":
        return [Reply(f"Skills card of {client.name or 'your client'}:\n{listing(card)}")]
    if verb == "starter":
        return [Reply(await _starter(turn, None, client))]
    if not text.strip():
        return [Reply(SKILL_USAGE)]
    if verb == "add":
        return [Reply(await _add(turn, card, text, None, client.id))]
    found = find_skill(card, text)
    if isinstance(found, str):
        return [Reply(found)]
    await turn.u.skills.remove(found)
    return [Reply(f"Removed “{clip(found.name, 80)}” and its observations from the card.")]
