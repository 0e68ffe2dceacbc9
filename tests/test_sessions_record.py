"""An engagement of several sessions producing a correct record, and /session under bad input.

Sam and Ada, both in Berlin, meet weekly on Mondays at 11:00 across the spring change (Europe,
28 Mar 2027). Driven through the core with the manual clock and a fresh scheduler per tick."""
from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers.timing import at_local
from scheduler import Delivery, Ticker
from storage import NudgeKind
from tests.support.chat import Person
from tests.support.senders import RecordingSender

BERLIN = ZoneInfo("Europe/Berlin")


async def _no_sleep(_s: float) -> None:
    return None


async def coach_and_client(core) -> tuple[Person, Person]:
    sam, ada = Person(core, "1", name="Sam"), Person(core, "2", name="Ada")
    for p in (sam, ada):
        await p.say("/tz Berlin")
    code = (await sam.say("/coach")).split("/join ")[1].split()[0]
    await ada.say(f"/join {code}")
    return sam, ada


async def test_three_weekly_sessions_make_the_record(core, clock, store) -> None:
    sender = RecordingSender()

    async def tick() -> None:
        await Ticker(store, sender, clock, core.config,
                     delivery=Delivery(store, sender, clock, sleep=_no_sleep)).tick_nudges()

    clock.set(at_local(datetime(2027, 3, 22).date(), time(9, 0), BERLIN))
    sam, ada = await coach_and_client(core)
    await ada.say("/metric add calls weekly friday target 20")
    await ada.say("/log calls 8")
    assert "Session with Ada: Mon 22 Mar, 11:00" in await sam.say("/session add Ada today 11:00 every week")
    plans = [("Say no to one meeting a day", "done on time"), ("Block two focus hours", "done late"),
             ("Hire an assistant", "open")]
    for week, (action, fate) in enumerate(plans):
        day = datetime(2027, 3, 22).date() + timedelta(weeks=week)
        clock.set(at_local(day, time(12, 15), BERLIN))  # the session ended at 12:00
        await tick()
        assert sender.texts()[-1].startswith("🗓 After your session with Sam"), week
        await ada.say(f"Insight: lesson {week + 1}")
        assert "From your insight" in await ada.say(f"I'll {action.lower()} by Wednesday 17:00")
        if fate == "done on time":
            clock.set(at_local(day + timedelta(days=2), time(16, 0), BERLIN))
            await ada.say(f"/done {week + 1}")
        elif fate == "done late":
            clock.set(at_local(day + timedelta(days=5), time(9, 0), BERLIN))
            await ada.say(f"/done {week + 1}")
    await ada.say("/log calls 22")
    await sam.say("/session note Ada Hiring is the real topic")
    clock.set(at_local(datetime(2027, 4, 9).date(), time(9, 0), BERLIN))  # Fri: #3's grace has ended
    record = await ada.say("/record")
    assert "🗓 Sessions held: 3 (next: Mon 12 Apr, 11:00)" in record
    assert "💡 Insights: 3, 3 turned into actions" in record
    assert "✅ Done thanks to the coaching: 2 (1 on time, 1 late)" in record
    assert "#1 Say no to one meeting a day 🟢 on time" in record and "#2 Block two focus hours 🟡 done late" in record
    assert "📈 calls: 8 → 22 (target 20 ✅)" in record and "📋 Open now: 1" in record
    assert "“lesson 3” → #3 🔴 missed" in record and "Hiring" not in record
    assert record == (await sam.say("/record Ada")).replace("Ada's record", "Your record").replace(" with you", "")
    assert "Discovery questions" in await sam.say("/lesson assign 1 Ada by Friday 17:00")
    assert "Asks three discovery questions" in await sam.say("/skill add Ada Asks three discovery questions "
                                                             "topic discovery")
    await sam.say("/observe Ada 1 no")
    agenda_day = datetime(2027, 4, 12).date()
    clock.set(at_local(agenda_day, time(10, 0), BERLIN))
    await tick()
    agenda = next(t for t in sender.texts() if t.startswith("🗓 Agenda: Ada, today at 11:00") and "Missed" in t)
    lines = agenda.splitlines()
    assert lines[3] == "⚠️ Missed: #3 Hire an assistant (due Wed 7 Apr, 17:00)"  # most important first
    assert "📝 Your notes: “Hiring is the real topic”" in agenda
    # Lessons and skills, after the numbers: the lesson assigned, the card this coach keeps, what next.
    assert "📚 lessons 1 assigned, 0 done, 0 overdue" in agenda
    assert "🌱 Ada: skills card: applied 0 of 1 (0%) in the last 4 weeks" in agenda
    assert "→ next: too few observations to tell" in agenda
    assert agenda.index("📈 calls") < agenda.index("📚 lessons")


