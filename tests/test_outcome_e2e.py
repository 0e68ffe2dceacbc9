"""On-time marks and "What changed?" over the wire (the real PTB client against the Bot API stand-in):
🟢 on time, 🟡 done late, 🔴 missed, ⚪ dropped in /actions, /clients N, /shared and the digests, with
the on-time rate over 4 weeks; after done, one optional question, answered in words, with a metric
button or skipped, that never blocks a command or a new commitment and survives a restart."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from tests.fakes import FakeTelegram, button_data, button_labels
from tests.support.telegram_harness import OTHER, USER, Harness
from tests.test_reporting_e2e import digest

SAM: dict[str, Any] = dict(user=OTHER, first_name="Sam", last_name=None)


async def coach_and_client(tg: Harness) -> None:
    """Sam (OTHER) coaches Ada (USER), both in Berlin."""
    await tg.say("/tz Europe/Berlin", **SAM)
    code = (await tg.say("/coach", **SAM)).split("/join ")[1].split()[0]
    await tg.say("/tz Europe/Berlin")
    assert "coached by Sam" in await tg.say(f"/join {code}")


async def test_marks_and_the_four_week_rate_in_every_list(tg: Harness, fake: FakeTelegram, clock: Any) -> None:
    await coach_and_client(tg)
    for text in ("Send the report tomorrow 5pm", "Call the bank tomorrow 6pm", "Draft the plan tomorrow 7pm",
                 "Old thing tomorrow 8pm"):
        await tg.say(f"/commit {text}")                                      # due Tue 24 Nov
    assert "I'll remind you today at 18:00" in await tg.say("/snooze 3 this evening")
    await tg.say("/done 1")
    await tg.say("/drop 4")
    clock.set(datetime(2026, 11, 25, 23, 0, tzinfo=timezone.utc))          # Thu 00:00 Berlin: the grace is over
    await tg.say("/done 2")
    listing = await tg.say("/actions")
    assert "🔴 #3 Draft the plan, missed: due Tue 24 Nov, 19:00 (can still be done)" in listing

    record = await tg.say("/clients 1", **SAM)
    assert "   🟢 #1 Send the report\n" in record and "   🟡 #2 Call the bank (done 1 day late)" in record
    assert "🔴 Missed: 1\n   🔴 #3 Draft the plan" in record and "⚪ Dropped: 1\n   #4 Old thing" in record
    assert "33% on time over 4 weeks (1 of 3); snoozed 1×" in record and "#3 Draft the plan (snoozed 1×)" in record
    line = "Ada Lovelace: 1 done on time, 1 done late, 1 missed; 1 open (1 overdue); 33% on time over 4 weeks (1 of 3)"
    assert line in await tg.say("/digest clients", **SAM)
    assert line in await tg.say("/shared")
    assert "🎯 33% on time over 4 weeks (1 of 3)" in await digest(tg, fake)

    await tg.say("/done 3")                                                  # a miss can still be done, late
    clock.advance(timedelta(weeks=5))
    later = await tg.say("/shared")
    assert "on time over 4 weeks" not in later                              # nothing settled in the last 4 weeks


async def test_what_changed_with_a_metric_words_skip_and_a_restart(tg: Harness, fake: FakeTelegram, store: Any,
                                                                   clock: Any) -> None:
    await coach_and_client(tg)
    await tg.say("/metric add calls daily target 20")
    await tg.say("Insight: I never ask for referrals")
    await tg.say("I'll ask for referrals by Friday 5pm")
    await tg.say("/commit Book the venue by Thursday")
    await tg.say("/actions")
    done = await tg.press("done:1")
    assert "🎉 Done: #1 Ask for referrals" in done and "What came of it?" in done
    assert "Did it move one of your metrics?" in done
    question = tg.last()
    assert [d.split(":")[0] for d in button_data(question)] == ["outcome_metric", "outcome_skip"]
    assert button_labels(question) == ["📈 calls", "⏭ Skip"]
    assert "#2 Book the venue" in await tg.say("/actions")                  # a command just works meanwhile
    metric = button_data(question)[0]
    moved = await tg.press(metric)
    assert "📈 Noted: #1 moved calls. What came of it, in a few words?" in moved
    assert button_data(question) == []                                      # the press edited the question
    again = tg.fake.user_press(USER, metric, message_id=question["message_id"])
    await tg.wait(again)                                                    # a second press counts nothing new
    assert "Already noted: #1 moved calls." in fake.texts_to(USER)[-1]
    assert "📝 Noted: #1 Ask for referrals → 2 intros booked (moved calls)" in await tg.say("2 intros booked")

    assert "What came of it?" in await tg.say("/done 2")
    assert "✅ #3 Call the caterer" in await tg.say("I'll call the caterer by Friday 10am")  # not an answer
    await tg.stop()                                                         # the question survives a restart
    await tg.start()
    assert "📝 Noted: #2 Book the venue → 40 people confirmed" in await tg.say("40 people confirmed")
    assert "What came of it?" in await tg.say("/done 3")
    assert "OK, no note." in await tg.press("outcome_skip:3")
    assert "Shall I keep that?" in await tg.say("Customers care about speed more than price")

    own = await digest(tg, fake)
    assert "🟢 #1 Ask for referrals → 2 intros booked" in own
    assert ("🔗 What came of it:\n   “I never ask for referrals” → #1 Ask for referrals → 2 intros booked "
            "(moved calls)\n   #2 Book the venue → 40 people confirmed") in own
    assert "→ 2 intros booked (moved calls)" in await tg.say("/clients 1", **SAM)   # the coach sees it

    await tg.say("/export")
    exported = json.loads(tg.last()["document_bytes"])
    first = next(a for a in exported["actions"] if a["number"] == 1)
    assert (first["outcome"], first["outcome_metric"], first["snoozes"]) == ("2 intros booked", "calls", 0)


async def test_an_outcome_question_lapses_and_is_never_another_persons(tg: Harness, fake: FakeTelegram,
                                                                       clock: Any) -> None:
    await tg.say("/tz UTC")
    await tg.say("/commit Call Anna tomorrow")
    assert "What came of it?" in await tg.say("/done 1")
    await tg.say("/tz UTC", **SAM)
    own = fake.messages_to(OTHER)[-1]["message_id"]
    for forged in ("outcome_metric:1:1", "outcome_metric:x:y", "outcome_skip:²"):
        press = fake.user_press(OTHER, forged, message_id=own)
        await tg.wait(press)
        assert "out of date" in fake.texts_to(OTHER)[-1]
    assert "Shall I keep that?" in await tg.say("it went fine", **SAM)       # Ada's question is not Sam's
    clock.advance(timedelta(hours=13))
    assert "Shall I keep that?" in await tg.say("Anna said yes")              # lapsed after 12 hours
