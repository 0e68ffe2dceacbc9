"""The ledger under a failing database, through the real Telegram sender: an outcome that could
not be written is retried until it lands (nothing lost, nothing sent again at the next start),
stuck claims are settled while running, and each kind's duplicates policy holds."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from scheduler import UnknownKind
from scheduler.tick import STUCK_AFTER
from storage import NudgeKind
from storage.nudges import Nudges
from tests.test_nudge_delivery_e2e import (DUE, PEOPLE, adapter, chats, delivered, expected,  # noqa: F401 (fixture)
                                           ticker_for, two_actions_each)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def database_away(monkeypatch: Any, method: str, times: int) -> Counter[str]:
    """The next `times` calls of Nudges.`method` fail as if the database were unreachable."""
    calls: Counter[str] = Counter()
    real = getattr(Nudges, method)

    async def flaky(self: Nudges, *args: Any, **kw: Any) -> Any:
        calls["calls"] += 1
        if calls["calls"] <= times:
            raise OperationalError("UPDATE nudge", {}, ConnectionRefusedError("database is down"))
        return await real(self, *args, **kw)

    monkeypatch.setattr(Nudges, method, flaky)
    return calls


async def statuses(store: Any) -> Counter[str]:
    async with store.unit() as u:
        found: Counter[str] = Counter()
        for chat in chats():
            person = await u.people.find("telegram", str(chat))
            found.update(n.status for n in await u.nudges.sent_for(person.id))
        return found


async def test_outcomes_written_while_the_database_blips_are_not_resent_at_restart(fake, adapter, core, store, clock,
                                                                                    monkeypatch):
    await two_actions_each(core)
    clock.set(DUE)
    calls = database_away(monkeypatch, "mark_sent", times=2 * PEOPLE)  # every first write of a `sent` fails
    outcomes = (await ticker_for(store, adapter.sender, clock, core).tick()).outcomes
    assert outcomes == {"sent": 2 * PEOPLE} and calls["calls"] > 2 * PEOPLE
    assert await statuses(store) == {"sent": 2 * PEOPLE}
    clock.advance(STUCK_AFTER + timedelta(minutes=1))  # a restart, later
    assert (await ticker_for(store, adapter.sender, clock, core).tick()).outcomes == {}
    for chat in chats():
        assert delivered(fake, chat) == expected(chat)  # each once


async def test_a_failed_send_whose_release_blips_is_still_sent_by_the_running_bot(fake, adapter, core, store, clock,
                                                                                  monkeypatch):
    await two_actions_each(core, 1)
    clock.set(DUE)
    fake.fail("sendMessage", "502", times=4)  # the bundle of both check-ins fails every attempt
    database_away(monkeypatch, "release", times=3)  # and giving the claims back fails at first
    ticker = ticker_for(store, adapter.sender, clock, core)
    assert (await ticker.tick()).outcomes == {"failed": 2}
    clock.advance(timedelta(seconds=31))
    assert (await ticker.tick()).outcomes == {"sent": 2}  # the same process, no restart
    assert delivered(fake, chats(1)[0]) == expected(chats(1)[0])


async def test_a_stuck_claim_is_settled_while_running(fake, adapter, core, store, clock):
    await two_actions_each(core, 1)
    ticker = ticker_for(store, adapter.sender, clock, core)
    await ticker.tick()  # started: the settle at start is behind us
    clock.set(DUE)
    async with store.unit() as u:  # a claim whose outcome never reached the database
        person = await u.people.find("telegram", str(chats(1)[0]))
        action = await u.actions.by_number(person.id, 1)
        await u.nudges.claim(person.id, NudgeKind.CHECKIN, action.id, action.deadline, 0, DUE, clock.now())
    assert (await ticker.tick()).outcomes == {"sent": 1}  # #2 goes; #1 looks claimed already
    clock.advance(STUCK_AFTER + timedelta(seconds=1))
    assert (await ticker.tick()).outcomes == {"sent": 1}  # settled while running: sent (at least once)
    assert delivered(fake, chats(1)[0]) == expected(chats(1)[0])


async def test_an_interrupted_digest_is_not_sent_again_and_an_unknown_kind_is_an_error(adapter, core, store, clock):
    await two_actions_each(core, 1)
    async with store.unit() as u:
        person = await u.people.find("telegram", str(chats(1)[0]))
        await u.nudges.claim(person.id, NudgeKind.DIGEST, person.id, DUE, 0, DUE, clock.now())
    clock.advance(timedelta(seconds=1))
    ticker = ticker_for(store, adapter.sender, clock, core)
    await ticker.tick()
    async with store.unit() as u:
        assert [(n.kind, n.status) for n in await u.nudges.sent_for(person.id)] == [("digest", "unknown")]
        await u.nudges.claim(person.id, "lesson", 1, DUE, 0, DUE, clock.now())  # type: ignore[arg-type]
        action = await u.actions.by_number(person.id, 1)
        await u.nudges.claim(person.id, NudgeKind.CHECKIN, action.id, action.deadline, 0, DUE, clock.now())
    clock.set(DUE + STUCK_AFTER + timedelta(seconds=1))
    with pytest.raises(UnknownKind, match="lesson"):
        await ticker.settle(clock.now())  # the check-in's claim is settled all the same
    assert (await ticker.tick()).outcomes == {"sent": 2}  # and the tick goes on for everyone
    async with store.unit() as u:
        assert {(n.kind, n.status) for n in await u.nudges.sent_for(person.id)} == {
            ("digest", "unknown"), ("lesson", "sending"), ("checkin", "sent")}


def test_every_kind_has_exactly_one_source_and_policy(core):
    from scheduler import Registry

    registry = Registry(core.config)
    assert {k: str(registry.duplicates(k)) for k in NudgeKind} == {
        "reminder": "at_least_once", "checkin": "at_least_once", "followup": "at_least_once",
        "assigned": "at_least_once", "snoozed": "at_least_once", "notice": "at_least_once", "insight": "at_least_once",
        "metric": "at_least_once", "digest": "at_most_once", "coach_digest": "at_most_once",
        "team_digest": "at_most_once", "reks": "at_most_once", "session_prep": "at_least_once",
        "session_agenda": "at_most_once", "session_prod": "at_least_once", "morning": "at_least_once",
        "review": "at_most_once"}
    with pytest.raises(UnknownKind):
        registry.source_of("nonsense")
