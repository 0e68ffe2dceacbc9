"""Nudges end to end: the tick, the ledger and the real Telegram sender against the Bot API stand-in.

People are created through the core; a tick owes them check-ins; the stand-in answers with 429s,
502s and hangs; the assertion is always the same: every nudge arrived exactly once. The manual clock
drives the scheduler (retries wait `RETRY_LATER` of manual time); tenacity's back-off sleep is a
no-op; only PTB's 429 pause, the request timeout of hung sends and the flood-limit pacing take real
time, kept short (the test's 429s ask for 0.05 s; one asks for the real 1 s).
"""
from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from telegram import Bot

from bot.telegram import TelegramAdapter, TelegramSender
from bot.telegram.limits import NO_CHAT_LIMITS, ChatLimits, rate_limiter
from handlers import Address, Core, DeliveryFailed, Reply
from scheduler import Delivery, Ticker
from scheduler.tick import RETRY_LATER
from tests.fakes import FakeTelegram
from tests.support.chat import Person

PEOPLE = 20
DUE = datetime(2026, 11, 24, 17, 0, tzinfo=timezone.utc)  # Tue 17:00 UTC; the conftest clock starts Mon 09:00
FIRST_CHAT = 7001

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # PTB reads RetryAfter's int retry_after


async def _no_sleep(_seconds: float) -> None:
    return None


def chats(n: int = PEOPLE) -> list[int]:
    return [FIRST_CHAT + i for i in range(n)]


def expected(chat: int) -> list[str]:
    i = chat - FIRST_CHAT
    return [f"Did you do #1 Task A{i}? (due Tue 24 Nov, 17:00)", f"Did you do #2 Task B{i}? (due Tue 24 Nov, 17:00)"]


async def two_actions_each(core: Core, n: int = PEOPLE) -> None:
    for chat in chats(n):
        person = Person(core, str(chat))
        i = chat - FIRST_CHAT
        assert "#1" in await person.say(f"/commit Task A{i} tomorrow 5pm")
        assert "#2" in await person.say(f"/commit Task B{i} tomorrow 5pm")


def adapter_for(fake: FakeTelegram, core: Core, store: Any, clock: Any) -> TelegramAdapter:
    # The real adapter and PTB limiter (with 429 retries); pacing raised from 30/s so the test stays quick,
    # and a short request timeout so a hung send costs 1 s (long enough that a slow machine's
    # normal send never times out and is sent twice).
    return TelegramAdapter(core, store, clock, fake.token, fake.base_url, poll_timeout=5, backoff=0.05,
                           request_timeout=1.0, rate_limiter=rate_limiter(max_retries=3, per_second=300))


def ticker_for(store: Any, sender: Any, clock: Any, core: Core, **kw: Any) -> Ticker:
    return Ticker(store, sender, clock, core.config, delivery=Delivery(store, sender, clock, sleep=_no_sleep), **kw)


async def tick_until_settled(ticker: Ticker, clock: Any, rounds: int = 8) -> Counter[str]:
    """Tick; while a send failed, let RETRY_LATER pass (manual time) and tick again."""
    outcomes: Counter[str] = Counter()
    for _ in range(rounds):
        stats = await ticker.tick()
        outcomes.update(stats.outcomes)
        if not stats.outcomes.get("failed"):
            break
        clock.advance(RETRY_LATER + timedelta(seconds=1))
    return outcomes


def delivered(fake: FakeTelegram, chat: int) -> list[str]:
    """Each nudge the chat got; a bundled message ("📋 2 things for you today:") counts for each item."""
    items: list[str] = []
    for text in fake.texts_to(chat):
        if text.startswith("📋"):
            items += [line.split(". ", 1)[1] for line in text.splitlines()[1:]]
        else:
            items.append(text)
    return sorted(items)


@pytest.fixture
async def adapter(fake, core, store, clock):
    a = adapter_for(fake, core, store, clock)
    await a.start()
    yield a
    await a.stop()


