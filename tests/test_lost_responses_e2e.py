"""Lost responses: Telegram took the message but its answer never reached the bot.

Through the real Telegram sender (PTB on aiohttp) against the Bot API stand-in, whose "lost" fault
delivers the message and then hangs the response past the client's read timeout. The policy
(README, "Nudges"): at-most-once kinds (digests) are never sent again after such a failure, and
their claim is kept as `unknown`; at-least-once kinds (check-ins) are retried, so they are never
lost and are doubled exactly where an answer was lost. Replies to what a person said are at least
once, except files (an /export), which are at most once.

Request timeouts are 2 s (a loaded machine's normal send can take a good part of a second) and a
faulty response hangs 4 s. tenacity's back-off sleep is a no-op.
"""
from __future__ import annotations

import asyncio
import socket
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_slack_response import AsyncSlackResponse
from telegram import Bot

from bot.slack import SlackAdapter
from bot.slack.outbound import delivery_error
from bot.telegram import TelegramAdapter, TelegramSender
from bot.telegram.aiohttp_request import AiohttpRequest
from bot.telegram.limits import NO_CHAT_LIMITS, rate_limiter
from handlers import Address, Core, CoreConfig, DeliveryFailed, Reply
from scheduler import Delivery, Ticker
from scheduler.delivery import Job, deliver_all
from scheduler.sources import Duplicates, Registry
from storage import NudgeKind
from tests.fakes import FakeTelegram
from tests.fakes.slack_api import FakeSlack
from tests.support.telegram_harness import USER, Harness

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SENDS = 200
PEOPLE = 20
FIRST_CHAT = 9001
TIMEOUT = 2.0   # the client's request timeouts
HANG = 4.0      # a faulty response hangs longer than that
FAULTS = {"lost": 0.03, "502": 0.03, "timeout": 0.01}
WEEK = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)


async def _no_sleep(_seconds: float) -> None:
    return None


async def senders(fake: FakeTelegram, core: Core, store: Any, clock: Any) -> TelegramAdapter:
    adapter = TelegramAdapter(core, store, clock, fake.token, fake.base_url, poll_timeout=5, backoff=0.05,
                              request_timeout=TIMEOUT, rate_limiter=rate_limiter(max_retries=3, per_second=1000))
    await adapter.start()
    return adapter


async def people(store: Any, clock: Any) -> list[int]:
    ids = []
    async with store.unit() as u:
        for i in range(PEOPLE):
            chat = str(FIRST_CHAT + i)
            person, _ = await u.people.find_or_create("telegram", chat, chat, f"P{i}", clock.now())
            ids.append(person.id)
    return ids


