"""Coaching sessions through the real Telegram adapter under the manual clock (issue 15).

Sam coaches in Berlin, Ada is in New York. A fortnightly session on Thursdays at 16:00
Berlin spans the weeks both leave daylight-saving time (Europe 25 Oct 2026, the US 1 Nov):
the prep question comes the day before at the session's time on Ada's clock, the agenda an
hour before on Sam's, the prod a quarter of an hour after its end, and the second session is
still at 16:00 for Sam (10:00 for Ada) though it is an hour later in UTC.
"""
from __future__ import annotations

import json
from typing import Any

from tests.fakes import FakeTelegram
from tests.support.telegram_harness import OTHER, USER, Harness
from tests.test_notices_e2e import SAM, ticker, utc

KIM: dict[str, Any] = dict(user=503, first_name="Kim", last_name=None)
BO: dict[str, Any] = dict(user=504, first_name="Bo", last_name=None)
PREP = "To prepare: what went well"
AGENDA = "🗓 Agenda: Ada Lovelace"
PROD = "what did you take away from today?"


def said(fake: FakeTelegram, chat: int, part: str) -> list[str]:
    return [t for t in fake.texts_to(chat) if part in t]


async def tick_at(tg: Harness, store: Any, clock: Any, when) -> None:
    clock.set(when)
    await ticker(tg, store, clock).tick_nudges()


async def sam_coaches_ada(tg: Harness) -> None:
    await tg.say("/tz Berlin", **SAM)
    code = (await tg.say("/coach", **SAM)).split("/join ")[1].split()[0]
    await tg.say("/tz New York")
    assert "coached by Sam" in await tg.say(f"/join {code}")


async def test_a_fortnightly_session_across_the_dst_change_preps_agendas_and_prods_on_local_time(
        tg: Harness, fake: FakeTelegram, store: Any, clock: Any) -> None:
    clock.set(utc(2026, 10, 19, 10, 0))  # Mon 12:00 Berlin (CEST), 06:00 New York (EDT)
    await sam_coaches_ada(tg)
    added = await tg.say("/session add Ada Thursday 16:00 every 2 weeks", **SAM)
    assert "Session with Ada Lovelace: Thu 22 Oct, 16:00 (Thu 22 Oct, 10:00 their time), every 2 weeks" in added
    assert "reaches them at 08:00 their time" in added  # Ada's quiet hours hold the news
    await tick_at(tg, store, clock, utc(2026, 10, 19, 12, 0))
    assert said(fake, USER, "Sam scheduled a session with you: Thu 22 Oct, 10:00, every 2 weeks")
    assert "Thu 22 Oct, 10:00 with Sam, every 2 weeks" in await tg.say("/sessions")

    await tick_at(tg, store, clock, utc(2026, 10, 21, 13, 59))  # Wed 09:59 New York
    assert not said(fake, USER, PREP)
    await tick_at(tg, store, clock, utc(2026, 10, 21, 14, 0))  # Wed 10:00 New York: the day before
    (prep,) = said(fake, USER, PREP)
    assert prep.startswith("🗓 Tomorrow at 10:00: your session with Sam.")
    thanks = await tg.say("Closed two deals; the pipeline review got in the way; I want to talk about delegating")
    assert "Thanks: Sam will see that before your session tomorrow at 10:00" in thanks

    await tick_at(tg, store, clock, utc(2026, 10, 22, 12, 59))  # Thu 14:59 Berlin
    assert not said(fake, OTHER, AGENDA)
    await tick_at(tg, store, clock, utc(2026, 10, 22, 13, 0))  # Thu 15:00 Berlin: an hour before
    (agenda,) = said(fake, OTHER, AGENDA)
    assert agenda.splitlines()[0] == "🗓 Agenda: Ada Lovelace, today at 16:00"
    assert "Ada Lovelace's prep: “Closed two deals; the pipeline review got in the way" in agenda

    await tick_at(tg, store, clock, utc(2026, 10, 22, 15, 14))
    assert not said(fake, USER, PROD)
    await tick_at(tg, store, clock, utc(2026, 10, 22, 15, 15))  # the session ended at 17:00 Berlin
    assert len(said(fake, USER, PROD)) == 1
    assert "Insight saved" in await tg.say("Insight: I say yes to everything")
    committed = await tg.say("I'll delegate the weekly report by Tuesday 5pm")
    assert "From your insight: “I say yes to everything”" in committed
    await tick_at(tg, store, clock, utc(2026, 10, 22, 15, 30))
    assert len(said(fake, USER, PROD)) == 1  # once

    # After the clocks went back on both sides: still 16:00 for Sam and 10:00 for Ada.
    clock.set(utc(2026, 10, 26, 14, 0))
    assert "Done: #1 Delegate the weekly report." in await tg.say("/done 1")
    clock.set(utc(2026, 11, 2, 14, 0))
    assert "Thu 5 Nov, 16:00 (Thu 5 Nov, 10:00 their time), every 2 weeks" in await tg.say("/sessions", **SAM)
    await tick_at(tg, store, clock, utc(2026, 11, 4, 14, 59))  # Wed 09:59 New York (EST)
    assert len(said(fake, USER, PREP)) == 1
    await tick_at(tg, store, clock, utc(2026, 11, 4, 15, 0))  # Wed 10:00 New York
    assert len(said(fake, USER, PREP)) == 2
    await tick_at(tg, store, clock, utc(2026, 11, 5, 13, 59))  # Thu 14:59 Berlin (CET)
    assert len(said(fake, OTHER, AGENDA)) == 1
    await tick_at(tg, store, clock, utc(2026, 11, 5, 14, 0))  # Thu 15:00 Berlin
    agenda = said(fake, OTHER, AGENDA)[-1]
    assert "Ada Lovelace has not answered the prep question." in agenda
    assert "Since Thu 22 Oct, 16:00:" in agenda and "✅ Done: 1 (1 on time, 0 late): #1 Delegate the weekly report" \
        in agenda
    await tick_at(tg, store, clock, utc(2026, 11, 5, 16, 15))  # 17:15 Berlin
    assert len(said(fake, USER, PROD)) == 2

    record = await tg.say("/record")
    assert "🗓 Sessions held: 2 (next: Thu 19 Nov, 10:00)" in record
    assert "💡 Insights: 1, 1 turned into actions" in record
    assert "✅ Done thanks to the coaching: 1 (1 on time, 0 late)" in record
    assert "“I say yes to everything” → #1 🟢 on time" in record
    assert "Ada Lovelace's record" in await tg.say("/record Ada", **SAM)