async def test_bad_and_hostile_session_input_gets_clear_answers(core, clock, store) -> None:
    sam, ada = await coach_and_client(core)
    answers = {
        "/session": "No sessions ahead", "/session frobnicate": "Sessions (coaches)",
        "/session add": "Sessions (coaches)", "/session add 1": "When?",
        "/session add 1 yesterday 10:00": "When?", "/session add 7 Friday 10:00": "You have no client “7”",
        "/session add ² Friday": "You have no client", "/session add 1 Friday": "At what time?",
        "/session move Ada Friday": "No session ahead", "/session add 1 in 99999999999 days": "100 years",
        "/session move 1 Friday": "No session ahead", "/session cancel Ada": "No session ahead",
        "/session note 1": "What's the note?",
        "/session note 1 " + "y" * 1990 + " z z z z z z": "send a shorter version",
        "/session agenda": "Your agenda comes 1h before", "/session agenda 0m": "Your agenda comes 1h before",
        "/session agenda 100h": "Your agenda comes 1h before", "/session agenda banana": "Your agenda comes",
        "/session notes Ada": "No notes about Ada", "/record 9": "You have no client “9”",
    }
    for text, expected in answers.items():
        assert expected in await sam.say(text), text
    assert "Sessions are for coaches" in await ada.say("/session add 1 Friday 10:00")
    assert "starts when you join a coach" in await Person(core, "3", name="Lone").say("/record")
    assert "No sessions ahead" in await sam.say("/sessions")
    rng = random.Random(20261202)
    words = ["Friday", "10:00", "every", "2", "weeks", "monthly", "in", "3", "days", "🙂", "--", "'", "\x00", "31/02",
             "tomorrow", "9999", "noon", "at", "-1", "%s", "<b>", "next", "year"]
    for _ in range(40):
        reply = await sam.say("/session add 1 " + " ".join(rng.choice(words) for _ in range(rng.randint(0, 8))))
        assert reply.startswith(("🗓 Session with Ada", "When?", "At what time?")) or "100 years" in reply, reply
    assert "Session with Ada" in await sam.say("/session add Ada Friday 10:00")
    assert "At what time?" not in await sam.say("/session move Ada Monday 9:30")
    assert "To when, at what time?" in await sam.say("/session move Ada Monday")
    first = await sam.say("/session cancel Ada")
    assert "Cancelled" in first or "No session ahead" in first


async def test_an_interrupted_send_is_settled_by_each_kinds_policy(core, clock, store) -> None:
    """After a crash mid-send, a prep question is sent again (twice beats never) and an agenda is
    not (twice is only noise): the registry's Duplicates policy, nothing special in the tick."""
    sender = RecordingSender()
    sam, ada = await coach_and_client(core)
    await sam.say("/session add Ada Wednesday 16:00")  # Wed 25 Nov 15:00 UTC; prep Tue 15:00 UTC
    async with store.unit() as u:
        (row, _), = await u.sessions.upcoming_of_coach(1, clock.now())
        assert (await u.sessions.next_per_client(1, clock.now()))[row.client_id].id == row.id
        for person, kind, at in ((row.client_id, NudgeKind.SESSION_PREP, row.starts_at - timedelta(days=1)),
                                 (row.coach_id, NudgeKind.SESSION_AGENDA, row.starts_at - timedelta(hours=1))):
            await u.nudges.claim(person, kind, row.id, row.starts_at, 0, at, at)  # left `sending` by a crash
    for before in (timedelta(hours=3), timedelta(minutes=30)):  # a restarted process each time
        clock.set(row.starts_at - before)
        await Ticker(store, sender, clock, core.config,
                     delivery=Delivery(store, sender, clock, sleep=_no_sleep)).tick_nudges()
    assert [t.split("\n")[0] for t in sender.texts() if "session with Sam" in t or "Agenda" in t] == [
        "🗓 Today at 16:00: your session with Sam."]


async def test_the_agenda_lead_is_the_coachs_choice(core, clock, store) -> None:
    sender = RecordingSender()
    sam, _ = await coach_and_client(core)  # Mon 23 Nov 2026, 10:00 Berlin
    assert "Your agenda now comes 2h before each session" in await sam.say("/session agenda 2h")
    assert "Your agenda comes 2h before" in await sam.say("/session agenda")
    await sam.say("/session add Ada Wednesday 16:00")
    for at in (time(13, 59), time(14, 0)):
        clock.set(at_local(datetime(2026, 11, 25).date(), at, BERLIN))
        await Ticker(store, sender, clock, core.config,
                     delivery=Delivery(store, sender, clock, sleep=_no_sleep)).tick_nudges()
        agendas = [t for t in sender.texts() if t.startswith("🗓 Agenda: Ada")]
        assert len(agendas) == (at == time(14, 0)), at