async def test_forty_nudges_through_429s_502s_and_timeouts_arrive_exactly_once(fake, adapter, core, store, clock):
    await two_actions_each(core)
    await ticker_for(store, adapter.sender, clock, core).tick()  # Mon 09:00: plans the reminders, sends nothing
    assert fake.calls_of("sendMessage") == []
    fake.fail("sendMessage", "429", retry_after=1)   # one real Telegram-sized pause (PTB waits it out, retries)
    fake.fail("sendMessage", "502", times=2)
    fake.fail("sendMessage", "timeout", hang=2.5)
    fake.fail_at_random("sendMessage", {"429": 0.1, "502": 0.1, "timeout": 0.1}, seed=7, retry_after=0.05, hang=2.5)

    clock.set(DUE)
    ticker = ticker_for(store, adapter.sender, clock, core)
    outcomes = await tick_until_settled(ticker, clock)

    assert outcomes["sent"] == 2 * PEOPLE
    faults = Counter(c.fault for c in fake.calls_of("sendMessage") if c.fault)
    assert faults["429"] >= 2 and faults["502"] >= 3 and faults["timeout"] >= 2, faults
    for chat in chats():
        assert delivered(fake, chat) == expected(chat)   # each once: none lost, none doubled
    fake.fail_at_random("sendMessage", {})
    clock.advance(timedelta(minutes=5))
    assert (await ticker.tick()).outcomes == {}           # nothing more owed until the follow-ups
    assert all(delivered(fake, chat) == expected(chat) for chat in chats())


class Killed(BaseException):
    """kill -9, as far as the ticker can tell: not an Exception, so nothing catches and records it."""


class KilledAfter:
    """Lets `sends` nudges through to the real sender, then the process 'dies': every later send raises
    `Killed` before reaching Telegram, so those claims stay `sending` in the ledger, as after a crash."""

    def __init__(self, inner: TelegramSender, sends: int, jobs: int) -> None:
        self.inner, self.left, self.jobs = inner, sends, jobs
        self.calls, self.inflight = 0, 0
        self.all_in = asyncio.Event()

    async def send(self, to: Address, reply: Reply) -> str:
        self.calls += 1
        try:
            if self.left <= 0:
                raise Killed()
            self.left -= 1
            self.inflight += 1
            try:
                return await self.inner.send(to, reply)
            finally:
                self.inflight -= 1
        finally:
            if self.calls == self.jobs and self.inflight == 0:
                self.all_in.set()


async def test_a_tick_killed_after_claiming_loses_and_doubles_nothing(fake, core, store, clock):
    await two_actions_each(core)
    clock.set(DUE)
    first = adapter_for(fake, core, store, clock)
    await first.start()
    # Each person's two check-ins fall due together: one bundled message each, two claims.
    dying = KilledAfter(first.sender, sends=10, jobs=PEOPLE)
    killed = ticker_for(store, dying, clock, core, concurrency=4)
    with pytest.raises(Killed):
        await killed.tick()
    await asyncio.wait_for(dying.all_in.wait(), 10)   # sends already on the wire finish; the rest died
    await asyncio.wait_for(killed.delivery.settle(), 10)  # what the platform accepted is recorded
    await first.stop()
    async with store.unit() as u:
        states = Counter()
        for chat in chats():
            person = await u.people.find("telegram", str(chat))
            states.update(n.status for n in await u.nudges.sent_for(person.id))
    assert states == {"sent": 20, "sending": 2 * PEOPLE - 20}  # a bundle cut short leaves all its claims
    assert sum(len(fake.texts_to(c)) for c in chats()) == 10

    clock.advance(timedelta(seconds=1))   # the restart: a fresh adapter and ticker over the same database
    second = adapter_for(fake, core, store, clock)
    await second.start()
    try:
        fresh = ticker_for(store, second.sender, clock, core)
        outcomes = await tick_until_settled(fresh, clock)
        assert outcomes["sent"] == 2 * PEOPLE - 20
        assert (await fresh.tick()).outcomes == {}
    finally:
        await second.stop()
    for chat in chats():
        assert delivered(fake, chat) == expected(chat)