def jobs(kind: NudgeKind, person_ids: list[int]) -> list[Job]:
    """`SENDS` nudges of one kind, spread over the people, each about its own week; `once` as the
    registry declares the kind, as the ticker sets it."""
    once = Registry(CoreConfig()).duplicates(kind) == Duplicates.AT_MOST_ONCE
    out = []
    for i in range(SENDS):
        pid = person_ids[i % PEOPLE]
        anchor = WEEK + timedelta(weeks=i // PEOPLE)
        out.append(Job(pid, Address("telegram", str(FIRST_CHAT + i % PEOPLE)), kind, pid, anchor, 0, anchor,
                       Reply(f"{kind} {i}"), once))
    return out


def copies(fake: FakeTelegram) -> Counter[str]:
    return Counter(t for i in range(PEOPLE) for t in fake.texts_to(FIRST_CHAT + i))


def faulted(fake: FakeTelegram, kind: str) -> Counter[str]:
    """The texts of the sends that met fault `kind`."""
    return Counter(c.params["text"] for c in fake.calls_of("sendMessage") if c.fault == kind)


async def statuses(store: Any, person_ids: list[int]) -> Counter[str]:
    async with store.unit() as u:
        rows = [n for pid in person_ids for n in await u.nudges.sent_for(pid)]
    return Counter(n.status for n in rows)


async def deliver_under_faults(fake: FakeTelegram, core: Core, store: Any, clock: Any,
                               kind: NudgeKind) -> tuple[list[int], Counter[str]]:
    """`SENDS` nudges of `kind` through the real sender while `FAULTS` hit; a claim given back
    (a definite failure on every attempt) is delivered again, as a later tick would."""
    ids = await people(store, clock)
    adapter = await senders(fake, core, store, clock)
    outcomes: Counter[str] = Counter()
    try:
        fake.fail_at_random("sendMessage", FAULTS, seed=11, hang=HANG)
        delivery = Delivery(store, TelegramSender(adapter.sender.bot, NO_CHAT_LIMITS), clock, sleep=_no_sleep)
        todo = jobs(kind, ids)
        for _ in range(5):
            results = await deliver_all(delivery, todo, 32)
            outcomes.update(results)
            todo = [j for j, o in zip(todo, results) if o == "failed"]
            if not todo:
                break
    finally:
        await adapter.stop()
    return ids, outcomes


async def test_digests_are_never_sent_twice_after_lost_responses(fake, core, store, clock):
    ids, outcomes = await deliver_under_faults(fake, core, store, clock, NudgeKind.DIGEST)
    got = copies(fake)
    lost_answers, hung = faulted(fake, "lost"), faulted(fake, "timeout")
    assert sum(lost_answers.values()) >= 3 and sum(faulted(fake, "502").values()) >= 3, fake.calls
    assert max(got.values()) == 1                       # zero duplicates
    assert set(lost_answers) <= set(got)                # accepted, answer lost: it arrived, once
    missing = {f"digest {i}" for i in range(SENDS)} - set(got)
    # Lost: only digests whose request hung before Telegram took it (the bot cannot tell that from
    # a lost answer); a 502 is retried.
    assert missing <= set(hung)
    assert outcomes["unknown"] >= sum(lost_answers.values()) + sum(hung.values())
    assert outcomes["sent"] + outcomes["unknown"] == SENDS
    assert (await statuses(store, ids))["unknown"] == outcomes["unknown"]
    print(f"\n{SENDS} digests, faults {dict(FAULTS)}: {sum(lost_answers.values())} answers lost, "
          f"{sum(hung.values())} requests hung; duplicates 0, not delivered {len(missing)}, "
          f"outcomes {dict(outcomes)}")


async def test_checkins_are_never_lost_and_doubled_only_where_an_answer_was_lost(fake, core, store, clock):
    _, outcomes = await deliver_under_faults(fake, core, store, clock, NudgeKind.CHECKIN)
    got = copies(fake)
    lost_answers = faulted(fake, "lost")
    assert sum(lost_answers.values()) >= 3, fake.calls
    assert set(got) == {f"checkin {i}" for i in range(SENDS)}          # none lost
    for text, n in got.items():                                        # doubled only at a lost answer
        assert n == 1 + lost_answers[text], (text, n)
    assert outcomes["sent"] == SENDS and outcomes["unknown"] == 0
    print(f"\n{SENDS} check-ins, faults {dict(FAULTS)}: {sum(lost_answers.values())} answers lost, "
          f"duplicates {sum(got.values()) - SENDS}, lost 0")


async def test_a_scheduled_digest_whose_answer_was_lost_arrives_once(fake, store, clock):
    tg = Harness(fake, store, clock, request_timeout=TIMEOUT)
    adapter = await tg.start()
    try:
        await tg.say("/tz Berlin")
        await tg.say("/commit Send the report by Wednesday 5pm")
        assert "Fridays at 16:00" in await tg.say("/digest time fri 4pm")
        ticker = Ticker(store, adapter.sender, clock, CoreConfig(default_timezone="UTC"),
                        delivery=Delivery(store, adapter.sender, clock, sleep=_no_sleep))
        fake.fail("sendMessage", "lost", hang=HANG)
        clock.set(datetime(2026, 11, 27, 15, 0, tzinfo=timezone.utc))
        assert (await ticker.tick_digests()).outcomes == {"unknown": 1}
        clock.advance(timedelta(minutes=30))
        assert (await ticker.tick_digests()).outcomes == {}
    finally:
        await tg.stop()
    assert len([t for t in fake.texts_to(USER) if t.startswith("🗓 Your week")]) == 1
    async with store.unit() as u:
        person = await u.people.find("telegram", str(USER))
        assert [(n.kind, n.status) for n in await u.nudges.sent_for(person.id)] == [("digest", "unknown")]


async def test_a_reply_whose_answer_was_lost_still_arrives(fake, store, clock):
    tg = Harness(fake, store, clock, request_timeout=TIMEOUT)
    await tg.start()
    try:
        fake.fail("sendMessage", "lost", hang=HANG)
        update = fake.user_text(USER, "/commit Call Anna by Friday 5pm")
        await tg.wait(update, timeout=HANG + 10)
    finally:
        await tg.stop()
    saved = [t for t in fake.texts_to(USER) if "#1 Call Anna" in t]
    assert len(saved) == 2          # at least once: the lost answer's copy and the retry's
    assert [c.fault for c in fake.calls_of("sendMessage")] == ["lost", None]


async def test_an_export_whose_answer_was_lost_is_not_sent_twice(fake, store, clock):
    tg = Harness(fake, store, clock, request_timeout=TIMEOUT)
    await tg.start()
    try:
        assert "#1" in await tg.say("/commit Call Anna by Friday 5pm")
        fake.fail("sendDocument", "lost", hang=HANG)
        update = fake.user_text(USER, "/export")
        await tg.wait(update, timeout=HANG + 10)
    finally:
        await tg.stop()
    documents = [m for m in fake.messages_to(USER) if m.get("document")]
    assert len(documents) == 1      # at most once for files: it arrived, and is not sent again
    assert [c.fault for c in fake.calls_of("sendDocument")] == ["lost"]


# -- telling an ambiguous failure from a definite one ---------------------------------------------

def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_a_refused_connection_surely_delivered_nothing() -> None:
    request = AiohttpRequest(read_timeout=TIMEOUT, connect_timeout=TIMEOUT, pool_timeout=TIMEOUT)
    bot = Bot("123:T", base_url=f"http://127.0.0.1:{_closed_port()}/bot", request=request)
    await request.initialize()
    try:
        with pytest.raises(DeliveryFailed) as refused:
            await TelegramSender(bot, NO_CHAT_LIMITS).send(Address("telegram", "1"), Reply("hi"))
    finally:
        await request.shutdown()
    assert refused.value.maybe_delivered is False


@pytest.mark.parametrize("fault, maybe", [("502", False), ("429", False), ("lost", True), ("timeout", True),
                                          ("drop", True)])
async def test_each_telegram_failure_says_whether_the_message_may_have_arrived(fake, fault, maybe) -> None:
    request = AiohttpRequest(read_timeout=TIMEOUT, connect_timeout=TIMEOUT, pool_timeout=TIMEOUT)
    async with Bot(fake.token, base_url=fake.base_url, request=request) as bot:
        fake.fail("sendMessage", fault, hang=HANG, retry_after=0)
        with pytest.raises(DeliveryFailed) as failed:
            await TelegramSender(bot, NO_CHAT_LIMITS).send(Address("telegram", "1"), Reply("hi"))
    assert failed.value.maybe_delivered is maybe


async def test_a_failure_after_part_of_a_long_reply_went_out_may_repeat_it(fake) -> None:
    request = AiohttpRequest(read_timeout=TIMEOUT, connect_timeout=TIMEOUT, pool_timeout=TIMEOUT)
    long = Reply("word " * 2000)   # two messages
    async with Bot(fake.token, base_url=fake.base_url, request=request) as bot:
        sender = TelegramSender(bot, NO_CHAT_LIMITS)
        fake.fail("sendMessage", "502")
        with pytest.raises(DeliveryFailed) as first_part:
            await sender.send(Address("telegram", "1"), long)
        fake.fail("sendMessage", "ok")
        fake.fail("sendMessage", "502")
        with pytest.raises(DeliveryFailed) as second_part:
            await sender.send(Address("telegram", "2"), long)
    assert fake.texts_to(1) == [] and first_part.value.maybe_delivered is False   # nothing went out
    assert len(fake.texts_to(2)) == 1 and second_part.value.maybe_delivered is True   # a retry repeats part 1


async def test_a_slack_post_whose_answer_was_lost_is_not_reposted_by_the_client() -> None:
    async with FakeSlack() as fake:
        adapter = SlackAdapter(None, None, None, fake.bot_token, signing_secret="s",  # type: ignore[arg-type]
                               base_url=fake.base_url, per_channel_rate=1000, max_retries=2)
        fake.fail("chat.postMessage", "lost")
        with pytest.raises(DeliveryFailed) as lost:
            await adapter.sender.send(Address("slack", "C0TEAM"), Reply("Team week"))
        assert lost.value.maybe_delivered is True
        assert len(fake.messages) == 1 and len(fake.calls_of("chat.postMessage")) == 1


def _slack_error(status: int, error: str) -> SlackApiError:
    response = AsyncSlackResponse(client=None, http_verb="POST", api_url="u", req_args={},  # type: ignore[arg-type]
                                  data={"ok": False, "error": error}, headers={}, status_code=status)
    return SlackApiError(error, response)


@pytest.mark.parametrize("exc, maybe", [
    (_slack_error(429, "ratelimited"), False),
    (_slack_error(503, "service_unavailable"), False),
    (_slack_error(200, "fatal_error"), True),       # Slack: "some aspect of the operation" may have succeeded
    (_slack_error(500, "internal_error"), False),   # an HTTP 5xx answer: nothing was done
    (aiohttp.ServerDisconnectedError(), True),
    (asyncio.TimeoutError(), True),
    (aiohttp.ClientConnectorError(aiohttp.client_reqrep.ConnectionKey("h", 1, False, True, None, None, None),
                                  ConnectionRefusedError(111, "refused")), False),
])
def test_each_slack_failure_says_whether_the_post_may_have_arrived(exc: Exception, maybe: bool) -> None:
    mapped = delivery_error(exc, "D1")
    assert isinstance(mapped, DeliveryFailed) and mapped.maybe_delivered is maybe
