"""The skills card through the core: a manager's team card and a coach's client card, observations
by command, the card as text and PNG, bingo celebrated once, the rep's own reports kept apart,
and who may see whose card."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support.chat import Person

CHANNEL = "C-SALES"


async def team(core) -> tuple[Person, Person, Person]:
    """Ben manages team Closers; Ada and Cat are reps."""
    ben = Person(core, "U1", platform="slack", name="Ben")
    ada = Person(core, "U2", platform="slack", name="Ada")
    cat = Person(core, "U3", platform="slack", name="Cat")
    await ben.send("/team create Closers", channel_id=CHANNEL)
    for rep in (ada, cat):
        await rep.send("/team join", channel_id=CHANNEL)
    return ben, ada, cat


async def in_channel(p: Person, text: str) -> str:
    return "\n".join(r.text for r in await p.send(text, channel_id=CHANNEL))


async def test_manager_sets_up_the_team_card_and_reps_cannot(core) -> None:
    ben, ada, _ = await team(core)
    added = await in_channel(ben, "/team skill add Asks three discovery questions topic discovery")
    assert "Square 1: Asks three discovery questions, topic discovery. 1 of 16 on the card." in added
    assert "Only the team's manager" in await in_channel(ada, "/team skill add Cheats")
    assert "already on the card" in await in_channel(ben, "/team skill add asks three discovery questions")
    assert "There is no lesson 99" in await in_channel(ben, "/team skill add Books a demo lesson 99")
    listing = await in_channel(ada, "/team skill list")
    assert " 1. Asks three discovery questions (topic discovery)" in listing
    starter = await in_channel(ben, "/team skill starter")
    assert starter.count("Square") == 6 and "Follows up within two days" in starter and "topic referrals" in starter
    for i in range(9):
        await in_channel(ben, f"/team skill add Skill {i}")
    assert "The card is full (16 skills, 4×4)" in await in_channel(ben, "/team skill add One too many")
    assert "Removed “Skill 0”" in await in_channel(ben, "/team skill remove skill 0")
    assert "Square 8: Back in" in await in_channel(ben, "/team skill add Back in")  # the freed square
    assert "Run /team skill" in await ben.say("/team skill list")  # in a DM: asks for the channel


@pytest.mark.parametrize("bad", ["", "Ada", "Ada 1", "Ada 1 maybe", "Zed 1 yes", "Ada 99 yes", "Ada nothing yes",
                                 "Ada 1 yes " + "x" * 3000])
async def test_observe_refuses_bad_input_clearly(core, bad: str) -> None:
    ben, _, _ = await team(core)
    await in_channel(ben, "/team skill add Asks three discovery questions topic discovery")
    reply = await ben.say(f"/observe {bad}")
    assert reply and "Noted" not in reply


async def test_observations_make_the_card_and_a_bingo_is_celebrated_once(core, clock) -> None:
    ben, ada, cat = await team(core)
    for i in range(4):
        await in_channel(ben, f"/team skill add Row skill {i}")
    await in_channel(ben, "/team skill add Asks discovery questions topic discovery")
    assert "Noted: Ada, “Row skill 0”: ✅ applied" in await ben.say("/observe Ada 1 yes asked three")
    await ben.say("/observe Ada Row skill 1 no")
    await ben.say("/observe Ada 5 no")
    clock.advance(timedelta(days=1))
    await ben.say("/observe Ada 2 yes")
    await ben.say("/observe Ada 3 yes")
    bingo = await ben.say("/observe Ada 4 yes")
    assert "🎉 Bingo for Ada: row 1 of the card applied (Row skill 0, Row skill 1, Row skill 2, Row skill 3)" in bingo
    assert "Bingo" not in await ben.say("/observe Ada 4 yes")  # celebrated once
    card = (await ada.send("/card"))[0]
    assert card.text.splitlines()[:3] == ["🎯 Team Closers skills card, last 4 weeks: applied 5 of 7 observed (71%)",
                                          "✅ ✅ ✅ ✅", "❌ · · ·"]
    assert " 2 ✅ Row skill 1: applied 1 of 2" in card.text and " 5 ❌ Asks discovery questions: applied 0 of 1" \
        " (discovery)" in card.text
    assert card.file is not None and card.file.mime == "image/png" and card.file.data[:4] == b"\x89PNG"
    # Four weeks on, the first observations leave the window.
    clock.advance(timedelta(days=27, hours=1))
    assert "applied 4 of 4 observed (100%)\n· ✅ ✅ ✅" in (await ada.send("/card"))[0].text
    assert "Bingo" not in await ben.say("/observe Ada 4 yes")
    assert "Bingo" not in await ben.say("/observe Cat 4 yes")  # Cat's card is her own


async def test_the_rep_tells_the_card_they_used_a_skill_kept_apart(core) -> None:
    ben, ada, _ = await team(core)
    await in_channel(ben, "/team skill add Follows up within two days")
    assert "your own report" in await ada.say("/used 1 on the Acme call")
    await ada.say("/used Follows up")
    text = (await ben.send("/card Ada"))[0].text
    assert " 1 · Follows up within two days: not observed yet · said used it 2×" in text
    assert "the person's own report, not counted in the squares" in text


async def test_who_sees_whose_card(core) -> None:
    ben, ada, cat = await team(core)
    await in_channel(ben, "/team skill add Follows up within two days")
    assert "Ada: Team Closers skills card" in (await ben.send("/card Ada"))[0].text
    assert "You see your own skills card" in await cat.say("/card Ada")
    assert "You see your own skills card" in await ada.say("/card Ben")
    assert "You can observe the people you coach" in await cat.say("/observe Ada 1 yes")
    outsider = Person(core, "U9", platform="slack", name="Zed")
    assert "You have no skills card yet" in await outsider.say("/card")


async def test_a_coach_keeps_a_card_for_one_client(core) -> None:
    sam = Person(core, "T1", name="Sam")
    kim = Person(core, "T2", name="Kim")
    code = (await sam.say("/coach")).split("/join ")[1].split()[0]
    await kim.say(f"/join {code}")
    assert "Square 1: Sends cold emails under 100 words, topic cold-email" in await sam.say(
        "/skill add Kim Sends cold emails under 100 words topic cold-email")
    assert "You have no client “Zed”" in await sam.say("/skill add Zed Something")
    await sam.say("/observe Kim 1 no spammy subject line")
    await sam.say("/observe 1 1 yes")
    text = (await kim.send("/card"))[0].text
    assert text.startswith("🎯 Skills card from Sam, last 4 weeks: applied 1 of 2 observed (50%)")
    assert "Removed" in await sam.say("/skill remove Kim 1")
    assert "no skills card yet" in await kim.say("/card")


async def test_card_presses_from_anyone_else_or_stale_are_refused(core) -> None:
    ben, ada, cat = await team(core)
    await in_channel(ben, "/team skill add Follows up within two days")
    await ben.say("/observe Ada")
    tick = next(arg for label, action, arg in ben.buttons() if label == "✅ 1")
    assert "You can only observe the people you coach or manage" in await cat.press("obs", tick)
    assert "You can only observe" in await ada.press("obs", tick)  # not even your own card
    assert "no longer in use" in await ben.press("obs", "garbage")
    assert "no longer on the card" in await ben.press("obs", tick.rsplit(".", 2)[0] + ".999.y")
    assert await ben.press("obs", tick) == "" and await ben.press("obs", tick) == ""  # a double press counts once
    done = tick.rsplit(".", 2)[0] + ".done"  # the Done button of the same card
    assert "1 applied, 0 missed" in await ben.press("obs", done)
    await in_channel(ben, "/team skill remove 1")
    assert "no longer on the card" in await ben.press("obs", tick)


async def test_removing_a_skill_takes_its_observations_with_it(core) -> None:
    ben, ada, _ = await team(core)
    await in_channel(ben, "/team skill add Follows up within two days")
    await ben.say("/observe Ada 1 yes")
    assert "applied 1 of 1" in (await ada.send("/card"))[0].text
    assert "and its observations" in await in_channel(ben, "/team skill remove Follows up")
    await in_channel(ben, "/team skill add Follows up within two days")
    assert "Follows up within two days: not observed yet" in (await ada.send("/card"))[0].text