async def test_a_blocked_person_stops_getting_nudges_and_the_others_do_not(fake, adapter, core, store, clock):
    people = 6
    await two_actions_each(core, people)
    blocked, *others = chats(people)
    fake.block(blocked)
    clock.set(DUE)
    ticker = ticker_for(store, adapter.sender, clock, core)
    outcomes = await tick_until_settled(ticker, clock)
    assert outcomes == {"sent": 2 * (people - 1), "gone": 2}
    async with store.unit() as u:
        assert (await u.people.find("telegram", str(blocked))).active is False
        assert (await u.people.find("telegram", str(others[0]))).active is True
    tried = len([c for c in fake.calls_of("sendMessage") if str(c.params["chat_id"]) == str(blocked)])
    assert tried == 1  # the two check-ins were one bundled message

    clock.set(datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc))   # the follow-ups, the next morning
    assert (await ticker.tick()).outcomes == {"sent": 2 * (people - 1)}
    assert fake.texts_to(blocked) == []
    assert len([c for c in fake.calls_of("sendMessage") if str(c.params["chat_id"]) == str(blocked)]) == tried
    for chat in others:
        texts = fake.texts_to(chat)  # the check-ins, then the follow-ups: each pair bundled
        assert delivered(fake, chat)[:2] == expected(chat) and len(texts) == 2
        assert texts[1].count("Following up once") == 2


# -- the flood limits themselves -------------------------------------------------------------------

def test_chat_buckets_stay_bounded_with_many_chats() -> None:
    limits = ChatLimits(max_chats=256)
    for chat in range(1, 100_001):
        limits.bucket(chat)
    assert len(limits) == 256
    assert not limits.applies_to(-1001234) and limits.applies_to(42)   # groups are PTB's limiter's
    assert not NO_CHAT_LIMITS.applies_to(42)


async def test_chat_limit_paces_a_busy_chat_but_not_its_neighbours(fake) -> None:
    async with Bot(fake.token, base_url=fake.base_url) as bot:
        sender = TelegramSender(bot, ChatLimits(rate=40, burst=2))
        loop = asyncio.get_running_loop()
        start = loop.time()
        await asyncio.gather(*(sender.send(Address("telegram", "1"), Reply(f"m{i}")) for i in range(6)),
                             sender.send(Address("telegram", "2"), Reply("neighbour")))
        busy = [c.at - start for c in fake.calls_of("sendMessage") if str(c.params["chat_id"]) == "1"]
        other = [c.at - start for c in fake.calls_of("sendMessage") if str(c.params["chat_id"]) == "2"]
    assert len(busy) == 6 and busy[-1] >= (6 - 2) / 40 * 0.9   # two at once, then one per 1/40 s
    assert other[0] < busy[-1]                                 # chat 2 did not queue behind chat 1


async def test_the_stand_in_enforces_flood_limits_with_retry_after() -> None:
    now = [1000.0]
    async with FakeTelegram(enforce_limits=True, now=lambda: now[0]) as fake:
        async with Bot(fake.token, base_url=fake.base_url) as bot:   # no rate limiter: every send is tried
            sender = TelegramSender(bot, NO_CHAT_LIMITS)
            chat = Address("telegram", "1")
            for i in range(13):                       # 1/s plus a burst of 12 in the same instant
                await sender.send(chat, Reply(f"burst {i}"))
            with pytest.raises(DeliveryFailed, match="Retry in 1"):
                await sender.send(chat, Reply("one too many"))
            assert fake.rate_limited == 1 and fake.calls_of("sendMessage")[-1].fault == "flood"
            now[0] += 1.0
            await sender.send(chat, Reply("a second later"))

            now[0] += 5
            refused = 0                               # 30/s overall, plus 5
            for c in range(100, 140):
                try:
                    await sender.send(Address("telegram", str(c)), Reply("hi"))
                except DeliveryFailed:
                    refused += 1
            assert refused == 40 - 35

            now[0] += 10
            held_at_two_per_second = []               # within the second's burst, but not within the minute's
            for i in range(100):
                now[0] += 0.5
                try:
                    await sender.send(Address("telegram", "2"), Reply(f"steady {i}"))
                except DeliveryFailed:
                    held_at_two_per_second.append(i)
            assert held_at_two_per_second and held_at_two_per_second[0] == 72   # 60 + 12 per minute
    assert len(fake.texts_to(1)) == 14 and fake.rate_limited_by["2"] == len(held_at_two_per_second)
