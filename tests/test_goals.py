"""Development goals through the core: set, show, grow, clear; actions linked by "for goal" or by
the button under a new commitment; and the Development half of the person's own digest and of
the coach digest, with their numbers."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from scheduler import Ticker
from storage import TopicMastery
from tests.support.chat import Person
from tests.support.senders import RecordingSender


async def test_a_goal_is_set_shown_grown_and_cleared(core) -> None:
    ada = Person(core, "1", name="Ada")
    await ada.say("/tz Berlin")
    assert "No development goal yet" in await ada.say("/goal")
    set_ = await ada.say("/goal run my own enterprise deals by 30 June 2027")
    assert "🌱 Development goal: run my own enterprise deals, by Wed 30 Jun 2027" in set_
    assert "the team channel does not" in set_
    assert "Growing towards your goal: discovery" in await ada.say("/goal grow discovery")
    assert "Growing towards your goal: discovery, lesson 3" in await ada.say("/goal grow lesson 3")
    assert "run my own enterprise deals by Wed 30 Jun 2027" in await ada.say("/goal")
    assert "the Q3 pilot" in await ada.say("/goal lead the Q3 pilot")  # "Q3" is part of it, not a deadline
    assert "Goal cleared" in await ada.say("/goal clear")
    assert "no development goal to clear" in await ada.say("/goal clear")


@pytest.mark.parametrize("bad", ["x" * 301, "by Friday", "grow", "   "])
async def test_bad_goals_get_a_clear_answer(core, bad: str) -> None:
    ada = Person(core, "1", name="Ada")
    reply = await ada.say(f"/goal {bad}")
    assert "Development goal:" not in reply and reply


async def test_actions_for_the_goal_by_words_or_by_button(core, clock) -> None:
    ada = Person(core, "1", name="Ada")
    plain = await ada.send("/commit Call Anna by Friday")
    assert plain[0].buttons == ()  # no goal: no goal button
    await ada.say("/goal run my own enterprise deals")
    linked = await ada.say("/commit Read the negotiation book by Friday for goal")
    assert "#2 Read the negotiation book" in linked and "🌱 For your goal: run my own enterprise deals" in linked
    await ada.send("/commit Shadow Sam on a call by Friday")
    assert ("🌱 For my goal", "goal_link", "3") in ada.buttons()
    assert "#3 now counts towards your goal" in await ada.press("goal_link", "3")
    assert "Nothing to link" in await ada.press("goal_link", "99")
    await ada.say("/done 2")
    assert "Actions for it: 1 of 2 done." in await ada.say("/goal")


async def test_own_digest_and_coach_digest_show_development(core, clock, store) -> None:
    sam, kim = Person(core, "1", name="Sam"), Person(core, "2", name="Kim")
    code = (await sam.say("/coach")).split("/join ")[1].split()[0]
    await kim.say(f"/join {code}")
    await sam.say("/skill add Kim Sends cold emails under 100 words topic cold-email")
    for verdict in ("no", "no", "yes", "no"):
        await sam.say(f"/observe Kim 1 {verdict}")
    async with store.unit() as u:
        person = await u.people.find("telegram", "2")
        u.session.add(TopicMastery(person_id=person.id, topic="cold-email", score=88, answers=6,
                                   updated_at=clock.now()))
    await kim.say("/goal book five enterprise meetings by 31 March 2027")
    await kim.say("/commit Write three cold emails by tomorrow for goal")
    clock.advance(timedelta(days=2))
    own = (await kim.send("/digest"))[0].text
    week, development = own.split("— Development —")
    assert week.startswith("🗓 Your week") and "\n— Performance (this week) —\n✅ Completed: 0 this week" in week
    assert "🌱 knowledge: cold-email 88%" in development
    assert "🌱 skills card: applied 1 of 4 (25%) in the last 4 weeks, the 4 weeks before none observed" in development
    assert "🌱 goal “book five enterprise meetings” by 31 Mar 2027: 0 of 1 actions done" in development
    assert ("→ next: skills gap: knows it (cold-email 88%) but applied 1 of 4; coach on applying “Sends cold emails "
            "under 100 words”") in development
    coach = (await sam.send("/digest clients"))[0].text
    assert "— Performance (this week) —" in coach.split("— Development")[0]
    assert "— Development (knowledge this month, the card over 4 weeks, goals) —" in coach
    assert "🌱 Kim: knowledge: cold-email 88%" in coach and "applied 1 of 4 (25%)" in coach
    # The weekly digest the scheduler sends Kim on Monday 08:00 has the same two parts.
    sender = RecordingSender()
    clock.set(datetime(2026, 11, 30, 8, 5, tzinfo=timezone.utc))
    await Ticker(store, sender, clock, core.config).tick_digests()
    weekly = next(r.text for to, r in sender.sent if to.chat_id == "2" and r.text.startswith("🗓 Your week"))
    assert "— Performance (this week) —" in weekly and "🌱 knowledge: cold-email 88%" in weekly
    # Another coach of Kim sees none of the first coach's card.
    lee = Person(core, "3", name="Lee")
    code = (await lee.say("/coach")).split("/join ")[1].split()[0]
    await kim.say(f"/join {code}")
    assert "skills card" not in (await lee.send("/digest clients"))[0].text
    assert "You see your own skills card" in await lee.say("/card Sam")