async def test_another_coachs_client_is_refused_and_notes_stay_the_coachs(
        tg: Harness, fake: FakeTelegram, store: Any, clock: Any) -> None:
    await sam_coaches_ada(tg)
    await tg.say("/tz Berlin", **KIM)
    code = (await tg.say("/coach", **KIM)).split("/join ")[1].split()[0]
    await tg.say("/tz Berlin", **BO)
    assert "coached by Kim" in await tg.say(f"/join {code}", **BO)
    for command in ("/session add Ada Friday 10:00", "/record Ada", "/session note Ada secret", "/session move 2 Fri",
                    "/session cancel Ada", "/session notes Ada"):
        reply = await tg.say(command, **KIM)
        assert "You have no client “Ada”" in reply or "You have no client “2”" in reply, command
    assert "Sessions are for coaches" in await tg.say("/session add Sam Friday 10:00")  # Ada coaches nobody
    assert "Session with Ada" in await tg.say("/session add Ada Friday 10:00", **SAM)
    assert "Only you see it" in await tg.say("/session note Ada Worried about her manager", **SAM)
    assert "Worried about her manager" in await tg.say("/session notes Ada", **SAM)
    await ticker(tg, store, clock).tick_nudges()
    assert not any("Worried" in t for t in fake.texts_to(USER))
    assert "Worried" not in await tg.say("/record")
    await tg.say("/export")
    exported = json.loads(fake.messages_to(USER)[-1]["document_bytes"])
    assert exported["sessions"][0]["role"] == "client" and exported["session_notes"] == []
    assert "Worried" not in json.dumps(exported)
    await tg.say("/export", **SAM)
    mine = json.loads(fake.messages_to(OTHER)[-1]["document_bytes"])
    assert [n["text"] for n in mine["session_notes"]] == ["Worried about her manager"]
    assert "Cancelled: the session with Ada" in await tg.say("/session cancel Ada", **SAM)
    assert "No sessions ahead" in await tg.say("/sessions")
    assert "Session with Ada" in await tg.say("/session add Ada Friday 10:00 every 2 weeks", **SAM)
    assert "your sessions with them, your answer to the prep question" in await tg.say("/shared")
    await tg.say("/leave Sam")
    assert "No sessions ahead" in await tg.say("/sessions", **SAM)  # ended with the link: no prep, no agenda
    assert "No sessions ahead" in await tg.say("/sessions")
