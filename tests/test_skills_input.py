"""Skills input at its edges: the card in the terminal as numbered choices, skills whose names
hold "no", and fuzzed text through the skill, observation and goal readers (every input gets an
answer, nothing half-saved)."""
from __future__ import annotations

import io
import random
import re

from bot.terminal import TerminalAdapter
from handlers import Core
from handlers.skills import parse_skill
from tests.support.chat import Person

ALPHABET = "ab1 9/#✅❌–·yesnotopiclesson\n\t\u200b😀" + "x" * 5


def _noise(rng: random.Random, longest: int = 400) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, longest)))


def test_the_skill_reader_takes_any_text() -> None:
    rng = random.Random(13)
    for _ in range(300):
        text = _noise(rng)
        parsed = parse_skill(text)
        if not isinstance(parsed, str):
            name, topic, lesson = parsed
            assert 0 < len(name) <= 120 and (topic is None or len(topic) <= 40) and (lesson is None or lesson < 10**6)
    assert parse_skill("Asks questions lesson 2 topic discovery") == ("Asks questions", "discovery", 2)
    assert parse_skill("Asks questions topic discovery lesson 2") == ("Asks questions", "discovery", 2)
    assert parse_skill("topic discovery") == "Name the skill, e.g. Asks three discovery questions topic discovery " \
                                             "lesson 1."


async def test_fuzzed_commands_always_get_an_answer(core) -> None:
    rng = random.Random(7)
    ben = Person(core, "U1", platform="slack", name="Ben")
    ada = Person(core, "U2", platform="slack", name="Ada")
    await ben.send("/team create Closers", channel_id="C1")
    await ada.send("/team join", channel_id="C1")
    await ben.send("/team skill add Asks three questions", channel_id="C1")
    for command in ("/observe Ada ", "/observe ", "/used ", "/goal ", "/card ", "/skill add Ada "):
        for _ in range(4):
            assert await (ada if command in ("/used ", "/goal ") else ben).say(command + _noise(rng, 120))
    for _ in range(4):
        assert (await ben.send("/team skill add " + _noise(rng, 120), channel_id="C1"))[0].text
    assert "1 of 16 on the card" not in await ben.say("/card Ada")  # the card still reads


async def test_the_observation_card_in_the_terminal_is_numbered_choices(core, store, clock, tmp_path) -> None:
    out = io.StringIO()
    term = TerminalAdapter(Core(store, clock), stdin=io.StringIO(""), stdout=out, user_id="me", files_dir=tmp_path)
    await term.say("/tz UTC")
    await term.say("/coach")
    code = re.search(r"sending: join ([\w-]+)", out.getvalue()).group(1)  # type: ignore[union-attr]
    kim = Person(core, "kim", platform="terminal", name="Kim")
    await kim.say(f"/join {code}")
    await term.say("/skill add Kim Asks three discovery questions")
    lines = "\n".join(["/observe Kim", "1", "4", ""])
    term = TerminalAdapter(Core(store, clock), stdin=io.StringIO(lines), stdout=out, user_id="me", files_dir=tmp_path)
    await term.run()
    text = out.getvalue()
    assert "[1] ✅ 1" in text and "[2] ❌ 1" in text and "[4] Done" in text
    assert "Observation of Kim saved: 1 applied, 0 missed." in text


async def test_a_yes_or_no_inside_a_skills_name_or_a_note_reads_right(core) -> None:
    ben = Person(core, "U1", platform="slack", name="Ben")
    ada = Person(core, "U2", platform="slack", name="Ada")
    await ben.send("/team create Closers", channel_id="C1")
    await ada.send("/team join", channel_id="C1")
    await ben.send("/team skill add Says no to discounts", channel_id="C1")
    assert "“Says no to discounts”: ✅ applied" in await ben.say("/observe Ada Says no to discounts yes held firm")
    assert "“Says no to discounts”: ❌ missed" in await ben.say("/observe Ada 1 no he said no to the price")
    assert "No skill “Asks”" in await ben.say("/observe Ada Asks n questions yes")
